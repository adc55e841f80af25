"""Helpers of the fault suite: small articles written for each test, the CLI run in this
process or as a real subprocess, and digests that prove a folder is byte-identical."""
from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from werkzeug import Response

from briefing.cli import main

from ..conftest import REPO
from ..webfixtures import FLOOD, HARBOUR, RAIL, article_html

ARTICLES = {"harbour.txt": ("Harbour wall to be rebuilt", HARBOUR),
            "rail.txt": ("Train drivers to strike on Friday", RAIL),
            "flood.txt": ("Roads flooded in the north-west", FLOOD)}


def write_articles(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names or ARTICLES:
        title, paragraphs = ARTICLES[name]
        (folder / name).write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n",
                                   encoding="utf-8")
    return folder


def digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too, but not the lock file, which names
    its last holder) with the SHA-256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*"))
            if p.is_file() and not p.is_symlink() and p.suffix != ".lock"}


class _Lines(logging.Handler):
    """The log lines of the ``briefing`` loggers, as a terminal-less run prints them."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(logging.Formatter("briefing: %(levelname)s: %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record) + "\n")


_LOG = _Lines()


@pytest.fixture(autouse=True)
def _log_lines():
    logger = logging.getLogger("briefing")
    level = logger.level
    logger.addHandler(_LOG)
    logger.setLevel(logging.INFO)
    _LOG.lines.clear()
    yield
    logger.removeHandler(_LOG)
    logger.setLevel(level)


def cli(argv: list[str], capsys) -> tuple[int, str, str]:
    """``briefing ARGV`` in this process: (exit status, stdout, its log lines and then
    stderr)."""
    _LOG.lines.clear()
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, "".join(_LOG.lines) + err


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), **extra}


def briefing_process(argv: list[str], cwd: Path, **popen) -> subprocess.Popen:
    """A real ``briefing`` process."""
    return subprocess.Popen([sys.executable, "-m", "briefing", *argv], cwd=cwd,
                            env=popen.pop("env", environment()), text=True, **popen)


def run_briefing(argv: list[str], cwd: Path, timeout: float = 180,
                 **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", *argv], cwd=cwd,
                          env=environment(**env), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A folder with inbox/ (two articles) and a briefing.toml using it as a source,
    writing Markdown and JSON only (fast) to out/, the store in data/."""
    write_articles(tmp_path / "inbox", "harbour.txt", "rail.txt")
    (tmp_path / "briefing.toml").write_text(
        '[render]\nformats = ["md", "json"]\n'
        '[[sources]]\nkind = "folder"\npath = "inbox"\nname = "Inbox"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def stalling_page(httpserver):
    """A page at /story whose answer waits until the returned ``release`` is set;
    ``reached`` is set once a fetch of it has begun (the run is then mid-page)."""
    reached, release = threading.Event(), threading.Event()

    def stall(_request):
        reached.set()
        release.wait(60)
        return Response(article_html("Drivers to strike", RAIL), content_type="text/html")
    httpserver.expect_request("/story").respond_with_handler(stall)
    httpserver.expect_request("/robots.txt").respond_with_data("none", status=404)  # all open
    return reached, release
