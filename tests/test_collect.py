"""Collect stage: every supported input shape, and hostile files that must not stop a run."""
import json
import logging
import os
from datetime import date, datetime, timezone

import pytest

from briefing.clean import clean_document
from briefing.collect import InputNotFoundError, read_paths
from briefing.config import LimitSettings

from .conftest import SHARED

LIMITS = LimitSettings()

HTML_PAGE = """<html><head><title>Harbour bridge reopens - Coastal Courier</title>
<meta property="og:site_name" content="Coastal Courier">
<meta property="article:published_time" content="2024-03-01T08:30:00">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour bridge reopens</h1>
<p>The harbour bridge reopened to traffic on Friday after two months of repairs to its
eastern span, the city engineer said.</p>
<p>Commuters had faced a detour of up to forty minutes while crews replaced the
corroded cables that inspectors found in January.</p>
</article><footer>Copyright Coastal Courier</footer></body></html>"""


def _write(path, content, mode="w"):
    path.parent.mkdir(parents=True, exist_ok=True)
    if mode == "wb":
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_folder_is_read_recursively_sorted_with_paths_as_given(tmp_path):
    _write(tmp_path / "b.txt", "Second title\n\nBody two.")
    _write(tmp_path / "a.md", "# First title\n\nBody one.")
    _write(tmp_path / "sub" / "c.markdown", "# Third\n\nBody three.")
    _write(tmp_path / "notes.csv", "ignored,file")
    _write(tmp_path / ".hidden.txt", "ignored")
    given = str(tmp_path) + os.sep + "."  # the caller's spelling must be kept verbatim
    docs = read_paths([given], LIMITS)
    assert [d.path for d in docs] == [os.path.join(given, "a.md"), os.path.join(given, "b.txt"),
                                     os.path.join(given, "sub", "c.markdown")]
    assert [d.kind for d in docs] == ["markdown", "text", "markdown"]
    assert docs[1].text == "Second title\n\nBody two."


def test_explicit_file_with_unknown_extension_is_read_as_text(tmp_path):
    path = _write(tmp_path / "story.article", "A title\n\nA body line.")
    [doc] = read_paths([path], LIMITS)
    assert doc.kind == "text" and doc.path == str(path) and doc.text.startswith("A title")


def test_missing_path_raises_a_file_not_found_error_naming_it(tmp_path):
    missing = tmp_path / "nowhere" / "page.txt"
    with pytest.raises(FileNotFoundError) as info:
        read_paths([missing], LIMITS)
    assert isinstance(info.value, InputNotFoundError)
    assert str(missing) in str(info.value)


def test_json_object_and_list_with_metadata_and_bad_date(tmp_path, caplog):
    _write(tmp_path / "one.json", json.dumps({
        "title": "Dam  opens", "text": "Body of the dam story.", "url": "https://x.test/dam",
        "publisher": "River Post", "published": "2024-05-02T10:15:00"}))
    _write(tmp_path / "many.json", json.dumps([
        {"title": "First", "text": "One.", "published": "2024-05-03"},
        {"title": "Second", "text": "Two.", "published": "last Tuesday"},
        {"title": "No text here"},
        "not an object",
    ]))
    with caplog.at_level(logging.WARNING, logger="briefing.collect"):
        docs = read_paths([tmp_path], LIMITS)
    many, one = docs[:2], docs[2]
    assert one.title == "Dam opens" and one.publisher == "River Post"
    # a time without an offset is UTC; a date alone stays a date (no 00:00 invented)
    assert one.url == "https://x.test/dam" and \
        one.published == datetime(2024, 5, 2, 10, 15, tzinfo=timezone.utc)
    assert one.kind == "json" and one.index == 0
    assert [(d.title, d.index) for d in many] == [("First", 0), ("Second", 1)]
    assert many[0].published == date(2024, 5, 3) and type(many[0].published) is date
    assert many[1].published is None
    messages = caplog.text
    assert "last Tuesday" in messages
    assert "many.json record 2" in messages and "many.json record 3" in messages


