"""Publication times: which source wins, what a source's string means, hostile pages."""
import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from briefing.page_meta import (MAX_JSON_LD_CHARS, htmldate_published, json_ld_published,
                                meta_published, page_published, parse_html)
from briefing.records import as_utc
from briefing.times import first_time, in_zone, latest_of, parse_time

PLUS_ONE = timezone(timedelta(hours=1))


@pytest.mark.parametrize("text, expected", [
    ("2026-12-01T14:49:20+01:00", datetime(2026, 12, 1, 14, 49, 20, tzinfo=PLUS_ONE)),
    ("2026-12-01T14:49:20Z", datetime(2026, 12, 1, 14, 49, 20, tzinfo=timezone.utc)),
    ("2026-12-01T14:49:20+0100", datetime(2026, 12, 1, 14, 49, 20, tzinfo=PLUS_ONE)),
    ("Tue, 01 Dec 2026 14:49:20 +0100", datetime(2026, 12, 1, 14, 49, 20, tzinfo=PLUS_ONE)),
    ("Tue, 01 Dec 2026 14:49:20 GMT", datetime(2026, 12, 1, 14, 49, 20, tzinfo=timezone.utc)),
    # no offset given: UTC, as everywhere in the briefing
    ("2026-12-01 14:49", datetime(2026, 12, 1, 14, 49, tzinfo=timezone.utc)),
    ("1 December 2026, 14:49", datetime(2026, 12, 1, 14, 49, tzinfo=timezone.utc)),
    # a date alone stays a date
    ("2026-12-01", date(2026, 12, 1)),
    ("1 December 2026", date(2026, 12, 1)),
])
def test_a_source_string_keeps_its_offset_or_stays_a_date(text, expected):
    found = parse_time(text)
    assert found == expected and type(found) is type(expected)
    if isinstance(expected, datetime):
        assert found.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", ["", "soon", "last Tuesday", "December 2026", "0001-01-01",
                                  "9999-12-31T23:59:59-01:00", "2026-13-45", "x" * 500, None, 7])
def test_unreadable_incomplete_or_absurd_times_are_none(text):
    assert parse_time(text) is None


def test_the_first_time_of_day_wins_and_a_date_alone_is_kept_over_another_day():
    feed = datetime(2026, 12, 1, 14, 49, 20, tzinfo=PLUS_ONE)
    page = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    asked = []

    def source(value):
        return lambda: asked.append(value) or value

    assert first_time([source(feed), source(page)]) == feed
    assert asked == [feed]  # the page is not even asked once the feed gave a time
    # a date alone is completed by a later source's time on that day ...
    assert first_time([source(date(2026, 12, 1)), source(page)]) == page
    # ... but not by a time on another day, and never replaced by another date
    assert first_time([source(date(2026, 11, 30)), source(page)]) == date(2026, 11, 30)
    assert first_time([source(None), source(date(2026, 11, 30)),
                       source(date(2026, 11, 1))]) == date(2026, 11, 30)
    assert first_time([source(None)]) is None


def test_shown_in_the_readers_zone_and_compared_as_instants():
    feed = datetime(2026, 7, 1, 14, 49, 20, tzinfo=PLUS_ONE)
    dublin = in_zone(feed, ZoneInfo("Europe/Dublin"))
    assert (dublin.hour, dublin.minute, dublin.tzname()) == (14, 49, "IST")
    assert in_zone(date(2026, 7, 1), ZoneInfo("Pacific/Auckland")) == date(2026, 7, 1)
    assert as_utc(date(2026, 7, 1)) == datetime(2026, 7, 1, tzinfo=timezone.utc)
    assert as_utc(feed) == datetime(2026, 7, 1, 13, 49, 20, tzinfo=timezone.utc)


def page(head: str = "", body: str = "<p>Text of the article.</p>") -> str:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


def ld(data) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


META = '<meta property="article:published_time" content="2026-12-01T14:49:20+01:00">'
LD = ld({"@type": "NewsArticle", "datePublished": "2026-12-01T10:00:00+00:00"})


def test_page_time_precedence_meta_then_json_ld_then_htmldate():
    assert page_published(parse_html(page(META + LD))) == \
        datetime(2026, 12, 1, 14, 49, 20, tzinfo=PLUS_ONE)
    assert page_published(parse_html(page(LD))) == \
        datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
    # a meta with a date alone is completed by JSON-LD's time on that day
    dated = '<meta property="article:published_time" content="2026-12-01">'
    assert page_published(parse_html(page(dated + LD))) == \
        datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
    # neither: htmldate finds the <time> element, time of day and offset included
    body = '<time datetime="2026-11-30T08:05:00+01:00">30 Nov</time><p>Text.</p>'
    assert page_published(parse_html(page(body=body))) == \
        datetime(2026, 11, 30, 8, 5, tzinfo=PLUS_ONE)
    # htmldate finding a date alone says so
    assert htmldate_published(parse_html(page(body="<p>Published 3 November 2026</p>"))) == \
        date(2026, 11, 3)


