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
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span as SpacySpan, Token

from .config import QuoteSettings
from .names import (HONORIFICS, canonical_names, fold, name_key, name_tokens, natural_case,
                    same_person)
from .records import Article, Mention, ParsedArticle, Quote, QuoteKind, QuoteRow, Span

#: lemmas of verbs that report speech or a public stance, with their content
SPEECH_VERBS = {
    "say", "tell", "add", "state", "claim", "announce", "declare", "argue", "insist",
    "note", "explain", "suggest", "warn", "accuse", "deny", "admit", "acknowledge",
    "confirm", "report", "reply", "respond", "tweet", "write", "comment", "contend",
    "maintain", "predict", "promise", "vow", "urge", "recall", "stress", "emphasize",
    "emphasise", "complain", "criticize", "criticise", "praise", "quip", "joke",
    "concede", "repeat", "reiterate", "mention", "testify", "assert", "boast", "lament",
    "charge", "blast", "slam", "reject", "dismiss", "describe", "ask", "reveal",
    "underline", "underscore", "signal", "allege", "caution", "demand", "hint",
    "indicate", "observe", "remark", "retort", "speculate", "post", "call", "blame",
    "counter", "continue", "conclude", "propose", "pledge", "threaten", "disclose",
    "exclaim", "assure", "remind", "point", "agree", "announce", "rule", "thank",
    "condemn", "question", "suggest", "estimate", "advise", "inform", "recommend",
    "write", "wonder", "shout", "reason", "plead", "brag", "concur", "proclaim",
    "decry", "label", "mock", "speak", "talk", "chant", "scream", "yell", "go", "shoot",
    "fire", "hit", "surmise", "muse", "vent", "grouse", "gripe", "grumble", "scoff",
    "interject", "opine", "posit", "hail", "whisper", "mutter", "marvel", "ponder", "bemoan",
    "affirm", "aver", "attest", "dispute", "rebut", "object", "protest",
    "recount", "relate", "tout", "vouch", "tease",
}
#: verbs whose content is an object and a following "of"/"for" phrase
BLAME_VERBS = {"accuse", "blame", "criticize", "criticise", "praise", "slam", "blast",
               "thank", "condemn", "charge"}
#: verbs whose bare object is the content ("denied the claims", "ruled out talks")
OBJECT_VERBS = {"deny", "reject", "dismiss", "admit", "acknowledge", "confirm", "mention",
                "announce", "reveal", "signal", "describe", "propose", "demand",
                "promise", "pledge", "predict", "rule", "question", "underline",
                "stress", "emphasize", "emphasise", "urge", "call", "claim", "decry",
                "label", "mock", "ask", "repeat", "reiterate", "report", "post", "tout",
                "hail", "dispute", "rebut"} | BLAME_VERBS
#: verbs whose content may be a gerund ("recalled meeting her"), besides OBJECT_VERBS
GERUND_VERBS = {"recall", "suggest", "explain"}
#: prepositions that go on with an object the parser hung on its verb ("proposed aid to
#: poor nations", "charged the group with crimes")
OBJECT_PREPS = {"to", "for", "with", "about", "of", "on", "against", "from", "into", "in"}
#: verbs whose content is the object of a preposition ("responded to the report")
PREP_CONTENT = {"respond": {"to"}, "reply": {"to"}, "comment": {"on", "about"}, "ask": {"about"},
                "complain": {"about", "of"}, "boast": {"about", "of"}, "joke": {"about"},
                "warn": {"of", "against", "about"}, "speak": {"about", "of", "out"},
                "talk": {"about"}, "testify": {"about", "on"}, "write": {"about", "of"}}
#: particles that make a verb a speech verb only with them ("point out", "rule out")
PARTICLE_REQUIRED = {"point": "out", "rule": "out", "go": "on", "shoot": "back",
                     "fire": "back", "hit": "back"}
#: verbs whose passive subject is the one spoken to ("Ada, asked about it, said")
ADDRESS_VERBS = {"ask", "tell", "question", "urge", "remind", "advise", "inform"}
#: verbs that report speech only with a following clause or quote, never alone
CLAUSE_ONLY = {"continue", "add", "inform",
               "advise", "remind", "reason"}
#: things that carry words: "issued a statement saying" quotes whoever issued it
DOCUMENT_NOUNS = {"statement", "letter", "report", "sign", "message", "memo", "email",
                  "e-mail", "tweet", "post", "ad", "advertisement", "release", "video",
                  "note", "op-ed", "column", "petition", "resolution", "banner", "poster"}
#: nouns that report a statement of their possessor ("his claim that", "her call for")
SPEECH_NOUNS = {"claim", "promise", "call", "criticism", "question", "proposal",
                "suggestion", "assertion", "accusation", "warning", "comment", "complaint",
                "argument", "announcement", "pledge", "vow", "remark", "allegation",
                "demand", "insistence", "denial", "admission", "threat", "statement",
                "prediction", "plea", "appeal", "charge", "attack", "praise", "defense",
                "defence", "description", "characterization", "explanation", "message"}
#: words that name a part of the group after them ("most of the voters")
QUANTIFIERS = {"most", "many", "some", "all", "both", "half", "none", "few", "several",
               "each", "one", "two", "three", "majority", "minority", "dozens", "hundreds"}
#: titles of courtesy, which say nothing of a person's role
COURTESY_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady"}
PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
FEMALE_TITLES = {"mrs", "ms", "miss", "dame", "lady", "queen", "princess"}
MALE_TITLES = {"mr", "sir", "lord", "king", "prince"}
#: nouns a description may use for any national leader
LEADER_WORDS = {"leader", "president", "premier", "chancellor", "prime", "head", "chief"}
#: role nouns news uses for one another ("the top aide" for "a senior adviser")
ROLE_SYNONYMS = {"aide": "adviser", "advisor": "adviser", "spokeswoman": "spokesperson",
                 "spokesman": "spokesperson", "premier": "prime"}
#: modifiers of rank that a description adds to the role it repeats
DEGREE_WORDS = {"top", "senior", "key", "chief", "close", "longtime", "veteran", "former"}
MEDIA_WORDS = {"paper", "newspaper", "outlet", "daily", "publication", "magazine",
               "broadcaster", "network", "agency", "tabloid", "website", "site"}
SPEAKER_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "WORK_OF_ART"}
DOUBLE_OPEN, DOUBLE_CLOSE = "\u201c\u201e\u00ab", "\u201d\u00bb"
SINGLE_OPEN, SINGLE_CLOSE = "\u2018", "\u2019"
QUOTE_CHARS = "\"'" + DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE
_WORD = re.compile(r"\w")


@dataclass
class QuoteSpan:
    """Characters between a pair of quotation marks (``inner``) and with them (``outer``)."""

    outer_start: int
    outer_end: int
    inner_start: int
    inner_end: int
    #: the paragraph ends before a closing mark: the quote goes on in the next one
    runs_on: bool = False
    #: this quote continues one left open in the previous paragraph
    continued: bool = False


@dataclass
class Speaker:
    name: str
    role: str | None
    mention: Mention | None


@dataclass
class PersonIndex:
    """The people an article names: where, with which role words, of which gender."""

    #: (token index, surface name, folded role words, role text)
    mentions: list[tuple[int, str, set[str], str | None]] = field(default_factory=list)
    gender: dict[str, str] = field(default_factory=dict)
    canonical: dict[str, str] = field(default_factory=dict)
    subjects: set[int] = field(default_factory=set)
    #: folded words the parser tags as places or nationalities on their own
    places: set[str] = field(default_factory=set)
    #: sentence number of every token, and the first token of every sentence
    sent_of: list[int] = field(default_factory=list)
    sent_starts: list[int] = field(default_factory=list)

    def is_place_like(self, name: str) -> bool:
        """"Kyiv" or "Ukraine war" mis-tagged as a person elsewhere is no person."""
        return any(fold(w) in self.places for w in name.split())

    def person(self, surface: str) -> str:
        return self.canonical.get(surface, surface)


# ---------------------------------------------------------------- quotation marks

def _is_word(c: str) -> bool:
    return c.isalnum()


