"""Render stage: formats, JSON shape, and hostile text made inert in every output."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
import weasyprint.urls

from briefing.records import (Article, Briefing, Cluster, Dropped, ParsedArticle, QuoteRow, Span,
                              Story, SummarySentence)
from briefing.config import OUTPUT_FORMATS as FORMATS
from briefing.render import (RefusingURLFetcher, URLRefused, briefing_to_dict,
                             escape_markdown, record_files, render_briefing, render_chat,
                             render_email_html, render_email_text,
                             render_html, render_json, render_markdown, render_pdf,
                             render_print_html)

SCRIPT = "<script>alert(1)</script>"
IMG_ATTR = '"><img src=x onerror=alert(2)>'
MD_LINK = "[click](http://evil)"
REMOTE_IMG = '<img src="http://127.0.0.1:1/x">'
HOSTILE = f"{SCRIPT} {IMG_ATTR} {MD_LINK} @channel <!everyone> {REMOTE_IMG} file:///etc/passwd"


def make_article(id_: str, title: str, body: str, publisher: str | None = "Example Times",
                 url: str | None = None) -> Article:
    return Article(id=id_, path=f"in/{id_}.txt", title=title, body=body, publisher=publisher, url=url,
                   published=datetime(2026, 3, 4, 9, 15, tzinfo=timezone.utc))


def span_of(article: Article, text: str) -> Span:
    start = article.text.index(text)
    return Span(article.id, start, start + len(text))


def make_story(id_: str, articles: list[Article], summary: list[SummarySentence],
               quotes: list[QuoteRow], headline: str = "") -> Story:
    cluster = Cluster(id=id_, articles=[ParsedArticle(a, None) for a in articles], headline=headline)
    return Story(cluster=cluster, summary=summary, quotes=quotes)


@pytest.fixture
def briefing() -> Briefing:
    """Two stories, the first with quotes, the second with none; Doc is None throughout."""
    a1 = make_article("a1", "Bridge reopens after repairs", "The bridge reopened on Monday. "
                      "\"Traffic is flowing again,\" said Lena Ortiz, the transport chief.",
                      url="https://news.example/bridge")
    a2 = make_article("a2", "Repaired bridge open to cars", "The bridge reopened on Monday. "
                      "Engineer Tom Reyes said the work took six weeks.", publisher="Daily Ñews")
    a3 = make_article("a3", "Library extends opening hours", "The central library will open "
                      "until 9pm from April.", publisher=None, url="https://library.example/hours")
    s1 = SummarySentence("The bridge reopened on Monday.", [span_of(a1, "The bridge reopened on Monday."),
                                                            span_of(a2, "The bridge reopened on Monday.")])
    q1 = QuoteRow("Lena Ortiz", "transport chief", "Traffic is flowing again,", "direct", "said",
                  [span_of(a1, "Traffic is flowing again,")])
    q2 = QuoteRow("Tom Reyes", None, "the work took six weeks", "indirect", "said",
                  [span_of(a2, "the work took six weeks")])
    s2 = SummarySentence("The central library will open until 9pm from April.",
                         [span_of(a3, "The central library will open until 9pm from April.")])
    return Briefing(date="2026-03-04", generated_at=datetime(2026, 3, 4, 6, 0, tzinfo=timezone.utc),
                    articles=[a1, a2, a3],
                    stories=[make_story("c1", [a1, a2], [s1], [q1, q2], headline="Bridge reopens"),
                             make_story("c2", [a3], [s2], [], headline="")])


@pytest.fixture
def hostile() -> Briefing:
    """Every untrusted field carries script, attribute break-out, links, mentions and remote refs."""
    art = make_article("x1", f"Title {HOSTILE}", f"Body {HOSTILE}", publisher=f"Pub {HOSTILE}",
                       url="javascript:alert(3)")
    span = Span("x1", 0, 5)
    story = make_story("h1", [art], [SummarySentence(f"Sentence {HOSTILE}", [span])],
                       [QuoteRow(f"Speaker {HOSTILE}", f"Role {HOSTILE}", f"Quote {HOSTILE}", "direct",
                                 "said", [span])], headline=f"Headline {HOSTILE}")
    return Briefing(date="2026-03-04", generated_at=datetime(2026, 3, 4, tzinfo=timezone.utc),
                    articles=[art], stories=[story])


def empty_briefing() -> Briefing:
    return Briefing(date="2026-03-05", generated_at=datetime(2026, 3, 5, 6, 0), articles=[], stories=[])


# ---------------------------------------------------------------- formats and files

def test_writes_every_requested_format(briefing: Briefing, tmp_path: Path) -> None:
    written = render_briefing(briefing, tmp_path / "out", ["md", "json", "html", "pdf", "email"])
    assert set(written) == set(FORMATS) | {"email_text"}  # every file written is returned
    names = {"email": "briefing.email.html", "email_text": "briefing.email.txt"}
    for fmt, path in written.items():
        assert path == tmp_path / "out" / names.get(fmt, f"briefing.{fmt}")
        assert path.stat().st_size > 0
    assert written["pdf"].read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "briefing.email.html", "briefing.email.txt", "briefing.html", "briefing.json",
        "briefing.md", "briefing.pdf"]


def test_writes_only_requested_formats(briefing: Briefing, tmp_path: Path) -> None:
    assert set(render_briefing(briefing, tmp_path, ["md"])) == {"md"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.md"]


def test_unknown_format_names_it_and_the_valid_ones(briefing: Briefing, tmp_path: Path) -> None:
    with pytest.raises(ValueError) as err:
        render_briefing(briefing, tmp_path, ["html", "docx"])
    assert "docx" in str(err.value) and all(f in str(err.value) for f in FORMATS)
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------- JSON

def test_json_shape_and_round_trip(briefing: Briefing, tmp_path: Path) -> None:
    path = render_briefing(briefing, tmp_path, ["json"])["json"]
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data == briefing_to_dict(briefing)
    assert "Daily Ñews" in text  # ensure_ascii=False
    assert list(data) == ["date", "generated_at", "front_page", "articles", "clusters", "dropped"]
    assert data["front_page"] == ["c1", "c2"] and data["dropped"] == []
    assert data["generated_at"] == "2026-03-04T06:00:00+00:00"
    assert data["articles"][0] == {"id": "a1", "title": "Bridge reopens after repairs",
                                   "publisher": "Example Times", "path": "in/a1.txt",
                                   "url": "https://news.example/bridge",
                                   "published": "2026-03-04T09:15:00+00:00", "also_carried_by": [],
                                   "text_file": None}
    assert data["articles"][2]["publisher"] is None
    first, second = data["clusters"]
    assert list(first) == ["id", "rank", "score", "signals", "on_front_page", "headline",
                           "article_ids", "summary", "front_summary_sentences", "key_quotes",
                           "quotes", "developing_since"]
    assert (first["rank"], second["rank"]) == (1, 2) and first["on_front_page"]
    assert [q["speaker"] for q in first["key_quotes"]] == ["Lena Ortiz", "Tom Reyes"]
    assert first["front_summary_sentences"] == 1
    assert first["developing_since"] is None
    assert first["article_ids"] == ["a1", "a2"]
    assert first["summary"][0]["article_ids"] == ["a1", "a2"]
    assert list(first["summary"][0]["spans"][0]) == ["article_id", "start", "end"]
    quote = first["quotes"][0]
    assert list(quote) == ["speaker", "role", "text", "kind", "cue", "article_ids", "spans"]
    assert first["quotes"][1]["role"] is None
    assert second["quotes"] == [] and second["headline"] == ""
    article = briefing.articles[0]
    span = quote["spans"][0]
    assert article.text[span["start"]:span["end"]] == quote["text"]


def test_json_survives_hostile_text(hostile: Briefing) -> None:
    data = json.loads(json.dumps(briefing_to_dict(hostile), ensure_ascii=False))
    assert data["clusters"][0]["quotes"][0]["text"] == f"Quote {HOSTILE}"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "file:///etc/passwd",
                                 "ftp://news.example/a", "vbscript:msgbox(1)", "//news.example/a"])
def test_json_keeps_only_http_addresses(briefing: Briefing, url: str) -> None:
    article = replace(briefing.articles[0], url=url)
    dropped = Dropped("stub.json", "stub: 8 words of body", title="Stub", url=url)
    document = briefing_to_dict(replace(briefing, articles=[article] + briefing.articles[1:],
                                        dropped=[dropped]))
    assert document["articles"][0]["url"] is None
    assert document["articles"][1]["url"] == briefing.articles[1].url
    assert document["dropped"] == [{"path": "stub.json", "title": "Stub", "url": None,
                                    "outlet": None, "reason": "stub: 8 words of body"}]
    assert url not in render_json(replace(briefing, articles=[article], dropped=[dropped]))


# ---------------------------------------------------------------- HTML

def test_html_content_numbering_and_links(briefing: Briefing) -> None:
    html = render_html(briefing)
    assert "Daily briefing — 2026-03-04" in html
    assert "Bridge reopens" in html and "Example Times" in html and "Daily Ñews" in html
    # sources are numbered across the briefing: the second story's only source is [3]
    stories = html.split("<main>", 1)[1]
    assert stories.index("[1]") < stories.index("[2]") < stories.index("Library extends opening hours")
    assert re.search(r'id="story-2-src-3"', html)
    # a story without a headline falls back to its first source's title
    assert html.count("Library extends opening hours") >= 2
    # every in-page link has a target
    targets = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'href="#([^"]+)"', html)
    assert links and set(links) <= targets
    assert '<a href="https://news.example/bridge">' in html
    assert html.count("<div class=\"quotes\">") == 1  # the quote-less story has no table
    assert "No attributed statements." in html
    assert "<style>" in html and "<link" not in html and "src=" not in html


def test_html_escapes_hostile_text(hostile: Briefing) -> None:
    html = render_html(hostile)
    assert SCRIPT not in html and "<img" not in html and "onerror=alert(2)>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img" in html  # the attribute break-out stays text
    assert 'href="http://evil"' not in html
    assert all(href.startswith(("#", "http://", "https://")) for href in re.findall(r'href="([^"]*)"', html))
    assert "javascript:alert(3)" not in "".join(re.findall(r'href="([^"]*)"', html))


def test_email_html_inlines_css_and_escapes(briefing: Briefing, hostile: Briefing) -> None:
    email = render_email_html(briefing)
    assert re.search(r'<h1 style="[^"]*font-size', email)
    assert "@page" not in email and ".story h2" not in email
    assert "Bridge reopens" in email
    hostile_email = render_email_html(hostile)
    assert SCRIPT not in hostile_email and "<img" not in hostile_email


# ---------------------------------------------------------------- Markdown

@pytest.mark.parametrize("raw, expected", [
    ("*bold* _it_ `code`", r"\*bold\* \_it\_ \`code\`"),
    ("- not a bullet", r"\- not a bullet"),
    ("+ plus", r"\+ plus"),
    ("12. not a list", r"12\. not a list"),
    ("# not a heading", r"\# not a heading"),
    ("a | b ~~c~~", r"a \| b \~\~c\~\~"),
    ("back\\slash", "back\\\\slash"),
    ("- line one\n\n- line two", r"\- line one - line two"),
    ("3) not a list", r"3\) not a list"),
    ("in the middle - dash 3. ok", "in the middle - dash 3. ok"),
    # brackets escaped, no link can form: parentheses read as written
    ("Ruth Amadi (Photo: Ian Petrie) (2nd edition)", "Ruth Amadi (Photo: Ian Petrie) (2nd edition)"),
])
def test_escape_markdown_cases(raw: str, expected: str) -> None:
    assert escape_markdown(raw) == expected


def test_escape_markdown_neutralises_mentions_and_links() -> None:
    out = escape_markdown("@channel @here <!everyone> <@U123> see http://evil.example or www.evil.example")
    assert "@channel" not in out and "@here" not in out
    assert "<!everyone>" not in out and "<@U123>" not in out
    assert "://" not in out and "www." not in out
    assert out.replace("\u200b", "").replace("\\", "") == (
        "@channel @here <!everyone> <@U123> see http://evil.example or www.evil.example")


@pytest.mark.parametrize("raw", [SCRIPT, IMG_ATTR, MD_LINK, REMOTE_IMG, "**x** _y_ `z`", "# h",
                                 "- item", "1. item", "> quote", "![i](http://e/x.png)", "<http://e>",
                                 "a\n===", "| a | b |", "&lt;script&gt;", "a](http://e) (b)",
                                 "[x] (http://e)", "(c)[d](e)"])
def test_escaped_markdown_renders_as_plain_text(raw: str) -> None:
    """A CommonMark parser sees the escaped text as one plain paragraph of the original words."""
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").render(escape_markdown(raw))
    assert html.startswith("<p>") and html.count("<") == 2, html
    shown = (html[3:-5].replace("\u200b", "").replace("&lt;", "<").replace("&gt;", ">")
             .replace("&quot;", '"').replace("&amp;", "&"))
    assert shown == " ".join(raw.split())


def test_markdown_layout(briefing: Briefing) -> None:
    md = render_markdown(briefing)
    assert md.startswith("# Daily briefing — 2026\\-03\\-04") or md.startswith("# Daily briefing — 2026-03-04")
    assert "## 1. Bridge reopens\n_2 outlets: Example Times · Daily Ñews · 2 articles_" in md
    assert "- The bridge reopened on Monday. [1][2]" in md
    assert '> **Lena Ortiz**, transport chief: "Traffic is flowing again" [1]\n>\n' in md
    assert "> **Tom Reyes**: _said_ the work took six weeks [2]" in md
    assert "Sources: [1] [Example Times](https://news.example/bridge) · [2] Daily Ñews" in md
    assert "## 2. Library extends opening hours" in md
    assert "Sources: [3] [library.example](https://library.example/hours)" in md
    assert "more statement" not in md  # every statement of the briefing is shown
    assert md.rstrip().endswith("briefing.html and briefing.pdf of edition 2026-03-04")
    assert "|" not in md  # no tables in chat


def test_a_reported_whole_sentence_takes_a_colon_after_its_cue(briefing: Briefing) -> None:
    """"A fire destroyed the school, officials said" shown as "said A fire destroyed"
    reads as a slip; "said: A fire destroyed" reads as what they said."""
    story = briefing.stories[0]
    article = story.cluster.articles[0].article
    row = QuoteRow("Ada Brun", None, "Traffic is flowing again", "indirect", "said",
                   [span_of(article, "Traffic is flowing again")])
    shown = replace(briefing, stories=[replace(story, quotes=[row]), *briefing.stories[1:]])
    assert "**Ada Brun**: _said_: Traffic is flowing again [1]" in render_markdown(shown)
    assert '<span class="cue">said:</span> Traffic is flowing again' in render_html(shown)
    assert "> **Tom Reyes**: _said_ the work took six weeks [2]" in render_markdown(briefing)


def test_markdown_neutralises_hostile_text(hostile: Briefing) -> None:
    md = render_markdown(hostile)
    assert "<script" not in md and "<img" not in md and "@channel" not in md
    assert "<!everyone>" not in md and "](http://evil)" not in md and "://127.0.0.1" not in md
    assert "javascript:" not in md.replace("javascript:\u200b", "")
    assert "(javascript" not in md


# ---------------------------------------------------------------- email plain text

#: an article title as a hostile page may give it: a line break, a terminal escape, a
#: bell, a direction override, and Markdown that must stay text
MARKED_UP = "Bridge\r\nreopens **x** _y_ [z](http://e.example) \\. \x1b[2J\x07\u202eok"
#: the same, as one line of plain text shows it (its address defanged, so no mail client
#: links it)
MARKED_UP_SHOWN = "Bridge reopens **x** _y_ [z](http:\u200b//e.example) \\. [2Jok"


def marked_up_briefing() -> Briefing:
    """One story whose headline, outlet and summary carry :data:`MARKED_UP`."""
    art = make_article("m1", MARKED_UP, "The bridge reopened on Monday.", publisher=MARKED_UP,
                       url="https://news.example/bridge?a=1&b=<2>")
    story = make_story("m", [art], [SummarySentence(f"Said {MARKED_UP}", [Span("m1", 0, 6)])], [],
                       headline=MARKED_UP)
    return Briefing(date="2026-03-04", generated_at=datetime(2026, 3, 4, 6, 0, tzinfo=timezone.utc),
                    articles=[art], stories=[story])


def test_email_text_is_plain_text(briefing: Briefing) -> None:
    from briefing.render import render_email_text
    assert render_email_text(briefing, pdf_attached=True) == """\
