"""What a web page says about itself: its canonical address, when it was published, and
the outlet its title names.

Read from the page's markup with lxml (never with regular expressions): ``<link
rel=canonical>`` and ``og:url`` for the address; ``article:published_time`` (or a
``datePublished`` meta) and JSON-LD ``datePublished`` for the time, else htmldate's
search of the whole page (``extensive_search``, original date, with the time of day).
That search falls back on a bare year, a footer's "© 2026" or any "2026" in the page, as
January 1 of it: such a January 1 is kept only when htmldate's fast mode (which never
guesses from a year) finds it too or the page's text writes that day out; otherwise the
page has no date.
A title often ends with the outlet ("Bridge to close | Harbour Gazette"): that end is taken
for the outlet only when it is short and shaped like a name or a web address
(:func:`split_title`), never a headline's own clause ("Storms - what we know"). A title
that is no headline (share buttons, a date, a caption, a page's name such as "Home"), a
standfirst, or only the outlet's name gives way to the page's other titles
(:func:`title_and_site`, :mod:`briefing.titles`).
Pages are hostile: JSON-LD blocks are read with the standard library's json within size
and count limits and ignored when malformed; htmldate is handed the parsed tree, never a
string (a string that looks like a URL would make it download that URL).
"""
from __future__ import annotations

import json
import logging
import re
from collections import deque
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from .records import Published
from .titles import PAGE_NAME, best_title
from .times import first_time, parse_time

log = logging.getLogger("briefing.page_meta")

#: JSON-LD blocks read per page, and characters read per block
MAX_JSON_LD_BLOCKS = 20
MAX_JSON_LD_CHARS = 200_000
#: JSON values looked at per block while searching it for datePublished
MAX_JSON_LD_NODES = 5_000
#: htmldate's format: the time of day and the offset when the page gives them
HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
#: words read before and after a year in the page's text to see whether it ends or
#: starts a written-out date ("Thursday, 1 January 2026", "2026-01-01 09:00")
DATE_WORDS_BEFORE, DATE_WORDS_AFTER = 3, 2
#: words of the page's text searched for a written-out January 1
MAX_DATE_TEXT_WORDS = 50_000

_PUBLISHED_META = ("article:published_time", "og:article:published_time", "datepublished",
                   "dc.date.issued", "dcterms.issued")
_ARTICLE_TYPES = ("article", "posting", "report")

#: the spaced bar or dash between a title's headline and the outlet it ends with
_TITLE_SEPARATOR = re.compile(r"\s+[|\u2013\u2014-]\s+")
#: a web address standing for the outlet ("thejournal.ie", "www.bbc.co.uk")
_SITE_ADDRESS = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$")
#: characters an outlet's name may hold besides letters and digits ("Al-Jazeera", "O'Neill")
_OUTLET_MARKS = frozenset("'\u2019&.-")
#: lower-case words an outlet's name may hold after its first ("Voice of America")
_OUTLET_JOINERS = frozenset({"of", "the", "and", "for", "on", "in", "at", "&"})
#: words that open a headline's own clause or label it, never an outlet's name:
#: "Storms - What We Know", "Bridge To Close - Live Updates"
_NOT_OUTLET_WORDS = frozenset({
    "what", "what's", "how", "why", "who", "when", "where", "which", "we", "you", "i", "it",
    "he", "she", "they", "this", "here", "here's", "there", "live", "latest", "update",
    "updates", "explained", "analysis", "opinion", "video", "videos", "photos", "pictures",
    "watch", "review", "interview", "podcast", "breaking", "exclusive", "recap",
    "highlights", "transcript", "timeline", "updated", "published", "posted", "share",
    "follow", "email", "print", "facebook", "twitter", "instagram", "youtube", "whatsapp",
    "linkedin", "tiktok", "reddit", "pinterest", "telegram"})
#: a sentence ending inside a line ("... to be counted. Here's how"): a caption or a
#: paragraph, not a headline
_SENTENCE_INSIDE = re.compile(r"\b[a-z]\w{3,}[.!?][\"'\u201d\u2019]?\s+[A-Z]")
#: most words an outlet named at the end of a title runs to
TITLE_OUTLET_WORDS = 5
#: ``<h1>`` elements read as a page's other headlines
MAX_HEADINGS = 3


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


