"""Word folding shared by the stages that compare texts (clustering, summaries, the
quote table): one Snowball stemmer and one English stop list, both sumy's, so
"troops" meets "troop" the same way everywhere. No data is downloaded. And the one way
a count is written out ("1 story", "2 stories"), for every message and page."""
from __future__ import annotations

from functools import lru_cache

LANGUAGE = "english"


@lru_cache(maxsize=1)
def _stemmer():
    from sumy.nlp.stemmers import Stemmer  # NLTK's Snowball, which needs no data files

    return Stemmer(LANGUAGE)


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return _stemmer()(word)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words(LANGUAGE))


def count_of(count: int, singular: str, plural: str | None = None) -> str:
    """"1 story", "2 stories": the count and the noun that agrees with it."""
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"
