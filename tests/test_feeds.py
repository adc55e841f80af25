"""Feeds and article pages served from a real HTTP server on loopback."""
import logging
from datetime import date

import pytest
from werkzeug import Response

from briefing.config import FetchSettings
from briefing.feeds import ExtractionError, fetch_article, poll_feed
from briefing.fetch import Fetcher, FetchError

from .webfixtures import HARBOUR, RAIL, article_html, atom, rss


@pytest.fixture
def fetcher():
    with Fetcher(FetchSettings(timeout=2.0, retries=0, backoff=0.0, per_host_delay=0.0)) as f:
        yield f


def test_rss_entries_with_absolute_links_and_dates(httpserver, fetcher):
    httpserver.expect_request("/rss").respond_with_data(
        rss([("Harbour wall to be rebuilt", "/news/harbour"),
             ("Rail strike", httpserver.url_for("/news/rail"))]),
        content_type="application/rss+xml", headers={"ETag": '"r1"'})
    poll = poll_feed(fetcher, httpserver.url_for("/rss"))
    assert poll.status == "updated" and poll.etag == '"r1"' and poll.title == "Harbour Times"
    assert [e.url for e in poll.entries] == [httpserver.url_for("/news/harbour"),
                                             httpserver.url_for("/news/rail")]
    assert poll.entries[0].title == "Harbour wall to be rebuilt"
    assert poll.entries[0].published.isoformat() == "2026-11-27T07:00:00+00:00"


def test_atom_entries(httpserver, fetcher):
    httpserver.expect_request("/atom").respond_with_data(
        atom([("Floods in the north-west", httpserver.url_for("/news/flood"))]),
        content_type="application/atom+xml",
        headers={"Last-Modified": "Fri, 27 Nov 2026 07:00:00 GMT"})
    poll = poll_feed(fetcher, httpserver.url_for("/atom"))
    assert poll.status == "updated" and poll.last_modified == "Fri, 27 Nov 2026 07:00:00 GMT"
    assert [(e.url, e.author) for e in poll.entries] == [(httpserver.url_for("/news/flood"),
                                                          "Desk")]


def test_rss_1_0_rdf(httpserver, fetcher):
    httpserver.expect_request("/rdf").respond_with_data("""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://x.test/"><title>RDF news</title><link>http://x.test/</link></channel>
<item rdf:about="http://x.test/a"><title>A</title><link>http://x.test/a</link></item>
</rdf:RDF>""", content_type="application/rdf+xml")
    poll = poll_feed(fetcher, httpserver.url_for("/rdf"))
    assert poll.status == "updated" and [e.url for e in poll.entries] == ["http://x.test/a"]


def test_conditional_get_sends_validators_and_reads_304(httpserver, fetcher):
    def handler(request):
        if request.headers.get("If-None-Match") == '"v1"' and \
                request.headers.get("If-Modified-Since") == "Fri, 27 Nov 2026 07:00:00 GMT":
            return Response(status=304)
        return Response("unexpected", status=400)
    httpserver.expect_request("/rss").respond_with_handler(handler)
    poll = poll_feed(fetcher, httpserver.url_for("/rss"), '"v1"', "Fri, 27 Nov 2026 07:00:00 GMT")
    assert poll.status == "not_modified" and poll.entries == [] and poll.etag == '"v1"'


def test_410_means_gone(httpserver, fetcher):
    httpserver.expect_request("/old").respond_with_data("", status=410)
    poll = poll_feed(fetcher, httpserver.url_for("/old"))
    assert poll.status == "gone" and "410" in poll.error


@pytest.mark.parametrize("body, reason", [
    ('<?xml version="1.0"?><rss version="2.0"><channel><item><title>Cut</ti', "well-formed"),
    ("<html><body><p>Not a feed at all</p></body></html>", "not an RSS or Atom feed"),
])
def test_malformed_and_non_feeds_are_errors(httpserver, fetcher, body, reason):
    httpserver.expect_request("/bad").respond_with_data(body, content_type="application/xml")
    poll = poll_feed(fetcher, httpserver.url_for("/bad"))
    assert poll.status == "error" and reason in poll.error and poll.entries == []


def broken_rss(good_link: str, broken_link: str) -> str:
    """An RSS feed whose last item's title holds a bare ``&``: not well-formed XML."""
    return rss([("Council approves flood barrier", good_link)]).replace(
        "</channel>", f"<item><title>Unclosed <i>markup & stray ampersand</title>"
                      f"<link>{broken_link}</link></item>\n</channel>")


