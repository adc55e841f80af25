"""The scheduler with a controllable clock: jobs fire as configured, a missed build runs
once on start, after the start-up collect (in the configured time zone, across a
daylight-saving change), and nothing already briefed is briefed again."""
import os
import signal
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.base import BaseScheduler

from briefing.config import Settings, SourceSettings
from briefing.schedule import BUILD_JOB_ID, COLLECT_JOB_ID, STARTUP_JOB_ID, make_scheduler
from briefing.store import Store

from .conftest import REPO
from .dbfixtures import store_url  # noqa: F401  (fixture)
from .webfixtures import FLOOD, HARBOUR, HARBOUR_FOLLOWUP, RAIL

DUBLIN = ZoneInfo("Europe/Dublin")


class SteppedScheduler(BaseScheduler):
    """Runs due jobs only when the test says so, at the time the test's clock shows."""

    def wakeup(self):
        pass

    def shutdown(self, wait=True):
        super().shutdown(wait)

    def step(self):
        self._process_jobs()


def at(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=DUBLIN)


@pytest.fixture
def settings(tmp_path):
    settings = Settings()
    (tmp_path / "inbox").mkdir()
    settings.sources = [SourceSettings(kind="folder", path=str(tmp_path / "inbox"), name="Inbox")]
    settings.schedule.timezone = "Europe/Dublin"
    settings.schedule.collect_every_minutes = 30
    settings.schedule.build_cron = "0 6 * * *"
    settings.render.formats = ["json"]
    settings.render.out_dir = str(tmp_path / "out")
    return settings


def drop(settings, name, title, paragraphs):
    path = os.path.join(settings.sources[0].path, name)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(title + "\n\n" + "\n\n".join(paragraphs) + "\n")


def start(settings, store, fired):
    scheduler = make_scheduler(settings, store, scheduler_class=SteppedScheduler,
                               executor=DebugExecutor())

    def record(event):
        assert event.code == EVENT_JOB_EXECUTED, event.exception
        fired.append((event.job_id, event.scheduled_run_time))
    scheduler.add_listener(record, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    scheduler.start()
    return scheduler


def test_collects_and_builds_fire_on_time_and_missed_builds_run_once(settings, store_url):  # noqa: F811
    store = Store(store_url, settings.store)
    fired = []
    with time_machine.travel(at(28, 5, 20), tick=False) as clock:
        scheduler = start(settings, store, fired)
        drop(settings, "harbour.txt", "Harbour wall to be rebuilt", HARBOUR)
        scheduler.step()
        clock.move_to(at(28, 5, 50))
        drop(settings, "rail.txt", "Train drivers to strike on Friday", RAIL)
        scheduler.step()
        clock.move_to(at(28, 6, 0))
        scheduler.step()
        scheduler.step()  # nothing more is due at 06:00
        assert fired == [(STARTUP_JOB_ID, at(28, 5, 20)), (COLLECT_JOB_ID, at(28, 5, 50)),
                         (BUILD_JOB_ID, at(28, 6, 0))]
        clock.move_to(at(28, 6, 10))
        scheduler.shutdown()

        # Asleep over the 29th's 06:00, the first morning of summer time; a new article
        # arrived meanwhile. On waking the start-up collect runs first, then the missed
        # build, which briefs the article that collect found.
        drop(settings, "flood.txt", "Roads flooded in the north-west", FLOOD)
        clock.move_to(at(29, 9, 0))
        fired.clear()
        scheduler = start(settings, store, fired)
        scheduler.step()
        assert fired == [(STARTUP_JOB_ID, at(29, 9, 0))]
        assert at(29, 6, 0).utcoffset().total_seconds() == 3600
        assert scheduler.get_job(BUILD_JOB_ID).next_run_time == at(30, 6, 0)
        scheduler.shutdown()
        assert [(r["date"], len(r["articles"])) for r in store.runs()][-1] == ("2026-03-29", 1)

        # Asleep over two 06:00s, with a new article: one build, not two.
        drop(settings, "delay.txt", "Harbour wall repairs delayed", HARBOUR_FOLLOWUP)
        clock.move_to(at(31, 9, 0))
        fired.clear()
        scheduler = start(settings, store, fired)
        scheduler.step()
        assert fired == [(STARTUP_JOB_ID, at(31, 9, 0))]
        assert scheduler.get_job(BUILD_JOB_ID).next_run_time == \
            datetime(2026, 4, 1, 6, tzinfo=DUBLIN)
        scheduler.shutdown()

    from briefing.schedule import failures
    assert failures() == []
    runs = store.runs()
    assert [(r["date"], len(r["articles"])) for r in runs] == [("2026-03-28", 2),
                                                               ("2026-03-29", 1),
                                                               ("2026-03-31", 1)]
    first, second, third = (set(r["articles"]) for r in runs)
    assert not first & second and not (first | second) & third
    texts = {a.id: a.content.text for a in store.articles(ids=sorted(first | second))}
    assert [texts[i].split("\n")[0] for i in second] == ["Roads flooded in the north-west"]
    assert [r["name"] for r in _editions(settings)] == ["2026-03-31", "2026-03-29",
                                                        "2026-03-28"]
    store.close()


def _editions(settings):
    from briefing.editions import index_entries
    return [{"name": e.name} for e in index_entries(settings.render.out_dir)]


def test_a_changed_build_time_replaces_the_stored_one(settings, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'jobs.db'}", settings.store)
    with time_machine.travel(at(28, 5, 0), tick=False):
        scheduler = start(settings, store, [])
        assert scheduler.get_job(BUILD_JOB_ID).next_run_time == at(28, 6, 0)
        scheduler.shutdown()
        settings.schedule.build_cron = "30 7 * * 1-5"
        scheduler = start(settings, store, [])
        assert scheduler.get_job(BUILD_JOB_ID).next_run_time == at(30, 7, 30)  # Monday
        assert {job.id for job in scheduler.get_jobs()} == {STARTUP_JOB_ID, COLLECT_JOB_ID,
                                                            BUILD_JOB_ID}
        scheduler.shutdown()
    store.close()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_schedule_runs_in_the_foreground_and_stops_cleanly_on_a_signal(tmp_path, signum):
    (tmp_path / "inbox").mkdir()
    config = tmp_path / "briefing.toml"
    config.write_text('[schedule]\nbuild_cron = "0 6 * * *"\n'
                      '[[sources]]\nkind = "folder"\npath = "inbox"\n', encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "briefing", "schedule", "--config",
                              str(config)], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
                             stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        lines = []
        for line in child.stderr:  # wait for the first collect to finish
            lines.append(line)
            if "collect:" in line:
                break
        child.send_signal(signum)
        _, rest = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    log = "".join(lines) + rest
    assert child.returncode == 0, log
    assert "scheduler started" in log and "scheduler stopped" in log
    assert "next build (after the start-up collect): " in log
    assert " 06:00 " in log  # 0 6 * * *, on the reader's clock
    assert "next collect (after the start-up collect): " in log
    assert signal.Signals(signum).name in log
    assert (tmp_path / "data" / "briefing.db").exists()