def find_quote_spans(text: str, max_len: int) -> list[QuoteSpan]:
    """Pair quotation marks paragraph by paragraph.

    Curly and straight marks are paired by context; a double quote closed by a single
    mark ("...,' he said") is repaired; an apostrophe (don't, Russia's) never opens or
    closes. A quote still open at the end of its paragraph runs on when the next
    paragraph opens with a mark, as news style does for long quotations.
    """
    spans: list[QuoteSpan] = []
    pos = 0
    pending_run_on = False
    for para in text.split("\n"):
        para_spans = _pair_paragraph(para, pos, max_len)
        if pending_run_on and para_spans and para_spans[0].outer_start == pos + _lead(para):
            para_spans[0].continued = True
        pending_run_on = bool(para_spans) and para_spans[-1].runs_on
        spans.extend(para_spans)
        pos += len(para) + 1
    return sorted(spans, key=lambda q: q.outer_start)


def _lead(para: str) -> int:
    return len(para) - len(para.lstrip())


def _mark_role(para: str, i: int) -> str | None:
    """open2/close2 (double), open1/close1 (single) or None (an apostrophe).

    Straight marks have no direction of their own: a mark after a space opens.
    """
    c = para[i]
    before = para[i - 1] if i > 0 else " "
    after = para[i + 1] if i + 1 < len(para) else " "
    if c in DOUBLE_OPEN:
        return "open2"
    if c in DOUBLE_CLOSE:
        return "close2"
    if c == '"':
        if before.isspace() or before in "([{-\u2014\u2013:" or i == 0:
            return "open2"
        return "close2"
    if c in (SINGLE_OPEN, SINGLE_CLOSE, "'"):
        if _is_word(before) and _is_word(after):
            return None  # don't, Russia's
        if (before.isspace() or before in "([{\"\u201c-\u2014\u2013:" or i == 0) and (
                _is_word(after) or after in "\"\u201c.\u2026"):
            return "open1"
        if not before.isspace() and not _is_word(after):
            return "close1"
    return None


def _marks(para: str) -> Iterator[tuple[int, int, str]]:
    """(position, width, role) of every quotation mark of a paragraph.

    Two straight single marks (''...'') are one double mark, as some outlets write
    it; three are a double and a single nested in it ('''Yes,''' he said).
    """
    i, n = 0, len(para)
    while i < n:
        if para[i] not in QUOTE_CHARS:
            i += 1
            continue
        if para.startswith("''", i):
            run = 3 if para.startswith("'" * 3, i) else 2
            before = para[i - 1] if i > 0 else " "
            if before.isspace() or before in "([{-\u2014\u2013:\"\u201c":
                yield i, 2, "open2"
                if run == 3:
                    yield i + 2, 1, "open1"
            else:
                if run == 3:
                    yield i, 1, "close1"
                yield i + run - 2, 2, "close2"
            i += run
            continue
        role = _mark_role(para, i)
        if role is not None:
            yield i, 1, role
        i += 1


def _pair_paragraph(para: str, offset: int, max_len: int) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    open2: tuple[int, int] | None = None  # an open double quotation: position, width
    open1: int | None = None  # an open single one, alone or nested in the double
    single_closes: list[int] = []  # closing singles seen while a double is open
    for i, width, role in _marks(para):
        if role == "open2" and open2 is None:
            open2, open1, single_closes = (i, width), None, []
        elif role in ("open2", "close2") and open2 is not None:
            spans.append(_span(offset, *open2, i, width))  # a closing or second mark ends it
            open2 = None
        elif role == "close2" and open1 is not None:
            spans.append(_span(offset, open1, 1, i, width))  # 'mismatched marks."
            open1 = None
        elif role == "open1" and (open2 is not None or open1 is None):
            open1 = i
        elif role == "close1":
            if open1 is not None:
                if open2 is None:
                    spans.append(_span(offset, open1, 1, i, 1))
                open1 = None
            elif open2 is not None:
                single_closes.append(i)
    if open2 is not None:
        # "...,' he said": a double quote closed by a single mark after punctuation
        repair = [j for j in single_closes if para[j - 1] in ",.!?\u2026"]
        if repair:
            spans.append(_span(offset, *open2, repair[-1], 1))
        else:
            end = len(para.rstrip())
            spans.append(QuoteSpan(offset + open2[0], offset + end, offset + sum(open2),
                                   offset + end, runs_on=True))
    return [s for s in spans if s.inner_end - s.inner_start <= max_len]


def _span(offset: int, open_i: int, open_w: int, close_i: int, close_w: int) -> QuoteSpan:
    return QuoteSpan(offset + open_i, offset + close_i + close_w, offset + open_i + open_w,
                     offset + close_i)


# ---------------------------------------------------------------- people

def _entity_of(token: Token) -> SpacySpan | None:
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ != "B" and doc[start - 1].ent_type_ == token.ent_type_:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    # an entity never runs across a line break ("Stock Photo\n\nZelenskyy")
    for k in range(token.i - 1, start - 1, -1):
        if "\n" in doc[k].text_with_ws:
            start = k + 1
            break
    for k in range(token.i, end):
        if "\n" in doc[k].text_with_ws:
            end = k + 1
            break
    return SpacySpan(doc, start, end, label=token.ent_type_)


