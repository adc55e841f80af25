"""The view model: everything the templates show, numbered, grouped and already cut to
the front page. Python decides what is shown; every word of presentation lives in
``templates/``.

A briefing reads in three layers: the **front page** (the top stories, a few lines
each, with their key voices), **also reported** (one line per other story) and the
**full record** (every story's summary, who-said-what table and sources, and the
inputs left out). The email carries the first two and links to the third.
"""
from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone, tzinfo
from typing import Literal
from urllib.parse import quote

from ..config import FrontPageSettings, RenderSettings
from ..editions import edition_label
from ..language import is_english
from ..rank import front_page_words, plan_front_page, story_outlets, word_count
from ..records import Article, Briefing, Dropped, QuoteRow, Span, Story
from ..times import in_zone, reader_zone
from .escape import WHITESPACE, display_text, safe_url

log = logging.getLogger("briefing.render")

#: where a view is shown: the HTML page (everything), the PDF (the full record within
#: ``render.pdf_record_words``, the rest attached) or the email (no full record)
Medium = Literal["page", "print", "email"]

_OUTER_QUOTES = "\"'“”‘’«»„‟‹›"
#: most outlets named on a story's line; the rest are counted
OUTLETS_NAMED = 4
#: words of a title that name a source without a known outlet in a line of citations
LABEL_WORDS = 6


@dataclass
class OutletLink:
    """Another outlet's copy of a source: its name, and its address when it has a safe one."""

    name: str
    url: str | None = None


@dataclass
class SourceView:
    number: int
    anchor: str
    title: str
    publisher: str | None
    url: str | None
    #: when it was published, on the reader's clock (``Briefing.time_zone``); a date
    #: alone when the source gave no time of day
    published: date | datetime | None
    #: other outlets that published the same article, each with its copy's address
    also: list[OutletLink] = field(default_factory=list)
    #: the article's language when it is not English (ISO 639-1: "de", "fr")
    language: str | None = None
    #: its text as the edition publishes it (``articles/ID.txt``), when it does
    text_url: str | None = None

    @property
    def href(self) -> str | None:
        """Where the source is read: its own page, else its text beside the briefing."""
        return self.url or self.text_url

    @property
    def label(self) -> str:
        """Short name of the source for a line of citations: its outlet, else the first
        words of its title."""
        if self.publisher:
            return self.publisher
        words = self.title.split()
        return " ".join(words[:LABEL_WORDS]) + ("…" if len(words) > LABEL_WORDS else "")


@dataclass
class MarkerView:
    number: int
    anchor: str
    #: where the marker leads: the cited words on the source's own page when it has an
    #: address (a text fragment link), else the source in the full record; None in an
    #: email whose full record is not online
    href: str | None = ""


@dataclass
class SentenceView:
    text: str
    markers: list[MarkerView]


@dataclass
class StatementView:
    text: str
    kind: str
    markers: list[MarkerView]
    #: the cue to show before a reported statement ("accused Western countries of ...")
    cue_before: str | None = None
    #: the cue to show after it, for cue forms that cannot lead ("according to")
    cue_after: str | None = None
    #: the statement names its own source ("..., Lavrov argued, ..."), so it needs no cue
    cue_inside: bool = False
    #: the reported statement is a whole sentence, capital first ("A fire destroyed the
    #: school, officials said"): a cue before it takes a colon ("said: A fire ...")
    whole_sentence: bool = False


@dataclass
class SpeakerView:
    """Every table row of one speaker, in the order the quotes stage gave them."""

    speaker: str
    roles: list[str]
    statements: list[StatementView] = field(default_factory=list)


@dataclass
class VoiceView:
    """A key voice of a front-page story: one statement and who made it."""

    speaker: str
    role: str | None
    statement: StatementView


