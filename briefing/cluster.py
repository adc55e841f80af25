"""Cluster stage: group articles that report the same event.

Two articles are compared on what they say (TF-IDF over content-word lemmas, the title
and lead weighted up, as news puts the event first), on who and where they name (named
entities, people folded with :func:`briefing.names.name_key`, longer names also by their
words), on when (publication dates, and the date the lead gives, "on December 9" or "on
Friday", resolved against publication), and on whether their leads name different
people: the same kind of news about other actors is another event. A statement both
quote word for word (six words in a row inside quotation marks) raises their similarity
by a quarter: the same words from the same mouth are strong evidence of one event.
Average-linkage agglomerative clustering then merges stories while the mean similarity
between two groups reaches the threshold. Only pairs sharing a distinctive term or
entity are scored, so the cost grows with the number of related pairs rather than with
all pairs.

:func:`link_earlier` gives a story that continues one from an earlier briefing that
story's id, comparing stored texts with the same weighting.
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .config import ClusterSettings
from .names import fold, name_key, name_tokens
from .records import Article, Cluster, EarlierStory, ParsedArticle, as_utc
from .times import MONTH_WORD, latest_of
from .titles import best_title, not_a_title, shortened
from .words import stem

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})
#: tokens of one article looked at; the event is told long before this
MAX_TOKENS = 6000
#: terms per article used to find candidate pairs
BLOCK_TERMS = 30
#: the most articles a key may be shared by and still find pairs (a story told by more
#: than this many links through its rarer words and names)
BLOCK_KEY_MAX_ARTICLES = 100
#: candidate pairs scored at once (bounds the memory of the row products)
PAIR_BATCH = 20_000
#: pair similarities below this are not kept (they cannot pull a merge)
MIN_PAIR_SIMILARITY = 0.02
#: text dates closer than this are not taken as evidence of different events
TEXT_DATE_SLACK_DAYS = 30.0
#: a news lead's event lies within this many days of publication; dates further off are
#: background and are passed over
EVENT_WINDOW_DAYS = 7

#: words in a row of a quotation two articles must share for it to count as one statement
#: quoted by both (fewer are stock phrases: "we will not give up")
QUOTE_RUN_WORDS = 6
#: how much a pair's similarity rises when both quote one statement word for word: the
#: same words said by the same person are strong evidence of the same event, though not
#: enough alone (a famous line is quoted again in other stories)
SHARED_QUOTE_FACTOR = 1.25
#: a quotation: between curly or straight double quotes, on one line, bounded
_QUOTATION = re.compile(r"“([^”\n]{1,2000})”|\"([^\"\n]{1,2000})\"")

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH = rf"({MONTH_WORD})"
_DATE_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_DATE_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?", re.I)


@dataclass
class ArticleFeatures:
    """What one article contributes to comparisons."""

    terms: dict[str, float]
    entities: dict[str, float]
    #: days since the epoch of publication, when known
    published_day: float | None
    #: days since the epoch of the first date the lead gives, when one is found
    event_day: float | None
    #: whether that date's year is known (given, or taken from publication)
    event_has_year: bool
    #: whether that date was resolved against the publication date
    event_resolved: bool
    #: people the title and lead name (folded surnames): the event's actors
    lead_people: frozenset[str]
    #: every entity key and folded word of the article, to look those actors up in
    names: frozenset[str]
    #: runs of QUOTE_RUN_WORDS words inside its quotation marks (lower case, words only)
    quoted: frozenset[str]


def _position_weight(offset: int, body_start: int, lead_chars: int, title_weight: float) -> float:
    """Title counts ``title_weight``; the lead decays from 1.5 to 1 over ``lead_chars``."""
    if offset < body_start:
        return title_weight
    into_body = offset - body_start
    return 1.0 + 0.5 * max(0.0, 1.0 - into_body / lead_chars)


#: words that end organisation names without telling them apart
_NAME_FILLERS = frozenset({"the", "of", "and", "for", "inc", "llc", "lp", "ltd", "plc", "corp",
                           "co", "company", "group", "holdings", "sa", "ag", "nv"})
#: longest entity kept, in words: longer "entities" are mis-tagged headlines
MAX_ENTITY_WORDS = 6


def _entity_keys(label: str, surface: str) -> list[tuple[str, float]]:
    """Keys an entity mention counts under, with the share of its weight each gets.

    People by folded surname; other one-word names share that key space, since the
    tagger often labels a lone surname ORG. Longer names of places and bodies count half
    whole and half by their words, so "the Mummers Parade" still meets "Mummers" and
    "Hertz Global Holdings Inc" meets "Hertz Global". Links, addresses and runaway spans
    are dropped.
    """
    if any(marker in surface.lower() for marker in ("http", "www.", "@", ".com")):
        return []
    if label == "PERSON":
        key = name_key(surface)
        return [(key, 1.0)] if key else []
    tokens = [t for t in name_tokens(surface.replace("-", " ")) if t]
    words = [t for t in tokens if t not in _NAME_FILLERS]
    if not words or len(tokens) > MAX_ENTITY_WORDS:
        return []
    if len(words) == 1:
        return [(words[0], 1.0)]
    whole = " ".join(tokens)
    return [(whole, 0.5)] + [(w, 0.5 / len(words)) for w in words]


_WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
                  "this evening": 0, "yesterday": -1, "tomorrow": 1}
#: a day of the month without a year is taken in the year that puts it nearest the
#: publication date, so "December 30" in a January 2 article is last year's
_HALF_YEAR = 183


def _month_day(text: str) -> tuple[int, int, int | None] | None:
    match = _DATE_MONTH_DAY.search(text)
    if match:
        month_word, day_text, year_text = match.groups()
    else:
        match = _DATE_DAY_MONTH.search(text)
        if not match:
            return None
        day_text, month_word, year_text = match.groups()
    return _MONTHS[month_word[:3].lower()], int(day_text), int(year_text) if year_text else None


def _resolve_date(text: str, published: date | None,
                  ahead: bool = False) -> tuple[date, bool] | None:
    """The day a date expression names, and whether its year is known.

    Month and day ("December 9") stand alone; weekdays ("on Friday") and "yesterday"
    need the publication date: news tells what happened, so a bare weekday is the
    latest such day on or before publication, unless the text says "next" or the
    sentence looks ``ahead`` ("will close from Monday"): then the first such day on or
    after it.
    """
    found = _month_day(text)
    if found:
        month, day, year = found
        if year is None and published is not None:
            candidates = []
            for y in (published.year - 1, published.year, published.year + 1):
                try:
                    candidates.append(date(y, month, day))
                except ValueError:
                    pass
            if not candidates:
                return None
            return min(candidates, key=lambda d: abs((d - published).days)), True
        try:
            return date(year or 2001, month, day), year is not None
        except ValueError:
            return None
    if published is None:
        return None
    lowered = text.lower().strip()
    if lowered in _RELATIVE_DAYS:
        return published + timedelta(days=_RELATIVE_DAYS[lowered]), True
    match = _WEEKDAY.search(lowered)
    if match and len(lowered) <= 25:
        back = (published.weekday() - _WEEKDAYS[match.group(1)]) % 7
        if "next" in lowered or "coming" in lowered:
            return published + timedelta(days=(7 - back) % 7 or 7), True
        if ahead and not re.search(r"\b(?:last|past|previous)\b", lowered):
            return published + timedelta(days=(7 - back) % 7), True
        return published - timedelta(days=back), True
    return None


def _event_date(doc, body_start: int, lead_chars: int,
                published: date | None) -> tuple[float | None, bool, bool]:
    """Day of the first date the title or lead gives, resolved against publication.

    When the publication date is known, dates more than a week from it are skipped.
    Returns (days since the epoch, whether the year is known, whether the date was
    resolved against the publication date). Only the lead is read: later dates are
    mostly background ("since February 2022").
    """
    for ent in doc.ents:
        if ent.start_char >= body_start + lead_chars:
            break
        if ent.label_ != "DATE" or len(ent.text) > 40:
            continue
        resolved = _resolve_date(ent.text, published, _looks_ahead(ent))
        if resolved is None:
            continue
        day, has_year = resolved
        if published is not None and abs((day - published).days) > EVENT_WINDOW_DAYS:
            continue  # weeks from publication: background ("signed on June 25, 2019")
        epoch_day = datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp() / 86400
        return epoch_day, has_year, published is not None
    return None, False, False


#: auxiliaries of a verb telling what is yet to happen ("will close", "is to reopen")
_FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo"})


def _looks_ahead(ent) -> bool:
    """The verb a date hangs on tells what is yet to happen ("The bridge will close from
    Monday", "is to reopen on Friday", "is due to ... on Friday")."""
    verb = ent.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUXILIARIES for c in verb.children) or (
        any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and verb.head.lemma_ in ("be", "due", "set", "expect", "plan", "schedule"))


