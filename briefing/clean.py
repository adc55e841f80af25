"""Clean stage: strip page furniture, find titles and publishers, split multi-article pages.

Scraped pages arrive as plain text with the site's chrome still in them: donation
appeals, app adverts, "Read more:" link lists, comment widgets, relative timestamps,
datelines ("Published 1 December 2026, 21:05"), photo credits and captions, newsletter
sign-ups, copyright lines, breadcrumbs and menu words. Every rule here is structural or
lexical (the shape of a line, its vocabulary, repetition), never a copy of a known page,
so it carries over to outlets we have not seen.

Two modes keep a clean article safe: only when a page shows unmistakable furniture (or
a headline printed twice) is it treated as *scraped*, and only then are short
menu-like lines dropped and the page split into several articles. A plain article file
(title line, then paragraphs) loses nothing. Structured inputs (JSON, HTML through
trafilatura) keep their given title and lose only obvious share/newsletter lines.

Every body paragraph is copied verbatim from ``Document.text`` and recorded as a
:class:`Segment`, so later stages can cite the exact spot in the input.
"""
from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .captions import CAPTION_MARKER, PHOTO_CREDIT, is_caption
from .config import LimitSettings
from .page_meta import titled_outlet
from .program_code import CODE_REASON, is_code_line, looks_like_code
from .records import Article, Document, Dropped, Published, Segment
from .times import MONTH_WORD, parse_time
from .titles import OUTLET_INITIALS, RELEASE_LABEL, SHARE_ROW, headline, not_a_title
from .urls import host_name, without_tracking

log = logging.getLogger("briefing.clean")

# --- line shapes -------------------------------------------------------------------

