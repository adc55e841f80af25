"""What may be a story's headline, and how long it may run.

An article's title comes from several candidates: a page's ``<title>``, ``og:title``,
``<h1>`` and trafilatura's pick among them; a feed entry's title; a text file's first
line. Some of them are page furniture in a headline's place, and none of those is a
title (:func:`not_a_title`):

- a row of share buttons ("Share Tweet Pin Email"): only share and social-network words;
- a date alone ("April 10th, 2016"), a "Published ..." dateline, a byline ("By Ann
  Lee"), or a byline and a date ("By Ann Lee | April 10th, 2016", "Ann Lee, 10 April 2016");
- a picture's caption, known by the credit it ends with ("The pier on Monday. Photo: Ann
  Lee", "... REUTERS/Ann Lee", "... (Getty Images)");
- a page's name in a site, no story's: a section ("News", "Sport", "Latest news",
  "Columnist") or a generic page word ("Home", "Homepage", "Article", "Page 1"), which
  is what a ``<title>`` such as "Home | Carrow Courier" leaves without the site's name;
  a breadcrumb ("English >> World");
- a document's section heading ("Abstract and Introduction"), a letter's salutation
  ("To our community,");
- a credit or initials alone ("Getty", "ABC"), or a drop cap ("T");
- a dateline's label and time opening a line ("Updated 6.15pm ...").

What a site prints around its articles (a share or follow row, a newsletter's box, a
form, a wiki's tagline, a content warning: :mod:`briefing.clean`) is furniture on any
line, a title's place included; this module reads only what is no headline there.

A title opening with a wire dateline ("KELLHAVEN (HGZ) — Police say ...") is shown
without it (:func:`headline`): the place and agency belong to the citation; so is one
opening with the dash of a dateline whose place the page left out ("— Police say"),
or with a dateline's label without its date ("Updated | Police say"). Only a
dateline that names its agency or its state or date is taken off a title: a bare
"US - China ..." is a headline's own words.

A reader scans headlines, and a demanding one reads nothing the source does not say. A
headline runs to at most HEADLINE_WORDS words: a longer candidate is a standfirst or a
lead (a summary paragraph) in a headline's place. So a shorter real title among a
page's candidates wins (:func:`best_title`: its ``<title>``, ``og:title``, ``<h1>``,
or the feed entry's title), and so does one among the story's latest articles
(:func:`briefing.cluster.story_title`). When there is none, the article keeps its whole
title (its words still cluster the story), and the story's headline is its opening
words up to its last clause boundary that leaves MIN_CUT_WORDS to HEADLINE_WORDS
words (:func:`shortened`): its first sentence when that is short enough, else a cut
before a comma, semicolon, colon or spaced dash, after a closing quotation, or before
a word that opens a clause ("while", "after", "as", "which", ...), never inside
quotation marks or brackets, nor inside an aside a comma opens ("said that, after
months of delay"). The cut is the title's own words, verbatim, with no
ellipsis added; a title with no such boundary is shown whole rather than cut
mid-phrase.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from .captions import is_caption
from .datelines import LEFT_DASH, WIRE_DATELINE
from .times import MONTH_WORD, parse_time

#: most words a headline runs to; a longer candidate is a standfirst or a lead
HEADLINE_WORDS = 20
#: fewest words a headline cut from a longer candidate keeps
MIN_CUT_WORDS = 6
#: a "title" this long, in sentence case and ending like a sentence, is the lead of a
#: text without a headline, taken for its title (a file's first line, a record titled by
#: its first sentence): it may enter the summary, and a real headline beats it
LEAD_TITLE_WORDS = 15

#: the words of a share-button row: "Share", "Tweet", "Pin", "Email", the networks, a
#: count of shares ("1.2k shares"); one list for a row alone (a title's place, a line)
#: and a row run into a sentence (:mod:`briefing.summarise.candidates`)
SHARE_WORDS = (r"(?:shares?(?: this(?: article| story| page| post)?)?(?: (?:on|via|with) \w+)?"
               r"|tweet|e-?mail|print|pin(?: it)?|save|copy(?: this)? link|sms|comments?"
               r"|facebook|twitter|x|whatsapp|linkedin|reddit|pinterest|telegram|messenger"
               r"|flipboard|tumblr|bluesky|threads|mastodon|pocket|[\d.,]+k? (?:total )?shares?)")
#: a line made of share buttons only, whatever separates them ("Share | Tweet / Email"),
#: behind a call to follow the site ("Follow HARBOURTV.COM: Facebook | Twitter", "Follow
#: us on Twitter") or a video player's play button ("Play Facebook")
SHARE_ROW = re.compile(rf"^(?:follow(?: [\w.@'’&+-]+){{0,3}}?:?\s+|play\s+)?"
                       rf"{SHARE_WORDS}(?:[\s|/,·•]+{SHARE_WORDS})*:?$", re.I)

#: a site's section or a generic page's name, alone: "Home", "Homepage", "News", "Latest
#: news", "Article", "Page 1" (never a story's headline)
PAGE_NAME = re.compile(
    r"^(?:(?:the )?home(?: ?page)?|front page|main page|start page|index|welcome|untitled|"
    r"article|story|post|page|blog|(?:(?:latest|breaking|top|local|world|national|uk|us) )?"
    r"(?:news|stories|headlines)|latest|sports?|business|politics|world|opinion|weather|"
    r"entertainment|lifestyle|culture|health|science|tech(?:nology)?|local|national|"
    # a section of opinion and features, its label over a story ("Columnist", "Your
    # money", "Analysis")
    r"(?:your |my )?(?:money|health|travel|food|style|arts|education|environment)|"
    r"columns?|columnists?|editorials?|commentary|analysis|features?|reviews?|"
    r"obituar(?:y|ies)|letters|op-?eds?)"
    r"(?: (?:page )?\d{1,3})?$", re.I)
#: a document's section heading, alone: a paper's ("Abstract and Introduction",
#: "INTRODUCTION:", "Materials and methods"), a report's ("Summary", "Contents")
SECTION_HEADING = re.compile(
    r"^(?:(?:abstract|introduction|background|summary|(?:materials and )?methods|results|"
    r"discussion|conclusions?|references|(?:table of )?contents|acknowledg(?:e)?ments)"
    r"(?:\s+(?:and|&)\s+|\s*$|:$))+$", re.I)
#: an agency or broadcaster's initials alone on a line ("AFP", "RTÉ", "BBC")
OUTLET_INITIALS = re.compile(r"^[A-ZÀ-Þ]{2,6}$")
#: a picture agency or wire credited alone, the word a picture's credit leaves
#: ("Getty", "Reuters"); or one capital letter, a drop cap the page set apart from the
#: word it opens ("T" over "he council met on Monday")
_LONE_CREDIT = re.compile(r"^(?:getty(?: images)?|shutterstock|alamy|istock(?:photo)?|reuters|"
                          r"bloomberg|xinhua|(?-i:[A-ZÀ-Þ]))$", re.I)
#: a breadcrumb: a few page names between arrows ("English >> World", "News › Local"),
#: no headline's words
_BREADCRUMB = re.compile(r"^[^>›»]{1,30}(?:\s(?:>>?|›|»)\s[^>›»]{1,30})+$")
#: most words of a breadcrumb in a title's place
BREADCRUMB_WORDS = 8
#: a letter's salutation ("Dear readers,", "To our community,"): a letter's opening, no
#: headline
_SALUTATION = re.compile(r"^(?:dear|to|hi|hello|greetings)\b[^.!?:;]{0,40},$", re.I)
#: the label of when a page changed, opening a line ("Updated", "Last update")
_CHANGE_LABEL = r"^(?:first |last )?(?:published|updated?|posted|modified)"
#: a dateline label and a date or time opening a line ("Updated 6.15pm", "UPDATE:
#: November 8, 8:25 AM", "Published: January 2011 Special series"): when the page
#: changed, whatever follows it; "Update: Man charged ..." is a headline's label
_DATED_LABEL = re.compile(
    rf"{_CHANGE_LABEL}(?:\s+(?:on|at))?\s*:?\s*"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:{MONTH_WORD}\s+\d|\d{{1,2}}\s+{MONTH_WORD}(?!\w)"
    r"|\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?m\b|\d{1,2}:\d{2}\b|\d{1,2}/\d{1,2}/\d{2,4}\b)", re.I)
#: a dateline's label run into a title by a field separator, its date gone ("Updated |
#: Bridge to reopen in spring"): taken off the title
_LABEL_RUN_IN = re.compile(rf"{_CHANGE_LABEL}\s*[|·•]\s*(?=[\"“‘'A-Z0-9])", re.I)
#: a press release's label before its headline ("PRESS RELEASE: Free parking on the west
#: bank", "For immediate release - News release: ..."): what the page is, not its news
RELEASE_LABEL = re.compile(r"^(?:for immediate release\s*[:|–—-]?\s*)?"
                           r"(?:press|news|media) release\s*[:|–—-]\s*(?=\S)", re.I)
#: a byline: "By Ann Lee", "Written by ...", "Posted by admin on ..."
_BYLINE = re.compile(r"^(?:[/|·•]\s*)?(?:(?:written|posted|reported|updated|words|story|text)"
                     r"\s+)?by\s+\S", re.I)
#: a label opening a dateline ("Published 1 Dec 2026", "Updated on ...")
_DATE_LABEL = re.compile(r"^(?:first |last )?(?:published|updated|posted|modified)"
                         r"(?:\s+(?:on|at))?\s*:?\s*", re.I)
#: what separates a byline from its date ("By Ann Lee | 10 April 2016")
_FIELD_SEPARATOR = re.compile(r"\s+[|·•/–—-]\s+|\s*[|·•]\s*|,\s+(?=[^,]*\d)"
                              r"|\s+(?:on|at)\s+(?=\S*\d)")
#: a person's name alone, as a byline without "By" gives it ("Ann Lee", "Seán Ó Briain",
#: "Ana de Souza")
_NAME = re.compile(r"^[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:(?:de|van|von|der|da|di|le|la|al|bin)\s+)?"
                   r"[A-ZÀ-Þ][\w'’.-]*){1,3}$")
#: most words of a byline and date line
BYLINE_WORDS = 12

#: a clause boundary inside a long title: the cut ends before it (a comma, a semicolon,
#: a colon, a spaced dash, or a word opening a clause) or after it (a closing quotation)
_BOUNDARY = re.compile(
    r"\s*[,;:]\s+|\s+[–—-]\s+|(?<=[’”\"])\s+"
    r"|\s+(?=(?:while|whereas|after|before|as|because|since|although|though|which|who|"
    r"whose|where|when|amid|despite|but|until|unless|if)\b)")
#: an aside a comma opens ("said that, after months of delay, ..."): a cut inside it
#: leaves the main clause unsaid
_OPEN_ASIDE = re.compile(
    r",\s+(?:while|whereas|after|before|as|because|since|although|though|amid|despite|"
    r"until|unless|if|in|on|at|with|for|from|according|once|when|having)\b")
_WORD = re.compile(r"\w+")
#: the end of a title's first sentence, another following it (never "Mr." nor "U.S.")
_SENTENCE_END = re.compile(r"(?:(?<=[a-z]{3}[.!?])|(?<=\d[.!?])|(?<=[.!?][”’\"]))\s+"
                           r"(?=[\"“‘']?[A-Z])")


def not_a_title(text: str) -> str | None:
    """Why ``text`` is no headline (a share row, a date, a byline, a caption, a page's
    name), or None when it may be one."""
    text = " ".join(text.split())
    if not text or not any(c.isalpha() for c in text):
        return "no words"
    if SHARE_ROW.match(text):
        return "share buttons"
    if PAGE_NAME.match(text):
        return "a page's name"
    if SECTION_HEADING.match(text):
        return "a section heading"
    if _LONE_CREDIT.match(text) or OUTLET_INITIALS.match(text):
        return "a credit or a drop cap"
    if _SALUTATION.match(text):
        return "a salutation"
    words = len(_WORD.findall(text))
    if words <= BREADCRUMB_WORDS and _BREADCRUMB.match(text):
        return "a breadcrumb"
    if (words <= BYLINE_WORDS and _is_date(text)) or _DATED_LABEL.match(text):
        return "a date"
    if words <= BYLINE_WORDS and _is_byline(text):
        return "a byline"
    if words <= HEADLINE_WORDS and _BYLINE.match(text) and _ends_dated(text):
        return "a byline"
    if is_caption(text):
        return "a picture's caption"
    return None


def _ends_dated(text: str) -> bool:
    """A line's last fields a date ("By Sgt. Ann Lee, 7th Fleet Public Affairs /
    Published March 24, 2017"): a byline's, however long the author's title."""
    return any(_is_date(text[found.end():].strip(" ·•|-–—,:"))
               for found in _FIELD_SEPARATOR.finditer(text))


