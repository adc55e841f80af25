"""Collect stage: read input files and folders into :class:`Document` records.

Inputs are untrusted: every file is either read correctly or skipped with a one-line
warning naming it and the reason (and a :class:`Dropped` record when the caller keeps a
list). Files are size-checked before they are read; binaries are recognised by their
content, whatever their name; the encoding is detected rather than assumed; a symbolic
link leading out of the inputs given is not followed unless asked; each file is read once,
however many of the inputs hold it; control and
bidirectional characters become spaces (see :mod:`briefing.safe_text`). A malformed
record is logged and skipped so one bad file never stops a run. Only a path that does
not exist at all is an error, because that is almost always a typo the user wants to
hear about.
"""
from __future__ import annotations

import codecs
import json
import logging
import os
import re
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from .config import LimitSettings
from .page_ads import without_ads
from .page_meta import page_headings, page_published, page_title, parse_html, title_and_site
from .records import Article, Document, Dropped, Published
from .times import parse_time
from .safe_text import has_unsafe, neutralise, shown
from .urls import address_key

log = logging.getLogger("briefing.collect")

#: extension -> Document.kind; files of other extensions inside folders are not read
KINDS: dict[str, str] = {
    ".txt": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "json",
}

#: extension -> what the file is: documents someone may have meant as articles, which
#: briefing cannot read; in a folder they are left out with this as the reason
UNREAD_DOCUMENTS: dict[str, str] = {
    ".doc": "a Word document", ".docx": "a Word document", ".odt": "an OpenDocument text",
    ".rtf": "a Rich Text document", ".pdf": "a PDF document", ".epub": "an EPUB book",
    ".pages": "a Pages document",
}
#: hidden names listed in the one verbose line that says they were not read
_HIDDEN_NAMED = 10

#: leading bytes of common binary formats -> what the file is, for the skip reason
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip archive"), (b"PK\x05\x06", "zip archive"),
    (b"PK\x07\x08", "zip archive"), (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"), (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-zip archive"), (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"Rar!\x1a\x07", "rar archive"), (b"%PDF-", "PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"), (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"), (b"OggS", "Ogg media"), (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"), (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (b"\x7fELF", "ELF executable"), (b"\x00asm", "WebAssembly module"),
    (b"SQLite format 3\x00", "SQLite database"), (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
)
#: bytes looked at to tell text from binary data
_SAMPLE_BYTES = 8000
#: NUL and the other C0 controls but tab, newlines and form feed: rare in any text
_CONTROL_BYTES = bytes(c for c in range(32) if c not in (9, 10, 11, 12, 13)) + b"\x7f"
#: more than this share of control bytes in the sample is binary data (random bytes: 10%)
_MAX_CONTROL_SHARE = 0.05
#: BOM -> codec; UTF-32 first, since its little-endian BOM begins like UTF-16's
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
#: a numeric character reference, &#27; or &#x1b;
_CHAR_REFERENCE = re.compile(r"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10});?")
#: an opening tag; counted to bound the work of parsing one page
_HTML_ELEMENT = re.compile(rb"<[A-Za-z]")
#: end of a sentence: . ! or ? (with closing quotes or brackets), then a space; not the
#: stop after a courtesy title or an initial ("Mr. Keane", "J. Smith")
_SENTENCE_END = re.compile(r"(?:(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)"
                           r"(?<!\bSr)(?<!\b[A-Z])\.|[!?])[\"'”’)\]]*\s")
#: <meta charset="..."> or <meta http-equiv=... content="text/html; charset=...">
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.I)
#: code pages preferred when several fit a text equally well
_TIE_PREFERRED = ("cp1252", "latin_1", "iso8859_15")
#: longest title taken from a record's text, in characters
TITLE_FROM_TEXT_CHARS = 150


