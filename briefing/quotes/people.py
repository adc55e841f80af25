"""The people an article names: full names with their roles and gender, so that
later mentions (surname, "he", "the foreign minister") can be resolved to them."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..datelines import dateline_length
from ..names import (COURTESY_TITLES, HONORIFICS, PATRONYMICS, canonical_names, fold,
                     is_job_title, is_particle, is_title, name_tokens)
from ..records import Mention
from .lexicon import (_WORD, CLAUSE_OPENERS, FEMALE_TITLES, KIN_WORDS, LASTING_OFFICES,
                      LEADER_WORDS, MALE_TITLES, OFFICE_VERBS, ORG_WORDS, PERSON_NOUNS, PRONOUNS,
                      ROLE_GENDER, SPEECH_VERBS, WEATHER_EVENT_WORDS, with_folded)
from .marks import QuoteSpan, _inside_checker


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
    #: whether a character lies between quotation marks
    inside: Callable[[int], bool] = lambda char: False
    #: the tokens of the weather events the article names ("Storm Delia"), and the
    #: folded names ("delia")
    event_tokens: set[int] = field(default_factory=set)
    events: set[str] = field(default_factory=set)

    def is_place_like(self, name: str) -> bool:
        """"Kyiv" or "Ukraine war" mis-tagged as a person elsewhere is no person."""
        return any(fold(w) in self.places for w in name.split())

    def is_event(self, name: str) -> bool:
        """"Storm Delia", or "Delia" where the article names Storm Delia, is no person."""
        words = name_tokens(name)
        if not words or words[-1] in WEATHER_EVENT_WORDS:
            return False
        return any(w in WEATHER_EVENT_WORDS for w in words[:-1]) or all(
            w in self.events for w in words)

    def names_event(self, token: Token) -> bool:
        """Whether ``token`` is a word of a weather event's name, not of a speaker's."""
        if not self.events:
            return False  # most articles name no weather event
        if token.i in self.event_tokens:
            return True
        found = _person_name(token)
        return found is not None and self.is_event(found[0])

    def person(self, surface: str) -> str:
        return self.canonical.get(surface, surface)


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
    while start < token.i and _opener(doc[start]):
        start += 1  # "Meanwhile Ana Ruiz" tagged as one name: the adverb is no part of it
    label = token.ent_type_
    # a name never ends with a particle, nor with a run of them: the tagger split it
    # ("Ursula von der" tagged a person, "Leyen" a place; "Frans van" a person, "den"
    # nothing, "Berg" another person), and the parts are one person's name
    k = _particles_before(doc, start)
    if k < start and (doc[k].ent_type_ == "PERSON" or k > 0 and doc[k - 1].ent_type_ == "PERSON"
                      and "\n" not in doc[k - 1].text_with_ws):
        start = k
        while start > 0 and doc[start].ent_iob_ != "B" and doc[start - 1].ent_type_ == "PERSON":
            start -= 1
        label = "PERSON"
    while label == "PERSON" and end < len(doc) and is_particle(doc[end - 1].text):
        k = end
        while k < len(doc) - 1 and is_particle(doc[k].text) and "\n" not in doc[k].text_with_ws:
            k += 1
        if not (doc[k].is_title and doc[k].is_alpha) or "\n" in doc[k - 1].text_with_ws:
            break
        end = k + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    # a double surname joined by a hyphen is the name's ("Pedro Sánchez" tagged a
    # person, "Pérez-Castejón" a body)
    if label in ("ORG", "PRODUCT", "WORK_OF_ART") and start > 0 and (
            _hyphenated_word(doc, start) == end and doc[start - 1].ent_type_ == "PERSON"
            and doc[start - 1].whitespace_ and "\n" not in doc[start - 1].text_with_ws):
        start -= 1
        while start > 0 and doc[start].ent_iob_ != "B" and doc[start - 1].ent_type_ == "PERSON":
            start -= 1
        label = "PERSON"
    after = _hyphenated_word(doc, end) if end < len(doc) else None
    if label == "PERSON" and after is not None and doc[end - 1].whitespace_ and (
            "\n" not in doc[end - 1].text_with_ws) and (
            doc[end].ent_type_ in ("", "ORG", "PERSON")) and (
            after == len(doc) or doc[after].ent_iob_ != "I"):
        end = after  # the whole word, not the start of a body's name ("African-American Museum")
    if label == "PERSON":
        # a name never runs on into the body named after someone that the person is
        # of ("Tom Okafor of Okafor's Bakery" tagged one person up to the "'s")
        of = next((k for k in range(start + 1, end - 1) if doc[k].lower_ == "of" and any(
            t.tag_ == "POS" for t in doc[k + 1:end + 1])), None)
        if of is not None:
            start, end = (start, of) if token.i < of else (of + 1, end)
    # an entity never runs across a line break ("Stock Photo\n\nZelenskyy")
    for k in range(token.i - 1, start - 1, -1):
        if "\n" in doc[k].text_with_ws:
            start = k + 1
            break
    for k in range(token.i, end):
        if "\n" in doc[k].text_with_ws:
            end = k + 1
            break
    return SpacySpan(doc, start, end, label=label)


def _headline_verb(t: Token) -> bool:
    """A capitalised speech verb in the present tense ("Says", "Urges", "Denies"), as a
    headline writes it after the speaker's name."""
    word = fold(t.text)
    stems = [word[:-3] + "y"] if word.endswith("ies") else [word[:-1], word[:-2]]
    return t.is_title and word.endswith("s") and any(stem in SPEECH_VERBS for stem in stems)


