"""Command line: ``briefing build | quotes | cluster | collect | schedule | init``.

Kept apart from the library. Settings come from ``--config FILE``, else ``briefing.toml``
in the current folder when there is one, else the defaults.
"""
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
from .collector import collect
from .config import OUTPUT_FORMATS, ConfigError, Settings, load_settings
from .deliver import channels
from .parse import ModelNotFound
from .pipeline import (build_briefing, build_from_store, cluster_paths, deliver_briefing,
                       quotes_for_paths, write_briefing)
from .records import Progress
from .safe_text import SafeLogFilter, display_text, safe_json, shown
from .store import Store, StoreError

#: read when --config is not given and it exists in the current folder
DEFAULT_CONFIG = Path("briefing.toml")


def _date(value: str) -> Date:
    try:
        return Date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def _formats(value: str) -> list[str]:
    chosen = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in OUTPUT_FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format(s) {', '.join(unknown) or '(none)'}; "
            f"choose from {','.join(OUTPUT_FORMATS)}")
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
                        help="TOML settings file (default: ./briefing.toml when it exists; "
                             "defaults are used for anything it omits)")
    common.add_argument("-v", "--verbose", action="store_true",
                        help="log each step in detail (and the encoding of each file "
                             "not in UTF-8)")
    inputs = argparse.ArgumentParser(add_help=False)
    inputs.add_argument("--follow-symlinks", action="store_true",
                        help="read files in an input folder that are symbolic links to "
                             "places outside it (skipped with a warning by default)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser(
        "build", parents=[common, inputs], help="write a briefing (HTML, PDF, Markdown, JSON)",
        description="Build a briefing from article files and folders, or with --since from "
                    "the articles collected into the store, and write "
                    "OUT/DATE/briefing.{html,pdf,md,json}. Stories are ranked by importance: "
                    "the top ones make the front page (a few sentences and key voices each), "
                    "every other story gets a line, and the full record follows.",
        epilog="Inputs: .txt and .md pages (page furniture is removed), .html pages, and "
               ".json/.jsonl objects with title, text and optional url, publisher, published. "
               "Stubs and platform notices (under limits.min_article_words) are left out "
               "and listed. Formats: html (everything), pdf (PDF/A-3b: front pages, then the "
               "leading stories in full, the whole record attached), md (the front page, "
               "for chat), json (everything, with ranks), email (briefing.email.html and "
               ".txt: exactly what --deliver sends).")
    build.add_argument("paths", nargs="*", metavar="PATH",
                       help="article files or folders (default: seeds/)")
    build.add_argument("--since", metavar="WHEN",
                       help="build from the store instead: articles no earlier briefing "
                            "included, collected since WHEN: 'last' (the last briefing), a "
                            "duration such as 24h, 90m or 2d, or an ISO date")
    build.add_argument("--out", type=Path, metavar="DIR",
                       help="output folder; files go to DIR/DATE/ (default: the config's "
                            "render.out_dir, out/ out of the box)")
    build.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                       help="the briefing's date (default: today)")
    build.add_argument("--formats", type=_formats, metavar="LIST",
                       help=f"comma-separated subset of {','.join(OUTPUT_FORMATS)} "
                            "(default: the config's; html,pdf,md,json out of the box)")
    build.add_argument("--deliver", action="store_true",
                       help="then send it to every [[delivery.email]] and [[delivery.webhook]] "
                            "target of the config (email with the PDF attached; a chat digest "
                            "to Slack, Mattermost, Discord or Teams)")

    quotes = sub.add_parser(
        "quotes", parents=[common, inputs], help="list who said what in each article",
        description="Find attributed statements (direct quotes and reported speech) with "
                    "their speakers. Offsets are character offsets into each file's text.")
    quotes.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    quotes.add_argument("--json", action="store_true",
                        help="print one JSON object mapping each input path to its quotes")

    cluster = sub.add_parser(
        "cluster", parents=[common, inputs], help="group articles into stories",
        description="Group the articles that report the same event, as `build` does.")
    cluster.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    cluster.add_argument("--json", action="store_true",
                         help='print {"clusters": [{"id", "articles": [path, ...]}]}')

    sub.add_parser(
        "collect", parents=[common], help="read the configured sources once into the store",
        description="Poll every feed (conditional GET), note new pages, read local folders, "
                    "and fetch and extract every article page not read yet. Failures are "
                    "logged and the rest carries on.")
    sub.add_parser(
        "schedule", parents=[common], help="collect and build on the configured schedule",
        description="Run in the foreground: collect every schedule.collect_every_minutes, "
                    "build at schedule.build_cron in schedule.timezone. Stop with Ctrl-C "
                    "or SIGTERM.")
    init = sub.add_parser(
        "init", help="write a commented example briefing.toml",
        description="Write a commented example configuration to start from.")
    init.add_argument("file", nargs="?", type=Path, default=DEFAULT_CONFIG, metavar="FILE",
                      help="where to write it (default: briefing.toml)")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    return parser


_console = None


def _terminal_console():
    """One rich console on stderr, shared by the spinner and the log lines, or None when
    stderr is not a terminal (then plain log lines only)."""
    global _console
    if _console is None and sys.stderr.isatty():
        from rich.console import Console
        _console = Console(stderr=True)
    return _console


@contextmanager
def _progress(enabled: bool) -> Iterator[Progress]:
    """A spinner on a terminal, log lines otherwise; always on stderr."""
    console = _terminal_console()
    if enabled and console is not None:
        with console.status("starting") as status:
            yield lambda step: status.update(step)
    else:
        log = logging.getLogger("briefing")
        yield lambda step: log.info(step)