@dataclass
class StoryView:
    number: int
    anchor: str
    headline: str
    #: the outlets known to carry the story (publishers, sites, republishers)
    outlets: list[str]
    article_count: int
    summary: list[SentenceView]
    speakers: list[SpeakerView]
    statement_count: int
    sources: list[SourceView]
    #: the first briefing that showed this story, when it continues one
    developing_since: date | None = None
    #: where that briefing's full record is, from this rendering (None: nowhere to link)
    developing_href: str | None = None
    #: where the headline and "more statements" lead: the story in the full record
    href: str | None = None
    #: the front page's cut: its first summary sentences and its key voices
    front_summary: list[SentenceView] = field(default_factory=list)
    voices: list[VoiceView] = field(default_factory=list)

    @property
    def more_statements(self) -> int:
        return max(self.statement_count - len(self.voices), 0)

    @property
    def front_sources(self) -> list[SourceView]:
        """The sources the front page cites for this story; the rest wait in the record,
        unless only one would: naming it takes no more room than "and 1 more source"."""
        cited = {m.number for item in [*self.front_summary, *(v.statement for v in self.voices)]
                 for m in item.markers}
        shown = [source for source in self.sources if source.number in cited] or self.sources[:1]
        return self.sources if len(self.sources) - len(shown) == 1 else shown

    @property
    def more_sources(self) -> int:
        return len(self.sources) - len(self.front_sources)

    @property
    def outlet_count(self) -> int:
        return len(self.outlets)

    @property
    def outlets_named(self) -> list[str]:
        return self.outlets[:OUTLETS_NAMED]

    @property
    def outlets_unnamed(self) -> int:
        return self.outlet_count - len(self.outlets_named)

    @property
    def quotes_href(self) -> str | None:
        return f"{self.href}-quotes" if self.href else None


@dataclass
class DroppedView:
    """An input left out, named as its reader knows it: the article's title, else its
    address, else the file (relative to the input folder given); linked to its address."""
    name: str
    reason: str
    href: str | None = None
    #: the name is a file's path, not a title or an address
    is_path: bool = False
    outlet: str | None = None


@dataclass
class BriefingView:
    #: the page's and the message's title: the briefing's title and its edition, by date
    title: str
    #: the masthead's headline: the briefing's title, and which edition when it is a later
    #: one of the day; the date above it (``date_label``) says the day, once
    heading: str
    date: str
    date_label: str | None
    #: when the briefing was made, on the reader's clock
    generated_at: datetime
    #: every story, in rank order
    stories: list[StoryView]
    front: list[StoryView]
    also: list[StoryView]
    #: "also reported" lines left out of this rendering (chat and email size limits)
    also_hidden: int
    #: the sources cited (articles), and the outlets that published them, republishers
    #: included, as each story's line counts them
    source_count: int
    outlet_count: int
    dropped: list[DroppedView]
    #: the full briefing online, when ``render.public_url`` says where it is published
    full_url: str | None
    reading_minutes: int
    front_words: int
    #: the edition's folder name (``DATE``, ``DATE-2`` ...)
    edition: str = ""
    medium: Medium = "page"
    #: the edition has a file holding the full record (its HTML or PDF): what a message
    #: leaves out is "in the full briefing" only then
    has_record: bool = True
    #: the stories shown in full after the front page: all of them on the HTML page, the
    #: first ones within the word budget in the PDF, none in the email (it links to them)
    record: list[StoryView] = field(default_factory=list)
    #: stories whose full record is not in this rendering (the PDF carries it attached)
    record_hidden: int = 0

    @property
    def email(self) -> bool:
        """The email leaves out print-only rules and the full record."""
        return self.medium == "email"


