"""Render a realistic hand-made briefing to look at every output format like a reader.

Usage: .venv/bin/python scripts/render_demo.py [OUT_DIR]   (default /tmp/render_demo)
The stories are invented for this demo; spans are found in the invented article text.
"""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing.records import (Article, Briefing, Cluster, ParsedArticle, QuoteRow, Span,  # noqa: E402
                              Story, SummarySentence)
from briefing.render import render_briefing, render_email_html  # noqa: E402


def article(id_: str, title: str, publisher: str | None, url: str | None, body: str,
            day: int = 21) -> Article:
    return Article(id=id_, path=f"demo/{id_}.txt", title=title, body=body, publisher=publisher,
                   url=url, published=datetime(2026, 11, day, 8, 30, tzinfo=timezone.utc))


def spans(text: str, *articles: Article) -> list[Span]:
    """Where ``text`` occurs in each article (every demo sentence is verbatim)."""
    found = []
    for a in articles:
        start = a.text.find(text)
        if start < 0:
            raise ValueError(f"{text!r} not in {a.id}")
        found.append(Span(a.id, start, start + len(text)))
    return found


def sentence(text: str, *articles: Article) -> SummarySentence:
    return SummarySentence(text=text, spans=spans(text, *articles))


def quote(speaker: str, role: str | None, text: str, kind: str, *articles: Article,
          cue: str = "said") -> QuoteRow:
    return QuoteRow(speaker=speaker, role=role, text=text, kind=kind, cue=cue,
                    spans=spans(text, *articles))


def story(id_: str, headline: str, articles: list[Article], summary, quotes) -> Story:
    cluster = Cluster(id=id_, articles=[ParsedArticle(a, None) for a in articles], headline=headline)
    return Story(cluster=cluster, summary=summary, quotes=quotes)


