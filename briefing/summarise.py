"""Summarise stage: an extractive summary of one story, every sentence verbatim and cited.

Candidates are body sentences of the already-parsed Docs (no re-parse): whole prose
sentences with a finite verb (no headline, caption, byline, reader appeal or bare
quote), capped per article and per cluster, leads first. Sentences that several
outlets carry (wire copy, light edits) become one unit. sumy ranks the units (LexRank
by default; every algorithm's quadratic or per-cell pure-Python step is redone with
numpy, same arithmetic); a lead-position prior and cross-outlet support are mixed in,
sentences shown in an earlier briefing are pushed down, and MMR picks a non-repetitive
set. The summary opens with the best sentence that stands on its own (says what
happened, no dangling "He said"), then runs in time order: publication date where
known, position in the article otherwise. A sentence cites exactly the articles whose
text holds it verbatim, each with its own span.
"""
from __future__ import annotations

import math
import re
import warnings
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import timezone
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
#: salience taken off per unit of similarity to a sentence shown in an earlier briefing;
#: a near duplicate of one loses a further 2, which puts it below every new sentence
SHOWN_PENALTY = 0.5
#: salience taken off a sentence that leans on the one before it ("He said ...", "But ...")
NEEDS_CONTEXT_PENALTY = 0.1
#: MMR score taken off a sentence whose outlets the summary already cites
SOURCE_REPEAT_PENALTY = 0.1
#: earlier-briefing sentences considered, and the longest considered (characters)
MAX_SHOWN = 500
MAX_SHOWN_CHARS = 2_000

_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_WORD = re.compile(r"\w")
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_READER = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
#: photo credits and caption markers ("(AP Photo/...)", "Photo: ...", "Getty Images")
_CREDIT = re.compile(r"\b(?:photo|image|picture|video|illustration)s?\s*(?::|/|credit|courtesy)"
                     r"|\bgetty images\b|\bfile photo\b|\b(?:reuters|afp|ap|epa)\s*/",
                     re.IGNORECASE)
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: sentence openers that point back to something the reader has not been told
_DANGLING = frozenset({"he", "she", "it", "they", "him", "her", "them", "his", "its", "their",
                       "this", "that", "these", "those", "such", "we", "i", "us"})
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "such"})
#: "the same ...", "the latter": words that point back to what came before
_ANAPHORIC = frozenset({"same", "latter", "former", "aforementioned", "abovementioned"})
_TIME_NOUNS = frozenset({"year", "week", "month", "day", "morning", "afternoon", "evening",
                         "night", "weekend", "season", "summer", "spring", "autumn", "fall",
                         "winter", "time", "decade", "century", "quarter"})
_CONNECTIVES = frozenset({"but", "and", "yet", "so", "or", "nor", "however", "meanwhile", "also",
                          "still", "instead", "nevertheless", "moreover", "furthermore",
                          "besides", "then", "there", "here", "thus", "therefore"})


