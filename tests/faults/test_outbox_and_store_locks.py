"""The outbox and the store lock on SQLite and (when BRIEFING_TEST_PG_URL is set)
PostgreSQL: a delivery interrupted mid-send is seen on the next run, a sent one is never
due again, and a second process is refused the store with the holder named."""
from __future__ import annotations

from datetime import timedelta

import pytest

from briefing.locks import LockHeld
from briefing.store import Outbox, Store, utcnow

from ..dbfixtures import store_url  # noqa: F401  (fixture)


def test_the_outbox_never_sends_a_sent_delivery_and_recovers_an_interrupted_one(
        store_url):  # noqa: F811
    with Store(store_url) as store:
        outbox = Outbox(store)
        edition = outbox.record_edition(name="2026-11-27-2", folder="/srv/out/2026-11-27-2",
                                        date="2026-11-27", files={"md": "briefing.md"},
                                        parcel={"subject": "s", "html": "h", "text": "t",
                                                "chat": {}, "attachments": []},
                                        targets=["email to a@example.org", "slack webhook (X)"])
        email, slack = outbox.due(max_attempts=3)
        assert {email.status, slack.status} == {"pending"}
        assert email.message_id != slack.message_id
        assert email.message_id.startswith("briefing-2026-11-27-2-")

        outbox.start(email.id)
        outbox.sent(email.id)
        outbox.start(slack.id)  # ... and the process is killed mid-send
        assert [d.id for d in outbox.due(max_attempts=3)] == []
        assert outbox.recover_interrupted() == 1
        [again] = outbox.due(max_attempts=3)
        assert (again.id, again.status, again.attempts) == (slack.id, "failed", 1)
        assert "interrupted while sending" in again.last_error

        outbox.start(slack.id)
        retry = outbox.failed(slack.id, "HTTP 500", backoff_minutes=5, max_attempts=3)
        assert timedelta(minutes=9) < retry - utcnow() <= timedelta(minutes=10)  # doubled
        assert outbox.due(max_attempts=3) == []
        assert [d.id for d in outbox.due(max_attempts=3, now=retry)] == [slack.id]
        outbox.start(slack.id)
        assert outbox.failed(slack.id, "HTTP 500", backoff_minutes=5, max_attempts=3) is None
        assert outbox.due(max_attempts=3, now=retry + timedelta(days=9)) == []

        outbox.request(edition, ["slack webhook (X)"])  # re-send on request
        assert [d.id for d in outbox.due(max_attempts=3)] == [slack.id]
        assert outbox.edition("latest").name == "2026-11-27-2"


def test_a_second_process_is_refused_the_store_with_the_holder_named(store_url):  # noqa: F811
    with Store(store_url) as first, Store(store_url) as second:
        held = first.lock().acquire()
        try:
            with pytest.raises(LockHeld, match=r"^the store .* is in use by .*pid \d+"):
                second.lock().acquire(wait=0.3)
            other = second.lock("scheduler").acquire()  # another purpose, another lock
            other.release()
        finally:
            held.release()
        second.lock().acquire().release()  # free once released


def test_killed_runs_are_marked_failed_by_the_next_lock_holder(store_url):  # noqa: F811
    with Store(store_url) as store:
        run = store.start_run("2026-11-27", None)
        assert store.fail_abandoned_runs() == [run]
        [row] = store.runs()
        assert row["status"] == "failed" and row["error"].startswith("abandoned:")
        assert store.fail_abandoned_runs() == []
