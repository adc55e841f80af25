"""OPML subscription lists in and out: ``briefing sources import`` and ``export``.

Every feed reader (Miniflux, FreshRSS, NewsBlur, Feedly, newsboat) reads and writes
OPML, so a reader's feeds move here, and back, in one file. An OPML file is untrusted:

- it is read only up to ``limits.max_file_bytes`` and parsed by defusedxml, which refuses
  DTD entities and external references (no "billion laughs", no local file read);
- only http(s) feed addresses are taken; anything else is named and left out (a site
  address, ``htmlUrl``, likewise: the feed is kept without it);
- titles and folder names are made safe and one line (:mod:`safe_text`) and bounded.

Folders (outlines holding outlines) become source groups, nested ones joined by "/"
(``News/Local``); a feed outside any folder takes the first of its OPML 2.0
``category`` paths instead. Export writes OPML 2.0 with ElementTree, which escapes every
attribute, each group as a folder outline.
"""
from __future__ import annotations

import logging
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

from .config import MAX_GROUP_CHARS, SourceSettings
from .safe_text import display_text
from .urls import MAX_URL_CHARS, canonical_url

log = logging.getLogger("briefing.opml")

#: longest feed title kept as a source name
MAX_TITLE_CHARS = 200
#: folders nested deeper than this are counted as the deepest one kept
MAX_GROUP_DEPTH = 8


class OpmlError(ValueError):
    """An OPML file cannot be read; the message names the file and says why."""


@dataclass
class OpmlFeed:
    """One feed of an OPML file."""

    url: str
    title: str = ""
    group: str = ""
    #: the site's own address (``htmlUrl``), when the file gives a usable one
    site: str = ""


@dataclass
class OpmlList:
    """What an OPML file holds: its feeds, and the outlines left out with the reason."""

    feeds: list[OpmlFeed] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)


def read_opml(path: Path, max_bytes: int) -> OpmlList:
    """The feeds of the OPML file at ``path``; :class:`OpmlError` when it is not one."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise OpmlError(f"cannot read {path}: {exc.strerror}") from exc
    if len(data) > max_bytes:
        raise OpmlError(f"{path}: larger than limits.max_file_bytes ({max_bytes} bytes); "
                        "not read")
    return parse_opml(data, str(path))


def parse_opml(data: bytes, name: str) -> OpmlList:
    """The feeds of an OPML document; ``name`` says which file it is in messages."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data)
    except DefusedXmlException as exc:
        raise OpmlError(f"{name}: refused: the file declares XML entities or external "
                        f"references ({type(exc).__name__}), which OPML never needs") from exc
    except ElementTree.ParseError as exc:
        raise OpmlError(f"{name}: not a well-formed OPML file ({exc})") from exc
    if _local(root.tag) != "opml":
        raise OpmlError(f"{name}: not an OPML file (its root element is "
                        f"<{display_text(_local(root.tag))[:40]}>, not <opml>)")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError(f"{name}: not an OPML file (no <body> element)")
    found = OpmlList()
    seen: set[str] = set()
    #: (the children still to read, the folders they are in); no recursion, since a
    #: hostile file may nest outlines thousands deep
    stack: list[tuple[Iterator[ElementTree.Element], list[str]]] = [(iter(body), [])]
    while stack:
        children, groups = stack[-1]
        outline = next(children, None)
        if outline is None:
            stack.pop()
            continue
        if _local(outline.tag) != "outline":
            continue
        attributes = {key.lower(): value for key, value in outline.attrib.items()}
        title = _one_line(attributes.get("text") or attributes.get("title"), MAX_TITLE_CHARS)
        feed_url = (attributes.get("xmlurl") or "").strip()
        if not feed_url:  # a folder, or a link or note that is no feed
            if len(groups) < MAX_GROUP_DEPTH and title:
                stack.append((iter(outline), groups + [title]))
            else:
                stack.append((iter(outline), groups))
            continue
        problem = _url_problem(feed_url)
        if problem:
            found.rejected.append((title or _one_line(feed_url, 80), problem))
            continue
        key = canonical_url(feed_url)
        if key in seen:
            continue
        seen.add(key)
        group = "/".join(groups) or _category(attributes.get("category"))
        site = (attributes.get("htmlurl") or "").strip()
        if site and (problem := _url_problem(site, "site")):
            log.warning("%s: %s: its site address (htmlUrl) is left out: %s", name,
                        title or _one_line(feed_url, 80), problem)
            site = ""
        found.feeds.append(OpmlFeed(feed_url, "" if title == feed_url else title,
                                    _group(group), site))
    return found


