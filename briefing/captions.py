"""What a picture's caption and credit look like, for every stage that leaves them out:
cleaning (a line of the page), titles (a caption in a headline's place), summaries (a
sentence) and who said what (a statement with the credit of the picture under it).

- A credit: "Photo: Ann Lee", "(AP Photo/Ann Lee)", "REUTERS/Ann Lee", "Getty Images",
  "(Ann Lee/The Harbour Herald)".
  A line ending in one is a caption (:func:`is_caption`); a line opening with one is a
  credit (:data:`PHOTO_CREDIT`); a statement ending in one ends before it
  (:func:`credit_start`).
- A caption marker: "Image caption", "Hide caption", "Photos:" (:data:`CAPTION_MARKER`):
  what follows it on the line is a caption.
- A caption in prose, its credit gone: it says in the present what the people pictured
  do (:func:`is_a_caption`), or what a picture shows, or points at one
  (:func:`describes_a_picture`). Both read a parsed sentence (a spaCy span).
"""
from __future__ import annotations

import re

from .names import HONORIFICS, JOB_WORDS

#: a quotation in straight or curly marks: words in it are the speaker's, not the page's
QUOTATION = re.compile(r"\"[^\"]*\"|“[^”]*”")

#: the word a picture's credit opens with ("Photo: Ann Lee", "Pictures by ...")
_CREDIT_WORD = r"(?:photo|photograph|picture|image|pic|credit|photo credit)"
#: a picture's credit ending a caption, not in brackets: "... Photo: Ann Lee", "...
#: Credit: Ann Lee/Harbour Herald", or after a sentence's end "... Picture by Ann Lee",
#: or a picture agency's name ("... Getty Images")
_CAPTION_CREDIT = re.compile(
    rf"(?:(?:^|\s){_CREDIT_WORD}\s*:"
    r"|(?:^|[.!?]\s+|\s[|–—-]\s+)(?:photo|photograph|picture|image|pic)s?\s+by)"
    r"\s*[A-Z][\w'’.-]*(?:[ /][\w'’.&-]+){0,5}(?<![a-z]{2}\.)$"
    r"|\b(?:getty images|shutterstock|istockphoto|alamy)$", re.I)
#: a wire photographer's credit ending a caption ("... REUTERS/Ann Lee", "AFP/Getty")
_AGENCY_CREDIT = re.compile(r"\s(?:REUTERS|Reuters|AFP|AP|EPA|AAP|PA|ANP|dpa)(?:\s+Photo)?"
                            r"/[A-Z][\w'’.-]*(?:[ /][\w'’.&-]+){0,4}(?<![a-z]{2}\.)$")
#: a credit in brackets ending the line ("(Photo: Ann Lee)", "(AP Photo/Ann Lee)")
_BRACKETED_CREDIT = re.compile(
    rf"[(\[]{_CREDIT_WORD}s?\s*(?:by\b|:)"
    r"[^()\[\]]*[)\]]$"
    r"|\((?:ap photo\b[^)]*|getty images|reuters|afp)\)$", re.I)
#: another agency's photo credit in brackets ("(AFP Photo/Ann Lee)"): it ends a statement
#: the page ran into it, but a line ending in one is no caption by it alone: agencies'
#: pages end their standfirst with it ("Pope Francis apologised ... (AFP Photo/...)")
_AGENCY_PHOTO_CREDIT = re.compile(r"\((?:afp|epa|aap|anp|reuters) photo\b[^)]*\)$", re.I)
#: a photographer's name and outlet in brackets ending a caption ("... at the pier on
#: Monday. (Ann Lee/The Harbour Herald)", "(Ann Lee/HGZ)"): the outlet "The ..." or one
#: word, not an office ("(Kellhaven Council/Press Office)" attributes a statement); an
#: agency's "(AFP Photo/Ann Lee)" is :data:`_AGENCY_PHOTO_CREDIT`'s
_NAMED_CREDIT = re.compile(r"\((?![^()]*\b(?:Photo|Picture|Image)s?\s*/)"
                           r"(?:[A-Z][\w'’.-]*\s){1,3}[A-Z][\w'’.-]*\s?/\s?"
                           r"(?:The(?:\s[A-Z][\w&'’.-]*){1,3}|[A-Z][\w&'’.-]*)\)$")
#: a line opening with a picture's credit ("Photo: Ann Lee", "(Pictures by ...") or
#: naming a picture agency ("Getty Images", "AP Photo"), or a bracketed credit alone
#: ("(Harbour Herald Staff Photo/Ann Lee)")
PHOTO_CREDIT = re.compile(
    rf"^\(?{_CREDIT_WORD}s?\s*(?:by\b|:)|"
    r"\b(?:stock photo|getty images|shutterstock|istockphoto|ap photo)\b|"
    r"^\([^()]*\b(?:photo|photograph|picture|image)s?\s*(?:/|by\b|:)[^()]*\)$", re.I)
