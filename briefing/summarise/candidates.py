"""Which sentences of a story may enter its summary: whole prose body sentences with a
finite verb (no headline, caption, byline, reader appeal or bare quote), capped per
article and per story, leads first; each marked once, at parse time, with whether it
leans on the sentence before (:mod:`.context`)."""
from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from ..captions import QUOTATION, describes_a_picture, is_a_caption
from ..config import SummarySettings
from ..datelines import after_dateline
from ..names import is_title
from ..records import Article, Cluster
from ..titles import SHARE_WORDS, reads_as_a_lead
from ..words import stem, stop_words
from .context import (opening_quotation_end, opens_on_the_previous, refers_back,
                      said_by_a_pronoun)
from .nlp import WORD, SpacyTokenizer, content_stems

#: longest candidate sentence, in words (longer ones are run-ons or scraped lists)
MAX_WORDS = 80

#: a paragraph this long is prose, not a caption or an appeal: only its own sentences
#: with a credit or a "you" are left out, not the whole paragraph
CAPTION_WORDS = 60


#: a sentence's end: its mark, then any closing quotation marks and brackets, a space
#: between them as some outlets set them ('... to “Stay positive. ”')
_TERMINAL = re.compile(r"[.!?…](?: ?[\"'”’)\]])*$")


#: a sentence ending in an ellipsis was cut off: a teaser ("The K-squad is telling
#: friends ...") or a quote trailing away, not a whole sentence
_CUT_OFF = re.compile(r"(?:\.\.\.|…)(?: ?[\"'”’)\]])*$")


_READER = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)


#: a quotation in single marks ("writes: ‘Don’t worry if you get it in your eye.’", "'I
#: want you back' was one message"): a mark before a letter inside it is an apostrophe,
#: and one after a letter opens none ("the boys' team"). Its "you" is the speaker's.
_SINGLE_QUOTATION = re.compile(r"‘(?:[^’]|’(?=[^\W\d_]))*’"
                               r"|(?<!\w)'(?:[^']|'(?=[^\W\d_]))*'(?!\w)")


#: "You" or "Your" in title case after a word in title case and before one, inside a
#: sentence: a word of a name ("DreamWorks' How to Train Your Dragon 2", "launches like
#: Search Plus Your World"), not the page speaking to its reader
_IN_A_TITLE = re.compile(r"[A-Z][\w'’-]* (?:You|Your|Yours|Yourself)(?= [A-Z0-9])")


def _own_words(text: str) -> str:
    """The text without its quotations, in double or single marks, nor the "you" of a
    title it names: the words in which the page itself speaks."""
    def outside_a_title(found):
        before = text[:found.start()].rstrip()
        opens = not before or before[-1] in ".!?:\"“”‘’'"  # "Thank You for ...": its own
        return found.group() if opens else found.group().rsplit(" ", 1)[0]
    return _SINGLE_QUOTATION.sub("", QUOTATION.sub("", _IN_A_TITLE.sub(outside_a_title, text)))


#: photo credits and caption markers ("(AP Photo/...)", "Photo: ...", "Getty Images",
#: "... is pictured at ...", "in this evidence photo", "Ann Lee, left, and ..."),
#: contributor lines ("Jane Roe contributed to this report.") and notes on the page itself
#: ("This story has been updated", "Transcripts are created on a rush deadline", "An
#: earlier version of this article ...", "The author has no business relationship ..."):
#: furniture, not the article
_CREDIT = re.compile(r"\b(?:photo|image|picture|video|illustration)s?\s*(?::|/|credit|courtesy)"
                     r"|\bgetty images\b|\bfile photo\b|\b(?:reuters|afp|ap|epa)\s*/"
                     r"|\b(?:is|are|was|were) pictured\b"
                     r"|\bin this (?:\w+ ){0,2}(?:photo|image|picture|handout)\b"
                     r"|\bcontributed (?:reporting|to (?:this|the) (?:report|story|article))\b"
                     r"|\bthis (?:story|article|report|post|transcript) (?:has been|was|is being) "
                     r"(?:updated|corrected|edited|amended)\b"
                     r"|\btranscripts? (?:is|are|was|were) (?:created|produced|generated|provided)\b"
                     # the page speaking of itself: corrections, versions, disclosures
                     r"|\b(?:of|in) this (?:article|post)\b(?!-)|\bthe author has no\b"
                     # where someone stands in the picture: "Brian Kelley, center left, and ..."
                     r"|(?<!\boh)(?<!\byes)(?<!\bwell)(?<!\bleft),\s"
                     r"(?:(?:cent(?:er|re)|far|second from|top|bottom)\s)?(?:left|right),\s(?!or\b)"
                     r"|\((?:left|right|cent(?:er|re))\)",
                     re.IGNORECASE)