Daily briefing — 2026-03-04
1 min read · 2 stories · 3 articles from 3 outlets · generated 4 Mar 2026, 06:00 UTC


1. Bridge reopens
2 outlets: Example Times · Daily Ñews · 2 articles

- The bridge reopened on Monday. [1][2]

Lena Ortiz, transport chief: "Traffic is flowing again" [1]

Tom Reyes: said the work took six weeks [2]

Sources: [1] Example Times <https://news.example/bridge> · [2] Daily Ñews


2. Library extends opening hours
1 outlet: library.example

- The central library will open until 9pm from April. [3]

Sources: [3] library.example <https://library.example/hours>

---
The attached PDF holds every story's full summary, every statement and every source.
"""


def test_email_text_shows_hostile_text_literally_on_its_own_line() -> None:
    from briefing.render import render_email_text
    text = render_email_text(marked_up_briefing(), pdf_attached=False)
    lines = text.splitlines()
    assert f"1. {MARKED_UP_SHOWN}" in lines  # the line break inside the title is a space
    assert f"1 outlet: {MARKED_UP_SHOWN}" in lines
    assert f"- Said {MARKED_UP_SHOWN} [1]" in lines
    # the address is percent-encoded where it would end "<url>" early
    assert f"Sources: [1] {MARKED_UP_SHOWN} <https://news.example/bridge?a=1&b=%3C2%3E>" in lines
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202e]", text)
    assert text.count("\\") == 4  # only the title's own backslash, in each of its four lines


def test_email_parts_do_not_make_article_addresses_links(briefing: Briefing) -> None:
    """Mail clients auto-link plain addresses in both parts; an article's own must stay
    text (defanged as in chat), while the briefing's own links still work."""
    from briefing.config import RenderSettings
    from briefing.render import render_email_text
    said = "Read more at http://evil.example/a, www.evil.example or [here](https://evil.example/md)"
    briefing.stories[0].summary[0] = replace(briefing.stories[0].summary[0], text=said)
    briefing.stories[0].cluster.headline = "Bridge reopens, see https://evil.example/h"
    settings = RenderSettings(public_url="https://intranet.example/b/")
    text = render_email_text(briefing, settings, pdf_attached=False)
    html = render_email_html(briefing, settings, pdf_attached=False)
    for part in (text, html):
        assert not re.search(r"(https?://|www\.)evil", part)
        assert "http:\u200b//evil.example/a, www\u200b.evil.example or [here](https:\u200b//evil" in part
        assert "Bridge reopens, see https:\u200b//evil.example/h" in part
    assert "<https://news.example/bridge>" in text
    assert "https://intranet.example/b/2026-03-04/briefing.html" in text
    assert '<a href="https://news.example/bridge"' in html
    assert 'href="https://intranet.example/b/2026-03-04/briefing.html"' in html
    # the page itself shows the text as it is
    assert "Read more at http://evil.example/a" in render_html(briefing)


