"""How the sources are doing, for ``briefing status``: built from the store's records.

Per configured source: the last poll and its result, the articles it brought in the
last 24 hours, its failures in a row (since when, the last error) and when it is tried
next; for a folder, the files its last read left out and why. Then the pages waiting for
their next try or given up, and the outbox's pending and failed deliveries. A feed is polled by every collect, and a waiting page read by
every collect, so "next try" is the next collect: the running scheduler's next collect
when it is known, else the next ``briefing collect`` run by hand or cron.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from .collector import LIMIT_SETTINGS, limit_in_force, limit_text
from .config import Settings, SourceSettings
from .store import READ_IN_PART, Delivery, LeftOutFile, Outbox, RetryEntry, Store, utcnow
from .times import clock_text

#: the window of "new articles"
RECENT = timedelta(hours=24)


@dataclass
class SourceHealth:
    """One configured source as the store last saw it."""

    name: str
    kind: str
    address: str
    group: str
    #: updated, not modified, failed, gone, never polled (feeds); read, waiting, given up
    #: (pages); read, missing (folders)
    result: str
    last_poll: datetime | None = None
    last_success: datetime | None = None
    error: str | None = None
    new_articles: int = 0
    failures: int = 0
    failing_since: datetime | None = None
    next_try: str = ""
    #: a folder's files (or records) its last read left out, with why
    left_out: list[LeftOutFile] = field(default_factory=list)

    @property
    def failing(self) -> bool:
        """Whether cron should hear of it: a feed read only in part loses the entries
        past its damage, so it counts, as a failed poll does."""
        return self.result in ("failed", "gone", "missing", "given up", "waiting",
                               READ_IN_PART)


@dataclass
class PageHealth:
    """A page whose read failed: waiting for its next try, or given up."""

    url: str
    source: str
    status: str
    attempts: int
    last_error: str | None
    last_attempt: datetime | None
    next_try: str


@dataclass
class StatusReport:
    sources: list[SourceHealth] = field(default_factory=list)
    pages: list[PageHealth] = field(default_factory=list)
    #: pending, sending and failed deliveries of the outbox
    deliveries: list[Delivery] = field(default_factory=list)
    #: when the next collect is due, and how that is known
    next_collect: datetime | None = None
    next_collect_from: str = ""

    @property
    def failing(self) -> list[SourceHealth]:
        return [s for s in self.sources if s.failing]


def status_report(settings: Settings, store: Store | None,
                  next_collect: datetime | None = None,
                  now: datetime | None = None) -> StatusReport:
    """The health of every configured source; ``store`` None means nothing has been
    collected yet. ``next_collect`` is the running scheduler's next collect, if any."""
    now = now or utcnow()
    report = StatusReport(next_collect=next_collect)
    if next_collect is not None:
        upcoming = f"next collect, {clock_text(next_collect, settings.schedule.timezone)}"
        report.next_collect_from = f"the schedule's {upcoming} (briefing schedule is running)"
    else:
        report.next_collect_from = "no scheduler is running: the next `briefing collect`"
        upcoming = "next `briefing collect`"
    if store is None:
        report.sources = [SourceHealth(s.label, s.kind, s.url or s.path, s.group,
                                       "never polled" if s.kind == "feed" else "not read yet",
                                       next_try=upcoming) for s in settings.sources]
        return report
    recent = store.new_articles(now - RECENT)
    for source in settings.sources:
        health = _source_health(settings, store, source, upcoming)
        health.new_articles = recent.get(source.label, 0)
        report.sources.append(health)
    for entry in store.retry_entries():
        report.pages.append(PageHealth(entry.url, entry.source, _page_status(entry),
                                       entry.attempts, entry.last_error,
                                       entry.last_attempt_at,
                                       _page_next_try(settings, entry, upcoming)))
    report.deliveries = [d for d in Outbox(store).deliveries(limit=200)
                         if d.status != "sent"]
    return report


def _source_health(settings: Settings, store: Store, source: SourceSettings,
                   upcoming: str) -> SourceHealth:
    health = SourceHealth(source.label, source.kind, source.url or source.path, source.group,
                          "")
    if source.kind == "folder":
        health.result = "read" if Path(source.path).exists() else "missing"
        if health.result == "missing":
            health.error = f"{source.path} does not exist"
            health.next_try = upcoming
        health.left_out = store.left_out_files([source.label])
        return health
    if source.kind == "page":
        entry = store.entry_state(source.url)
        if entry is None:
            health.result, health.next_try = "not read yet", upcoming
            return health
        health.result = "read" if entry.status == "done" else (
            "not read yet" if entry.status == "pending" and not entry.attempts
            else _page_status(entry))
        health.last_poll = entry.last_attempt_at
        if entry.status != "done":
            health.error, health.failures = entry.last_error, entry.attempts
            health.next_try = _page_next_try(settings, entry, upcoming)
        return health
    state = store.feed_state(source.url)
    health.last_poll, health.last_success = state.last_polled, state.last_success
    health.failures, health.failing_since = state.failures, state.failing_since
    if state.gone:
        health.result, health.error = "gone", state.last_error
        health.next_try = "never: it answered 410 Gone (remove it from the sources)"
    elif state.last_polled is None:
        health.result, health.next_try = "never polled", upcoming
    elif state.failures or state.last_result == "failed":
        health.result, health.error, health.next_try = "failed", state.last_error, upcoming
    else:
        health.result = {"not_modified": "not modified", None: "succeeded"}.get(
            state.last_result, state.last_result)
        if state.last_result == READ_IN_PART:
            health.error = state.last_error  # what was wrong with the feed it read past
    return health


def _page_status(entry: RetryEntry) -> str:
    return "given up" if entry.status == "failed" else "waiting"


def _page_next_try(settings: Settings, entry: RetryEntry, upcoming: str) -> str:
    if entry.status != "failed":
        return f"{upcoming} (or `briefing retry` now)"
    key = LIMIT_SETTINGS.get(entry.error_kind or "")
    if key and entry.error_bound is not None \
            and entry.error_bound < limit_in_force(settings, key):
        return (f"{upcoming}: {key} is now {limit_text(limit_in_force(settings, key))}, "
                f"above the {limit_text(entry.error_bound)} that stopped it")
    if key:
        return (f"given up at {key} = {limit_text(entry.error_bound)}; raise it, or "
                "`briefing retry` to try once more")
    return "given up; `briefing retry` tries it once more"