def test_jsonl_bad_line_is_logged_with_file_and_line_and_the_rest_is_read(tmp_path, caplog):
    lines = [json.dumps({"title": "A", "text": "Alpha text."}), "",
             '{"title": "broken", "text": ', json.dumps({"title": "C", "text": "Gamma text."})]
    path = _write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    with caplog.at_level(logging.ERROR, logger="briefing.collect"):
        docs = read_paths([path], LIMITS)
    assert [(d.title, d.index) for d in docs] == [("A", 0), ("C", 2)]
    assert f"{path} line 3" in caplog.text


def test_malformed_json_file_is_logged_and_skipped(tmp_path, caplog):
    _write(tmp_path / "bad.json", '{\n  "title": "x",\n  "text": oops\n}')
    _write(tmp_path / "good.txt", "Fine title\n\nFine body.")
    with caplog.at_level(logging.ERROR, logger="briefing.collect"):
        docs = read_paths([tmp_path], LIMITS)
    assert [os.path.basename(d.path) for d in docs] == ["good.txt"]
    assert "bad.json: malformed JSON at line 3" in caplog.text


def test_deeply_nested_json_is_rejected_not_fatal(tmp_path, caplog):
    _write(tmp_path / "deep.json", "[" * 100_000 + "]" * 100_000)
    with caplog.at_level(logging.ERROR, logger="briefing.collect"):
        assert read_paths([tmp_path], LIMITS) == []
    assert "deep.json" in caplog.text


def test_file_over_the_size_limit_is_skipped_with_a_warning(tmp_path, caplog):
    _write(tmp_path / "huge.txt", "word " * 400)
    _write(tmp_path / "small.txt", "Small title\n\nSmall body.")
    with caplog.at_level(logging.WARNING, logger="briefing.collect"):
        docs = read_paths([tmp_path], LimitSettings(max_file_bytes=1000))
    assert [os.path.basename(d.path) for d in docs] == ["small.txt"]
    assert "huge.txt" in caplog.text and "max_file_bytes" in caplog.text


def test_latin1_text_is_decoded_and_the_encoding_said_in_the_verbose_log(tmp_path, caplog):
    path = _write(tmp_path / "latin.txt", "Caf\xe9 owners protest\r\n\r\nPrices rose.".encode(
        "latin-1"), mode="wb")
    with caplog.at_level(logging.DEBUG, logger="briefing.collect"):
        [doc] = read_paths([path], LIMITS)
    assert doc.text == "Caf\xe9 owners protest\n\nPrices rose."
    assert f"{path}: read as " in caplog.text and "(detected)" in caplog.text


def test_html_main_text_and_metadata(tmp_path):
    path = _write(tmp_path / "page.html", HTML_PAGE)
    [doc] = read_paths([path], LIMITS)
    assert doc.kind == "html"
    assert doc.title == "Harbour bridge reopens"
    assert doc.publisher == "Coastal Courier"
    # the page's article:published_time, with its time of day (no offset given: UTC)
    assert doc.published == datetime(2024, 3, 1, 8, 30, tzinfo=timezone.utc)
    assert "Home" not in doc.text.split("\n\n")
    paragraphs = doc.text.split("\n\n")
    assert any(p.startswith("The harbour bridge reopened") for p in paragraphs)
    assert any(p.startswith("Commuters had faced") for p in paragraphs)


def test_an_inline_ad_in_the_article_body_is_no_article_text(tmp_path):
    """The ad's label and its copy both go: a pronoun after it must not find the advertiser."""
    page = HTML_PAGE.replace(
        "<p>Commuters had faced",
        '<div class="ad"><span>Advertisement</span><p>Seaview Lodge: spring breaks from '
        '£49. Book now.</p></div><p>Commuters had faced')
    [doc] = read_paths([_write(tmp_path / "page.html", page)], LIMITS)
    assert "Seaview Lodge" not in doc.text and "Advertisement" not in doc.text
    paragraphs = doc.text.split("\n\n")
    assert any(p.startswith("The harbour bridge reopened") for p in paragraphs)
    assert any(p.startswith("Commuters had faced") for p in paragraphs)


