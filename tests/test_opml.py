"""OPML in and out (``briefing sources import | export | list``), through the command
line, with the imported feeds collected from a loopback server."""
import json
import sqlite3

import pytest
from briefing.cli import main
from briefing.config import ConfigError, SourceSettings, load_settings
from briefing.opml import parse_opml
from briefing.store import Store

from .test_collector import httpserver, serve_page  # noqa: F401  (fixture)
from .webfixtures import HARBOUR, RAIL, rss

CONFIG = """\
# my briefing: keep this comment
[store]
data_dir = "data"   # beside this file

[fetch]
timeout = 1.0
total_timeout = 10.0
retries = 0
backoff = 0.0
per_host_delay = 0.0
"""


def opml(body: str) -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0"><head>'
            f'<title>My feeds</title></head><body>\n{body}\n</body></opml>\n')


def run(capsys, *argv) -> tuple[int, str, str]:
    """``briefing ARGV``: its exit status, standard output and standard error."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "briefing.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def two_feeds(httpserver):  # noqa: F811
    u = httpserver.url_for
    httpserver.expect_request("/harbour.rss").respond_with_data(
        rss([("Harbour wall", u("/harbour"))]), content_type="application/rss+xml")
    httpserver.expect_request("/rail.rss").respond_with_data(
        rss([("Rail strike", u("/rail"))], title="Rail News"), content_type="application/rss+xml")
    serve_page(httpserver, "/harbour", "Harbour wall to be rebuilt", HARBOUR)
    serve_page(httpserver, "/rail", "Drivers to strike", RAIL)
    return opml(f"""
<outline text="News" title="News">
  <outline text="Local">
    <outline type="rss" text="Harbour Times" xmlUrl="{u('/harbour.rss')}"/>
  </outline>
</outline>
<outline type="rss" text="Rail News" xmlUrl="{u('/rail.rss')}?utm_source=reader"/>""")


def test_opml_import_keeps_the_config_then_collect_reads_the_feeds(httpserver, config,  # noqa: F811
                                                                    tmp_path, capsys):
    (tmp_path / "feeds.opml").write_text(two_feeds(httpserver), encoding="utf-8")
    code, out, _ = run(capsys, "sources", "import", tmp_path / "feeds.opml", "--config", config)
    assert code == 0
    assert out.strip() == f"{config}: added 2, skipped 0 (already present)"
    text = config.read_text(encoding="utf-8")
    assert text.startswith(CONFIG)  # the user's text, comments included, as it was
    sources = load_settings(config).sources
    assert [(s.kind, s.name, s.group) for s in sources] == [
        ("feed", "Harbour Times", "News/Local"), ("feed", "Rail News", "")]
    assert sources[1].url.endswith("/rail.rss?utm_source=reader")
    code, out, _ = run(capsys, "collect", "--config", config)
    assert code == 0 and "2 new article(s)" in out
    with Store.open(load_settings(config).store) as store:
        assert {a.content.title for a in store.articles()} == {"Harbour wall to be rebuilt",
                                                               "Drivers to strike"}


def test_importing_twice_adds_nothing_the_second_time(httpserver, config, tmp_path,  # noqa: F811
                                                      capsys):
    (tmp_path / "feeds.opml").write_text(two_feeds(httpserver), encoding="utf-8")
    assert run(capsys, "sources", "import", tmp_path / "feeds.opml", "--config", config)[0] == 0
    first = config.read_bytes()
    # the same feeds again, one spelled with another tracking parameter and upper-case host
    again = (tmp_path / "feeds.opml").read_text().replace("utm_source=reader", "utm_medium=x")
    (tmp_path / "again.opml").write_text(again.replace("127.0.0.1", "127.0.0.1".upper()))
    code, out, _ = run(capsys, "sources", "import", tmp_path / "again.opml", "--config", config)
    assert code == 0 and out.strip().endswith("added 0, skipped 2 (already present)")
    assert config.read_bytes() == first


def test_export_round_trips_through_an_empty_config(tmp_path, capsys):
    original = tmp_path / "briefing.toml"
    original.write_text("""\
[[sources]]
name = 'Harbour & "Coast" <Times> — Éire'
url = "https://harbour.example/rss.xml?a=1&b=2"
group = "News/Local"

[[sources]]
url = "https://nameless.example/feed"

[[sources]]
kind = "page"
url = "https://harbour.example/story.html"

[[sources]]
kind = "folder"
path = "inbox"

[[sources]]
name = "Weather"
url = "http://weather.example/atom"
group = "News"