#: conjunctions that make a clause subordinate ("Because it may be time ...")
_SUBORDINATORS = frozenset({"because", "although", "though", "while", "whilst", "if",
                            "unless", "since", "whereas", "until", "once"})


def lacks_a_main_clause(piece) -> bool:
    """A subordinate clause standing alone ("Because it may be time we all moved to
    Sweden.", "While the council met on Tuesday."): the conjunction it opens with marks
    the sentence's own root, and no clause with a subject and a finite verb follows a
    comma or a dash (the main clause the parser may have hung under the root: "Although
    the world derided him, Americans flocked to his paintings."). "If approved, the law
    will ..." has its main clause."""
    first = next((t for t in piece if t.is_alpha), None)
    if not (first is not None and first.lower_ in _SUBORDINATORS and first.dep_ == "mark"
            and first.head == piece.root):
        return False
    breaks = [t.i for t in piece if t.text in _CLAUSE_BREAKS]
    return not any(t.i > breaks[0] and t.dep_ != "relcl" and _finite_clause(t)
                   for t in piece) if breaks else True


_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "--"})


def _finite_clause(token) -> bool:
    """A verb with its own subject, itself or an auxiliary of it finite."""
    return (any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)
            and (token.tag_ in _FINITE_TAGS
                 or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS
                        for c in token.children)))


#: words no sentence ends on
_UNFINISHED_ENDS = frozenset({"and", "or", "but", "nor", "the", "an"})


def ends_unfinished(piece) -> bool:
    """Whether the sentence stops where no sentence can: on "and" or "the" before its
    end mark ("Details are at this link and !": the parser cut at a "!" a page's markup
    left in the text). A preposition may end a sentence ("what they asked for."); a
    conjunction or an article may not."""
    words = [t for t in piece if not (t.is_punct or t.is_space)]
    return bool(words) and words[-1].lower_ in _UNFINISHED_ENDS


#: a page's share buttons (:data:`briefing.titles.SHARE_WORDS`) run into the sentence
#: after them ("Share this article Share on Facebook Share on Twitter Email The council
#: ..."), which opens with a capital (not "Facebook share price fell")
_SHARE_RUN = re.compile(rf"(?i:{SHARE_WORDS}\b(?:[\s|/·•:]+{SHARE_WORDS}\b)+)[\s|/·•:]*"
                        r"(?=[A-Z0-9\"“‘']|$)")
_SHARING = re.compile(r"\b(?:share|tweet|pin|e-?mail|print)\b", re.IGNORECASE)


def after_share_run(span):
    """A spaCy span without the share buttons it opens with (two or more, one of them a
    sharing verb: "Share", "Tweet", "Email"); None when it is nothing else; the span
    itself when it opens with none."""
    run = _SHARE_RUN.match(span.text)
    if not run or not _SHARING.search(run.group()):
        return span
    start = next((t.i for t in span if t.idx >= span.start_char + run.end()), None)
    return None if start is None else span.doc[start:span.end]


