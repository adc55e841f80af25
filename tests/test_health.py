"""``briefing status`` and ``briefing retry`` against feeds and pages on a loopback
server, and a store written by the previous schema version."""
import json
import logging
import sqlite3
from datetime import timezone

from sqlalchemy import text
from werkzeug import Response

from briefing.collector import collect
from briefing.config import Settings, SourceSettings, load_settings
from briefing.health import status_report
from briefing.store import SCHEMA_VERSION, Outbox, Store

from .conftest import REPO
from .dbfixtures import store_url  # noqa: F401  (fixture)
from .test_collector import httpserver, serve_page  # noqa: F401  (fixture)
from .test_opml import CONFIG, config, run  # noqa: F401  (fixture)
from .webfixtures import FLOOD, HARBOUR, RAIL, article_html, rss


# --- status ------------------------------------------------------------------------

def test_status_shows_a_failing_feed_with_its_error_and_failures(httpserver, config,  # noqa: F811
                                                                 capsys):
    u = httpserver.url_for
    httpserver.expect_request("/down.rss").respond_with_data("", status=503)
    httpserver.expect_request("/ok.rss").respond_with_handler(lambda r: Response(
        rss([("Harbour wall", u("/harbour"))]), content_type="application/rss+xml",
        headers={"ETag": '"v1"'}) if r.headers.get("If-None-Match") != '"v1"'
        else Response(status=304))
    serve_page(httpserver, "/harbour", "Harbour wall to be rebuilt", HARBOUR)
    config.write_text(CONFIG + f"""
[[sources]]
name = "Down News"
url = "{u('/down.rss')}"

[[sources]]
name = "Harbour Times"
url = "{u('/ok.rss')}"
group = "Local"
""", encoding="utf-8")
    assert run(capsys, "collect", "--config", config)[0] == 1
    assert run(capsys, "collect", "--config", config)[0] == 1
    code, out, _ = run(capsys, "status", "--json", "--config", config)
    assert code == 1  # some source is failing
    doc = json.loads(out)
    down, ok = doc["sources"]
    assert down["name"] == "Down News" and down["result"] == "failed" and down["failing"]
    assert down["failures"] == 2 and "HTTP 503 Service Unavailable" in down["error"]
    assert down["failing_since"] and down["failing_since"] < down["last_poll"]
    assert down["next_try"] == "next `briefing collect`"
    assert ok["result"] == "not modified" and ok["failures"] == 0 and not ok["failing"]
    assert ok["new_articles"] == 1 and ok["group"] == "Local"
    assert doc["next_collect"] is None and "no scheduler is running" in doc["next_collect_from"]
    code, out, _ = run(capsys, "status", "--config", config)
    assert code == 1
    assert "Down News (feed http" in out
    assert "failed (2 in a row since" in out and "HTTP 503 Service Unavailable" in out
    assert "Harbour Times [Local]" in out and "not modified; 1 new article(s) in 24 h" in out
    httpserver.clear()  # the feed is back
    httpserver.expect_request("/down.rss").respond_with_data(rss([]),
                                                             content_type="application/rss+xml")
    httpserver.expect_request("/ok.rss").respond_with_data("", status=304)
    assert run(capsys, "collect", "--config", config)[0] == 0
    code, out, _ = run(capsys, "status", "--json", "--config", config)
    assert code == 0 and json.loads(out)["sources"][0]["failures"] == 0


def test_status_tells_times_on_the_readers_clock(httpserver, config, capsys):  # noqa: F811
    httpserver.expect_request("/down.rss").respond_with_data("", status=503)
    config.write_text(CONFIG + f"""
[schedule]
timezone = "Asia/Kolkata"

[[sources]]
name = "Down News"
url = "{httpserver.url_for('/down.rss')}"
""", encoding="utf-8")
    assert run(capsys, "collect", "--config", config)[0] == 3
    out = run(capsys, "status", "--config", config)[1]
    assert "last poll " in out and " IST: failed (1 in a row since " in out
    assert "UTC" not in out


