"""Summarise one story: merge what several outlets carry, rank the candidate sentences
with sumy and priors, fill the word budget by budgeted coverage of the story's shared
word pairs and words (or pick a sentence count by MMR), order it as prose and cite every
article that carries each sentence verbatim."""
from __future__ import annotations

import math
import re
import warnings
from collections.abc import Collection, Sequence
from dataclasses import replace

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

from ..config import MAX_SUMMARY_WORDS, ConfigError, SummarySettings
from ..language import is_english
from ..names import (COURTESY_TITLES, canonical_names, fold, is_particle, is_title,
                     name_tokens)
from ..parse import load_model
from ..records import Cluster, Span, SummarySentence, as_utc
from ..times import latest_of
from ..words import stem, stop_words
from .candidates import Candidate, prose_start, story_candidates
from .nlp import SpacyTokenizer, content_stems
from .summarizers import SUMMARIZERS
from .summarizers.similarity import cosine_matrix, cross_cosine

#: two candidates this similar (stemmed content words, cosine) are one sentence lightly edited
NEAR_DUPLICATE = 0.8


#: two sentences this similar (stemmed content words, cosine) make the same point in
#: other words ("... to close for six weeks from Monday for repairs to corroded piers" /
#: "Engineers will shut ... for six weeks starting Monday because of corroded ... piers"):
#: a summary holds one of them (0.6 costs nothing on Multi-News dev; 0.5 costs 0.001 R2)
SAME_POINT = 0.6


#: salience taken off per unit of similarity to a sentence shown in an earlier briefing;
#: a near duplicate of one loses a further 2, which puts it below every new sentence
SHOWN_PENALTY = 0.5


#: salience taken off a sentence that leans on the one before it ("He said ...", "But ...")
NEEDS_CONTEXT_PENALTY = 0.1


#: salience given to a sentence that opens with a quotation (most often someone's own
#: words, then who said them: "“We cannot give up our territories,” he said."): editors
#: quote the event's voices, and their words are in no other outlet's, so coverage of the
#: shared words alone would pass them by. Of the sentences an editor's summary matches best
#: (a ROUGE-2 oracle on Multi-News dev) 17% open with a quotation, of ours with 0.2 only 7%.
#: R2 at 100 words by bonus: 0.2: 0.1270, 0.4: 0.1281, 0.6: 0.1303, 0.7: 0.1308, 0.8:
#: 0.1295, 1.0: 0.1273; 0.6 gains on both halves of the events (odd and even ids: +0.0039,
#: +0.0026), 0.7 on one only (+0.0062, +0.0015) and 0.8 loses on one; R1 falls slowly
#: (0.3552 at 0.2, 0.3536 at 0.6)
QUOTATION_BONUS = 0.6


#: MMR score taken off a sentence whose outlets the summary already cites
SOURCE_REPEAT_PENALTY = 0.1


#: least factor a sentence's prior puts on its coverage gain (a sentence shown in an earlier
#: briefing, or leaning on a missing one, falls to it but can still fill a gap)
MIN_PRIOR = 0.01


#: concepts weigh by how many of the story's articles use them (off only to measure it)
CROSS_DOCUMENT_SUPPORT = True


#: how steeply a concept's weight rises with the articles using it (1.5 and 2 measured
#: alike on Multi-News dev, 1 lower; scripts/eval_summaries.py --ablation)
SUPPORT_POWER = 1.5


#: how much the opener's prior rises with its agreement with the other articles' leads
#: (mean cosine, stemmed content words): a story opens with what its outlets lead with,
#: not with one outlet's side of it (a press release's "has received the proposal" over
#: the vote two outlets lead with); on Multi-News dev 0.5 to 3 measure alike (R2 -0.0001 at
#: 100 words, -0.0004 at 60; a story of two articles is not changed by it)
LEAD_AGREEMENT = 2.0


