"""Editions: every build is a new folder under the output folder, published whole or not
at all, and never overwritten.

Naming: the first edition of a day is ``OUT/DATE/``, later ones ``OUT/DATE-2/``,
``OUT/DATE-3/`` ... An edition is rendered into a hidden temporary folder beside them
(``OUT/.edition-DATE-XXXX/``) and renamed into place only when every format is
complete, so a failed, killed or disk-full build leaves the earlier editions as they were
and no partial edition. (A temporary folder left by a killed build is removed by the next
build.) Each edition holds ``edition.json``: its name, date, files and stories; and
``delivery.json``, the messages the channels send of it (written by the pipeline).

After each publication ``OUT/latest`` (a relative symlink) and ``OUT/latest.txt`` (the
edition's folder name, for platforms or tools without symlinks) point at it, and the
archive index ``OUT/index.html`` and ``OUT/index.md`` are rebuilt from every edition's
``edition.json``. Every one of these files is replaced atomically (written beside, then
renamed). Callers hold the output folder's lock (:func:`briefing.locks.out_dir_lock`).
"""
from __future__ import annotations

import errno
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone, tzinfo
from pathlib import Path

from .records import Briefing
from .times import in_zone, reader_zone

log = logging.getLogger("briefing.editions")

EDITION_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-(\d+))?$")
TEMP_PREFIX = ".edition-"
MANIFEST = "edition.json"
LATEST_LINK = "latest"
LATEST_FILE = "latest.txt"
INDEX_FORMATS = ("html", "md")
#: a build is refused before it starts when the output folder's disk has less free
MIN_FREE_BYTES = 1_000_000

#: errno values that mean "the disk is full"
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class OutDirError(RuntimeError):
    """The output folder cannot take an edition; the message names the path and the fix."""


class DiskFull(OutDirError):
    """The disk filled up while an edition was written; it was not published."""


def edition_label(name: str, day: str) -> str:
    """An edition as a title or subject line says it: its date, and for the day's second
    and later editions which one (``2026-12-02 (2nd edition)``), since ``2026-12-02-2``
    reads like a date."""
    suffix = name.removeprefix(day)
    if suffix == name or not re.fullmatch(r"-[1-9]\d*", suffix):
        return name
    n = int(suffix[1:])
    ordinal = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{day} ({n}{ordinal} edition)"


@dataclass
class Edition:
    """A published edition."""

    name: str
    folder: Path
    date: str
    files: dict[str, Path]


def check_out_dir(out_root: Path) -> list[Path]:
    """Before any work: the output folder is (or can be made) a writable folder with room
    for an edition. :class:`OutDirError` says what is wrong and what to do. Returns the
    folders made for it, deepest first, for :func:`remove_made_folders` when the run
    writes nothing there."""
    out_root = Path(out_root)
    fix = "pass another --out, or set render.out_dir"
    if out_root.exists() and not out_root.is_dir():
        raise OutDirError(f"the output folder {out_root} is a file, not a folder; {fix}")
    made = []
    for folder in (out_root, *out_root.parents):
        if folder.exists() or folder.is_symlink():
            break
        made.append(folder)
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=out_root, prefix=".probe-", delete=True)
        probe.close()
    except OSError as exc:
        raise out_dir_error(out_root, exc, publishing=False) from exc
    free = shutil.disk_usage(out_root).free
    if free < MIN_FREE_BYTES:
        raise DiskFull(f"the output folder {out_root} is on a full disk ({free:,} bytes free); "
                       f"free some space (df -h {out_root}) or {fix}")
    return made


def remove_made_folders(made: list[Path]) -> None:
    """Remove the folders :func:`check_out_dir` made, deepest first, while they are empty:
    a run that wrote nothing leaves no trace (a failed first build, ``briefing check``)."""
    for folder in made:
        try:
            folder.rmdir()
        except OSError:
            return


