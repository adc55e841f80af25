"""Render stage: one Briefing written as HTML, PDF, Markdown and JSON.

Python only builds a view model (numbered sources, markers, speaker groups);
every word of presentation lives in ``templates/``. Article text is hostile, so
HTML is autoescaped, Markdown goes through :func:`escape_markdown`, and the PDF
renderer is given a URL fetcher that refuses every request.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .config import OUTPUT_FORMATS, RenderSettings
from .records import Article, Briefing, QuoteRow, Span, Story
from .safe_text import display_text

def _template_dir() -> Path:
    """The top-level templates/ beside the package (a checkout, an editable install), else
    the copy a regular install puts under ``<prefix>/share/briefing/templates``."""
    beside = Path(__file__).resolve().parent.parent / "templates"
    installed = Path(sys.prefix) / "share" / "briefing" / "templates"
    return beside if (beside / "briefing.html.j2").is_file() or not installed.is_dir() else installed


TEMPLATE_DIR = _template_dir()

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_WHITESPACE = re.compile(r"\s+")
_OUTER_QUOTES = "\"'“”‘’«»„‟‹›"
_ZERO_WIDTH_SPACE = "\u200b"


# --------------------------------------------------------------------------- Markdown escaping

_MD_METACHARS = re.compile(r"([\\`*_{}\[\]()<>#|~!&])")
_MD_LEADING_MARK = re.compile(r"^([-+=])")
_MD_LEADING_NUMBER = re.compile(r"^(\d+)\.")
_URL_SCHEME = re.compile(r"\b([a-z][a-z0-9+.-]*):(?=//)", re.IGNORECASE)
_WWW = re.compile(r"\b(www)\.", re.IGNORECASE)


def escape_markdown(text: Any) -> str:
    """Make untrusted text inert in chat Markdown (Slack, Mattermost, Teams, Discord).

    The text becomes one line; Markdown metacharacters are backslash-escaped so no
    emphasis, link, image, table, heading or raw HTML can form; a zero-width space
    after ``@`` and ``<`` breaks mentions (``@channel``, ``<!everyone>``), and one
    after a URL scheme or ``www`` stops chat clients from auto-linking addresses.
    """
    line = _WHITESPACE.sub(" ", _display_text(str(text))).strip()
    line = _MD_METACHARS.sub(r"\\\1", line)
    line = _MD_LEADING_MARK.sub(r"\\\1", line)
    line = _MD_LEADING_NUMBER.sub(r"\1\\.", line)  # "1)" is already escaped as "1\)"
    return _defuse_links_and_mentions(line).replace("<", "<" + _ZERO_WIDTH_SPACE)


def _defuse_links_and_mentions(line: str) -> str:
    """A zero-width space after a URL scheme, ``www`` and ``@``: chat clients then neither
    auto-link an address nor notify anyone (``@channel``)."""
    line = _URL_SCHEME.sub(lambda m: f"{m.group(1)}:{_ZERO_WIDTH_SPACE}", line)
    line = _WWW.sub(lambda m: f"{m.group(1)}{_ZERO_WIDTH_SPACE}.", line)
    return line.replace("@", "@" + _ZERO_WIDTH_SPACE)


def markdown_url(url: str) -> str:
    """Percent-encode what could end a Markdown link destination early."""
    return quote(url, safe=":/?#@!$&'*+,;=%-._~")


# --------------------------------------------------------------------------- view model

@dataclass
class SourceView:
    number: int
    anchor: str
    title: str
    publisher: str | None
    url: str | None
    published: datetime | None
    #: other outlets that published the same article
    also: list[str] = field(default_factory=list)


@dataclass
class MarkerView:
    number: int
    anchor: str
    #: where the marker leads: the cited words on the source's own page when it has an
    #: address (a text fragment link), else the source in the briefing's list
    href: str = ""


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


@dataclass
class SpeakerView:
    """Every table row of one speaker, in the order the quotes stage gave them."""

    speaker: str
    roles: list[str]
    statements: list[StatementView] = field(default_factory=list)


@dataclass
class StoryView:
    number: int
    anchor: str
    headline: str
    outlets: list[str]
    summary: list[SentenceView]
    speakers: list[SpeakerView]
    statement_count: int
    sources: list[SourceView]
    #: the first briefing that showed this story, when it continues one
    developing_since: date | None = None


@dataclass
class BriefingView:
    title: str
    date: str
    date_label: str | None
    generated_at: datetime
    stories: list[StoryView]
    source_count: int
    #: the email variant leaves out print-only rules
    email: bool = False


def _display_text(text: str | None) -> str:
    """Drop control characters, bidi overrides and lone surrogates (see safe_text)."""
    return display_text(text)


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) address worth linking, else None."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if _CONTROL_CHARS.search(url) or any(c.isspace() for c in url):
        return None
    return url


def _outlet(article: Article) -> str | None:
    if article.publisher and article.publisher.strip():
        return _display_text(article.publisher).strip()
    url = safe_url(article.url)
    return urlsplit(url).hostname if url else None


def _also_carried_by(article: Article) -> list[str]:
    own = (_outlet(article) or "").casefold()
    names = (_display_text(name).strip() for name in article.also_carried_by)
    return list(dict.fromkeys(n for n in names if n and n.casefold() != own))


class _SourceNumbers:
    """Numbers articles across the whole briefing in order of first appearance."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.by_id = {a.id: a for a in articles}
        self.numbers: dict[str, int] = {}

    def number(self, article: Article) -> int:
        self.by_id.setdefault(article.id, article)
        return self.numbers.setdefault(article.id, len(self.numbers) + 1)


