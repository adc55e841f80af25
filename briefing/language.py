"""Which language an article is written in, offline.

The parser, the quote finder and the summariser's sentence rules are English-only: a
German article gives no statements and summaries that start mid-sentence. So each
article is marked with its language, and the English-only stages leave out the others
(they stay in the briefing, listed as not in English). py3langid (langid.py's model of
97 languages, shipped inside the package) decides; nothing is downloaded.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache

from .records import Article
from .safe_text import shown

log = logging.getLogger("briefing.language")

#: the language the parser and the quote finder read
ENGLISH = "en"
#: characters of an article's text that the detector reads (the lead says enough)
SAMPLE_CHARS = 1_500
#: shorter texts are not judged: a headline alone is too little to tell
MIN_CHARS = 200
#: a language is named only when the detector is at least this sure of it
MIN_CONFIDENCE = 0.9


@lru_cache(maxsize=1)
def _identifier():
    """The detector, loaded once (1-2 s) and only when there is something to detect."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language of ``text`` ('en', 'de', 'fr' ...), or None when
    the text is too short or the detector is not sure."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None
    language, confidence = _identifier().classify(sample)
    return language if confidence >= MIN_CONFIDENCE else None


def is_english(article: Article) -> bool:
    """Whether the English-only stages read ``article``: English, or not known to be
    anything else."""
    return article.language in (None, ENGLISH)


def mark_languages(articles: Iterable[Article]) -> None:
    """Set each article's ``language``; the ones not in English are logged."""
    for article in articles:
        article.language = detect_language(article.text)
        if not is_english(article):
            log.warning("%s: written in '%s', not English; kept, but no statements or "
                        "summary ranking are taken from it", shown(article.path),
                        article.language)
