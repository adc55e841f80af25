"""Render stage: one Briefing written as HTML, PDF, Markdown, JSON and the email.

Python only builds a view model (:mod:`.view`: the front page, "also reported" and the
full record, numbered sources, markers, speaker groups); every word of presentation
lives in ``templates/``. Article text is hostile, so HTML is autoescaped, plain text,
Markdown and Slack text go through :mod:`.escape`, and the PDF renderer (:mod:`.pdf`) is
given a URL fetcher that refuses every request.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2

from ..config import OUTPUT_FORMATS, RenderSettings
from ..records import Briefing, QuoteRow, Span
from ..words import count_of
from .escape import (defang_addresses, escape_markdown, escape_slack, escape_teams,
                     markdown_url, plain_text_unlinked, safe_url, slack_url)
from .pdf import PDF_VARIANT, RefusingURLFetcher, URLRefused, render_pdf
from .view import (EVERY_RECORD_FILE, TEXTS_FOLDER, BriefingView, also_carried_by,
                   article_text_files, build_view, cut_also_reported, ranked_stories,
                   text_fragment_link)

__all__ = ["CHAT_FLAVOURS", "EVERY_RECORD_FILE", "PDF_VARIANT", "RefusingURLFetcher",
           "URLRefused", "TEMPLATE_DIR", "briefing_to_dict", "build_view", "escape_markdown",
           "escape_slack", "record_files", "render_briefing", "render_chat",
           "render_email_html", "render_html", "render_json", "render_markdown", "render_pdf",
           "safe_url", "text_fragment_link"]


def _template_dir() -> Path:
    """The top-level templates/ beside the package (a checkout, an editable install), else
    the copy a regular install puts under ``<prefix>/share/briefing/templates``."""
    beside = Path(__file__).resolve().parents[2] / "templates"
    installed = Path(sys.prefix) / "share" / "briefing" / "templates"
    return beside if (beside / "briefing.html.j2").is_file() or not installed.is_dir() else installed


TEMPLATE_DIR = _template_dir()


# --------------------------------------------------------------------------- templates

def _format_datetime(value: date | datetime | None, with_time: bool = True) -> str:
    """Human date (and time with its zone when known) for readers; a date alone (a source
    that gave no time of day) is shown as the date."""
    if value is None:
        return ""
    label = f"{value.day} {value:%b %Y}"
    if with_time and isinstance(value, datetime):
        label += value.strftime(", %H:%M")
        if value.tzinfo is not None:
            label += " " + (value.tzname() or value.strftime("%z"))
    return label


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def make_environment(template_dir: Path = TEMPLATE_DIR,
                     inline: Callable[[Any], str] = escape_markdown) -> jinja2.Environment:
    """Jinja2 environment: autoescape for HTML templates, undefined names are errors;
    ``inline`` makes article text inert in the lines the Markdown and the email's plain
    text share (briefing_parts.j2): Markdown escaping, or :func:`plain_text_unlinked`."""
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
                       iso=_iso, plural=count_of, inline=inline, shown=_shown)
    return env


@jinja2.pass_context
def _shown(context: jinja2.runtime.Context, text: Any) -> Any:
    """Article text in the HTML: as it is on the page, its addresses defanged in the email
    (mail clients auto-link plain addresses in HTML too)."""
    view = context.get("view")
    return defang_addresses(text) if view is not None and view.email and text else text


_ENVIRONMENT = make_environment()
#: the email's plain-text part: article text as it is, one line, control characters removed,
#: addresses defanged
_TEXT_ENVIRONMENT = make_environment(inline=plain_text_unlinked)


def _page(view: BriefingView, pdf_attached: bool = False,
          record_files: Sequence[str] = EVERY_RECORD_FILE) -> str:
    return _ENVIRONMENT.get_template("briefing.html.j2").render(
        view=view, pdf_attached=pdf_attached, record_files=record_files)


def render_html(briefing: Briefing, settings: RenderSettings | None = None) -> str:
    """The self-contained HTML page (inline CSS, no external resources): the front page,
    every other story in a line, then the full record of every story."""
    return _page(build_view(briefing, settings))


def render_print_html(briefing: Briefing, settings: RenderSettings | None = None, *,
                      record_files: Sequence[str] = EVERY_RECORD_FILE) -> str:
    """The page the PDF is printed from: the front page and "also reported", then the full
    record of the leading stories within ``render.pdf_record_words`` (so printing time
    follows the front page, not the day); the PDF carries the whole record attached, and
    names the HTML beside it when the edition has one (``record_files``)."""
    return _page(build_view(briefing, settings, "print", record_files),
                 record_files=record_files)


def render_email_html(briefing: Briefing, settings: RenderSettings | None = None, *,
                      pdf_attached: bool = True,
                      record_files: Sequence[str] = EVERY_RECORD_FILE) -> str:
    """HTML for email clients: the front page and "also reported", with the CSS inlined
    into every element's style attribute, within ``render.email_bytes``.

    The full record is not in the email: it links to the briefing online when
    ``render.public_url`` is set, else points to the attached PDF when ``pdf_attached``,
    else names the edition that holds it when it does (``record_files``: those of its files
    that hold the record, its HTML and PDF as built), else says nothing of it. "Also
    reported" lines that would take the message past the size limit are counted instead
    of shown.
    """
    import css_inline  # only the email variant needs it

    settings = settings or RenderSettings()
    inliner = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False,
                                    keep_at_rules=True)
    view = build_view(briefing, settings, "email", record_files)
    html = inliner.inline(_page(view, pdf_attached, record_files))
    while len(html.encode("utf-8")) > settings.email_bytes and view.also:
        size = len(html.encode("utf-8"))
        # lines are of a similar size: cut in proportion, and always by at least one
        keep = min(len(view.also) - 1, int(len(view.also) * settings.email_bytes / size * 0.95))
        view = cut_also_reported(view, keep)
        html = inliner.inline(_page(view, pdf_attached, record_files))
    return html


def render_markdown(briefing: Briefing, settings: RenderSettings | None = None, *,
                    record_files: Sequence[str] = EVERY_RECORD_FILE) -> str:
    """Markdown for team chat: the front page, the first ``render.also_reported_lines``
    other stories, and where the full briefing is (which of the edition's files hold it:
    ``record_files``, none when it has neither)."""
    settings = settings or RenderSettings()
    return _ENVIRONMENT.get_template("briefing.md.j2").render(
        view=_text_view(briefing, settings, record_files, beside=True),
        record_files=record_files)


def render_email_text(briefing: Briefing, settings: RenderSettings | None = None, *,
                      pdf_attached: bool,
                      record_files: Sequence[str] = EVERY_RECORD_FILE) -> str:
    """The email's plain-text part: what :func:`render_markdown` says, as plain text (no
    Markdown marks or escapes; links as ``title <url>``), except that it says where the
    recipient finds the full briefing (online when ``render.public_url`` is set, else the
    attached PDF when ``pdf_attached``, else which edition holds it when one does, as for
    :func:`render_email_html`), not which files of the edition folder."""
    settings = settings or RenderSettings()
    return _TEXT_ENVIRONMENT.get_template("briefing.txt.j2").render(
        view=_text_view(briefing, settings, record_files), pdf_attached=pdf_attached,
        record_files=record_files)


def _text_view(briefing: Briefing, settings: RenderSettings,
               record_files: Sequence[str], beside: bool = False) -> BriefingView:
    """The view the Markdown, the email's text and chat show: no full record, and the
    first ``render.also_reported_lines`` "also reported" lines; ``beside``: it is the
    Markdown file, in the edition's folder, so the articles' texts are beside it."""
    return cut_also_reported(build_view(briefing, settings, "email", record_files, beside),
                             settings.also_reported_lines)


#: chat flavours: CommonMark (Mattermost, Discord), Slack's mrkdwn and Teams card Markdown
CHAT_FLAVOURS = ("markdown", "slack", "teams")
_CHAT_ESCAPES = {"markdown": escape_markdown, "slack": escape_slack, "teams": escape_teams}


def _chat_environment(flavour: str) -> jinja2.Environment:
    """An environment of its own per flavour, its ``chat`` filter that flavour's escaping
    (an overlay would share, and so overwrite, the filters of the environment it lays over)."""
    env = make_environment()
    env.filters.update(chat=_CHAT_ESCAPES[flavour], slack_url=slack_url)
    return env


_CHAT_ENVIRONMENTS = {flavour: _chat_environment(flavour) for flavour in CHAT_FLAVOURS}


def render_chat(briefing: Briefing, settings: RenderSettings | None = None,
                flavour: str = "markdown", *,
                record_files: Sequence[str] = EVERY_RECORD_FILE) -> list[str]:
    """The briefing as chat message blocks: a header, one block per front-page story,
    then "also reported" and where the full briefing is (``record_files`` of the edition,
    as for :func:`render_markdown`).

    Chat posts are read on phones, so each story shows its front-page summary and key
    voices; the full table stays in the HTML and PDF. Blocks let a channel with a
    message size limit split between stories.
    """
    if flavour not in CHAT_FLAVOURS:
        raise ValueError(f"unknown chat flavour {flavour!r}; choose from {', '.join(CHAT_FLAVOURS)}")
    settings = settings or RenderSettings()
    macros = _CHAT_ENVIRONMENTS[flavour].get_template("chat.j2").make_module({"slack": flavour == "slack",
                                                      "teams": flavour == "teams"})
    view = _text_view(briefing, settings, record_files)
    blocks = [str(macros.header(view))]
    blocks += [str(macros.story(story, view.has_record)) for story in view.front]
    if view.stories:
        blocks.append(str(macros.also(view, record_files)))
    return [block.strip() + "\n" for block in blocks]


# --------------------------------------------------------------------------- JSON

def _spans_json(spans: Sequence[Span]) -> list[dict[str, Any]]:
    return [{"article_id": s.article_id, "start": s.start, "end": s.end} for s in spans]


def _quote_json(q: QuoteRow) -> dict[str, Any]:
    return {"speaker": q.speaker, "role": q.role, "text": q.text, "kind": q.kind,
            "cue": q.cue, "article_ids": q.article_ids, "spans": _spans_json(q.spans)}


def briefing_to_dict(briefing: Briefing,
                     text_files: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The JSON document: the front page, every article, every story in rank order with
    its score, summary and quote rows, and the inputs left out. An address is kept only
    when it is http(s), as for a link (a reader of the JSON may link it). ``text_files``
    names each article's text file in the edition, when they are written
    (``render.article_texts``)."""
    stories = ranked_stories(briefing)
    text_files = text_files or {}
    return {
        "date": briefing.date,
        "generated_at": _iso(briefing.generated_at),
        "front_page": [story.id for story in stories if story.on_front_page],
        "articles": [{"id": a.id, "title": a.title, "publisher": a.publisher, "path": a.path,
                      "url": safe_url(a.url), "published": _iso(a.published),
                      "also_carried_by": also_carried_by(a),
                      "text_file": text_files.get(a.id)} for a in briefing.articles],
        "clusters": [{
            "id": story.id,
            "rank": story.rank,
            "score": story.score,
            "signals": ({name: round(getattr(story.signals, name), 4)
                         for name in ("outlets", "articles", "recency", "novelty", "substance")}
                        if story.signals else None),
            "on_front_page": story.on_front_page,
            "headline": story.headline,
            "article_ids": [pa.article.id for pa in story.cluster.articles],
            "summary": [{"text": s.text, "article_ids": s.article_ids, "spans": _spans_json(s.spans)}
                        for s in story.summary],
            "front_summary_sentences": story.front_sentences,
            "key_quotes": [_quote_json(q) for q in story.key_quotes],
            "quotes": [_quote_json(q) for q in story.quotes],
            "developing_since": story.developing_since.isoformat() if story.developing_since else None,
        } for story in stories],
        "dropped": [{"path": d.path, "title": d.title, "url": safe_url(d.url), "outlet": d.outlet,
                     "reason": d.reason} for d in briefing.dropped],
    }


