"""The words of reported speech: speech verbs and nouns, their particles and
prepositions, pronouns, titles, role words, quotation marks, and the test for a speech
verb. Kept apart so the rules read as rules and the vocabulary can grow without
touching them."""
from __future__ import annotations

import re

from spacy.tokens import Token

from ..names import fold


def with_folded(words: set[str]) -> frozenset[str]:
    """The words and their folded forms (:func:`~briefing.names.fold`), for sets looked
    up both ways: "official" folds to "officyal"."""
    return frozenset(words) | {fold(w) for w in words}


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
    "recount", "relate", "tout", "vouch", "tease", "denounce", "reaffirm", "voice",
    "express", "forecast", "appeal", "apologise", "apologize", "confess", "liken", "cite",
    "order", "hold", "encourage",
}


#: verbs that report a stance only with their object and a verdict on it ("held the
#: rebels responsible"), never alone ("held talks") -> the words of the verdict
VERDICT_VERBS = {"hold": {"responsible", "accountable", "liable", "culpable"}}


#: verbs of directing someone: they report speech only with the one directed and what
#: they are to do ("ordered officials not to enforce the law", never "ordered a meal")
DIRECT_VERBS = {"order"}


#: verbs of crying out: the quotation right after one is a slogan shouted, even in
#: title case ("chanting 'Death to the Tyrant'")
CRY_VERBS = {"chant", "shout", "scream", "yell", "cry", "roar", "sing"}


#: speech verbs that things do too ("tensions threatened to flare up", "shares posted
#: gains"): they report speech only with someone as their subject
AGENT_VERBS = {"threaten", "post", "encourage"}


#: events of people gathered: their people speak ("a rally by thousands of students")
GATHERING_NOUNS = {"rally", "protest", "march", "demonstration", "procession", "vigil",
                   "gathering", "crowd", "sit-in", "strike"}


#: nouns of people acting together, besides PERSON_NOUNS
GROUP_NOUNS = {"people", "police", "public", "crowd", "group", "team", "staff", "government",
               "administration", "campaign", "family", "community", "side", "board", "panel",
               "electorate", "audience", "delegation", "opposition", "military", "authority",
               "coalition", "city", "county", "state", "country", "nation", "industry", "firm",
               "regime", "parliament", "congress", "senate", "army", "club", "school"}


#: endings of nouns of agents ("protester", "investor", "activist", "resident")
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "ant", "ent", "ee")


#: verbs whose content is an object and a following "of"/"for" phrase
BLAME_VERBS = {"accuse", "blame", "criticize", "criticise", "praise", "slam", "blast",
               "thank", "condemn", "charge"}


#: verbs whose bare object is the content ("denied the claims", "ruled out talks")
OBJECT_VERBS = {"deny", "reject", "dismiss", "admit", "acknowledge", "confirm", "mention",
                "announce", "reveal", "signal", "describe", "propose", "demand",
                "promise", "pledge", "predict", "rule", "question", "underline",
                "stress", "emphasize", "emphasise", "urge", "call", "claim", "decry",
                "label", "mock", "ask", "repeat", "reiterate", "report", "post", "tout",
                "hail", "dispute", "rebut", "denounce", "reaffirm", "voice", "express",
                "forecast", "protest", "liken", "vow", "suggest", "cite", "note"} | BLAME_VERBS


#: verbs that liken one thing to another: the object and its "to" phrase are what was
#: said, even when the object is a pronoun ("likening it to a classroom")
LIKEN_VERBS = {"liken"}


#: verbs whose content may be a gerund ("recalled meeting her"), besides OBJECT_VERBS
GERUND_VERBS = {"recall", "suggest", "explain"}


#: prepositions that go on with an object the parser hung on its verb ("proposed aid to
#: poor nations", "charged the group with crimes")
OBJECT_PREPS = {"to", "for", "with", "about", "of", "on", "against", "from", "into", "in"}


#: verbs whose content is the object of a preposition ("responded to the report")
PREP_CONTENT = {"respond": {"to"}, "reply": {"to"}, "comment": {"on", "about"}, "ask": {"about"},
                "complain": {"about", "of"}, "boast": {"about", "of"}, "joke": {"about"},
                "warn": {"of", "against", "about"}, "speak": {"about", "of", "out"},
                "talk": {"about"}, "testify": {"about", "on"}, "write": {"about", "of"},
                "apologise": {"for"}, "apologize": {"for"}}


#: verbs that call on someone, with the prepositions that name what they call for
#: ("called on Congress to act", "appealed to the people to vote")
CALL_PREPS = {"call": {"for", "on", "upon"}, "appeal": {"for", "to"}}


#: particles that make a verb a speech verb only with them ("point out", "rule out")
PARTICLE_REQUIRED = {"point": "out", "rule": "out", "go": "on", "shoot": "back",
                     "fire": "back", "hit": "back"}