#: a sentence naming someone by a short form ("Routley") enters a summary only after one
#: naming them in full ("Scott Routley"), when the story names them in full anywhere
#: (off only to measure it)
NAME_BEFORE_SHORT_FORM = True


#: for each unit, the people it names by a short form only and those it names in full
#: (:func:`people_named`)
NameSets = tuple[list[frozenset[str]], list[frozenset[str]]]


#: earlier-briefing sentences considered, and the longest considered (characters)
MAX_SHOWN = 500


MAX_SHOWN_CHARS = 2_000


def _group_near_duplicates(similarity: np.ndarray, texts: list[str]) -> list[list[int]]:
    """Union of candidates with one text or at least NEAR_DUPLICATE similar, in candidate order."""
    parent = list(range(len(similarity)))
    first_with_text: dict[str, int] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(similarity >= NEAR_DUPLICATE, k=1))):
        parent[root(int(j))] = root(int(i))
    for i, text in enumerate(texts):
        parent[root(i)] = root(first_with_text.setdefault(text, i))
    groups: dict[int, list[int]] = {}
    for i in range(len(similarity)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


#: a figure of a sentence: a number with a decimal part or of two digits or more, not a
#: year ("5.25", "1,400", "64", not "2026" nor "3"); "5.25 per cent" and "5.25%" are one
_FIGURE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+\.\d+|\d{2,})(?![\w,]*\d)")
_YEARS = frozenset(str(y) for y in range(1900, 2101))
#: two leads this similar that give the same figure state the same fact in other words
#: ("raised its benchmark rate to 5.25 per cent" / "raised its main interest rate by half
#: a point to 5.25%"): SAME_POINT for the summary (on Multi-News dev R2 -0.0002 at 100
#: words, unchanged at 60; over all sentences, not only leads, -0.0005: a story's other
#: sentences repeat its figures as background)
SAME_FIGURE_SIMILARITY = 0.4


def _same_figures(similarity: np.ndarray, texts: list[str], leads: np.ndarray) -> np.ndarray:
    """``similarity`` raised to SAME_POINT for two ``leads`` at least
    SAME_FIGURE_SIMILARITY alike that share a figure other than a year."""
    figures = [{f.replace(",", "") for f in _FIGURE.findall(t)} - _YEARS if lead else set()
               for t, lead in zip(texts, leads)]
    raised = similarity.copy()
    for i, j in zip(*np.nonzero(np.triu(similarity >= SAME_FIGURE_SIMILARITY, k=1))):
        if figures[i] & figures[j]:
            raised[i, j] = raised[j, i] = max(raised[i, j], SAME_POINT)
    return raised


def _algorithm_ranks(texts: Sequence[str], paragraphs: Sequence[int], tokenizer: SpacyTokenizer,
                     algorithm: str) -> np.ndarray:
    """sumy ratings of distinct sentences scaled to [0, 1] (1 = best), always finite;
    all zeros when there are too few sentences to rank or sumy cannot rate them.

    ``paragraphs`` says which paragraph (article) each sentence belongs to.
    """
    count = len(texts)
    if count < 3 or len(set(texts)) != count:  # sumy keys its ratings by sentence text
        return np.zeros(count)
    summarizer = SUMMARIZERS[algorithm](stem)
    summarizer.stop_words = stop_words()
    grouped: dict[int, list[Sentence]] = {}
    for text, paragraph in zip(texts, paragraphs):
        grouped.setdefault(paragraph, []).append(Sentence(text, tokenizer))
    document = ObjectDocumentModel([Paragraph(s) for s in grouped.values()])
    order = {sentence: i for i, sentence in enumerate(document.sentences)}
    index_of = [order.get(Sentence(text, tokenizer), -1) for text in texts]
    if len(order) != count or min(index_of) < 0:  # e.g. texts that differ only by spaces
        return np.zeros(count)
    captured: list = []

    def keep_all(infos):  # sumy passes every sentence, best first, to its count callable
        captured.extend(infos)
        return infos

    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # LSA warns when words are fewer than sentences
            summarizer(document, keep_all)
    except (ValueError, ZeroDivisionError, np.linalg.LinAlgError):
        return np.zeros(count)
    if len(captured) != count:
        return np.zeros(count)
    by_order = np.zeros(count)
    for info in captured:
        by_order[info.order] = float(info.rating)
    finite = np.isfinite(by_order)
    if not finite.any():
        return np.zeros(count)
    by_order[~finite] = by_order[finite].min()  # e.g. LexRank's NaN on a degenerate graph
    low, high = by_order.min(), by_order.max()
    if high - low <= 0:
        return np.zeros(count)
    return ((by_order - low) / (high - low))[index_of]