def _hyphenated_word(doc: Doc, start: int) -> int | None:
    """The end of the capitalised hyphenated word at token ``start`` ("Pérez-Castejón"),
    or None when none is written there."""
    last = start
    while last + 2 < len(doc) and doc[last].is_title and doc[last].is_alpha and not (
            doc[last].whitespace_) and _glued_hyphen(doc[last + 1]) and (
            doc[last + 2].is_title and doc[last + 2].is_alpha):
        last += 2
    return last + 1 if last > start else None


def _particles_before(doc: Doc, start: int) -> int:
    """The first of the name particles written right before token ``start`` on its
    line ("von der" before "Leyen"), or ``start`` when there are none."""
    k = start
    while k > 0 and is_particle(doc[k - 1].text) and "\n" not in doc[k - 1].text_with_ws:
        k -= 1
    return k


def _strip_titles(words: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split leading title words (President, Mr, Foreign Minister) off a name."""
    i = 0
    while i < len(words) - 1 and _opener(words[i]):
        i += 1  # "But Mayor Ana Ruiz": the conjunction is neither title nor name
    words = words[i:]
    i = 0
    while i < len(words) - 1 and (is_title(words[i].text) or words[i].is_lower
                                  or words[i].ent_type_ in ("NORP", "GPE") and not (
                                      i == len(words) - 2 and _given_name_before(words[i]))
                                  or words[i].tag_ in ("POS",) or words[i].is_punct) and not (
            _opens_name(words[i:])):
        i += 1
    return words[:i], words[i:]


def _given_name_before(t: Token) -> bool:
    """A word tagged a place where a given name stands: right before an untagged
    surname, or one the place goes on into, after a word in lower case ("councillor
    Fergal Quinn", "Committee chair Derek Mayhew" tagged one place)."""
    doc = t.doc
    after = doc[t.i + 1] if t.i + 1 < len(doc) else None
    before = doc[t.i - 1] if t.i else None
    return (t.ent_type_ == "GPE" and t.pos_ == "PROPN" and after is not None
            and after.pos_ == "PROPN" and after.is_title
            and (not after.ent_type_ or after.ent_iob_ == "I" and after.ent_type_ == "GPE")
            and t.whitespace_ and "\n" not in t.text_with_ws
            and before is not None and before.is_lower and before.is_alpha)


def _opens_name(words: list[Token]) -> bool:
    """Whether lower-case particles open a name here ("de la Cruz", "van den Berg"):
    a run of them right before a capitalised word."""
    k = 0
    while k < len(words) - 1 and words[k].is_lower and is_particle(words[k].text):
        k += 1
    return k > 0 and words[k].is_title and words[k].i == words[0].i + k


def _opener(t: Token) -> bool:
    """A word opening a sentence or clause ("But", "However", "Meanwhile"), which is
    never part of the name after it, however the tagger reads it."""
    return t.lower_ in CLAUSE_OPENERS or t.pos_ in ("CCONJ", "SCONJ") and not is_particle(t.text)


def _portfolio_title(head: Token) -> Token | None:
    """The title word whose "for"/"of" phrase the parse ended with a name ("Minister for
    Transport Eamon Ryan", "Minister of State for Health Ana Ruiz"): the capitalised
    title before it on its line, whatever prepositions lie between."""
    if head.dep_ != "pobj" or head.pos_ != "PROPN":
        return None
    title = head.head.head
    while title.dep_ == "pobj" and title.head.lower_ in ("for", "of") and title.head.head.i < title.i:
        title = title.head.head  # "Minister of State for ...": climb to "Minister"
    if not (head.head.lower_ in ("for", "of") and title.i < head.head.i and title.is_title
            and is_title(title.text)):
        return None
    between = head.doc[title.i + 1:head.i]
    if "\n" in head.doc[title.i:head.i].text or not all(
            t.is_title or t.is_upper or t.lower_ in ("for", "of", "and", "the") for t in between):
        return None
    return title


def _portfolio_name(head: Token, title: Token) -> tuple[list[Token], list[Token]] | None:
    """Split "Minister for Transport Eamon Ryan" into its title ("Minister for
    Transport") and name ("Eamon Ryan"): the tagged person, or else the last two words
    (with the particles among them) of a body the tagger did not claim, the portfolio
    keeping at least one word."""
    doc = head.doc
    first = head.head.i + 1  # the portfolio's first word
    ent = _entity_of(head)
    if ent is not None and ent.label_ == "PERSON" and ent.start > first:
        start = ent.start
    else:
        start, words = head.i, 1
        while start - 1 > first and (words < 2 or is_particle(doc[start - 1].text)
                                     or not doc[start - 1].whitespace_):
            start -= 1  # whole words, "Ju-yeol" one
            words += bool(doc[start].whitespace_) and not is_particle(doc[start].text)
        while start > first and is_particle(doc[start].text):
            start -= 1  # a name never opens with a particle
        if words < 2 or any(t.ent_type_ in ("ORG", "GPE", "NORP", "FAC", "LOC") and (
                _entity_of(t) is None or _entity_of(t).start >= start)
                            for t in doc[start:head.i + 1]):
            # "Minister for the OPW": a body, no one's name; but a body the tagger ran
            # on into the name ("Mayor of [Vesterby Anders Lund]") holds one
            return None
    name = [t for t in doc[start:head.i + 1] if not t.is_punct]
    if start <= first or not name or not name_tokens(" ".join(t.text for t in name)):
        return None
    lead = title.i
    while lead > 0 and doc[lead - 1].dep_ in ("compound", "amod") and doc[lead - 1].head.i == (
            title.i) and doc[lead - 1].is_title and "\n" not in doc[lead - 1].text_with_ws:
        lead -= 1  # "Junior Minister for ..."
    return list(doc[lead:start]), name


def _portfolio_holder(title: Token) -> tuple[Token, list[Token], list[Token]] | None:
    """The person a title's "for"/"of" phrase ends with, the head of their name, its
    tokens and the title's ("Minister for Transport Eamon Ryan" as subject "Minister")."""
    if not title.is_title:
        return None
    for t in reversed(list(title.subtree)):
        found = _portfolio_title(t) if t.i > title.i else None
        split = _portfolio_name(t, title) if found is not None and found.i == title.i else None
        if split is not None:
            return t, split[1], split[0]
    return None


def _person_name(head: Token) -> tuple[str, list[Token], list[Token]] | None:
    """The proper name a noun phrase headed by ``head`` gives, its tokens and role tokens."""
    title = _portfolio_title(head)
    split = _portfolio_name(head, title) if title is not None else None
    if split is not None:
        role, name = split
        return _printed(name), name, role
    ent = _entity_of(head)
    title = _inner_title(ent) if ent is not None and ent.label_ != "PERSON" else None
    if ent is not None and ent.label_ == "PERSON":
        tokens = _with_given_names(list(ent))
    elif title is not None:
        tokens = list(ent)  # "Sydney Mayor Clover Moore" tagged as one organisation
    elif ent is not None and _person_by_form(ent):
        tokens = _with_given_names(list(ent))  # "Siobhán Ní Bhriain" tagged a body
    elif _role_anchored(head):
        tokens = _capitalised_run(head)  # "Yoon Suk-heun, governor of the FSS," mis-tagged
    elif head.pos_ == "PROPN" and head.ent_type_ in ("", "PERSON"):
        start = head.i  # untagged name: the proper-noun compounds right before the head
        while start > 0 and head.i - start < 5 and (
                head.doc[start - 1].pos_ == "PROPN" and head.doc[start - 1].dep_ == "compound"
                and not is_title(head.doc[start - 1].text) or _glued_hyphen(head.doc[start - 1])
                or head.doc[start - 1].dep_ == "compound" and is_particle(head.doc[start - 1].text)
                and _opens_name(list(head.doc[start - 1:head.i + 1]))):
            start -= 1  # "de la Cruz": the particles too
        tokens = list(head.doc[start:head.i + 1])
    else:
        return None
    titles, name = _strip_titles([t for t in _same_line(tokens, head) if not t.is_punct])
    verb = next((k for k, t in enumerate(name) if k and _headline_verb(t)), None)
    if verb is not None:  # "Obama Says" and "Ruiz Urges Calm" tagged a person: the name
        name = name[:verb]  # ends before the headline's verb
    if title is not None and title in name:
        cut = name.index(title) + 1
        titles, name = titles + name[:cut], name[cut:]
    name = [t for k, t in enumerate(name) if t.pos_ in ("PROPN", "NOUN", "ADJ", "X")
            or t.text[:1].isupper() or 0 < k < len(name) - 1 and is_particle(t.text)]
    if not name or not any(t.text[:1].isupper() for t in name) or not name_tokens(
            " ".join(t.text for t in name)):
        return None
    role = titles + [t for t in _modifier_tokens(head) if t.i < name[0].i and t not in titles]
    role = sorted((t for t in role if not _opener(t)), key=lambda t: t.i) or _title_before(name[0])
    dash = [k for k, t in enumerate(role) if t.text in ("-", "\u2013", "\u2014", ":")]
    if dash:
        role = role[dash[-1] + 1:]  # "VIENNA - Austrian conservative leader": a dateline
    role = _same_line(role, head)
    return _printed(name), name, _with_body_before(role) if role else _body_of(head)


def _with_body_before(role: list[Token]) -> list[Token]:
    """A role before a name with the whole body's name it begins in or after ("the
    former Office of Public Works engineer Ana Ruiz": not "Public Works engineer"),
    and the adjectives before that ("former")."""
    doc = role[0].doc
    ent = next((_entity_of(t) for t in (role[0], doc[max(0, role[0].i - 1)])
                if t.ent_type_ == "ORG" and t.i <= role[0].i), None)
    if ent is None or ent.start >= role[0].i or "\n" in doc[ent.start:role[0].i].text:
        return role
    start = ent.start
    while start < role[0].i and doc[start].lower_ == "the":
        start += 1
    while start > 0 and doc[start - 1].pos_ == "ADJ" and doc[start - 1].is_lower and (
            "\n" not in doc[start - 1].text_with_ws):
        start -= 1
    return list(doc[start:role[0].i]) + role


def _body_of(head: Token) -> list[Token]:
    """The body a person is said to be of, after the name ("Declan Murphy of SIPTU",
    "Ana Ruiz from the Irish Farmers' Association", "Kofi Amadi of Amadi's Bakery"): who
    they speak for, as a role."""
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "from", "at"):
            # a body the tagger missed may be named after someone ("Okafor's Bakery")
            body = [g for g in prep.children if g.dep_ == "pobj" and g.text[:1].isupper() and (
                g.ent_type_ == "ORG" or any(c.dep_ == "poss" and c.pos_ == "PROPN"
                                            for c in g.children))]
            if body and _same_line([body[0]], head):
                return [t for t in body[0].subtree if t.dep_ != "det"]
    return []


def _office_held(head: Token) -> str | None:
    """The office a relative clause on a name says its person holds ("Ama Mensah, who
    chairs the Harbour Trust," -> "chair of the Harbour Trust"): a verb of holding office
    in the present, with its object; an office once held ("who chaired it until 2020")
    is none, unless it lasts ("who founded the food bank": its founder)."""
    for clause in head.rights:
        lemma = clause.lemma_.lower()
        if clause.dep_ != "relcl" or lemma not in OFFICE_VERBS or not any(
                c.dep_ == "nsubj" and c.lower_ in ("who", "that") for c in clause.children):
            continue
        present = clause.tag_ in ("VBZ", "VBP") or clause.tag_ == "VBN" and any(
            c.dep_ == "aux" and c.lower_ in ("has", "have") for c in clause.children)
        held = [c for c in clause.children if c.dep_ == "dobj" and not any(
            t.pos_ == "PRON" for t in c.subtree)]  # "who chairs its board": whose is unsaid
        if held and (present or lemma in LASTING_OFFICES) and _same_line(held, head):
            body = head.doc[held[0].left_edge.i:held[0].right_edge.i + 1]
            return f"{OFFICE_VERBS[lemma]} of {body.text}"
    return None


def _person_by_form(ent: SpacySpan) -> bool:
    """Whether a name the tagger took for a body or place is a person's by its form or
    its title: a patronymic particle inside it ("Siobhán Ní Bhriain", "Mohammed bin
    Salman"), or a person's title or description right before it ("Opposition
    councillor Ludwig van Beethoven", "Minister Pádraig Ó Ceallaigh")."""
    words = [t for t in ent if not t.is_punct]
    if len(words) < 2 or not words[-1].is_title or not all(
            t.is_title or t.is_upper or is_particle(t.text) for t in words) or any(
            fold(t.text) in ORG_WORDS for t in words):
        return False
    if any(fold(t.text) in PATRONYMICS for t in words[1:-1]):
        return True
    before = ent.doc[ent.start - 1] if ent.start else None
    return before is not None and before.is_alpha and "\n" not in before.text_with_ws and (
        is_title(before.text) or fold(before.lemma_) in PERSON_NOUNS)


def _role_anchored(head: Token) -> bool:
    """A capitalised name set beside a noun of a person's office or description
    ("Yoon Suk-heun, governor of the FSS", "Mohsen Baharvand, an assistant to the
    minister"): a person, whatever the tagger made of the name."""
    if head.ent_type_ in ("GPE", "NORP", "LOC", "FAC", "DATE", "TIME") or head.is_lower and (
            head.i == 0 or head.doc[head.i - 1].text not in "-\u2010\u2011"):
        return False
    titles = HONORIFICS | LEADER_WORDS | PERSON_NOUNS
    return any(c.dep_ == "appos" and c.is_lower and fold(c.lemma_) in titles
               for c in head.children) and not any(
        fold(t.text) in ORG_WORDS for t in head.doc[max(0, head.i - 3):head.i + 1])


def _capitalised_run(head: Token) -> list[Token]:
    """The tokens of the capitalised words (at most four) that end with ``head``'s word;
    a lower-case part after a hyphen ("Suk-heun") belongs to its word."""
    doc = head.doc
    start = head.i
    words = 1
    k = head.i - 1
    while k >= 0 and "\n" not in doc[k].text_with_ws:
        t = doc[k]
        if t.whitespace_:  # a word boundary: the word before must be capitalised too,
            # or a particle inside the name ("Ludwig van Beethoven")
            particle = is_particle(t.text) and k > 0 and doc[k - 1].is_title
            if words == 4 or not (t.is_title or t.is_upper or particle) or t.is_punct or (
                    fold(t.text) in HONORIFICS or _opener(t)):
                break
            words += not particle
        elif not (t.is_alpha or t.text in "-\u2010\u2011'\u2019"):
            break
        start = k
        k -= 1
    return list(doc[start:head.i + 1])


def _glued_hyphen(t: Token) -> bool:
    """A hyphen inside a word ("Ji-won"), not a dash between words."""
    return t.text in ("-", "\u2010", "\u2011") and not t.whitespace_ and t.i > 0 and not (
        t.doc[t.i - 1].whitespace_)


def _title_before(first: Token) -> list[Token]:
    """The title phrase written right before a name the parse left unattached ("Bank of
    Korea Governor Park Min-jae"): capitalised words (and "of") ending in a title word."""
    doc = first.doc
    k = first.i
    while k > 0 and first.i - k < 6 and "\n" not in doc[k - 1].text_with_ws and (
            doc[k - 1].is_title or doc[k - 1].is_upper and doc[k - 1].is_alpha
            or doc[k - 1].lower_ in ("of", "for")):
        k -= 1
    while k < first.i and doc[k].lower_ in ("of", "for"):
        k += 1
    if k == first.i or not is_title(doc[first.i - 1].text):
        return []
    return list(doc[k:first.i])


def _inner_title(ent: SpacySpan) -> Token | None:
    """The title inside a name the tagger took for an organisation or place ("Sydney
    Mayor Clover Moore", "Financial Services Commission Chair Eun Sung-soo"): the last
    capitalised title word with capitalised words after it."""
    for t in reversed(ent[:-1]):
        if t.is_title and fold(t.text) in HONORIFICS:
            after = ent[t.i - ent.start + 1:]
            words = "".join(a.text_with_ws for a in after).split()
            return t if words and all(w[:1].isupper() for w in words) and any(
                a.pos_ == "PROPN" for a in after) else None
    return None


def _with_given_names(tokens: list[Token]) -> list[Token]:
    """A person entity with the untagged given names written right before it ("Irshad
    Alam" tagged "Alam"): capitalised proper nouns joined to it, not titles, acronyms
    (BOK) or places."""
    doc = tokens[0].doc
    start = tokens[0].i
    while start > 0 and tokens[0].i - start < 2:
        t = doc[start - 1]
        before = doc[start - 2] if start >= 2 else None
        given = t.pos_ == "PROPN" and t.dep_ == "compound" or _foreign_word(t)
        if not (given and t.is_title and not t.ent_type_
                and not t.whitespace_ == "" and not is_title(t.text)
                and fold(t.text) not in PERSON_NOUNS and "\n" not in t.text_with_ws) or (
                before is not None and (is_title(before.text) or before.is_title
                                        and before.pos_ in ("PROPN", "NOUN"))
                and not is_particle(doc[start].text) and not is_job_title(before.text)):
            # "Harbour Master Berg": a title phrase, not a given name; but a name never
            # opens with a particle ("councillor Aoife Nic Dhonnchadha" tagged "Nic
            # Dhonnchadha"): the word before it is the given name; and a job or what a
            # person is ("Resident Grete Solberg", "Chief Engineer Ola Berg") stands
            # before a given name, not in a title phrase with it
            break
        start -= 1
    return list(doc[start:tokens[0].i]) + tokens


def _foreign_word(t: Token) -> bool:
    """A capitalised word spelt with letters English does not use ("Nguyễn", "Seán"): a
    name, however the tagger read it (as a verb, say, at the start of a sentence)."""
    return t.is_alpha and t.is_title and not t.text.isascii()


def _printed(name: list[Token]) -> str:
    """The name as the article prints it: "Lee Ju-yeol", "Hashd al-Shabi", "O'Neill".

    The words are the whitespace-separated runs of tokens from the first name token to
    the last; a run is kept when it holds a name token, whole, hyphens and apostrophes
    included, without the commas or brackets at its edges.
    """
    doc = name[0].doc
    keep = {t.i for t in name}
    words: list[str] = []
    run: list[Token] = []
    for t in doc[name[0].i:name[-1].i + 1]:
        run.append(t)
        if t.whitespace_ or t.i == name[-1].i:
            if any(r.i in keep for r in run):
                word = "".join(r.text for r in run).strip(",;:()[]\"\u201c\u201d")
                if word:
                    words.append(word)
            run = []
    return " ".join(words)


def _same_line(tokens: list[Token], anchor: Token) -> list[Token]:
    """The tokens on the line of ``anchor``: a parse may join a caption to a name."""
    doc = anchor.doc
    lo = hi = anchor.i
    while lo > 0 and anchor.i - lo < 40 and "\n" not in doc[lo - 1].text_with_ws:
        lo -= 1
    while hi + 1 < len(doc) and hi - anchor.i < 40 and "\n" not in doc[hi].text_with_ws:
        hi += 1
    return [t for t in tokens if lo <= t.i <= hi]


_AGE_UNITS = frozenset({"year", "years", "month", "months", "week", "weeks", "day", "days"})


def _is_age(modifier: Token) -> bool:
    """"16-year-old" before a name: the person's age, not an office."""
    words = [t.lower_ for t in modifier.subtree]
    return words[-1:] == ["old"] and bool(_AGE_UNITS & set(words))


def _modifier_tokens(head: Token) -> list[Token]:
    """Role words written before a name: compounds, adjectives, possessors (not an age)."""
    out: list[Token] = []
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and not (
                child.ent_type_ == "PERSON" and child.pos_ == "PROPN"
                and child.text[:1].isupper() and not fold(child.text) in HONORIFICS
                and child.i == head.i - 1) and not _is_age(child):
            out.extend(t for t in child.subtree if t.dep_ != "det")
    return out


def _role_text(tokens: list[Token]) -> str | None:
    words = [t for t in tokens if t.dep_ != "det" and fold(t.text) not in COURTESY_TITLES]
    if words:  # "KELLHAVEN, 1 December 2026 - Norvale Biotech said": a place, not a role
        text = words[0].doc.text
        line = text.rfind("\n", 0, words[0].idx) + 1
        filed = line + dateline_length(text[line:line + 200].split("\n")[0])
        words = [t for t in words if t.idx >= filed]
    if not words:
        return None
    doc = words[0].doc
    span = _through_last_name(doc[words[0].i:words[-1].i + 1])
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in span):
        return None  # "assaults ... prompted Gov.": a clause, never an office
    text = span.text.split("\n")[-1].strip(" ,")
    if not _WORD.search(text):
        return None
    if fold(span.root.lemma_) in KIN_WORDS:
        # a relation says who the person is only with whose it is, or with words of
        # what it is of ("9/11 widow"); "her husband" and "the widow" say nothing true
        kin = _kin_of(span)
        if kin is not None or not any(c.dep_ in ("compound", "nmod", "nummod")
                                      and c.i >= span.start for c in span.root.children):
            return kin
    owner = _possessor(span[0]) if text.startswith(span[0].text) else None
    if owner:  # "Tomas Brenner, its chief executive": "chief executive of the port authority"
        return f"{text[len(span[0].text):].strip()} of {owner}"
    return _sentence_case_undone(span[0], text) if text.startswith(span[0].text) else text


