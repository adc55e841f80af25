"""Strings the stages together: collect -> clean -> parse -> cluster -> summarise ->
quotes -> render. The CLI and the scheduler call this module; stages never call it.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date as Date, datetime, timezone
from pathlib import Path

from .clean import clean_documents
from .cluster import cluster_articles
from .collect import read_paths
from .config import Settings
from .parse import parse_articles
from .quotes import extract_quotes, quote_table
from .records import Article, Briefing, Cluster, ParsedArticle, Quote, Story
from .summarise import summarise_cluster

log = logging.getLogger("briefing.pipeline")

#: called with a short description of each step as it starts
Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def load_articles(paths: Sequence[str | Path], settings: Settings,
                  progress: Progress = _quiet) -> list[Article]:
    """Read and clean every input; a page may yield several articles."""
    progress(f"reading {len(paths)} path(s)")
    documents = read_paths(paths, settings.limits)
    progress(f"cleaning {len(documents)} document(s)")
    return clean_documents(documents, settings.limits)


def parse(articles: Sequence[Article], settings: Settings,
          progress: Progress = _quiet) -> list[ParsedArticle]:
    progress(f"parsing {len(articles)} article(s)")
    return parse_articles(articles, settings.parse)


def cluster_paths(paths: Sequence[str | Path], settings: Settings,
                  progress: Progress = _quiet) -> list[Cluster]:
    """The clusters ``briefing build`` would make of these inputs."""
    parsed = parse(load_articles(paths, settings, progress), settings, progress)
    progress("clustering")
    return cluster_articles(parsed, settings.cluster)


def quotes_by_article(parsed: Sequence[ParsedArticle]) -> dict[str, list[Quote]]:
    return {p.article.id: extract_quotes(p) for p in parsed}


def build_stories(parsed: Sequence[ParsedArticle], settings: Settings,
                  progress: Progress = _quiet) -> list[Story]:
    """Cluster parsed articles, then summarise each cluster and tabulate its quotes."""
    progress("clustering")
    clusters = cluster_articles(list(parsed), settings.cluster)
    progress("finding who said what")
    quotes = quotes_by_article(parsed)
    stories = []
    for i, cluster in enumerate(clusters, 1):
        progress(f"summarising story {i}/{len(clusters)}")
        articles = [p.article for p in cluster.articles]
        cluster_quotes = [q for a in articles for q in quotes[a.id]]
        stories.append(Story(cluster=cluster,
                             summary=summarise_cluster(cluster, settings.summary),
                             quotes=quote_table(cluster_quotes, articles)))
    return stories


def build_briefing(paths: Sequence[str | Path], settings: Settings, date: Date | None = None,
                   progress: Progress = _quiet) -> Briefing:
    """A whole briefing from files and folders."""
    articles = load_articles(paths, settings, progress)
    stories = build_stories(parse(articles, settings, progress), settings, progress)
    ordered = [p.article for s in stories for p in s.cluster.articles]
    return Briefing(date=(date or Date.today()).isoformat(),
                    generated_at=datetime.now(timezone.utc).replace(microsecond=0),
                    articles=ordered, stories=stories)


def write_briefing(briefing: Briefing, out_root: Path, formats: Sequence[str],
                   settings: Settings, progress: Progress = _quiet) -> dict[str, Path]:
    """Render into ``out_root/DATE/``; returns the written file of each format."""
    out_dir = Path(out_root) / briefing.date
    out_dir.mkdir(parents=True, exist_ok=True)
    progress(f"rendering {', '.join(formats)}")
    from .render import render_briefing  # WeasyPrint is slow to import; only builds need it
    return render_briefing(briefing, out_dir, formats, settings.render)


def _source_quote(article: Article, quote: Quote) -> dict:
    """A quote with offsets into the article's source file, as the quote scorer reads."""
    start, end = article.source_offset(quote.start), article.source_offset(quote.end)
    mention = None
    if quote.mention is not None:
        m_start = article.source_offset(quote.mention.start)
        m_end = article.source_offset(quote.mention.end)
        mention = {"text": quote.mention.text, "start": m_start, "end": m_end}
    return {"text": quote.text, "start": start, "end": end, "speaker": quote.speaker,
            "role": quote.role, "mention": mention, "cue": quote.cue, "kind": quote.kind}


def quotes_for_paths(paths: Sequence[str | Path], settings: Settings,
                     progress: Progress = _quiet) -> dict[str, list[dict]]:
    """Every input path (as given) mapped to its quotes, with source-file offsets."""
    articles = load_articles(paths, settings, progress)
    parsed = parse(articles, settings, progress)
    progress("finding who said what")
    result: dict[str, list[dict]] = {str(p): [] for p in paths if Path(p).is_file()}
    for p in parsed:
        result.setdefault(p.article.path, []).extend(
            _source_quote(p.article, q) for q in extract_quotes(p))
    return result
