"""Publication times: read from what feeds, pages and files say, kept as they said it.

A publication time (:data:`briefing.records.Published`) is an aware ``datetime`` with
the UTC offset its source gave (``14:49:20+01:00`` stays so, to the store and to
briefing.json), or a ``date`` alone when the source gave only the day: no 00:00 is
invented. Times are compared as instants (:func:`briefing.records.as_utc`; a date alone
counts as its 00:00 UTC) and shown in the reader's time zone (:func:`in_zone`).
"""
from __future__ import annotations

import email.utils
import logging
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .records import Published, as_utc

log = logging.getLogger("briefing.times")

#: a longer "date" string is not one (and is not worth parsing)
MAX_TIME_CHARS = 100
#: believable publication years: anything outside is a broken or hostile source
YEARS = range(1970, 2201)

#: a story whose dated articles span more than this many hours was told over days: what
#: its last LATEST_HOURS say is what is new (its summary opens with it, its headline says it)
LATEST_HOURS = 24

#: a month's name or its abbreviation, in lower case ("dec", "Dec.", "December"): the
#: patterns that find dates in text (datelines, dated labels, relative dates) spell it once
MONTH_WORD = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"

_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: two fill-ins for what a free-form date leaves out: a field that differs between the
#: two readings was not in the text
_FILL_A = datetime(2000, 1, 1, 0, 0, 0)
_FILL_B = datetime(2001, 2, 2, 1, 1, 1)


def parse_time(value: Any) -> Published | None:
    """A publication time from what a source says: ISO 8601 (``2026-12-01``,
    ``2026-12-01T14:49:20+01:00``), RFC 2822 as feeds write it (``Tue, 01 Dec 2026
    14:49:20 +0100``), else a free-form date dateutil can read in full (``1 December
    2026, 14:49``). A time without an offset is taken as UTC; a date alone stays a date;
    anything unreadable, incomplete or out of :data:`YEARS` is None."""
    if isinstance(value, datetime):
        return _believable(as_utc(value))
    if isinstance(value, date):
        return _believable(value)
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text or len(text) > MAX_TIME_CHARS:
        return None
    try:
        if _DATE_ONLY.fullmatch(text):
            return _believable(date.fromisoformat(text))
        return _believable(as_utc(datetime.fromisoformat(text)))
    except ValueError:
        pass
    try:
        return _believable(as_utc(email.utils.parsedate_to_datetime(text)))
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return _free_form(text)


def _free_form(text: str) -> Published | None:
    try:
        from dateutil import parser
    except ImportError:  # htmldate brings it; without it only the standard forms are read
        return None
    try:
        with warnings.catch_warnings():  # an unknown zone name ("EST5") is read as UTC
            warnings.simplefilter("ignore")
            a = parser.parse(text, default=_FILL_A)
            b = parser.parse(text, default=_FILL_B)
    except (ValueError, OverflowError, TypeError):
        return None
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        return None  # "December 2026": no day, so no publication date
    if (a.hour, a.minute) != (b.hour, b.minute):
        return _believable(a.date())
    return _believable(as_utc(a))


def _believable(value: Published) -> Published | None:
    return value if value.year in YEARS else None


def first_time(sources: Iterable[Callable[[], Published | None]]) -> Published | None:
    """The publication time from sources in order of trust, each asked only when the ones
    before it gave no time of day: the first date-time, else the first date alone. A
    later source's time fills in an earlier one's date only when it falls on that day."""
    day: date | None = None
    for source in sources:
        value = source()
        if value is None:
            continue
        if isinstance(value, datetime):
            if day is None or value.date() == day:
                return value
        elif day is None:
            day = value
    return day


def clock_text(value: datetime | None, zone: str = "UTC") -> str:
    """An instant as the reader's clock shows it (``[schedule] timezone``), for the
    command line's messages: ``2026-12-01 18:07 EST``; "never" for none."""
    if value is None:
        return "never"
    return f"{as_utc(value).astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M %Z}"


def reader_zone(name: str) -> tzinfo:
    """The time zone a reader's times are shown in (``schedule.timezone``, checked when
    the config is read); UTC for a name this machine does not know."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("time zone %r unknown here; times are shown in UTC", name)
        return timezone.utc


def in_zone(value: Published | None, zone: tzinfo) -> Published | None:
    """A publication time as the reader's clock shows it; a date alone stays that date."""
    if value is None or not isinstance(value, datetime):
        return value
    return as_utc(value).astimezone(zone)


def latest_of(times: Sequence[Published | None], hours: float = LATEST_HOURS) -> set[int]:
    """Indexes of the times within ``hours`` of the newest, when an older one shows they
    span days; else none (all of one day, or too few times to tell)."""
    known = {i: as_utc(t).timestamp() for i, t in enumerate(times) if t is not None}
    if not known:
        return set()
    newest = max(known.values())
    latest = {i for i, t in known.items() if newest - t <= hours * 3600}
    return latest if len(latest) < len(known) else set()