def features_key(settings: ClusterSettings) -> tuple:
    """The key an article's features are kept under: they depend on these settings."""
    return ("cluster", settings.lead_chars, settings.title_weight)


def article_features(parsed: ParsedArticle, settings: ClusterSettings) -> ArticleFeatures:
    """What the article contributes to comparisons, read from its Doc once."""
    return parsed.analysis(features_key(settings), lambda: _features(parsed, settings))


def _features(parsed: ParsedArticle, settings: ClusterSettings) -> ArticleFeatures:
    article, doc = parsed.article, parsed.doc
    body_start = article.body_start
    terms: Counter[str] = Counter()
    for token in doc[:MAX_TOKENS]:
        if token.pos_ in CONTENT_POS and token.is_alpha and not token.is_stop and len(token) > 1:
            terms[token.lemma_.lower()] += _position_weight(
                token.idx, body_start, settings.lead_chars, settings.title_weight)
    entities: Counter[str] = Counter()
    lead_people: set[str] = set()
    for ent in doc.ents:
        if ent.start >= MAX_TOKENS:
            break
        if ent.label_ in ENTITY_LABELS:
            weight = _position_weight(ent.start_char, body_start, settings.lead_chars,
                                      settings.title_weight)
            for key, share in _entity_keys(ent.label_, ent.text):
                entities[key] += weight * share
            if ent.label_ == "PERSON" and ent.start_char < body_start + settings.lead_chars:
                key = name_key(ent.text)
                if len(key) > 2:
                    lead_people.add(key)
    published = None
    published_day = None
    if article.published is not None:
        when = as_utc(article.published)
        published_day = when.timestamp() / 86400
        published = when.date()
    event_day, event_has_year, resolved = _event_date(doc, body_start, settings.lead_chars,
                                                      published)
    names = set(entities) | {t.lower_ for t in doc[:MAX_TOKENS] if t.is_alpha}
    names |= {fold(t.text) for t in doc[:MAX_TOKENS] if t.is_alpha}
    return ArticleFeatures(dict(terms), dict(entities), published_day, event_day, event_has_year,
                     resolved, frozenset(lead_people), frozenset(names),
                     _quoted_runs(article.text[:doc[MAX_TOKENS].idx] if len(doc) > MAX_TOKENS
                                  else article.text))