def _is_date(text: str) -> bool:
    """A date alone, or behind a label ("Published 10 April 2016")."""
    return parse_time(_DATE_LABEL.sub("", text).strip(" ·•|-–—,:")) is not None


def _is_byline(text: str) -> bool:
    """A byline, alone or with a date: "By Ann Lee", "By Ann Lee | April 10th, 2016",
    "Ann Lee, 10 April 2016"; a name alone is not one (it may be a headline's)."""
    if _BYLINE.match(text):
        return True
    for found in _FIELD_SEPARATOR.finditer(text):
        left = text[:found.start()].strip(" ·•|-–—,:")
        right = text[found.end():].strip(" ·•|-–—,:")
        for name, when in ((left, right), (right, left)):
            if _NAME.match(name) and _is_date(when):
                return True
    return False


def headline(text: str | None) -> str | None:
    """``text`` as a headline: its whitespace collapsed, without a wire dateline it
    opens with that names its agency, state or date ("KELLHAVEN (HGZ) — "), the dash
    of one whose place the page left out ("— Harbour pilots ..."), or a dateline's
    label run into it without its date ("Updated | "), or a press release's label
    ("PRESS RELEASE: "); None when it is no title at all (:func:`not_a_title`)."""
    if not text:
        return None
    text = " ".join(text.split())
    labels = (_LABEL_RUN_IN, RELEASE_LABEL, WIRE_DATELINE, LEFT_DASH)
    for found in (label.match(text) for label in labels):
        if found and (found.re is not WIRE_DATELINE or any(m in found.group() for m in "(/,")):
            rest = text[found.end():]
            if len(_WORD.findall(rest)) >= 3:
                text = rest
                break
    return None if not_a_title(text) else text


