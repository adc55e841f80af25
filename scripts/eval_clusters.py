#!/usr/bin/env python3
"""Score the cluster stage on the SemEval-2022 task 8 same-story pairs, across thresholds.

Usage:
    eval_clusters.py [--data DIR] [--out FILE (default: TMPDIR/briefing-clusters.json)] [--thresholds 0.2,0.25,...]
                     [--entity-weight W] [--title-weight W] [--target 0.94]

Articles are built straight from the JSON files (title, body = text, published), parsed
once, clustered at every threshold, and each clustering is scored with the shared
scorer; the clustering at the configured default threshold is written to ``--out``.
A single best threshold means little on 35 pairs: read the whole column, and the
plateau printed last (the thresholds meeting the target with no cluster over a fifth
of the articles).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.cluster import cluster_articles  # noqa: E402
from briefing.config import ClusterSettings  # noqa: E402
from briefing.parse import load_model  # noqa: E402
from briefing.records import Article, ParsedArticle  # noqa: E402

SHARED_EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def load_articles(folder: Path) -> list[Article]:
    articles = []
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        published = None
        if record.get("published"):
            try:
                published = datetime.fromisoformat(record["published"])
            except ValueError:
                published = None
        articles.append(Article(id=path.stem, path=str(path), title=(record.get("title") or "").strip(),
                                body=(record.get("text") or "").strip(),
                                publisher=record.get("publisher"), url=record.get("url"),
                                published=published))
    return articles


def score(pairs: Path, clusters: dict) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(clusters, handle)
    result = subprocess.run([sys.executable, str(SHARED_EVAL / "score_clusters.py"), str(pairs),
                             handle.name, "--json"], capture_output=True, text=True, check=True)
    Path(handle.name).unlink()
    return json.loads(result.stdout)


def as_json(clusters) -> dict:
    return {"clusters": [{"id": c.id, "articles": [p.article.path for p in c.articles]}
                         for c in clusters]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED_EVAL / "semeval8-dev")
    parser.add_argument("--out", type=Path,
                        default=Path(tempfile.gettempdir()) / "briefing-clusters.json")
    parser.add_argument("--thresholds", default=",".join(f"{t / 100:.2f}" for t in range(10, 51, 2)))
    parser.add_argument("--target", type=float, default=0.94,
                        help="accuracy and same-story F1 a plateau threshold must reach")
    parser.add_argument("--entity-weight", type=float, default=None)
    parser.add_argument("--title-weight", type=float, default=None)
    args = parser.parse_args()

    defaults = ClusterSettings()
    settings = replace(defaults,
                       entity_weight=defaults.entity_weight if args.entity_weight is None else args.entity_weight,
                       title_weight=defaults.title_weight if args.title_weight is None else args.title_weight)
    articles = load_articles(args.data / "articles")
    nlp = load_model()
    parsed = [ParsedArticle(a, d) for a, d in zip(articles, nlp.pipe(a.text for a in articles))]
    pairs = args.data / "pairs.json"

    print(f"{len(articles)} articles; entity_weight={settings.entity_weight} "
          f"title_weight={settings.title_weight}")
    print(f"{'threshold':>9} {'accuracy':>8} {'same_f1':>7} {'prec':>5} {'rec':>5} "
          f"{'clusters':>8} {'largest':>7}")
    thresholds = [float(t) for t in args.thresholds.split(",")]
    plateau = []
    for threshold in sorted(set(thresholds) | {defaults.threshold}):
        clusters = cluster_articles(parsed, replace(settings, threshold=threshold))
        result = score(pairs, as_json(clusters))
        mark = "  <- default" if threshold == defaults.threshold else ""
        print(f"{threshold:>9.3f} {result['accuracy']:>8.3f} {result['same_f1']:>7.3f} "
              f"{result['same_precision']:>5.2f} {result['same_recall']:>5.2f} "
              f"{result['clusters']:>8} {result['largest_cluster']:>7}{mark}")
        if (result["accuracy"] >= args.target and result["same_f1"] >= args.target
                and result["largest_cluster"] <= len(articles) / 5):
            plateau.append(threshold)
        if threshold == defaults.threshold:
            args.out.write_text(json.dumps(as_json(clusters), indent=1), encoding="utf-8")
            for cluster in clusters:
                if len(cluster.articles) > 1:
                    print(f"{'':>9} {cluster.id}: {cluster.headline[:70]!r} "
                          f"({len(cluster.articles)} articles)")
    if plateau:
        print(f"meets {args.target} with no cluster over a fifth: {min(plateau):.3f} to {max(plateau):.3f} ({len(plateau)} of the thresholds tried)")
    else:
        print(f"no threshold meets {args.target}")
    print(f"default clustering written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
