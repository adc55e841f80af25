"""A 0-byte or damaged store is refused with the way back; backups and restore; exit
codes of collect when some or every source fails; the codes documented in --help."""
from __future__ import annotations

import sqlite3

import pytest

from briefing.config import StoreSettings
from briefing.store import Store, database_url

from .conftest import cli, run_briefing


def _counts(project):
    with Store(database_url(StoreSettings(data_dir=str(project / "data")))) as store:
        return store.counts()


def test_a_zero_byte_store_is_refused_never_replaced(project, capsys):
    db = project / "data" / "briefing.db"
    db.parent.mkdir()
    db.write_bytes(b"")
    for argv in (["collect"], ["build", "--since", "last"], ["deliver"]):
        code, _, err = cli(argv, capsys)
        assert code == 3, argv
        assert err == (f"briefing: error: the store {db} is empty (0 bytes), so every article "
                       f"and run it held is gone; it was left as it is: no backup found in "
                       f"{db.parent / 'backups'}; restore one of your own, or move briefing.db "
                       "away to start an empty store (README: 'When something goes wrong')\n")
        assert db.stat().st_size == 0


def test_a_damaged_store_is_refused_and_a_backup_restores_it(project, capsys):
    assert cli(["collect"], capsys)[0] == 0
    code, out, _ = cli(["store", "backup"], capsys)
    assert code == 0
    backup = project / "data" / "backups" / out.split("/backups/")[1].strip()
    assert backup.name.startswith("briefing-") and backup.suffix == ".db"
    articles = _counts(project)["articles"]
    assert articles == 2

    db = project / "data" / "briefing.db"
    size = db.stat().st_size
    with open(db, "r+b") as handle:  # scribble over every page but the first
        handle.seek(4096)
        handle.write(b"\xa5" * (size - 4096))
    code, out, _ = cli(["check"], capsys)
    assert code == 1 and f"FAIL  store: the store {db} is damaged (" in out
    for argv in (["build", "--since", "last"], ["collect"]):
        code, _, err = cli(argv, capsys)
        assert code == 3, argv
        assert err.startswith(f"briefing: error: the store {db} is damaged (") or \
            f"briefing: error: the store {db} is damaged (" in err, err
        assert f"restore the newest backup with `briefing store restore {backup}`" in err
        assert "Traceback" not in err and err.count("\n") <= 2

    code, out, _ = cli(["store", "restore", str(backup)], capsys)
    assert code == 0 and f"Restored {backup} to {db}; the replaced file is kept as" in out
    assert list(db.parent.glob("briefing.db.replaced-*"))
    assert _counts(project)["articles"] == articles
    assert cli(["build", "--since", "last"], capsys)[0] == 0


def test_backups_keep_the_newest_and_a_damaged_backup_is_not_restored(project, capsys):
    assert cli(["collect"], capsys)[0] == 0
    made = []
    for _ in range(3):
        code, out, _ = cli(["store", "backup", "--keep", "2"], capsys)
        assert code == 0
        made.append(out.rsplit(" ", 1)[1].strip())
    kept = sorted(p.name for p in (project / "data" / "backups").glob("briefing-*.db"))
    assert len(kept) == 2 and kept == sorted(p.rsplit("/", 1)[1] for p in made[1:])
    with sqlite3.connect(made[-1]) as connection:
        assert connection.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    bad = project / "bad.db"
    bad.write_bytes(b"not a database at all")
    code, _, err = cli(["store", "restore", str(bad)], capsys)
    assert code == 3 and f"{bad} is not a SQLite database; pick another backup" in err
    assert _counts(project)["articles"] == 2
    missing = project / "nope.db"
    code, out, err = cli(["store", "restore", str(missing)], capsys)
    assert (code, out) == (2, "")
    assert err == f"briefing: error: {missing}: no such file; the newest backup is {made[-1]}\n"
    code, _, err = cli(["store", "restore", str(project)], capsys)
    assert code == 2 and err == (f"briefing: error: {project}: is a folder, not a backup file; "
                                 f"the newest backup is {made[-1]}\n")
    assert _counts(project)["articles"] == 2


