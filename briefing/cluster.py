"""Cluster stage: group articles that report the same event.

Two articles are compared on what they say (TF-IDF over content-word lemmas, the title
and lead weighted up, as news puts the event first), on who and where they name (named
entities, people folded with :func:`briefing.names.name_key`), and on when (publication
dates, else the first full date the body gives). Average-linkage agglomerative
clustering then merges stories while the mean similarity between two groups reaches
the threshold. Only pairs sharing a distinctive term or entity are scored, so the cost
grows with the number of related pairs rather than with all pairs.
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from .config import ClusterSettings
from .names import name_key, name_tokens
from .records import Cluster, ParsedArticle

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
#: tokens of one article looked at; the event is told long before this
MAX_TOKENS = 6000
#: terms per article used to find candidate pairs
BLOCK_TERMS = 30
#: pair similarities below this are not kept (they cannot pull a merge)
MIN_PAIR_SIMILARITY = 0.02
#: strongest penalty a date read from the text can give (it may be a background date)
TEXT_DATE_FACTOR = 0.5
#: text dates closer than this are not taken as evidence of different events
TEXT_DATE_SLACK_DAYS = 30.0

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_DATE_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?", re.I)


@dataclass
class _Features:
    """What one article contributes to comparisons, as sparse weight maps."""

    terms: dict[str, float]
    entities: dict[str, float]
    #: days since the epoch of the event, when known
    day: float | None
    #: whether ``day`` was read from the text rather than the publication date
    from_text: bool
    #: whether that text date gave (or could borrow) a year
    has_year: bool


def _position_weight(offset: int, body_start: int, lead_chars: int, title_weight: float) -> float:
    """Title counts ``title_weight``; the lead decays from 1.5 to 1 over ``lead_chars``."""
    if offset < body_start:
        return title_weight
    into_body = offset - body_start
    return 1.0 + 0.5 * max(0.0, 1.0 - into_body / lead_chars)


def _entity_key(label: str, surface: str) -> str:
    """People by folded surname; other one-word names share that key space, since the
    tagger often labels a lone surname ORG; longer names of places and bodies whole."""
    tokens = [t for t in name_tokens(surface) if t != "the"]
    if label == "PERSON" or len(tokens) == 1:
        return name_key(surface)
    return " ".join(tokens)


def _text_date(doc, body_start: int, lead_chars: int) -> tuple[float | None, bool]:
    """Day of the first full date the lead gives ("on December 9"), with a year if known.

    Only the lead is read: later dates are mostly background ("since February 2022").
    """
    for ent in doc.ents:
        if ent.start_char >= body_start + lead_chars:
            break
        if ent.label_ != "DATE" or ent.start_char < body_start or len(ent.text) > 40:
            continue
        match = _DATE_MONTH_DAY.search(ent.text)
        if match:
            month_word, day_text, year_text = match.groups()
        else:
            match = _DATE_DAY_MONTH.search(ent.text)
            if not match:
                continue
            day_text, month_word, year_text = match.groups()
        month, day = _MONTHS[month_word[:3].lower()], int(day_text)
        year = int(year_text) if year_text else None
        try:
            when = datetime(year or 2001, month, day, tzinfo=timezone.utc)
        except ValueError:
            continue
        return when.timestamp() / 86400, year is not None
    return None, False


def _features(parsed: ParsedArticle, settings: ClusterSettings) -> _Features:
    article, doc = parsed.article, parsed.doc
    body_start = article.body_start
    terms: Counter[str] = Counter()
    for token in doc[:MAX_TOKENS]:
        if token.pos_ in CONTENT_POS and token.is_alpha and not token.is_stop and len(token) > 1:
            terms[token.lemma_.lower()] += _position_weight(
                token.idx, body_start, settings.lead_chars, settings.title_weight)
    entities: Counter[str] = Counter()
    for ent in doc.ents:
        if ent.start >= MAX_TOKENS:
            break
        if ent.label_ in ENTITY_LABELS:
            key = _entity_key(ent.label_, ent.text)
            if key:
                entities[key] += _position_weight(
                    ent.start_char, body_start, settings.lead_chars, settings.title_weight)
    published = article.published
    if published is not None:
        if published.tzinfo is None:
            published = published.replace(tzinfo=timezone.utc)
        return _Features(dict(terms), dict(entities), published.timestamp() / 86400, False, True)
    day, has_year = _text_date(doc, body_start, settings.lead_chars)
    return _Features(dict(terms), dict(entities), day, True, has_year)


class _SparseMatrix:
    """Rows of L2-normalised sublinear TF-IDF weights, each row's keys best first."""

    def __init__(self, rows: list[dict[str, float]]):
        df: Counter[str] = Counter(k for row in rows for k in row)
        n = len(rows)
        self.vocab = {k: i for i, k in enumerate(df)}
        idf = {k: math.log((1 + n) / (1 + c)) + 1.0 for k, c in df.items()}
        self.df = df
        self.rows: list[tuple[np.ndarray, np.ndarray]] = []
        self.top_keys: list[list[str]] = []
        for row in rows:
            weights = {k: (1.0 + math.log(w) if w >= 1 else w) * idf[k] for k, w in row.items()}
            keys = list(weights)
            idx = np.fromiter((self.vocab[k] for k in keys), dtype=np.int64, count=len(keys))
            val = np.fromiter((weights[k] for k in keys), dtype=np.float64, count=len(keys))
            norm = float(np.linalg.norm(val))
            self.rows.append((idx, val / norm if norm else val))
            self.top_keys.append(sorted(keys, key=weights.__getitem__, reverse=True))

    def cosines(self, i: int, others: list[int]) -> np.ndarray:
        """Cosine of row ``i`` with each row in ``others``, without densifying them."""
        if not others:
            return np.zeros(0)
        dense = np.zeros(len(self.vocab))
        idx, val = self.rows[i]
        dense[idx] = val
        lengths = [len(self.rows[j][0]) for j in others]
        if not sum(lengths):
            return np.zeros(len(others))
        all_idx = np.concatenate([self.rows[j][0] for j in others])
        all_val = np.concatenate([self.rows[j][1] for j in others])
        products = dense[all_idx] * all_val
        sums = np.zeros(len(others))
        ends = np.cumsum(lengths)
        starts = ends - np.asarray(lengths)
        nonempty = np.asarray(lengths) > 0
        sums[nonempty] = np.add.reduceat(products, starts[nonempty])
        return sums