def _quoted_runs(text: str) -> frozenset[str]:
    """Every run of QUOTE_RUN_WORDS words inside a quotation of the text: two articles
    carrying one word for word quote the same statement."""
    runs: set[str] = set()
    for found in _QUOTATION.finditer(text):
        words = re.findall(r"\w+", (found.group(1) or found.group(2)).lower())
        runs.update(" ".join(words[i:i + QUOTE_RUN_WORDS])
                    for i in range(len(words) - QUOTE_RUN_WORDS + 1))
    return frozenset(runs)


class _SparseMatrix:
    """Articles x keys: rows of L2-normalised sublinear TF-IDF weights (a scipy CSR
    matrix), each key's document frequency beside it."""

    def __init__(self, rows: list[dict[str, float]]):
        df: Counter[str] = Counter(k for row in rows for k in row)
        n = len(rows)
        vocab = {k: i for i, k in enumerate(df)}
        idf = np.array([math.log((1 + n) / (1 + c)) + 1.0 for c in df.values()])
        indptr, indices, data = [0], [], []
        for row in rows:
            indices.extend(vocab[k] for k in row)
            data.extend(1.0 + math.log(w) if w >= 1 else w for w in row.values())
            indptr.append(len(indices))
        indices_array = np.array(indices, dtype=np.int64)
        values = np.array(data, dtype=np.float64) * idf[indices_array] if indices else np.zeros(0)
        matrix = sparse.csr_matrix((values, indices_array, indptr), shape=(n, len(vocab)))
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        matrix.data /= np.repeat(np.where(norms > 0, norms, 1.0), np.diff(matrix.indptr))
        # where each key came in its article, which breaks weight ties; then the keys are
        # sorted, as scipy's products want
        order = sparse.csr_matrix((np.arange(len(indices), dtype=np.float64), indices_array,
                                   indptr), shape=matrix.shape)
        order.sort_indices()
        matrix.sort_indices()
        self.matrix, self._arrival = matrix, order.data
        self.df = np.array(list(df.values()), dtype=np.int64)

    def cross_cosines(self, rows: slice, others: slice) -> np.ndarray:
        """Cosine of every row in ``rows`` with every row in ``others``, dense."""
        return (self.matrix[rows] @ self.matrix[others].T).toarray()

    def blocking_keys(self, top: int | None, cap: int) -> sparse.csr_matrix:
        """0/1 rows marking each article's keys used to find pairs: its ``top`` heaviest
        (all when None), of those only the ones no more than ``cap`` articles use."""
        matrix = self.matrix
        keep = np.zeros(matrix.nnz, dtype=bool)
        for i in range(matrix.shape[0]):
            begin, end = matrix.indptr[i], matrix.indptr[i + 1]
            order = np.lexsort((self._arrival[begin:end], -matrix.data[begin:end]))
            keep[begin + (order if top is None else order[:top])] = True
        keep &= self.df[matrix.indices] <= cap
        return sparse.csr_matrix((keep.astype(np.float64), matrix.indices, matrix.indptr),
                                 shape=matrix.shape)