def demo_briefing() -> Briefing:
    port_a = article(
        "harbour-ledger-1", "Port strike halts container traffic for a second day", "The Harbour Ledger",
        "https://ledger.example/news/port-strike-day-two",
        "Dock workers at the city's main container terminal stayed off the job on Friday, "
        "leaving more than forty ships waiting at anchor. The union says talks over automation "
        "have stalled. \"We will not sign away jobs to machines that nobody has tested,\" said "
        "Maria Okafor, general secretary of the dockworkers' union. Port director Henrik Lund "
        "said the terminal had offered a five-year job guarantee. Retailers warned that shelves "
        "could thin before the holiday season.")
    port_b = article(
        "coastal-wire-7", "Ships queue offshore as dockers extend walkout", "Coastal Wire",
        "https://coastalwire.example/2026/11/21/dockers-walkout",
        "Dock workers at the city's main container terminal stayed off the job on Friday, "
        "leaving more than forty ships waiting at anchor. Freight rates on the route rose by a "
        "fifth overnight. \"Every day of this costs the region's exporters millions,\" said "
        "Henrik Lund, the port director. Maria Okafor said the union was ready to return to the "
        "table on Monday.")
    port_c = article(
        "metro-daily-3", "What the port strike means for your holiday shopping", "Metro Daily", None,
        "Retailers warned that shelves could thin before the holiday season. Electronics and toys "
        "are most exposed, analysts said. \"Stock that is not landed by early December will not "
        "be on sale for the holidays,\" said Priya Nair, a supply-chain analyst at Fenwick Research.")
    rail_a = article(
        "ledger-rail-2", "Council approves northern light-rail extension", "The Harbour Ledger",
        "https://ledger.example/news/light-rail-vote",
        "The city council voted 11 to 4 on Thursday night to extend the light-rail line six "
        "kilometres north. Construction is due to start in spring 2027 and last three years. "
        "\"This line connects forty thousand people to jobs they can reach without a car,\" said "
        "Mayor Daniel Ferreira. Councillor Ruth Adeyemi said the cost estimate was optimistic.")
    rail_b = article(
        "valley-news-9", "Light-rail extension wins council vote despite cost worries", "Valley News",
        "https://valleynews.example/local/rail-vote?ref=home&utm_source=feed",
        "The city council voted 11 to 4 on Thursday night to extend the light-rail line six "
        "kilometres north. The project is budgeted at 1.2 billion, two thirds of it from national "
        "grants. \"We have seen these numbers grow on every project of this size,\" said Ruth "
        "Adeyemi, who chairs the finance committee.")
    heat_a = article(
        "science-desk-4", "Record ocean heat measured in the North Atlantic", "Science Desk",
        "https://sciencedesk.example/ocean-heat-record",
        "Sea surface temperatures in the North Atlantic reached a record for November, according "
        "to data released by the national weather service on Friday. Scientists said the warmth "
        "could fuel stronger autumn storms.")
    articles = [port_a, port_b, port_c, rail_a, rail_b, heat_a]
    stories = [
        story("port-strike", "Port strike halts container traffic for a second day", [port_a, port_b, port_c], [
            sentence("Dock workers at the city's main container terminal stayed off the job on Friday, "
                     "leaving more than forty ships waiting at anchor.", port_a, port_b),
            sentence("The union says talks over automation have stalled.", port_a),
            sentence("Freight rates on the route rose by a fifth overnight.", port_b),
            sentence("Retailers warned that shelves could thin before the holiday season.", port_a, port_c),
        ], [
            quote("Maria Okafor", "general secretary of the dockworkers' union",
                  "We will not sign away jobs to machines that nobody has tested,", "direct", port_a),
            quote("Maria Okafor", "general secretary of the dockworkers' union",
                  "the union was ready to return to the table on Monday", "indirect", port_b),
            quote("Henrik Lund", "port director",
                  "Every day of this costs the region's exporters millions,", "direct", port_b),
            quote("Henrik Lund", "port director",
                  "the terminal had offered a five-year job guarantee", "indirect", port_a),
            quote("Priya Nair", "supply-chain analyst at Fenwick Research",
                  "Stock that is not landed by early December will not be on sale for the holidays,",
                  "direct", port_c),
            quote("Retailers", None, "shelves could thin before the holiday season", "indirect",
                  port_a, port_c, cue="warned"),
        ]),
        story("light-rail", "Council approves northern light-rail extension", [rail_a, rail_b], [
            sentence("The city council voted 11 to 4 on Thursday night to extend the light-rail line six "
                     "kilometres north.", rail_a, rail_b),
            sentence("Construction is due to start in spring 2027 and last three years.", rail_a),
            sentence("The project is budgeted at 1.2 billion, two thirds of it from national grants.", rail_b),
        ], [
            quote("Daniel Ferreira", "Mayor",
                  "This line connects forty thousand people to jobs they can reach without a car,",
                  "direct", rail_a),
            quote("Ruth Adeyemi", "Councillor; chairs the finance committee",
                  "We have seen these numbers grow on every project of this size,", "direct", rail_b),
            quote("Ruth Adeyemi", "Councillor", "the cost estimate was optimistic", "indirect", rail_a),
        ]),
        story("ocean-heat", "Record ocean heat measured in the North Atlantic", [heat_a], [
            sentence("Sea surface temperatures in the North Atlantic reached a record for November, "
                     "according to data released by the national weather service on Friday.", heat_a),
            sentence("Scientists said the warmth could fuel stronger autumn storms.", heat_a),
        ], []),
    ]
    return Briefing(date="2026-11-21", generated_at=datetime(2026, 11, 21, 6, 5, tzinfo=timezone.utc),
                    articles=articles, stories=stories)


def main() -> None:
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/render_demo")
    written = render_briefing(demo_briefing(), out_dir, ["html", "pdf", "md", "json"])
    email = out_dir / "briefing.email.html"
    email.write_text(render_email_html(demo_briefing()), encoding="utf-8")
    empty = render_briefing(Briefing(date="2026-11-22", generated_at=datetime.now(timezone.utc),
                                     articles=[], stories=[]), out_dir / "empty", ["html", "pdf", "md"])
    for path in [*written.values(), email, *empty.values()]:
        print(path)


if __name__ == "__main__":
    main()