def rank_sentences(texts: Sequence[str], algorithm: str = SummarySettings.algorithm) -> np.ndarray:
    """Scaled sumy ratings of plain sentences (one paragraph each); see ``_algorithm_ranks``."""
    if algorithm not in SUMMARIZERS:
        raise ConfigError(f"unknown setting value summary.algorithm={algorithm!r}; "
                          f"choose one of {', '.join(SUMMARIZERS)}")
    return _algorithm_ranks(list(texts), list(range(len(texts))), SpacyTokenizer(), algorithm)


def _summary_length(articles: int, units: int, settings: SummarySettings) -> int:
    """More sentences for bigger stories: one more per doubling of the article count."""
    wanted = settings.min_sentences + int(math.log2(max(articles, 1)))
    return max(0, min(wanted, settings.max_sentences, units))


def mmr(salience: np.ndarray, similarity: np.ndarray, count: int, trade_off: float,
         can_open: np.ndarray, sources: Sequence[frozenset[int]] | None = None) -> list[int]:
    """Maximal marginal relevance: salient, but unlike what is already chosen.

    The first pick, which will open the summary, is the most salient unit that stands on
    its own (``can_open``) when there is one. A unit carried only by articles the summary
    already cites loses SOURCE_REPEAT_PENALTY, so a story told by several outlets is
    summarised from several.
    """
    chosen: list[int] = []
    cited: set[int] = set()
    remaining = list(range(len(salience)))
    while remaining and len(chosen) < count:
        if chosen:
            redundancy = similarity[np.ix_(remaining, chosen)].max(axis=1)
            scores = trade_off * salience[remaining] - (1 - trade_off) * redundancy
            if sources is not None:
                scores -= SOURCE_REPEAT_PENALTY * np.array([sources[i] <= cited for i in remaining])
        else:
            scores = salience[remaining] - 10.0 * ~can_open[remaining]
        best = remaining[int(np.argmax(scores))]
        chosen.append(best)
        remaining.remove(best)
        if sources is not None:
            cited |= sources[best]
    return chosen


def _citations(members: list[Candidate],
               bodies: list[tuple[str, str, int]]) -> tuple[str, list[Span]]:
    """The member text carried verbatim by the most articles (a self-contained one on a
    tie), and one span in each article carrying it.

    ``bodies`` holds (article id, article text, body start) for every article of the story.
    """
    best: tuple = (-1, False)
    best_text, best_spans = "", []
    seen: set[str] = set()
    for member in members:
        if member.text in seen:
            continue
        seen.add(member.text)
        verbatim = re.compile(r"(?<!\w)" + re.escape(member.text))  # not from mid-word
        spans = []
        for article_id, article_text, body_start in bodies:
            found = verbatim.search(article_text, body_start)
            if found:
                spans.append(Span(article_id, found.start(), found.end()))
        score = (len(spans), not member.needs_context)
        if score > best:
            best, best_text, best_spans = score, member.text, spans
    return best_text, best_spans