#: a sentence opening with this many words in title case, capitalised stop words among
#: them ("Who Arrived At Newark Airport Being Evaluated For Ebola A passenger ..."), is a
#: headline run into the text (a related-story link), not prose
HEADLINE_RUN_WORDS = 6


#: letters of a word in capitals that is a word, not an acronym ("STORMY", not "UN")
CAPITALS_LABEL_LETTERS = 4


#: a paragraph whose first this many words (or more) come again right after them ("Hunting
#: Park Fire Displaces 18 People Hunting Park Fire Displaces 18 People A fire ...") is a
#: story link, its title and its teaser run together: the whole paragraph is furniture
REPEATED_OPENING_WORDS = 3


#: longest title looked for said twice (a bound on the work a hostile paragraph costs)
MAX_TITLE_WORDS = 30


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


@dataclass
class Candidate:
    """A usable body sentence: ``text`` is verbatim from the article's text."""

    article_index: int
    text: str
    #: index among the article's usable body sentences (0 = its lead)
    position: int
    #: opens with a pronoun, connective or quotation, so it leans on what came before
    needs_context: bool
    #: stemmed content words, in order
    stems: list[str]
    #: stemmed word bigrams (adjacent words, punctuation skipped), at most one of them a stop word
    bigrams: frozenset[tuple[str, str]] = frozenset()
    #: words as the budget counts them (whitespace-separated)
    words: int = 0
    #: names what the sentence before said or did ("That number", "The move", the rest of
    #: a quotation): see ``refers_back``; implies ``needs_context``
    refers_back: bool = False
    #: the sentence right before it in the article is the candidate at ``position - 1``
    after_previous: bool = False
    #: the people it names (the parser's PERSON entities), as printed ("Scott Routley")
    people: tuple[str, ...] = ()
    #: its runs of proper nouns, as printed ("Mr Routley", "McDowell"): the parser often
    #: labels a surname alone as no person, so a short form is looked for among these
    proper: tuple[str, ...] = ()


#: a sentence opening with a quotation in single marks ("‘We ran out,’ Lee said.", as
#: British outlets set one), a capital after the mark: not an apostrophe ("'em", "'90s")
_OPENS_IN_SINGLE_MARKS = re.compile(r"[‘'][A-Z]")


def _is_quote_fragment(text: str) -> bool:
    """Unbalanced quote marks (part of a longer quote) or a quote with no one saying it.
    A page that mixes curly and straight marks ("“We are not sure," Lee said.") is read
    with every double mark straight: its marks balance as pairs, whatever their style."""
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        straight = text.replace("“", '"').replace("”", '"')
        if straight == text or straight.count('"') % 2:
            return True
        text = straight
    if text[0] in "\"“" or _OPENS_IN_SINGLE_MARKS.match(text):
        closing = opening_quotation_end(text)
        tail = text[closing + 1:] if closing >= 0 else ""
        return not WORD.search(tail)
    return False


def _whole_quotations(doc, pieces):
    """Pieces with a quotation the parser cut into sentences ("“We ran out. Nobody came,”
    Lee said.") rejoined: a piece that opens a quotation it does not close runs on over
    the next pieces on its line until the quotation closes, when that is within
    MAX_WORDS; otherwise the pieces stay as they are (and are left out as fragments)."""
    held: list = []  # the pieces of a quotation not closed yet
    for piece in pieces:
        if held and _on_one_line(doc, held[-1], piece):
            held.append(piece)
            joined = doc[held[0].start:piece.end]
            words = sum(t.is_alpha for t in joined)
            if not _inside_quote(joined.text) or words > MAX_WORDS:
                yield from [joined] if words <= MAX_WORDS else held
                held = []
            continue
        yield from held
        held = []
        line_before = doc.text[doc.text.rfind("\n", 0, piece.start_char) + 1:piece.start_char]
        if _inside_quote(piece.text) and not _inside_quote(line_before):
            held = [piece]
        else:
            yield piece
    yield from held


