"""Who a speech verb or quotation belongs to: the grammatical subject, a name nearby,
or a pronoun or description resolved to the person the article introduced."""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..names import (COURTESY_TITLES, HONORIFICS, RANKS_AND_STYLES, fold, is_job_title,
                     is_title, name_tokens, same_person)
from ..records import Mention
from .lexicon import (ADDRESS_VERBS, AGENT_SUFFIXES, AUTHORED_NOUNS, CHANNEL_NOUNS,
                      DEGREE_WORDS, DOCUMENT_NOUNS, GATHERING_NOUNS, GENERIC_LEADER_WORDS,
                      GROUP_NOUNS, HEADLINE_LABELS, KIN_WORDS, LEADER_WORDS, MEDIA_WORDS,
                      OCCASION_NOUNS, ORG_WORDS, PERSON_NOUNS, PRONOUNS, QUANTIFIERS,
                      RECORDING_NOUNS, RELATIONAL_WORDS, ROLE_GENDER, ROLE_SYNONYMS, SPEAKER_ENTS,
                      SPOKES_NOUNS, _is_speech_verb, _subject_before, _verb_read_as_noun)
from .people import (PersonIndex, Speaker, _entity_of, _person_name, _portfolio_holder,
                     _kin_in_full, _printed, _role_text, _same_line)


def _subject_of(verb: Token) -> Token | None:
    """The subject of a speech verb, climbing through conjunctions, participles, raising."""
    seen = 0
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.lemma_ in (
            "quote", "cite"):
        quoted = [c for c in verb.head.head.children if c.dep_ == "dobj"]
        if quoted:  # "the statement quoted the Governor as saying": the Governor
            return quoted[0]
    if _verb_read_as_noun(verb):
        return _subject_before(verb)
    recorded = _recorded_speaker(verb)
    if recorded is not None:
        return recorded
    while verb is not None and seen < 4:
        # "Residents were told by police to leave": the one told is not the one telling
        told = verb.lemma_.lower() in ADDRESS_VERBS and any(
            c.dep_ == "agent" for c in verb.children)
        subj = sorted(_same_line([c for c in verb.children if c.dep_ == "nsubj" or (
            c.dep_ == "nsubjpass" and not told)],
                                 verb), key=lambda c: abs(c.i - verb.i))
        if not subj and any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or (
                subj and subj[0].pos_ not in ("NOUN", "PROPN", "PRON", "NUM")
                and not _quantifier(subj[0])):
            # a misparse ("Speaking ..., Lammy said", a subject on another line):
            # take the name right before the verb
            subj = _name_before(verb)
        if subj and subj[0].tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
            return subj[0]  # "Podoliak, who stated ...": "who", resolved to Podoliak
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
            # "spilled the beans saying ...": an object that is no document and no one
            # speaks for the subject too
            carries = noun.lemma_.lower() in DOCUMENT_NOUNS or not (
                noun.ent_type_ or fold(noun.lemma_) in PERSON_NOUNS or noun.tag_ == "NNP")
            issuer = [c for c in noun.head.children if c.dep_ == "nsubj"] if (
                noun.dep_ == "dobj" and carries) else []
            if noun.dep_ == "pobj" and fold(noun.lemma_) in OCCASION_NOUNS and (
                    noun.head.head.pos_ in ("VERB", "AUX")):
                # "she said at a news conference announcing ...": whoever spoke there
                issuer = [c for c in noun.head.head.children if c.dep_ == "nsubj"]
            return issuer[0] if issuer else noun
        root = verb.sent.root
        if verb.dep_ == "acl" and (verb.tag_ in ("VBD", "VBN") and root.pos_ == "PROPN" or (
                # "the guild chief called on X": a past tense never modifies a noun
                verb.tag_ == "VBD" and root.pos_ == "NOUN")) and (
                root in verb.ancestors and _same_line([root], verb)) and not any(
                a.pos_ in ("VERB", "AUX") for a in verb.ancestors):
            # "Ada Brun, head of the guild, called on X to act" with no finite verb left
            # in the sentence: the parser took its verb for a modifier of the name
            return root
        if verb.dep_ in ("conj", "xcomp", "advcl", "acl", "pcomp") and verb.head.i != verb.i or (
                verb.dep_ in ("parataxis", "dep") and verb.head.i < verb.i
                and verb.head.pos_ in ("VERB", "AUX")):
            head = verb.head if verb.dep_ != "pcomp" else next(  # "in addition to saying"
                (a for a in verb.ancestors if a.pos_ in ("VERB", "AUX")), verb.head.head)
            if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp" and not any(
                    c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in head.head.children):
                # "officials were quick to claim": the officials claim ("it is worth
                # noting" names no one)
                head = head.head
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


def _recorded_speaker(verb: Token) -> Token | None:
    """The person a recording shows speaking: "the ad uses footage of Ana Ruiz saying
    ...", "a clip of him asking ...", whatever the parser hung the participle on."""
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    person = verb.doc[verb.i - 1]
    of = person.head
    if person.dep_ == "pobj" and of.lower_ == "of" and of.head.lemma_.lower() in (
            RECORDING_NOUNS) and person.pos_ in ("PROPN", "PRON") and person.ent_type_ in (
            "", "PERSON"):
        return person
    return None


