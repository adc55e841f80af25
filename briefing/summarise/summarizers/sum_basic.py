"""SumBasic (Nenkova & Vanderwende 2005) as sumy computes it, with numpy."""
from __future__ import annotations

import numpy as np
from sumy.summarizers.sum_basic import SumBasicSummarizer

from .similarity import SparseCounts


class FastSumBasicSummarizer(SumBasicSummarizer):
    """sumy's SumBasic (pick the sentence of highest average word probability, square the
    probabilities of its words, repeat) with each step's averages computed at once."""

    def _compute_ratings(self, sentences):
        words = [self._get_content_words_in_sentence(s) for s in sentences]
        cells = SparseCounts(words)
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
