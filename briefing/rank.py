"""Rank stage: order the day's stories by importance and plan the front page.

A reader gives a briefing about five minutes, so the briefing leads with the few stories
that matter most and gives each a few lines; every other story gets one line, and the
full record follows. This module decides which is which; the renderers only show it.

The importance score of a story is a weighted mean of five signals, each in [0, 1]
(weights in ``[rank]``):

- ``outlets``: distinct outlets carrying the story (publishers, or web sites, and the
  outlets that republished an article), ``1 - 1/n``: one outlet 0, two 0.5, four 0.75;
- ``articles``: articles in the story, each outlet's republished copy of one counted as
  an article, as a build from files counts it, ``1 - 1/n``, so coverage counts outlets
  first;
- ``recency``: when its newest article was published, inside the window of the
  briefing's articles (newest 1, oldest 0; 0.5 when no article of the day is dated; a
  date with no time scores the middle of where its day lies in the window);
- ``novelty``: 1 for a new story; for one that continues an earlier briefing's story,
  the share of its summary the reader has not been shown before (a rerun scores 0);
- ``substance``: named speakers and statements carried by several articles (a
  republished copy counted again), ``0.6 (1 - 2^-speakers) + 0.4 (1 - 2^-shared)``.

Ties break on outlets, articles, the newest publication time, the headline and the id,
so the same input always gives the same order.

The front page takes the top ``[briefing] front_page`` stories within a word budget:
each gets its headline, two summary sentences and its best statement, then more
sentences (up to ``summary_sentences``) and key voices (up to ``key_voices``) are added
round the stories in rank order while the budget lasts. A story that does not fit even
so is listed with the others under "also reported".
"""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from .config import FrontPageSettings, RankSettings
from .names import looks_like_name
from .records import (PART_JOINER, Article, Published, QuoteRow, RankSignals, Span, Story,
                      SummarySentence, as_utc)
from .words import statement_stems

_WORD = re.compile(r"\w+")
#: a key voice longer than this many words is long for a front page
LONG_STATEMENT_WORDS = 50
#: a statement shorter than this says little on its own ("said no")
SHORT_STATEMENT_WORDS = 6


def word_count(text: str | None) -> int:
    """Words as a reader counts them (the front page budget is in these)."""
    return len(_WORD.findall(text or ""))


def outlet_key(article: Article) -> str:
    """Who published ``article``, compared without case: its outlet, else itself (a local
    file of no known outlet counts as an outlet of its own)."""
    return (article.outlet or f"article:{article.id}").casefold()


def _republishers(article: Article) -> set[str]:
    return {name.strip().casefold() for name in article.also_carried_by if name.strip()}


def story_outlets(story: Story) -> set[str]:
    """Distinct outlets of a story, counting those that republished its articles."""
    outlets: set[str] = set()
    for parsed in story.cluster.articles:
        outlets.add(outlet_key(parsed.article))
        outlets.update(_republishers(parsed.article))
    return outlets


def carried_copies(story: Story) -> dict[str, int]:
    """Article id -> how many outlets' copies of it the story holds: 1, and one for each
    outlet that republished it. The store keeps one article for identical copies, a
    build from files one article per file: both count a wire story's four copies as
    four."""
    return {p.article.id: 1 + len(_republishers(p.article) - {outlet_key(p.article)})
            for p in story.cluster.articles}


def carriers(row: QuoteRow, copies: Mapping[str, int] | None = None) -> int:
    """How many articles carry a statement, each article's republished copies counted
    (``copies``: :func:`carried_copies`)."""
    return sum((copies or {}).get(article_id, 1) for article_id in row.article_ids)


def _newest(story: Story) -> datetime | None:
    times = [as_utc(p.article.published) for p in story.cluster.articles if p.article.published]
    return max(times) if times else None