def test_collect_exit_codes_tell_cron_about_dead_feeds(project, capsys, httpserver):
    httpserver.expect_request("/gone.xml").respond_with_data("no", status=404)
    dead = httpserver.url_for("/gone.xml")
    config = project / "briefing.toml"
    fetch = "[fetch]\nretries = 0\nper_host_delay = 0\n"
    config.write_text(fetch + f'[[sources]]\nkind = "feed"\nurl = "{dead}"\n'
                      f'[[sources]]\nkind = "folder"\npath = "nowhere"\n', encoding="utf-8")
    code, out, err = cli(["collect"], capsys)
    assert code == 3
    assert "briefing: error: every source failed; nothing was collected" in err
    assert f"feeds: 0 updated, 0 unchanged, 1 failed ({dead})" in out
    assert f"folders: 0 read, 1 failed ({project / 'nowhere'})" in out

    config.write_text(fetch + f'[[sources]]\nkind = "feed"\nurl = "{dead}"\n'
                      f'[[sources]]\nkind = "folder"\npath = "inbox"\n', encoding="utf-8")
    code, out, _ = cli(["collect"], capsys)
    assert code == 1 and "2 new article(s)" in out and "1 failed" in out
    config.write_text('[[sources]]\nkind = "folder"\npath = "inbox"\n', encoding="utf-8")
    assert cli(["collect"], capsys)[0] == 0  # nothing new is not a failure


@pytest.mark.parametrize("command", ["build", "collect", "retry", "sources", "deliver",
                                     "schedule", "check"])
def test_exit_codes_are_in_each_commands_help_in_short_and_in_full_in_the_programs(
        command, capsys):
    code, shown, _ = cli([command, "--help"], capsys)
    assert code == 0
    assert ("exit status: 0 all good; 1 done, with failures; 2 usage or configuration error;\n"
            "  3 nothing could be done; 130 / 143 Ctrl-C / SIGTERM;") in shown
    assert "`briefing --help` says what each means" in shown
    assert "  3  nothing could be done" not in shown  # the full table once, not per command
    code, shown, _ = cli(["--help"], capsys)
    assert code == 0
    assert ("exit status (build, collect, retry, status, sources, deliver, check, schedule, "
            "store):") in shown
    for line in ("  0  all good", "  1  done, with failures", "  2  usage or configuration error",
                 "  3  nothing could be done: every source failed"):
        assert line in shown, line


def test_the_programs_help_shows_the_way_from_nothing_to_a_daily_briefing(capsys):
    code, shown, _ = cli(["--help"], capsys)
    steps = [line.split()[:3] for line in shown.split("getting started:\n", 1)[1]
             .split("\n\n", 1)[0].splitlines() if line.startswith("  briefing ")]
    assert code == 0 and [s[1] for s in steps] == ["build", "init", "collect", "build",
                                                   "check", "schedule"]


def test_a_config_error_is_exit_2_and_names_the_key(project, capsys):
    (project / "briefing.toml").write_text("[delivery]\nmax_attempts = 0\n", encoding="utf-8")
    code, _, err = cli(["collect"], capsys)
    assert code == 2
    assert err == ("briefing: error: briefing.toml: 'delivery.max_attempts' must be between "
                   "1 and 100, got 0\n")


def test_a_store_folder_that_cannot_be_made_names_the_setting(project, capsys):
    """A data_dir where no folder can be made (under /proc, even for root): one line
    naming the folder and store.data_dir, exit 3, nothing collected."""
    with open(project / "briefing.toml", "a", encoding="utf-8") as config:
        config.write('[store]\ndata_dir = "/proc/briefing-test/data"\n')
    code, out, err = cli(["collect"], capsys)
    assert (code, out) == (3, "")
    assert err.endswith("briefing: error: cannot make the store's folder "
                        "/proc/briefing-test/data: No such file or directory "
                        "(check store.data_dir)\n")


