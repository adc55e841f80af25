"""The store, on SQLite and (when BRIEFING_TEST_PG_URL is set) on PostgreSQL."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from briefing.config import StoreSettings
from briefing.feeds import FeedEntry as Entry
from briefing.store import (SCHEMA_VERSION, ArticleContent, ShownStory, Store, StoreError,
                            canonical_url, content_hash, database_url)

from .dbfixtures import store_url  # noqa: F401  (fixture)
from .webfixtures import FLOOD, HARBOUR, RAIL


def body(paragraphs):
    return "\n\n".join(paragraphs)


@pytest.fixture
def store(store_url):  # noqa: F811
    with Store(store_url) as s:
        yield s


def test_canonical_url_drops_tracking_and_noise():
    assert canonical_url("HTTPS://News.Example.com:443/a/story?utm_source=rss&id=7&fbclid=x#top") \
        == "https://news.example.com/a/story?id=7"
    assert canonical_url("http://example.com?b=2&a=1") == "http://example.com/?a=1&b=2"
    assert canonical_url("http://example.com:8080/x") == "http://example.com:8080/x"
    assert canonical_url("https://e.com/x?ref=home") == canonical_url("https://e.com/x")


def test_content_hash_ignores_spacing_case_and_punctuation():
    assert content_hash("The wall,  moved.\n\nIt fell") == content_hash("the wall moved it fell!")
    assert content_hash("The wall moved") != content_hash("The wall stayed")


def test_sqlite_file_lives_under_the_data_dir(tmp_path):
    url = database_url(StoreSettings(data_dir=str(tmp_path / "d")))
    assert url == f"sqlite:///{tmp_path / 'd' / 'briefing.db'}"
    Store(url).close()
    assert (tmp_path / "d" / "briefing.db").exists()


def test_url_from_the_environment(monkeypatch):
    monkeypatch.setenv("TEST_BRIEFING_DB", "sqlite:///:memory:")
    assert database_url(StoreSettings(url_env="TEST_BRIEFING_DB")) == "sqlite:///:memory:"
    monkeypatch.delenv("TEST_BRIEFING_DB")
    with pytest.raises(StoreError, match=r"\$TEST_BRIEFING_DB, which is not set"):
        database_url(StoreSettings(url_env="TEST_BRIEFING_DB"))


def test_schema_version_is_checked(store_url):  # noqa: F811
    Store(store_url).close()
    store = Store(store_url)  # reopening a current store is fine
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE briefing_schema SET value = :v WHERE key = 'version'"),
                           {"v": str(SCHEMA_VERSION + 1)})
    store.close()
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1}"):
        Store(store_url)


def test_a_poll_records_each_entry_once_with_the_feed_state(store):
    entries = [Entry("https://a.test/1?utm_medium=rss", "One"), Entry("https://a.test/2"),
               Entry("https://a.test/1")]
    assert store.record_poll("https://a.test/feed", "A", etag='"v1"', last_modified=None,
                             entries=entries) == 2
    assert store.record_poll("https://a.test/feed", "A", etag='"v2"', last_modified=None,
                             entries=entries) == 0
    state = store.feed_state("https://a.test/feed")
    assert state.etag == '"v2"' and state.last_success is not None and not state.gone
    pending = store.pending_entries()
    assert [p.url for p in pending] == ["https://a.test/1?utm_medium=rss", "https://a.test/2"]
    assert pending[0].title == "One"


def test_feed_errors_and_gone_are_remembered(store):
    store.record_poll("https://a.test/feed", "A", etag=None, last_modified=None,
                      error="HTTP 500", gone=False)
    assert store.feed_state("https://a.test/feed").last_error == "HTTP 500"
    store.record_poll("https://a.test/feed", "A", etag=None, last_modified=None,
                      error="HTTP 410 Gone", gone=True)
    assert store.feed_state("https://a.test/feed").gone


def _read(store, url, content):
    store.add_entries([Entry(url)], "test")
    entry = next(p for p in store.pending_entries() if p.url == url)
    return store.entry_read(entry.id, content)


def test_duplicates_become_sources_of_one_article(store):
    relation, first = _read(store, "https://a.test/harbour",
                            ArticleContent(body(HARBOUR), title="Harbour wall", publisher="A"))
    assert relation == "original"
    # the same text, spaced differently, elsewhere
    assert _read(store, "https://b.test/copy",
                 ArticleContent(body(HARBOUR).upper(), publisher="B")) == ("same-text", first)
    # the same wire story, lightly edited by a third outlet
    edited = HARBOUR[:-1] + ["The council will publish the tender documents next week."]
    assert _read(store, "https://c.test/wire",
                 ArticleContent(body(edited), publisher="C")) == ("near-duplicate", first)
    # a copy cut short by a fourth
    assert _read(store, "https://d.test/short",
                 ArticleContent(body(HARBOUR[:3]), publisher="D")) == ("near-duplicate", first)
    # a different story is a different article
    relation, other = _read(store, "https://a.test/rail", ArticleContent(body(RAIL)))
    assert relation == "original" and other != first
    articles = {a.id: a for a in store.articles()}
    assert set(articles) == {first, other}
    copies = articles[first].copies
    assert [(c.url, c.relation, c.publisher) for c in copies] == [
        ("https://a.test/harbour", "original", "A"), ("https://b.test/copy", "same-text", "B"),
        ("https://c.test/wire", "near-duplicate", "C"),
        ("https://d.test/short", "near-duplicate", "D")]


def test_near_duplicates_are_found_by_a_fresh_store_too(store_url):  # noqa: F811
    with Store(store_url) as s:
        _, first = _read(s, "https://a.test/flood", ArticleContent(body(FLOOD)))
    edited = FLOOD[:-1] + ["Schools in the area will stay closed until Monday."]
    with Store(store_url) as s:
        assert _read(s, "https://b.test/flood", ArticleContent(body(edited))) == \
            ("near-duplicate", first)


def test_failed_reads_are_retried_then_given_up(store):
    store.add_entries([Entry("https://a.test/x"), Entry("https://a.test/404")], "A")
    x, missing = store.pending_entries()
    assert not store.entry_failed(x.id, "timed out", permanent=False, max_attempts=2)
    assert store.entry_failed(missing.id, "HTTP 404", permanent=True, max_attempts=2)
    assert [p.url for p in store.pending_entries()] == ["https://a.test/x"]
    assert store.entry_failed(x.id, "timed out", permanent=False, max_attempts=2)
    assert store.pending_entries() == []
    assert store.counts()["entries_failed"] == 2


def test_files_are_stored_once_by_path(store):
    content = ArticleContent(body(RAIL), kind="text", title="Strike")
    assert store.add_document("/news/rail.txt", "folder", content) == "original"
    assert store.add_document("/news/rail.txt", "folder", content) is None
    assert store.add_document("/news/rail-copy.txt", "folder", content) == "same-text"
    assert len(store.articles()) == 1


def test_an_article_is_new_until_a_finished_briefing_includes_it(store):
    published = datetime(2026, 11, 27, 7, 0, tzinfo=timezone.utc)
    store.add_document("/n/harbour.txt", "f", ArticleContent(body(HARBOUR), published=published))
    store.add_document("/n/rail.txt", "f", ArticleContent(body(RAIL)))
    harbour, rail = store.articles()
    assert harbour.content.published == published and harbour.first_seen.tzinfo is not None

    failed = store.start_run("2026-11-27", None)
    store.fail_run(failed, "disk full")
    assert len(store.articles()) == 2  # a failed build briefs nothing

    run = store.start_run("2026-11-27", None)
    store.finish_run(run, [harbour.id], [ShownStory("story-1", "Harbour wall", [harbour.id],
                                                    ["The council approved a plan."])],
                     {"md": "/out/briefing.md"})
    assert [a.id for a in store.articles()] == [rail.id]
    assert store.articles(new_since=datetime.now(timezone.utc) + timedelta(hours=1)) == []
    assert store.last_run_start() is not None
    runs = store.runs()
    assert [(r["status"], r["articles"]) for r in runs] == [("failed", []), ("done", [harbour.id])]
    earlier = store.earlier_stories()
    assert len(earlier) == 1 and earlier[0].id == "story-1"
    assert earlier[0].since.isoformat() == "2026-11-27"
    assert earlier[0].shown == ["The council approved a plan."]
    assert earlier[0].texts == [body(HARBOUR)]


def test_a_page_read_after_a_briefing_is_new_to_since_last(store):
    # the entry is learned of before a build, its page read only later (a retry, or a
    # page that failed at first): "--since last" must still brief it
    store.add_entries([Entry("https://a.test/harbour")], "test")
    run = store.start_run("2026-11-27", None)
    store.finish_run(run, [], [], {"md": "/out/briefing.md"})
    since = store.last_run_start()
    entry = store.pending_entries()[0]
    store.entry_read(entry.id, ArticleContent(body(HARBOUR)))
    assert [a.content.text for a in store.articles(new_since=since)] == [body(HARBOUR)]


def test_publication_times_keep_their_offset_or_stay_dates(store):
    plus_one = timezone(timedelta(hours=1))
    feed_time = datetime(2026, 12, 1, 14, 49, 20, tzinfo=plus_one)
    store.record_poll("https://a.test/feed", "A", etag=None, last_modified=None,
                      entries=[Entry("https://a.test/1", "One", feed_time)])
    [pending] = store.pending_entries()
    assert pending.published == feed_time and pending.published.utcoffset() == timedelta(hours=1)
    store.add_document("/n/harbour.txt", "f", ArticleContent(body(HARBOUR), published=feed_time))
    store.add_document("/n/rail.txt", "f", ArticleContent(body(RAIL), published=date(2026, 11, 30)))
    harbour, rail = store.articles()
    assert harbour.content.published.isoformat() == "2026-12-01T14:49:20+01:00"
    assert type(rail.content.published) is date and rail.content.published == date(2026, 11, 30)


def test_a_version_2_store_is_upgraded_and_its_times_read_as_utc(store_url):  # noqa: F811
    url = store_url
    with Store(url) as store:
        store.add_document("/n/harbour.txt", "f", ArticleContent(
            body(HARBOUR), published=datetime(2026, 12, 1, 13, 49, tzinfo=timezone.utc)))
        with store.engine.begin() as connection:  # the store as version 2 left it
            for table in ("articles", "entries"):
                connection.execute(text(f"ALTER TABLE {table} DROP COLUMN published_iso"))
            connection.execute(text("UPDATE briefing_schema SET value = '2'"))
    with Store(url) as store:
        [harbour] = store.articles()
        assert harbour.content.published == datetime(2026, 12, 1, 13, 49, tzinfo=timezone.utc)
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT value FROM briefing_schema")).scalar() == \
                str(SCHEMA_VERSION)
        store.add_document("/n/rail.txt", "f", ArticleContent(body(RAIL),
                                                              published=date(2026, 11, 30)))
        assert store.articles()[1].content.published == date(2026, 11, 30)