class SpacyTokenizer:
    """A sumy tokenizer backed by spaCy (sumy's own needs NLTK data we do not have).

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


def count_matrix(word_lists: Sequence[Sequence[str]]) -> tuple[np.ndarray, dict[str, int]]:
    """Rows = word lists, columns = distinct words, cells = occurrences."""
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for row, words in enumerate(word_lists):
        for word in words:
            rows.append(row)
            cols.append(vocab.setdefault(word, len(vocab)))
    matrix = np.zeros((len(word_lists), max(len(vocab), 1)))
    np.add.at(matrix, (np.array(rows, dtype=int), np.array(cols, dtype=int)), 1.0)
    return matrix, vocab


def _unit_rows(word_lists: Sequence[Sequence[str]], idf: dict[str, float] | None = None,
               max_tf_scaled: bool = False) -> np.ndarray:
    matrix, vocab = count_matrix(word_lists)
    if max_tf_scaled:
        top = matrix.max(axis=1)
        matrix /= np.where(top > 0, top, 1.0)[:, None]
    if idf:
        matrix *= np.array([idf[word] for word in vocab] or [1.0])[None, :]
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0] = 1.0
    return matrix / norms[:, None]


def cosine_matrix(word_lists: Sequence[Sequence[str]], idf: dict[str, float] | None = None,
                  max_tf_scaled: bool = False) -> np.ndarray:
    """Cosine similarity of every pair of word lists as TF(-IDF) vectors, with numpy."""
    unit = _unit_rows(word_lists, idf, max_tf_scaled)
    return unit @ unit.T


def cross_cosine(left: Sequence[Sequence[str]], right: Sequence[Sequence[str]]) -> np.ndarray:
    """Cosine similarity (TF vectors) of every list in ``left`` with every list in ``right``."""
    unit = _unit_rows(list(left) + list(right))
    return unit[:len(left)] @ unit[len(left):].T


def _power_iterations(matrix: np.ndarray, epsilon: float, max_iterations: int,
                      normalise: bool) -> np.ndarray:
    """sumy's power method (p <- M^T p until it moves less than epsilon), but bounded so
    junk input cannot keep it spinning."""
    count = len(matrix)
    p_vector = np.full(count, 1.0 / count)
    for _ in range(max_iterations):
        next_p = matrix.T @ p_vector
        if normalise:
            norm = np.linalg.norm(next_p)
            if not norm:
                break
            next_p /= norm
        change = np.linalg.norm(next_p - p_vector)
        p_vector = next_p
        if change <= epsilon:
            break
    return p_vector


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
        return _power_iterations(matrix, epsilon, cls.max_iterations, normalise=True)

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


class FastTextRankSummarizer(TextRankSummarizer):
    """sumy's TextRank with the pairwise edge weights computed as one matrix product.

    Edge (i, j) = shared word occurrences / (log len_i + log len_j), exactly as sumy's
    ``_rate_sentences_edge``; same damping and power method, bounded.
    """

    max_iterations = 500

    @classmethod
    def power_method(cls, matrix, epsilon):
        return _power_iterations(matrix, epsilon, cls.max_iterations, normalise=False)

    def _create_matrix(self, document):
        words = [self._to_words_set(sentence) for sentence in document.sentences]
        count = len(words)
        counts, _ = count_matrix(words)
        shared = counts @ counts.T  # sum(words_j.count(w) for w in words_i)
        lengths = np.array([len(w) for w in words], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.log(lengths)
            norm = logs[:, None] + logs[None, :]
            weights = np.where(np.isclose(norm, 0.0), shared, shared / norm)
        weights[shared == 0] = 0.0
        weights /= weights.sum(axis=1)[:, None] + self._ZERO_DIVISION_PREVENTION
        return np.full((count, count), (1.0 - self.damping) / count) + self.damping * weights


class FastLsaSummarizer(LsaSummarizer):
    """sumy's LSA with its per-cell term-frequency loop and rank loop done with numpy, and
    the SVD's singular values and right vectors taken from the eigendecomposition of the
    small sentences-by-sentences Gram matrix instead of the words-by-sentences matrix."""

    def __call__(self, document, sentences_count):
        dictionary = self._create_dictionary(document)
        if not dictionary:
            return ()
        matrix = self._compute_term_frequency(self._create_matrix(document, dictionary))
        eigenvalues, vectors = np.linalg.eigh(matrix.T @ matrix)
        order = np.argsort(eigenvalues)[::-1][:min(matrix.shape)]
        sigma = np.sqrt(np.clip(eigenvalues[order], 0.0, None))
        ranks = iter(self._compute_ranks(sigma, vectors[:, order].T))
        return self._get_best_sentences(document.sentences, sentences_count,
                                        lambda s: next(ranks))

    def _compute_term_frequency(self, matrix, smooth=0.4):
        assert 0.0 <= smooth < 1.0
        top = matrix.max(axis=0)
        scaled = matrix / np.where(top != 0, top, 1.0)[None, :]
        return np.where(top[None, :] != 0, smooth + (1.0 - smooth) * scaled, matrix)

    def _compute_ranks(self, sigma, v_matrix):
        dimensions = max(self.MIN_DIMENSIONS, int(len(sigma) * self.REDUCTION_RATIO))
        powered = np.where(np.arange(len(sigma)) < dimensions, np.asarray(sigma) ** 2, 0.0)
        return list(np.sqrt((powered[:, None] * np.asarray(v_matrix) ** 2).sum(axis=0)))


class _SparseCounts:
    """Word counts of sentences kept as their non-zero cells, for per-sentence sums."""

    def __init__(self, word_lists: Sequence[Sequence[str]]):
        counts, self.vocab = count_matrix(word_lists)
        self.rows, self.cols = np.nonzero(counts)
        self.values = counts[self.rows, self.cols]
        self.lengths = counts.sum(axis=1)
        self.totals = counts.sum(axis=0)
        self.dense = counts
        self.size = len(word_lists)

    def per_sentence(self, cell_values: np.ndarray) -> np.ndarray:
        return np.bincount(self.rows, weights=cell_values, minlength=self.size)


class FastKLSummarizer(KLSummarizer):
    """sumy's greedy KL-Sum (each step adds the sentence that brings the summary's word
    distribution closest to the document's) with each step's divergences computed at
    once from the sentences' non-zero words instead of one dict per sentence.

    Unlike sumy, the summary's words are normalised and stop-word filtered like the
    sentences' and the document's (sumy mixes raw words into the summary counts).
    """

    def _compute_ratings(self, sentences):
        words = [self._get_content_words_in_sentence(s) for s in sentences]
        cells = _SparseCounts(words)
        total = cells.totals.sum()
        if not total:
            return {sentence: -i for i, sentence in enumerate(sentences)}
        p_doc = cells.totals / total
        with np.errstate(divide="ignore", invalid="ignore"):
            p_log_p = np.where(p_doc > 0, p_doc * np.log(p_doc), 0.0)
        p_cell, p_log_p_cell = p_doc[cells.cols], p_log_p[cells.cols]
        summary = np.zeros_like(p_doc)
        summary_length = 0.0
        available = np.ones(cells.size, dtype=bool)
        ratings = {}
        # KL(p || q) over q's support, q = (sentence + summary counts) / (their lengths);
        # split into the summary-only words (same for every sentence) and each sentence's own
        while available.any():
            in_summary = summary > 0
            with np.errstate(divide="ignore", invalid="ignore"):
                summary_terms = np.where(in_summary, p_log_p - p_doc * np.log(summary), 0.0)
                summary_cell = summary[cells.cols]
                own = (p_log_p_cell - p_cell * np.log(cells.values + summary_cell)
                       - np.where(summary_cell > 0, summary_terms[cells.cols], 0.0))
                mass = p_doc[in_summary].sum() + cells.per_sentence(
                    np.where(summary_cell > 0, 0.0, p_cell))
                lengths = cells.lengths + summary_length
                divergence = summary_terms.sum() + cells.per_sentence(own) + np.log(lengths) * mass
            divergence = np.where(lengths > 0, divergence, 0.0)
            divergence[~available] = np.inf
            best = int(np.argmin(divergence))
            available[best] = False
            summary += cells.dense[best]
            summary_length += cells.lengths[best]
            ratings[sentences[best]] = -len(ratings)
        return ratings


class FastSumBasicSummarizer(SumBasicSummarizer):
    """sumy's SumBasic (pick the sentence of highest average word probability, square the
    probabilities of its words, repeat) with each step's averages computed at once."""

    def _compute_ratings(self, sentences):
        words = [self._get_content_words_in_sentence(s) for s in sentences]
        cells = _SparseCounts(words)
        total = cells.totals.sum()
        probability = cells.totals / total if total else cells.totals.copy()
        available = np.ones(cells.size, dtype=bool)
        ratings = {}
        while available.any():
            sums = cells.per_sentence(cells.values * probability[cells.cols])
            average = np.divide(sums, cells.lengths, out=np.zeros(cells.size),
                                where=cells.lengths > 0)
            average[~available] = -np.inf
            best = int(np.argmax(average))
            available[best] = False
            ratings[sentences[best]] = -len(ratings)
            for word in words[best]:
                probability[cells.vocab[word]] *= probability[cells.vocab[word]]
        return ratings


