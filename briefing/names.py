"""Canonical names of people, places and organisations, shared by clustering and quotes.

News spells one person many ways: "Zelensky", "Zelenskyy", "VOLODYMYR Zelenskyy",
"Ukrainian President Volodymyr Zelensky", "Mr Zelenskyy". ``name_key`` folds a surface
form to a comparable key so that both stages agree on who is who.
"""
from __future__ import annotations

import re
import unicodedata

#: words that precede a name but are not part of it (titles, honorifics)
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof",
              "professor", "rev", "gen", "general", "sen", "senator", "rep", "gov",
              "governor", "president", "minister", "chancellor", "king", "queen",
              "prince", "princess", "pope", "judge", "justice", "mayor", "secretary"}

_POSSESSIVE = re.compile(r"['’]s?$")


def fold(word: str) -> str:
    """Lower-case, strip accents and fold common transliteration variants.

    Zelenskyy/Zelensky, Sergei/Sergey, Podoliak/Podolyak fold to one spelling.
    """
    word = unicodedata.normalize("NFKD", word)
    word = "".join(c for c in word if not unicodedata.combining(c)).lower()
    word = _POSSESSIVE.sub("", word)
    word = re.sub(r"[^a-z0-9-]", "", word)
    word = re.sub(r"(?<=[a-z])(yy|iy|ii|ij|yi)$", "y", word)  # Zelenskyy, Zelenskiy
    word = re.sub(r"(?<=[a-z])ei$", "ey", word)                 # Sergei -> Sergey
    word = re.sub(r"(?<=[a-z])ia(?=[a-z])", "ya", word)         # Podoliak -> Podolyak
    return word


def name_tokens(surface: str) -> list[str]:
    """Folded tokens of a name with honorifics and titles removed."""
    tokens = [fold(t) for t in re.split(r"[\s]+", surface.strip()) if t]
    tokens = [t for t in tokens if t and t not in HONORIFICS]
    return tokens


def name_key(surface: str) -> str:
    """The key two mentions of one entity share: the folded last name token.

    Good enough to match "Volodymyr Zelenskyy" with "Zelensky"; callers that must tell
    two people with one surname apart compare full token lists as well.
    """
    tokens = name_tokens(surface)
    return tokens[-1] if tokens else ""
