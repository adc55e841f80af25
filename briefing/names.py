"""Canonical names of people, places and organisations, shared by clustering and quotes.

News spells one person many ways: "Zelensky", "Zelenskyy", "VOLODYMYR Zelenskyy",
"Ukrainian President Volodymyr Zelensky", "Mr Zelenskyy". ``name_key`` folds a surface
form to a comparable key so that both stages agree on who is who.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from difflib import SequenceMatcher
from functools import lru_cache

#: forms of address that say nothing of a person's office
COURTESY_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady"})
#: ranks and styles of address: a title a person keeps whatever post they hold, so a
#: description of the post ("Captain Sean O'Neill, the lifeboat operations manager")
#: says more of who is speaking
RANKS_AND_STYLES = frozenset({
    "prof", "professor", "rev", "reverend", "father", "pastor", "gen", "general", "col",
    "colonel", "lt", "lieutenant", "capt", "captain", "sgt", "sergeant", "adm", "admiral",
    "cmdr", "commander", "maj", "major", "brigadier", "corporal"})
#: words that precede a name but are not part of it (titles, honorifics)
HONORIFICS = COURTESY_TITLES | {
    "prof", "professor", "rev", "gen", "general", "sen", "senator", "rep", "gov", "governor",
    "president", "minister", "taoiseach", "tanaiste", "chancellor", "king", "queen", "prince", "princess", "pope",
    "judge", "justice", "mayor", "secretary", "chair", "chairman", "chairwoman",
    "chairperson", "chief", "deputy", "vice", "premier", "ambassador", "commissioner",
    "ayatollah", "sheikh", "imam", "rabbi", "cardinal", "bishop", "archbishop", "speaker",
    "lt", "col", "capt", "sgt", "adm", "cmdr", "supt", "insp", "leader", "spokesman",
    "spokeswoman", "spokesperson", "director", "founder", "actor", "actress", "analyst",
    "coach", "envoy", "adviser", "advisor", "aide", "councillor", "councilor", "inspector",
    "detective", "constable", "trooper", "officer", "sergeant", "corporal", "pastor",
    "father", "engineer", "agent", "commander", "captain", "colonel", "lieutenant",
    "marshal", "admiral", "superintendent", "sheriff", "dean", "principal", "chef", "dj",
    "cllr", "alderman"}

_POSSESSIVE = re.compile(r"['’]s?$")


#: particles of patronymic surnames, which only people bear: Irish "Ní", "Nic", "Mac",
#: "Ó" ("Siobhán Ní Bhriain", "Seán Ó Briain"), Arabic "bin", "ibn" (folded)
PATRONYMICS = frozenset({"ni", "nic", "mac", "mhic", "o", "ua", "ui", "bin", "ibn", "binti"})
#: words inside a name that are no name of their own: patronymic and nobiliary particles
#: ("Ursula von der Leyen", "José María Álvarez del Manzano"), folded; a name never ends
#: with one
NAME_PARTICLES = PATRONYMICS | {"von", "van", "der", "den", "de", "del", "della", "di", "da",
                                "dos", "das", "du", "la", "le", "ter", "ten", "y", "al", "el"}


def is_particle(word: str) -> bool:
    """Whether a word is a name particle (:data:`NAME_PARTICLES`): "Ní", "von", "del"."""
    return fold(word) in NAME_PARTICLES


#: occupations news sets before a name like a title ("Forecaster Ciaran Walsh said"),
#: none of them also a given name (not "Hunter", "Baker" or "Mason"); with every
#: "-ologist" ("Meteorologist Anna Berg")
OCCUPATIONS = frozenset({
    "forecaster", "economist", "strategist", "pollster", "historian", "physician", "surgeon",
    "scientist", "researcher", "lawyer", "attorney", "prosecutor", "activist", "journalist",
    "reporter", "correspondent", "columnist", "manager", "ceo", "paramedic", "firefighter",
    "astronaut", "architect", "novelist", "farmer", "fisherman", "teacher", "nurse",
    "mediator", "negotiator", "librarian", "striker", "goalkeeper", "midfielder", "defender",
    "referee", "jockey", "headteacher", "midwife", "organiser", "organizer",
    # what a local story calls the people it asks ("Resident Grete Solberg, 71, said")
    "resident", "commuter", "passenger", "motorist", "shopper", "witness", "shopkeeper",
    "pensioner", "volunteer", "visitor", "neighbour", "neighbor", "homeowner", "tenant",
    "cyclist", "pedestrian", "customer", "patient", "survivor", "trader", "student"})


@lru_cache(maxsize=65536)
def strip_accents(word: str) -> str:
    """``word`` with its accents taken off ("Grünberg" -> "Grunberg")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def fold(word: str) -> str:
    """Lower-case, strip accents and fold common transliteration variants.

    Zelenskyy/Zelensky, Sergei/Sergey, Podoliak/Podolyak fold to one spelling.
    """
    word = strip_accents(word).lower()
    word = _POSSESSIVE.sub("", word)
    word = re.sub(r"[^a-z0-9-]", "", word)
    word = re.sub(r"(?<=[a-z])(yy|iy|ii|ij|yi)$", "y", word)  # Zelenskyy, Zelenskiy
    word = re.sub(r"(?<=[a-z])ei$", "ey", word)                 # Sergei -> Sergey
    word = re.sub(r"(?<=[a-z])ia(?=[a-z])", "ya", word)         # Podoliak -> Podolyak
    return word


