"""Publication times, canonical links and the texts behind every citation, end to end:
feeds and pages on a real loopback server, ``briefing collect``, ``briefing build``."""
import json
import re
from pathlib import Path

from werkzeug import Response

from briefing.cli import main
from briefing.records import PART_JOINER

from .conftest import REPO
from .webfixtures import FLOOD, HARBOUR, RAIL, article_html


def feed(items: list[tuple[str, str, str | None]]) -> str:
    """RSS 2.0 of (title, link, pubDate or None) items."""
    rows = "".join(
        f"<item><title>{t}</title><link>{link.replace('&', '&amp;')}</link>"
        + (f"<pubDate>{when}</pubDate>" if when else "") + "</item>"
        for t, link, when in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Harbour Times</title><link>http://example.test/</link>"
            f"<description>News</description>{rows}</channel></rss>")


def with_head(html: str, extra: str) -> str:
    return html.replace("</head>", extra + "</head>", 1)


def serve(server, path, html):
    server.expect_request(path).respond_with_handler(
        lambda _: Response(html, content_type="text/html; charset=utf-8"))


def check_spans(edition: Path) -> int:
    """Every span of briefing.json checked against the article texts beside it: a summary
    sentence is text[start:end] of each article it cites; a statement's text is that of
    its first span (or of its first spans joined by " … ", one per part of a quotation
    interrupted by its attribution), and its other spans are the same statement in other
    articles."""
    doc = json.loads((edition / "briefing.json").read_text(encoding="utf-8"))
    texts = {}
    for article in doc["articles"]:
        assert article["text_file"] and not Path(article["text_file"]).is_absolute()
        texts[article["id"]] = (edition / article["text_file"]).read_text(encoding="utf-8")
    checked = 0
    for story in doc["clusters"]:
        for sentence in story["summary"]:
            for span in sentence["spans"]:
                assert texts[span["article_id"]][span["start"]:span["end"]] == sentence["text"]
                checked += 1
        for row in story["quotes"] + story["key_quotes"]:
            cited = [texts[s["article_id"]][s["start"]:s["end"]] for s in row["spans"]]
            parts = next((k for k in range(1, len(cited) + 1)
                          if PART_JOINER.join(cited[:k]) == row["text"]), None)
            assert parts is not None, (row["text"], cited)
            checked += 1
            for span in row["spans"][parts:]:
                said = texts[span["article_id"]][span["start"]:span["end"]]
                words = set(re.findall(r"\w+", said.lower()))
                assert words & set(re.findall(r"\w+", row["text"].lower()))
                checked += 1
    return checked


