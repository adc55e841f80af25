"""Parse cache: each article's Doc is kept on disk, so a rebuild reads it, not parses it.

A store build reads yesterday's articles again every day, and parsing is the cost of a
build. One file per article, a spaCy ``DocBin`` of its one Doc, named by a hash of the
article text and of the pipeline's fingerprint (spaCy version, model name and version,
the components that run, this module's format). A new model or component makes new
names, so old entries are never read; they age out under the size bound.

Safe for two builds at once: a file is written under a temporary name and renamed into
place (``os.replace``), so a reader sees a whole entry or none. A file that does not
decode, or holds another text or pipeline, is deleted and the article parsed again.
The folder is kept under ``[parse] cache_mb`` by deleting the least recently used
entries (a hit touches its file).
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from .config import Settings

log = logging.getLogger("briefing.parse_cache")

#: bump when what a cached Doc holds changes (the paragraph rule, the stored attributes)
CACHE_FORMAT = 1
SUFFIX = ".spacy"
#: the key in a cached Doc's user data that repeats the pipeline fingerprint
STAMP = "briefing.parse_fingerprint"
#: a temporary file older than this was left by a build that died mid-write
STALE_TEMP_SECONDS = 3600


def fingerprint(nlp: Language) -> str:
    """What decides a parse besides the text: the same fingerprint, the same Doc."""
    meta = nlp.meta
    parts = [f"format {CACHE_FORMAT}", f"spacy {spacy.__version__}",
             f"model {meta.get('lang')}_{meta.get('name')} {meta.get('version')}",
             "components " + ",".join(nlp.pipe_names)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def cache_folder(settings: Settings) -> Path:
    """``[parse] cache_dir``, else ``parse-cache`` in ``[store] data_dir``."""
    if settings.parse.cache_dir:
        return Path(settings.parse.cache_dir)
    return Path(settings.store.data_dir) / "parse-cache"


@dataclass
class CacheInfo:
    folder: Path
    entries: int
    bytes: int
    limit_bytes: int

    def __str__(self) -> str:
        return (f"parse cache {self.folder}: {self.entries} entr"
                f"{'y' if self.entries == 1 else 'ies'}, {self.bytes / 1e6:.1f} MB of "
                f"{self.limit_bytes / 1e6:.0f} MB ([parse] cache_mb)")


class ParseCache:
    """The Docs of earlier parses, one file each under ``folder``, at most ``limit_bytes``."""

    def __init__(self, folder: str | Path, limit_bytes: int):
        self.folder = Path(folder)
        self.limit_bytes = limit_bytes
        self._write_failed = False

    @classmethod
    def for_settings(cls, settings: Settings) -> ParseCache:
        return cls(cache_folder(settings), settings.parse.cache_mb * 1_000_000)

    def _path(self, text: str, stamp: str) -> Path:
        key = hashlib.sha256(f"{stamp}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / key[:2] / f"{key}{SUFFIX}"

    def load(self, texts: Sequence[str], nlp: Language) -> list[Doc | None]:
        """The cached Doc of each text, or None where there is none (or it is unusable)."""
        stamp = fingerprint(nlp)
        return [self._read(self._path(text, stamp), text, stamp, nlp) for text in texts]

    def _read(self, path: Path, text: str, stamp: str, nlp: Language) -> Doc | None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("parse cache: cannot read %s (%s); parsing again", path, exc.strerror)
            return None
        try:
            [doc] = list(DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab))
            valid = doc.user_data.pop(STAMP, None) == stamp and doc.text == text
        except Exception as exc:  # noqa: BLE001 - any decoding failure means a corrupt file
            log.warning("parse cache: %s is corrupt (%s); parsing again", path,
                        type(exc).__name__)
            valid = False
        if not valid:
            self._discard(path)
            return None
        try:
            os.utime(path)  # least recently used goes first
        except OSError:
            pass
        return doc

    def save(self, pairs: Iterable[tuple[str, Doc]], nlp: Language) -> None:
        """Keep each text's Doc, then trim the folder to the size bound."""
        stamp = fingerprint(nlp)
        for text, doc in pairs:
            docbin = DocBin(store_user_data=True)
            doc.user_data[STAMP] = stamp
            try:
                docbin.add(doc)
            finally:
                doc.user_data.pop(STAMP, None)
            self._write(self._path(text, stamp), docbin.to_bytes())
        self.prune()

    def _write(self, path: Path, data: bytes) -> None:
        """Write under a temporary name, then rename: readers never see half a file.
        A cache that cannot be written costs speed, never the build."""
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except OSError as exc:
            if tmp is not None:
                self._discard(Path(tmp))
            if not self._write_failed:
                log.warning("parse cache: cannot write %s (%s); parsing continues uncached",
                            path.parent, exc.strerror)
            self._write_failed = True

    @staticmethod
    def _discard(path: Path) -> None:
        try:
            path.unlink()
        except OSError:
            pass  # gone already (another build), or not ours to delete

    def _entries(self) -> list[tuple[float, int, Path]]:
        """(last use, size, path) of every entry; temporary files left by a dead build
        are deleted on the way."""
        found = []
        now = time.time()
        for path in self.folder.glob("??/*"):
            try:
                stat = path.stat()
            except OSError:
                continue  # deleted meanwhile
            if path.name.startswith(".tmp-"):
                if now - stat.st_mtime > STALE_TEMP_SECONDS:
                    self._discard(path)
            elif path.suffix == SUFFIX:
                found.append((stat.st_mtime, stat.st_size, path))
        return found

    def prune(self) -> int:
        """Delete the least recently used entries until the folder fits the bound;
        returns how many were deleted."""
        entries = sorted(self._entries())
        total = sum(size for _, size, _ in entries)
        deleted = 0
        for _, size, path in entries:
            if total <= self.limit_bytes:
                break
            self._discard(path)
            total -= size
            deleted += 1
        return deleted

    def info(self) -> CacheInfo:
        entries = self._entries()
        return CacheInfo(self.folder, len(entries), sum(size for _, size, _ in entries),
                         self.limit_bytes)

    def clear(self) -> int:
        """Delete every entry; returns how many there were."""
        entries = self._entries()
        for _, _, path in entries:
            self._discard(path)
        for shard in self.folder.glob("??"):
            try:
                shard.rmdir()
            except OSError:
                pass  # not empty: another build is writing into it
        return len(entries)
