"""Collecting feeds and pages into the store, end to end against a loopback server."""
import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from briefing.config import FetchSettings, Settings, SourceSettings
from briefing.fetch import Fetcher
from briefing.collector import collect
from briefing.pipeline import build_from_store
from briefing.store import Store

from .conftest import REPO
from .dbfixtures import store_url  # noqa: F401  (fixture)
from .webfixtures import FLOOD, HARBOUR, RAIL, article_html, atom, rss

FAST = dict(timeout=1.0, total_timeout=10.0, retries=1, backoff=0.0, per_host_delay=0.0,
            obey_robots=False)


def feed_settings(*sources, **fetch) -> Settings:
    settings = Settings()
    settings.sources = [SourceSettings(kind=k, url=u, name=n) for k, u, n in sources]
    settings.fetch = FetchSettings(**{**FAST, **fetch})
    return settings


@pytest.fixture
def httpserver():
    """A threaded server on loopback, so a stalled page does not hold up the others; a
    site without a robots.txt (404: every page open) unless a test says otherwise."""
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    server.expect_request("/robots.txt").respond_with_data("none", status=404)
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def store(store_url):  # noqa: F811
    with Store(store_url) as s:
        yield s


def serve_page(httpserver, path, title, paragraphs, **kwargs):
    httpserver.expect_request(path).respond_with_data(
        article_html(title, paragraphs, **kwargs), content_type="text/html; charset=utf-8")


def growing_feed(httpserver, items):
    """Serve /rss listing ``items`` as they are at each request; returns the list to grow."""
    httpserver.expect_request("/rss").respond_with_handler(
        lambda r: Response(rss(items), content_type="application/rss+xml"))
    return items


def conditional(body: str, content_type: str, etag: str):
    """A feed handler that answers 304 to a client sending the ETag it was given."""
    def handler(request):
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, content_type=content_type, headers={"ETag": etag})
    return handler


def test_rss_and_atom_then_a_second_poll_gets_304_and_stores_nothing(httpserver, store):
    u = httpserver.url_for
    httpserver.expect_request("/rss").respond_with_handler(conditional(
        rss([("Harbour wall", u("/harbour")), ("Rail strike", u("/rail"))]),
        "application/rss+xml", '"rss-1"'))
    httpserver.expect_request("/atom").respond_with_handler(conditional(
        atom([("Floods", u("/flood"))]), "application/atom+xml", '"atom-1"'))
    serve_page(httpserver, "/harbour", "Harbour wall to be rebuilt", HARBOUR)
    serve_page(httpserver, "/rail", "Drivers to strike", RAIL)
    serve_page(httpserver, "/flood", "Roads flooded", FLOOD, site="Coast Herald")
    settings = feed_settings(("feed", u("/rss"), "Harbour Times"), ("feed", u("/atom"), "Herald"))

    first = collect(settings, store)
    assert (first.feeds_updated, first.new_articles, first.pages_failed) == (2, 3, 0)
    titles = sorted(a.content.title for a in store.articles())
    assert titles == ["Drivers to strike", "Harbour wall to be rebuilt", "Roads flooded"]
    flood = next(a for a in store.articles() if a.content.title == "Roads flooded")
    assert flood.source == "Herald" and flood.content.publisher == "Coast Herald"
    assert store.feed_state(u("/rss")).etag == '"rss-1"'
    requests_before = len(httpserver.log)

    second = collect(settings, store)
    assert (second.feeds_unchanged, second.new_entries, second.new_articles) == (2, 0, 0)
    assert len(store.articles()) == 3
    assert [r.path for r, _ in httpserver.log[requests_before:]] == ["/rss", "/atom"]