#: caption and gallery markers: what follows them on the line is a picture's caption
CAPTION_MARKER = re.compile(
    r"\b(?:image|media|hide|toggle|read|view) caption\b|\bimage copyright\b|"
    r"\benlarge this image\b|^\(?(?:photos?|images?|pictures?|gallery|slideshow|video|watch)\s*:|"
    r"\((?:associated press|ap photo\b[^)]*|reuters|afp|getty images)\)$", re.I)


def is_caption(text: str) -> bool:
    """A picture's caption: a line ending in the picture's credit ("The pier on Monday.
    Photo: Ann Lee", "... REUTERS/Ann Lee", "... (Getty Images)")."""
    return bool(_CAPTION_CREDIT.search(text) or _AGENCY_CREDIT.search(text)
                or _BRACKETED_CREDIT.search(text) or _NAMED_CREDIT.search(text))


#: a wire agency's tag after a statement's last stop ("... in spring./ REUTERS")
_AGENCY_TAG = re.compile(r"(?<=[.!?\"”])\s*/\s*(?:REUTERS|Reuters|AFP|AP|EPA|AAP|PA|ANP|dpa)$")


def credit_start(text: str) -> int | None:
    """Where a picture's credit or an agency's tag ending ``text`` starts ("... in
    spring (Photo: Ann Lee)", "... in spring. (AFP Photo/Jim Watson)", "... in spring./
    REUTERS"), or None: a statement the page runs into its picture's credit ends before
    it. An unbracketed "Photo: Ann Lee" counts only after a sentence's end (not "the
    bigger picture: Brexit")."""
    found = [m.start() for pattern in (_AGENCY_CREDIT, _BRACKETED_CREDIT, _AGENCY_PHOTO_CREDIT,
                                       _NAMED_CREDIT, _AGENCY_TAG) if (m := pattern.search(text))]
    loose = _CAPTION_CREDIT.search(text)
    if loose and text[:loose.start()].rstrip()[-1:] in tuple(".!?\"”’)"):
        found.append(loose.start())
    return min(found) if found else None


#: what a caption says a picture is; a sentence whose subject is one of these and whose
#: verb is "show" describes a picture the briefing does not carry ("A photo from the
#: shipping company shows damage from the collision")
_PICTURES = frozenset({"photo", "photograph", "image", "picture", "screenshot", "still"})
#: the page's own layout named ("The video shown here explains ...", "as shown below")
_ON_THE_PAGE = re.compile(r"\b(?:shown|seen|pictured) (?:here|above|below)\b", re.IGNORECASE)
#: what a page shows beside its text, pointed at as "this photo", "these pictures"
_MEDIA = _PICTURES | {"video", "footage", "clip", "graphic", "gallery"}


def describes_a_picture(piece) -> bool:
    """A caption: it says what a picture shows (in the present: "a photo showed" is
    evidence reported), points at the page's own layout, or at a picture or video on the
    page ("Paula Blades shared this picture of her back"), outside a quotation (where
    "these pictures" are the speaker's)."""
    if _ON_THE_PAGE.search(piece.text):
        return True
    quoted = [m.span() for m in QUOTATION.finditer(piece.text)]
    if any(t.lower_ in ("this", "these") and t.dep_ == "det" and t.head.lemma_.lower() in _MEDIA
           and not any(a <= t.idx - piece.start_char < b for a, b in quoted) for t in piece):
        return True
    return any(t.lemma_ == "show" and t.dep_ == "ROOT" and t.tag_ != "VBD" and any(
        c.dep_ == "nsubj" and c.lower_ in _PICTURES for c in t.children) for t in piece)


#: what a caption says the people in its picture do, as lemmas ("speaks", "looks on",
#: "waves"): a report narrates such acts in the past ("spoke", "waved")
_CAPTION_ACTS = frozenset({
    "speak", "look", "walk", "arrive", "gesture", "pose", "wave", "attend", "celebrate",
    "watch", "hold", "stand", "sit", "listen", "address", "react", "leave", "deliver",
    "shake", "march", "gather", "greet", "hug", "embrace", "kiss", "smile", "laugh", "cry",
    "weep", "mourn", "pray", "cheer", "applaud", "clap", "chant", "shout", "sing", "dance",
    "perform", "carry", "wear", "ride", "cross", "inspect", "visit", "tour", "talk",
    "chat", "wait", "rest", "kneel", "lay", "light", "pay", "point", "depart", "board",
    "enter", "exit", "step", "vote", "cast", "display", "salute", "bow", "toast", "comfort",
    "console", "protest", "rally", "patrol", "search", "queue", "lie", "survey", "view"})
