"""Words and sentences for sumy from spaCy: sumy's own tokenizer needs NLTK data we do
not have. Stems and stop words are the shared ones of :mod:`briefing.words`."""
from __future__ import annotations

import re

from ..parse import load_model
from ..words import LANGUAGE, stem, stop_words

WORD = re.compile(r"\w")


class SpacyTokenizer:
    """A sumy tokenizer backed by spaCy (sumy's own needs NLTK data we do not have).

    Sentences built from parsed Docs are registered with :meth:`add`, so sumy gets their
    words without tokenising again; other text goes through the spaCy pipeline.
    """

    def __init__(self, language: str = LANGUAGE):
        self._language = language
        self._words: dict[str, tuple[str, ...]] = {}

    @property
    def language(self) -> str:
        return self._language

    def add(self, text: str, tokens) -> None:
        """Remember the words of ``text`` (stripped, as sumy stores it) from spaCy tokens."""
        self.add_words(text, tuple(t.text for t in tokens if WORD.search(t.text)))

    def add_words(self, text: str, words: tuple[str, ...]) -> None:
        """Remember the words of ``text``, taken from its tokens earlier."""
        self._words[text.strip()] = words

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        doc = load_model()(paragraph)
        sentences = []
        for sent in doc.sents:
            text = sent.text.strip()
            if text:
                self.add(text, sent)
                sentences.append(text)
        return tuple(sentences)

    def to_words(self, sentence: str) -> tuple[str, ...]:
        words = self._words.get(sentence.strip())
        if words is None:
            words = tuple(t.text for t in load_model().tokenizer(sentence) if WORD.search(t.text))
        return words


def content_stems(tokens) -> list[str]:
    stops = stop_words()
    return [stem(t.lower_) for t in tokens if t.is_alpha and t.lower_ not in stops]