class InputNotFoundError(FileNotFoundError):
    """A path given by the caller does not exist."""

    def __init__(self, path: str) -> None:
        super().__init__(f"input path not found: {path}")
        self.filename = path

    def __str__(self) -> str:  # OSError would print "[Errno None] None: 'path'"
        return f"input path not found: {shown(self.filename)}"


class _Skip(Exception):
    """A file (or record) that is not read, and the one-line reason why."""


def read_paths(paths: Sequence[str | Path], limits: LimitSettings,
               dropped: list[Dropped] | None = None) -> list[Document]:
    """Read every file named in ``paths``, or found in a named folder, into Documents,
    each file once however many of ``paths`` hold it (:func:`_input_files`).

    A file that is skipped is logged with its reason and, when ``dropped`` is given,
    appended to it. Raises :class:`InputNotFoundError` before reading anything if a path
    is missing.
    """
    given = [str(p) for p in paths]
    for path in given:
        if not os.path.exists(path):
            raise InputNotFoundError(path)
    documents: list[Document] = []
    for path, kind in _input_files(given, limits, dropped):
        documents.extend(_read_file(path, kind, limits, dropped))
    return documents


class _Entry(NamedTuple):
    """A file of the inputs: read as ``kind``, or (``kind`` None) left out for ``reason``
    (``detail`` is for the log alone)."""
    path: str
    kind: str | None
    reason: str = ""
    detail: str = ""

    @property
    def file(self) -> object:
        """The file itself: a link left out is a file of its own, not its target."""
        return _file_identity(self.path, follow=self.kind is not None)

    def rank(self) -> int:
        """Which of the entries of one file is taken: one read before one left out (a
        document given itself, as text, before its folder's "not a format briefing
        reads"), then the file's own path before a symbolic link's; else the first."""
        return (self.kind is None) * 2 + os.path.islink(self.path)


def _input_files(given: Sequence[str], limits: LimitSettings,
                 dropped: list[Dropped] | None) -> Iterator[tuple[str, str]]:
    """Each file to read from the inputs ``given``, with its kind, once however many of
    them hold it: a file given twice, a file given with its folder, a file of nested
    folders given (``pages pages/saved``), a file reached again through a symbolic link
    inside the inputs or through a second name of a folder. Of its paths it keeps the one
    the first input gives, its own path before a link's (:meth:`_Entry.rank`), which is
    named as ever (:func:`name_as_given`). A file left out (:func:`_folder_entries`) is
    reported once too, when its turn comes among the files read."""
    folders = _given_folders(given)
    entries: list[_Entry] = []
    for path in given:
        if os.path.isdir(path):
            entries.extend(_folder_entries(path, limits, folders, given))
        else:  # a file named by the caller is read even through a symbolic link
            entries.append(_Entry(path, KINDS.get(_extension(path), "text")))
    files = [entry.file for entry in entries]
    taken: dict[object, _Entry] = {}
    for entry, file in zip(entries, files):
        if file not in taken or entry.rank() < taken[file].rank():
            taken[file] = entry
    for entry, file in zip(entries, files):
        if taken[file] is not entry:
            first = taken[file].path
            if os.path.abspath(first) == os.path.abspath(entry.path):
                log.debug("%s: in more than one input given; read once", shown(first))
            else:
                log.debug("%s is the file %s; read once", shown(entry.path), shown(first))
        elif entry.kind is None:
            _skipped(entry.path, entry.reason, dropped, detail=entry.detail)
        else:
            yield entry.path, entry.kind


def _file_identity(path: str, follow: bool = True) -> object:
    """What tells one file from another whatever its path: its device and inode (a
    symbolic link's target's, unless not ``follow``), else its real path."""
    try:
        info = os.stat(path) if follow else os.lstat(path)
    except OSError:
        return os.path.realpath(path)
    return (info.st_dev, info.st_ino) if info.st_ino else os.path.realpath(path)


def name_as_given(items: Sequence[Dropped | Article], paths: Sequence[str | Path]) -> None:
    """Name each input left out (or article) by its path relative to the input folder
    given that holds it, or by its file name when the file itself was given: a briefing,
    published, never shows where the machine that built it keeps its files (the log
    still does)."""
    folders = _given_folders(paths)
    for item in items:
        item.path = _as_given(item.path, folders)


