"""Strings the stages together: collect -> clean -> parse -> cluster -> summarise ->
quotes -> render. The CLI and the scheduler call this module; stages never call it.

Two ways in: files and folders (``build_briefing``), or the store that the collector
fills from feeds, pages and folders (``collector.collect`` then ``build_from_store``).
"""
from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date as Date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from .analyses import StoryResults, analyse_articles
from .clean import clean_documents, dropped_stub, platform_notice, stub_reason
from .cluster import cluster_articles, link_earlier, story_headline
from .collect import (InputNotFoundError, given_name, input_of, name_as_given,
                      one_copy_per_address, read_paths)
from .config import Settings
from .deliver import (PARCEL_FILE, DeliveryReport, channels, keep_parcel, kept_parcel,
                      make_parcel, send_due)
from .editions import EDITION_NAME, Edition, latest, publish, read_manifest
from .quotes import article_quotes, quote_table
from .rank import plan_front_page, rank_stories
from .language import is_english, mark_languages
from .records import (Article, Briefing, Cluster, Document, Dropped, EarlierStory,
                      ParsedArticle, Progress, Quote, Story, as_utc, no_progress)
from .store import EditionRecord, Outbox, ShownStory, Store, StoredArticle
from .summarise import summarise_cluster
from .times import clock_text
from .urls import host_name, without_tracking
from .words import count_of

log = logging.getLogger("briefing.pipeline")


def load_articles(paths: Sequence[str | Path], settings: Settings,
                  progress: Progress = no_progress,
                  dropped: list[Dropped] | None = None) -> list[Article]:
    """Read and clean every input (a page may yield several articles), at most
    ``limits.max_articles`` of them, each page once, each marked with its language.
    Inputs that make no article (furniture, stubs, unreadable files, a second copy of a
    page) and articles over the limit are appended to ``dropped`` with the reason."""
    progress(f"reading {len(paths)} path(s)")
    documents = read_paths(paths, settings.limits, dropped)
    return _articles_of(documents, paths, settings, progress, dropped)


def _articles_of(documents: Sequence[Document], paths: Sequence[str | Path],
                 settings: Settings, progress: Progress = no_progress,
                 dropped: list[Dropped] | None = None) -> list[Article]:
    """The articles of the ``documents`` read from ``paths`` (:func:`load_articles`)."""
    progress(f"cleaning {len(documents)} document(s)")
    articles = one_copy_per_address(clean_documents(documents, settings.limits, dropped),
                                    paths, dropped)
    cap = settings.limits.max_articles
    if len(articles) > cap:
        log.warning("%d articles is over the %d-article limit of one briefing "
                    "(limits.max_articles); the last %d left out", len(articles), cap,
                    len(articles) - cap)
        if dropped is not None:
            dropped.extend(Dropped(a.path, f"over the {cap}-article limit (limits.max_articles)",
                                   a.title or None, a.url, a.outlet) for a in articles[cap:])
        articles = articles[:cap]
    name_as_given(dropped or [], paths)
    mark_languages(articles)
    return articles


def parse(articles: Sequence[Article], settings: Settings,
          progress: Progress = no_progress) -> list[ParsedArticle]:
    """Each article with what the stages read from its parse (its Doc is not kept):
    read from the cache of ``settings``, else parsed (or the parse read) and analysed."""
    progress(f"parsing {len(articles)} article(s)")
    return analyse_articles(articles, settings, progress)


def cluster_paths(paths: Sequence[str | Path], settings: Settings,
                  progress: Progress = no_progress) -> list[Cluster]:
    """The clusters ``briefing build`` would make of these inputs."""
    parsed = parse(load_articles(paths, settings, progress), settings, progress)
    progress("clustering")
    return cluster_articles(parsed, settings.cluster)