_CLOSERS = "'\"”’)\\]»›"
#: a line that ends like a sentence (closing quotes/brackets may follow the stop)
_SENTENCE_END = re.compile(rf"[.!?…][{_CLOSERS}]*$")
#: leading list bullets (and, for Markdown, heading/quote markers) stripped from a line;
#: used with ``match(text, pos)``, so no "^" (which would not match at ``pos``). Dashes
#: "—"/"–" stay: they open attributions ("— Jane Doe") and dialogue, not list items.
_BULLET = re.compile(r"[•·▪‣◦●■►▸*-]\s+")
_MARKDOWN_MARK = re.compile(r"(?:#{1,6}\s+|>\s*|[-*+]\s+|\d{1,3}[.)]\s+)")
_MARKDOWN_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\([^)]*\)$")
#: a Markdown link, read as the words it shows ("[Facebook](https://…)": Facebook)
_MARKDOWN_LINK = re.compile(r"\[(?P<shown>[^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_WORD = re.compile(r"\w+")
_QUOTE_MARK = re.compile(r"[\"“”«»]|''")
_PRONOUN = re.compile(r"\b(?:we|us|our|you|your|you've|you're)\b", re.I)
#: reported speech: appeals and adverts address the reader, they never report a speaker
_REPORTED = re.compile(r"\b(?:said|says|told|according to)\b", re.I)

# --- furniture vocabulary ----------------------------------------------------------

_APPEAL = re.compile(
    r"\breaders like you\b|\bneeds? your (?:help|support)\b|"
    r"\bsupport (?:us|our (?:work|journalism|mission|reporting|newsroom))\b|"
    r"\b(?:please )?(?:donate|contribute) (?:what|today|now|to us|to our)\b|"
    r"\b(?:make|making|a|your|one-off|once-off|monthly|small) (?:donation|contribution)s?\b|"
    r"\bpaywalls?\b|\bsubscri(?:be|ption|bers?)\b|"
    r"\bbecome a (?:member|supporter|subscriber|patron)\b|\bmonthly (?:payment|gift)\b|"
    r"\badvertising revenue\b", re.I)
#: the outlet an appeal names: "readers like you keep The Daily Post open"
_APPEAL_OUTLET = re.compile(
    r"\bkeeps? (?P<outlet>(?:[Tt]he )?[A-Z][\w'&.-]*(?: [A-Z][\w'&.-]*){0,3}) "
    r"(?:open|free|independent|alive|going)\b")
_APP_AD = re.compile(
    r"\b(?:download|get|install) (?:the|our) (?:\w+ )?app\b|\bapp[- ]?store\b|"
    r"\bplay[- ]?store\b|\bgoogle play\b|\bdownload \w+ app\b", re.I)
_IMPERATIVE = re.compile(r"^(?:download|get|install|try|explore|sign up|subscribe)\b", re.I)
#: a comment section's notice, a sentence or not ("Comments are closed.", "Be the first
#: to comment")
_COMMENTS = re.compile(
    r"\bno comments yet\b|\bbe the first to comment\b|"
    r"\bleave a (?:comment|reply)\b|\bcomments are closed\b|"
    r"\bcomments (?:for|on) this (?:post|article|story|page) (?:are|have been) (?:now )?"
    r"(?:closed|disabled)\b|\bcommenting (?:is|has been) (?:now )?(?:closed|disabled)\b",
    re.I)
#: a comment section's heading or button, never a sentence: a count ("3 comments",
#: "Comments (3)", "COMMENTS 12"), "Reader comments", "Show all 12 comments", "Join the
#: conversation"
_COMMENTS_HEADING = re.compile(
    r"^(?:\d+\s+)?(?:readers?'?\s+|your\s+)?comments?\s*(?:\(\d+\)|\d+)?:?$|"
    r"^(?:show|view|load|hide|read|see) (?:all )?(?:\d+ )?(?:more )?comments\b|"
    r"^join the (?:conversation|discussion|debate)\b|^have your say\b", re.I)
_RELATIVE_TIME = re.compile(
    r"^(?P<prefix>.{0,60}?)(?P<space>\s*)(?:\b|(?<=[a-z]))(?:\d+|an?|one|a few)\s+"
    r"(?:sec(?:ond)?|min(?:ute)?|hr|hour|day|week|month|year)s?\s+ago\.?$", re.I)
#: a dateline: "Published", "Updated on", "Posted:" and a date (and time) on a line of
#: its own ("Published 1 December 2026, 21:05"); a bare date may be a correction's
_DATELINE = re.compile(r"^(?:first |last )?(?:published|updated|posted|modified)"
                       r"(?:\s+(?:on|at))?\s*:?\s*(?P<when>[^\n]*\d[^\n]*)$", re.I)
#: longest dateline, in characters
DATELINE_CHARS = 60
_NOT_OUTLET = re.compile(r"^(?:updated|published|posted|last updated|edited|modified|time)\b",
                         re.I)
#: a word that makes a short title-cased line an outlet's name ("Gulf Daily", "Cork
#: Examiner Weekly"), not a byline or a section ("Mary Brennan", "Foreign Desk")
_OUTLET_WORD = re.compile(
    r"\b(?:news|daily|weekly|times|post|herald|gazette|journal|tribune|chronicle|courier|"
    r"examiner|observer|telegraph|express|mirror|standard|guardian|independent|mail|"
    r"record|press|presse|wire|bulletin|dispatch|echo|star|today|magazine|"
    r"radio|tv|television|broadcasting|network|media|reporter|monitor|inquirer|register|"
    r"sentinel|advertiser|argus|globe|ledger|mercury|messenger|spectator|statesman|"
    r"agency|newswire|zeitung|diario|noticias|corriere|gazzetta|"
    # the wire agencies, whose one-word names carry no such word
    r"reuters|bloomberg|xinhua|tass|interfax|yonhap|kyodo|efe|ansa|anadolu|bernama)\b", re.I)
#: a byline, in any case ("By Mary Brennan, Gulf Daily")
_SIGNED = re.compile(r"by\s", re.I)
#: words a title-cased name leaves in lower case ("Voice of the North")
_NAME_LINKS = frozenset({"of", "the", "and", "for", "on", "in", "a", "&", "de", "la", "le",
                         "el", "du", "des", "der", "die", "al"})
#: a picture's place kept by the word "Image" before its caption and credit ("Image The
#: mayor at the pier on Monday. Credit Ann Lee/The Harbour Herald")
_PLACEHOLDER_CAPTION = re.compile(r"^(?:Image|Photo)\s+\S.*\sCredit\s+[A-Z][^.!?]{0,80}$")
#: an embedded video player's controls and playlist, however long the line they run into
_VIDEO_PLAYER = re.compile(
    r"\bmedia playback is unsupported\b|\bjust watched\b.*\bmust watch\b|"
    r"\breplay more videos\b|\bhtml5[- ]capable browser\b|\bskip in skip\b|\bembed x share\b|"
    # an embed box's offer ("Embed Bridge reopens 2:14 autoplay Copy this code to your
    # website or blog")
    r"\bcopy this code to your (?:website|site|blog)\b|"
    # the player's close button, in capitals, before the video's description ("CLOSE
    # Crews worked through the night to reopen the bridge. Ann Lee, Harbour Herald"); a
    # headline in capitals ("CLOSE CALL FOR FERRY") is none, nor a first word a page
    # sets in capitals ("CLOSE to 300 homes were flooded")
    r"(?-i:^CLOSE\s+(?=[A-Z][a-z]))",
    re.I)
#: a link to another story under a label ("RELATED: Best places to live"), headline-sized
_RELATED_LINK = re.compile(r"^(?:related|see also|also see|read also|also read)\s*:\s*\S", re.I)
_REPORTING_CREDIT = re.compile(
    r"^(?:contains |with )?(?:additional|extra) reporting (?:by|from)\b", re.I)
_SITE_CHROME = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|ad)$|"
    # an advert's slot and the link past it, after a picture's placeholder ("Photo
    # Advertisement Continue reading the main story", "Story continued below")
    r"^(?:(?:photo|video|image)\s+)?(?:advertisement\s+)?"
    r"(?:continue reading(?: the main story| below)?|story continue[sd] below)$|"
    # a link to the site's page on a social network, under the network's name or a
    # call to follow ("Harbour TV Google+: https://plus.google.com/+HarbourTV", "Follow
    # Ann: http://twitter.com/annlee", "Like Harbour TV: http://facebook.com/HarbourTV");
    # a playlist's or an article's link is no such row
    r"^(?:[^:]{0,40}\b(?:twitter|facebook|instagram|google\+|youtube|tumblr|pinterest|"
    r"linkedin|snapchat|tiktok)|(?:follow|like|join|find|add|subscribe to) [^:]{1,30})"
    r":\s*https?://\S+$|"
    # a sign-in box ("Sign in using your account with:", "Log in with Facebook")
    r"^(?:sign|log) ?in (?:using|with)\b|"
    r"^(?:next|previous|prev) page\b|^page \d+ of \d+$|^\d+(?:\s*\|\s*\d+)+$|"
    r"^follow @\w+(?: for more\b.*)?$|"
    r"\b(?:sign up|subscribe) (?:to|for) (?:our|the) (?:\w+ )?newsletters?\b|"
    r"\bvideo player\b|\byour browser does not support\b|\benable javascript\b|"
    r"\bwe use cookies\b", re.I)
#: a newsletter's sign-up line ("Get the top stories in your inbox every morning. Sign
#: up now."): both a call to sign up and what is signed up for
_SIGN_UP = re.compile(r"\b(?:sign(?:ing)? up|subscribe|register|get (?:\w+ ){0,3}alerts)\b",
                      re.I)
_NEWSLETTER = re.compile(r"\b(?:newsletters?|inbox|(?:daily|morning|evening|weekly) "
                         r"(?:e-?mail|briefing|digest)|(?:news|e-?mail|breaking) alerts)\b", re.I)
#: a sign-up box's name in title case, then its call to sign up, capitalised ("Harbour
#: Mornings Get news alerts and special reports, delivered before breakfast.")
_NAMED_SIGN_UP = re.compile(r"^(?:[A-Z][\w'’&-]*\s+){1,4}(?:Get|Sign up|Subscribe|Register)\b")
#: a web form's prompt: a CAPTCHA ("You must enter the characters you see in the
#: picture"), the terms a form's sender accepts ("By submitting this form, you agree to
#: our terms"), the fields it requires, a form e-mailing the page to a friend
_FORM = re.compile(
    r"\bcaptcha\b|\b(?:enter|type) the (?:characters|letters|code|words|text)\b"
    r"|\bby submitting (?:this|the|your) (?:form|registration|comment|information)\b"
    r"|\brequired fields are marked\b"
    # a form sending the page to a friend ("A friend wanted you to see this item")
    r"|\ba friend (?:wanted|wants) you to see\b"
    r"|\b(?:e-?mail|send) (?:this|the) (?:story|article|item|page) to a friend\b", re.I)