def _story_view(story: Story, number: int, numbering: _SourceNumbers) -> StoryView:
    anchor = f"story-{number}"
    own = [pa.article for pa in story.cluster.articles]
    own_ids = {a.id for a in own}
    cited = [s.article_id for s in _all_spans(story)]
    # A sentence may cite an article kept outside the cluster; list it too.
    extra = [numbering.by_id[i] for i in dict.fromkeys(cited)
             if i not in own_ids and i in numbering.by_id]
    listed = list({a.id: a for a in own + extra}.values())
    sources = [SourceView(number=numbering.number(a), anchor=f"{anchor}-src-{numbering.number(a)}",
                          title=_display_text(a.title).strip() or a.id,
                          publisher=_outlet(a), url=safe_url(a.url), published=a.published,
                          also=_also_carried_by(a))
               for a in listed]
    anchors = {a.id: s.anchor for a, s in zip(listed, sources)}

    urls = {a.id: s.url for a, s in zip(listed, sources)}

    def markers(spans: list[Span]) -> list[MarkerView]:
        # Spans citing an article the briefing does not hold cannot be linked.
        first: dict[str, Span] = {}  # the first span citing each article
        for span in spans:
            if span.article_id in anchors:
                first.setdefault(span.article_id, span)
        views = []
        for article_id, span in first.items():
            url = urls[article_id]
            cited = numbering.by_id[article_id].text[span.start:span.end]
            href = text_fragment_link(url, cited) if url else None
            views.append(MarkerView(number=numbering.numbers[article_id], anchor=anchors[article_id],
                                    href=href or f"#{anchors[article_id]}"))
        return views

    summary = [SentenceView(text=_display_text(s.text).strip(), markers=markers(s.spans))
               for s in story.summary]
    speakers = _speaker_views(story.quotes, markers)
    headline = _display_text(story.headline).strip() or (sources[0].title if sources else "Untitled story")
    return StoryView(number=number, anchor=anchor, headline=headline,
                     outlets=list(dict.fromkeys(s.publisher for s in sources if s.publisher)),
                     summary=summary, speakers=speakers, statement_count=len(story.quotes),
                     sources=sources, developing_since=story.developing_since)


_FRAGMENT_WORDS = 4


def text_fragment_link(url: str, cited: str) -> str | None:
    """``url`` with a text fragment (``#:~:text=start,end``) that makes browsers scroll
    to and highlight the cited words on the source's own page; None without words."""
    words = _display_text(cited).strip(_OUTER_QUOTES + " ,.;:").split()
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