def test_a_page_republished_under_another_url_is_one_article_with_two_sources(httpserver, store,
                                                                            tmp_path):
    u = httpserver.url_for
    httpserver.expect_request("/a.xml").respond_with_data(
        rss([("Harbour wall", u("/times/harbour?utm_source=rss"))]), content_type="text/xml")
    httpserver.expect_request("/b.xml").respond_with_data(
        atom([("Wall plan", u("/herald/2026/wall")), ("Same link", u("/times/harbour"))]),
        content_type="application/atom+xml")
    serve_page(httpserver, "/times/harbour", "Harbour wall to be rebuilt", HARBOUR)
    serve_page(httpserver, "/herald/2026/wall", "Council backs harbour wall plan",
               HARBOUR[:4] + ["The Herald asked the council for the engineers' report."],
               site="Coast Herald", furniture="Download our app")
    report = collect(feed_settings(("feed", u("/a.xml"), "Times"), ("feed", u("/b.xml"), "Herald")),
                     store)
    assert (report.new_articles, report.extra_sources) == (1, 1)
    [article] = store.articles()
    assert [(c.source, c.publisher, c.relation) for c in article.copies] == [
        ("Times", "Harbour Times", "original"), ("Herald", "Coast Herald", "near-duplicate")]

    settings = feed_settings(("feed", u("/a.xml"), "Times"))
    settings.render.formats = ["json", "md", "html"]
    built = build_from_store(settings, store, "last", out_root=tmp_path)
    doc = json.loads(built.written["json"].read_text(encoding="utf-8"))
    assert [(a["publisher"], a["also_carried_by"]) for a in doc["articles"]] == [
        ("Harbour Times", ["Coast Herald"])]
    assert "_2 outlets: Harbour Times · Coast Herald_" in built.written["md"].read_text()
    # the other outlet's copy is one click away too
    html = built.written["html"]
    assert (f'also carried by <a href="{u("/herald/2026/wall")}">Coast Herald</a>'
            in html.read_text(encoding="utf-8"))


def test_a_page_that_names_no_site_is_credited_to_its_source_s_name(httpserver, store, tmp_path):
    u = httpserver.url_for
    httpserver.expect_request("/rss").respond_with_data(
        rss([("Harbour wall", u("/harbour"))]), content_type="application/rss+xml")
    paragraphs = "".join(f"<p>{p}</p>" for p in HARBOUR)
    httpserver.expect_request("/harbour").respond_with_data(
        f"<html><head><title>Harbour wall to be rebuilt</title></head><body><article>"
        f"<h1>Harbour wall to be rebuilt</h1>{paragraphs}</article></body></html>",
        content_type="text/html; charset=utf-8")
    settings = feed_settings(("feed", u("/rss"), "Valley Wire"))
    collect(settings, store)
    assert [a.content.publisher for a in store.articles()] == [None]
    settings.render.formats = ["json", "md"]
    built = build_from_store(settings, store, "last", out_root=tmp_path)
    doc = json.loads(built.written["json"].read_text(encoding="utf-8"))
    # the configured name, not the host (127.0.0.1:PORT)
    assert [a["publisher"] for a in doc["articles"]] == ["Valley Wire"]
    md = built.written["md"].read_text(encoding="utf-8")
    assert "[Valley Wire](" in md and "[127" not in md


