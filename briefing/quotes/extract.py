"""Every attributed statement of one article: speech verbs and quotations attributed,
interrupted quotations joined, follow-up paragraphs continued."""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Token

from ..config import QuoteSettings
from ..datelines import dateline_length
from ..language import is_english
from ..names import fold, name_key
from ..records import PART_JOINER, ParsedArticle, Quote
from .content import (Attribution, _according_to, _before_credit, _clip_to_paragraph,
                      _cue_text, _is_open_mark, _kind, _near, _noun_claim,
                      _past_relative_attribution, _snap, _speech_content, _strip,
                      _substantial, _trim)
from .lexicon import (_WORD, ADDRESS_VERBS, AGENT_SUFFIXES, AGENT_VERBS, CRY_VERBS,
                      GROUP_NOUNS, HYPOTHETICAL_PRONOUNS, INDEFINITE_PRONOUNS, MEDIA_WORDS,
                      ORG_WORDS, PERSON_NOUNS, SPEAKER_ENTS, SPEECH_NOUNS, SPOKES_NOUNS,
                      _is_speech_verb, _verb_read_as_noun)
from .marks import QuoteSpan, _inside_checker, find_quote_spans
from .people import Speaker, build_person_index
from .speakers import SpeakerResolver, _addressed, _subject_of
from .table import clean_role


#: dashes that sign a quotation with its speaker's name ("― Ana Ruiz")
SIGNATURE_DASHES = "\u2015\u2014\u2013"


#: how many tokens after a closing mark its speech verb may come: any verb within the
#: first NEAR_ATTRIBUTION, farther only after the verb's own subject, a name with an
#: apposition ('"...," Yoon Suk-heun, governor of the Financial Supervisory Service, said')
NEAR_ATTRIBUTION = 10
ATTRIBUTION_REACH = 20