def build_stories(parsed: Sequence[ParsedArticle], settings: Settings,
                  progress: Progress = no_progress, earlier: Sequence[EarlierStory] = (),
                  new_id: Callable[[str], str] | None = None,
                  dropped: list[Dropped] | None = None) -> list[Story]:
    """Cluster parsed articles, then summarise each cluster and tabulate its quotes.
    A story in English with no sentence to summarise and no statement (a page of
    filler, code saved as text) is left out, its articles appended to ``dropped``; one in
    another language is kept for its headline and sources, as the English-only stages
    take nothing from it.

    A cluster that continues one of the ``earlier`` stories keeps that story's id and
    start date, and its summary prefers sentences not shown before; ``new_id`` names
    the stories that begin today.
    """
    progress("clustering")
    clusters = cluster_articles(list(parsed), settings.cluster)
    if earlier:
        clusters = link_earlier(clusters, earlier, settings.cluster)
    if new_id is not None:
        clusters = [c if c.developing_since else replace(c, id=new_id(c.id)) for c in clusters]
    shown = {story.id: story.shown for story in earlier}
    # a sentence any recent briefing showed gives way too: a story the link missed (or
    # background an outlet reuses) is not told again word for word
    shown_anywhere = list(dict.fromkeys(text for story in earlier for text in story.shown))
    progress("finding who said what")
    quotes = {p.article.id: article_quotes(p, settings.quotes) for p in parsed}
    kept = StoryResults(settings)
    stories = []
    for i, cluster in enumerate(clusters, 1):
        progress(f"summarising story {i}/{len(clusters)}")
        articles = [p.article for p in cluster.articles]
        cluster_quotes = [q for a in articles for q in quotes[a.id]]
        own = shown.get(cluster.id, [])
        earlier_shown = tuple(dict.fromkeys([*own, *shown_anywhere]))
        summary, table = kept.get(cluster, earlier_shown, lambda: (
            summarise_cluster(cluster, settings.summary, shown=earlier_shown),
            quote_table(cluster_quotes, articles)))
        if not summary and not table and all(is_english(a) for a in articles):
            left_out = [dropped_stub(a, "no sentence to summarise and no statement", a.path)
                        for a in articles]
            if dropped is not None:
                dropped.extend(left_out)
            continue
        stories.append(Story(cluster=cluster, summary=summary, quotes=table))
    kept.done()
    return stories


def assemble_briefing(stories: Sequence[Story], day: Date, settings: Settings, *,
                      dropped: Sequence[Dropped] = (),
                      earlier: Sequence[EarlierStory] = ()) -> Briefing:
    """The briefing of ``day``, stamped now: ``stories`` ranked by importance with the
    front page marked, articles in story order. ``earlier`` stories tell a continuing
    story's novelty."""
    shown = {story.id: story.shown for story in earlier}
    ranked = plan_front_page(rank_stories(stories, settings.rank, shown), settings.briefing)
    return Briefing(date=day.isoformat(),
                    generated_at=datetime.now(timezone.utc).replace(microsecond=0),
                    articles=[p.article for s in ranked for p in s.cluster.articles],
                    stories=ranked, dropped=list(dropped),
                    time_zone=settings.schedule.timezone)


def build_briefing(paths: Sequence[str | Path], settings: Settings, date: Date | None = None,
                   progress: Progress = no_progress) -> Briefing:
    """A whole briefing from files and folders; its articles, like the inputs it left
    out, are named by their path as given (:func:`name_as_given`), not where the
    machine that built it keeps them, once the stages (and their logs) are done."""
    dropped: list[Dropped] = []
    articles = load_articles(paths, settings, progress, dropped)
    empty: list[Dropped] = []
    stories = build_stories(parse(articles, settings, progress), settings, progress,
                            dropped=empty)
    name_as_given(empty, paths)
    progress("ranking")
    briefing = assemble_briefing(stories, date or Date.today(), settings,
                                 dropped=dropped + empty)
    name_as_given(briefing.articles, paths)
    return briefing


class NothingToPublish(RuntimeError):
    """Every input was rejected: no edition is written (an earlier one stays latest)."""


def publish_briefing(briefing: Briefing, out_root: Path, formats: Sequence[str],
                     settings: Settings, progress: Progress = no_progress) -> Edition:
    """Publish ``briefing`` as a new edition under ``out_root`` (``DATE/``, then ``DATE-2/``
    ...): rendered into a temporary folder, renamed into place when every format is
    complete, then ``latest`` and the archive index are updated. The caller holds the
    output folder's lock."""
    if not briefing.articles:
        reasons = "; ".join(f"{Path(d.path).name}: {d.reason}" for d in briefing.dropped[:3])
        raise NothingToPublish(
            f"no article left to brief ({len(briefing.dropped)} input(s) rejected"
            f"{': ' + reasons if reasons else ''}); no edition written, the earlier ones "
            "are untouched")
    progress(f"rendering {', '.join(formats)}")
    from .render import render_briefing  # WeasyPrint is slow to import; only builds need it

    def render(folder: Path, name: str) -> dict[str, Path]:
        """Every format, and the parcel the channels send, kept in the edition so that it
        can be delivered later whatever targets were configured when it was built."""
        written = render_briefing(replace(briefing, edition=name), folder, formats,
                                  settings.render)
        keep_parcel(folder, make_parcel(briefing, Edition(name, folder, briefing.date, written),
                                        settings))
        return written
    edition = publish(Path(out_root), briefing, render, f"{settings.render.title} — archive")
    progress(f"published {edition.folder}")
    return edition