def render_json(briefing: Briefing, compact: bool = False) -> str:
    """briefing.json: indented for people, or ``compact`` (the copy attached to the PDF)."""
    return _json_text(briefing_to_dict(briefing), compact)


def _json_text(document: dict[str, Any], compact: bool = False) -> str:
    if compact:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- entry point

def _write_text(path: Path, text: str) -> Path:
    # errors="replace": a lone surrogate from a hostile JSON input must not abort the run
    path.write_text(text, encoding="utf-8", errors="replace")
    return path


def write_article_texts(briefing: Briefing, out_dir: Path, files: Mapping[str, str]) -> Path:
    """Write each article's text, exactly the string every span indexes (title, blank
    line, body), UTF-8, so a citation can be checked as ``text[start:end]``."""
    folder = Path(out_dir) / TEXTS_FOLDER
    folder.mkdir(exist_ok=True)
    for article in briefing.articles:
        with open(Path(out_dir) / files[article.id], "w", encoding="utf-8", errors="replace",
                  newline="") as handle:
            handle.write(article.text)
    return folder


#: the files each format writes, in ``out_dir``
FORMAT_FILES = {"html": ("briefing.html",), "pdf": ("briefing.pdf",), "md": ("briefing.md",),
                "json": ("briefing.json",), "email": ("briefing.email.html", "briefing.email.txt")}


