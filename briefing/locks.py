"""Locks: one build at a time per output folder, one collect, build or delivery at a time
per store.

A lock is an ``flock(2)`` on a small file beside what it guards; the file also says who
holds it (pid, host, command, since when), so a process that finds it taken can name the
holder. The kernel drops an flock when its holder dies, however it dies, so a lock left
by a killed process is simply free: the next process takes it over and says whose it
was. (A shared PostgreSQL store is locked with an advisory lock instead, which the
server drops when the holder's connection goes: see ``briefing.store.locking``.)
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger("briefing.locks")

#: how often a waiting process tries the lock again, in seconds
POLL_SECONDS = 0.2


class LockHeld(RuntimeError):
    """Another process holds the lock; the message names it and says what to do."""


class LockPlaceError(RuntimeError):
    """The lock file cannot be made where it belongs; the message names the folder and
    the setting that chose it."""


@dataclass
class Holder:
    """Who holds (or held) a lock."""

    pid: int
    host: str
    command: str
    since: str

    @classmethod
    def me(cls) -> Holder:
        argv = [Path(sys.argv[0]).name if sys.argv else "python"] + sys.argv[1:]
        command = " ".join(["briefing"] + argv[1:]) if argv[0] in ("briefing", "__main__.py") \
            else " ".join(argv)
        return cls(pid=os.getpid(), host=socket.gethostname(), command=command[:200],
                   since=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"))

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host} (`{self.command}`), started {self.since}"


def describe_holder(holder: Holder | None) -> str:
    return holder.describe() if holder else "another process (it has not said who yet)"


def wait_for(take: Callable[[], bool], holder: Callable[[], str], what: str, wait: float,
             on_wait: Callable[[str], None] | None) -> None:
    """Call ``take`` until it gets the lock or ``wait`` seconds have passed; then raise
    :class:`LockHeld` naming ``holder()``. ``on_wait`` hears once that we wait."""
    deadline = time.monotonic() + max(0.0, wait)
    told = False
    while not take():
        left = deadline - time.monotonic()
        if left <= 0:
            waited = f" after waiting {wait:g} s" if wait > 0 else ""
            raise LockHeld(f"{what} is in use by {holder()}{waited}; try again when it has "
                           "finished, or pass --wait SECONDS to wait for it")
        if not told and on_wait is not None:
            on_wait(f"waiting up to {wait:g} s for {what}, in use by {holder()}")
            told = True
        time.sleep(min(POLL_SECONDS, left))


class HeldLock:
    """``with lock:`` takes it (without waiting) unless it is held, and releases it."""

    def held(self) -> bool:
        raise NotImplementedError

    def acquire(self, wait: float = 0.0, on_wait: Callable[[str], None] | None = None):
        raise NotImplementedError

    def release(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        if not self.held():
            self.acquire()
        return self

    @contextmanager
    def holding(self, wait: float = 0.0,
                on_wait: Callable[[str], None] | None = None) -> Iterator[HeldLock]:
        """Hold the lock for a ``with`` block, waiting up to ``wait`` seconds for it
        (``on_wait`` is told once whom it waits for)."""
        self.acquire(wait, on_wait=on_wait)
        try:
            yield self
        finally:
            self.release()

    def __exit__(self, *_: object) -> None:
        self.release()


class FileLock(HeldLock):
    """An exclusive lock on ``path``, named ``what`` in messages ("the output folder out/")."""

    def __init__(self, path: Path, what: str, setting: str = "") -> None:
        self.path = Path(path)
        self.what = what
        #: the setting that chose the place, named when the lock cannot be made there
        self.setting = setting
        self._fd: int | None = None

    def acquire(self, wait: float = 0.0,
                on_wait: Callable[[str], None] | None = None) -> FileLock:
        """Take the lock, waiting up to ``wait`` seconds for its holder; :class:`LockHeld`
        names the holder when it is still taken then. ``on_wait`` hears once that we wait."""
        fd = self._open()

        def take() -> bool:
            nonlocal fd
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return False
                if _same_file(fd, self.path):
                    return True
                # the holder discarded the file while we waited (:meth:`discard`): lock
                # the file now at the path, as a process starting now does
                os.close(fd)
                fd = self._open()
        try:
            wait_for(take, lambda: describe_holder(_read(fd)), self.what, wait, on_wait)
        except LockHeld:
            os.close(fd)
            raise
        previous = _read(fd)
        if previous is not None:
            # A holder that finishes empties the file: this one was killed, or crashed.
            log.warning("taking over the lock on %s left by pid %d on %s (`%s`, started %s), "
                        "which stopped without releasing it", self.what, previous.pid,
                        previous.host, previous.command, previous.since)
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(Holder.me().__dict__).encode("utf-8"), 0)
        os.fsync(fd)
        self._fd = fd
        return self

    def _open(self) -> int:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            chosen = f" (check {self.setting})" if self.setting else ""
            raise LockPlaceError(f"cannot make the folder {self.path.parent} for {self.what}: "
                                 f"{exc.strerror or exc}{chosen}") from exc

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None

    def discard(self) -> None:
        """Remove the lock file and release the lock: the folder it guards is being
        removed (a first build that wrote nothing). A process waiting on the old file
        takes the lock on a new one (see :meth:`acquire`)."""
        if self._fd is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass
        self.release()

    def holder(self) -> Holder | None:
        """Who holds the lock now (for ``briefing check``): None when nobody does, even if
        the file still names a holder that was killed."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read(fd) or Holder(0, "?", "?", "?")
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)

    def held(self) -> bool:
        return self._fd is not None


def _same_file(fd: int, path: Path) -> bool:
    """``fd`` is the file now at ``path`` (not one removed from there)."""
    try:
        here = os.stat(path)
    except OSError:
        return False
    mine = os.fstat(fd)
    return (here.st_dev, here.st_ino) == (mine.st_dev, mine.st_ino)


def _read(fd: int) -> Holder | None:
    try:
        raw = os.pread(fd, 4096, 0)
        return Holder(**json.loads(raw.decode("utf-8"))) if raw.strip() else None
    except (OSError, ValueError, TypeError):
        return None


def out_dir_lock(out_root: Path) -> FileLock:
    """The lock of one output folder: one build writes editions into it at a time."""
    return FileLock(Path(out_root) / ".briefing.lock", f"the output folder {out_root}",
                    "render.out_dir or --out")