#: a warning before a page's pictures or video ("WARNING: The video contains images
#: some viewers may find disturbing"): the page's, not the story's
_CONTENT_WARNING = re.compile(
    r"^(?:(?:content|trigger|viewer) )?(?:warning|caution|advisory)\s*[:!–—-]\s*"
    r"(?=.*\b(?:video|images?|footage|photos?|pictures?|content|story|article|report)\b)"
    r"(?=.*\b(?:graphic|disturbing|distressing|offensive|upsetting|explicit|discretion)\b)",
    re.I)
#: a wiki's tagline under every page's title ("From Wikipedia, the free encyclopedia",
#: "From Harbourpedia, the Kellhaven wiki"): the site's, not the page's
_SITE_TAGLINE = re.compile(r"^From [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}, the "
                           r"(?:[\w'’-]+ ){0,4}(?:encyclopa?edia|wiki|dictionary)$")
#: a copyright notice: "© 2026 The Daily Post", "Copyright 2026 …", "All rights reserved."
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}))|"
                        r"\ball rights reserved\b|"
                        # a picture's owner alone ("Copyright Harbour Films")
                        r"(?-i:^[Cc]opyright(?:\s+[A-Z][\w&.'’-]*){1,5}$)", re.I)
_READ_MORE = re.compile(r"^(?:read|see|watch) (?:more|also)\b.*$|^more on this(?: story)?:?$",
                        re.I)
#: the heading of a list of links to other stories ("Related", "You may also like",
#: "More from Bellmoor Post", "Get more Harbour TV:", "Recommended for you", "Most
#: read"), never a sentence
_RELATED = re.compile(
    r"^(?:(?:related|more|recommended|trending|popular|latest|top|most (?:read|popular|viewed|"
    r"shared))(?: articles| stories| news| posts| content| coverage| links| reads| now)?"
    r"|recommended for you|(?:read|watch|up) next|don'?t miss|editor'?s picks"
    r"|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)"
    r"|(?:get )?more (?:from|in|on) (?!this\b)[^.!?:]{2,40}?|get more [^.!?:]{2,40}?"
    # a section's heading ending in its link ("Local News More>>", "Top Stories More »")
    r"|[^.!?:]{0,60}?\bmore\s*(?:>>|»|›)):?$", re.I)
_NAV_SEPARATORS = re.compile(r"\s(?:›|»|>|\||/)\s")
_BYLINE = re.compile(r"^by\s+[A-Z]")
_DATE_WORD = re.compile(
    rf"\b{MONTH_WORD}\s+\d|"
    r"\b\d{1,2}:\d{2}\b|\b\d{4}-\d{2}-\d{2}\b", re.I)

#: furniture reasons that a clean article file may carry as well
_CREDITS = {"photo credit", "credit", "photo caption", "copyright", "newsletter",
            "content warning", "site tagline"}

#: a body line this short and not shaped like a sentence is a menu item or link
MENU_LINE_WORDS = 12
#: a line this long is body text even when it does not end like a sentence
BODY_LINE_WORDS = 20
#: longest line accepted as a title
TITLE_MAX_WORDS = 40
#: a header (repeated title, outlet, time, byline) is at most this many lines
HEADER_MAX_LINES = 8
#: short header line that may name the outlet
OUTLET_MAX_WORDS = 5