def write_briefing(briefing: Briefing, out_root: Path, formats: Sequence[str],
                   settings: Settings, progress: Progress = no_progress) -> dict[str, Path]:
    """Publish a new edition (see :func:`publish_briefing`); returns its file of each
    format."""
    return publish_briefing(briefing, out_root, formats, settings, progress).files


def _source_quote(article: Article, quote: Quote) -> dict:
    """A quote with offsets into the article's source file, as the quote scorer reads."""
    start, end = article.source_offset(quote.start), article.source_offset(quote.end)
    mention = None
    if quote.mention is not None:
        m_start = article.source_offset(quote.mention.start)
        m_end = article.source_offset(quote.mention.end)
        mention = {"text": quote.mention.text, "start": m_start, "end": m_end}
    parts = [[article.source_offset(s), article.source_offset(e)] for s, e in quote.parts]
    return {"text": quote.text, "start": start, "end": end, "speaker": quote.speaker,
            "role": quote.role, "mention": mention, "cue": quote.cue, "kind": quote.kind,
            "parts": parts}


def quotes_for_paths(paths: Sequence[str | Path], settings: Settings,
                     progress: Progress = no_progress) -> dict[str, list[dict]]:
    """Every input path (as given) mapped to its quotes, with source-file offsets. A short
    text is searched too: stubs are kept off the briefing, not out of this report."""
    settings = replace(settings, limits=replace(settings.limits, min_article_words=0))
    articles = load_articles(paths, settings, progress)
    parsed = parse(articles, settings, progress)
    progress("finding who said what")
    result: dict[str, list[dict]] = {str(p): [] for p in paths if Path(p).is_file()}
    for p in parsed:
        result.setdefault(p.article.path, []).extend(
            _source_quote(p.article, q) for q in article_quotes(p, settings.quotes))
    return result


def _story_articles(path: str, documents: Sequence[Document], settings: Settings) -> list[Article]:
    """The articles of the ``documents`` of ``path`` as one story: stubs left out (and
    logged as dropped) when the story has a full article, else kept, as briefs are all it
    has; platform notices left out either way."""
    limits = settings.limits
    unlimited = replace(settings, limits=replace(limits, min_article_words=0))
    articles = _articles_of(documents, [path], unlimited)
    reasons = [stub_reason(a, limits) for a in articles]
    if any(reason is None for reason in reasons):
        for article, reason in zip(articles, reasons):
            if reason is not None:
                dropped_stub(article, reason, article.path)
        return [a for a, reason in zip(articles, reasons) if reason is None]
    briefs = [a for a in articles if not platform_notice(a.text)]
    if briefs:
        log.warning("%s: every article is under limits.min_article_words (%d): the story is "
                    "summarised from these %s", path, limits.min_article_words,
                    count_of(len(briefs), "brief"))
    return briefs


def _distinct_inputs(paths: Sequence[str | Path]) -> list[str]:
    """``paths`` as given, but each input once: a path naming the file or folder an
    earlier one names (``pages`` and ``./pages/``) is the same story, logged."""
    distinct: list[str] = []
    for path in map(str, paths):
        if not os.path.exists(path):
            raise InputNotFoundError(path)
        same = next((p for p in distinct if os.path.samefile(p, path)), None)
        if same is None:
            distinct.append(path)
        elif same != path:
            log.warning("%s: the same input as %s: summarised once", path, same)
    return distinct