def _strip_titles(words: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split leading title words (President, Mr, Foreign Minister) off a name."""
    i = 0
    while i < len(words) - 1 and (fold(words[i].text) in HONORIFICS or words[i].is_lower
                                  or words[i].ent_type_ in ("NORP", "GPE")
                                  or words[i].tag_ in ("POS",) or words[i].is_punct):
        i += 1
    return words[:i], words[i:]


def _person_name(head: Token) -> tuple[str, list[Token], list[Token]] | None:
    """The proper name a noun phrase headed by ``head`` gives, its tokens and role tokens."""
    ent = _entity_of(head)
    if ent is not None and ent.label_ == "PERSON":
        tokens = list(ent)
    elif head.pos_ == "PROPN" and head.ent_type_ in ("", "PERSON"):
        start = head.i  # untagged name: the proper-noun compounds right before the head
        while start > 0 and head.i - start < 3 and head.doc[start - 1].pos_ == "PROPN" and (
                head.doc[start - 1].dep_ == "compound"):
            start -= 1
        tokens = list(head.doc[start:head.i + 1])
    else:
        return None
    titles, name = _strip_titles([t for t in _same_line(tokens, head) if not t.is_punct])
    name = [t for t in name if t.pos_ in ("PROPN", "NOUN", "ADJ", "X") or t.text[:1].isupper()]
    if not name or not any(t.text[:1].isupper() for t in name):
        return None
    role = titles + [t for t in _modifier_tokens(head) if t.i < name[0].i and t not in titles]
    return " ".join(t.text for t in name), name, _same_line(sorted(role, key=lambda t: t.i), head)


def _same_line(tokens: list[Token], anchor: Token) -> list[Token]:
    """The tokens on the line of ``anchor``: a parse may join a caption to a name."""
    doc = anchor.doc
    lo = hi = anchor.i
    while lo > 0 and anchor.i - lo < 40 and "\n" not in doc[lo - 1].text_with_ws:
        lo -= 1
    while hi + 1 < len(doc) and hi - anchor.i < 40 and "\n" not in doc[hi].text_with_ws:
        hi += 1
    return [t for t in tokens if lo <= t.i <= hi]


def _modifier_tokens(head: Token) -> list[Token]:
    """Role words written before a name: compounds, adjectives, possessors."""
    out: list[Token] = []
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and not (
                child.ent_type_ == "PERSON" and child.pos_ == "PROPN"
                and child.text[:1].isupper() and not fold(child.text) in HONORIFICS
                and child.i == head.i - 1):
            out.extend(t for t in child.subtree if t.dep_ != "det")
    return out


def _role_text(tokens: list[Token]) -> str | None:
    words = [t for t in tokens if t.dep_ != "det" and fold(t.text) not in COURTESY_TITLES]
    if not words:
        return None
    doc = words[0].doc
    text = doc[words[0].i:words[-1].i + 1].text.split("\n")[-1].strip(" ,")
    return text if _WORD.search(text) else None


def build_person_index(doc: Doc, quote_spans: list[QuoteSpan]) -> PersonIndex:
    """Every named person of the article with role words and pronoun-based gender."""
    index = PersonIndex()
    for k, sent in enumerate(doc.sents):
        index.sent_of.extend([k] * len(sent))
        index.sent_starts.append(sent.start)
    inside = _inside_checker(quote_spans)
    seen: set[int] = set()
    place_votes: Counter = Counter()
    for e in doc.ents:
        for t in e:
            if e.label_ == "PERSON":
                place_votes[fold(t.text)] -= 1
            elif e.label_ in ("GPE", "NORP", "LOC") and len(e) == 1:
                place_votes[fold(t.text)] += 1
    index.places = {w for w, v in place_votes.items() if v > 0}
    untagged = [t for t in doc if t.pos_ == "PROPN" and not t.ent_type_ and t.is_title
                and t.dep_ != "compound" and t.i > 0 and doc[t.i - 1].dep_ == "compound"
                and doc[t.i - 1].pos_ == "PROPN" and doc[t.i - 1].is_title
                and not doc[t.i - 1].ent_type_ and fold(doc[t.i - 1].text) not in HONORIFICS]
    heads = [(e.root, e.start_char) for e in doc.ents if e.label_ == "PERSON"]
    heads += [(t, t.idx) for t in untagged]
    for head, at in sorted(heads, key=lambda h: h[0].i):
        if head.i in seen:
            continue
        found = _person_name(head)
        if found is None or index.is_place_like(found[0]):
            continue
        name, name_toks, role_toks = found
        seen.add(head.i)
        appos = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        role_toks = role_toks or (list(appos[0].subtree) if appos else [])
        if head.dep_ == "appos" and head.head.pos_ == "NOUN":
            role_toks = role_toks or [t for t in head.head.subtree if t.i < head.i
                                      and t.dep_ != "punct"]
        role_words = {fold(t.text) for t in role_toks if t.is_alpha}
        if not inside(at):
            index.mentions.append((head.i, name, role_words, _role_text(role_toks)))
        if head.dep_ in ("nsubj", "nsubjpass"):
            index.subjects.add(head.i)
    index.canonical = canonical_names(m[1] for m in index.mentions)
    # news names a person in full (or with a title) at first mention; a bare word
    # never so introduced ("Kyiv" mis-tagged) is no antecedent for a pronoun
    introduced = {index.person(name) for _, name, words, _ in index.mentions
                  if len(name_tokens(name)) > 1 or words}
    index.mentions = [m for m in index.mentions if index.person(m[1]) in introduced]
    _learn_gender(doc, index)
    return index


def _learn_gender(doc: Doc, index: PersonIndex) -> None:
    """Titles (Mr, Ms) and the pronouns that follow a lone named person vote on gender."""
    votes: dict[str, Counter] = defaultdict(Counter)
    sents = list(doc.sents)
    sent_of = index.sent_of
    by_sent: dict[int, list[str]] = defaultdict(list)
    for i, name, _, _ in index.mentions:
        by_sent[sent_of[i]].append(index.person(name))
    for i, name, _, _ in index.mentions:
        person = index.person(name)
        prev = doc[i - len(name.split())] if i - len(name.split()) >= 0 else None
        if prev is not None and fold(prev.text) in FEMALE_TITLES:
            votes[person]["f"] += 3
        if prev is not None and fold(prev.text) in MALE_TITLES:
            votes[person]["m"] += 3
        k = sent_of[i]
        window = [k] + ([k + 1] if k + 1 < len(sents) and not by_sent.get(k + 1) else [])
        if len(set(by_sent[k])) != 1:
            continue
        # the first pronoun after a lone named person most likely refers to them
        following = (t for w in window for t in sents[w] if t.i > i and t.lower_ in PRONOUNS)
        first = next(following, None)
        if first is not None:
            votes[person][PRONOUNS[first.lower_]] += 1
    for person, v in votes.items():
        (g, n), *rest = v.most_common()
        if not rest or n > rest[0][1]:
            index.gender[person] = g


# ---------------------------------------------------------------- speakers

def _inside_checker(quote_spans: list[QuoteSpan]) -> Callable[[int], bool]:
    """A test for "this character lies between quotation marks" (spans do not nest)."""
    starts = [q.inner_start for q in quote_spans]
    ends = [q.inner_end for q in quote_spans]

    def inside(char: int) -> bool:
        k = bisect.bisect_right(starts, char) - 1
        return k >= 0 and char < ends[k]
    return inside


def _subject_of(verb: Token) -> Token | None:
    """The subject of a speech verb, climbing through conjunctions, participles, raising."""
    seen = 0
    while verb is not None and seen < 4:
        subj = sorted(_same_line([c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")],
                                 verb), key=lambda c: abs(c.i - verb.i))
        if not subj and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or (
                subj and subj[0].pos_ not in ("NOUN", "PROPN", "PRON", "NUM")
                and not _quantifier(subj[0])):
            # a misparse ("Speaking ..., Lammy said", a subject on another line):
            # take the name right before the verb
            subj = _name_before(verb)
        if subj and subj[0].tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
            return verb.head  # "Podoliak, who stated ..." -> Podoliak
        if subj:
            return subj[0]
        agent = [c for c in verb.children if c.dep_ == "agent"]
        if agent:
            pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
            return pobj[0] if pobj else None
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
            # "voters saying ...", "the union issued a statement saying ...": a document
            # speaks for whoever issued it
            noun = verb.head
            issuer = [c for c in noun.head.children if c.dep_ == "nsubj"] if (
                noun.dep_ == "dobj" and noun.lemma_.lower() in DOCUMENT_NOUNS) else []
            return issuer[0] if issuer else noun
        if verb.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp") and verb.head.i != verb.i or (
                verb.dep_ in ("parataxis", "dep") and verb.head.i < verb.i
                and verb.head.pos_ in ("VERB", "AUX")):
            head = verb.head if verb.dep_ != "pcomp" else next(  # "in addition to saying"
                (a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")), verb.head.head)
            if (verb.dep_ == "advcl" and verb.tag_ == "VBG" or verb.dep_ == "conj") and not (
                    _is_speech_verb(head)):
                # "said A had won, saying B" and "said A but insisted B" (parsed as
                # joined to A): the second verb shares the speaker of the first
                head = next((a for a in head.ancestors if _is_speech_verb(a)), head)
            if not _same_line([head], verb):  # a parse run across a paragraph break
                found = _name_before(verb)
                return found[0] if found else None
            verb = head
            seen += 1
            continue
        # inverted: "..., said Lavrov" parsed with the name as an object
        after = [c for c in verb.rights if c.dep_ in ("dobj", "attr", "npadvmod")
                 and c.pos_ == "PROPN"]
        if after:
            return after[0]
        following = verb.doc[verb.i + 1:verb.i + 3]
        if len(following) == 2 and following[0].is_title and following[1].is_punct and (
                following[0].ent_type_ in ("", "PERSON", "ORG")) and following[0].pos_ in (
                "PROPN", "NOUN", "ADV", "ADJ") and verb.i > verb.sent.start:
            return following[0]  # '"...," said Skelly, explaining': a surname misparsed
        for t in verb.doc[verb.i + 1:verb.i + 6]:  # '"...," said retired surgeon Ben Carson'
            if t.ent_type_ == "PERSON":
                ent = _entity_of(t)
                return ent.root if ent is not None else t
            if t.is_punct or t.pos_ == "ADP" or t.pos_ in ("VERB", "AUX") and t.dep_ != "amod":
                break
        # "Marcel Lazar, 44, said ..." with the name parsed as an apposition
        before = _name_before(verb, past_age=True)
        if before and before[0].ent_type_ == "PERSON":
            return before[0]
        return _named_before_in_sentence(verb) if verb.dep_ in ("ROOT", "dep") else None
    return None


def _quantifier(token: Token) -> bool:
    """"Most of the governors", "many of his supporters": a part of a group speaks."""
    return token.lower_ in QUANTIFIERS and any(
        c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" for g in c.children)
        for c in token.children)


def _named_before_in_sentence(verb: Token) -> Token | None:
    """The person or organisation a subjectless main verb follows in its sentence:
    "Mr. Bush - in a line aimed at Trump - declared that ..." parsed without subject.
    A name inside a prepositional phrase or a possessive is no candidate."""
    sent = verb.sent
    for ent in reversed([e for e in sent.ents if e.end <= verb.i]):
        if ent.label_ in ("PERSON", "ORG") and ent.root.dep_ not in ("pobj", "poss", "dobj"):
            return ent.root
    return None


def _name_before(verb: Token, past_age: bool = False) -> list[Token]:
    doc = verb.doc
    left = verb.i - 1
    while left > 0 and doc[left].dep_ in ("aux", "auxpass", "neg", "advmod"):
        left -= 1
    if past_age and doc[left].text == ",":  # ", 44," after a name
        k = left - 1
        while k > 0 and verb.i - k < 5 and (doc[k].like_num or doc[k].is_punct):
            k -= 1
        left = k
    if left < 0 or doc[left].pos_ not in ("PROPN", "PRON"):
        return []
    token = doc[left]
    while token.dep_ == "conj" and token.head.i < token.i and "\n" not in doc[
            token.head.i:token.i].text:
        token = token.head
    return [token]


def _mention_span(head: Token) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``head``, without clauses after it."""
    left = _same_line(list(head.subtree), head)[0]
    right = head
    ent = _entity_of(head)
    if ent is not None:
        right = max(right, ent[-1], key=lambda t: t.i)
    for child in head.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "cc" or child.dep_ == "conj") or (
                child.dep_ == "prep" and child.lower_ == "of" and _quantifier(head)):
            right = max(right, child.right_edge, key=lambda t: t.i)
    while left.is_punct and left.i < head.i:
        left = left.doc[left.i + 1]
    while right.is_punct and right.i > head.i:
        right = right.doc[right.i - 1]
    return left.idx, right.idx + len(right.text)


