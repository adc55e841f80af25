"""Time every stage of a whole briefing build, and the peak memory, on real news.

Builds one briefing from N PolNeAR texts (read from ../shared at run time, never
copied) and prints seconds per stage and the process's peak resident memory. A
figure to watch, not a test: run it before and after a change.

    python scripts/bench_build.py                 # the 84 dev texts
    python scripts/bench_build.py --split train --limit 300 --formats html,md,json
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefing.config import Settings  # noqa: E402
from briefing.parse import load_model  # noqa: E402
from briefing.pipeline import (assemble_briefing, build_stories, load_articles,  # noqa: E402
                               parse, write_briefing)

SHARED = Path(__file__).resolve().parents[2] / "shared"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "train"), default="dev")
    ap.add_argument("--limit", type=int, default=0, help="at most this many texts (0: all)")
    ap.add_argument("--formats", default="html,pdf,md,json")
    args = ap.parse_args()
    folder = SHARED / "eval" / "polnear" / args.split / "text"
    if not folder.is_dir():
        print(f"no texts at {folder}", file=sys.stderr)
        return 2
    files = sorted(folder.glob("*.txt"))[: args.limit or None]
    settings = Settings()
    timings: list[tuple[str, float]] = []

    def timed(name, fn, *a, **kw):
        start = time.perf_counter()
        result = fn(*a, **kw)
        timings.append((name, time.perf_counter() - start))
        return result

    timed("load model", load_model, tuple(settings.parse.models))
    articles = timed("read + clean", load_articles, files, settings)
    parsed = timed("parse", parse, articles, settings)
    stories = timed("cluster + quotes + summarise", build_stories, parsed, settings)
    briefing = assemble_briefing(stories, date(2026, 1, 1), settings)
    with tempfile.TemporaryDirectory() as out:
        timed(f"render {args.formats}", write_briefing, briefing, Path(out),
              args.formats.split(","), settings)
    chars = sum(len(a.text) for a in articles)
    print(f"{len(files)} files -> {len(articles)} articles ({chars:,} characters), "
          f"{len(stories)} stories, {sum(len(s.quotes) for s in stories)} table rows")
    for name, seconds in timings:
        print(f"  {name:<32} {seconds:7.2f} s")
    print(f"  {'total':<32} {sum(s for _, s in timings):7.2f} s")
    print(f"peak memory: {peak_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
