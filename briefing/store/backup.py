"""Backups of a SQLite store, and restoring one.

``backup_store`` uses SQLite's online backup API, so a backup is consistent even while a
collect writes; it is written under a temporary name and renamed when complete, so a
backup folder never holds half a backup. The newest ``keep`` backups are kept.
``restore_store`` checks a backup before it puts it in place, and keeps the file it
replaces beside it. A PostgreSQL store is backed up with the server's own tools
(``pg_dump``), which this module says rather than half-doing it.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from .core import BACKUP_FOLDER, SQLITE_HEADER, Store, StoreError, backups_of


def _need_sqlite(store: Store) -> Path:
    if store.path is None:
        raise StoreError("`briefing store backup` and `restore` work on a SQLite store; back "
                         "up a PostgreSQL store with pg_dump and restore it with pg_restore")
    return store.path


def backup_store(store: Store, folder: Path | None = None, keep: int | None = None) -> Path:
    """Copy the store to ``folder`` (default: ``backups/`` beside it) as
    ``briefing-YYYYMMDD-HHMMSS.db``; then delete all but the newest ``keep`` backups."""
    db_path = _need_sqlite(store)
    folder = Path(folder) if folder else db_path.parent / BACKUP_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db_path.stem}-{stamp}.db"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{db_path.stem}-{stamp}-{n}.db"
    partial = target.with_name(f".{target.name}.partial")
    raw = store.engine.raw_connection()
    try:
        destination = sqlite3.connect(partial)
        try:
            raw.driver_connection.backup(destination)
        finally:
            destination.close()
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"backup to {target} failed: {exc}; the store itself is unchanged"
                         ) from exc
    finally:
        raw.close()
    if keep is not None and keep > 0:
        for old in backups_of(db_path)[:-keep]:
            if old.parent == folder:
                old.unlink(missing_ok=True)
    return target


def check_backup(path: Path) -> None:
    """Refuse a file that is not a complete, readable SQLite database."""
    try:
        with open(path, "rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise StoreError(f"{path} is not a SQLite database; pick another backup")
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            connection.close()
    except OSError as exc:
        raise StoreError(f"cannot read the backup {path}: {exc.strerror or exc}") from exc
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the backup {path}: {exc}") from exc
    if result != "ok":
        raise StoreError(f"the backup {path} is damaged too ({result}); pick an older one")


def restore_store(db_path: Path, backup: Path) -> Path | None:
    """Put ``backup`` in place of the store file ``db_path``. The file replaced (if any)
    is kept as ``briefing.db.replaced-YYYYMMDD-HHMMSS``, whose path is returned; the
    store's write-ahead log files go with it (they belong to the old file)."""
    check_backup(backup)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    kept = None
    if db_path.exists():
        kept = db_path.with_name(f"{db_path.name}.replaced-{stamp}")
        os.replace(db_path, kept)
    for suffix in ("-wal", "-shm"):
        side = db_path.with_name(db_path.name + suffix)
        if side.exists():
            os.replace(side, db_path.with_name(f"{db_path.name}.replaced-{stamp}{suffix}"))
    partial = db_path.with_name(f".{db_path.name}.restoring")
    shutil.copyfile(backup, partial)
    os.replace(partial, db_path)
    return kept
