"""Word folding shared by the stages that compare texts (clustering, summaries, the
quote table): one Snowball stemmer and one English stop list, both sumy's, so
"troops" meets "troop" the same way everywhere. No data is downloaded."""
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