class _SourceNumbers:
    """Numbers articles across the whole briefing in order of first appearance."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.by_id = {a.id: a for a in articles}
        self.numbers: dict[str, int] = {}

    def number(self, article: Article) -> int:
        self.by_id.setdefault(article.id, article)
        return self.numbers.setdefault(article.id, len(self.numbers) + 1)


def outlet_name(article: Article) -> str | None:
    """The outlet to show for an article (:attr:`Article.outlet`), display-safe."""
    return display_text(article.outlet).strip() or None


def also_carried_by(article: Article) -> list[str]:
    """The other outlets that published ``article``, never the outlet itself."""
    own = (outlet_name(article) or "").casefold()
    names = (display_text(name).strip() for name in article.also_carried_by)
    return list(dict.fromkeys(n for n in names if n and n.casefold() != own))


def _copies(article: Article) -> list[OutletLink]:
    """The other outlets that published ``article``, each linked to its own copy."""
    at: dict[str, str | None] = {}
    for name, url in article.also_carried_by.items():  # spellings of one name: any address
        key = display_text(name).strip()
        at[key] = at.get(key) or url
    return [OutletLink(name, safe_url(at.get(name))) for name in also_carried_by(article)]


def _story_view(story: Story, numbering: _SourceNumbers, record_base: str | None,
                full: bool, zone: tzinfo = timezone.utc,
                texts: Mapping[str, str] | None = None,
                editions_base: str | None = None) -> StoryView:
    """The view of one story; its who-said-what groups only when ``full`` (the story is in
    the full record), since a day's thousands of rows are otherwise never shown."""
    anchor = f"story-{story.rank}"
    own = [pa.article for pa in story.cluster.articles]
    own_ids = {a.id for a in own}
    cited = [s.article_id for s in _all_spans(story)]
    # A sentence may cite an article kept outside the cluster; list it too.
    extra = [numbering.by_id[i] for i in dict.fromkeys(cited)
             if i not in own_ids and i in numbering.by_id]
    listed = list({a.id: a for a in own + extra}.values())
    sources = [SourceView(number=numbering.number(a), anchor=f"{anchor}-src-{numbering.number(a)}",
                          title=display_text(a.title).strip() or a.id,
                          publisher=outlet_name(a), url=safe_url(a.url),
                          published=in_zone(a.published, zone),
                          also=_copies(a),
                          language=None if is_english(a) else a.language,
                          text_url=(texts or {}).get(a.id))
               for a in listed]
    by_id = {a.id: s for a, s in zip(listed, sources)}

    def markers(spans: list[Span]) -> list[MarkerView]:
        # Spans citing an article the briefing does not hold cannot be linked.
        first: dict[str, Span] = {}  # the first span citing each article
        for span in spans:
            if span.article_id in by_id:
                first.setdefault(span.article_id, span)
        views = []
        for article_id, span in first.items():
            source = by_id[article_id]
            cited = numbering.by_id[article_id].text[span.start:span.end]
            href = text_fragment_link(source.href, cited) if source.href else None
            if href is None and record_base is not None:
                href = f"{record_base}#{source.anchor}"
            views.append(MarkerView(number=source.number, anchor=source.anchor, href=href))
        return views

    summary = [SentenceView(text=display_text(s.text).strip(), markers=markers(s.spans))
               for s in story.summary]
    voices = []
    for row in story.key_quotes:
        statement = _statement_view(row, markers)
        voices.append(VoiceView(speaker=_speaker_name(row), role=_role(row), statement=statement))
    outlets = list(dict.fromkeys(
        [s.publisher for s in sources if s.publisher] + [c.name for s in sources for c in s.also]))
    headline = display_text(story.headline).strip() or (sources[0].title if sources else "Untitled story")
    return StoryView(number=story.rank, anchor=anchor, headline=headline, outlets=outlets,
                     article_count=len(own), summary=summary,
                     speakers=_speaker_views(story.quotes, markers) if full else [],
                     statement_count=len(story.quotes), sources=sources,
                     developing_since=story.developing_since,
                     developing_href=(editions_base + quote(story.developing_from)
                                      if editions_base is not None and story.developing_from
                                      and story.developing_since else None),
                     href=f"{record_base}#{anchor}" if record_base is not None else None,
                     front_summary=summary[:story.front_sentences], voices=voices)


_FRAGMENT_WORDS = 4