def given_name(path: str, paths: Sequence[str | Path]) -> str:
    """How a briefing names the file ``path`` read from ``paths`` (:func:`name_as_given`)."""
    return _as_given(path, _given_folders(paths))


def input_of(path: str, paths: Sequence[str | Path]) -> str:
    """The input of ``paths``, as given, that the file ``path`` read from them belongs
    to: the file itself when it was given, else the deepest input folder given holding it
    (the one it is named in, :func:`name_as_given`)."""
    files = [str(p) for p in paths if not os.path.isdir(p)]
    given = next((f for f in files if os.path.abspath(f) == os.path.abspath(path)), None) \
        or next((f for f in files if _file_identity(f) == _file_identity(path)), None)
    return given or _folder_holding(path, _given_folders(paths)) or path


def _given_folders(paths: Sequence[str | Path]) -> list[str]:
    """The input folders of ``paths``, as given, the deepest first."""
    return sorted((str(p) for p in paths if os.path.isdir(p)),
                  key=lambda folder: len(os.path.abspath(folder)), reverse=True)


def _folder_holding(path: str, folders: list[str]) -> str | None:
    """The deepest of the input ``folders`` (:func:`_given_folders`) that holds the file
    ``path``, as given; None when none does (the file was given itself)."""
    absolute = os.path.abspath(path)
    return next((folder for folder in folders if absolute.startswith(
        os.path.abspath(folder).rstrip(os.sep) + os.sep)), None)


def _as_given(path: str, folders: list[str]) -> str:
    """``path`` relative to the deepest of ``folders`` holding it, else its file name."""
    folder = _folder_holding(path, folders)
    path = os.path.abspath(path)
    return os.path.relpath(path, os.path.abspath(folder)) if folder else os.path.basename(path)


def _with_input(path: str, given: str) -> str:
    """``path`` named with the input it was read from, as given (``sum/ferry/a.html``),
    so files of one name in two inputs are told apart; an input given by an absolute or
    upward path is named by its last part alone (``ferry/a.html``), as a briefing never
    shows where the machine that built it keeps its files."""
    shown_input = os.path.normpath(given)
    if os.path.isabs(shown_input) or shown_input.split(os.sep)[0] == os.pardir:
        shown_input = os.path.basename(os.path.abspath(given))
    if not os.path.isdir(given):  # a file given itself
        return shown_input
    inner = os.path.relpath(os.path.abspath(path), os.path.abspath(given))
    return inner if shown_input == os.curdir else os.path.join(shown_input, inner)


def copy_names(copy: str, original: str, paths: Sequence[str | Path]) -> tuple[str, str]:
    """How the message of a copy left out names it and its original: by their paths in
    the input folder given when both come from it (``saved/b.html``, ``a.html``), else
    each with its input (``pages/a.html``, ``sum/ferry/a.html``), never a file as a copy
    of itself."""
    folders = _given_folders(paths)
    # the input each was read from: the deepest folder holding it, else the file itself
    copy_input = _folder_holding(copy, folders) or copy
    original_input = _folder_holding(original, folders) or original
    if copy_input == original_input:
        return _as_given(copy, folders), _as_given(original, folders)
    return _with_input(copy, copy_input), _with_input(original, original_input)


