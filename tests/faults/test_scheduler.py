"""``briefing schedule`` as a real process: Ctrl-C waits for the running job and says so,
a second Ctrl-C stops at once without a traceback, a failed job is logged with its reason
and makes the exit status 1, and a second scheduler on the same store is refused."""
from __future__ import annotations

import queue
import signal
import subprocess
import threading
import time

from .conftest import briefing_process, run_briefing, stalling_page


class Lines:
    """A child's stderr read line by line in a thread, to wait for a given line."""

    def __init__(self, child: subprocess.Popen) -> None:
        self.child = child
        self.seen: list[str] = []
        self._queue: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.child.stderr:
            self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.5)
            except queue.Empty:
                continue
            if line is None:
                break
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} never appeared in:\n{''.join(self.seen)}")

    def rest(self, timeout: float = 60) -> str:
        self.child.wait(timeout)
        while True:
            line = self._queue.get(timeout=10)
            if line is None:
                return "".join(self.seen)
            self.seen.append(line)




def _config(project, source: str) -> None:
    (project / "briefing.toml").write_text(
        '[fetch]\nretries = 0\nper_host_delay = 0\n[schedule]\nbuild_cron = "0 6 * * *"\n'
        '[render]\nformats = ["md"]\n' + source, encoding="utf-8")


def _schedule(project) -> tuple[subprocess.Popen, Lines]:
    child = briefing_process(["schedule"], project, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    return child, Lines(child)


def test_ctrl_c_waits_for_the_running_collect_and_says_so(project, httpserver):
    reached, release = stalling_page(httpserver)
    _config(project, f'[[sources]]\nkind = "page"\nurl = "{httpserver.url_for("/story")}"\n')
    child, lines = _schedule(project)
    try:
        assert reached.wait(120), "the start-up collect never fetched the page"
        child.send_signal(signal.SIGINT)
        lines.wait_for("SIGINT: waiting for the running start-up collect to finish "
                       "(Ctrl-C again to stop now)")
        time.sleep(1.0)
        assert child.poll() is None, "the scheduler did not wait for the running collect"
        release.set()
        log = lines.rest()
    finally:
        release.set()
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, log
    assert log.index("waiting for the running start-up collect") < log.index("collect: 1 new") \
        < log.index("scheduler stopped")


def test_a_second_ctrl_c_stops_at_once_without_a_traceback(project, httpserver):
    reached, release = stalling_page(httpserver)
    _config(project, f'[[sources]]\nkind = "page"\nurl = "{httpserver.url_for("/story")}"\n')
    child, lines = _schedule(project)
    try:
        assert reached.wait(120)
        child.send_signal(signal.SIGINT)
        lines.wait_for("waiting for the running start-up collect")
        child.send_signal(signal.SIGINT)
        log = lines.rest(timeout=20)
    finally:
        release.set()
        if child.poll() is None:
            child.kill()
    assert child.returncode == 128 + signal.SIGINT
    assert "SIGINT again: stopping now; the start-up collect is cut short" in log
    assert "Traceback" not in log and "KeyboardInterrupt" not in log


def test_a_failed_job_is_logged_with_its_reason_and_the_exit_status_is_1(project,
                                                                        httpserver):
    httpserver.expect_request("/feed.xml").respond_with_data("gone fishing", status=404)
    _config(project, f'[[sources]]\nkind = "feed"\nurl = "{httpserver.url_for("/feed.xml")}"\n')
    child, lines = _schedule(project)
    try:
        lines.wait_for("start-up collect job failed: every source failed; nothing was collected")
        second = run_briefing(["schedule"], project, timeout=120)
        assert second.returncode == 3
        assert second.stderr.startswith(
            f"briefing: error: the scheduler of the store {project / 'data' / 'briefing.db'} "
            f"is in use by pid {child.pid} on ")
        child.send_signal(signal.SIGTERM)
        log = lines.rest()
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 1, log
    assert "SIGTERM: stopping" in log
    assert "scheduler stopped; 1 job(s) failed: start-up collect: every source failed; " \
           "nothing was collected" in log