def extract_quotes(parsed: ParsedArticle, settings: QuoteSettings | None = None) -> list[Quote]:
    """Every attributed statement of one article, offsets into ``parsed.article.text``.
    The rules read English: an article in another language has none."""
    settings = settings or QuoteSettings()
    doc = parsed.doc
    text = doc.text
    if not is_english(parsed.article) or not text.strip() or len(text) > settings.max_article_chars:
        return []
    quote_spans = find_quote_spans(text, settings.max_quote_chars)
    inside = _inside_checker(quote_spans)
    index = build_person_index(doc, quote_spans)
    resolver = SpeakerResolver(doc, index, text)
    found: list[Attribution] = []

    for token in doc:
        according = _according_to(token)
        if according is not None and not inside(token.idx):
            source, (a, b) = according
            span = _trim(doc, a, b)
            if span:
                found.append(Attribution(*span, cue=token,
                                         cue_text=doc[token.i:token.i + 2].text, subject=source))
            continue
        if token.pos_ == "NOUN" and token.lemma_.lower() in SPEECH_NOUNS and not (
                _verb_read_as_noun(token)):  # "Trump charges that": a verb
            claim = _noun_claim(token)
            if claim is not None and not inside(token.idx):
                span = _trim(doc, *claim[1])
                if span:
                    found.append(Attribution(*span, cue=token, cue_text=token.text,
                                             subject=claim[0]))
            continue
        if not _is_speech_verb(token) or inside(token.idx):
            continue
        if _asked_of_the_subject(token):
            continue
        rng = _speech_content(token)
        if rng is None:
            continue
        subject = _subject_of(token)
        if subject is not None and subject.dep_ == "nsubjpass" and (
                subject.head.i == token.i) and not _addressed(subject) and not any(
                c.dep_ == "agent" for c in token.children):
            continue  # "exports are forecast to fall": what is said of them, by no one named
        if subject is None or inside(subject.idx) or not _may_speak(subject, token) or (
                index.names_event(subject)) or (
                subject.i in range(*rng) and not rng[0] < token.i < rng[1] - 1):
            continue
        span = _trim(doc, *rng)
        if span is None:
            continue
        found.append(Attribution(*span, cue=token, cue_text=_cue_text(token, span),
                                 subject=subject))

    # one statement, two cues (a nested "asked ..., The Times reported"): the wider wins
    fitted: list[tuple[int, int, Attribution]] = []
    for att in found:
        start, end = _clip_to_paragraph(text, att.start, att.end, att.cue.idx)
        start, end = _before_credit(text, *_snap(start, end, quote_spans, text))
        if end - start >= 2:
            fitted.append((start, end, att))
    results: list[tuple[int, int, Attribution]] = []
    taken = _ParagraphIntervals(text)
    for start, end, att in sorted(fitted, key=lambda f: f[0] - f[1]):
        if not any(_close(start, end, s, e) for s, e in taken.overlapping(start, end)):
            results.append((start, end, att))
            taken.add(start, end)
    # resolve speakers in text order, so pronouns see the speakers before them
    results.sort(key=lambda r: r[2].cue.i)
    for _, _, att in results:
        if att.subject is not None and _addressed(att.subject) and (
                resolver.addresser(att.subject) is None):
            continue  # "Drivers are asked to use the ring road": no one is named asking
        att.subject = _past_dateline(att.subject)
        inner = _reported_subject(doc, att)
        att.speaker = resolver.resolve(att.subject)
        if inner is not None:  # the outlet is the channel: the reported person speaks
            att.subject = inner
            att.speaker = resolver.resolve(inner)
        att.co_speakers = resolver.co_speakers(att.subject)
    for start, end, att in _reported_follow_ups(doc, text, results, inside):
        if not any(taken.overlapping(start, end)):
            results.append((start, end, att))
            taken.add(start, end)

    for q in quote_spans:
        s, e = _strip(text, q.inner_start, q.inner_end)
        if any(taken.overlapping(s, e)):
            continue
        att = _attribute_quote(q, doc, text, quote_spans, results, resolver)
        if att is None:
            continue
        results.append((s, e, att))
        taken.add(s, e)
    headline = _headline_colon(doc, text, quote_spans, resolver)
    if headline is not None and not any(taken.overlapping(headline[0], headline[1])):
        results.append(headline)
        taken.add(headline[0], headline[1])
    results.sort(key=lambda r: r[0])
    quotes = []
    statements = [j for j in _join_interrupted(results, text, quote_spans)
                  if j[1] - j[0] <= settings.max_quote_chars  # no row past the cap
                  and not _shouted_line(text, j[0])
                  and not _headline_of_a_thing(doc, j[0], j[1], j[2], parsed.article.body_start)]
    spelling = _running_spelling(doc, text, parsed.article.body_start)
    for start, end, att, kind, parts in statements[: settings.max_quotes]:
        speaker = _joint(att.speaker, att.co_speakers)
        shown = _shown_parts(text, parts, kind, quote_spans) if (
            parts != [(start, end, kind)]) else []
        quotes.append(Quote(article_id=parsed.article.id, start=start, end=end,
                            text=PART_JOINER.join(text[s:e] for s, e in shown) or text[start:end],
                            speaker=speaker.name, cue=att.cue_text, kind=kind,
                            role=clean_role(speaker.role, speaker.name, spelling),
                            mention=speaker.mention, parts=shown))
    return quotes


def _shown_parts(text: str, parts: list[tuple[int, int, str]], kind: str,
                 quote_spans: list[QuoteSpan]) -> list[tuple[int, int]]:
    """The verbatim parts an interrupted quotation shows, without its attribution: in a
    quotation, its words without the comma that led into the attribution ('every
    winter," said X' shows "every winter"); in a statement mixing report and quotation,
    each quotation with its marks, so what is verbatim stays marked."""
    shown = []
    for start, end, part_kind in parts:
        if kind == "direct":
            while end > start and text[end - 1] in ",;: \t":
                end -= 1
        elif part_kind == "direct":
            marked = [q for q in _near(quote_spans, start, end)
                      if q.inner_start <= start and end <= q.inner_end + 1]
            if marked:
                start, end = marked[0].outer_start, marked[0].outer_end
        shown.append((start, end))
    return shown


#: the first words of an explainer's title after its colon ("Harbour wall breach: what
#: we know so far", "...: everything you need to know"), which quote no one
EXPLAINER_OPENERS = frozenset({"what", "how", "why", "where", "when", "who", "everything"})