BRIDGE_BODY = ("<p>The harbour bridge will close for three weeks of repairs from Monday, the "
               "county engineer said.</p><p>Drivers are asked to use the ring road while crews "
               "replace the worn bearings under the main span.</p>")


@pytest.mark.parametrize("head, title, outlet", [
    # no site name: the <title>'s end names the outlet, not the page's host
    ('<title>Bridge to close for repairs | Harbour Gazette</title>'
     '<link rel="canonical" href="https://www.harbourgazette.example/news/bridge">',
     "Bridge to close for repairs", "Harbour Gazette"),
    ('<title>U.S. bridge to close for repairs — Harbour Gazette</title>',
     "U.S. bridge to close for repairs", "Harbour Gazette"),
    ('<meta property="og:title" content="Bridge to close for repairs - Harbour Gazette">',
     "Bridge to close for repairs", "Harbour Gazette"),
    # a headline's own clause is neither cut off nor taken for an outlet
    ("<title>Storms - what we know</title>", "Storms - what we know", None),
    ("<title>Bridge To Close - Live Updates</title>", "Bridge To Close - Live Updates", None),
    # the page's own site name wins over the title's end
    ('<title>Bridge to close for repairs | Harbour Gazette</title>'
     '<meta property="og:site_name" content="The Gazette">',
     "Bridge to close for repairs", "The Gazette"),
])
def test_html_outlet_from_the_title_when_the_page_names_no_site(tmp_path, head, title, outlet):
    path = _write(tmp_path / "folder-name" / "bridge.html",
                  f"<html><head>{head}</head><body><article>{BRIDGE_BODY}</article></body></html>")
    [doc] = read_paths([tmp_path], LIMITS)
    assert (doc.title, doc.publisher) == (title, outlet)
    assert doc.path == str(path)


LONG_H1 = ("The harbour bridge will close for three weeks of repairs from Monday while crews "
           "replace the worn bearings under its main span, the county engineer said")


@pytest.mark.parametrize("head, heading", [
    # no <h1>: a share row in a "title" element is trafilatura's pick
    ("<title>Bridge to close for repairs | Harbour Gazette</title>",
     '<div class="share"><h3 class="share-title">Share Tweet Pin Email</h3></div>'),
    # a date or a standfirst in the page's only <h1>
    ("<title>Bridge to close for repairs</title>", "<h1>April 10th, 2016</h1>"),
    ("<title>Bridge to close for repairs - Harbour Gazette</title>", f"<h1>{LONG_H1}</h1>"),
    # a wire dateline opening the title
    ("<title>CARROW (HGZ) — Bridge to close for repairs</title>", ""),
])
def test_a_page_title_that_is_no_headline_gives_way_to_one_that_is(tmp_path, head, heading):
    """A share row, a date or a 27-word standfirst in the headline's place: the page's
    <title>, og:title or <h1> that is a headline is the title; a dateline is left out."""
    body = "".join(f"<p>{p}</p>" for p in (
        "The harbour bridge will close for three weeks of repairs from Monday, the county "
        "engineer said, after inspectors found corroded bearings under the main span.",
        "Drivers are asked to use the ring road, which adds about fifteen minutes to a "
        "crossing at peak times, and buses will run on a temporary timetable.",
        "The council set aside two million euro for the work in its spring budget and "
        "expects the bridge to reopen before the summer tourist season begins."))
    path = _write(tmp_path / "bridge.html", f"<html><head>{head}</head><body><article>"
                                            f"{heading}{body}</article></body></html>")
    [doc] = read_paths([path], LIMITS)
    assert doc.title == "Bridge to close for repairs"
    paragraphs = doc.text.split("\n\n")
    assert any(p.startswith("The harbour bridge will close") for p in paragraphs)
    if LONG_H1 in heading:  # the standfirst is text, not furniture
        [article] = clean_document(doc, LIMITS)
        assert article.body.split("\n\n")[0] == LONG_H1