def _shown_words(markdown: str) -> list[str]:
    """The words a reader of ``markdown`` sees, each link's address after its text."""
    markdown_it = pytest.importorskip("markdown_it")
    shown = []
    for token in markdown_it.MarkdownIt("commonmark").parse(markdown):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                shown.append(child.content)
            elif child.type == "link_close":
                shown.append(f" {href}")
            elif child.type == "link_open":
                href = child.attrs["href"]
            elif child.type in ("softbreak", "hardbreak"):
                shown.append(" ")
        shown.append(" ")
    return re.findall(r"\w+", "".join(shown))


def test_email_text_says_what_the_markdown_says(briefing: Briefing, hostile: Briefing) -> None:
    """The same stories, summaries, voices, citations and closing lines, word for word."""
    from dataclasses import replace
    from briefing.config import RenderSettings
    from briefing.records import Dropped
    from briefing.render import render_email_text
    # three stories past the front page, one of them left out of the line count
    ranked = [replace(story, rank=n, on_front_page=n == 1, front_sentences=1)
              for n, story in enumerate([*briefing.stories, *briefing.stories[1:] * 2], 1)]
    several = replace(briefing, stories=ranked, dropped=[Dropped("x.txt", "a stub", "Stub")])
    settings = RenderSettings(public_url="https://intranet.example/b/", also_reported_lines=2)
    for day in (briefing, hostile, cue_briefing(), several, empty_briefing()):
        text = render_email_text(day, settings, pdf_attached=True)
        assert re.findall(r"\w+", text) == _shown_words(render_markdown(day, settings))
    text = render_email_text(several, settings, pdf_attached=True)
    assert "\n\nAlso reported\n- Library extends opening hours <https://intranet.example/b/" \
           "2026-03-04/briefing.html#story-2> — 1 outlet: library.example\n" in text
    assert "\n- …and 1 more story in the full briefing\n" in text
    assert "\n1 input was left out (page furniture, stubs, program code, copies, unreadable or over a limit).\n" in text


# ---------------------------------------------------------------- PDF