def _candidate_pairs(terms: _SparseMatrix, entities: _SparseMatrix, n: int) -> dict[int, set[int]]:
    """Pairs sharing a distinctive key: a top term or an entity no more common than a cap."""
    cap = max(50, int(4 * math.sqrt(n)))
    postings: dict[str, list[int]] = defaultdict(list)
    for i in range(n):
        for key in terms.top_keys[i][:BLOCK_TERMS]:
            if terms.df[key] <= cap:
                postings["t:" + key].append(i)
        for key in entities.top_keys[i]:
            if entities.df[key] <= cap:
                postings["e:" + key].append(i)
    pairs: dict[int, set[int]] = defaultdict(set)
    for members in postings.values():
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1:]:
                pairs[a].add(b)
    return pairs


def _time_factor(a: _Features, b: _Features, max_days: float) -> float:
    """1 when close in time or unknown; far apart needs much stronger evidence.

    Publication dates are trusted; a date read from the text may be a background date,
    so two articles dated only by their text get at most a mild penalty, and a text date
    is never weighed against a publication date.
    """
    if a.day is None or b.day is None or max_days <= 0 or a.from_text != b.from_text:
        return 1.0
    gap = abs(a.day - b.day)
    if a.from_text:
        if not (a.has_year and b.has_year):  # month and day only: compare around the year
            gap = gap % 365.25
            gap = min(gap, 365.25 - gap)
        # a lead's first date is often a schedule (exam on the 7th, festival in April)
        return TEXT_DATE_FACTOR if gap > max(max_days, TEXT_DATE_SLACK_DAYS) else 1.0
    return 1.0 if gap <= max_days else 0.5 * max_days / gap