class SpeakerResolver:
    """Turn the subject of a speech verb into a proper name with a role."""

    def __init__(self, doc: Doc, index: PersonIndex, text: str):
        self.doc = doc
        self.index = index
        self.text = text
        self.article_roles: dict[str, str] = {}
        self.role_words: dict[str, set[str]] = defaultdict(set)
        for _, name, words, role in index.mentions:
            person = index.person(name)
            self.role_words[person] |= words
            if role and len(role) > len(self.article_roles.get(person, "")):
                self.article_roles[person] = role
        self.org_speakers: list[tuple[int, str]] = []
        self.speakers: list[tuple[int, str]] = []
        #: (token, person, salience bonus) of every named mention, in text order
        self.mentions = sorted((i, index.person(name), 0.5 if i in index.subjects else 0.0)
                               for i, name, _, _ in index.mentions)

    def resolve(self, subj: Token) -> Speaker:
        m_start, m_end = _mention_span(subj)
        mention = Mention(self.text[m_start:m_end], m_start, m_end)
        lower = subj.lower_
        if _quantifier(subj):
            return Speaker(mention.text, None, mention)
        if subj.pos_ == "PRON" or lower in PRONOUNS:
            return self._pronoun(subj, mention)
        found = _person_name(subj)
        if found is None:
            appos = [c for c in subj.children if c.dep_ == "appos"]
            named = [_person_name(a) for a in appos]
            if named and named[0] is not None:
                name, _, _ = named[0]
                role_toks = [t for t in subj.subtree if t.i < appos[0].left_edge.i
                             and not t.is_punct]
                return self._person(name, _role_text(role_toks), mention, subj.i)
        if found is not None and not self.index.is_place_like(found[0]):
            name, name_toks, role_toks = found
            appos = [c for c in subj.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
            role = _role_text(role_toks) or (_role_text(list(appos[0].subtree)) if appos else None)
            return self._person(name, role, mention, subj.i)
        ent = _entity_of(subj)
        if ent is not None and ent.label_ in SPEAKER_ENTS:
            known = self._match_known(ent.text) if all(
                t.pos_ == "PROPN" for t in ent) else None
            if known is not None:  # "Lavrov" tagged ORG once, PERSON elsewhere
                return self._person(known, None, mention, subj.i)
            return self._organisation(ent, subj, mention)
        return self._description(subj, mention)

    def _person(self, name: str, role: str | None, mention: Mention, at: int) -> Speaker:
        canonical = self.index.canonical.get(name) or self._match_known(name) or name
        self.speakers.append((at, canonical))
        return Speaker(canonical, role or self.article_roles.get(canonical), mention)

    def _match_known(self, name: str) -> str | None:
        for known in dict.fromkeys(self.index.canonical.values()):
            if same_person(name, known):
                return known
        return None

    def _organisation(self, ent: SpacySpan, subj: Token, mention: Mention) -> Speaker:
        words = [t for t in ent if not t.is_punct]
        det = ent[0].i - 1
        if det >= 0 and self.doc[det].text == "The" and self.doc[det].head.i in range(
                ent.start, ent.end) and det > self.doc[det].sent.start:
            words = [self.doc[det]] + words  # "..., The Times reported"
        if words and words[0].lower_ == "the" and not (
                words[0].text == "The" and (words[0].i > words[0].sent.start
                                            or self._the_is_name(ent))):
            words = words[1:]
        if words and words[-1].tag_ == "POS":
            words = words[:-1]
        conj = [c for c in subj.children if c.dep_ == "conj"]
        if conj and subj.i == ent.root.i:
            end = conj[-1]
            start = words[0] if words else subj
            text = self.doc[start.i:end.i + 1].text
        else:
            text = " ".join(t.text for t in words) or ent.text
        self.org_speakers.append((subj.i, text))
        return Speaker(text, None, mention)

    def _the_is_name(self, ent: SpacySpan) -> bool:
        """Whether the article capitalises "The" before this name mid-sentence."""
        needle = ent.text[4:]
        return bool(re.search(r"[a-z,] The " + re.escape(needle), self.text))

    def _person_before(self, at: int, accept, gender: str | None = None) -> str | None:
        """Most salient earlier person within a few sentences.

        Recency in sentences counts most; a known matching gender, having spoken, and
        subject position each add, as in centering accounts of pronoun choice.
        """
        sent_of = self.index.sent_of
        here = sent_of[at]
        first = self.index.sent_starts[max(0, here - 4)]
        window = self.mentions[bisect.bisect_left(self.mentions, (first,)):
                               bisect.bisect_left(self.mentions, (at,))]
        window += [(i, person, 1.0) for i, person in self.speakers if first <= i < at]
        best: tuple[float, int, str] | None = None
        for i, person, bonus in window:
            if not accept(person):
                continue
            score = bonus - (here - sent_of[i])
            if gender is not None and self.index.gender.get(person) == gender:
                score += 0.75
            key = (score, i, person)
            if best is None or key > best:
                best = key
        return best[2] if best else None

    def _pronoun(self, subj: Token, mention: Mention) -> Speaker:
        gender = PRONOUNS.get(subj.lower_)
        if gender is not None:
            person = self._person_before(
                subj.i, lambda p: self.index.gender.get(p, gender) == gender, gender)
            if person is not None:
                self.speakers.append((subj.i, person))
                return Speaker(person, self.article_roles.get(person), mention)
        if subj.lower_ in ("it", "they"):
            org = self._organisation_before(subj)
            if org is not None:
                return Speaker(org, None, mention)
        return Speaker(subj.text, None, mention)

    def _organisation_before(self, subj: Token) -> str | None:
        """The organisation "it" or "they" stands for: the latest one that spoke, or that
        is the subject of a clause, in this sentence or the one before ("Kiev" tagged as
        a person, but with no he or she ever referring to it, counts)."""
        here = self.index.sent_of[subj.i]
        first = self.index.sent_starts[max(0, here - 1)]
        found = [(i, org) for i, org in self.org_speakers if i < subj.i]
        span = self.doc[first:subj.i]
        found += [(e.root.i, e.text) for e in span.ents if e.root.dep_ in ("nsubj", "nsubjpass")
                  and (e.label_ in ("ORG", "GPE") or self.index.is_place_like(e.text)
                       or e.label_ == "PERSON" and len(e) == 1
                       and self.index.person(e.text) not in self.index.gender)]
        return max(found)[1] if found else None

    def _description(self, subj: Token, mention: Mention) -> Speaker:
        """"the foreign minister", "the Ukrainian leader", "the paper" -> a named speaker."""
        words = [t for t in _same_line(list(subj.subtree), subj)
                 if t.i <= subj.i and t.dep_ not in ("det", "punct")]
        known = self._match_known(subj.text) if subj.is_title else None
        if known is not None:
            return self._person(known, None, mention, subj.i)
        head = fold(subj.lemma_)
        if head in MEDIA_WORDS and self.org_speakers:
            earlier = [o for o in self.org_speakers if o[0] < subj.i]
            if earlier:
                return Speaker(max(earlier)[1], None, mention)
        definite = any(t.dep_ == "det" and t.lower_ in ("the", "this", "that")
                       for t in subj.lefts) and subj.tag_ in ("NN", "NNP")
        if definite:
            wanted = {ROLE_SYNONYMS.get(w, w) for w in (fold(t.text) for t in words)
                      if w not in DEGREE_WORDS}
            head = ROLE_SYNONYMS.get(head, head)
            stems = {w[:5] for w in wanted}

            def fits(person: str) -> bool:
                have = {ROLE_SYNONYMS.get(w, w) for w in self.role_words.get(person, set())}
                if head in have or (head in LEADER_WORDS and have & LEADER_WORDS):
                    mods = stems - {head[:5]}
                    return all(any(h.startswith(m) or m.startswith(h[:5]) for h in have)
                               for m in mods if m not in LEADER_WORDS)
                return False
            person = self._person_before(subj.i, fits)
            if person is not None:
                self.speakers.append((subj.i, person))
                return Speaker(person, self.article_roles.get(person), mention)
        text = self.doc[words[0].i:subj.i + 1].text if words else subj.text
        return Speaker(text, None, mention)


# ---------------------------------------------------------------- attributions

@dataclass
class Attribution:
    start: int
    end: int
    cue: Token | None
    cue_text: str
    subject: Token | None
    speaker: Speaker | None = None


def _trim(doc: Doc, start_tok: int, end_tok: int) -> tuple[int, int] | None:
    """Char span of tokens [start_tok, end_tok) without edge punctuation and "that"."""
    while start_tok < end_tok and (doc[start_tok].is_punct and not _is_open_mark(doc[start_tok])
                                   or doc[start_tok].lower_ in ("that", ",")
                                   and doc[start_tok].dep_ in ("mark", "punct")
                                   or _stray_that(doc[start_tok])
                                   or doc[start_tok].is_space):
        start_tok += 1
    while end_tok > start_tok and (doc[end_tok - 1].is_punct and not _is_close_mark(doc[end_tok - 1])
                                   or doc[end_tok - 1].is_space):
        end_tok -= 1
    if end_tok - start_tok < 2:
        return None
    return doc[start_tok].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)