def text_fragment_link(url: str, cited: str) -> str | None:
    """``url`` with a text fragment (``#:~:text=start,end``) that makes browsers scroll
    to and highlight the cited words on the source's own page; None without words."""
    words = display_text(cited).strip(_OUTER_QUOTES + " ,.;:").split()
    if not words:
        return None

    def part(chunk: list[str]) -> str:  # "-", "," and "&" are fragment syntax
        return quote(" ".join(chunk), safe="").replace("-", "%2D")

    if len(words) <= 2 * _FRAGMENT_WORDS:
        directive = part(words)
    else:
        directive = f"{part(words[:_FRAGMENT_WORDS])},{part(words[-_FRAGMENT_WORDS:])}"
    return f"{url.split('#', 1)[0]}#:~:text={directive}"


def _all_spans(story: Story) -> list[Span]:
    return [span for item in [*story.summary, *story.quotes] for span in item.spans]


def _speaker_name(row: QuoteRow) -> str:
    return display_text(row.speaker).strip() or "Unnamed source"


def _role(row: QuoteRow) -> str | None:
    return display_text(row.role).strip() or None


def _statement_view(row: QuoteRow, markers: Callable[[list[Span]], list[MarkerView]]) -> StatementView:
    text = _without_trailing_comma(display_text(row.text).strip())
    if row.kind == "direct":
        text = text.strip(_OUTER_QUOTES + " ")
    cue = WHITESPACE.sub(" ", display_text(row.cue)).strip()
    inside = row.kind != "direct" and _cue_in_text(cue, text)
    before, after = (None, None) if inside else _cue_placement(cue, row.kind, text)
    return StatementView(text=text, kind=row.kind, markers=markers(row.spans),
                         cue_before=before, cue_after=after, cue_inside=inside,
                         whole_sentence=row.kind != "direct" and text[:1].isupper())


def _speaker_views(rows: Sequence[QuoteRow],
                   markers: Callable[[list[Span]], list[MarkerView]]) -> list[SpeakerView]:
    """Group rows by speaker; groups follow each speaker's first row."""
    groups: dict[str, SpeakerView] = {}
    for row in rows:
        speaker = _speaker_name(row)
        group = groups.setdefault(speaker, SpeakerView(speaker=speaker, roles=[]))
        role = _role(row)
        if role:
            _add_role(group.roles, role)
        group.statements.append(_statement_view(row, markers))
    return list(groups.values())


#: cue forms that read wrong in front of the reported content; they are shown after it
_TRAILING_CUES = frozenset({"according to", "as per", "per"})
#: a cue longer than this is not a reporting verb phrase, so it is not shown
_MAX_CUE_WORDS = 6


def _cue_in_text(cue: str, text: str) -> bool:
    """Whether the statement's span holds its own attribution ("..., Lavrov argued, ...")."""
    words = cue.split()
    if not words:
        return False
    pattern = r"\b" + r"\s+".join(map(re.escape, words)) + r"\b"
    return re.search(pattern, text, re.IGNORECASE) is not None and not \
        text.casefold().startswith(cue.casefold() + " ")


def _cue_placement(cue: str, kind: str, text: str) -> tuple[str | None, str | None]:
    """Where a reported statement shows its cue: before it, after it, or not at all.

    Reported content is a clause torn from its sentence ("Western countries of
    trying to block talks"); its cue ("accused") restores the sense. Direct
    quotes stand on their own in quote marks.
    """
    if kind == "direct" or not cue or len(cue.split()) > _MAX_CUE_WORDS:
        return None, None
    if cue[:1].isupper() and not cue[1:2].isupper():  # sentence-initial "According to", not "UN"
        cue = cue[0].lower() + cue[1:]
    if cue.casefold() in _TRAILING_CUES:
        return None, cue
    if text.casefold().startswith(cue.casefold() + " "):
        return None, None
    return cue, None


def _without_trailing_comma(text: str) -> str:
    """The comma that led into "..., she said" belongs to the sentence, even inside a closing quote."""
    closing = text.rstrip(_OUTER_QUOTES + " ")
    return closing.rstrip(", ") + text[len(closing):].strip()


