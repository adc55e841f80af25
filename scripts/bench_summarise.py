#!/usr/bin/env python3
"""Time the summarise stage on one story of 10, 100 and 400 articles (parse excluded).

Usage:
    bench_summarise.py [--folder DIR] [--sizes 10,100,400] [--algorithm lexrank]

Articles are PolNeAR texts read at run time from the shared evaluation folder (first
line = title, rest = body); they are parsed once, then each size is summarised as a
single cluster. Target: 100 articles within 2 s.
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.config import SummarySettings  # noqa: E402
from briefing.parse import parse_articles  # noqa: E402
from briefing.records import Article, Cluster  # noqa: E402
from briefing.summarise import summarise_cluster  # noqa: E402

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear" / "train" / "text"


def read_articles(folder: Path, count: int) -> list[Article]:
    articles = []
    for path in sorted(folder.glob("*.txt"))[:count]:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        title, _, body = text.partition("\n")
        articles.append(Article(id=path.stem, path=str(path), title=title.strip(), body=body.strip()))
    return articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--sizes", default="10,100,400")
    parser.add_argument("--algorithm", default=SummarySettings().algorithm)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    articles = read_articles(args.folder, max(sizes))
    if not articles:
        print(f"no .txt articles in {args.folder}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    parsed = parse_articles(articles)
    print(f"parsed {len(parsed)} articles in {time.perf_counter() - started:.1f} s (not counted)")
    settings = replace(SummarySettings(), algorithm=args.algorithm)
    for size in sizes:
        cluster = Cluster(id=f"bench-{size}", articles=parsed[:size])
        started = time.perf_counter()
        summary = summarise_cluster(cluster, settings)
        elapsed = time.perf_counter() - started
        print(f"{args.algorithm}: {min(size, len(parsed)):>4} articles -> {len(summary)} sentences "
              f"in {elapsed:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