def _pieces(doc, body_start: int):
    """Sentences from ``body_start`` on as spans, cut at line breaks: the parser sometimes
    runs a title or a caption into the next paragraph's first sentence. A piece the next
    one on its line goes on from in lower case is one sentence split in two, whatever the
    parser took for its end: no sentence opens in lower case ("Café" | "and restaurant
    owners gathered ...", a quoted question and its speaker: "“Is it wrong?”" | "a fan
    asked.", an abbreviation: "AT&T Inc." | "more ammunition ..."). So is a piece the
    parser ended with no end mark inside a name ("Norvale" | "Biotech is a
    research-driven company")."""
    held = None
    for piece in _line_pieces(doc, body_start):
        if held is not None and _on_one_line(doc, held, piece) and (
                (piece[0].is_lower and piece[0].is_alpha)
                or (not _TERMINAL.search(held.text)
                    and held[-1].pos_ == "PROPN" and piece[0].pos_ == "PROPN")
                or _ends_in_an_abbreviated_title(held) and piece[0].is_title):
            held = doc[held.start:piece.end]
            continue
        if held is not None:
            yield held
        held = piece
    if held is not None:
        yield held


#: most letters of an abbreviated title ("Sens.", "Govs.", "Lt.")
ABBREVIATED_TITLE_LETTERS = 5


def _ends_in_an_abbreviated_title(piece) -> bool:
    """Whether a piece ends in a title's abbreviation ("Republican Sens." | "Lisa
    Murkowski and Susan Collins voted ..."): the parser takes its full stop for a
    sentence's end before the name it titles."""
    text = piece.text.rstrip()
    if not text.endswith("."):
        return False
    word = text[:-1].rsplit(None, 1)[-1] if text[:-1].strip() else ""
    return (0 < len(word) <= ABBREVIATED_TITLE_LETTERS and word.isalpha()
            and word[0].isupper() and is_title(word))


def _on_one_line(doc, first, second) -> bool:
    """Only spaces, and no line break, between two pieces."""
    return all(t.is_space and "\n" not in t.text for t in doc[first.end:second.start])


def _line_pieces(doc, body_start: int):
    for sent in doc.sents:
        if sent.end_char <= body_start:
            continue
        run = []
        for token in sent:
            if token.idx < body_start or (token.is_space and "\n" in token.text):
                yield from _trimmed(doc, run)
                run = []
            else:
                run.append(token)
        yield from _trimmed(doc, run)


def _trimmed(doc, run: list):
    while run and run[0].is_space:
        run.pop(0)
    while run and run[-1].is_space:
        run.pop()
    if run:
        yield doc[run[0].i:run[-1].i + 1]


def _usable(sentence: str, word_count: int, settings: SummarySettings) -> bool:
    """A whole sentence of prose: capitalised, ended (not cut off by an ellipsis), long
    enough, not a bare quote."""
    return (settings.min_words <= word_count <= MAX_WORDS and "\n" not in sentence
            and (sentence[0].isupper() or sentence[0].isdigit() or sentence[0] in "\"“"
                 or bool(_OPENS_IN_SINGLE_MARKS.match(sentence)))
            and bool(_TERMINAL.search(sentence)) and not _CUT_OFF.search(sentence)
            and not _is_quote_fragment(sentence))


def _inside_brackets(piece):
    """The sentence a piece holds in round brackets, as a span without them ("(Her album
    was released this week.)"), when the bracket it opens with closes at its end; else
    None. The rules for a sentence then read what is inside: a credit in brackets ("(Ann
    Lee/Harbour Herald)", "(Reporting by ...)") has no end mark."""
    if len(piece) < 3 or piece[0].text != "(" or piece[-1].text != ")":
        return None
    depth = 0
    for token in piece[:-1]:
        depth += (token.text == "(") - (token.text == ")")
        if depth == 0:
            return None  # the opening bracket closes before the end: "(CNN) Vermont ..."
    return piece.doc[piece.start + 1:piece.end - 1]


