"""Fetch web resources politely and within bounds, for the feed and page collectors.

Everything a server sends is untrusted: each download has a size cap (checked against
``Content-Length`` first, then while streaming), a connect/read timeout and a deadline for
the whole body, a redirect limit with loop detection, and only http(s) addresses are
followed. Transient failures (network errors, timeouts, 429 and 5xx answers) are retried
with exponential backoff; a ``Retry-After`` on 429/503 is honoured up to a cap. Failures
raise :class:`FetchError`, whose message says what went wrong in words a log reader can act
on.

Politeness: requests to one host (``host:port``) run one at a time, each starting at least
``fetch.per_host_delay`` seconds (or the site's robots.txt ``Crawl-delay``, if longer) after
the previous one to that host ended; different hosts are fetched at once, at most
``fetch.max_connections`` requests in all (:meth:`Fetcher.in_order`). Page fetches check
the site's robots.txt (RFC 9309, read once per run): a missing one (any 4xx) allows
everything; one that cannot be read (5xx, 429, network error, timeout) disallows the site
for this run, as the RFC asks, so its pages wait for the next collect.
"""
from __future__ import annotations

import copy
import logging
import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import TypeVar
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from . import __version__
from .config import FetchSettings
from .records import as_utc

log = logging.getLogger("briefing.fetch")

DEFAULT_USER_AGENT = f"briefing/{__version__} (+news briefing collector)"
_REDIRECTS = {301, 302, 303, 307, 308}
#: answers worth trying again: the server is busy or briefly broken
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
_RETRY_AFTER_STATUSES = {429, 503}
#: the most of a robots.txt read (RFC 9309 asks crawlers to parse at least 500 KiB)
ROBOTS_MAX_BYTES = 512_000
DISALLOWED = "disallowed by robots.txt"

T = TypeVar("T")
R = TypeVar("R")


