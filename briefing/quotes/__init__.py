"""Quotes stage: who said what, from the one spaCy parse of each article.

Rules follow how news English reports speech: a speech verb (say, tell, warn,
accuse ... of, call for, according to) or a possessed speech noun (her claim that)
links a source, its subject, to content, its clausal complement or object; quotation
marks (curly, straight, single, or doubled '' as some outlets write them) delimit
verbatim words, which may stand alone after an attribution or continue across
paragraphs. A quotation interrupted by its own attribution ("A," she said. "B.") is
one statement, attribution included, so the table shows it once. Pronouns and
descriptions ("she", "the foreign minister") are resolved to the named person the
article introduced, by gender, role words and recency.

The parse is read, never redone, and the work stays linear in the article: the stage
costs a few percent of the parse (scripts/bench_quotes.py).

Laid out by what each step finds: ``marks`` (quotation marks), ``people`` (who the
article names), ``speakers`` (whose words these are), ``content`` (what was said),
``extract`` (every statement of an article) and ``table`` (the who-said-what rows of a
story); ``lexicon`` holds the vocabulary the rules use.
"""
from dataclasses import astuple

from ..config import QuoteSettings
from ..records import ParsedArticle, Quote
from .extract import extract_quotes
from .marks import QuoteSpan, find_quote_spans
from .table import clean_role, quote_table

__all__ = ["QuoteSpan", "article_quotes", "clean_role", "extract_quotes", "find_quote_spans",
           "quote_table", "quotes_key"]


def quotes_key(settings: QuoteSettings) -> tuple:
    """The key an article's statements are kept under: they depend on every setting."""
    return ("quotes", *astuple(settings))


def article_quotes(parsed: ParsedArticle, settings: QuoteSettings | None = None) -> list[Quote]:
    """:func:`extract_quotes`, read from the Doc once per article and settings (a build
    keeps the result, and the analysis cache keeps it for the next build)."""
    settings = settings or QuoteSettings()
    return list(parsed.analysis(quotes_key(settings), lambda: extract_quotes(parsed, settings)))