SITE_NAME = '<meta property="og:site_name" content="Harbour Gazette">'


@pytest.mark.parametrize("head", [
    f"<title>Home | Harbour Gazette</title>{SITE_NAME}",
    "<title>Home | Harbour Gazette</title>",
    "<title>Harbour Gazette - Home</title>",
    f"<title>Harbour Gazette | Homepage</title>{SITE_NAME}",
    f"<title>News | Harbour Gazette</title>{SITE_NAME}",
    f"<title>Page 1 – Harbour Gazette</title>{SITE_NAME}",
    f"<title>Article</title>{SITE_NAME}",
    f"<title>Latest</title>{SITE_NAME}",
])
def test_a_title_naming_only_a_page_of_the_site_gives_way_to_the_h1(tmp_path, head):
    """The <title> "Home | Harbour Gazette" is the site's name and a page's: the article's
    <h1> is its title, not a paragraph of its text, and so is no masthead's <h1>."""
    body = "".join(f"<p>{p}</p>" for p in (
        "The harbour bridge will close for three weeks of repairs from Monday, the county "
        "engineer said, after inspectors found corroded bearings under the main span.",
        "Drivers are asked to use the ring road, which adds about fifteen minutes to a "
        "crossing at peak times, and buses will run on a temporary timetable."))
    path = _write(tmp_path / "bridge.html",
                  f"<html><head>{head}</head><body><nav><h1>Harbour Gazette</h1>"
                  f'<a href="/">Home</a></nav><article><h1>Bridge to close for repairs</h1>'
                  f"{body}</article></body></html>")
    [doc] = read_paths([path], LIMITS)
    assert doc.title == "Bridge to close for repairs"
    if "Harbour Gazette" in head:
        assert doc.publisher == "Harbour Gazette"
    [article] = clean_document(doc, LIMITS)
    assert article.title == "Bridge to close for repairs"
    assert article.body.startswith("The harbour bridge will close")


def _bridge_page(address_tag: str, site: str = "Harbour Gazette") -> str:
    paragraphs = " ".join(f"<p>{p}</p>" for p in (
        "The harbour bridge will close for three weeks of repairs from Monday, the county "
        "engineer said, after inspectors found corroded bearings under the main span.",
        "Drivers are asked to use the ring road, which adds about fifteen minutes to a "
        "crossing at peak times, and buses will run on a temporary timetable.",
        "Cyclists and pedestrians may still cross on the northern footpath, which is "
        "carried on its own supports and was not damaged, the engineer added.",
        "The council set aside two million euro for the work in its spring budget and "
        "expects the bridge to reopen before the summer tourist season begins."))
    return (f'<html><head><title>Bridge to close for repairs | {site}</title>{address_tag}'
            f"</head><body><article>{paragraphs}</article></body></html>")


def test_two_copies_of_one_page_are_one_article_and_the_copy_is_left_out(tmp_path, caplog):
    from briefing.config import Settings
    from briefing.pipeline import build_briefing, load_articles
    from briefing.records import Dropped
    from briefing.render import render_html

    address = "https://harbourgazette.example/news/bridge-repairs"
    _write(tmp_path / "pages" / "bridge.html",
           _bridge_page(f'<link rel="canonical" href="{address}">'))
    # the same page saved again, and its AMP copy: the same address, by og:url, tracking
    # parameters aside
    _write(tmp_path / "pages" / "saved" / "bridge (1).html",
           _bridge_page(f'<meta property="og:url" content="{address}?utm_source=share">'))
    _write(tmp_path / "pages" / "saved" / "bridge-amp.html",
           _bridge_page(f'<link rel="canonical" href="{address}">', site="Gazette AMP"))
    # another page of the site is another article
    _write(tmp_path / "pages" / "other.html",
           _bridge_page(f'<link rel="canonical" href="{address}-2">'))
    dropped: list[Dropped] = []
    with caplog.at_level(logging.WARNING, logger="briefing.collect"):
        articles = load_articles([tmp_path / "pages"], Settings(), dropped=dropped)
    assert [os.path.basename(a.path) for a in articles] == ["bridge.html", "other.html"]
    assert dropped == [
        Dropped("saved/bridge (1).html", "saved/bridge (1).html is a copy of bridge.html: both "
                f"give the address {address}", "Bridge to close for repairs", address,
                "Harbour Gazette"),
        Dropped("saved/bridge-amp.html", "saved/bridge-amp.html is a copy of bridge.html: "
                f"both give the address {address}", "Bridge to close for repairs", address,
                "Gazette AMP")]
    assert "saved/bridge-amp.html is a copy of bridge.html" in caplog.text

    briefing = build_briefing([tmp_path / "pages" / "bridge.html",
                               tmp_path / "pages" / "saved"], Settings())
    [story] = briefing.stories
    assert [a.path for a in briefing.articles] == ["bridge.html"]  # named as given
    assert (story.signals.outlet_count, story.signals.article_count) == (1, 1)
    left_out = render_html(briefing)
    assert "bridge-amp.html is a copy of bridge.html: both give the address" in left_out


