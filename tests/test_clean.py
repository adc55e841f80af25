"""Clean stage: furniture removal, titles, publishers, page splitting and exact offsets.

Every page here is invented for the test, in the styles scraped news pages come in.
"""
import logging
from datetime import date
import random

import pytest

from briefing.clean import clean_document, clean_documents
from briefing.config import LimitSettings
from briefing.page_meta import split_title
from briefing.records import Article, Document, Dropped

#: these pages are short: line cleaning is tested here with stub rejection off (and
#: stub rejection on its own at the end)
LIMITS = LimitSettings(min_article_words=0)

APPEAL_PAGE = """Your support matters today

Readers like you keep The Harbour Herald open.

We rely on you. Please donate what you can so our reporting stays free for everyone.

Photo: Jane Lens

Ferry strike halts island crossings for a second day

Ferry services to the three islands were cancelled again on Tuesday as crews walked out over pay.

“We have not been offered a fair deal,” union organiser Maria Costa said at the pier.

The operator said talks would resume on Thursday.
Additional reporting by Wire Service

Join the conversation
12 Comments

Get the app
Download our app from your favourite app store to get alerts first.
Menu
"""

TWO_STORY_PAGE = """site-logo
Council approves new cycle lanes
Council approves new cycle lanes

Valley Times3 hours ago
Councillors voted 9 to 4 on Monday to build protected cycle lanes along the river road.
Work is due to start in spring, the transport committee said.
Share this article
More stories

Library extends weekend hours
Library extends weekend hours

Valley Times

time45 minutes ago

  • Valley Times

Library extends weekend hours

The central library will open on Sundays from next month, the head librarian announced, after a survey showed strong demand.

Sign up to our newsletter
"""

LINK_LIST_PAGE = """Home World Europe Rail workers vote to accept new contract

Rail workers vote to accept new contract

Rail workers have voted to accept a new three-year contract, ending months of strikes.

Europe live updates

The union said 71% of members backed the deal in a ballot that closed on Friday.

Please enable JavaScript to use the video player

Union leader on the vote result

Read more:
Airport staff plan walkout over summer rosters
Bus fares frozen for another year

Management welcomed the result and said services would return to normal on Monday.

Exit full screen
"""

PLAIN_ARTICLE = """Senate passes budget after all-night session.

The Senate passed the budget early on Wednesday after a debate that lasted through the night.

He said:

"This is a budget for working families."

Stop delays
Fund the schools

Critics called the plan a
gimmick that would not survive
the next election.

Getty/Wire.
"""


def _doc(text: str, path: str = "pages/story.txt", **fields) -> Document:
    return Document(path=path, text=text, **fields)


def assert_offsets_map_back(doc: Document, article: Article) -> None:
    """Every segment and every body paragraph maps to its exact spot in the document."""
    assert article.segments, "no segments recorded"
    for seg in article.segments:
        start, end = seg.text_start, seg.text_start + seg.length
        assert article.source_span(start, end) == (seg.source_start, seg.source_start + seg.length)
        assert doc.text[seg.source_start:seg.source_start + seg.length] == article.text[start:end]
    position = article.body_start
    for paragraph in article.body.split("\n\n"):
        span = article.source_span(position, position + len(paragraph))
        assert span is not None, f"paragraph not mapped: {paragraph!r}"
        assert doc.text[span[0]:span[1]] == article.text[position:position + len(paragraph)]
        position += len(paragraph) + 2


def test_readers_comments_under_a_comments_heading_are_no_article_text():
    body = ("Harbour pilots in Kellhaven said on Monday they would strike next week unless "
            "the port raised its pay offer.\n\nThe union said talks had broken down after "
            "the port authority refused to improve its offer of a 4 percent rise.")
    text = (f"Pilots threaten strike\n\n{body}\n\nCOMMENTS (12)\n\nharbourwatcher: Pay "
            "them more and stop whining.\n\nJen_K wrote: Totally agree with the pilots!!"
            "\n\nReply\n\n3 likes")
    [article] = clean_document(_doc(text), LimitSettings(min_article_words=0))
    assert article.body == body
    # a line with a colon in the story is no comment unless a comments heading is above
    story = f"{body}\n\nPort chief: we will not give in to threats."
    [article] = clean_document(_doc(f"Pilots threaten strike\n\n{story}"),
                               LimitSettings(min_article_words=0))
    assert article.body == story


ZOO_BODY = [
    "Bellmoor Zoo has announced the birth of twin red panda cubs, the first born at the "
    "zoo in more than a decade.",
    "Red pandas are listed as endangered, with fewer than 10,000 thought to be left in "
    "the wild.",
    "The zoo said the public would be able to see the cubs from February."]


ZOO_TITLE = "Bellmoor zoo welcomes twin red panda cubs"


def _zoo_doc(kind: str, *paragraphs: str) -> Document:
    """The zoo story as a page's text read from its markup (its title given, paragraphs
    apart, list items bulleted) or as a text file (its title the first line)."""
    if kind == "html":
        return _doc("\n\n".join(paragraphs), path="pages/zoo.html", kind="html",
                    title=ZOO_TITLE)
    return _doc("\n\n".join([ZOO_TITLE, *paragraphs]), path="pages/zoo.txt")


@pytest.mark.parametrize("heading", ["3 comments", "Comments (3)", "COMMENTS 12",
                                     "Join the conversation", "Reader comments"])
@pytest.mark.parametrize("comments", [
    ["Gary T, 2 hours ago: Lovely news. My kids said they want to visit every weekend.",
     "Sue B, 1 hour ago: The zoo said the same thing last year and nothing happened.",
     "Reply · Like · Report"],
    ["Gary T", "2 hours ago", "Lovely news. My kids said they want to visit every weekend.",
     "Reply · Like", "Sue B · just now",
     "The zoo said the same thing last year and nothing happened.", "Reply"],
])
@pytest.mark.parametrize("kind", ["html", "text"])
def test_comments_under_any_comments_heading_are_no_article_text(heading, comments, kind):
    doc = _zoo_doc(kind, *ZOO_BODY[:2], heading, *comments)
    [article] = clean_document(doc, LIMITS)
    assert article.title == ZOO_TITLE
    assert article.body.split("\n\n") == ZOO_BODY[:2]
    assert_offsets_map_back(doc, article)


@pytest.mark.parametrize("heading", ["You may also like", "More from Bellmoor Post",
                                     "Recommended for you", "Related stories", "Most read"])
@pytest.mark.parametrize("kind", ["html", "text"])
def test_a_list_of_links_under_a_related_heading_is_no_article_text(heading, kind):
    links = ["Zoo visitor numbers hit record high", "Keeper says penguins 'love the snow'"]
    if kind == "html":  # list items, each a paragraph of its own
        doc = _zoo_doc(kind, ZOO_BODY[0], heading, *(f"- {link}" for link in links),
                       *ZOO_BODY[1:])
    else:  # a scraped page's list: packed under its heading
        doc = _zoo_doc(kind, ZOO_BODY[0], "\n".join([heading, *links]), *ZOO_BODY[1:])
    [article] = clean_document(doc, LIMITS)
    assert article.title == ZOO_TITLE
    assert article.body.split("\n\n") == ZOO_BODY
    assert_offsets_map_back(doc, article)


@pytest.mark.parametrize("kind", ["html", "text"])
def test_paragraphs_that_mention_comments_or_related_stories_stay(kind):
    body = ["3 comments",  # a count by the byline: nothing under it is a comment
            "Residents were invited to join the conversation at the town hall on Monday.",
            "Officials will read all 300 comments before deciding.",
            "Council leader Ann Lee: we will listen to every one of them, she said.",
            "More from the zoo's keepers will follow in a video on Friday.",
            "You may also like the new café, which opens next week."]
    text = "\n\n".join(["Zoo consults on new enclosure", *body])
    [article] = clean_document(_doc(text, kind=kind), LIMITS)
    assert article.body.split("\n\n") == body[1:]


