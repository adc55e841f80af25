"""The concurrent, polite collector against real loopback servers: per-host order and
spacing, overlap across hosts, the connection cap, deadlines and robots.txt.

Each "host" is its own server on a port of 127.0.0.1 (politeness is per host:port). The
servers log when each request arrived and left, so the assertions read the servers' side,
never a wall-clock total.
"""
import threading
import time
from dataclasses import dataclass

import pytest
from pytest_httpserver import HTTPServer
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug import Response

from briefing.collector import collect
from briefing.config import FetchSettings, Settings, SourceSettings
from briefing.store import Store
from briefing.store.core import EntryRow

from .dbfixtures import store_url  # noqa: F401  (fixture)
from .webfixtures import FLOOD, HARBOUR, RAIL, article_html, rss

STORIES = [HARBOUR, RAIL, FLOOD]


@dataclass
class Hit:
    host: int
    path: str
    arrived: float
    left: float


class Sites:
    """``count`` loopback servers, each with a feed at /rss listing ``pages`` articles; every
    request is logged with its arrival and end, and the peak of requests in flight kept."""

    def __init__(self, count: int, pages: int, work: float = 0.0) -> None:
        self.hits: list[Hit] = []
        self.in_flight = 0
        self.peak = 0
        self._lock = threading.Lock()
        self.work = work
        self.responders: dict[tuple[int, str], object] = {}
        self.servers = [HTTPServer(host="127.0.0.1", threaded=True) for _ in range(count)]
        for number, server in enumerate(self.servers):
            server.start()
            links = [(f"Story {number}-{i}", server.url_for(f"/news/{i}")) for i in range(pages)]
            self.serve(number, "/rss", lambda links=links: Response(rss(links),
                                                                     content_type="text/xml"))
            for i in range(pages):
                self.serve(number, f"/news/{i}", self._page(number, i))

    def _page(self, number: int, i: int):
        paragraphs = STORIES[(number + i) % 3] + [f"This is report {i} of desk {number}."]
        return lambda: Response(article_html(f"Story {number}-{i}", paragraphs),
                                content_type="text/html")

    def serve(self, number: int, path: str, respond) -> None:
        """Answer ``path`` on host ``number`` with ``respond()`` (a later call replaces it)."""
        key = (number, path)
        first = key not in self.responders
        self.responders[key] = respond
        if not first:
            return

        def handler(_request):
            with self._lock:
                arrived = time.monotonic()
                self.in_flight += 1
                self.peak = max(self.peak, self.in_flight)
            try:
                time.sleep(self.work)
                return self.responders[key]()
            finally:
                with self._lock:
                    self.in_flight -= 1
                    self.hits.append(Hit(number, path, arrived, time.monotonic()))
        self.servers[number].expect_request(path).respond_with_handler(handler)

    def settings(self, **fetch) -> Settings:
        settings = Settings()
        settings.sources = [SourceSettings(kind="feed", url=s.url_for("/rss"), name=f"Desk {n}")
                            for n, s in enumerate(self.servers)]
        settings.fetch = FetchSettings(**{**dict(timeout=2.0, total_timeout=10.0, retries=0,
                                                 backoff=0.0, per_host_delay=0.0), **fetch})
        return settings

    def of(self, number: int) -> list[Hit]:
        return sorted((h for h in self.hits if h.host == number), key=lambda h: h.arrived)

    def stop(self) -> None:
        for server in self.servers:
            server.clear()
            if server.is_running():
                server.stop()


@pytest.fixture
def sites():
    made = []

    def make(count, pages, work=0.0):
        made.append(Sites(count, pages, work))
        return made[-1]
    yield make
    for site in made:
        site.stop()


@pytest.fixture
def store(store_url):  # noqa: F811
    with Store(store_url) as s:
        yield s


def entries(store) -> dict[str, EntryRow]:
    with Session(store.engine) as session:
        rows = session.scalars(select(EntryRow)).all()
        session.expunge_all()
    return {row.canonical_url: row for row in rows}


def test_four_hosts_of_ten_pages_run_at_once_each_host_in_order_and_spaced(sites, store):
    site = sites(4, 10, work=0.05)
    settings = site.settings(per_host_delay=0.5, obey_robots=False)
    report = collect(settings, store)
    assert report.feeds_updated == 4 and report.pages_failed == 0
    assert report.new_articles + report.extra_sources == 40
    for number in range(4):
        hits = site.of(number)
        assert [h.path for h in hits] == ["/rss"] + [f"/news/{i}" for i in range(10)]
        gaps = [b.arrived - a.left for a, b in zip(hits, hits[1:])]
        assert min(gaps) >= 0.5, (number, gaps)  # one at a time, the delay after each
    # the hosts overlap: every host had started before any host had finished
    first = max(site.of(n)[0].arrived for n in range(4))
    last = min(site.of(n)[-1].arrived for n in range(4))
    assert first < last
    assert site.peak >= 2


def test_the_connection_cap_holds_over_all_hosts(sites, store):
    site = sites(6, 3, work=0.2)
    report = collect(site.settings(max_connections=2, obey_robots=False), store)
    assert report.pages_failed == 0 and len(site.hits) == 6 * 4
    assert site.peak == 2  # never more than the cap, and the cap was used


def test_max_connections_1_is_one_request_at_a_time(sites, store):
    site = sites(3, 2, work=0.05)
    collect(site.settings(max_connections=1, obey_robots=False), store)
    hits = sorted(site.hits, key=lambda h: h.arrived)
    assert site.peak == 1 and len(hits) == 3 * 3
    assert all(a.left <= b.arrived for a, b in zip(hits, hits[1:]))