class FetchError(Exception):
    """A resource could not be fetched; ``status`` is the HTTP status when there was one.

    ``kind`` and ``bound`` say when one of our own limits stopped it (``too_large``: the
    byte cap; ``timeout``: fetch.timeout; ``too_slow``: fetch.total_timeout) and the value
    in force, so a page given up for it can be tried again once the limit is raised.
    ``transient`` says whether a later try may succeed: by default a network error, a
    timeout, 429 or a 5xx answer.
    """

    def __init__(self, url: str, reason: str, status: int | None = None, *,
                 kind: str | None = None, bound: float | None = None,
                 transient: bool | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.kind = kind
        self.bound = bound
        self.transient = (status is None or status in RETRY_STATUSES) if transient is None \
            else transient


@dataclass
class FetchResponse:
    """A successful (2xx) or not-modified (304) answer, body fully read within the cap."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes = b""
    #: the addresses redirected through, first to last, before ``url``
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def charset(self) -> str | None:
        match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", self.headers.get("content-type", ""),
                          re.I)
        return match.group(1) if match else None


class Fetcher:
    """One HTTP client for a whole collect run, so connections, host delays and robots.txt
    rules are shared. Safe to use from several threads: the httpx client is, and the
    per-host turns and caches are guarded by locks.

    ``sleep`` and ``clock`` are injectable so tests can see the waits without waiting.
    """

    def __init__(self, settings: FetchSettings, *,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()  # guards the dictionaries below
        #: per host: when its last request ended, its turn lock, its delay if robots.txt
        #: asks for a longer one
        self._last_request: dict[str, float] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self._crawl_delay: dict[str, float] = {}
        #: per origin: its robots.txt rules, or the error that kept them from being read
        self._robots: dict[str, RobotFileParser | FetchError] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._check_robots = False
        self._unchecked = self  # robots.txt itself is fetched without asking robots.txt
        self._user_agent = settings.user_agent or DEFAULT_USER_AGENT
        self._client = httpx.Client(
            headers={"User-Agent": self._user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(min(settings.timeout, settings.total_timeout)),
            limits=httpx.Limits(max_connections=settings.max_connections,
                                max_keepalive_connections=settings.max_connections),
            follow_redirects=False, transport=transport)

    def for_pages(self) -> Fetcher:
        """This fetcher (the same client, host turns and caches) for article pages: with
        ``fetch.obey_robots``, every address it is sent to, redirects included, is checked
        against its site's robots.txt first."""
        view = copy.copy(self)
        view._check_robots = self.settings.obey_robots
        return view

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, *, headers: Mapping[str, str] | None = None,
            max_bytes: int | None = None) -> FetchResponse:
        """GET ``url``, following redirects; a 2xx or 304 answer, else :class:`FetchError`."""
        cap = max_bytes or self.settings.max_page_bytes
        visited: list[str] = []
        current = url
        while True:
            _check_scheme(current)
            if self._check_robots:
                self._allow(current)
            status, response_headers, content = self._get_with_retries(current, headers, cap)
            if status in _REDIRECTS:
                location = response_headers.get("location")
                if not location:
                    raise FetchError(url, f"HTTP {status} redirect without a Location", status)
                target = urljoin(current, location.strip())
                visited.append(current)
                if target in visited:
                    raise FetchError(url, f"redirect loop ({' -> '.join(visited + [target])})",
                                     status)
                if len(visited) > self.settings.max_redirects:
                    raise FetchError(url, f"more than {self.settings.max_redirects} redirects "
                                          "(fetch.max_redirects)", status)
                log.debug("%s redirects to %s", current, target)
                current = target
                continue
            if status == 304 or 200 <= status < 300:
                return FetchResponse(current, status, response_headers, content, visited)
            raise FetchError(url, f"HTTP {status}{_reason(status)}", status)

    def _get_with_retries(self, url: str, headers: Mapping[str, str] | None,
                          cap: int) -> tuple[int, httpx.Headers, bytes]:
        tries = self.settings.retries + 1
        for attempt in range(1, tries + 1):
            try:
                with self._host_turn(url):
                    status, response_headers, content = self._get_once(url, headers, cap)
            except httpx.TimeoutException:
                error = FetchError(url, f"timed out (no answer within {self.settings.timeout:g} s,"
                                        " fetch.timeout)", kind="timeout",
                                   bound=self.settings.timeout)
                wait = self._backoff(attempt)
            except httpx.TransportError as exc:
                error = FetchError(url, f"network error: {exc or type(exc).__name__}")
                wait = self._backoff(attempt)
            else:
                if status not in RETRY_STATUSES:
                    return status, response_headers, content
                error = FetchError(url, f"HTTP {status}{_reason(status)}", status)
                wait = self._backoff(attempt)
                if status in _RETRY_AFTER_STATUSES:
                    asked = retry_after_seconds(response_headers.get("retry-after"))
                    if asked is not None:
                        if asked > self.settings.max_wait:
                            raise FetchError(url, f"HTTP {status}; the server asks to retry after "
                                                  f"{asked:g} s, longer than fetch.max_wait "
                                                  f"({self.settings.max_wait:g} s)", status)
                        wait = asked
            if attempt == tries:
                if tries > 1:
                    error.args = (f"{error.args[0]} (gave up after {tries} tries)",)
                raise error
            log.warning("%s; retrying in %.1f s (try %d of %d)", error, wait, attempt + 1, tries)
            self._sleep(wait)
        raise AssertionError("unreachable")

    def _get_once(self, url: str, headers: Mapping[str, str] | None,
                  cap: int) -> tuple[int, httpx.Headers, bytes]:
        deadline = self._clock() + self.settings.total_timeout
        with self._client.stream("GET", url, headers=dict(headers or {})) as response:
            status = response.status_code
            if not 200 <= status < 300:
                return status, response.headers, b""  # error pages are not read
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise FetchError(url, f"{int(declared)} bytes is over the {cap}-byte limit",
                                 status, kind="too_large", bound=cap)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise FetchError(url, f"more than the {cap}-byte limit sent; download stopped",
                                     status, kind="too_large", bound=cap)
                if self._clock() > deadline:
                    raise FetchError(url, f"download took longer than "
                                          f"{self.settings.total_timeout:g} s "
                                          "(fetch.total_timeout)", status, kind="too_slow",
                                     bound=self.settings.total_timeout)
                chunks.append(chunk)
            return status, response.headers, b"".join(chunks)

    def _backoff(self, attempt: int) -> float:
        return min(self.settings.backoff * 2 ** (attempt - 1), self.settings.max_wait)

    def ready_at(self, url: str) -> float:
        """When (on the fetcher's clock) the host of ``url`` may be sent its next request."""
        host = host_of(url)
        with self._lock:
            last = self._last_request.get(host)
            delay = max(self.settings.per_host_delay, self._crawl_delay.get(host, 0.0))
        return -math.inf if last is None else last + delay

    @contextmanager
    def _host_turn(self, url: str) -> Iterator[None]:
        """The host's turn: one request at a time per host, started ``per_host_delay``
        after the last one to it ended."""
        host = host_of(url)
        with self._lock:
            turn = self._host_locks.setdefault(host, threading.Lock())
        with turn:
            wait = self.ready_at(url) - self._clock()
            if wait > 0:
                self._sleep(wait)
            try:
                yield
            finally:
                with self._lock:
                    self._last_request[host] = self._clock()

    def _allow(self, url: str) -> None:
        """Raise :class:`FetchError` unless the site's robots.txt lets us fetch ``url``."""
        rules = self._robots_rules(url)
        if isinstance(rules, FetchError):
            raise FetchError(url, rules.reason, transient=True)
        if not rules.can_fetch(self._user_agent, url):
            raise FetchError(url, DISALLOWED, transient=False)

    def _robots_rules(self, url: str) -> RobotFileParser | FetchError:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            reading = self._robots_locks.setdefault(origin, threading.Lock())
        with reading:  # one read per site, however many threads ask
            with self._lock:
                known = self._robots.get(origin)
            if known is None:
                known = self._read_robots(origin)
                with self._lock:
                    self._robots[origin] = known
            return known

    def _read_robots(self, origin: str) -> RobotFileParser | FetchError:
        address = f"{origin}/robots.txt"
        rules = RobotFileParser(address)
        try:
            response = self._unchecked.get(address, max_bytes=ROBOTS_MAX_BYTES)
        except FetchError as exc:
            if exc.status is None or exc.status >= 500 or exc.status == 429:
                log.warning("%s: %s; the site's pages wait for the next collect (RFC 9309: an "
                            "unreachable robots.txt disallows the site)", address, exc.reason)
                return FetchError(address, f"robots.txt could not be read ({exc.reason})",
                                  exc.status)
            log.info("%s: %s; every page of the site is allowed", address, exc.reason)
            rules.allow_all = True
            return rules
        rules.parse(decode_text(response).splitlines())
        asked = rules.crawl_delay(self._user_agent)
        if asked is not None and float(asked) > self.settings.per_host_delay:
            delay = min(float(asked), self.settings.max_wait)
            log.info("%s asks for %g s between requests; waiting that long", address, delay)
            with self._lock:
                self._crawl_delay[host_of(origin)] = delay
        return rules

    def in_order(self, items: Sequence[T], url_of: Callable[[T], str],
                 work: Callable[[T], R],
                 on_done: Callable[[T], None] | None = None) -> Iterator[tuple[T, Future[R]]]:
        """Run ``work`` on every item in a pool of ``fetch.max_connections`` threads, one
        item per host at a time and each host's items in their order, each started when
        its host's delay allows; yield each item with its finished future, in the items'
        order. ``on_done(item)`` is called (in the caller's thread) as each one finishes.

        Results come back in order so the caller writes them from one thread (store
        sessions are not thread-safe) and the same input gives the same store; a result
        finished early waits in memory for the ones before it. A slow host holds up only
        its own items.
        """
        lanes: dict[str, deque[int]] = {}
        for index, item in enumerate(items):
            lanes.setdefault(host_of(url_of(item)), deque()).append(index)
        running: dict[Future[R], tuple[int, str]] = {}
        busy: set[str] = set()
        finished: dict[int, Future[R]] = {}
        taken = 0
        pool = ThreadPoolExecutor(max_workers=self.settings.max_connections,
                                  thread_name_prefix="briefing-fetch")
        try:
            while taken < len(items):
                now = self._clock()
                wake: float | None = None
                for host, lane in lanes.items():
                    if len(running) >= self.settings.max_connections:
                        break
                    if not lane or host in busy:
                        continue
                    ready = self.ready_at(url_of(items[lane[0]]))
                    if ready > now:
                        wake = ready if wake is None else min(wake, ready)
                        continue
                    index = lane.popleft()
                    running[pool.submit(work, items[index])] = (index, host)
                    busy.add(host)
                timeout = None if wake is None else max(0.0, wake - now)
                if running:
                    done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
                else:  # every free host is waiting out its delay
                    done = set()
                    self._sleep(timeout or 0.0)
                for future in done:
                    index, host = running.pop(future)
                    finished[index] = future
                    busy.discard(host)
                    if on_done is not None:
                        on_done(items[index])
                while taken in finished:
                    yield items[taken], finished.pop(taken)
                    taken += 1
        finally:  # also when the caller stops early (an error, Ctrl-C): start nothing more
            pool.shutdown(wait=False, cancel_futures=True)


def host_of(url: str) -> str:
    """The unit of politeness: ``host:port`` as written in the address, lower-cased."""
    return urlsplit(url).netloc.lower()


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (as_utc(when) - (now or datetime.now(timezone.utc))).total_seconds())


def decode_text(response: FetchResponse) -> str:
    """The body as text: the declared charset (header, then ``<meta>``), else UTF-8, else
    Windows-1252 with a warning, since undeclared non-UTF-8 pages are nearly always it."""
    content = response.content
    declared = response.charset or _meta_charset(content[:4096])
    if declared:
        try:
            return content.decode(declared)
        except LookupError:
            log.warning("%s declares an unknown charset %r; trying UTF-8", response.url, declared)
        except UnicodeDecodeError as exc:
            log.warning("%s is not valid %s as declared (byte %d); trying UTF-8",
                        response.url, declared, exc.start)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        log.warning("%s is not UTF-8 (byte %d) and declares no charset; read as windows-1252",
                    response.url, exc.start)
        return content.decode("cp1252", errors="replace")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)


def _meta_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise FetchError(url, "only http:// and https:// addresses are fetched")


def _reason(status: int) -> str:
    try:
        return f" {HTTPStatus(status).phrase}"
    except ValueError:
        return ""
