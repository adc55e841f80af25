"""Typed records passed between the pipeline stages.

Every stage takes records from this module and returns records from this module, so
each stage can be tested alone. Offsets are character offsets (Python ``str``
indices); a :class:`Span` always says which text it indexes.
"""
from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Literal, Protocol

from .urls import host_name

if TYPE_CHECKING:  # spaCy is heavy; records stay importable without it
    from spacy.tokens import Doc

QuoteKind = Literal["direct", "indirect", "mixed"]

#: called with a short description of each step of long work as it starts
Progress = Callable[[str], None]


class CountedProgress(Protocol):
    """A :data:`Progress` that also shows how far a counted phase has got ("pages 12/40:
    host"), as a bar on a terminal."""

    def __call__(self, step: str) -> None: ...

    def advance(self, phase: str, done: int, total: int, detail: str = "") -> None: ...


def no_progress(_: str) -> None:
    """The default Progress: say nothing."""


def counted(progress: Progress) -> CountedProgress:
    """``progress`` itself when it can count; else one that reports each advance as a step,
    so any plain Progress callable works where counts are given."""
    return progress if hasattr(progress, "advance") else _StepCounts(progress)


@dataclass
class _StepCounts:
    step: Progress

    def __call__(self, step: str) -> None:
        self.step(step)

    def advance(self, phase: str, done: int, total: int, detail: str = "") -> None:
        self.step(f"{phase} {done}/{total}" + (f": {detail}" if detail else ""))


#: when an article was published: an aware datetime with the UTC offset its source gave,
#: or a date alone when the source gave only the day (see briefing.times)
Published = datetime | date


def as_utc(when: Published) -> datetime:
    """``when`` as an instant with a time zone: a naive time (a feed or file that gave
    none) is UTC; a date alone is its 00:00 UTC, for ordering only."""
    if not isinstance(when, datetime):
        return datetime(when.year, when.month, when.day, tzinfo=timezone.utc)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


@dataclass
class Document:
    """One input as read from disk or the network, before cleaning.

    ``text`` is the file's text as read (UTF-8) for plain-text and Markdown files, or
    the text extracted from HTML; fields given by a structured source (JSON, a feed)
    are carried along and win over what cleaning would guess.
    """

    path: str
    text: str
    kind: Literal["text", "markdown", "html", "json"] = "text"
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: Published | None = None
    #: index of this document inside a multi-record file (JSON Lines, JSON list)
    index: int = 0
    #: other outlets that published the same article (found by the store's duplicate
    #: check), each with the address of its copy
    also_carried_by: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Segment:
    """A run of ``Article.text`` copied unchanged from ``Document.text``."""

    text_start: int
    source_start: int
    length: int


