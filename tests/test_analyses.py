"""The analysis cache: a rebuild reads each article's stage results, not its Doc, and
gets the fresh build's briefing; bad, old and surplus entries are made again or go."""
import gc
import logging
import os
import weakref
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from briefing import analyses
from briefing.analyses import SUFFIX, analyse_articles
from briefing.config import Settings
from briefing.parse import load_model
from briefing.parse_cache import ParseCache
from briefing.pipeline import assemble_briefing, build_stories, load_articles
from briefing.render import briefing_to_dict

from .conftest import SEEDS, SHARED

DEV = SHARED / "eval" / "polnear" / "dev" / "text"


def _settings(cache_dir, cache_mb: int = 512) -> Settings:
    settings = Settings()
    settings.parse.cache_dir = str(cache_dir)
    settings.parse.cache_mb = cache_mb
    return settings


def _document(articles, settings: Settings) -> dict:
    """The briefing's JSON document, less the time it was made."""
    stories = build_stories(analyse_articles(articles, settings), settings)
    document = briefing_to_dict(assemble_briefing(stories, date(2026, 1, 1), settings))
    document.pop("generated_at")
    return document


def _entries(folder):
    return sorted(folder.glob(f"??/*{SUFFIX}"))


@pytest.fixture(scope="module")
def seed_articles():
    return load_articles([SEEDS], Settings())


def _corpora():
    yield "seeds", [SEEDS]
    files = sorted(DEV.glob("*.txt"))[:24] if DEV.is_dir() else []
    if files:
        yield "polnear-dev", files


@pytest.mark.parametrize("name,paths", list(_corpora()), ids=lambda v: v if isinstance(v, str) else "")
def test_a_rebuild_reads_no_doc_and_is_the_fresh_build(tmp_path, monkeypatch, name, paths):
    articles = load_articles(paths, Settings())
    fresh = _document(articles, _settings(tmp_path / "off", cache_mb=0))
    first = _document(articles, _settings(tmp_path / "cache"))
    assert len(_entries(tmp_path / "cache")) == len({a.text for a in articles})
    with monkeypatch.context() as patch:
        patch.setattr(analyses, "iter_parses", lambda *a, **k: pytest.fail("a Doc was read"))
        again = _document(articles, _settings(tmp_path / "cache"))
    assert again == first == fresh
    assert sum(len(c["quotes"]) for c in fresh["clusters"]) > 0
    assert sum(len(c["summary"]) for c in fresh["clusters"]) >= len(fresh["clusters"])


def test_the_stages_get_what_they_read_from_the_doc(tmp_path, seed_articles, monkeypatch):
    settings = _settings(tmp_path)
    written = analyse_articles(seed_articles, settings)
    monkeypatch.setattr(analyses, "iter_parses", lambda *a, **k: pytest.fail("a Doc was read"))
    read = analyse_articles(seed_articles, settings)
    assert all(p.doc is None for p in written + read)
    for w, r in zip(written, read):
        assert r.analyses.keys() == w.analyses.keys() == set(analyses.stage_keys(settings))
        for key in w.analyses:
            assert r.analyses[key] == w.analyses[key], key
    # a quote names the article it is read for, not the one whose text made the entry
    moved = replace(seed_articles[0], id="elsewhere", path="elsewhere.txt")
    [again] = analyse_articles([moved], settings)
    quotes = again.analyses[analyses.stage_keys(settings)[1]]
    assert quotes and {q.article_id for q in quotes} == {"elsewhere"}


def test_no_doc_outlives_its_analysis(tmp_path, seed_articles, monkeypatch):
    docs = []
    real = analyses.iter_parses

    def watched(*args, **kwargs):
        for i, doc in real(*args, **kwargs):
            docs.append(weakref.ref(doc))
            yield i, doc

    monkeypatch.setattr(analyses, "iter_parses", watched)
    parsed = analyse_articles(seed_articles, _settings(tmp_path, cache_mb=0))
    gc.collect()
    assert len(docs) == len(seed_articles) and all(p.doc is None for p in parsed)
    assert [ref() for ref in docs] == [None] * len(docs)


def test_a_corrupt_entry_is_analysed_again_and_rewritten(tmp_path, seed_articles, caplog):
    settings = _settings(tmp_path)
    articles = seed_articles[:3]
    expected = _document(articles, settings)
    truncated, garbage, other = _entries(tmp_path)
    truncated.write_bytes(truncated.read_bytes()[:40])
    garbage.write_bytes(b"\x00not msgpack\xff" * 20)
    other.write_bytes(b"")
    with caplog.at_level(logging.WARNING):
        assert _document(articles, settings) == expected
    assert "is corrupt" in caplog.text and "analysing again" in caplog.text
    assert len(_entries(tmp_path)) == 3  # each made again


def test_an_entry_under_another_articles_name_is_not_read(tmp_path, seed_articles, caplog):
    settings = _settings(tmp_path)
    first, second = seed_articles[:2]
    analyse_articles([first, second], settings)
    a, b = _entries(tmp_path)
    a.write_bytes(b.read_bytes())  # a whole entry, but of the other text
    with caplog.at_level(logging.INFO):
        analyse_articles([first, second], settings)
    assert "analysis cache: 1 of 2 article(s) read, 1 to analyse" in caplog.text