@dataclass
class _Line:
    """One non-blank line: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str
    words: int
    bullet: bool
    gap_before: bool  # a blank line separates it from the line before
    furniture: str = ""  # why it is dropped; empty when it is content
    wraps: bool = False  # the next source line continues its sentence (starts lower-case)
    shown: str = ""  # the words a reader sees: a Markdown link's text, not its address

    @property
    def sentence(self) -> bool:
        return bool(_SENTENCE_END.search(self.text))

    @property
    def body_like(self) -> bool:
        return self.sentence or self.wraps or self.words >= BODY_LINE_WORDS


def clean_documents(docs: Iterable[Document], limits: LimitSettings,
                    dropped: list[Dropped] | None = None) -> list[Article]:
    """Clean every document; article ids are unique across the run (suffixed on clashes).
    Documents and parts that make no article are appended to ``dropped`` with the reason."""
    docs = list(docs)
    records_per_path = Counter(doc.path for doc in docs)
    articles: list[Article] = []
    seen: set[str] = set()
    for doc in docs:
        for article in clean_document(doc, limits, dropped=dropped,
                                      multi_record=records_per_path[doc.path] > 1):
            article.id = _unique(article.id, seen)
            articles.append(article)
    return articles


def clean_document(doc: Document, limits: LimitSettings, *,
                   multi_record: bool | None = None,
                   dropped: list[Dropped] | None = None) -> list[Article]:
    """The articles on one document: usually one, several for a multi-article page.

    ``multi_record`` says the file holds several records (ids get ``-{index}``); by
    default that is assumed for JSON Lines files and for records after the first.
    A part that is a stub, a platform's notice or program code makes no article: it is
    logged and, when ``dropped`` is given, appended to it with the reason.
    A given title or a title line is shown without a wire dateline it opens with; a
    given title that is no title (share buttons, a date: :mod:`briefing.titles`) leaves
    the title to the text's first line.
    """
    dropped = dropped if dropped is not None else []
    if multi_record is None:
        multi_record = doc.path.lower().endswith(".jsonl") or doc.index > 0
    base_id = _slug(os.path.splitext(os.path.basename(doc.path))[0])
    if multi_record:
        base_id = f"{base_id}-{doc.index}"
    lines = _split_lines(doc.text, markdown=doc.kind == "markdown")
    for line in lines:
        line.furniture = _furniture_reason(line)
    _mark_context_furniture(lines)

    # Structured inputs come with a title and without page chrome: never split them.
    # a given title that is no title (share buttons, a date) leaves the title to the text
    given = headline(doc.title)
    if doc.kind not in ("json", "html") and _looks_scraped(lines):
        parts = _scraped_parts(lines)
    else:
        parts = [_plain_part(lines, given)]

    page_publisher = _appeal_outlet(lines)
    articles = []
    left_out = 0
    #: how the log and the list of dropped inputs name this document
    label = doc.path + (f" (record {doc.index + 1})" if multi_record else "")
    for part_number, (title_line, body_lines, publisher, published) in enumerate(parts):
        # "Bridge to close | Harbour Gazette": the outlet when nothing better names it
        title, publisher = titled_outlet(given or _line_title(title_line),
                                         doc.publisher or publisher or page_publisher)
        if given and body_lines and any(_same_text(body_lines[0].text, t)
                                        for t in (given, doc.title)):
            body_lines = body_lines[1:]
        body_lines = body_lines[:_trailer_start(body_lines)]
        article_id = base_id if part_number == 0 else f"{base_id}-p{part_number}"
        article = _build_article(
            doc, article_id, part_number, title,
            title_line if not given else None, body_lines, limits, publisher=publisher,
            published=doc.published or published)
        if article is None:
            log.info("%s: part %d has no usable body; no article", doc.path, part_number)
            continue
        if looks_like_code(body_lines):
            reason = CODE_REASON
            if is_code_line(article.title):  # a script's first line names nothing
                article.title = ""
        else:
            reason = stub_reason(article, limits)
        if reason:
            where = label + (f" (part {part_number + 1})" if len(parts) > 1 else "")
            dropped.append(dropped_stub(article, reason, where))
            left_out += 1
            continue
        articles.append(article)
    if not articles and not left_out:
        notice = platform_notice(doc.text)
        if notice:
            reason = f"{notice}, no article"
        elif looks_like_code(line for line in lines if not line.furniture):
            reason = CODE_REASON  # too few letters to be a body: a chart's data
        else:
            reason = "no article found (empty or page furniture only)"
        nothing = Dropped(path=label, reason=reason, title=doc.title, url=doc.url,
                          outlet=doc.publisher or host_name(doc.url))
        log.warning("%s: %s", _described(nothing), reason)
        dropped.append(nothing)
    return articles


#: the heading of a press release's boilerplate about its issuer ("About Norvale
#: Biotech") or an article's note on its author ("About the author")
_ABOUT_HEADING = re.compile(r"About (?:the authors?$|us$|(?P<name>[A-Z][\w&.,'’ -]{1,60}))$")
#: what else closes a press release: its contacts, legal small print, end marks
_TRAILER_LINE = re.compile(
    r"(?:(?:media|press|investor) (?:contacts?|enquiries|inquiries)\b"
    r"|forward[- ]looking statements?\b|(?:#{3}|-ends-|ends)$)", re.IGNORECASE)


def _line_title(line: _Line | None) -> str:
    """The title a title line gives: the line without a wire dateline it opens with
    (:func:`briefing.titles.headline`); "" without a line."""
    if line is None:
        return ""
    return headline(line.text) or line.text


def _trailer_start(body: list[_Line]) -> int:
    """Where the boilerplate closing a press release or an article starts (the length of
    ``body`` when none does): an "About <issuer>" heading naming someone the text named
    before, a media-contact line or an end mark; never the first line. Everything from
    there on describes the issuer, not the news."""
    for i, line in enumerate(body[1:], start=1):
        text = line.text.strip()
        about = _ABOUT_HEADING.match(text) if len(text.split()) <= 8 else None
        if about and (about["name"] is None or any(
                about["name"].lower() in earlier.text.lower() for earlier in body[:i])):
            return i
        if _TRAILER_LINE.match(text):
            return i
    return len(body)


def dropped_stub(article: Article, reason: str, where: str) -> Dropped:
    """An article left out as a stub (``reason``), logged: ``where`` names its input."""
    stub = Dropped(path=where, reason=reason, title=article.title or None, url=article.url,
                   outlet=article.outlet)
    log.warning("%s: dropped: %s", _described(stub), reason)
    return stub


def _described(item: Dropped) -> str:
    """How the log names an input left out: its path (a store build's is the row's id),
    then the article's title and address when known."""
    title = f' "{item.title}"' if item.title else ""
    return f"{item.path}{title}" + (f" ({item.url})" if item.url else "")


def _named(doc) -> str:
    """How the log names a document: as :func:`_described` names an input left out."""
    return _described(Dropped(path=doc.path, reason="", title=doc.title or None,
                              url=doc.url))


# --- stubs and platform notices ------------------------------------------------------

#: what a page holds instead of an article when the scraper met a platform's notice
_NOTICES = (
    ("embedded-post boilerplate",
     re.compile(r"\btweet with a location\b|\blocation information to your tweets\b|"
                r"\bembedded (?:tweet|post|video)\b|\bview this post on instagram\b", re.I)),
    ("archive-crawl notice",
     re.compile(r"\bcrawl(?:s| data)\b.*\b(?:archive|wayback)\b|\bwayback machine\b|"
                # an archive's description of one of its crawls, where the archived
                # page's text should be: its seed list, dates, captures and crawler
                # ("Web wide crawl with initial seedlist ...", "The seed for Wide00014
                # was:", "Crawl start date: ...", "Number of captures: ...")
                r"\bcrawl\w*\b[^.]{0,80}\bseed ?list\b|\bseed ?list\b[^.]{0,80}\bcrawl|"
                r"\bthe seeds? for \w*\d{3,} (?:was|were)\b|\bcrawl (?:start|end) date\b|"
                r"\bnumber of captures\b|\bheritrix\b", re.I)),
    ("JavaScript notice",
     re.compile(r"\b(?:enable|turn on|requires?) javascript\b|\bjavascript is (?:disabled|"
                r"required|turned off)\b", re.I)),
    ("cookie or consent wall",
     re.compile(r"\b(?:we use cookies|cookie (?:policy|settings)|consent to (?:the use of )?"
                r"cookies)\b", re.I)),
)


#: a page this short (in multiples of ``limits.min_article_words``) that opens with a
#: platform notice is the notice, however many words it runs to (the Internet Archive's
#: crawl explanation is 112 words: past the stub limit, but no article)
NOTICE_PAGE_FACTOR = 3


#: how much of a page's opening is searched for the notice that makes it a notice page
NOTICE_OPENING_CHARS = 600


#: notices that are the whole page when its first line holds them, however long it runs:
#: an archive's description of a crawl (306 words of dates, seed list and capture
#: counts) stands where the archived page's text should, and no article opens with one
WHOLE_PAGE_NOTICES = frozenset({"archive-crawl notice"})


