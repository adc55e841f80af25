"""Quotation marks: pair opening and closing marks (curly, straight, single, doubled
'') within and across paragraphs into spans of verbatim words."""
from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .lexicon import DOUBLE_CLOSE, DOUBLE_OPEN, QUOTE_CHARS, SINGLE_CLOSE, SINGLE_OPEN


@dataclass
class QuoteSpan:
    """Characters between a pair of quotation marks (``inner``) and with them (``outer``)."""

    outer_start: int
    outer_end: int
    inner_start: int
    inner_end: int
    #: the paragraph ends before a closing mark: the quote goes on in the next one
    runs_on: bool = False
    #: this quote continues one left open in the previous paragraph
    continued: bool = False


def _is_word(c: str) -> bool:
    return c.isalnum()


def find_quote_spans(text: str, max_len: int) -> list[QuoteSpan]:
    """Pair quotation marks paragraph by paragraph.

    Curly and straight marks are paired by context; a double quote closed by a single
    mark ("...,' he said") is repaired; an apostrophe (don't, Russia's) never opens or
    closes. A quote still open at the end of its paragraph runs on when the next
    paragraph opens with a mark, as news style does for long quotations.
    """
    spans: list[QuoteSpan] = []
    pos = 0
    pending_run_on = False
    for para in text.split("\n"):
        para_spans = _pair_paragraph(para, pos, max_len)
        if pending_run_on and para_spans and para_spans[0].outer_start == pos + _lead(para):
            para_spans[0].continued = True
        pending_run_on = bool(para_spans) and para_spans[-1].runs_on
        spans.extend(para_spans)
        pos += len(para) + 1
    return sorted(spans, key=lambda q: q.outer_start)


def _lead(para: str) -> int:
    return len(para) - len(para.lstrip())


def _mark_role(para: str, i: int) -> str | None:
    """open2/close2 (double), open1/close1 (single) or None (an apostrophe).

    Straight marks have no direction of their own: a mark after a space opens.
    """
    c = para[i]
    before = para[i - 1] if i > 0 else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    if c in DOUBLE_OPEN:
        return "open2"
    if c in DOUBLE_CLOSE:
        if (before.isspace() or before in "([{" or i == 0) and _is_word(after):
            return "open2"  # ”Yes,” she said: a closing mark typed for the opening one
        return "close2"
    if c == '"':
        if before.isspace() or before in "([{-\u2014\u2013:" or i == 0:
            return "open2"
        return "close2"
    if c in (SINGLE_OPEN, SINGLE_CLOSE, "'"):
        if _is_word(before) and _is_word(after):
            return None  # don't, Russia's
        if (before.isspace() or before in "([{\"\u201c-\u2014\u2013:" or i == 0) and (
                _is_word(after) or after in "\"\u201c.\u2026"):
            return "open1"
        if not before.isspace() and not _is_word(after):
            return "close1"
    return None


def _marks(para: str) -> Iterator[tuple[int, int, str]]:
    """(position, width, role) of every quotation mark of a paragraph.

    Two straight single marks (''...'') are one double mark, as some outlets write
    it; three are a double and a single nested in it ('''Yes,''' he said).
    """
    i, n = 0, len(para)
    while i < n:
        if para[i] not in QUOTE_CHARS:
            i += 1
            continue
        if para.startswith("''", i):
            run = 3 if para.startswith("'" * 3, i) else 2
            before = para[i - 1] if i > 0 else " "
            if before.isspace() or before in "([{-\u2014\u2013:\"\u201c":
                yield i, 2, "open2"
                if run == 3:
                    yield i + 2, 1, "open1"
            else:
                if run == 3:
                    yield i, 1, "close1"
                yield i + run - 2, 2, "close2"
            i += run
            continue
        role = _mark_role(para, i)
        if role is not None:
            yield i, 1, role
        i += 1


#: a paragraph whose opening and closing double marks differ in number by more than this
#: is noise or an attack (2,000 unclosed marks), not quotation: none of its marks is
#: paired. Two allow one sloppy pair (“...“) or one quotation left open to run on.
MAX_UNBALANCED_MARKS = 2


def _pair_paragraph(para: str, offset: int, max_len: int) -> list[QuoteSpan]:
    marks = list(_marks(para))
    balance = sum(role == "open2" for _, _, role in marks) - sum(role == "close2"
                                                                 for _, _, role in marks)
    if abs(balance) > MAX_UNBALANCED_MARKS:
        return []
    spans: list[QuoteSpan] = []
    open2: tuple[int, int] | None = None  # an open double quotation: position, width
    open1: int | None = None  # an open single one, alone or nested in the double
    single_closes: list[int] = []  # closing singles seen while a double is open
    for i, width, role in marks:
        if role == "open2" and open2 is None:
            open2, open1, single_closes = (i, width), None, []
        elif role in ("open2", "close2") and open2 is not None:
            spans.append(_span(offset, *open2, i, width))  # a closing or second mark ends it
            open2 = None
        elif role == "close2" and open1 is not None:
            spans.append(_span(offset, open1, 1, i, width))  # 'mismatched marks."
            open1 = None
        elif role == "open1" and (open2 is not None or open1 is None):
            open1 = i
        elif role == "close1":
            if open1 is not None:
                if open2 is None:
                    spans.append(_span(offset, open1, 1, i, 1))
                open1 = None
            elif open2 is not None:
                single_closes.append(i)
    if open2 is not None:
        # "...,' he said": a double quote closed by a single mark after punctuation
        repair = [j for j in single_closes if para[j - 1] in ",.!?\u2026"]
        if repair:
            spans.append(_span(offset, *open2, repair[-1], 1))
        else:
            end = len(para.rstrip())
            spans.append(QuoteSpan(offset + open2[0], offset + end, offset + sum(open2),
                                   offset + end, runs_on=True))
    return [s for s in spans if s.inner_end - s.inner_start <= max_len]


def _span(offset: int, open_i: int, open_w: int, close_i: int, close_w: int) -> QuoteSpan:
    return QuoteSpan(offset + open_i, offset + close_i + close_w, offset + open_i + open_w,
                     offset + close_i)


def _inside_checker(quote_spans: list[QuoteSpan]) -> Callable[[int], bool]:
    """A test for "this character lies between quotation marks" (spans do not nest)."""
    starts = [q.inner_start for q in quote_spans]
    ends = [q.inner_end for q in quote_spans]

    def inside(char: int) -> bool:
        k = bisect.bisect_right(starts, char) - 1
        return k >= 0 and char < ends[k]
    return inside
