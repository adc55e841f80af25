"""Command line: ``briefing build | deliver | check | store | quotes | cluster | summarise |
collect | retry | status | sources | schedule | init``.

Kept apart from the library. Settings come from ``--config FILE``, else ``briefing.toml``
in the current folder when there is one, else the defaults. Exit codes tell cron the
truth (:data:`EXIT_CODES`); every failure is one line naming the file or key.
"""
from __future__ import annotations

import argparse
import difflib
import json
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from datetime import date as Date
from pathlib import Path

from sqlalchemy.exc import DatabaseError

from . import __version__
from .collector import collect, folder_problem, retry
from .config import OUTPUT_FORMATS, ConfigError, Settings, load_settings
from .deliver import DeliveryReport, EmailChannel, channels, check_targets, send_due
from .editions import DiskFull, OutDirError, check_out_dir, remove_made_folders
from .locks import LockHeld, LockPlaceError, out_dir_lock
from .records import CountedProgress
from .safe_text import SafeLogFilter, display_text, safe_json, shown
from .times import clock_text
from .urls import without_tracking
from .store import Outbox, Store, StoreError, damaged_store_error, database_url
from .words import count_of

#: the exit statuses of build, collect, retry, status, sources, deliver, check and schedule
EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_NOTHING = 0, 1, 2, 3
#: the output's reader went away (``| head``), as a shell reports a SIGPIPE death
EXIT_SIGPIPE = 141
#: stopped by Ctrl-C or SIGTERM, as a shell reports a death by that signal
EXIT_INTERRUPTED, EXIT_TERMINATED = 128 + signal.SIGINT, 128 + signal.SIGTERM

EXIT_CODES = """\
exit status (build, collect, retry, status, sources, deliver, check, schedule, store):
  0  all good
  1  done, with failures: some source, page, input file or delivery target failed
     (an input that cannot be read, malformed JSON), or a feed was read only in part
     (logged; deliver --retry: also while a failed delivery waits for its next try);
     for check: some check FAILed (an unset variable, a server that does not answer)
  2  usage or configuration error: a wrong option or setting, an unset environment
     variable, no usable delivery target, an output folder that cannot be written,
     no [[sources]] to collect (collect, schedule; build --since from an empty store)
  3  nothing could be done: every source failed, every input was rejected, the store
     or output folder is in use by another process, the disk is full, the store is
     damaged (see "When something goes wrong" in the README)
  130 / 143  stopped by Ctrl-C / SIGTERM: one line says so, nothing more is started
     and the locks are released (schedule: the first lets the running job finish,
     then exits 0 or 1; a second stops at once)
  141  the output's reader stopped reading (`| head`)"""

#: what each command's --help says of the exit status; ``briefing --help`` has it in full
EXIT_CODES_IN_SHORT = """\
exit status: 0 all good; 1 done, with failures; 2 usage or configuration error;
  3 nothing could be done; 130 / 143 Ctrl-C / SIGTERM; 141 the reader stopped reading
  (`briefing --help` says what each means)"""

#: the top-level --help's first steps, from nothing to a briefing a day
GETTING_STARTED = """\
getting started:
  briefing build FOLDER            a briefing of the article files at hand, into out/
  briefing init                    write briefing.toml; uncomment [[sources]] (feeds,
                                   pages, folders) and [[delivery...]] targets in it
  briefing collect                 read the sources into the store (cron: every 30 min)
  briefing build --since last      a briefing of what is new since the last one
  briefing check                   before the first delivery: is every target usable?
  briefing schedule                or let it collect and build on the configured times
"""

#: how long `briefing check` waits for a delivery server to accept a connection
CHECK_CONNECT_SECONDS = 5.0

#: read when --config is not given and it exists in the current folder
DEFAULT_CONFIG = Path("briefing.toml")
#: built from when `briefing build` is given neither PATH nor --since
DEFAULT_INPUT = Path("seeds")


def _date(value: str) -> Date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}")
    try:
        return Date.fromisoformat(value)
    except ValueError as exc:  # "2026-13-01": the form, but no such day
        raise argparse.ArgumentTypeError(f"no such day: {value!r} ({exc})") from None


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86400:
        raise argparse.ArgumentTypeError(f"must be a number of seconds from 0 to 86400, "
                                         f"got {value!r}")
    return seconds


def _formats(value: str) -> list[str]:
    chosen = [f.strip().lower() for f in value.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in OUTPUT_FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format(s) {', '.join(unknown) or '(none)'}; "
            f"choose from {','.join(OUTPUT_FORMATS)}")
    return list(dict.fromkeys(chosen))