#: entities a role may end inside: the body or place it is of
_ROLE_END_ENTITIES = frozenset({"ORG", "GPE", "FAC", "NORP", "LOC"})


def _through_last_name(span: SpacySpan) -> SpacySpan:
    """``span`` to the end of the body's name it stops inside at an apostrophe: the parser
    cuts "general secretary of the Bellmoor Nurses’ Union" there, read as a closing
    quote, but the name it tags runs on to "Union"."""
    doc, last = span.doc, span[-1]
    if last.text not in ("’", "'") or last.ent_type_ not in _ROLE_END_ENTITIES:
        return span  # only across the apostrophe: elsewhere the tag may run into a name
    end = last.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[span.start:end]


def _kin_of(span: SpacySpan) -> str | None:
    """A relation said with whose it is: "Lopez's husband" is "husband of Lopez"
    (:func:`_kin_in_full` gives her full name), "the mayor's daughter" "daughter of the
    mayor"; None when no one is named whose ("her husband")."""
    root, doc = span.root, span.doc
    whose = [c for c in root.children if c.dep_ == "poss" and c.i >= span.start
             and c.pos_ != "PRON"]
    if not whose:
        return None
    relation = doc[whose[0].right_edge.i + 1:root.i + 1].text
    return f"{relation} of {doc[whose[0].left_edge.i:whose[0].i + 1].text}"