[[sources]]
name = "Rugby"
url = "https://sport.example/rss"
group = "Sport"
""", encoding="utf-8")
    exported = tmp_path / "out.opml"
    code, out, _ = run(capsys, "sources", "export", "-o", exported, "--config", original)
    assert code == 0 and "Wrote 4 feed(s)" in out
    document = exported.read_bytes()
    assert b'<opml version="2.0">' in document and b"&amp;" in document
    empty = tmp_path / "fresh" / "briefing.toml"
    empty.parent.mkdir()
    assert run(capsys, "sources", "import", exported, "--config", empty)[0] == 0

    def feeds(path):
        return [(s.kind, s.name, s.url, s.group) for s in load_settings(path).sources
                if s.kind == "feed"]
    # the same sources; each group's feeds come together, as folders hold them
    assert sorted(feeds(empty)) == sorted(feeds(original))
    assert len(feeds(original)) == 4
    # and to standard output
    code, out, _ = run(capsys, "sources", "export", "--config", original)
    assert code == 0 and parse_opml(out.encode(), "stdout").feeds[0].group == "News/Local"


def test_the_site_address_goes_through_import_config_and_export(tmp_path, config, capsys,
                                                                  caplog):
    subscriptions = tmp_path / "reader.opml"
    subscriptions.write_text(opml("""
<outline text="News">
  <outline type="rss" text="Harbour Times" xmlUrl="https://harbour.example/rss.xml"
           htmlUrl="https://harbour.example/?a=1&amp;b=2"/>
</outline>
<outline type="rss" text="No site" xmlUrl="https://nosite.example/feed"/>
<outline type="rss" text="Bad site" xmlUrl="https://bad.example/feed"
         htmlUrl="javascript:alert(1)"/>"""), encoding="utf-8")
    code, out, _ = run(capsys, "sources", "import", subscriptions, "--config", config)
    assert code == 0 and out.strip().endswith("added 3, skipped 0 (already present)")
    assert "Bad site: its site address (htmlUrl) is left out: only http:// and https:// " \
           "sites are read, not 'javascript:alert(1)'" in caplog.text
    assert 'site_url = "https://harbour.example/?a=1&b=2"' in config.read_text(encoding="utf-8")
    assert [s.site_url for s in load_settings(config).sources] == [
        "https://harbour.example/?a=1&b=2", "", ""]
    exported = tmp_path / "out.opml"
    assert run(capsys, "sources", "export", "-o", exported, "--config", config)[0] == 0
    back = parse_opml(exported.read_bytes(), "out.opml").feeds
    assert [(f.title, f.url, f.site, f.group) for f in back] == [
        ("Harbour Times", "https://harbour.example/rss.xml", "https://harbour.example/?a=1&b=2",
         "News"),
        ("No site", "https://nosite.example/feed", "", ""),
        ("Bad site", "https://bad.example/feed", "", "")]
    assert exported.read_bytes().count(b"htmlUrl=") == 1


@pytest.mark.parametrize("site", ["javascript:alert(1)", "https://a.example/x y",
                                  "https://a.example/" + "x" * 2100, "ftp://a.example/"])
def test_a_site_address_is_checked_like_every_setting(tmp_path, site):
    path = tmp_path / "bad.toml"
    path.write_text(f'[[sources]]\nurl = "https://a.example/rss"\nsite_url = {json.dumps(site)}\n')
    with pytest.raises(ConfigError, match=r"'sources\[0\]\.site_url' must be an http:// or "
                                          r"https:// address of at most 2048 characters"):
        load_settings(path)


@pytest.mark.parametrize("content, problem", [
    (b'<?xml version="1.0"?><opml version="2.0"><body><outline text="a"></body></opml>',
     "not a well-formed OPML file (mismatched tag: line 1"),
    (b"", "not a well-formed OPML file (no element found"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
     "not an OPML file (its root element is <rss>, not <opml>)"),
    (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
     b'<opml><body><outline text="&b;" xmlUrl="https://x.example/"/></body></opml>',
     "refused: the file declares XML entities"),
    (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b'<opml><body><outline text="&x;" xmlUrl="https://x.example/"/></body></opml>',
     "refused: the file declares XML entities"),
])
def test_a_bad_opml_file_is_one_line_naming_it_and_exit_2(tmp_path, config, capsys, content,
                                                           problem):
    bad = tmp_path / "bad.opml"
    bad.write_bytes(content)
    code, out, err = run(capsys, "sources", "import", bad, "--config", config)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"briefing: error: {bad}: ")
    assert problem in err
    assert config.read_text(encoding="utf-8") == CONFIG


def test_hostile_outlines_are_left_out_and_titles_made_safe(tmp_path, config, capsys, caplog):
    hostile = tmp_path / "hostile.opml"
    hostile.write_text(opml("""
