"""Text that is safe to show: no control characters, no bidirectional overrides.

Article text, titles and file names are untrusted. A terminal escape (``ESC [2J``)
in a title can clear or retitle the terminal that prints it; a right-to-left override
(U+202E) reverses everything shown after it, including the tool's own words. Every
layer that shows or logs such text goes through this module, so there is one list of
what is unsafe:

- C0 controls other than tab and newline, DEL, and C1 controls (U+0080-U+009F);
- the bidirectional embeddings, overrides and isolates U+202A-U+202E, U+2066-U+2069,
  and the invisible direction marks U+200E, U+200F and U+061C;
- lone surrogates, which no UTF-8 output can carry.
"""
from __future__ import annotations

import logging
import re

#: bidirectional formatting characters that can reorder text shown after them
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

_UNSAFE_CLASS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff" + BIDI_CONTROLS
#: one unsafe character; tab and newline are layout, not controls
UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
#: the same, plus tab, newline and carriage return: unsafe inside one line of a log
_UNSAFE_IN_LINE = re.compile(f"[{_UNSAFE_CLASS}\t\n\r]")


def display_text(text: str | None) -> str:
    """``text`` without its unsafe characters (tabs and newlines kept)."""
    return UNSAFE.sub("", text or "")


def neutralise(text: str) -> str:
    """``text`` with each unsafe character replaced by a space.

    The length is unchanged, so character offsets into the text (quotes, citations)
    still point at the same words.
    """
    return UNSAFE.sub(" ", text)


def has_unsafe(text: str) -> bool:
    return UNSAFE.search(text) is not None


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return {9: "\\t", 10: "\\n", 13: "\\r"}.get(code) or (
        f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def shown(text: object) -> str:
    """``text`` as one safe line: each unsafe character, tab or newline written as a
    visible escape (``\\x1b``, ``\\u202e``, ``\\n``), so a file name can neither drive
    the terminal nor forge a second log line, and still says which file it is."""
    return _UNSAFE_IN_LINE.sub(_escape, str(text))


def safe_json(dumped: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with every unsafe character
    written as a ``\\uXXXX`` escape: the same data, but printable on a terminal."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


class SafeLogFilter(logging.Filter):
    """Makes each log record's message one safe line (see :func:`shown`).

    Put on a handler, it covers every logger, the libraries' included. Tracebacks are
    formatted apart from the message and left as they are.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _UNSAFE_IN_LINE.search(message):
            record.msg, record.args = shown(message), None
        return True
