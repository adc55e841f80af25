"""Word folding shared by the stages that compare texts (clustering, summaries, the
quote table, key voices): one Snowball stemmer and one English stop list, both sumy's,
so "troops" meets "troop" the same way everywhere, and the stems of what a statement
says. No data is downloaded. And the one way
a count is written out ("1 story", "2 stories"), for every message and page."""
from __future__ import annotations

import re
from functools import lru_cache

from .names import fold, strip_accents

LANGUAGE = "english"


@lru_cache(maxsize=1)
def _stemmer():
    from sumy.nlp.stemmers import Stemmer  # NLTK's Snowball, which needs no data files

    return Stemmer(LANGUAGE)


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The Snowball stem of ``word`` with its accents taken off: outlets write one name
    as "Grünberg" and as "Grunberg", one word as "café" and "cafe"."""
    return _stemmer()(word if word.isascii() else strip_accents(word))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words(LANGUAGE))


#: words that turn a statement around; "t" is what is left of "can't" and "don't"
NEGATION_WORDS = ("not", "no", "never", "cannot", "nothing", "none", "nobody", "neither",
                  "nor", "without", "t")


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """spaCy's English stop words, but those that turn a statement around."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS - set(NEGATION_WORDS))


def statement_stems(text: str) -> set[str]:
    """The stems of what a statement says: its words folded (names.fold), without
    function words or numbers, negations kept. Two statements, or a statement and a
    summary sentence, that share most of these make the same point."""
    function = _function_words()
    return {stem(w) for w in (fold(w) for w in re.findall(r"\w+", text.lower()))
            if w not in function and not w.isdigit()}


def count_of(count: int, singular: str, plural: str | None = None) -> str:
    """"1 story", "2 stories": the count and the noun that agrees with it."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"
