"""Run collection and the daily build on a schedule (APScheduler 3).

Two jobs with fixed ids: ``briefing-collect`` every ``collect_every_minutes``, and
``briefing-build`` on the ``build_cron`` expression in the configured time zone (so 06:00
stays 06:00 across daylight-saving changes). Jobs live in a SQLAlchemy job store in the
same database as the articles, so the schedule survives restarts. ``coalesce`` and a
misfire grace time make a build missed while the machine slept run once on waking, not
once per missed day; the build's pending run time is kept across restarts (an unchanged
trigger is not reset), which is what lets that missed build be seen at all.

The job store records *what* runs and *when*; *with what* (settings, store) is the
running process's, set by :func:`make_scheduler`, so jobs pickle as bare references.
"""
from __future__ import annotations

import logging
import os
import signal
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from apscheduler.util import undefined

from .collector import collect
from .config import Settings, cron_fields
from .pipeline import run_scheduled_build
from .records import Progress
from .store import Store

log = logging.getLogger("briefing.schedule")

COLLECT_JOB_ID = "briefing-collect"
BUILD_JOB_ID = "briefing-build"
JOB_TABLE = "briefing_jobs"


@dataclass
class _Runtime:
    settings: Settings
    store: Store
    progress: Progress


_runtime: _Runtime | None = None


def _current() -> _Runtime:
    if _runtime is None:
        raise RuntimeError("a briefing job ran outside a scheduler made by make_scheduler()")
    return _runtime


def collect_job() -> None:
    """The scheduled collect: every source once, then every pending page."""
    runtime = _current()
    collect(runtime.settings, runtime.store, runtime.progress)


def build_job() -> None:
    """The scheduled build: a briefing of everything new since the last one."""
    runtime = _current()
    written = run_scheduled_build(runtime.settings, runtime.store, runtime.progress)
    if written:
        log.info("briefing written: %s", ", ".join(str(p) for p in written.values()))


def triggers(settings: Settings) -> tuple[IntervalTrigger, CronTrigger]:
    zone = ZoneInfo(settings.schedule.timezone)
    return (IntervalTrigger(minutes=settings.schedule.collect_every_minutes, timezone=zone),
            CronTrigger(**cron_fields(settings.schedule.build_cron), timezone=zone))


def make_scheduler(settings: Settings, store: Store, *,
                   scheduler_class: type[BaseScheduler] = BlockingScheduler,
                   executor: Any = None, progress: Progress | None = None) -> BaseScheduler:
    """A scheduler holding the two jobs, not yet started.

    The collect job runs at start and then every interval. The build job keeps the run
    time stored from before a restart when its trigger is unchanged, so a build missed
    while the scheduler was down runs (once) as soon as it starts again.
    """
    global _runtime
    _runtime = _Runtime(settings, store, progress or (lambda step: log.info(step)))
    zone = ZoneInfo(settings.schedule.timezone)
    scheduler = scheduler_class(
        jobstores={"default": SQLAlchemyJobStore(engine=store.engine, tablename=JOB_TABLE)},
        executors={"default": executor or ThreadPoolExecutor(max_workers=1)},
        job_defaults={"coalesce": True, "max_instances": 1,
                      "misfire_grace_time": settings.schedule.misfire_grace_minutes * 60},
        timezone=zone)
    collect_trigger, build_trigger = triggers(settings)
    kept = _stored_next_run(scheduler, store, BUILD_JOB_ID, build_trigger)
    scheduler.add_job(collect_job, collect_trigger, id=COLLECT_JOB_ID, name="collect",
                      replace_existing=True, next_run_time=datetime.now(zone))
    scheduler.add_job(build_job, build_trigger, id=BUILD_JOB_ID, name="build",
                      replace_existing=True, next_run_time=kept)
    return scheduler


def _stored_next_run(scheduler: BaseScheduler, store: Store, job_id: str, trigger: Any) -> Any:
    """The stored job's next run time if its trigger is the same as ``trigger``."""
    probe = SQLAlchemyJobStore(engine=store.engine, tablename=JOB_TABLE)
    probe.start(scheduler, "probe")
    try:
        stored = probe.lookup_job(job_id)
    except LookupError:  # a job whose function no longer imports
        log.warning("stored job %s cannot be read; it is replaced", job_id)
        return undefined
    if stored is None or stored.next_run_time is None or repr(stored.trigger) != repr(trigger):
        return undefined
    return stored.next_run_time


def run_foreground(settings: Settings, store: Store) -> int:
    """Run the scheduler until SIGINT or SIGTERM. The first signal lets a running job
    finish (a collect or build stopped halfway is safe, but a finished one is better);
    a second stops at once."""
    scheduler = make_scheduler(settings, store)
    signals_seen = 0

    def on_signal(signum: int, _frame: Any) -> None:
        nonlocal signals_seen
        signals_seen += 1
        name = signal.Signals(signum).name
        if signals_seen > 1:
            log.warning("%s again: stopping now", name)
            os._exit(128 + signum)
        log.info("%s: stopping after the running job, if any (send it again to stop at once)",
                 name)
        scheduler.shutdown(wait=False)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    log.info("scheduler started: collect every %d min; build at '%s' %s",
             settings.schedule.collect_every_minutes, settings.schedule.build_cron,
             settings.schedule.timezone)
    try:
        scheduler.start()  # blocks until shutdown
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("scheduler stopped")
    return 0
