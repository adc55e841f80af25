"""Run collection and the daily build on a schedule (APScheduler 3).

Three jobs with fixed ids: ``briefing-startup`` once at start (a collect, then the
catch-up build when one was missed), ``briefing-collect`` every
``collect_every_minutes``, and ``briefing-build`` on the ``build_cron`` expression in the
configured time zone (so 06:00 stays 06:00 across daylight-saving changes). Jobs live in a
SQLAlchemy job store in the same database as the articles, so the schedule survives
restarts. The build's pending run time is kept across restarts (an unchanged trigger is
not reset), which is what lets a build missed while the machine slept be seen at all: it
runs once on waking (within ``misfire_grace_minutes``), not once per missed day, and after
the start-up collect, so it briefs what arrived meanwhile.

Each job takes the store's lock (and a build the output folder's), waiting up to
``schedule.lock_wait_seconds`` for a ``briefing collect`` or ``build`` run by cron or by
hand. A job that fails is logged with its reason and counted: ``briefing schedule``
then exits 1. After each build the store is backed up, keeping ``store.keep_backups``.

The job store records *what* runs and *when*; *with what* (settings, store) is the
running process's, set by :func:`make_scheduler`, so jobs pickle as bare references.
"""
from __future__ import annotations

import logging
import os
import signal
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger
from apscheduler.util import undefined

from .collector import collect
from .config import Settings, cron_fields
from .locks import LockHeld, out_dir_lock
from .records import Progress
from .store import Store, StoreError
from .times import clock_text

log = logging.getLogger("briefing.schedule")

STARTUP_JOB_ID = "briefing-startup"
COLLECT_JOB_ID = "briefing-collect"
BUILD_JOB_ID = "briefing-build"
JOB_TABLE = "briefing_jobs"
#: most missed fire times looked through to find the latest one
_MAX_MISSED = 10_000


@dataclass
class _Runtime:
    settings: Settings
    store: Store
    progress: Progress
    #: the job under way ("collect", "build"), for the message on Ctrl-C
    running: str | None = None
    #: each failed job's one-line reason, in order
    failures: list[str] = field(default_factory=list)


_runtime: _Runtime | None = None


def _current() -> _Runtime:
    if _runtime is None:
        raise RuntimeError("a briefing job ran outside a scheduler made by make_scheduler()")
    return _runtime


def _run(name: str, work: Callable[[_Runtime], str | None], *, out_dir: bool = False) -> None:
    """Run one job's ``work`` holding the store's lock (and the output folder's): a
    failure, or a partial one (``work`` returns its reason), is logged and counted."""
    runtime = _current()
    wait = runtime.settings.schedule.lock_wait_seconds
    runtime.running = name
    try:
        with ExitStack() as stack:
            stack.enter_context(runtime.store.lock().holding(wait, on_wait=log.info))
            runtime.store.fail_abandoned_runs()
            if out_dir:
                folder = out_dir_lock(Path(runtime.settings.render.out_dir))
                stack.enter_context(folder.holding(wait, on_wait=log.info))
            problem = work(runtime)
    except Exception as exc:  # noqa: BLE001 - a job's failure must not stop the scheduler
        problem = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    finally:
        runtime.running = None
    if problem:
        runtime.failures.append(f"{name}: {problem}")
        log.error("%s job failed: %s", name, problem)


def _collect(runtime: _Runtime) -> str | None:
    report = collect(runtime.settings, runtime.store, runtime.progress)
    if report.nothing_worked:
        return "every source failed; nothing was collected"
    return report.trouble()


def _build(runtime: _Runtime) -> str | None:
    from .pipeline import run_scheduled_build  # spaCy and sumy: not for `briefing status`

    written, report = run_scheduled_build(runtime.settings, runtime.store, runtime.progress)
    if written:
        log.info("briefing written: %s", ", ".join(str(p) for p in written.values()))
    keep = runtime.settings.store.keep_backups
    if keep and runtime.store.path is not None:
        from .store.backup import backup_store
        try:
            log.info("store backed up to %s", backup_store(runtime.store, keep=keep))
        except StoreError as exc:
            return str(exc)
    if report is not None and not report.ok:
        return "not delivered to " + ", ".join(report.failed)
    return None


def collect_job() -> None:
    """The scheduled collect: every source once, then every pending page."""
    _run("collect", _collect)


def build_job() -> None:
    """The scheduled build: a briefing of everything new since the last one, delivered."""
    _run("build", _build, out_dir=True)


def startup_job(catch_up: str | None = None) -> None:
    """At start: collect, then (when a build was missed while the scheduler was down,
    ``catch_up`` saying when it was due) that build, once."""
    _run("start-up collect", _collect)
    if catch_up:
        log.info("catching up the build missed at %s", catch_up)
        _run("catch-up build", _build, out_dir=True)


def failures() -> list[str]:
    """The failed jobs of the running scheduler, each with its reason."""
    return list(_current().failures)