def stub_reason(article: Article, limits: LimitSettings) -> str | None:
    """Why an article is too thin to brief, or None: fewer body words than
    ``limits.min_article_words``, named after the platform notice it holds if any; a
    short page (under NOTICE_PAGE_FACTOR times that) that opens with a platform notice;
    or a page whose first line holds one of WHOLE_PAGE_NOTICES."""
    words = len(_WORD.findall(article.body))
    if words < limits.min_article_words:
        return (f"{platform_notice(article.text) or 'stub'}: {words} words of body, under "
                f"limits.min_article_words ({limits.min_article_words})")
    notice = platform_notice(article.text[:NOTICE_OPENING_CHARS])
    if notice and words < NOTICE_PAGE_FACTOR * limits.min_article_words:
        return (f"{notice}: a {words}-word page opening with it, under "
                f"{NOTICE_PAGE_FACTOR} x limits.min_article_words ({limits.min_article_words})")
    first_line = article.text.lstrip().split("\n", 1)[0][:NOTICE_OPENING_CHARS]
    notice = platform_notice(first_line)
    if notice in WHOLE_PAGE_NOTICES:
        return f"{notice}: a {words}-word page whose first line is one"
    return None


def platform_notice(text: str) -> str | None:
    """The kind of platform notice ``text`` holds, if any (its opening is enough)."""
    head = text[:4000]
    return next((name for name, pattern in _NOTICES if pattern.search(head)), None)


# --- lines ------------------------------------------------------------------------

def _split_lines(text: str, *, markdown: bool) -> list[_Line]:
    """Non-blank lines with offsets, whitespace and bullets trimmed off both ends."""
    lines: list[_Line] = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            continue
        bullet = False
        marker = (_MARKDOWN_MARK if markdown else _BULLET).match(text, start, end)
        if marker and marker.end() < end:
            start, bullet = marker.end(), True
        gap = bool(lines) and text.count("\n", lines[-1].end, start) > 1
        body = text[start:end]
        if lines and not gap and not bullet and body[:1].islower() and not lines[-1].sentence:
            lines[-1].wraps = True
        line = _Line(start, end, body, len(_WORD.findall(body)), bullet, gap,
                     shown=_MARKDOWN_LINK.sub(r"\g<shown>", body))
        if _MARKDOWN_IMAGE.match(body):  # a picture, in a .txt copy of Markdown too
            line.furniture = "image"
        lines.append(line)
    return lines


def _furniture_reason(line: _Line) -> str:
    """Why ``line`` is page furniture on its own, or "" when it may be content."""
    if line.furniture:
        return line.furniture
    text = line.shown
    reports_speech = bool(_QUOTE_MARK.search(text) or _REPORTED.search(text))
    if not reports_speech and _PRONOUN.search(text) and (_APPEAL.search(text)
                                                 or _APPEAL_OUTLET.search(text)):
        return "appeal"
    if _APP_AD.search(text) and (_PRONOUN.search(text) or not line.sentence
                                 or _IMPERATIVE.match(text)):
        return "app advert"
    if line.words <= MENU_LINE_WORDS and (_COMMENTS.search(text) or (
            _COMMENTS_HEADING.match(text) and not line.sentence)):
        return "comments"
    if _relative_time(text) is not None or _is_dateline(text):
        return "timestamp"
    if PHOTO_CREDIT.search(text) and line.words <= MENU_LINE_WORDS and not reports_speech:
        return "photo credit"
    if is_caption(text) and line.words <= TITLE_MAX_WORDS:
        return "photo caption"
    if CAPTION_MARKER.search(text) or _PLACEHOLDER_CAPTION.match(text):
        return "caption"
    if _VIDEO_PLAYER.search(text):
        return "video player"
    if _RELATED_LINK.match(text) and line.words <= TITLE_MAX_WORDS // 2:
        return "related link"
    if _REPORTING_CREDIT.search(text):
        return "credit"
    if SHARE_ROW.match(text) or (_SITE_CHROME.search(text) and line.words <= MENU_LINE_WORDS * 2):
        return "site chrome"
    if line.words <= MENU_LINE_WORDS * 2 and not reports_speech:
        if _SIGN_UP.search(text) and _NEWSLETTER.search(text) and (
                _PRONOUN.search(text) or _IMPERATIVE.match(text)
                or _NAMED_SIGN_UP.match(text)):
            return "newsletter"
        if _COPYRIGHT.search(text):
            return "copyright"
        if _FORM.search(text):
            return "form"
        if _CONTENT_WARNING.match(text):
            return "content warning"
        if _SITE_TAGLINE.match(text):
            return "site tagline"
    if line.words <= MENU_LINE_WORDS and len(_NAV_SEPARATORS.findall(text)) >= 2:
        return "breadcrumb"
    if _RELATED.match(text):
        return "related heading"
    return ""


#: a reader's user name: one word ("harbourwatcher", "Jen_K") or two or three capitalised
#: ones ("Sue B", "Gary T")
_READER_NAME = r"(?:[\w.@-]{2,30}|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,2})"
#: when a reader posted: "2 hours ago", "just now", "yesterday"
_POSTED = (r"(?:(?:\d+|an?|one|a few)\s+(?:sec(?:ond)?|min(?:ute)?|hr|hour|day|week|month|"
           r"year)s?\s+ago|just now|yesterday)")
#: a button under a reader's comment, or its count
_COMMENT_BUTTON = r"(?:reply|report|share|like|flag|\d+\s+(?:likes?|repl(?:y|ies)))"
#: a reader's comment under a comments heading: a user name and a colon, with when it
#: was posted or "wrote" between ("Jen_K wrote: ...", "Sue B, 1 hour ago: ..."), or
#: the name and time alone above it; or the row of buttons and counts around it
#: ("Reply · Like · Report", "3 likes")
_READER_COMMENT = re.compile(
    rf"^{_READER_NAME}(?:\s*[,·|–—-]?\s*{_POSTED})?(?: wrote)?:\s+\S|"
    rf"^{_READER_NAME}\s*[,·|–—-]?\s*{_POSTED}$|"
    rf"^{_COMMENT_BUTTON}(?:\s*[\s·|•]\s*{_COMMENT_BUTTON})*$", re.I)
