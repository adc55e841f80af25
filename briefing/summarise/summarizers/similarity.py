"""The vector arithmetic the fast summarizers share: count matrices, cosine
similarity, power iteration, sparse per-sentence counts (numpy, no Python loops over
cells)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np


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


def unit_rows(word_lists: Sequence[Sequence[str]], idf: dict[str, float] | None = None,
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
    unit = unit_rows(word_lists, idf, max_tf_scaled)
    return unit @ unit.T


def cross_cosine(left: Sequence[Sequence[str]], right: Sequence[Sequence[str]]) -> np.ndarray:
    """Cosine similarity (TF vectors) of every list in ``left`` with every list in ``right``."""
    unit = unit_rows(list(left) + list(right))
    return unit[:len(left)] @ unit[len(left):].T


def power_iterations(matrix: np.ndarray, epsilon: float, max_iterations: int,
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


class SparseCounts:
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
