"""Parse cache: a cached parse is the fresh parse; bad, old and surplus entries go."""
import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.config import Settings
from briefing.parse import load_model, parse_articles
from briefing.parse_cache import SUFFIX, ParseCache, cache_folder
from briefing.pipeline import build_stories, load_articles

from .conftest import SEEDS


@pytest.fixture(scope="module")
def seed_articles():
    return load_articles([SEEDS], Settings())


def _analysis(stories) -> list:
    """What a briefing shows of each story: its summary and its who-said-what table."""
    return [(s.cluster.id, [asdict(x) for x in s.summary], [asdict(q) for q in s.quotes])
            for s in stories]


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"??/*{SUFFIX}"))


def test_a_cached_parse_gives_the_same_quotes_and_summaries(tmp_path, seed_articles):
    settings = Settings()
    cache = ParseCache(tmp_path, 10**9)
    fresh = parse_articles(seed_articles, settings.parse)
    parse_articles(seed_articles, settings.parse, cache=cache)
    assert len(_entries(tmp_path)) == len(seed_articles)
    cached = parse_articles(seed_articles, settings.parse, cache=cache)
    assert all(c.doc is not f.doc and c.doc.text == f.doc.text for c, f in zip(cached, fresh))
    assert _analysis(build_stories(cached, settings)) == _analysis(build_stories(fresh, settings))
    assert sum(len(s.quotes) for s in build_stories(cached, settings)) > 0


def test_a_corrupt_entry_is_parsed_again_and_rewritten(tmp_path, seed_articles, caplog):
    cache = ParseCache(tmp_path, 10**9)
    nlp = load_model()
    articles = seed_articles[:3]
    fresh = parse_articles(articles, cache=cache)
    truncated, garbage, empty = _entries(tmp_path)
    truncated.write_bytes(truncated.read_bytes()[:50])
    garbage.write_bytes(b"\x00not a DocBin\xff" * 20)
    empty.write_bytes(b"")
    assert cache.load([a.text for a in articles], nlp) == [None, None, None]
    assert "is corrupt" in caplog.text and truncated.name in caplog.text
    assert _entries(tmp_path) == []  # unusable entries are deleted, not read again
    again = parse_articles(articles, cache=cache)
    assert [[t.dep_ for t in p.doc] for p in again] == [[t.dep_ for t in p.doc] for p in fresh]
    assert all(doc is not None for doc in cache.load([a.text for a in articles], nlp))


def test_an_entry_of_another_text_or_pipeline_is_not_used(tmp_path, seed_articles):
    cache = ParseCache(tmp_path, 10**9)
    nlp = load_model()
    first, second = seed_articles[:2]
    parse_articles([first, second], cache=cache)
    a, b = _entries(tmp_path)
    a.write_bytes(b.read_bytes())  # a whole entry, under another text's name
    assert sum(doc is None for doc in cache.load([first.text, second.text], nlp)) == 1
    [kept] = _entries(tmp_path)
    assert cache._read(kept, second.text if kept == b else first.text, "another", nlp) is None


def test_a_new_model_version_invalidates_entries(tmp_path, seed_articles, monkeypatch):
    cache = ParseCache(tmp_path, 10**9)
    nlp = load_model()
    texts = [a.text for a in seed_articles[:2]]
    parse_articles(seed_articles[:2], cache=cache)
    assert all(doc is not None for doc in cache.load(texts, nlp))
    monkeypatch.setitem(nlp.meta, "version", nlp.meta["version"] + ".post1")
    assert cache.load(texts, nlp) == [None, None]
    parse_articles(seed_articles[:2], cache=cache)
    assert len(_entries(tmp_path)) == 4  # the old ones age out under the size bound
    assert all(doc is not None for doc in cache.load(texts, nlp))


def test_the_size_bound_holds_and_the_least_recently_used_go(tmp_path, seed_articles):
    nlp = load_model()
    texts = [a.text for a in seed_articles]
    parse_articles(seed_articles, cache=ParseCache(tmp_path, 10**9))
    entries = _entries(tmp_path)
    sizes = sorted(p.stat().st_size for p in entries)
    for age, path in enumerate(entries):  # set a known order of last use
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    newest = entries[-3:]
    limit = sum(p.stat().st_size for p in newest)
    bounded = ParseCache(tmp_path, limit)
    assert bounded.prune() == len(entries) - 3
    assert _entries(tmp_path) == newest
    assert bounded.info().bytes <= limit
    # a full build through a small cache stays inside it too
    small = ParseCache(tmp_path, sizes[0] * 2)
    parse_articles(seed_articles, cache=small)
    assert 0 < small.info().bytes <= sizes[0] * 2
    assert sum(doc is not None for doc in small.load(texts, nlp)) == small.info().entries


def test_the_cache_lives_in_the_data_dir_unless_parse_cache_dir_says(tmp_path):
    settings = Settings()
    settings.store.data_dir = str(tmp_path / "data")
    assert cache_folder(settings) == tmp_path / "data" / "parse-cache"
    settings.parse.cache_dir = str(tmp_path / "elsewhere")
    assert cache_folder(settings) == tmp_path / "elsewhere"


def test_cache_info_and_clear(tmp_path, seed_articles, capsys):
    folder = tmp_path / "cache"
    config = tmp_path / "briefing.toml"
    config.write_text(f'[parse]\ncache_dir = "{folder}"\ncache_mb = 50\n', encoding="utf-8")
    parse_articles(seed_articles[:2], cache=ParseCache(folder, 10**9))
    assert main(["cache", "info", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert f"parse cache {folder}: 2 entries" in out and "of 50 MB" in out
    assert main(["cache", "clear", "--config", str(config)]) == 0
    assert "Deleted 2 parse cache entries" in capsys.readouterr().out
    assert _entries(folder) == []
    assert main(["cache", "info", "--config", str(config)]) == 0
    assert ": 0 entries, 0.0 MB" in capsys.readouterr().out


def test_two_builds_at_once_share_the_cache(tmp_path):
    folder = tmp_path / "cache"
    config = tmp_path / "briefing.toml"
    config.write_text(f'[parse]\ncache_dir = "{folder}"\n', encoding="utf-8")

    def build(name: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "briefing", "build", str(SEEDS), "--config", str(config),
             "--formats", "json", "--date", "2026-01-01", "--out", str(tmp_path / name)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def briefing(name: str) -> dict:
        data = json.loads((tmp_path / name / "2026-01-01" / "briefing.json").read_text())
        data.pop("generated_at")
        return data

    runs = [build("a"), build("b")]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    entries = _entries(folder)
    assert len(entries) == len(load_articles([SEEDS], Settings()))
    assert not list(folder.glob("??/.tmp-*"))  # every write finished with its rename
    assert all(doc is not None for doc in ParseCache(folder, 10**9).load(
        [a.text for a in load_articles([SEEDS], Settings())], load_model()))
    third = build("c")  # from the cache alone
    _, err = third.communicate(timeout=600)
    assert third.returncode == 0, err
    n = len(entries)
    assert f"analysis cache: {n} of {n} article(s) read, 0 to analyse" in err
    assert "parse cache:" not in err  # no Doc read at all
    assert briefing("a") == briefing("b") == briefing("c")