def record_files(formats: Collection[str]) -> list[str]:
    """The files of an edition of these formats that hold its full record, in the order
    of :data:`EVERY_RECORD_FILE` (the HTML first)."""
    written = {FORMAT_FILES[f][0] for f in formats if f in FORMAT_FILES}
    return [name for name in EVERY_RECORD_FILE if name in written]


def render_briefing(briefing: Briefing, out_dir: Path, formats: Sequence[str],
                    settings: RenderSettings | None = None) -> dict[str, Path]:
    """Write each requested format into ``out_dir`` (``briefing.<format>``; the email as
    ``briefing.email.html`` and ``briefing.email.txt``, exactly what ``--deliver``
    sends); return every file written, by format (the email's plain-text part as
    ``email_text``). With ``render.article_texts`` each article's text is written too,
    under ``articles/`` (returned as ``texts``), and briefing.json names each article's
    file."""
    unknown = [f for f in formats if f not in OUTPUT_FORMATS]
    if unknown:
        raise ValueError(f"unknown output format {', '.join(map(repr, unknown))}; "
                         f"valid formats: {', '.join(OUTPUT_FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    settings = settings or RenderSettings()
    texts = article_text_files(briefing) if settings.article_texts else None
    if texts is not None:
        written["texts"] = write_article_texts(briefing, out_dir, texts)
    # the JSON document is made once, for json and for the PDF's attachment
    document = cache(lambda: briefing_to_dict(briefing, texts))
    for fmt in dict.fromkeys(formats):
        target = out_dir / FORMAT_FILES[fmt][0]
        if fmt == "html":
            written[fmt] = _write_text(target, render_html(briefing, settings))
        elif fmt == "pdf":
            record = {"briefing.json": _json_text(document(), compact=True)}
            written[fmt] = render_pdf(render_print_html(
                briefing, settings, record_files=record_files(formats)), target,
                attachments=record)
        elif fmt == "md":
            written[fmt] = _write_text(target, render_markdown(
                briefing, settings, record_files=record_files(formats)))
        elif fmt == "email":
            where = {"pdf_attached": "pdf" in formats, "record_files": record_files(formats)}
            written[fmt] = _write_text(target, render_email_html(briefing, settings, **where))
            written["email_text"] = _write_text(
                out_dir / FORMAT_FILES[fmt][1], render_email_text(briefing, settings, **where))
        else:
            written[fmt] = _write_text(target, _json_text(document()))
    return written