def _kin_in_full(role: str | None, index: PersonIndex) -> str | None:
    """A relation's role with the full name of whose relation it is ("husband of Lopez"
    -> "husband of Maria Lopez"), once the article's names are known."""
    relation, of, owner = (role or "").partition(" of ")
    if not of or fold(relation.split()[-1]) not in KIN_WORDS:
        return role
    return f"{relation} of {index.person(owner)}"


#: nouns that name a body a person can hold office in, beside ORG_WORDS ("the port
#: authority", "the airline"), for the antecedent of a role's "its" or "their"
BODY_NOUNS = ORG_WORDS | with_folded({
    "authority", "firm", "board", "trust", "hospital", "school", "club", "network", "airport",
    "airline", "operator", "charity", "organisation", "organization", "government", "office",
    "service", "utility", "carrier", "federation", "league", "business", "retailer", "maker",
    "manufacturer", "provider", "regulator", "watchdog", "museum", "college", "centre", "center",
    "port", "police", "force", "team", "publisher", "newspaper", "station", "chain", "society"})


def _possessor(pronoun: Token) -> str | None:
    """The body a role's "its" or "their" stands for, as printed ("the port authority",
    "the Harbour Board"): the nearest organisation named before it in its sentence or the
    one before, so the table says whose chief executive is speaking."""
    if pronoun.lower_ not in ("its", "their") or pronoun.dep_ != "poss":
        return None
    doc = pronoun.doc
    start = pronoun.sent.start
    start = doc[start - 1].sent.start if start > 0 else start
    for t in reversed(doc[start:pronoun.i]):
        if t.ent_type_ == "ORG":
            ent = _entity_of(t)
            if ent is not None and ent.end == t.i + 1:
                if ent[0].lower_ == "the":
                    return "the" + ent.text[3:]
                after_the = ent.start > 0 and doc[ent.start - 1].lower_ == "the"
                return ("the " if after_the else "") + ent.text
        if t.pos_ == "NOUN" and t.dep_ != "compound" and fold(t.lemma_.lower()) in BODY_NOUNS:
            first = t.i  # with its modifiers: "the port authority", "the local club"
            while first > start and doc[first - 1].dep_ in ("compound", "amod") and (
                    first <= doc[first - 1].head.i <= t.i):
                first -= 1
            words = doc[first:t.i + 1]
            named = any(w.ent_type_ or w.pos_ == "PROPN" for w in words)
            return words.text if named else f"the {words.text.lower()}"
    return None