def test_a_copy_in_another_input_folder_is_named_with_its_folder_never_as_a_copy_of_itself(
        tmp_path, monkeypatch, caplog):
    from briefing.config import Settings
    from briefing.pipeline import load_articles
    from briefing.records import Dropped

    address = "https://harbourgazette.example/news/bridge-repairs"
    page = _bridge_page(f'<link rel="canonical" href="{address}">')
    _write(tmp_path / "sum" / "ferry" / "bridge.html", page)
    _write(tmp_path / "pages" / "bridge.html", page)
    monkeypatch.chdir(tmp_path)
    dropped: list[Dropped] = []
    with caplog.at_level(logging.WARNING, logger="briefing.collect"):
        load_articles(["sum/ferry", "pages"], Settings(), dropped=dropped)
    reason = ("pages/bridge.html is a copy of sum/ferry/bridge.html: both give the address "
              f"{address}")
    assert [(d.path, d.reason) for d in dropped] == [("bridge.html", reason)]
    assert [r.getMessage() for r in caplog.records] == [f"pages/bridge.html: left out: {reason}"]
    # input folders given by absolute paths are named by their last part alone
    dropped.clear()
    load_articles([tmp_path / "sum" / "ferry", tmp_path / "pages"], Settings(), dropped=dropped)
    assert [d.reason for d in dropped] == [
        f"pages/bridge.html is a copy of ferry/bridge.html: both give the address {address}"]


def test_a_file_in_nested_input_folders_is_named_by_the_deepest(tmp_path, monkeypatch):
    """Naming a file and telling which input it was read from find the same folder:
    with `pages` and `pages/saved` both given, a file in `saved` belongs to `saved`."""
    from briefing.collect import copy_names, given_name

    (tmp_path / "pages" / "saved").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    paths = ["pages", "pages/saved", "loose.html"]
    assert [given_name(p, paths) for p in ("pages/a.html", "pages/saved/b.html",
                                           "loose.html")] == ["a.html", "b.html", "loose.html"]
    assert copy_names("pages/saved/c.html", "pages/saved/b.html", paths) == ("c.html", "b.html")
    assert copy_names("pages/saved/b.html", "pages/a.html", paths) == (
        "pages/saved/b.html", "pages/a.html")
    assert copy_names("loose.html", "pages/saved/b.html", paths) == (
        "loose.html", "pages/saved/b.html")


def _nested_pages(root):
    """pages/a.txt, and in pages/saved an article, an empty file and a Word document."""
    _write(root / "pages" / "a.txt", "First title\n\nBody one.")
    _write(root / "pages" / "saved" / "b.txt", "Second title\n\nBody two.")
    _write(root / "pages" / "saved" / "empty.txt", "")
    _write(root / "pages" / "saved" / "notes.docx", "not really Word")


#: the body of a stub: an article under limits.min_article_words = 50 words
FERRY_LATE = ("The ferry to the islands is running late again this morning because of fog over "
              "the harbour, the operator said.\n")