def _add_role(roles: list[str], role: str) -> None:
    """Keep the most informative wording: "Councillor" adds nothing to "Councillor, finance chair"."""
    folded = role.casefold()
    if any(folded in known.casefold() for known in roles):
        return
    roles[:] = [known for known in roles if known.casefold() not in folded] + [role]


def ranked_stories(briefing: Briefing) -> list[Story]:
    """The briefing's stories in rank order, with a front page. A briefing assembled by
    hand, never ranked, keeps its order and gets the default front page."""
    if briefing.stories and not any(story.rank for story in briefing.stories):
        numbered = [replace(story, rank=n) for n, story in enumerate(briefing.stories, 1)]
        return plan_front_page(numbered, FrontPageSettings())
    return sorted(briefing.stories, key=lambda story: story.rank)


#: the folder of an edition that holds each article's text (``render.article_texts``)
TEXTS_FOLDER = "articles"
_SAFE_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}")


def article_text_files(briefing: Briefing) -> dict[str, str]:
    """Each article's text file, relative to the edition: ``articles/ID.txt``, named by
    the article's id when that is a plain file name (else by a hash of it), and distinct
    on disks that ignore case."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for article in briefing.articles:
        stem = article.id if _SAFE_FILE_NAME.fullmatch(article.id) else \
            "article-" + hashlib.sha256(article.id.encode("utf-8", "replace")).hexdigest()[:16]
        name, n = stem, 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}-{n}"
        taken.add(name.casefold())
        names[article.id] = f"{TEXTS_FOLDER}/{name}.txt"
    return names


def text_links(briefing: Briefing, settings: RenderSettings, medium: Medium,
               beside: bool) -> dict[str, str]:
    """Where each article's published text (``render.article_texts``) is linked from
    this rendering: beside it (``articles/ID.txt``) on the HTML page; under
    ``render.public_url`` when set for what may travel without its folder (the PDF, the
    Markdown, the email and chat), else beside it for those that sit in the edition
    (``beside``: the PDF, the Markdown); nowhere for a message with no address to give."""
    if not settings.article_texts:
        return {}
    if settings.public_url and medium != "page":
        base = (f"{settings.public_url.rstrip('/')}/"
                f"{quote(briefing.edition or briefing.date)}/")
    elif medium == "page" or beside:
        base = ""
    else:
        return {}
    return {article_id: base + quote(name)
            for article_id, name in article_text_files(briefing).items()}


def editions_base(settings: RenderSettings, medium: Medium, beside: bool) -> str | None:
    """What leads from this rendering to the output folder holding every edition (an
    earlier edition is ``EDITION/briefing.html`` under it): the parent folder from the
    HTML page, and from the PDF and Markdown in the edition's folder (``beside``);
    ``render.public_url`` for what may travel without its folder; None for a message
    with no address to give."""
    if settings.public_url and medium != "page":
        return f"{settings.public_url.rstrip('/')}/"
    return "../" if medium == "page" or beside else None


#: the files of an edition that hold its full record, when it was built with both, the
#: HTML first (``render.record_files`` names those an edition has)
EVERY_RECORD_FILE = ("briefing.html", "briefing.pdf")


def full_briefing_url(briefing: Briefing, settings: RenderSettings,
                      record_files: Sequence[str] = EVERY_RECORD_FILE) -> str | None:
    """The full briefing online, when ``render.public_url`` says where out/ is served: the
    edition's HTML, else its PDF, whichever of them it has (``record_files``); None when
    it has neither, as nothing there holds the full record."""
    if not settings.public_url or not record_files:
        return None
    return (f"{settings.public_url.rstrip('/')}/{quote(briefing.edition or briefing.date)}/"
            f"{quote(record_files[0])}")


def record_words(story: Story) -> int:
    """Words of a story's full record: headline, whole summary, every statement, sources."""
    return (word_count(story.headline) + sum(word_count(s.text) for s in story.summary)
            + sum(word_count(q.speaker) + word_count(q.text) for q in story.quotes)
            + sum(word_count(p.article.title) for p in story.cluster.articles))