def test_appeals_credits_comments_and_app_adverts_are_removed():
    doc = _doc(APPEAL_PAGE)
    [article] = clean_document(doc, LIMITS)
    assert article.title == "Ferry strike halts island crossings for a second day"
    assert article.publisher == "The Harbour Herald"
    assert article.body.split("\n\n") == [
        "Ferry services to the three islands were cancelled again on Tuesday as crews "
        "walked out over pay.",
        "“We have not been offered a fair deal,” union organiser Maria Costa said at the pier.",
        "The operator said talks would resume on Thursday.",
    ]
    for furniture in ("Readers like you", "donate", "Photo:", "Additional reporting",
                      "Comments", "conversation", "app", "Menu", "Your support"):
        assert furniture not in article.text
    assert_offsets_map_back(doc, article)
    assert article.source_span(0, len(article.title)) == (APPEAL_PAGE.index("Ferry strike"),
                                                          APPEAL_PAGE.index("Ferry strike")
                                                          + len(article.title))


def test_page_with_two_stories_is_split_at_the_repeated_headline_block():
    doc = _doc(TWO_STORY_PAGE, path="in/valley.txt")
    articles = clean_document(doc, LIMITS)
    assert [a.title for a in articles] == ["Council approves new cycle lanes",
                                           "Library extends weekend hours"]
    assert [a.id for a in articles] == ["valley", "valley-p1"]
    assert [a.part for a in articles] == [0, 1]
    assert [a.publisher for a in articles] == ["Valley Times", "Valley Times"]
    assert articles[0].body.split("\n\n") == [
        "Councillors voted 9 to 4 on Monday to build protected cycle lanes along the river road.",
        "Work is due to start in spring, the transport committee said."]
    assert articles[1].body == ("The central library will open on Sundays from next month, the "
                                "head librarian announced, after a survey showed strong demand.")
    for article in articles:
        for furniture in ("ago", "•", "Share", "More stories", "newsletter", "site-logo"):
            assert furniture not in article.text
        assert_offsets_map_back(doc, article)


def test_breadcrumbs_link_lists_video_captions_and_menu_lines_are_removed():
    doc = _doc(LINK_LIST_PAGE)
    [article] = clean_document(doc, LIMITS)
    assert article.title == "Rail workers vote to accept new contract"
    assert article.publisher is None
    assert article.body.split("\n\n") == [
        "Rail workers have voted to accept a new three-year contract, ending months of strikes.",
        "The union said 71% of members backed the deal in a ballot that closed on Friday.",
        "Management welcomed the result and said services would return to normal on Monday."]
    assert_offsets_map_back(doc, article)


def test_plain_article_file_keeps_every_line_but_the_title():
    doc = _doc(PLAIN_ARTICLE)
    [article] = clean_document(doc, LIMITS)
    assert article.title == "Senate passes budget after all-night session."
    for line in PLAIN_ARTICLE.splitlines()[1:]:
        assert line.strip() in article.body
    # A line wrapped mid-sentence stays one paragraph, copied verbatim with its newlines.
    assert ("Critics called the plan a\ngimmick that would not survive\nthe next election."
            in article.body.split("\n\n"))
    assert_offsets_map_back(doc, article)


def test_photo_credit_is_dropped_even_from_a_plain_article():
    text = ("Storm closes coastal road\n\nThe coastal road was closed on Sunday after waves "
            "damaged the sea wall.\n\nAlex Shore via Getty Images.\n\nRepairs will take a week.")
    [article] = clean_document(_doc(text), LIMITS)
    assert "Getty" not in article.text
    assert article.body.endswith("Repairs will take a week.")


def test_duplicated_headline_and_bullets_are_stripped_with_offsets_adjusted():
    text = ("Quick Links\nTop\n\nWater prices to rise in autumn\nWater prices to rise in autumn\n\n"
            "  • Water bills will rise by 6% from October, the regulator said on Friday.\n"
            "  - Households on low incomes will be offered a discount scheme.\n")
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert article.title == "Water prices to rise in autumn"
    assert article.body.split("\n\n") == [
        "Water bills will rise by 6% from October, the regulator said on Friday.",
        "Households on low incomes will be offered a discount scheme."]
    assert_offsets_map_back(doc, article)


def test_structured_title_is_trusted_and_only_obvious_share_lines_go():
    text = ("Mayor opens new market hall\n\nThe mayor opened the market hall on Saturday.\n\n"
            "Advertisement\n\nTraders\n\nForty traders have taken stalls so far.\n\n"
            "Share on Facebook | Tweet | Email\n\nNext Page 1 | 2")
    doc = _doc(text, path="feed/market.json", kind="json", title="Mayor opens new market hall",
               publisher="Town Crier", url="https://town.test/market")
    [article] = clean_document(doc, LIMITS)
    assert article.title == "Mayor opens new market hall"
    assert article.publisher == "Town Crier" and article.url == "https://town.test/market"
    assert article.body.split("\n\n") == ["The mayor opened the market hall on Saturday.",
                                          "Traders", "Forty traders have taken stalls so far."]
    assert_offsets_map_back(doc, article)
    assert article.source_offset(0) is None  # the given title is not copied from the text


def test_markdown_heading_is_the_title_and_images_are_dropped():
    text = ("# Orchard harvest breaks records\n\n![apples](img/apples.jpg)\n\n"
            "Growers picked more apples this year than in any season since 1990.\n\n"
            "> “It was a perfect summer,” one grower said.\n")
    doc = _doc(text, path="notes/harvest.md", kind="markdown")
    [article] = clean_document(doc, LIMITS)
    assert article.title == "Orchard harvest breaks records"
    assert article.body.split("\n\n") == [
        "Growers picked more apples this year than in any season since 1990.",
        "“It was a perfect summer,” one grower said."]
    assert_offsets_map_back(doc, article)


def test_the_log_of_a_cut_article_names_its_title_and_address_not_only_its_row(caplog):
    paragraphs = [f"Paragraph number {n} says something about the vote." for n in range(10)]
    doc = _doc("\n\n".join(paragraphs), path="store/article-9", title="Vote count goes on",
               url="https://news.example/vote")
    with caplog.at_level(logging.WARNING, logger="briefing.clean"):
        clean_document(doc, LimitSettings(max_article_chars=120, min_article_words=0))
    assert ('store/article-9 "Vote count goes on" (https://news.example/vote): article cut '
            'at ') in caplog.text


def test_body_is_capped_at_a_paragraph_boundary():
    paragraphs = [f"Paragraph number {n} says something about the vote." for n in range(10)]
    text = "Vote count continues\n\n" + "\n\n".join(paragraphs)
    doc = _doc(text)
    [article] = clean_document(doc, LimitSettings(max_article_chars=120, min_article_words=0))
    assert article.body.split("\n\n") == paragraphs[:2]
    assert len(article.body) <= 120
    [long_one] = clean_document(_doc("Title here\n\n" + "word " * 100), LimitSettings(min_article_words=0,
        max_article_chars=50))
    assert len(long_one.body) <= 50 and long_one.body.startswith("word word")
    assert_offsets_map_back(_doc("Title here\n\n" + "word " * 100), long_one)


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Close\nMenu\nLogin",
                                  "\ufffd\ufffd\x00\x01 \ufffd$$ ###\n" * 50])
def test_empty_or_junk_documents_give_no_article(text, caplog):
    with caplog.at_level(logging.WARNING, logger="briefing.clean"):
        assert clean_document(_doc(text), LIMITS) == []
    assert "no article" in caplog.text


