"""TextRank (Mihalcea & Tarau 2004) as sumy computes it, with numpy."""
from __future__ import annotations

import numpy as np
from sumy.summarizers.text_rank import TextRankSummarizer

from .similarity import count_matrix, power_iterations


class FastTextRankSummarizer(TextRankSummarizer):
    """sumy's TextRank with the pairwise edge weights computed as one matrix product.

    Edge (i, j) = shared word occurrences / (log len_i + log len_j), exactly as sumy's
    ``_rate_sentences_edge``; same damping and power method, bounded.
    """

    max_iterations = 500

    @classmethod
    def power_method(cls, matrix, epsilon):
        return power_iterations(matrix, epsilon, cls.max_iterations, normalise=False)

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