#: dependencies inside a noun phrase before its head
def _possessive_mark(token: Token) -> bool:
    """The "'s" of "NATO's chief", "Germany's finance minister": the description runs on
    to its owner, whom the parse hangs it from."""
    return token.dep_ == "case" and token.i > 0 and token.head.i == token.i - 1 and (
        token.head.dep_ == "poss")


#: most tokens of an "of"/"for" phrase that a description runs on to ("the head of the
#: agency", "a spokesman for the ministry"); a longer one is a clause, not a name's part
OWNER_PHRASE_TOKENS = 5


def _owner_after(head: Token) -> int:
    """The last token of a description whose head is ``head``: "the head of the agency",
    "a spokesman for the ministry", "the latest version of the plan" run on to whom they
    belong, else a bare "head" or "latest version" is all the reader sees."""
    prep = next((c for c in head.rights if c.i == head.i + 1 and c.dep_ == "prep"
                 and c.lower_ in ("of", "for")), None)
    if prep is None or not any(c.dep_ == "pobj" for c in prep.children):
        return head.i
    phrase = head.doc[prep.i:prep.right_edge.i + 1]
    if len(phrase) > OWNER_PHRASE_TOKENS or any(
            t.is_punct or "\n" in t.text_with_ws[:-1] for t in phrase):
        return head.i
    return prep.right_edge.i


NP_DEPS = {"amod", "compound", "nmod", "poss", "nummod", "quantmod", "case", "det", "advmod",
           "npadvmod", "punct"}


#: how many sentences back a description may find the person whose role it repeats
DESCRIPTION_REACH = 60


#: how many sentences after a headline its speaker must be named ("BOK governor" in the
#: headline, "Bank of Korea Governor Lee Ju-yeol" in the opening paragraphs)
HEADLINE_REACH = 8


#: what prominence (log2 of a person's mentions) weighs when a description fits several
#: people: "the actor" of a story about one actor who meets another
PROMINENCE_WEIGHT = 0.5


#: what one word a description shares with a person's role ("the FSS chief") weighs,
#: in sentences of recency
MODIFIER_WEIGHT = 2.0


def _role_word(word: str) -> str:
    """A role word folded, with the synonyms news uses for it ("pontiff" -> "pope")."""
    w = fold(word)
    return ROLE_SYNONYMS.get(w, w)


def _role_head(role: str) -> str:
    """The head noun of a role: "BOK Governor" -> governor, "chairman of the FSC" ->
    chair, "Bank of Korea governor" -> governor (the "of" is inside a name there)."""
    words = re.split(r"\s+", role.strip())
    cut = next((k for k, w in enumerate(words) if k and w in ("of", "at", "for", "in", "with",
                                                               "to", "on", "from")), len(words))
    if cut < len(words) and words[cut - 1][:1].isupper():
        cut = len(words)
    return _role_word(words[cut - 1]) if words else ""


def _acronyms(role: str | None) -> set[str]:
    """Initials of the capitalised names in a role ("Financial Supervisory Service" ->
    fss, "Bank of Korea" -> bok and bk), which later mentions use for the body."""
    found: set[str] = set()
    if not role:
        return found
    for run in re.findall(r"[A-Z][\w'\u2019-]*(?:\s+(?:of|and|for|the|[A-Z][\w'\u2019-]*))+", role):
        words = run.split()
        while words and words[-1].islower():
            words.pop()
        if len(words) >= 2:
            found.add("".join(w[0] for w in words).lower())
            found.add("".join(w[0] for w in words if w[0].isupper()).lower())
    return found


def _addressed(subj: Token) -> bool:
    """The subject of "X was told/reminded/urged" (no agent) is spoken to, not speaking."""
    verb = subj.head
    return subj.dep_ == "nsubjpass" and verb.lemma_.lower() in ADDRESS_VERBS | {"warn"} and not any(
        c.dep_ == "agent" for c in verb.children)


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


def _a_person_described(subj: Token) -> bool:
    """One person named by what they are ("A parent", "One builder", "the witness"), not
    a body ("the council") nor a group ("residents")."""
    lemma = fold(subj.lemma_)
    return subj.tag_ == "NN" and subj.is_alpha and lemma not in ORG_WORDS | GROUP_NOUNS and (
        lemma in PERSON_NOUNS or lemma in KIN_WORDS or lemma in ROLE_GENDER
        or is_job_title(lemma) or lemma.endswith(AGENT_SUFFIXES))


