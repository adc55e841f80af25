"""KL-Sum (Haghighi & Vanderwende 2009) as sumy computes it, with numpy."""
from __future__ import annotations

import numpy as np
from sumy.summarizers.kl import KLSummarizer

from .similarity import SparseCounts


class FastKLSummarizer(KLSummarizer):
    """sumy's greedy KL-Sum (each step adds the sentence that brings the summary's word
    distribution closest to the document's) with each step's divergences computed at
    once from the sentences' non-zero words instead of one dict per sentence.

    Unlike sumy, the summary's words are normalised and stop-word filtered like the
    sentences' and the document's (sumy mixes raw words into the summary counts).
    """

    def _compute_ratings(self, sentences):
        words = [self._get_content_words_in_sentence(s) for s in sentences]
        cells = SparseCounts(words)
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
