"""The store: what has been collected, from where, and what each briefing included.

SQLAlchemy 2.x over SQLite by default (one file, ``DATA_DIR/briefing.db``) or PostgreSQL
by URL, so a team can share one store. Tables:

- ``entries``: every address the collector learned of (a feed item, a page source, a
  file), keyed by its address as compared (:func:`briefing.urls.canonical_url`:
  tracking parameters removed), with its status
  (``pending`` until its page is read, then ``done`` or ``failed``), tries and last error;
  a page given up because one of our limits stopped it (size, timeout) keeps which limit
  and its value then, so raising the limit makes it pending again
  (:meth:`Store.reopen_given_up`).
- ``articles``: one row per distinct article text, with its content hash, first-seen
  time, source and extraction result. An entry whose text is already stored (same hash),
  or nearly (the same wire story republished: MinHash over word 5-grams, datasketch LSH),
  points at that article as one more *source* instead of making a new one.
- ``feeds``: per feed, the ETag and Last-Modified for conditional GETs, the last poll and
  its result, last success, last error, the failures in a row and since when, and whether
  the feed is gone (410).
- ``runs``, ``run_articles``, ``run_stories``: each briefing built from the store, what it
  included and what it showed, so an article is briefed once and a continuing story can
  be recognised later.
- ``left_out_files``: the files a folder source's last read left out (over a limit, not
  text, a link out of the folder ...), with why, and the briefing that listed them under
  "Left out", so none is lost silently and each is listed once.

Every change is one short transaction, so a collect killed at any point leaves a
consistent store: an entry is either pending (the next collect reads it) or done.

Schema versions: the ``briefing_schema`` table holds :data:`SCHEMA_VERSION`. A store
written by another version is refused with a message saying so, rather than read wrongly;
a change to the tables bumps the number and adds a step to :data:`MIGRATIONS`.

A SQLite file that is empty (0 bytes) or not a SQLite database is refused, never
replaced by a new empty store: the message points at the newest backup and the README's
recovery steps. A run left ``running`` by a killed build is marked failed by the next
process that holds the store lock (:meth:`Store.fail_abandoned_runs`).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path, PurePath
from typing import Protocol

from sqlalchemy import (Boolean, DateTime, Float, ForeignKey, Integer, LargeBinary, String,
                        Text, TypeDecorator, create_engine, event, exists, func, inspect,
                        or_, select, update)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from ..config import ConfigError, StoreSettings
from ..records import EarlierStory, Published, as_utc
from ..times import parse_time
from ..urls import MAX_URL_CHARS, address_key, canonical_url

log = logging.getLogger("briefing.store")

SCHEMA_VERSION = 5
#: version -> step that upgrades a store from that version to the next
MIGRATIONS: dict[int, Callable[[Connection], None]] = {}


def _add_published_iso(connection: Connection) -> None:
    """Version 3 keeps each publication time as its source gave it (offset, or date alone)."""
    for table in ("articles", "entries"):
        connection.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN published_iso TEXT")


MIGRATIONS[2] = _add_published_iso

_NUM_PERM = 128
_SHINGLE_WORDS = 5
#: datasketch's permutation scheme; stored signatures are only comparable within one
_MINHASH_SCHEME = "affine32"
#: how its 32-bit hash values are stored (little-endian, whatever the machine)
_MINHASH_DTYPE = "<u4"
#: Jaccard bound at which the LSH index proposes candidates (a trimmed copy of half the
#: length still passes); candidates are then confirmed by containment
_LSH_JACCARD = 0.4
#: texts with fewer distinct 5-grams are too short to call near duplicates
_MIN_SHINGLES = 30


class StoreError(RuntimeError):
    """The store cannot be opened or used as it is; the message says what to do."""


class StoreDamaged(StoreError):
    """The store's file is empty, not a database, or has damaged pages: it is refused,
    never replaced; the message points at the backups."""


class StoreSettingError(StoreError, ConfigError):
    """The store's settings name something missing (an unset environment variable)."""


#: a feed's last result when its last poll read only the entries that could be read
READ_IN_PART = "read in part"
#: the first 16 bytes of every SQLite database file
SQLITE_HEADER = b"SQLite format 3\x00"
#: where ``briefing store backup`` writes, under the store's folder
BACKUP_FOLDER = "backups"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for another database or an in-memory one)."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        return Path(url.removeprefix("sqlite:///").split("?", 1)[0])
    return None


def backups_of(db_path: Path) -> list[Path]:
    """The backups ``briefing store backup`` made of this store file, oldest first."""
    folder = db_path.parent / BACKUP_FOLDER
    found = folder.glob(f"{db_path.stem}-*.db") if folder.is_dir() else []
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))


def recovery_steps(db_path: Path) -> str:
    """What to do about a damaged store file, for the one-line error."""
    found = backups_of(db_path)
    backup = (f"restore the newest backup with `briefing store restore {found[-1]}`" if found
              else f"no backup found in {db_path.parent / BACKUP_FOLDER}; restore one of your "
                   f"own, or move {db_path.name} away to start an empty store")
    return f"it was left as it is: {backup} (README: 'When something goes wrong')"