#: lines of one reader's comment (its name, its words) that may stand between two lines
#: showing it is one (:data:`_READER_COMMENT`) and still be in the comments
COMMENT_GAP_LINES = 2


def _mark_context_furniture(lines: list[_Line]) -> None:
    """Furniture recognised from neighbours: link lists, breadcrumbs ending in the title,
    and a Markdown image's caption (the line under it that repeats its alt text)."""
    for i, line in enumerate(lines):
        if line.furniture == "image" and i + 1 < len(lines):
            _mark_caption(line, lines[i + 1])
        if line.furniture == "comments":
            _mark_comments(lines[i + 1:])
        if not line.furniture and _READ_MORE.match(line.text) and not line.sentence:
            line.furniture = "read more"
            _mark_links(lines[i + 1:], "read more link")
        if line.furniture == "related heading":
            _mark_links(lines[i + 1:], "related link")
        if line.furniture or line.sentence:
            continue
        for later in lines[i + 1:i + 4]:
            if later.words < 3:
                continue
            extra = line.text[:-len(later.text)] if line.text.endswith(later.text) else ""
            if extra and len(_WORD.findall(extra)) <= 6:
                line.furniture = "breadcrumb"
                break


def _mark_comments(below: list[_Line]) -> None:
    """The readers' comments under a comments heading, to the last line that shows one
    ("harbourwatcher: Pay them more", "Sue B, 1 hour ago: ...", "Reply · Like", "12
    likes"): a comment's own lines between two such lines are in it (furniture among
    them, a timestamp, is not counted), but no paragraph after the last one."""
    last, gap = -1, 0
    for n, line in enumerate(below):
        if _READER_COMMENT.match(line.text):
            last, gap = n, 0
        elif not line.furniture:
            gap += 1
            if gap > COMMENT_GAP_LINES:
                break
    for line in below[:last + 1]:
        line.furniture = line.furniture or "comment"


def _mark_links(below: list[_Line], reason: str) -> None:
    """The linked headlines under a link list's heading ("Read more:", "You may also
    like"): list items or lines packed under it without a blank line, none a sentence."""
    for link in below:
        if (link.gap_before and not link.bullet) or link.body_like:
            break
        link.furniture = reason


#: an image's alt text this many words long is a description a caption can repeat
CAPTION_ALT_WORDS = 3


def _mark_caption(image: _Line, below: _Line) -> None:
    """The line under a Markdown image is its caption when it opens with the image's alt
    text ("![Baker at her oven](a.jpg)" / "Baker at her oven, on Friday.")."""
    alt = " ".join(_MARKDOWN_IMAGE.match(image.text)["alt"].split()).casefold()
    if (len(_WORD.findall(alt)) >= CAPTION_ALT_WORDS and not below.furniture
            and below.words <= TITLE_MAX_WORDS
            and " ".join(below.shown.split()).casefold().startswith(alt)):
        below.furniture = "photo caption"


def _looks_scraped(lines: list[_Line]) -> bool:
    """A page with unmistakable furniture or a headline printed twice in a row.

    Credit lines are dropped everywhere but prove nothing: clean articles carry them too.
    """
    if any(line.furniture and line.furniture not in _CREDITS for line in lines):
        return True
    return any(a.text == b.text and not a.sentence for a, b in zip(lines, lines[1:]))


def _relative_time(text: str) -> str | None:
    """For "Outlet5 hours ago"/"time2 hours ago": the glued prefix ("" if none); else None."""
    if len(text) > 80:
        return None
    match = _RELATIVE_TIME.match(text)
    if not match:
        return None
    prefix = match.group("prefix").strip(" ·•|-–—,:")
    words = prefix.split()
    if _SENTENCE_END.search(prefix) or len(words) > OUTLET_MAX_WORDS:
        return None
    # "Quake struck 2 hours ago" is a headline; a timestamp's prefix is glued on or a name.
    if match.group("space") and not all(w[0].isupper() or not w[0].isalpha() for w in words):
        return None
    return prefix


def _is_dateline(text: str) -> bool:
    """A date, read in full (day, month and year), behind a label such as "Published",
    alone on its line: when the article appeared, not what it says."""
    if len(text) > DATELINE_CHARS:
        return False
    match = _DATELINE.match(text.strip())
    return bool(match) and parse_time(match["when"].strip(" ·•|-–—,:")) is not None


# --- titles, headers, parts ---------------------------------------------------------

#: one article found on a page: title line (None when given or absent), body, outlet,
#: and the publication date its header gives
_Part = tuple[_Line | None, list[_Line], str | None, Published | None]


def _plain_part(lines: list[_Line], given_title: str | None) -> _Part:
    """One article: the given title or the first line, then every other content line.

    On a plain file that is every line but credits and datelines (nothing else is
    furniture there), and but the lines set right under the title, before the first
    blank line, when each of them names the outlet or the date (:func:`_header_facts`):
    they are the article's outlet and publication date, not its text. A dateline before
    the body is its publication date too.

    A first line that is no title (a date, a byline: :func:`briefing.titles.not_a_title`)
    leaves the title to the next line; a date so set above the title is the
    publication date, not text. A drop cap ("T" over "he council met ...") opens the
    text: it has no title line.
    """
    content = [line for line in lines if not line.furniture]
    if given_title or not content:
        return None, content, None, None
    above = _above_title(content)
    dates = [line for line in above if _line_date(line) is not None]
    dated = _line_date(dates[0]) if dates else None
    rest = [line for line in content if line not in dates]
    following = content[len(above)] if len(above) < len(content) else None
    if following is None or following.words > TITLE_MAX_WORDS:
        return None, rest, None, dated  # too long for a title: the text has none
    if above and (above[-1].wraps or (len(above[-1].text) == 1 and above[-1].text.isupper()
                                      and following.text[:1].islower())):
        # a drop cap ("T" / "he council met ..."), a blank line after it or not: the
        # text's first word, set apart; no title above it
        return None, rest, None, dated
    title, body = following, [line for line in rest if line is not following]
    after = lines[lines.index(title) + 1:]
    header = after[:next((i for i, line in enumerate(after) if line.gap_before), 0)]
    outlet, published = _header_facts(header) or (None, None)
    if outlet or published:
        body = [line for line in body if line not in header]
    if not (outlet or published):
        outlet, published, body = _issuer_and_date(body)
    elif published and not outlet and body and _names_issuer(title) and (
            RELEASE_LABEL.match(body[0].text)):
        # a press release's header: its issuer and date over its labelled headline
        # ("Carrow City Council" / "3 December 2026" / "PRESS RELEASE: Free parking ...")
        outlet, title, body = title.text, body[0], body[1:]
    # a dateline between the title and the body, a paragraph of its own, dates it too
    first = next((line for line in body if line in after), None)
    opening = after[:after.index(first)] if first is not None else after
    published = published or dated or next((when for when in map(_line_date, opening)
                                            if when is not None), None)
    return title, body, outlet, published