def test_random_bytes_never_raise():
    rng = random.Random(7)
    for _ in range(200):
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(400)))
        text = raw.decode("utf-8", errors="replace")
        for article in clean_document(_doc(text), LIMITS):
            assert_offsets_map_back(_doc(text), article)


def test_ids_are_unique_across_a_run_and_multi_record_files_get_indexes():
    body = "\n\nThe river rose by two metres overnight, the agency said."
    docs = [_doc("Flood warning" + body, path="a/report.txt"),
            _doc("Flood warning again" + body, path="b/report.txt"),
            _doc(body, path="c/feed.jsonl", kind="json", title="One", index=0),
            _doc(body, path="c/feed.jsonl", kind="json", title="Two", index=1),
            _doc(body, path="c/list.json", kind="json", title="Three", index=0),
            _doc(body, path="c/list.json", kind="json", title="Four", index=1)]
    ids = [a.id for a in clean_documents(docs, LIMITS)]
    assert ids == ["report", "report-2", "feed-0", "feed-1", "list-0", "list-1"]


def test_text_without_a_title_line_keeps_its_body():
    text = ("The water board said on Monday that reservoir levels had fallen to their lowest "
            "point in a decade after the driest spring on record, and urged households and "
            "businesses across the region to save water wherever they could until the autumn "
            "rains arrive.\n\nA hosepipe ban starts next week.")
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert article.title == "" and article.text == text
    assert_offsets_map_back(doc, article)


def test_scraped_page_without_a_headline_still_gives_its_body():
    text = ("Comments\n\nTraffic was diverted on Friday after a lorry shed its load "
            "on the bypass, police said.\n\nThe road reopened by noon.\n\nDOWNLOAD THE APP\n")
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert article.title.startswith("Traffic was diverted")
    assert article.body == "The road reopened by noon."
    assert_offsets_map_back(doc, article)


def test_a_scraped_page_opening_with_its_lead_keeps_it_and_takes_no_later_line_for_a_title():
    lead = ("The harbour master closed the port on Monday after a section of the eastern "
            "pier gave way during the night, and ferries to the island were cancelled until "
            "engineers from the county council and the ferry company could inspect the "
            "damage, which the council said was the worst in a generation.")
    text = (f"Comments\n\n{lead}\n\nOn Tuesday evening the mayor spoke.\n\n"
            "\u201cThat,\u201d she said, \u201cincludes me.\u201d\n\n"
            "Engineers expect to finish their survey by Friday. Repairs could take until "
            "spring, and the cost is not yet known.\n\nDOWNLOAD THE APP\n")
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    # the page has no headline: its lead opens the text (the summary reads it as the lead
    # cleaning took for a title), and a short paragraph further on is text, not a title
    assert article.text.startswith(lead)
    assert "\u201cThat,\u201d she said, \u201cincludes me.\u201d" in article.body
    assert article.body.endswith("the cost is not yet known.")
    assert_offsets_map_back(doc, article)


@pytest.mark.parametrize("line, outlet", [
    ("Metro Daily7 minutes ago", "Metro Daily"), ("time3 days ago", None),
    ("Updated 2 hours ago", None), ("• Coast FM · an hour ago", "Coast FM")])
def test_relative_timestamps_are_dropped_and_name_the_outlet(line, outlet):
    text = (f"Pier reopens after storm repairs\n{line}\n"
            "The pier reopened on Saturday after three months of storm repairs.\n")
    [article] = clean_document(_doc(text), LIMITS)
    assert article.title == "Pier reopens after storm repairs"
    assert article.publisher == outlet
    assert article.body == "The pier reopened on Saturday after three months of storm repairs."


@pytest.mark.parametrize("line", ["Published 1 December 2026, 21:05",
                                  "Updated: 12 March 2024 10:00 GMT", "Posted on Sep 8, 2015"])
def test_a_dateline_is_dropped_but_a_bare_date_stays(line):
    text = (f"Pier reopens after storm repairs\n\n{line}\n\n"
            "The pier reopened on Saturday after three months of storm repairs.\n\n"
            "Correction: an earlier version gave the wrong date for the storm.\n\n"
            "Friday, December 4, 2026.\n")
    [article] = clean_document(_doc(text), LIMITS)
    assert article.body == ("The pier reopened on Saturday after three months of storm repairs."
                            "\n\nCorrection: an earlier version gave the wrong date for the "
                            "storm.\n\nFriday, December 4, 2026.")
    assert_offsets_map_back(_doc(text), article)
    # the dateline before the body is when the article appeared (the bare date is text)
    assert str(article.published) == {
        "Published 1 December 2026, 21:05": "2026-12-01 21:05:00+00:00",
        "Updated: 12 March 2024 10:00 GMT": "2024-03-12 10:00:00+00:00",
        "Posted on Sep 8, 2015": "2015-09-08"}[line]


@pytest.mark.parametrize("first_line, title, outlet", [
    ("Bridge to close for repairs | Harbour Gazette", "Bridge to close for repairs",
     "Harbour Gazette"),
    ("Bridge to close for repairs — harbourgazette.example", "Bridge to close for repairs",
     "harbourgazette.example"),
    ("Storms - what we know", "Storms - what we know", None),
    ("Rates rise - and Who Pays", "Rates rise - and Who Pays", None),
])
def test_a_title_line_ending_with_an_outlet_names_it(first_line, title, outlet):
    text = (f"{first_line}\n\nThe harbour bridge will close for three weeks of repairs "
            "from Monday, the county engineer said.\n")
    doc = _doc(text, path="harbour/bridge.txt")
    [article] = clean_document(doc, LIMITS)
    assert (article.title, article.outlet) == (title, outlet)
    assert_offsets_map_back(doc, article)
    assert article.source_span(0, len(title)) == (0, len(title))


@pytest.mark.parametrize("title, outlet", [
    ("Mr. Smith resigns as mayor | The Harbour Gazette", "The Harbour Gazette"),
    ("Quake hits coast - Met Éireann", "Met Éireann"),
    ("Follow CBS: Facebook | Twitter", None),  # share buttons, not an outlet
    ("Votes are still to be counted. Here is how | azcentral.com", None),  # a caption
    ("Storms - What We Know", None), ("Bridge To Close - Live Updates", None),
    ("Rates rise - 2026", None), ("- Harbour Gazette", None),
])
def test_only_a_short_name_ending_a_title_is_its_outlet(title, outlet):
    assert split_title(title)[1] == outlet
    assert split_title(title)[0] == (title[:title.rindex(outlet) - 3] if outlet else title)


@pytest.mark.parametrize("title, split", [
    ("Home | Harbour Gazette", ("Home", "Harbour Gazette")),
    ("Harbour Gazette - Home", ("Home", "Harbour Gazette")),
    ("Harbour Gazette | Latest news", ("Latest news", "Harbour Gazette")),
    # a section's name ending a headline is no outlet
    ("Flood warnings issued for the coast - News", ("Flood warnings issued for the coast", None)),
])
def test_a_page_name_ending_a_title_is_no_outlet(title, split):
    assert split_title(title) == split


@pytest.mark.parametrize("title", ["Home", "Homepage", "News", "Latest news", "Article",
                                   "Page 1", "Sport", "HOME PAGE"])
def test_a_page_name_alone_is_no_title(title):
    from briefing.titles import best_title, headline, not_a_title

    assert not_a_title(title) == "a page's name" and headline(title) is None
    assert best_title([title, "Bridge to close for repairs"]) == "Bridge to close for repairs"


@pytest.mark.parametrize("title", ["News of the bridge closure reaches the islands",
                                   "Home secretary visits flooded town", "Page 3 girls return",
                                   "Latest figures show rents rising"])
