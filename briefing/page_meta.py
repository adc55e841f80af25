"""What a web page says about itself: its canonical address and when it was published.

Read from the page's markup with lxml (never with regular expressions): ``<link
rel=canonical>`` and ``og:url`` for the address; ``article:published_time`` (or a
``datePublished`` meta) and JSON-LD ``datePublished`` for the time, else htmldate's
search of the whole page (``extensive_search``, original date, with the time of day).
Pages are hostile: JSON-LD blocks are read with the standard library's json within size
and count limits and ignored when malformed; htmldate is handed the parsed tree, never a
string (a string that looks like a URL would make it download that URL).
"""
from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from .records import Published
from .times import first_time, parse_time

log = logging.getLogger("briefing.page_meta")

#: JSON-LD blocks read per page, and characters read per block
MAX_JSON_LD_BLOCKS = 20
MAX_JSON_LD_CHARS = 200_000
#: JSON values looked at per block while searching it for datePublished
MAX_JSON_LD_NODES = 5_000
#: htmldate's format: the time of day and the offset when the page gives them
HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"

_PUBLISHED_META = ("article:published_time", "og:article:published_time", "datepublished",
                   "dc.date.issued", "dcterms.issued")
_ARTICLE_TYPES = ("article", "posting", "report")


def parse_html(html: str):
    """The page's lxml tree, or None when lxml makes nothing of it."""
    import lxml.html
    from lxml import etree

    if not html or not html.strip():
        return None
    try:
        return lxml.html.fromstring(html)
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        try:  # "Unicode strings with encoding declaration are not supported"
            return lxml.html.fromstring(html.encode("utf-8", "replace"))
        except (etree.ParserError, ValueError, etree.XMLSyntaxError):
            return None


def declared_canonicals(tree) -> list[str]:
    """The addresses the page gives for itself, most trusted first: ``<link
    rel=canonical href>``, then ``<meta property=og:url content>`` (unchecked: see
    :func:`briefing.urls.cited_url`)."""
    if tree is None:
        return []
    found = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href"):
            found.append(link.get("href"))
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").strip().lower() == "og:url" \
                and meta.get("content"):
            found.append(meta.get("content"))
    return found


def page_published(tree, url: str | None = None) -> Published | None:
    """When the page says it was published: its ``article:published_time`` meta, its
    JSON-LD ``datePublished``, else htmldate's extensive search; the first that gives a
    time of day (a date alone when none does)."""
    if tree is None:
        return None
    return first_time([lambda: meta_published(tree), lambda: json_ld_published(tree),
                       lambda: htmldate_published(tree, url)])


def meta_published(tree) -> Published | None:
    """The first readable ``article:published_time`` (or like) meta of the page."""
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "")
        if key.strip().lower() in _PUBLISHED_META:
            found = parse_time(meta.get("content"))
            if found is not None:
                return found
    return None


def json_ld_published(tree) -> Published | None:
    """``datePublished`` of the page's JSON-LD: an Article-like node's first, else any
    node's. Oversized, malformed or deeply nested blocks are skipped."""
    anywhere = None
    blocks = 0
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        blocks += 1
        if blocks > MAX_JSON_LD_BLOCKS:
            break
        text = script.text or ""
        if len(text) > MAX_JSON_LD_CHARS:
            log.debug("JSON-LD block of %d characters skipped", len(text))
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        for node in _nodes(data):
            when = parse_time(node.get("datePublished"))
            if when is None:
                continue
            if _is_article(node):
                return when
            anywhere = anywhere or when
    return anywhere


def _nodes(data: Any) -> Iterator[dict]:
    """Every JSON object in ``data``, breadth first, at most MAX_JSON_LD_NODES values."""
    queue, seen = deque([data]), 0
    while queue and seen < MAX_JSON_LD_NODES:
        value = queue.popleft()
        seen += 1
        if isinstance(value, dict):
            yield value
            queue.extend(value.values())
        elif isinstance(value, list):
            queue.extend(value)


def _is_article(node: dict) -> bool:
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and any(t in k.lower() for t in _ARTICLE_TYPES)
               for k in kinds)


def htmldate_published(tree, url: str | None = None) -> Published | None:
    """htmldate's original date of the page, with the time of day when it finds one (its
    bare ``T00:00:00`` without an offset means it found a date alone)."""
    from htmldate import find_date

    try:
        found = find_date(tree, url=url, original_date=True, extensive_search=True,
                          outputformat=HTMLDATE_FORMAT)
    except Exception as exc:  # htmldate parses hostile markup too
        log.debug("%s: htmldate failed: %s", url, exc)
        return None
    if not found:
        return None
    when = parse_time(found)
    if isinstance(when, datetime) and found.endswith("T00:00:00"):
        return when.date()
    return when
