"""What was said: the span a speech verb, "according to" or a speech noun
introduces, trimmed and snapped to quotation marks and paragraphs."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..captions import credit_start
from ..datelines import after_dateline
from ..records import QuoteKind
from .lexicon import (_WORD, ADDRESS_VERBS, BLAME_VERBS, CALL_PREPS, CLAUSE_ONLY,
                      CONTRAST_MARKERS, DIRECT_VERBS, GERUND_VERBS, HANDLING_VERBS, LIKEN_VERBS,
                      OBJECT_PREPS, OBJECT_VERBS, PAPER_NOUNS, PARTICLE_REQUIRED, PREP_CONTENT,
                      VERDICT_VERBS, _is_speech_verb, _verb_read_as_noun)
from .marks import QuoteSpan
from .people import Speaker


@dataclass
class Attribution:
    start: int
    end: int
    cue: Token | None
    cue_text: str
    subject: Token | None
    speaker: Speaker | None = None
    #: the others of a joint subject ("A and B said"), each given a row of their own
    co_speakers: list[Speaker] = field(default_factory=list)


def _trim(doc: Doc, start_tok: int, end_tok: int) -> tuple[int, int] | None:
    """Char span of tokens [start_tok, end_tok) without edge punctuation and "that"."""
    while start_tok < end_tok and (doc[start_tok].is_punct and not _is_open_mark(doc[start_tok])
                                   or doc[start_tok].lower_ in ("that", ",")
                                   and doc[start_tok].dep_ in ("mark", "punct")
                                   or _stray_that(doc[start_tok])
                                   or doc[start_tok].is_space):
        start_tok += 1
    while end_tok > start_tok and (doc[end_tok - 1].is_punct and not _is_close_mark(doc[end_tok - 1])
                                   and not _closes_bracket(doc, start_tok, end_tok - 1)
                                   and doc[end_tok - 1].text not in _UNITS
                                   or doc[end_tok - 1].is_space):
        end_tok -= 1
    if end_tok - start_tok < 2:
        return None
    return doc[start_tok].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)


_BRACKETS = {")": "(", "]": "[", "}": "{"}
#: signs the tokenizer calls punctuation that belong to the number before them ("5%")
_UNITS = frozenset({"%", "‰", "°", "′", "″"})


def _closes_bracket(doc: Doc, start_tok: int, i: int) -> bool:
    """Whether token ``i`` closes a bracket opened inside the span ("(about two million
    euros)."): it stays, so the statement keeps its brackets balanced."""
    opening = _BRACKETS.get(doc[i].text)
    if opening is None:
        return False
    inside = doc[start_tok:i].text
    return inside.count(opening) > inside.count(doc[i].text)


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


#: subordinators of a clause the parser hangs on the speech verb that belongs to what was
#: said: the reason or condition of it ("would examine the site once it was safe"); not
#: "when" or "before", which tell when it was said ("said so when asked")
CONTENT_MARKS = frozenset({"because", "once", "unless", "until", "if"})