def _headline_colon(doc: Doc, text: str, quote_spans: list[QuoteSpan],
                    resolver: SpeakerResolver) -> tuple[int, int, Attribution] | None:
    """A headline whose colon stands for "says": "Rates will stay low: central bank
    chief" and "Chief Justice: 'The court is not for sale'". The short side names the
    speaker (resolved to the person the article's opening names, or dropped with the
    statement when no one fits: "Poll: ..."); the other side is what was said."""
    line_end = text.find("\n")
    line_end = len(text) if line_end < 0 else line_end
    colon = text.find(": ", 0, line_end)
    if colon < 0 or text.find(": ", colon + 1, line_end) >= 0:
        return None
    left, right = _strip(text, 0, colon), _strip(text, colon + 1, line_end)
    left_words, right_words = (len(text[s:e].split()) for s, e in (left, right))
    topic = _speaker_on_topic(doc, left)
    if topic is not None and right_words >= 3:  # "Ana Ruiz on the strike: ..."
        side, content = (topic[0].idx, topic[-1].idx + len(topic[-1])), right
    elif 1 <= right_words <= 4 and left_words >= 3:
        side, content = right, left
    elif 1 <= left_words <= 4 and right_words >= 3:
        side, content = left, right
    else:
        return None
    said = text[content[0]:content[1]].split()
    if said and said[0].lower() in EXPLAINER_OPENERS:
        return None  # "Harbour wall breach: what we know so far": an explainer's title
    named = doc.char_span(*side, alignment_mode="expand")
    if named is None or named.root.pos_ not in ("NOUN", "PROPN") or any(
            _is_speech_verb(t) or t.pos_ == "VERB" for t in named):
        return None
    speaker = resolver.headline_speaker(named.root)
    if speaker is None:
        return None
    start, end = _snap(*_strip(text, *content), quote_spans, text)
    while end > start and text[end - 1] in ".;":
        end -= 1
    if end - start < 2:
        return None
    return start, end, Attribution(start, end, cue=None, cue_text=":", subject=named.root,
                                   speaker=speaker)


def _speaker_on_topic(doc: Doc, side: tuple[int, int]) -> list[Token] | None:
    """The name opening a headline's "NAME on TOPIC:" ("Ana Ruiz on the strike: ...",
    "Modi on the monsoon: ..."): what follows the colon is what the person said on it."""
    span = doc.char_span(*side, alignment_mode="expand")
    words = [t for t in span or () if not t.is_space]
    name = []
    for t in words:
        if t.pos_ != "PROPN":
            break
        name.append(t)
    if not 1 <= len(name) <= 4 or len(words) == len(name) or words[len(name)].lower_ != "on":
        return None
    return name