def test_every_failure_is_logged_and_the_run_carries_on(httpserver, store, caplog):
    u = httpserver.url_for
    links = ["/ok", "/missing", "/flaky", "/slow", "/loop-a", "/huge", "/latin"]
    httpserver.expect_request("/feed").respond_with_data(
        rss([(p.strip("/"), u(p)) for p in links]), content_type="application/rss+xml")
    httpserver.expect_request("/broken").respond_with_data(
        '<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</ti',
        content_type="application/rss+xml")
    httpserver.expect_request("/feed-500").respond_with_data("", status=500)
    serve_page(httpserver, "/ok", "Harbour wall to be rebuilt", HARBOUR)
    httpserver.expect_request("/missing").respond_with_data("nope", status=404)
    flaky_calls = []

    def flaky(_request):  # down on the first collect, up on the next
        flaky_calls.append(1)
        if len(flaky_calls) == 1:
            return Response("", status=500)
        return Response(article_html("Drivers to strike", RAIL), content_type="text/html")
    httpserver.expect_request("/flaky").respond_with_handler(flaky)

    def slow(_request):
        time.sleep(1.0)
        return Response("late")
    httpserver.expect_request("/slow").respond_with_handler(slow)
    httpserver.expect_request("/loop-a").respond_with_data("", status=302,
                                                           headers={"Location": "/loop-b"})
    httpserver.expect_request("/loop-b").respond_with_data("", status=302,
                                                           headers={"Location": "/loop-a"})
    httpserver.expect_request("/huge").respond_with_data(b"<p>" + b"x" * 20_000_000,
                                                         content_type="text/html")
    latin = [p.replace("rain", "pluie à café") for p in FLOOD]
    httpserver.expect_request("/latin").respond_with_data(
        article_html("Roads flooded", latin, charset=None).encode("cp1252"),
        content_type="text/html")

    settings = feed_settings(("feed", u("/broken"), "Broken"), ("feed", u("/feed-500"), "Down"),
                             ("feed", u("/feed"), "Main"), timeout=0.3, retries=0)
    with caplog.at_level(logging.WARNING):
        report = collect(settings, store)
    assert report.feeds_failed == 2 and report.feeds_updated == 1
    assert report.new_articles == 2 and report.pages_failed == 5
    errors = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    for expected in ("Broken: ", "not a well-formed RSS or Atom feed",
                     "Down: ", "HTTP 500 Internal Server Error",
                     "/missing: HTTP 404 Not Found (given up)",
                     "/flaky: HTTP 500 Internal Server Error (will retry on the next collect)",
                     "/slow: timed out", "/loop-a: redirect loop",
                     "/huge: 20000003 bytes is over the 5000000-byte limit"):
        assert expected in errors, expected
    assert "is not UTF-8" in caplog.text
    stored = {a.content.title: a.content.text for a in store.articles()}
    assert set(stored) == {"Harbour wall to be rebuilt", "Roads flooded"}
    assert "pluie à café" in stored["Roads flooded"]
    assert store.feed_state(u("/broken")).last_error
    # the next collect retries only what may succeed: the 500 page now answers
    with caplog.at_level(logging.WARNING):
        again = collect(settings, store)
    assert again.new_articles == 1
    assert "Drivers to strike" in {a.content.title for a in store.articles()}


def test_a_fetched_page_over_the_element_limit_is_a_failed_page_not_an_article(
        httpserver, store, caplog):
    """limits.max_html_elements stops a fetched page as it stops a file: one line naming
    the page and the setting, the page given up, the run carrying on; raising the limit
    makes the page pending again."""
    u = httpserver.url_for
    httpserver.expect_request("/feed").respond_with_data(
        rss([("Harbour wall", u("/harbour")), ("Rail strike", u("/rail"))]),
        content_type="application/rss+xml")
    serve_page(httpserver, "/harbour", "Harbour wall to be rebuilt", HARBOUR)
    # the article itself and, after it, 3,000 elements of markup
    bloated = article_html("Drivers to strike", RAIL).replace(
        "</article>", "</article>" + "<i>.</i>" * 3_000)
    httpserver.expect_request("/rail").respond_with_data(bloated, content_type="text/html")
    settings = feed_settings(("feed", u("/feed"), "Main"))
    settings.limits.max_html_elements = 1_000
    with caplog.at_level(logging.WARNING):
        report = collect(settings, store)
    assert report.new_articles == 1 and report.pages_failed == 1
    assert {a.content.title for a in store.articles()} == {"Harbour wall to be rebuilt"}
    [line] = [r.getMessage() for r in caplog.records if u("/rail") in r.getMessage()]
    found = re.fullmatch(rf"{re.escape(u('/rail'))}: (\d+) HTML elements is over the "
                         r"1000-element limit \(limits\.max_html_elements\) \(given up\)", line)
    assert found and int(found[1]) > 3_000, line
    [failed] = store.retry_entries()
    assert (failed.status, failed.error_kind, failed.error_bound) == (
        "failed", "too_many_tags", 1_000)
    settings.limits.max_html_elements = 5_000
    again = collect(settings, store)
    assert again.pages_reopened == 1 and again.new_articles == 1
    assert "Drivers to strike" in {a.content.title for a in store.articles()}


