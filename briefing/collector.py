"""Fill the store from the configured sources: feeds, single pages and folders.

One ``collect`` polls every source once and reads every pending article page; a
failing feed, page or folder is logged and recorded and the run carries on. ``retry``
reads the pages that failed (waiting for their next try, or given up) now. Both first
make pending again the pages given up for a limit (size, timeout, element count) that
has since been raised. Feeds and pages are fetched at once across hosts and one at a
time per host (``Fetcher.in_order``); the store is written from this thread only, in
the sources' and entries' order. Building a briefing from what was collected is the pipeline's job
(``pipeline.build_from_store``).
"""
from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from contextlib import closing, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from .collect import InputNotFoundError, given_name, name_as_given, read_paths
from .config import Settings, SourceSettings
from .feeds import ExtractionError, FeedEntry, FeedPoll, PageArticle, fetch_article, poll_feed
from .fetch import Fetcher, FetchError, host_of
from .records import CountedProgress, Dropped, Progress, counted, no_progress
from .store import ArticleContent, FeedState, PendingEntry, RetryEntry, Store
from .urls import canonical_url

log = logging.getLogger("briefing.collector")

#: the kind of a limit that stopped a page (FetchError.kind, ExtractionError.kind) -> the
#: setting holding that limit
LIMIT_SETTINGS = {"too_large": "fetch.max_page_bytes", "timeout": "fetch.timeout",
                  "too_slow": "fetch.total_timeout",
                  "too_many_tags": "limits.max_html_elements"}


@dataclass
class CollectReport:
    """What one collect did, for the log line and the tests. Each kind of source is
    counted as what it is: feeds polled, folders read, pages fetched."""

    #: feeds read whole with something new; a feed read in part is not counted here
    feeds_updated: int = 0
    feeds_unchanged: int = 0
    #: the labels of the feeds that were not well-formed and were read only up to the
    #: damage: they answered, but entries past it may be lost, so cron should hear of it
    read_in_part: list[str] = field(default_factory=list)
    new_entries: int = 0
    new_articles: int = 0
    #: another outlet's copy of a stored article (the same text, or nearly)
    extra_sources: int = 0
    #: a stored article read again under another address of its own (an AMP or print
    #: copy citing the same canonical URL): the same page, not another source
    duplicates: int = 0
    #: article pages that failed: pages behind feed entries and page sources alike
    pages_failed: int = 0
    #: folder sources read without error (a folder with nothing new still counts)
    folders_read: int = 0
    #: files (or records of one) in them that were left out (over a limit, not text, a
    #: link out of the folder ...): each named, with why, by ``briefing status``
    files_left_out: int = 0
    #: given-up pages made pending again because the limit that stopped them was raised
    pages_reopened: int = 0
    #: article pages whose reading was tried
    pages_tried: int = 0
    #: the labels of the sources that failed, by kind (feed, folder, page), in order
    failed_sources: dict[str, list[str]] = field(default_factory=dict)

    def source_failed(self, kind: str, label: str) -> None:
        """Name a failed feed or folder, or a page source whose page failed."""
        self.failed_sources.setdefault(kind, []).append(label)

    @property
    def feeds_failed(self) -> int:
        return len(self.failed_sources.get("feed", ()))

    @property
    def folders_failed(self) -> int:
        """Folder sources that could not be read (missing, not a folder, unreadable)."""
        return len(self.failed_sources.get("folder", ()))

    @property
    def failures(self) -> int:
        """Feeds, folders and article pages that failed."""
        return self.feeds_failed + self.folders_failed + self.pages_failed

    @property
    def nothing_worked(self) -> bool:
        """Something failed and no source answered: cron should hear of a dead feed."""
        answered = (self.feeds_updated + len(self.read_in_part) + self.feeds_unchanged
                    + self.folders_read + self.new_articles + self.extra_sources
                    + self.duplicates)
        return answered == 0 and self.failures > 0

    def trouble(self) -> str | None:
        """What went wrong, in a few words, for the exit status and the scheduler's log;
        None when every source was read whole. A feed read in part is trouble too: the
        entries past its damage are lost until it is mended."""
        troubles = []
        if self.failures:
            troubles.append(f"{self.failures} source(s) or page(s) failed")
        if self.read_in_part:
            troubles.append(f"{len(self.read_in_part)} feed(s) read in part: "
                            + "; ".join(self.read_in_part))
        return "; ".join(troubles) + " (logged above)" if troubles else None

    def _named(self, kind: str) -> str:
        names = self.failed_sources.get(kind)
        return f" ({'; '.join(names)})" if names else ""

    def articles_read(self) -> str:
        """What the pages read were: new articles, other outlets' copies of known ones,
        and (when there were any) copies of a known page under another address."""
        return (f"{self.new_articles} new article(s), {self.extra_sources} more source(s) "
                "of known ones" + (f", {self.duplicates} duplicate(s) skipped (a known "
                                   "article's own copy)" if self.duplicates else ""))

    def __str__(self) -> str:
        parts = [self.articles_read()]
        feeds = (self.feeds_updated + len(self.read_in_part) + self.feeds_unchanged
                 + self.feeds_failed)
        folders = self.folders_read + self.folders_failed
        if feeds or not folders:
            partly = (f", {len(self.read_in_part)} read in part "
                      f"({'; '.join(self.read_in_part)})" if self.read_in_part else "")
            parts.append(f"feeds: {self.feeds_updated} updated{partly}, "
                         f"{self.feeds_unchanged} unchanged, "
                         f"{self.feeds_failed} failed{self._named('feed')}")
        if folders:
            parts.append(f"folders: {self.folders_read} read, {self.folders_failed} "
                         f"failed{self._named('folder')}"
                         + (f", {self.files_left_out} input(s) in them left out (`briefing "
                            "status` says why)" if self.files_left_out else ""))
        pages = self.failed_sources.get("page")
        parts.append(f"{self.pages_failed} page(s) failed"
                     + (f", of them page source(s): {'; '.join(pages)}" if pages else "")
                     + (" (`briefing status` lists them, with why)" if self.pages_failed
                        else ""))
        return "; ".join(parts)