#: lines read above a title for one that is no title (a date, a byline)
ABOVE_TITLE_LINES = 3


def _above_title(content: list[_Line]) -> list[_Line]:
    """The lines opening ``content`` that are no title (dates, bylines:
    :func:`briefing.titles.not_a_title`), at most ABOVE_TITLE_LINES of them."""
    above: list[_Line] = []
    for line in content[:ABOVE_TITLE_LINES]:
        if line.words > TITLE_MAX_WORDS or not not_a_title(line.text):
            break
        above.append(line)
    return above


def _issuer_and_date(body: list[_Line]) -> tuple[str | None, Published | None, list[_Line]]:
    """A press release's header, paragraphs of their own before its first sentence: its
    date and, when given, its issuer's name ("Norvale Biotech" / "1 December 2026"); the
    body without them. Nothing is taken unless a date is among them and every other
    line is a short title-cased name."""
    lead = []
    for line in body[:3]:
        if line.body_like:
            break
        lead.append(line)
    dates = [_line_date(line) for line in lead]
    names = [line for line, when in zip(lead, dates) if when is None]
    if not any(dates) or len(names) > 1 or not all(map(_names_issuer, names)):
        return None, None, body
    return (names[0].text if names else None), next(d for d in dates if d), body[len(lead):]


def _names_issuer(line: _Line) -> bool:
    """A short title-cased line that may be a body's name: no sentence, no byline."""
    return _name_shaped(line) and _title_cased(line.text)


def _name_shaped(line: _Line) -> bool:
    """A short line in the shape of a name (an outlet's, an issuer's): no sentence, no
    byline, no label ("Updated ..."), no list."""
    text = line.text
    return (line.words <= OUTLET_MAX_WORDS and not _SIGNED.match(text)
            and not _NOT_OUTLET.match(text) and not any(mark in text for mark in ",;:")
            and text[-1] not in ".!?…")


def _title_cased(text: str) -> bool:
    return all(w[0].isupper() or w[0].isdigit() or w.casefold() in _NAME_LINKS
               for w in text.split())


def _header_facts(header: list[_Line]) -> tuple[str | None, Published | None] | None:
    """The outlet and publication date given by the lines under a title: each line an
    outlet's name (:func:`_names_outlet`), a date (:func:`_line_date`) or furniture;
    None when there are none, or when one is anything else (a standfirst, a byline: the
    lines are the article's own)."""
    outlet: str | None = None
    published: Published | None = None
    for line in header:
        when = _line_date(line)
        if when is not None and published is None:
            published = when
        elif outlet is None and _names_outlet(line):
            outlet = line.text
        elif not line.furniture:
            return None
    return (outlet, published) if header else None


def _names_outlet(line: _Line) -> bool:
    """A short title-cased line naming an outlet: a word such as Daily, Herald or News in
    it ("Gulf Daily"), or initials alone ("AFP"); never a byline, a label or a sentence."""
    text = line.text
    if not _name_shaped(line) or not text[0].isupper() or _DATE_WORD.search(text):
        return False
    return bool(OUTLET_INITIALS.match(text)) or (
        _title_cased(text) and bool(_OUTLET_WORD.search(text)))


def _line_date(line: _Line) -> Published | None:
    """When a line alone on its own says the article appeared: a whole date ("1 December
    2026", "Tuesday 1 December 2026, 09:30") or a dateline ("Published 1 Dec 2026")."""
    if len(line.text) > DATELINE_CHARS:
        return None
    match = _DATELINE.match(line.text)
    return parse_time((match["when"] if match else line.text).strip(" ·•|-–—,:"))


#: words of whole sentences before a scraped page's first headline that make them the
#: opening of a story with no headline (menus and teasers are shorter)
OPENING_PROSE_WORDS = 40


def _scraped_parts(lines: list[_Line]) -> list[_Part]:
    """Split a scraped page at every headline block and clean each part's body.

    A part starts at a headline printed twice or followed by an outlet/time header; the
    page's first headline followed by body text starts the first part even without one.
    """
    starts: list[tuple[int, int]] = []  # (title index, first body index)
    i = 0
    while i < len(lines):
        header_end = _title_at(lines, i, need_header=bool(starts))
        if header_end is None:
            i += 1
            continue
        starts.append((i, header_end))
        i = header_end
    if not starts:  # no headline shape found: the page is one untitled-looking article
        return [_plain_part(_scraped_body(lines), None)]
    parts: list[_Part] = []
    # prose before the first headline is the opening of an untitled story, not a menu:
    # that "headline" is a short paragraph of it (a quotation, a credit, "Play"), and
    # the text runs on to the next headline the page proves is one
    opening = _scraped_body(lines[:starts[0][0]])
    if sum(line.words for line in opening if line.sentence) >= OPENING_PROSE_WORDS:
        first_end = starts[1][0] if len(starts) > 1 else len(lines)
        parts.append(_plain_part(_scraped_body(lines[:first_end]), None))
        starts = starts[1:]
    for n, (title_index, body_start) in enumerate(starts):
        body_end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        title = lines[title_index]
        header = lines[title_index + 1:body_start]
        body = _scraped_body(lines[body_start:body_end])
        published = next((when for when in map(_line_date, header) if when is not None), None)
        parts.append((title, body, _header_outlet(title, header), published))
    return parts