def _shown_similarity(candidates: list[Candidate], shown: Collection[str]) -> np.ndarray:
    """For each candidate, its highest similarity to a sentence shown in an earlier
    briefing (1.0 for the same text)."""
    texts = [t for t in list(shown)[:MAX_SHOWN] if isinstance(t, str) and t.strip()]
    if not texts or not candidates:
        return np.zeros(len(candidates))
    tokenizer = load_model().tokenizer
    shown_stems = [content_stems(tokenizer(t[:MAX_SHOWN_CHARS])) for t in texts]
    similarity = cross_cosine([c.stems for c in candidates], shown_stems).max(axis=1)
    same = {" ".join(t.split()) for t in texts}
    exact = np.array([" ".join(c.text.split()) in same for c in candidates])
    return np.where(exact, 1.0, np.clip(similarity, 0.0, 1.0))


def _time_order(cluster: Cluster):
    """Sort key of a summary sentence: publication time of the first article carrying it
    (undated articles after dated ones), then the story's article order, then position."""
    place = {}
    for order, parsed in enumerate(cluster.articles):
        published = parsed.article.published
        place[parsed.article.id] = ((0, as_utc(published).timestamp()) if published
                                    else (1, 0.0), order)

    def key(sentence: SummarySentence):
        return min((*place[s.article_id], s.start) for s in sentence.spans)
    return key


def concept_weights(candidates: list[Candidate], groups: list[list[int]],
                    bigram_share: float) -> tuple[np.ndarray, np.ndarray]:
    """Units x concepts incidence and each concept's weight, for the coverage objective.

    Concepts are stemmed word bigrams and content words. A concept weighs
    ``support ** SUPPORT_POWER * copies``: ``support`` is the number of the story's
    articles that use it (what several outlets report is the event; 1 when
    CROSS_DOCUMENT_SUPPORT is off), ``copies`` the number of candidate sentences that
    carry it, every outlet's copy of a shared sentence counted (wire copy repeated is a
    story's core). The weight stands for how likely an editor's summary is to say it:
    on Multi-News dev that likelihood rises about linearly with the sentences using a
    word pair and faster than linearly with the articles using it. Bigrams get
    ``bigram_share`` of the total weight, words the rest.
    """
    articles: dict[object, set[int]] = {}
    copies: dict[object, int] = {}
    for group in groups:
        for member in group:
            for concept in _concepts(candidates[member]):
                copies[concept] = copies.get(concept, 0) + 1
                articles.setdefault(concept, set()).add(candidates[member].article_index)
    index = {concept: i for i, concept in enumerate(copies)}
    support = np.array([len(articles[c]) if CROSS_DOCUMENT_SUPPORT else 1 for c in copies], float)
    weights = support ** SUPPORT_POWER * np.array(list(copies.values()), float)
    is_bigram = np.array([isinstance(c, tuple) for c in copies], dtype=bool)
    for mask, share in ((is_bigram, bigram_share), (~is_bigram, 1.0 - bigram_share)):
        total = weights[mask].sum()
        if total:
            weights[mask] *= share / total
    incidence = np.zeros((len(groups), max(len(index), 1)), dtype=bool)
    for unit, group in enumerate(groups):
        incidence[unit, [index[c] for c in _concepts(candidates[group[0]])]] = True
    return incidence, weights if len(index) else np.zeros(1)


def _concepts(candidate: Candidate) -> set:
    return set(candidate.bigrams) | set(candidate.stems)