def test_build_without_a_path_where_there_is_no_seeds_folder_says_what_to_give(project,
                                                                               capsys):
    code, out, err = cli(["build"], capsys)
    assert (code, out) == (2, "")
    assert err == ("briefing: error: no PATH given and there is no seeds/ folder here to build "
                   "from: give the articles' files or folders (`briefing build PATH ...`), or "
                   "build from the store with `briefing build --since last`\n")
    assert not (project / "out").exists()


def test_restore_refuses_while_a_scheduler_has_the_store_open(project, capsys):
    from briefing.store.locking import sqlite_lock
    assert cli(["collect"], capsys)[0] == 0
    backup = cli(["store", "backup"], capsys)[1].rsplit(" ", 1)[1].strip()
    db = project / "data" / "briefing.db"
    before = db.read_bytes()
    held = sqlite_lock(db, "scheduler").acquire()
    try:
        code, _, err = cli(["store", "restore", backup], capsys)
    finally:
        held.release()
    assert code == 3 and f"the scheduler of the store {db} is in use by pid" in err
    assert db.read_bytes() == before


def test_a_feed_read_in_part_is_counted_named_and_exit_1_for_collect_and_status(
        project, capsys, httpserver):
    from ..test_feeds import broken_rss
    from ..webfixtures import HARBOUR, RAIL, article_html

    u = httpserver.url_for
    httpserver.expect_request("/rss").respond_with_data(
        broken_rss(u("/harbour"), u("/rail")), content_type="application/rss+xml")
    for path, title, paragraphs in (("/harbour", "Harbour wall to be rebuilt", HARBOUR),
                                    ("/rail", "Train drivers to strike on Friday", RAIL)):
        httpserver.expect_request(path).respond_with_data(
            article_html(title, paragraphs), content_type="text/html; charset=utf-8")
    (project / "briefing.toml").write_text(
        "[fetch]\nretries = 0\nper_host_delay = 0\nobey_robots = false\n"
        f'[[sources]]\nkind = "feed"\nurl = "{u("/rss")}"\nname = "Harbour Herald"\n',
        encoding="utf-8")
    code, out, err = cli(["collect"], capsys)
    assert "not a well-formed RSS or Atom feed" in err
    assert ("feeds: 0 updated, 1 read in part (Harbour Herald), 0 unchanged, 0 failed"
            in out)
    assert code == 1
    code, out, _ = cli(["status"], capsys)
    assert "read in part: " in out and code == 1


@pytest.mark.parametrize("argv", [["build", "--bogus"], ["store", "backup", "--bogus"],
                                  ["status", "extra"]], ids=["build", "store backup", "status"])
def test_an_unknown_argument_is_a_usage_error_of_its_own_command(argv, capsys):
    command = " ".join(argv[:-1])
    code, _, err = cli(argv, capsys)
    assert code == 2
    assert err.startswith(f"usage: briefing {command} [-h]")
    assert err.splitlines()[-1] == (f"briefing {command}: error: unrecognized arguments: "
                                    f"{argv[-1]}")


def test_quiet_runs_print_nothing_when_all_went_well_and_the_problem_when_not(project):
    """Cron mails whatever a job prints: with -q a good night mails nothing."""
    collected = run_briefing(["collect", "-q"], project)
    assert (collected.returncode, collected.stdout, collected.stderr) == (0, "", "")
    built = run_briefing(["build", "--since", "last", "-q"], project)
    assert (built.returncode, built.stdout, built.stderr) == (0, "", "")
    assert (project / "out" / "latest" / "briefing.md").is_file()
    (project / "briefing.toml").write_text(
        (project / "briefing.toml").read_text()
        + '[[sources]]\nkind = "folder"\npath = "gone"\nname = "Gone"\n', encoding="utf-8")
    failing = run_briefing(["collect", "-q"], project)
    assert failing.returncode == 1 and failing.stdout == ""
    lines = failing.stderr.splitlines()
    assert len(lines) == 1 and "ERROR" in lines[0] and str(project / "gone") in lines[0]
    both = run_briefing(["collect", "-q", "-v"], project)
    assert both.returncode == 2 and "not allowed with argument -q/--quiet" in both.stderr