#: verbs whose passive subject is the one spoken to ("Ada, asked about it, said")
ADDRESS_VERBS = {"ask", "tell", "question", "urge", "remind", "advise", "inform"} | DIRECT_VERBS


#: verbs that report speech only with a following clause or quote, never alone
CLAUSE_ONLY = {"continue", "add", "inform",
               "advise", "remind", "reason"}


#: things that carry words: "issued a statement saying" quotes whoever issued it
DOCUMENT_NOUNS = {"statement", "letter", "report", "sign", "message", "memo", "email",
                  "e-mail", "tweet", "post", "ad", "advertisement", "release", "video",
                  "note", "op-ed", "column", "petition", "resolution", "banner", "poster"}


#: occasions of speaking: "said at a news conference announcing ..." is the speaker's
OCCASION_NOUNS = {"conference", "briefing", "speech", "address", "interview", "hearing",
                  "appearance", "session", "statement"}


#: recordings that show someone speaking: "footage of Ana Ruiz saying ..." quotes her
RECORDING_NOUNS = {"footage", "video", "clip", "recording", "tape", "audio", "film", "image",
                   "images"}


#: what "reads" words out: 'the sign read "No war"', '"...," one comment read'
WORDS_THAT_READ = DOCUMENT_NOUNS | {"comment", "caption", "headline", "placard", "inscription",
                                    "slogan", "notice", "reply", "response", "card"}


#: documents and channels: as a speaker they stand for their owner or author ("the
#: ministry's website", "KFB data", "the ruling")
CHANNEL_NOUNS = DOCUMENT_NOUNS | {
    "data", "figure", "website", "site", "survey", "poll", "study", "filing", "ruling",
    "account", "page", "transcript", "communique", "readout", "notice", "decree",
    "verdict", "judgment", "judgement", "document", "text", "broadcast", "interview",
    "speech", "feed", "bulletin", "handout"}


#: channels that carry the words of the person just reported ("the statement quoted the
#: Governor", "the ruling says"), unlike a study or a poll, which speak for themselves
AUTHORED_NOUNS = {"statement", "message", "tweet", "post", "letter", "email", "e-mail",
                  "release", "memo", "note", "ruling", "communique", "readout", "speech",
                  "transcript", "decree", "verdict", "judgment", "judgement"}


#: words opening a contrast that may carry another's statement ("A said X, despite B
#: saying Y"): Y is B's, not A's
CONTRAST_MARKERS = {"despite", "notwithstanding"}


#: labels that open a headline with a colon and name no speaker ("Poll: ...",
#: "The Latest: ...")
HEADLINE_LABELS = with_folded({
    "poll", "latest", "update", "watch", "video", "photos", "exclusive", "analysis", "opinion",
    "editorial", "explainer", "factbox", "timeline", "breaking", "live", "review", "interview",
    "report", "survey", "study", "new", "revealed", "pictured", "listen", "quiz", "podcast",
    "comment"})


#: pronouns that never name a speaker ("something said", "nothing suggests")
INDEFINITE_PRONOUNS = {"something", "anything", "nothing", "everything", "whatever"}


#: pronouns that name no one in a condition ("if anyone threatens us")
HYPOTHETICAL_PRONOUNS = {"anyone", "anybody", "someone", "somebody", "whoever"}


#: nouns that report a statement of their possessor ("his claim that", "her call for")
SPEECH_NOUNS = {"claim", "promise", "call", "criticism", "question", "proposal",
                "suggestion", "assertion", "accusation", "warning", "comment", "complaint",
                "argument", "announcement", "pledge", "vow", "remark", "allegation",
                "demand", "insistence", "denial", "admission", "threat", "statement",
                "prediction", "plea", "appeal", "charge", "attack", "praise", "defense",
                "defence", "description", "characterization", "explanation", "message"}


#: verbs that handle a document: a speech noun that may name a paper (PAPER_NOUNS) as
#: their object is one handed in or looked at ("the OPW has received the council's
#: proposal for a tidal barrier"), whose subject matter is no statement
HANDLING_VERBS = {"receive", "submit", "lodge", "file", "table", "assess", "examine",
                  "review", "evaluate", "study", "consider", "approve", "fund", "publish",
                  "process", "forward", "send", "draft"}
PAPER_NOUNS = {"proposal", "statement", "message", "complaint", "appeal", "plea"}


#: words that name a part of the group after them ("most of the voters")
QUANTIFIERS = {"most", "many", "some", "all", "both", "half", "none", "few", "several",
               "each", "one", "two", "three", "majority", "minority", "dozens", "hundreds",
               "thousands", "millions", "scores", "tens"}


PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}


FEMALE_TITLES = {"mrs", "ms", "miss", "dame", "lady", "queen", "princess"}


