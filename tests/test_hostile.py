"""Hostile and broken input: every file is read right or skipped with its reason, nothing
leaks into the output and nothing drives the terminal. Every payload is written here, in
the test's own temporary folder."""
import io
import json
import logging
import os
import random
import zipfile

import pytest

from briefing import cli
from briefing.collect import read_paths
from briefing.config import ConfigError, LimitSettings, Settings, load_settings
from briefing.language import detect_language
from briefing.pipeline import build_briefing, load_articles
from briefing.records import Dropped
from briefing.safe_text import UNSAFE, SafeLogFilter, display_text, neutralise, safe_json, shown

LIMITS = LimitSettings()
ESC_CLEAR = "\x1b[2J\x1b]0;pwned\x07"
RLO = "\u202e"

ENGLISH_BODY = (
    "The harbour authority approved a new sea wall on Tuesday after two winters of "
    "flooding along the eastern quay, the council said in a statement.\n\n"
    '"We cannot wait for a third winter," said Mary Keane, the harbour master. '
    "Work is due to begin in March and to take eighteen months, officials said.\n\n"
    "Residents had asked for the wall since the storms of 2022 damaged forty homes.\n\n"
    "The new wall will be two metres higher than the old one, and the council expects the "
    "national flood fund to pay for most of it once the engineers have finished their survey.")
GERMAN_BODY = (
    "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen, das die Mieten in "
    "großen Städten begrenzen soll. \u201eWir handeln jetzt\u201c, sagte die Ministerin "
    "nach der Abstimmung in Berlin.\n\nDie Opposition kritisierte das Gesetz als zu "
    "schwach und kündigte eine Klage vor dem Bundesverfassungsgericht an. Die Mieterverbände "
    "begrüßten dagegen die Entscheidung und forderten weitere Schritte, vor allem in den "
    "Städten, in denen die Mieten in den letzten Jahren besonders stark gestiegen sind. Das "
    "Gesetz soll im Frühjahr in Kraft treten und zunächst für fünf Jahre gelten.")
FRENCH_BODY = (
    "La grève à la SNCF perturbe fortement le trafic ce jeudi sur l'ensemble du réseau, "
    "a annoncé la direction de l'entreprise dans un communiqué publié mercredi soir.\n\n"
    "\u00ab Nous ne céderons pas \u00bb, a déclaré le secrétaire général du syndicat "
    "devant la gare de Lyon à Paris. Les voyageurs sont invités à reporter leurs "
    "déplacements, et la direction prévoit un trafic très perturbé jusqu'à la fin de la "
    "semaine sur les lignes régionales comme sur les lignes à grande vitesse du pays.")


def _write(path, content):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("story.txt", "A story hidden in an archive.\n\nIts body.")
    return buffer.getvalue()


# --- files: symlinks, encodings, binaries --------------------------------------------

def test_symlink_out_of_the_input_folder_is_skipped_with_its_reason(tmp_path, caplog):
    secret = _write(tmp_path / "outside" / "passwd", "root:x:0:0:root:/root:/bin/bash\n")
    folder = tmp_path / "in"
    _write(folder / "real.txt", "Real title\n\nA real body line.")
    os.symlink(secret, folder / "passwd.txt")
    os.symlink(folder / "real.txt", folder / "alias.txt")  # inside the folder: real.txt
    dropped: list[Dropped] = []
    with caplog.at_level(logging.WARNING, logger="briefing.collect"):
        docs = read_paths([folder], LIMITS, dropped)
    assert [os.path.basename(d.path) for d in docs] == ["real.txt"]
    reason = "symbolic link to a file outside the input folder (--follow-symlinks reads it)"
    assert dropped == [Dropped(str(folder / "passwd.txt"), reason)]
    assert (f"skipping {folder / 'passwd.txt'}: {reason}: {os.path.realpath(secret)}"
            in caplog.text)

    followed = read_paths([folder], LimitSettings(follow_symlinks=True))
    assert any(d.text.startswith("root:x:0:0") for d in followed)


