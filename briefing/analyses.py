"""What the stages read from each article's Doc, kept so a rebuild reads no Doc at all.

Clustering (the article's features), quotes (its statements) and summaries (its usable
sentences) each take from an article's Doc something that depends on that article
alone. :func:`analyse_articles` gets those for every article, streaming: an article
whose analyses are in the cache costs one small file read; the others are parsed (or
their Doc read from the parse cache), analysed, and their Doc dropped before the next
batch, so a build holds a batch of Docs, never the day's.

The entries live in the parse cache's folder, under its size bound and rules (one file
per article, written whole then renamed, least recently used first to go). An entry's
name hashes the article's text and what else its analyses read (where the body starts,
the publication time, the language) with a stamp of everything that decides them: the
parse fingerprint (spaCy, model and version, components), the source code of the
modules that compute them and of all they import, and the settings each stage reads per
article. A new model, code or setting makes new names; an entry that does not decode is
deleted and made again.
"""
from __future__ import annotations

import ast
import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from . import (__version__, cluster, datelines, language, names, parse, quotes, records, times,
               words)
from .cluster import ArticleFeatures, article_features, features_key
from .config import Settings
from .parse import iter_parses, load_model
from .parse_cache import ANALYSIS_SUFFIX as SUFFIX, STORY_SUFFIX, ParseCache, fingerprint
from .quotes import article_quotes, quotes_key
from .records import (Article, Cluster, Mention, ParsedArticle, Progress, Quote, QuoteRow,
                      Span, SummarySentence, no_progress)
from . import summarise
from .summarise import candidates as summary_candidates, nlp as summary_nlp
from .summarise import summarizers
from .summarise.candidates import ArticleSentence, article_sentences, sentences_key

log = logging.getLogger("briefing.analyses")

#: bump when an entry's layout changes
FORMAT = 3
#: the modules whose code decides an article's analyses (a package: all its modules)
SOURCES = (cluster, quotes, summary_candidates, summary_nlp, names, words, language, records,
           parse, datelines)
#: and those that decide a story's summary and who-said-what table from them
STORY_SOURCES = (*SOURCES, summarise, summarizers, times)