def test_a_feed_with_a_bare_ampersand_keeps_the_entries_that_can_be_read(httpserver, fetcher):
    httpserver.expect_request("/rss").respond_with_data(
        broken_rss(httpserver.url_for("/news/barrier"), httpserver.url_for("/news/amp")),
        content_type="application/rss+xml")
    poll = poll_feed(fetcher, httpserver.url_for("/rss"))
    assert poll.status == "updated" and poll.error is None
    assert [e.url for e in poll.entries] == [httpserver.url_for("/news/barrier"),
                                             httpserver.url_for("/news/amp")]
    assert poll.entries[0].title == "Council approves flood barrier"
    assert poll.warning == (f"{httpserver.url_for('/rss')}: not a well-formed RSS or Atom feed "
                            f"(<unknown>:5:33: not well-formed (invalid token)); "
                            f"read the 2 entries that could be read")


def test_article_page_is_extracted_without_furniture(httpserver, fetcher):
    httpserver.expect_request("/news/harbour").respond_with_data(
        article_html("Harbour wall to be rebuilt", HARBOUR), content_type="text/html")
    page = fetch_article(fetcher, httpserver.url_for("/news/harbour"))
    assert page.title == "Harbour wall to be rebuilt" and page.publisher == "Harbour Times"
    assert page.text.split("\n\n") == HARBOUR
    # the page's article:published_time gives a date alone: it stays a date
    assert "newsletter" not in page.text and page.published == date(2026, 11, 27)


def test_a_fetched_pages_inline_ad_is_no_article_text(httpserver, fetcher):
    ad = ('<div id="div-gpt-ad-17" class="inline-ad"><span>Advertisement</span>'
          "<p>Quayside Motors: new hatchbacks from £99 a month. Visit today.</p></div>")
    page = article_html("Harbour wall to be rebuilt", HARBOUR)
    page = page.replace("</p>\n<p>", f"</p>{ad}<p>", 1)
    httpserver.expect_request("/news/harbour").respond_with_data(page, content_type="text/html")
    text = fetch_article(fetcher, httpserver.url_for("/news/harbour")).text
    assert text.split("\n\n") == HARBOUR


def test_a_fetched_page_keeps_its_whole_title_and_names_the_outlet_its_title_ends_with(
        httpserver, fetcher):
    """No og:site_name: the outlet is the <title>'s end, and trafilatura's cut of the
    title at its last dash ("Storms") does not shorten the headline."""
    html = (article_html("Storms - what we know", HARBOUR)
            .replace('<meta property="og:site_name" content="Harbour Times">', "")
            .replace('<meta property="og:title" content="Storms - what we know">', "")
            .replace("<h1>Storms - what we know</h1>", ""))
    httpserver.expect_request("/news/storms").respond_with_data(html, content_type="text/html")
    page = fetch_article(fetcher, httpserver.url_for("/news/storms"))
    assert (page.title, page.publisher) == ("Storms - what we know", "Harbour Times")


def test_feed_entry_fills_what_the_page_lacks(httpserver, fetcher):
    from datetime import datetime, timezone
    from briefing.feeds import FeedEntry
    httpserver.expect_request("/r").respond_with_data(
        article_html("", RAIL, date=None).replace("<title> | Harbour Times</title>", "")
        .replace('<meta property="og:title" content="">', ""), content_type="text/html")
    hint = FeedEntry(httpserver.url_for("/r"), "Rail strike on Friday",
                     datetime(2026, 11, 26, tzinfo=timezone.utc), "Desk")
    page = fetch_article(fetcher, httpserver.url_for("/r"), hint)
    assert page.author == "Desk" and page.published == hint.published
    assert page.text.split("\n\n")[0] == RAIL[0]


def test_a_fetched_pages_title_opening_with_a_wire_dateline_is_shown_without_it(
        httpserver, fetcher):
    html = article_html("CARROW (HGZ) \u2014 Police say the harbour wall will be rebuilt", HARBOUR)
    httpserver.expect_request("/news/wall").respond_with_data(html, content_type="text/html")
    page = fetch_article(fetcher, httpserver.url_for("/news/wall"))
    assert page.title == "Police say the harbour wall will be rebuilt"
    assert page.text.split("\n\n") == HARBOUR