def _sentence_case_undone(first: Token, text: str) -> str:
    """``text`` with its first word spelled as the article writes it in running text when
    only its place opening the sentence gave it a capital ("Spokeswoman Jane Doe said"
    where the article writes "a council spokeswoman": "spokeswoman"). A word known to be
    common, a job ("Forecaster") or a noun of people ("Resident"), is in lower case where
    the article writes it nowhere else; any other may be a name ("Millbrook resident")
    and keeps its capital, as does a title of office ("Mayor", "Former President" in
    title case) or an entity's word."""
    doc = first.doc
    common = is_job_title(first.text) or (
        fold(first.text) in PERSON_NOUNS and not is_title(first.text))
    # (a common word the tagger took into the name after it is common all the same)
    if not (_opens_sentence(first) and first.is_title and (common or not first.ent_type_ and (
            first.pos_ in ("NOUN", "ADJ") and not is_title(first.text)))):
        return text
    words = text.split()
    if len(words) > 1 and not words[1][:1].islower():
        return text  # "Former President", "Oversight Chairman": a title in title case
    running = Counter(t.text for t in doc if t.lower_ == first.lower_ and t.i != first.i
                      and not _opens_sentence(t))
    if not running and not common:
        return text
    spelled = running.most_common(1)[0][0] if running else first.lower_
    return spelled + text[len(first.text):]


