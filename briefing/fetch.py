"""Fetch web resources politely and within bounds, for the feed and page collectors.

Everything a server sends is untrusted: each download has a size cap (checked against
``Content-Length`` first, then while streaming), a connect/read timeout and a deadline for
the whole body, a redirect limit with loop detection, and only http(s) addresses are
followed. Transient failures (network errors, timeouts, 429 and 5xx answers) are retried
with exponential backoff; a ``Retry-After`` on 429/503 is honoured up to a cap. Requests
to one host are spaced by a minimum delay. Failures raise :class:`FetchError`, whose
message says what went wrong in words a log reader can act on.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

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


class FetchError(Exception):
    """A resource could not be fetched; ``status`` is the HTTP status when there was one.

    ``kind`` and ``bound`` say when one of our own limits stopped it (``too_large``: the
    byte cap; ``timeout``: fetch.timeout; ``too_slow``: fetch.total_timeout) and the value
    in force, so a page given up for it can be tried again once the limit is raised.
    """

    def __init__(self, url: str, reason: str, status: int | None = None, *,
                 kind: str | None = None, bound: float | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.kind = kind
        self.bound = bound


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
    """One HTTP client for a whole collect run, so connections and host delays are shared.

    ``sleep`` and ``clock`` are injectable so tests can see the waits without waiting.
    """

    def __init__(self, settings: FetchSettings, *,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self._sleep = sleep
        self._clock = clock
        self._last_request: dict[str, float] = {}
        self._client = httpx.Client(
            headers={"User-Agent": settings.user_agent or DEFAULT_USER_AGENT,
                     "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(settings.timeout), follow_redirects=False,
            transport=transport)

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
            self._wait_for_host(url)
            try:
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

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last_request.get(host)
        if last is not None:
            wait = self.settings.per_host_delay - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()


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
