"""Summarise stage: an extractive summary of one story, every sentence verbatim and cited.

Candidates are body sentences of the already-parsed Docs (no re-parse), lead first.
Sentences that several outlets carry (wire copy, light edits) become one unit; sumy
ranks the units (LexRank by default, its similarity step vectorised with numpy), a
lead-position prior is mixed in, MMR picks a non-repetitive set, and the chosen
sentences are put back in source order. A sentence cites exactly the articles whose
text holds it verbatim.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from .config import ConfigError, SummarySettings
from .parse import load_model
from .records import Cluster, Span, SummarySentence

LANGUAGE = "english"
#: two candidates this similar (stemmed content words, cosine) are one sentence lightly edited
NEAR_DUPLICATE = 0.8
#: longest candidate sentence, in words (longer ones are run-ons or scraped lists)
MAX_WORDS = 80
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_WORD = re.compile(r"\w")


class SpacyTokenizer:
    """A sumy tokenizer backed by spaCy.

    Sentences built from parsed Docs are registered with :meth:`add`, so sumy gets their
    words without tokenising again; other text goes through the spaCy pipeline.
    """

    def __init__(self, language: str = LANGUAGE):
        self._language = language
        self._words: dict[str, tuple[str, ...]] = {}

    @property
    def language(self) -> str:
        return self._language

    def add(self, text: str, tokens) -> None:
        """Remember the words of ``text`` (stripped, as sumy stores it) from spaCy tokens."""
        self._words[text.strip()] = tuple(t.text for t in tokens if _WORD.search(t.text))

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        doc = load_model()(paragraph)
        sentences = []
        for sent in doc.sents:
            text = sent.text.strip()
            if text:
                self.add(text, sent)
                sentences.append(text)
        return tuple(sentences)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        words = self._words.get(sentence.strip())
        if words is None:
            words = tuple(t.text for t in load_model().tokenizer(sentence) if _WORD.search(t.text))
        return words


def cosine_matrix(word_lists: list[list[str]], idf: dict[str, float] | None = None,
                  max_tf_scaled: bool = False) -> np.ndarray:
    """Cosine similarity of every pair of word lists as TF(-IDF) vectors, with numpy."""
    vocab: dict[str, int] = {}
    for words in word_lists:
        for word in words:
            vocab.setdefault(word, len(vocab))
    matrix = np.zeros((len(word_lists), max(len(vocab), 1)))
    for row, words in enumerate(word_lists):
        counts = Counter(words)
        top = max(counts.values(), default=1) if max_tf_scaled else 1
        for word, count in counts.items():
            matrix[row, vocab[word]] = count / top * (idf[word] if idf else 1.0)
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    unit = matrix / norms[:, None]
    return unit @ unit.T


class FastLexRankSummarizer(LexRankSummarizer):
    """sumy's LexRank with its two quadratic pure-Python steps done with numpy.

    Same idf (log(N / (1 + n_j))), same max-normalised tf, same idf-modified cosine,
    thresholded graph and power method; only the arithmetic is vectorised.
    """

    #: sumy's default 0.1 stops the power method before the ranks separate
    epsilon = 1e-4
    max_iterations = 500

    @classmethod
    def power_method(cls, matrix, epsilon):
        """sumy's power iteration, bounded so junk input cannot keep it spinning."""
        count = len(matrix)
        p_vector = np.full(count, 1.0 / count)
        for _ in range(cls.max_iterations):
            next_p = matrix.T @ p_vector
            norm = np.linalg.norm(next_p)
            if not norm:
                break
            next_p /= norm
            change = np.linalg.norm(next_p - p_vector)
            p_vector = next_p
            if change <= epsilon:
                break
        return p_vector

    @staticmethod
    def _compute_idf(sentences):
        count = len(sentences)
        document_frequency = Counter(term for sentence in sentences for term in set(sentence))
        return {term: math.log(count / (1 + n_j)) for term, n_j in document_frequency.items()}

    def _create_matrix(self, sentences, threshold, tf_metrics, idf_metrics):
        similarity = cosine_matrix(sentences, idf_metrics, max_tf_scaled=True)
        empty = np.array([not s or not any(idf_metrics[t] for t in s) for s in sentences])
        similarity[empty, :] = 0.0
        similarity[:, empty] = 0.0
        adjacency = (similarity > threshold).astype(float)
        degrees = adjacency.sum(axis=1)
        degrees[degrees == 0] = 1.0
        return adjacency / degrees[:, None]


