"""sumy's summarizers, one module per algorithm, each with its quadratic or per-cell
pure-Python step redone with numpy (same arithmetic, so the same ranking). Luhn is
sumy's own: it is linear already."""
from __future__ import annotations

from sumy.summarizers.luhn import LuhnSummarizer

from .kl import FastKLSummarizer
from .lex_rank import FastLexRankSummarizer
from .lsa import FastLsaSummarizer
from .sum_basic import FastSumBasicSummarizer
from .text_rank import FastTextRankSummarizer

SUMMARIZERS = {
    "lexrank": FastLexRankSummarizer,
    "textrank": FastTextRankSummarizer,
    "lsa": FastLsaSummarizer,
    "luhn": LuhnSummarizer,  # linear already: one pass over each sentence's words
    "kl": FastKLSummarizer,
    "sumbasic": FastSumBasicSummarizer,
}
