"""Time every stage of a whole briefing build, and the peak memory, on real news.

Builds one briefing from N PolNeAR texts (read from ../shared at run time, never
copied) and prints seconds per stage and the process's peak resident memory. A
figure to watch, not a test: run it before and after a change. The parse cache is
off unless --vs-parse is given.

    python scripts/bench_build.py                 # the 84 dev texts
    python scripts/bench_build.py --split train --limit 300 --formats html,md,json

--vs-parse measures the build against its floor, in one run: a plain ``nlp.pipe`` of
the same cleaned texts on the same number of processes, then the full build (into an
empty parse cache), then the same build again (everything cached). It prints the
build/parse and rebuild/build ratios, each stage's share, articles per second and the
peak memory of this process and of the parse workers.

    python scripts/bench_build.py --vs-parse --split train --limit 200 --formats html,md,json

--growth times the build (no cache) of the first tenth of the texts, then of all of
them, and prints the growth factor (10 is linear).

--short N builds from N short articles instead: a PolNeAR train text's headline and
one of its paragraphs (of 20 words or more) each, written to a temporary folder at run
time and deleted after. The
stub limit (limits.min_article_words) is lowered to 20 words and the article cap
(limits.max_articles) raised to N for them. With --growth it shows whether time stays
linear in the text; the peak memory line is the figure to hold under 2 GB.

    python scripts/bench_build.py --short 5000 --growth --formats html,md,json

The "parse + analyse articles" step is the parse with what the stages read from each
Doc (its features, statements and candidate sentences; the Doc is dropped after), or,
when cached, the reading of those; "cluster, summaries, tables" is what is left of the
stages, per story.
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
from briefing.parse import load_model, process_count  # noqa: E402
from briefing.pipeline import (assemble_briefing, build_stories, load_articles,  # noqa: E402
                               parse, write_briefing)
from shared_data import SHARED, polnear_texts  # noqa: E402



def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


class Timer:
    """Seconds of each named step, in order."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, float]] = []

    def __call__(self, name, fn, *a, **kw):
        start = time.perf_counter()
        result = fn(*a, **kw)
        self.steps.append((name, time.perf_counter() - start))
        return result

    @property
    def total(self) -> float:
        return sum(seconds for _, seconds in self.steps)

    def print(self, title: str, articles: int) -> None:
        print(f"{title}: {self.total:.2f} s, {articles / self.total:.1f} articles/s")
        for name, seconds in self.steps:
            print(f"  {name:<32} {seconds:7.2f} s  {100 * seconds / self.total:5.1f} %")


def build(files, settings: Settings, formats: list[str], timer: Timer):
    """One whole build, timed step by step; the stories."""
    articles = timer("read + clean", load_articles, files, settings)
    parsed = timer("parse + analyse articles", parse, articles, settings)
    stories = timer("cluster, summaries, tables", build_stories, parsed, settings)
    briefing = timer("rank", assemble_briefing, stories, date(2026, 1, 1), settings)
    with tempfile.TemporaryDirectory() as out:
        timer(f"render {','.join(formats)}", write_briefing, briefing, Path(out), formats,
              settings)
    return articles, stories


def vs_parse(files, settings: Settings, formats: list[str]) -> None:
    nlp = load_model(tuple(settings.parse.models))
    articles = load_articles(files, settings)
    texts = [a.text for a in articles]
    n_process = process_count(settings.parse, len(texts))
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.parse.batch_size, n_process=n_process):
        pass
    plain = time.perf_counter() - start
    print(f"{len(articles)} articles ({sum(map(len, texts)):,} characters), "
          f"{n_process} parse process(es)")
    print(f"plain nlp.pipe: {plain:.2f} s, {len(texts) / plain:.1f} articles/s")
    with tempfile.TemporaryDirectory() as cache_dir:
        settings.parse.cache_dir = cache_dir
        first, again = Timer(), Timer()
        build(files, settings, formats, first)
        first.print("build (empty parse cache)", len(articles))
        build(files, settings, formats, again)
        again.print("rebuild (everything cached)", len(articles))
    print(f"build / plain parse: {first.total / plain:.2f}x")
    print(f"rebuild / build:     {again.total / first.total:.2f}x")


