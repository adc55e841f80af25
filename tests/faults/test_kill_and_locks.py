"""A real build SIGKILLed mid-render, locks on the output folder and the store, a stale
lock taken over, a killed run marked failed, two builds at once, and a collect stopped by
SIGTERM or Ctrl-C."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from briefing.locks import FileLock, out_dir_lock
from briefing.store import Store, database_url
from briefing.config import StoreSettings

from .conftest import (briefing_process, cli, digest, run_briefing, stalling_page,
                       write_articles)

DAY = "2026-11-27"


def _store(project) -> Store:
    return Store(database_url(StoreSettings(data_dir=str(project / "data"))))


def test_sigkill_mid_render_leaves_the_last_edition_and_the_next_build_recovers(project,
                                                                              capsys):
    assert cli(["collect"], capsys)[0] == 0
    assert cli(["build", "--since", "last", "--date", DAY], capsys)[0] == 0
    out = project / "out"
    before = digest(out)
    write_articles(project / "inbox", "flood.txt")
    assert cli(["collect"], capsys)[0] == 0

    child = briefing_process(["build", "--since", "last", "--date", DAY, "--formats",
                              "html,pdf,md,json"], project, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not list(out.glob(".edition-*")) and child.poll() is None:
            assert time.monotonic() < deadline, "the build never started rendering"
            time.sleep(0.005)
        child.send_signal(signal.SIGKILL)  # the edition's temporary folder exists: rendering
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    after = digest(out)
    assert {k: v for k, v in after.items() if not k.startswith(".edition-")} == before
    assert not (out / f"{DAY}-2").exists()
    assert os.readlink(out / "latest") == DAY
    with _store(project) as store:
        assert [r["status"] for r in store.runs()] == ["done", "running"]

    # The next build takes both stale locks over, marks the killed run failed, removes
    # the half-rendered folder and briefs the article the killed build did not publish.
    done = run_briefing(["build", "--since", "last", "--date", DAY], project)
    assert done.returncode == 0, done.stderr
    assert f"taking over the lock on the output folder {out} left by pid {child.pid}" \
        in done.stderr
    assert f"left by pid {child.pid}" in done.stderr.split("the store")[1]
    assert "never finished; marked failed" in done.stderr
    assert digest(out / DAY) == {k.removeprefix(f"{DAY}/"): v for k, v in before.items()
                                 if k.startswith(f"{DAY}/")}
    assert not list(out.glob(".edition-*"))
    doc = json.loads((out / f"{DAY}-2" / "briefing.json").read_text(encoding="utf-8"))
    assert [a["title"] for a in doc["articles"]] == ["Roads flooded in the north-west"]
    with _store(project) as store:
        runs = store.runs()
    assert [r["status"] for r in runs] == ["done", "failed", "done"]
    assert runs[1]["error"].startswith("abandoned: the build started")


def test_a_build_into_a_locked_out_dir_refuses_naming_the_holder(project, capsys):
    lock = out_dir_lock(project / "out").acquire()
    try:
        code, _, err = cli(["build", "inbox"], capsys)
        assert code == 3
        assert err.startswith(f"briefing: error: the output folder {project / 'out'} is in "
                              f"use by pid {os.getpid()} on ")
        assert ", started 20" in err and "pass --wait SECONDS" in err
        assert "parsing" not in err
        code, _, err = cli(["build", "inbox", "--wait", "0.3"], capsys)
        assert code == 3 and "after waiting 0.3 s" in err
    finally:
        lock.release()
    assert not [p for p in (project / "out").iterdir() if p.name.startswith("20")]


def test_a_build_waits_for_the_holder_with_wait(project, capsys):
    lock = out_dir_lock(project / "out").acquire()
    threading.Timer(1.0, lock.release).start()
    code, out, err = cli(["build", "inbox", "--date", DAY, "--wait", "60"], capsys)
    assert code == 0, err
    assert f"waiting up to 60 s for the output folder {project / 'out'}, in use by pid" in err
    assert (project / "out" / DAY / "briefing.md").exists()


def test_a_collect_refuses_while_another_process_uses_the_store(project, capsys):
    assert cli(["collect"], capsys)[0] == 0
    lock = FileLock(project / "data" / "briefing.db.lock", "held").acquire()
    try:
        code, _, err = cli(["collect"], capsys)
    finally:
        lock.release()
    assert code == 3
    assert f"briefing: error: the store {project / 'data' / 'briefing.db'} is in use by pid " \
           f"{os.getpid()}" in err


def test_two_builds_since_last_at_once_brief_each_article_once(project, capsys):
    assert cli(["collect"], capsys)[0] == 0
    argv = ["build", "--since", "last", "--wait", "120"]
    children = [briefing_process(argv, project, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE) for _ in range(2)]
    results = [child.communicate(timeout=180) for child in children]
    assert [child.returncode for child in children] == [0, 0], results
    outs = sorted(out for out, _ in results)
    assert outs[0].startswith("Briefing for ") and "2 stories from 2 articles" in outs[0]
    assert outs[1].startswith("Nothing new in the store since last")
    assert any("waiting up to 120 s for the store" in err for _, err in results)
    with _store(project) as store:
        runs = store.runs()
        assert [(r["status"], len(r["articles"])) for r in runs] == [("done", 2)]
        assert len(store.story_ids()) == 2
    assert len([p for p in (project / "out").iterdir() if p.name.startswith("20")]) == 1


def test_check_names_a_running_holder_and_not_a_killed_one(project, capsys):
    lock = out_dir_lock(project / "out").acquire()
    try:
        code, out, _ = cli(["check"], capsys)
        assert f"output folder {project / 'out'}: a build is running (pid {os.getpid()} on " \
            in out
    finally:
        lock.release()
    holder = project / "out" / ".briefing.lock"  # what a killed holder leaves behind
    holder.write_text('{"pid": 999999, "host": "h", "command": "briefing build", '
                      '"since": "2026-11-27 06:00:00 UTC"}')
    code, out, _ = cli(["check"], capsys)
    assert code == 0 and "a build is running" not in out


def test_a_failed_first_build_leaves_no_output_folder_behind(project, capsys):
    code, _, err = cli(["build", "no-such-folder"], capsys)
    assert code == 2 and "input path not found: no-such-folder" in err
    assert cli(["build", "no-such-folder", "--out", "new/out"], capsys)[0] == 2
    assert not (project / "out").exists() and not (project / "new").exists()
    assert cli(["check"], capsys)[0] == 0
    assert not (project / "out").exists()
    # an output folder that was there stays, with what it holds
    assert cli(["build", "inbox", "--date", DAY], capsys)[0] == 0
    assert cli(["build", "no-such-folder"], capsys)[0] == 2
    assert (project / "out" / DAY / "briefing.md").exists()


def test_a_waiter_on_a_discarded_lock_holds_the_lock_at_its_path(tmp_path):
    from briefing.locks import LockHeld
    path = tmp_path / "out" / ".briefing.lock"
    first = FileLock(path, "the output folder out").acquire()
    waiter = FileLock(path, "the output folder out")
    taken = threading.Event()

    def wait_for_it():
        waiter.acquire(wait=30)
        taken.set()
    thread = threading.Thread(target=wait_for_it)
    thread.start()
    time.sleep(0.5)  # the waiter has opened the file and polls its lock
    first.discard()
    thread.join(30)
    assert taken.is_set() and path.exists()
    try:
        with pytest.raises(LockHeld, match="the output folder out is in use by pid"):
            FileLock(path, "the output folder out").acquire()  # one holder, not two
    finally:
        waiter.release()


def test_a_lock_that_cannot_be_made_names_its_folder_and_setting():
    from briefing.locks import LockPlaceError
    lock = FileLock(Path("/proc/briefing-test/x.lock"), "the store x", "store.data_dir")
    with pytest.raises(LockPlaceError, match=re.escape(
            "cannot make the folder /proc/briefing-test for the store x: No such file or "
            "directory (check store.data_dir)")):
        lock.acquire()


@pytest.mark.parametrize("stop, status, said", [
    (signal.SIGTERM, 143, "briefing: terminated (SIGTERM)"),
    (signal.SIGINT, 130, "briefing: interrupted")], ids=["SIGTERM", "Ctrl-C"])
def test_a_signal_stops_a_collect_at_once_saying_so_and_releases_its_lock(
        project, httpserver, stop, status, said):
    """One SIGTERM, as one Ctrl-C, stops a collect where it stands (every change is a
    short transaction) with one line on stderr and the store's lock released, so the next
    collect has nothing to take over and reads the page the stopped one was reading."""
    reached, release = stalling_page(httpserver)
    # the page stalls until released: the fetch must outlast the signal's delivery on a
    # loaded machine (at 3 s it once timed out first, and the collect failed with 3)
    (project / "briefing.toml").write_text(
        "[fetch]\nretries = 0\nper_host_delay = 0\ntimeout = 30\n"
        f'[[sources]]\nkind = "page"\nurl = "{httpserver.url_for("/story")}"\n',
        encoding="utf-8")
    child = briefing_process(["collect"], project, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        assert reached.wait(120), "the collect never fetched the page"
        child.send_signal(stop)
        _, err = child.communicate(timeout=30)
    finally:
        release.set()
        if child.poll() is None:
            child.kill()
    assert child.returncode == status, err
    assert err.splitlines()[-1] == said, err
    assert "Traceback" not in err, err
    again = run_briefing(["collect"], project)
    assert again.returncode == 0, again.stderr
    assert "taking over the lock" not in again.stderr
    assert "Collected: 1 new article(s)" in again.stdout