SUMMARIZERS = {
    "lexrank": FastLexRankSummarizer,
    "textrank": FastTextRankSummarizer,
    "lsa": FastLsaSummarizer,
    "luhn": LuhnSummarizer,  # linear already: one pass over each sentence's words
    "kl": FastKLSummarizer,
    "sumbasic": FastSumBasicSummarizer,
}


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer:
    return Stemmer(LANGUAGE)


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    return _stemmer()(word)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return frozenset(get_stop_words(LANGUAGE))


def _content_stems(tokens) -> list[str]:
    stop_words = _stop_words()
    return [_stem(t.lower_) for t in tokens if t.is_alpha and t.lower_ not in stop_words]


@dataclass
class _Candidate:
    """A usable body sentence: ``text`` is verbatim from the article's text."""

    article_index: int
    text: str
    #: index among the article's usable body sentences (0 = its lead)
    position: int
    #: opens with a pronoun, connective or quotation, so it leans on what came before
    needs_context: bool
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


def _bare(text: str) -> str:
    """Lower case without end punctuation, to spot a headline repeated in the body."""
    return _TERMINAL.sub("", text.strip()).strip().lower()


def _is_reporting(piece) -> bool:
    """Says something happened: a finite verb; not an order to the reader, not shouted in
    capitals, not behind a label ("Editor's note:")."""
    def has_subject(token) -> bool:
        return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in token.children)

    # the small model mistags some finite verbs (VB, VBN): a verb root with a subject counts
    if not any(t.tag_ in _FINITE_TAGS
               or (t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX") and has_subject(t))
               for t in piece):
        return False  # bylines, captions, headline-style fragments ("Trump to visit Paris.")
    first = next((t for t in piece if t.is_alpha), None)
    if (first is not None and first.dep_ == "ROOT" and first.tag_ in ("VB", "VBP")
            and not has_subject(first)):
        return False  # "Sign up for our newsletter."
    words = [t for t in piece if t.is_alpha]
    if sum(t.is_upper and len(t) > 1 for t in words) > 0.6 * len(words):
        return False  # shouted: a transcript, a banner or a headline in capitals
    label = next((i for i, t in enumerate(piece[:4]) if t.text == ":"), None)
    return not (label and not any(t.pos_ == "PRON" or t.tag_ in ("VBD", "MD")
                                  for t in piece[:label]))  # "Editor's note: ...", "UPDATE: ..."


def _needs_context(piece) -> bool:
    """Opens with something only the previous sentence explains: a pronoun ("He said"),
    a demonstrative ("That number"), a connective ("But"), a back reference ("On the
    same day"), or a quotation with its speaker at the end."""
    first = next((t for t in piece if not t.is_punct and not t.is_space), None)
    if first is None:
        return True
    if piece.text[0] in "\"“'‘":
        return True
    if any(t.lower_ in _ANAPHORIC and piece[i - 1].lower_ == "the"
           for i, t in enumerate(piece[1:6], 1)):
        return True  # "On the same day", "The latter said"
    lower = first.lower_
    if lower in _DEMONSTRATIVES and first.pos_ == "DET":  # "That number", not "This week"
        return first.head.lemma_.lower() not in _TIME_NOUNS
    return ((lower in _DANGLING and first.pos_ == "PRON") or first.pos_ == "CCONJ"
            or (lower in _CONNECTIVES and first.pos_ in ("ADV", "CCONJ", "PRON")))


def _article_candidates(index: int, parsed, headline: str, settings: SummarySettings):
    """Yield (candidate, its spaCy span) for the article's usable body sentences, in
    order, at most ``per_article`` of them; lazily, so a big story reads only leads."""
    article = parsed.article
    text = article.text
    titles = {_bare(article.title), _bare(headline)}
    found = 0
    for piece in _pieces(parsed.doc, article.body_start):
        if found >= settings.per_article:
            return
        sentence = piece.text
        if (not _usable(sentence, sum(t.is_alpha for t in piece), settings)
                or _bare(sentence) in titles or not _is_reporting(piece)):
            continue
        line = text[text.rfind("\n", 0, piece.start_char) + 1:
                    text.find("\n", piece.end_char) % (len(text) + 1)]
        if _CREDIT.search(line) or _READER.search(_QUOTED.sub("", line)):
            continue  # a caption or an appeal to the reader: the whole paragraph is furniture
        found += 1
        yield _Candidate(index, text[piece.start_char:piece.end_char], found - 1,
                         _needs_context(piece), _content_stems(piece)), piece


def _candidates(cluster: Cluster, settings: SummarySettings, tokenizer: SpacyTokenizer) -> list[_Candidate]:
    """Usable body sentences, leads of every article before second sentences of any (so a
    big story keeps all its leads), at most ``per_cluster`` in all."""
    streams = [_article_candidates(i, p, cluster.headline, settings)
               for i, p in enumerate(cluster.articles)]
    limit = max(settings.per_cluster, 0)
    kept: list[_Candidate] = []
    while streams and len(kept) < limit:
        alive = []
        for stream in streams:
            if len(kept) >= limit:
                break
            found = next(stream, None)
            if found is not None:
                candidate, piece = found
                tokenizer.add(candidate.text, piece)
                kept.append(candidate)
                alive.append(stream)
        streams = alive
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


def _algorithm_ranks(texts: Sequence[str], paragraphs: Sequence[int], tokenizer: SpacyTokenizer,
                     algorithm: str) -> np.ndarray:
    """sumy ratings of distinct sentences scaled to [0, 1] (1 = best), always finite;
    all zeros when there are too few sentences to rank or sumy cannot rate them.

    ``paragraphs`` says which paragraph (article) each sentence belongs to.
    """
    count = len(texts)
    if count < 3 or len(set(texts)) != count:  # sumy keys its ratings by sentence text
        return np.zeros(count)
    summarizer = SUMMARIZERS[algorithm](_stem)
    summarizer.stop_words = _stop_words()
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


def _mmr(salience: np.ndarray, similarity: np.ndarray, count: int, trade_off: float,
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


def _find_verbatim(text: str, article_text: str, start: int) -> int:
    """First occurrence of ``text`` at or after ``start`` that does not begin mid-word."""
    found = re.compile(r"(?<!\w)" + re.escape(text)).search(article_text, start)
    return found.start() if found else -1


def _citations(members: list[_Candidate],
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
        spans = []
        for article_id, article_text, body_start in bodies:
            start = _find_verbatim(member.text, article_text, body_start)
            if start >= 0:
                spans.append(Span(article_id, start, start + len(member.text)))
        score = (len(spans), not member.needs_context)
        if score > best:
            best, best_text, best_spans = score, member.text, spans
    return best_text, best_spans


def _shown_similarity(candidates: list[_Candidate], shown: Collection[str]) -> np.ndarray:
    """For each candidate, its highest similarity to a sentence shown in an earlier
    briefing (1.0 for the same text)."""
    texts = [t for t in list(shown)[:MAX_SHOWN] if isinstance(t, str) and t.strip()]
    if not texts or not candidates:
        return np.zeros(len(candidates))
    tokenizer = load_model().tokenizer
    shown_stems = [_content_stems(tokenizer(t[:MAX_SHOWN_CHARS])) for t in texts]
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
        if published is not None and published.tzinfo is None:
            published = published.replace(tzinfo=timezone.utc)
        place[parsed.article.id] = ((0, published.timestamp()) if published else (1, 0.0), order)

    def key(sentence: SummarySentence):
        return min((*place[s.article_id], s.start) for s in sentence.spans)
    return key


def summarise_cluster(cluster: Cluster, settings: SummarySettings, *,
                      shown: Collection[str] = ()) -> list[SummarySentence]:
    """Extractive summary of a story: verbatim sentences, each cited, opening with what
    happened and then in time order.

    ``shown`` holds summary sentences of this story already shown in earlier briefings:
    those and their near duplicates are used only when too few new sentences exist.
    """
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
    # news says what happened in its lead: the summary opens with an article's lead
    is_lead = np.array([any(candidates[m].position == 0 for m in g) for g in groups])
    if (can_open & is_lead).any():
        can_open &= is_lead
    count = _summary_length(len(cluster.articles), len(groups), settings)
    if shown:
        seen_by_candidate = _shown_similarity(candidates, shown)
        seen = np.array([seen_by_candidate[g].max() for g in groups])
        repeated = seen >= NEAR_DUPLICATE
        salience = salience - SHOWN_PENALTY * seen - 2.0 * repeated
        can_open &= ~repeated
        new_units = int((~repeated).sum())
        count = min(count, max(new_units, min(settings.min_sentences, len(groups))))
    bodies = [(p.article.id, p.article.text, p.article.body_start) for p in cluster.articles]
    summary = []
    sources = [frozenset(candidates[m].article_index for m in g) for g in groups]
    for unit in _mmr(salience, unit_similarity, count, settings.mmr_lambda, can_open, sources):
        text, spans = _citations([candidates[m] for m in groups[unit]], bodies)
        if spans:
            summary.append(SummarySentence(text=text, spans=spans))
    return summary[:1] + sorted(summary[1:], key=_time_order(cluster))