@dataclass
class Article:
    """One cleaned news article: a title and its body, free of page furniture.

    ``text`` is what the parser sees: the title, a blank line, then the body
    paragraphs separated by blank lines. ``segments`` map positions in ``text`` back
    to the document it came from, so quotes and summary sentences can cite the
    exact spot in the file.
    """

    id: str
    #: the file it was read from; in a briefing built from files, its path relative to the
    #: input folder given (:func:`briefing.collect.name_as_given`), as for :class:`Dropped`
    path: str
    title: str
    body: str
    publisher: str | None = None
    #: the address shown and cited: the page's canonical URL, else the one it was read
    #: from, without tracking parameters (see briefing.urls)
    url: str | None = None
    published: Published | None = None
    #: position of this article on its page (a page may hold several articles)
    part: int = 0
    segments: list[Segment] = field(default_factory=list)
    #: other outlets that published the same article, word for word or nearly, each with
    #: the address of its copy
    also_carried_by: dict[str, str | None] = field(default_factory=dict)
    #: ISO 639-1 code of the language the article is written in ("en", "de", "fr"), as
    #: detected by briefing.language; None when not detected (too short, the detector
    #: unsure, or not run), which the English-only stages read as English
    language: str | None = None

    @property
    def text(self) -> str:
        return f"{self.title}\n\n{self.body}" if self.title else self.body

    @property
    def outlet(self) -> str | None:
        """Who published it: the publisher when known, else the web site of its address."""
        if self.publisher and self.publisher.strip():
            return self.publisher.strip()
        return host_name(self.url)

    @property
    def body_start(self) -> int:
        return len(self.title) + 2 if self.title else 0

    def source_offset(self, offset: int) -> int | None:
        """Map an offset in ``text`` to the source document, or None if it was added."""
        starts = [s.text_start for s in self.segments]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return None
        seg = self.segments[i]
        if offset <= seg.text_start + seg.length:
            return seg.source_start + offset - seg.text_start
        return None

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Map ``text[start:end]`` to the source when it lies in one copied run."""
        s = self.source_offset(start)
        e = self.source_offset(end)
        if s is None or e is None or e - s != end - start:
            return None
        return s, e


@dataclass
class ParsedArticle:
    """An article with its one spaCy parse; later stages reuse ``doc``.

    What a stage reads from the Doc that depends on this article alone (its quotes, its
    candidate sentences, its clustering features) is kept in ``analyses`` under a key
    naming the stage and its settings, so it is read once; a build fills it from the
    analysis cache or right after the parse, then drops the Doc (``doc`` is None), so a
    day's Docs are never all held at once.
    """

    article: Article
    doc: Doc | None
    analyses: dict[tuple, object] = field(default_factory=dict)

    def analysis(self, key: tuple, compute: Callable[[], object]):
        """The stage result kept under ``key``, else ``compute()`` (which reads ``doc``)."""
        if key not in self.analyses:
            if self.doc is None:
                raise LookupError(f"{self.article.path}: no parse and no {key[0]} result "
                                  "kept for these settings")
            self.analyses[key] = compute()
        return self.analyses[key]


@dataclass
class Span:
    """``article.text[start:end]`` of the article with id ``article_id``."""

    article_id: str
    start: int
    end: int


@dataclass
class Mention:
    """The words in the text that refer to a speaker for one quote."""

    text: str
    start: int
    end: int


@dataclass
class Quote:
    """An attributed statement found in one article (offsets into ``Article.text``)."""

    article_id: str
    text: str
    start: int
    end: int
    speaker: str
    cue: str
    kind: QuoteKind
    role: str | None = None
    mention: Mention | None = None
    #: the verbatim parts of a statement whose span holds its attribution (a quotation
    #: it interrupts, '"A," she said. "B."', or "which she said B", shown as B), as
    #: (start, end) offsets; ``text`` shows them joined by " … ", without the
    #: attribution. Empty when ``text`` is ``Article.text[start:end]``.
    parts: list[tuple[int, int]] = field(default_factory=list)


#: what joins the parts of an interrupted quotation where its attribution stood
PART_JOINER = " \u2026 "


@dataclass
class Cluster:
    """Articles that report the same event."""

    id: str
    articles: list[ParsedArticle]
    headline: str = ""
    #: date of the first briefing that showed this story, when it continues an earlier one
    developing_since: date | None = None
    #: that briefing's full record, as a path under the output folder
    #: ("2026-12-01/briefing.html"; "" when unknown or it has none)
    developing_from: str = ""


@dataclass
class EarlierStory:
    """A story shown in an earlier briefing, as the store remembers it.

    Clustering uses it to keep a continuing story's id; summarising uses it to prefer
    sentences the reader has not seen yet.
    """

    id: str
    #: date of the first briefing that showed it
    since: date
    titles: list[str]
    #: texts of the articles it held
    texts: list[str]
    #: summary sentences already shown
    shown: list[str] = field(default_factory=list)
    #: the full record of the first briefing that showed it, as a path under the output
    #: folder ("2026-12-01/briefing.html"), "" when that briefing wrote none
    first_record: str = ""


@dataclass
class SummarySentence:
    """A sentence carried verbatim by every article it cites."""

    text: str
    spans: list[Span]

    @property
    def article_ids(self) -> list[str]:
        return list(dict.fromkeys(s.article_id for s in self.spans))


@dataclass
class QuoteRow:
    """One line of the who-said-what table: a statement and every outlet carrying it."""

    speaker: str
    role: str | None
    text: str
    kind: QuoteKind
    cue: str
    spans: list[Span]

    @property
    def article_ids(self) -> list[str]:
        return list(dict.fromkeys(s.article_id for s in self.spans))


@dataclass
class RankSignals:
    """What a story's importance is made of, each signal in [0, 1] (see rank.py)."""

    outlets: float
    articles: float
    recency: float
    novelty: float
    substance: float
    #: the counts behind the coverage signals
    outlet_count: int = 0
    article_count: int = 0


@dataclass
class Story:
    """A cluster with what the briefing says about it, and where the briefing puts it."""

    cluster: Cluster
    summary: list[SummarySentence]
    quotes: list[QuoteRow]
    #: 1 for the most important story of the briefing; 0 until ranked
    rank: int = 0
    #: the importance score the rank follows, in [0, 1]
    score: float = 0.0
    signals: RankSignals | None = None
    #: shown on the front page, with its first ``front_sentences`` summary sentences
    on_front_page: bool = False
    front_sentences: int = 0
    #: the statements chosen to speak for the story: distinct speakers, best first
    key_quotes: list[QuoteRow] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.cluster.id

    @property
    def headline(self) -> str:
        return self.cluster.headline

    @property
    def developing_since(self) -> date | None:
        return self.cluster.developing_since

    @property
    def developing_from(self) -> str:
        return self.cluster.developing_from


@dataclass
class Dropped:
    """An input left out of the briefing, and why: page furniture, a stub, not text, ...

    Stages that reject an input append one to the list they are given, so the briefing
    can count and name what it left out instead of losing it silently.
    """

    #: the input: a file's path (relative to the input folder given, once the briefing
    #: names it: :func:`briefing.collect.name_as_given`), with its record and part
    path: str
    reason: str
    #: the article's title, address and outlet when the input got that far (a stub, a
    #: notice): how a reader knows it (a store build's path is only the row's id)
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    #: the input could not be read at all (a file error, malformed JSON): a fault to
    #: mend, not a page's furniture or a stub; a build with one exits "done, with failures"
    unreadable: bool = False


@dataclass
class Briefing:
    """Everything the renderers need; nothing in it depends on spaCy."""

    date: str
    generated_at: datetime
    articles: list[Article]
    stories: list[Story]
    #: inputs rejected on the way (furniture, stubs, unreadable files), in input order
    dropped: list[Dropped] = field(default_factory=list)
    #: the name of this edition's folder under the output folder (the date by default)
    edition: str = ""
    #: the reader's time zone (IANA name, ``schedule.timezone``): times are shown in it
    time_zone: str = "UTC"