def _mention_span(head: Token) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``head``, without clauses after it."""
    left = _same_line(list(head.subtree), head)[0]
    right = head
    ent = _entity_of(head)
    if ent is not None:
        right = max(right, ent[-1], key=lambda t: t.i)
        left = min(left, ent[0], key=lambda t: t.i)
    for child in head.rights:
        if child.dep_ in ("compound", "flat") or (child.dep_ == "cc" or child.dep_ == "conj") or (
                child.dep_ == "prep" and child.lower_ == "of" and _quantifier(head)):
            right = max(right, child.right_edge, key=lambda t: t.i)
    commas = [t for t in head.doc[left.i:head.i] if t.text == "," and t.head.i == head.i]
    if head.dep_ == "ROOT" and commas:  # "Later, the guild chief called": a verb's opener
        left = head.doc[commas[-1].i + 1]
    while left.is_punct and left.i < head.i:
        left = left.doc[left.i + 1]
    while right.is_punct and right.i > head.i:
        right = right.doc[right.i - 1]
    return left.idx, right.idx + len(right.text)


def _name_runs_on(last: Token) -> Token:
    """The last word of a body's name the tagger ended too soon at a list of capitalised
    words ("the Department of Agriculture, Food" tagged, "and the Marine" left out)."""
    doc = last.doc
    while True:
        more = [c for c in last.children if c.dep_ == "conj" and c.i > last.i and c.is_title
                and c.pos_ == "PROPN" and all(t.is_title or t.lower_ in (",", "and", "the")
                                              for t in doc[last.i + 1:c.i])
                and "\n" not in doc[last.i:c.i].text]
        if not more:
            return last
        last = more[-1]


def _appositive_name(subj: Token) -> tuple[Token, tuple] | None:
    """The first appositive of ``subj`` and the proper name it gives (``_person_name``),
    or None when it gives none. A title's appositive may hang on a word of the title's
    own phrase ("Minister of State for the OPW, Aoife Brennan, said" with the name
    parsed as the OPW's): a name set off by commas closing the phrase is the title's,
    and so is one closing the sentence ('said the president of the bank, Ana Ruiz.')."""
    appos = next((c for c in subj.children if c.dep_ == "appos"), None)
    if appos is None and is_title(subj.text):
        doc = subj.doc
        appos = next((t for t in subj.subtree if t.dep_ == "appos" and t.i > subj.i
                      and t.ent_type_ and _entity_of(t).label_ == "PERSON"
                      and t.right_edge.i >= subj.right_edge.i - 1
                      and t.right_edge.i + 1 < len(doc)
                      and doc[t.right_edge.i + 1].text in (",", ".", ";")
                      and doc[t.left_edge.i - 1].text == ","), None)
    found = _person_name(appos) if appos is not None else None
    return (appos, found) if found is not None else None


def _names_a_post(appos: Token) -> bool:
    """An appositive that gives an office in a body ("Leader of Harrowgate Bay Council",
    "chief executive of the port"): a title word with an "of" phrase."""
    return is_title(appos.text) and any(c.dep_ == "prep" and c.lower_ == "of"
                                        for c in appos.children)


def _appositive_role(appos: Token) -> str | None:
    """The office an appositive gives ("a retired teacher whose house overlooks the
    harbour" -> "a retired teacher"): its words without a relative clause hung on it."""
    clauses = {t.i for c in appos.children if c.dep_ == "relcl"
               for t in c.subtree}
    return _role_text([t for t in appos.subtree if t.i not in clauses])


class SpeakerResolver:
    """Turn the subject of a speech verb into a proper name with a role."""

    def __init__(self, doc: Doc, index: PersonIndex, text: str):
        self.doc = doc
        self.index = index
        self.text = text
        self.article_roles: dict[str, str] = {}
        self.role_words: dict[str, set[str]] = defaultdict(set)
        #: the head noun of every role the article gave a person ("governor")
        self.role_heads: dict[str, set[str]] = defaultdict(set)
        for _, name, words, role in index.mentions:
            person = index.person(name)
            self.role_words[person] |= {_role_word(w) for w in words} | _acronyms(role)
            if role:
                self.role_heads[person].add(_role_head(role))
            if role and len(role) > len(self.article_roles.get(person, "")):
                self.article_roles[person] = role
        self.org_speakers: list[tuple[int, str]] = []
        self.speakers: list[tuple[int, str]] = []
        #: (token, speaker) of each unnamed person who spoke ("A parent said", "One builder
        #: said"): who a "she said" after them may be
        self.described: list[tuple[int, Speaker]] = []
        self.mention_count = Counter(index.person(name) for _, name, _, _ in index.mentions)
        #: (token, person, salience bonus) of every named mention, in text order
        self.mentions = sorted((i, index.person(name), 0.5 if i in index.subjects else 0.0)
                               for i, name, _, _ in index.mentions)

    def resolve_plain(self, subj: Token) -> Speaker:
        """The speaker the words ``subj`` name, even when they are spoken to."""
        return self.resolve(subj, addressed=False)

    def resolve(self, subj: Token, addressed: bool = True) -> Speaker:
        m_start, m_end = _mention_span(subj)
        mention = Mention(self.text[m_start:m_end], m_start, m_end)
        lower = subj.lower_
        if _quantifier(subj):
            named = _appositive_name(subj)
            if named is not None:  # "One of the students, 16-year-old Aisling Murphy, said"
                name, _, role_toks = named[1]
                return self._person(name, _role_text(role_toks), mention, subj.i)
            return Speaker(mention.text, None, mention)
        if subj.tag_ in ("WP", "WDT") and subj.head.dep_ == "relcl":
            # "Podoliak, who stated": the relative pronoun is the mention, its noun the speaker
            found = self.resolve(subj.head.head, addressed)
            return Speaker(found.name, found.role, mention)
        if addressed and _addressed(subj):
            speaker = self.addresser(subj)
            if speaker is not None:
                return speaker
        if subj.pos_ == "PRON" or lower in PRONOUNS:
            return self._pronoun(subj, mention)
        if (fold(subj.lemma_) in CHANNEL_NOUNS or subj.lower_ in CHANNEL_NOUNS) and subj.is_lower:
            author = self._author(subj, mention)
            if author is not None:
                return author
        if fold(subj.lemma_) in SPOKES_NOUNS and not any(
                c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" for c in subj.children):
            body = self._body_spoken_for(subj, mention)
            if body is not None:
                return body
        before = self._name_before_description(subj)
        if before is not None:  # "Pike, a Labour councillor, said": Pike, the councillor
            noun = subj.head if subj.dep_ == "compound" else subj
            return self._person(before, _role_text(list(noun.subtree)), mention, subj.i)
        holder = _portfolio_holder(subj)
        if holder is not None:  # "Minister for Transport Eamon Ryan": the name, not "Minister"
            head, name_toks, role_toks = holder
            return self._person(_printed(name_toks), _role_text(role_toks), mention, head.i)
        found = _person_name(subj)
        named = _appositive_name(subj) if found is None or subj.pos_ != "PROPN" else None
        if named is not None:  # "the actor, Ken Obi": the description is the role, and
            # the name says who, though the role fits someone named before
            appos, (name, _, _) = named
            role_toks = [t for t in subj.subtree if t.i < appos.left_edge.i and not t.is_punct]
            return self._person(name, _role_text(role_toks), mention, subj.i)
        # "the Pontiff", "the New Yorker": a description, whatever the tagger says
        person = self._described_person(subj, self._description_words(subj)) or (
            self._native(subj))
        if person is not None:
            return self._person(person, None, mention, subj.i)
        if found is not None and not self.index.is_place_like(found[0]):
            name, name_toks, role_toks = found
            # "Fiona Darcy, Managing Director of Kellhaven Airport": a post in title case
            # is tagged a proper noun
            appos = [c for c in subj.children if c.dep_ == "appos" and (
                c.pos_ == "NOUN" or c.pos_ == "PROPN" and is_title(c.text) and not c.ent_type_)]
            role = _role_text(role_toks)
            described = _appositive_role(appos[0]) if appos else None
            # "Captain Sean O'Neill, the lifeboat operations manager": the description
            # says more than a rank or style before the name; "Councillor Tomas Reddy,
            # Leader of Harrowgate Bay Council": a post says more than one title word;
            # "Passenger Omar Haddad, a nurse at the hospital": more than what he is here
            if described and (not role or all(fold(w) in RANKS_AND_STYLES for w in role.split())
                              or len(role.split()) == 1 and (
                                  _names_a_post(appos[0]) or is_job_title(role))):
                role = described
            return self._person(name, role, mention, subj.i)
        ent = _entity_of(subj)
        if ent is not None and ent.label_ in SPEAKER_ENTS:
            known = self._match_known(ent.text) if all(
                t.pos_ == "PROPN" for t in ent) else None
            if known is not None:  # "Lavrov" tagged ORG once, PERSON elsewhere
                return self._person(known, None, mention, subj.i)
            return self._organisation(ent, subj, mention)
        described = self._description(subj, mention)
        if _a_person_described(subj):
            self.described.append((subj.i, described))
        return described

    def _person(self, name: str, role: str | None, mention: Mention, at: int) -> Speaker:
        canonical = self.index.canonical.get(name) or self._match_known(name)
        if canonical is not None and len(name_tokens(name)) > len(name_tokens(canonical)):
            self._rename(canonical, name)  # "Ken" known, "Ken Obi" said: the fuller form
            canonical = name
        if canonical is None:
            # a full name the index missed (a tagger slip) is known from here on: its
            # short forms and pronouns after it find it
            canonical = name
            if len(name_tokens(name)) > 1 and not self.index.is_place_like(name):
                self.index.canonical[name] = name
                bisect.insort(self.mentions, (at, name, 0.5))
                if role:
                    self.article_roles.setdefault(name, role)
                    self.role_heads[name].add(_role_head(role))
        self.speakers.append((at, canonical))
        return Speaker(canonical, _kin_in_full(role or self.article_roles.get(canonical),
                                              self.index), mention)

    def _rename(self, old: str, new: str) -> None:
        """Everything known of person ``old`` is known of ``new``, a fuller form."""
        index = self.index
        for surface, person in list(index.canonical.items()):
            if person == old:
                index.canonical[surface] = new
        index.canonical[new] = new
        if old in index.gender:
            index.gender.setdefault(new, index.gender[old])
        self.mentions = [(i, new if p == old else p, b) for i, p, b in self.mentions]
        self.speakers = [(i, new if p == old else p) for i, p in self.speakers]
        for table in (self.role_words, self.role_heads):
            table[new] |= table.pop(old, set())
        if old in self.article_roles:
            self.article_roles.setdefault(new, self.article_roles[old])
        self.mention_count[new] += self.mention_count.pop(old, 0)

    def _name_before_description(self, subj: Token) -> str | None:
        """The person a description set off by commas after their name describes, when
        the parser hung the name on the verb ("Pike, a Labour councillor, said" with
        "councillor" the subject): a name the article gives a person, then a comma,
        then "a" or "an" opening the description."""
        if subj.dep_ == "compound":  # "a Labour councillor": the subject found may be
            subj = subj.head          # the party the parser made an entity
        doc = subj.doc
        # the parse may hang the comma on the noun
        first = next((t for t in subj.subtree if not t.is_punct), subj)
        if not (first.lower_ in ("a", "an") and first.i >= 2 and doc[first.i - 1].text == ","
                and _a_person_described(subj)):
            return None
        end = first.i - 1  # the comma
        start = end
        while start > subj.sent.start and doc[start - 1].is_title and doc[start - 1].is_alpha:
            start -= 1
        words = doc[start:end]
        if not words or not any(t.head.i == subj.head.i or t.i == subj.head.i for t in words):
            return None  # the name and the description hang on one verb, or it on the name
        return self._match_known(words.text)

    def _match_known(self, name: str) -> str | None:
        for known in dict.fromkeys(self.index.canonical.values()):
            if same_person(name, known):
                return known
        return None

    def co_speakers(self, subj: Token) -> list[Speaker]:
        """The other speakers of a joint subject: "Kurz and his Greens counterpart said"
        gives Kurz one row and the counterpart another. Organisations joined by "and"
        stay one speaker ("the EU and NATO")."""
        if subj.ent_type_ in ("ORG", "GPE", "NORP") or subj.pos_ not in ("PROPN", "NOUN"):
            return []
        found = []
        for conj in subj.children:
            if conj.dep_ == "conj" and conj.pos_ in ("PROPN", "NOUN") and (
                    conj.ent_type_ not in ("ORG", "GPE", "NORP")):
                speaker = self.resolve(conj)
                words = speaker.name.split()
                if words and all(w[:1].isupper() for w in words) and "'" not in speaker.name:
                    found.append(speaker)
                found += self.co_speakers(conj)  # "A, B and C"
        return found

    def _author(self, doc_noun: Token, mention: Mention) -> Speaker | None:
        """Whose words a document or channel carries: "the ministry's website", "KFB
        data", "a statement from the union", "a speech Ana Ruiz gave" speak for their
        owner; "the statement"
        alone for the latest speaker of the last few sentences. "An official
        statement" with no owner in sight stays a description (None)."""
        owner = [c for c in doc_noun.children if c.dep_ in ("poss", "compound", "nmod")
                 and c.pos_ in ("PROPN", "NOUN") and (c.ent_type_ in ("ORG", "PERSON", "GPE",
                                                                      "NORP") or c.is_upper)]
        owner += [g for c in doc_noun.children if c.dep_ == "prep" and c.lower_ in (
            "from", "by", "of") for g in c.children if g.dep_ == "pobj" and (
            g.ent_type_ in ("ORG", "PERSON", "GPE", "NORP") or g.pos_ == "PROPN")]
        # "a speech Mrs. Clinton delivered", "the letter the union sent": its author
        owner += [g for c in doc_noun.children if c.dep_ == "relcl" and c.i > doc_noun.i
                  for g in c.children if g.dep_ == "nsubj" and g.pos_ == "PROPN"]
        if owner:
            found = self.resolve(owner[0])
            return Speaker(found.name, found.role, mention)
        if fold(doc_noun.lemma_) not in AUTHORED_NOUNS or not any(
                t.dep_ == "det" and t.lower_ in ("the", "this", "that") for t in doc_noun.lefts):
            return None  # "the study notes": no owner in sight, the words stay its own
        here = self.index.sent_of[doc_noun.i]
        first = self.index.sent_starts[max(0, here - 5)]
        latest = [(i, name) for i, name in self.speakers + self.org_speakers
                  if first <= i < doc_noun.i]
        name = max(latest)[1] if latest else self._person_before(doc_noun.i, lambda p: True)
        return Speaker(name, self.article_roles.get(name), mention) if name else None

    def _body_spoken_for(self, spokesman: Token, mention: Mention) -> Speaker | None:
        """"A spokesman for the Health Ministry said", "the ministry's spokeswoman
        said": an unnamed spokesperson speaks for the body, which is the speaker."""
        owner = [c for c in spokesman.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")]
        owner += [g for c in spokesman.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "at")
                  for g in c.children if g.dep_ == "pobj" and g.pos_ in ("PROPN", "NOUN")]
        if not owner:
            return None
        body = self.resolve(owner[0])
        return Speaker(body.name, None, mention) if body.name[:1].isupper() else None

    def addresser(self, addressee: Token) -> Speaker | None:
        """Who spoke to the subject of "X was told/reminded/urged": the agent, or the
        latest speaker of the last few sentences who is not X; None when no one is
        named ("Drivers are asked to use the ring road"): the request is nobody's."""
        heard = self.resolve_plain(addressee).name
        here = self.index.sent_of[addressee.i]
        first = self.index.sent_starts[max(0, here - 3)]
        latest = [(i, name) for i, name in self.speakers + self.org_speakers
                  if first <= i < addressee.i and name != heard]
        name = max(latest)[1] if latest else self._person_before(
            addressee.i, lambda p: p != heard)  # "X summoned the envoy. The envoy was told"
        return Speaker(name, self.article_roles.get(name), None) if name else None

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
        owner = [c for c in subj.children if c.dep_ == "poss" and c.i < ent.start
                 and _same_line([c], subj) and (c.ent_type_ in ("GPE", "NORP") or (
                     c.pos_ == "PROPN" and c.is_title and subj.is_title))]
        if owner and words:  # "Iran's Foreign Ministry", "St Brendan's Hospital", as printed
            words = list(self.doc[owner[0].left_edge.i:words[0].i]) + words
        if words:
            words = words[:-1] + list(self.doc[words[-1].i:_name_runs_on(words[-1]).i + 1])
        conj = [c for c in subj.children if c.dep_ == "conj"]
        if conj and subj.i == ent.root.i:
            end = conj[-1]
            start = words[0] if words else subj
            text = self.doc[start.i:end.i + 1].text
        else:
            text = self.doc[words[0].i:words[-1].i + 1].text if words else ent.text
        self.org_speakers.append((subj.i, text))
        return Speaker(text, None, mention)

    def _the_is_name(self, ent: SpacySpan) -> bool:
        """Whether the article capitalises "The" before this name mid-sentence."""
        needle = ent.text[4:]
        return bool(re.search(r"[a-z,] The " + re.escape(needle), self.text))

    def _person_before(self, at: int, accept, gender: str | None = None,
                       sentences: int = 4) -> str | None:
        """Most salient earlier person within a few sentences.

        Recency in sentences counts most; a known matching gender, having spoken, and
        subject position each add, as in centering accounts of pronoun choice.
        ``accept`` says whether a person fits (False or None: no; a number adds to
        the score).
        """
        sent_of = self.index.sent_of
        here = sent_of[at]
        first = self.index.sent_starts[max(0, here - sentences)]
        window = self.mentions[bisect.bisect_left(self.mentions, (first,)):
                               bisect.bisect_left(self.mentions, (at,))]
        # a speaker stays salient longer than a mention: "... the actor told X. [a long
        # quotation] ... he added"
        spoke = self.index.sent_starts[max(0, here - 2 * sentences)]
        window += [(i, person, 1.0) for i, person in self.speakers if spoke <= i < at]
        best: tuple[float, int, str] | None = None
        for i, person, bonus in window:
            fit = accept(person)
            if fit is None or fit is False:
                continue
            score = bonus - (here - sent_of[i]) + (0 if fit is True else fit)
            if gender is not None and self.index.gender.get(person) == gender:
                score += 0.75
            key = (score, i, person)
            if best is None or key > best:
                best = key
        return best[2] if best else None

    def _pronoun(self, subj: Token, mention: Mention) -> Speaker:
        gender = PRONOUNS.get(subj.lower_)
        if gender is not None and subj.dep_ in ("nsubj", "nsubjpass"):
            described = self._described_before(subj, gender)
            if described is not None:
                return Speaker(described.name, described.role, mention)
        if gender is not None:
            person = self._pronoun_person(subj, gender)
            if person is not None:
                self.speakers.append((subj.i, person))
                return Speaker(person, self.article_roles.get(person), mention)
        if subj.lower_ in ("it", "they"):
            org = self._organisation_before(subj)
            if org is not None:
                return Speaker(org, None, mention)
        return Speaker(subj.text, None, mention)

    def _described_before(self, pronoun: Token, gender: str) -> Speaker | None:
        """The unnamed person "he" or "she" stands for: one who spoke in this sentence or
        the one before, after every named person of that gender was last mentioned or
        spoke ("Headteacher Margaret Doyle said ... A parent said she had complained.
        'Nobody listened,' she said": the parent, not Doyle)."""
        here = self.index.sent_of[pronoun.i]
        first = self.index.sent_starts[max(0, here - 1)]
        earlier = [(i, d) for i, d in self.described if first <= i < pronoun.i
                   and ROLE_GENDER.get(fold(self.doc[i].lemma_), gender) == gender]
        if not earlier:
            return None
        at, described = earlier[-1]
        named = [i for i, person, _ in self.mentions if at < i < pronoun.i
                 and self.index.gender.get(person, gender) == gender]
        named += [i for i, person in self.speakers if at < i < pronoun.i
                  and self.index.gender.get(person, gender) == gender]
        return None if named else described

    def _pronoun_person(self, pronoun: Token, gender: str, depth: int = 0) -> str | None:
        """The person "he" or "she" stands for: whom the same pronoun as the subject of
        this sentence or the one before stood for, when no named subject came between
        (a subject pronoun carries its person on: "He wants a soap with Ana Ruiz on the
        wrapper. 'We will see,' he said" is not Ruiz), or else the most salient earlier
        person of that gender."""
        here = self.index.sent_of[pronoun.i]
        for k in range(pronoun.i - 1, self.index.sent_starts[max(0, here - 1)] - 1, -1):
            if k in self.index.subjects:
                break
            earlier = self.doc[k]
            if depth < 5 and earlier.lower_ == pronoun.lower_ and earlier.dep_ in (
                    "nsubj", "nsubjpass") and not self.index.inside(earlier.idx):
                return self._pronoun_person(earlier, gender, depth + 1)
        return self._person_before(
            pronoun.i, lambda p: self.index.gender.get(p, gender) == gender, gender)

    def _organisation_before(self, subj: Token) -> str | None:
        """The organisation "it" or "they" stands for: the latest one that spoke, or that
        is the subject of a clause, in this sentence or the one before ("Kiev" tagged as
        a person, but with no he or she ever referring to it, counts)."""
        here = self.index.sent_of[subj.i]
        first = self.index.sent_starts[max(0, here - 1)]
        found = [(i, org) for i, org in self.org_speakers if i < subj.i]
        span = self.doc[first:subj.i]
        plural = subj.lower_ in ("they", "them")
        found += [(e.root.i, e.text) for e in span.ents if e.root.dep_ in ("nsubj", "nsubjpass")
                  and (e.label_ in ("ORG", "GPE") or self.index.is_place_like(e.text)
                       or not plural and e.label_ == "PERSON" and len(e) == 1
                       and self.index.person(e.text) not in self.index.gender)]
        if plural:  # "Protesters chanted ... They demanded": a group the article names
            found += [(t.i, self.text[slice(*_mention_span(t))]) for t in span
                      if t.tag_ == "NNS" and t.dep_ in ("nsubj", "nsubjpass")
                      and not self.index.inside(t.idx)]
        else:  # "The council rejected the plan. It said ...": a body named by its kind
            found += [(t.i, self._description(t, Mention(t.text, t.idx, t.idx + len(t))).name)
                      for t in span if t.tag_ == "NN" and t.dep_ in ("nsubj", "nsubjpass")
                      and fold(t.lemma_) in ORG_WORDS | GROUP_NOUNS
                      and not self.index.inside(t.idx)]
        return max(found)[1] if found else None

    @staticmethod
    def _description_words(subj: Token) -> list[Token]:
        """The noun phrase up to ``subj``: its modifiers right before it, never a clause
        the parse hung on it ("Dumbledore because Harris")."""
        doc = subj.doc
        k = subj.i
        while k > 0 and doc[k - 1].dep_ in NP_DEPS and (doc[k - 1].head.i <= subj.i or (
                # "the former doctor maintains" with "maintains" read as the noun: its
                # modifiers are the subject's
                doc[k - 1].head.i == subj.head.i and _verb_read_as_noun(subj.head))) and (
                doc[k - 1].head.i >= k - 1 or _possessive_mark(doc[k - 1])) and (
                "\n" not in doc[k - 1].text_with_ws) and not (
                subj.dep_ == "ROOT" and doc[k - 1].text == ","):  # "Later, the chief called"
            k -= 1
        return [t for t in doc[k:subj.i + 1] if t.dep_ not in ("det", "punct")]

    def _described_person(self, subj: Token, words: list[Token],
                          headline: bool = False) -> str | None:
        """The person a definite description names by the role the article gave them.

        "the governor" is the person written "BOK Governor Lee Ju-yeol"; "the Pontiff"
        the one written "Pope Francis"; "the FSS chief" the governor of the Financial
        Supervisory Service. The description's head noun must be the head of a role the
        article attached to the name (a leader word such as "chief" or "head" fits any
        office of leading; a capitalised head, "the Anchorage Democrat", any of its
        words), its other words add weight, and among the fitting people the most
        salient earlier one wins, over the whole article before the mention.
        """
        definite = any(t.dep_ in ("det", "poss") and t.lower_ in ("the", "this", "that")
                       or t.dep_ == "poss" and t.pos_ in ("NOUN", "PROPN")  # "the city's"
                       for t in subj.lefts) and subj.tag_ in ("NN", "NNP", "NNPS")
        titled = subj.is_title and fold(subj.text) in HONORIFICS and not any(  # "Punjab
            fold(c.text) in COURTESY_TITLES or c.ent_type_ == "PERSON"  # Governor said", not
            for c in subj.lefts)                                          # "Mr. King said"
        if not (definite or titled or headline):
            return None
        head = _role_word(subj.lemma_ if subj.tag_ == "NN" else subj.text)
        mods = {_role_word(t.text) for t in words if t.i != subj.i and t.is_alpha
                and fold(t.text) not in DEGREE_WORDS}
        capitalised = subj.is_title and subj.i > subj.sent.start + 1 and not subj.ent_type_ in (
            "ORG", "GPE")

        def weight(person: str) -> float | None:
            heads = self.role_heads.get(person, set())
            have = self.role_words.get(person, set())
            if head in RELATIONAL_WORDS:
                fit = bool(mods & have)  # "his Greens counterpart": the party tells
            else:
                fit = head in heads or (
                    head in GENERIC_LEADER_WORDS and bool(heads & LEADER_WORDS)) or (
                    capitalised and any(w[:5] == head[:5] for w in have))
            if not fit:
                return None
            shared = sum(any(w[:5] == m[:5] for w in have) for m in mods)
            return MODIFIER_WEIGHT * shared + PROMINENCE_WEIGHT * math.log2(
                1 + self.mention_count[person])
        found = self._person_before(subj.i, weight, sentences=DESCRIPTION_REACH)
        if found is None:  # a lead that names the person later: "his counterpart ... Kogler"
            here = self.index.sent_of[subj.i]
            reach = HEADLINE_REACH if headline else 3
            later = [(weight(person), -i, person) for i, person, _ in self.mentions
                     if i > subj.i and self.index.sent_of[i] <= here + reach
                     and weight(person) not in (None, False)]
            if later:  # the first that fits; a headline's, the best fitting of the opening
                found = max(later)[2] if headline else min(later, key=lambda c: -c[1])[2]
        return found

    def _native(self, subj: Token) -> str | None:
        """"the New Yorker", "the Texan": someone described by where they are from (a
        place the article names), the most salient person of the last two sentences
        ("The New Yorker", capitalised mid-sentence, is the magazine)."""
        if not (subj.tag_ == "NNP" and subj.is_title and any(
                c.dep_ == "det" and c.text == "the" for c in subj.lefts)):
            return None
        words = " ".join(t.text for t in self._description_words(subj))
        stems = [words[:-len(end)] for end in ("er", "ian", "an", "n") if words.endswith(end)]
        places = [e.text for e in self.doc.ents if e.label_ in ("GPE", "LOC")]
        if subj.ent_type_ != "NORP" and not any(
                len(stem) >= 4 and place.startswith(stem) for stem in stems for place in places):
            return None
        return self._person_before(subj.i, lambda p: True, sentences=2)

    def signer(self, name: list[Token]) -> Speaker:
        """The person a name signing a quotation gives, whole ("― Ana María Ruiz")."""
        mention = Mention(self.text[name[0].idx:name[-1].idx + len(name[-1])], name[0].idx,
                          name[-1].idx + len(name[-1]))
        return self._person(_printed(name), None, mention, name[-1].i)

    def headline_speaker(self, subj: Token) -> Speaker | None:
        """The speaker a headline names ("BOK governor", "Iran's Supreme Leader", "Pope"):
        the person the article's opening gives that role, or a name the article goes on
        to use; None for a label ("Poll", "The Latest"), a weather event ("Storm Delia")
        or a description no one fits."""
        if self.index.names_event(subj):
            return None  # "Storm Delia: 'We have never seen rain like it'"
        m_start, m_end = _mention_span(subj)
        mention = Mention(self.text[m_start:m_end], m_start, m_end)
        person = self._described_person(subj, self._description_words(subj), headline=True)
        if person is not None:
            return self._person(person, None, mention, subj.i)
        if subj.pos_ != "PROPN" or subj.is_lower or fold(subj.text) in HEADLINE_LABELS:
            return None  # "Harbour wall breach: ...": a word in lower case names no one
        speaker = self.resolve(subj)
        line_end = self.text.find("\n", subj.idx)
        if line_end < 0 or subj.text not in self.text[line_end:]:
            return None  # a name the article never repeats is a headline's wordplay
        return speaker

    def _description(self, subj: Token, mention: Mention) -> Speaker:
        """"the foreign minister", "the Ukrainian leader", "the paper" -> a named speaker."""
        if fold(subj.lemma_) in GATHERING_NOUNS:  # "a rally by thousands of students chanted"
            by = [g for c in subj.children if c.dep_ == "prep" and c.lower_ in ("by", "of")
                  for g in c.children if g.dep_ == "pobj"]
            if by:
                found = self.resolve(by[0])
                return Speaker(found.name, found.role, mention)
        words = self._description_words(subj)
        known = self._match_known(subj.text) if subj.is_title else None
        if known is not None:
            return self._person(known, None, mention, subj.i)
        head = fold(subj.lemma_)
        if head in MEDIA_WORDS and self.org_speakers:
            earlier = [o for o in self.org_speakers if o[0] < subj.i]
            if earlier:
                return Speaker(max(earlier)[1], None, mention)
        body = self._described_body(subj)
        if body is not None:
            return Speaker(body, None, mention)
        first = words[0] if words else subj
        if first.dep_ == "poss":  # "the company's chief executive": the owner's article too
            first = next((t for t in first.lefts if t.dep_ == "det"), first)
        last = _owner_after(subj)
        text = self.doc[first.i:last + 1].text
        if first.is_sent_start and first.pos_ != "PROPN" and not first.ent_type_:
            # "Officials said" is a description capitalised only by its place: keep it
            # as one ("officials"), so it is never shown or ranked as a name
            text = text[:1].lower() + text[1:]
        return Speaker(text, None, mention)

    def _described_body(self, subj: Token) -> str | None:
        """"the court", "the ministry", "the party": the latest organisation named before
        whose name holds the head noun ("U.S. District Court", "Iran's Foreign Ministry")."""
        if not subj.is_lower or subj.tag_ != "NN" or not any(
                t.dep_ == "det" and t.lower_ in ("the", "that", "this") for t in subj.lefts):
            return None
        head = fold(subj.text)
        here = self.index.sent_of[subj.i]
        first = self.index.sent_starts[max(0, here - DESCRIPTION_REACH)]
        # a body that spoke before, named in full ("St Brendan's Hospital has warned ...
        # The hospital said")
        for i, body in reversed(self.org_speakers):
            if first <= i < subj.i and len(body.split()) > 1 and head in {
                    fold(w) for w in body.split()}:
                return body
        for ent in reversed(self.doc[first:subj.i].ents):
            if ent.label_ == "ORG" and len(ent) > 1 and head in {fold(t.text) for t in ent}:
                words = [t for t in ent if t.lower_ != "the" and t.tag_ != "POS"
                         and t.lower_ not in ("'s", "\u2019s")]  # "the Ministry's website"
                return self.doc[words[0].i:words[-1].i + 1].text if words else ent.text
        return None