def test_times_links_and_texts_survive_collect_and_a_store_build(httpserver, tmp_path,
                                                                  monkeypatch, capsys):
    u = httpserver.url_for
    httpserver.expect_request("/rss").respond_with_handler(lambda _: Response(feed([
        ("Harbour wall", u("/harbour") + "?utm_source=rss&utm_medium=feed",
         "Tue, 01 Dec 2026 14:49:20 +0100"),
        ("Rail strike", u("/rail") + "?utm_campaign=morning&fbclid=abc&id=7", None),
        ("Floods", u("/flood") + "?mc_cid=1&mc_eid=2", None),
    ]), content_type="application/rss+xml"))
    # the feed's time is trusted before the page's own
    serve(httpserver, "/harbour", with_head(
        article_html("Harbour wall to be rebuilt", HARBOUR, date="2026-12-01T09:00:00+01:00"),
        '<link rel="canonical" href="/news/2026/12/01/harbour-wall">'))
    # no time in the feed: the page's JSON-LD gives it; its canonical names another site
    serve(httpserver, "/rail", with_head(
        article_html("Drivers to strike", RAIL, date=None, site="Rail News"),
        '<link rel="canonical" href="https://evil.example/rail">'
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2026-12-01T06:30:00-05:00"}</script>'))
    # the day alone, anywhere: shown as the date, never as midnight
    serve(httpserver, "/flood", article_html("Roads flooded", FLOOD, date="2026-11-30",
                                             site="Coast Herald"))
    httpserver.expect_request("/robots.txt").respond_with_data("none", status=404)  # all open
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text(
        f'[[sources]]\nkind = "feed"\nname = "Harbour Times"\nurl = "{u("/rss")}"\n'
        '[fetch]\nper_host_delay = 0.0\n'
        '[schedule]\ntimezone = "America/New_York"\n'
        '[render]\nformats = ["html", "md", "json"]\n', encoding="utf-8")
    assert main(["collect"]) == 0
    assert main(["build", "--since", "last", "--with-texts", "--date", "2026-12-01"]) == 0
    edition = tmp_path / "out" / "2026-12-01"
    doc = json.loads((edition / "briefing.json").read_text(encoding="utf-8"))
    by_title = {a["title"]: a for a in doc["articles"]}

    harbour, rail, flood = (by_title[t] for t in ("Harbour wall to be rebuilt",
                                                   "Drivers to strike", "Roads flooded"))
    # JSON keeps each time as its source wrote it, offset included; a date stays a date
    assert harbour["published"] == "2026-12-01T14:49:20+01:00"
    assert rail["published"] == "2026-12-01T06:30:00-05:00"
    assert flood["published"] == "2026-11-30"
    # the canonical URL when it is on the page's site, else the fetched one untracked
    assert harbour["url"] == u("/news/2026/12/01/harbour-wall")
    assert rail["url"] == u("/rail") + "?id=7"
    assert flood["url"] == u("/flood")

    html = (edition / "briefing.html").read_text(encoding="utf-8")
    markdown = (edition / "briefing.md").read_text(encoding="utf-8")
    json_text = (edition / "briefing.json").read_text(encoding="utf-8")
    for shown in (html, markdown, json_text):
        assert not re.search(r"utm_|fbclid|mc_cid|mc_eid|evil\.example", shown)
    assert u("/news/2026/12/01/harbour-wall") in html
    # HTML shows the times on the reader's clock (New York: EST in December) ...
    assert '<time datetime="2026-12-01T08:49:20-05:00">1 Dec 2026, 08:49 EST</time>' in html
    assert '<time datetime="2026-12-01T06:30:00-05:00">1 Dec 2026, 06:30 EST</time>' in html
    # ... and a date alone as the date
    assert '<time datetime="2026-11-30">30 Nov 2026</time>' in html
    assert "30 Nov 2026, 00:00" not in html and "29 Nov 2026" not in html
    assert re.search(r"generated \d+ \w+ 2026, \d\d:\d\d E[SD]T", markdown)

    # every citation checks out against the texts written beside the briefing
    assert check_spans(edition) > 0
    assert sorted(p.name for p in (edition / "articles").iterdir()) == \
        sorted(Path(a["text_file"]).name for a in doc["articles"])
    manifest = json.loads((edition / "edition.json").read_text(encoding="utf-8"))
    assert manifest["files"]["texts"] == "articles"


def test_with_texts_spans_check_out_for_a_build_of_files(tmp_path, capsys):
    assert main(["build", str(REPO / "seeds"), "--with-texts", "--formats", "json",
                 "--out", str(tmp_path), "--date", "2026-12-01"]) == 0
    edition = tmp_path / "2026-12-01"
    assert check_spans(edition) > 10
    assert "articles" in capsys.readouterr().out


def test_without_the_option_no_texts_are_written(tmp_path):
    assert main(["build", str(REPO / "seeds"), "--formats", "json", "--out", str(tmp_path),
                 "--date", "2026-12-01"]) == 0
    doc = json.loads((tmp_path / "2026-12-01" / "briefing.json").read_text(encoding="utf-8"))
    assert all(a["text_file"] is None for a in doc["articles"])
    assert not (tmp_path / "2026-12-01" / "articles").exists()