def _stray_that(t: Token) -> bool:
    """"told the paper that plans ... sent" parsed with "that" as the subject of a
    noun: a complementizer, not a pronoun."""
    return t.lower_ == "that" and t.dep_ == "nsubj" and t.head.i == t.i + 1 and (
        t.head.pos_ in ("NOUN", "PROPN") or t.head.dep_ in ("nsubj", "nsubjpass"))


def _is_open_mark(t: Token) -> bool:
    return t.text in ('"', "'", "''", "\u201c", "\u2018", "\u00ab")


def _is_close_mark(t: Token) -> bool:
    return t.text in ('"', "'", "''", "\u201d", "\u2019", "\u00bb") or t.text.endswith(
        ("\u201d", "\u2019"))


def _content_tokens(verb: Token) -> tuple[int, int] | None:
    """Token range of what a speech verb reports, following its dependents."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    particle = PARTICLE_REQUIRED.get(lemma)
    if particle and not any(c.dep_ == "prt" and c.lower_ == particle for c in children):
        return None
    comp = [c for c in children if c.dep_ == "ccomp"]
    if lemma == "call" and any(c.dep_ == "dobj" and c.i > verb.i for c in children):
        comp = [c for c in comp if c.i > verb.i]  # "he called her 'weak'": name, not clause
    before = [c for c in comp if c.i < verb.i]
    between = verb.doc[before[-1].right_edge.i + 1:verb.i] if before else []
    if before and all(t.is_punct or t.is_space for t in between):
        comp = before  # '"...," said X, asked about it': the quotation is the content
    elif any(c.i > verb.i for c in comp):  # else a clause before the verb is a misparse
        comp = [c for c in comp if c.i > verb.i]
    if comp:
        end = comp[-1].right_edge.i + 1
        if comp[-1].i > verb.i:
            # "said X, but Y": a full clause the parser joined to the verb goes on
            for c in children:
                if c.dep_ == "conj" and c.i > end and c.left_edge.i <= end + 2 and any(
                        g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children) and not (
                        _is_speech_verb(c)):
                    end = c.right_edge.i + 1
        return comp[0].left_edge.i, end
    clause = _that_clause(verb)
    if clause is not None:
        return clause
    if lemma in BLAME_VERBS or lemma == "call" and any(
            c.dep_ == "prt" and c.lower_ == "out" for c in children):
        obj = [c for c in children if c.dep_ == "dobj"]
        prep = [c for c in children if c.dep_ == "prep" and c.lower_ in ("of", "for", "over")]
        if obj and prep and prep[0].i > obj[0].i:
            return obj[0].left_edge.i, prep[0].right_edge.i + 1
    if lemma == "call":
        prep = [c for c in children if c.dep_ == "prep" and c.lower_ in ("for", "on", "upon")
                and c.i > verb.i]
        if prep:
            pobj = [c for c in prep[0].children if c.dep_ in ("pobj", "pcomp")]
            then = [c for c in children if c.dep_ == "xcomp" and c.i > prep[0].i]
            if pobj or then:  # "called for talks", "called on Congress to act"
                end = max([prep[0].right_edge.i] + [x.right_edge.i for x in then]) + 1
                return (pobj[0].left_edge.i if pobj else prep[0].i + 1), end
        for_clause = [c for c in children if c.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ == "for" for m in c.children)]
        if for_clause:  # "calling for the US to take a stronger role"
            return for_clause[0].left_edge.i + 1, for_clause[0].right_edge.i + 1
        obj = [c for c in children if c.dep_ == "dobj"]
        pred = [c for c in children if c.dep_ in ("oprd", "ccomp", "xcomp") and c.i > verb.i]
        if obj and pred:
            return obj[0].left_edge.i, pred[-1].right_edge.i + 1
        if obj and any(_is_open_mark(t) for t in obj[0].subtree):  # called the talks "good"
            return obj[0].left_edge.i, obj[0].right_edge.i + 1
        # "called Clinton, his rival, an ISIS 'co-founder'", "what he called 'a disaster'":
        # the name given, in quotation marks, is what was said
        named = [c for c in children if c.i > verb.i and c.dep_ in (
            "oprd", "npadvmod", "attr", "appos", "dobj", "dep")]
        relative = [c for c in obj if c.i < verb.i and c.tag_ in ("WP", "WDT")]
        if named:
            start = relative[0].i if relative else min(c.left_edge.i for c in named)
            end = max(c.right_edge.i for c in named) + 1
            if any(_is_open_mark(t) for t in verb.doc[start:end]):
                return start, end
        return None
    if lemma in PREP_CONTENT:
        prep = [c for c in children if c.dep_ == "prep" and c.lower_ in PREP_CONTENT[lemma]
                and c.i > verb.i and any(g.dep_ in ("pobj", "pcomp") for g in c.children)]
        if prep:
            return prep[0].i + 1, prep[0].right_edge.i + 1
    if lemma in ("ask", "wonder", "question"):  # "asked (them) whether X"
        whether = [c for c in children if c.dep_ in ("advcl", "ccomp") and c.i > verb.i and any(
            m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children)]
        if whether:
            return whether[0].left_edge.i, whether[0].right_edge.i + 1
    if lemma in ("urge", "ask", "advise", "tell", "remind") and any(
            c.dep_ in ("xcomp",) for c in children):
        obj = [c for c in children if c.dep_ in ("dobj",)]
        x = [c for c in children if c.dep_ == "xcomp"]
        if x and x[0].i > verb.i:
            return (obj[0].left_edge.i if obj else x[0].left_edge.i), x[0].right_edge.i + 1
    if lemma in ("promise", "vow", "pledge", "threaten", "agree", "demand") and any(
            c.dep_ == "xcomp" and c.i > verb.i for c in children):
        x = [c for c in children if c.dep_ == "xcomp"][0]
        return x.left_edge.i, x.right_edge.i + 1
    if lemma in OBJECT_VERBS | GERUND_VERBS:
        # "described how, as a child, she ...", "reported raising $2 million"
        wh = [c for c in children if c.i == verb.i + 1 and c.tag_ in ("WRB", "WP")
              and c.lower_ in ("how", "why", "what", "where", "when")]
        gerund = [c for c in children if c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i > verb.i
                  and c.left_edge.i == c.i]
        if gerund:
            return gerund[0].i, gerund[0].right_edge.i + 1
        clause = [c for c in children if c.dep_ in ("advcl", "ccomp") and wh and c.i > wh[0].i]
        if clause:
            return wh[0].i, clause[0].right_edge.i + 1
    if lemma in OBJECT_VERBS:
        obj = [c for c in children if c.dep_ == "dobj" and c.i > verb.i]
        if obj and obj[0].pos_ not in ("PRON",):
            end = obj[0].right_edge.i + 1
            for c in children:  # "described the talks as progress", "steps to cut costs"
                if c.i > obj[0].i and (c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ == "as"
                                       or c.dep_ == "advcl" and any(
                                           m.dep_ == "mark" and m.lower_ == "as"
                                           for m in c.children)
                                       or c.dep_ in ("xcomp", "advcl") and c.left_edge.i == end
                                       and c.left_edge.lower_ == "to"
                                       or c.dep_ == "prep" and c.i == end
                                       and c.lower_ in OBJECT_PREPS):
                    end = c.right_edge.i + 1
            return obj[0].left_edge.i, end
        passive = [c for c in children if c.dep_ == "nsubjpass" and c.pos_ != "PRON"]
        if passive and any(c.dep_ == "agent" for c in children):
            return passive[0].left_edge.i, passive[0].right_edge.i + 1  # "X was denied by Y"
    return None


def _speech_content(verb: Token) -> tuple[int, int] | None:
    """Token range a speech verb reports; verbs like "add" only report a clause."""
    host = _host_clause(verb) or _split_attribution(verb)
    if verb.lemma_.lower() in CLAUSE_ONLY and host is None and not any(
            c.dep_ == "ccomp" for c in verb.children):
        return None
    rng = _content_tokens(verb) or host
    return _cut_other_speech(verb, rng) if rng is not None else None


def _split_attribution(verb: Token) -> tuple[int, int] | None:
    """'A, he said.' split by the parser into 'A' and ', he said.': the attribution
    reports the sentence before it, when nothing but the subject and commas or
    quotation marks come before the verb, and that sentence is in the same paragraph."""
    sent = verb.sent
    if verb.dep_ != "ROOT" or sent.start == 0 or any(c.dep_ == "ccomp" for c in verb.children):
        return None
    doc = verb.doc
    lead = [t for t in doc[sent.start:verb.i] if not t.is_space]
    words = [t.i for t in lead if not t.is_punct]
    if not words or [t.i for t in lead[-len(words):]] != words or any(
            doc[i].dep_ not in ("nsubj", "compound", "det", "amod", "flat") for i in words):
        return None
    before = doc[sent.start - 1]
    if not ("," in [t.text for t in lead] or before.text == "," or (
            _is_close_mark(before) and sent.start > 1 and doc[sent.start - 2].text == ",")):
        return None
    previous = doc[sent.start - 1].sent
    if "\n" in doc[previous.start:sent.start].text.rstrip():
        return None
    return previous.start, sent.start


def _cut_other_speech(verb: Token, rng: tuple[int, int]) -> tuple[int, int]:
    """End content where a coordinated or participial speech clause of its own begins:
    "X said A, and Y said B" and "said A, saying B" report two statements."""
    start, end = rng
    for t in verb.doc[max(start, verb.i + 1):end]:
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        reports = t.lemma_.lower() not in CLAUSE_ONLY or any(c.dep_ == "ccomp" for c in t.children)
        if t.i > start and t.head.i != verb.i and _is_speech_verb(t) and reports and (
                t.dep_ == "conj" or t.dep_ == "advcl" and (
                    own_subject or t.tag_ == "VBG" and t.left_edge.i == t.i)):
            end = t.left_edge.i
            while end > start and verb.doc[end - 1].dep_ in ("cc", "punct"):
                end -= 1
            break
    return start, end


def _that_clause(verb: Token) -> tuple[int, int] | None:
    """A "that" clause the parser hung on a noun after the verb ("said during a news
    conference that ..."): a relative clause never has "that" as its marker."""
    for t in verb.subtree:
        if t.i > verb.i and t.lower_ == "that" and t.dep_ == "mark" and t.head.dep_ in (
                "relcl", "acl", "advcl") and t.head.head.i != verb.i:
            if t.head.head.pos_ == "VERB" and t.head.head.i > verb.i:
                return None  # the clause belongs to a later verb
            return t.i, t.head.right_edge.i + 1
    return None


def _clause_head(verb: Token) -> Token:
    """The verb a speech clause hangs on; an auxiliary ("Even then, she said, she's
    learned ...") stands for its main verb."""
    host = verb.head
    return host.head if host.dep_ in ("aux", "auxpass") else host


def _parenthetical(verb: Token) -> bool:
    """A speech clause set off by commas inside its content: "X, she said, is Y"."""
    doc = verb.doc
    left, right = verb.left_edge.i, verb.right_edge.i
    host = _clause_head(verb)
    return (verb.dep_ in ("parataxis", "ccomp", "advcl") and host.pos_ in ("VERB", "AUX")
            and host.left_edge.i < left and host.right_edge.i > right + 1
            and not any(c.dep_ == "ccomp" for c in verb.children)
            and "," in (doc[left].text, doc[left - 1].text) and right + 1 < len(doc)
            and "," in (doc[right].text, doc[right + 1].text))


def _host_clause(verb: Token) -> tuple[int, int] | None:
    """Content when the speech clause hangs off it: "X is true, Lavrov said."."""
    if _parenthetical(verb):
        host = _clause_head(verb)
        return host.left_edge.i, host.right_edge.i + 1
    if verb.dep_ == "advcl" and verb.head.i > verb.i and verb.head.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
        return verb.right_edge.i + 1, verb.head.right_edge.i + 1  # "As Comey noted, X"
    if verb.dep_ not in ("parataxis", "ccomp", "advcl", "conj") or verb.head.i > verb.i:
        return None
    if any(c.dep_ in ("ccomp",) for c in verb.children):
        return None
    host = _clause_head(verb)
    left = host.left_edge.i
    clause_left = verb.left_edge.i
    if clause_left <= host.i:
        return None
    gap = verb.doc[clause_left - 1] if clause_left > 0 else None
    if gap is None or not (gap.is_punct or gap.is_space):
        return None
    if host.right_edge.i > verb.right_edge.i + 1 and verb.doc[verb.right_edge.i].is_punct:
        return left, host.right_edge.i + 1  # "There was, she said, a bargain": all of it
    return left, clause_left


def _noun_claim(noun: Token) -> tuple[Token, tuple[int, int]] | None:
    """"Trump's claim that X", "her call for X", "his promise to X" -> (owner, content).

    Only a possessor names the source: "the claim that X" says nothing of who made it.
    """
    owner = [c for c in noun.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "PRON", "NOUN")]
    if not owner or owner[0].lower_ in ("its", "their", "my", "our", "your"):
        return None
    for c in noun.children:
        if c.i < noun.i:
            continue
        if c.dep_ in ("acl", "ccomp") and (c.left_edge.lower_ in ("that", "to") or any(
                g.dep_ == "aux" and g.lower_ == "to" for g in c.children)):
            return owner[0], (c.left_edge.i, c.right_edge.i + 1)
        if c.dep_ == "prep" and c.lower_ in ("of", "about", "for", "on", "over", "against") and any(
                g.dep_ in ("pobj", "pcomp") for g in c.children):
            return owner[0], (c.i + 1, c.right_edge.i + 1)
    return None


