"""LSA (Steinberger & Jezek 2004) as sumy computes it, with numpy."""
from __future__ import annotations

import numpy as np
from sumy.summarizers.lsa import LsaSummarizer


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