def _before_an_ellipsis(piece):
    """A piece that ends its sentence and then sets an ellipsis after it, as a separator
    ("... hardly warrants mention. ...", "... at 3:00 p.m. ..."), as the sentence alone;
    other pieces as they are (one ending in an ellipsis with no end mark before it was cut
    off: "The researchers are investigating whether...")."""
    if (len(piece) > 1 and piece[-1].text in ("...", "…")
            and _TERMINAL.search(piece[:-1].text) and not _CUT_OFF.search(piece[:-1].text)):
        return piece.doc[piece.start:piece.end - 1]
    return piece


#: a closing single mark: one before a letter is an apostrophe ("Don’t")
_CLOSING_SINGLE_MARK = re.compile(r"’(?![^\W\d_])")


def _inside_quote(before: str) -> bool:
    """The paragraph so far has opened a quotation it has not closed, in double marks or
    in single ones ("‘We ran out. Nobody came,’ Lee said.")."""
    return (before.count("“") > before.count("”") or before.count('"') % 2 == 1
            or before.count("‘") > len(_CLOSING_SINGLE_MARK.findall(before)))


def _bare(text: str) -> str:
    """Lower case without end punctuation, to spot a headline repeated in the body."""
    return _TERMINAL.sub("", text.strip()).strip().lower()


def _is_reporting(piece) -> bool:
    """Says something happened: a finite verb; not an order to the reader, not shouted in
    capitals, not a headline in title case run into the text, not behind a label
    ("Editor's note:", "Updated |")."""
    def has_subject(token) -> bool:
        return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in token.children)

    # the small model mistags some finite verbs (VB, VBN): a verb root with a subject counts
    if not any(t.tag_ in _FINITE_TAGS
               or (t.dep_ == "ROOT" and t.pos_ in ("VERB", "AUX") and has_subject(t))
               for t in piece):
        return False  # bylines, captions, headline-style fragments ("Trump to visit Paris.")
    first = next((t for t in piece if t.is_alpha), None)
    if (first is not None and first.dep_ == "ROOT" and first.tag_ in ("VB", "VBP")
            and not has_subject(first)):
        return False  # "Sign up for our newsletter."
    words = [t for t in piece if t.is_alpha]
    if sum(t.is_upper and len(t) > 1 for t in words) > 0.6 * len(words):
        return False  # shouted: a transcript, a banner or a headline in capitals
    if _opens_with_a_headline(piece) or _opens_with_a_label_in_capitals(piece):
        return False
    if any(t.text == "|" for t in piece[:4]):
        return False  # "Updated | When the first humans ...": a label
    label = next((i for i, t in enumerate(piece[:4]) if t.text == ":"), None)
    return not (label and not any(t.pos_ == "PRON" or t.tag_ in ("VBD", "MD")
                                  for t in piece[:label]))  # "Editor's note: ...", "UPDATE: ..."


def _opens_with_a_headline(piece) -> bool:
    """Its first HEADLINE_RUN_WORDS words are all in title case, and two of those past
    the first are stop words ("At", "For"): prose capitalises names, not "for"."""
    run = []
    for token in piece:
        if token.is_punct and not token.is_quote:
            continue  # a quotation mark ends the run: a title quoted is not a headline
        if not (token.is_alpha and token.is_title):
            break
        run.append(token.lower_)
        if len(run) == HEADLINE_RUN_WORDS:
            return sum(word in stop_words() for word in run[1:]) >= 2
    return False


def _opens_with_a_label_in_capitals(piece) -> bool:
    """Two or more words in capitals run straight into a capitalised word, no dash or
    comma between ("STORMY MORNING Heavy rain is expected ..."): a widget's or a
    section's label run into the text. A dateline has its dash ("NEW YORK (AP) —"), and
    acronyms before a name ("UN WFP Director ...") are short, so two of the words must
    have CAPITALS_LABEL_LETTERS letters or more."""
    run = []
    for token in piece:
        if token.is_alpha and token.is_upper:
            run.append(token)
            continue
        return (len(run) >= 2 and token.is_alpha and token.is_title
                and sum(len(t) >= CAPITALS_LABEL_LETTERS for t in run) >= 2)
    return False


