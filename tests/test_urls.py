"""Which address a page is cited by: its canonical URL when believable, never a tracker."""
import logging

import pytest

from briefing.page_meta import declared_canonicals, parse_html
from briefing.urls import canonical_url, cited_url, site_of, without_tracking

FETCHED = "https://news.example.co.uk/2026/12/01/harbour?utm_source=rss&utm_medium=feed&id=7"


def test_tracking_parameters_go_and_the_rest_keeps_its_order_and_spelling():
    assert without_tracking(FETCHED) == "https://news.example.co.uk/2026/12/01/harbour?id=7"
    assert without_tracking("https://e.com/a?z=1&fbclid=x&a=2&gclid=y&mc_cid=1&mc_eid=2#p3") \
        == "https://e.com/a?z=1&a=2#p3"
    assert without_tracking("https://e.com/a?b=2&a=1") == "https://e.com/a?b=2&a=1"
    assert without_tracking(None) is None and without_tracking("http://[") == "http://["
    # the store's comparison key drops the same parameters
    assert canonical_url(FETCHED) == canonical_url(without_tracking(FETCHED))


@pytest.mark.parametrize("declared, expected", [
    # relative, resolved against the page; a subdomain of the same site; the fragment goes
    (["/2026/12/01/harbour-wall"], "https://news.example.co.uk/2026/12/01/harbour-wall"),
    (["https://www.example.co.uk/harbour-wall?utm_campaign=x#top"],
     "https://www.example.co.uk/harbour-wall"),
    # the first believable claim wins: a hostile <link> does not hide a good og:url
    (["javascript:alert(1)", "https://example.co.uk/harbour"], "https://example.co.uk/harbour"),
])
def test_a_canonical_on_the_same_site_is_cited(declared, expected):
    assert cited_url(FETCHED, declared) == expected


@pytest.mark.parametrize("claim", [
    "javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://news.example.co.uk/x",
    "https://evil.example.com/harbour",            # another domain
    "https://co.uk/harbour",                       # the public suffix itself
    "https://example.co.uk.evil.test/harbour",     # a look-alike
    "//evil.test/harbour",                         # scheme-relative to another domain
    "https://user:pass@news.example.co.uk/x",      # credentials in a citation
    "https://news.example.co.uk:99999/x",          # no such port
    "https://news.example.co.uk/a b", "x" * 3000, "", None,
])
def test_a_hostile_or_foreign_canonical_falls_back_to_the_fetched_address(claim):
    assert cited_url(FETCHED, [claim]) == "https://news.example.co.uk/2026/12/01/harbour?id=7"


def test_a_claim_to_another_site_is_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="briefing.urls"):
        cited_url(FETCHED, ["https://evil.example.com/harbour"])
    assert "evil.example.com" in caplog.text and "another site" in caplog.text


def test_sites_by_the_public_suffix_list_and_hosts_without_one():
    assert site_of("https://a.b.example.co.uk/x") == "example.co.uk"
    assert site_of("https://x.github.io/") != site_of("https://y.github.io/")
    assert site_of("http://127.0.0.1:8080/a") == site_of("http://127.0.0.1:9090/b") == "127.0.0.1"
    assert site_of("http://localhost/a") == "localhost"
    assert cited_url("http://127.0.0.1:8080/a?utm_source=x", ["http://127.0.0.2/a"]) == \
        "http://127.0.0.1:8080/a"


def test_declared_canonicals_come_from_link_then_og_url():
    tree = parse_html('<html><head><meta property="og:url" content="https://e.com/og">'
                      '<link rel="Canonical" href="https://e.com/link">'
                      '<link rel="alternate" href="https://e.com/amp"></head><body></body></html>')
    assert declared_canonicals(tree) == ["https://e.com/link", "https://e.com/og"]
    assert declared_canonicals(None) == []


def test_a_files_address_loses_its_tracking_parameters_too(tmp_path):
    import json

    from briefing.config import Settings
    from briefing.pipeline import load_articles

    (tmp_path / "dam.json").write_text(json.dumps({
        "title": "Dam opens", "url": "https://x.test/dam?utm_source=newsletter&page=2",
        "text": " ".join(["The new dam on the river opened on Monday after four years."] * 12)}),
        encoding="utf-8")
    [article] = load_articles([tmp_path], Settings())
    assert article.url == "https://x.test/dam?page=2"