def _according_to(token: Token) -> tuple[Token, tuple[int, int]] | None:
    """"According to X, ..." -> (X, token range of the rest of the sentence)."""
    if token.lower_ != "according":
        return None
    to = [c for c in token.children if c.lower_ == "to"]
    if not to:
        return None
    pobj = [c for c in to[0].children if c.dep_ == "pobj"]
    if not pobj:
        return None
    sent = token.sent
    phrase_start, phrase_end = token.left_edge.i, to[0].right_edge.i + 1
    if phrase_start - sent.start <= 1:
        return pobj[0], (phrase_end, sent.end)
    if sent.end - phrase_end <= 2:
        return pobj[0], (sent.start, phrase_start)
    # inside its sentence the phrase sources the clause it modifies, without a clause
    # of its own after it ("X leads by 40 votes according to a count, but Y has vowed
    # to fight on") or a subordinate one before it ("While A, according to X, B")
    head = token.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    lo, hi = sent.start, sent.end
    for c in head.children:
        if c.dep_ == "conj" and c.i > phrase_end and any(
                g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children):
            lo, hi = max(lo, head.left_edge.i), min(hi, c.left_edge.i)
            while hi > lo and token.doc[hi - 1].dep_ in ("cc", "punct"):
                hi -= 1
            if phrase_end >= hi:
                hi = phrase_start
    if any(c.dep_ == "advcl" and c.right_edge.i < phrase_start for c in head.children) and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.i > phrase_end for c in head.children):
        lo = phrase_end
    return pobj[0], (lo, hi)