def _window(stories: Sequence[Story]) -> tuple[datetime, datetime] | None:
    """The span of the articles' publication times: those with a time of day, when any
    has one (a date alone would stretch it to a midnight nobody published at)."""
    published = [p.article.published for s in stories for p in s.cluster.articles
                 if p.article.published]
    timed = [as_utc(t) for t in published if isinstance(t, datetime)]
    times = timed or [as_utc(t) for t in published]
    return (min(times), max(times)) if times else None


def _recency(published: Published, window: tuple[datetime, datetime]) -> float:
    """Where ``published`` falls in ``window``, 0 to 1. A date alone could be any time
    of its day: it scores the mean of its day's start and end, each held inside the
    window, so a dated article is never worse than an undated one (0.5) merely for
    lacking an hour."""
    start, end = window

    def at(moment: datetime) -> float:
        if end > start:
            return min(1.0, max(0.0, (moment - start) / (end - start)))
        return 1.0 if moment >= start else 0.0

    if isinstance(published, datetime):
        return at(as_utc(published)) if end > start else 1.0
    day = as_utc(published)
    return (at(day) + at(day + timedelta(days=1))) / 2


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def signals(story: Story, window: tuple[datetime, datetime] | None,
            shown: Collection[str] = ()) -> RankSignals:
    """The five importance signals of one story (see the module docstring)."""
    outlets = len(story_outlets(story))
    copies = carried_copies(story)
    articles = sum(copies.values())
    dated = [p.article.published for p in story.cluster.articles if p.article.published]
    recency = max(_recency(t, window) for t in dated) if window and dated else 0.5
    if story.developing_since is None:
        novelty = 1.0
    elif not story.summary:
        novelty = 0.0
    else:
        seen = {_normal(text) for text in shown}
        novelty = sum(_normal(s.text) not in seen for s in story.summary) / len(story.summary)
    speakers = {row.speaker for row in story.quotes if looks_like_name(row.speaker)}
    shared = sum(carriers(row, copies) > 1 for row in story.quotes)
    substance = 0.6 * (1 - 0.5 ** len(speakers)) + 0.4 * (1 - 0.5 ** shared)
    return RankSignals(outlets=1 - 1 / max(outlets, 1), articles=1 - 1 / max(articles, 1),
                       recency=recency, novelty=novelty, substance=substance,
                       outlet_count=outlets, article_count=articles)


def importance(parts: RankSignals, weights: RankSettings) -> float:
    """The weighted mean of the signals, in [0, 1]."""
    pairs = [(weights.outlets, parts.outlets), (weights.articles, parts.articles),
             (weights.recency, parts.recency), (weights.novelty, parts.novelty),
             (weights.substance, parts.substance)]
    total = sum(w for w, _ in pairs)
    return sum(w * value for w, value in pairs) / total if total else 0.0


def voice_quality(row: QuoteRow, copies: Mapping[str, int] | None = None) -> float:
    """How well a statement serves as a key voice: a named speaker over "officials", a
    direct quotation over a report, words of substance, carried by several outlets
    (republished copies counted: ``copies``, :func:`carried_copies`)."""
    named = 1.0 if looks_like_name(row.speaker) else 0.4
    kind = {"direct": 1.0, "mixed": 0.85}.get(row.kind, 0.6)
    words = word_count(row.text)
    length = 0.3 if words < SHORT_STATEMENT_WORDS else 0.6 if words > LONG_STATEMENT_WORDS else 1.0
    carried = 1.0 - 0.5 / carriers(row, copies) if row.article_ids else 0.5
    return named * kind * length * carried


def _within(row: QuoteRow, sentences: Sequence[SummarySentence]) -> bool:
    """Whether a statement's words are already in one of ``sentences`` (its span lies
    inside a sentence's span in the same article)."""
    return any(_span_within(q, sentences) for q in row.spans)


def _span_within(span: Span, sentences: Sequence[SummarySentence]) -> bool:
    return any(span.article_id == s.article_id and s.start <= span.start and span.end <= s.end
               for sentence in sentences for s in sentence.spans)