def _shouted_line(text: str, pos: int) -> bool:
    """Whether the line at ``pos`` is set in capitals: page furniture ("RELATED: 'WE
    WILL FIGHT ON,' SAYS MAYOR"), a headline or a label, not reported speech; a
    shouted quotation in running text has lower-case words around it."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    letters = [c for c in text[start:end if end >= 0 else len(text)] if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


#: verbs a headline uses for a thing made public, not for words said ("Meridian Ferries
#: Announces Zero-Emission Car Ferry", "Council Unveils Budget", "Engineers reveal extent
#: of bridge damage")
THING_HEADLINE_VERBS = frozenset({"announce", "unveil", "launch", "report", "post", "tout",
                                  "reveal", "release", "publish", "detail", "disclose"})


def _headline_of_a_thing(doc: Doc, start: int, end: int, att: Attribution,
                         body_start: int) -> bool:
    """A title announcing a thing ("X Announces Y" with Y a noun phrase, no clause and no
    quotation): what was made public, which the body reports as a statement if anyone
    said it; as a statement it only repeats the headline above the table."""
    if start >= body_start or att.cue is None or att.cue.lemma_.lower() not in (
            THING_HEADLINE_VERBS):
        return False
    said = doc.char_span(start, end, alignment_mode="expand")
    return said is not None and not any(
        t.pos_ in ("VERB", "AUX") or _is_open_mark(t) for t in said)


def _past_dateline(subject: Token) -> Token:
    """The subject a parse hung on a dateline ("HARROWGATE BAY, Dec. 1, 2026 /PRNewswire/
    -- Meridian Ferries Ltd ... announced", the place its head and the issuer its
    conjunct): the first conjunct after the dateline, else ``subject``."""
    text = subject.doc.text
    line = text.rfind("\n", 0, subject.idx) + 1
    filed = line + dateline_length(text[line:line + 200].split("\n")[0])
    if subject.idx >= filed:
        return subject
    return next((c for c in subject.children if c.dep_ == "conj" and c.idx >= filed), subject)


def _running_spelling(doc: Doc, text: str, body_start: int) -> dict[str, str]:
    """How the body spells each word in running text, for roles set in capitals
    ("NASA ADMINISTRATOR" where the body writes NASA): lower-case word -> its commonest
    spelling, words opening a sentence, lines in capitals and runs of words in capitals
    ("NASA ADMINISTRATOR") not counted; a word in capitals on its own is (NASA)."""
    seen: dict[str, Counter] = defaultdict(Counter)
    shouted: dict[int, bool] = {}  # line start -> set in capitals
    for t in doc:
        if t.idx < body_start or not t.is_alpha or t.is_sent_start:
            continue
        line = text.rfind("\n", 0, t.idx) + 1
        if line not in shouted:
            shouted[line] = _shouted_line(text, t.idx)
        if not shouted[line] and not (t.is_upper and _in_capitals_run(t)):
            seen[t.lower_][t.text] += 1
    return {word: spellings.most_common(1)[0][0] for word, spellings in seen.items()}


def _in_capitals_run(t: Token) -> bool:
    doc = t.doc
    return any(0 <= k < len(doc) and doc[k].is_alpha and doc[k].is_upper
               for k in (t.i - 1, t.i + 1))


def _joint(speaker: Speaker, others: list[Speaker]) -> Speaker:
    """One row naming every speaker of a joint statement ("Anna Berger and Tomas Lind
    said"): the statement is theirs together, as one statement, not two."""
    names = list(dict.fromkeys([speaker.name] + [o.name for o in others]))
    if len(names) == 1:
        return speaker
    name = ", ".join(names[:-1]) + " and " + names[-1]
    return Speaker(name, None, speaker.mention)


def _reported_subject(doc: Doc, att: Attribution) -> Token | None:
    """The speaker inside a report: in "Kim accused Seoul of X, KCNA reported" and
    "according to KCNA, Kim said X" the content is itself a statement, whose subject
    (Kim) is the speaker; the outlet only carried it."""
    cue, source = att.cue, att.subject
    if cue is None or source is None or not (
            cue.lemma_.lower() == "report" or cue.lower_ == "according") or not (
            source.ent_type_ in ("ORG", "NORP") or fold(source.lemma_) in MEDIA_WORDS):
        return None  # only an outlet or body carries another's words
    span = doc.char_span(att.start, att.end, alignment_mode="expand")
    if span is None:
        return None
    for t in span:
        if (t.head.i == t.i or not span.start <= t.head.i < span.end) and _is_speech_verb(t):
            subject = _subject_of(t)
            named = subject is not None and span.start <= subject.i < span.end and (
                subject.ent_type_ == "PERSON" and subject.pos_ == "PROPN")
            return subject if named else None  # "backers have asked", "posts": the report's own
    return None


def _asked_of_the_subject(verb: Token) -> bool:
    """"Asked whether troops would go, Rutte said ...", "Told of the verdict, she said":
    a participle of asking or telling with no subject of its own is what someone put to
    the subject of the sentence, not what the subject said; its content is no statement
    of theirs (nor of anyone named); nor is what they were asked to do ("Asked to
    describe the device, ...")."""
    if verb.dep_ == "xcomp" and verb.head.i != verb.i:
        verb = verb.head
    return verb.tag_ == "VBN" and verb.dep_ == "advcl" and (
        verb.lemma_.lower() in ADDRESS_VERBS) and not any(
        c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children)


def _may_speak(subject: Token, verb: Token | None = None) -> bool:
    """Whether a subject can be a speaker: "something", "nothing" never are, and
    "anyone" is nobody in a condition ("if anyone threatens us, we will strike"); with
    a verb that speaks only for an agent, a thing is none ("tensions threatened to flare
    up", "benchmarks posted gains")."""
    if subject.lower_ in INDEFINITE_PRONOUNS:
        return False
    if verb is not None and verb.lemma_.lower() in AGENT_VERBS and not _agent(subject):
        return False
    return not (subject.lower_ in HYPOTHETICAL_PRONOUNS and any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in subject.head.children))