#: who a caption's subject is: a person named, or a word for people
_PEOPLE_NOUNS = HONORIFICS | JOB_WORDS | {
    "man", "woman", "men", "women", "boy", "girl", "child", "children", "kid", "kids",
    "people", "person", "protester", "demonstrator", "supporter", "fan", "worker", "soldier",
    "troop", "police", "policeman", "policewoman", "rescuer", "pupil", "member", "player",
    "candidate", "delegate", "voter", "participant", "tourist", "spectator", "mourner",
    "relative", "migrant", "refugee", "victim", "pilgrim", "worshipper", "athlete", "runner",
    "musician", "singer", "artist", "driver", "guard", "staff", "crew", "family", "crowd",
    "onlooker", "lawmaker", "legislator", "politician", "official", "diplomat", "employee",
    "miner", "doctor", "medic", "couple"}
#: a date as a caption gives it: a month and a day ("on October 16", "June 19, 2018")
_MONTH_DAY = re.compile(r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?"
                        r"|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?"
                        r"|Dec(?:ember)?)\.? \d{1,2}\b")


def is_a_caption(piece) -> bool:
    """A photo caption: it says in the present what the people in a picture do ("Moon
    Jae-in speaks during a press conference in Seoul on October 16.", "A woman celebrates
    as she watches the fireworks."), where a report narrates in the past. It opens with
    its subject, a person, whose verb is a caption's act in the present; nothing in it is
    past, perfect or modal, nor quoted, nor habitual ("regularly attend"); and it has a
    caption's shape: "during ...", "looks on", an "as" or "while" clause after the verb
    in the present, a month and day, where someone stands ("(R)"), or a place and a day
    ("in central London on Saturday"). A present that reports ("Officials say ..."),
    plans ("The government plans ...", "arrives in Paris next week") or tells a feature's
    scene ("After winning her first Oscar, Davis sits in the wings as ...") is none."""
    root = piece.root
    act = root.lemma_.lower()
    if root.tag_ not in ("VBZ", "VBP") or root.pos_ != "VERB" or _QUOTE_MARKS.search(piece.text):
        return False
    place = any(t.dep_ == "pobj" and t.ent_type_ in ("GPE", "LOC", "FAC") for t in piece)
    dated = bool(_MONTH_DAY.search(piece.text))
    if not (act in _CAPTION_ACTS or (act == "take" and any(
            c.dep_ == "dobj" and c.lower_ == "part" for c in root.children))
            or (place and dated and act not in _NOT_ACTS)):
        return False  # any act, where and on what day a picture was taken: "battles a blaze"
    if (any(t.tag_ in ("VBD", "MD") or (t.dep_ == "aux" and t.lemma_ == "have")
            or t.lower_ in _HABITUAL for t in piece) or _AHEAD.search(piece.text)):
        return False  # a report, a habit or a plan: "The president visits Paris next week"
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    first = next((t for t in piece if t.is_alpha), None)
    if (subject is None or first is None or not subject.left_edge.i <= first.i <= subject.i
            or not any(t.ent_type_ in ("PERSON", "NORP") or t.lower_ in _PEOPLE_NOUNS
                       or t.lemma_.lower() in _PEOPLE_NOUNS for t in subject.subtree)):
        return False
    return (dated or bool(_WHERE_IN_PICTURE.search(piece.text))
            or any(t.lower_ == "during" and t.dep_ == "prep" for t in piece)
            or (act == "look" and any(c.dep_ == "prt" and c.lower_ == "on" for c in root.children))
            or any(t.dep_ == "advcl" and t.i > root.i and t.tag_ in ("VBZ", "VBP") and any(
                m.dep_ == "mark" and m.lower_ in ("as", "while") for m in t.children)
                   for t in piece)
            or (place and bool(_WEEKDAY.search(piece.text))))


_QUOTE_MARKS = re.compile("[\"“”]")
#: verbs of saying, thinking, wanting, planning and seeming: no act a picture shows
_NOT_ACTS = frozenset({"say", "tell", "claim", "report", "announce", "warn", "argue", "insist",
                       "think", "believe", "know", "want", "need", "plan", "expect", "hope",
                       "seem", "appear", "face", "intend", "aim", "seek", "deny", "admit",
                       "agree", "refuse", "promise", "vow", "urge", "call", "ask"})
#: words putting what a present verb says ahead ("arrives in Paris tomorrow"): a plan
_AHEAD = re.compile(r"\b(?:next|tomorrow|tonight|later|upcoming|coming|soon)\b", re.IGNORECASE)
#: words making a present a habit ("regularly attend"), not a moment in a picture
_HABITUAL = frozenset({"regularly", "rarely", "often", "usually", "always", "never",
                       "sometimes", "typically", "generally", "frequently", "every", "each",
                       "mornings", "afternoons", "evenings", "nights", "weekends"})
#: where someone stands in an agency's picture: "(R)", "(L)", "(C)", "(2nd L)"
_WHERE_IN_PICTURE = re.compile(r"\((?:\d(?:st|nd|rd|th) )?[LRC]\)")
_WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