def path_clusters(paths: Sequence[str | Path], settings: Settings,
                  progress: Progress = no_progress) -> dict[str, Cluster]:
    """Each input path (a folder or a file) as one story, keyed by the path as given;
    the model is loaded once and every article parsed once. A file is read once, in the
    story of the deepest path holding it (:func:`briefing.collect.input_of`): with
    ``pages pages/saved``, the files of saved are that story, not pages' too. A path
    whose every article is a stub (under ``limits.min_article_words``) is a story told
    only in briefs: it is summarised from them (platform notices still left out), not
    left empty."""
    inputs = _distinct_inputs(paths)
    progress(f"reading {len(inputs)} path(s)")
    documents: dict[str, list[Document]] = {path: [] for path in inputs}
    for document in read_paths(inputs, settings.limits):
        documents.setdefault(input_of(document.path, inputs), []).append(document)
    per_path = [(path, _story_articles(path, docs, settings))
                for path, docs in documents.items()]
    parsed = iter(parse([a for _, articles in per_path for a in articles], settings, progress))
    clusters: dict[str, Cluster] = {}
    for number, (path, articles) in enumerate(per_path, 1):
        members = [next(parsed) for _ in articles]
        clusters[path] = Cluster(id=f"story-{number}", articles=members,
                                 headline=story_headline([p.article for p in members]))
    return clusters


def summarise_paths(paths: Sequence[str | Path], settings: Settings,
                    progress: Progress = no_progress) -> dict[str, Story]:
    """Each input path summarised as one story by the engine ``build`` uses (no
    clustering, no quotes: the stories' quote tables are empty)."""
    clusters = path_clusters(paths, settings, progress)
    stories: dict[str, Story] = {}
    for number, (path, cluster) in enumerate(clusters.items(), 1):
        progress(f"summarising story {number}/{len(clusters)}")
        stories[path] = Story(cluster=cluster, summary=summarise_cluster(cluster, settings.summary),
                              quotes=[])
    return stories


# --- building from the store ---------------------------------------------------------

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d)\s*$", re.I)


def since_cutoff(value: str, store: Store, now: datetime | None = None) -> datetime | None:
    """The first-seen time from which articles count for ``--since``: ``last`` (since the
    last finished briefing began; everything on the first run), a duration (``24h``,
    ``90m``, ``2d``) or an ISO date or time (UTC unless it says otherwise)."""
    now = now or datetime.now(timezone.utc)
    if value.strip().lower() == "last":
        return store.last_run_start()
    match = _DURATION.match(value)
    if match:
        unit = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days"}[match[2].lower()]
        return now - timedelta(**{unit: float(match[1])})
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"--since must be 'last', a duration such as 24h, 90m or 2d, or an "
                         f"ISO date, got {value!r}") from None
    return as_utc(when)


def since_words(value: str) -> str:
    """A ``--since`` value as words: "since last", "since 2026-12-01", "in the last 48h"."""
    return f"in the last {value.strip()}" if _DURATION.match(value) else f"since {value}"


def local_today(settings: Settings) -> Date:
    """Today in the configured time zone: a 06:00 Dublin briefing is dated in Dublin."""
    return datetime.now(ZoneInfo(settings.schedule.timezone)).date()


def _stored_document(article: StoredArticle, outlets: Mapping[str, str]) -> Document:
    """``outlets`` maps a source's label to the name the config gives it: the outlet of
    a page that doesn't name its site (no og:site_name), rather than its host."""
    content = article.content
    # The path names the store row, so ids are stable and unique across outlets.
    return Document(path=f"store/article-{article.id}", text=content.text,
                    kind=content.kind if content.kind in ("text", "markdown", "html", "json")
                    else "text",  # type: ignore[arg-type]
                    title=content.title,
                    publisher=content.publisher or outlets.get(article.source),
                    url=content.url, published=content.published,
                    also_carried_by=_republished(article, outlets))


def _input_name(article: StoredArticle, folders: Mapping[str, str]) -> str:
    """How a briefing names a stored article's input, as a build from files would: a
    folder source's file by its path in that folder (``folders``: label -> path), with
    its record; a fetched page by its address; never the store row's id."""
    entry = next((c.url for c in article.copies if c.relation == "original"),
                 article.copies[0].url if article.copies else None)
    if entry is None or not entry.startswith("file://"):
        return without_tracking(entry or article.content.url) or f"store/article-{article.id}"
    path, hashed, index = entry.removeprefix("file://").rpartition("#")
    if not hashed:  # a key without its record's index
        path, index = index, ""
    folder = folders.get(article.source)
    name = given_name(path, [folder] if folder else [])
    record = int(index) if index.isdigit() else 0
    return name + (f" (record {record + 1})" if record or path.lower().endswith(".jsonl")
                   else "")