def out_dir_error(out_root: Path, exc: OSError, publishing: bool = True) -> OutDirError:
    """The one-line error for an OSError met while writing under ``out_root``: while
    ``publishing`` an edition, or before any work (``briefing check``, a build's first
    step), when there is no edition to speak of, only the fix."""
    where = exc.filename or out_root
    if exc.errno in _FULL and not publishing:
        return DiskFull(f"the disk of {out_root} is full (writing {where}); free some space "
                        f"(df -h {out_root}), pass another --out, or set render.out_dir")
    if exc.errno in _FULL:
        return DiskFull(f"the disk of {out_root} is full (writing {where}): the edition was "
                        f"not published and earlier editions are untouched; free some space "
                        f"(df -h {out_root}) and build again")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutDirError(f"the output folder {out_root} cannot be written ({exc.strerror}: "
                           f"{where}); make it writable, or pass another --out")
    if not publishing:
        return OutDirError(f"the output folder {out_root} cannot be made or written "
                           f"({exc.strerror or exc}: {where}); pass another --out, or set "
                           f"render.out_dir")
    return OutDirError(f"writing under {out_root} failed ({exc.strerror or exc}: {where}); "
                       "the edition was not published")


def edition_names(out_root: Path) -> list[str]:
    """The published editions' folder names, oldest first (by date, then number)."""
    found = []
    if Path(out_root).is_dir():
        for entry in Path(out_root).iterdir():
            match = EDITION_NAME.match(entry.name)
            if match and entry.is_dir() and not entry.is_symlink():
                found.append((match[1], int(match[2] or 1), entry.name))
    return [name for *_, name in sorted(found)]


def next_name(out_root: Path, day: str) -> str:
    """``DATE`` for the first edition of the day, else ``DATE-N`` with N one past the last."""
    numbers = [int(m[2] or 1) for name in edition_names(out_root)
               if (m := EDITION_NAME.match(name)) and m[1] == day]
    return day if not numbers else f"{day}-{max(numbers) + 1}"


def remove_abandoned(out_root: Path) -> None:
    """Delete temporary folders of builds that were killed (the caller holds the lock)."""
    for entry in Path(out_root).glob(f"{TEMP_PREFIX}*"):
        if entry.is_dir() and not entry.is_symlink():
            log.info("removing %s, left by a build that did not finish", entry)
            shutil.rmtree(entry, ignore_errors=True)


def publish(out_root: Path, briefing: Briefing,
            render: Callable[[Path, str], dict[str, Path]],
            index_title: str = "Briefing archive") -> Edition:
    """Render ``briefing`` into a temporary folder with ``render(folder, name)``, then
    publish it as the next edition of its date, ``name``; then update ``latest`` and the
    archive index. On any failure the temporary folder is removed and nothing is
    published. The caller holds the output folder's lock, so the name stays free."""
    out_root = Path(out_root)
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        remove_abandoned(out_root)
        temp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{briefing.date}-", dir=out_root))
        name = next_name(out_root, briefing.date)
    except OSError as exc:
        raise out_dir_error(out_root, exc) from exc
    try:
        written = render(temp, name)
        _write_atomic(temp / MANIFEST, json.dumps(_manifest(briefing, written), indent=1,
                                                  ensure_ascii=False) + "\n")
        for path in temp.rglob("*"):  # the articles/ folder's texts too
            _fsync(path)
        os.chmod(temp, 0o777 & ~_umask())  # mkdtemp made it private; editions are not
        _fsync(temp)
        folder = out_root / name
        os.rename(temp, folder)  # atomic; the name is free since we hold the lock
        _fsync(out_root)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise out_dir_error(out_root, exc) from exc
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    edition = Edition(name, folder, briefing.date,
                      {fmt: folder / path.name for fmt, path in written.items()})
    try:
        point_latest(out_root, name)
        write_index(out_root, index_title, zone=reader_zone(briefing.time_zone))
    except OSError as exc:  # the edition stands; the old pointer and index stay whole
        log.error("edition %s published, but the archive index or latest pointer could not "
                  "be updated: %s", folder, out_dir_error(out_root, exc))
    return edition