EMPTY = "empty: no text in it"
WORD = "a Word document (.docx), not a format briefing reads: save it as .txt or .html"


@pytest.mark.parametrize("given, read", [
    (["pages", "pages/saved"], ["pages/a.txt", "pages/saved/b.txt"]),
    (["pages/saved", "pages"], ["pages/saved/b.txt", "pages/a.txt"]),
    (["pages/", "./pages/saved"], ["pages/a.txt", "pages/saved/b.txt"]),
], ids=["outer first", "inner first", "spelt otherwise"])
def test_a_file_in_nested_input_folders_is_read_once(tmp_path, monkeypatch, caplog, given, read):
    """Each file once, however many of the folders given hold it: so is each file left
    out (an empty one, a document briefing cannot read), and it is said once."""
    _nested_pages(tmp_path)
    monkeypatch.chdir(tmp_path)
    dropped: list = []
    with caplog.at_level(logging.WARNING, logger="briefing.collect"):
        docs = read_paths(given, LIMITS, dropped)
    assert [os.path.normpath(d.path) for d in docs] == read
    assert [(os.path.normpath(d.path), d.reason) for d in dropped] == [
        ("pages/saved/empty.txt", EMPTY), ("pages/saved/notes.docx", WORD)]
    assert [r.getMessage() for r in caplog.records] == [
        f"skipping {d.path}: {d.reason}" for d in dropped]


@pytest.mark.parametrize("given, read", [
    (["pages/a.txt", "pages"], ["pages/a.txt", "pages/b.txt"]),
    (["pages", "pages/a.txt"], ["pages/a.txt", "pages/b.txt"]),
    (["pages/a.txt", "./pages/a.txt"], ["pages/a.txt"]),
    (["pages", "pages"], ["pages/a.txt", "pages/b.txt"]),
    (["pages", "pages/", "pages/saved/.."], ["pages/a.txt", "pages/b.txt"]),
])
def test_a_file_given_twice_or_given_with_its_folder_is_read_once(tmp_path, monkeypatch,
                                                                  given, read):
    _write(tmp_path / "pages" / "a.txt", "First title\n\nBody one.")
    _write(tmp_path / "pages" / "b.txt", "Second title\n\nBody two.")
    (tmp_path / "pages" / "saved").mkdir()
    monkeypatch.chdir(tmp_path)
    assert [os.path.normpath(d.path) for d in read_paths(given, LIMITS)] == read


def test_a_document_given_itself_is_read_not_left_out_by_its_folder_given_too(tmp_path):
    """Named by the caller, a file is read (as text, whatever its name) and so not left
    out again as a document of a format its folder's files are not read in."""
    notes = _write(tmp_path / "pages" / "notes.docx", "Notes title\n\nA body line.")
    for given in ([tmp_path / "pages", notes], [notes, tmp_path / "pages"]):
        dropped: list = []
        docs = read_paths(given, LIMITS, dropped)
        assert ([(d.path, d.kind) for d in docs], dropped) == ([(str(notes), "text")], [])


def test_a_file_in_nested_folders_is_left_out_once_named_by_the_deepest(tmp_path, monkeypatch):
    """Read once, a file left out is named as before: by its path in the deepest folder
    given that holds it, whichever input reached it first."""
    from briefing.config import Settings
    from briefing.pipeline import load_articles

    body = ("The harbour bridge reopened to traffic on Friday after two months of repairs "
            "to its eastern span, the city engineer said. ") * 5
    _write(tmp_path / "pages" / "a.txt", "Bridge reopens\n\n" + body)
    _write(tmp_path / "pages" / "saved" / "b.txt", "Ferry returns\n\n" + body.replace(
        "bridge", "ferry"))
    _write(tmp_path / "pages" / "saved" / "stub.txt", "Short note\n\n" + FERRY_LATE)
    monkeypatch.chdir(tmp_path)
    for given in (["pages", "pages/saved"], ["pages/saved", "pages"]):
        dropped: list = []
        articles = load_articles(given, Settings(), dropped=dropped)
        assert sorted(a.path for a in articles) == ["pages/a.txt", "pages/saved/b.txt"]
        assert [(d.path, d.reason, d.title) for d in dropped] == [
            ("stub.txt", "stub: 20 words of body, under limits.min_article_words (50)",
             "Short note")]