def check_sqlite_file(db_path: Path) -> None:
    """Refuse a store file that is empty or not a SQLite database: SQLite would quietly
    make an empty store of a 0-byte file, and every collected article would be gone."""
    try:
        with open(db_path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return  # a first run: the store is created
    except OSError as exc:
        raise StoreError(f"cannot read the store {db_path}: {exc.strerror}; check the file's "
                         "permissions and the disk") from exc
    if not header:
        raise StoreDamaged(f"the store {db_path} is empty (0 bytes), so every article and run "
                         f"it held is gone; {recovery_steps(db_path)}")
    if header != SQLITE_HEADER:
        raise StoreDamaged(f"the store {db_path} is not a SQLite database (damaged or "
                         f"overwritten); {recovery_steps(db_path)}")


#: what SQLite says of a file whose pages are damaged (not of a busy or missing one)
_DAMAGE = re.compile(r"malformed|not a database|corrupt|disk i/o error|encrypted", re.I)


def damaged_store_error(url: str, exc: BaseException) -> StoreError:
    """A one-line StoreError for a database error met while reading or writing."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    path = sqlite_path(url)
    if path is not None and isinstance(exc, DatabaseError) and _DAMAGE.search(reason):
        return StoreDamaged(f"the store {path} is damaged ({reason}); {recovery_steps(path)}")
    return StoreError(f"the store at {_safe_url(url)} failed: {reason}")


# --- fingerprints -------------------------------------------------------------------

def _normal_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.findall(r"\w+", text)


def content_hash(text: str) -> str:
    """Hash of the words of a text: spacing, case and punctuation do not change it."""
    return hashlib.sha256(" ".join(_normal_words(text)).encode("utf-8")).hexdigest()


def text_minhash(text: str):
    """MinHash of the text's word 5-grams (the text itself when shorter), and how many
    distinct 5-grams there are."""
    from datasketch import MinHash

    words = _normal_words(text)
    n = _SHINGLE_WORDS
    shingles = {" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}
    signature = MinHash(num_perm=_NUM_PERM, scheme=_MINHASH_SCHEME)
    signature.update_batch([s.encode("utf-8") for s in shingles])
    return signature, len(shingles)


def overlap(signature_a, size_a: int, signature_b, size_b: int) -> float:
    """Estimated share of the smaller text's 5-grams found in the other (containment),
    from the MinHash Jaccard estimate: a copy trimmed or extended by another outlet
    scores high though the two differ in length."""
    jaccard = signature_a.jaccard(signature_b)
    common = jaccard * (size_a + size_b) / (1 + jaccard)
    return min(1.0, common / max(1, min(size_a, size_b)))


def _minhash_from_bytes(raw: bytes):
    import numpy as np
    from datasketch import MinHash

    return MinHash(num_perm=_NUM_PERM, scheme=_MINHASH_SCHEME,
                   hashvalues=np.frombuffer(raw, dtype=_MINHASH_DTYPE).astype(np.uint32))


# --- tables -------------------------------------------------------------------------

class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None \
            else value.astimezone(timezone.utc)


def published_columns(when: Published | None) -> dict:
    """A publication time as stored: the UTC instant (``published``, for queries and for
    PostgreSQL's timestamptz) and the source's own ISO 8601 form (``published_iso``:
    ``2026-12-01T14:49:20+01:00``, or ``2026-12-01`` for a date alone)."""
    if when is None:
        return {"published": None, "published_iso": None}
    return {"published": as_utc(when), "published_iso": when.isoformat()}


def stored_published(instant: datetime | None, iso: str | None) -> Published | None:
    """The publication time as its source gave it; the UTC instant for rows stored before
    the source's form was kept (schema version 2)."""
    return (parse_time(iso) if iso else None) or instant


class Base(DeclarativeBase):
    pass


class SchemaRow(Base):
    __tablename__ = "briefing_schema"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(64))


class ArticleRow(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    #: Document.kind: text, markdown, html (extracted page) or json
    kind: Mapped[str] = mapped_column(String(16))
    publisher: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    #: the publication instant in UTC, for queries; published_iso says it as the source
    #: did, with its offset or as a date alone (see :func:`published_columns`)
    published: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_iso: Mapped[str | None] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    source: Mapped[str] = mapped_column(Text)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: distinct word 5-grams in the text (sizes turn the Jaccard estimate into containment)
    shingles: Mapped[int | None] = mapped_column(Integer)


class EntryRow(Base):
    __tablename__ = "entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_url: Mapped[str] = mapped_column(String(MAX_URL_CHARS), unique=True)
    url: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    #: pending (page not read yet), done, or failed (given up)
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    #: what the feed said, used when the page does not say it
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_iso: Mapped[str | None] = mapped_column(Text)
    #: the site that carried this copy (the page's own name for itself)
    publisher: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    #: original, same-text or near-duplicate
    relation: Mapped[str | None] = mapped_column(String(16))
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: which of our limits stopped the last read (too_large, timeout, too_slow; see
    #: FetchError.kind) and its value then, or None
    error_kind: Mapped[str | None] = mapped_column(String(16))
    error_bound: Mapped[float | None] = mapped_column(Float)


class FeedRow(Base):
    __tablename__ = "feeds"
    url: Mapped[str] = mapped_column(String(MAX_URL_CHARS), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    gone: Mapped[bool] = mapped_column(Boolean, default=False)
    #: updated, not_modified, failed or gone (None: polled before schema version 4)
    last_result: Mapped[str | None] = mapped_column(String(16))
    #: polls failed in a row, and when the first of them failed
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RunRow(Base):
    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the briefing's date (YYYY-MM-DD)
    date: Mapped[str] = mapped_column(String(10))
    since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: running, done or failed
    status: Mapped[str] = mapped_column(String(16), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    #: {format: path} of the files written
    files: Mapped[str | None] = mapped_column(Text)


class RunArticleRow(Base):
    __tablename__ = "run_articles"
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True,
                                            index=True)


class RunStoryRow(Base):
    __tablename__ = "run_stories"
    run_id: Mapped[int] = mapped_column(ForeignKey("runs.id"), primary_key=True)
    story_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    headline: Mapped[str] = mapped_column(Text)
    #: JSON list of store article ids, and of the summary sentences shown
    article_ids: Mapped[str] = mapped_column(Text)
    shown: Mapped[str] = mapped_column(Text)


def _add_health_columns(connection: Connection) -> None:
    """Version 3 -> 4: each feed's last result and failures in a row, each entry's last
    try and the limit that stopped it. A feed whose last poll failed is counted as failing
    once, since its last error."""
    added = {FeedRow.__table__: ("last_result", "failures", "failing_since"),
             EntryRow.__table__: ("last_attempt_at", "error_kind", "error_bound")}
    for table, names in added.items():
        have = {column["name"] for column in inspect(connection).get_columns(table.name)}
        for name in names:
            if name in have:  # a store that has it already (made by hand, or restored)
                continue
            column = table.c[name]
            ddl = column.type.compile(dialect=connection.dialect)
            default = " DEFAULT 0 NOT NULL" if name == "failures" else ""
            connection.execute(sql_text(
                f"ALTER TABLE {table.name} ADD COLUMN {name} {ddl}{default}"))
    feeds = FeedRow.__table__.c
    connection.execute(update(FeedRow.__table__).where(
        feeds.last_error_at.is_not(None),
        or_(feeds.last_success.is_(None), feeds.last_error_at > feeds.last_success)).values(
            failures=1, failing_since=feeds.last_error_at, last_result="failed"))


MIGRATIONS[3] = _add_health_columns


class LeftOutFileRow(Base):
    __tablename__ = "left_out_files"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the folder source's label, and the file's path in its folder, as a briefing names it
    source: Mapped[str] = mapped_column(Text)
    path: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    #: the finished briefing whose "Left out" listed it; None until one does
    listed_run: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))


def _add_left_out_files(connection: Connection) -> None:
    """Version 4 -> 5: the files each folder source left out."""
    Base.metadata.create_all(connection, tables=[LeftOutFileRow.__table__])


MIGRATIONS[4] = _add_left_out_files


# --- what the store hands out -------------------------------------------------------

@dataclass
class ArticleContent:
    """An extraction result to store: a page read from the web, or a file's document."""

    text: str
    kind: str = "html"
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    published: Published | None = None


@dataclass
class SourceCopy:
    """One place an article was found: the first, or a republication of it."""

    url: str
    source: str
    publisher: str | None
    relation: str


@dataclass
class StoredArticle:
    id: int
    content: ArticleContent
    first_seen: datetime
    source: str
    copies: list[SourceCopy] = field(default_factory=list)


@dataclass
class PendingEntry:
    id: int
    url: str
    source: str
    attempts: int
    title: str | None
    author: str | None
    published: Published | None


@dataclass
class RetryEntry(PendingEntry):
    """An entry whose page failed: waiting for its next try (``pending``) or given up
    (``failed``), with why."""

    status: str = "pending"
    last_error: str | None = None
    last_attempt_at: datetime | None = None
    error_kind: str | None = None
    error_bound: float | None = None


@dataclass
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    gone: bool = False
    last_polled: datetime | None = None
    #: updated, not_modified, failed or gone; None before the first poll (or for a
    #: successful one recorded before schema version 4)
    last_result: str | None = None
    #: polls failed in a row, since when
    failures: int = 0
    failing_since: datetime | None = None


@dataclass
class LeftOutFile:
    """A file a folder source's last read left out, and why."""

    id: int
    source: str
    path: str
    reason: str
    first_seen: datetime
    last_seen: datetime


@dataclass
class ShownStory:
    """A story as a briefing showed it, remembered for continuity."""

    id: str
    headline: str
    article_ids: list[int]
    shown: list[str]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


# --- the store ----------------------------------------------------------------------

def database_url(settings: StoreSettings) -> str:
    """The URL from the environment variable named by ``url_env``, else ``url``, else the
    SQLite file under ``data_dir``."""
    if settings.url_env:
        value = os.environ.get(settings.url_env, "")
        if not value:
            raise StoreSettingError(f"store.url_env names ${settings.url_env}, which is not set")
        return value
    if settings.url:
        return settings.url
    return f"sqlite:///{Path(settings.data_dir) / 'briefing.db'}"


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]  # the driver we install
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        folder = Path(url.removeprefix("sqlite:///")).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot make the store's folder {folder}: "
                             f"{exc.strerror or exc} (check store.data_dir)") from exc
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001
            # WAL lets the scheduler's job store read while a collect writes; the busy
            # timeout makes a second writer wait instead of failing.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()
    return engine


