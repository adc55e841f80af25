"""The who-said-what table of a story: statements grouped by canonical speaker, one
row per statement however many outlets carry it, with the speaker's best role."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping

from ..names import (canonical_names, fold, is_title, looks_like_name, name_tokens,
                     natural_case)
from ..records import Article, Quote, QuoteRow, Span
from ..words import NEGATION_WORDS, statement_stems, stem


def quote_table(quotes: list[Quote], articles: list[Article]) -> list[QuoteRow]:
    """The who-said-what table of one cluster.

    Speakers are canonicalised across the cluster and each gets one role, the one its
    articles give most; one statement carried by several articles (same or near-same
    words) is one row citing all of them, each with its own span; rows are grouped by
    speaker, named speakers before descriptions ("officials"), most-quoted first, in
    article order within a speaker. A speaker left as a
    bare pronoun ("he") names nobody, and its rows are left out, and so is a headline
    that restates a body statement of the same speaker.
    """
    order = {a.id: k for k, a in enumerate(articles)}
    quotes = sorted((q for q in quotes if q.speaker.strip().lower() not in BARE_PRONOUNS),
                    key=lambda q: (order.get(q.article_id, len(order)), q.start))
    people = canonical_names(q.speaker for q in quotes if looks_like_name(q.speaker))
    spoken = [(q, people.get(q.speaker.strip(), q.speaker.strip())) for q in quotes]
    spoken = _without_restated_titles(spoken, {a.id: a.body_start for a in articles})
    rows: list[QuoteRow] = []
    row_words: list[set[str]] = []
    roles: dict[str, Counter] = defaultdict(Counter)
    counts: Counter[str] = Counter()  # statements of each speaker, one per outlet carrying it
    for q, speaker in spoken:
        role = clean_role(q.role, speaker)
        if role:
            roles[speaker][role] += 1
        words = set(_norm_words(q.text))
        # an interrupted quotation cites each part it shows, never its attribution
        spans = [Span(q.article_id, s, e) for s, e in q.parts or [(q.start, q.end)]]
        counts[speaker] += 1
        for k, row in enumerate(rows):
            if row.speaker != speaker:
                continue
            if _near_same(words, row_words[k]):
                row.spans.extend(spans)
                break
            inside = _inside(q.text, row.text)
            if inside is not None:  # one outlet quoted part of what another quoted whole
                if inside == "row":  # the row held the part: it shows the whole now, and
                    # cites first where the whole is (a row's text is its first span's)
                    row.text, row.kind, row.cue = q.text, q.kind, q.cue
                    row.spans[:0] = spans
                    row_words[k] = words
                else:
                    row.spans.extend(spans)
                break
        else:
            rows.append(QuoteRow(speaker=speaker, role=None, text=q.text, kind=q.kind,
                                 cue=q.cue, spans=spans))
            row_words.append(words)
    best_role = {speaker: _best_role(given) for speaker, given in roles.items()}
    first: dict[str, int] = {}
    for k, row in enumerate(rows):
        first.setdefault(row.speaker, k)
        row.role = best_role.get(row.speaker)
    named = {speaker: looks_like_name(speaker) for speaker in counts}
    return sorted(rows, key=lambda r: (not named[r.speaker], -counts[r.speaker],
                                       first[r.speaker]))


def _without_restated_titles(spoken: list[tuple[Quote, str]],
                             body_start: dict[str, int]) -> list[tuple[Quote, str]]:
    """Leave out a headline statement that restates a body statement of its speaker.

    A title ("Mayor admits the bridge cannot reopen this year") shortens what the body
    quotes in full; the table keeps the body's words, which carry the context. The
    statement is restated when most of its content words (stems, so "occupied" meets
    "occupy") are in one body statement of the same speaker (of anyone in its article,
    when the title describes its speaker instead of naming them) and both or neither are
    negated, or nearly all of them are in the speaker's body statements of its article.
    """
    def in_title(q: Quote) -> bool:
        return q.start < body_start.get(q.article_id, 0)

    body: dict[str, list[set[str]]] = defaultdict(list)
    in_article: dict[tuple[str, str], set[str]] = defaultdict(set)
    article_body: dict[str, list[set[str]]] = defaultdict(list)
    for q, speaker in spoken:
        if not in_title(q):
            stems = statement_stems(q.text)
            body[speaker].append(stems)
            in_article[q.article_id, speaker] |= stems
            article_body[q.article_id].append(stems)
    kept = []
    for q, speaker in spoken:
        stems = statement_stems(q.text) if in_title(q) else set()
        # a title's speaker described, not named ("..., says head teacher"): the body
        # names whoever it is, so a restatement of anyone's words there is one
        against = body[speaker] if looks_like_name(speaker) else article_body[q.article_id]
        close = [words for words in against
                 if len(stems & words) >= RESTATED_SHARE * len(stems)]
        same_sense = [bool(stems & _NEGATIONS) == bool(words & _NEGATIONS) for words in close]
        joined = in_article[q.article_id, speaker]
        if stems and (any(same_sense) or not close and len(
                stems & joined) >= SUMMED_UP_SHARE * len(stems)):
            continue  # restates one body statement, or joins several
        kept.append((q, speaker))
    return kept


#: share of a headline statement's content words that make it a restatement
RESTATED_SHARE = 0.6


#: share of its content words a headline takes from all its speaker's body statements
SUMMED_UP_SHARE = 0.85


_NEGATIONS = {stem(w) for w in NEGATION_WORDS}


#: pronouns that, left unresolved, say nothing of who spoke
BARE_PRONOUNS = {"he", "she", "it", "they", "his", "her", "their", "its", "him", "them",
                 "i", "we", "you", "one", "who", "which", "that"}


def clean_role(role: str | None, speaker: str = "",
               spelling: Mapping[str, str] | None = None) -> str | None:
    """A role as the table shows it: natural case when written in capitals, no article or possessive pronoun, no
    fragment of the speaker's own name, never a bare possessive ("Ukraine's").

    "UKRAINIAN PRESIDENT" -> "Ukrainian President"; "her senior policy adviser, Jake"
    -> "senior policy adviser". ``spelling`` is how the article spells its words in
    running text (:func:`briefing.names.natural_case`): "NASA ADMINISTRATOR" -> "NASA
    Administrator" where the article writes NASA.
    """
    if not role:
        return None
    own = set(name_tokens(speaker))
    parts = [p.strip(" ,;:-\u2013\u2014") for p in re.split(r"[,;(]", role)]
    # a piece of the speaker's name is none of their role, but a body named after them
    # ("Kofi Amadi of Amadi's Bakery") is
    parts = [p for p in parts if p and not own & {
        fold(w) for w in p.split() if not _POSSESSIVE_END.search(w)}]
    if not parts:
        return None
    # a role of words in capitals is shouting; otherwise its capitals are the source's
    # (an acronym: SIPTU)
    shouted = parts[0].isupper() and len(parts[0].split()) > 1
    words = (natural_case(parts[0], spelling) if shouted else parts[0]).split()
    while words and words[0].lower() in ("the", "a", "an", "his", "her", "their", "its"):
        words = words[1:]
    if not words or all(_POSSESSIVE_END.search(w) for w in words):
        return None
    text = " ".join(words)
    return text if any(c.isalpha() for c in text) else None


_POSSESSIVE_END = re.compile(r"['\u2019]s?$")


def _best_role(counts: Counter) -> str | None:
    """The role most articles give (case aside); on a tie, a post over a title word alone
    ("harbour master" over "Captain", both of "The harbour master, Captain Rhys Glover"),
    then the shorter one. A role that a longer one spells out ("Environment Agency" in
    "regional director of the Environment Agency") counts for the longer one, which says
    more of who is speaking."""
    if not counts:
        return None
    by_key: dict[str, Counter] = defaultdict(Counter)
    for role, n in counts.items():
        by_key[role.lower()][role] += n
    for key in sorted(by_key, key=len):
        longer = [other for other in by_key if len(other) > len(key)
                  and f" {key} " in f" {other} "]
        if longer:
            target = by_key[max(longer, key=lambda k: (sum(by_key[k].values()), -len(k), k))]
            target[target.most_common(1)[0][0]] += sum(by_key.pop(key).values())
    key = max(by_key, key=lambda k: (sum(by_key[k].values()),
                                     not (len(k.split()) == 1 and is_title(k)), -len(k), k))
    return by_key[key].most_common(1)[0][0]


def _norm_words(text: str) -> list[str]:
    return [fold(w) for w in re.findall(r"\w+", text.lower())]


#: fewest words of a statement that counts as part of a longer one it is found in
PART_WORDS = 4


def _inside(text: str, row_text: str) -> str | None:
    """Which of two statements is part of the other, word for word ("Our members are
    tired of promises" in a longer quotation): "row" when the row's is the part,
    "new" when ``text`` is, None when neither is (or the part is under PART_WORDS)."""
    a, b = _plain(text), _plain(row_text)
    shorter, longer, which = (a, b, "new") if len(a) <= len(b) else (b, a, "row")
    if len(shorter.split()) < PART_WORDS or shorter == longer:
        return None
    return which if f" {shorter} " in f" {longer} " else None


def _plain(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _near_same(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= 0.8 and len(a & b) / max(len(a), len(b)) >= 0.6