def _cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    formats = args.formats or settings.render.formats
    if args.deliver and not channels(settings.delivery):
        raise ValueError("--deliver: the config names no delivery target; add a "
                         "[[delivery.email]] or [[delivery.webhook]] table (see `briefing init`)")
    out = args.out or Path(settings.render.out_dir)
    if args.since is not None:
        if args.paths:
            raise ValueError("give either PATH ... or --since, not both")
        with Store.open(settings.store) as store, _progress(True) as progress:
            built = build_from_store(settings, store, args.since, args.date, out, formats,
                                     progress)
        if built is None:
            print(f"Nothing new in the store since {args.since}; no briefing written")
            return 0
        briefing, written = built.briefing, built.written
    else:
        with _progress(True) as progress:
            briefing = build_briefing(args.paths or ["seeds"], settings, args.date, progress)
            written = write_briefing(briefing, out, formats, settings, progress)
    print(f"Briefing for {briefing.date}: {len(briefing.stories)} stories from "
          f"{len(briefing.articles)} articles")
    for path in written.values():
        print(f"  {path}")
    if not args.deliver:
        return 0
    with _progress(True) as progress:
        report = deliver_briefing(briefing, written, settings, progress)
    for name in report.delivered:
        print(f"Delivered: {name}")
    for name, reason in report.failed.items():
        print(f"NOT delivered: {name}: {reason}", file=sys.stderr)
    return 0 if report.ok else 1


def _cmd_quotes(args: argparse.Namespace, settings: Settings) -> int:
    with _progress(not args.json) as progress:
        found = quotes_for_paths(args.paths, settings, progress)
    if args.json:
        print(safe_json(json.dumps(found, ensure_ascii=False, indent=1)))
        return 0
    for path, quotes in found.items():
        print(f"{shown(path)}: {len(quotes)} statement(s)")
        for q in quotes:
            role = f" ({_line(q['role'])})" if q["role"] else ""
            print(f"  {_line(q['speaker'])}{role} [{q['kind']}, {_line(q['cue'])}]: "
                  f"{_line(q['text'])}")
    return 0


def _line(text: str) -> str:
    """Article text as one line a terminal shows as it is (no escapes, no bidi)."""
    return " ".join(display_text(text).split())


def _cmd_cluster(args: argparse.Namespace, settings: Settings) -> int:
    with _progress(not args.json) as progress:
        clusters = cluster_paths(args.paths, settings, progress)
    if args.json:
        doc = {"clusters": [{"id": c.id, "articles": [p.article.path for p in c.articles]}
                            for c in clusters]}
        print(safe_json(json.dumps(doc, ensure_ascii=False, indent=1)))
        return 0
    for c in clusters:
        print(f"{shown(c.id)}: {_line(c.headline)}")
        for p in c.articles:
            print(f"  - {_line(p.article.title)}  ({shown(p.article.path)})")
    return 0


def _require_sources(settings: Settings) -> None:
    if not settings.sources:
        raise ConfigError("no [[sources]] configured; `briefing init` writes an example "
                          "briefing.toml to start from")


def _cmd_collect(args: argparse.Namespace, settings: Settings) -> int:
    _require_sources(settings)
    with Store.open(settings.store) as store, _progress(True) as progress:
        report = collect(settings, store, progress)
    print(f"Collected: {report}")
    return 0


def _cmd_schedule(args: argparse.Namespace, settings: Settings) -> int:
    _require_sources(settings)
    from .schedule import run_foreground  # APScheduler is only needed here

    with Store.open(settings.store) as store:
        return run_foreground(settings, store)


def _cmd_init(args: argparse.Namespace) -> int:
    from .example_config import EXAMPLE_CONFIG

    if args.file.exists() and not args.force:
        raise ValueError(f"{args.file} exists; use --force to overwrite it")
    args.file.write_text(EXAMPLE_CONFIG, encoding="utf-8")
    print(f"Wrote {args.file}: edit [[sources]], then run `briefing collect --config "
          f"{args.file}` and `briefing build --since last --config {args.file}`")
    return 0


def _config_path(args: argparse.Namespace) -> Path | None:
    if getattr(args, "config", None) is not None:
        return args.config
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


COMMANDS = {"build": _cmd_build, "quotes": _cmd_quotes, "cluster": _cmd_cluster,
            "collect": _cmd_collect, "schedule": _cmd_schedule}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    verbose = getattr(args, "verbose", False)
    console = _terminal_console()
    if console is not None:
        from rich.logging import RichHandler
        logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                            format="%(message)s", datefmt="[%X]",
                            handlers=[RichHandler(console=console, show_path=False)])
    else:
        logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                            format="briefing: %(levelname)s: %(message)s", stream=sys.stderr)
    for handler in logging.getLogger().handlers:  # file names and titles are untrusted
        if not any(isinstance(f, SafeLogFilter) for f in handler.filters):
            handler.addFilter(SafeLogFilter())
    if not verbose:
        for noisy in ("trafilatura", "htmldate", "fontTools", "weasyprint"):
            logging.getLogger(noisy).setLevel(logging.ERROR)
        for chatty in ("httpx", "httpcore", "apscheduler"):  # a line per request or job
            logging.getLogger(chatty).setLevel(logging.WARNING)
    try:
        if args.command == "init":
            return _cmd_init(args)
        settings = load_settings(_config_path(args))
        settings.limits.follow_symlinks |= getattr(args, "follow_symlinks", False)
        return COMMANDS[args.command](args, settings)
    except (ConfigError, FileNotFoundError, ModelNotFound, StoreError, ValueError) as exc:
        parser.exit(2, f"briefing: error: {shown(exc)}\n")
    except KeyboardInterrupt:
        parser.exit(130, "briefing: interrupted\n")