def page_title(tree) -> str | None:
    """The text of the page's ``<title>``, its whitespace collapsed; None without one."""
    if tree is None:
        return None
    element = tree.find(".//head//title")
    text = " ".join(element.text_content().split()) if element is not None else ""
    return text or None


def split_title(title: str) -> tuple[str, str | None]:
    """A title's headline and the outlet its end names ("Bridge to close | Harbour
    Gazette" -> "Bridge to close", "Harbour Gazette"), else the title and None.

    The end, after the last spaced bar or dash, is an outlet only when it is a web
    address or a short name (at most TITLE_OUTLET_WORDS capitalised words, "of" and the
    like between them, a letter among them) that no question word, pronoun or label
    ("Live", "Opinion") or social network ("Facebook | Twitter") belongs to; the headline
    before it must hold a letter and no sentence's end. An end that is a page's name in
    a site (:data:`briefing.titles.PAGE_NAME`) is no outlet: after a name it is the
    title, the other way round ("Carrow Courier - Home" -> "Home", "Carrow Courier"),
    else the headline's label ("Flood warnings - News" -> "Flood warnings", None).
    """
    separators = list(_TITLE_SEPARATOR.finditer(title))
    if not separators:
        return title, None
    last = separators[-1]
    headline, end = title[:last.start()].strip(), title[last.end():].strip()
    if PAGE_NAME.match(end) and any(c.isalpha() for c in headline):
        return (end, headline) if _outlet_shaped(headline) else (headline, None)
    if not any(c.isalpha() for c in headline) or _SENTENCE_INSIDE.search(headline) or (
            not _outlet_shaped(end)):
        return title, None
    return headline, end


def _outlet_shaped(name: str) -> bool:
    words = name.split()
    if len(words) == 1 and _SITE_ADDRESS.match(name):
        return True
    if not words or len(words) > TITLE_OUTLET_WORDS or not _outlet_word(words[0]) or not any(
            c.isalpha() for c in name):
        return False
    if any(w.lower() in _NOT_OUTLET_WORDS for w in words):
        return False
    return all(_outlet_word(w) or w in _OUTLET_JOINERS for w in words[1:])


def _outlet_word(word: str) -> bool:
    """A capitalised word of a name ("Gazette", "BBC", "Éireann", "9News")."""
    return (word[0].isupper() or word[0].isdigit()) and all(
        c.isalnum() or c in _OUTLET_MARKS for c in word)


def _is_site_address(name: str | None) -> bool:
    """Whether an outlet's name is only a web address ("harbourgazette.example"), as a
    publisher is named when nothing better does."""
    return bool(name) and " " not in name.strip() and bool(_SITE_ADDRESS.match(
        name.strip().removeprefix("www.")))


def titled_outlet(title: str, publisher: str | None,
                  page: str | None = None) -> tuple[str, str | None]:
    """The title to show and the outlet of an article titled ``title``.

    The outlet is ``publisher`` unless it is missing or only a web address and the title
    (else the page's ``<title>``, ``page``) ends with an outlet's name
    (:func:`split_title`); the title loses that end when it names the outlet kept.
    """
    headline, named = split_title(title)
    found = named or (split_title(page)[1] if page and page != title else None)
    if found and (not publisher or _is_site_address(publisher)):
        publisher = found
    if named is not None and publisher and _same_outlet(named, publisher):
        title = headline
    return title, publisher


def page_headings(tree) -> list[str]:
    """The other headlines a page gives itself, most trusted first: its ``og:title`` and
    ``twitter:title`` metas, then its first MAX_HEADINGS ``<h1>`` elements, whitespace
    collapsed."""
    if tree is None:
        return []
    found: list[str] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key in ("og:title", "twitter:title") and meta.get("content"):
            found.append(" ".join(meta.get("content").split()))
    for n, heading in enumerate(tree.iter("h1")):
        if n == MAX_HEADINGS:
            break
        found.append(" ".join(heading.text_content().split()))
    return [text for text in dict.fromkeys(found) if text]


