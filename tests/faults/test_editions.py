"""Editions are never overwritten and appear only whole: a second build of the day, an
all-bad input folder, a read-only file, a full disk (a real tmpfs, and a patched write)."""
from __future__ import annotations

import errno
import json
import os
import pathlib
import subprocess

import pytest

from briefing import editions

from .conftest import cli, digest, write_articles

DAY = "2026-11-27"


def test_a_second_build_of_the_day_is_a_new_edition_and_the_first_stays_byte_identical(
        project, capsys):
    assert cli(["collect"], capsys)[0] == 0
    code, out, _ = cli(["build", "--since", "last", "--date", DAY], capsys)
    assert code == 0 and f"edition {project / 'out' / DAY}" in out
    first = digest(project / "out" / DAY)
    assert set(first) == {"briefing.md", "briefing.json", "edition.json", "delivery.json"}

    write_articles(project / "inbox", "flood.txt")
    assert cli(["collect"], capsys)[0] == 0
    code, out, _ = cli(["build", "--since", "last", "--date", DAY], capsys)
    assert code == 0 and f"edition {project / 'out' / (DAY + '-2')}" in out

    assert digest(project / "out" / DAY) == first  # the morning's edition, untouched
    second = json.loads((project / "out" / f"{DAY}-2" / "briefing.json").read_text())
    assert [a["title"] for a in second["articles"]] == ["Roads flooded in the north-west"]
    assert os.readlink(project / "out" / "latest") == f"{DAY}-2"
    assert (project / "out" / "latest.txt").read_text() == f"{DAY}-2\n"
    index = (project / "out" / "index.md").read_text(encoding="utf-8")
    assert index.index(f"## {DAY}-2 (latest)") < index.index(f"## {DAY}\n")
    for headline in ("Harbour wall to be rebuilt", "Train drivers to strike on Friday",
                     "Roads flooded in the north-west"):
        assert headline in index
    html = (project / "out" / "index.html").read_text(encoding="utf-8")
    assert f'href="{DAY}-2/briefing.md"' in html and f'href="{DAY}/briefing.json"' in html


def test_an_all_bad_input_folder_writes_nothing_and_the_days_edition_stays_latest(
        project, capsys):
    assert cli(["build", "inbox", "--date", DAY], capsys)[0] == 0
    before = digest(project / "out")
    bad = project / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("", encoding="utf-8")
    (bad / "furniture.txt").write_text("Subscribe to our newsletter\n\nShare this article\n",
                                       encoding="utf-8")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    code, _, err = cli(["build", "bad", "--date", DAY], capsys)
    assert code == 3
    assert "briefing: error: no article left to brief" in err
    assert "no edition written, the earlier ones are untouched" in err
    assert digest(project / "out") == before  # the edition, latest.txt and the index
    assert not (project / "out" / f"{DAY}-2").exists()
    assert os.readlink(project / "out" / "latest") == DAY


def test_a_read_only_file_in_an_edition_cannot_spoil_the_next_one(project, capsys):
    argv = ["build", "inbox", "--date", DAY, "--formats", "html,pdf,md,json"]
    assert cli(argv, capsys)[0] == 0
    pdf = project / "out" / DAY / "briefing.pdf"
    pdf.chmod(0o444)
    before = digest(project / "out" / DAY)
    code, out, _ = cli(argv, capsys)
    assert code == 0
    assert digest(project / "out" / DAY) == before
    second = project / "out" / f"{DAY}-2"
    assert {p.name for p in second.iterdir()} == {"briefing.html", "briefing.pdf",
                                                 "briefing.md", "briefing.json", "edition.json",
                                                 "delivery.json"}
    assert (second / "briefing.pdf").read_bytes().startswith(b"%PDF")


def test_build_lists_every_file_it_wrote_the_email_text_part_too(project, capsys):
    code, out, _ = cli(["build", "inbox", "--date", DAY, "--formats", "md,email,json"], capsys)
    assert code == 0
    edition = project / "out" / DAY
    listed = [line.strip() for line in out.splitlines() if line.startswith("  ")]
    written = sorted(str(p) for p in edition.iterdir()
                     if p.name not in ("edition.json", "delivery.json"))
    assert sorted(listed) == written
    assert str(edition / "briefing.email.txt") in listed
    manifest = json.loads((edition / "edition.json").read_text(encoding="utf-8"))
    assert manifest["files"]["email_text"] == "briefing.email.txt"
    assert f"Briefing for {DAY}: 2 stories from 2 articles, edition" in out


def test_the_build_line_counts_in_the_singular_too(project, capsys):
    (project / "inbox" / "rail.txt").unlink()
    code, out, _ = cli(["build", "inbox", "--date", DAY], capsys)
    assert code == 0 and f"Briefing for {DAY}: 1 story from 1 article, edition" in out


def _assert_full_disk_refused(project, out, before, err):
    assert "briefing: error: the disk of" in err and "is full" in err
    assert "the edition was not published and earlier editions are untouched" in err
    assert "Traceback" not in err
    assert digest(out) == before
    assert not (out / f"{DAY}-2").exists()
    assert not list(out.glob(".edition-*")), "a partial edition was left behind"


def test_disk_full_on_a_small_tmpfs(project, capsys, monkeypatch):
    out = project / "out"
    out.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(out)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}); "
                    "test_disk_full_with_a_patched_write covers the case")
    try:
        assert cli(["build", "inbox", "--date", DAY], capsys)[0] == 0
        before = digest(out)
        filler = out / ".filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # fill the disk, then give back one page
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)
        os.truncate(filler, filler.stat().st_size - 4096)
        before = digest(out)

        # Checked before the pipeline runs: too little room for an edition.
        code, _, err = cli(["build", "inbox", "--date", DAY], capsys)
        assert code == 3
        assert f"the output folder {out} is on a full disk" in err
        assert "parsing" not in err
        assert digest(out) == before

        # Past that check (a disk filling up meanwhile), the write itself fails.
        monkeypatch.setattr(editions, "MIN_FREE_BYTES", 0)
        code, _, err = cli(["build", "inbox", "--date", DAY], capsys)
        assert code == 3
        _assert_full_disk_refused(project, out, before, err)
    finally:
        subprocess.run(["umount", str(out)], check=True)