def test_a_file_reached_again_through_a_symbolic_link_is_read_once(tmp_path, monkeypatch,
                                                                   caplog):
    """A link inside the inputs to a file they hold is that file, read once by its own
    name (not the link's, even when the link comes first); a link out of every input
    given is refused as ever, though a folder given beside it holds the target."""
    _write(tmp_path / "pages" / "a.txt", "Real title\n\nA real body line.")
    os.symlink("a.txt", tmp_path / "pages" / "0-alias.txt")
    os.symlink("../a.txt", _write(tmp_path / "pages" / "saved" / "b.txt", "B\n\nBody.").parent
               / "link.txt")
    os.symlink("../pages/a.txt", _write(tmp_path / "other" / "c.txt", "C\n\nBody.").parent
               / "link.txt")
    os.symlink("pages", tmp_path / "alias")
    monkeypatch.chdir(tmp_path)
    refused = "symbolic link to a file outside the input folder (--follow-symlinks reads it)"
    for given, read, left_out in [
        (["pages"], ["pages/a.txt", "pages/saved/b.txt"], []),
        (["pages", "pages/saved"], ["pages/a.txt", "pages/saved/b.txt"], []),
        (["pages/saved", "pages"], ["pages/saved/b.txt", "pages/a.txt"], []),
        (["pages/saved"], ["pages/saved/b.txt"], [("pages/saved/link.txt", refused)]),
        (["pages", "alias"], ["pages/a.txt", "pages/saved/b.txt"], []),
        (["alias/0-alias.txt", "pages"], ["pages/a.txt", "pages/saved/b.txt"], []),
        (["other", "pages"], ["other/c.txt", "pages/a.txt", "pages/saved/b.txt"], []),
        (["other"], ["other/c.txt"], [("other/link.txt", refused)]),
    ]:
        dropped: list[Dropped] = []
        with caplog.at_level(logging.WARNING, logger="briefing.collect"):
            docs = read_paths(given, LIMITS, dropped)
        assert ([d.path for d in docs], [(d.path, d.reason) for d in dropped]) == (
            read, left_out), given


def test_follow_symlinks_flag_reaches_the_settings(tmp_path, monkeypatch, capsys):
    secret = _write(tmp_path / "outside" / "note.txt", "Outside title\n\n" + ENGLISH_BODY)
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink(secret, folder / "note.txt")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["cluster", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"clusters": []}
    assert cli.main(["cluster", str(folder), "--json", "--follow-symlinks"]) == 0
    clusters = json.loads(capsys.readouterr().out)["clusters"]
    assert [c["articles"] for c in clusters] == [[str(folder / "note.txt")]]


def test_fifo_in_a_folder_is_skipped_not_waited_on(tmp_path, caplog):
    os.mkfifo(tmp_path / "pipe.txt")
    dropped: list[Dropped] = []
    with caplog.at_level(logging.WARNING, logger="briefing.collect"):
        assert read_paths([tmp_path], LIMITS, dropped) == []
    assert dropped == [Dropped(str(tmp_path / "pipe.txt"), "not a regular file")]


def test_latin1_text_is_decoded_and_its_encoding_logged_at_debug(tmp_path, caplog):
    text = "Grève à la SNCF : le trafic est perturbé\n\nLes syndicats ont appelé à la grève."
    path = _write(tmp_path / "greve.txt", text.encode("latin-1"))
    with caplog.at_level(logging.DEBUG, logger="briefing.collect"):
        [doc] = read_paths([path], LIMITS)
    assert doc.text == text
    assert f"{path}: read as cp1252 (detected)" in caplog.text


def test_page_declared_charset_wins_for_non_utf8_html(tmp_path):
    page = ('<html><head><meta charset="windows-1250"><title>Kr\xe1l \xe8esk\xfdch '
            'n\xe1dra\x9e\xed</title></head><body><article><p>' + "Slovo " * 40 +
            '</p></article></body></html>')
    path = _write(tmp_path / "cz.html", page.encode("latin-1"))
    [doc] = read_paths([path], LIMITS)
    assert doc.title == "Král českých nádraží"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_text_is_decoded(tmp_path, codec):
    text = "Café reopens on the quay\n\nThe owners said the repairs took a year."
    path = _write(tmp_path / "wide.txt", text.encode(codec))  # "utf-16": with a BOM
    [doc] = read_paths([path], LIMITS)
    assert doc.text == text


