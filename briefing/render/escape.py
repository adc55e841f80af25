"""Making untrusted text safe for each output: display text, plain text, Markdown, Slack,
links.

Article text, titles, publishers and addresses are hostile until proven otherwise. HTML
is escaped by Jinja's autoescape; what Jinja cannot know (plain text, chat Markdown, Slack
mrkdwn, which addresses are worth a link) is done here, once, for every renderer.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit

from ..safe_text import display_text, has_unsafe

__all__ = ["defang_addresses", "display_text", "escape_markdown", "escape_slack", "escape_teams",
           "markdown_url", "plain_text", "plain_text_unlinked", "safe_url", "slack_url"]

WHITESPACE = re.compile(r"\s+")
_ZERO_WIDTH_SPACE = "\u200b"

#: with brackets escaped no link or image can form, so parentheses stay as written
#: ("(2nd edition)", "(Photo: …)"), but at a line's start "1)" as "1." would open a list
_MD_METACHARS = re.compile(r"([\\`*_{}\[\]<>#|~!&])")
_MD_LEADING_MARK = re.compile(r"^([-+=])")
_MD_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")
_URL_SCHEME = re.compile(r"\b([a-z][a-z0-9+.-]*):(?=//)", re.IGNORECASE)
_WWW = re.compile(r"\b(www)\.", re.IGNORECASE)
_SLACK_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def plain_text(text: Any) -> str:
    """Untrusted text as one line of plain text (the email's text part): its words as they
    are, ``**x**`` included, without control or direction characters, and every run of
    whitespace (line breaks too) one space, so it cannot start a line of its own."""
    return WHITESPACE.sub(" ", display_text(str(text))).strip()


def plain_text_unlinked(text: Any) -> str:
    """:func:`plain_text` with its addresses defanged (the email's text part), so a mail
    client does not make an article's ``http://…`` a live link."""
    return defang_addresses(plain_text(text))


def escape_markdown(text: Any) -> str:
    """Make untrusted text inert in chat Markdown (Slack, Mattermost, Teams, Discord).

    The text becomes one line; Markdown metacharacters are backslash-escaped so no
    emphasis, link, image, table, heading or raw HTML can form; a zero-width space
    after ``@`` and ``<`` breaks mentions (``@channel``, ``<!everyone>``), and one
    after a URL scheme or ``www`` stops chat clients from auto-linking addresses.
    """
    line = _MD_METACHARS.sub(r"\\\1", plain_text(text))
    line = _MD_LEADING_MARK.sub(r"\\\1", line)
    line = _MD_LEADING_NUMBER.sub(r"\1\\\2", line)
    return _defuse_links_and_mentions(line).replace("<", "<" + _ZERO_WIDTH_SPACE)


#: Slack mrkdwn's formatting marks (bold, italic, strike, code); it has no backslash escape
_SLACK_MARKS = re.compile(r"([*_~`])")


def escape_slack(text: Any) -> str:
    """Inert text for Slack mrkdwn: &, < and > (which open links and mentions) become
    entities; addresses and @-words get a zero-width space so nothing links or pings; and
    since mrkdwn cannot escape ``*``, ``_``, ``~`` or a backtick, each is fenced by zero-width
    spaces, so it can neither open nor close bold, italics, strike-through or code."""
    line = _SLACK_MARKS.sub(f"{_ZERO_WIDTH_SPACE}\\1{_ZERO_WIDTH_SPACE}", plain_text(text))
    return _defuse_links_and_mentions("".join(_SLACK_ENTITIES.get(c, c) for c in line))


#: Teams card Markdown (bold, italics, links) honours no backslash escape on every client
#: (phones show the backslash), so each mark that could open one becomes its look-alike
_TEAMS_LOOK_ALIKES = str.maketrans({"*": "\u2217", "_": "\uff3f", "[": "\uff3b", "]": "\uff3d"})


def escape_teams(text: Any) -> str:
    """Inert text for a Teams Adaptive Card TextBlock: ``*``, ``_`` and brackets become
    look-alikes (∗ ＿ ［ ］), since no escape shows right on every Teams client, so no
    bold, italics or link can form; addresses, ``@`` and ``<`` get a zero-width space so
    nothing links or mentions anyone. Headings, lists, quotes and HTML are not read inside
    a line of a card, so nothing else needs changing."""
    line = plain_text(text).translate(_TEAMS_LOOK_ALIKES)
    return _defuse_links_and_mentions(line).replace("<", "<" + _ZERO_WIDTH_SPACE)


def _defuse_links_and_mentions(line: str) -> str:
    """Addresses defanged and a zero-width space after ``@``: chat clients then neither
    auto-link an address nor notify anyone (``@channel``)."""
    return defang_addresses(line).replace("@", "@" + _ZERO_WIDTH_SPACE)


def defang_addresses(text: str) -> str:
    """A zero-width space after a URL scheme and after ``www``, so chat and mail clients
    do not auto-link an address in article text; the words read the same. Applying it
    twice changes nothing more."""
    text = _URL_SCHEME.sub(lambda m: f"{m.group(1)}:{_ZERO_WIDTH_SPACE}", text)
    return _WWW.sub(lambda m: f"{m.group(1)}{_ZERO_WIDTH_SPACE}.", text)


def markdown_url(url: str) -> str:
    """Percent-encode what could end a Markdown link destination early."""
    return quote(url, safe=":/?#@!$&'*+,;=%-._~")


def slack_url(url: str) -> str:
    return markdown_url(url).replace("&", "&amp;").replace("|", "%7C")


def safe_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) address worth linking, else None."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if has_unsafe(url) or any(c.isspace() for c in url):
        return None
    return url