def test_disk_full_with_a_patched_write(project, capsys, monkeypatch):
    out = project / "out"
    assert cli(["build", "inbox", "--date", DAY], capsys)[0] == 0
    before = digest(out)
    real_write_text = pathlib.Path.write_text

    def full_disk(self, *args, **kwargs):
        if self.parent.name.startswith(editions.TEMP_PREFIX) and self.suffix == ".json":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
        return real_write_text(self, *args, **kwargs)
    monkeypatch.setattr(pathlib.Path, "write_text", full_disk)
    code, _, err = cli(["build", "inbox", "--date", DAY], capsys)
    assert code == 3
    _assert_full_disk_refused(project, out, before, err)


def test_an_out_dir_that_is_a_file_is_refused_before_the_pipeline_runs(project, capsys):
    (project / "out").write_text("not a folder", encoding="utf-8")
    code, _, err = cli(["build", "inbox"], capsys)
    assert code == 2
    assert err == (f"briefing: error: the output folder {project / 'out'} is a file, not a "
                   "folder; pass another --out, or set render.out_dir\n")  # and no log line
    assert (project / "out").read_text() == "not a folder"


def test_a_read_only_out_dir_is_refused_before_the_pipeline_runs(project, capsys):
    out = project / "out"
    out.mkdir()
    if os.geteuid() == 0:  # root writes through permission bits: a read-only mount
        subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(out)],
                       check=False, capture_output=True)
        if not os.path.ismount(out):
            pytest.skip("cannot mount a read-only tmpfs here")
    else:
        out.chmod(0o555)
    try:
        code, _, err = cli(["build", "inbox"], capsys)
        assert code == 2
        assert f"briefing: error: the output folder {out} cannot be written (" in err
        assert "make it writable, or pass another --out" in err
        assert "parsing" not in err and "Traceback" not in err
    finally:
        if os.path.ismount(out):
            subprocess.run(["umount", str(out)], check=True)
        out.chmod(0o755)


@pytest.mark.parametrize("formats, named", [
    ("md", None), ("html,md", "briefing.html"), ("md,pdf", "briefing.pdf"),
    ("html,md,pdf", "briefing.html and briefing.pdf")])
def test_the_markdown_names_only_the_files_the_edition_holds(project, capsys, formats, named):
    code, _, _ = cli(["build", "inbox", "--date", DAY, "--formats", formats], capsys)
    assert code == 0
    markdown = (project / "out" / DAY / "briefing.md").read_text(encoding="utf-8")
    line = [x for x in markdown.splitlines() if x.startswith("Full briefing")]
    if named is None:
        assert line == [] and "briefing.html" not in markdown and "briefing.pdf" not in markdown
    else:
        assert line == [f"Full briefing, with every statement and source: {named} of edition {DAY}"]


def test_the_archive_index_shows_times_on_the_readers_clock_as_the_editions_do(
        project, capsys):
    """schedule.timezone = America/New_York: the edition says EST, so does the index."""
    with open(project / "briefing.toml", "a", encoding="utf-8") as config:
        config.write('[schedule]\ntimezone = "America/New_York"\n')
    assert cli(["collect"], capsys)[0] == 0
    assert cli(["build", "--since", "last", "--date", DAY], capsys)[0] == 0
    edition = (project / "out" / DAY / "briefing.md").read_text(encoding="utf-8")
    index = (project / "out" / "index.md").read_text(encoding="utf-8")
    zone = "EDT" if " EDT_" in edition.splitlines()[1] else "EST"  # as the season has it
    assert edition.splitlines()[1].endswith(f" {zone}_")
    assert index.splitlines()[1].endswith(f" {zone}_")  # "updated 2 Dec 2026, 10:16 EST"
    assert f" {zone} · " in index and " UTC" not in index


def test_the_archive_index_is_titled_as_the_briefings_and_links_each_headline_to_its_story(
        project, capsys):
    toml = project / "briefing.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        "[render]\n", '[render]\ntitle = "Harbour Desk"\n'), encoding="utf-8")
    assert cli(["collect"], capsys)[0] == 0
    assert cli(["build", "--since", "last", "--date", DAY, "--formats", "html,md"], capsys)[0] == 0
    html = (project / "out" / "index.html").read_text(encoding="utf-8")
    assert "<title>Harbour Desk — archive</title>" in html
    edition = (project / "out" / DAY / "briefing.html").read_text(encoding="utf-8")
    story = json.loads((project / "out" / DAY / "edition.json").read_text())["stories"][0]
    link = f'<a href="{DAY}/briefing.html#{story["anchor"]}">{story["headline"]}</a>'
    assert link in html and f'id="{story["anchor"]}"' in edition
    # the index is rebuilt from the manifests: an anchor of another form is no link
    manifest = project / "out" / DAY / "edition.json"
    data = json.loads(manifest.read_text())
    data["stories"][0]["anchor"] = 'x" onclick="alert(1)'
    manifest.write_text(json.dumps(data))
    editions.write_index(project / "out", "Harbour Desk — archive")
    html = (project / "out" / "index.html").read_text(encoding="utf-8")
    assert "onclick" not in html and f"<li>{story['headline']}</li>" in html