def triggers(settings: Settings) -> tuple[IntervalTrigger, CronTrigger]:
    zone = ZoneInfo(settings.schedule.timezone)
    return (IntervalTrigger(minutes=settings.schedule.collect_every_minutes, timezone=zone),
            CronTrigger(**cron_fields(settings.schedule.build_cron), timezone=zone))


def make_scheduler(settings: Settings, store: Store, *,
                   scheduler_class: type[BaseScheduler] = BlockingScheduler,
                   executor: Any = None, progress: Progress | None = None) -> BaseScheduler:
    """A scheduler holding the jobs, not yet started.

    The start-up job collects at once, then runs the build missed while the scheduler
    was down, if any (once, however many were missed, within the misfire grace time);
    the collect job runs every interval after that. The build job keeps the run time
    stored from before a restart when its trigger is unchanged and still to come.
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
    now = datetime.now(zone)
    kept = _stored_next_run(scheduler, store, BUILD_JOB_ID, build_trigger)
    missed = _last_missed(build_trigger, kept, now) if kept is not undefined else None
    grace = timedelta(minutes=settings.schedule.misfire_grace_minutes)
    catch_up = missed.isoformat() if missed is not None and now - missed <= grace else None
    if missed is not None and catch_up is None:
        log.warning("the build due at %s was missed by more than schedule."
                    "misfire_grace_minutes; it is not run now", missed)
    scheduler.add_job(startup_job, DateTrigger(now, timezone=zone), id=STARTUP_JOB_ID,
                      name="start-up collect", kwargs={"catch_up": catch_up},
                      replace_existing=True, next_run_time=now)
    scheduler.add_job(collect_job, collect_trigger, id=COLLECT_JOB_ID, name="collect",
                      replace_existing=True)
    scheduler.add_job(build_job, build_trigger, id=BUILD_JOB_ID, name="build",
                      replace_existing=True,
                      next_run_time=kept if kept is not undefined and missed is None
                      else undefined)
    return scheduler


def _last_missed(trigger: Any, kept: datetime, now: datetime) -> datetime | None:
    """The latest fire time of ``trigger`` from ``kept`` up to ``now``, or None when
    ``kept`` is still to come."""
    last, when = None, kept
    for _ in range(_MAX_MISSED):
        if when is None or when > now:
            break
        last, when = when, trigger.get_next_fire_time(when, now)
    return last


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


def next_collect(store: Store) -> datetime | None:
    """When the running scheduler's next collect is due, for ``briefing status``; None
    when no scheduler holds the store (the job table outlives a stopped scheduler)."""
    from sqlalchemy import inspect, text

    lock = store.lock("scheduler")
    if hasattr(lock, "holder"):
        if lock.holder() is None:
            return None
    else:  # PostgreSQL names no holder: a lock we can take is one nobody holds
        try:
            lock.acquire(0)
        except LockHeld:
            pass
        else:
            lock.release()
            return None
    with store.engine.connect() as connection:
        if JOB_TABLE not in inspect(connection).get_table_names():
            return None
        when = connection.execute(text(f"SELECT next_run_time FROM {JOB_TABLE} WHERE id = :id"),
                                  {"id": COLLECT_JOB_ID}).scalar()
    return datetime.fromtimestamp(when, timezone.utc) if when else None


def run_foreground(settings: Settings, store: Store) -> int:
    """Run the scheduler until SIGINT or SIGTERM. The first signal lets a running job
    finish (a collect or build stopped halfway is safe, but a finished one is better);
    a second stops at once. Returns 1 when a job failed, else 0."""
    executor = ThreadPoolExecutor(max_workers=1)
    scheduler = make_scheduler(settings, store, executor=executor)
    signals_seen = 0

    def on_signal(signum: int, _frame: Any) -> None:
        nonlocal signals_seen
        signals_seen += 1
        name = signal.Signals(signum).name
        running = _current().running
        if signals_seen > 1:
            log.warning("%s again: stopping now%s", name,
                        f"; the {running} is cut short" if running else "")
            logging.shutdown()
            os._exit(128 + signum)
        if running:
            log.info("%s: waiting for the running %s to finish (Ctrl-C again to stop now)",
                     name, running)
        else:
            log.info("%s: stopping", name)
        if scheduler.running:
            scheduler.shutdown(wait=False)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    log.info("scheduler started: collect every %d min; build at '%s' %s",
             settings.schedule.collect_every_minutes, settings.schedule.build_cron,
             settings.schedule.timezone)
    now = datetime.now(ZoneInfo(settings.schedule.timezone))
    for name, trigger in zip(("collect", "build"), triggers(settings)):
        log.info("next %s (after the start-up collect): %s", name,
                 clock_text(trigger.get_next_fire_time(None, now), settings.schedule.timezone))
    try:
        scheduler.start()  # blocks until shutdown
        executor.shutdown(wait=True)  # the running job finishes; signals still handled
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    failed = _current().failures
    if failed:
        log.error("scheduler stopped; %d job(s) failed: %s", len(failed), "; ".join(failed))
        return 1
    log.info("scheduler stopped")
    return 0