def _named_as_given(dropped: Sequence[Dropped], stored: Sequence[StoredArticle],
                    settings: Settings) -> None:
    """Each input a store build left out named as its reader knows it
    (:func:`_input_name`), its part kept: ``store/article-3 (part 2)`` becomes
    ``sub/a.txt (part 2)``; the log, written already, names the row."""
    folders = {s.label: str(Path(s.path).resolve()) for s in settings.sources
               if s.kind == "folder" and s.path}
    names = {f"store/article-{a.id}": _input_name(a, folders) for a in stored}
    for item in dropped:
        row, space, part = item.path.partition(" ")
        item.path = names.get(row, row) + space + part


def _republished(article: StoredArticle, outlets: Mapping[str, str]) -> dict[str, str]:
    """Who else published this article, with the address of their copy: each
    republished copy's outlet, else its source's configured name, else its site."""
    found: dict[str, str] = {}
    for copy in article.copies:
        if copy.relation not in ("original", "same-url"):  # same-url: the same page
            name = copy.publisher or outlets.get(copy.source) or host_name(copy.url) \
                or copy.source
            if name:
                found.setdefault(name, copy.url)
    return found


@dataclass
class StoreBuild:
    """A briefing built from the store: what was written, and which run recorded it."""

    briefing: Briefing
    written: dict[str, Path]
    run_id: int
    edition: Edition | None = None
    #: the edition's row in the delivery outbox
    edition_id: int | None = None


def build_from_store(settings: Settings, store: Store, since: str = "last",
                     date: Date | None = None, out_root: Path | None = None,
                     formats: Sequence[str] | None = None,
                     progress: Progress = no_progress, deliver: bool = False
                     ) -> StoreBuild | None:
    """Build and publish an edition of the articles new since ``since``; None if there
    are none. The run, what it included and the edition's outbox row are recorded in one
    transaction once the edition is published, so a failed build leaves those articles
    new for the next one. With ``deliver`` every configured target gets a pending
    delivery; without (or with no target configured yet), ``briefing deliver EDITION``
    can still send it later. The caller holds the store's and the output folder's locks."""
    cutoff = since_cutoff(since, store)
    stored = store.articles(new_since=cutoff)
    if not stored:
        log.info("nothing new in the store%s", f" since {clock_text(cutoff, settings.schedule.timezone)}"
                 if cutoff else "")
        return None
    day = date or local_today(settings)
    progress(f"cleaning {len(stored)} new article(s) from the store")
    store_ids = {f"store/article-{a.id}": a.id for a in stored}
    dropped: list[Dropped] = []
    outlets = {source.label: source.name for source in settings.sources
               if source.name and source.kind != "folder"}
    articles = clean_documents([_stored_document(a, outlets) for a in stored], settings.limits,
                               dropped)
    _named_as_given(dropped, stored, settings)
    # the files the folder sources left out when they were read, not listed before
    left_out = store.left_out_files([s.label for s in settings.sources if s.kind == "folder"],
                                    unlisted=True, new_since=cutoff)
    dropped[:0] = [Dropped(path=f.path, reason=f.reason) for f in left_out]
    mark_languages(articles)
    if not articles:
        log.warning("%d new article(s) in the store, none with text left to brief; no "
                    "edition written", len(stored))
        return None
    run_id = store.start_run(day.isoformat(), cutoff)
    taken = store.story_ids()

    def new_id(cluster_id: str) -> str:
        """Story ids stay unique across briefings: the date, then the day's number."""
        candidate, n = f"{day.isoformat()}-{cluster_id}", 1
        while candidate in taken:
            n += 1
            candidate = f"{day.isoformat()}-{cluster_id}-{n}"
        taken.add(candidate)
        return candidate

    try:
        earlier = store.earlier_stories(settings.store.continuity_days)
        empty: list[Dropped] = []
        stories = build_stories(parse(articles, settings, progress), settings, progress,
                                earlier=earlier, new_id=new_id, dropped=empty)
        _named_as_given(empty, stored, settings)
        dropped.extend(empty)
        progress("ranking")
        briefing = assemble_briefing(stories, day, settings, dropped=dropped, earlier=earlier)
        edition = publish_briefing(briefing, Path(out_root or settings.render.out_dir),
                                   formats or settings.render.formats, settings, progress)
        targets = channels(settings.delivery)
        parcel = kept_parcel(edition.folder)
    except BaseException as exc:
        store.fail_run(run_id, f"{type(exc).__name__}: {exc}")
        raise
    shown = [ShownStory(id=s.id, headline=s.headline,
                        article_ids=[store_ids[p.article.path] for p in s.cluster.articles],
                        shown=[sentence.text for sentence in s.summary]) for s in stories]
    recorded: list[int] = []

    def record_edition(session) -> None:
        recorded.append(Outbox(store).add_edition(
            session, **_outbox_record(edition, parcel), run_id=run_id,
            targets=[t.name for t in targets] if deliver else []))
    store.finish_run(run_id, [a.id for a in stored], shown,
                     {fmt: str(path) for fmt, path in edition.files.items()},
                     also=record_edition, left_out=[f.id for f in left_out])
    return StoreBuild(briefing, edition.files, run_id, edition,
                      recorded[0] if recorded else None)