def _in_record(stories: Sequence[Story], medium: Medium, budget: int) -> set[str]:
    """Ids of the stories shown in full: every one on the page, none in the email; in the
    PDF the leading stories, in rank order, while ``budget`` words last (so printing
    time is bounded whatever the day holds)."""
    if medium == "page":
        return {story.id for story in stories}
    chosen: set[str] = set()
    used = 0
    for story in stories if medium == "print" else ():
        used += record_words(story)
        if used > budget:
            break
        chosen.add(story.id)
    return chosen


def build_view(briefing: Briefing, settings: RenderSettings | None = None,
               medium: Medium = "page",
               record_files: Sequence[str] = EVERY_RECORD_FILE,
               beside: bool | None = None) -> BriefingView:
    """Everything the templates show, already numbered, grouped and cut for ``medium``.

    Headlines and source markers without an address lead into the full record on the
    same page when it holds the story; otherwise to the full briefing online when
    ``render.public_url`` is set and the edition has a file holding it (``record_files``),
    and nowhere (plain text) when not. A source without an address is linked, and its
    markers lead, to its text when the edition publishes it (:func:`text_links`;
    ``beside`` says the rendering sits in the edition's folder, as the Markdown does).
    """
    settings = settings or RenderSettings()
    stories = ranked_stories(briefing)
    numbering = _SourceNumbers(briefing.articles)
    full_url = full_briefing_url(briefing, settings, record_files)
    in_record = _in_record(stories, medium, settings.pdf_record_words)
    zone = reader_zone(briefing.time_zone)
    beside = medium != "email" if beside is None else beside
    texts = text_links(briefing, settings, medium, beside)
    editions = editions_base(settings, medium, beside)
    views = [_story_view(story, numbering, "" if story.id in in_record else full_url,
                         full=story.id in in_record, zone=zone, texts=texts,
                         editions_base=editions)
             for story in stories]
    front = [v for v, s in zip(views, stories) if s.on_front_page]
    also = [v for v, s in zip(views, stories) if not s.on_front_page]
    try:
        day = date.fromisoformat(briefing.date)
        date_label: str | None = f"{day:%A} {day.day} {day:%B %Y}"
    except ValueError:
        date_label = None
    words = sum(front_page_words(s, s.front_sentences, s.key_quotes)
                for s in stories if s.on_front_page)
    edition = briefing.edition or briefing.date
    label = edition_label(edition, briefing.date)
    heading = (settings.title + label.removeprefix(briefing.date)
               if label.startswith(briefing.date) else f"{settings.title} — {label}")
    return BriefingView(title=f"{settings.title} — {label}", heading=heading,
                        date=briefing.date,
                        date_label=date_label, generated_at=in_zone(briefing.generated_at, zone),
                        stories=views, front=front, also=also, also_hidden=0,
                        source_count=len(numbering.numbers),
                        outlet_count=len(set().union(*(story_outlets(s) for s in stories))),
                        dropped=[_dropped_view(d) for d in briefing.dropped],
                        full_url=full_url,
                        reading_minutes=max(1, round(words / settings.reading_wpm)) if views else 0,
                        front_words=words, edition=edition,
                        medium=medium, has_record=bool(record_files),
                        record=[v for v, s in zip(views, stories) if s.id in in_record],
                        record_hidden=len(stories) - len(in_record))


def _dropped_view(item: Dropped) -> DroppedView:
    href = safe_url(item.url)
    title = display_text(item.title or "").strip()
    name = title or (display_text(href).strip() if href else "")
    return DroppedView(name=name or display_text(item.path).strip(),
                       reason=display_text(item.reason).strip(), href=href, is_path=not name,
                       outlet=display_text(item.outlet or "").strip() or None)


def cut_also_reported(view: BriefingView, keep: int) -> BriefingView:
    """The view with only the first ``keep`` "also reported" lines; the rest are counted."""
    keep = max(0, min(keep, len(view.also)))
    return replace(view, also=view.also[:keep],
                   also_hidden=view.also_hidden + len(view.also) - keep)