def test_a_mistyped_command_is_exit_2_naming_the_command_it_is_closest_to(capsys):
    code, _, err = cli(["buld", "--since", "last"], capsys)
    assert code == 2 and err.endswith("briefing: error: no command 'buld'; did you mean "
                                      "'build'?\n")
    code, _, err = cli(["xyzzy"], capsys)
    assert code == 2 and err.endswith("no command 'xyzzy'; `briefing --help` lists the "
                                      "commands\n")


def test_check_fails_a_folder_source_that_is_missing_before_a_collect_does(project, capsys):
    config = project / "briefing.toml"
    config.write_text(config.read_text() + '[[sources]]\nkind = "folder"\npath = "gone"\n'
                      'name = "Gone"\n', encoding="utf-8")
    code, out, _ = cli(["check"], capsys)
    assert "ok    source Inbox: folder\n" in out
    assert (f"FAIL  source Gone: folder: {project / 'gone'} does not exist (create it, or "
            f"fix the source's path)\n") in out
    assert code == 1


def test_check_says_what_to_do_about_an_output_folder_that_cannot_be_made(project, capsys):
    (project / "blocker").write_text("a file", encoding="utf-8")
    config = project / "briefing.toml"
    config.write_text(config.read_text().replace(
        '[render]\n', '[render]\nout_dir = "blocker/out"\n'), encoding="utf-8")
    code, out, _ = cli(["check"], capsys)
    line = next(x for x in out.splitlines() if x.startswith("FAIL  output folder"))
    assert line.endswith("pass another --out, or set render.out_dir")
    assert "was not published" not in line and code == 1


def test_a_file_left_out_is_warned_of_once_not_at_every_collect(project):
    """Cron mails every warning: an empty file in the folder is news once, then
    ``briefing status`` keeps listing it."""
    (project / "inbox" / "empty.txt").write_text("", encoding="utf-8")
    first = run_briefing(["collect", "-q"], project)
    assert first.returncode == 0 and first.stdout == ""
    assert [line.split("WARNING: ", 1)[1] for line in first.stderr.splitlines()] == [
        f"skipping {project / 'inbox' / 'empty.txt'}: empty: no text in it"]
    again = run_briefing(["collect", "-q"], project)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    status = run_briefing(["status"], project)
    assert "empty.txt: empty: no text in it" in status.stdout
    (project / "inbox" / "empty.txt").write_bytes(b"\x00\x01\x02" * 400)  # now binary
    changed = run_briefing(["collect", "-q"], project)
    assert "WARNING: skipping" in changed.stderr and "empty.txt" in changed.stderr


def test_a_mistyped_option_is_exit_2_naming_the_option_it_is_closest_to(capsys):
    code, _, err = cli(["build", "--sinse", "last"], capsys)
    assert code == 2 and err.endswith("briefing build: error: unrecognized arguments: --sinse; "
                                      "did you mean --since?\n")


@pytest.mark.parametrize("value, reason", [
    ("2026-13-01", "no such day: '2026-13-01' (month must be in 1..12)"),
    ("1-12-2026", "not a date in YYYY-MM-DD form: '1-12-2026'")])
def test_a_wrong_date_says_whether_its_form_or_its_day_is_wrong(value, reason, capsys):
    code, _, err = cli(["build", "--date", value], capsys)
    assert code == 2 and err.endswith(f"argument --date: {reason}\n")


def test_a_build_with_an_input_it_cannot_read_is_done_with_failures(project, capsys):
    """A malformed JSON file is a fault to mend (exit 1, named), unlike a stub or an empty
    file, which a folder of pages always holds (exit 0); the briefing is built either way."""
    (project / "inbox" / "empty.txt").write_text("", encoding="utf-8")
    code, _, err = cli(["build", "inbox", "--date", "2026-03-04"], capsys)
    assert code == 0, err
    (project / "inbox" / "bad.json").write_text('{"title": "A",\n  "text": }', encoding="utf-8")
    code, out, err = cli(["build", "inbox", "--date", "2026-03-04"], capsys)
    assert code == 1
    assert "Briefing for 2026-03-04: 2 stories from 2 articles" in out
    assert "1 input could not be read and is left out (named above): bad.json" in err