def collect(settings: Settings, store: Store, progress: Progress = no_progress,
            fetcher: Fetcher | None = None) -> CollectReport:
    """Poll every source once, then read every pending article page into the store.

    A failing feed, page or folder is logged and recorded, and the run carries on. Pages
    left pending by an earlier, interrupted run are read too.
    """
    report = CollectReport()
    progress = counted(progress)
    store.refresh_index()
    report.pages_reopened = len(reopen_for_raised_limits(settings, store))
    with nullcontext(fetcher) if fetcher else Fetcher(settings.fetch) as client:
        _read_sources(client, settings, store, report, progress)
        read_entries(client, store, store.pending_entries(), settings, report, progress)
    log.info("collect: %s", report)
    return report


def retry(settings: Settings, store: Store, source: str | None = None,
          progress: Progress = no_progress, fetcher: Fetcher | None = None) -> CollectReport:
    """Read now every page that failed (of the source labelled ``source`` when given, a
    page source's page under whichever source listed it): those waiting for the next
    collect and those given up, each getting one more try. A page that fails again is
    recorded as in a collect."""
    report = CollectReport()
    store.refresh_index()
    # a page source's page may be filed under the feed that listed it first
    pages = {canonical_url(s.url) for s in settings.sources
             if s.label == source and s.kind == "page" and s.url}

    def ours(entry: RetryEntry) -> bool:
        return source is None or entry.source == source or canonical_url(entry.url) in pages
    reopened = [e for e in reopen_for_raised_limits(settings, store) if ours(e)]
    report.pages_reopened = len(reopened)
    entries = sorted([e for e in store.retry_entries() if ours(e)] + reopened,
                     key=lambda e: e.id)
    if entries:
        with nullcontext(fetcher) if fetcher else Fetcher(settings.fetch) as client:
            read_entries(client, store, entries, settings, report, progress)
    log.info("retry: %d page(s) tried: %s", len(entries), report)
    return report


def reopen_for_raised_limits(settings: Settings, store: Store) -> list[RetryEntry]:
    """Make pending again, with fresh tries, the pages given up because a limit stopped
    them (size, timeout) that is now higher than it was then. Returns them."""
    limits = {kind: limit_in_force(settings, key) for kind, key in LIMIT_SETTINGS.items()}
    reopened = store.reopen_given_up(limits)
    for entry in reopened:
        key = LIMIT_SETTINGS[entry.error_kind]
        log.info("%s: taken up again: %s is now %s (it was %s when the page was given up)",
                 entry.url, key, limit_text(limits[entry.error_kind]),
                 limit_text(entry.error_bound))
    return reopened