@lru_cache(maxsize=2)
def code_version(modules: tuple = SOURCES) -> str:
    """A digest of this module's source, of ``modules``' and of every module of the
    package they import (at any depth: a rule moved to a helper module still counts), so
    a code change never reads what the old code made."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for path in [Path(__file__), *source_files([Path(m.__file__) for m in modules])]:
        try:
            digest.update(path.read_bytes())
        except OSError:  # no source installed: the package version stands for it
            digest.update(f"{path.name} {__version__}".encode())
    return digest.hexdigest()[:16]


def source_files(roots: Sequence[Path], package: Path | None = None) -> list[Path]:
    """``roots`` (module files; a package's ``__init__.py`` stands for all its modules)
    and the files of ``package`` (this one by default) that they import, relatively, at
    any depth; sorted."""
    package = (package or Path(__file__).parent).resolve()
    found: set[Path] = set()
    waiting = [Path(r).resolve() for r in roots]
    while waiting:
        path = waiting.pop()
        if path in found:
            continue
        found.add(path)
        if path.name == "__init__.py":
            waiting += sorted(path.parent.glob("*.py"))
        waiting += [f for f in _imported_files(path) if package in f.parents or f == package]
    return sorted(found)


def _imported_files(path: Path) -> list[Path]:
    """The files the relative imports of ``path`` name (``from ..titles import X``,
    ``from . import summarizers``); none when it cannot be read."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return []
    files = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = path.parent
        for _ in range(node.level - 1):
            base = base.parent
        if node.module:
            base = base.joinpath(*node.module.split("."))
            names = [None]
        else:
            names = [alias.name for alias in node.names]
        for name in names:
            target = base / name if name else base
            for candidate in (target.with_suffix(".py"), target / "__init__.py"):
                if candidate.is_file():
                    files.append(candidate.resolve())
                    break
    return files


def stage_keys(settings: Settings) -> tuple[tuple, tuple, tuple]:
    """The keys the stages keep their per-article results under, with these settings."""
    return (features_key(settings.cluster), quotes_key(settings.quotes),
            sentences_key(settings.summary))


def stamp(settings: Settings, nlp) -> str:
    """Everything besides the article that decides its analyses."""
    text = f"{fingerprint(nlp)}\n{code_version()}\n{stage_keys(settings)!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _entry_key(article: Article, stamp_: str) -> str:
    published = article.published.isoformat() if article.published else ""
    return (f"analysis {stamp_}\0{article.body_start}\0{published}\0{article.language}\0"
            f"{article.text}")


def analyse_articles(articles: Sequence[Article], settings: Settings,
                     progress: Progress = no_progress) -> list[ParsedArticle]:
    """Every article with the stages' per-article results in ``analyses`` and no Doc:
    read from the cache where it holds them, else computed from the article's parse."""
    cache = ParseCache.for_settings(settings) if settings.parse.cache_mb else None
    parsed = [ParsedArticle(article=a, doc=None) for a in articles]
    if not parsed:
        return parsed
    nlp = load_model(tuple(settings.parse.models))
    keys = stage_keys(settings)
    stamp_ = stamp(settings, nlp)
    missing = list(range(len(parsed)))
    if cache is not None:
        missing = [i for i in missing if not _restore(cache, parsed[i], stamp_, keys)]
        log.info("analysis cache: %d of %d article(s) read, %d to analyse",
                 len(parsed) - len(missing), len(parsed), len(missing))
    if not missing:
        return parsed
    if len(missing) < len(parsed):
        progress(f"parsing {len(missing)} new article(s)")
    for done, (k, doc) in enumerate(iter_parses([articles[i] for i in missing],
                                                settings.parse, nlp, cache), 1):
        item = parsed[missing[k]]
        item.doc = doc
        features = article_features(item, settings.cluster)
        statements = article_quotes(item, settings.quotes)
        sentences = article_sentences(item, settings.summary)
        item.doc = None  # what later stages need is kept; the Doc goes
        if cache is not None:
            entry = {"check": _check(item.article, stamp_),
                     "cluster": _features_out(features),
                     "quotes": [_quote_out(q) for q in statements],
                     "summarise": [_sentence_out(s) for s in sentences]}
            cache.write(cache.path(_entry_key(item.article, stamp_), SUFFIX),
                        _dumps(entry))
        if done % 100 == 0:
            progress(f"parsed {done} of {len(missing)} article(s)")
    if cache is not None:
        cache.prune()
    return parsed


def _dumps(entry: dict) -> bytes:
    """An entry as JSON: fast to read, and every float read back to the same bits."""
    return json.dumps(entry, separators=(",", ":")).encode("ascii")


def _check(article: Article, stamp_: str) -> str:
    """What an entry says it is of: a file renamed to another's name is not read."""
    return hashlib.sha256(_entry_key(article, stamp_).encode("utf-8", "surrogatepass")
                          ).hexdigest()


def _restore(cache: ParseCache, item: ParsedArticle, stamp_: str,
             keys: tuple[tuple, tuple, tuple]) -> bool:
    """Fill ``item.analyses`` from its cache entry; False when there is no usable one."""
    path = cache.path(_entry_key(item.article, stamp_), SUFFIX)
    data = cache.read(path)
    if data is None:
        return False
    try:
        entry = json.loads(data)
        if entry["check"] != _check(item.article, stamp_):
            cache.discard(path)
            return False
        found = {keys[0]: _features_in(entry["cluster"]),
                 keys[1]: [_quote_in(q, item.article.id) for q in entry["quotes"]],
                 keys[2]: [_sentence_in(s) for s in entry["summarise"]]}
    except Exception as exc:  # noqa: BLE001 - any decoding failure means a corrupt file
        cache.corrupt(path, exc, "analysing again")
        return False
    item.analyses.update(found)
    return True


def _features_out(f: ArticleFeatures) -> dict:
    return {"terms": f.terms, "entities": f.entities, "published_day": f.published_day,
            "event_day": f.event_day, "event_has_year": f.event_has_year,
            "event_resolved": f.event_resolved, "lead_people": sorted(f.lead_people),
            "names": sorted(f.names), "quoted": sorted(f.quoted)}


def _features_in(d: dict) -> ArticleFeatures:
    return ArticleFeatures(terms=dict(d["terms"]), entities=dict(d["entities"]),
                           published_day=d["published_day"], event_day=d["event_day"],
                           event_has_year=bool(d["event_has_year"]),
                           event_resolved=bool(d["event_resolved"]),
                           lead_people=frozenset(d["lead_people"]), names=frozenset(d["names"]),
                           quoted=frozenset(d["quoted"]))


def _quote_out(q: Quote) -> dict:
    out = asdict(q)
    del out["article_id"]  # the same text may be another article (path, part) next time
    return out


def _quote_in(d: dict, article_id: str) -> Quote:
    mention = d.pop("mention")
    parts = [(start, end) for start, end in d.pop("parts", [])]  # JSON made them lists
    return Quote(article_id=article_id, **d, parts=parts,
                 mention=Mention(**mention) if mention is not None else None)


def _sentence_out(s: ArticleSentence) -> list:
    return [s.text, s.bare, s.needs_context, s.stems, [list(b) for b in s.bigrams],
            list(s.tokens), s.words, s.refers_back, s.after_previous, list(s.people),
            list(s.proper)]


def _sentence_in(row: list) -> ArticleSentence:
    (text, bare, needs_context, stems, bigrams, tokens, words_, refers_back, after_previous,
     people, proper) = row
    return ArticleSentence(text=text, bare=bare, needs_context=bool(needs_context),
                           stems=list(stems), bigrams=frozenset(map(tuple, bigrams)),
                           tokens=tuple(tokens), words=int(words_),
                           refers_back=bool(refers_back), after_previous=bool(after_previous),
                           people=tuple(map(str, people)), proper=tuple(map(str, proper)))


class StoryResults:
    """A story's summary and who-said-what table, kept in the same cache: a rebuild with
    nothing new makes the same clusters, and reads what was said about each.

    Both are made from the story's articles alone (their ids, texts, titles, publication
    times and languages, and what the stages read from them), its headline, the
    summary and quote settings and the sentences shown before, so those name the entry.
    """

    def __init__(self, settings: Settings, nlp=None):
        self.cache = ParseCache.for_settings(settings) if settings.parse.cache_mb else None
        self.settings = settings
        if self.cache is not None:
            nlp = nlp or load_model(tuple(settings.parse.models))
            self.stamp = (f"story {stamp(settings, nlp)} {code_version(STORY_SOURCES)} "
                          f"{asdict(settings.summary)!r} {asdict(settings.quotes)!r}")

    def get(self, cluster: Cluster, shown: Sequence[str],
            make: Callable[[], tuple[list[SummarySentence], list[QuoteRow]]]
            ) -> tuple[list[SummarySentence], list[QuoteRow]]:
        """The story's (summary, table): read, else ``make()`` and kept."""
        if self.cache is None:
            return make()
        key = self._key(cluster, shown)
        path = self.cache.path(key, STORY_SUFFIX)
        data = self.cache.read(path)
        check = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        if data is not None:
            try:
                entry = json.loads(data)
                if entry["check"] == check:
                    return ([_summary_in(s) for s in entry["summary"]],
                            [_row_in(r) for r in entry["table"]])
                self.cache.discard(path)
            except Exception as exc:  # noqa: BLE001 - any decoding failure means a corrupt file
                self.cache.corrupt(path, exc, "summarising again")
        summary, table = make()
        self.cache.write(path, _dumps({
            "check": check, "summary": [_summary_out(s) for s in summary],
            "table": [_row_out(r) for r in table]}))
        return summary, table

    def _key(self, cluster: Cluster, shown: Sequence[str]) -> str:
        members = []
        for p in cluster.articles:
            a = p.article
            members.append(f"{a.id}\0{len(a.title)}\0{a.published.isoformat() if a.published else ''}"
                           f"\0{a.language}\0{hashlib.sha256(a.text.encode('utf-8', 'surrogatepass')).hexdigest()}")
        return "\n".join([self.stamp, cluster.headline, repr(list(shown)), *members])

    def done(self) -> None:
        """Trim the cache to its bound once the stories are made."""
        if self.cache is not None:
            self.cache.prune()


def _spans_out(spans: Sequence[Span]) -> list:
    return [[s.article_id, s.start, s.end] for s in spans]


def _spans_in(rows: list) -> list[Span]:
    return [Span(article_id, start, end) for article_id, start, end in rows]


def _summary_out(s: SummarySentence) -> list:
    return [s.text, _spans_out(s.spans)]


def _summary_in(row: list) -> SummarySentence:
    return SummarySentence(text=row[0], spans=_spans_in(row[1]))


def _row_out(r: QuoteRow) -> list:
    return [r.speaker, r.role, r.text, r.kind, r.cue, _spans_out(r.spans)]


def _row_in(row: list) -> QuoteRow:
    speaker, role, text, kind, cue, spans = row
    return QuoteRow(speaker=speaker, role=role, text=text, kind=kind, cue=cue,
                    spans=_spans_in(spans))
