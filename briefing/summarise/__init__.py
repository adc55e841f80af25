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

Laid out as sumy is: ``nlp`` (spaCy-backed tokenizer, stems, stop words),
``summarizers/`` (one module per algorithm, vectorised), ``candidates`` (which
sentences may enter a summary) and ``story`` (the summary of one story).
"""
from .candidates import needs_context
from .nlp import SpacyTokenizer
from .story import mmr, rank_sentences, summarise_cluster
from .summarizers import (SUMMARIZERS, FastKLSummarizer, FastLexRankSummarizer, FastLsaSummarizer,
                          FastSumBasicSummarizer, FastTextRankSummarizer)

__all__ = ["SUMMARIZERS", "FastKLSummarizer", "FastLexRankSummarizer", "FastLsaSummarizer",
           "FastSumBasicSummarizer", "FastTextRankSummarizer", "SpacyTokenizer", "mmr",
           "needs_context", "rank_sentences", "summarise_cluster"]