def word_count(text: str) -> int:
    return len(text.split())


def shortened(title: str) -> str:
    """``title`` as a headline of at most HEADLINE_WORDS words, when it runs longer: its
    first sentence if that is short enough, else cut at the first sentence's last clause
    boundary that leaves MIN_CUT_WORDS to HEADLINE_WORDS words, outside quotation marks
    and brackets; ``title`` itself when it is short enough or has no such boundary."""
    if word_count(title) <= HEADLINE_WORDS:
        return title
    end = _SENTENCE_END.search(title)
    scope = title[:end.start()] if end is not None else title
    if MIN_CUT_WORDS <= word_count(scope) <= HEADLINE_WORDS:
        return scope
    if word_count(scope) < MIN_CUT_WORDS:
        scope = title  # "Breaking! ...": the first sentence is no headline
    best = None
    for found in _BOUNDARY.finditer(scope):
        cut = scope[:found.start()].rstrip().rstrip(",;:")
        if (MIN_CUT_WORDS <= word_count(cut) <= HEADLINE_WORDS and _balanced(cut)
                and not _OPEN_ASIDE.search(cut)):
            best = cut
    return best or title


def _balanced(text: str) -> bool:
    """Whether every quotation and bracket ``text`` opens it also closes (a cut never
    leaves "‘strengthening our air defense" open). A ’ between letters, or after one
    with no single quotation open, is an apostrophe ("Putin’s", "residents’")."""
    brackets = {"(": ")", "[": "]", "“": "”", "«": "»"}
    open_marks: list[str] = []
    single = straight = 0
    for i, c in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if c in brackets:
            open_marks.append(brackets[c])
        elif c in brackets.values():
            if not open_marks or open_marks.pop() != c:
                return False
        elif c == "‘" and not before.isalnum():
            single += 1
        elif c == "’" and single and not after.isalnum():
            single -= 1
        elif c == '"':
            straight += 1
    return not open_marks and not single and straight % 2 == 0