def _opens_sentence(t: Token) -> bool:
    """Whether a word opens its sentence, line or quotation, where it takes a capital."""
    doc = t.doc
    return t.i == t.sent.start or "\n" in doc[t.i - 1].text_with_ws or (
        doc[t.i - 1].text in ("\"", "\u201c", "\u2018"))


def build_person_index(doc: Doc, quote_spans: list[QuoteSpan]) -> PersonIndex:
    """Every named person of the article with role words and pronoun-based gender."""
    index = PersonIndex()
    for k, sent in enumerate(doc.sents):
        index.sent_of.extend([k] * len(sent))
        index.sent_starts.append(sent.start)
    inside = index.inside = _inside_checker(quote_spans)
    seen: set[int] = set()
    place_votes: Counter = Counter()
    for e in doc.ents:
        # "Leyen" tagged a place after "Ursula von der" is part of a person's name
        label = _entity_of(e[0]).label_ if e.label_ in ("GPE", "NORP", "LOC") else e.label_
        for t in e:
            if label == "PERSON":  # a full name is strong evidence ("Mohsen Baharvand")
                place_votes[fold(t.text)] -= 2 if len(e) > 1 else 1
            elif label in ("GPE", "NORP", "LOC") and len(e) == 1 and not _given_name_before(t):
                place_votes[fold(t.text)] += 1
    index.places = {w for w, v in place_votes.items() if v > 0}
    _find_events(doc, index)
    untagged = [t for t in doc if t.pos_ == "PROPN" and not t.ent_type_ and t.is_title
                and t.dep_ != "compound" and t.i > 0 and doc[t.i - 1].dep_ == "compound"
                and doc[t.i - 1].pos_ == "PROPN" and doc[t.i - 1].is_title
                and not doc[t.i - 1].ent_type_ and fold(doc[t.i - 1].text) not in HONORIFICS]
    heads = [(e.root, e.start_char) for e in doc.ents if e.label_ == "PERSON"]
    heads += [(e[-1], e.start_char) for e in doc.ents
              if e.label_ in ("ORG", "GPE", "NORP") and _inner_title(e) is not None]
    heads += [(e.root, e.start_char) for e in doc.ents
              if e.label_ not in ("PERSON", "DATE", "TIME") and _person_by_form(e)]
    heads += [(t, t.idx) for t in doc if t.n_rights and t.dep_ != "compound"
              and _role_anchored(t)]
    heads += [(t, t.idx) for t in untagged]
    for head, at in sorted(heads, key=lambda h: h[0].i):
        if head.i in seen:
            continue
        found = _person_name(head)
        if found is None or index.is_place_like(found[0]) or index.is_event(found[0]):
            continue
        name, name_toks, role_toks = found
        seen.add(head.i)
        appos = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        role_toks = role_toks or (list(appos[0].subtree) if appos else [])
        if head.dep_ == "appos" and head.head.pos_ == "NOUN":
            role_toks = role_toks or [t for t in head.head.subtree if t.i < head.i
                                      and t.dep_ != "punct"]
        role = _role_text(role_toks) if role_toks else _office_held(head)
        role_words = {fold(t.text) for t in role_toks if t.is_alpha} or {
            fold(w) for w in (role or "").split()} - {""}
        if not inside(at):
            index.mentions.append((head.i, name, role_words, role))
        if head.dep_ in ("nsubj", "nsubjpass"):
            index.subjects.add(head.i)
    index.canonical = canonical_names(m[1] for m in index.mentions)
    # news names a person in full (or with a title) at first mention; a bare word
    # never so introduced ("Kyiv" mis-tagged) is no antecedent for a pronoun
    introduced = {index.person(name) for _, name, words, _ in index.mentions
                  if len(name_tokens(name)) > 1 or words}
    index.mentions = [m for m in index.mentions if index.person(m[1]) in introduced]
    _add_name_parts(doc, index, seen, introduced)
    _learn_gender(doc, index)
    return index


