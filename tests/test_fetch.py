"""The HTTP client against a real server on loopback: retries, caps, redirects, charsets."""
import logging
import time

import pytest
from werkzeug import Response

from briefing.config import FetchSettings
from briefing.fetch import DEFAULT_USER_AGENT, Fetcher, FetchError, decode_text, \
    retry_after_seconds


def settings(**overrides) -> FetchSettings:
    values = dict(timeout=2.0, total_timeout=10.0, retries=1, backoff=0.0, per_host_delay=0.0)
    values.update(overrides)
    return FetchSettings(**values)


class FakeTime:
    """A clock that moves only when the fetcher sleeps, so waits are seen, not waited."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_user_agent_names_the_tool(httpserver):
    seen = []
    httpserver.expect_request("/").respond_with_handler(
        lambda r: (seen.append(r.headers.get("User-Agent")), Response("ok"))[1])
    with Fetcher(settings()) as f:
        assert f.get(httpserver.url_for("/")).content == b"ok"
    assert seen == [DEFAULT_USER_AGENT] and seen[0].startswith("briefing/")


def test_500_then_success_is_retried_after_a_backoff(httpserver, caplog):
    httpserver.expect_ordered_request("/flaky").respond_with_data("down", status=500)
    httpserver.expect_ordered_request("/flaky").respond_with_data("up")
    fake = FakeTime()
    with Fetcher(settings(backoff=3.0), sleep=fake.sleep, clock=fake.clock) as f:
        assert f.get(httpserver.url_for("/flaky")).content == b"up"
    assert fake.sleeps == [3.0]
    assert "HTTP 500" in caplog.text and "retrying" in caplog.text


def test_retry_after_on_503_and_429_is_honoured(httpserver):
    httpserver.expect_ordered_request("/busy").respond_with_data(
        "busy", status=503, headers={"Retry-After": "7"})
    httpserver.expect_ordered_request("/busy").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "4"})
    httpserver.expect_ordered_request("/busy").respond_with_data("fine")
    fake = FakeTime()
    with Fetcher(settings(retries=2, backoff=1.0), sleep=fake.sleep, clock=fake.clock) as f:
        assert f.get(httpserver.url_for("/busy")).content == b"fine"
    assert fake.sleeps == [7.0, 4.0]


def test_a_retry_after_longer_than_the_cap_gives_up_at_once(httpserver):
    httpserver.expect_request("/later").respond_with_data(
        "", status=503, headers={"Retry-After": "86400"})
    fake = FakeTime()
    with Fetcher(settings(max_wait=60), sleep=fake.sleep, clock=fake.clock) as f, \
            pytest.raises(FetchError, match="retry after 86400 s.*fetch.max_wait") as err:
        f.get(httpserver.url_for("/later"))
    assert err.value.status == 503 and fake.sleeps == []


def test_retry_after_as_an_http_date():
    from datetime import datetime, timezone
    now = datetime(2026, 11, 27, 7, 0, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("Fri, 27 Nov 2026 07:01:30 GMT", now) == 90.0
    assert retry_after_seconds("soon", now) is None


def test_404_is_not_retried(httpserver):
    httpserver.expect_oneshot_request("/gone").respond_with_data("no", status=404)
    with Fetcher(settings(retries=3)) as f, pytest.raises(FetchError, match="HTTP 404 Not Found"):
        f.get(httpserver.url_for("/gone"))
    httpserver.check_assertions()  # exactly one request was made


def test_timeout_is_retried_then_reported(httpserver):
    def slow(_request):
        time.sleep(1.0)
        return Response("late")
    httpserver.expect_request("/slow").respond_with_handler(slow)
    with Fetcher(settings(timeout=0.2, retries=1)) as f, \
            pytest.raises(FetchError, match=r"timed out.*gave up after 2 tries"):
        f.get(httpserver.url_for("/slow"))


def test_redirects_are_followed_and_loops_stopped(httpserver):
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data("here")
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with Fetcher(settings()) as f:
        response = f.get(httpserver.url_for("/old"))
        assert response.content == b"here" and response.url.endswith("/new")
        with pytest.raises(FetchError, match="redirect loop"):
            f.get(httpserver.url_for("/a"))


def test_redirect_chains_longer_than_the_limit_stop(httpserver):
    for i in range(5):
        httpserver.expect_request(f"/r{i}").respond_with_data(
            "", status=302, headers={"Location": f"/r{i + 1}"})
    with Fetcher(settings(max_redirects=3)) as f, \
            pytest.raises(FetchError, match="more than 3 redirects"):
        f.get(httpserver.url_for("/r0"))


def test_redirect_to_another_scheme_is_refused(httpserver):
    httpserver.expect_request("/x").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"})
    with Fetcher(settings()) as f, pytest.raises(FetchError, match="only http"):
        f.get(httpserver.url_for("/x"))


def test_a_20_mb_page_is_refused_by_its_length(httpserver):
    httpserver.expect_request("/huge").respond_with_data(b"x" * 20_000_000)
    with Fetcher(settings()) as f, pytest.raises(FetchError, match="20000000 bytes is over"):
        f.get(httpserver.url_for("/huge"))


def test_a_20_mb_page_without_a_length_is_cut_while_streaming(httpserver):
    def chunks():
        for _ in range(20):
            yield b"y" * 1_000_000
    httpserver.expect_request("/stream").respond_with_handler(lambda r: Response(chunks()))
    with Fetcher(settings()) as f, pytest.raises(FetchError, match="download stopped"):
        f.get(httpserver.url_for("/stream"))


def test_requests_to_one_host_are_spaced(httpserver):
    httpserver.expect_request("/p").respond_with_data("ok")
    fake = FakeTime()
    with Fetcher(settings(per_host_delay=5.0), sleep=fake.sleep, clock=fake.clock) as f:
        f.get(httpserver.url_for("/p"))
        fake.now += 2.0
        f.get(httpserver.url_for("/p"))
    assert fake.sleeps == [3.0]


def test_charsets_header_meta_and_undeclared(httpserver, caplog):
    latin = "Café Müller".encode("latin-1")
    httpserver.expect_request("/h").respond_with_data(
        latin, headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    httpserver.expect_request("/m").respond_with_data(
        b'<meta charset="iso-8859-1"><p>' + latin, content_type="text/html")
    httpserver.expect_request("/u").respond_with_data(b"<p>" + latin, content_type="text/html")
    with Fetcher(settings()) as f:
        assert decode_text(f.get(httpserver.url_for("/h"))) == "Café Müller"
        assert decode_text(f.get(httpserver.url_for("/m"))).endswith("Café Müller")
        with caplog.at_level(logging.WARNING):
            assert decode_text(f.get(httpserver.url_for("/u"))) == "<p>Café Müller"
    assert "is not UTF-8" in caplog.text


def test_a_longer_crawl_delay_in_robots_txt_spaces_the_pages(httpserver):
    httpserver.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nCrawl-delay: 3\nDisallow: /private\n")
    httpserver.expect_request("/p").respond_with_data("ok")
    fake = FakeTime()
    with Fetcher(settings(per_host_delay=1.0), sleep=fake.sleep, clock=fake.clock) as f:
        pages = f.for_pages()
        pages.get(httpserver.url_for("/p"))
        pages.get(httpserver.url_for("/p"))
        with pytest.raises(FetchError, match="disallowed by robots.txt") as err:
            pages.get(httpserver.url_for("/private"))
    assert err.value.transient is False
    # the site's 3 s (not our 1 s) after robots.txt and after the first page
    assert fake.sleeps == [3.0, 3.0]
    assert [r.path for r, _ in httpserver.log] == ["/robots.txt", "/p", "/p"]