def _agent(noun: Token) -> bool:
    """Whether a noun can name someone who acts: a name, a pronoun, a body, or a noun of
    people ("officials", "protesters", "the government")."""
    if noun.pos_ in ("PROPN", "PRON") or noun.ent_type_ in SPEAKER_ENTS:
        return True
    lemma = fold(noun.lemma_)
    return lemma in PERSON_NOUNS | ORG_WORDS | SPOKES_NOUNS | GROUP_NOUNS or lemma.endswith(
        AGENT_SUFFIXES)


def _reported_follow_ups(doc: Doc, text: str, results: list[tuple[int, int, Attribution]],
                         inside: Callable[[int], bool]) -> list[tuple[int, int, Attribution]]:
    """'X did Y, The Times reported. They reportedly also want Z': a clause marked
    "reportedly" goes on with the report just before it, in the same or the previous
    paragraph, and so has its source; with no such report it names nobody."""
    reports = sorted((att.cue.i, att) for _, _, att in results
                     if att.cue is not None and att.cue.lemma_ == "report"
                     and att.speaker is not None)
    found = []
    for token in doc:
        if token.lower_ != "reportedly" or token.dep_ != "advmod" or inside(token.idx):
            continue
        k = bisect.bisect_left(reports, (token.i,)) - 1
        if k < 0:
            continue
        report = reports[k][1]
        between = text[report.cue.idx:token.idx]
        if len(between) > 400 or between.count("\n") > 2:
            continue
        clause, sent = token.head, token.sent
        start = max(clause.left_edge.i, sent.start)
        end = min(clause.right_edge.i + 1, sent.end)
        span = _trim(doc, start, end)
        if span is None:
            continue
        speaker = report.speaker
        found.append((*span, Attribution(*span, cue=token, cue_text=token.text, subject=None,
                                         speaker=Speaker(speaker.name, speaker.role, None))))
    return found


#: a statement: its span, attribution, kind, and its parts (span and kind of each)
_Item = tuple[int, int, Attribution, str, list[tuple[int, int, str]]]


def _join_interrupted(results: list[tuple[int, int, Attribution]], text: str,
                      quote_spans: list[QuoteSpan]) -> list[_Item]:
    """One statement per quotation interrupted by its own attribution.

    ``"A," she said. "B."`` and ``"A," she said, "B."`` are one statement: its span
    runs from A to B, so the table shows it once and whole, and its parts are A and B,
    shown without the attribution between them; any aside of the attribution is a
    part too: ``"A," she said, adding that C. "B."`` and ``"A," said X, who said C.
    "B."``.
    """
    joined: list[_Item] = []
    for start, end, att in results:
        if att.speaker is None:
            continue
        parts = _around_attribution(start, end, att, text, quote_spans)
        if len(parts) > 1:  # the quotation's words, as a joined one's
            start, end = parts[0][0], parts[-1][1]
        if parts:
            kinds = {k for _, _, k in parts}
            kind = kinds.pop() if len(kinds) == 1 else "mixed"
        else:
            kind = _kind(start, end, quote_spans)
            parts = [(start, end, kind)]
        item = (start, end, att, kind, parts)
        if joined and _goes_on(item, joined[-1], text):
            joined[-1] = _merged(joined[-1], item)
        elif len(joined) > 1 and _goes_on(item, joined[-2], text) and _aside(
                joined[-1], joined[-2], text):
            joined[-2:] = [_merged(_merged(joined[-2], joined[-1]), item)]
        else:
            joined.append(item)
    return joined