def _speaker_views(rows: Sequence[QuoteRow],
                   markers: Callable[[list[Span]], list[MarkerView]]) -> list[SpeakerView]:
    """Group rows by speaker; groups follow each speaker's first row."""
    groups: dict[str, SpeakerView] = {}
    for row in rows:
        speaker = _display_text(row.speaker).strip() or "Unnamed source"
        group = groups.setdefault(speaker, SpeakerView(speaker=speaker, roles=[]))
        role = _display_text(row.role).strip() or None
        if role:
            _add_role(group.roles, role)
        text = _without_trailing_comma(_display_text(row.text).strip())
        if row.kind == "direct":
            text = text.strip(_OUTER_QUOTES + " ")
        cue = _WHITESPACE.sub(" ", _display_text(row.cue)).strip()
        inside = row.kind != "direct" and _cue_in_text(cue, text)
        before, after = (None, None) if inside else _cue_placement(cue, row.kind, text)
        group.statements.append(StatementView(text=text, kind=row.kind, markers=markers(row.spans),
                                              cue_before=before, cue_after=after,
                                              cue_inside=inside))
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


def build_view(briefing: Briefing, settings: RenderSettings | None = None,
               email: bool = False) -> BriefingView:
    """Everything the templates show, already numbered and grouped."""
    settings = settings or RenderSettings()
    numbering = _SourceNumbers(briefing.articles)
    stories = [_story_view(story, i, numbering) for i, story in enumerate(briefing.stories, 1)]
    try:
        day = date.fromisoformat(briefing.date)
        date_label: str | None = f"{day:%A} {day.day} {day:%B %Y}"
    except ValueError:
        date_label = None
    return BriefingView(title=f"{settings.title} — {briefing.date}", date=briefing.date,
                        date_label=date_label, generated_at=briefing.generated_at,
                        stories=stories, source_count=len(numbering.numbers), email=email)


# --------------------------------------------------------------------------- templates

def _format_datetime(value: datetime | None, with_time: bool = True) -> str:
    """Human date (and time with its zone when known) for readers."""
    if value is None:
        return ""
    label = f"{value.day} {value:%b %Y}"
    if with_time:
        label += value.strftime(", %H:%M")
        if value.tzinfo is not None:
            label += " " + (value.tzname() or value.strftime("%z"))
    return label


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def make_environment(template_dir: Path = TEMPLATE_DIR) -> jinja2.Environment:
    """Jinja2 environment: autoescape for HTML templates, undefined names are errors."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(template_dir),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"),
                                            default_for_string=True, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=escape_markdown, md_url=markdown_url, when=_format_datetime,
                       iso=_iso, plural=_plural)
    return env


_ENVIRONMENT = make_environment()


def render_html(briefing: Briefing, settings: RenderSettings | None = None) -> str:
    """The self-contained HTML page (inline CSS, no external resources)."""
    return _ENVIRONMENT.get_template("briefing.html.j2").render(view=build_view(briefing, settings))


def render_email_html(briefing: Briefing, settings: RenderSettings | None = None) -> str:
    """HTML for email clients: the CSS inlined into every element's style attribute."""
    import css_inline  # only the email variant needs it

    html = _ENVIRONMENT.get_template("briefing.html.j2").render(
        view=build_view(briefing, settings, email=True))
    inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False,
                                    keep_at_rules=True)
    return inliner.inline(html)


def render_markdown(briefing: Briefing, settings: RenderSettings | None = None) -> str:
    """Markdown for team chat: headings, bullets and plain links, no tables."""
    return _ENVIRONMENT.get_template("briefing.md.j2").render(view=build_view(briefing, settings))


_SLACK_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}

#: chat flavours: CommonMark (Mattermost, Discord, Teams) and Slack's mrkdwn
CHAT_FLAVOURS = ("markdown", "slack")


def escape_slack(text: Any) -> str:
    """Inert text for Slack mrkdwn: &, < and > (which open links and mentions) become
    entities; addresses and @-words get a zero-width space so nothing links or pings."""
    line = _WHITESPACE.sub(" ", _display_text(str(text))).strip()
    return _defuse_links_and_mentions("".join(_SLACK_ENTITIES.get(c, c) for c in line))


def slack_url(url: str) -> str:
    return markdown_url(url).replace("&", "&amp;").replace("|", "%7C")