class Store:
    """The store behind one engine; safe to share between the scheduler's jobs."""

    def __init__(self, url: str, settings: StoreSettings | None = None) -> None:
        self.settings = settings or StoreSettings()
        self.url = url
        self.path = sqlite_path(url)
        if self.path is not None:
            check_sqlite_file(self.path)
        self.engine = make_engine(url)
        self._lsh = None
        #: canonical address -> article, for the articles in the LSH index (built with it)
        self._addresses: dict[str, int] = {}
        self._lsh_lock = threading.Lock()
        try:
            self._check_schema()
        except DatabaseError as exc:
            self.engine.dispose()
            raise damaged_store_error(url, exc) from exc

    @classmethod
    def open(cls, settings: StoreSettings) -> Store:
        """The configured store; :class:`StoreError` says why it cannot be opened."""
        url = database_url(settings)
        try:
            return cls(url, settings)
        except SQLAlchemyError as exc:
            reason = getattr(exc, "orig", None) or exc
            raise StoreError(f"cannot open the store at {_safe_url(url)}: "
                             f"{str(reason).strip().splitlines()[0]}") from exc

    def check_integrity(self) -> None:
        """Read every page (SQLite's quick_check); :class:`StoreDamaged` when one is bad."""
        if self.engine.dialect.name != "sqlite":
            return
        try:
            with self.engine.connect() as connection:
                result = connection.exec_driver_sql("PRAGMA quick_check").scalar()
        except DatabaseError as exc:
            raise damaged_store_error(self.url, exc) from exc
        if result != "ok":
            raise StoreDamaged(f"the store {self.path} is damaged ({result}); "
                               f"{recovery_steps(self.path)}")

    def lock(self, purpose: str = "store"):
        """The lock that lets one collect, build or delivery at a time use this store (a
        file beside a SQLite store; an advisory lock on PostgreSQL). Not yet taken."""
        from .locking import store_lock
        return store_lock(self, purpose)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _check_schema(self) -> None:
        with self.engine.begin() as connection:
            tables = set(inspect(connection).get_table_names())
            if SchemaRow.__tablename__ in tables:
                row = connection.execute(select(SchemaRow.value).where(
                    SchemaRow.key == "version")).scalar()
                version = int(row) if row else 0
                while version in MIGRATIONS and version < SCHEMA_VERSION:
                    MIGRATIONS[version](connection)
                    version += 1
                if version != SCHEMA_VERSION:
                    raise StoreError(
                        f"the store at {_safe_url(self.url)} has schema version {version}; "
                        f"this briefing {'is older' if version > SCHEMA_VERSION else 'needs'} "
                        f"version {SCHEMA_VERSION}. Use a briefing of the matching version, or "
                        "a new store (store.data_dir / store.url).")
                connection.execute(SchemaRow.__table__.update().where(
                    SchemaRow.key == "version").values(value=str(version)))
            elif tables & {"articles", "entries", "feeds"}:
                raise StoreError(f"{_safe_url(self.url)} holds tables that are not a briefing "
                                 "store (no briefing_schema table)")
            Base.metadata.create_all(connection)
            if SchemaRow.__tablename__ not in tables:
                connection.execute(SchemaRow.__table__.insert().values(
                    key="version", value=str(SCHEMA_VERSION)))

    # --- feeds ----------------------------------------------------------------------

    def feed_state(self, url: str) -> FeedState:
        with Session(self.engine) as session:
            row = session.get(FeedRow, url)
            if row is None:
                return FeedState(url)
            return FeedState(url, row.etag, row.last_modified, row.last_success,
                             row.last_error, row.gone, row.last_polled,
                             row.last_result, row.failures or 0, row.failing_since)

    def record_poll(self, feed_url: str, source: str, *, etag: str | None,
                    last_modified: str | None, entries: Sequence[PendingEntryInput] = (),
                    error: str | None = None, gone: bool = False,
                    not_modified: bool = False, warning: str | None = None) -> int:
        """Save one poll in one transaction: the new entries (as pending) and the feed's
        state, so a feed's ETag never moves past entries that were not recorded; a failed
        poll counts one more failure in a row, a successful one ends the run. A poll that
        read only part of a feed (``warning``: what was wrong with it) succeeded, and keeps
        the warning as its last error, with the result "read in part".
        Returns how many entries were new."""
        now = utcnow()
        with Session(self.engine) as session, session.begin():
            row = session.get(FeedRow, feed_url)
            if row is None:
                row = FeedRow(url=feed_url, source=source)
                session.add(row)
            row.last_polled = now
            row.etag, row.last_modified = etag, last_modified
            if error is None and not_modified and row.last_result == READ_IN_PART:
                row.last_success = now  # the same broken feed: what was wrong still is
            elif error is None:
                row.last_success, row.last_error = now, warning
                row.failures, row.failing_since = 0, None
                row.last_result = ("not_modified" if not_modified
                                   else READ_IN_PART if warning else "updated")
                if warning:
                    row.last_error_at = now
            else:
                row.last_error, row.last_error_at = error, now
                row.failures = (row.failures or 0) + 1
                row.failing_since = row.failing_since or now
                row.last_result = "gone" if gone else "failed"
            row.gone = gone
            return self._add_entries(session, entries, source, now)

    def add_entries(self, entries: Sequence[PendingEntryInput], source: str) -> int:
        """Record addresses to read (a page source); known ones are skipped."""
        with Session(self.engine) as session, session.begin():
            return self._add_entries(session, entries, source, utcnow())

    def _add_entries(self, session: Session, entries: Iterable[PendingEntryInput], source: str,
                     now: datetime) -> int:
        added = 0
        seen: set[str] = set()
        for entry in entries:
            key = canonical_url(entry.url)
            if len(key) > MAX_URL_CHARS:
                log.warning("%s: address longer than %d characters; skipped", source,
                            MAX_URL_CHARS)
                continue
            if key in seen or session.scalar(select(EntryRow.id).where(
                    EntryRow.canonical_url == key)) is not None:
                continue
            seen.add(key)
            session.add(EntryRow(canonical_url=key, url=entry.url, source=source,
                                 first_seen=now, status="pending", attempts=0,
                                 title=entry.title, author=entry.author,
                                 **published_columns(entry.published)))
            added += 1
        return added

    # --- entries and articles -------------------------------------------------------

    def pending_entries(self) -> list[PendingEntry]:
        with Session(self.engine) as session:
            rows = session.scalars(select(EntryRow).where(EntryRow.status == "pending")
                                   .order_by(EntryRow.id)).all()
            return [PendingEntry(r.id, r.url, r.source, r.attempts, r.title, r.author,
                                 stored_published(r.published, r.published_iso))
                    for r in rows]

    def entry_failed(self, entry_id: int, error: str, *, permanent: bool,
                     max_attempts: int, kind: str | None = None,
                     bound: float | None = None) -> bool:
        """Count a failed read, with the limit that stopped it (``kind``, ``bound``: see
        FetchError) if one did; returns True when the entry is given up."""
        with Session(self.engine) as session, session.begin():
            row = session.get(EntryRow, entry_id)
            row.attempts += 1
            row.last_error, row.last_attempt_at = error, utcnow()
            row.error_kind, row.error_bound = kind, bound
            row.status = "failed" if permanent or row.attempts >= max_attempts else "pending"
            return row.status == "failed"

    def retry_entries(self, source: str | None = None) -> list[RetryEntry]:
        """Entries whose page failed: pending ones that have been tried, and given-up
        ones (of one source when given); oldest first."""
        query = select(EntryRow).where(or_(
            EntryRow.status == "failed", (EntryRow.status == "pending") & (EntryRow.attempts > 0)))
        if source is not None:
            query = query.where(EntryRow.source == source)
        with Session(self.engine) as session:
            return [_retry_entry(r) for r in session.scalars(query.order_by(EntryRow.id))]

    def entry_state(self, url: str) -> RetryEntry | None:
        """The entry of an address (compared canonically), whatever its status."""
        with Session(self.engine) as session:
            row = session.scalar(select(EntryRow).where(
                EntryRow.canonical_url == canonical_url(url)))
            return _retry_entry(row) if row is not None else None

    def reopen_given_up(self, limits: dict[str, float]) -> list[RetryEntry]:
        """Make pending again, with fresh tries, every given-up entry that a limit in
        ``limits`` (kind -> value now in force) stopped at a lower value than now: the
        page may fit today. Returns them as they were."""
        with Session(self.engine) as session, session.begin():
            rows = session.scalars(select(EntryRow).where(
                EntryRow.status == "failed", EntryRow.error_kind.in_(list(limits)))).all()
            reopened = []
            for row in rows:
                if row.error_bound is not None and row.error_bound < limits[row.error_kind]:
                    reopened.append(_retry_entry(row))
                    row.status, row.attempts = "pending", 0
            return reopened

    def new_articles(self, since: datetime) -> dict[str, int]:
        """Articles first seen at or after ``since``, counted by source."""
        with Session(self.engine) as session:
            return dict(session.execute(
                select(ArticleRow.source, func.count(ArticleRow.id))
                .where(ArticleRow.first_seen >= since).group_by(ArticleRow.source)).all())

    def entry_read(self, entry_id: int, content: ArticleContent) -> tuple[str, int]:
        """Store what an entry's page held. Returns (relation, article id): ``original``
        for a new article, ``same-url`` when it is a stored article's own page under
        another address, ``same-text`` or ``near-duplicate`` when it is one more source
        of an article already stored."""
        with Session(self.engine) as session, session.begin():
            row = session.get(EntryRow, entry_id)
            if row.status == "done":  # another collector got there first
                return row.relation or "original", row.article_id
            # the article is first seen now, when its text is stored, not when its feed
            # entry was: a page read after a briefing (a retry) is new to "--since last"
            relation, article_id, signature = self._place(session, content, row.source,
                                                          utcnow())
            row.status, row.relation, row.article_id = "done", relation, article_id
            row.publisher, row.last_error = content.publisher, None
            row.last_attempt_at, row.error_kind, row.error_bound = utcnow(), None, None
        self._remember(article_id, signature, content.url)
        return relation, article_id

    def add_document(self, key: str, source: str, content: ArticleContent) -> str | None:
        """Store a local file's document under ``key`` (its path), once. Returns the
        relation as in :meth:`entry_read`, or None if the key was stored before."""
        key = key[:MAX_URL_CHARS]
        with Session(self.engine) as session, session.begin():
            if session.scalar(select(EntryRow.id).where(EntryRow.canonical_url == key)):
                return None
            now = utcnow()
            relation, article_id, signature = self._place(session, content, source, now)
            session.add(EntryRow(canonical_url=key, url=key, source=source, first_seen=now,
                                 status="done", attempts=0, title=content.title,
                                 publisher=content.publisher, article_id=article_id,
                                 relation=relation))
        self._remember(article_id, signature, content.url)
        return relation

    def record_left_out(self, source: str, files: Sequence[tuple[str, str]]) -> None:
        """What the last read of the folder source ``source`` left out, as (path in the
        folder, reason) pairs, in one transaction. A file left out again keeps its row
        (when it was first seen, whether a briefing listed it); a file no longer left out
        (read since, or gone from the folder) loses it."""
        now = utcnow()
        with Session(self.engine) as session, session.begin():
            rows = {(row.path, row.reason): row for row in session.scalars(
                select(LeftOutFileRow).where(LeftOutFileRow.source == source))}
            for path, reason in dict.fromkeys(files):
                row = rows.pop((path, reason), None)
                if row is None:
                    session.add(LeftOutFileRow(source=source, path=path, reason=reason,
                                               first_seen=now, last_seen=now))
                else:
                    row.last_seen = now
            for row in rows.values():
                session.delete(row)

    def left_out_files(self, sources: Iterable[str] | None = None, *, unlisted: bool = False,
                       new_since: datetime | None = None) -> list[LeftOutFile]:
        """The files folder sources left out at their last read (of ``sources`` when
        given), in the order they were found; ``unlisted``: only those no finished
        briefing has listed yet (first seen at or after ``new_since`` when given), as a
        briefing from the store takes its articles."""
        query = select(LeftOutFileRow).order_by(LeftOutFileRow.id)
        if sources is not None:
            query = query.where(LeftOutFileRow.source.in_(list(sources)))
        if unlisted:
            listed = exists().where(RunRow.id == LeftOutFileRow.listed_run,
                                    RunRow.status == "done")
            query = query.where(~listed)
        if new_since is not None:
            query = query.where(LeftOutFileRow.first_seen >= new_since)
        with Session(self.engine) as session:
            return [LeftOutFile(r.id, r.source, r.path, r.reason, r.first_seen, r.last_seen)
                    for r in session.scalars(query)]

    def _place(self, session: Session, content: ArticleContent, source: str,
               first_seen: datetime):
        # the address first: a page citing a stored article's canonical URL is that page
        # again (an AMP or print copy, word for word or edited since), not another outlet's
        same = self._same_address(session, content.url)
        if same is not None:
            return "same-url", same, None
        digest = content_hash(content.text)
        same = session.scalar(select(ArticleRow.id).where(ArticleRow.content_hash == digest))
        if same is not None:
            return "same-text", same, None
        signature = text_minhash(content.text)
        near = self._near_duplicate(*signature)
        if near is not None:
            return "near-duplicate", near, None
        article = ArticleRow(content_hash=digest, title=content.title, text=content.text,
                             kind=content.kind, publisher=content.publisher,
                             author=content.author, url=content.url,
                             **published_columns(content.published), first_seen=first_seen,
                             source=source, shingles=signature[1],
                             minhash=signature[0].hashvalues.astype(_MINHASH_DTYPE).tobytes())
        session.add(article)
        session.flush()
        return "original", article.id, signature

    def _same_address(self, session: Session, url: str | None) -> int | None:
        """The stored article cited at ``url`` (compared canonically), if any: the article
        of an entry read from that address, else a recent article that cites it (one read
        under another address whose page declared this canonical one)."""
        key = address_key(url)
        if key is None:
            return None
        found = session.scalar(select(EntryRow.article_id).where(
            EntryRow.canonical_url == key, EntryRow.article_id.is_not(None)))
        if found is not None:
            return found
        with self._lsh_lock:
            self._index()
            return self._addresses.get(key)

    def _near_duplicate(self, signature, size: int) -> int | None:
        """The stored article this text nearly repeats, if any. LSH finds candidates at a
        loose Jaccard bound; each is confirmed by its estimated containment, since the
        smaller text must be long enough for an overlap to mean a shared story."""
        if size < _MIN_SHINGLES:
            return None
        with self._lsh_lock:
            lsh = self._index()
            best, best_score = None, 0.0
            for key in lsh.query(signature):
                other, other_size = self._signatures[key]
                if other_size < _MIN_SHINGLES:
                    continue
                score = overlap(signature, size, other, other_size)
                if score >= self.settings.near_duplicate_threshold and score > best_score:
                    best, best_score = key, score
            return best

    def _index(self):
        """The LSH index of recent articles, built once per Store from the database."""
        if self._lsh is None:
            from datasketch import MinHashLSH

            self._lsh = MinHashLSH(threshold=_LSH_JACCARD, num_perm=_NUM_PERM)
            self._signatures, self._addresses = {}, {}
            since = utcnow() - timedelta(days=self.settings.near_duplicate_days)
            with Session(self.engine) as session:
                for article_id, raw, size, url in session.execute(
                        select(ArticleRow.id, ArticleRow.minhash, ArticleRow.shingles,
                               ArticleRow.url).where(
                            ArticleRow.first_seen >= since, ArticleRow.minhash.is_not(None))):
                    self._insert(article_id, (_minhash_from_bytes(raw), size or 0), url)
        return self._lsh

    def _insert(self, article_id: int, signature, url: str | None) -> None:
        self._signatures[article_id] = signature
        self._lsh.insert(article_id, signature[0])
        key = address_key(url)
        if key is not None:
            self._addresses.setdefault(key, article_id)

    def _remember(self, article_id: int, signature, url: str | None) -> None:
        """Index an article once its transaction has committed."""
        if signature is None:
            return
        with self._lsh_lock:
            if self._lsh is not None and article_id not in self._signatures:
                self._insert(article_id, signature, url)

    def refresh_index(self) -> None:
        """Forget the in-memory index (another process may have added articles)."""
        with self._lsh_lock:
            self._lsh = None

    def _copies(self, session: Session, article_ids: Sequence[int]) -> dict[int, list[SourceCopy]]:
        found: dict[int, list[SourceCopy]] = {i: [] for i in article_ids}
        if not article_ids:
            return found
        for row in session.scalars(select(EntryRow).where(EntryRow.article_id.in_(article_ids))
                                   .order_by(EntryRow.id)):
            found[row.article_id].append(
                SourceCopy(row.url, row.source, row.publisher, row.relation or "original"))
        return found

    def articles(self, *, new_since: datetime | None = None,
                 ids: Sequence[int] | None = None) -> list[StoredArticle]:
        """Articles no finished briefing included (first seen at or after ``new_since``
        when given), or exactly the articles ``ids``; oldest first."""
        with Session(self.engine) as session:
            query = select(ArticleRow).order_by(ArticleRow.first_seen, ArticleRow.id)
            if ids is not None:
                query = query.where(ArticleRow.id.in_(list(ids)))
            else:
                briefed = exists().where(RunArticleRow.article_id == ArticleRow.id,
                                         RunArticleRow.run_id == RunRow.id,
                                         RunRow.status == "done")
                query = query.where(~briefed)
                if new_since is not None:
                    query = query.where(ArticleRow.first_seen >= new_since)
            rows = session.scalars(query).all()
            copies = self._copies(session, [r.id for r in rows])
            return [StoredArticle(
                r.id, ArticleContent(r.text, r.kind, r.title, r.publisher, r.author, r.url,
                                     stored_published(r.published, r.published_iso)),
                r.first_seen, r.source, copies[r.id]) for r in rows]

    def counts(self) -> dict[str, int]:
        """How many articles, entries by status, feeds and finished runs are stored."""
        with Session(self.engine) as session:
            found = {"articles": session.scalar(select(func.count(ArticleRow.id))),
                     "feeds": session.scalar(select(func.count(FeedRow.url))),
                     "runs": session.scalar(select(func.count(RunRow.id)).where(
                         RunRow.status == "done"))}
            for status, n in session.execute(select(EntryRow.status, func.count(EntryRow.id))
                                             .group_by(EntryRow.status)):
                found[f"entries_{status}"] = n
            return found

    # --- briefing runs --------------------------------------------------------------

    def last_run_start(self) -> datetime | None:
        """When the last finished briefing started (``--since last``)."""
        with Session(self.engine) as session:
            return session.scalar(select(func.max(RunRow.started_at)).where(
                RunRow.status == "done"))

    def start_run(self, day: str, since: datetime | None) -> int:
        with Session(self.engine) as session, session.begin():
            run = RunRow(started_at=utcnow(), date=day, since=since, status="running")
            session.add(run)
            session.flush()
            return run.id

    def finish_run(self, run_id: int, article_ids: Iterable[int], stories: Iterable[ShownStory],
                   files: dict[str, str],
                   also: Callable[[Session], None] | None = None,
                   left_out: Iterable[int] = ()) -> None:
        """Mark a run done with what it included, in one transaction: from then on those
        articles are no longer new, nor the left-out files it listed (``left_out``: their
        ids). ``also`` adds to the same transaction (the edition's outbox rows)."""
        with Session(self.engine) as session, session.begin():
            if also is not None:
                also(session)
            left_out = list(left_out)
            if left_out:
                session.execute(update(LeftOutFileRow).where(
                    LeftOutFileRow.id.in_(left_out)).values(listed_run=run_id))
            run = session.get(RunRow, run_id)
            for article_id in dict.fromkeys(article_ids):
                session.add(RunArticleRow(run_id=run_id, article_id=article_id))
            for story in stories:
                session.add(RunStoryRow(run_id=run_id, story_id=story.id[:200],
                                        headline=story.headline,
                                        article_ids=json.dumps(story.article_ids),
                                        shown=json.dumps(story.shown, ensure_ascii=False)))
            run.status, run.finished_at, run.files = "done", utcnow(), json.dumps(files)

    def fail_abandoned_runs(self) -> list[int]:
        """Mark failed every run still ``running``: called by a process holding the store
        lock, so their builds were killed. Returns their ids."""
        with Session(self.engine) as session, session.begin():
            rows = session.scalars(select(RunRow).where(RunRow.status == "running")).all()
            for run in rows:
                run.status, run.finished_at = "failed", utcnow()
                run.error = (f"abandoned: the build started {run.started_at:%Y-%m-%d %H:%M} "
                             "UTC stopped without finishing (killed?)")
                log.warning("run %d (briefing of %s, started %s UTC) never finished; marked "
                            "failed", run.id, run.date, f"{run.started_at:%Y-%m-%d %H:%M}")
            return [run.id for run in rows]

    def fail_run(self, run_id: int, error: str) -> None:
        with Session(self.engine) as session, session.begin():
            run = session.get(RunRow, run_id)
            run.status, run.finished_at, run.error = "failed", utcnow(), error

    def runs(self) -> list[dict]:
        with Session(self.engine) as session:
            rows = session.scalars(select(RunRow).order_by(RunRow.id)).all()
            out = []
            for r in rows:
                included = session.scalars(select(RunArticleRow.article_id).where(
                    RunArticleRow.run_id == r.id).order_by(RunArticleRow.article_id)).all()
                out.append({"id": r.id, "date": r.date, "status": r.status, "error": r.error,
                            "started_at": r.started_at, "since": r.since,
                            "articles": list(included),
                            "files": json.loads(r.files) if r.files else {}})
            return out

    def story_ids(self) -> set[str]:
        """Every story id a finished briefing has used."""
        with Session(self.engine) as session:
            return set(session.scalars(select(RunStoryRow.story_id).join(
                RunRow, RunRow.id == RunStoryRow.run_id).where(RunRow.status == "done")))

    def earlier_stories(self, days: int = 7) -> list[EarlierStory]:
        """Stories shown by finished briefings of the last ``days`` days, latest showing
        first, each with the date it was first shown."""
        cutoff = utcnow() - timedelta(days=days)
        with Session(self.engine) as session:
            rows = session.execute(
                select(RunStoryRow, RunRow.date, RunRow.started_at, RunRow.files)
                .join(RunRow, RunRow.id == RunStoryRow.run_id)
                .where(RunRow.status == "done").order_by(RunRow.started_at)).all()
            first_shown: dict[str, str] = {}
            first_record: dict[str, str] = {}
            latest: dict[str, RunStoryRow] = {}
            for story, day, started, files in rows:
                if story.story_id not in first_shown:
                    first_shown[story.story_id] = day
                    first_record[story.story_id] = _record_file(files)
                if started >= cutoff:
                    latest[story.story_id] = story
            ids = {i for s in latest.values() for i in json.loads(s.article_ids)}
            texts = dict(session.execute(select(ArticleRow.id, ArticleRow.text).where(
                ArticleRow.id.in_(ids))).all()) if ids else {}
            titles = dict(session.execute(select(ArticleRow.id, ArticleRow.title).where(
                ArticleRow.id.in_(ids))).all()) if ids else {}
            out = []
            for story_id, story in reversed(list(latest.items())):
                article_ids = [i for i in json.loads(story.article_ids) if i in texts]
                out.append(EarlierStory(
                    id=story_id, since=date.fromisoformat(first_shown[story_id]),
                    titles=[story.headline] + [titles[i] for i in article_ids if titles[i]],
                    texts=[texts[i] for i in article_ids], shown=json.loads(story.shown),
                    first_record=first_record[story_id]))
            return out


def _record_file(files: str | None) -> str:
    """A run's full record (its HTML, else its PDF) as ``EDITION/FILE``, the path under
    the output folder; "" when it wrote neither or its files do not decode."""
    try:
        written = json.loads(files or "{}")
    except ValueError:
        return ""
    for fmt in ("html", "pdf"):
        path = written.get(fmt) if isinstance(written, dict) else None
        if isinstance(path, str) and path:
            where = PurePath(path)
            return f"{where.parent.name}/{where.name}" if where.parent.name else ""
    return ""


class PendingEntryInput(Protocol):
    """An address to read later, with what its feed said about it (a FeedEntry)."""

    url: str
    title: str | None
    author: str | None
    published: Published | None


def _retry_entry(row: EntryRow) -> RetryEntry:
    return RetryEntry(row.id, row.url, row.source, row.attempts, row.title, row.author,
                      stored_published(row.published, row.published_iso), row.status, row.last_error, row.last_attempt_at,
                      row.error_kind, row.error_bound)


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@/]*@", r"://\1:***@", url)