def test_a_standfirst_in_the_pages_headline_place_gives_way_to_the_feeds_title(
        httpserver, fetcher):
    """The page's every title is its 26-word standfirst: the feed entry's title is the
    headline, and the standfirst stays the text's first paragraph."""
    from datetime import datetime, timezone
    from briefing.feeds import FeedEntry
    standfirst = ("Train drivers will strike for 24 hours next Friday after talks on pay broke "
                  "down late on Wednesday night, leaving commuters with no other way to work")
    httpserver.expect_request("/r").respond_with_data(article_html(standfirst, RAIL),
                                                      content_type="text/html")
    hint = FeedEntry(httpserver.url_for("/r"), "share tweet pin email",
                     datetime(2026, 11, 26, tzinfo=timezone.utc), "Desk")
    page = fetch_article(fetcher, httpserver.url_for("/r"), hint)
    assert page.title == standfirst  # a share row from the feed is no title either
    hint.title = "Train drivers to strike on Friday"
    page = fetch_article(fetcher, httpserver.url_for("/r"), hint)
    assert page.title == "Train drivers to strike on Friday"
    assert page.text.split("\n\n") == [standfirst, *RAIL]


def test_non_utf8_page_is_read_correctly(httpserver, fetcher, caplog):
    paragraphs = [p.replace("council", "Conseil café") for p in HARBOUR]
    html = article_html("Harbour", paragraphs, charset=None).encode("cp1252")
    httpserver.expect_request("/latin").respond_with_data(html, content_type="text/html")
    page = fetch_article(fetcher, httpserver.url_for("/latin"))
    assert "café" in paragraphs[0] and page.text.split("\n\n") == paragraphs
    assert "is not UTF-8" in caplog.text


def test_pages_without_text_and_non_pages_are_refused(httpserver, fetcher):
    httpserver.expect_request("/empty").respond_with_data("<html><body></body></html>",
                                                          content_type="text/html")
    httpserver.expect_request("/pdf").respond_with_data(b"%PDF-1.4", content_type="application/pdf")
    httpserver.expect_request("/404").respond_with_data("", status=404)
    with pytest.raises(ExtractionError, match="no article text"):
        fetch_article(fetcher, httpserver.url_for("/empty"))
    with pytest.raises(ExtractionError, match="not a web page"):
        fetch_article(fetcher, httpserver.url_for("/pdf"))
    with pytest.raises(FetchError, match="404") as err:
        fetch_article(fetcher, httpserver.url_for("/404"))
    assert err.value.status == 404


def test_an_image_served_as_a_page_is_refused_once_naming_what_it_is(httpserver, fetcher,
                                                                     caplog):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    httpserver.expect_request("/story").respond_with_data(png, content_type="text/html")
    with pytest.raises(ExtractionError,
                       match=r"/story: not a web page \(PNG image, served as text/html\)$"):
        fetch_article(fetcher, httpserver.url_for("/story"))
    # not read as windows-1252 text and handed to trafilatura, which logs its own errors
    assert "UTF-8" not in caplog.text and "trafilatura" not in caplog.text


def test_the_extractors_complaints_about_a_page_name_the_page(httpserver, fetcher, caplog):
    caplog.set_level(logging.DEBUG)
    httpserver.expect_request("/blank").respond_with_data("   ", content_type="text/html")
    with pytest.raises(ExtractionError, match="no article text"):
        fetch_article(fetcher, httpserver.url_for("/blank"))
    lines = [r.getMessage() for r in caplog.records if "trafilatura" in r.getMessage()]
    assert lines and all(m.startswith(httpserver.url_for("/blank") + ": trafilatura: ")
                         for m in lines)


def test_a_page_over_the_element_limit_is_refused_before_it_is_parsed(httpserver, fetcher,
                                                                      caplog):
    """The default limits apply when a caller gives none: 60,000 elements are not parsed."""
    from briefing.config import LimitSettings

    page = article_html("Harbour wall to be rebuilt", HARBOUR).replace(
        "</article>", "</article>" + "<i>.</i>" * 60_000)
    httpserver.expect_request("/big").respond_with_data(page, content_type="text/html")
    with pytest.raises(ExtractionError, match=r"/big: \d+ HTML elements is over the "
                       r"50000-element limit \(limits\.max_html_elements\)$") as err:
        fetch_article(fetcher, httpserver.url_for("/big"))
    assert (err.value.kind, err.value.bound) == ("too_many_tags", 50_000)
    assert "trafilatura" not in caplog.text
    with pytest.raises(ExtractionError, match=r"over the 1000-element limit"):
        fetch_article(fetcher, httpserver.url_for("/big"),
                      limits=LimitSettings(max_html_elements=1_000))