def _outbox_record(edition: Edition, parcel: dict) -> dict:
    """What the outbox keeps of a published edition: where it is and what it sends."""
    return {"name": edition.name, "folder": str(edition.folder.resolve()), "date": edition.date,
            "files": {fmt: str(path) for fmt, path in edition.files.items()}, "parcel": parcel}


def record_for_delivery(settings: Settings, store: Store, edition: Edition) -> int:
    """Put an edition built from files into the outbox, a pending delivery per target."""
    return Outbox(store).record_edition(**_outbox_record(edition, kept_parcel(edition.folder)),
                                        targets=[t.name for t in channels(settings.delivery)])


def find_edition(settings: Settings, store: Store, key: str) -> EditionRecord | None:
    """The edition ``key`` names, in the outbox: a folder name under ``render.out_dir``,
    a folder path, or ``latest`` (the newest edition of ``render.out_dir``, else the
    newest the outbox holds). An edition not in the outbox yet (built while no target was
    configured, or from files without ``--deliver``) is recorded from the parcel its
    folder keeps. None when no edition is found."""
    outbox = Outbox(store)
    out_root = Path(settings.render.out_dir)
    if key == "latest":
        newest = latest(out_root)
        candidates = [out_root / newest] if newest else []
    else:
        candidates = ([out_root / key] if EDITION_NAME.match(key) else []) + [Path(key)]
    folder = next((f for f in candidates if f.is_dir()), None)
    if folder is None:
        return outbox.edition(key)
    found = outbox.edition(str(folder.resolve()))
    if found is not None:
        return found
    parcel = kept_parcel(folder)
    if parcel is None:
        raise ValueError(f"the edition {folder} keeps no messages to send (it was built by "
                         f"an earlier version, before editions kept their {PARCEL_FILE}); "
                         "build it again to deliver it")
    manifest = read_manifest(folder)
    outbox.record_edition(
        name=folder.name, folder=str(folder.resolve()), date=manifest.get("date", folder.name),
        files={fmt: str(folder.resolve() / Path(file).name)
               for fmt, file in manifest.get("files", {}).items() if isinstance(file, str)},
        parcel=parcel, targets=[])
    return outbox.edition(str(folder.resolve()))


def deliver_briefing(settings: Settings, store: Store, progress: Progress = no_progress,
                     now: datetime | None = None) -> DeliveryReport:
    """Send every delivery the outbox holds that is due: pending ones, and failed ones
    whose backoff is over. A failing target is recorded with its error and the time of
    its next try; the others still get their messages. The caller holds the store lock."""
    return send_due(Outbox(store), channels(settings.delivery), settings.delivery,
                    progress, now=now)


def run_scheduled_build(settings: Settings, store: Store,
                        progress: Progress = no_progress) -> tuple[dict[str, Path],
                                                                   DeliveryReport | None]:
    """The scheduler's build job: an edition of what is new since the last one, under the
    configured output folder, then every due delivery sent (this edition's and earlier
    failed ones). Returns the written files (none when nothing was new) and the delivery
    report (None when no target is configured). The caller holds the locks."""
    built = build_from_store(settings, store, "last", progress=progress, deliver=True)
    if not channels(settings.delivery):
        return (built.written if built else {}), None
    report = deliver_briefing(settings, store, progress)
    if not report.ok:
        log.error("%s not delivered to: %s", built.edition.folder if built else "briefing",
                  ", ".join(report.failed))
    return (built.written if built else {}), report