def _candidate_pairs(terms: _SparseMatrix, entities: _SparseMatrix, n: int) -> sparse.csr_matrix:
    """Pairs (i < j, as the upper triangle's nonzeros) sharing a distinctive key: one of
    each article's top terms, or an entity, that no more articles use than a cap.

    The cap grows with the day (4 per square root of its articles, at least 50) up to
    BLOCK_KEY_MAX_ARTICLES, and stays there: past it, the pairs grow linearly with the
    articles, not with the square of how common a key is.
    """
    cap = min(max(50, int(4 * math.sqrt(n))), BLOCK_KEY_MAX_ARTICLES)
    shared = sum(m @ m.T for m in (terms.blocking_keys(BLOCK_TERMS, cap),
                                   entities.blocking_keys(None, cap)))
    pairs = sparse.triu(shared, k=1).tocsr()
    pairs.sort_indices()
    return pairs


def _time_factors(a: _Dates, b: _Dates, settings: ClusterSettings) -> np.ndarray:
    """For each pair of articles (``a[k]``, ``b[k]``): 1 when close in time or unknown;
    days apart needs much stronger evidence.

    Publication dates are trusted: past ``max_days_apart`` the similarity shrinks with
    the gap, unless both leads date the event to the same day (a later report of it).
    A date read from the lead may be background, so disagreeing lead dates cost at most
    ``text_date_factor``, and only when the gap is beyond doubt: ``max_days_apart`` for
    dates placed by the publication date ("on Friday"), a month for bare dates, as a
    lead's first date is often a schedule (exam on the 7th, festival in April).
    Unknown days are NaN, and comparisons with NaN are false.
    """
    factor = np.ones(len(a.published))
    max_days = settings.max_days_apart
    if max_days <= 0:
        return factor
    with np.errstate(invalid="ignore", divide="ignore"):
        event_gap = np.abs(a.event - b.event)
        around = np.mod(event_gap, 365.25)  # month and day only: compare around the year
        event_gap = np.where(a.has_year & b.has_year, event_gap,
                             np.minimum(around, 365.25 - around))
        known = ~np.isnan(event_gap)
        gap = np.abs(a.published - b.published)
        far = (gap > max_days) & ~(known & (event_gap <= max_days))
        factor = np.where(far, 0.5 * max_days / gap, factor)
        slack = np.where(a.resolved & b.resolved, max_days, max(max_days, TEXT_DATE_SLACK_DAYS))
        factor = np.where(known & (event_gap > slack), factor * settings.text_date_factor, factor)
    return factor


@dataclass(frozen=True)
class _Dates:
    """Articles' publication and lead-event days as arrays (NaN when unknown)."""

    published: np.ndarray
    event: np.ndarray
    has_year: np.ndarray
    resolved: np.ndarray

    @classmethod
    def of(cls, features: Sequence[ArticleFeatures]) -> _Dates:
        def days(values):
            return np.array([math.nan if v is None else v for v in values], dtype=np.float64)
        return cls(days(f.published_day for f in features), days(f.event_day for f in features),
                   np.array([f.event_has_year for f in features], dtype=bool),
                   np.array([f.event_resolved for f in features], dtype=bool))

    def take(self, rows: np.ndarray) -> _Dates:
        return _Dates(self.published[rows], self.event[rows], self.has_year[rows],
                      self.resolved[rows])


