"""Feed and web-page sources: what is new in an RSS/Atom feed, and the article behind a link.

Feeds are polled with a conditional GET (the ETag and Last-Modified of the last poll), so
an unchanged feed costs one 304 and nothing is parsed. feedparser reads RSS 0.9x/1.0/2.0
and Atom from bytes we fetched ourselves (it never fetches). A feed that is not
well-formed XML (a title's bare ``&``) is read as feed readers read it, its entries that
can be read kept with a warning; one that yields none is an error. A feed answering 410 Gone is
reported as gone so the collector stops polling it. Article pages are extracted with
trafilatura (main text, title, author, site name); the feed entry's own fields fill what
the page lacks.

The publication time is, in this order of trust, the feed entry's (its raw string, read
with its UTC offset: feedparser's ``*_parsed`` fields drop the offset), the page's
``article:published_time`` or JSON-LD ``datePublished``, else htmldate's
(:mod:`briefing.page_meta`). The address kept is the page's canonical URL when it is on
the fetched page's site, else the fetched one, without tracking parameters
(:func:`briefing.urls.cited_url`).
"""
from __future__ import annotations

import calendar
import io
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from .collect import binary_kind, extractor_logs_naming, too_many_elements
from .config import LimitSettings
from .fetch import Fetcher, FetchError, decode_text
from .page_ads import without_ads
from .page_meta import (declared_canonicals, page_headings, page_published, page_title,
                        parse_html, title_and_site)
from .records import Published
from .times import first_time, parse_time
from .titles import best_title, is_standfirst
from .urls import cited_url, host_name

log = logging.getLogger("briefing.feeds")