def _content_tokens(verb: Token) -> tuple[int, int] | None:
    """Token range of what a speech verb reports, following its dependents."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    particle = PARTICLE_REQUIRED.get(lemma)
    if particle and not any(c.dep_ == "prt" and c.lower_ == particle for c in children):
        return None
    comp = [c for c in children if c.dep_ == "ccomp" or _verb_read_as_noun(verb) and (
        c.dep_ in ("relcl", "acl") and c.i > verb.i)]  # "The union forecast that ..."
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
                elif c.dep_ == "advcl" and c.i >= end and c.left_edge.i <= end + 1 and any(
                        m.dep_ == "mark" and m.lower_ in CONTENT_MARKS for m in c.children):
                    end = c.right_edge.i + 1  # "said X, because Y", "X once Y": told too
        elif not any(_is_close_mark(t) for t in verb.doc[end:verb.i]):
            # "A lost 8 percent, the agency said, and B lost 3": the clause joined to the
            # verb after it goes on with the statement (a quotation closed before the
            # verb is all that was quoted)
            for c in children:
                if c.dep_ == "conj" and c.i > verb.i and verb.doc[c.left_edge.i - 1].dep_ == "cc" and (
                        any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)) and not (
                        _is_speech_verb(c)) and "\n" not in verb.doc[verb.i:c.i].text:
                    end = c.right_edge.i + 1
        start = comp[0].left_edge.i
        obj = [c for c in children if c.dep_ == "dobj" and verb.i < c.i < comp[0].i
               and c.right_edge.i + 1 == start]
        if obj and lemma not in ADDRESS_VERBS and not any(
                c.dep_ in ("nsubj", "nsubjpass", "expl") for c in comp[0].children):
            start = obj[0].left_edge.i  # "added the truth is ...": the object is the clause's
            # subject, parsed apart from its verb (the one "told" is who hears it)
        return start, end
    clause = _that_clause(verb)
    if clause is not None:
        return clause
    sorry = [c for c in children if c.lower_ == "sorry" and c.i == verb.i + 1]
    if lemma == "say" and sorry:  # "says sorry for the delay" (acomp, oprd or intj)
        return sorry[0].i, sorry[0].right_edge.i + 1
    if lemma in BLAME_VERBS or lemma == "call" and any(
            c.dep_ == "prt" and c.lower_ == "out" for c in children):
        obj = [c for c in children if c.dep_ == "dobj"]
        prep = [c for c in children if c.dep_ == "prep" and c.lower_ in ("of", "for", "over")]
        if obj and prep and prep[0].i > obj[0].i:
            return obj[0].left_edge.i, prep[0].right_edge.i + 1
    if lemma in CALL_PREPS:
        then_any = any(c.dep_ == "xcomp" for c in children)
        # "called on Congress to act", not "call the emergency line on 01632 960 555":
        # an object between the verb and its "on" or "for" is who was telephoned
        prep = [c for c in children if c.dep_ in ("prep", "prt") and c.lower_ in CALL_PREPS[lemma]
                and c.i > verb.i and (lemma == "call" or c.lower_ == "for" or then_any)
                and not any(o.dep_ == "dobj" and verb.i < o.i < c.i for o in children)]
        if prep:
            pobj = [c for c in prep[0].children if c.dep_ in ("pobj", "pcomp")]
            then = [c for c in children if c.i > prep[0].i and (c.dep_ == "xcomp" or (
                c.dep_ == "advcl" and c.left_edge.lower_ == "to"))]  # "on Japan to take"
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
        if lemma == "call" and not obj and pred and pred[0].dep_ == "oprd" and (
                pred[0].left_edge.i == verb.i + 1 < pred[0].i):
            # "called the walkout disproportionate", its object parsed into the predicate
            return pred[0].left_edge.i, pred[0].right_edge.i + 1
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
    if lemma in PREP_CONTENT and not _refused(verb):
        prep = [c for c in children if c.dep_ == "prep" and c.lower_ in PREP_CONTENT[lemma]
                and c.i > verb.i and any(g.dep_ in ("pobj", "pcomp") for g in c.children)]
        if prep:
            return prep[0].i + 1, prep[0].right_edge.i + 1
    if lemma in ("ask", "wonder", "question"):  # "asked (them) whether X"
        whether = [c for c in children if c.dep_ in ("advcl", "ccomp") and c.i > verb.i and any(
            m.dep_ == "mark" and m.lower_ in ("if", "whether") for m in c.children)]
        if whether:
            return whether[0].left_edge.i, whether[0].right_edge.i + 1
    if lemma in {"urge", "ask", "advise", "tell", "remind", "encourage"} | DIRECT_VERBS and any(
            c.dep_ in ("xcomp",) for c in children):
        obj = [c for c in children if c.dep_ in ("dobj",)]
        x = [c for c in children if c.dep_ == "xcomp"]
        if x and x[0].i > verb.i and (lemma not in DIRECT_VERBS or obj and not any(
                c.dep_ == "aux" and c.lower_ == "to" for c in children)):
            # "called for parliament to order troops out": an order wished for, not given
            return (obj[0].left_edge.i if obj else x[0].left_edge.i), x[0].right_edge.i + 1
    if lemma in VERDICT_VERBS:  # "held Iran 'fully responsible' for the attack"
        obj = [c for c in children if c.dep_ == "dobj" and c.i > verb.i]
        verdict = [t for t in verb.doc[verb.i + 1:verb.sent.end]
                   if t.lower_ in VERDICT_VERBS[lemma]]
        if obj and verdict and obj[0].i < verdict[0].i <= obj[0].right_edge.i + 4:
            return obj[0].left_edge.i, max(verdict[0].i, obj[0].right_edge.i) + 1
        return None
    if lemma in DIRECT_VERBS:
        return None  # "ordered a review": no one is directed, nothing is said
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
    if lemma in LIKEN_VERBS:  # "likening it to a classroom"
        obj = [c for c in children if c.dep_ == "dobj" and c.i > verb.i and c.pos_ == "PRON"]
        to = [c for c in children if c.dep_ == "prep" and c.lower_ in ("to", "with")
              and obj and c.i > obj[0].i]
        if obj and to:
            return obj[0].left_edge.i, to[0].right_edge.i + 1
    if lemma in OBJECT_VERBS:
        relative = [c for c in children if c.dep_ == "dobj" and c.i < verb.i
                    and c.tag_ in ("WP", "WDT")]
        as_phrase = [c for c in children if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i]
        if relative and as_phrase:  # "a fire that the chief described as arson", "what
            # critics dismissed as a stunt": the verdict on the thing is what was said,
            # and only the quoted words of a quoted one ("as 'routine' over the sea")
            end = as_phrase[0].right_edge.i + 1
            opening = verb.doc[as_phrase[0].i + 1]
            if _is_open_mark(opening):
                end = next((t.i + 1 for t in verb.doc[opening.i + 1:end] if _is_close_mark(t)),
                           end)
            return relative[0].i, end
        obj = [c for c in children if c.dep_ == "dobj" and c.i > verb.i]
        if obj and obj[0].pos_ not in ("PRON",):
            end = obj[0].right_edge.i + 1
            for c in children:  # "described the talks as progress", "steps to cut costs",
                # "its view for the economy to grow"
                if c.i > obj[0].i and (c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ == "as"
                                       or c.dep_ == "advcl" and any(
                                           m.dep_ == "mark" and m.lower_ == "as"
                                           for m in c.children) and not any(
                                           g.dep_ in ("nsubj", "nsubjpass")
                                           for g in c.children)  # "as she left": a time
                                       or c.dep_ in ("xcomp", "advcl") and c.left_edge.i == end
                                       and c.left_edge.lower_ in ("to", "for")
                                       or c.dep_ == "prep" and c.i == end
                                       and c.lower_ in OBJECT_PREPS):
                    end = c.right_edge.i + 1
            return obj[0].left_edge.i, end
        passive = [c for c in children if c.dep_ == "nsubjpass" and c.pos_ != "PRON"]
        if passive and any(c.dep_ == "agent" for c in children):
            return passive[0].left_edge.i, passive[0].right_edge.i + 1  # "X was denied by Y"
    return None


#: verbs that refuse what their infinitive would do ("declined to comment")
_REFUSALS = frozenset({"decline", "refuse", "fail"})


def _refused(verb: Token) -> bool:
    """Negated or refused ("would not comment on its decisions", "declined to comment
    on them"): a topic not spoken of is nobody's statement."""
    return any(c.dep_ == "neg" for c in verb.children) or (
        verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _REFUSALS)


#: a source's request to stay unnamed ("asked not to be named", "asked that her name not
#: be used", "requested anonymity"): why the source is unnamed, not what the source said
_ANONYMITY = re.compile(
    r"^(?:not to be (?:named|identified|quoted by name)(?: publicly)?"
    r"|(?:that )?(?:his|her|their|its|the) (?:full )?names? (?:not|never) be "
    r"(?:used|published|printed|given|disclosed|revealed)"
    r"|(?:for )?anonymity(?: to speak (?:freely|openly))?)\W*$", re.I)


def _speech_content(verb: Token) -> tuple[int, int] | None:
    """Token range a speech verb reports; verbs like "add" only report a clause, and a
    request to stay unnamed ("asked not to be named") reports nothing."""
    host = _host_clause(verb) or _split_attribution(verb)
    if verb.lemma_.lower() in CLAUSE_ONLY and host is None and not any(
            c.dep_ == "ccomp" for c in verb.children):
        return None
    rng = _content_tokens(verb) or host
    if rng is None:
        return None
    start, end = _cut_other_speech(verb, _after_dateline(verb.doc, _dangling_end_kept(verb, rng)))
    if _ANONYMITY.match(verb.doc[start:end].text):
        return None
    return start, end


def _past_relative_attribution(verb: Token, first: Token) -> Token | None:
    """Where what was said resumes after the attribution of a statement opening with a
    relative word: "a plan which experts said was designed to fail" reports "was
    designed to fail" of the plan the word stands for, and "experts said" tells who said
    it (so too "who critics say has ...", "which, X said, is ...", and "which she said
    reflected ..." of a whole clause); "a fault that X described as serious" reports
    "serious". None for any other statement; a free relative ("what Trump says the plan
    would do") stands for nothing said before it and keeps its word."""
    doc = verb.doc
    if first.tag_ not in ("WDT", "WP") or first.lower_ in ("what", "whatever") or not (
            first.i < verb.i):
        return None
    # the verb and its words, without the complement holding the relative word (none
    # when the verb is set in the relative clause: "which, X said, is ...")
    holding = [c for c in verb.children if c.left_edge.i <= first.i <= c.right_edge.i]
    attribution = {t.i for t in verb.subtree} - {t.i for c in holding for t in c.subtree}
    if not all(i in attribution for i in range(first.i + 1, verb.i)):
        return None
    if first.head.i == verb.i:  # the thing described: what it was described as was said
        as_phrase = [c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "as"]
        return doc[as_phrase[0].i + 1] if as_phrase and as_phrase[0].i + 1 < len(doc) else None
    return next((t for t in doc[verb.i + 1:verb.sent.end] if t.i not in attribution), None)


def _after_dateline(doc: Doc, rng: tuple[int, int]) -> tuple[int, int]:
    """``rng`` without the dateline or live blog's time opening its line ("13:30 -
    Around 300 residents have left, the council says"): when, not what was said."""
    start, end = rng
    if doc[start].idx and doc.text[doc[start].idx - 1] != "\n":
        return rng
    kept = after_dateline(doc[start:end]).start
    return (kept, end) if end - kept >= 2 else rng


def _dangling_end_kept(verb: Token, rng: tuple[int, int]) -> tuple[int, int]:
    """``rng`` to the end of its sentence when it stops on "but that": the parser
    sometimes hangs the second clause of "said X but that Y" on the full stop, and the
    statement would end "... but that"."""
    doc = verb.doc
    last = rng[1] - 1
    while last > rng[0] and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    if not (doc[last].lower_ == "that" and doc[last].pos_ == "SCONJ" and last > rng[0]
            and doc[last - 1].pos_ == "CCONJ"):
        return rng
    end = rng[1]
    while end < verb.sent.end and "\n" not in doc[end].text:
        end += 1
    return (rng[0], end) if end > last + 2 else rng


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
    "X said A, and Y said B" and "said A, saying B" report two statements, and so does
    a contrast holding another's statement: "X said A, despite Y saying B"."""
    start, end = rng
    for t in verb.doc[max(start, verb.i + 1):end]:
        own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        reports = t.lemma_.lower() not in CLAUSE_ONLY or any(c.dep_ == "ccomp" for c in t.children)
        contrast = t.dep_ == "pcomp" and t.head.lower_ in CONTRAST_MARKERS and own_subject
        # "rejected the plan, which the mayor called 'a waste'": the mayor's words on it
        relative = t.dep_ == "relcl" and own_subject and any(
            c.dep_ == "dobj" and c.tag_ in ("WP", "WDT") and c.i < t.i for c in t.children)
        # "said A because Y had asked for B", "said it was wrong for her to speak on B",
        # "would examine the site once it had been declared safe": a reason, a condition
        # or a for-to clause is part of what the speaker said, not Y's statement
        part = any(c.dep_ == "mark" and (c.lower_ in CONTENT_MARKS or c.lower_ == "for")
                   or c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        if t.i > start and t.head.i != verb.i and _is_speech_verb(t) and reports and (
                t.dep_ == "conj" or contrast or relative or t.dep_ == "advcl" and not part and (
                    own_subject or t.tag_ == "VBG" and t.left_edge.i == t.i)):
            end = t.head.left_edge.i if contrast else t.left_edge.i
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
    while owner and owner[0].ent_type_ in ("DATE", "EVENT", "TIME"):
        # "his New Year's message": the occasion is no speaker, its possessor is
        owner = [c for c in owner[0].children if c.dep_ == "poss"]
    if not owner or owner[0].lower_ in ("its", "their", "my", "our", "your"):
        return None
    for c in noun.children:
        if c.i < noun.i:
            continue
        if c.dep_ in ("acl", "ccomp") and (c.left_edge.lower_ in ("that", "to") or any(
                g.dep_ == "aux" and g.lower_ == "to" for g in c.children)):
            return owner[0], (c.left_edge.i, c.right_edge.i + 1)
        if c.dep_ == "prep" and c.lower_ in ("of", "about", "for", "on", "over", "against") and any(
                g.dep_ in ("pobj", "pcomp") for g in c.children) and not (
                noun.dep_ == "dobj" and noun.head.lemma_.lower() in HANDLING_VERBS
                and noun.lemma_.lower() in PAPER_NOUNS):
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


def _cue_text(verb: Token, content: tuple[int, int] | None = None) -> str:
    """The verb with its auxiliaries, negation and particles: "has repeatedly said",
    "appeared to signal"; a verb of telling with the one told, outside the ``content``
    characters, as a reported statement reads wrong without them ("told councillors
    construction could begin", not "told construction could begin")."""
    words = [c for c in verb.lefts if c.dep_ in ("aux", "auxpass", "neg") and c.i >= verb.i - 3]
    if verb.dep_ == "xcomp" and 0 < verb.i - verb.head.i <= 3 and verb.head.pos_ == "VERB":
        words.append(verb.head)  # "appeared to signal", "refused to rule out"
    words += [verb] + [c for c in verb.rights if c.dep_ == "prt" or (
        c.dep_ == "prep" and c.lower_ in ("for", "of") and verb.lemma_ in ("call", "warn")
        and c.i == verb.i + 1)]
    if content is not None and verb.lemma_.lower() in TELLING_VERBS:
        # the noun phrase up to its head: a clause the parser hung on it is the content
        told = [c for c in verb.rights if c.dep_ in ("dobj", "dative")
                and c.i - verb.i <= MAX_TOLD_WORDS and c.left_edge.i > verb.i and not any(
                    t.is_punct for t in verb.doc[c.left_edge.i:c.i + 1]) and (
                    c.idx + len(c) <= content[0] or c.left_edge.idx >= content[1])]
        words += told[:1]
    words.sort(key=lambda t: t.i)
    return verb.doc[words[0].i:words[-1].i + 1].text


#: verbs that say whom the words were for ("told councillors", "assured residents")
TELLING_VERBS = {"tell", "assure", "inform", "remind", "brief", "notify"}
#: the most words from a verb of telling to the end of the one told ("told the Daily Ledger")
MAX_TOLD_WORDS = 4


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


def _before_credit(text: str, start: int, end: int) -> tuple[int, int]:
    """A statement the page ran into the credit of the picture under it ("... reopen in
    spring. (AFP Photo/Jim Watson)", "... in spring./ REUTERS") ends before the credit."""
    cut = credit_start(text[start:end])
    if cut is None:
        return start, end
    start, end = _strip(text, start, start + cut)
    while end > start and text[end - 1] in ".,;:":
        end -= 1
    return start, end


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