def budgeted_cover(incidence: np.ndarray, weights: np.ndarray, prior: np.ndarray,
                   costs: np.ndarray, budget: int, cap: int, can_open: np.ndarray,
                   allowed: np.ndarray | None = None,
                   follows: dict[int, set[int]] | None = None,
                   similarity: np.ndarray | None = None,
                   opening: np.ndarray | None = None,
                   names: NameSets | None = None) -> list[int]:
    """Greedy budgeted maximum coverage (Lin & Bilmes 2010): repeatedly take the unit
    whose newly covered concept weight, scaled by its prior, is highest per word, while it
    fits the word budget, at most ``cap`` units, only ``allowed`` ones, or one of those a
    chosen unit makes allowed (``follows``: unit -> the units that may follow it), and
    none at least SAME_POINT similar to a chosen one (``similarity``: the same point in
    other words). The first pick (the opener) is a unit that ``can_open``, when one fits,
    its prior scaled by ``opening`` when given. With ``names`` (each unit's people named
    by a short form only, and those it names in full: :func:`people_named`), a unit
    enters only once a chosen one has named its people in full."""
    chosen: list[int] = []
    covered = np.zeros(incidence.shape[1], dtype=bool)
    left = budget
    permitted = np.ones(len(costs), dtype=bool) if allowed is None else allowed.copy()
    named: set[str] = set()

    def introduced() -> np.ndarray:
        if names is None:
            return np.ones(len(costs), dtype=bool)
        return np.array([short <= named for short in names[0]], dtype=bool)

    available = (costs <= left) & permitted & introduced()

    def take(unit: int) -> None:
        nonlocal left
        chosen.append(unit)
        covered[:] |= incidence[unit]
        left -= int(costs[unit])
        for after in (follows or {}).get(unit, ()):
            if after not in chosen:
                permitted[after] = True
        if similarity is not None:
            permitted[:] &= similarity[unit] < SAME_POINT
        if names is not None:
            named.update(names[1][unit])

    def best_pair() -> tuple[float, int, int] | None:
        """The best (ratio, introducer, unit) move of two units: a unit waiting for
        someone to be named in full, with a unit that so names them (the pair's
        prior-scaled gain per word); None when none fits."""
        if names is None or cap - len(chosen) < 2:
            return None
        short, full = names
        best = None
        naming: dict[str, np.ndarray] = {}  # person -> the units naming them in full
        for unit in range(len(costs)):
            if not permitted[unit] or unit in chosen or short[unit] <= named:
                continue
            fits = available.copy()
            for person in short[unit] - named:
                if person not in naming:
                    naming[person] = np.array([person in f for f in full], dtype=bool)
                fits &= naming[person]
            for introducer in np.nonzero(fits)[0]:
                cost = costs[introducer] + costs[unit]
                if cost > left or (not chosen and not can_open[introducer]) or (
                        similarity is not None and similarity[introducer, unit] >= SAME_POINT):
                    continue
                first = incidence[introducer] & ~covered
                then = incidence[unit] & ~covered & ~first
                value = (weights[first].sum() * prior[introducer]
                         * (opening[introducer] if not chosen and opening is not None else 1.0)
                         + weights[then].sum() * prior[unit]) / max(cost, 1)
                if best is None or value > best[0]:
                    best = (value, int(introducer), unit)
        return best

    while available.any() and len(chosen) < cap:
        gain = incidence[:, ~covered].astype(float) @ weights[~covered]
        ratio = gain * prior / np.maximum(costs, 1)
        if not chosen and opening is not None:
            ratio = ratio * opening
        ratio[~available] = -np.inf
        if not chosen and (can_open & available).any():
            ratio[~can_open] = -np.inf
        best = int(np.argmax(ratio))
        # a unit waiting for a name, taken with a unit that names it, may do better still
        pair = best_pair()
        if pair is not None and pair[0] > ratio[best] and (not chosen or pair[0] > 0):
            take(pair[1])
            take(pair[2])
        else:
            if not np.isfinite(ratio[best]) or (chosen and ratio[best] <= 0):
                break
            take(best)
        available = (costs <= left) & permitted & introduced()
        available[chosen] = False
    return chosen