class _Actors:
    """Who each article's lead names, and which of those names each article mentions
    anywhere, as 0/1 rows over the lead names of all the articles."""

    def __init__(self, features: Sequence[ArticleFeatures]):
        people = sorted({p for f in features for p in f.lead_people})
        index = {p: k for k, p in enumerate(people)}
        every = set(index)
        self.lead = _indicator([[index[p] for p in f.lead_people] for f in features], len(people))
        self.named = _indicator([[index[p] for p in f.names & every] for f in features],
                                len(people))
        self.lead_count = np.asarray(self.lead.sum(axis=1)).ravel()

    def differ(self, firsts: np.ndarray, seconds: np.ndarray) -> np.ndarray:
        """For each pair: each lead names someone the other article never mentions, the
        same kind of news about different people (Zelenskyy with Merz, Zelenskyy with
        Carney)."""
        mine_found = _rowwise_dot(self.lead, firsts, self.named, seconds)
        theirs_found = _rowwise_dot(self.named, firsts, self.lead, seconds)
        return ((mine_found < self.lead_count[firsts])
                & (theirs_found < self.lead_count[seconds]))


def _rowwise_dot(left: sparse.csr_matrix, firsts: np.ndarray, right: sparse.csr_matrix,
                 seconds: np.ndarray) -> np.ndarray:
    """Dot product of row ``firsts[k]`` of ``left`` with row ``seconds[k]`` of ``right``."""
    if not len(firsts):
        return np.zeros(0)
    return np.asarray(left[firsts].multiply(right[seconds]).sum(axis=1)).ravel()


def _indicator(rows: list[list[int]], width: int) -> sparse.csr_matrix:
    indptr = np.cumsum([0] + [len(r) for r in rows])
    indices = np.array([k for r in rows for k in r], dtype=np.int64)
    return sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), width))


def _combined(content: np.ndarray, named: np.ndarray, both_named: np.ndarray,
              settings: ClusterSettings) -> np.ndarray:
    """Content similarity, blended with the names' similarity where both articles name
    someone or somewhere."""
    weight = min(max(settings.entity_weight, 0.0), 1.0)
    return np.where(both_named, (1 - weight) * content + weight * named, content)