class _HelpFormatter(argparse.HelpFormatter):
    """Wraps descriptions as usual, but keeps the exit-status and getting-started tables
    as they are laid out."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n\n".join(part if part.startswith(("exit status", "getting started")) else
                           super(_HelpFormatter, self)._fill_text(part, width, indent)
                           for part in text.split("\n\n"))


#: how alike a mistyped option and a real one must be to be named ("--sinse" and
#: "--since" 0.86; "--bogus" and "--out" 0.67 are no slip of the finger)
OPTION_LIKENESS = 0.75


class _CommandParser(argparse.ArgumentParser):
    """A command's parser (``build``, ``store backup`` ...): an argument it does not know
    is its own usage error, shown with its usage, as its other errors are; argparse
    would hand it up to ``briefing``'s, whose usage names no option of the command."""

    def parse_known_args(self, args: Sequence[str] | None = None,
                         namespace: argparse.Namespace | None = None,
                         ) -> tuple[argparse.Namespace, list[str]]:
        namespace, extras = super().parse_known_args(args, namespace)
        if extras:
            options = [o for o in self._option_string_actions if o.startswith("--")]
            close = next((difflib.get_close_matches(e.split("=", 1)[0], options, n=1,
                                                    cutoff=OPTION_LIKENESS)
                          for e in extras if e.startswith("--")), [])
            self.error(f"unrecognized arguments: {' '.join(extras)}"
                       + (f"; did you mean {close[0]}?" if close else ""))
        return namespace, extras


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing", formatter_class=_HelpFormatter,
        description="Offline daily news briefing: reads articles, groups them into stories, "
                    "summarises each story with sentences quoted verbatim from its sources, "
                    "and lists who said what.", epilog=GETTING_STARTED + "\n" + EXIT_CODES)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="FILE", type=Path,
                        help="TOML settings file (default: ./briefing.toml when it exists; "
                             "defaults are used for anything it omits)")
    talk = common.add_mutually_exclusive_group()
    talk.add_argument("-v", "--verbose", action="store_true",
                      help="log each step in detail (and the encoding of each file "
                           "not in UTF-8)")
    talk.add_argument("-q", "--quiet", action="store_true",
                      help="print only warnings and errors: no progress and no summary "
                           "line when all went well (for cron, which mails any output; "
                           "the exit status still tells what happened)")
    inputs = argparse.ArgumentParser(add_help=False)
    inputs.add_argument("--follow-symlinks", action="store_true",
                        help="read files in an input folder that are symbolic links to "
                             "places outside it (skipped with a warning by default)")
    waiting = argparse.ArgumentParser(add_help=False)
    waiting.add_argument("--wait", type=_seconds, default=0.0, metavar="SECONDS",
                         help="when another process is using the store or output folder, "
                              "wait up to SECONDS for it (default: refuse at once, exit 3)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=_CommandParser)
    raw = _HelpFormatter

    build = sub.add_parser(
        "build", parents=[common, inputs, waiting],
        help="write a briefing (HTML, PDF, Markdown, JSON)", formatter_class=raw,
        description="Build a briefing from article files and folders, or with --since from "
                    "the articles collected into the store, and publish it as a new edition: "
                    "OUT/DATE/briefing.{html,pdf,md,json} for the first of the day, then "
                    "OUT/DATE-2/, OUT/DATE-3/ ... An edition is never overwritten and appears "
                    "only once complete; OUT/latest points at the newest, and OUT/index.html "
                    "and OUT/index.md list them all. Stories are ranked by importance: "
                    "the top ones make the front page (a few sentences and key voices each), "
                    "every other story gets a line, and the full record follows.",
        epilog="Inputs: .txt and .md pages (page furniture is removed), .html pages, and "
               ".json/.jsonl objects with title, text and optional url, publisher, published. "
               "Stubs and platform notices (under limits.min_article_words) are left out "
               "and listed. Formats: html (everything), pdf (PDF/A-3b: front pages, then the "
               "leading stories in full, the whole record attached), md (the front page, "
               "for chat), json (everything, with ranks), email (briefing.email.html and "
               ".txt: exactly what --deliver sends)."
               "\n\n" + EXIT_CODES_IN_SHORT)
    build.add_argument("paths", nargs="*", metavar="PATH",
                       help="article files or folders (default: seeds/ in the current "
                            "folder: the sample pages of a checkout)")
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
    build.add_argument("--with-texts", action="store_true",
                       help="also write each article's cleaned text to articles/ID.txt in the "
                            "edition, the text every span in briefing.json indexes (named by "
                            "each article's text_file), so any citation can be checked as "
                            "text[start:end] (render.article_texts in the config)")
    build.add_argument("--deliver", action="store_true",
                       help="then send it to every [[delivery.email]] and [[delivery.webhook]] "
                            "target of the config (email with the PDF attached; a chat digest "
                            "to Slack, Mattermost, Discord or Teams), through the store's "
                            "outbox, with earlier failed deliveries that are due again. "
                            "Refused before building when no target can be used. Messages "
                            "link to the edition under render.public_url (set it where "
                            "out_dir is published; `briefing check` warns when it is empty)")

    deliver = sub.add_parser(
        "deliver", parents=[common, waiting], formatter_class=raw,
        help="send, retry or list deliveries of built editions",
        description="Without arguments: list the outbox (each edition's delivery to each "
                    "target: pending, sent or failed, tries, last error). --retry: send every "
                    "delivery that is due (pending, or failed and past its backoff). EDITION "
                    "(a folder name of render.out_dir such as 2026-11-27-2, a folder path, or "
                    "'latest', the newest): send that edition now to every configured target "
                    "that has not had it (one added since it was built too; any edition can "
                    "be delivered later, it keeps its messages in delivery.json), saying "
                    "per target what was done; with --to, to the targets named, again if "
                    "they had it.",
        epilog=EXIT_CODES_IN_SHORT)
    deliver.add_argument("edition", nargs="?", metavar="EDITION",
                         help="the edition to send: folder name, folder path or 'latest'")
    deliver.add_argument("--to", action="append", metavar="NAME",
                         help="only the targets whose name contains NAME (e.g. slack, or an "
                              "address), sent EDITION even if they had it; may be repeated")
    deliver.add_argument("--retry", action="store_true",
                         help="send every due delivery (what build --deliver and the "
                              "scheduler also do)")

    sub.add_parser(
        "check", parents=[common], formatter_class=raw,
        help="check the output folder, the store, folder sources and delivery targets",
        description="Check, without sending or building anything, that the output folder "
                    "can be written, the store is readable and not damaged (and who holds "
                    "its lock), each folder source can be read, and each delivery target is "
                    "usable (environment variables set, host names resolve, the server "
                    "answers within 5 s; an SMTP server greets). Feeds and pages are "
                    "fetched by collect, not here.", epilog=EXIT_CODES_IN_SHORT)

    store = sub.add_parser(
        "store", parents=[common], formatter_class=raw, help="back up or restore the store",
        description="Back up the SQLite store (SQLite's online backup: safe while a collect "
                    "runs) to DATA_DIR/backups/briefing-YYYYMMDD-HHMMSS.db, or restore one.",
        epilog=EXIT_CODES_IN_SHORT)
    store_sub = store.add_subparsers(dest="store_command", required=True, metavar="ACTION")
    backup = store_sub.add_parser("backup", help="write a backup of the store")
    backup.add_argument("--to", type=Path, metavar="DIR",
                        help="folder for the backup (default: DATA_DIR/backups)")
    backup.add_argument("--keep", type=int, metavar="N",
                        help="then delete all but the newest N backups there")
    restore = store_sub.add_parser(
        "restore", help="put a backup in place of the store",
        description="Check the backup, keep the current store file beside it as "
                    "briefing.db.replaced-TIME, and put the backup in its place. Stop the "
                    "scheduler first.")
    restore.add_argument("backup_file", type=Path, metavar="FILE", help="the backup to restore")

    quotes = sub.add_parser(
        "quotes", parents=[common, inputs], help="list who said what in each article",
        description="Find attributed statements (direct quotes and reported speech) with "
                    "their speakers. Offsets are character offsets into each file's text "
                    "as read: a text or Markdown file's own characters; for an HTML page or "
                    "JSON record, the article text extracted from it.")
    quotes.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    quotes.add_argument("--json", action="store_true",
                        help="print one JSON object mapping each input path to its quotes")

    cluster = sub.add_parser(
        "cluster", parents=[common, inputs], help="group articles into stories",
        description="Group the articles that report the same event, as `build` does.")
    cluster.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    cluster.add_argument("--json", action="store_true",
                         help='print {"clusters": [{"id", "articles": [path, ...]}]}')

    summarise = sub.add_parser(
        "summarise", parents=[common], help="summarise each PATH as one story",
        description="Summarise each PATH (a folder of articles, or one file) as one story, "
                    "with the engine `build` uses: whole sentences copied verbatim from the "
                    "articles, each citing every article that carries it, up to a budget "
                    "in words. The opening sentence says what happened; the rest follow "
                    "in time order. Stubs (under limits.min_article_words) stay out of a story "
                    "with a full article; a PATH of nothing but such briefs is summarised "
                    "from them.",
        epilog='--json prints {PATH: {"headline": str, "summary": [{"text", "article_ids", '
               '"spans": [{"article_id", "start", "end"}]}]}}, offsets into each article\'s '
               "text (its title, a blank line, its body) as in briefing.json. Exit status 1 "
               "when a PATH gave no summary (no article, or page furniture only), 3 when "
               "none did.")
    summarise.add_argument("paths", nargs="+", metavar="PATH",
                           help="one story per PATH: a folder of articles or one file")
    summarise.add_argument("--words", type=int, metavar="N",
                           help="word budget of each summary, filled with whole sentences "
                                "(default: the config's summary.words, 100 out of the box; "
                                "0 = a sentence count instead)")
    summarise.add_argument("--sentences", type=int, metavar="N",
                           help="at most N sentences (default: summary.max_sentences, 6)")
    summarise.add_argument("--json", action="store_true", help="print one JSON object (see below)")

    sub.add_parser(
        "collect", parents=[common, waiting], formatter_class=raw,
        help="read the configured sources once into the store",
        description="Poll every feed (conditional GET), note new pages, read local folders, "
                    "and fetch and extract every article page not read yet. Failures are "
                    "logged and the rest carries on.", epilog=EXIT_CODES_IN_SHORT)
    retry_parser = sub.add_parser(
        "retry", parents=[common, waiting], formatter_class=raw,
        help="read the pages that failed again, now",
        description="Fetch and extract now every article page that failed: those waiting "
                    "for the next collect and those given up (each gets one more try). "
                    "Pages given up because a limit stopped them (fetch.max_page_bytes, "
                    "fetch.timeout, fetch.total_timeout) are tried with fresh tries when "
                    "that limit has been raised since (collect does the same). Failing "
                    "feeds are polled by every collect.", epilog=EXIT_CODES_IN_SHORT)
    retry_parser.add_argument("--source", metavar="NAME",
                              help="only the pages of the source with this name (its URL "
                                   "when it has no name)")
    status = sub.add_parser(
        "status", parents=[common], formatter_class=raw,
        help="how each source is doing, and what waits for a retry",
        description="For each configured source: the last poll and its result (updated, "
                    "not modified, failed with its error), new articles in the last 24 h, "
                    "failures in a row and since when, and the next try (the running "
                    "scheduler's next collect, else the next `briefing collect`). Then the "
                    "pages waiting for a retry, those given up, and the outbox's pending "
                    "and failed deliveries. A table on a terminal, plain lines otherwise.",
        epilog="Exit status 0 when every source's last poll worked, 1 when some source is "
               "failing (its last poll failed or read the feed only in part, it is gone, "
               "its folder is missing, or its page failed), 2 for a configuration error, "
               "3 when the store cannot be "
               "read.")
    status.add_argument("--json", action="store_true",
                        help='print {"sources": [...], "pages": [...], "deliveries": [...], '
                             '"next_collect", "next_collect_from"} instead')
    sources = sub.add_parser(
        "sources", formatter_class=raw,
        help="import or export feeds as OPML, or list the sources",
        description="OPML is what feed readers (Miniflux, FreshRSS, NewsBlur, Feedly, "
                    "newsboat) import and export. `import` adds a file's feeds to the config "
                    "file (--config, else ./briefing.toml, created if missing) as "
                    "[[sources]] tables, folders becoming groups (nested ones as "
                    "'News/Local'); feeds already configured are skipped, and the file's "
                    "comments and layout are kept. `export` writes OPML 2.0 of the feed "
                    "sources, each group a folder.", epilog=EXIT_CODES_IN_SHORT)
    sources_sub = sources.add_subparsers(dest="sources_command", required=True,
                                         metavar="ACTION")
    opml_in = sources_sub.add_parser("import", parents=[common],
                                     help="add the feeds of an OPML file",
                                     description="Add the feeds of FILE (OPML 1.0 or 2.0) "
                                                 "to the config file.")
    opml_in.add_argument("opml_file", type=Path, metavar="FILE.opml", help="the OPML file")
    opml_out = sources_sub.add_parser("export", parents=[common],
                                      help="write the feeds as OPML 2.0")
    opml_out.add_argument("-o", "--output", type=Path, metavar="FILE",
                          help="write to FILE (default: standard output)")
    sources_sub.add_parser("list", parents=[common], help="list the configured sources")
    sub.add_parser(
        "schedule", parents=[common], formatter_class=raw,
        help="collect and build on the configured schedule",
        description="Run in the foreground: collect at start and every "
                    "schedule.collect_every_minutes, build (and deliver) at "
                    "schedule.build_cron in schedule.timezone; a build missed while the "
                    "machine slept runs once, after the start-up collect. Stop with Ctrl-C or "
                    "SIGTERM: a running job finishes first; a second one stops at once.",
        epilog=EXIT_CODES_IN_SHORT)
    cache = sub.add_parser(
        "cache", parents=[common], help="show or empty the parse cache",
        description="Each article's parse is kept in the parse cache ([parse] cache_dir, "
                    "else parse-cache/ in [store] data_dir; at most [parse] cache_mb, the "
                    "least recently used going first), so a rebuild does not parse it again.")
    cache.add_argument("action", choices=("info", "clear"),
                       help="info: where it is, its entries and size; clear: delete them")
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
def _progress(enabled: bool) -> Iterator[CountedProgress]:
    """On a terminal, the current step with a spinner and a bar per counted phase (sources
    polled, pages fetched, with the current host); log lines otherwise (cron, systemd);
    always on stderr."""
    console = _terminal_console()
    if enabled and console is not None:
        from rich.progress import BarColumn, Progress as Bars, SpinnerColumn, TextColumn

        with Bars(SpinnerColumn(), TextColumn("{task.description}", markup=False),
                  BarColumn(), TextColumn("{task.fields[count]}", markup=False),
                  TextColumn("{task.fields[detail]}", markup=False),
                  console=console, transient=True) as bars:
            yield _Bars(bars)
    else:
        yield _LogLines(logging.getLogger("briefing"))


class _Bars:
    """Progress as rich bars: one line for the current step, one bar per counted phase."""

    def __init__(self, bars) -> None:
        self._bars = bars
        self._step = bars.add_task("starting", total=None, count="", detail="")
        self._phases: dict[str, object] = {}

    def __call__(self, step: str) -> None:
        self._bars.update(self._step, description=shown(step))

    def advance(self, phase: str, done: int, total: int, detail: str = "") -> None:
        if phase not in self._phases:
            self._phases[phase] = self._bars.add_task(phase, total=total, count="", detail="")
        self._bars.update(self._phases[phase], completed=done, total=total,
                          count=f"{done}/{total}", detail=shown(detail))


class _LogLines:
    """Progress as log lines ("pages 12/40: host.example"), for logs without a terminal."""

    def __init__(self, log: logging.Logger) -> None:
        self._log = log

    def __call__(self, step: str) -> None:
        self._log.info(step)

    def advance(self, phase: str, done: int, total: int, detail: str = "") -> None:
        self._log.info("%s %d/%d%s", phase, done, total, f": {detail}" if detail else "")


def _locked(lock, wait: float):
    """Hold ``lock`` (a store or output-folder lock), waiting up to ``wait`` seconds and
    saying whom it waits for."""
    return lock.holding(wait, on_wait=logging.getLogger("briefing").info)


def _open_locked(stack: ExitStack, settings: Settings, wait: float) -> Store:
    """The store, opened and locked for this process; runs left by killed builds are
    marked failed (the lock says no build of another process is under way)."""
    store = stack.enter_context(Store.open(settings.store))
    stack.enter_context(_locked(store.lock(), wait))
    store.fail_abandoned_runs()
    return store


def _no_targets(args: argparse.Namespace) -> str:
    """That no delivery target is configured, naming the config file read (or its absence)
    and how to add one."""
    path = _config_path(args)
    where = (f"{path} names no delivery target" if path is not None else
             f"there is no config file ({DEFAULT_CONFIG} does not exist and no --config was "
             "given), so no delivery target")
    return (f"{where}; add a [[delivery.email]] or [[delivery.webhook]] table there "
            "(`briefing init` writes commented examples)")


def _usable_targets(args: argparse.Namespace, settings: Settings) -> None:
    """``build --deliver`` refuses to start when no target can be used."""
    checks = check_targets(settings.delivery)
    if not checks:
        raise ConfigError(f"--deliver: {_no_targets(args)}")
    for check in checks:
        if check.problem:
            logging.getLogger("briefing").warning("%s cannot be used: %s", check.name,
                                                  check.problem)
    if all(check.problem for check in checks):
        raise ConfigError("--deliver: no delivery target can be used ("
                          + "; ".join(f"{c.name}: {c.problem}" for c in checks)
                          + "); nothing was built. `briefing check` lists the targets")


def _quiet(args: argparse.Namespace) -> bool:
    return getattr(args, "quiet", False)


def _say(args: argparse.Namespace, line: str) -> None:
    """A line saying what was done, on stdout; none with ``--quiet`` (problems go to
    stderr, and the exit status says what happened)."""
    if not _quiet(args):
        print(line)


def _print_report(args: argparse.Namespace, report: DeliveryReport, zone: str) -> None:
    for name in report.delivered:
        _say(args, f"Delivered: {name}")
    for name, reason in report.failed.items():
        retry = report.retry_at.get(name)
        when = (f"next try after {clock_text(retry, zone)} (`briefing deliver --retry`)"
                if retry else "given up; `briefing deliver EDITION` sends it again")
        print(f"NOT delivered: {reason}; {when}", file=sys.stderr)


def _cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import (build_briefing, build_from_store, deliver_briefing, publish_briefing,
                           record_for_delivery, since_words)
    formats = args.formats or settings.render.formats
    if args.with_texts:
        settings = replace(settings, render=replace(settings.render, article_texts=True))
    out = args.out or Path(settings.render.out_dir)
    if args.since is not None and args.paths:
        raise ValueError("give either PATH ... or --since, not both")
    if args.since is None and not args.paths and not DEFAULT_INPUT.exists():
        raise ValueError(f"no PATH given and there is no {DEFAULT_INPUT}/ folder here to build "
                         f"from: give the articles' files or folders (`briefing build PATH "
                         f"...`), or build from the store with `briefing build --since last`")
    if args.since is not None and not settings.sources and _store_is_empty(settings):
        _require_sources(args, settings)  # a store some other config fills is built from
    if args.deliver:
        _usable_targets(args, settings)
    made = check_out_dir(out)
    with ExitStack() as stack:
        store = _open_locked(stack, settings, args.wait) \
            if args.since is not None or args.deliver else None
        out_lock = out_dir_lock(out)
        stack.enter_context(_locked(out_lock, args.wait))
        if made:  # runs before the lock is released, when the build fails too
            stack.callback(_leave_no_trace, out, out_lock, made)
        if args.since is not None:
            with _progress(not _quiet(args)) as progress:
                built = build_from_store(settings, store, args.since, args.date, out, formats,
                                         progress, deliver=args.deliver)
            if built is None:
                unsent = _latest_not_sent(replace(settings, render=replace(
                    settings.render, out_dir=str(out))), store) if args.deliver else ""
                _say(args, f"Nothing new in the store {since_words(args.since)}; no briefing "
                           f"written{unsent}")
            briefing, edition = (built.briefing, built.edition) if built else (None, None)
        else:
            with _progress(not _quiet(args)) as progress:
                briefing = build_briefing(args.paths or [str(DEFAULT_INPUT)], settings,
                                          args.date, progress)
                edition = publish_briefing(briefing, out, formats, settings, progress)
            if args.deliver:
                record_for_delivery(settings, store, edition)
        unreadable = [d for d in briefing.dropped if d.unreadable] if briefing else []
        if edition is not None:
            stories = count_of(len(briefing.stories), "story", "stories")
            _say(args, f"Briefing for {briefing.date}: {stories} from "
                       f"{count_of(len(briefing.articles), 'article')}, edition {edition.folder}")
            for path in edition.files.values():
                _say(args, f"  {path}")
            if unreadable:
                logging.getLogger("briefing").error(
                    "%s could not be read and %s left out (named above): %s",
                    count_of(len(unreadable), "input"), "is" if len(unreadable) == 1 else "are",
                    ", ".join(d.path for d in unreadable[:5])
                    + (f" and {len(unreadable) - 5} more" if len(unreadable) > 5 else ""))
        if not args.deliver:
            return EXIT_FAILURES if unreadable else EXIT_OK
        with _progress(not _quiet(args)) as progress:
            report = deliver_briefing(settings, store, progress)
    _print_report(args, report, settings.schedule.timezone)
    return EXIT_OK if report.ok and not unreadable else EXIT_FAILURES


def _leave_no_trace(out: Path, out_lock, made: list[Path]) -> None:
    """A build that made the output folder and wrote no edition there removes it again
    (with its lock file): a typo in a path leaves no stray out/ behind."""
    try:
        left = {p.name for p in out.iterdir()}
    except OSError:
        return
    if left <= {out_lock.path.name}:
        out_lock.discard()
        remove_made_folders(made)


def _cmd_deliver(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import find_edition
    targets = channels(settings.delivery)
    if args.edition is None and not args.retry:
        if args.to:
            raise ValueError("--to needs an EDITION to send (or use --retry)")
        with Store.open(settings.store) as store:  # reading needs no lock
            return _list_outbox(Outbox(store), settings.schedule.timezone)
    with ExitStack() as stack:
        store = _open_locked(stack, settings, args.wait)
        outbox = Outbox(store)
        if not targets:
            raise ConfigError(_no_targets(args))
        edition_id = None
        if args.edition is not None:
            edition = find_edition(settings, store, args.edition)
            if edition is None:
                raise ValueError(f"no edition {args.edition!r}: neither a folder of "
                                 f"{settings.render.out_dir} (render.out_dir) nor a folder "
                                 "path, nor in the outbox; `briefing deliver` lists the "
                                 "outbox, `briefing build --deliver` builds and sends one now")
            named = _named(targets, args.to)
            if not named:
                raise ValueError(f"no delivery target matches {', '.join(args.to)}; the "
                                 f"targets are: {'; '.join(t.name for t in targets)}")
            sent = {d.target: d for d in outbox.deliveries(edition.id) if d.status == "sent"}
            # asked by name, a target gets it again; else only those that have not had it
            chosen = [t.name for t in named if args.to or t.name not in sent]
            for name in (t.name for t in named if t.name not in chosen):
                _say(args, f"Already delivered: {name} ({edition.name}), "
                           f"{clock_text(sent[name].sent_at, settings.schedule.timezone)}; "
                           f"`briefing deliver {edition.name} --to NAME` sends it again")
            if not chosen:
                return EXIT_OK
            outbox.request(edition.id, chosen)
            edition_id = edition.id
        # with --to, only those: another target's retry waits for its own run
        only = {t.name for t in _named(targets, args.to)} if args.to else None
        with _progress(not _quiet(args)) as progress:
            report = send_due(outbox, targets, settings.delivery, progress,
                              edition_id=edition_id, only=only)
        waiting = outbox.waiting(settings.delivery.max_attempts)
    # A retry run tells cron the truth: a delivery still failing, waiting for its next
    # try, is a target that failed, however little was due now.
    still_failing = EXIT_FAILURES if waiting and args.edition is None else EXIT_OK
    if not report.delivered and not report.failed:
        nothing = "Nothing to deliver now" + (
            f": {len(waiting)} failed delivery(ies) wait for their next try, the first "
            f"after {clock_text(waiting[0].next_attempt_at, settings.schedule.timezone)}"
            if waiting else
            ": no delivery is pending or due for a retry")
        if still_failing and _quiet(args):  # the reason for the exit status, even so
            print(nothing, file=sys.stderr)
        else:
            _say(args, nothing)
        return still_failing
    _print_report(args, report, settings.schedule.timezone)
    if report.ok:
        return still_failing
    return EXIT_FAILURES if report.delivered else EXIT_NOTHING


def _latest_not_sent(settings: Settings, store: Store) -> str:
    """For a ``build --deliver`` with nothing new: which configured targets the latest
    edition has not reached, and how to send it to them (nothing when it reached all)."""
    from .pipeline import find_edition
    try:
        edition = find_edition(settings, store, "latest")
    except ValueError:  # built by an earlier version, keeping no messages: nothing to offer
        return ""
    if edition is None:
        return ""
    sent = {d.target for d in Outbox(store).deliveries(edition.id) if d.status == "sent"}
    missing = [t.name for t in channels(settings.delivery) if t.name not in sent]
    return (f"; the latest edition, {edition.name}, has not been delivered to "
            f"{'; '.join(missing)}: `briefing deliver latest` sends it" if missing else "")


def _named(targets: list, names: list[str] | None) -> list:
    """The targets whose name contains one of ``names`` (case aside); all without names."""
    return [t for t in targets if not names or any(n.lower() in t.name.lower() for n in names)]


def _list_outbox(outbox: Outbox, zone: str) -> int:
    rows = outbox.deliveries()
    if not rows:
        print("The outbox is empty: nothing has been sent or is waiting; `briefing deliver "
              "latest` sends the latest edition to every delivery target")
    for row in rows:
        detail = f"sent {clock_text(row.sent_at, zone)}" if row.status == "sent" else (
            f"{count_of(row.attempts, 'try', 'tries')}; next after "
            f"{clock_text(row.next_attempt_at, zone)}"
            if row.next_attempt_at else count_of(row.attempts, "try", "tries"))
        error = f"; last error: {row.last_error}" if row.last_error and row.status != "sent" \
            else ""
        print(f"{row.edition}  {row.status:<8} {row.target}  ({detail}{error})")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from .store import backups_of, sqlite_path
    results: list[tuple[str, str | None]] = []
    out = Path(settings.render.out_dir)
    try:
        remove_made_folders(check_out_dir(out))  # a check leaves no folder behind
        holder = out_dir_lock(out).holder()
        results.append((f"output folder {out}", None))
        if holder:
            results.append((f"output folder {out}: a build is running ({holder.describe()})",
                            None))
    except OutDirError as exc:
        results.append((f"output folder {out}", str(exc)))
    try:
        url = database_url(settings.store)
        path = sqlite_path(url)
        if path is not None and not path.exists():
            results.append((f"store {path}: none yet (the first collect makes it)", None))
        else:
            with Store.open(settings.store) as store:
                store.check_integrity()
                backups = backups_of(path) if path else []
                results.append((f"store {path or '(PostgreSQL)'}: {store.counts()['articles']} "
                                f"articles; {len(backups)} backup(s)", None))
                for purpose in ("store", "scheduler"):
                    lock = store.lock(purpose)
                    holder = lock.holder() if hasattr(lock, "holder") else None
                    if holder:
                        results.append((f"{lock.what}: in use by {holder.describe()}", None))
    except StoreError as exc:
        results.append(("store", str(exc)))
    for source in settings.sources:  # feeds and pages are fetched by collect, not here
        if source.kind == "folder":
            results.append((f"source {source.label}: folder", folder_problem(source)))
    for check in check_targets(settings.delivery, connect_timeout=CHECK_CONNECT_SECONDS):
        results.append((f"delivery: {check.name}", check.problem))
    if not settings.delivery.email and not settings.delivery.webhook:
        results.append(("delivery: no target configured", None))
    for name, problem in results:
        print(f"ok    {name}" if problem is None else f"FAIL  {name}: {problem}")
    unreachable = _pointing_at_the_edition(settings)
    if unreachable:  # a warning: the messages still go out, and say which edition
        print(f"WARN  delivery: render.public_url is empty: {', '.join(unreachable)} will "
              f"get messages pointing at an edition nobody can open (set it to the address "
              f"where {out} is published)")
    return EXIT_OK if all(problem is None for _, problem in results) else EXIT_FAILURES


def _pointing_at_the_edition(settings: Settings) -> list[str]:
    """The delivery targets whose message, without render.public_url, can only name the
    edition's folder on this machine for the full briefing: every chat post, and the
    emails that get no PDF (``attach_pdf = false``, or no PDF among render.formats)."""
    if settings.render.public_url:
        return []
    pdf = "pdf" in settings.render.formats
    return [channel.name for channel in channels(settings.delivery)
            if not (isinstance(channel, EmailChannel) and channel.target.attach_pdf and pdf)]


def _cmd_store(args: argparse.Namespace, settings: Settings) -> int:
    from .store import backups_of, sqlite_path
    from .store.backup import backup_store, restore_store
    from .store.locking import sqlite_lock

    if args.store_command == "backup":
        if args.keep is not None and args.keep < 1:
            raise ValueError(f"--keep must be at least 1, got {args.keep}")
        with Store.open(settings.store) as store:
            target = backup_store(store, args.to, args.keep)
        print(f"Backed up the store to {target}")
        return EXIT_OK
    path = sqlite_path(database_url(settings.store))
    if path is None:
        raise StoreError("`briefing store restore` works on a SQLite store; restore a "
                         "PostgreSQL store with pg_restore")
    if not args.backup_file.is_file():  # a mistyped name is a usage error, not a damaged store
        what = "is a folder, not a backup file" if args.backup_file.is_dir() else "no such file"
        found = backups_of(path)
        raise FileNotFoundError(f"{args.backup_file}: {what}"
                                + (f"; the newest backup is {found[-1]}" if found else ""))
    # Neither a scheduler (which keeps the store open between jobs) nor a job may run.
    with sqlite_lock(path, "scheduler").acquire(0), sqlite_lock(path).acquire(0):
        kept = restore_store(path, args.backup_file)
    print(f"Restored {args.backup_file} to {path}"
          + (f"; the replaced file is kept as {kept}" if kept else ""))
    return EXIT_OK


def _cmd_quotes(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import quotes_for_paths
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
    from .pipeline import cluster_paths
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


def _cmd_summarise(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import summarise_paths
    summary = settings.summary
    if args.words is not None:
        summary.words = args.words
    if args.sentences is not None:
        summary.max_sentences = args.sentences
        summary.min_sentences = min(summary.min_sentences, args.sentences)
    problems = summary.problems()
    if "max_sentences" in problems:
        problems.pop("min_sentences", None)  # set from --sentences too: name what was given
    for key, problem in problems.items():
        option = {"words": "--words", "max_sentences": "--sentences"}.get(key, "--config")
        raise ConfigError(f"{option}: 'summary.{key}' {problem}")
    with _progress(not args.json) as progress:
        stories = summarise_paths(args.paths, settings, progress)
    if args.json:
        doc = {path: {"headline": story.headline,
                      "summary": [{"text": s.text, "article_ids": s.article_ids,
                                   "spans": [vars(span) for span in s.spans]}
                                  for s in story.summary]}
               for path, story in stories.items()}
        print(safe_json(json.dumps(doc, ensure_ascii=False, indent=1)))
    else:
        for path, story in stories.items():
            print(f"{shown(path)}: {_line(story.headline) or '(no headline)'}")
            for s in story.summary:
                print(f"  - {_line(s.text)} [{', '.join(map(_line, s.article_ids))}]")
    empty = [path for path, story in stories.items() if not story.summary]
    for path in empty:
        print(f"briefing: no summary for {shown(path)}: no article with usable sentences",
              file=sys.stderr)
    if not empty:
        return EXIT_OK
    return EXIT_NOTHING if len(empty) == len(stories) else EXIT_FAILURES


class NoSources(ConfigError):
    """Nothing to collect: the config names no source (exit 2, a configuration error)."""


def _require_sources(args: argparse.Namespace, settings: Settings) -> None:
    """Refuse, naming the config file and how to add a source, when there is none."""
    if settings.sources:
        return
    path = _config_path(args)
    if path is None:
        raise NoSources(f"no [[sources]] to collect: there is no config file ({DEFAULT_CONFIG} "
                        "does not exist and no --config was given); `briefing init` writes "
                        "one with example sources to start from")
    option = "" if path == DEFAULT_CONFIG else f" --config {path}"
    raise NoSources(f"no [[sources]] in {path}, so there is nothing to collect: uncomment "
                    f"and edit an example [[sources]] table there, or add a feed reader's "
                    f"feeds with `briefing sources import FILE.opml{option}`")


def _store_is_empty(settings: Settings) -> bool:
    """No article was ever collected (a SQLite store not made yet counts, and is not made)."""
    from .store import sqlite_path

    path = sqlite_path(database_url(settings.store))
    if path is not None and not path.exists():
        return True
    with Store.open(settings.store) as store:
        return not store.counts()["articles"]


def _cmd_collect(args: argparse.Namespace, settings: Settings) -> int:
    _require_sources(args, settings)
    with ExitStack() as stack:
        store = _open_locked(stack, settings, args.wait)
        with _progress(not _quiet(args)) as progress:
            report = collect(settings, store, progress)
    _say(args, f"Collected: {shown(report)}")
    if report.nothing_worked:
        print("briefing: error: every source failed; nothing was collected", file=sys.stderr)
        return EXIT_NOTHING
    return EXIT_FAILURES if report.trouble() else EXIT_OK


def _cmd_retry(args: argparse.Namespace, settings: Settings) -> int:
    if args.source is not None and args.source not in {s.label for s in settings.sources}:
        raise ValueError(f"--source: no source is named {args.source!r}; the sources are: "
                         + ("; ".join(s.label for s in settings.sources) or "(none)"))
    with ExitStack() as stack:
        store = _open_locked(stack, settings, args.wait)
        with _progress(not _quiet(args)) as progress:
            report = retry(settings, store, args.source, progress)
    if not report.pages_tried:
        _say(args, "Nothing to retry: no page is waiting for a retry or given up"
             + (f" for {shown(args.source)}" if args.source else ""))
        return EXIT_OK
    _say(args, f"Retried {report.pages_tried} page(s): {report.articles_read()}, "
               f"{report.pages_failed} failed again")
    if report.nothing_worked:
        return EXIT_NOTHING
    return EXIT_FAILURES if report.pages_failed else EXIT_OK


def _cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from .health import status_report
    from .schedule import next_collect
    from .store import sqlite_path

    path = sqlite_path(database_url(settings.store))
    with ExitStack() as stack:
        store = None if path is not None and not path.exists() else \
            stack.enter_context(Store.open(settings.store))  # reading needs no lock
        report = status_report(settings, store, next_collect(store) if store else None)
    if args.json:
        print(safe_json(json.dumps(_status_json(report), ensure_ascii=False, indent=1)))
    elif sys.stdout.isatty():
        _status_tables(report, settings.schedule.timezone)
    else:
        _status_lines(report, settings.schedule.timezone)
    failed = any(d.status == "failed" for d in report.deliveries)  # as cron should hear
    return EXIT_FAILURES if report.failing or failed else EXIT_OK


def _status_json(report) -> dict:
    from dataclasses import asdict

    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if hasattr(value, "isoformat") else value

    doc = asdict(report)
    for row, source in zip(doc["sources"], report.sources):
        row["failing"] = source.failing
    return plain(doc)


def _shown_url(url: str) -> str:
    """A page's address as the reader would give it: without its tracking parameters
    (the feed's ?utm_source=rss); the store keeps the address the feed gave."""
    return without_tracking(url) or url


def _page_error(page) -> str:
    """A page's last error, its address in it shown as :func:`_shown_url` shows it."""
    return (page.last_error or "").replace(page.url, _shown_url(page.url))


def _tries(count: int) -> str:
    return f"{count} {'try' if count == 1 else 'tries'}"




def _poll_line(source, zone: str) -> str:
    """A source's last poll and result in words."""
    result = source.result
    if source.failures and source.result in ("failed", "gone", "waiting", "given up"):
        since = f" since {clock_text(source.failing_since, zone)}" if source.failing_since else ""
        result += f" ({source.failures} in a row{since})"
    if source.error:
        result += f": {_line(source.error)}"
    return f"last poll {clock_text(source.last_poll, zone)}: {result}" if source.kind == "feed" \
        else result


def _status_lines(report, zone: str) -> None:
    print(f"Sources ({len(report.sources)}); next try: {report.next_collect_from}")
    if not report.sources:
        print("  no [[sources]] configured; `briefing init` writes an example")
    for s in report.sources:
        group = f" [{_line(s.group)}]" if s.group else ""
        print(f"  {_line(s.name)}{group} ({s.kind} {_line(s.address)})")
        print(f"    {_poll_line(s, zone)}; {s.new_articles} new article(s) in 24 h"
              + (f"; next try: {s.next_try}" if s.next_try else ""))
        if s.left_out:
            print(f"    {len(s.left_out)} input(s) left out at its last read:")
        for f in s.left_out:
            print(f"      {_line(f.path)}: {_line(f.reason)}; since "
                  f"{clock_text(f.first_seen, zone)}")
    for status in ("waiting", "given up"):
        pages = [p for p in report.pages if p.status == status]
        if pages:
            print(f"Pages {'waiting for a retry' if status == 'waiting' else 'given up'} "
                  f"({len(pages)})")
        for p in pages:
            print(f"  {_line(_shown_url(p.url))} ({_line(p.source)}): {_tries(p.attempts)}, "
                  f"last {clock_text(p.last_attempt, zone)}; {_line(_page_error(p))}; "
                  f"next: {p.next_try}")
    print(f"Outbox: {len(report.deliveries)} delivery(ies) not sent" if report.deliveries
          else "Outbox: nothing waiting")
    for d in report.deliveries:
        due = f"; next try after {clock_text(d.next_attempt_at, zone)}" if d.next_attempt_at else ""
        print(f"  {d.edition}  {d.status}  {_line(d.target)}: {_tries(d.attempts)}"
              f"{due}{'; ' + _line(d.last_error) if d.last_error else ''}")


def _status_tables(report, zone: str) -> None:
    """Rich tables; every cell is a Text, so a feed's name is never read as markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    table = Table(title="Sources", caption=f"next try: {report.next_collect_from}")
    for column in ("source", "last poll", "result", "new 24 h", "failures", "next try"):
        table.add_column(column, justify="right" if column.startswith(("new", "fail"))
                         else "left")
    for s in report.sources:
        name = _line(s.name) + (f" [{_line(s.group)}]" if s.group else "")
        result = s.result + (f": {_line(s.error)}" if s.error else "")
        since = f" since {clock_text(s.failing_since, zone)}" if s.failures and s.failing_since else ""
        if s.left_out:
            result += f"; {len(s.left_out)} input(s) left out (below)"
        table.add_row(Text(name), Text(clock_text(s.last_poll, zone)),
                      Text(result, style="red" if s.failing else ""), str(s.new_articles),
                      Text(f"{s.failures}{since}"), Text(s.next_try))
    console.print(table)
    left_out = [(s, f) for s in report.sources for f in s.left_out]
    if left_out:
        files = Table(title="Left out by folders at their last read")
        for column in ("source", "file", "why", "since"):
            files.add_column(column)
        for s, f in left_out:
            files.add_row(Text(_line(s.name)), Text(_line(f.path)), Text(_line(f.reason)),
                          Text(clock_text(f.first_seen, zone)))
        console.print(files)
    if report.pages:
        pages = Table(title="Pages that failed")
        for column in ("page", "source", "status", "tries", "last error", "next try"):
            pages.add_column(column)
        for p in report.pages:
            pages.add_row(Text(_line(_shown_url(p.url))), Text(_line(p.source)), p.status,
                          str(p.attempts), Text(_line(_page_error(p))), Text(p.next_try))
        console.print(pages)
    if report.deliveries:
        outbox = Table(title="Outbox: not sent")
        for column in ("edition", "target", "status", "tries", "last error", "next try"):
            outbox.add_column(column)
        for d in report.deliveries:
            outbox.add_row(Text(d.edition), Text(_line(d.target)), d.status, str(d.attempts),
                           Text(_line(d.last_error or "")), Text(clock_text(d.next_attempt_at, zone)))
        console.print(outbox)
    else:
        console.print("Outbox: nothing waiting")


def _cmd_sources(args: argparse.Namespace) -> int:
    """``briefing sources``: reads the config file itself, since `import` may create it."""
    from .config import add_sources, write_atomically
    from .opml import new_sources, read_opml, write_opml

    path = _config_path(args) or DEFAULT_CONFIG
    settings = load_settings(path) if path.exists() or args.sources_command != "import" \
        else Settings()
    log = logging.getLogger("briefing")
    if args.sources_command == "list":
        if not settings.sources:
            print(f"No [[sources]] in {path}")
        width = min(max((len(_line(s.label)) for s in settings.sources), default=0), 40)
        for s in settings.sources:
            group = f"  [{_line(s.group)}]" if s.group else ""
            print(f"{s.kind:<6} {_line(s.label):<{width}}  {_line(s.url or s.path)}{group}")
        return EXIT_OK
    if args.sources_command == "export":
        document = write_opml(settings.sources)
        feeds = sum(1 for s in settings.sources if s.kind == "feed")
        others = len(settings.sources) - feeds
        if args.output is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(document)
        else:
            write_atomically(args.output, document)
            print(f"Wrote {feeds} feed(s) to {args.output}")
        if others:
            log.info("%d page or folder source(s) left out: OPML lists feeds", others)
        return EXIT_OK
    found = read_opml(args.opml_file, settings.limits.max_file_bytes)
    for title, problem in found.rejected:
        log.warning("%s: %s: %s; not imported", args.opml_file, title, problem)
    added, present = new_sources(found, settings.sources)
    if added:
        add_sources(path, added, note=f"from {Path(args.opml_file).name} "
                                      f"(briefing sources import), {Date.today()}")
    print(f"{path}: added {len(added)}, skipped {len(present)} (already present)"
          + (f", left out {len(found.rejected)} (named above)" if found.rejected else ""))
    return EXIT_FAILURES if found.rejected else EXIT_OK


def _cmd_schedule(args: argparse.Namespace, settings: Settings) -> int:
    _require_sources(args, settings)
    from .schedule import run_foreground  # APScheduler is only needed here

    with Store.open(settings.store) as store, _locked(store.lock("scheduler"), 0):
        return run_foreground(settings, store)


def _cmd_init(args: argparse.Namespace) -> int:
    from .example_config import EXAMPLE_CONFIG

    if args.file.exists() and not args.force:
        raise ValueError(f"{args.file} exists; use --force to overwrite it")
    args.file.write_text(EXAMPLE_CONFIG, encoding="utf-8")
    print(f"Wrote {args.file}, with no source yet: uncomment and edit an example "
          f"[[sources]] table in it (or `briefing sources import FILE.opml --config "
          f"{args.file}`), then run `briefing collect --config {args.file}` and "
          f"`briefing build --since last --config {args.file}`")
    return 0


def _cmd_cache(args: argparse.Namespace, settings: Settings) -> int:
    from .parse_cache import ParseCache

    cache = ParseCache.for_settings(settings)
    if args.action == "clear":
        print(f"Deleted {cache.clear()} parse cache entries from {cache.folder}")
    else:
        print(cache.info())
    return EXIT_OK


def _config_path(args: argparse.Namespace) -> Path | None:
    if getattr(args, "config", None) is not None:
        return args.config
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


COMMANDS = {"build": _cmd_build, "deliver": _cmd_deliver, "check": _cmd_check,
            "store": _cmd_store, "quotes": _cmd_quotes, "cluster": _cmd_cluster,
            "summarise": _cmd_summarise, "collect": _cmd_collect, "schedule": _cmd_schedule,
            "cache": _cmd_cache, "retry": _cmd_retry, "status": _cmd_status}


class Terminated(BaseException):
    """SIGTERM (systemd stopping a unit, ``kill PID``), raised where the run stands as
    Ctrl-C raises KeyboardInterrupt, so it unwinds the same way: locks released, the
    progress bar closed, one line said, instead of a silent death."""


@contextmanager
def _sigterm_unwinds() -> Iterator[None]:
    """Turn SIGTERM into :class:`Terminated` while a command runs (``briefing schedule``
    sets its own handler for its run). A process forked meanwhile (a parse worker) dies
    of it as by default, so that its parent can still stop it."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set a handler (main() called from a thread)
        return
    owner = os.getpid()

    def on_sigterm(signum: int, _frame: object) -> None:
        if os.getpid() != owner:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Terminated

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def main(argv: Sequence[str] | None = None) -> int:
    with _sigterm_unwinds():
        return _run(argv)


def entry() -> None:
    """The ``briefing`` command (and ``python -m briefing``): :func:`main`, then exit with
    its status. A run stopped by Ctrl-C or SIGTERM has unwound (locks released, its line
    said) and exits at once: the interpreter would otherwise wait at exit for a fetch
    thread still blocked on a server that never answers, up to ``fetch.timeout``."""
    try:
        status = main()
    except SystemExit as stop:
        if stop.code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            logging.shutdown()
            os._exit(stop.code)
        raise
    sys.exit(status)


class _NeverRaised(Exception):
    """What a module never imported can have raised: nothing."""


def _raised_by(module: str, name: str) -> type[BaseException]:
    """The exception class ``name`` of ``briefing.module`` when the module was imported
    (only then can it have been raised), else one nothing raises. The pipeline, spaCy
    and sumy are imported by the commands that use them: ``briefing --help``, ``init``,
    ``status`` and ``check`` start in a second, not in four."""
    loaded = sys.modules.get(f"briefing.{module}")
    return getattr(loaded, name) if loaded is not None else _NeverRaised


def _refuse_an_unknown_command(parser: argparse.ArgumentParser, argv: list[str]) -> None:
    """A mistyped command ("fech") is a usage error naming the command it is closest to;
    argparse would list all fourteen instead."""
    word = next((a for a in argv if not a.startswith("-")), None)
    commands = next(a.choices for a in parser._actions
                    if isinstance(a, argparse._SubParsersAction))
    if word is not None and word not in commands:
        close = difflib.get_close_matches(word, list(commands), n=1)
        parser.error(f"no command {word!r}" + (f"; did you mean {close[0]!r}?" if close else
                                               "; `briefing --help` lists the commands"))


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    _refuse_an_unknown_command(parser, sys.argv[1:] if argv is None else list(argv))
    args = parser.parse_args(argv)
    verbose = getattr(args, "verbose", False)
    level = logging.DEBUG if verbose else logging.WARNING if _quiet(args) else logging.INFO
    console = _terminal_console()
    if console is not None:
        from rich.logging import RichHandler
        logging.basicConfig(level=level, format="%(message)s", datefmt="[%X]",
                            handlers=[RichHandler(console=console, show_path=False)])
    else:
        logging.basicConfig(level=level, format="%(asctime)s briefing: %(levelname)s: %(message)s",
                            datefmt="%Y-%m-%d %H:%M:%S", stream=sys.stderr)
    for handler in logging.getLogger().handlers:  # file names and titles are untrusted
        if not any(isinstance(f, SafeLogFilter) for f in handler.filters):
            handler.addFilter(SafeLogFilter())
    if not verbose:
        for noisy in ("trafilatura", "htmldate", "fontTools", "weasyprint"):
            logging.getLogger(noisy).setLevel(logging.ERROR)
        for chatty in ("httpx", "httpcore", "apscheduler"):  # a line per request or job
            logging.getLogger(chatty).setLevel(logging.WARNING)
    settings = None
    try:
        if args.command == "init":
            return _cmd_init(args)
        if args.command == "sources":
            return _cmd_sources(args)
        settings = load_settings(_config_path(args))
        settings.limits.follow_symlinks |= getattr(args, "follow_symlinks", False)
        return COMMANDS[args.command](args, settings)
    except (ConfigError, FileNotFoundError, _raised_by("parse", "ModelNotFound"),
            ValueError) as exc:
        parser.exit(EXIT_USAGE, f"briefing: error: {shown(exc)}\n")
    except (LockHeld, LockPlaceError, _raised_by("pipeline", "NothingToPublish"), DiskFull,
            StoreError) as exc:
        parser.exit(EXIT_NOTHING, f"briefing: error: {shown(exc)}\n")
    except OutDirError as exc:
        parser.exit(EXIT_USAGE, f"briefing: error: {shown(exc)}\n")
    except DatabaseError as exc:  # damaged pages met halfway through
        message = damaged_store_error(database_url(settings.store), exc) if settings else exc
        parser.exit(EXIT_NOTHING, f"briefing: error: {shown(message)}\n")
    except BrokenPipeError:  # `briefing status --json | head`: the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_SIGPIPE
    except OSError as exc:  # anything else the operating system refused: one line, no trace
        where = f": {exc.filename}" if exc.filename else ""
        parser.exit(EXIT_NOTHING, f"briefing: error: {shown(exc.strerror or exc)}{where}\n")
    except KeyboardInterrupt:
        parser.exit(EXIT_INTERRUPTED, "briefing: interrupted\n")
    except Terminated:
        parser.exit(EXIT_TERMINATED, "briefing: terminated (SIGTERM)\n")
