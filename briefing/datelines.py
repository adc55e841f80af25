"""Where and when a paragraph was filed, opening it: a wire dateline ("PARIS (Reuters) -
", "KELLHAVEN, 1 December 2026 - ") or a live blog's time ("13:30 - "). Neither is what
anyone said nor what happened, so summaries (which cite the source instead) and
statements (which never start with one, nor take the place for a role) skip it."""
from __future__ import annotations

import re

#: a word of a place's name in title case ("Vatican", "Winston-Salem", "St.", "Port-au-Prince")
_PLACE_WORD = r"[A-Z][a-zà-ÿ'’.]*(?:-[A-Za-zà-ÿ'’.]+)*"
#: a place's name in title case, at most four words and "de", "of" and the like between
#: them ("Vatican City", "Rio de Janeiro", "Stoke-on-Trent")
_TITLE_CASE_PLACE = (rf"{_PLACE_WORD}(?:\s(?:(?:de|da|do|del|la|le|of|on|upon|am|el|al)\s)?"
                     rf"{_PLACE_WORD}){{0,3}}")
#: the agency a title-case place must be followed by, in brackets: initials ("AFP",
#: "KDKA") or a wire's name
_AGENCY = r"[A-Z]{2,6}|Reuters|Bloomberg|Xinhua|Kyodo|Yonhap|Interfax|Anadolu|Bernama|dpa|Sputnik"

#: words that make a title-case name with initials in brackets a body's, not a place's
#: ("Kellhaven Harbour Trust (KHT) - The trust said ...")
_BODY_WORDS = (r"Party|Council|Trust|Group|Inc|Ltd|Corp|Corporation|Company|Bank|Union|"
               r"Ministry|Department|Agency|Association|Committee|Commission|Board|Authority|"
               r"Institute|University|Foundation|Society|Organi[sz]ation|Service|Federation")

#: a wire dateline opening a lead: the place in capitals, then what follows it (", Pa.",
#: ", Italy, Feb. 25", ", 1 December 2026"), the agency in brackets, a dash
#: ("PARIS (Reuters) - ", "ALLENTOWN, Pa. (AP) — ", "WASHINGTON—", "(CNN) -- ", a press
#: release's "KELLHAVEN, 2 December 2026 /PRNewswire/ -- "); or a
#: live blog's time ("15:05 - "). A place in title case ("Vatican City (AFP) - ") is one
#: only with its agency in brackets, 2-6 capitals or a wire's name, and the dash: an
#: ordinary sentence's opening name with a bracket ("Smith (R-Texas) - ") or a body's
#: with its initials ("Kellhaven Harbour Trust (KHT) - ") is none
WIRE_DATELINE = re.compile(
    r"(?:\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?(?:\s[A-Z]{2,4})?\s*"   # a live blog's time
    r"|[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+)*"      # the place
    r"(?:,[^,()\n—–]{1,25}){0,2}\s*"                 # its state, country or date
    r"(?:\([^()\n]{1,30}\)\s*|/[^/\n]{1,30}/\s*)?"   # the agency ("(AP)", "/PRNewswire/")
    rf"|(?![^()\n]*\b(?:{_BODY_WORDS})\b){_TITLE_CASE_PLACE}"  # or a place in title case,
    r"(?:,\s?[A-Z][\w.'’]*(?:\s[A-Z][\w.'’]*)?){0,2}\s*"   # its state or country,
    rf"\((?:{_AGENCY})\)\s*"                          # its agency, which it must name
    r"|\([^()\n]{1,30}\)\s*)"                        # or the agency alone
    r"(?:\s*(?:--|[—–])|(?<=\s)-(?=\s))\s*"          # a dash (a hyphen between spaces)
    r"(?=[A-Z0-9“\"‘'])")


#: the dash of a dateline the parser cut off before it, opening a sentence
LEFT_DASH = re.compile(r"(?:--|[—–])\s*(?=[A-Z0-9“\"‘'])")


def dateline_length(text: str) -> int:
    """Characters of the dateline ``text`` opens with, the space after it included; 0
    when it opens with none."""
    found = WIRE_DATELINE.match(text)
    return found.end() if found else 0


def after_dateline(span):
    """A spaCy span without the dateline it opens with, nor the dash the parser leaves
    when it ends a sentence at the dateline ("... /PRNewswire/" | "-- Kellhaven Airport
    today announced ..."); the span itself when it opens with neither, or is nothing else."""
    left = LEFT_DASH.match(span.text)
    skip = dateline_length(span.text) or (left.end() if left else 0)
    start = next((t.i for t in span if t.idx >= span.start_char + skip), None) if skip else None
    return span if start is None else span.doc[start:span.end]