def one_copy_per_address(articles: Sequence[Article], paths: Sequence[str | Path],
                         dropped: list[Dropped] | None = None) -> list[Article]:
    """The articles of a file build, each page once: an article from a later file giving
    the address an earlier file's article gives (its page's ``<link rel=canonical>`` or
    ``og:url``, a record's ``url``; compared as the store compares them, without tracking
    parameters) is that page saved again, or its AMP or print copy: one article and one
    outlet, as in a store build. The copy is logged and, when ``dropped`` is given,
    appended to it with a reason naming both files as the briefing names inputs."""
    first: dict[str, Article] = {}
    kept: list[Article] = []
    for article in articles:
        key = address_key(article.url)
        original = first.setdefault(key, article) if key else article
        if original is article or original.path == article.path:
            kept.append(article)  # the parts and records of one file are its own
            continue
        copy_name, original_name = copy_names(article.path, original.path, paths)
        reason = (f"{copy_name} is a copy of {original_name}: both give the address "
                  f"{article.url}")
        log.warning("%s: left out: %s", shown(article.path), shown(reason))
        if dropped is not None:
            dropped.append(Dropped(path=article.path, reason=reason, title=article.title or None,
                                   url=article.url, outlet=article.outlet))
    return kept




def _skipped(path: str, reason: str, dropped: list[Dropped] | None,
             level: int = logging.WARNING, detail: str = "") -> None:
    """Log that ``path`` is skipped and why (``detail`` only in the log: the reason may
    be shown in the briefing), and append it to ``dropped``."""
    log.log(level, "skipping %s: %s%s", shown(path), reason, shown(detail),
            extra={"left_out": (path, reason)})
    if dropped is not None:
        dropped.append(Dropped(path=path, reason=reason, unreadable=level >= logging.ERROR))