def test_fetcher_refuses_everything() -> None:
    fetcher = RefusingURLFetcher()
    for url in ("http://127.0.0.1:1/x", "file:///etc/passwd", "https://example.com/a.css",
                "data:text/plain,hi"):
        with pytest.raises(URLRefused):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 4


def test_pdf_makes_no_fetch_for_hostile_text(hostile: Briefing, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(RefusingURLFetcher, "fetch", lambda self, url, headers=None: calls.append(url))
    # a default fetcher, if the renderer fell back to one, would be caught here
    monkeypatch.setattr(weasyprint.urls.URLFetcher, "fetch",
                        lambda self, url, headers=None: calls.append("default:" + url))
    written = render_briefing(hostile, tmp_path, ["pdf"])
    assert written["pdf"].read_bytes().startswith(b"%PDF")
    assert calls == []


def test_pdf_fetcher_is_the_one_used_and_refuses(tmp_path: Path) -> None:
    """Markup that would load resources only reaches the refusing fetcher, and the PDF still prints."""
    fetcher = RefusingURLFetcher()
    html = (f'<html><head><link rel="stylesheet" href="file:///etc/passwd"></head>'
            f'<body><p>x</p>{REMOTE_IMG}</body></html>')
    render_pdf(html, tmp_path / "x.pdf", fetcher)
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
    assert set(fetcher.refused) == {"http://127.0.0.1:1/x", "file:///etc/passwd"}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext not installed")
def test_pdf_text_has_page_numbers_and_content(briefing: Briefing, tmp_path: Path) -> None:
    pdf = render_briefing(briefing, tmp_path, ["pdf"])["pdf"]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Bridge reopens" in text and "Lena Ortiz" in text
    assert re.search(r"Page 1 of \d", text)


# ---------------------------------------------------------------- edge cases

def test_empty_briefing_says_so_everywhere(tmp_path: Path) -> None:
    written = render_briefing(empty_briefing(), tmp_path, list(FORMATS))
    assert "No new articles." in written["html"].read_text(encoding="utf-8")
    md = written["md"].read_text(encoding="utf-8")
    assert "No new articles." in md
    markdown_it = pytest.importorskip("markdown_it")  # a paragraph, not a heading over the rule
    assert "<p>No new articles.</p>\n<hr />" in markdown_it.MarkdownIt("commonmark").render(md)
    assert json.loads(written["json"].read_text(encoding="utf-8"))["clusters"] == []
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(written["pdf"]), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "No new articles." in text


def test_junk_text_renders_without_error(tmp_path: Path) -> None:
    art = make_article("j1", "Nul\x00 bell\x07 surrogate\ud800 " + "x" * 5000, "\x1b[31mred",
                       publisher="\x00", url="http://exa mple.com/ bad")
    story = make_story("j", [art], [SummarySentence("\x00\x0b", [Span("missing", 0, 1)])],
                       [QuoteRow("", None, "", "mixed", "", [])])
    junk = Briefing(date="not a date", generated_at=datetime(2026, 1, 1), articles=[art], stories=[story])
    written = render_briefing(junk, tmp_path, list(FORMATS))
    html = written["html"].read_text(encoding="utf-8")
    assert "\x00" not in html and "\x07" not in html
    assert 'href="http://exa' not in html  # a URL with spaces is not linked
    assert "Daily briefing — not a date" in html
    assert "Unnamed source" in html


def test_speakers_grouped_in_first_appearance_order_and_sources_deduplicated() -> None:
    a = make_article("g1", "Vote delayed", "Ana Silva said the vote was delayed. Tom Reed said it was not.")
    outside = make_article("g2", "Other outlet", "Ana Silva said the vote was delayed.", publisher="Other")
    rows = [QuoteRow(name, role, text, "indirect", "said", [span_of(art, text)])
            for name, role, text, art in [("Ana Silva", "senator", "the vote was delayed", a),
                                           ("Tom Reed", None, "it was not", a),
                                           ("Ana Silva", "Senator from Ohio", "the vote was delayed", outside)]]
    story = make_story("g", [a, a], [], rows, headline="Vote")
    html = render_html(Briefing(date="2026-03-04", generated_at=datetime(2026, 3, 4), articles=[a, outside],
                                stories=[story]))
    table = html.split("<div class=\"quotes\">", 1)[1]
    assert table.count("Ana Silva") == 1 and table.index("Ana Silva") < table.index("Tom Reed")
    assert table.index("it was not") > table.rindex("the vote was delayed")
    assert "Senator from Ohio" in table and ">senator<" not in table  # the fuller role wins
    # the article cited from outside the cluster is listed and linked; g1 is listed once
    assert html.count('id="story-1-src-1"') == 1 and 'id="story-1-src-2"' in html
    assert 'href="#story-1-src-2"' in html and html.count("Vote delayed") == 1


# ---------------------------------------------------------------- who said what layout

def cue_briefing() -> Briefing:
    """One speaker with every kind of statement and cue; a second with a single quote."""
    body = ("Mia Holt accused rival councils of stalling the plan. According to Holt, the fund is empty. "
            "Holt said, \"We are ready,\" and called the delay \"absurd,\" in a letter. Ben Cole spoke.")
    art = make_article("c1", "Plan stalls", body)
    rows = [QuoteRow("Mia Holt", "council leader", "rival councils of stalling the plan", "indirect",
                     "accused", [span_of(art, "rival councils of stalling the plan")]),
            QuoteRow("Mia Holt", None, "the fund is empty", "indirect", "According to",
                     [span_of(art, "the fund is empty")]),
            QuoteRow("Mia Holt", None, "We are ready,", "direct", "said", [span_of(art, "We are ready,")]),
            QuoteRow("Mia Holt", None, 'the delay "absurd,"', "mixed", "called",
                     [span_of(art, 'the delay "absurd,"')]),
            QuoteRow("Ben Cole", None, "spoke", "indirect", "", [span_of(art, "spoke")])]
    return Briefing(date="2026-03-04", generated_at=datetime(2026, 3, 4), articles=[art],
                    stories=[make_story("c", [art], [], rows, headline="Plan stalls")])


def test_html_record_groups_statements_under_a_speaker_header() -> None:
    html = render_html(cue_briefing())
    record = html.split('<div class="quotes">', 1)[1].split("<h4>Sources</h4>", 1)[0]
    groups = record.split('<div class="speaker">')[1:]
    assert len(groups) == 2
    first_header = re.search(r'<p class="speaker-head">(.*?)</p>', groups[0], re.S).group(1)
    assert "Mia Holt" in first_header and "council leader" in first_header and "4 statements" in first_header
    assert "statement" not in re.search(r'<p class="speaker-head">(.*?)</p>', groups[1], re.S).group(1)
    # every statement has its words and its sources, and no speaker
    rows = re.findall(r"<li>(.*?)</li>", groups[0], re.S)
    assert len(rows) == 4 and all('class="said"' in r and 'class="cited"' in r and "Mia Holt" not in r
                                  for r in rows)


def test_reported_statements_show_their_cue() -> None:
    html = render_html(cue_briefing())
    assert '<span class="cue">accused</span> rival councils of stalling the plan' in html
    # a cue that cannot lead is shown after the content, lower-cased
    assert 'the fund is empty <span class="cue">(according to)</span>' in html
    assert "“We are ready”" in html and '<span class="cue">said</span>' not in html  # direct: no cue
    # the comma before the closing quote of a mixed statement is dropped
    assert '<span class="cue">called</span> the delay &#34;absurd&#34;' in html
    # no cue at all: the statement is still marked as reported
    assert 'spoke <span class="cue">(reported)</span>' in html


def test_an_edition_without_a_full_record_claims_no_full_briefing() -> None:
    """Built as Markdown and email only, no file holds the statements a message leaves
    out: they are "not shown", never "in the full briefing"."""
    from briefing.render import render_chat, render_email_text
    briefing = cue_briefing()
    texts = {"md": render_markdown(briefing, record_files=[]),
             "email text": render_email_text(briefing, pdf_attached=False, record_files=[]),
             "email html": render_email_html(briefing, record_files=[]),
             "chat": "".join(render_chat(briefing, record_files=[]))}
    for name, text in texts.items():
        assert "full briefing" not in text, name
    assert "_3 more statements not shown_" in texts["md"]
    assert "3 more statements not shown" in texts["chat"]
    assert "_3 more statements in the full briefing_" in render_markdown(
        briefing, record_files=["briefing.pdf"])


def test_an_edition_without_a_full_record_ends_on_its_last_story_not_a_dangling_rule() -> None:
    """With no HTML or PDF to name (public_url set or not) and nothing left out, no rule
    closes the Markdown or the email's text, as nothing follows it; with an input left
    out, the rule is there, above that line."""
    from briefing.config import RenderSettings
    from briefing.render import render_email_text
    briefing = cue_briefing()
    for settings in (RenderSettings(), RenderSettings(public_url="https://intra.example/out")):
        md = render_markdown(briefing, settings, record_files=[])
        text = render_email_text(briefing, settings, pdf_attached=False, record_files=[])
        assert md.rstrip().endswith("_3 more statements not shown_ · Sources: [1] Example Times")
        assert text.rstrip().endswith("3 more statements not shown · Sources: [1] Example Times")
        assert "---" not in md and "---" not in text
    left_out = replace(briefing, dropped=[Dropped("tweet.txt", "stub")])
    assert render_markdown(left_out, record_files=[]).endswith(
        "Sources: [1] Example Times\n\n---\n_1 input was left out (page furniture, stubs, "
        "program code, copies, unreadable or over a limit)._\n")
    assert render_email_text(left_out, pdf_attached=False, record_files=[]).endswith(
        "---\n1 input was left out (page furniture, stubs, program code, copies, unreadable "
        "or over a limit).\n")


def test_markdown_gives_one_key_voice_per_speaker_and_counts_the_rest() -> None:
    md = render_markdown(cue_briefing())
    voices = [line for line in md.splitlines() if line.startswith("> **")]
    # a statement with content speaks for Mia Holt ("We are ready" says little); the
    # full table keeps her other three
    assert voices == ["> **Mia Holt**, council leader: _accused_ rival councils of stalling the plan [1]",
                      "> **Ben Cole**: spoke _(reported)_ [1]"]
    assert "_3 more statements in the full briefing_" in md
    markdown_it = pytest.importorskip("markdown_it")
    tokens = markdown_it.MarkdownIt("commonmark").parse(md)
    assert any(t.type == "blockquote_open" for t in tokens)


def test_email_front_page_keeps_its_structure_with_inline_styles() -> None:
    email = render_email_html(cue_briefing())
    assert re.search(r'<ul aria-label="Key voices" class="voices" style="[^"]*border-left', email) \
        or re.search(r'<ul class="voices"[^>]* style="[^"]*border-left', email)
    assert re.search(r'<h2 class="section" id="front-heading" style="[^"]*text-transform', email)
    # the full record stays in the HTML page and the PDF: the email says where it is
    assert 'class="quotes"' not in email and "Who said what" not in email
    assert "The attached PDF holds every story" in email
    assert 'class="quotes"' in render_html(cue_briefing())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext not installed")
def test_pdf_never_ends_a_page_on_a_speaker_header(tmp_path: Path) -> None:
    names = [f"Speaker Number{i:02d}" for i in range(40)]
    body = " ".join(f"{name} said the plan number {i} was sound and would be finished on time."
                    for i, name in enumerate(names))
    art = make_article("p1", "Long table", body)
    rows = [QuoteRow(name, "analyst", text, "indirect", "said", [span_of(art, text)])
            for i, name in enumerate(names)
            for text in [f"the plan number {i} was sound", "would be finished on time"]]
    briefing = Briefing(date="2026-03-04", generated_at=datetime(2026, 3, 4), articles=[art],
                        stories=[make_story("p", [art], [], rows, headline="Long table")])
    pdf = render_briefing(briefing, tmp_path, ["pdf"])["pdf"]
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    assert len([p for p in pages if p.strip()]) >= 3
    for page in pages:
        lines = [line.strip() for line in page.splitlines()
                 if line.strip() and "Page " not in line and "Daily briefing" not in line]
        if lines:
            assert not lines[-1].startswith("Speaker Number"), lines[-3:]


def _print_font_installed() -> bool:
    """Liberation Sans, the print stylesheet's font: where a page breaks depends on it."""
    found = subprocess.run(["fc-match", "-f", "%{family}", "Liberation Sans"], capture_output=True,
                           text=True) if shutil.which("fc-match") else None
    return bool(found and "Liberation Sans" in found.stdout)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext not installed")
@pytest.mark.skipif(not _print_font_installed(), reason="the print font Liberation Sans "
                    "(Debian's fonts-liberation) is not installed: the page breaks differ")
def test_pdf_never_starts_a_page_with_a_story_s_closing_line(tmp_path: Path) -> None:
    """A front page (summaries only) whose fourth story's closing line falls just past the
    first page: it goes over with the story's last sentence, not alone."""
    from briefing.config import FrontPageSettings
    from briefing.rank import plan_front_page
    articles, stories = [], []
    for n in range(4):
        sentences = [f"Sentence {k} of story {n} says the harbour plan "
                     f"{'and its budget ' * (7 if k == 0 else 3)}moved on." for k in range(3)]
        said = [f"the plan {q} of story {n} was sound and fully costed" for q in range(5)]
        art = make_article(f"a{n}", f"Story {n}", " ".join(
            sentences + [f"Official{n}x{q} Person{q} said {text}." for q, text in enumerate(said)]))
        articles.append(art)
        stories.append(make_story(
            f"s{n}", [art], [SummarySentence(s, [span_of(art, s)]) for s in sentences],
            [QuoteRow(f"Official{n}x{q} Person{q}", "officer", text, "indirect", "said",
                      [span_of(art, text)]) for q, text in enumerate(said)],
            headline=f"Story number {n}"))
    ranked = plan_front_page([replace(s, rank=n) for n, s in enumerate(stories, 1)],
                             FrontPageSettings(words=5000, key_voices=0))
    briefing = Briefing(date="2026-03-04", generated_at=datetime(2026, 3, 4), articles=articles,
                        stories=ranked)
    pdf = render_briefing(briefing, tmp_path, ["pdf"])["pdf"]
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    firsts = [next(line.strip() for line in page.splitlines() if line.strip())
              for page in pages if page.strip()]
    assert not [line for line in firsts if re.match(r"\d+ more statements? ·|Sources:", line)]
    assert "Sentence 2 of story 3" in "\n".join(firsts)  # the case: story 4 runs over


@pytest.mark.skipif(not _print_font_installed(), reason="the print font Liberation Sans "
                    "(Debian's fonts-liberation) is not installed: the page breaks differ")
def test_pdf_key_voices_rule_ends_with_the_last_voice_on_a_page() -> None:
    """Key voices broken across pages: on the first page their rule ends with the last
    voice there, not at the page foot (WeasyPrint stretches a broken box down to it)."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes
    from briefing.config import FrontPageSettings
    from briefing.rank import plan_front_page
    from briefing.render import render_print_html
    sentences = [f"Sentence {k} says the harbour plan moved on after a long debate in the "
                 f"council chamber." for k in range(3)]
    said = [f"The plan {q} is sound, it is fully costed, and every family on the seafront will "
            f"see the difference {q} before the winter storms come back again next year, because "
            f"the harbour wall number {q} will be rebuilt higher and stronger than before, with "
            f"the money the council set aside in spring and the grant the government promised"
            for q in range(10)]
    art = make_article("v", "Harbour plan", " ".join(
        sentences + [f'"{text}," said Official{q} Person{q}.' for q, text in enumerate(said)]))
    story = make_story("v", [art], [SummarySentence(s, [span_of(art, s)]) for s in sentences],
                       [QuoteRow(f"Official{q} Person{q}", "officer", text, "direct", "said",
                                 [span_of(art, text)]) for q, text in enumerate(said)],
                       headline="Harbour plan")
    ranked = plan_front_page([replace(story, rank=1)], FrontPageSettings(words=5000, key_voices=10))
    briefing = Briefing(date="2026-03-04", generated_at=datetime(2026, 3, 4), articles=[art],
                        stories=ranked)
    pages = HTML(string=render_print_html(briefing)).render().pages
    lists_on = []  # per page, the key-voice lists on it
    for page in pages:
        lists = [box for box in page._page_box.descendants()
                 if box.element_tag == "ul" and "voices" in (box.element.get("class") or "")]
        lists_on.append(lists)
        for ruled in (box for voices in lists for box in [voices, *voices.descendants()]
                      if isinstance(box, boxes.BlockBox) and box.style["border_left_width"]):
            lines = [line for line in ruled.descendants() if isinstance(line, boxes.LineBox)]
            text_bottom = max(line.position_y + line.height for line in lines)
            assert ruled.border_box_y() + ruled.border_height() <= text_bottom + 8
    assert len([lists for lists in lists_on if lists]) >= 2  # the case: the list runs over


def test_a_later_edition_of_the_day_says_which_in_every_format(briefing: Briefing) -> None:
    second = replace(briefing, edition=f"{briefing.date}-2")
    title = f"Daily briefing — {briefing.date} (2nd edition)"
    assert f"<title>{title}</title>" in render_html(second)
    assert render_markdown(second).startswith(  # brackets escaped, as Markdown shows them
        f"# Daily briefing — {briefing.date} (2nd edition)\n")
    assert render_chat(second, flavour="slack")[0].startswith(f"*{title}*")
    # the day's first edition is its date
    assert f"<title>Daily briefing — {briefing.date}</title>" in render_html(briefing)


def test_the_masthead_says_the_day_once_and_never_breaks_a_date(briefing: Briefing,
                                                                 tmp_path: Path) -> None:
    """The HTML page, the PDF and the email head the briefing with its day above its title,
    not again in the title as "— 2026-03-04" (an ISO date a mail client may break after
    "2026-"); the date is kept on one line. The page's <title>, the Markdown and the
    subject keep the date in the title: nothing else says it there."""
    from briefing.render import render_print_html
    second = replace(briefing, edition=f"{briefing.date}-2")
    for name, html, heading in (("html", render_html(briefing), "Daily briefing"),
                                ("pdf", render_print_html(briefing), "Daily briefing"),
                                ("email", render_email_html(briefing), "Daily briefing"),
                                ("2nd", render_html(second), "Daily briefing (2nd edition)"),
                                ("2nd email", render_email_html(second),
                                 "Daily briefing (2nd edition)")):
        masthead = html.split("<header", 1)[1].split("</header>", 1)[0]
        assert re.search(r"<h1[^>]*>(.*?)</h1>", masthead).group(1) == heading, name
        kicker = re.search(r'<p class="kicker"[^>]*>(.*?)</p>', masthead).group(1)
        assert re.fullmatch(r'<time datetime="2026-03-04"[^>]*>Wednesday 4 March 2026</time>',
                            kicker), (name, kicker)
        shown = re.sub(r"<[^>]+>", "", masthead)
        assert "2026-03-04" not in shown and shown.count("2026") == 2, (name, shown)  # + generated
    assert re.search(r'<time datetime="2026-03-04" style="[^"]*white-space: nowrap',
                     render_email_html(briefing))  # inlined for mail clients
    assert ".masthead time { white-space: nowrap; }" in render_html(briefing)
    assert "<title>Daily briefing — 2026-03-04</title>" in render_email_html(briefing)
    if shutil.which("pdftotext"):  # each page's foot: the title, then the day
        pdf = render_briefing(briefing, tmp_path, ["pdf"])["pdf"]
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "Daily briefing · Wednesday 4 March 2026" in text
        assert "2026-03-04" not in text


def test_a_continuing_story_says_since_when_in_every_format(briefing: Briefing) -> None:
    from datetime import date
    briefing.stories[0].cluster.developing_since = date(2026, 3, 1)
    assert briefing_to_dict(briefing)["clusters"][0]["developing_since"] == "2026-03-01"
    assert "Developing story · first in the briefing of 1 Mar 2026" in render_html(briefing)
    assert "developing since 1 Mar 2026_" in render_markdown(briefing)
    assert briefing_to_dict(briefing)["clusters"][1]["developing_since"] is None
    assert render_html(briefing).count("Developing story") == 1
    # and links to that briefing: beside the edition, or online where it is published
    briefing.stories[0].cluster.developing_from = "2026-03-01/briefing.html"
    assert ('first in <a href="../2026-03-01/briefing.html">the briefing of 1 Mar 2026</a>'
            in render_html(briefing))
    assert "developing since [1 Mar 2026](../2026-03-01/briefing.html)_" in render_markdown(briefing)
    assert "../2026-03-01" not in render_email_text(briefing, pdf_attached=True)  # no folder
    from briefing.config import RenderSettings
    online = RenderSettings(public_url="https://news.example/briefings")
    assert ("developing since 1 Mar 2026 <https://news.example/briefings/2026-03-01/briefing.html>"
            in render_email_text(briefing, online, pdf_attached=True))
    assert ("(developing since <https://news.example/briefings/2026-03-01/briefing.html|1 Mar 2026>)"
            in "".join(render_chat(briefing, online, "slack")))


def test_republishers_are_listed_once_and_never_the_outlet_itself(briefing: Briefing) -> None:
    # each with its copy's address: a hostile one is never a link
    briefing.articles[0].also_carried_by = {"Coast Herald": "https://herald.example/bridge",
                                            "Example Times": None, " Coast Herald ": None,
                                            f"Wire {SCRIPT}": "javascript:alert(2)"}
    assert briefing_to_dict(briefing)["articles"][0]["also_carried_by"] == [
        "Coast Herald", f"Wire {SCRIPT}"]
    html = render_html(briefing)
    assert ('also carried by <a href="https://herald.example/bridge">Coast Herald</a>, '
            'Wire &lt;script&gt;') in html and SCRIPT not in html
    assert "javascript:alert(2)" not in html
    md = render_markdown(briefing).replace("\u200b", "")
    assert "_4 outlets: Example Times · Daily Ñews · Coast Herald · Wire \\<script\\>alert(1)" \
           "\\</script\\> · 2 articles_" in md
    # the sources line says who else carried it, as the HTML and the chat post do
    assert ("[1] [Example Times](https://news.example/bridge) (also "
            "[Coast Herald](https://herald.example/bridge), Wire \\<script\\>alert(1)"
            "\\</script\\>) · [2] Daily Ñews") in md
    text = render_email_text(briefing, pdf_attached=False)
    assert ("(also Coast Herald <https://herald.example/bridge>, Wire <script>alert(1)</script>)"
            in text)  # the email's plain text, as text


def test_the_front_page_sources_line_names_who_else_carried_it_in_html_pdf_and_email(
        briefing: Briefing) -> None:
    """The HTML, the page the PDF is printed from and the email say on the front page what
    the Markdown says there: "[1] Example Times (also Coast Herald)", not only at the end."""
    from briefing.render import render_print_html
    briefing.articles[0].also_carried_by = {"Coast Herald": "https://herald.example/bridge",
                                            f"Wire {SCRIPT}": None}
    for name, html in (("html", render_html(briefing)), ("pdf", render_print_html(briefing)),
                       ("email", render_email_html(briefing))):
        front = html.split('<p class="more"', 1)[1].split("</p>", 1)[0]
        assert re.search(r'\[1\]&nbsp;<a href="https://news\.example/bridge"[^>]*>Example Times</a> '
                         r'\(also <a href="https://herald\.example/bridge"[^>]*>Coast Herald</a>, '
                         r'Wire &lt;script&gt;alert\(1\)&lt;/script&gt;\) · \[2\]', front), (name, front)
        assert SCRIPT not in html


def test_markers_open_the_source_page_at_the_cited_words(briefing: Briefing) -> None:
    html = render_html(briefing)
    # a1 has an address: its marker opens it with the sentence highlighted
    assert 'href="https://news.example/bridge#:~:text=The%20bridge%20reopened%20on%20Monday"' in html
    # a2 has none: its marker leads to the source list of the briefing
    assert 'href="#story-1-src-2" title="Source 2">[2]</a>' in html


def test_text_fragment_link_cases() -> None:
    from briefing.render import text_fragment_link
    url = "https://e.example/a?x=1#top"
    assert text_fragment_link(url, "Short, well-known words.") == (
        "https://e.example/a?x=1#:~:text=Short%2C%20well%2Dknown%20words")
    long = "one two three four five six seven eight nine ten & eleven"
    assert text_fragment_link(url, long) == (
        "https://e.example/a?x=1#:~:text=one%20two%20three%20four,nine%20ten%20%26%20eleven")
    assert text_fragment_link(url, " “ ” ") is None


def test_a_statement_holding_its_own_attribution_shows_no_cue() -> None:
    body = "Instead of waiting, Holt argued, the council should borrow now. Holt argued for more."
    art = make_article("c2", "Council told to borrow", body)
    content = "Instead of waiting, Holt argued, the council should borrow now"
    rows = [QuoteRow("Mia Holt", None, content, "indirect", "argued", [span_of(art, content)])]
    story = make_story("c", [art], [], rows, headline="Borrow now")
    briefing = Briefing(date="2026-03-04", generated_at=datetime(2026, 3, 4), articles=[art],
                        stories=[story])
    html = render_html(briefing)
    assert f"<span class=\"said\">{content}</span>" in html
    assert '<span class="cue">argued</span>' not in html and "(reported)" not in html
    assert f"> **Mia Holt**: {escape_markdown(content)} [1]" in render_markdown(briefing)


# ---------------------------------------------------------------- the PDF as an archive

def test_pdf_is_pdf_a_3b_with_fonts_embedded_bookmarks_and_the_record_attached(
        briefing: Briefing, tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    pdf_path = render_briefing(briefing, tmp_path, ["pdf"])["pdf"]
    with pikepdf.open(pdf_path) as pdf:
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "B")
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and "/DestOutputProfile" in intent
        fonts = 0
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                fonts += 1
                descriptor = (font.DescendantFonts[0] if "/DescendantFonts" in font else font).FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        assert fonts > 0
        # the whole record travels with the archive, as a PDF/A-3 associated file
        assert list(pdf.attachments) == ["briefing.json"]
        # (WeasyPrint lists the one file specification twice in /AF)
        assert {(str(spec.F), spec.AFRelationship) for spec in pdf.Root.AF} == {
            ("briefing.json", "/Data")}
        record = json.loads(pdf.attachments["briefing.json"].get_file().read_bytes())
        assert record == json.loads(json.dumps(briefing_to_dict(briefing)))
        with pdf.open_outline() as outline:
            parts = [(item.title, [child.title for child in item.children]) for item in outline.root]
    assert parts == [("Top stories", ["1 Bridge reopens", "2 Library extends opening hours"]),
                     ("Full record", ["1 Bridge reopens", "2 Library extends opening hours"])]


def test_pdf_prints_the_front_page_first_and_the_leading_record_within_its_budget(
        tmp_path: Path) -> None:
    from pypdf import PdfReader

    from briefing.config import RenderSettings

    articles, stories = [], []
    for n in range(12):
        text = f"Statement number {n} about the new harbour wall is long enough to read."
        art = make_article(f"s{n}", f"Harbour story {n}", text, publisher=f"Outlet {n}")
        articles.append(art)
        rows = [QuoteRow(f"Speaker Person{n}", None, text, "indirect", "said", [span_of(art, text)])] * 30
        stories.append(make_story(f"c{n}", [art], [SummarySentence(text, [span_of(art, text)])], rows,
                                  headline=f"Harbour story {n}"))
    briefing = Briefing(date="2026-03-04", generated_at=datetime(2026, 3, 4), articles=articles,
                        stories=stories)
    settings = RenderSettings(pdf_record_words=1500)
    pdf = render_briefing(briefing, tmp_path, ["pdf"], settings)["pdf"]
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    # never the masthead alone on a page: the first stories follow it
    assert "TOP STORIES" in pages[0] and "Harbour story 0" in pages[0]
    record_start = next(i for i, text in enumerate(pages) if "FULL RECORD" in text)
    assert record_start >= 1 and "TOP STORIES" not in pages[record_start]
    record = " ".join(pages[record_start:])
    flowing = " ".join(record.split())  # where a line wraps depends on the fonts installed
    assert "The full record of the other" in flowing and "attached to this PDF" in flowing
    printed = {n for n in range(12) if f"Harbour story {n}\n" in record or
               f"{n + 1} Harbour story {n}" in record}
    assert printed and max(printed) < 11  # the budget stopped the record before the last story
    html = render_html(briefing, settings)
    assert all(f"Harbour story {n}" in html.split('id="record"', 1)[1] for n in range(12))


def test_times_are_shown_on_the_readers_clock_and_a_date_alone_as_the_date(briefing):
    from dataclasses import replace
    from datetime import date, timedelta

    a1, a2, a3 = briefing.articles
    a1.published = datetime(2026, 3, 4, 9, 15, tzinfo=timezone(timedelta(hours=-5)))
    a2.published = date(2026, 3, 3)
    tokyo = replace(briefing, time_zone="Asia/Tokyo")
    html, markdown = render_html(tokyo), render_markdown(tokyo)
    # 09:15 at UTC-5 is 23:15 in Tokyo; the briefing itself was made at 15:00 there
    assert '<time datetime="2026-03-04T23:15:00+09:00">4 Mar 2026, 23:15 JST</time>' in html
    assert '<time datetime="2026-03-03">3 Mar 2026</time>' in html
    assert "4 Mar 2026, 15:00 JST" in html and "4 Mar 2026, 15:00 JST" in markdown
    # JSON keeps each time as its source gave it
    articles = briefing_to_dict(tokyo)["articles"]
    assert [a["published"] for a in articles[:2]] == ["2026-03-04T09:15:00-05:00", "2026-03-03"]


@pytest.mark.parametrize("formats, linked", [
    (("md", "email"), None),                     # no HTML, no PDF: nothing to link to
    (("pdf", "md", "email"), "briefing.pdf"),    # the PDF is the full briefing online
    (("html", "pdf", "md", "email"), "briefing.html")])
def test_public_url_links_only_to_a_file_the_edition_has(briefing: Briefing, tmp_path: Path,
                                                          formats, linked) -> None:
    from dataclasses import replace
    from briefing.config import RenderSettings, Settings
    from briefing.deliver import make_parcel
    from briefing.editions import Edition
    base = "https://intranet.example/briefings/"
    settings = RenderSettings(public_url=base)
    written = render_briefing(replace(briefing, edition="2026-03-04-2"), tmp_path, formats,
                              settings)
    texts = {name: written[fmt].read_text(encoding="utf-8")
             for name, fmt in (("md", "md"), ("email", "email"), ("email text", "email_text"))}
    parcel = make_parcel(briefing, Edition("2026-03-04-2", tmp_path, "2026-03-04", written),
                         Settings(render=settings))
    texts |= {"parcel html": parcel.html, "parcel text": parcel.text,
              "parcel html without pdf": parcel.html_without_pdf,
              "parcel text without pdf": parcel.text_without_pdf,
              **{f"chat {flavour}": "".join(blocks) for flavour, blocks in parcel.chat.items()}}
    for name, text in texts.items():
        links = set(re.findall(re.escape(base) + r"[^\s\"')>|]*", text))
        if linked is None:
            assert not links, name
        else:
            assert links and {link.split("#")[0] for link in links} == {
                f"{base}2026-03-04-2/{linked}"}, name
    if "pdf" in formats:  # the PDF names the HTML beside it only when there is one
        print_page = render_print_html(briefing, replace(settings, pdf_record_words=1),
                                       record_files=record_files(formats))
        assert "attached to this PDF" in print_page
        assert ("briefing.html beside it" in print_page) == ("html" in formats)


def test_a_source_without_an_address_links_to_its_text_published_beside_the_briefing(
        briefing: Briefing, tmp_path: Path) -> None:
    """With the articles' texts in the edition (``--with-texts``), a2 (no address) is one
    click away like a1: its citation and its markers open articles/a2.txt, in the HTML,
    the PDF and the Markdown that sit beside it; a message sent out links it only under
    ``render.public_url``, as nothing else can open it."""
    from briefing.config import RenderSettings
    pikepdf = pytest.importorskip("pikepdf")
    settings = RenderSettings(article_texts=True)
    written = render_briefing(briefing, tmp_path, ["html", "pdf", "md", "email", "json"],
                              settings)
    assert (tmp_path / "articles" / "a2.txt").read_text(encoding="utf-8") == \
        briefing.articles[1].text
    html = written["html"].read_text(encoding="utf-8")
    assert '<a href="articles/a2.txt">Repaired bridge open to cars</a>' in html
    assert 'href="articles/a2.txt#:~:text=The%20bridge%20reopened%20on%20Monday" ' \
           'title="Source 2">[2]</a>' in html
    assert '[2]&nbsp;<a href="articles/a2.txt">Daily Ñews</a>' in html  # the front page
    assert '<a href="https://news.example/bridge">Bridge reopens after repairs</a>' in html
    markdown = written["md"].read_text(encoding="utf-8")
    assert "[2] [Daily Ñews](articles/a2.txt)" in markdown
    with pikepdf.open(written["pdf"]) as pdf:
        uris = {str(annot.A.URI) for page in pdf.pages for annot in page.get("/Annots", [])
                if "/A" in annot and "/URI" in annot.A}
    assert "articles/a2.txt" in uris
    assert "articles/a2.txt#:~:text=The%20bridge%20reopened%20on%20Monday" in uris
    for sent in ("email", "email_text"):
        assert "articles/" not in written[sent].read_text(encoding="utf-8"), sent

    base = "https://intranet.example/briefings/"
    online = replace(settings, public_url=base)
    edition = replace(briefing, edition="2026-03-04-2")
    assert f"[2] [Daily Ñews]({base}2026-03-04-2/articles/a2.txt)" in render_markdown(
        edition, online)
    assert f"{base}2026-03-04-2/articles/a2.txt" in render_email_html(edition, online)
    assert f"[2] <{base}2026-03-04-2/articles/a2.txt|Daily Ñews>" in "".join(
        render_chat(edition, online, "slack"))
    assert "articles/" not in "".join(render_chat(briefing, settings, "markdown"))
    assert '<a href="articles/a2.txt">Repaired bridge open to cars</a>' in render_html(
        edition, online)  # the page is beside its texts, online or not
    assert f'href="{base}2026-03-04-2/articles/a2.txt">Repaired bridge' in render_print_html(
        edition, online)
    # without the texts nothing links to them
    assert "articles/" not in render_html(briefing) + render_markdown(briefing)


def test_the_header_counts_the_outlets_each_story_line_counts() -> None:
    """One article, republished by a second outlet: the story line says "2 outlets", and
    the header says the same, not "1 source"."""
    from briefing.render import render_markdown
    wire = make_article("w", "Ferry to go electric", "The ferry will run on batteries from June.",
                        publisher="Atlantic Press")
    wire.also_carried_by = {"Bay Courier": "https://courier.example/ferry"}
    text = "The ferry will run on batteries from June."
    story = make_story("s1", [wire], [SummarySentence(text, [span_of(wire, text)])], [])
    briefing = Briefing(date="2026-03-04", articles=[wire], stories=[replace(story, rank=1)],
                        generated_at=datetime(2026, 3, 4, 6, 0, tzinfo=timezone.utc))
    lines = render_markdown(briefing).splitlines()
    assert "1 story · 1 article from 2 outlets ·" in lines[1]
    assert "- Ferry to go electric — 2 outlets: Atlantic Press · Bay Courier" in lines