def test_a_headline_opening_with_a_page_word_is_a_title(title):
    from briefing.titles import not_a_title

    assert not_a_title(title) is None


def test_a_title_end_naming_another_outlet_than_the_known_one_stays():
    text = ("Bridge to close - Harbour Gazette\n\nThe harbour bridge will close for three "
            "weeks of repairs from Monday, the county engineer said.\n")
    [given] = clean_document(_doc(text, publisher="Coast FM"), LIMITS)
    assert (given.title, given.outlet) == ("Bridge to close - Harbour Gazette", "Coast FM")
    [same] = clean_document(_doc(text, publisher="The Harbour Gazette"), LIMITS)
    assert (same.title, same.outlet) == ("Bridge to close", "The Harbour Gazette")
    # a site name that is only the page's host gives way to the name the title ends with
    [host] = clean_document(_doc(text, publisher="harbourgazette.example"), LIMITS)
    assert (host.title, host.outlet) == ("Bridge to close", "Harbour Gazette")


def test_a_headline_mentioning_a_time_ago_is_not_a_timestamp():
    text = ("Quake struck 2 hours ago\n\nA magnitude 5 earthquake shook the coast this morning, "
            "officials said.\n")
    [article] = clean_document(_doc(text), LIMITS)
    assert article.title == "Quake struck 2 hours ago"


def test_wrapped_lines_never_join_across_dropped_furniture():
    text = ("Budget row deepens\n\nMinisters met late into the night to settle the\n"
            "final figures, aides said.\n\nThe finance minister will present the\n"
            "Share on Facebook\nfigures to parliament on Tuesday.\n\nAdvertisement\n")
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert article.title == "Budget row deepens"
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0] == ("Ministers met late into the night to settle the\n"
                             "final figures, aides said.")
    assert paragraphs[-1] == "figures to parliament on Tuesday."
    assert "Share" not in article.text
    assert_offsets_map_back(doc, article)


# ---------------------------------------------------------------- stubs and platform notices

@pytest.mark.parametrize("words,kept", [(49, False), (50, True)])
def test_an_article_under_the_word_limit_is_dropped_with_its_reason(words: int, kept: bool) -> None:
    doc = _doc("A title\n\n" + " ".join(["word"] * words) + ".")
    dropped: list[Dropped] = []
    assert bool(clean_document(doc, LimitSettings(), dropped=dropped)) is kept
    assert dropped == ([] if kept else [Dropped(
        "pages/story.txt", f"stub: {words} words of body, under limits.min_article_words (50)",
        title="A title")])
    assert clean_document(doc, LimitSettings(min_article_words=0))


@pytest.mark.parametrize("text,reason", [
    ("Tweet with a location\n\nYou can add location information to your Tweets, such as your "
     "city or precise location, from the web and via third-party applications.",
     "embedded-post boilerplate: 23 words of body"),
    ("Starting in 1996, Alexa Internet has been donating their crawl data to the Internet "
     "Archive. Flowing in every day, these data are added to the Wayback Machine.",
     "archive-crawl notice"),
    ("JavaScript is disabled\n\nYou need to enable JavaScript to use this site", "JavaScript notice"),
])
def test_platform_notices_are_named_in_the_reason(text: str, reason: str) -> None:
    dropped: list[Dropped] = []
    assert clean_documents([_doc(text)], LimitSettings(), dropped) == []
    [item] = dropped
    assert item.path == "pages/story.txt" and item.reason.startswith(reason)