def _rest_of(row: QuoteRow, sentences: Sequence[SummarySentence]) -> QuoteRow | None:
    """The statement without its parts that ``sentences`` already show, when only some
    are: a press release's summary line holds the first sentence of a chief executive's
    quotation, and the key voice beside it then gives the rest. None when no part, or
    every part, is shown, or when the parts cannot be told apart."""
    parts = row.text.split(PART_JOINER)
    own = row.spans[:len(parts)]
    if (len(parts) < 2 or len(own) < len(parts)
            or any(s.article_id != own[0].article_id for s in own)
            or any(len(part) != s.end - s.start for part, s in zip(parts, own))):
        return None
    kept = [(part, span) for part, span in zip(parts, own) if not _span_within(span, sentences)]
    if not kept or len(kept) == len(parts):
        return None
    others = [s for s in row.spans[len(parts):] if s.article_id != own[0].article_id]
    return replace(row, text=PART_JOINER.join(part for part, _ in kept),
                   spans=[span for _, span in kept] + others)


#: share of a statement's content words that one summary sentence beside it holds for
#: the statement to say again what the reader has just read; or, when the sentence names
#: the speaker, share of the sentence's own point that the statement holds ("Tomas
#: Reddy said it was the worst storm damage the seafront had seen in a generation" /
#: "This is the worst damage to the seafront in a generation, and the council will ...")
RESTATED_SHARE = 0.6

#: fewest content words a sentence's reported point needs to be matched ("said he was
#: pleased" is too little to be a statement's point)
_REPORTED_POINT = 3

#: words that tell who said something rather than what was said
_REPORTING = statement_stems("said says told added according")


def _restated(row: QuoteRow, sentences: Sequence[SummarySentence]) -> bool:
    """Whether one of ``sentences`` makes the statement's point in its own words (another
    outlet's report of it, say): most of its content words are in that sentence, or the
    sentence reports the speaker and most of what it reports is in the statement."""
    words = statement_stems(row.text)
    if not words:
        return False
    speaker = statement_stems(row.speaker)
    for sentence in sentences:
        stems = statement_stems(sentence.text)
        if len(words & stems) >= RESTATED_SHARE * len(words):
            return True
        if speaker & stems:
            point = stems - speaker - statement_stems(row.role or "") - _REPORTING
            point -= statement_stems(row.cue)
            if len(point) >= _REPORTED_POINT and len(point & words) >= RESTATED_SHARE * len(point):
                return True
    return False


def key_voices(rows: Sequence[QuoteRow], count: int,
               summary: Sequence[SummarySentence] = (),
               copies: Mapping[str, int] | None = None) -> list[QuoteRow]:
    """At most ``count`` statements from distinct speakers, best first (ties keep the
    table's order), leaving out statements the ``summary`` shown beside them already
    quotes or says in other words, and reports by a description ("officials promised
    further updates"): a key voice is a named speaker, or someone's own quoted words."""
    best: dict[str, tuple[float, int, QuoteRow]] = {}
    for order, row in enumerate(rows):
        if summary and _within(row, summary):
            row = _rest_of(row, summary)
            if row is None:
                continue
        if summary and _restated(row, summary):
            continue
        if not looks_like_name(row.speaker) and row.kind not in ("direct", "mixed"):
            continue
        quality = voice_quality(row, copies)
        if row.speaker not in best or quality > best[row.speaker][0]:
            best[row.speaker] = (quality, order, row)
    ranked = sorted(best.values(), key=lambda item: (-item[0], item[1]))
    return [row for _, _, row in ranked[:count]]