#: title words that describe a job rather than name an office: news writes them in
#: lower case in running text ("a council spokeswoman", "forecaster Ciaran Walsh"), so a
#: capital before a name is the sentence's; every occupation and every "-ologist" too
JOB_WORDS = OCCUPATIONS | {"spokesman", "spokeswoman", "spokesperson", "founder", "actor",
                           "actress", "analyst", "adviser", "advisor", "aide", "engineer",
                           "chef", "dj", "envoy"}

#: folded as the words looked up are ("mediator" folds to "medyator")
_TITLE_WORDS = frozenset(fold(w) for w in HONORIFICS | OCCUPATIONS)
_JOB_WORDS = frozenset(fold(w) for w in JOB_WORDS)


def _folded_forms(word: str) -> tuple[str, str]:
    """A word folded, and its singular ("Senators" -> "senators", "senator")."""
    f = fold(word)
    return f, f[:-1] if len(f) > 3 and f.endswith("s") else f


def is_title(word: str) -> bool:
    """Whether a word is a title, honorific or occupation, singular or plural ("Senators")."""
    f, single = _folded_forms(word)
    return f in _TITLE_WORDS or single in _TITLE_WORDS or single.endswith("ologist")


def is_job_title(word: str) -> bool:
    """Whether a title word describes a job (:data:`JOB_WORDS`: "Spokeswoman",
    "Forecaster", "Meteorologist") rather than naming an office ("Mayor", "Senator"), which
    keeps its capital before a name wherever it stands."""
    f, single = _folded_forms(word)
    return f in _JOB_WORDS or single in _JOB_WORDS or single.endswith("ologist")


def name_tokens(surface: str) -> list[str]:
    """Folded tokens of a name with honorifics and titles removed (see _name_tokens)."""
    return list(_name_tokens(surface))


@lru_cache(maxsize=65536)
def _name_tokens(surface: str) -> tuple[str, ...]:
    """Folded tokens of a name with honorifics and titles removed.

    Hyphens split tokens for matching only: "Kim Jong-un", "Kim Jong Un" and "Kim Jong
    un" give one token list, while the display keeps the form the article prints.
    """
    words = [w for w in re.split(r"\s+", surface.strip()) if w]
    # "Gov. Lee", "Finance Minister Karl Berg": titles go, but a last word is a surname
    # even when it spells a title (Julie Bishop)
    words = [w for w in words[:-1] if not is_title(w)] + words[-1:]
    if len(words) == 1 and is_title(words[0]):
        return ()  # "President" alone names nobody
    tokens = [fold(t) for w in words for t in re.split(r"[-\u2010\u2011]", w)]
    return tuple(t for t in tokens if t and t not in COURTESY_TITLES)


def name_key(surface: str) -> str:
    """The key two mentions of one entity share: the folded last name token.

    Good enough to match "Volodymyr Zelenskyy" with "Zelensky"; callers that must tell
    two people with one surname apart compare full token lists as well.
    """
    tokens = name_tokens(surface)
    return tokens[-1] if tokens else ""


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion or substitution."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def _first_names_compatible(a: str, b: str) -> bool:
    """Transliterations (Vladimir/Volodymyr) and initials agree; Donald/Melania do not."""
    if a == b or a[:1] != b[:1]:
        return a == b
    if len(a) == 1 or len(b) == 1 or _one_edit(a, b):
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.55


def _given(tokens: tuple[str, ...]) -> str:
    """The given name of a name's folded tokens: its first, when it has a surname after
    it and is no particle ("von der Leyen" gives none)."""
    return tokens[0] if len(tokens) > 1 and tokens[0] not in NAME_PARTICLES else ""