def _around_attribution(start: int, end: int, att: Attribution, text: str,
                        quote_spans: list[QuoteSpan]) -> list[tuple[int, int, str]]:
    """The parts of a statement whose span holds its own attribution, which are what
    was said: the two quotations of '"My hope," she said, "is that ..."' (which the
    parser reads as one clause with the speech tag inside it), and the words after it
    in "a plan which experts said was designed to fail", the span still opening with
    the relative word that stands for the plan. Empty for any other statement."""
    if att.cue is None or not start <= att.cue.idx < end:
        return []
    doc = att.cue.doc
    opening = doc.char_span(start, end, alignment_mode="expand")
    resumes = _past_relative_attribution(att.cue, opening[0]) if opening else None
    if resumes is not None and resumes.idx < end:
        s, e = _snap(resumes.idx, end, quote_spans, text)
        return [(s, e, _kind(s, e, quote_spans))]
    near = _near(quote_spans, start, end)
    closed = [q for q in near if start < q.inner_end and q.outer_end <= att.cue.idx]
    opened = [q for q in near if att.cue.idx < q.outer_start and q.inner_start < end]
    if not closed or not opened or "\n" in text[closed[-1].outer_end:opened[0].outer_start]:
        return []
    parts = [_snap(start, closed[-1].outer_end, quote_spans, text),
             _snap(opened[0].outer_start, end, quote_spans, text)]
    return [(s, e, _kind(s, e, quote_spans)) for s, e in parts]


def _near_same_speaker(item: _Item, head: _Item, text: str) -> bool:
    return (head[1] < item[0] and item[0] - head[1] <= 300 and "\n" not in text[head[1]:item[0]]
            and item[2].speaker.name == head[2].speaker.name)


def _goes_on(item: _Item, head: _Item, text: str) -> bool:
    """A quotation that continues ``head`` across its attribution."""
    start, _, att, kind, _ = item
    cue = head[2].cue if head[2].cue is not None else att.cue
    return (kind == "direct" and head[3] in ("direct", "mixed") and cue is not None
            and _near_same_speaker(item, head, text) and head[1] <= cue.idx < start
            and (att.cue is None or att.cue.i == cue.i))


def _aside(item: _Item, head: _Item, text: str) -> bool:
    """Reported words hung on the attribution of quotation ``head``: '"A," she said,
    adding that B' or '"A," said X, who said B'."""
    cue, head_cue = item[2].cue, head[2].cue
    if cue is None or head_cue is None or head[3] != "direct" or not (
            _near_same_speaker(item, head, text)):
        return False
    return cue.dep_ == "relcl" or (cue.dep_ in ("advcl", "conj") and cue.head.i == head_cue.i
                                   and head_cue.i < cue.i)


def _merged(head: _Item, item: _Item) -> _Item:
    kind = "direct" if head[3] == item[3] == "direct" else "mixed"
    return head[0], item[1], head[2], kind, head[4] + item[4]