def _manifest(briefing: Briefing, written: dict[str, Path]) -> dict:
    return {"date": briefing.date, "generated_at": briefing.generated_at.isoformat(),
            "files": {fmt: path.name for fmt, path in written.items()},
            "articles": len(briefing.articles),
            "stories": [{"id": s.id, "headline": s.headline, "sources": len(s.cluster.articles),
                         "anchor": f"story-{s.rank}"} for s in briefing.stories]}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomic(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all: a temporary file beside it, then a rename."""
    partial = path.with_name(f".{path.name}.partial-{os.getpid()}")
    try:
        with open(partial, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def point_latest(out_root: Path, name: str) -> None:
    """``OUT/latest`` -> ``name`` (a relative symlink, swapped atomically) and
    ``OUT/latest.txt`` holding ``name``."""
    link = out_root / LATEST_LINK
    if link.exists() and not link.is_symlink():
        log.warning("%s is not a symlink made by briefing; left as it is", link)
    else:
        partial = out_root / f".{LATEST_LINK}.partial-{os.getpid()}"
        partial.unlink(missing_ok=True)
        try:
            partial.symlink_to(name, target_is_directory=True)
            os.replace(partial, link)
        except (OSError, NotImplementedError) as exc:  # no symlinks here: latest.txt says it
            partial.unlink(missing_ok=True)
            log.debug("no symlink %s: %s", link, exc)
    _write_atomic(out_root / LATEST_FILE, name + "\n")


def latest(out_root: Path) -> str | None:
    """The latest edition's folder name, from ``latest.txt`` (else the newest folder)."""
    try:
        name = (Path(out_root) / LATEST_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        name = ""
    if EDITION_NAME.match(name) and (Path(out_root) / name).is_dir():
        return name
    names = edition_names(out_root)
    return names[-1] if names else None


def read_manifest(folder: Path) -> dict:
    """An edition's ``edition.json``; for an edition written before manifests existed, its
    date (from its name) and the files found in it."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if isinstance(manifest, dict):
            return manifest
    except (OSError, ValueError):
        pass
    match = EDITION_NAME.match(folder.name)
    return {"date": match[1] if match else folder.name,
            "files": {p.suffix[1:]: p.name for p in sorted(folder.glob("briefing.*"))}}


@dataclass
class IndexEntry:
    """One edition as the archive index lists it."""

    name: str
    date: str
    generated_at: datetime | None
    files: dict[str, str]
    articles: int | None
    stories: list[dict]


def index_entries(out_root: Path) -> list[IndexEntry]:
    """Every edition, newest first, from its ``edition.json`` (an edition written before
    manifests existed is listed with the files found in it)."""
    entries = []
    for name in reversed(edition_names(out_root)):
        folder = Path(out_root) / name
        manifest = read_manifest(folder)
        when = manifest.get("generated_at")
        try:
            generated = datetime.fromisoformat(when) if when else None
        except ValueError:
            generated = None
        files = {fmt: f"{name}/{file}" for fmt, file in manifest.get("files", {}).items()
                 if isinstance(file, str) and "/" not in file and (folder / file).is_file()}
        entries.append(IndexEntry(name=name, date=str(manifest.get("date", name)),
                                  generated_at=generated, files=files,
                                  articles=manifest.get("articles"),
                                  stories=[_index_story(s) for s in manifest.get("stories", [])
                                           if isinstance(s, dict)]))
    return entries


def _index_story(story: dict) -> dict:
    """A story of a manifest as the index lists it: its headline, and the anchor of its
    place in the edition's HTML when the manifest gives one of that form (older ones
    give none; the file is read back, so nothing else reaches a link)."""
    anchor = story.get("anchor")
    return {"headline": str(story.get("headline", "")),
            "anchor": anchor if isinstance(anchor, str) and _ANCHOR.fullmatch(anchor) else None}


_ANCHOR = re.compile(r"story-\d{1,4}")


def write_index(out_root: Path, title: str = "Briefing archive",
                zone: tzinfo = timezone.utc) -> dict[str, Path]:
    """Rebuild ``OUT/index.html`` and ``OUT/index.md`` from every edition, its times on
    the reader's clock (``zone``) as in the editions."""
    from .render import make_environment  # the templates' filters (escaping) live there

    environment = make_environment()
    entries = [replace(entry, generated_at=in_zone(entry.generated_at, zone))
               for entry in index_entries(out_root)]
    generated = datetime.now(timezone.utc).replace(microsecond=0).astimezone(zone)
    written = {}
    for fmt in INDEX_FORMATS:
        text = environment.get_template(f"index.{fmt}.j2").render(
            title=title, editions=entries, generated_at=generated,
            latest=latest(out_root))
        path = Path(out_root) / f"index.{fmt}"
        _write_atomic(path, text)
        written[fmt] = path
    return written