def pair_similarities(parsed: list[ParsedArticle],
                      settings: ClusterSettings) -> dict[tuple[int, int], float]:
    """Combined similarity of every candidate pair (i < j) worth keeping."""
    features = [_features(p, settings) for p in parsed]
    n = len(features)
    terms = _SparseMatrix([f.terms for f in features])
    entities = _SparseMatrix([f.entities for f in features])
    weight = min(max(settings.entity_weight, 0.0), 1.0)
    sims: dict[tuple[int, int], float] = {}
    for i, others in _candidate_pairs(terms, entities, n).items():
        js = sorted(others)
        content = terms.cosines(i, js)
        named = entities.cosines(i, js)
        for j, c, e in zip(js, content, named):
            both_named = bool(features[i].entities) and bool(features[j].entities)
            score = (1 - weight) * c + weight * e if both_named else c
            score *= _time_factor(features[i], features[j], settings.max_days_apart)
            if score >= MIN_PAIR_SIMILARITY:
                sims[(i, j)] = float(score)
    return sims


def _average_linkage(n: int, sims: dict[tuple[int, int], float], threshold: float) -> list[list[int]]:
    """Merge groups while their mean pairwise similarity (absent pairs count 0) >= threshold."""
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), s in sims.items():
        links[i][j] = s
        links[j][i] = s
    version = [0] * n
    heap = [(-s, i, j, 0, 0) for (i, j), s in sims.items() if s >= threshold]
    heapq.heapify(heap)
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        if a not in members or b not in members or version[a] != va or version[b] != vb:
            continue
        # merge b into a
        members[a].extend(members.pop(b))
        version[a] += 1
        merged = links[a]
        merged.pop(b, None)
        for k, s in links.pop(b).items():
            if k == a:
                continue
            merged[k] = merged.get(k, 0.0) + s
            links[k][a] = merged[k]
            links[k].pop(b, None)
        size_a = len(members[a])
        for k, total in merged.items():
            mean = total / (size_a * len(members[k]))
            if mean >= threshold:
                first, second = (a, k) if a < k else (k, a)
                heapq.heappush(heap, (-mean, first, second, version[first], version[second]))
    return list(members.values())


def cluster_articles(parsed: list[ParsedArticle], settings: ClusterSettings) -> list[Cluster]:
    """Group articles by event; every article lands in exactly one cluster."""
    if not parsed:
        return []
    sims = pair_similarities(parsed, settings)
    groups = _average_linkage(len(parsed), sims, settings.threshold)
    centrality = [0.0] * len(parsed)
    for group in groups:
        inside = set(group)
        for i in group:
            others = [sims.get((min(i, j), max(i, j)), 0.0) for j in inside if j != i]
            centrality[i] = sum(others) / len(others) if others else 0.0

    def published_key(i: int) -> float:
        when = parsed[i].article.published
        if when is None:
            return math.inf
        return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).timestamp()

    ordered_groups = [sorted(g, key=lambda i: (-centrality[i], published_key(i), i)) for g in groups]
    ordered_groups.sort(key=lambda g: (-len(g), min(published_key(i) for i in g), min(g)))
    clusters = []
    for number, group in enumerate(ordered_groups, 1):
        lead = parsed[group[0]].article
        headline = lead.title or _first_line(lead.body)
        clusters.append(Cluster(id=f"story-{number}", articles=[parsed[i] for i in group],
                                headline=headline))
    return clusters


def _first_line(text: str, limit: int = 120) -> str:
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + "…"