def _find_events(doc: Doc, index: PersonIndex) -> None:
    """The weather events the article names: a capitalised weather word and the
    capitalised word after it on its line ("Storm Delia", "Hurricane Milton")."""
    for t in doc[:-1]:
        name = doc[t.i + 1]
        if fold(t.text) in WEATHER_EVENT_WORDS and t.text[:1].isupper() and name.is_alpha and (
                name.text[:1].isupper() and fold(name.text) not in WEATHER_EVENT_WORDS
                and "\n" not in t.text_with_ws):
            index.event_tokens.update((t.i, name.i))
            index.events.add(fold(name.text))


def _add_name_parts(doc: Doc, index: PersonIndex, seen: set[int], people: set[str]) -> None:
    """Mentions the tagger missed: a capitalised word outside quotations that is the
    first or last word of exactly one introduced person's full name ("Aayush" after
    "Actor Aayush Shamra", "Baharvand" tagged as a place) refers to that person."""
    parts: dict[str, set[str]] = defaultdict(set)
    for person in people:
        tokens = name_tokens(person)
        if len(tokens) > 1:
            parts[tokens[0]].add(person)
            parts[tokens[-1]].add(person)
    if not parts:
        return
    added = []
    for t in doc:
        if t.i in seen or not t.is_title or t.pos_ != "PROPN" or t.ent_type_ not in (
                "", "PERSON", "GPE", "ORG", "NORP") or index.inside(t.idx) or (
                t.dep_ == "compound" and t.head.pos_ == "PROPN"):
            continue
        owners = parts.get(fold(t.text), set())
        if len(owners) == 1:
            added.append((t.i, t.text, set(), None))
            index.canonical.setdefault(t.text, next(iter(owners)))
            if t.dep_ in ("nsubj", "nsubjpass"):
                index.subjects.add(t.i)
    index.mentions = sorted(index.mentions + added)


def _learn_gender(doc: Doc, index: PersonIndex) -> None:
    """Titles (Mr, Ms) and the pronouns that follow a lone named person vote on gender."""
    votes: dict[str, Counter] = defaultdict(Counter)
    sents = list(doc.sents)
    sent_of = index.sent_of
    by_sent: dict[int, list[str]] = defaultdict(list)
    role_words_of = {}
    for i, name, words, _ in index.mentions:
        by_sent[sent_of[i]].append(index.person(name))
        role_words_of[i] = words
    for i, name, _, _ in index.mentions:
        person = index.person(name)
        prev = doc[i - len(name.split())] if i - len(name.split()) >= 0 else None
        if prev is not None and fold(prev.text) in FEMALE_TITLES:
            votes[person]["f"] += 3
        if prev is not None and fold(prev.text) in MALE_TITLES:
            votes[person]["m"] += 3
        for g in {ROLE_GENDER[w] for w in role_words_of[i] if w in ROLE_GENDER}:
            votes[person][g] += 3  # "her husband Richard", "the spokeswoman"
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