SUMMARIZERS = {
    "lexrank": FastLexRankSummarizer,
    "textrank": TextRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "kl": KLSummarizer,
    "sumbasic": SumBasicSummarizer,
}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer:
    return Stemmer(LANGUAGE)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(get_stop_words(LANGUAGE))


@dataclass
class _Candidate:
    """A usable body sentence: ``text`` is verbatim from the article's text."""

    article_index: int
    text: str
    #: index among the article's body sentences (0 = first sentence of the body)
    position: int
    stems: list[str]


def _is_quote_fragment(text: str) -> bool:
    """Unbalanced quote marks (part of a longer quote) or a quote with no one saying it."""
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        return True
    if text[0] in "\"“":
        closing = text.find("”" if text[0] == "“" else '"', 1)
        tail = text[closing + 1:] if closing >= 0 else ""
        return not _WORD.search(tail)
    return False


def _pieces(doc, body_start: int):
    """Body sentences as spans, cut at line breaks: the parser sometimes runs a title or
    a caption into the next paragraph's first sentence."""
    for sent in doc.sents:
        if sent.end_char <= body_start:
            continue
        run = []
        for token in sent:
            if token.idx < body_start or (token.is_space and "\n" in token.text):
                yield from _trimmed(doc, run)
                run = []
            else:
                run.append(token)
        yield from _trimmed(doc, run)


def _trimmed(doc, run: list):
    while run and run[0].is_space:
        run.pop(0)
    while run and run[-1].is_space:
        run.pop()
    if run:
        yield doc[run[0].i:run[-1].i + 1]


def _usable(sentence: str, word_count: int, settings: SummarySettings) -> bool:
    """A whole sentence of prose: capitalised, ended, long enough, not a bare quote."""
    return (settings.min_words <= word_count <= MAX_WORDS and "\n" not in sentence
            and (sentence[0].isupper() or sentence[0].isdigit() or sentence[0] in "\"“")
            and bool(_TERMINAL.search(sentence)) and not _is_quote_fragment(sentence))


def _candidates(cluster: Cluster, settings: SummarySettings, tokenizer: SpacyTokenizer) -> list[_Candidate]:
    """Usable body sentences, the first ``per_article`` of each article, leads first."""
    stemmer, stop_words = _stemmer(), _stop_words()
    per_article: list[list] = []
    for index, parsed in enumerate(cluster.articles):
        article, found = parsed.article, []  # (candidate, its spaCy span)
        text = article.text
        position = -1
        for piece in _pieces(parsed.doc, article.body_start):
            if len(found) >= settings.per_article:
                break
            position += 1
            words = [t for t in piece if t.is_alpha]
            sentence = piece.text
            if not _usable(sentence, len(words), settings):
                continue
            found.append((_Candidate(index, text[piece.start_char:piece.end_char], position, []),
                          piece))
        per_article.append(found)
    # leads of every article before second sentences of any: a big story keeps all leads
    depth = max((len(f) for f in per_article), default=0)
    ordered = [f[d] for d in range(depth) for f in per_article if d < len(f)]
    kept = []
    for candidate, piece in ordered[:max(settings.per_cluster, 0)]:
        tokenizer.add(candidate.text, piece)
        candidate.stems = [stemmer(t.lower_) for t in piece if t.is_alpha and t.lower_ not in stop_words]
        kept.append(candidate)
    return kept


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


def _algorithm_ranks(candidates: list[_Candidate], tokenizer: SpacyTokenizer,
                     algorithm: str) -> np.ndarray:
    """sumy ratings scaled to [0, 1] (1 = best); zeros when it cannot rate."""
    count = len(candidates)
    if count < 3:
        return np.zeros(count)
    summarizer = SUMMARIZERS[algorithm](_stemmer())
    summarizer.stop_words = _stop_words()
    paragraphs: dict[int, list[Sentence]] = {}
    for candidate in candidates:
        paragraphs.setdefault(candidate.article_index, []).append(Sentence(candidate.text, tokenizer))
    document = ObjectDocumentModel([Paragraph(s) for s in paragraphs.values()])
    order = {sentence: i for i, sentence in enumerate(document.sentences)}
    index_of = [order[Sentence(c.text, tokenizer)] for c in candidates]
    captured: list = []

    def keep_all(infos):  # sumy passes every sentence, best first, to its count callable
        captured.extend(infos)
        return infos

    try:
        summarizer(document, keep_all)
    except (ValueError, ZeroDivisionError, np.linalg.LinAlgError):
        return np.zeros(count)
    if len(captured) != count:
        return np.zeros(count)
    by_order = np.zeros(count)
    for info in captured:
        by_order[info.order] = float(info.rating)
    low, high = by_order.min(), by_order.max()
    if not np.isfinite(by_order).all() or high - low <= 0:  # e.g. LexRank on a tiny input
        return np.zeros(count)
    return ((by_order - low) / (high - low))[index_of]


