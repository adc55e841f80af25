"""The store's locks: one collect, build or delivery at a time per store, and one
scheduler per store.

A SQLite store is locked with a file beside it (``briefing.db.lock``; see
:mod:`briefing.locks`). A PostgreSQL store, shared by a team across machines, is locked
with a session advisory lock, which the server drops when the holder's connection closes
(a killed process included); the holder names itself in its connection's
``application_name``, so a second process can say who holds the lock.
"""
from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from ..locks import FileLock, HeldLock, Holder, LockHeld, wait_for

if TYPE_CHECKING:
    from .core import Store

log = logging.getLogger("briefing.store")

#: first key of every briefing advisory lock (the second is the purpose's)
_ADVISORY_CLASS = 0x6272  # "br"


def _what(where: object, purpose: str) -> str:
    return f"the store {where}" if purpose == "store" else f"the {purpose} of the store {where}"


def sqlite_lock(db_path: Path, purpose: str = "store") -> FileLock:
    """The lock file beside a SQLite store (usable when the store itself is damaged)."""
    suffix = ".lock" if purpose == "store" else f".{purpose}.lock"
    return FileLock(db_path.with_name(db_path.name + suffix), _what(db_path, purpose),
                    "store.data_dir")


def store_lock(store: Store, purpose: str = "store") -> FileLock | PgAdvisoryLock:
    if store.path is not None:
        return sqlite_lock(store.path, purpose)
    what = _what("(PostgreSQL)", purpose)
    if store.engine.dialect.name == "postgresql":
        return PgAdvisoryLock(store, purpose, what)
    raise LockHeld(f"{what}: cannot lock a store of type {store.engine.dialect.name}")


class PgAdvisoryLock(HeldLock):
    """``pg_try_advisory_lock`` held on a connection of its own for as long as it is held."""

    def __init__(self, store: Store, purpose: str, what: str) -> None:
        self.store = store
        self.what = what
        self.key = zlib.crc32(purpose.encode("utf-8")) & 0x7FFFFFFF
        self._engine = None
        self._connection = None

    def acquire(self, wait: float = 0.0,
                on_wait: Callable[[str], None] | None = None) -> PgAdvisoryLock:
        me = Holder.me()
        name = f"briefing pid {me.pid}@{me.host} since {me.since}"[:63]
        self._engine = create_engine(self.store.engine.url, poolclass=NullPool,
                                     connect_args={"application_name": name})
        self._connection = self._engine.connect()

        def take() -> bool:
            got = self._connection.execute(text("SELECT pg_try_advisory_lock(:c, :k)"),
                                           {"c": _ADVISORY_CLASS, "k": self.key}).scalar()
            self._connection.commit()
            return bool(got)
        try:
            wait_for(take, self._holder, self.what, wait, on_wait)
        except LockHeld:
            self.release()
            raise
        return self

    def _holder(self) -> str:
        row = self._connection.execute(text(
            "SELECT a.application_name, a.client_addr, a.backend_start FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' "
            "AND l.classid = :c AND l.objid = :k AND l.granted"),
            {"c": _ADVISORY_CLASS, "k": self.key}).first()
        self._connection.commit()
        if row is None:
            return "another process (it has just let go)"
        return f"{row[0] or 'an unnamed client'} (from {row[1] or 'a local socket'})"

    def release(self) -> None:
        if self._connection is not None:
            self._connection.close()  # closing the session drops its advisory locks
            self._connection = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def held(self) -> bool:
        return self._connection is not None
