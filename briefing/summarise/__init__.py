"""Summarise stage: an extractive summary of one story, every sentence verbatim and cited.

Candidates are body sentences of the already-parsed Docs (no re-parse): whole prose
sentences with a finite verb (no headline, caption, byline, reader appeal or bare
quote; a first line that is a lead, not a headline, counts), capped per article and per
cluster, leads first. Sentences that several outlets carry (wire copy, light edits)
become one unit. Within a budget in words, units are picked greedily for the most new
concept weight per word (budgeted coverage): concepts are stemmed word pairs and content
words, weighted by how many of the story's articles use them (to the power 1.5) times
how many sentences carry them, every outlet's copy counted; a unit's gain is scaled by
its prior (sumy's rank, TextRank by default, with every algorithm's quadratic step
redone with numpy, mixed with a lead-position prior and cross-outlet support), and
sentences shown in an earlier briefing are pushed down; one opening with a quotation gets
a bonus, and one that refers back ("The move", the rest of a quotation) may only follow
the sentence it refers to. Without a budget (``words = 0``)
MMR picks a sentence count. The summary opens with the best lead that stands on its own
(says what happened, no dangling "He said"; within a word budget, the more so the more it
says what the other articles lead with), then runs in time order: publication date
where known, position in the article otherwise. A sentence cites exactly the articles
whose text holds it verbatim, each with its own span.

Laid out as sumy is: ``nlp`` (spaCy-backed tokenizer, stems, stop words),
``summarizers/`` (one module per algorithm, vectorised), ``candidates`` (which
sentences may enter a summary), ``context`` (which of them lean on the sentence before)
and ``story`` (the summary of one story).
"""
from .context import needs_context
from .nlp import SpacyTokenizer
from .story import budgeted_cover, mmr, rank_sentences, summarise_cluster
from .summarizers import (SUMMARIZERS, FastKLSummarizer, FastLexRankSummarizer, FastLsaSummarizer,
                          FastSumBasicSummarizer, FastTextRankSummarizer)

__all__ = ["SUMMARIZERS", "FastKLSummarizer", "FastLexRankSummarizer", "FastLsaSummarizer",
           "FastSumBasicSummarizer", "FastTextRankSummarizer", "SpacyTokenizer", "mmr",
           "budgeted_cover", "needs_context", "rank_sentences", "summarise_cluster"]