def _scored_pairs(parsed: list[ParsedArticle],
                  settings: ClusterSettings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate pairs (i < j) worth keeping, as arrays of i, j and their combined
    similarity, scored PAIR_BATCH pairs at a time."""
    features = [article_features(p, settings) for p in parsed]
    n = len(features)
    terms = _SparseMatrix([f.terms for f in features])
    entities = _SparseMatrix([f.entities for f in features])
    named = np.array([bool(f.entities) for f in features], dtype=bool)
    dates = _Dates.of(features)
    actors = _Actors(features)
    runs = {run: k for k, run in enumerate(sorted({r for f in features for r in f.quoted}))}
    quoted = _indicator([[runs[r] for r in f.quoted] for f in features], len(runs))
    candidates = _candidate_pairs(terms, entities, n).tocoo()
    all_firsts = candidates.row.astype(np.int64)
    all_seconds = candidates.col.astype(np.int64)
    kept = []
    for start in range(0, len(all_firsts), PAIR_BATCH):
        firsts = all_firsts[start:start + PAIR_BATCH]
        seconds = all_seconds[start:start + PAIR_BATCH]
        score = _combined(_rowwise_dot(terms.matrix, firsts, terms.matrix, seconds),
                          _rowwise_dot(entities.matrix, firsts, entities.matrix, seconds),
                          named[firsts] & named[seconds], settings)
        score *= _time_factors(dates.take(firsts), dates.take(seconds), settings)
        score = np.where(actors.differ(firsts, seconds),
                         score * settings.actor_mismatch_factor, score)
        shared_quote = _rowwise_dot(quoted, firsts, quoted, seconds) > 0
        score = np.minimum(np.where(shared_quote, score * SHARED_QUOTE_FACTOR, score), 1.0)
        keep = score >= MIN_PAIR_SIMILARITY
        kept.append((firsts[keep], seconds[keep], score[keep]))
    if not kept:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    return tuple(np.concatenate(column) for column in zip(*kept))


def pair_similarities(parsed: list[ParsedArticle],
                      settings: ClusterSettings) -> dict[tuple[int, int], float]:
    """Combined similarity of every candidate pair (i < j) worth keeping."""
    firsts, seconds, scores = _scored_pairs(parsed, settings)
    return dict(zip(zip(firsts.tolist(), seconds.tolist()), scores.tolist()))


def _linked_pairs(n: int, firsts: np.ndarray, seconds: np.ndarray, scores: np.ndarray,
                  threshold: float) -> dict[tuple[int, int], float]:
    """The pairs whose ends are joined by a chain of pairs at least ``threshold`` similar.

    Average linkage merges two groups only when some pair across them reaches the
    threshold, so every group lies within one such chain's reach, and no other pair can
    take part in a merge: leaving those out changes no cluster, and saves most of the
    linkage's work on a big day.
    """
    strong = scores >= threshold
    graph = sparse.coo_matrix((np.ones(int(strong.sum())), (firsts[strong], seconds[strong])),
                              shape=(n, n))
    _, component = connected_components(graph, directed=False)
    kept = component[firsts] == component[seconds]
    return dict(zip(zip(firsts[kept].tolist(), seconds[kept].tolist()), scores[kept].tolist()))


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
    sims = _linked_pairs(len(parsed), *_scored_pairs(parsed, settings), settings.threshold)
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
        return as_utc(when).timestamp()

    ordered_groups = [sorted(g, key=lambda i: (-centrality[i], published_key(i), i)) for g in groups]
    ordered_groups.sort(key=lambda g: (-len(g), min(published_key(i) for i in g), min(g)))
    clusters = []
    for number, group in enumerate(ordered_groups, 1):
        headline = story_headline([parsed[i].article for i in group])
        clusters.append(Cluster(id=f"story-{number}", articles=[parsed[i] for i in group],
                                headline=headline))
    return clusters


def story_title(articles: Sequence[Article]) -> str:
    """The story's headline: the first article's title (articles most central first),
    from the latest ones when the story was told over days (its headline says what is
    new); "" when none has one.

    A title past :data:`briefing.titles.HEADLINE_WORDS` words is a standfirst or a lead
    in a headline's place: the next of those articles with a title that short gives the
    headline instead, and when none has one the first title is cut at a clause boundary
    (:func:`briefing.titles.shortened`)."""
    latest = latest_of([a.published for a in articles])
    titled = sorted((i not in latest if latest else False, i) for i, a in enumerate(articles)
                    if a.title.strip())
    if not titled:
        return ""
    first = articles[titled[0][1]].title
    newest = [articles[i].title for older, i in titled if older == titled[0][0]]
    return shortened(best_title(newest) or first)


def story_headline(articles: Sequence[Article]) -> str:
    """The headline a story is shown under: its title (:func:`story_title`), or when no
    article has one, the first article's first line (:func:`_first_line`); "" for a
    story of no text."""
    # an untitled article lends its first line only if none has a title
    return story_title(articles) or (_first_line(articles[0].body) if articles else "")


#: a drop cap the page set on a line of its own, over the rest of its word ("T" /
#: "he council met on Monday"), a blank line between them or not: one word with it
_DROP_CAP = re.compile(r"^([A-Z])\s*\n\s*(?=[a-z])", re.M)


def _first_line(text: str, limit: int = 120) -> str:
    """An untitled story's headline: its first article's first line that may be a
    headline (not a dateline or a byline the text opens with:
    :func:`briefing.titles.not_a_title`), a drop cap joined to its word; cut at a clause
    boundary (:func:`briefing.titles.shortened`), else at a word before ``limit``
    characters."""
    lines = [line.strip() for line in _DROP_CAP.sub(r"\1", text.strip()).split("\n")]
    lines = [line for line in lines if line]
    line = next((line for line in lines if not not_a_title(line)), lines[0] if lines else "")
    cut = shortened(line)
    if cut != line and len(cut) <= limit:
        return cut
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + "…"


# --- story continuity -------------------------------------------------------------------

#: characters of one earlier or current text read when comparing stories
CONTINUITY_MAX_CHARS = 20_000
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
_NAME_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'’-]*)*")


def _surface_features(title: str, text: str, settings: ClusterSettings) -> tuple[Counter[str], Counter[str]]:
    """Content words and names read from plain text, for stories that have no parse.

    The same weights as the parsed features (title up, lead fading), so a current
    story's articles and an earlier story's stored texts are measured alike.
    """
    from spacy.lang.en.stop_words import STOP_WORDS  # word list only; no model loaded

    title = title[:1000]
    full = f"{title}\n\n{text[:CONTINUITY_MAX_CHARS]}" if title else text[:CONTINUITY_MAX_CHARS]
    body_start = len(title) + 2 if title else 0
    terms: Counter[str] = Counter()
    for match in _WORD.finditer(full):
        word = match.group().lower().replace("’", "'")
        if word in STOP_WORDS or "'" in word:
            continue
        terms[stem(word)] += _position_weight(match.start(), body_start,
                                                     settings.lead_chars, settings.title_weight)
    entities: Counter[str] = Counter()
    for match in _NAME_RUN.finditer(full):
        run = match.group()
        if " " not in run and run.lower() in STOP_WORDS:
            continue  # a capitalised function word opening a sentence
        weight = _position_weight(match.start(), body_start, settings.lead_chars,
                                  settings.title_weight)
        for key, share in _entity_keys("ORG", run):
            entities[key] += weight * share
    return terms, entities


def _story_text(titles: Sequence[str], texts: Sequence[str]) -> tuple[str, str]:
    """One (titles, text) for a story: every text's lead gets a share of the budget."""
    share = max(1000, CONTINUITY_MAX_CHARS // max(1, len(texts)))
    return ("\n".join(t[:300] for t in titles[:20]),
            "\n\n".join(t[:share] for t in texts)[:CONTINUITY_MAX_CHARS])


def story_similarity_matrix(current: Sequence[tuple[str, str]], earlier: Sequence[tuple[str, str]],
                            settings: ClusterSettings) -> np.ndarray:
    """Similarity of each current story to each earlier one, given (titles, texts) each.

    Content and names are combined as in clustering; no time penalty, as continuing
    across days is the point.
    """
    rows = [_surface_features(t, x, settings) for t, x in [*current, *earlier]]
    terms = _SparseMatrix([dict(r[0]) for r in rows])
    entities = _SparseMatrix([dict(r[1]) for r in rows])
    n = len(current)
    content = terms.cross_cosines(slice(0, n), slice(n, None))
    named = entities.cross_cosines(slice(0, n), slice(n, None))
    has_names = np.array([bool(r[1]) for r in rows])
    return _combined(content, named, has_names[:n, None] & has_names[None, n:], settings)


def link_earlier(clusters: list[Cluster], earlier: Sequence[EarlierStory],
                 settings: ClusterSettings) -> list[Cluster]:
    """Give each cluster that continues an earlier story that story's id and start date.

    Pairs are taken best first and each earlier story continues at most once, so two
    of today's stories never claim one id. A new story whose id happens to equal an
    earlier one's is renumbered. The input clusters are left unchanged.
    """
    if not clusters:
        return []
    current = [_story_text([p.article.title for p in c.articles],
                           [p.article.body for p in c.articles]) for c in clusters]
    previous = [_story_text(e.titles, e.texts) for e in earlier]
    linked: dict[int, EarlierStory] = {}
    if earlier:
        sims = story_similarity_matrix(current, previous, settings)
        claimed: set[int] = set()
        order = sorted(((sims[i, k], i, k) for i in range(len(clusters)) for k in range(len(earlier))),
                       reverse=True)
        for score, i, k in order:
            if score < settings.continuity_threshold:
                break
            if i not in linked and k not in claimed:
                linked[i] = earlier[k]
                claimed.add(k)
    earlier_ids = {e.id for e in earlier}
    taken = earlier_ids | {c.id for c in clusters}
    result = []
    fresh = 0
    for i, cluster in enumerate(clusters):
        if i in linked:
            story = linked[i]
            result.append(replace(cluster, id=story.id, developing_since=story.since,
                                  developing_from=story.first_record))
            continue
        new_id = cluster.id
        if new_id in earlier_ids:
            while True:
                fresh += 1
                new_id = f"story-{len(clusters) + fresh}"
                if new_id not in taken:
                    break
            taken.add(new_id)
        result.append(replace(cluster, id=new_id))
    return result