@pytest.mark.parametrize("content", ["", "  \n\n\t \n"], ids=["0 bytes", "blank"])
def test_an_empty_file_is_left_out_as_empty(tmp_path, caplog, content):
    path = _write(tmp_path / "afile.txt", content)
    left_out: list = []
    with caplog.at_level(logging.WARNING, logger="briefing.collect"):
        assert read_paths([tmp_path], LIMITS, left_out) == []
    assert [(d.path.rsplit("/", 1)[-1], d.reason) for d in left_out] == [
        ("afile.txt", "empty: no text in it")]
    assert "afile.txt" in caplog.text


def test_html_without_main_text_gives_no_document(tmp_path, caplog):
    path = _write(tmp_path / "empty.htm",
                  "<html><head><script>track()</script></head><body></body></html>")
    with caplog.at_level(logging.WARNING, logger="briefing.collect"):
        assert read_paths([path], LIMITS) == []
    assert "empty.htm" in caplog.text


def test_semeval_articles_are_read():
    folder = SHARED / "eval" / "semeval8-dev" / "articles"
    if not folder.exists():
        pytest.skip("SemEval data not available")
    docs = read_paths([folder], LIMITS)
    assert len(docs) == len(list(folder.glob("*.json")))
    assert all(d.kind == "json" and d.title and d.text and d.publisher for d in docs)
    assert any(d.published is not None for d in docs)
    assert all(d.url and d.url.startswith("http") for d in docs)


def test_files_of_a_folder_that_are_not_read_are_named(tmp_path, caplog):
    """Nothing in a folder is passed over without a word: a document briefing cannot read
    is left out with its reason; any other file, and the hidden ones (said once), are
    named in the verbose log."""
    _write(tmp_path / "story.txt", "A title\n\nA body line.")
    _write(tmp_path / "notes.docx", "not really Word")
    _write(tmp_path / "sub" / "scan.PDF", "%PDF-1.4")
    _write(tmp_path / "logo.png", "png")
    _write(tmp_path / "README", "no extension")
    _write(tmp_path / ".DS_Store", "finder")
    _write(tmp_path / ".hidden" / "index.txt", "Hidden title\n\nHidden body.")
    dropped = []
    with caplog.at_level(logging.DEBUG, logger="briefing.collect"):
        docs = read_paths([tmp_path], LIMITS, dropped)
    assert [os.path.basename(d.path) for d in docs] == ["story.txt"]
    assert [(os.path.relpath(d.path, tmp_path), d.reason) for d in dropped] == [
        ("notes.docx", "a Word document (.docx), not a format briefing reads: save it as "
                       ".txt or .html"),
        (os.path.join("sub", "scan.PDF"), "a PDF document (.pdf), not a format briefing "
                                          "reads: save it as .txt or .html")]
    levels = {r.getMessage(): r.levelno for r in caplog.records}
    assert levels[f"skipping {tmp_path / 'notes.docx'}: a Word document (.docx), not a "
                  "format briefing reads: save it as .txt or .html"] == logging.WARNING
    assert levels[f"not reading {tmp_path / 'logo.png'}: a .png file is not an article "
                  "format (.txt, .md, .markdown, .html, .htm, .json, .jsonl are)"] == logging.DEBUG
    assert levels[f"not reading {tmp_path / 'README'}: a file without an extension is not an "
                  "article format (.txt, .md, .markdown, .html, .htm, .json, .jsonl are)"] \
        == logging.DEBUG
    [hidden] = [m for m in levels if "hidden" in m]
    assert hidden == (f"{tmp_path}: 2 hidden file(s) and folder(s) not read (their names "
                      f"begin with a dot): .DS_Store, .hidden{os.sep}")
    assert levels[hidden] == logging.DEBUG