def limit_in_force(settings: Settings, key: str) -> float:
    """The value of the setting ``key`` of :data:`LIMIT_SETTINGS` ("fetch.timeout")."""
    section, name = key.split(".")
    return float(getattr(getattr(settings, section), name))


def limit_text(value: float) -> str:
    """A limit as the config file gives it: 5000000 bytes, 20 or 1.5 seconds."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _read_sources(client: Fetcher, settings: Settings, store: Store, report: CollectReport,
                  progress: CountedProgress) -> None:
    """Poll the feeds (at once across hosts), add the single pages, read the folders; the
    store is written in the sources' order."""
    states = {s.url: store.feed_state(s.url) for s in settings.sources if s.kind == "feed"}
    to_poll = [(s, states[s.url]) for s in settings.sources
               if s.kind == "feed" and not states[s.url].gone]
    progress(f"polling {len(settings.sources)} source(s)")
    with closing(client.in_order(to_poll, lambda job: job[0].url,
                                 lambda job: poll_feed(client, job[0].url, job[1].etag,
                                                       job[1].last_modified))) as polls:
        for i, source in enumerate(settings.sources, 1):
            _read_source(settings, store, source, states, polls, report)
            progress.advance("sources", i, len(settings.sources), source.label)


def _read_source(settings: Settings, store: Store, source: SourceSettings,
                 states: dict[str, FeedState], polls: Iterator, report: CollectReport) -> None:
    """One source into the store; a feed's poll is the next one ``polls`` finishes."""
    if source.kind == "feed" and states[source.url].gone:
        log.info("%s: skipped; the feed answered 410 Gone earlier (remove it from sources)",
                 source.label)
    elif source.kind == "feed":
        (_, state), poll = next(polls)
        _record_poll(store, source, state, poll.result(), report)
    elif source.kind == "page":
        report.new_entries += store.add_entries(
            [FeedEntry(source.url, title=None)], source.label)
    else:
        _collect_folder(settings, store, source, report)


def read_entries(client: Fetcher, store: Store, entries: Sequence[PendingEntry],
                 settings: Settings, report: CollectReport,
                 progress: Progress = no_progress) -> None:
    """Fetch and extract the article page of each store entry (at once across hosts, one
    at a time per host, robots.txt obeyed) and record each page read or failed, in the
    entries' order. Used by collect for the pending entries and by retry for the failed ones."""
    progress = counted(progress)
    report.pages_tried += len(entries)
    pages = client.for_pages()
    fetched = 0
    progress(f"reading {len(entries)} article page(s)")

    def read(entry: PendingEntry) -> PageArticle:
        hint = FeedEntry(entry.url, entry.title, entry.published, entry.author)
        return fetch_article(pages, entry.url, hint, settings.limits)

    def tick(entry: PendingEntry) -> None:
        nonlocal fetched
        fetched += 1
        progress.advance("pages", fetched, len(entries), host_of(entry.url))

    page_sources = {s.label for s in settings.sources if s.kind == "page"}
    for entry, page in pages.in_order(entries, lambda e: e.url, read, on_done=tick):
        if not _record_page(store, entry, page, settings.fetch.max_attempts, report) \
                and entry.source in page_sources:
            report.source_failed("page", entry.source)


def _record_poll(store: Store, source: SourceSettings, state: FeedState, poll: FeedPoll,
                 report: CollectReport) -> None:
    if poll.status == "updated":
        added = store.record_poll(source.url, source.label, etag=poll.etag,
                                  last_modified=poll.last_modified, entries=poll.entries,
                                  warning=poll.warning)
        report.new_entries += added
        if poll.warning:
            report.read_in_part.append(source.label)
            log.warning("%s: %s", source.label, poll.warning)
        else:
            report.feeds_updated += 1
        log.info("%s: %d entries, %d new", source.label, len(poll.entries), added)
    elif poll.status == "not_modified":
        store.record_poll(source.url, source.label, etag=state.etag,
                          last_modified=state.last_modified, not_modified=True)
        report.feeds_unchanged += 1
        log.info("%s: not modified", source.label)
    else:
        store.record_poll(source.url, source.label, etag=state.etag,
                          last_modified=state.last_modified, error=poll.error,
                          gone=poll.status == "gone")
        report.source_failed("feed", source.label)
        if poll.status == "gone":
            log.error("%s: feed is gone (410); it will not be polled again", source.label)
        else:
            log.error("%s: %s", source.label, poll.error)