MALE_TITLES = {"mr", "sir", "lord", "king", "prince"}


#: role nouns that tell a person's gender
ROLE_GENDER = {w: "m" for w in ("husband", "father", "son", "brother", "uncle", "nephew",
                                "grandfather", "king", "prince", "spokesman", "chairman",
                                "boyfriend", "widower", "actor", "businessman")}
ROLE_GENDER |= {w: "f" for w in ("wife", "mother", "daughter", "sister", "aunt", "niece",
                                 "grandmother", "queen", "princess", "spokeswoman",
                                 "chairwoman", "girlfriend", "widow", "actress",
                                 "businesswoman")}


#: nouns of leading a body: a description may use any of them for any other ("the
#: central bank leader" for the bank's governor, "the chief" for a chairman)
LEADER_WORDS = {"leader", "president", "premier", "chancellor", "prime", "head", "chief",
                "governor", "chair", "director", "boss", "pope", "king", "queen", "mayor",
                "ceo", "commissioner", "secretary", "minister", "ayatollah"}


#: verbs of holding an office, with the office's noun: "Ama Mensah, who chairs the
#: Harbour Trust," is "chair of the Harbour Trust"
OFFICE_VERBS = {"chair": "chair", "head": "head", "lead": "leader", "direct": "director",
                "manage": "manager", "own": "owner", "edit": "editor", "govern": "governor",
                "coach": "coach", "captain": "captain", "found": "founder",
                "co-found": "co-founder"}
#: offices held for good once taken: "who founded the food bank" is still its founder
LASTING_OFFICES = {"found", "co-found"}


#: words a weather event is named after ("Storm Delia", "Hurricane Milton", "Super Typhoon
#: Haikui"): the name that follows is the event's, never a speaker's
WEATHER_EVENT_WORDS = {"storm", "hurricane", "typhoon", "cyclone", "tornado", "blizzard",
                       "medicane", "windstorm"}


#: the leader words that name no particular office: "the FSS chief" may be the governor
#: of the FSS, but "the mayor" is not the fire chief
GENERIC_LEADER_WORDS = {"leader", "head", "chief", "boss"}


#: nouns of family: a person so described is someone's relation, which says who they
#: are only with whose it is ("Mensah's husband", never "her husband")
KIN_WORDS = {"husband", "wife", "father", "mother", "son", "daughter", "brother", "sister",
             "uncle", "aunt", "nephew", "niece", "cousin", "grandfather", "grandmother",
             "grandson", "granddaughter", "boyfriend", "girlfriend", "fiance", "fiancee",
             "widow", "widower", "parent", "child", "stepfather", "stepmother", "stepson",
             "stepdaughter", "sibling"}


#: nouns that name a person by a relation to someone else ("his Greens counterpart"):
#: only their modifiers tell who
RELATIONAL_WORDS = {"counterpart", "colleague", "partner", "rival", "opponent", "ally",
                    "successor", "predecessor"}


#: words that open a sentence or clause and are never part of the name after them, however
#: the tagger reads them ("But Siobhán Ní Bhriain, a councillor, said")
CLAUSE_OPENERS = {"but", "and", "or", "nor", "so", "yet", "however", "still", "meanwhile",
                  "moreover", "furthermore", "nevertheless", "nonetheless", "instead", "also",
                  "now", "then", "later", "earlier", "separately", "elsewhere", "indeed",
                  "similarly", "likewise", "today", "yesterday", "tonight", "there", "here",
                  "when", "while", "as", "if", "though", "although", "because", "since",
                  "after", "before", "finally", "again", "even", "only", "thus", "hence"}


#: nouns that describe a person, not a body: a name set beside one is a person's
PERSON_NOUNS = with_folded({
    "assistant", "official", "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor",
    "aide", "resident", "member", "analyst", "lawyer", "attorney", "economist", "professor",
    "student", "activist", "lawmaker", "legislator", "candidate", "veteran", "mother", "father",
    "son", "daughter", "wife", "husband", "owner", "founder", "executive", "officer", "deputy",
    "actor", "actress", "singer", "author", "writer", "journalist", "researcher", "scientist",
    "doctor", "nurse", "teacher", "farmer", "worker", "strategist", "envoy", "diplomat",
    "negotiator", "judge", "prosecutor", "senator", "representative", "councillor", "councilor",
    "mayor", "minister", "secretary"})


#: people who speak for a body: unnamed, the body is the speaker
SPOKES_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen",
                "spokeswomen", "mouthpiece"}


#: words that end or mark the names of bodies ("Apple Inc., the maker of ...")
ORG_WORDS = with_folded({
    "inc", "corp", "co", "ltd", "llc", "plc", "group", "company", "bank", "ministry", "department",
    "agency", "party", "university", "council", "committee", "commission", "association", "union",
    "institute", "foundation", "court"})


