"""Program code that came through extraction in place of an article.

A page whose main text is JavaScript, CSS or JSON (a script the extractor kept, a
JSON-LD block, a style sheet or an app's settings saved as text) has words enough to
pass for an article, and would be parsed, clustered and summarised as one. Code has a
shape prose never has: its lines are dense with marks such as ``;{}=``, names glued
to a bracket (``gtag(``), quoted keys before a colon (``"@type":``), operators
(``=>``, ``&&``). A line of code quoted in an article (a sentence on ``print("hi")``)
is one line among prose: a text is code only when code lines hold most of it and the
sentences outside them would not make an article.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

#: why a document is left out (clean.py, the run's report)
CODE_REASON = "looks like program code, not an article"

#: one mark of program code: a brace, square bracket, semicolon or equals sign, a name
#: glued to the bracket of its call (``f(``), a quoted key before a colon
#: (``"@type":``), an operator, a comment's opening or close, a CSS declaration
#: before its semicolon (``color: #333;``)
_CODE_MARK = re.compile(
    r"[{};=[\]]|\w\(|[\"']\s*:|=>|&&|\|\||[!=]==?|\+\+|\+=|//|/\*|\*/"
    r"|\b[a-z-]+:\s?[^\s;{}][^;{}]*(?=;)")
#: a double-quoted string: a JSON value or a script's message is words, but words
#: inside code, so only its quotes are counted (a quotation in prose has no marks
#: around it to count)
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
#: how a comment line of a script or style sheet opens ("*" opens a block comment's
#: inner lines)
_COMMENT_OPENINGS = ("//", "/*", "*", "<!--")
#: marks per character from which a line is code: prose has one in dozens of
#: characters at most (a semicolon, a quoted call), code one in a few
#: (``image.src = image.dataset.src;``, ``}``)
CODE_LINE_DENSITY = 0.05
#: share of a text's characters in code lines from which it may be code (articles
#: measured: at most 0.13, a style sheet pasted into a long article)
CODE_SHARE = 0.5
#: words of sentence outside the code lines from which a text is an article with code
#: in it (the default limits.min_article_words): without its code, a text with fewer
#: would be a stub anyway
PROSE_WORDS = 50


class TextLine(Protocol):
    """A line of a document as clean.py reads it."""

    text: str
    words: int

    @property
    def sentence(self) -> bool:
        """Whether the line ends as a sentence does."""


def is_code_line(text: str) -> bool:
    """Whether the line ``text`` reads as program code rather than prose: a comment,
    or marks of code dense among its characters once its strings' words are set
    aside."""
    skeleton = _STRING.sub('""', text.strip())
    if skeleton.startswith(_COMMENT_OPENINGS):
        return True
    marks = len(_CODE_MARK.findall(skeleton))
    return marks > 0 and marks >= CODE_LINE_DENSITY * len(skeleton)


def looks_like_code(lines: Iterable[TextLine]) -> bool:
    """Whether a document's body ``lines`` are program code, not an article: code lines
    hold at least CODE_SHARE of its characters, and its other lines that end as
    sentences fewer than PROSE_WORDS words."""
    code = prose = sentence_words = 0
    for line in lines:
        if is_code_line(line.text):
            code += len(line.text)
        else:
            prose += len(line.text)
            sentence_words += line.words if line.sentence else 0
    return code > 0 and code >= CODE_SHARE * (code + prose) and sentence_words < PROSE_WORDS