def _extension(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _folder_entries(folder: str, limits: LimitSettings, folders: Sequence[str],
                    given: Sequence[str]) -> Iterator[_Entry]:
    """The files directly inside and below ``folder`` that are articles or may have been
    meant as ones, sorted by relative path, each to read or left out with its reason.

    Symlinked folders are not followed (no loops); hidden files and folders are skipped,
    said once in the verbose log; a symlinked file leading outside every input given (the
    input ``folders`` and files of ``given``) is left out unless
    ``limits.follow_symlinks`` (a link to /etc/passwd must not become an article). No
    other file goes unmentioned: a document briefing cannot read (.docx, .pdf) is left
    out with its reason, and any other file is named in the verbose log.
    """
    found: list[str] = []
    hidden: list[str] = []
    for root, dirs, files in os.walk(folder):
        rel_root = os.path.relpath(root, folder)
        prefix = "" if rel_root == "." else rel_root
        hidden.extend(os.path.join(prefix, d) + os.sep for d in dirs if d.startswith("."))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            (hidden if name.startswith(".") else found).append(os.path.join(prefix, name))
    if hidden:
        hidden.sort()
        log.debug("%s: %d hidden file(s) and folder(s) not read (their names begin with a "
                  "dot): %s%s", shown(folder), len(hidden),
                  ", ".join(shown(h) for h in hidden[:_HIDDEN_NAMED]),
                  ", …" if len(hidden) > _HIDDEN_NAMED else "")
    trees = [os.path.realpath(f) for f in folders]
    given_files = {_file_identity(p) for p in given if not os.path.isdir(p)}
    for rel_path in sorted(found):
        path = os.path.join(folder, rel_path)
        extension = _extension(path)
        if extension in UNREAD_DOCUMENTS:
            yield _Entry(path, None, f"{UNREAD_DOCUMENTS[extension]} ({extension}), not a "
                                     "format briefing reads: save it as .txt or .html")
            continue
        if extension not in KINDS:
            log.debug("not reading %s: %s is not an article format (%s are)", shown(path),
                      f"a {extension} file" if extension else "a file without an extension",
                      ", ".join(KINDS))
            continue
        if os.path.islink(path) and not limits.follow_symlinks:
            target = os.path.realpath(path)
            if not any(os.path.commonpath([tree, target]) == tree for tree in trees) \
                    and _file_identity(path) not in given_files:
                yield _Entry(path, None, "symbolic link to a file outside the input folder "
                                         "(--follow-symlinks reads it)", f": {target}")
                continue
        yield _Entry(path, KINDS[extension])


def _read_file(path: str, kind: str, limits: LimitSettings,
               dropped: list[Dropped] | None) -> list[Document]:
    try:
        raw = _read_bytes(path, limits)
        text = _decode(raw, path, html=kind == "html")
        if not text.strip():
            raise _Skip("empty: no text in it")  # never an article, new or otherwise
        if kind == "html":
            return [_html_document(path, text, raw, limits)]
    except _Skip as skip:
        _skipped(path, str(skip), dropped)
        return []
    except OSError as exc:
        _skipped(path, f"cannot read it: {exc.strerror or exc}", dropped, logging.ERROR)
        return []
    if kind == "json":
        if _extension(path) == ".jsonl":
            return list(_jsonl_documents(path, text, dropped))
        return list(_json_documents(path, text, dropped))
    return [Document(path=path, text=text, kind=kind)]  # type: ignore[arg-type]


def _read_bytes(path: str, limits: LimitSettings) -> bytes:
    """The file's bytes; raises :class:`_Skip` when it is too big or not a plain file."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
        raise _Skip("not a regular file")
    if info.st_size > limits.max_file_bytes:
        raise _Skip(f"{info.st_size} bytes is over the {limits.max_file_bytes}-byte limit "
                    f"(limits.max_file_bytes)")
    with open(path, "rb") as handle:
        # Read one byte past the cap: the file may have grown since the size check.
        raw = handle.read(limits.max_file_bytes + 1)
    if len(raw) > limits.max_file_bytes:
        raise _Skip(f"over the {limits.max_file_bytes}-byte limit (limits.max_file_bytes)")
    return raw


def binary_kind(raw: bytes) -> str | None:
    """What a file's bytes are when they are not text ("zip archive"), else None.

    Known formats go by their magic bytes; anything else is binary data when control
    bytes (NUL among them) are more than a few in a hundred of its first ones, except
    UTF-16/32 text, which :func:`_decode` reads by its BOM or its pattern of NULs.
    """
    for magic, what in MAGIC:
        if raw.startswith(magic):
            return what
    if raw[:4] in (b"RIFF",) and raw[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}[raw[8:12]]
    if raw[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    if raw[257:262] == b"ustar":
        return "tar archive"
    sample = raw[:_SAMPLE_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > _MAX_CONTROL_SHARE * len(sample) and _bom_codec(raw) is None \
            and _utf16_without_bom(raw) is None:
        return "binary data"
    return None


def _bom_codec(raw: bytes) -> str | None:
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return codec
    return None


def _utf16_without_bom(raw: bytes) -> str | None:
    """utf-16-le or -be when the NULs fall on one side of each byte pair, as in UTF-16
    text of Latin script without a BOM; else None."""
    sample = raw[:_SAMPLE_BYTES]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    for codec, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if others == 0 and zeros >= 0.6 * pairs:
            try:
                sample.decode(codec)
            except UnicodeDecodeError:
                return None
            return codec
    return None


def _declared_charset(raw: bytes) -> str | None:
    """The codec a page's ``<meta charset>`` names, when Python knows it."""
    match = _META_CHARSET.search(raw[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def _decode(raw: bytes, path: str, html: bool = False) -> str:
    """The file's text with universal newlines and no control characters.

    A BOM names its encoding (UTF-8, UTF-16, UTF-32); else UTF-8 when the bytes are
    valid UTF-8; else, for a page, the encoding its ``<meta charset>`` declares; else the
    one charset-normalizer finds (Windows-1252, Latin-2, Shift JIS ...). Which one is said
    in the verbose log. Raises :class:`_Skip` for binary files.
    """
    what = binary_kind(raw)
    if what:
        raise _Skip(f"not text ({what})")
    codec, how = _bom_codec(raw) or _utf16_without_bom(raw), "byte-order mark or NUL pattern"
    if codec is None:
        try:
            return _normalised(raw.decode("utf-8"))
        except UnicodeDecodeError:
            codec, how = (_declared_charset(raw) if html else None), "declared by the page"
    if codec is None:
        codec, text = _detected(raw)
        how = "detected"
    else:
        text = raw.decode(codec, errors="replace")
    log.debug("%s: read as %s (%s)", shown(path), codec, how)
    return _normalised(text)


def _detected(raw: bytes) -> tuple[str, str]:
    """The codec charset-normalizer finds for ``raw``, and the text it decodes."""
    from charset_normalizer import from_bytes  # only non-UTF-8 files need it

    found = from_bytes(raw)
    best = found.best()
    if best is None:
        raise _Skip("not text (no character encoding fits its bytes)")
    # Short texts fit several code pages equally well ("Grève" is as coherent in
    # Windows-1250 as in Windows-1252): news in a tie is Western European.
    tied = [m for m in found if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    best = next((m for m in tied if m.encoding in _TIE_PREFERRED), best)
    return best.encoding, str(best)


def _normalised(text: str) -> str:
    """Universal newlines, no BOM, each control or bidi character a space."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return neutralise(text)


def _html_document(path: str, html: str, raw: bytes, limits: LimitSettings) -> Document:
    """Main text of a web page (trafilatura), without its ads
    (:func:`briefing.page_ads.without_ads`), with the page's own title and site, and
    when it says it was published (:func:`briefing.page_meta.page_published`).

    Raises :class:`_Skip` for a page over the element budget
    (:func:`too_many_elements`) or one without main text.
    """
    too_many = too_many_elements(raw, limits)
    if too_many:
        raise _Skip(too_many)
    from trafilatura import bare_extraction  # heavy import, only needed for HTML input

    safe_html = _CHAR_REFERENCE.sub(_safe_reference, html)
    tree = parse_html(safe_html)
    try:
        with extractor_logs_naming(path):
            extracted = bare_extraction(without_ads(safe_html, tree), with_metadata=True,
                                        include_comments=False, include_tables=False)
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup
        raise _Skip(f"cannot extract text from the page: {exc}") from exc
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        raise _Skip("no main text found in the page")
    # Character references (&#x1b; &#x202e;) become characters only now: neutralise again.
    paragraphs = [line.strip() for line in neutralise(text).split("\n") if line.strip()]
    url = _clean_str(getattr(extracted, "url", None))
    title, publisher = title_and_site(_clean_str(getattr(extracted, "title", None)),
                                      _clean_str(getattr(extracted, "sitename", None)),
                                      _clean_str(page_title(tree)),
                                      [t for t in map(_clean_str, page_headings(tree)) if t])
    return Document(path=path, text="\n\n".join(paragraphs), kind="html", title=title,
                    publisher=publisher, url=url, published=page_published(tree, url))


def too_many_elements(raw: bytes, limits: LimitSettings) -> str | None:
    """Why a page is not parsed, for a file read and a page fetched alike: more elements
    than ``limits.max_html_elements`` (parsing 240,000 elements takes a minute and
    gigabytes, and its text is cleaned again at every build); None within the limit."""
    elements = len(_HTML_ELEMENT.findall(raw))
    if elements <= limits.max_html_elements:
        return None
    return (f"{elements} HTML elements is over the {limits.max_html_elements}-element "
            f"limit (limits.max_html_elements)")


def _safe_reference(match: re.Match) -> str:
    """A space for a character reference to a control or bidi character (lxml discards a
    whole page over one ``&#27;``); any other reference as it was."""
    digits = match.group(1)
    try:
        code = int(digits[1:], 16) if digits[0] in "xX" else int(digits)
        unsafe = code > 0x10FFFF or has_unsafe(chr(code))
    except ValueError:
        return match.group()
    return " " if unsafe else match.group()


class _Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def extractor_logs_naming(path: str) -> Iterator[None]:
    """trafilatura's own log lines ("empty HTML tree: None") said again naming the file
    or page address they are about, under this module's logger, as detail (``-v``): the
    caller's own line says what became of the input, so its ERRORs would only say it
    twice, three times, in words that name no input."""
    logger = logging.getLogger("trafilatura")
    collected, propagate = _Collected(), logger.propagate
    logger.addHandler(collected)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(collected)
        logger.propagate = propagate
        for record in collected.records:
            log.debug("%s: trafilatura: %s", shown(path), record.getMessage())


def _json_documents(path: str, text: str, dropped: list[Dropped] | None) -> Iterator[Document]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        _skipped(path, f"malformed JSON at line {exc.lineno} ({exc.msg})", dropped, logging.ERROR)
        return
    except RecursionError:
        _skipped(path, "JSON nested too deeply", dropped, logging.ERROR)
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        document = _record_document(path, record, index, f"record {index}", dropped)
        if document:
            yield document


def _jsonl_documents(path: str, text: str, dropped: list[Dropped] | None) -> Iterator[Document]:
    """One Document per non-blank line; ``index`` counts non-blank lines, bad ones too."""
    index = 0
    for line_number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"line {line_number}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            _record_skipped(path, where, "malformed JSON (%s)" % getattr(
                exc, "msg", "nested too deeply"), dropped)
        else:
            document = _record_document(path, record, index, where, dropped)
            if document:
                yield document
        index += 1


def _record_skipped(path: str, where: str, reason: str, dropped: list[Dropped] | None) -> None:
    log.error("%s %s: %s; record skipped", shown(path), where, reason)
    if dropped is not None:
        dropped.append(Dropped(path=path, reason=f"{where}: {reason}", unreadable=True))


def _type_name(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", list: "a list",
            dict: "an object", str: "a string"}.get(type(value), type(value).__name__)


def _record_document(path: str, record: Any, index: int, where: str,
                     dropped: list[Dropped] | None) -> Document | None:
    """A Document from one ``{title, text, url?, publisher?, published?}`` object.

    A record without a usable title is titled by its text's first sentence; a field of
    the wrong type is named, with its record, in the warning.
    """
    if not isinstance(record, dict):
        _record_skipped(path, where, f"expected an object, got {_type_name(record)}", dropped)
        return None
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        _record_skipped(path, where, f"'text' is {_type_name(text)}, not a string", dropped)
        return None
    if not text or not text.strip():
        _record_skipped(path, where, "no 'text' string", dropped)
        return None
    text = neutralise(text.replace("\r\n", "\n").replace("\r", "\n"))
    fields = {}
    for key in ("title", "url", "publisher"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            log.warning("%s %s: '%s' is %s, not a string; ignored", shown(path), where, key,
                        _type_name(value))
            value = None
        fields[key] = _clean_str(value)
    if fields["title"] is None:
        fields["title"] = first_sentence(text)
        log.info("%s %s: no 'title'; titled by its first sentence", shown(path), where)
    published = record.get("published")
    return Document(path=path, text=text, kind="json", index=index,
                    published=_parse_datetime(published, f"{path} {where}"), **fields)


def first_sentence(text: str, limit: int = TITLE_FROM_TEXT_CHARS) -> str | None:
    """The first sentence of ``text``'s first paragraph, cut at a word past ``limit``."""
    paragraph = next((p.strip() for p in text.split("\n") if p.strip()), "")
    end = _SENTENCE_END.search(paragraph + " ")
    sentence = " ".join(paragraph[:end.end()].split()) if end else " ".join(paragraph.split())
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence or None


def _clean_str(value: str | None) -> str | None:
    value = " ".join(neutralise(value).split()) if isinstance(value, str) else None
    return value or None


def _parse_datetime(value: Any, where: str) -> Published | None:
    """A record's publication time (see :func:`briefing.times.parse_time`: ISO 8601 or
    as feeds write it; a date alone stays a date); anything else is logged and dropped."""
    if value is None or value == "":
        return None
    found = parse_time(value) if isinstance(value, str) else None
    if found is not None:
        return found
    log.warning("%s: unreadable publication date %s; ignored", shown(where), shown(repr(value)))
    return None
