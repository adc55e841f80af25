"""Which sentences lean on the one before them: out of their article they read as a
reply to nothing. A sentence that :func:`needs_context` opens no summary; one that
:func:`refers_back` ("The move", "That number", "She said that ...") enters one only
right after the sentence it refers to.

Rules over a parsed sentence (a spaCy span): :mod:`.candidates` marks each sentence
with them once, at parse time, and a story's summary reads the marks.
"""
from __future__ import annotations

import re

#: sentence openers that point back to something the reader has not been told
_DANGLING = frozenset({"he", "she", "it", "they", "him", "her", "them", "his", "its", "their",
                       "this", "that", "these", "those", "such", "we", "i", "us"})


_PERSONAL = frozenset({"he", "she", "they", "his", "her", "their"})


_DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "such"})


#: "the same ...", "the latter": words that point back to what came before
_ANAPHORIC = frozenset({"same", "latter", "former", "aforementioned", "abovementioned"})


_TIME_NOUNS = frozenset({"year", "week", "month", "day", "morning", "afternoon", "evening",
                         "night", "weekend", "season", "summer", "spring", "autumn", "fall",
                         "winter", "time", "decade", "century", "quarter"})


#: nouns that name something said or done ("the move", "Zelenskyy's statement"): as the
#: bare subject of a sentence, with "the" or an owner and nothing saying which one, they
#: point back to the statement or act the sentence before reported
_SHELL_NOUNS = frozenset({"statement", "remark", "comment", "move", "decision", "announcement",
                          "claim", "warning", "admission", "proposal", "offer", "plea",
                          "response", "reply", "suggestion", "request", "demand", "threat",
                          "pledge", "promise", "assertion", "concession", "revelation",
                          "accusation", "allegation", "criticism", "appeal", "remarks"})


_CONNECTIVES = frozenset({"but", "and", "yet", "so", "or", "nor", "however", "meanwhile", "also",
                          "still", "instead", "nevertheless", "moreover", "furthermore",
                          "besides", "then", "there", "here", "thus", "therefore"})


#: phrases that link a sentence to the one before, as its opening words and a comma
#: ("In fact, 71% of couples ...", "As a result, the road ...")
_LINKING_PHRASE = re.compile(
    r"(?:in fact|in addition|as a result|in turn|in response|in contrast|by contrast"
    r"|on the other hand|at the same time|even so|for example|for instance|after that"
    r"|as well|in other words|that said|if so|if not|of course),", re.IGNORECASE)


def needs_context(piece) -> bool:
    """Opens with something only the previous sentence explains: a pronoun ("He said"),
    a connective ("But"), a quotation with its speaker at the end, or a back reference
    (``refers_back``)."""
    return opens_on_the_previous(piece) or refers_back(piece)


def opens_on_the_previous(piece) -> bool:
    """Its first word is a pronoun, a connective or a quotation mark (or it has none), or
    it opens with a linking phrase ("In fact,")."""
    first = next((t for t in piece if not t.is_punct and not t.is_space), None)
    if first is None or piece.text[0] in "\"“'‘":
        return True
    lower = first.lower_
    return ((lower in _DANGLING and first.pos_ == "PRON") or first.pos_ == "CCONJ"
            or (lower in _CONNECTIVES and first.pos_ in ("ADV", "CCONJ", "PRON"))
            or bool(_LINKING_PHRASE.match(piece.text)) or _opens_at_a_time_before(first))


def _opens_at_a_time_before(first) -> bool:
    """It opens at a time or point only the sentence before names: "Until then", "Since
    then", "At that point", "Before that" (not "Until Monday", nor "Now that ...")."""
    after = first.nbor() if first.i + 1 < len(first.doc) else None
    return (first.pos_ in ("ADP", "SCONJ", "ADV") and after is not None
            and after.lower_ in ("then", "that") and after.pos_ in ("ADV", "PRON", "DET"))


def refers_back(piece) -> bool:
    """Names what or whom the sentence before named as if the reader knew it: "he",
    "she", "they" or their possessive first ("She said that ...": after another
    person's words it gives hers to them), a demonstrative ("That number", not "This
    week"), "the same" or "the latter", or a bare "the move" / "Zelenskyy's statement"
    as subject. Out of its article it reads as a reply to nothing. (On Multi-News dev
    "he"/"she" measured R2 +0.0002 at 100 words, -0.0008 at 60: kept for the reader.)"""
    first = next((t for t in piece if not t.is_punct and not t.is_space), None)
    if first is None:
        return False
    if first.lower_ in _PERSONAL and first.pos_ == "PRON":
        return True
    if any(t.lower_ in _ANAPHORIC and piece[i - 1].lower_ == "the"
           for i, t in enumerate(piece[1:6], 1)):
        return True  # "On the same day", "The latter said"
    if first.lower_ in _DEMONSTRATIVES and first.pos_ == "DET":
        return first.head.lemma_.lower() not in _TIME_NOUNS
    return _refers_to_an_earlier_act(piece)


def _refers_to_an_earlier_act(piece) -> bool:
    """The main clause's subject is a bare shell noun with "the" or an owner ("The move
    came", "Zelenskyy's statement echoes"): which statement or move, only the sentence
    before says. One with a modifier after it ("the statement from the Kremlin", "the
    decision to close") says which itself."""
    for token in piece:
        if token.dep_ not in ("nsubj", "nsubjpass") or token.head.dep_ != "ROOT":
            continue
        if token.lemma_.lower() not in _SHELL_NOUNS and token.lower_ not in _SHELL_NOUNS:
            return False
        owned = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ == "the")
                    for c in token.children if c.i < token.i)
        specified = any(c.i > token.i and c.dep_ in ("prep", "acl", "relcl", "appos")
                        for c in token.children)
        return owned and not specified
    return False


_SPEAKER_PRONOUNS = frozenset({"he", "she", "they"})


def opening_quotation_end(text: str) -> int:
    """Where the quotation ``text`` opens with closes (the closing mark's index); -1 when
    it opens with none or never closes it. A quotation in single marks ("‘We ran out,’
    Lee said.", as British outlets set it) closes at a mark no letter follows: one before
    a letter is an apostrophe ("Don’t")."""
    if text[:1] in "‘'":
        mark = "’" if text[0] == "‘" else "'"
        return next((i for i, c in enumerate(text) if i and c == mark
                     and not text[i + 1:i + 2].isalpha()), -1)
    if text[:1] not in "\"“":
        return -1
    return text.find("”" if text[0] == "“" else '"', 1)


def said_by_a_pronoun(piece) -> bool:
    """A quotation whose speaker is only a pronoun ("“We ran out by seven,” he said."):
    who "he" is, only the sentences before it say."""
    closing = opening_quotation_end(piece.text)
    if closing < 0:
        return False
    after = [t for t in piece if t.idx - piece.start_char > closing and t.is_alpha]
    return any(t.lower_ in _SPEAKER_PRONOUNS and t.dep_ in ("nsubj", "nsubjpass")
               for t in after[:4])