def _repeats_its_opening(text: str) -> bool:
    """Its first n words, n at least REPEATED_OPENING_WORDS, come again right after them:
    a link's title and its text run together. Prose does not say its opening twice."""
    words = [w[0].casefold() for w in itertools.islice(re.finditer(r"\w+", text),
                                                          2 * MAX_TITLE_WORDS)]
    return any(words[:n] == words[n:2 * n]
               for n in range(REPEATED_OPENING_WORDS, len(words) // 2 + 1))


@dataclass
class ArticleSentence:
    """A body sentence of one article that may enter a summary, as read from its Doc;
    which of them a story takes depends on the story's headline (``_article_candidates``)."""

    text: str
    #: lower case without end punctuation, to compare with the story's headline
    bare: str
    needs_context: bool
    stems: list[str]
    bigrams: frozenset[tuple[str, str]]
    #: the words sumy reads: the spaCy tokens holding a word character
    tokens: tuple[str, ...]
    #: words as the budget counts them (whitespace-separated)
    words: int
    refers_back: bool = False
    #: the sentence right before it in the article is the candidate before it
    after_previous: bool = False
    #: the people it names, and its runs of proper nouns, as printed
    people: tuple[str, ...] = ()
    proper: tuple[str, ...] = ()


def sentences_key(settings: SummarySettings) -> tuple:
    """The key an article's sentences are kept under: they depend on these settings."""
    return ("summarise", settings.min_words, settings.per_article)


def article_sentences(parsed, settings: SummarySettings) -> list[ArticleSentence]:
    """The article's usable body sentences, read from its Doc once per settings."""
    return parsed.analysis(sentences_key(settings), lambda: _read_sentences(parsed, settings))


def _read_sentences(parsed, settings: SummarySettings) -> list[ArticleSentence]:
    """Usable body sentences in order, as many as any headline can need: whichever one
    text the story's headline takes out, ``per_article`` of them remain."""
    article = parsed.article
    text = article.text
    start = prose_start(article)
    own_title = {_bare(article.title)} - {""} if start else set()
    kept: list[ArticleSentence] = []
    repeats: Counter[str] = Counter()
    previous_kept = False  # whether the piece just before this one was kept
    for piece in _whole_quotations(parsed.doc, _pieces(parsed.doc, start)):
        if len(kept) - max(repeats.values(), default=0) >= settings.per_article:
            break
        after_kept, previous_kept = previous_kept, False
        piece = after_share_run(piece)
        if piece is None:
            continue  # share buttons, nothing else
        piece = after_dateline(piece)  # a summary says where and from whom in its citation
        # a sentence in brackets is an aside on the one before: it opens no summary
        inside = _inside_brackets(piece)
        aside, piece = inside is not None, _before_an_ellipsis(inside or piece)
        sentence = piece.text
        bare = _bare(sentence)
        if (not _usable(sentence, sum(t.is_alpha or t.like_num for t in piece), settings)
                or bare in own_title or not _is_reporting(piece)):
            continue
        paragraph_start = text.rfind("\n", 0, piece.start_char) + 1
        # a later sentence of a quotation: its speaker is named before it
        quoted = _inside_quote(text[paragraph_start:piece.start_char])
        line = text[paragraph_start:text.find("\n", piece.end_char) % (len(text) + 1)]
        if _repeats_its_opening(line):
            continue  # a story link, however long its teaser: the whole paragraph is furniture
        if len(line.split()) > CAPTION_WORDS:
            line = sentence  # a long paragraph (or a page without paragraphs) is prose
        if _CREDIT.search(line) or _READER.search(_own_words(line)):
            continue  # a caption or an appeal to the reader: the whole paragraph is furniture
        if describes_a_picture(piece) or is_a_caption(piece) or lacks_a_main_clause(piece) \
                or ends_unfinished(piece):
            continue
        leans_back = quoted or refers_back(piece) or said_by_a_pronoun(piece)
        sentence = text[piece.start_char:piece.end_char]
        kept.append(ArticleSentence(sentence, bare,
                                    leans_back or aside or opens_on_the_previous(piece),
                                    content_stems(piece), word_bigrams(piece),
                                    tuple(t.text for t in piece if WORD.search(t.text)),
                                    len(sentence.split()), leans_back, after_kept,
                                    _people(piece), _proper_runs(piece)))
        repeats[bare] += 1
        previous_kept = True
    return kept


def _article_candidates(index: int, parsed, headline: str, settings: SummarySettings):
    """Yield (candidate, its words for sumy) for the article's usable body sentences that
    do not restate the headline, in order, at most ``per_article`` of them; lazily, so a
    big story takes only leads."""
    titles = {_bare(headline)} - {""}
    if prose_start(parsed.article) == 0:
        titles.discard(_bare(parsed.article.title))
    found = 0
    previous_taken = False
    for sentence in article_sentences(parsed, settings):
        if found >= settings.per_article:
            return
        if sentence.bare in titles:
            previous_taken = False
            continue
        found += 1
        yield Candidate(index, sentence.text, found - 1, sentence.needs_context, sentence.stems,
                        sentence.bigrams, sentence.words, sentence.refers_back,
                        sentence.after_previous and previous_taken, sentence.people,
                        sentence.proper), sentence.tokens
        previous_taken = True


def _people(piece) -> tuple[str, ...]:
    """The people a sentence names (the parser's PERSON entities), as printed, once each."""
    return tuple(dict.fromkeys(e.text.strip() for e in piece.ents
                               if e.label_ == "PERSON" and e.text.strip()))


def _proper_runs(piece) -> tuple[str, ...]:
    """Runs of adjacent proper nouns ("Mr Routley", "New York"), as printed, once each."""
    runs, run = [], []
    for token in [*piece, None]:
        if token is not None and token.pos_ == "PROPN" and token.text[:1].isupper():
            run.append(token)
            continue
        if run:
            runs.append(piece.doc[run[0].i:run[-1].i + 1].text)
            run = []
    return tuple(dict.fromkeys(runs))


def prose_start(article: Article) -> int:
    """Where the sentences a summary may quote begin: the body, or the title when it is
    a sentence (the lead of a file without a headline, which cleaning took for its title)."""
    return 0 if reads_as_a_lead(article.title) else article.body_start


def word_bigrams(tokens) -> frozenset[tuple[str, str]]:
    """Adjacent word pairs, stemmed (punctuation skipped, as ROUGE tokenises), leaving out
    pairs of two stop words ("of the"), which say nothing about the story."""
    stops = stop_words()
    words = [t.lower_ for t in tokens if t.is_alpha or t.is_digit]
    return frozenset((stem(a), stem(b)) for a, b in zip(words, words[1:])
                     if a not in stops or b not in stops)


def story_candidates(cluster: Cluster, settings: SummarySettings, tokenizer: SpacyTokenizer) -> list[Candidate]:
    """Usable body sentences, leads of every article before second sentences of any (so a
    big story keeps all its leads), at most ``per_cluster`` in all."""
    streams = [_article_candidates(i, p, cluster.headline, settings)
               for i, p in enumerate(cluster.articles)]
    limit = max(settings.per_cluster, 0)
    kept: list[Candidate] = []
    while streams and len(kept) < limit:
        alive = []
        for stream in streams:
            if len(kept) >= limit:
                break
            found = next(stream, None)
            if found is not None:
                candidate, words = found
                tokenizer.add_words(candidate.text, words)
                kept.append(candidate)
                alive.append(stream)
        streams = alive
    return kept