def people_named(candidates: list[Candidate], groups: list[list[int]],
                 headline: str = "") -> NameSets:
    """For each unit, the people it names by a short form only ("Routley", "Mr Routley")
    whom the story names in full somewhere ("Scott Routley") but not in its ``headline``
    (shown above the summary), and the people it names in full; each person as the
    display name of :func:`~briefing.names.canonical_names`. A summary that says
    "Routley said" before, or without, saying who Routley is leaves its reader asking.

    A full form is a person the parser found (a PERSON entity of two names or more), or
    one name after a post ("President Trump"); a short form, a lone name (entity or run
    of proper nouns) that may be one of them."""
    # a given name the story also writes in lower case is a word, not a name: the parser
    # takes "WW2 Battleship Musashi" for a person
    lower_words = {w for c in candidates for w in re.findall(r"\b[a-z]+\b", c.text)}
    full_forms = {m for c in candidates for m in c.people if len(name_tokens(m)) > 1
                  and not any(w.lower() in lower_words for w in m.split()[:-1]
                              if not is_particle(w))}
    # the surname, or a family name written first ("Lee" for "Lee Jae-myung")
    keys = {t for m in full_forms for t in (name_tokens(m)[0], name_tokens(m)[-1])}

    def forms(candidate: Candidate) -> tuple[set[str], set[str]]:
        """(forms saying who someone is, short forms of a full one)"""
        mentions = set(candidate.people) | set(candidate.proper)
        lone = {m for m in mentions if len(name_tokens(m)) == 1 and name_tokens(m)[0] in keys}
        # a post says who they are: "President Trump", "Prof Owen"; not "Mr Routley"
        posted = {m for m in lone if any(is_title(w) and fold(w) not in COURTESY_TITLES
                                         for w in m.split()[:-1])}
        return {m for m in mentions if m in full_forms} | posted, lone

    read = [[forms(candidates[m]) for m in group] for group in groups]
    display = canonical_names([m for unit in read for f, s in unit for m in f | s])
    in_headline = set(name_tokens(headline))
    shown = {d for d in display.values() if set(name_tokens(d)) <= in_headline}
    short: list[frozenset[str]] = []
    full: list[frozenset[str]] = []
    for unit in read:
        in_full = [{display[m] for m in f} for f, _ in unit]
        shortened = {display[m] for _, s in unit for m in s
                     if len(name_tokens(display[m])) > 1} - shown
        full.append(frozenset(set.union(*in_full)))  # the parser may miss one copy's
        short.append(frozenset(shortened - set.union(*in_full)))
    return short, full


def _named_before_shortened(ordered: list, names: NameSets) -> list:
    """``ordered`` (unit, sentence) pairs with each sentence that names someone by a short
    form moved after the first one naming them in full, the rest kept in order."""
    short, full = names
    placed, waiting, named = [], [], set()
    for item in ordered:
        waiting.append(item)
        moved = True
        while moved:
            moved = False
            for held in list(waiting):
                if short[held[0]] <= named:
                    waiting.remove(held)
                    placed.append(held)
                    named |= full[held[0]]
                    moved = True
                    break
    return placed + waiting


def lead_agreement(candidates: list[Candidate], groups: list[list[int]]) -> np.ndarray:
    """For each unit, its mean similarity (cosine, stemmed content words) to the leads of
    the story's other articles: how far it says what the other outlets lead with (0 for a
    story of one article)."""
    leads: dict[int, Candidate] = {}
    for candidate in candidates:
        if candidate.position == 0:
            leads.setdefault(candidate.article_index, candidate)
    agreement = np.zeros(len(groups))
    if len(leads) < 2:
        return agreement
    articles = sorted(leads)
    similarity = cross_cosine([candidates[g[0]].stems for g in groups],
                              [leads[a].stems for a in articles])
    for unit, group in enumerate(groups):
        own = {candidates[m].article_index for m in group}
        others = [k for k, article in enumerate(articles) if article not in own]
        if others:
            agreement[unit] = similarity[unit, others].mean()
    return np.clip(agreement, 0.0, 1.0)


