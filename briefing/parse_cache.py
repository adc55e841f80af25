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

The same folder, with the same rules, keeps a second kind of entry: what the stages read
from each Doc (``briefing.analyses``), so a rebuild reads those and no Doc at all.
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
#: the stages' results of one article, and of one story (briefing.analyses)
ANALYSIS_SUFFIX, STORY_SUFFIX = ".analysis", ".story"
#: every kind of entry the folder holds
SUFFIXES = (SUFFIX, ANALYSIS_SUFFIX, STORY_SUFFIX)
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

    def path(self, key: str, suffix: str = SUFFIX) -> Path:
        """Where the entry named by ``key`` (a stamp and a text) lives."""
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / digest[:2] / f"{digest}{suffix}"

    def _path(self, text: str, stamp: str) -> Path:
        return self.path(f"{stamp}\0{text}")

    def read(self, path: Path) -> bytes | None:
        """The bytes of an entry, or None when there is none or it cannot be read; a hit
        counts as a use (the least recently used go first)."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("parse cache: cannot read %s (%s); parsing again", path, exc.strerror)
            return None
        try:
            os.utime(path)
        except OSError:
            pass
        return data

    def load(self, texts: Sequence[str], nlp: Language) -> list[Doc | None]:
        """The cached Doc of each text, or None where there is none (or it is unusable)."""
        stamp = fingerprint(nlp)
        return [self.doc(text, nlp, stamp) for text in texts]

    def doc(self, text: str, nlp: Language, stamp: str | None = None) -> Doc | None:
        """The cached Doc of ``text``, or None."""
        stamp = stamp or fingerprint(nlp)
        return self._read(self._path(text, stamp), text, stamp, nlp)

    def _read(self, path: Path, text: str, stamp: str, nlp: Language) -> Doc | None:
        data = self.read(path)
        if data is None:
            return None
        try:
            [doc] = list(DocBin(store_user_data=True).from_bytes(data).get_docs(nlp.vocab))
            valid = doc.user_data.pop(STAMP, None) == stamp and doc.text == text
        except Exception as exc:  # noqa: BLE001 - any decoding failure means a corrupt file
            self.corrupt(path, exc)
            return None
        if not valid:
            self.discard(path)
            return None
        return doc

    def corrupt(self, path: Path, exc: Exception, redo: str = "parsing again") -> None:
        """An entry that does not decode is deleted (and its content made again)."""
        log.warning("parse cache: %s is corrupt (%s); %s", path, type(exc).__name__, redo)
        self.discard(path)

    def save(self, pairs: Iterable[tuple[str, Doc]], nlp: Language) -> None:
        """Keep each text's Doc, then trim the folder to the size bound."""
        stamp = fingerprint(nlp)
        for text, doc in pairs:
            self.save_doc(text, doc, nlp, stamp)
        self.prune()

    def save_doc(self, text: str, doc: Doc, nlp: Language, stamp: str | None = None) -> None:
        """Keep one text's Doc (the caller prunes once it has saved them all)."""
        stamp = stamp or fingerprint(nlp)
        docbin = DocBin(store_user_data=True)
        doc.user_data[STAMP] = stamp
        try:
            docbin.add(doc)
        finally:
            doc.user_data.pop(STAMP, None)
        self.write(self._path(text, stamp), docbin.to_bytes())

    def write(self, path: Path, data: bytes) -> None:
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
                self.discard(Path(tmp))
            if not self._write_failed:
                log.warning("parse cache: cannot write %s (%s); parsing continues uncached",
                            path.parent, exc.strerror)
            self._write_failed = True

    @staticmethod
    def discard(path: Path) -> None:
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
                    self.discard(path)
            elif path.suffix in SUFFIXES:
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
            self.discard(path)
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
            self.discard(path)
        for shard in self.folder.glob("??"):
            try:
                shard.rmdir()
            except OSError:
                pass  # not empty: another build is writing into it
        return len(entries)
