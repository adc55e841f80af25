"""Command line: ``briefing build | quotes | cluster``. Kept apart from the library."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date as Date
from pathlib import Path

from . import __version__
from .config import ConfigError, Settings, load_settings
from .parse import ModelNotFound
from .pipeline import Progress, build_briefing, cluster_paths, quotes_for_paths, write_briefing

FORMATS = ("html", "pdf", "md", "json")


def _date(value: str) -> Date:
    try:
        return Date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def _formats(value: str) -> list[str]:
    chosen = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format(s) {', '.join(unknown) or '(none)'}; choose from {','.join(FORMATS)}")
    return list(dict.fromkeys(chosen))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Offline daily news briefing: reads articles, groups them into stories, "
                    "summarises each story with sentences quoted verbatim from its sources, "
                    "and lists who said what.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE", type=Path,
                        help="TOML settings file (defaults are used for anything it omits)")
    common.add_argument("-v", "--verbose", action="store_true", help="log each step in detail")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser(
        "build", parents=[common], help="write a briefing (HTML, PDF, Markdown, JSON)",
        description="Build a briefing from article files and folders and write "
                    "OUT/DATE/briefing.{html,pdf,md,json}.",
        epilog="Inputs: .txt and .md pages (page furniture is removed), .html pages, and "
               ".json/.jsonl objects with title, text and optional url, publisher, published.")
    build.add_argument("paths", nargs="*", default=["seeds"], metavar="PATH",
                       help="article files or folders (default: seeds/)")
    build.add_argument("--out", type=Path, default=Path("out"), metavar="DIR",
                       help="output folder; files go to DIR/DATE/ (default: out/)")
    build.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                       help="the briefing's date (default: today)")
    build.add_argument("--formats", type=_formats, metavar="LIST",
                       help=f"comma-separated subset of {','.join(FORMATS)} "
                            "(default: the config's, all four out of the box)")

    quotes = sub.add_parser(
        "quotes", parents=[common], help="list who said what in each article",
        description="Find attributed statements (direct quotes and reported speech) with "
                    "their speakers. Offsets are character offsets into each file's text.")
    quotes.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    quotes.add_argument("--json", action="store_true",
                        help="print one JSON object mapping each input path to its quotes")

    cluster = sub.add_parser(
        "cluster", parents=[common], help="group articles into stories",
        description="Group the articles that report the same event, as `build` does.")
    cluster.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    cluster.add_argument("--json", action="store_true",
                         help='print {"clusters": [{"id", "articles": [path, ...]}]}')
    return parser


@contextmanager
def _progress(enabled: bool) -> Iterator[Progress]:
    """A spinner on a terminal, log lines otherwise; always on stderr."""
    if enabled and sys.stderr.isatty():
        from rich.console import Console
        with Console(stderr=True).status("starting") as status:
            yield lambda step: status.update(step)
    else:
        log = logging.getLogger("briefing")
        yield lambda step: log.info(step)


def _cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    formats = args.formats or settings.render.formats
    with _progress(True) as progress:
        briefing = build_briefing(args.paths, settings, args.date, progress)
        written = write_briefing(briefing, args.out, formats, settings, progress)
    print(f"Briefing for {briefing.date}: {len(briefing.stories)} stories from "
          f"{len(briefing.articles)} articles")
    for path in written.values():
        print(f"  {path}")
    return 0


def _cmd_quotes(args: argparse.Namespace, settings: Settings) -> int:
    with _progress(not args.json) as progress:
        found = quotes_for_paths(args.paths, settings, progress)
    if args.json:
        json.dump(found, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for path, quotes in found.items():
        print(f"{path}: {len(quotes)} statement(s)")
        for q in quotes:
            role = f" ({q['role']})" if q["role"] else ""
            print(f"  {q['speaker']}{role} [{q['kind']}, {q['cue']}]: {q['text']}")
    return 0


def _cmd_cluster(args: argparse.Namespace, settings: Settings) -> int:
    with _progress(not args.json) as progress:
        clusters = cluster_paths(args.paths, settings, progress)
    if args.json:
        doc = {"clusters": [{"id": c.id, "articles": [p.article.path for p in c.articles]}
                            for c in clusters]}
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for c in clusters:
        print(f"{c.id}: {c.headline}")
        for p in c.articles:
            print(f"  - {p.article.title}  ({p.article.path})")
    return 0


COMMANDS = {"build": _cmd_build, "quotes": _cmd_quotes, "cluster": _cmd_cluster}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="briefing: %(levelname)s: %(message)s", stream=sys.stderr)
    if not args.verbose:
        for noisy in ("trafilatura", "htmldate", "fontTools", "weasyprint"):
            logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        settings = load_settings(args.config)
        return COMMANDS[args.command](args, settings)
    except (ConfigError, FileNotFoundError, ModelNotFound, ValueError) as exc:
        parser.exit(2, f"briefing: error: {exc}\n")
    except KeyboardInterrupt:
        parser.exit(130, "briefing: interrupted\n")