def rank_stories(stories: Sequence[Story], weights: RankSettings,
                 shown: Mapping[str, Collection[str]] | None = None) -> list[Story]:
    """Every story scored and numbered 1, 2, ... in order of importance.

    ``shown`` maps a continuing story's id to the summary sentences earlier briefings
    showed, for its novelty.
    """
    shown = shown or {}
    window = _window(stories)
    scored = []
    for story in stories:
        parts = signals(story, window, shown.get(story.id, ()))
        score = round(importance(parts, weights), 6)
        newest = _newest(story)
        key = (-score, -parts.outlet_count, -parts.article_count,
               -(newest.timestamp() if newest else float("-inf")),
               story.headline.casefold(), story.id)
        scored.append((key, replace(story, score=score, signals=parts)))
    scored.sort(key=lambda item: item[0])
    return [replace(story, rank=n) for n, (_, story) in enumerate(scored, 1)]


def front_page_words(story: Story, sentences: int, voices: Sequence[QuoteRow]) -> int:
    """Words the front page shows for ``story`` with its first ``sentences`` summary
    sentences and ``voices``: headline, named outlets, sentences, speakers, roles and
    statements. The budget is held, and the reading time told, in these words."""
    named = [key for key in story_outlets(story) if not key.startswith("article:")]
    return (word_count(story.headline) + sum(word_count(key) for key in named)
            + sum(word_count(s.text) for s in story.summary[:sentences])
            + sum(word_count(v.text) + word_count(v.speaker) + word_count(v.role)
                  for v in voices))


@dataclass
class _Plan:
    story: Story
    sentences: int
    voices: list[QuoteRow]
    #: the key voices it may show, best first
    candidates: list[QuoteRow]

    def words(self) -> int:
        return front_page_words(self.story, self.sentences, self.voices)


def plan_front_page(stories: Sequence[Story], settings: FrontPageSettings) -> list[Story]:
    """Mark the front page: the top stories within the word budget, each with the
    summary sentences and key voices it shows; a story with neither to show takes no
    place there. ``stories`` are in rank order."""
    plans: list[_Plan] = []
    used = 0
    for story in stories:
        if len(plans) >= settings.front_page:
            break
        voices = key_voices(story.quotes, settings.key_voices,
                            story.summary[:settings.summary_sentences], carried_copies(story))
        if not story.summary and not voices:
            continue  # nothing to show (an article in another language): a line below
        plan = _Plan(story, min(settings.min_summary_sentences, len(story.summary)), voices[:1],
                     voices)
        if plans and used + plan.words() > settings.words:
            continue
        plans.append(plan)
        used += plan.words()
    # Round the front page in rank order, one more sentence or voice at a time.
    grew = True
    while grew:
        grew = False
        for plan in plans:
            more = _grown(plan, settings)
            if more is not None and used - plan.words() + more.words() <= settings.words:
                used += more.words() - plan.words()
                plan.sentences, plan.voices = more.sentences, more.voices
                grew = True
    chosen = {plan.story.id: plan for plan in plans}
    marked = []
    for story in stories:
        plan = chosen.get(story.id)
        marked.append(replace(story, on_front_page=plan is not None,
                              front_sentences=plan.sentences if plan else 0,
                              key_quotes=list(plan.voices) if plan else
                              key_voices(story.quotes, settings.key_voices,
                                         story.summary[:settings.summary_sentences],
                                         carried_copies(story))))
    return marked


def _grown(plan: _Plan, settings: FrontPageSettings) -> _Plan | None:
    """The plan grown by one line, sentences and key voices taking turns (a sentence
    while the plan has no more sentences than voices); None when it is full."""
    more_sentences = plan.sentences < min(settings.summary_sentences, len(plan.story.summary))
    if more_sentences and plan.sentences <= len(plan.voices):
        return replace(plan, sentences=plan.sentences + 1)
    if len(plan.voices) < len(plan.candidates):
        return replace(plan, voices=plan.candidates[:len(plan.voices) + 1])
    if more_sentences:
        return replace(plan, sentences=plan.sentences + 1)
    return None