def test_status_piped_into_a_reader_that_stops_says_nothing_and_exits_141(config):  # noqa: F811
    import subprocess
    import sys
    config.write_text(CONFIG + """
[[sources]]
name = "Harbour Times"
url = "http://127.0.0.1:9/rss"
""", encoding="utf-8")
    # the reader's end is closed before the command writes (`briefing status | head -0`)
    process = subprocess.Popen([sys.executable, "-m", "briefing", "status", "--json",
                                "--config", str(config)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=config.parent)
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 141
    assert b"Broken pipe" not in err and b"Traceback" not in err


def test_status_before_any_collect_and_the_outbox(tmp_path, config, capsys):
    config.write_text(CONFIG + '[[sources]]\nurl = "https://a.example/rss"\n', encoding="utf-8")
    code, out, _ = run(capsys, "status", "--json", "--config", config)
    assert code == 0 and json.loads(out)["sources"][0]["result"] == "never polled"
    assert not (tmp_path / "data" / "briefing.db").exists()  # status creates no store
    with Store.open(load_settings(config).store) as store:
        outbox = Outbox(store)
        outbox.record_edition(name="2026-11-27", folder=str(tmp_path / "out" / "2026-11-27"),
                              date="2026-11-27", files={}, parcel={},
                              targets=["slack webhook (SLACK)"])
        [delivery] = outbox.due(6)
        outbox.start(delivery.id)
        outbox.failed(delivery.id, "HTTP 500 from Slack", backoff_minutes=5, max_attempts=6)
    doc = json.loads(run(capsys, "status", "--json", "--config", config)[1])
    [row] = doc["deliveries"]
    assert row["status"] == "failed" and row["last_error"] == "HTTP 500 from Slack"
    assert row["attempts"] == 1 and row["next_attempt_at"]
    out = run(capsys, "status", "--config", config)[1]
    assert "Outbox: 1 delivery(ies) not sent" in out and "HTTP 500 from Slack" in out


# --- retry -------------------------------------------------------------------------

def _serve_a_long_page_in_a_feed(httpserver) -> int:
    """A feed at /rss listing one page, /flood; returns the page's size in bytes."""
    long_page = article_html("Roads flooded", FLOOD * 8)
    httpserver.expect_request("/rss").respond_with_data(
        rss([("Roads flooded", httpserver.url_for("/flood"))]),
        content_type="application/rss+xml")
    httpserver.expect_request("/flood").respond_with_data(long_page, content_type="text/html")
    return len(long_page.encode())


def test_retry_reads_a_page_given_up_for_size_once_the_limit_is_raised(httpserver,  # noqa: F811
                                                                       config, capsys, caplog):
    u = httpserver.url_for
    size = _serve_a_long_page_in_a_feed(httpserver)
    sources = f'\n[[sources]]\nname = "Coast"\nurl = "{u("/rss")}"\n'
    config.write_text(CONFIG + f"max_page_bytes = {size - 100}\n" + sources, encoding="utf-8")
    code, out, _ = run(capsys, "collect", "--config", config)
    assert code == 1 and f"is over the {size - 100}-byte limit (given up)" in caplog.text
    doc = json.loads(run(capsys, "status", "--json", "--config", config)[1])
    [page] = doc["pages"]
    assert page["status"] == "given up" and page["url"] == u("/flood")
    assert page["next_try"].startswith(f"given up at fetch.max_page_bytes = {size - 100}")
    # the same limit: one more try, given up again
    code, out, _ = run(capsys, "retry", "--config", config)
    assert code == 3 and "Retried 1 page(s)" in out
    config.write_text(CONFIG + f"max_page_bytes = {size + 100}\n" + sources, encoding="utf-8")
    doc = json.loads(run(capsys, "status", "--json", "--config", config)[1])
    assert "fetch.max_page_bytes is now" in doc["pages"][0]["next_try"]
    code, out, _ = run(capsys, "retry", "--source", "Coast", "--config", config)
    assert code == 0 and "Retried 1 page(s): 1 new article(s)" in out
    with Store.open(load_settings(config).store) as store:
        assert [a.content.title for a in store.articles()] == ["Roads flooded"]
    assert run(capsys, "retry", "--config", config)[1].startswith("Nothing to retry")
    assert json.loads(run(capsys, "status", "--json", "--config", config)[1])["pages"] == []
    served = [r.path for r, _ in httpserver.log]
    assert served.count("/flood") == 3  # collect, retry at the old limit, retry at the new


def test_retry_of_a_page_source_finds_its_page_under_the_feed_that_listed_it(  # noqa: F811
        httpserver, config, capsys, caplog):
    u = httpserver.url_for
    size = _serve_a_long_page_in_a_feed(httpserver)
    sources = (f'\n[[sources]]\nname = "Coast"\nurl = "{u("/rss")}"\n'
               f'\n[[sources]]\nname = "Flood page"\nkind = "page"\nurl = "{u("/flood")}"\n')
    config.write_text(CONFIG + f"max_page_bytes = {size - 100}\n" + sources, encoding="utf-8")
    assert run(capsys, "collect", "--config", config)[0] == 1
    config.write_text(CONFIG + f"max_page_bytes = {size + 100}\n" + sources, encoding="utf-8")
    with caplog.at_level(logging.INFO):
        code, out, _ = run(capsys, "retry", "--source", "Flood page", "--config", config)
    assert code == 0 and "Retried 1 page(s): 1 new article(s)" in out
    assert f"{u('/flood')}: taken up again: fetch.max_page_bytes is now {size + 100}" \
        in caplog.text


def test_the_next_collect_takes_up_a_page_whose_limit_was_raised(httpserver,  # noqa: F811
                                                                  tmp_path):
    u = httpserver.url_for
    httpserver.expect_request("/rss").respond_with_data(
        rss([("Rail strike", u("/rail"))]), content_type="application/rss+xml")
    serve_page(httpserver, "/rail", "Drivers to strike", RAIL)
    settings = Settings()
    settings.sources = [SourceSettings(url=u("/rss"), name="Rail")]
    settings.fetch.retries, settings.fetch.per_host_delay, settings.fetch.max_page_bytes = 0, 0, 500
    with Store(f"sqlite:///{tmp_path / 'briefing.db'}") as store:
        assert collect(settings, store).pages_failed == 1
        [entry] = store.retry_entries()
        assert (entry.status, entry.error_kind, entry.error_bound) == ("failed", "too_large", 500)
        assert collect(settings, store).pages_tried == 0  # given up: not read again
        settings.fetch.max_page_bytes = 5_000_000
        report = collect(settings, store)
        assert (report.pages_reopened, report.new_articles) == (1, 1)


def test_retry_of_an_unknown_source_is_a_usage_error(config, capsys):
    config.write_text(CONFIG + '[[sources]]\nname = "A"\nurl = "https://a.example/rss"\n')
    code, _, err = run(capsys, "retry", "--source", "B", "--config", config)
    assert code == 2 and "--source: no source is named 'B'; the sources are: A" in err


# --- a store made by the previous version -------------------------------------------

def test_a_version_2_store_is_migrated_and_keeps_working(tmp_path):
    path = tmp_path / "briefing.db"
    with sqlite3.connect(path) as connection:
        connection.executescript((REPO / "tests" / "stores" / "store-v2.sql").read_text())
    with Store(f"sqlite:///{path}") as store:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql(
                "SELECT value FROM briefing_schema").scalar() == str(SCHEMA_VERSION)
        down = store.feed_state("https://down.test/rss")
        assert down.failures == 1 and down.failing_since is not None
        assert down.last_result == "failed" and "HTTP 503" in down.last_error
        ok = store.feed_state("https://ok.test/rss")
        assert ok.failures == 0 and ok.last_success and ok.last_result is None
        assert [(e.url, e.status) for e in store.retry_entries()] == [
            ("https://ok.test/b", "pending"), ("https://ok.test/c", "failed")]
        assert [a.content.title for a in store.articles()] == ["A"]
        settings = Settings()
        settings.sources = [SourceSettings(url="https://down.test/rss", name="Down News"),
                            SourceSettings(url="https://ok.test/rss", name="OK News")]
        report = status_report(settings, store)
        assert [(s.name, s.result, s.failures) for s in report.sources] == [
            ("Down News", "failed", 1), ("OK News", "succeeded", 0)]
        store.record_poll("https://down.test/rss", "Down News", etag=None, last_modified=None,
                          error="HTTP 503 again")
        assert store.feed_state("https://down.test/rss").failures == 2


def test_the_migration_runs_on_each_database(store_url):  # noqa: F811
    """The same ALTER TABLE steps on SQLite and PostgreSQL: a store taken back to
    version 3 (the new columns dropped) opens as version 4 again."""
    with Store(store_url) as store:
        store.record_poll("https://down.test/rss", "Down", etag=None, last_modified=None,
                          error="HTTP 500")
        with store.engine.begin() as connection:
            for table, column in (("feeds", "last_result"), ("feeds", "failures"),
                                  ("feeds", "failing_since"), ("entries", "last_attempt_at"),
                                  ("entries", "error_kind"), ("entries", "error_bound")):
                connection.execute(text(f"ALTER TABLE {table} DROP COLUMN {column}"))
            connection.execute(text("UPDATE briefing_schema SET value = '3'"))
    with Store(store_url) as store:
        state = store.feed_state("https://down.test/rss")
        assert (state.failures, state.last_result, state.last_error) == (1, "failed", "HTTP 500")


def test_status_gives_the_running_schedulers_next_collect(config, capsys):
    from briefing.schedule import COLLECT_JOB_ID, make_scheduler

    from .test_schedule import SteppedScheduler  # runs no job unless stepped

    config.write_text(CONFIG + '[[sources]]\nurl = "https://a.example/rss"\n')
    settings = load_settings(config)
    with Store.open(settings.store) as store, store.lock("scheduler").holding(0):
        scheduler = make_scheduler(settings, store, scheduler_class=SteppedScheduler)
        scheduler.start()
        try:
            due = scheduler.get_job(COLLECT_JOB_ID).next_run_time.astimezone(timezone.utc)
            doc = json.loads(run(capsys, "status", "--json", "--config", config)[1])
        finally:
            scheduler.shutdown()
    assert doc["next_collect"] == due.isoformat()
    assert doc["next_collect_from"] == (f"the schedule's next collect, {due:%Y-%m-%d %H:%M} UTC "
                                        "(briefing schedule is running)")
    assert doc["sources"][0]["next_try"] == f"next collect, {due:%Y-%m-%d %H:%M} UTC"
    # once it has stopped its jobs stay in the table, but no collect is coming
    doc = json.loads(run(capsys, "status", "--json", "--config", config)[1])
    assert doc["next_collect"] is None


def test_status_on_a_terminal_is_a_table_that_shows_names_as_they_are(config, capsys,
                                                                        monkeypatch):
    import re
    import sys

    config.write_text(CONFIG + '[[sources]]\nname = "[bold red]Loud[/] News"\n'
                      'url = "http://127.0.0.1:9/rss"\n', encoding="utf-8")
    assert run(capsys, "collect", "--config", config)[0] == 3  # nothing listens on port 9
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, _ = run(capsys, "status", "--config", config)
    text = re.sub(r"\x1b\[[0-9;]*m", "", out)  # the table's own colours
    assert code == 1 and "┃ source" in text
    assert "[bold red]Loud[/] News" in text  # rich markup in a feed's name stays text
    assert "failed: http://127.0.0.1:9/rss: network error" in text


def test_a_page_given_up_for_timing_out_is_taken_up_when_the_timeout_is_raised(
        httpserver, tmp_path):  # noqa: F811
    import time

    u = httpserver.url_for

    def slow(_request):
        time.sleep(0.6)
        return Response(article_html("Drivers to strike", RAIL), content_type="text/html")
    httpserver.expect_request("/rss").respond_with_data(
        rss([("Rail strike", u("/rail"))]), content_type="application/rss+xml")
    httpserver.expect_request("/rail").respond_with_handler(slow)
    settings = Settings()
    settings.sources = [SourceSettings(url=u("/rss"), name="Rail")]
    fetch = settings.fetch
    fetch.retries, fetch.per_host_delay, fetch.timeout, fetch.max_attempts = 0, 0, 0.2, 1
    with Store(f"sqlite:///{tmp_path / 'briefing.db'}") as store:
        assert collect(settings, store).pages_failed == 1
        [entry] = store.retry_entries()
        assert (entry.status, entry.error_kind, entry.error_bound) == ("failed", "timeout", 0.2)
        assert "timed out" in entry.last_error
        fetch.timeout = 5.0
        report = collect(settings, store)
        assert (report.pages_reopened, report.new_articles) == (1, 1)
        assert store.retry_entries() == []


# --- what a folder source leaves out --------------------------------------------------

def test_a_folder_sources_left_out_files_are_said_by_collect_status_and_the_briefing(
        config, capsys, tmp_path):
    """Nothing is lost silently in store mode either: the files a folder source refuses
    (over the size limit, a link out of the folder, a binary or a zip named .html, an
    empty file) are
    counted by collect, listed with why by status while they are there, and under "Left
    out" by the next briefing only; an input the build leaves out is named by its file,
    never by its store row."""
    import zipfile
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "harbour.txt").write_text("Harbour wall to be rebuilt\n\n" + "\n\n".join(HARBOUR),
                                       encoding="utf-8")
    (inbox / "giant.html").write_text("<p>" + "big " * 3000 + "</p>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not for the briefing", encoding="utf-8")
    (inbox / "passwd.txt").symlink_to(tmp_path / "secret.txt")
    (inbox / "gallery.html").write_bytes(bytes(range(256)) * 8)
    with zipfile.ZipFile(inbox / "report.html", "w") as archive:
        archive.writestr("story.txt", "A story in an archive.")
    (inbox / "empty.txt").write_text("", encoding="utf-8")
    (inbox / "stub.txt").write_text("Ferry note\n\nFerries run hourly from Monday.\n",
                                    encoding="utf-8")  # read, then too short to brief
    config.write_text(CONFIG + '[limits]\nmax_file_bytes = 9000\n[render]\nformats = ["html", '
                      '"json"]\n[[sources]]\nkind = "folder"\nname = "Inbox"\npath = "inbox"\n',
                      encoding="utf-8")
    code, out, _ = run(capsys, "collect", "--config", config)
    assert code == 0
    assert ("folders: 1 read, 0 failed, 5 input(s) in them left out (`briefing status` says "
            "why)") in out
    reasons = {"empty.txt": "empty: no text in it",
               "gallery.html": "not text (binary data)",
               "giant.html": "12007 bytes is over the 9000-byte limit (limits.max_file_bytes)",
               "passwd.txt": "symbolic link to a file outside the input folder "
                             "(--follow-symlinks reads it)",
               "report.html": "not text (zip archive)"}
    code, out, _ = run(capsys, "status", "--config", config)
    assert code == 0  # the folder was read: a file in it is no failing source
    assert "    5 input(s) left out at its last read:\n" in out
    for name, reason in reasons.items():
        assert f"      {name}: {reason}; since " in out
    assert str(tmp_path) not in out.split("left out at its last read")[1]  # no machine path
    code, out, _ = run(capsys, "status", "--json", "--config", config)
    [inbox_health] = json.loads(out)["sources"]
    assert {f["path"]: f["reason"] for f in inbox_health["left_out"]} == reasons

    assert run(capsys, "build", "--since", "last", "--date", "2026-12-01", "--out",
               tmp_path / "out", "--config", config)[0] == 0
    edition = tmp_path / "out" / "2026-12-01"
    doc = json.loads((edition / "briefing.json").read_text(encoding="utf-8"))
    dropped = [(d["path"], d["reason"]) for d in doc["dropped"]]
    assert dropped[:-1] == sorted(reasons.items())
    assert dropped[-1][0] == "stub.txt" and dropped[-1][1].startswith("stub: ")
    html = (edition / "briefing.html").read_text(encoding="utf-8")
    left_out = html[html.index('id="left-out"'):]
    assert '<li><span class="path">empty.txt</span> — empty: no text in it</li>' in left_out
    assert "Ferry note" in left_out  # by its title
    assert '<li><span class="path">report.html</span> — not text (zip archive)</li>' in left_out
    assert "store/article-" not in left_out and "store/article-" not in json.dumps(doc["dropped"])

    # Listed once: the next briefing does not list them again, though status still does
    # while they are there; a file fixed (read since) is no longer left out.
    (inbox / "giant.html").unlink()
    (inbox / "rail.txt").write_text("Train drivers to strike on Friday\n\n" + "\n\n".join(RAIL),
                                    encoding="utf-8")
    code, out, _ = run(capsys, "collect", "--config", config)
    assert "4 input(s) in them left out" in out
    assert run(capsys, "build", "--since", "last", "--date", "2026-12-02", "--out",
               tmp_path / "out", "--config", config)[0] == 0
    doc = json.loads((tmp_path / "out" / "2026-12-02" / "briefing.json").read_text(
        encoding="utf-8"))
    assert doc["dropped"] == [] and [a["title"] for a in doc["articles"]] == [
        "Train drivers to strike on Friday"]
    code, out, _ = run(capsys, "status", "--config", config)
    assert "    4 input(s) left out at its last read:\n" in out and "giant.html" not in out