def _summary_length(articles: int, units: int, settings: SummarySettings) -> int:
    """More sentences for bigger stories: one more per doubling of the article count."""
    wanted = settings.min_sentences + int(math.log2(max(articles, 1)))
    return max(0, min(wanted, settings.max_sentences, units))


def _mmr(salience: np.ndarray, similarity: np.ndarray, count: int, trade_off: float) -> list[int]:
    """Maximal marginal relevance: salient, but unlike what is already chosen."""
    chosen: list[int] = []
    remaining = list(range(len(salience)))
    while remaining and len(chosen) < count:
        if chosen:
            redundancy = similarity[np.ix_(remaining, chosen)].max(axis=1)
        else:
            redundancy = np.zeros(len(remaining))
        scores = trade_off * salience[remaining] - (1 - trade_off) * redundancy
        best = remaining[int(np.argmax(scores))]
        chosen.append(best)
        remaining.remove(best)
    return chosen


def _citations(members: list[_Candidate],
               bodies: list[tuple[str, str, int]]) -> tuple[str, list[Span]]:
    """The member text carried verbatim by the most articles, and a span in each of them.

    ``bodies`` holds (article id, article text, body start) for every article of the story.
    """
    best_text, best_spans = "", []
    for text in dict.fromkeys(m.text for m in members):
        spans = []
        for article_id, article_text, body_start in bodies:
            start = article_text.find(text, body_start)
            if start >= 0:
                spans.append(Span(article_id, start, start + len(text)))
        if len(spans) > len(best_spans):
            best_text, best_spans = text, spans
    return best_text, best_spans


def summarise_cluster(cluster: Cluster, settings: SummarySettings) -> list[SummarySentence]:
    """Extractive summary of a story: verbatim sentences in source order, each cited."""
    if settings.algorithm not in SUMMARIZERS:
        raise ConfigError(f"unknown setting value summary.algorithm={settings.algorithm!r}; "
                          f"choose one of {', '.join(SUMMARIZERS)}")
    tokenizer = SpacyTokenizer()
    candidates = _candidates(cluster, settings, tokenizer)
    if not candidates:
        return []
    similarity = cosine_matrix([c.stems for c in candidates])
    groups = _group_near_duplicates(similarity, [c.text for c in candidates])
    heads = [g[0] for g in groups]
    unit_similarity = similarity[np.ix_(heads, heads)]
    ranks = _algorithm_ranks([candidates[h] for h in heads], tokenizer, settings.algorithm)
    lead = np.array([1.0 / (1 + min(candidates[m].position for m in g)) for g in groups])
    outlets = max(len(cluster.articles) - 1, 1)
    support = np.array([(len({candidates[m].article_index for m in g}) - 1) / outlets for g in groups])
    lead_weight = min(max(settings.lead_weight, 0.0), 1.0)
    support_weight = min(max(settings.support_weight, 0.0), 1.0 - lead_weight)
    salience = ((1 - lead_weight - support_weight) * ranks + lead_weight * lead
                + support_weight * support)
    count = _summary_length(len(cluster.articles), len(groups), settings)
    bodies = [(p.article.id, p.article.text, p.article.body_start) for p in cluster.articles]
    summary = []
    for unit in _mmr(salience, unit_similarity, count, settings.mmr_lambda):
        text, spans = _citations([candidates[m] for m in groups[unit]], bodies)
        if spans:
            summary.append(SummarySentence(text=text, spans=spans))
    article_order = {p.article.id: i for i, p in enumerate(cluster.articles)}
    summary.sort(key=lambda s: (article_order[s.spans[0].article_id], s.spans[0].start))
    return summary