def test_a_feed_one_item_of_which_is_not_well_formed_still_gives_its_articles(
        httpserver, store, caplog):
    from .test_feeds import broken_rss

    u = httpserver.url_for
    httpserver.expect_request("/rss").respond_with_data(
        broken_rss(u("/news/harbour"), u("/news/missing")), content_type="application/rss+xml")
    serve_page(httpserver, "/news/harbour", "Harbour wall to be rebuilt", HARBOUR)
    httpserver.expect_request("/news/missing").respond_with_data("", status=404)
    settings = feed_settings(("feed", u("/rss"), "Harbour Times"))
    with caplog.at_level(logging.WARNING):
        report = collect(settings, store)
    assert report.feeds_failed == 0 and report.feeds_updated == 0 and report.new_articles == 1
    assert report.read_in_part == ["Harbour Times"]
    assert [a.content.title for a in store.articles()] == ["Harbour wall to be rebuilt"]
    warned = [r.getMessage() for r in caplog.records
              if r.levelno == logging.WARNING and "well-formed" in r.getMessage()]
    assert warned == [f"Harbour Times: {u('/rss')}: not a well-formed RSS or Atom feed "
                      "(<unknown>:5:33: not well-formed (invalid token)); "
                      "read the 2 entries that could be read"]
    # and `briefing status` says so, as a feed read but failing (entries past the damage
    # are lost), with what was wrong
    from briefing.health import status_report
    from briefing.store import READ_IN_PART
    state = store.feed_state(u("/rss"))
    assert (state.last_result, state.failures) == (READ_IN_PART, 0)
    [health] = status_report(settings, store).sources
    assert (health.result, health.failing) == ("read in part", True)
    assert health.error == warned[0].removeprefix("Harbour Times: ")
    # unchanged since (304), it is still that broken feed; read whole again, it is well
    store.record_poll(u("/rss"), "Harbour Times", etag=None, last_modified=None,
                      not_modified=True)
    assert store.feed_state(u("/rss")).last_result == READ_IN_PART
    store.record_poll(u("/rss"), "Harbour Times", etag=None, last_modified=None)
    state = store.feed_state(u("/rss"))
    assert (state.last_result, state.last_error) == ("updated", None)


def test_a_gone_feed_is_not_polled_again(httpserver, store, caplog):
    httpserver.expect_request("/gone").respond_with_data("", status=410)
    settings = feed_settings(("feed", httpserver.url_for("/gone"), "Old"))
    collect(settings, store)
    assert "feed is gone (410)" in caplog.text
    collect(settings, store)
    assert [r.path for r, _ in httpserver.log] == ["/gone"]


def test_a_store_build_names_a_folders_input_by_its_path_in_the_folder(store, tmp_path):
    """Not by its store row: a record of a JSON Lines file and a file in a subfolder are
    named as a build of the folder itself would name them."""
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in (
        {"title": "Harbour wall to be rebuilt", "text": "\n\n".join(HARBOUR)},
        {"title": "Ferry times", "text": "Ferries run hourly from Monday."})), encoding="utf-8")
    (inbox / "sub" / "note.txt").write_text("\n", encoding="utf-8")
    settings = Settings()
    settings.sources = [SourceSettings(kind="folder", path=str(inbox), name="Inbox")]
    settings.render.formats = ["json"]
    collect(settings, store)
    built = build_from_store(settings, store, "last", out_root=tmp_path / "out")
    doc = json.loads(built.written["json"].read_text(encoding="utf-8"))
    # the empty note is left out when collected, the brief record when briefed
    assert sorted((d["path"], d["title"], d["reason"].split(":")[0]) for d in doc["dropped"]) == [
        ("feed.jsonl (record 2)", "Ferry times", "stub"),
        (os.path.join("sub", "note.txt"), None, "empty")]