class ExtractionError(Exception):
    """A page was fetched but holds no article text, or is not read: ``kind`` and
    ``bound`` say when one of our own limits stopped it (``too_many_tags``:
    limits.max_html_elements) and the value in force, as for a :class:`FetchError`."""

    def __init__(self, message: str, *, kind: str | None = None,
                 bound: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.bound = bound


@dataclass
class FeedEntry:
    """One item of a feed: where the article is, and what the feed says about it."""

    url: str
    title: str | None = None
    published: Published | None = None
    author: str | None = None


@dataclass
class FeedPoll:
    """The outcome of one poll; ``etag``/``last_modified`` are what to send next time."""

    status: Literal["updated", "not_modified", "gone", "error"]
    entries: list[FeedEntry] = field(default_factory=list)
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    warning: str | None = None  # an updated feed read in part: what was wrong with it


@dataclass
class PageArticle:
    """The article extracted from one web page; ``text`` is paragraphs split by blank
    lines, ``url`` the address to cite (canonical, without tracking parameters)."""

    url: str
    text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: Published | None = None


def poll_feed(fetcher: Fetcher, url: str, etag: str | None = None,
              last_modified: str | None = None) -> FeedPoll:
    """Fetch and parse one feed; never raises for a bad feed, it reports it."""
    headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                         "text/xml;q=0.8, */*;q=0.1"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        response = fetcher.get(url, headers=headers, max_bytes=fetcher.settings.max_feed_bytes)
    except FetchError as exc:
        if exc.status == 410:
            return FeedPoll("gone", error=str(exc))
        return FeedPoll("error", error=str(exc), etag=etag, last_modified=last_modified)
    if response.not_modified:
        return FeedPoll("not_modified", etag=etag, last_modified=last_modified)
    try:
        parsed = feedparser_parse(response.content, response.url,
                                  response.headers.get("content-type"))
    except Exception as exc:  # feedparser reads hostile bytes; nothing of it may stop a run
        return FeedPoll("error", error=f"{url}: cannot parse the feed ({exc})",
                        etag=etag, last_modified=last_modified)
    new_etag = response.headers.get("etag")
    new_modified = response.headers.get("last-modified")
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    entries = []
    readable = parsed.get("entries", []) if parsed.get("version") else []
    for raw in readable[:fetcher.settings.max_entries]:
        entry = _entry(raw, response.url)
        if entry is not None:
            entries.append(entry)
    warning = None
    if problem is not None and not _harmless(problem):
        if not entries:
            return FeedPoll("error", error=f"{url}: not a well-formed RSS or Atom feed ({problem})",
                            etag=etag, last_modified=last_modified)
        # As feed readers do: one stray "&" must not cost the feed its other items, and
        # each entry read is checked as any other (a link, http(s), a page to fetch).
        warning = (f"{url}: not a well-formed RSS or Atom feed ({problem}); "
                   f"read the {len(entries)} entries that could be read")
    if not parsed.get("version"):
        return FeedPoll("error", error=f"{url}: not an RSS or Atom feed",
                        etag=etag, last_modified=last_modified)
    if problem is not None and warning is None:
        log.warning("%s: %s", url, problem)
    title = _text(parsed.get("feed", {}).get("title"))
    return FeedPoll("updated", entries=entries, title=title, etag=new_etag,
                    last_modified=new_modified, warning=warning)


def feedparser_parse(content: bytes, url: str, content_type: str | None) -> Any:
    """feedparser on bytes already fetched: wrapped in a stream so it never opens a URL
    or a file named by untrusted input."""
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    return feedparser.parse(io.BytesIO(content), response_headers=headers,
                            sanitize_html=True, resolve_relative_uris=True)


def _harmless(problem: Exception) -> bool:
    """Problems feedparser reads through correctly: a wrong charset label or MIME type."""
    from feedparser import CharacterEncodingOverride, NonXMLContentType

    return isinstance(problem, (CharacterEncodingOverride, NonXMLContentType))


def _entry(raw: Any, feed_url: str) -> FeedEntry | None:
    link = raw.get("link") or next(
        (lk.get("href") for lk in raw.get("links", []) if lk.get("rel") == "alternate"), None)
    if not link:
        guid = raw.get("id", "")
        link = guid if guid.startswith(("http://", "https://")) else None
    if not link:
        log.warning("%s: entry %r has no link; skipped", feed_url, _text(raw.get("title")))
        return None
    url = urljoin(feed_url, link.strip())
    if urlsplit(url).scheme not in ("http", "https"):
        log.warning("%s: entry link %r is not http(s); skipped", feed_url, link)
        return None
    return FeedEntry(url=url, title=_text(raw.get("title")), published=_entry_time(raw),
                     author=_text(raw.get("author")))


def _entry_time(raw: Any) -> Published | None:
    """The entry's publication (else update) time with the offset the feed wrote, read
    from its raw string; feedparser's UTC struct when the string is beyond us."""
    for key in ("published", "updated"):
        found = parse_time(raw.get(key))
        if found is not None:
            return found
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    try:
        return datetime.fromtimestamp(calendar.timegm(stamp), timezone.utc) if stamp else None
    except (TypeError, ValueError, OverflowError):
        return None


def fetch_article(fetcher: Fetcher, url: str, hint: FeedEntry | None = None,
                  limits: LimitSettings | None = None) -> PageArticle:
    """Fetch and extract the article at ``url``; the feed entry fills what the page lacks,
    and its title beats the page's when that is no title or runs past a headline's length
    (:func:`briefing.titles.best_title`). A page over ``limits.max_html_elements`` (the
    default limits' when none are given) is not parsed, as a file over it is not read
    (:func:`briefing.collect.too_many_elements`).

    Raises :class:`FetchError` or :class:`ExtractionError`.
    """
    limits = limits if limits is not None else LimitSettings()
    response = fetcher.get(url, headers={"Accept": "text/html,application/xhtml+xml;q=0.9,"
                                                   "*/*;q=0.1"})
    ctype = response.headers.get("content-type", "").lower()
    if ctype and not any(t in ctype for t in ("html", "xml", "text/plain")):
        raise ExtractionError(f"{url}: not a web page (Content-Type {ctype})")
    what = binary_kind(response.content)
    if what:  # an image or archive served as a page: say so, not "no article text"
        raise ExtractionError(f"{url}: not a web page ({what}, served as "
                              f"{ctype.split(';')[0] or 'no Content-Type'})")
    too_many = too_many_elements(response.content, limits)
    if too_many:
        raise ExtractionError(f"{url}: {too_many}", kind="too_many_tags",
                              bound=limits.max_html_elements)
    with extractor_logs_naming(url):
        article = extract_page(decode_text(response), response.url,
                               hint.published if hint is not None else None)
    if article is None:
        raise ExtractionError(f"{url}: no article text found on the page")
    if hint is not None:
        article.title = best_title([article.title, hint.title])
        article.author = article.author or hint.author
    return article


def extract_page(html: str, url: str, listed: Published | None = None) -> PageArticle | None:
    """Main text (its ads left out: :func:`briefing.page_ads.without_ads`) and metadata
    of the page fetched from ``url``; None when it holds no article text. ``listed`` is
    the time the feed gave, trusted before the page's."""
    from trafilatura import bare_extraction

    tree = parse_html(html)
    try:
        extracted = bare_extraction(without_ads(html, tree), url=url, with_metadata=True,
                                    include_comments=False, include_tables=False)
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup
        raise ExtractionError(f"{url}: cannot extract text ({exc})") from exc
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or not text.strip():
        return None
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    heading = _text(getattr(extracted, "title", None))
    site = _site_name(getattr(extracted, "sitename", None), url)
    title, publisher = title_and_site(heading, site, _text(page_title(tree)),
                                      [t for t in map(_text, page_headings(tree)) if t])
    first = _text(paragraphs[0]) if len(paragraphs) > 1 else None
    if first is not None and first in (heading, title) and not is_standfirst(first):
        # the page's <h1>: the title is kept apart; a standfirst in its place is text,
        # whichever title the page or its feed entry gives (:func:`briefing.titles.best_title`)
        paragraphs = paragraphs[1:]
    cited = cited_url(url, declared_canonicals(tree))
    published = first_time([lambda: listed, lambda: page_published(tree, url)])
    return PageArticle(url=cited, text="\n\n".join(paragraphs), title=title,
                       author=_text(getattr(extracted, "author", None)),
                       publisher=publisher, published=published)


def _site_name(sitename: Any, url: str) -> str | None:
    """The name the page gives its site; None when trafilatura could only offer the
    address's host (then the source's configured name is the better outlet)."""
    name = _text(sitename)
    if name is None or name.lower().removeprefix("www.") in (
            host_name(url), urlsplit(url).netloc.lower().removeprefix("www.")):
        return None
    return name


def _text(value: Any) -> str | None:
    value = " ".join(value.split()) if isinstance(value, str) else None
    return value or None
