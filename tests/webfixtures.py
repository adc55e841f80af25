"""Real feeds and article pages for the collector tests, served from pytest-httpserver.

The articles are invented for the tests; each is long enough for trafilatura to take it
for a page's main text.
"""
from __future__ import annotations

from html import escape

HARBOUR = [
    "The city council approved a plan on Tuesday to rebuild the old harbour wall, which "
    "was damaged by winter storms, at a cost of 14 million euro.",
    "Council leader Maria Keane said the work would begin in March and take two years, "
    "and that fishing boats would keep using the eastern pier while it went on.",
    "Engineers told the meeting that the wall had moved by almost a metre since January "
    "and that another severe storm could bring part of it down.",
    "Residents of the harbour district have campaigned for repairs for a decade, saying "
    "that flooding reached their homes four times in the last five years.",
    "The plan also includes a new walkway along the top of the wall and lighting for the "
    "slipway used by the lifeboat crew.",
]

RAIL = [
    "Train drivers will strike for 24 hours next Friday after talks on pay broke down late "
    "on Wednesday night, their union said.",
    "The union said its members had rejected an offer of a three per cent rise and wanted "
    "a shorter working week written into the new contract.",
    "The rail operator said it would run a reduced timetable on the main lines and urged "
    "passengers to check before they travel.",
    "Commuter groups said the strike would hit thousands of people who have no other way "
    "to reach the city centre.",
]

FLOOD = [
    "Heavy rain flooded dozens of roads in the north-west overnight and the weather "
    "service issued an orange warning for three counties.",
    "Fire crews pumped water from homes in two villages and a bridge on the coast road "
    "was closed after part of its railing was swept away.",
    "Forecasters said more rain was expected on Saturday before drier weather on Sunday, "
    "and asked drivers to avoid flooded roads.",
    "Farmers said fields that were harvested only last month were under water and that "
    "some cattle had to be moved to higher ground.",
]


def article_html(title: str, paragraphs: list[str], *, date: str | None = "2026-11-27",
                 site: str = "Harbour Times", charset: str | None = "utf-8",
                 furniture: str = "Subscribe to our newsletter") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    dated = f'<meta property="article:published_time" content="{date}">' if date else ""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html><head>{meta}<title>{escape(title)} | {escape(site)}</title>
<meta property="og:title" content="{escape(title)}">
<meta property="og:site_name" content="{escape(site)}">{dated}
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{escape(title)}</h1>
{body}
</article>
<aside><p>{escape(furniture)}</p></aside>
<footer>Copyright {escape(site)}</footer>
</body></html>"""


def rss(items: list[tuple[str, str]], title: str = "Harbour Times") -> str:
    """RSS 2.0 with (title, link) items."""
    rows = "\n".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f"<guid>{escape(link)}</guid><pubDate>Fri, 27 Nov 2026 07:00:00 GMT</pubDate></item>"
        for t, link in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{escape(title)}</title><link>http://example.test/</link>
<description>News</description>
{rows}
</channel></rss>"""


def atom(items: list[tuple[str, str]], title: str = "Coast Herald") -> str:
    """Atom 1.0 with (title, link) entries."""
    rows = "\n".join(
        f"<entry><title>{escape(t)}</title><link rel=\"alternate\" href=\"{escape(link)}\"/>"
        f"<id>{escape(link)}</id><updated>2026-11-27T07:00:00Z</updated>"
        f"<author><name>Desk</name></author></entry>"
        for t, link in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{escape(title)}</title>
<id>urn:test:feed</id><updated>2026-11-27T07:00:00Z</updated>
{rows}
</feed>"""

HARBOUR_FOLLOWUP = [
    "Work on the old harbour wall will start a month late after the city council received "
    "only one tender for the 14 million euro repairs.",
    "Council leader Maria Keane said on Thursday that the harbour wall would still be "
    "rebuilt within two years and that the eastern pier would stay open to fishing boats.",
    "Engineers said the harbour wall had not moved further since January, but that the "
    "lifeboat slipway would close during the first phase of the work.",
    "Residents of the harbour district said they were disappointed by the delay after a "
    "decade of campaigning for repairs.",
]