def test_a_store_build_leaves_out_an_article_with_nothing_to_summarise(store, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "news.txt").write_text("Harbour wall to be rebuilt\n\n" + "\n\n".join(HARBOUR),
                                    encoding="utf-8")
    (inbox / "filler.txt").write_text("Huge page\n\n" + "\n\n".join(
        " ".join(["harbour wall quay street pier lamp"] * 12) for _ in range(10)),
        encoding="utf-8")
    settings = Settings()
    settings.sources = [SourceSettings(kind="folder", path=str(inbox), name="Inbox")]
    settings.render.formats = ["json"]
    collect(settings, store)
    built = build_from_store(settings, store, "last", out_root=tmp_path / "out")
    doc = json.loads(built.written["json"].read_text(encoding="utf-8"))
    assert [c["headline"] for c in doc["clusters"]] == ["Harbour wall to be rebuilt"]
    assert [(d["path"], d["title"], d["reason"]) for d in doc["dropped"]] == [
        ("filler.txt", "Huge page", "no sentence to summarise and no statement")]
    # briefed once: the next build has nothing new, the filler included
    assert build_from_store(settings, store, "last", out_root=tmp_path / "out") is None


def test_single_pages_and_folders_are_sources_too(httpserver, store, tmp_path):
    serve_page(httpserver, "/story", "Drivers to strike", RAIL)
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "flood.txt").write_text("Roads flooded\n\n" + "\n\n".join(FLOOD), encoding="utf-8")
    (folder / "copy.json").write_text(json.dumps(
        {"title": "Strike", "text": "\n\n".join(RAIL), "publisher": "Wire"}), encoding="utf-8")
    settings = feed_settings(("page", httpserver.url_for("/story"), "Story"))
    settings.sources.append(SourceSettings(kind="folder", path=str(folder), name="Inbox"))
    settings.sources.append(SourceSettings(kind="folder", path=str(tmp_path / "nowhere")))
    report = collect(settings, store)
    assert report.new_articles == 2 and report.extra_sources == 1
    assert report.folders_read == 1 and report.folders_failed == 1 and report.feeds_failed == 0
    again = collect(settings, store)
    assert again.new_articles == 0 and again.extra_sources == 0
    assert [r.path for r, _ in httpserver.log] == ["/story"]


def test_failed_folders_and_page_sources_are_counted_and_named_as_what_they_are(
        httpserver, store, tmp_path, caplog):
    httpserver.expect_request("/feed-503").respond_with_data("busy", status=503)
    httpserver.expect_request("/gone-page").respond_with_data("no", status=404)
    serve_page(httpserver, "/story", "Drivers to strike", RAIL)
    settings = feed_settings(("feed", httpserver.url_for("/feed-503"), "Down News"),
                             ("page", httpserver.url_for("/gone-page"), "Harbour page"),
                             ("page", httpserver.url_for("/story"), "Story"), retries=0)
    settings.sources.append(SourceSettings(kind="folder", path=str(tmp_path / "nowhere"),
                                           name="Inbox"))
    report = collect(settings, store)
    assert (report.feeds_failed, report.folders_failed, report.pages_failed) == (1, 1, 1)
    assert report.failed_sources == {"feed": ["Down News"], "page": ["Harbour page"],
                                     "folder": ["Inbox"]}
    assert str(report) == (
        "1 new article(s), 0 more source(s) of known ones; "
        "feeds: 0 updated, 0 unchanged, 1 failed (Down News); folders: 0 read, 1 failed "
        "(Inbox); 1 page(s) failed, of them page source(s): Harbour page (`briefing "
        "status` lists them, with why)")
    assert "folder source Inbox: " in caplog.text and "nowhere" in caplog.text