def _crawl_notice_page(extra_words: int) -> str:
    """A page in the shape of the Internet Archive's crawl explanation (written for the
    test): the notice, then ``extra_words`` more words of its own prose."""
    return ("These crawls are part of an effort to archive pages as they are created, so "
            "that a link keeps working after the page it points to has changed.\n\n"
            + "The archive hopes that links to these saved copies will replace broken ones "
            * (extra_words // 13) + "\n\nThe goal is to fix broken links on the web.")


def test_a_short_page_opening_with_a_platform_notice_is_that_notice() -> None:
    page = _crawl_notice_page(100)
    assert 50 <= len(page.split()) < 150  # past the stub limit, under three times it
    dropped: list[Dropped] = []
    assert clean_documents([_doc("Saved pages\n\n" + page)], LimitSettings(), dropped) == []
    [item] = dropped
    assert item.reason.startswith("archive-crawl notice: a ")
    assert "3 x limits.min_article_words (50)" in item.reason


#: an archive's description of one of its crawls, in the shape the Internet Archive gives
#: one (written for the test)
CRAWL_DESCRIPTION = (
    "Harbour wide crawl with initial seedlist and crawler configuration from May 2019. "
    "This crawl used new software for distributed crawling.\n\n"
    "Crawl start date: 09 May, 2019\n\nCrawl end date: 23 December, 2019\n\n"
    "Number of captures: 1,713,676,341\n\n"
    + "The seed list for this crawl was a list of the most visited sites, retrieved close "
      "to the crawl start date, and the crawler respected each site's robots rules. " * 12)


def test_a_page_whose_first_line_describes_an_archives_crawl_is_that_notice() -> None:
    """However long it runs, a page opening with an archive's description of a crawl (its
    seed list, dates, capture counts) is the archive's text, not the page's."""
    assert len(CRAWL_DESCRIPTION.split()) > 3 * 50
    dropped: list[Dropped] = []
    assert clean_documents([_doc(CRAWL_DESCRIPTION)], LimitSettings(), dropped) == []
    [item] = dropped
    assert item.reason.startswith("archive-crawl notice: a ")
    assert item.reason.endswith("-word page whose first line is one")
    short = "The seed for Harbour00321 was:\n\n- Front pages of every site on the web"
    dropped = []
    assert clean_documents([_doc(short)], LimitSettings(), dropped) == []
    assert dropped[0].reason.startswith("archive-crawl notice: ")
    # an article about the crawl keeps its text: the description is not its first line
    story = ("Archivists in Kellhaven said on Tuesday they had saved every page of the "
             "harbour board's website before it closed. ") * 8
    dropped = []
    assert len(clean_documents([_doc("Board's website saved\n\n" + story + "\n\n"
                                     + CRAWL_DESCRIPTION)], LimitSettings(), dropped)) == 1
    assert dropped == []


def test_an_article_that_mentions_a_notice_late_or_runs_long_is_kept() -> None:
    story = ("The city council voted on Tuesday to close the old harbour bridge to lorries "
             "after engineers found cracks in two of its piers. ") * 8
    late = story + "\n\nThe council's old minutes are on the Wayback Machine, a reporter found."
    long_page = _crawl_notice_page(260)
    for text in (late, long_page):
        dropped: list[Dropped] = []
        assert len(clean_documents([_doc("A title\n\n" + text)], LimitSettings(), dropped)) == 1
        assert dropped == []


def test_each_dropped_record_and_part_is_named() -> None:
    records = [_doc("Short one.", path="feed/a.jsonl", kind="json", title="One", index=0),
               _doc(" ".join(["word"] * 90) + ".", path="feed/a.jsonl", kind="json", title="Two",
                    index=1)]
    dropped: list[Dropped] = []
    articles = clean_documents(records, LimitSettings(), dropped)
    assert [a.title for a in articles] == ["Two"]
    assert [d.path for d in dropped] == ["feed/a.jsonl (record 1)"]


# ---------------------------------------------------------------- program code

CODE_REASON = "looks like program code, not an article"

#: a site's script saved as the page's text, its first line taken for a title
MINIFIED_SCRIPT = (
    '(function(){var a=document.getElementById("main");if(!a){return;}a.addEventListener('
    '"click",function(e){e.preventDefault();window.location.href="/news?id="+a.dataset.id;});'
    '})();\n\n'
    "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
    "gtag('js',new Date());gtag('config','UA-12345-1');\n\n"
    'var config = {"apiBase": "https://api.example.com", "retries": 3, "timeout": 5000, '
    '"features": {"comments": true, "share": false}};\n')

#: the page's JSON-LD, its description a sentence of prose inside the code
JSON_LD = (
    'Harbour Gazette\n\n{"@context": "https://schema.org", "@type": "NewsArticle", '
    '"headline": "Harbour wall to be rebuilt", "datePublished": "2026-12-01T09:00:00+00:00", '
    '"author": {"@type": "Person", "name": "Ann Bell"}, "publisher": {"@type": '
    '"Organization", "name": "Harbour Gazette"}, "description": "The council said on Monday '
    'that the harbour wall would be rebuilt next spring at a cost of four million pounds, '
    'after storms damaged it in November.", "mainEntityOfPage": '
    '"https://gazette.example/harbour-wall"}\n')

STYLE_SHEET = """Site styles

/* Article pages */
body {
  font-family: Georgia, 'Times New Roman', serif;
  margin: 0;
  color: #222;
}

.article-header h1 {
  font-size: 2.4rem;
  line-height: 1.1;
}

.site-nav a:hover {
  text-decoration: underline;
}
"""

#: a chart's data: too few letters to be a body at all
CHART_DATA = ("var rainfall=[[1,12.5],[2,14.0],[3,9.75],[4,3.5],[5,0.25],[6,0.0],[7,1.5],"
              "[8,22.0],[9,30.5],[10,41.0],[11,38.25],[12,27.5]];\n"
              "chart.draw(rainfall,{max:50,step:10});\n")


@pytest.mark.parametrize("text, title", [
    (MINIFIED_SCRIPT, None), (JSON_LD, "Harbour Gazette"), (STYLE_SHEET, "Site styles"),
    (CHART_DATA, None)], ids=["script", "json-ld", "style sheet", "chart data"])
def test_a_page_of_program_code_is_left_out_with_its_reason(text, title):
    dropped: list[Dropped] = []
    assert clean_documents([_doc(text)], LimitSettings(), dropped) == []
    assert dropped == [Dropped("pages/story.txt", CODE_REASON, title=title)]


CODING_CLUB = [
    "A coding club at Harbour Primary School has won a national prize for teaching "
    "children to program.",
    'Its youngest member, aged seven, wrote her first program last month. It was one '
    'line, print("hi"), and she said she ran it a hundred times.',
    "The club meets every Tuesday after school in the library, and its teachers say more "
    "than forty children now take part each week.",
]

BUS_DATA = [
    "The city council on Monday began publishing its bus timetables as open data, so that "
    "developers can build their own departure boards for the city's 40 routes.",
    "One developer showed how two lines of Python fetch the next departures from a stop:",
    'stops = requests.get("https://data.example.gov/bus/stops.json", timeout=10).json()',
    'for stop in stops["items"]: print(stop["name"], stop["next"])',
    '"It took me ten minutes to get a departure board running," said Tom Reid, a software '
    'developer who lives near the harbour.',
]

#: a style sheet the extractor kept beside the article, shorter than it
LEAKED_STYLES = ["}", ".bio-text {", "font-size:15px;", "line-height:20px;",
                 "text-align: left;", "}", ".image-wrap {", "height: 275px !important;", "}"]


@pytest.mark.parametrize("body", [CODING_CLUB, BUS_DATA, CODING_CLUB + LEAKED_STYLES],
                         ids=["quoted call", "code listing", "leaked style sheet"])
def test_an_article_with_code_in_it_keeps_every_line(body):
    doc = _doc("Harbour news\n\n" + "\n\n".join(body))
    dropped: list[Dropped] = []
    [article] = clean_documents([doc], LimitSettings(), dropped)
    assert dropped == []
    assert article.body.split("\n\n") == body
    assert_offsets_map_back(doc, article)


def test_code_holding_most_of_a_page_leaves_it_out_only_when_its_prose_makes_no_article():
    """More code than text: with the sentences of an article (the stub limit's 50 words)
    beside it, the page is that article; with fewer, it is the code."""
    code = MINIFIED_SCRIPT * 3
    for body, kept in ((CODING_CLUB, True), (CODING_CLUB[:2], False)):
        words = len(" ".join(body).split())
        assert (words >= 50) is kept, words
        dropped: list[Dropped] = []
        articles = clean_documents([_doc("Harbour news\n\n" + "\n\n".join(body) + "\n\n" + code)],
                                   LimitSettings(), dropped)
        assert [a.title for a in articles] == (["Harbour news"] if kept else [])
        assert dropped == ([] if kept else [Dropped("pages/story.txt", CODE_REASON,
                                                    title="Harbour news")])


@pytest.mark.parametrize("furniture", [
    "Image copyright Harbour Photos Image caption The ferry left the pier an hour late on Tuesday",
    "Media playback is unsupported on your device Media caption The crew explain why they walked out",
    "Enlarge this image toggle caption Ann Lee/Harbour Herald hide caption",
    "JUST WATCHED Ferry crews strike Replay More Videos ... MUST WATCH Ferry crews strike 01:42",
    "RELATED: Island ferry timetable cut for the winter",
    "Passengers wait at the pier as the strike enters a second day... (Associated Press)",
    "(PHOTOS: The island ferry strike)",
    "Image The operator's chief executive, Ann Lee, said on Tuesday that talks had failed. "
    "Credit Tom Reyes/The Harbour Herald",
])
def test_captions_video_players_and_related_links_are_dropped_at_any_length(furniture):
    text = ("Ferry strike halts island crossings\n\nFerry services to the three islands were "
            f"cancelled again on Tuesday as crews walked out over pay.\n\n{furniture}\n\n"
            "The operator said talks would resume on Thursday.")
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert furniture not in article.text
    assert article.body.endswith("The operator said talks would resume on Thursday.")
    assert_offsets_map_back(doc, article)


def test_prose_mentioning_captions_or_related_stories_stays():
    lines = ["The caption on the union's poster read simply: fair pay now.",
             "Related talks between the operator and the port authority ended on Monday.",
             "Image Ferries said on Tuesday it had taken a loan from Credit Suisse."]
    text = "Ferry strike halts island crossings\n\n" + "\n\n".join(lines)
    [article] = clean_document(_doc(text), LIMITS)
    assert article.body.split("\n\n") == lines


BODY = ("The semiconductor agreement signed in Brussels on Monday has prompted Gulf "
        "sovereign funds to review their own plans for chip investments, analysts said.\n\n"
        "Qatar's Prime Minister said his country welcomed any arrangement that brings "
        "stability to global supply chains.\n")
SCRAPED_END = "\nShare this article on Facebook  Twitter  WhatsApp\nRead more: Oil prices edge higher\n"


@pytest.mark.parametrize("header, outlet, published", [
    ("Cork Examiner Weekly", "Cork Examiner Weekly", None),
    ("Science Desk Daily", "Science Desk Daily", None),
    ("Gulf Daily\n1 December 2026", "Gulf Daily", "2026-12-01"),
    ("1 December 2026\nGulf Daily", "Gulf Daily", "2026-12-01"),
    ("Tuesday 1 December 2026, 09:30", None, "2026-12-01 09:30:00+00:00"),
    ("Published 1 December 2026", None, "2026-12-01"),
    ("AFP", "AFP", None),
    ("Reuters\n1 December 2026", "Reuters", "2026-12-01"),  # an agency's one-word name
])
@pytest.mark.parametrize("tail", ["", SCRAPED_END], ids=["plain", "scraped"])
def test_lines_under_the_title_naming_the_outlet_or_date_become_them(header, outlet,
                                                                      published, tail):
    """The short lines set right under a .txt file's title, before its first blank line,
    are its outlet and its date, in a plain file as in a scraped page (one ending in a
    share line and a link list): never left in the text, never deleted unread."""
    text = f"EU-Korea chip pact leaves Gulf investors weighing options\n{header}\n\n{BODY}{tail}"
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert article.title == "EU-Korea chip pact leaves Gulf investors weighing options"
    assert (article.publisher, None if article.published is None else str(article.published)) \
        == (outlet, published)
    assert article.body == BODY.strip()
    assert_offsets_map_back(doc, article)


@pytest.mark.parametrize("header", [
    "Mary Brennan",                  # a byline without "By": no outlet's word in it
    "By Mary Brennan, Gulf Daily",   # a byline naming the outlet: the line is the article's
    "Council to review the fees",    # a standfirst
    "Economic Scene.",               # a column's name, ending like a sentence
    "Opinion",                       # a section
    "Gulf Daily\nMary Brennan",      # an outlet with a line that is neither
    "Gulf Daily\nSeoul Times",       # two outlets: which one?
])
def test_other_lines_under_the_title_stay_in_the_text(header):
    text = f"EU-Korea chip pact leaves Gulf investors weighing options\n{header}\n\n{BODY}"
    [article] = clean_document(_doc(text), LIMITS)
    assert (article.publisher, article.published) == (None, None)
    assert article.body == "\n\n".join(header.split("\n") + [BODY.strip()])


def test_an_outlet_line_with_no_blank_line_before_the_body_stays_in_the_text():
    text = ("EU-Korea chip pact leaves Gulf investors weighing options\nGulf Daily\n"
            "The semiconductor agreement signed in Brussels on Monday has prompted funds to "
            "review their plans.\n")
    [article] = clean_document(_doc(text), LIMITS)
    assert article.publisher is None and article.body.startswith("Gulf Daily\n")


def test_a_given_outlet_and_date_beat_the_lines_under_the_title():
    from datetime import date
    text = f"EU-Korea chip pact leaves Gulf investors weighing options\nGulf Daily\n1 December 2026\n\n{BODY}"
    [article] = clean_document(_doc(text, publisher="Seoul Times",
                                    published=date(2026, 11, 30)), LIMITS)
    assert (article.publisher, article.published) == ("Seoul Times", date(2026, 11, 30))
    assert article.body == BODY.strip()


PRESS_RELEASE = """# Lumen Grid opens the region's largest battery store

Lumen Grid

3 March 2026

DALBY, 3 March 2026 - Lumen Grid today opened a 400-megawatt battery store at its Dalby site, enough to power 90,000 homes for four hours.

The store took two years to build and cost 210 million euros.

About Lumen Grid
Lumen Grid is a privately held energy company founded in 2011. For more information visit www.lumen.example.

Media contact: press@lumen.example
"""


def test_a_press_release_loses_its_boilerplate_and_keeps_its_issuer_and_date():
    """The "About <issuer>" section and the contacts describe the issuer, not the news;
    the lines under the title give the issuer and the date."""
    doc = _doc(PRESS_RELEASE, path="releases/lumen.md", kind="markdown")
    [article] = clean_document(doc, LIMITS)
    assert article.publisher == "Lumen Grid"
    assert article.published == date(2026, 3, 3)
    assert article.body.startswith("DALBY, 3 March 2026 - Lumen Grid today opened")
    assert article.body.endswith("cost 210 million euros.")
    assert_offsets_map_back(doc, article)


def test_a_press_releases_issuer_and_date_over_its_labelled_headline_are_no_title():
    """A plain press release opening with its issuer and date, then its headline under
    a "PRESS RELEASE:" label: the headline is the title, without the label, the issuer
    its publisher; a title-cased headline over a date keeps its place."""
    body = ("Carrow City Council will offer free parking at two car parks during the bridge "
            "closure, the council confirmed today.\n\nThe scheme will cost an estimated "
            "£180,000, met from the council's reserves.")
    text = ("Carrow City Council\n3 December 2026\n\nPRESS RELEASE: Free parking on west "
            f"bank during bridge closure\n\n{body}\n")
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert article.title == "Free parking on west bank during bridge closure"
    assert (article.publisher, article.published) == ("Carrow City Council", date(2026, 12, 3))
    assert article.body == body
    assert_offsets_map_back(doc, article)
    text = f"Harbour Wall To Close\n3 December 2026\n\nShort note on the works\n\n{body}\n"
    [article] = clean_document(_doc(text), LIMITS)
    assert article.title == "Harbour Wall To Close"


def test_an_about_heading_naming_nothing_earlier_is_kept():
    """A sub-heading such as "About Face" naming nobody the text named is content."""
    text = ("Bridge reopens after repairs\n\nThe Carrow bridge reopened on Monday after six "
            "weeks of repairs to its piers, the council said.\n\nAbout Face\n\nLocal "
            "artists painted the new railings in the town's colours.\n")
    [article] = clean_document(_doc(text), LIMITS)
    assert "Local artists painted the new railings" in article.body


MUSEUM_BODY = [
    "The lighthouse keeper's cottage at Carrow Head reopened on Saturday as a museum of the "
    "coast, three years after storms tore off its roof.",
    "\"We kept every lamp and logbook we could save,\" said curator Idris Penhale. \"Now the "
    "whole town can see them.\"",
    "Entry is free for residents until the end of April.",
]
MUSEUM_PHOTO = ("![Curator Idris Penhale in the lamp room](penhale.jpg)\n\n"
                "Curator Idris Penhale in the lamp room. (Photo: Penwith Herald/Tamsin Roe)\n\n")


@pytest.mark.parametrize("photo", [
    MUSEUM_PHOTO,
    MUSEUM_PHOTO.split("\n\n")[0] + "\n\n",  # the image alone
    MUSEUM_PHOTO.split("\n\n")[1] + "\n\n",  # its caption alone
], ids=["image and caption", "image", "caption"])
def test_a_photo_under_a_markdown_heading_leaves_the_title_outlet_and_date(photo):
    """Share links, a picture and its credited caption between a headline and the body
    are furniture: the heading stays the title, the lines under it its outlet and date."""
    text = ("# Lighthouse cottage reopens as a museum\n\nPenwith Herald\n3 March 2027\n\n"
            "Share this article\n\n[Facebook](https://facebook.example/s) | "
            "[Email](mailto:?subject=museum)\n\nBy Morwenna Kitto\n\n" + photo
            + "\n\n".join(MUSEUM_BODY)
            + "\n\nGet the week's best stories from the Penwith Herald in your inbox. "
              "Sign up now.\n\n© 2027 Penwith Herald. All rights reserved.\n")
    doc = _doc(text, path="inbox/museum.md", kind="markdown")
    [article] = clean_document(doc, LIMITS)
    assert article.title == "Lighthouse cottage reopens as a museum"
    assert (article.publisher, article.published) == ("Penwith Herald", date(2027, 3, 3))
    assert article.body.split("\n\n") == MUSEUM_BODY
    assert_offsets_map_back(doc, article)


def test_a_markdown_image_in_a_text_file_is_no_title():
    text = ("Lighthouse cottage reopens as a museum\n\nPenwith Herald\n\n"
            "![Curator Idris Penhale in the lamp room](penhale.jpg)\n\n" + "\n\n".join(MUSEUM_BODY))
    [article] = clean_document(_doc(text), LIMITS)
    assert (article.title, article.publisher) == ("Lighthouse cottage reopens as a museum",
                                                  "Penwith Herald")
    assert article.body.split("\n\n") == MUSEUM_BODY


def test_the_line_under_a_markdown_image_repeating_its_description_is_its_caption():
    text = ("# Lighthouse cottage reopens as a museum\n\n" + MUSEUM_BODY[0] + "\n\n"
            "![The restored lamp room at Carrow Head](lamp.jpg)\n\n"
            "The restored lamp room at Carrow Head, seen from the gallery on Saturday.\n\n"
            + "\n\n".join(MUSEUM_BODY[1:]))
    [article] = clean_document(_doc(text, path="inbox/museum.md", kind="markdown"), LIMITS)
    assert article.body.split("\n\n") == MUSEUM_BODY


@pytest.mark.parametrize("furniture", [
    "Get the morning's top stories in your inbox every day. Sign up now.",
    "Sign up to our daily briefing and never miss a story.",
    "© 2027 Penwith Herald. All rights reserved.",
    "Copyright 2027 Penwith Herald",
    "Curator Idris Penhale in the lamp room, which was rebuilt with timber from the old "
    "pier. (Photo by Tamsin Roe, Penwith Herald)",
    "The lamp room on reopening day. [Picture: Tamsin Roe]",
])
def test_sign_up_copyright_and_credited_caption_lines_are_dropped(furniture):
    text = ("Lighthouse cottage reopens as a museum\n\n" + MUSEUM_BODY[0] + f"\n\n{furniture}\n\n"
            + "\n\n".join(MUSEUM_BODY[1:]))
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert article.body.split("\n\n") == MUSEUM_BODY
    assert_offsets_map_back(doc, article)


@pytest.mark.parametrize("prose", [
    "More than 2,000 residents signed up for the museum's newsletter, Penhale said.",
    "Residents can register for guided tours at the library.",
    "Copyright lawyers for the keeper's family have asked for the logbooks back.",
    "The logbooks, which the museum says are its greatest treasure, were photographed "
    "page by page (photos by volunteers) over the winter.",
])
def test_prose_about_newsletters_copyright_or_photos_stays(prose):
    text = "Lighthouse cottage reopens as a museum\n\n" + "\n\n".join(MUSEUM_BODY + [prose])
    [article] = clean_document(_doc(text), LIMITS)
    assert article.body.split("\n\n") == MUSEUM_BODY + [prose]


@pytest.mark.parametrize("boilerplate", [
    "Get the week's top stories in your inbox. Sign up now.",
    "© 2027 Penwith Herald. All rights reserved.",
])
def test_a_sign_up_or_copyright_line_does_not_make_a_clean_article_a_scraped_page(boilerplate):
    """Copies of one article end with these too: its short subheadings stay."""
    body = [MUSEUM_BODY[0], "Opening hours", *MUSEUM_BODY[1:]]
    text = "Lighthouse cottage reopens as a museum\n\n" + "\n\n".join(body + [boilerplate])
    [article] = clean_document(_doc(text), LIMITS)
    assert article.body.split("\n\n") == body


@pytest.mark.parametrize("notice", ["89 Comments Sorry, comments for this post are now closed.",
                                    "Comments are closed.",
                                    "Commenting has been disabled for this article."])
def test_a_closed_comment_section_is_furniture(notice):
    page = ("Ferry strike halts island crossings\n\nFerry services to the three islands were "
            "cancelled again on Tuesday as crews walked out over pay, the operator said in "
            "a statement to passengers waiting at the pier.\n\nThe operator said talks with "
            f"the union would resume on Thursday morning.\n\n{notice}\n")
    [article] = clean_document(_doc(page), LIMITS)
    assert article.body.split("\n\n") == [
        "Ferry services to the three islands were cancelled again on Tuesday as crews walked "
        "out over pay, the operator said in a statement to passengers waiting at the pier.",
        "The operator said talks with the union would resume on Thursday morning."]


# -- lines in a headline's place that are no headline ----------------------------------

BREAKWATER_TITLE = "Breakwater to close for six weeks of repairs"
BREAKWATER_BODY = [
    "The harbour authority said on Tuesday that the northern breakwater would close for six "
    "weeks while engineers replace the storm-damaged stones along its outer face.",
    "\"Every winter storm takes more of the wall away,\" harbour master Aoife Kerrigan said.",
]


@pytest.mark.parametrize("row", ["share tweet pin email", "Share | Pin it | Flipboard",
                                 "Share Messenger SMS Email"])
def test_a_row_of_share_buttons_is_never_the_title(row):
    text = f"{row}\n\n{BREAKWATER_TITLE}\n\n" + "\n\n".join(BREAKWATER_BODY) + "\n"
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert article.title == BREAKWATER_TITLE
    assert article.body.split("\n\n") == BREAKWATER_BODY
    assert_offsets_map_back(doc, article)
    # given as a page's title, it gives way to the text's own first line
    [given] = clean_document(_doc("\n\n".join([BREAKWATER_TITLE, *BREAKWATER_BODY]),
                                  path="pages/story.html", kind="html", title=row), LIMITS)
    assert (given.title, given.body.split("\n\n")) == (BREAKWATER_TITLE, BREAKWATER_BODY)


@pytest.mark.parametrize("line, published", [
    ("April 10th, 2016", date(2016, 4, 10)),
    ("Sunday, 10 April 2016", date(2016, 4, 10)),
    ("By Jane Doe | April 10th, 2016", None),
    ("Jane Doe, 10 April 2016", None),
])
def test_a_date_or_a_byline_above_the_headline_is_no_title(line, published):
    """The headline under it is the title; a date alone there is when the article
    appeared, not its text; a byline stays in the text, as one under the title does."""
    text = f"{line}\n\n{BREAKWATER_TITLE}\n\n" + "\n\n".join(BREAKWATER_BODY) + "\n"
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert article.title == BREAKWATER_TITLE
    assert article.published == published
    assert article.body.split("\n\n") == ([] if published else [line]) + BREAKWATER_BODY
    assert_offsets_map_back(doc, article)


@pytest.mark.parametrize("line, kept", [
    ("April 10th, 2016", False),
    ("By Jane Doe | April 10th, 2016", True),
    ("The northern breakwater after the storm. Photo: Ann Lee", False),
    ("Waves break over the harbour wall on Monday. REUTERS/Ann Lee", False),
    ("Engineers on the breakwater. Picture by Ann Lee", False),
])
def test_a_date_byline_or_caption_over_the_lead_is_no_title(line, kept):
    """No headline follows: the lead is the title, as in a file without a headline;
    a caption ending in its credit is furniture, never text."""
    text = f"{line}\n\n" + "\n\n".join(BREAKWATER_BODY) + "\n"
    [article] = clean_document(_doc(text), LIMITS)
    assert article.title == BREAKWATER_BODY[0]
    assert article.body.split("\n\n") == ([line] if kept else []) + BREAKWATER_BODY[1:]


@pytest.mark.parametrize("line, title", [
    ("KELLHAVEN (HGZ) — Harbour authority to close the northern breakwater",
     "Harbour authority to close the northern breakwater"),
    ("Kellhaven, Ont. (HW) -- Breakwater to close for six weeks of repairs", BREAKWATER_TITLE),
])
def test_a_title_opening_with_a_wire_dateline_is_shown_without_it(line, title):
    text = f"{line}\n\n" + "\n\n".join(BREAKWATER_BODY) + "\n"
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert article.title == title
    assert_offsets_map_back(doc, article)  # the title is cited where the line prints it
    [given] = clean_document(_doc("\n\n".join(BREAKWATER_BODY), path="pages/story.json",
                                  kind="json", title=line), LIMITS)
    assert given.title == title
    # no agency, state or date: a headline's own words
    plain = "US - China talks on shipping resume in Kellhaven"
    [article] = clean_document(_doc(f"{plain}\n\n" + "\n\n".join(BREAKWATER_BODY)), LIMITS)
    assert article.title == plain


# -- page furniture in a plain file's title place --------------------------------------

@pytest.mark.parametrize("furniture, lookalike", [
    # a section's link row
    ("Local News More>>", "More harbour news as the breakwater closes"),
    ("Top Stories Top Stories More »", "Top stories of the storm: the breakwater"),
    # a newsletter's box
    ("Harbour Mornings Get breaking news alerts and special reports. The stories that "
     "matter, delivered weekday mornings.", "Get ready for breakwater alerts, pilots told"),
    # a row of buttons: a follow row, a video player's
    ("Follow HARBOURTV.COM: Facebook | Twitter", "Follow the money: who pays for the wall"),
    ("Play Facebook", "Play resumes at harbour park"),
    # a link to the site's page on a social network
    ("Harbour TV Google+: https://plus.google.com/+HarbourTV/posts",
     "Harbour TV: breakwater to close"),
    ("Like Harbour TV: http://facebook.com/HarbourTV", "Like it or not, the wall must go"),
    # a form: a CAPTCHA, its terms, a mail to a friend, a sign-in box
    ("You must enter the characters with black color that stand out from the other "
     "characters", "Enter the harbour at your own risk, pilots warn"),
    ("Note: By submitting this form, you agree to Harbour Media's terms. We respect your "
     "privacy.", "Harbour form a new pilots' union"),
    ("Message: A friend wanted you to see this item from harbourtv.com",
     "A friend of the harbour: the keeper retires"),
    ("Sign in using your account with:", "Sign in the harbour warns of falling stones"),
    # an advert's slot
    ("Photo Advertisement Continue reading the main story",
     "Photo of the storm wins award"),
    # a wiki's tagline
    ("From Harbourpedia, the free encyclopedia",
     "From Kellhaven, the harbour that refused to give up"),
    # a photo credit, a caption ending in its photographer's credit
    ("(Harbour Herald Staff Photo/Ann Lee)", "Harbour Herald staff vote to strike"),
    ("Waves break over the northern breakwater on Monday. (Ann Lee/The Harbour Herald)",
     "Waves break the northern breakwater (again)"),
    # a content warning
    ("WARNING: The video contains images of a graphic nature that some viewers may find "
     "disturbing", "Warning over breakwater repairs"),
    # a video player's close button, before the video's description
    ("CLOSE Engineers inspect the storm damage on the breakwater. Ann Lee, Harbour TV",
     "Close call for ferry as breakwater crumbles"),
    # (a page setting its first word in capitals: "CLOSE to", not the player's button)
    ("CLOSE Crews worked through the night on the breakwater. Ann Lee, Harbour TV",
     "CLOSE to 300 homes flooded as breakwater crumbles"),
    # a picture's owner
    ("Copyright Harbour Films", "Copyright row over harbour mural"),
])
def test_page_furniture_over_the_headline_is_no_title_and_no_text(furniture, lookalike):
    """What a site prints around its articles, set over the headline in a .txt copy of
    the page: the headline under it is the title, and the furniture is not the text. A
    headline in words like the furniture's stays the title."""
    text = f"{furniture}\n\n{BREAKWATER_TITLE}\n\n" + "\n\n".join(BREAKWATER_BODY) + "\n"
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert article.title == BREAKWATER_TITLE
    assert article.body.split("\n\n") == BREAKWATER_BODY
    assert_offsets_map_back(doc, article)
    text = f"{lookalike}\n\n" + "\n\n".join(BREAKWATER_BODY) + "\n"
    [article] = clean_document(_doc(text), LIMITS)
    assert (article.title, article.body.split("\n\n")) == (lookalike, BREAKWATER_BODY)


@pytest.mark.parametrize("line, lookalike", [
    # a lone credit
    ("Getty", "Getty Museum buys harbour painting"), ("ABC", "ABC of the new harbour rules"),
    # a section's label
    ("Columnist", "Columnist quits over breakwater row"),
    ("Your money", "Your money or your harbour"),
    ("Analysis", "Analysis: breakwater repairs will take six weeks"),
    # a paper's heading
    ("Abstract and Introduction", "Introduction of harbour fees delayed"),
    ("INTRODUCTION:", "Results are in: the breakwater holds"),
    # a salutation
    ("To our community,", "To the harbour, with love"),
    ("Dear readers,", "Dear harbour, we need to talk about the breakwater"),
    # a breadcrumb
    ("English >> World", "Harbour fees rise >10% as breakwater closes"),
    # a dateline's label and time
    ("Updated 6.15pm", "Update: breakwater to close"),
    ("UPDATE: November 8, 8:25 AM", "Updated harbour plan published"),
    ("Published: January 2011 Special Series: Harbours", "Published at last: the keeper's log"),
    # a byline and its date, however long the author's title; one whose date is gone
    ("By Staff Sgt. Ann Lee, 7th Fleet Public Affairs Office / Published March 24, 2017",
     "Bypass to open as breakwater closes"),
    ("/ Updated By Ann Lee and Tom Roe", "Byways of the harbour"),
])
def test_a_label_credit_or_salutation_over_the_headline_is_no_title(line, lookalike):
    """The headline under it is the title; the line stays in the text, as a byline does
    (it may be the text's: a letter's salutation, a paper's heading). A headline
    opening with its words stays the title."""
    text = f"{line}\n\n{BREAKWATER_TITLE}\n\n" + "\n\n".join(BREAKWATER_BODY) + "\n"
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert article.title == BREAKWATER_TITLE
    assert article.body.split("\n\n") == [line] + BREAKWATER_BODY
    assert_offsets_map_back(doc, article)
    text = f"{lookalike}\n\n" + "\n\n".join(BREAKWATER_BODY) + "\n"
    [article] = clean_document(_doc(text), LIMITS)
    assert article.title == lookalike


@pytest.mark.parametrize("line", [
    "Updated | Breakwater to close for six weeks of repairs",       # a dateless label
    "— Breakwater to close for six weeks of repairs",               # a dateline's dash
])
def test_a_label_or_dash_opening_the_title_line_is_taken_off(line):
    text = f"{line}\n\n" + "\n\n".join(BREAKWATER_BODY) + "\n"
    doc = _doc(text)
    [article] = clean_document(doc, LIMITS)
    assert article.title == BREAKWATER_TITLE
    assert_offsets_map_back(doc, article)  # the title is cited where the line prints it


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_drop_cap_is_no_title_and_the_text_under_it_none_either(gap):
    """"T" / "he harbour authority said ...": the first word of the text, its capital set
    apart (on the next line or a paragraph of its own); the text has no title line."""
    lead = BREAKWATER_BODY[0]
    text = f"{lead[0]}{gap}{lead[1:]}\n\n{BREAKWATER_BODY[1]}\n"
    [article] = clean_document(_doc(text), LIMITS)
    assert article.title == ""
    assert article.body.split("\n\n") == [*f"{lead[0]}{gap}{lead[1:]}".split("\n\n"),
                                           BREAKWATER_BODY[1]]


def test_a_photographers_credit_makes_a_caption_an_agencys_or_an_offices_does_not():
    """A line ending in a photographer's name and outlet in brackets is a picture's
    caption; an agency's photo credit or an office's name ends a standfirst, whose
    statements are the article's."""
    caption = "Engineers on the northern breakwater on Monday. (Ann Lee/HGZ)"
    kept = ["Pope Francis apologised to the victims on Monday. (AFP Photo/Ann Lee)",
            "The council's statement was issued on Monday (Kellhaven Council/Press Office)"]
    text = "\n\n".join([BREAKWATER_TITLE, caption, *kept, *BREAKWATER_BODY]) + "\n"
    [article] = clean_document(_doc(text), LIMITS)
    assert article.body.split("\n\n") == kept + BREAKWATER_BODY