def growth(files, settings: Settings, formats: list[str]) -> None:
    settings.parse.cache_mb = 0
    tenth = files[: max(1, len(files) // 10)]
    build(files[:5], settings, formats, Timer())  # imports and templates load once, untimed
    small, large = Timer(), Timer()
    build(tenth, settings, formats, small)
    small.print(f"{len(tenth)} files", len(tenth))
    build(files, settings, formats, large)
    large.print(f"{len(files)} files", len(files))
    print(f"growth {len(files)}/{len(tenth)} files: {large.total / small.total:.2f}x "
          f"(linear: {len(files) / len(tenth):.0f}x)")
    for (name, before), (_, after) in zip(small.steps, large.steps):
        print(f"  {name:<32} {before:7.2f} s -> {after:7.2f} s  {after / max(before, 1e-9):6.2f}x")


#: shortest paragraph taken as a short article, in words
SHORT_WORDS = 20


def short_articles(count: int, folder: Path) -> list[Path]:
    """``count`` files in ``folder``, each a PolNeAR train text's headline (its first
    paragraph) and one of its body paragraphs, texts and paragraphs in order."""
    files: list[Path] = []
    for source in polnear_texts("train"):
        title, *paragraphs = source.read_text(encoding="utf-8").split("\n\n")
        for paragraph in paragraphs:
            paragraph = " ".join(paragraph.split())
            if len(paragraph.split()) < SHORT_WORDS:
                continue
            if len(files) == count:
                return files
            path = folder / f"short-{len(files):05d}.txt"
            path.write_text(f"{' '.join(title.split())}\n\n{paragraph}\n", encoding="utf-8")
            files.append(path)
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("dev", "train"), default="dev")
    ap.add_argument("--limit", type=int, default=0, help="at most this many texts (0: all)")
    ap.add_argument("--formats", default="html,pdf,md,json")
    ap.add_argument("--processes", type=int, default=None,
                    help="parse processes (default: [parse] processes, 0 = one per CPU)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--vs-parse", action="store_true",
                      help="plain nlp.pipe, then the build, then the rebuild, with ratios")
    mode.add_argument("--growth", action="store_true",
                      help="build a tenth of the texts, then all, and print the factor")
    ap.add_argument("--short", type=int, default=0, metavar="N",
                    help="build from N one-paragraph articles made from PolNeAR train "
                         "paragraphs at run time (instead of --split and --limit)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-short-") as folder:
        return run(args, folder)


def run(args: argparse.Namespace, folder: str) -> int:
    settings = Settings()
    if args.short:
        files = short_articles(args.short, Path(folder))
        settings.limits.min_article_words = SHORT_WORDS
        settings.limits.max_articles = max(settings.limits.max_articles, args.short)
        print(f"{len(files)} short articles (one paragraph each) in {folder}")
    else:
        files = polnear_texts(args.split, args.limit)
    if not files:
        print(f"no PolNeAR {args.split} texts under {SHARED}", file=sys.stderr)
        return 2
    formats = args.formats.split(",")
    if args.processes is not None:
        settings.parse.processes = args.processes
    timer = Timer()
    timer("load model", load_model, tuple(settings.parse.models))
    if args.vs_parse:
        vs_parse(files, settings, formats)
    elif args.growth:
        growth(files, settings, formats)
    else:
        settings.parse.cache_mb = 0
        articles, stories = build(files, settings, formats, timer)
        print(f"{len(files)} files -> {len(articles)} articles "
              f"({sum(len(a.text) for a in articles):,} characters), {len(stories)} stories, "
              f"{sum(len(s.quotes) for s in stories)} table rows")
        timer.print("total", len(articles))
    print(f"peak memory: {peak_mb():.0f} MB (this process), "
          f"{peak_mb(resource.RUSAGE_CHILDREN):.0f} MB (largest parse worker)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