def _cue_text(verb: Token) -> str:
    """The verb with its auxiliaries, negation and particles: "has repeatedly said",
    "appeared to signal"."""
    words = [c for c in verb.lefts if c.dep_ in ("aux", "auxpass", "neg") and c.i >= verb.i - 3]
    if verb.dep_ == "xcomp" and 0 < verb.i - verb.head.i <= 3 and verb.head.pos_ == "VERB":
        words.append(verb.head)  # "appeared to signal", "refused to rule out"
    words += [verb] + [c for c in verb.rights if c.dep_ == "prt" or (
        c.dep_ == "prep" and c.lower_ in ("for", "of") and verb.lemma_ in ("call", "warn")
        and c.i == verb.i + 1)]
    words.sort(key=lambda t: t.i)
    return verb.doc[words[0].i:words[-1].i + 1].text


def _is_speech_verb(t: Token) -> bool:
    """A verb reporting speech by its subject; the bare passive participle of a verb of
    address ("X, asked about it, said") reports what was said to the subject."""
    lemma = t.lemma_.lower()
    if t.pos_ not in ("VERB", "AUX") or lemma not in SPEECH_VERBS or lemma == "be":
        return False
    if lemma in PARTICLE_REQUIRED and not any(  # "went on", "shot back"
            c.dep_ in ("prt", "advmod") and c.lower_ == PARTICLE_REQUIRED[lemma]
            for c in t.children):
        return False
    return not (t.tag_ in ("VBN", "VBD") and t.dep_ in ("advcl", "acl")
                and t.lemma_ in ADDRESS_VERBS and t.i > 0 and t.doc[t.i - 1].text == ","
                and not any(c.dep_ in ("aux", "auxpass", "agent", "nsubj", "nsubjpass")
                            for c in t.children))


def _near(quote_spans: list[QuoteSpan], start: int, end: int) -> list[QuoteSpan]:
    """Quotations overlapping ``[start, end]`` or opening right after it.

    Quotations never overlap each other, so both ends are sorted and bisection finds
    the first candidate.
    """
    k = bisect.bisect_right(quote_spans, start, key=lambda q: q.outer_end)
    near = []
    while k < len(quote_spans) and quote_spans[k].outer_start <= end + 1:
        near.append(quote_spans[k])
        k += 1
    return near


def _kind(start: int, end: int, quote_spans: list[QuoteSpan]) -> QuoteKind:
    inner = [q for q in _near(quote_spans, start, end) if q.outer_start < end]
    if not inner:
        return "indirect"
    if len(inner) == 1 and inner[0].inner_start <= start and end <= inner[0].inner_end + 1:
        return "direct"
    return "mixed"


def _snap(start: int, end: int, quote_spans: list[QuoteSpan], text: str) -> tuple[int, int]:
    """Fit a content span to the quotation marks it touches.

    Content that is one quotation becomes the words between the marks (with the
    comma or stop inside them); content cut inside a quotation grows to its mark.
    """
    near = _near(quote_spans, start, end)
    for q in near:
        if q.outer_start >= end:
            continue
        before = text[start:q.outer_start] if start < q.outer_start else ""
        after = text[q.outer_end:end] if end > q.outer_end else ""
        if not _WORD.search(before + after):
            return _strip(text, q.inner_start, q.inner_end)
        if q.inner_start < start < q.inner_end or start <= q.inner_start and start > q.outer_start:
            start = q.outer_start
        if q.inner_start < end < q.inner_end:
            end = q.outer_end
        elif q.inner_end <= end < q.outer_end:
            end = q.outer_end
    for q in near:
        # a quotation that goes straight on from the reported words is part of them
        if end <= q.outer_start <= end + 1 and not text[end:q.outer_start].strip():
            end = q.outer_end
    return start, end


def _clip_to_paragraph(text: str, start: int, end: int, anchor: int) -> tuple[int, int]:
    """Keep content in the paragraph of its cue: a parse may run over a line break."""
    para_start = text.rfind("\n", 0, anchor) + 1
    para_end = text.find("\n", anchor)
    para_end = len(text) if para_end < 0 else para_end
    if start < para_start <= end and not text[para_start:end].strip() == "":
        start = para_start
    if start < para_end < end:
        end = para_end
    if end <= para_start:  # content wholly in an earlier paragraph (inverted cue)
        block_start = text.rfind("\n", 0, max(start, end - 1)) + 1
        start = max(start, block_start)
    return _strip(text, start, end)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _substantial(text: str) -> bool:
    """Verbatim speech, not a scare quote or a title: several words or a clause end."""
    words = text.split()
    capitalised = sum(w[:1].isupper() for w in words if w[:1].isalpha())
    if capitalised > 0.6 * len(words):
        return False  # a title: "Meet the Press", "The Art of the Deal"
    if len(words) >= 5:
        return True
    return len(words) >= 3 and text.rstrip()[-1:] in ",.!?\u2026" and not text.istitle()


def extract_quotes(parsed: ParsedArticle, settings: QuoteSettings | None = None) -> list[Quote]:
    """Every attributed statement of one article, offsets into ``parsed.article.text``."""
    settings = settings or QuoteSettings()
    doc = parsed.doc
    text = doc.text
    if not text.strip() or len(text) > settings.max_article_chars:
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
        if token.pos_ == "NOUN" and token.lemma_.lower() in SPEECH_NOUNS:
            claim = _noun_claim(token)
            if claim is not None and not inside(token.idx):
                span = _trim(doc, *claim[1])
                if span:
                    found.append(Attribution(*span, cue=token, cue_text=token.text,
                                             subject=claim[0]))
            continue
        if not _is_speech_verb(token) or inside(token.idx):
            continue
        rng = _speech_content(token)
        if rng is None:
            continue
        subject = _subject_of(token)
        if subject is None or inside(subject.idx) or (
                subject.i in range(*rng) and not rng[0] < token.i < rng[1] - 1):
            continue
        span = _trim(doc, *rng)
        if span is None:
            continue
        found.append(Attribution(*span, cue=token, cue_text=_cue_text(token), subject=subject))

    # one statement, two cues (a nested "asked ..., The Times reported"): the wider wins
    fitted: list[tuple[int, int, Attribution]] = []
    for att in found:
        start, end = _clip_to_paragraph(text, att.start, att.end, att.cue.idx)
        start, end = _snap(start, end, quote_spans, text)
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
        att.speaker = resolver.resolve(att.subject)
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
    results.sort(key=lambda r: r[0])
    quotes = []
    for start, end, att, kind in _join_interrupted(results, text, quote_spans)[
            : settings.max_quotes]:
        speaker = att.speaker
        quotes.append(Quote(article_id=parsed.article.id, text=text[start:end], start=start,
                            end=end, speaker=speaker.name, cue=att.cue_text, kind=kind,
                            role=clean_role(speaker.role, speaker.name),
                            mention=speaker.mention))
    return quotes


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