def _local(tag: object) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _one_line(text: str | None, limit: int) -> str:
    return " ".join(display_text(text).split())[:limit].strip()


def _group(path: str) -> str:
    """A group name that SourceSettings accepts: safe parts joined by '/', bounded."""
    parts = [_one_line(part, MAX_GROUP_CHARS) for part in path.split("/")]
    return "/".join(part for part in parts if part)[:MAX_GROUP_CHARS].strip("/ ")


def _category(value: str | None) -> str:
    """The first of an outline's OPML 2.0 categories ("/News/Local,/Weather")."""
    if not value:
        return ""
    return value.split(",", 1)[0].strip().strip("/")


def _url_problem(url: str, what: str = "feed") -> str | None:
    """Why ``url`` is no usable http(s) address of a ``what`` (feed, site), or None."""
    if len(url) > MAX_URL_CHARS:
        return f"{what} address longer than {MAX_URL_CHARS} characters"
    if any(c.isspace() or not c.isprintable() for c in url):
        return f"{what} address holds spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises for a port that is not a number
    except ValueError as exc:
        return f"not a {what} address ({exc})"
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return f"only http:// and https:// {what}s are read, not {_one_line(url, 80)!r}"
    return None


def new_sources(opml: OpmlList,
                existing: list[SourceSettings]) -> tuple[list[SourceSettings], list[OpmlFeed]]:
    """The feeds of ``opml`` as sources to add, and those already configured (the same
    address, compared canonically). A name another source has is made distinct with the
    feed's host, so logs and ``briefing retry --source`` tell them apart."""
    configured = {canonical_url(s.url) for s in existing if s.url}
    names = {s.label for s in existing}
    added: list[SourceSettings] = []
    present: list[OpmlFeed] = []
    for feed in opml.feeds:
        if canonical_url(feed.url) in configured:
            present.append(feed)
            continue
        configured.add(canonical_url(feed.url))
        name = _distinct(feed.title, feed.url, names)
        names.add(name or feed.url)
        added.append(SourceSettings(kind="feed", name=name, url=feed.url, group=feed.group,
                                    site_url=feed.site))
    return added, present


def _distinct(name: str, url: str, taken: set[str]) -> str:
    if not name or name not in taken:
        return name
    candidate = f"{name} ({urlsplit(url).hostname or 'feed'})"
    number = 2
    while candidate in taken:
        candidate = f"{name} ({urlsplit(url).hostname or 'feed'}) {number}"
        number += 1
    return candidate


def write_opml(sources: list[SourceSettings], title: str = "briefing sources") -> bytes:
    """OPML 2.0 of the feed sources (pages and folders are not feeds), each group a
    folder outline holding its feeds in the order they are configured."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = display_text(title)
    ElementTree.SubElement(head, "dateCreated").text = formatdate(usegmt=True)
    body = ElementTree.SubElement(root, "body")
    folders: dict[tuple[str, ...], ElementTree.Element] = {(): body}
    for source in sources:
        if source.kind != "feed":
            continue
        path: tuple[str, ...] = ()
        for part in (p for p in source.group.split("/") if p):
            parent, path = folders[path], path + (part,)
            if path not in folders:
                folders[path] = ElementTree.SubElement(parent, "outline",
                                                       text=display_text(part))
        name = display_text(source.name) or source.url
        site = {"htmlUrl": display_text(source.site_url)} if source.site_url else {}
        ElementTree.SubElement(folders[path], "outline", type="rss", text=name, title=name,
                               xmlUrl=display_text(source.url), **site)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