def test_an_article_under_another_address_with_the_same_canonical_is_stored_once(
        httpserver, store, store_url):  # noqa: F811
    from briefing.pipeline import _republished
    u = httpserver.url_for
    canonical = f'<link rel="canonical" href="{u("/harbour")}">'

    def page(path, paragraphs):  # the same page: one canonical address, edited in between
        httpserver.expect_request(path).respond_with_data(
            article_html("Harbour wall to be rebuilt", paragraphs).replace(
                "</head>", canonical + "</head>", 1), content_type="text/html; charset=utf-8")
    page("/print/harbour", HARBOUR[:2] + RAIL[:2])
    page("/amp/harbour", HARBOUR[:3] + FLOOD[:2])
    page("/harbour", HARBOUR)
    feed_a = growing_feed_at(httpserver, "/rss-a", [("Harbour wall", u("/print/harbour"))])
    feed_b = growing_feed_at(httpserver, "/rss-b", [("Harbour wall", u("/amp/harbour"))])
    settings = feed_settings(("feed", u("/rss-a"), "Feed A"), ("feed", u("/rss-b"), "Feed B"))
    report = collect(settings, store)
    assert (report.new_articles, report.extra_sources, report.duplicates) == (1, 0, 1)
    # then both feeds list the canonical address itself, each with its own utm_ tags
    feed_a.append(("Harbour wall", u("/harbour") + "?utm_source=feed-a&utm_medium=rss"))
    feed_b.append(("Harbour wall", u("/harbour") + "?utm_source=feed-b"))
    with Store(store_url) as fresh:  # another process: the addresses come from the store
        again = collect(settings, fresh)
        assert (again.new_articles, again.extra_sources, again.duplicates,
                again.new_entries) == (0, 0, 1, 1)
        [article] = fresh.articles()
    assert article.content.url == u("/harbour")
    assert article.content.text.count(HARBOUR[1]) == 1
    assert [(c.url, c.relation) for c in article.copies] == [
        (u("/print/harbour"), "original"), (u("/amp/harbour"), "same-url"),
        (u("/harbour") + "?utm_source=feed-a&utm_medium=rss", "same-url")]
    assert _republished(article, {}) == {}  # the same page is no other outlet's copy
    assert [r.path for r, _ in httpserver.log].count("/harbour") == 1


