"""briefing: an offline daily news briefing whose every line is verifiable.

The public surface: build a :class:`Briefing` from files with :func:`build_briefing`,
write it with :func:`write_briefing`, send it with :func:`deliver_briefing`; the records
and settings it is made of.
"""
from .config import ConfigError, Settings, load_settings
from .records import (Article, Briefing, Cluster, Document, EarlierStory, Mention, ParsedArticle,
                      Quote, QuoteRow, Span, Story, SummarySentence)

__version__ = "0.1.0"

__all__ = [
    "Article", "Briefing", "Cluster", "ConfigError", "Document", "EarlierStory", "Mention",
    "ParsedArticle", "Quote", "QuoteRow", "Settings", "Span", "Story", "SummarySentence",
    "build_briefing", "deliver_briefing", "load_settings", "write_briefing", "__version__",
]


def __getattr__(name: str):
    # The pipeline pulls in spaCy; import it only when asked for.
    if name in {"build_briefing", "write_briefing", "deliver_briefing"}:
        from . import pipeline
        return getattr(pipeline, name)
    raise AttributeError(f"module 'briefing' has no attribute {name!r}")