class _ParagraphIntervals:
    """Character intervals filed by paragraph, so overlap tests stay local."""

    def __init__(self, text: str):
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self.by_paragraph: dict[int, list[tuple[int, int]]] = defaultdict(list)

    def _paragraphs(self, start: int, end: int) -> range:
        return range(bisect.bisect_right(self.breaks, start),
                     bisect.bisect_right(self.breaks, max(start, end - 1)) + 1)

    def add(self, start: int, end: int) -> None:
        for p in self._paragraphs(start, end):
            self.by_paragraph[p].append((start, end))

    def overlapping(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        for p in self._paragraphs(start, end):
            for s, e in self.by_paragraph.get(p, ()):
                if s < end and start < e:
                    yield s, e


def _close(s1: int, e1: int, s2: int, e2: int) -> bool:
    ov = min(e1, e2) - max(s1, s2)
    return ov > 0 and ov >= 0.8 * min(e1 - s1, e2 - s2)


def _attribute_quote(q: QuoteSpan, doc: Doc, text: str, quote_spans: list[QuoteSpan],
                     results: list[tuple[int, int, Attribution]],
                     resolver: SpeakerResolver) -> Attribution | None:
    """Attribute a quotation no clause analysis claimed: a speech verb beside it, or
    the speaker of the quotation it continues."""
    inner = text[q.inner_start:q.inner_end].strip()
    utterance = _substantial(inner) or q.continued or _chanted(q, doc)
    # a clause end inside the marks, or the comma some outlets set outside them before
    # the attribution ('"We will rebuild", she said')
    clause_end = inner[-1:] in ",.!?\u2026" or text[q.outer_end:q.outer_end + 1] == ","
    if not utterance and not (clause_end and _WORD.search(inner)):
        return None
    verb = _adjacent_speech_verb(q, doc, text, quote_spans)
    before = text[:q.outer_start].rstrip(" \t")[-1:]
    if not utterance and (verb is None or verb.idx > q.outer_start and before not in (
            "", ".", "!", "?", ":", "\n")):
        # a short quotation is speech only beside its verb ('"No," she said'), and
        # not after a word: 'on Fox's "Hannity," Gingrich said' is a show's title
        return None
    if verb is not None:
        subject = _subject_of(verb)
        if subject is not None and not (q.inner_start <= subject.idx < q.inner_end) and (
                _may_speak(subject)) and not resolver.index.names_event(subject):
            return Attribution(q.inner_start, q.inner_end, verb,
                               _cue_text(verb, (q.outer_start, q.outer_end)), subject,
                               resolver.resolve(subject))
    signed = _dash_signature(q, doc, text) if utterance else None
    if signed is not None:
        dash = text[q.outer_end:signed[0].idx].strip()[:1]
        return Attribution(q.inner_start, q.inner_end, None, dash, signed[-1],
                           resolver.signer(signed))
    previous = [r for r in results if r[0] < q.inner_start and r[2].speaker is not None]
    if not previous:
        return None
    p_start, p_end, p_att = max(previous, key=lambda r: r[1])
    if p_att.cue is None and p_att.cue_text and p_att.cue_text in SIGNATURE_DASHES:
        return None  # a signature ends its quotation: the next one is another's
    if q.continued or _continues(doc, text, p_end, q.outer_start, p_att):
        speaker = p_att.speaker
        return Attribution(q.inner_start, q.inner_end, None, "",
                           None, Speaker(speaker.name, speaker.role, None))
    return None


def _chanted(q: QuoteSpan, doc: Doc) -> bool:
    """A slogan right after a verb of crying out ('chanting "Death to the Tyrant"') is
    what was shouted, however its words are capitalised."""
    before = doc.char_span(max(0, q.outer_start - 40), q.outer_start, alignment_mode="expand")
    words = [t for t in before or () if not t.is_space and t.idx < q.outer_start]
    return bool(words) and words[-1].pos_ == "VERB" and words[-1].lemma_.lower() in CRY_VERBS


def _dash_signature(q: QuoteSpan, doc: Doc, text: str) -> list[Token] | None:
    """The name signing a quotation with a dash, as vox pops, epigraphs and letters do:
    '"We were never asked." ― Ana Ruiz' or '... — Ana Ruiz, a nurse in Leeds'.
    The tokens of the name, or None when no name closes the quotation's line."""
    i = q.outer_end
    while i < len(text) and text[i] in " \t\u00a0":
        i += 1
    if i >= len(text) or text[i] not in SIGNATURE_DASHES:
        return None
    line_end = text.find("\n", i)
    j = i + 1
    while j < len(text) and text[j] in " \t\u00a0":
        j += 1
    after = doc.char_span(j, len(text) if line_end < 0 else line_end, alignment_mode="expand")
    words = [t for t in after or () if not t.is_space]
    name = []
    for t in words:
        if t.text in (",", ".", "(", ";"):
            break
        name.append(t)
    rest = words[len(name):]
    if not 1 <= len(name) <= 4 or not all(t.pos_ == "PROPN" and t.text[:1].isupper()
                                          for t in name) or len(rest) > 12:
        return None
    return name


def _continues(doc: Doc, text: str, prev_end: int, start: int, prev: Attribution) -> bool:
    """Whether an unattributed quotation goes on from the statement ending at ``prev_end``.

    It does when at most one paragraph break separates them and nothing after the
    previous attribution's sentence brings in another person or organisation.
    """
    if start <= prev_end:
        return True  # the statement runs up to the opening mark
    between = text[prev_end:start]
    if len(between) > 400 or len(re.findall(r"\n\s*", between)) > 1:
        return False
    first = doc.char_span(prev_end, start, alignment_mode="expand")
    if first is None or not len(first):
        return True
    rest_start = max(first[0].sent.end, prev.cue.sent.end if prev.cue is not None else 0)
    if rest_start >= first.end:
        return True
    key = name_key(prev.speaker.name) if prev.speaker else ""
    return not any(e.label_ in ("PERSON", "ORG") and name_key(e.text) != key
                   for e in doc[rest_start:first.end].ents)


def _only_subject_between(first: int, verb: Token) -> bool:
    """Whether every word from token ``first`` to ``verb`` is in the verb's subject."""
    subject = _subject_of(verb)
    if subject is None:
        return False
    inside = {t.i for t in subject.subtree}
    return all(t.i in inside or t.is_punct or t.is_space for t in verb.doc[first:verb.i])


def _adjacent_speech_verb(q: QuoteSpan, doc: Doc, text: str,
                          quote_spans: list[QuoteSpan]) -> Token | None:
    """A speech verb right after the closing mark (", he said") or before the opening
    one ("he said:")."""
    after = doc.char_span(q.outer_end, min(len(text), q.outer_end + 120), alignment_mode="expand")
    if after is not None:
        for t in list(after)[:ATTRIBUTION_REACH]:
            if t.is_space and "\n" in t.text or _is_open_mark(t) and t.idx > q.outer_end:
                break
            if t.is_sent_start and t.idx > q.outer_end + 1 and t.i > after.start + 1 and (
                    t.pos_ != "PRON" or text[q.inner_end - 1:q.inner_end] == "."):
                break  # '"...," he said' but '"...." He said later'
            if _is_speech_verb(t):
                if text[q.inner_end - 1:q.inner_end] == "." and t.idx > q.outer_end + 1:
                    content = _speech_content(t)
                    if content is not None and content[0] > t.i:
                        break  # 'as well as "X." Ada Lee told reporters that Y': Y's verb
                if t.i - after.start >= NEAR_ATTRIBUTION and not _only_subject_between(
                        after.start, t):
                    break
                return t
    intro_end = q.outer_start
    line_start = text.rfind("\n", 0, intro_end) + 1
    if not text[line_start:intro_end].strip() and text[:line_start].rstrip().endswith((":", ".")):
        # a paragraph ending in a colon (or in an attribution, below) introduces the
        # block quotation under it
        intro_end = len(text[:line_start].rstrip())
        line_start = text.rfind("\n", 0, intro_end) + 1
    before = doc.char_span(max(line_start, intro_end - 200), intro_end,
                           alignment_mode="expand")
    if before is not None and len(before):
        tokens = [t for t in before if t.idx < intro_end and not t.is_space]
        if tokens and _is_speech_verb(tokens[-1]):
            return tokens[-1]  # 'the crowd chanted "USA! USA!"'
        if tokens and tokens[-1].text in (":", ","):
            for t in reversed(tokens[-12:]):
                if _is_speech_verb(t):
                    return t
                if t.text in (".", "!", "?") or any(s.outer_start <= t.idx < s.outer_end
                                                    for s in quote_spans):
                    break
        if tokens and tokens[-1].text == ":":
            # a colon introduces a quotation whatever the verb: "X put it bluntly: '...'"
            verb = tokens[-1].head if tokens[-1].head.pos_ in ("VERB", "AUX") else None
            if verb is not None and verb.i < tokens[-1].i and any(
                    c.dep_ == "nsubj" for c in verb.children):
                return verb
        if tokens and tokens[-1].text == ".":
            # an attribution with no words of its own introduces the quotation after
            # it: 'Ada Lee said in a statement. "We ..."', 'She told reporters. "..."'
            verb = tokens[-1].sent.root
            if _is_speech_verb(verb) and not any(
                    c.dep_ == "neg" for c in verb.children) and any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and not any(
                    s.outer_start <= verb.idx < s.outer_end for s in _near(
                        quote_spans, verb.idx, verb.idx)) and _speech_content(verb) is None:
                return verb
    return None