<outline text="Script" xmlUrl="javascript:alert(1)"/>
<outline text="Local file" xmlUrl="file:///etc/passwd"/>
<outline text="Spaced" xmlUrl="https://a.example/x y"/>
<outline text="\u202eevil\u0085 [bold]name\x7f[/bold]\tand more" xmlUrl="https://ok.example/rss"/>
<outline text="Dup" xmlUrl="https://ok.example/rss#top"/>"""), encoding="utf-8")
    code, out, _ = run(capsys, "sources", "import", hostile, "--config", config)
    assert code == 1  # done, with outlines that could not be imported
    err = caplog.text
    assert out.strip().endswith("added 1, skipped 0 (already present), left out 3 (named above)")
    assert "Script: only http:// and https:// feeds are read, not 'javascript:alert(1)'" in err
    assert "Local file: only http:// and https:// feeds are read" in err
    assert "Spaced: feed address holds spaces" in err
    [source] = load_settings(config).sources
    assert source.name == "evil [bold]name[/bold] and more"
    big = tmp_path / "big.opml"
    big.write_text(opml('<outline text="x" xmlUrl="https://big.example/"/>' * 50))
    config.write_text(CONFIG + "[limits]\nmax_file_bytes = 1000\n", encoding="utf-8")
    code, _, err = run(capsys, "sources", "import", big, "--config", config)
    assert code == 2 and f"{big}: larger than limits.max_file_bytes (1000 bytes)" in err


def test_deeply_nested_folders_do_not_recurse():
    deep = "<outline text='f'>" * 50_000 + "<outline text='x' xmlUrl='https://deep.example/'/>" \
        + "</outline>" * 50_000
    [feed] = parse_opml(opml(deep).encode(), "deep").feeds
    assert feed.url == "https://deep.example/" and feed.group == "/".join(["f"] * 8)


def test_a_group_is_checked_like_every_setting(tmp_path):
    path = tmp_path / "bad.toml"
    for group in ("News//Local", "/News", "a" * 201, "News\x1b[2J"):
        path.write_text(f'[[sources]]\nurl = "https://a.example/rss"\n'
                        f'group = {json.dumps(group)}\n')
        with pytest.raises(ConfigError, match=r"'sources\[0\]\.group' must be at most 200"):
            load_settings(path)
    assert SourceSettings(url="https://a.example/", group="News/Local").problems() == {}


def test_sources_are_added_after_the_files_own_text(tmp_path):
    from briefing.config import add_sources

    path = tmp_path / "briefing.toml"
    mine = ('# mine\n[[sources]]  # the first\nurl = "https://a.example/rss"\n\n'
            '[schedule]\ntimezone = "Europe/Dublin"  # ours\n# a closing comment')
    path.write_text(mine, encoding="utf-8")
    new = SourceSettings(name='B "quoted" \\ name', url="https://b.example/rss", group="News")
    add_sources(path, [new], note="from x\u202e.opml\n[fetch]")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(mine + "\n\n# from x.opml [fetch]\n")
    assert [s.name for s in load_settings(path).sources] == ["", 'B "quoted" \\ name']
    path.write_text('sources = [{url = "https://a.example/rss"}]  # inline\n')
    add_sources(path, [new])
    assert [s.url for s in load_settings(path).sources] == ["https://a.example/rss",
                                                            "https://b.example/rss"]
    assert "# inline" in path.read_text()
    path.write_text('[fetch]\ntimeout = -1\n')  # already wrong: nothing is written
    with pytest.raises(ConfigError, match="would make it invalid"):
        add_sources(path, [new])
    assert path.read_text() == '[fetch]\ntimeout = -1\n'


def test_export_into_a_missing_folder_names_the_folder(tmp_path, config, capsys):
    target = tmp_path / "no-such-folder" / "feeds.opml"
    code, out, err = run(capsys, "sources", "export", "-o", target, "--config", config)
    assert code == 2 and out == ""
    assert f"cannot write {target}: there is no folder {target.parent}" in err
    assert ".tmp" not in err and len(err.strip().splitlines()) == 1
    assert not target.parent.exists()


def test_sources_list_lines_up_its_columns(tmp_path, capsys):
    config = tmp_path / "briefing.toml"
    config.write_text('[[sources]]\nname = "Harbour Times"\nurl = "https://harbour.example/rss"\n'
                      '[[sources]]\nname = "Wire"\nurl = "https://wire.example/atom"\n'
                      '[[sources]]\nkind = "folder"\npath = "inbox"\nname = "Inbox"\n',
                      encoding="utf-8")
    code, out, _ = run(capsys, "sources", "list", "--config", config)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    starts = {line.index(where) for line, where in zip(
        lines, ("https://harbour.example/rss", "https://wire.example/atom", str(tmp_path)))}
    assert len(starts) == 1, lines