@pytest.mark.parametrize("name, content, what", [
    ("archive.txt", _zip_bytes(), "zip archive"),
    ("photo.md", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
    ("report.html", b"%PDF-1.7\n" + b"\x00\xff" * 50, "PDF document"),
    ("data.json", b"\x1f\x8b\x08\x00" + os.urandom(64), "gzip archive"),
    ("blob.txt", b"header text\x00\x01\x02\x03 more", "binary data"),
])
def test_binary_files_are_recognised_by_content_and_skipped(tmp_path, caplog, name, content,
                                                             what):
    path = _write(tmp_path / name, content)
    _write(tmp_path / "fine.txt", "Fine title\n\nFine body line.")
    dropped: list[Dropped] = []
    with caplog.at_level(logging.WARNING, logger="briefing.collect"):
        docs = read_paths([tmp_path], LIMITS, dropped)
    assert [os.path.basename(d.path) for d in docs] == ["fine.txt"]
    assert dropped == [Dropped(str(path), f"not text ({what})")]
    assert f"skipping {path}: not text ({what})" in caplog.text


def test_oversized_and_over_budget_files_are_reported(tmp_path):
    big = _write(tmp_path / "big.txt", "word " * 400)  # 2,000 bytes
    page = _write(tmp_path / "dense.html", "<html><body>" + "<b>" * 600)  # 1,812 bytes
    dropped: list[Dropped] = []
    docs = read_paths([tmp_path], LimitSettings(max_file_bytes=1900, max_html_elements=500),
                      dropped)
    assert docs == []
    assert dropped == [
        Dropped(str(big), "2000 bytes is over the 1900-byte limit (limits.max_file_bytes)"),
        Dropped(str(page), "602 HTML elements is over the 500-element limit "
                           "(limits.max_html_elements)")]


def test_extractor_errors_name_the_file_as_detail_beside_the_one_line_saying_why(tmp_path,
                                                                                caplog):
    path = _write(tmp_path / "broken.html", "<>")
    dropped: list[Dropped] = []
    with caplog.at_level(logging.DEBUG):
        assert read_paths([path], LIMITS, dropped) == []
    assert dropped == [Dropped(str(path), "no main text found in the page")]
    detail = [r for r in caplog.records if ": trafilatura: " in r.getMessage()]
    assert detail and all(r.levelno == logging.DEBUG for r in detail)
    assert f"{path}: trafilatura: empty HTML tree" in caplog.text
    # what a run without -v shows of it: one line, naming the file and why it was left out
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        f"skipping {path}: no main text found in the page"]


# --- control and bidi characters ------------------------------------------------------

def test_control_and_bidi_characters_become_spaces_in_what_is_read(tmp_path):
    text = (f"Mayor{ESC_CLEAR} resigns {RLO}today\n\nThe\x00 body\u2066 goes on.\x85 "
            + ENGLISH_BODY)
    path = _write(tmp_path / "evil.txt", text)
    [doc] = read_paths([path], LIMITS)
    assert UNSAFE.search(doc.text) is None
    assert len(doc.text) == len(text)  # offsets into the text still hold
    assert doc.text.startswith("Mayor [2J ]0;pwned  resigns  today\n\nThe  body  goes on.")


def test_character_references_in_a_page_do_not_bring_controls_back(tmp_path):
    page = ("<html><head><title>Mayor&#x202e; resigns&#27;[2J</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in ENGLISH_BODY.split("\n\n"))
            + "<p>The council met again &#x1b;]0;pwned&#7; &#x2066;on Friday to approve "
              "the contract for the first stage of the work.</p></article></body></html>")
    [doc] = read_paths([_write(tmp_path / "refs.html", page)], LIMITS)
    assert doc.title == "Mayor resigns [2J"
    assert UNSAFE.search(doc.text) is None and " ]0;pwned " in doc.text