def render_chat(briefing: Briefing, settings: RenderSettings | None = None,
                flavour: str = "markdown", max_speakers: int = 5) -> list[str]:
    """The briefing as chat message blocks: a header, then one block per story.

    Chat posts are read on phones, so each story shows its summary, the first
    statement of its leading speakers and its sources; the full table stays in the
    HTML and PDF. Blocks let a channel with a message size limit split between stories.
    """
    if flavour not in CHAT_FLAVOURS:
        raise ValueError(f"unknown chat flavour {flavour!r}; choose from {', '.join(CHAT_FLAVOURS)}")
    env = _ENVIRONMENT.overlay()
    env.filters["chat"] = escape_slack if flavour == "slack" else escape_markdown
    env.filters["slack_url"] = slack_url
    macros = env.get_template("chat.j2").make_module({"slack": flavour == "slack"})
    view = build_view(briefing, settings)
    blocks = [str(macros.header(view))]
    blocks += [str(macros.story(story, max_speakers)) for story in view.stories]
    return [block.strip() + "\n" for block in blocks]


class URLRefused(ValueError):
    """The PDF renderer asked for a URL; the briefing never needs one."""


class RefusingURLFetcher(URLFetcher):
    """A WeasyPrint fetcher that refuses every URL: no network, no file access."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> Any:
        self.refused.append(url)
        raise URLRefused(f"external resources are not fetched: {url[:200]}")


def render_pdf(html: str, target: Path, fetcher: RefusingURLFetcher | None = None) -> Path:
    """Print ``html`` to a PDF at ``target`` with every resource fetch refused."""
    HTML(string=html, base_url=None, url_fetcher=fetcher or RefusingURLFetcher()).write_pdf(target)
    return target


# --------------------------------------------------------------------------- JSON

def _spans_json(spans: Sequence[Span]) -> list[dict[str, Any]]:
    return [{"article_id": s.article_id, "start": s.start, "end": s.end} for s in spans]


def briefing_to_dict(briefing: Briefing) -> dict[str, Any]:
    """The JSON document: every article, and per story its summary and quote rows."""
    return {
        "date": briefing.date,
        "generated_at": _iso(briefing.generated_at),
        "articles": [{"id": a.id, "title": a.title, "publisher": a.publisher, "path": a.path,
                      "url": a.url, "published": _iso(a.published),
                      "also_carried_by": _also_carried_by(a)} for a in briefing.articles],
        "clusters": [{
            "id": story.id,
            "headline": story.headline,
            "article_ids": [pa.article.id for pa in story.cluster.articles],
            "summary": [{"text": s.text, "article_ids": s.article_ids, "spans": _spans_json(s.spans)}
                        for s in story.summary],
            "quotes": [{"speaker": q.speaker, "role": q.role, "text": q.text, "kind": q.kind,
                        "cue": q.cue, "article_ids": q.article_ids, "spans": _spans_json(q.spans)}
                       for q in story.quotes],
            "developing_since": story.developing_since.isoformat() if story.developing_since else None,
        } for story in briefing.stories],
    }


def render_json(briefing: Briefing) -> str:
    return json.dumps(briefing_to_dict(briefing), ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- entry point

def _write_text(path: Path, text: str) -> Path:
    # errors="replace": a lone surrogate from a hostile JSON input must not abort the run
    path.write_text(text, encoding="utf-8", errors="replace")
    return path


def render_briefing(briefing: Briefing, out_dir: Path, formats: Sequence[str],
                    settings: RenderSettings | None = None) -> dict[str, Path]:
    """Write ``out_dir/briefing.<format>`` for each requested format; return the paths."""
    unknown = [f for f in formats if f not in OUTPUT_FORMATS]
    if unknown:
        raise ValueError(f"unknown output format {', '.join(map(repr, unknown))}; "
                         f"valid formats: {', '.join(OUTPUT_FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    html = render_html(briefing, settings) if {"html", "pdf"} & set(formats) else ""
    for fmt in dict.fromkeys(formats):
        target = out_dir / f"briefing.{fmt}"
        if fmt == "html":
            written[fmt] = _write_text(target, html)
        elif fmt == "pdf":
            written[fmt] = render_pdf(html, target)
        elif fmt == "md":
            written[fmt] = _write_text(target, render_markdown(briefing, settings))
        else:
            written[fmt] = _write_text(target, render_json(briefing))
    return written