def test_a_version_4_store_gains_the_left_out_files_table(store_url):  # noqa: F811
    with Store(store_url) as store:
        store.record_left_out("Inbox", [("a.html", "not text (zip archive)")])
        with store.engine.begin() as connection:
            connection.execute(text("DROP TABLE left_out_files"))
            connection.execute(text("UPDATE briefing_schema SET value = '4'"))
    with Store(store_url) as store:
        assert store.left_out_files() == []
        store.record_left_out("Inbox", [("a.html", "not text (zip archive)")])
        assert [(f.source, f.path, f.reason) for f in store.left_out_files(["Inbox"])] == [
            ("Inbox", "a.html", "not text (zip archive)")]
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT value FROM briefing_schema")).scalar() == "5"


def test_status_shows_a_waiting_page_without_its_tracking_parameters(httpserver, config,  # noqa: F811
                                                                    capsys):
    u = httpserver.url_for
    httpserver.expect_request("/feed.rss").respond_with_data(
        rss([("Harbour wall", u("/harbour") + "?utm_source=rss&id=7")]),
        content_type="application/rss+xml")
    httpserver.expect_request("/harbour").respond_with_data("", status=500)
    config.write_text(CONFIG + f'\n[[sources]]\nname = "Harbour Times"\n'
                               f'url = "{u("/feed.rss")}"\n', encoding="utf-8")
    assert run(capsys, "collect", "--config", config)[0] == 1
    code, out, _ = run(capsys, "status", "--config", config)
    assert f"  {u('/harbour')}?id=7 (Harbour Times): " in out and "utm_source" not in out