def _predecessors(candidates: list[Candidate], groups: list[list[int]]) -> dict[int, set[int]]:
    """Unit -> the units whose sentence comes right after one of its sentences in an
    article (among the usable ones): what a back reference may follow."""
    unit_of = {(candidates[m].article_index, candidates[m].position): u
               for u, group in enumerate(groups) for m in group}
    follows: dict[int, set[int]] = {}
    for u, group in enumerate(groups):
        for m in group:
            if not candidates[m].after_previous:
                continue  # a sentence between them was not a candidate
            before = unit_of.get((candidates[m].article_index, candidates[m].position - 1))
            if before is not None and before != u:
                follows.setdefault(before, set()).add(u)
    return follows


def summarise_cluster(cluster: Cluster, settings: SummarySettings, *,
                      shown: Collection[str] = ()) -> list[SummarySentence]:
    """Extractive summary of a story: verbatim sentences, each cited, opening with what
    happened and then in time order (reading order, not rank order).

    With a word budget (``settings.words``) the sentences are chosen to cover what the
    story's outlets report in common, within the budget; without one, by MMR up to a
    sentence count. ``shown`` holds summary sentences of this story already shown in
    earlier briefings: those and their near duplicates are used only when too few new
    sentences exist. With a budget, nobody is named by a short form ("Routley") before
    the summary names them in full. Only the story's English articles are read: the
    sentence rules and the stemmer are English.
    """
    if settings.algorithm not in SUMMARIZERS:
        raise ConfigError(f"unknown setting value summary.algorithm={settings.algorithm!r}; "
                          f"choose one of {', '.join(SUMMARIZERS)}")
    cluster = replace(cluster, articles=[p for p in cluster.articles if is_english(p.article)])
    tokenizer = SpacyTokenizer()
    candidates = story_candidates(cluster, settings, tokenizer)
    if not candidates:
        return []
    similarity = cosine_matrix([c.stems for c in candidates])
    groups = _group_near_duplicates(similarity, [c.text for c in candidates])
    bodies = [(p.article.id, p.article.text, prose_start(p.article)) for p in cluster.articles]
    citations: dict[int, tuple[str, list[Span]]] = {}

    def cited(unit: int) -> tuple[str, list[Span]]:
        """The unit's text shown and its spans (:func:`_citations`), found once."""
        if unit not in citations:
            citations[unit] = _citations([candidates[m] for m in groups[unit]], bodies)
        return citations[unit]

    heads = [g[0] for g in groups]
    unit_similarity = _same_figures(similarity[np.ix_(heads, heads)],
                                    [candidates[h].text for h in heads],
                                    np.array([candidates[h].position == 0 for h in heads]))
    ranks = _algorithm_ranks([candidates[h].text for h in heads],
                             [candidates[h].article_index for h in heads],
                             tokenizer, settings.algorithm)
    lead = np.array([1.0 / (1 + min(candidates[m].position for m in g)) for g in groups])
    outlets = max(len(cluster.articles) - 1, 1)
    support = np.array([(len({candidates[m].article_index for m in g}) - 1) / outlets for g in groups])
    lead_weight = min(max(settings.lead_weight, 0.0), 1.0)
    support_weight = min(max(settings.support_weight, 0.0), 1.0 - lead_weight)
    salience = ((1 - lead_weight - support_weight) * ranks + lead_weight * lead
                + support_weight * support)
    can_open = np.array([not all(candidates[m].needs_context for m in g) for g in groups])
    salience = salience - NEEDS_CONTEXT_PENALTY * ~can_open
    quotation = np.array([all(candidates[m].text[0] in "\"“" for m in g) for g in groups])
    salience = salience + QUOTATION_BONUS * quotation
    # news says what happened in its lead: the summary opens with an article's lead
    is_lead = np.array([any(candidates[m].position == 0 for m in g) for g in groups])
    # a story told over days opens with what is new: the lead of one of its latest
    # articles, the rest following in time order (Multi-News has no dates: no figure
    # there changes)
    latest = latest_of([p.article.published for p in cluster.articles])
    new_lead = np.array([any(candidates[m].position == 0 and candidates[m].article_index
                             in latest for m in g) for g in groups])
    budget = min(max(settings.words, 0), MAX_SUMMARY_WORDS)
    count = (min(settings.max_sentences, len(groups)) if budget
             else _summary_length(len(cluster.articles), len(groups), settings))
    # a sentence naming what its article said just before ("The move", "That number",
    # the rest of a quotation) reads as a reply to nothing without it: it may follow
    # that sentence, and otherwise enters only when too few others exist
    refers = np.array([all(candidates[m].refers_back for m in g) for g in groups])
    fallback = min(settings.min_sentences, len(groups))
    allowed = ~refers if refers.any() and int((~refers).sum()) >= fallback else None
    follows = _predecessors(candidates, groups) if allowed is not None else None
    repeated = np.zeros(len(groups), dtype=bool)
    if shown:
        seen_by_candidate = _shown_similarity(candidates, shown)
        seen = np.array([seen_by_candidate[g].max() for g in groups])
        repeated = seen >= NEAR_DUPLICATE
        salience = salience - SHOWN_PENALTY * seen - 2.0 * repeated
        new_units = int((~repeated).sum())
        count = min(count, max(new_units, min(settings.min_sentences, len(groups))))
        if new_units >= fallback:
            both = ~repeated if allowed is None else allowed & ~repeated
            allowed = both if int(both.sum()) >= fallback else ~repeated
        if follows:
            follows = {u: {v for v in after if not repeated[v]} for u, after in follows.items()}
    # the opener stands on its own; of those, one not shown before, a lead, a latest lead
    # (each preference kept only when some unit meets it: a lead shown yesterday gives
    # way to the next self-contained sentence, not to a "He said" leaning on it)
    for preferred in (~repeated, is_lead, new_lead):
        if (can_open & preferred).any():
            can_open &= preferred
    names = None
    if budget:
        incidence, weights = concept_weights(candidates, groups,
                                             min(max(settings.bigram_share, 0.0), 1.0))
        prior_weight = min(max(settings.prior_weight, 0.0), 10.0)
        prior = np.clip(1.0 + prior_weight * salience, MIN_PRIOR, None)
        # the budget counts the words of the text shown (of a unit's differing copies, the
        # one most widely carried), not its longest copy: one outlet's longer version of a
        # sentence others carry does not keep it out
        costs = np.array([candidates[g[0]].words if len({candidates[m].text for m in g}) == 1
                          else len(cited(unit)[0].split()) or max(candidates[m].words for m in g)
                          for unit, g in enumerate(groups)])
        opening = 1.0 + LEAD_AGREEMENT * lead_agreement(candidates, groups)
        names = (people_named(candidates, groups, cluster.headline) if NAME_BEFORE_SHORT_FORM
                 else None)
        picked = budgeted_cover(incidence, weights, prior, costs, budget, count, can_open,
                                allowed, follows, unit_similarity, opening, names)
    else:
        sources = [frozenset(candidates[m].article_index for m in g) for g in groups]
        if allowed is not None:  # MMR takes no ``allowed``: those below every other
            salience = salience - 2.0 * ~allowed
        picked = mmr(salience, unit_similarity, count, settings.mmr_lambda, can_open, sources)
    summary: list[tuple[int, SummarySentence]] = []
    for unit in picked:
        text, spans = cited(unit)
        if spans:
            summary.append((unit, SummarySentence(text=text, spans=spans)))
    in_time = _time_order(cluster)
    ordered = summary[:1] + sorted(summary[1:], key=lambda c: in_time(c[1]))
    if names is not None:
        ordered = _named_before_shortened(ordered, names)
    if follows:  # a back reference right after the sentence it refers to
        refers_to = {v: u for u, after in follows.items() for v in after if refers[v]}
        for item in [c for c in ordered[1:] if c[0] in refers_to]:
            units = [u for u, _ in ordered]
            if refers_to[item[0]] in units:
                ordered.remove(item)
                ordered.insert([u for u, _ in ordered].index(refers_to[item[0]]) + 1, item)
    return [sentence for _, sentence in ordered]