def _read_count(caplog, articles, settings) -> str:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="briefing.analyses"):
        analyse_articles(articles, settings)
    [line] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("analysis")]
    return line.split(": ")[1].split(" article")[0]


def test_model_code_and_settings_that_decide_an_analysis_invalidate_it(
        tmp_path, seed_articles, monkeypatch, caplog):
    articles = seed_articles[:2]
    settings = _settings(tmp_path)
    assert _read_count(caplog, articles, settings) == "0 of 2"
    assert _read_count(caplog, articles, settings) == "2 of 2"
    # settings that only choose among the analyses keep them
    settings.summary.words = 60
    settings.cluster.threshold = 0.5
    settings.quotes = replace(settings.quotes)
    assert _read_count(caplog, articles, settings) == "2 of 2"
    for change in (lambda s: setattr(s.quotes, "max_quotes", 3),
                   lambda s: setattr(s.cluster, "lead_chars", 300),
                   lambda s: setattr(s.summary, "min_words", 9)):
        changed = _settings(tmp_path)
        change(changed)
        assert _read_count(caplog, articles, changed) == "0 of 2"
        assert _read_count(caplog, articles, changed) == "2 of 2"
    nlp = load_model()
    with monkeypatch.context() as patch:
        patch.setitem(nlp.meta, "version", nlp.meta["version"] + ".post1")
        assert _read_count(caplog, articles, settings) == "0 of 2"
    with monkeypatch.context() as patch:
        patch.setattr(analyses, "code_version", lambda: "another build of the code")
        assert _read_count(caplog, articles, settings) == "0 of 2"
    assert _read_count(caplog, articles, settings) == "2 of 2"


def test_the_code_version_follows_the_stage_sources(monkeypatch, tmp_path):
    before = analyses.code_version()
    copy = tmp_path / "cluster.py"
    copy.write_text(Path(analyses.cluster.__file__).read_text(encoding="utf-8") + "\n#")
    analyses.code_version.cache_clear()
    monkeypatch.setattr(analyses.cluster, "__file__", str(copy))
    try:
        assert analyses.code_version() != before
    finally:
        monkeypatch.undo()
        analyses.code_version.cache_clear()
    assert analyses.code_version() == before


def test_the_code_version_follows_what_the_stage_sources_import(tmp_path):
    import shutil
    package = tmp_path / "briefing"
    shutil.copytree(Path(analyses.__file__).parent, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    files = analyses.source_files([package / "summarise" / "candidates.py"], package)
    # candidates takes the share buttons' words from titles, its settings from config
    assert {package / "titles.py", package / "config.py", package / "datelines.py"} <= set(files)
    assert package / "cli.py" not in files and package / "summarise" / "story.py" not in files
    whole = analyses.source_files([package / "quotes" / "__init__.py"], package)
    assert package / "quotes" / "speakers.py" in whole  # a package stands for its modules


def test_the_size_bound_counts_both_kinds_of_entry(tmp_path, seed_articles):
    settings = _settings(tmp_path)
    analyse_articles(seed_articles, settings)
    cache = ParseCache(tmp_path, 10**9)
    docs = sorted(tmp_path.glob("??/*.spacy"))
    kept = _entries(tmp_path)
    assert cache.info().entries == len(docs) + len(kept) and kept
    limit = sum(p.stat().st_size for p in kept)
    for age, path in enumerate(docs):  # the Docs were used longest ago
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    assert ParseCache(tmp_path, limit).prune() == len(docs)
    assert _entries(tmp_path) == kept and not list(tmp_path.glob("??/*.spacy"))
    # a rebuild needs no Doc: the analyses alone give the briefing
    assert all(p.analyses for p in analyse_articles(seed_articles, settings))


def test_a_story_is_summarised_again_only_when_what_decides_it_changes(tmp_path, seed_articles,
                                                                       caplog):
    settings = _settings(tmp_path)
    parsed = analyse_articles(seed_articles, settings)
    [story] = [c for c in build_stories(parsed, settings) if len(c.cluster.articles) > 1][:1]
    cluster = story.cluster
    made = []

    def make():
        made.append(1)
        return story.summary, story.quotes

    kept = analyses.StoryResults(settings)
    assert kept.get(cluster, (), make) == (story.summary, story.quotes) and made == []
    kept.get(cluster, ["A sentence shown yesterday."], make)
    kept.get(replace(cluster, headline="Another headline"), (), make)
    other = _settings(tmp_path)
    other.summary.words = 60
    analyses.StoryResults(other).get(cluster, (), make)
    assert len(made) == 3
    for path in tmp_path.glob("??/*.story"):
        path.write_bytes(b"{not json")
    with caplog.at_level(logging.WARNING):
        assert kept.get(cluster, (), make) == (story.summary, story.quotes)
    assert len(made) == 4 and "summarising again" in caplog.text