def title_and_site(title: str | None, site: str | None, page: str | None,
                   headings: Sequence[str] = ()) -> tuple[str | None, str | None]:
    """A page's title and outlet from trafilatura's ``title`` and ``site`` name, the
    page's ``<title>`` (``page``) and its other headlines (``headings``:
    :func:`page_headings`), for a file read and a page fetched alike.

    trafilatura splits a ``<title>`` at its last bar or dash and keeps one half: the
    headline's own clause is lost ("Storms - what we know" -> "Storms"), and a headline
    with a dot becomes the site's name. The whole ``<title>`` is taken instead, without
    an end shaped like an outlet's name (:func:`split_title`); the outlet named
    there beats a site name that is only the page's host (:func:`titled_outlet`).

    That title gives way to the ``<title>`` or one of ``headings`` when it is no title
    (a row of share buttons, a date, a byline, a caption, a page's name such as "Home")
    or runs past :data:`briefing.titles.HEADLINE_WORDS` words where one of them does not
    (:func:`briefing.titles.best_title`); a wire dateline it opens with is left out. No
    candidate that is only the outlet's name (a masthead's ``<h1>``) is a title.
    """
    if page and (title is None or _half_of(page, title)):
        title = page
    if page and site and _half_of(page, site):
        site = None
    chosen, publisher = None, site
    if title is not None:
        title, publisher = titled_outlet(title, site, page)
        headline, named = split_title(title)
        # a <title>'s end shaped like an outlet's name is the site's, whichever site it names
        chosen = headline if title == page and named else title
    others = [split_title(text)[0] for text in (page, *headings) if text]
    candidates = [text for text in (chosen, *others)
                  if not (text and publisher and _same_outlet(text, publisher))]
    return best_title(candidates), publisher


def _half_of(title: str, part: str) -> bool:
    """Whether ``part`` is what comes before or after a spaced separator in ``title``."""
    if part == title or len(part) >= len(title):
        return False
    if title.startswith(part):
        return title[len(part)].isspace()
    return title.endswith(part) and title[-len(part) - 1].isspace()


def _same_outlet(a: str, b: str) -> bool:
    def key(name: str) -> str:
        name = " ".join(name.split()).casefold()
        return name.removeprefix("the ").removeprefix("www.")
    return key(a) == key(b)


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
    bare ``T00:00:00`` without an offset means it found a date alone); None for the
    January 1 it guesses from a bare year (:func:`_year_guess`)."""
    found = _find_date(tree, url, extensive=True)
    if not found:
        return None
    when = parse_time(found)
    if isinstance(when, datetime) and found.endswith("T00:00:00"):
        when = when.date()
    if isinstance(when, date) and not isinstance(when, datetime) and _year_guess(tree, url, when):
        log.debug("%s: no date on the page, only the year %d", url, when.year)
        return None
    return when


def _find_date(tree, url: str | None, *, extensive: bool) -> str | None:
    from htmldate import find_date

    try:
        return find_date(tree, url=url, original_date=True, extensive_search=extensive,
                         outputformat=HTMLDATE_FORMAT)
    except Exception as exc:  # htmldate parses hostile markup too
        log.debug("%s: htmldate failed: %s", url, exc)
        return None


def _year_guess(tree, url: str | None, day: date) -> bool:
    """Whether htmldate's January 1 ``day`` is its last resort, a bare year taken for a
    date: neither its fast mode (markup, URL, precise patterns, no guessing) nor a date
    written out in the page's text gives that day."""
    if (day.month, day.day) != (1, 1):
        return False
    fast = _find_date(tree, url, extensive=False)
    if fast and fast[:10] == day.isoformat():
        return False
    shown = tree.xpath("//text()[not(ancestor::script)][not(ancestor::style)]")
    words = " ".join(shown).split()[:MAX_DATE_TEXT_WORDS]
    year = str(day.year)
    for at, word in enumerate(words):
        if year in word and day in _written_dates(words, at):
            return False
    return True


def _written_dates(words: list[str], at: int) -> Iterator[Published]:
    """The dates read from the runs of words around ``words[at]`` (a year), each run a
    whole date string to :func:`briefing.times.parse_time`, not a sentence searched."""
    for start in range(max(0, at - DATE_WORDS_BEFORE), at + 1):
        for end in range(at + 1, min(len(words), at + 1 + DATE_WORDS_AFTER) + 1):
            when = parse_time(" ".join(words[start:end]).strip(",.;:|()[]-–—"))
            if when is not None:
                yield when.date() if isinstance(when, datetime) else when