def test_collect_counts_a_word_for_word_amp_copy_as_a_duplicate_not_another_source(
        httpserver, tmp_path, monkeypatch, capsys):
    from briefing.cli import main
    u = httpserver.url_for
    page = article_html("Harbour wall to be rebuilt", HARBOUR).replace(
        "</head>", f'<link rel="canonical" href="{u("/harbour")}"></head>', 1)
    for path in ("/harbour", "/amp/harbour"):  # the AMP copy: the same text, same canonical
        httpserver.expect_request(path).respond_with_data(
            page, content_type="text/html; charset=utf-8")
    serve_page(httpserver, "/rail", "Drivers to strike", RAIL)
    items = growing_feed(httpserver, [("Harbour wall", u("/harbour")), ("Rail", u("/rail"))])
    (tmp_path / "briefing.toml").write_text(
        "[fetch]\nper_host_delay = 0.0\nobey_robots = false\n"
        f'[[sources]]\nkind = "feed"\nname = "Harbour Times"\nurl = "{u("/rss")}"\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["collect"]) == 0
    assert capsys.readouterr().out == (
        "Collected: 2 new article(s), 0 more source(s) of known ones; feeds: 1 updated, "
        "0 unchanged, 0 failed; 0 page(s) failed\n")
    items.append(("Harbour wall (AMP)", u("/amp/harbour")))
    assert main(["collect"]) == 0
    assert capsys.readouterr().out == (
        "Collected: 0 new article(s), 0 more source(s) of known ones, 1 duplicate(s) skipped "
        "(a known article's own copy); feeds: 1 updated, 0 unchanged, 0 failed; "
        "0 page(s) failed\n")
    with Store.open(Settings().store) as store:
        [harbour] = [a for a in store.articles() if a.content.title.startswith("Harbour")]
    assert [c.relation for c in harbour.copies] == ["original", "same-url"]


def growing_feed_at(httpserver, path, items):
    """Serve ``path`` listing ``items`` as they are at each request."""
    httpserver.expect_request(path).respond_with_handler(
        lambda r: Response(rss(items), content_type="application/rss+xml"))
    return items


def test_build_briefs_each_article_once(httpserver, store, tmp_path):
    u = httpserver.url_for
    items = growing_feed(httpserver, [("Harbour wall", u("/harbour"))])
    serve_page(httpserver, "/harbour", "Harbour wall to be rebuilt", HARBOUR)
    serve_page(httpserver, "/rail", "Drivers to strike", RAIL)
    settings = feed_settings(("feed", u("/rss"), "Times"))
    settings.render.formats = ["json"]
    collect(settings, store)
    built = build_from_store(settings, store, "last", out_root=tmp_path)
    doc = json.loads(built.written["json"].read_text(encoding="utf-8"))
    assert [a["title"] for a in doc["articles"]] == ["Harbour wall to be rebuilt"]
    assert build_from_store(settings, store, "last", out_root=tmp_path) is None
    items.append(("Rail strike", u("/rail")))
    collect(settings, store)
    built = build_from_store(settings, store, "24h", out_root=tmp_path)
    doc = json.loads(built.written["json"].read_text(encoding="utf-8"))
    assert [a["title"] for a in doc["articles"]] == ["Drivers to strike"]
    runs = store.runs()
    assert [len(r["articles"]) for r in runs] == [1, 1] and runs[0]["files"]["json"]


def test_a_store_build_names_what_it_left_out_by_title_address_and_outlet(
        httpserver, store, tmp_path, caplog):
    u = httpserver.url_for
    growing_feed(httpserver, [("Harbour wall", u("/harbour")), ("Storm warning", u("/storm"))])
    serve_page(httpserver, "/harbour", "Harbour wall to be rebuilt", HARBOUR)
    serve_page(httpserver, "/storm", "Storm warning for the west coast",
               ["Forecasters issued an orange warning for the west coast on Thursday."])
    settings = feed_settings(("feed", u("/rss"), "Times"))
    settings.render.formats = ["json", "html"]
    collect(settings, store)
    with caplog.at_level(logging.WARNING, logger="briefing.clean"):
        built = build_from_store(settings, store, "last", out_root=tmp_path)
    doc = json.loads(built.written["json"].read_text(encoding="utf-8"))
    [dropped] = doc["dropped"]
    assert (dropped["title"], dropped["url"], dropped["outlet"]) == \
        ("Storm warning for the west coast", u("/storm"), "Harbour Times")
    assert dropped["reason"].startswith("stub: ")
    html = built.written["html"].read_text(encoding="utf-8")
    left_out = html[html.index('id="left-out"'):]
    assert (f'<a href="{u("/storm")}">Storm warning for the west coast</a>, Harbour Times '
            "— stub: ") in left_out
    assert "store/article-" not in left_out
    assert (f'"Storm warning for the west coast" ({u("/storm")}): dropped: stub: '
            in caplog.text)


def test_killing_a_collect_leaves_the_store_consistent_and_the_next_run_completes(
        httpserver, tmp_path, store_url):  # noqa: F811
    u = httpserver.url_for
    reached, release = threading.Event(), threading.Event()

    def stall(_request):
        reached.set()
        release.wait(30)
        return Response(article_html("Drivers to strike", RAIL), content_type="text/html")
    httpserver.expect_request("/feed").respond_with_data(
        rss([("Harbour", u("/harbour")), ("Rail", u("/rail")), ("Flood", u("/flood"))]),
        content_type="application/rss+xml", headers={"ETag": '"one"'})
    serve_page(httpserver, "/harbour", "Harbour wall to be rebuilt", HARBOUR)
    httpserver.expect_request("/rail").respond_with_handler(stall)
    serve_page(httpserver, "/flood", "Roads flooded", FLOOD)
    config = tmp_path / "briefing.toml"
    config.write_text(f"""
[store]
url = "{store_url}"
[fetch]
per_host_delay = 0
retries = 0
obey_robots = false
[[sources]]
kind = "feed"
url = "{u('/feed')}"
""", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-m", "briefing", "collect", "--config", str(config)],
                             env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    try:
        assert reached.wait(60), child.stderr.read().decode()
        child.send_signal(signal.SIGKILL)  # mid-run: one page stored, one being read
        child.wait(30)
    finally:
        release.set()
        if child.poll() is None:
            child.kill()
        child.stderr.close()
    with Store(store_url) as store:
        counts = store.counts()
        assert counts["articles"] == 1 and counts["entries_pending"] == 2
        assert store.feed_state(u("/feed")).etag == '"one"'
    done = subprocess.run([sys.executable, "-m", "briefing", "collect", "--config", str(config)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with Store(store_url) as store:
        counts = store.counts()
        assert counts["articles"] == 3 and counts.get("entries_pending", 0) == 0
        assert counts["entries_done"] == 3


def test_a_continuing_story_keeps_its_id_and_start_date(httpserver, store, tmp_path):
    from datetime import date
    from .webfixtures import HARBOUR_FOLLOWUP
    u = httpserver.url_for
    items = growing_feed(httpserver, [("Harbour wall", u("/harbour"))])
    serve_page(httpserver, "/harbour", "Harbour wall to be rebuilt", HARBOUR)
    serve_page(httpserver, "/delay", "Harbour wall repairs delayed", HARBOUR_FOLLOWUP)
    serve_page(httpserver, "/rail", "Drivers to strike", RAIL)
    settings = feed_settings(("feed", u("/rss"), "Times"))
    settings.render.formats = ["json", "html"]
    collect(settings, store)
    first = build_from_store(settings, store, "last", date(2026, 11, 27), tmp_path)
    [story] = first.briefing.stories
    assert story.id == "2026-11-27-story-1" and story.developing_since is None
    items.extend([("Delay", u("/delay")), ("Rail strike", u("/rail"))])
    collect(settings, store)
    second = build_from_store(settings, store, "last", date(2026, 11, 28), tmp_path)
    stories = {s.headline: s for s in second.briefing.stories}
    assert len(stories) == 2
    continued = next(s for s in stories.values() if s.developing_since)
    assert continued.id == "2026-11-27-story-1"
    assert continued.developing_since == date(2026, 11, 27)
    assert continued.developing_from == "2026-11-27/briefing.html"  # what its link opens
    assert (tmp_path / continued.developing_from).is_file()
    fresh = next(s for s in stories.values() if not s.developing_since)
    assert fresh.id.startswith("2026-11-28-story-")
    assert {e.id: e.since for e in store.earlier_stories()}["2026-11-27-story-1"] == \
        date(2026, 11, 27)


def test_build_since_from_the_command_line(tmp_path, capsys, monkeypatch):
    from briefing.cli import main
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "rail.txt").write_text("Drivers to strike\n\n" + "\n\n".join(RAIL))
    (tmp_path / "briefing.toml").write_text(
        '[render]\nformats = ["md"]\n[[sources]]\nkind = "folder"\npath = "inbox"\n')
    assert main(["collect"]) == 0
    assert "1 new article(s)" in capsys.readouterr().out
    assert main(["build", "--since", "24h", "--date", "2026-11-27"]) == 0
    assert (tmp_path / "out" / "2026-11-27" / "briefing.md").exists()
    assert main(["build", "--since", "last"]) == 0
    assert "Nothing new in the store since last" in capsys.readouterr().out
    assert main(["build", "--since", "48h"]) == 0
    assert "Nothing new in the store in the last 48h; no briefing" in capsys.readouterr().out
    for argv, message in ((["build", "inbox", "--since", "last"], "either PATH"),
                          (["build", "--since", "yesterday"], "--since must be 'last'")):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2 and message in capsys.readouterr().err