def test_file_names_with_escapes_are_logged_as_visible_escapes(tmp_path, caplog):
    path = _write(tmp_path / f"evil{ESC_CLEAR}\u202e.txt", _zip_bytes())
    with caplog.at_level(logging.WARNING, logger="briefing.collect"):
        read_paths([tmp_path], LIMITS)
    assert "\x1b" not in caplog.text and RLO not in caplog.text and "\x07" not in caplog.text
    assert "evil\\x1b[2J\\x1b]0;pwned\\x07\\u202e.txt: not text (zip archive)" in caplog.text
    assert str(path).startswith(str(tmp_path))


def test_warnings_on_stderr_carry_no_terminal_escapes(tmp_path):
    import subprocess
    import sys

    _write(tmp_path / "in" / f"evil{ESC_CLEAR}.txt", _zip_bytes())
    _write(tmp_path / "in" / "forged.json", '{"title": "x\\n\\u001b[2J", "text": 5}')
    _write(tmp_path / "in" / f"stub{RLO}.txt", "Home\n")  # the cleaner's own warning names it
    done = subprocess.run([sys.executable, "-m", "briefing", "cluster", "in"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0
    assert UNSAFE.search(done.stderr) is None and UNSAFE.search(done.stdout) is None
    assert ("briefing: WARNING: skipping in/evil\\x1b[2J\\x1b]0;pwned\\x07.txt: "
            "not text (zip archive)") in done.stderr
    assert "in/forged.json record 0: 'text' is a number, not a string" in done.stderr
    assert "in/stub\\u202e.txt: no article found" in done.stderr


def test_safe_text_helpers():
    hostile = f"a\tb\nc{ESC_CLEAR}d{RLO}e\u2069f\x9bg\ud800h"
    assert display_text(hostile) == "a\tb\nc[2J]0;pwneddefgh"
    assert neutralise("x\x1by\u202ez") == "x y z"
    assert shown("line\nforged: ERROR\x1b[31m") == "line\\nforged: ERROR\\x1b[31m"
    dumped = safe_json(json.dumps({"t": f"x{RLO}y\x85"}, ensure_ascii=False))
    assert RLO not in dumped and "\x85" not in dumped
    assert json.loads(dumped) == {"t": f"x{RLO}y\x85"}  # the same data, escaped


def test_log_filter_makes_every_message_one_safe_line():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(SafeLogFilter())
    logger = logging.getLogger("test_hostile.filter")
    logger.addHandler(handler)
    try:
        logger.warning("cannot read %s", f"x.txt\nbriefing: ERROR: forged{ESC_CLEAR}{RLO}")
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue() == ("cannot read x.txt\\nbriefing: ERROR: forged"
                                 "\\x1b[2J\\x1b]0;pwned\\x07\\u202e\n")


def test_cluster_and_quotes_output_carry_no_terminal_escapes(tmp_path, monkeypatch, capsys):
    _write(tmp_path / "in" / "wall.txt",
           f"Sea wall{ESC_CLEAR} approved {RLO}for the quay\n\n{ENGLISH_BODY}")
    monkeypatch.chdir(tmp_path)
    for argv in (["cluster", "in"], ["quotes", "in"], ["cluster", "in", "--json"],
                 ["quotes", "in", "--json"]):
        assert cli.main(argv) == 0
        out = capsys.readouterr().out
        assert UNSAFE.search(out) is None, argv
    assert cli.main(["cluster", "in"]) == 0
    assert "Sea wall [2J ]0;pwned approved for the quay" in capsys.readouterr().out
    assert cli.main(["quotes", "in"]) == 0
    assert "Mary Keane" in capsys.readouterr().out


# --- JSON records -----------------------------------------------------------------------

def test_json_records_without_or_with_a_wrong_title_are_titled_by_their_first_sentence(
        tmp_path, caplog):
    records = [
        {"text": "Council approves harbour budget. The vote was close.\n\nMore text."},
        {"title": 2024, "text": "Mr. Keane resigns as harbour master! He served ten years."},
        {"title": "Fine", "text": 17},
        {"title": ["a list"], "text": "A" * 200 + " words"},
    ]
    path = _write(tmp_path / "feed.json", json.dumps(records))
    dropped: list[Dropped] = []
    with caplog.at_level(logging.INFO, logger="briefing.collect"):
        docs = read_paths([path], LIMITS, dropped)
    assert [d.title for d in docs] == ["Council approves harbour budget.",
                                       "Mr. Keane resigns as harbour master!",
                                       "A" * 150 + "\u2026"]
    assert f"{path} record 1: 'title' is a number, not a string; ignored" in caplog.text
    assert f"{path} record 3: 'title' is a list, not a string; ignored" in caplog.text
    assert dropped == [Dropped(str(path), "record 2: 'text' is a number, not a string",
                               unreadable=True)]

    # short records: titles are the point here, not the stub limit
    articles = load_articles([path], Settings(limits=LimitSettings(min_article_words=0)))
    assert [a.title for a in articles][:2] == ["Council approves harbour budget.",
                                               "Mr. Keane resigns as harbour master!"]


# --- languages, limits --------------------------------------------------------------------

def test_detector_names_the_language_only_when_sure():
    assert detect_language(ENGLISH_BODY) == "en"
    assert detect_language(GERMAN_BODY) == "de"
    assert detect_language(FRENCH_BODY) == "fr"
    assert detect_language("Short headline") is None


def test_non_english_articles_are_kept_marked_and_skipped_by_the_english_only_stages(tmp_path):
    _write(tmp_path / "wall.txt", "Harbour sea wall approved\n\n" + ENGLISH_BODY)
    _write(tmp_path / "miete.txt", "Bundestag beschließt Mietgesetz\n\n" + GERMAN_BODY)
    _write(tmp_path / "greve.txt", "Grève à la SNCF\n\n" + FRENCH_BODY)
    briefing = build_briefing([tmp_path], Settings())
    languages = {os.path.basename(a.path): a.language for a in briefing.articles}
    assert languages == {"wall.txt": "en", "miete.txt": "de", "greve.txt": "fr"}
    by_path = {os.path.basename(s.cluster.articles[0].article.path): s for s in briefing.stories}
    assert by_path["miete.txt"].quotes == [] and by_path["miete.txt"].summary == []
    assert by_path["greve.txt"].quotes == [] and by_path["greve.txt"].summary == []
    assert "Mary Keane" in [q.speaker for q in by_path["wall.txt"].quotes]
    assert by_path["wall.txt"].summary


def test_articles_over_the_per_build_limit_are_reported(tmp_path, caplog):
    for i in range(5):
        _write(tmp_path / f"a{i}.txt", f"Story number {i} of the day\n\n" + ENGLISH_BODY)
    settings = Settings(limits=LimitSettings(max_articles=3))
    dropped: list[Dropped] = []
    with caplog.at_level(logging.WARNING, logger="briefing.pipeline"):
        articles = load_articles([tmp_path], settings, dropped=dropped)
    assert [os.path.basename(a.path) for a in articles] == ["a0.txt", "a1.txt", "a2.txt"]
    reason = "over the 3-article limit (limits.max_articles)"
    # named relative to the folder given, never by the machine's absolute path, and by title
    assert dropped == [Dropped("a3.txt", reason, "Story number 3 of the day"),
                       Dropped("a4.txt", reason, "Story number 4 of the day")]
    assert "5 articles is over the 3-article limit of one briefing" in caplog.text


def test_a_cut_article_is_logged(tmp_path, caplog):
    path = _write(tmp_path / "long.txt", "One long line\n\n" + "word " * 2000)
    with caplog.at_level(logging.WARNING, logger="briefing.clean"):
        [article] = load_articles([path], Settings(limits=LimitSettings(max_article_chars=1000)))
    assert len(article.body) <= 1000
    assert f"{path}: article cut inside its first paragraph at" in caplog.text


def test_skipped_files_reach_the_briefing(tmp_path):
    _write(tmp_path / "wall.txt", "Harbour sea wall approved\n\n" + ENGLISH_BODY)
    archive = _write(tmp_path / "archive.txt", _zip_bytes())
    briefing = build_briefing([tmp_path], Settings())
    assert Dropped("archive.txt", "not text (zip archive)") in briefing.dropped
    assert len(briefing.stories) == 1


def test_left_out_names_an_input_as_its_reader_knows_it_never_by_its_absolute_path(tmp_path):
    from briefing.render import briefing_to_dict, render_html

    pages = tmp_path / "pages"
    _write(pages / "wall.txt", "Harbour sea wall approved\n\n" + ENGLISH_BODY)
    _write(pages / "storm" / "b-storm.html",
           "<html><head><title>Storm warning for the west coast</title><link rel=canonical "
           'href="https://herald.example/2026/03/12/storm.html"></head><body><article><p>'
           "Forecasters issued an orange warning for the coast.</p></article></body></html>")
    _write(pages / "storm" / "archive.txt", _zip_bytes())
    briefing = build_briefing([str(pages)], Settings())
    html, data = render_html(briefing), briefing_to_dict(briefing)
    assert str(tmp_path) not in html
    assert str(tmp_path) not in json.dumps(data["dropped"])
    left_out = html[html.index('id="left-out"'):]
    assert ('<a href="https://herald.example/2026/03/12/storm.html">Storm warning for the west '
            "coast</a>, herald.example — stub: 8 words of body") in left_out
    assert '<span class="path">storm/archive.txt</span> — not text (zip archive)' in left_out
    assert {d["path"]: (d["title"], d["url"]) for d in data["dropped"]} == {
        "storm/archive.txt": (None, None),
        "storm/b-storm.html": ("Storm warning for the west coast",
                               "https://herald.example/2026/03/12/storm.html")}


# --- configuration ------------------------------------------------------------------------

@pytest.mark.parametrize("toml, message", [
    ("[parse]\nbatch_size = 0", "'parse.batch_size' must be between 1 and 10000, got 0"),
    ("[parse]\nbatch_size = -3", "'parse.batch_size' must be between 1 and 10000, got -3"),
    ("[limits]\nmax_file_bytes = -1",
     "'limits.max_file_bytes' must be between 1 and 1000000000, got -1"),
    ("[limits]\nmax_article_chars = 0",
     "'limits.max_article_chars' must be between 100 and 100000000, got 0"),
    ("[limits]\nmax_articles = 0", "'limits.max_articles' must be between 1 and 1000000, got 0"),
    ("[cluster]\nthreshold = nan", "'cluster.threshold' must be between 0 and 1, got nan"),
    ("[cluster]\nthreshold = inf", "'cluster.threshold' must be between 0 and 1, got inf"),
    ("[parse]\nmodels = []", "'parse.models' must list one or more spaCy pipeline packages"),
    ('[parse]\nmodels = ["os"]', "'parse.models' must list one or more spaCy pipeline packages"),
])
def test_config_values_out_of_range_name_the_file_the_key_and_the_range(tmp_path, toml,
                                                                        message):
    path = _write(tmp_path / "briefing.toml", toml + "\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value).startswith(f"{path}: {message}")


def test_non_utf8_config_is_an_error_naming_the_file(tmp_path, monkeypatch, capsys):
    path = _write(tmp_path / "briefing.toml", '[render]\ntitle = "Caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match=f"{path}: not UTF-8 text"):
        load_settings(path)
    _write(tmp_path / "in" / "a.txt", "A title\n\nA body.")
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["cluster", str(tmp_path / "in"), "--config", str(path)])
    assert exit_info.value.code == 2
    assert f"briefing: error: {path}: not UTF-8 text" in capsys.readouterr().err


# --- property: random input through `briefing build` ----------------------------------

_CONTROLS = ([chr(c) for c in range(0x20) if c not in (9, 10)] + ["\x7f"]
             + [chr(c) for c in range(0x80, 0xa0)]
             + list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))
#: no CJK: pypdf misreads every character of a page whose PDF embeds a CJK font
_TEXT = list("abcdefghijklmnopqrstuvwxyz ABCDEFG .,;\"'<>&{}[]*_~`@#\n"
             "éßçøñüΩЖж😀\u00a0\u200b")


def _random_unicode(rng: random.Random, length: int, controls: float = 0.03) -> str:
    """Random text in which about ``controls`` of the characters are control or bidi
    characters (more than a few in a hundred and the file is rightly binary)."""
    return "".join(rng.choice(_CONTROLS) if rng.random() < controls else rng.choice(_TEXT)
                   for _ in range(length))


def _hostile_folder(folder, rng: random.Random) -> None:
    body = ENGLISH_BODY.split(" ")
    for i in range(0, len(body), 7):  # controls and bidi marks sprinkled through real prose
        body[i] += rng.choice(["\x1b[2J", "\u202e", "\x00", "\x85", "\u2067", "\x07"])
    _write(folder / "prose.txt", f"Sea wall{RLO} approved\x1b[31m\n\n" + " ".join(body))
    _write(folder / "bytes.txt", bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 3000))))
    _write(folder / "unicode.md", _random_unicode(rng, 2000).encode("utf-8", "surrogatepass"))
    record = json.dumps([{"title": f"T{RLO}\x1b", "text": _random_unicode(rng, 400)},
                         {"text": ENGLISH_BODY}], ensure_ascii=False)
    _write(folder / "cut.json", record[:rng.randint(1, len(record))])
    _write(folder / "whole.json", record)
    page = (f"<html><head><title>Page{RLO}title\x1b]0;x\x07</title></head><body><article>"
            f"<p>{ENGLISH_BODY}</p><p>{_random_unicode(rng, 300)} &#27;[2J &#x202e;</p>"
            f"</article></body></html>")
    _write(folder / "cut.html", page[:rng.randint(1, len(page))])
    _write(folder / "lines.jsonl", record[:rng.randint(1, len(record))] + "\n" +
           json.dumps({"title": 12, "text": _random_unicode(rng, 300)}))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_input_builds_parseable_outputs_free_of_control_characters(tmp_path, seed,
                                                                         monkeypatch):
    import lxml.html
    from pypdf import PdfReader

    rng = random.Random(seed)
    folder, out = tmp_path / "in", tmp_path / "out"
    _hostile_folder(folder, rng)
    monkeypatch.chdir(tmp_path)
    # its broken JSON records cannot be read: built, and done with failures
    assert cli.main(["build", str(folder), "--out", str(out), "--date", "2026-01-02"]) == 1
    day = out / "2026-01-02"

    html = (day / "briefing.html").read_text(encoding="utf-8")
    tree = lxml.html.document_fromstring(html)
    assert tree.tag == "html" and tree.find(".//body") is not None
    assert UNSAFE.search(html) is None
    markdown = (day / "briefing.md").read_text(encoding="utf-8")
    assert UNSAFE.search(markdown) is None
    data = json.loads((day / "briefing.json").read_text(encoding="utf-8"))
    assert data["clusters"], "the real article still makes a story"
    read = {os.path.basename(a["path"]) for a in data["articles"]}
    # random text went through every stage: into a story, or, when it held nothing to
    # summarise and no statement, under "Left out" for that reason; or, its marks
    # (";{}[]") as dense as a script's, under "Left out" as code, before the parse
    empty = {os.path.basename(d["path"]) for d in data["dropped"]
             if d["reason"] in ("no sentence to summarise and no statement",
                                "looks like program code, not an article")}
    assert {"prose.txt", "whole.json"} <= read and "unicode.md" in read | empty
    assert not [s for s in _strings(data) if UNSAFE.search(s)]
    reader = PdfReader(day / "briefing.pdf")
    pdf_text = "".join(page.extract_text() for page in reader.pages)
    assert "Sea wall" in pdf_text and UNSAFE.search(pdf_text) is None