#: generational suffixes after a surname ("John G. Roberts Jr."), which say which of a
#: family's namesakes is meant, not which family
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _split_suffix(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    """Folded name tokens without a generational suffix at the end, and the suffix."""
    if len(tokens) > 1 and tokens[-1] in NAME_SUFFIXES:
        return tokens[:-1], tokens[-1]
    return tokens, None


def same_person(a: str, b: str) -> bool:
    """Whether two proper-name surface forms can name one entity.

    Last names must fold equal, or differ by one dropped or added letter (the usual
    typo: Tump/Trump, not Bush/Rush) when both forms give the same first name. First
    names, when both forms give one, must be compatible. A lone word may also be the
    first word of a full name: a family name written first ("Lee" for "Lee Ju-yeol",
    "Xi" for "Xi Jinping"), or a given name a feature uses ("Aayush"). A generational
    suffix ("Jr.") is no surname, but two forms beyond a bare surname must agree on it.
    """
    (ta, suffix_a), (tb, suffix_b) = (_split_suffix(name_tokens(a)),
                                      _split_suffix(name_tokens(b)))
    if not ta or not tb:
        return False
    if suffix_a != suffix_b and (len(ta) > 1 or suffix_a) and (len(tb) > 1 or suffix_b):
        return False  # "Donald Trump Jr." and "Donald Jr." are not "Donald J. Trump"
    if (len(ta) == 1) != (len(tb) == 1) and (ta if len(ta) == 1 else tb)[0] == (
            tb if len(ta) == 1 else ta)[0]:
        return True
    # a particle is no given name: "Ní Bhriain" is "Siobhán Ní Bhriain" shortened
    first_a, first_b = (_given(ta), _given(tb))
    if ta[-1] != tb[-1]:
        if not (min(len(ta[-1]), len(tb[-1])) >= 4 and len(ta[-1]) != len(tb[-1])
                and _one_edit(ta[-1], tb[-1])
                and first_a and first_a == first_b):
            return False
    return not (first_a and first_b) or _first_names_compatible(first_a, first_b)


def looks_like_name(surface: str) -> bool:
    """A proper name ("Sergey Lavrov", "White House", "Ursula von der Leyen"), not a
    description ("officials", "the ministry"): every word capitalised but the particles
    inside it, and something left once titles are gone."""
    words = surface.split()
    return bool(words) and words[0][:1].isupper() and words[-1][:1].isupper() and all(
        w[:1].isupper() or is_particle(w) for w in words) and bool(name_tokens(surface))


#: short words that a text set in capitals writes in capitals too, but natural case does
#: not, past the first word ("CEO OF ACME": "CEO of Acme"; "CHARLES DE GAULLE"); not
#: the particles some families write with a capital ("Le Pen", "Di Maio")
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "to", "in", "on", "at", "by", "a", "an",
                          "de", "da", "del", "der", "van", "von", "bin"})


def natural_case(surface: str, spelling: Mapping[str, str] | None = None) -> str:
    """Title-case words written in capitals ("VOLODYMYR" -> "Volodymyr"), keep the rest.

    A word the article spells in running text is spelled so (``spelling``: lower-case
    word -> its usual spelling there: "NASA", "Lee", "of"). Otherwise short all-capital
    words (JD, US, NATO) are initials or acronyms and stay, and so do dotted
    abbreviations (U.S., M.E.N.); short words such as "of" and "de" are in lower case past
    the first word; hyphenated parts keep their hyphens ("JU-YEOL" -> "Ju-Yeol").
    """
    def word(w: str, first: bool) -> str:
        if not w.isupper():
            return w
        if spelling and w.lower() in spelling:
            return spelling[w.lower()]
        if not first and w.lower() in _SMALL_WORDS:
            return w.lower()
        parts = re.split(r"([-\u2010\u2011'\u2019])", w)
        if not (len(w) > 3 and all(p.isalpha() or not p.strip("-\u2010\u2011'\u2019")
                                   for p in parts)):
            return w
        return "".join(p.capitalize() if p.isalpha() else p for p in parts)
    return " ".join(word(w, k == 0) for k, w in enumerate(surface.split()))


def canonical_names(surfaces: Iterable[str]) -> dict[str, str]:
    """Map each proper-name surface form to the display name of its entity.

    Forms are grouped with :func:`same_person`, fullest forms first; a short form
    ("Zelensky", "Trump") joins the most-mentioned group it is compatible with. The
    display name is the fullest form whose last name most mentions agree on (so a
    one-off typo never wins), without a title when one is written without it ("Keir
    Starmer", not "Sir Keir Starmer"), in natural case.
    """
    counts = Counter(s.strip() for s in surfaces if s and s.strip() and name_tokens(s))
    ordered = sorted(counts, key=lambda s: (-len(name_tokens(s)), -counts[s], s))
    groups: list[list[str]] = []
    for surface in ordered:
        homes = [g for g in groups if any(same_person(surface, m) for m in g)
                 and all(same_person(surface, m) for m in g
                         if name_key(m) == name_key(surface))]
        if homes:
            # a bare "Trump" beside "Donald J. Trump" and "Donald Trump Jr." is the one
            # without the suffix, whoever is mentioned more
            suffix = _split_suffix(name_tokens(surface))[1]
            max(homes, key=lambda g: (_split_suffix(name_tokens(g[0]))[1] == suffix,
                                      sum(counts[m] for m in g))).append(surface)
        else:
            groups.append([surface])
    mapping: dict[str, str] = {}
    for group in groups:
        last_support: Counter[str] = Counter()
        for member in group:
            last_support[name_key(member)] += counts[member]

        def rank(m: str) -> tuple[int, int, int, int, int, str]:
            shouting = sum(w.isupper() and len(w) > 3 for w in m.split())
            titled = sum(fold(w) in HONORIFICS for w in m.split())
            return (len(name_tokens(m)), last_support[name_key(m)], -shouting, -titled,
                    counts[m], m)

        best = natural_case(max(group, key=rank))
        for member in group:
            mapping[member] = best
    return mapping