#: role nouns news uses for one another ("the top aide" for "a senior adviser", "the
#: Pontiff" for the Pope)
ROLE_SYNONYMS = {"aide": "adviser", "advisor": "adviser", "spokeswoman": "spokesperson",
                 "spokesman": "spokesperson", "premier": "prime", "pontiff": "pope",
                 "chairman": "chair", "chairwoman": "chair", "chairperson": "chair",
                 "ambassador": "envoy", "diplomat": "envoy", "gov": "governor",
                 "sen": "senator", "rep": "representative", "pres": "president",
                 "prof": "professor", "lawmaker": "legislator"}


#: modifiers of rank that a description adds to the role it repeats
DEGREE_WORDS = {"top", "senior", "key", "chief", "close", "longtime", "veteran", "former"}


MEDIA_WORDS = {"paper", "newspaper", "outlet", "daily", "publication", "magazine",
               "broadcaster", "network", "agency", "tabloid", "website", "site"}


SPEAKER_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "WORK_OF_ART"}


DOUBLE_OPEN, DOUBLE_CLOSE = "\u201c\u201e\u00ab", "\u201d\u00bb"


SINGLE_OPEN, SINGLE_CLOSE = "\u2018", "\u2019"


QUOTE_CHARS = "\"'" + DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE


_WORD = re.compile(r"\w")


def _verb_read_as_noun(t: Token) -> bool:
    """A speech verb the tagger took for a noun heading a sentence with no verb ("Trump
    charges that ...", "The union forecast that ..."): a noun before it is its subject,
    and it governs a clause, which no such noun does."""
    return t.pos_ == "NOUN" and t.dep_ == "ROOT" and t.lemma_.lower() in SPEECH_VERBS and any(
        c.dep_ in ("nsubj", "compound") and c.i < t.i and c.pos_ in ("NOUN", "PROPN")
        for c in t.children) and any(
        c.dep_ == "ccomp" or c.dep_ in ("relcl", "acl") and c.i > t.i and any(
            m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for c in t.children)


def _subject_before(t: Token) -> Token:
    """The subject of a verb read as a noun: the noun nearest before it."""
    return max((c for c in t.children if c.dep_ in ("nsubj", "compound") and c.i < t.i
                and c.pos_ in ("NOUN", "PROPN")), key=lambda c: c.i)


def _is_speech_verb(t: Token) -> bool:
    """A verb reporting speech by its subject; the bare passive participle of a verb of
    address ("X, asked about it, said") reports what was said to the subject."""
    lemma = t.lemma_.lower()
    if lemma == "read" and t.pos_ == "VERB":  # 'the banner read "..."', '"...," a comment read'
        return any(c.dep_ == "nsubj" and c.lemma_.lower() in WORDS_THAT_READ for c in t.children)
    if t.pos_ not in ("VERB", "AUX") and not _verb_read_as_noun(t) or (
            lemma not in SPEECH_VERBS or lemma == "be"):
        return False
    if lemma in VERDICT_VERBS and (  # "held them responsible", not "held up a sign",
            # "could hold them liable" (a verdict not given) or "was held responsible"
            any(c.dep_ in ("prt", "auxpass") or c.tag_ == "MD" for c in t.children) or not any(
                w.lower_ in VERDICT_VERBS[lemma] for w in t.doc[t.i + 1:t.sent.end])):
        return False
    if lemma in ADDRESS_VERBS and any(c.dep_ == "auxpass" for c in t.children) and any(
            c.dep_ == "xcomp" for c in t.children) and not any(
            c.dep_ == "agent" for c in t.children):
        return False  # "Drivers are asked to use the ring road": an instruction, by nobody
        # named (the one "told" after a quotation is told it by its speaker)
    if lemma == "promise" and t.tag_ == "VBG" and t.i + 1 < len(t.doc) and (
            t.doc[t.i + 1].head.i == t.i and t.doc[t.i + 1].dep_ == "dobj"
            and t.doc[t.i + 1].pos_ == "NOUN") and not any(
            c.dep_ in ("xcomp", "ccomp", "aux", "nsubj") for c in t.children):
        return False  # "reports promising results": an adjective the tagger read as a verb
    if lemma in PARTICLE_REQUIRED and not any(  # "went on", "shot back"
            c.dep_ in ("prt", "advmod") and c.lower_ == PARTICLE_REQUIRED[lemma]
            for c in t.children):
        return False
    return not (t.tag_ in ("VBN", "VBD") and t.dep_ in ("advcl", "acl")
                and t.lemma_ in ADDRESS_VERBS and t.i > 0 and t.doc[t.i - 1].text == ","
                and not any(c.dep_ in ("aux", "auxpass", "agent", "nsubj", "nsubjpass")
                            for c in t.children))