def _join_interrupted(results: list[tuple[int, int, Attribution]], text: str,
                      quote_spans: list[QuoteSpan]) -> list[tuple[int, int, Attribution, str]]:
    """One statement per quotation interrupted by its own attribution.

    ``"A," she said. "B."`` and ``"A," she said, "B."`` are one statement: its span
    runs from A to B, attribution included, so the table shows it once and whole,
    with any aside of the attribution between them: ``"A," she said, adding that C.
    "B."`` and ``"A," said X, who said C. "B."``.
    """
    joined: list[tuple[int, int, Attribution, str]] = []
    for start, end, att in results:
        if att.speaker is None:
            continue
        item = (start, end, att, _kind(start, end, quote_spans))
        if joined and _goes_on(item, joined[-1], text):
            joined[-1] = _merged(joined[-1], item)
        elif len(joined) > 1 and _goes_on(item, joined[-2], text) and _aside(
                joined[-1], joined[-2], text):
            joined[-2:] = [_merged(_merged(joined[-2], joined[-1]), item)]
        else:
            joined.append(item)
    return joined


_Item = tuple[int, int, Attribution, str]


def _near_same_speaker(item: _Item, head: _Item, text: str) -> bool:
    return (head[1] < item[0] and item[0] - head[1] <= 300 and "\n" not in text[head[1]:item[0]]
            and item[2].speaker.name == head[2].speaker.name)


def _goes_on(item: _Item, head: _Item, text: str) -> bool:
    """A quotation that continues ``head`` across its attribution."""
    start, _, att, kind = item
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
    return head[0], item[1], head[2], kind


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
    utterance = _substantial(inner) or q.continued
    if not utterance and not (inner[-1:] in ",.!?\u2026" and _WORD.search(inner)):
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
        if subject is not None and not (q.inner_start <= subject.idx < q.inner_end):
            return Attribution(q.inner_start, q.inner_end, verb, _cue_text(verb), subject,
                               resolver.resolve(subject))
    previous = [r for r in results if r[0] < q.inner_start and r[2].speaker is not None]
    if not previous:
        return None
    p_start, p_end, p_att = max(previous, key=lambda r: r[1])
    if q.continued or _continues(doc, text, p_end, q.outer_start, p_att):
        speaker = p_att.speaker
        return Attribution(q.inner_start, q.inner_end, None, "",
                           None, Speaker(speaker.name, speaker.role, None))
    return None


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


def _adjacent_speech_verb(q: QuoteSpan, doc: Doc, text: str,
                          quote_spans: list[QuoteSpan]) -> Token | None:
    """A speech verb right after the closing mark (", he said") or before the opening
    one ("he said:")."""
    after = doc.char_span(q.outer_end, min(len(text), q.outer_end + 120), alignment_mode="expand")
    if after is not None:
        for t in list(after)[:10]:
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


# ---------------------------------------------------------------- table

def quote_table(quotes: list[Quote], articles: list[Article]) -> list[QuoteRow]:
    """The who-said-what table of one cluster.

    Speakers are canonicalised across the cluster and each gets one role, the one its
    articles give most; one statement carried by several articles (same or near-same
    words) is one row citing all of them, each with its own span; rows are grouped by
    speaker, most-quoted first, in article order within a speaker. A speaker left as a
    bare pronoun ("he") names nobody, and its rows are left out, and so is a headline
    that restates a body statement of the same speaker.
    """
    order = {a.id: k for k, a in enumerate(articles)}
    quotes = sorted((q for q in quotes if q.speaker.strip().lower() not in BARE_PRONOUNS),
                    key=lambda q: (order.get(q.article_id, len(order)), q.start))
    people = canonical_names(q.speaker for q in quotes if _looks_like_name(q.speaker))
    spoken = [(q, people.get(q.speaker.strip(), q.speaker.strip())) for q in quotes]
    spoken = _without_restated_titles(spoken, {a.id: a.body_start for a in articles})
    rows: list[QuoteRow] = []
    row_words: list[set[str]] = []
    roles: dict[str, Counter] = defaultdict(Counter)
    for q, speaker in spoken:
        role = clean_role(q.role, speaker)
        if role:
            roles[speaker][role] += 1
        words = set(_norm_words(q.text))
        span = Span(q.article_id, q.start, q.end)
        for k, row in enumerate(rows):
            if row.speaker == speaker and _near_same(words, row_words[k]):
                row.spans.append(span)
                break
        else:
            rows.append(QuoteRow(speaker=speaker, role=None, text=q.text, kind=q.kind,
                                 cue=q.cue, spans=[span]))
            row_words.append(words)
    best_role = {speaker: _best_role(counts) for speaker, counts in roles.items()}
    counts = Counter(row.speaker for row in rows for _ in row.spans)
    first: dict[str, int] = {}
    for k, row in enumerate(rows):
        first.setdefault(row.speaker, k)
        row.role = best_role.get(row.speaker)
    return sorted(rows, key=lambda r: (-counts[r.speaker], first[r.speaker]))


def _without_restated_titles(spoken: list[tuple[Quote, str]],
                             body_start: dict[str, int]) -> list[tuple[Quote, str]]:
    """Leave out a headline statement that restates a body statement of its speaker.

    A title ("Mayor admits the bridge cannot reopen this year") shortens what the body
    quotes in full; the table keeps the body's words, which carry the context. The
    statement is restated when most of its content words (stems, so "occupied" meets
    "occupy") are in one body statement of the same speaker and both or neither are
    negated, or nearly all of them are in the speaker's body statements of its article.
    """
    def in_title(q: Quote) -> bool:
        return q.start < body_start.get(q.article_id, 0)

    body: dict[str, list[set[str]]] = defaultdict(list)
    in_article: dict[tuple[str, str], set[str]] = defaultdict(set)
    for q, speaker in spoken:
        if not in_title(q):
            stems = _content_stems(q.text)
            body[speaker].append(stems)
            in_article[q.article_id, speaker] |= stems
    kept = []
    for q, speaker in spoken:
        stems = _content_stems(q.text) if in_title(q) else set()
        close = [words for words in body[speaker]
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
#: words that carry no content, except those that turn a statement around
_NEGATIONS = {"not", "no", "never", "canno", "nothi", "none", "nobod", "neith", "nor",
              "witho", "t"}  # stems, as _content_stems makes them ("can't" -> can, t)
_FUNCTION_WORDS = STOP_WORDS - {"not", "no", "never", "cannot", "nothing", "none", "nobody",
                                "neither", "nor", "without"}


def _content_stems(text: str) -> set[str]:
    return {w[:5] for w in _norm_words(text) if w not in _FUNCTION_WORDS and not w.isdigit()}


#: pronouns that, left unresolved, say nothing of who spoke
BARE_PRONOUNS = {"he", "she", "it", "they", "his", "her", "their", "its", "him", "them",
                 "i", "we", "you", "one", "who", "which", "that"}


def clean_role(role: str | None, speaker: str = "") -> str | None:
    """A role as the table shows it: natural case, no article or possessive pronoun, no
    fragment of the speaker's own name, never a bare possessive ("Ukraine's").

    "UKRAINIAN PRESIDENT" -> "Ukrainian President"; "her senior policy adviser, Jake"
    -> "senior policy adviser".
    """
    if not role:
        return None
    own = set(name_tokens(speaker))
    parts = [p.strip(" ,;:-\u2013\u2014") for p in re.split(r"[,;(]", role)]
    parts = [p for p in parts if p and not own & {fold(w) for w in p.split()}]
    if not parts:
        return None
    words = natural_case(parts[0]).split()
    while words and words[0].lower() in ("the", "a", "an", "his", "her", "their", "its"):
        words = words[1:]
    if not words or all(_POSSESSIVE_END.search(w) for w in words):
        return None
    text = " ".join(words)
    return text if any(c.isalpha() for c in text) else None


_POSSESSIVE_END = re.compile(r"['\u2019]s?$")


def _best_role(counts: Counter) -> str | None:
    """The role most articles give (case aside); on a tie, the shorter one."""
    if not counts:
        return None
    by_key: dict[str, Counter] = defaultdict(Counter)
    for role, n in counts.items():
        by_key[role.lower()][role] += n
    key = max(by_key, key=lambda k: (sum(by_key[k].values()), -len(k), k))
    return by_key[key].most_common(1)[0][0]


def _looks_like_name(speaker: str) -> bool:
    words = speaker.split()
    return bool(words) and all(w[:1].isupper() for w in words) and bool(name_tokens(speaker))


def _norm_words(text: str) -> list[str]:
    return [fold(w) for w in re.findall(r"\w+", text.lower())]


def _near_same(a: set[str], b: set[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= 0.8 and len(a & b) / max(len(a), len(b)) >= 0.6