def test_a_hanging_page_is_abandoned_at_its_deadline_and_the_others_complete(sites, store,
                                                                             caplog):
    site = sites(3, 3)
    release = threading.Event()

    def hang():
        release.wait(30)
        return Response("too late")
    site.serve(0, "/news/0", hang)  # replaces the page: the first on host 0 never answers
    try:
        report = collect(site.settings(timeout=0.5, total_timeout=5.0, obey_robots=False),
                         store)
    finally:
        release.set()
    assert report.pages_failed == 1 and report.new_articles + report.extra_sources == 8
    rows = entries(store)
    hung = rows[site.servers[0].url_for("/news/0")]
    assert hung.status == "pending" and hung.attempts == 1  # tried again next collect
    assert "timed out" in hung.last_error and "fetch.timeout" in hung.last_error
    assert sum(row.status == "done" for row in rows.values()) == 8
    # host 0's other pages waited their turn behind it, then were read
    assert [h.path for h in site.of(0)][-2:] == ["/news/1", "/news/2"]
    assert "/news/0: timed out" in caplog.text


def test_a_slow_drip_is_cut_at_the_total_deadline(sites, store):
    site = sites(1, 1)

    def drip():
        def body():
            yield article_html("Drip", HARBOUR)[:200].encode()
            for _ in range(40):
                time.sleep(0.1)
                yield b" "
        return Response(body(), content_type="text/html")
    site.serve(0, "/news/0", drip)
    report = collect(site.settings(timeout=1.0, total_timeout=1.0, obey_robots=False), store)
    assert report.pages_failed == 1
    [row] = [r for r in entries(store).values()]
    assert "longer than 1 s (fetch.total_timeout)" in row.last_error


def test_robots_txt_disallow_is_respected_and_read_once(sites, store):
    site = sites(2, 0)
    ruled = site.servers[0]
    # our own group wins over the catch-all one, which would shut everything
    site.serve(0, "/robots.txt", lambda: Response(
        "User-agent: *\nDisallow: /\n\nUser-agent: briefing\nDisallow: /private/\n",
        content_type="text/plain"))
    links = [("Open", ruled.url_for("/news/0")), ("Closed", ruled.url_for("/private/1")),
             ("Open too", ruled.url_for("/news/2"))]
    site.serve(0, "/rss", lambda: Response(rss(links), content_type="text/xml"))
    for path in ("/news/0", "/private/1", "/news/2"):
        site.serve(0, path, site._page(0, int(path[-1])))
    # host 1 has no robots.txt (404): everything is allowed
    site.serve(1, "/robots.txt", lambda: Response("not here", status=404))
    site.serve(1, "/rss", lambda: Response(rss([("One", site.servers[1].url_for("/news/5"))]),
                                           content_type="text/xml"))
    site.serve(1, "/news/5", site._page(1, 5))

    report = collect(site.settings(), store)
    assert report.pages_failed == 1 and report.new_articles + report.extra_sources == 3
    assert [h.path for h in site.of(0)] == ["/rss", "/robots.txt", "/news/0", "/news/2"]
    assert [h.path for h in site.of(1)] == ["/rss", "/robots.txt", "/news/5"]
    row = entries(store)[ruled.url_for("/private/1")]
    assert row.status == "failed" and row.last_error.endswith(": disallowed by robots.txt")


def test_an_unreadable_robots_txt_keeps_the_site_for_the_next_collect(sites, store, caplog):
    site = sites(1, 2)
    site.serve(0, "/robots.txt", lambda: Response("down", status=503))
    report = collect(site.settings(), store)
    assert report.pages_failed == 2
    assert [h.path for h in site.of(0)] == ["/rss", "/robots.txt"]  # read once, no page
    rows = entries(store).values()
    assert all(r.status == "pending" and "robots.txt could not be read (HTTP 503" in r.last_error
               for r in rows)
    assert caplog.text.count("unreachable robots.txt disallows the site") == 1


def test_progress_on_a_terminal_is_a_bar_per_phase_with_the_host(sites, store, monkeypatch):
    import io

    from rich.console import Console

    from briefing import cli
    site = sites(2, 2)
    screen = io.StringIO()
    monkeypatch.setattr(cli, "_console", Console(file=screen, force_terminal=True, width=120))
    with cli._progress(True) as progress:
        collect(site.settings(obey_robots=False), store, progress)
    shown = screen.getvalue()
    assert "sources" in shown and "2/2" in shown and "Desk 1" in shown
    assert "pages" in shown and "4/4" in shown
    assert any(f"127.0.0.1:{s.port}" in shown for s in site.servers)


def test_progress_without_a_terminal_is_timestamped_log_lines(sites, tmp_path):
    import os
    import re
    import subprocess
    import sys

    from .conftest import REPO
    site = sites(2, 2)
    config = tmp_path / "briefing.toml"
    config.write_text(f"""
[store]
data_dir = "{tmp_path / 'data'}"
[fetch]
per_host_delay = 0
obey_robots = false
""" + "".join(f"""
[[sources]]
kind = "feed"
name = "Desk {n}"
url = "{s.url_for('/rss')}"
""" for n, s in enumerate(site.servers)), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "briefing", "collect", "--config", str(config)],
                          env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d briefing: INFO: "
    assert re.search(rf"^{stamp}sources 2/2: Desk 1$", done.stderr, re.M), done.stderr
    pages = re.findall(rf"^{stamp}pages (\d)/4: 127\.0\.0\.1:(\d+)$", done.stderr, re.M)
    assert [done for done, _ in pages] == ["1", "2", "3", "4"]
    assert {int(port) for _, port in pages} == {s.port for s in site.servers}