def _title_at(lines: list[_Line], i: int, *, need_header: bool) -> int | None:
    """If ``lines[i]`` is a title, the index of its first body line; else None.

    A title is headline-sized content followed, after its header lines (and any
    furniture among them, which is not counted), by body text.
    With ``need_header`` (splitting off a further article) it must also be repeated
    or carry a relative time, so a subheading inside a story never splits it.
    """
    title = lines[i]
    if title.furniture or title.words == 0 or title.words > TITLE_MAX_WORDS or (
            not_a_title(title.text)):
        return None
    j, proof, header_lines = i + 1, False, 0
    while j < len(lines) and header_lines < HEADER_MAX_LINES:
        line = lines[j]
        repeated = j + 1 < len(lines) and lines[j + 1].text == line.text
        if line.text == title.text or line.furniture == "timestamp":
            proof = True
        elif line.furniture:  # share links, a photo and its caption: no header line
            j += 1
            continue
        elif not _header_line(line) or repeated:
            break  # body text, or another headline printed twice: its own block
        j += 1
        header_lines += 1
    if j >= len(lines) or not lines[j].body_like or lines[j].furniture:
        return None
    if need_header and (not proof or title.text.endswith(".")):
        return None
    return j


def _header_line(line: _Line) -> bool:
    """Lines between a title and its body: outlet names, bylines, dates."""
    if line.sentence:
        return False
    return (line.words <= OUTLET_MAX_WORDS or bool(_BYLINE.match(line.text))
            or (line.words <= 8 and bool(_DATE_WORD.search(line.text))))


def _header_outlet(title: _Line, header: list[_Line]) -> str | None:
    """The outlet a header names: glued to a relative time, after a bullet, or beside a time."""
    has_time = any(line.furniture == "timestamp" or _line_date(line) for line in header)
    glued: list[str] = []
    standalone: list[str] = []
    for line in header:
        if line.text == title.text or line.furniture not in ("", "timestamp"):
            continue
        if line.furniture == "timestamp":
            prefix = _relative_time(line.text)
            if prefix and prefix[0].isupper() and not _NOT_OUTLET.match(prefix):
                glued.append(prefix)
        elif (line.words <= OUTLET_MAX_WORDS and line.text[0].isupper()
              and not _BYLINE.match(line.text) and not _DATE_WORD.search(line.text)
              and (line.bullet or has_time or _names_outlet(line))):
            standalone.append(line.text)
    outlets = glued + standalone
    return outlets[0] if outlets else None


def _scraped_body(lines: list[_Line]) -> list[_Line]:
    """Body lines of a scraped part: furniture and short menu-like lines dropped.

    A short line ending in a colon stays when it introduces a quotation ("He said:").
    """
    kept: list[_Line] = []
    for i, line in enumerate(lines):
        if line.furniture:
            continue
        if not line.body_like and line.words <= MENU_LINE_WORDS:
            following = lines[i + 1] if i + 1 < len(lines) else None
            introduces_quote = (line.text.endswith(":") and following is not None
                                and not following.furniture and following.body_like
                                and bool(_QUOTE_MARK.match(following.text)))
            if not introduces_quote:
                continue
        kept.append(line)
    return kept


def _appeal_outlet(lines: list[_Line]) -> str | None:
    """The outlet a donation appeal names ("... keeps The Daily Post open")."""
    for line in lines:
        if line.furniture == "appeal":
            match = _APPEAL_OUTLET.search(line.text)
            if match:
                return match.group("outlet")
    return None


# --- assembly ---------------------------------------------------------------------

def _paragraphs(text: str, lines: list[_Line]) -> list[tuple[int, int]]:
    """Source spans of paragraphs: a line wrapped mid-sentence joins the next one.

    Lines join only when nothing but one line break separates them in the source, so
    a dropped line between them can never be copied into the paragraph.
    """
    spans: list[tuple[int, int]] = []
    previous: _Line | None = None
    for line in lines:
        if previous is not None and previous.wraps and text.count("\n", previous.end,
                                                                  line.start) == 1:
            spans[-1] = (spans[-1][0], line.end)
        else:
            spans.append((line.start, line.end))
        previous = line
    return spans


def _build_article(doc: Document, article_id: str, part: int, title: str,
                   title_line: _Line | None, body_lines: list[_Line], limits: LimitSettings,
                   *, publisher: str | None, published: Published | None) -> Article | None:
    """Assemble title and body with segments; None when the body is empty or junk."""
    title = " ".join(title.split())
    body_parts: list[str] = []
    segments: list[Segment] = []
    at = title_line.text.find(title) if title_line is not None and title else -1
    if at >= 0:
        # the title line, or its headline without the outlet it ends with or the wire
        # dateline it opens with
        segments.append(Segment(0, title_line.start + at, len(title)))
    offset = len(title) + 2 if title else 0
    body_length = 0
    for start, end in _paragraphs(doc.text, body_lines):
        separator = 2 if body_parts else 0
        room = limits.max_article_chars - body_length - separator
        if room <= 0 or (end - start > room and body_parts):  # cap at a paragraph boundary
            log.warning("%s: article cut at %d characters (limits.max_article_chars)",
                        _named(doc), body_length)
            break
        if end - start > room:
            end = _cut_at_space(doc.text, start, start + room)
            log.warning("%s: article cut inside its first paragraph at %d characters "
                        "(limits.max_article_chars)", _named(doc), end - start)
        segments.append(Segment(offset + body_length + separator, start, end - start))
        body_parts.append(doc.text[start:end])
        body_length += separator + end - start
    body = "\n\n".join(body_parts)
    if not _has_prose(body):
        return None
    return Article(id=article_id, path=doc.path, title=title, body=body, publisher=publisher,
                   url=without_tracking(doc.url), published=published, part=part,
                   segments=segments,
                   also_carried_by={name: without_tracking(url)
                                    for name, url in doc.also_carried_by.items()})


def _cut_at_space(text: str, start: int, limit: int) -> int:
    cut = text.rfind(" ", start, limit)
    return cut if cut > start else limit


def _has_prose(body: str) -> bool:
    """Mostly letters and at least a few words: junk and empty bodies make no article."""
    visible = [c for c in body if not c.isspace()]
    letters = sum(c.isalpha() for c in visible)
    return letters >= 20 and letters >= 0.5 * len(visible)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _slug(stem: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.")
    return slug or "article"


def _unique(article_id: str, seen: set[str]) -> str:
    candidate, n = article_id, 2
    while candidate in seen:
        candidate, n = f"{article_id}-{n}", n + 1
    seen.add(candidate)
    return candidate
