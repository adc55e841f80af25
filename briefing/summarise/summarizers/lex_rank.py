"""LexRank (Erkan & Radev 2004) as sumy computes it, with numpy."""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
from sumy.summarizers.lex_rank import LexRankSummarizer

from .similarity import cosine_matrix, power_iterations


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
        return power_iterations(matrix, epsilon, cls.max_iterations, normalise=True)

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
