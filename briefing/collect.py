"""Collect stage: read input files and folders into :class:`Document` records.

Inputs are untrusted: every file is size-checked before it is read, undecodable bytes
are replaced rather than fatal, and a malformed record is logged and skipped so one bad
file never stops a run. Only a path that does not exist at all is an error, because
that is almost always a typo the user wants to hear about.
"""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from .config import LimitSettings
from .records import Document

log = logging.getLogger("briefing.collect")

#: extension -> Document.kind; files of other extensions inside folders are ignored
KINDS: dict[str, str] = {
    ".txt": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "json",
}


class InputNotFoundError(FileNotFoundError):
    """A path given by the caller does not exist."""

    def __init__(self, path: str) -> None:
        super().__init__(f"input path not found: {path}")
        self.filename = path

    def __str__(self) -> str:  # OSError would print "[Errno None] None: 'path'"
        return f"input path not found: {self.filename}"


def read_paths(paths: Sequence[str | Path], limits: LimitSettings) -> list[Document]:
    """Read every file named in ``paths``, or found in a named folder, into Documents.

    Raises :class:`InputNotFoundError` before reading anything if a path is missing.
    """
    given = [str(p) for p in paths]
    for path in given:
        if not os.path.exists(path):
            raise InputNotFoundError(path)
    documents: list[Document] = []
    for path in given:
        if os.path.isdir(path):
            for file_path in _folder_files(path):
                documents.extend(_read_file(file_path, KINDS[_extension(file_path)], limits))
        else:
            kind = KINDS.get(_extension(path), "text")
            documents.extend(_read_file(path, kind, limits))
    return documents


def _extension(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _folder_files(folder: str) -> Iterator[str]:
    """Supported files directly inside and below ``folder``, sorted by relative path.

    Symlinked folders are not followed (no loops); hidden files and folders are skipped.
    """
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel_root = os.path.relpath(root, folder)
        for name in files:
            if name.startswith(".") or _extension(name) not in KINDS:
                continue
            found.append(name if rel_root == "." else os.path.join(rel_root, name))
    for rel in sorted(found):
        yield os.path.join(folder, rel)


def _read_file(path: str, kind: str, limits: LimitSettings) -> list[Document]:
    raw = _read_bytes(path, limits)
    if raw is None:
        return []
    text = _decode(raw, path)
    if kind == "html":
        document = _html_document(path, text)
        return [document] if document else []
    if kind == "json":
        if _extension(path) == ".jsonl":
            return list(_jsonl_documents(path, text))
        return list(_json_documents(path, text))
    return [Document(path=path, text=text, kind=kind)]  # type: ignore[arg-type]


def _read_bytes(path: str, limits: LimitSettings) -> bytes | None:
    """The file's bytes, or None (logged) when it is too big or cannot be read."""
    try:
        size = os.path.getsize(path)
        if size > limits.max_file_bytes:
            log.warning("skipping %s: %d bytes is over the %d-byte limit (limits.max_file_bytes)",
                        path, size, limits.max_file_bytes)
            return None
        with open(path, "rb") as handle:
            # Read one byte past the cap: the file may have grown since the size check.
            raw = handle.read(limits.max_file_bytes + 1)
    except OSError as exc:
        log.error("cannot read %s: %s", path, exc.strerror or exc)
        return None
    if len(raw) > limits.max_file_bytes:
        log.warning("skipping %s: over the %d-byte limit (limits.max_file_bytes)",
                    path, limits.max_file_bytes)
        return None
    return raw


def _decode(raw: bytes, path: str) -> str:
    """UTF-8 text with universal newlines; bad bytes become U+FFFD rather than fail."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        log.warning("%s is not valid UTF-8 (first bad byte at %d); undecodable bytes replaced",
                    path, exc.start)
        text = raw.decode("utf-8-sig", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _html_document(path: str, html: str) -> Document | None:
    """Main text of a web page (trafilatura), with the page's own title, date and site."""
    from trafilatura import bare_extraction  # heavy import, only needed for HTML input

    try:
        extracted = bare_extraction(html, with_metadata=True, include_comments=False,
                                    include_tables=False)
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup
        log.error("cannot extract text from %s: %s", path, exc)
        return None
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        log.warning("no main text found in %s; skipped", path)
        return None
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    return Document(
        path=path, text="\n\n".join(paragraphs), kind="html",
        title=_clean_str(getattr(extracted, "title", None)),
        publisher=_clean_str(getattr(extracted, "sitename", None)),
        url=_clean_str(getattr(extracted, "url", None)),
        published=_parse_datetime(getattr(extracted, "date", None), path))


def _json_documents(path: str, text: str) -> Iterator[Document]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        log.error("%s line %d: malformed JSON (%s); file skipped", path, exc.lineno, exc.msg)
        return
    except RecursionError:
        log.error("%s: JSON nested too deeply; file skipped", path)
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        document = _record_document(path, record, index, f"record {index}")
        if document:
            yield document


def _jsonl_documents(path: str, text: str) -> Iterator[Document]:
    """One Document per non-blank line; ``index`` counts non-blank lines, bad ones too."""
    index = 0
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"line {line_number}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            log.error("%s %s: malformed JSON (%s); record skipped", path, where,
                      getattr(exc, "msg", "nested too deeply"))
        else:
            document = _record_document(path, record, index, where)
            if document:
                yield document
        index += 1


def _record_document(path: str, record: Any, index: int, where: str) -> Document | None:
    """A Document from one ``{title, text, url?, publisher?, published?}`` object."""
    if not isinstance(record, dict):
        log.error("%s %s: expected an object, got %s; skipped", path, where,
                  type(record).__name__)
        return None
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        log.error("%s %s: no 'text' string; skipped", path, where)
        return None
    fields = {}
    for key in ("title", "url", "publisher"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            log.warning("%s %s: '%s' is not a string; ignored", path, where, key)
            value = None
        fields[key] = _clean_str(value)
    published = record.get("published")
    return Document(path=path, text=text.replace("\r\n", "\n").replace("\r", "\n"),
                    kind="json", index=index,
                    published=_parse_datetime(published, f"{path} {where}"), **fields)


def _clean_str(value: str | None) -> str | None:
    value = " ".join(value.split()) if isinstance(value, str) else None
    return value or None


def _parse_datetime(value: Any, where: str) -> datetime | None:
    """An ISO date or datetime string as a datetime; anything else is logged and dropped."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    log.warning("%s: unreadable publication date %r; ignored", where, value)
    return None