class _AlreadyLeftOut(logging.Filter):
    """Demotes to INFO the WARNING that a file is left out when the folder's last read
    left it out for the same reason: ``briefing status`` lists it, and cron, which mails
    every warning, is not told of it every half hour."""

    def __init__(self, known: set[tuple[str, str]], given: list[str]) -> None:
        super().__init__()
        self.known, self.given = known, given

    def filter(self, record: logging.LogRecord) -> bool:
        left_out = getattr(record, "left_out", None)
        if left_out is not None and record.levelno == logging.WARNING and (
                given_name(left_out[0], self.given), left_out[1]) in self.known:
            record.levelno, record.levelname = logging.INFO, "INFO"
            # the logger weighed it as a WARNING: at INFO it is shown only where INFO is
            return logging.getLogger(record.name).isEnabledFor(logging.INFO)
        return True


@contextmanager
def _said_once(known: set[tuple[str, str]], given: list[str]) -> Iterator[None]:
    """While a folder is read, its inputs left out before are told as INFO."""
    logger = logging.getLogger("briefing.collect")
    once = _AlreadyLeftOut(known, given)
    logger.addFilter(once)
    try:
        yield
    finally:
        logger.removeFilter(once)


def folder_problem(source: SourceSettings) -> str | None:
    """Why a folder source cannot be read now (missing, neither folder nor file,
    unreadable), or None: what ``briefing check`` says before a collect fails on it."""
    path = Path(source.path)
    if not path.exists():
        return f"{path} does not exist (create it, or fix the source's path)"
    if not (path.is_dir() or path.is_file()):
        return f"{path} is neither a folder nor a file"
    if not os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0)):
        return f"{path} cannot be read (permission denied)"
    return None


def _collect_folder(settings: Settings, store: Store, source: SourceSettings,
                    report: CollectReport) -> None:
    """A folder's files into the store; those it leaves out (logged with why) are
    recorded too, named by their path in the folder, for ``briefing status`` and the
    next briefing's "Left out"."""
    left_out: list[Dropped] = []
    known = {(f.path, f.reason) for f in store.left_out_files([source.label])}
    try:
        with _said_once(known, [source.path]):
            documents = read_paths([source.path], settings.limits, left_out)
    except InputNotFoundError as exc:
        log.error("folder source %s: %s", source.label, exc)
        report.source_failed("folder", source.label)
        return
    report.folders_read += 1
    name_as_given(left_out, [source.path])
    store.record_left_out(source.label, [(d.path, d.reason) for d in left_out])
    report.files_left_out += len(left_out)
    for doc in documents:
        key = f"file://{Path(doc.path).resolve()}#{doc.index}"
        relation = store.add_document(key, source.label, ArticleContent(
            text=doc.text, kind=doc.kind, title=doc.title, publisher=doc.publisher,
            url=doc.url, published=doc.published))
        _count(report, relation)


def _record_page(store: Store, entry: PendingEntry, fetched: Future[PageArticle], max_attempts: int,
                 report: CollectReport) -> bool:
    """Record a page read or failed; False when it failed."""
    try:
        page = fetched.result()
    except (FetchError, ExtractionError) as exc:
        transient = isinstance(exc, FetchError) and exc.transient
        given_up = store.entry_failed(entry.id, str(exc), permanent=not transient,
                                      max_attempts=max_attempts,
                                      kind=getattr(exc, "kind", None),
                                      bound=getattr(exc, "bound", None))
        report.pages_failed += 1
        log.error("%s (%s)", exc, "given up" if given_up else "will retry on the next collect")
        return False
    relation, _ = store.entry_read(entry.id, ArticleContent(
        text=page.text, kind="html", title=page.title, publisher=page.publisher,
        author=page.author, url=page.url, published=page.published))
    _count(report, relation)
    return True


def _count(report: CollectReport, relation: str | None) -> None:
    if relation == "original":
        report.new_articles += 1
    elif relation == "same-url":  # the page again, under another of its addresses
        report.duplicates += 1
    elif relation is not None:
        report.extra_sources += 1