def test_json_ld_prefers_the_article_node_and_reads_graphs():
    graph = ld({"@graph": [{"@type": "WebPage", "datePublished": "2020-01-01T00:00:00Z"},
                           {"@type": ["NewsArticle"], "datePublished": "2026-12-01T09:00:00Z"}]})
    assert json_ld_published(parse_html(page(graph))) == \
        datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    web_page = ld({"@type": "WebPage", "datePublished": "2026-12-01T08:00:00Z"})
    assert json_ld_published(parse_html(page(web_page))) == \
        datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("head", [
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": </script>',
    '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>",
    ld({"@type": "NewsArticle", "datePublished": "2026-12-01T09:00:00Z",
        "padding": "x" * MAX_JSON_LD_CHARS}),
    ld({"@type": "NewsArticle", "datePublished": {"not": "a string"}}),
    ld({"@type": "NewsArticle", "datePublished": "yesterday"}),
    '<meta property="article:published_time" content="a while ago">',
])
def test_hostile_metadata_is_ignored(head):
    tree = parse_html(page(head))
    assert meta_published(tree) is None and json_ld_published(tree) is None


def test_pages_lxml_makes_nothing_of_have_no_time():
    assert parse_html("") is None and page_published(None) is None
    assert page_published(parse_html("<?xml version='1.0' encoding='utf-8'?><p>x</p>")) is None


def test_htmldate_is_never_handed_a_string_it_could_download(monkeypatch):
    import htmldate.utils

    downloads = []
    monkeypatch.setattr(htmldate.utils, "fetch_url", lambda *args, **_: downloads.append(args))
    address = "http://203.0.113.9/article"  # a "page" that is nothing but an address
    page_published(parse_html(address), address)
    assert downloads == []


FOOTER = "<footer><p>© 2026 Harbour Herald. All rights reserved.</p></footer>"
STORY = ("<p>Contractors started work on the harbour wall in Port Ellis, council officials "
         "said, after weeks of delays caused by the autumn gales.</p>")


def dated_page(dated: str = "", head: str = "", footer: str = FOOTER) -> str:
    return (f"<html><head><title>Harbour wall repairs begin</title>{head}</head><body>"
            f"<article><h1>Harbour wall repairs begin</h1>{dated}{STORY}</article>{footer}"
            "</body></html>")


@pytest.mark.parametrize("html", [
    dated_page(),  # htmldate's extensive search gives 2026-01-01 for the footer
    dated_page(footer="<footer><p>© 2026 Harbour Herald. Page 1 of 1</p></footer>"),
    dated_page("<p>The 2026 budget set money aside for it.</p>", footer=""),
])
def test_a_page_giving_no_date_has_none_not_january_1_of_a_bare_year(html):
    assert page_published(parse_html(html)) is None


@pytest.mark.parametrize("html, url, expected", [
    (dated_page(head='<meta property="article:published_time" content="2026-03-12">'), None,
     date(2026, 3, 12)),
    (dated_page('<p>By Ann Lee, <time datetime="2026-03-12">12 March 2026</time></p>'), None,
     date(2026, 3, 12)),
    (dated_page("<div>Posted on March 12, 2026 by Ann Lee</div>"), None, date(2026, 3, 12)),
    (dated_page(), "https://herald.example/2026/03/12/harbour-wall.html", date(2026, 3, 12)),
    # a real January 1, however the page gives it, is kept
    (dated_page('<time datetime="2026-01-01">1 Jan</time>'), None, date(2026, 1, 1)),
    (dated_page("<p>Published 1 January 2026</p>"), None, date(2026, 1, 1)),
    (dated_page("<p>PORT ELLIS, Thursday 1 January 2026 - Work began.</p>"), None,
     date(2026, 1, 1)),
    (dated_page("<div>Posted Jan. 1, 2026 by Ann Lee</div>"), None, date(2026, 1, 1)),
    (dated_page(), "https://herald.example/2026/01/01/harbour-wall.html", date(2026, 1, 1)),
])
def test_a_date_the_page_gives_is_found_beside_a_copyright_year(html, url, expected):
    assert page_published(parse_html(html), url) == expected


def test_the_latest_of_times_that_span_days():
    monday = datetime(2026, 11, 30, 9, tzinfo=timezone.utc)
    tuesday = datetime(2026, 12, 1, 8, tzinfo=PLUS_ONE)
    wednesday = datetime(2026, 12, 2, 6, tzinfo=timezone.utc)
    assert latest_of([monday, None, wednesday, tuesday]) == {2, 3}  # 23 h before Wednesday's
    assert latest_of([monday, monday + timedelta(hours=20)]) == set()  # one day: none new
    assert latest_of([None, wednesday]) == set() and latest_of([]) == set()
    assert latest_of([date(2026, 11, 28), date(2026, 12, 1)]) == {1}
