#!/usr/bin/env python3
"""Time the summarise stage on one story of 10, 100 and 400 articles (parse excluded).

Usage:
    bench_summarise.py [--folder DIR] [--sizes 10,100,400] [--algorithms lexrank|all|a,b]
                       [--repeat 3]

Articles are PolNeAR texts read at run time from the shared evaluation folder (first
line = title, rest = body; the date in the file name becomes the publication date).
They are parsed once (time reported, not counted); then each size is summarised as a
single cluster and the best of ``--repeat`` runs is printed. Targets: 100 articles in
2 s or less, and 400 articles at most 5 times the 100-article time.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.config import SummarySettings  # noqa: E402
from briefing.parse import parse_articles  # noqa: E402
from briefing.records import Article, Cluster  # noqa: E402
from briefing.summarise import SUMMARIZERS, summarise_cluster  # noqa: E402

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "polnear" / "train" / "text"
_DATE = re.compile(r"_(\d{4}-\d{2}-\d{2})_")


def read_articles(folder: Path, count: int) -> list[Article]:
    articles = []
    for path in sorted(folder.glob("*.txt"))[:count]:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        title, _, body = text.partition("\n")
        found = _DATE.search(path.name)
        published = datetime.strptime(found.group(1), "%Y-%m-%d") if found else None
        articles.append(Article(id=path.stem, path=str(path), title=title.strip(),
                                body=body.strip(), published=published))
    return articles


def best_time(cluster: Cluster, settings: SummarySettings, repeat: int) -> tuple[float, int]:
    times, length = [], 0
    for _ in range(max(repeat, 1)):
        started = time.perf_counter()
        length = len(summarise_cluster(cluster, settings))
        times.append(time.perf_counter() - started)
    return min(times), length


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--sizes", default="10,100,400")
    parser.add_argument("--algorithms", default=SummarySettings().algorithm,
                        help="comma-separated names, or 'all'")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    algorithms = list(SUMMARIZERS) if args.algorithms == "all" else args.algorithms.split(",")
    articles = read_articles(args.folder, max(sizes))
    if not articles:
        print(f"no .txt articles in {args.folder}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    parsed = parse_articles(articles)
    print(f"parsed {len(parsed)} articles in {time.perf_counter() - started:.1f} s (not counted)")
    for algorithm in algorithms:
        settings = replace(SummarySettings(), algorithm=algorithm)
        timings = {}
        for size in sizes:
            cluster = Cluster(id=f"bench-{size}", articles=parsed[:size])
            timings[size], length = best_time(cluster, settings, args.repeat)
            print(f"{algorithm:>8}: {len(cluster.articles):>4} articles -> {length} sentences "
                  f"in {timings[size]:.3f} s")
        if 100 in timings and 400 in timings and timings[100] > 0:
            verdict = "ok" if timings[100] <= 2 and timings[400] / timings[100] <= 5 else "MISSED"
            print(f"{algorithm:>8}: 400/100 growth {timings[400] / timings[100]:.1f}x "
                  f"(targets: 100 <= 2 s, growth <= 5x) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