def is_standfirst(text: str | None) -> bool:
    """Whether ``text`` is a title running past HEADLINE_WORDS words: a standfirst or a
    lead in a headline's place."""
    found = headline(text)
    return found is not None and word_count(found) > HEADLINE_WORDS


def best_title(candidates: Iterable[str | None]) -> str | None:
    """The title among ``candidates`` (most trusted first, each read by
    :func:`headline`): the first of at most HEADLINE_WORDS words that does not read as a
    lead (:func:`reads_as_a_lead`), else the first of at most HEADLINE_WORDS words, else
    the first there is, whole (the story's headline shortens it: :func:`shortened`);
    None when none is a title."""
    titles = [t for t in map(headline, candidates) if t]
    short = [t for t in titles if word_count(t) <= HEADLINE_WORDS]
    headlines = (t for t in short if not reads_as_a_lead(t))
    return next(headlines, short[0] if short else titles[0] if titles else None)


#: a sentence's end, closing quotation marks and brackets after it
_SENTENCE_END_MARK = re.compile(r"[.!…][\"'”’)\]]*$")


def reads_as_a_lead(title: str) -> bool:
    """A "title" as long as a lead (LEAD_TITLE_WORDS), in sentence case, ending like a
    sentence: headlines are shorter (some outlets do end them with a full stop) or in
    title case."""
    words = title.split()
    capitalised = sum(w[0].isupper() for w in words if w[0].isalpha())
    return (len(words) >= LEAD_TITLE_WORDS and capitalised < 0.5 * len(words)
            and bool(_SENTENCE_END_MARK.search(title)))
