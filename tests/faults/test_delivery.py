"""The delivery outbox against real servers on loopback: an unset webhook variable, an
SMTP server (aiosmtpd) and a webhook (pytest-httpserver) that fail first and succeed
later; retries with backoff, never twice, re-sending on request, refusing to build when
no target can be used."""
from __future__ import annotations

import email
import email.policy
import json
import socket
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from aiosmtpd.controller import Controller
from werkzeug import Response

from briefing.config import StoreSettings
from briefing.store import Outbox, Store, database_url

from ..test_deliver import free_port
from .conftest import cli

SLACK_ENV = "BRIEFING_FAULT_SLACK_URL"


class FlakyInbox:
    """An SMTP server's mailbox that answers 451 (try later) to the first ``failures``
    messages, then accepts."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.refused = 0
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        if self.failures > 0:
            self.failures -= 1
            self.refused += 1
            return "451 4.3.0 Mailbox busy, try again later"
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = FlakyInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture
def hook(httpserver):
    """A Slack-like webhook on loopback answering 404 to the first ``state['failures']``
    posts, then 200; every post is kept."""
    state = {"failures": 0, "posts": [], "statuses": []}

    def handle(request):
        state["posts"].append(request.get_json())
        if state["failures"] > 0:
            state["failures"] -= 1
            state["statuses"].append(404)
            return Response("no_service", status=404)
        state["statuses"].append(200)
        return Response("ok")
    httpserver.expect_request("/hook", method="POST").respond_with_handler(handle)
    state["url"] = httpserver.url_for("/hook")
    return state


def email_target(port: int) -> str:
    """The config table of an email target on the loopback SMTP server."""
    return f"""
[[delivery.email]]
host = "127.0.0.1"
port = {port}
security = "none"
sender = "briefing@example.org"
to = ["team@example.org"]
"""


def _write_delivery_config(project, port: int) -> None:
    """An email target on ``port`` and a Slack webhook, a five-minute backoff, an inbox."""
    (project / "briefing.toml").write_text(f"""
[render]
formats = ["md", "json"]
[delivery]
retry_backoff_minutes = 5
{email_target(port)}
[[delivery.webhook]]
kind = "slack"
url_env = "{SLACK_ENV}"
[[sources]]
kind = "folder"
path = "inbox"
""", encoding="utf-8")


@pytest.fixture
def delivering(project, smtp):
    _write_delivery_config(project, smtp[1])
    return project


def _rows(project):
    with Store(database_url(StoreSettings(data_dir=str(project / "data")))) as store:
        return {row.target.split(" ")[0]: row for row in Outbox(store).deliveries()}


def _later(minutes: float):
    return time_machine.travel(datetime.now(timezone.utc) + timedelta(minutes=minutes))


EMAIL = "email to team@example.org"
SLACK = f"slack webhook ({SLACK_ENV})"


def test_an_unset_webhook_variable_loses_nothing_and_is_retried_once_set(
        delivering, smtp, hook, capsys, monkeypatch):
    inbox, _ = smtp
    monkeypatch.delenv(SLACK_ENV, raising=False)
    assert cli(["collect"], capsys)[0] == 0
    code, out, err = cli(["build", "--since", "last", "--deliver"], capsys)
    assert code == 1
    assert f"WARNING: {SLACK} cannot be used: environment variable {SLACK_ENV} is not set" \
        in err
    assert f"NOT delivered: {SLACK}: environment variable {SLACK_ENV} is not set; next try " \
           "after " in err
    assert "(`briefing deliver --retry`)" in err
    assert f"Delivered: {EMAIL} (" in out
    assert len(inbox.messages) == 1
    rows = _rows(delivering)
    assert (rows["email"].status, rows["email"].attempts) == ("sent", 1)
    assert (rows["slack"].status, rows["slack"].attempts) == ("failed", 1)
    assert rows["slack"].last_error == f"{SLACK}: environment variable {SLACK_ENV} is not set"

    # Retried too soon: the backoff holds it back, nothing is sent; the delivery is still
    # failing, and cron hears it (exit status 1, as `briefing status` says).
    code, out, _ = cli(["deliver", "--retry"], capsys)
    assert code == 1 and "Nothing to deliver now: 1 failed delivery(ies) wait for their next try" \
        in out
    assert cli(["status"], capsys)[0] == 1
    assert hook["posts"] == []

    monkeypatch.setenv(SLACK_ENV, hook["url"])
    with _later(6):
        code, out, err = cli(["deliver", "--retry"], capsys)
    assert code == 0, err
    assert out.startswith(f"Delivered: {SLACK} (")
    assert len(hook["posts"]) >= 1 and set(hook["statuses"]) == {200}
    posted = len(hook["posts"])
    assert "Harbour wall to be rebuilt" in hook["posts"][0]["text"]
    assert len(inbox.messages) == 1  # the email was not sent a second time

    # Nothing is ever sent twice: not by another retry, not by the next build.
    with _later(120):
        assert "no delivery is pending" in cli(["deliver", "--retry"], capsys)[1]
        code, out, _ = cli(["build", "--since", "last", "--deliver"], capsys)
    assert code == 0 and "Nothing new in the store since last" in out
    assert len(hook["posts"]) == posted and len(inbox.messages) == 1
    rows = _rows(delivering)
    assert (rows["slack"].status, rows["slack"].attempts) == ("sent", 2)

    # ... unless asked: `briefing deliver EDITION --to NAME` sends it again.
    code, out, _ = cli(["deliver", "latest", "--to", "slack"], capsys)
    assert code == 0 and out.startswith(f"Delivered: {SLACK} (")
    assert len(hook["posts"]) == 2 * posted and len(inbox.messages) == 1
    listing = cli(["deliver"], capsys)[1]
    assert f"sent     {EMAIL}" in listing and f"sent     {SLACK}" in listing


def test_servers_that_fail_first_are_retried_with_backoff_and_receive_one_message(
        delivering, smtp, hook, capsys, monkeypatch):
    inbox, _ = smtp
    inbox.failures, hook["failures"] = 1, 1
    monkeypatch.setenv(SLACK_ENV, hook["url"])
    assert cli(["collect"], capsys)[0] == 0
    code, out, err = cli(["build", "--since", "last", "--deliver"], capsys)
    assert code == 1
    assert f"NOT delivered: {EMAIL} via 127.0.0.1:" in err and "451" in err
    assert f"NOT delivered: {SLACK}: HTTP 404 NOT FOUND, answering 'no_service'" in err
    assert inbox.refused == 1 and hook["statuses"] == [404]
    rows = _rows(delivering)
    first_try = rows["email"].next_attempt_at
    assert rows["email"].status == rows["slack"].status == "failed"
    assert timedelta(minutes=4) < first_try - datetime.now(timezone.utc) <= timedelta(minutes=5)

    with _later(3):  # still backing off: still failing
        code, out, _ = cli(["deliver", "--retry"], capsys)
        assert code == 1 and "wait for their next try" in out
    assert inbox.messages == [] and hook["statuses"] == [404]
    with _later(6):
        code, out, err = cli(["deliver", "--retry"], capsys)
    assert code == 0, err
    assert hook["statuses"] == [404, 200]
    [raw] = inbox.messages
    message = email.message_from_bytes(raw, policy=email.policy.default)
    rows = _rows(delivering)
    assert message["Message-ID"] == f"<{rows['email'].message_id}@example.org>"
    assert rows["email"].message_id.startswith(f"briefing-{rows['email'].edition}-")
    assert (rows["email"].status, rows["email"].attempts) == ("sent", 2)
    assert (rows["slack"].status, rows["slack"].attempts) == ("sent", 2)
    with _later(600):
        assert "no delivery is pending" in cli(["deliver", "--retry"], capsys)[1]
    assert len(inbox.messages) == 1 and hook["statuses"] == [404, 200]


def test_a_failed_delivery_is_in_the_exit_status_the_outbox_and_briefing_status(
        delivering, smtp, hook, capsys, monkeypatch):
    inbox, _ = smtp
    inbox.failures = 1
    monkeypatch.setenv(SLACK_ENV, hook["url"])
    assert cli(["collect"], capsys)[0] == 0
    code, out, err = cli(["build", "--since", "last", "--deliver"], capsys)
    assert code == 1
    assert f"Delivered: {SLACK}" in out and "NOT delivered" not in out
    assert f"NOT delivered: {EMAIL} via 127.0.0.1:" in err
    row = _rows(delivering)["email"]
    assert row.status == "failed" and "451" in row.last_error and row.next_attempt_at
    code, out, _ = cli(["status"], capsys)
    assert code == 1
    assert "Outbox: 1 delivery(ies) not sent" in out
    [line] = [line for line in out.splitlines() if EMAIL in line]
    assert f"  {row.edition}  failed  {EMAIL}: 1 try; next try after " in line and "451" in line
    code, out, _ = cli(["status", "--json"], capsys)
    [failed] = json.loads(out)["deliveries"]
    assert code == 1 and (failed["target"], failed["status"]) == (EMAIL, "failed")
    with _later(6):
        assert cli(["deliver", "--retry"], capsys)[0] == 0
        code, out, _ = cli(["status"], capsys)
    assert code == 0 and "Outbox: nothing waiting" in out


def test_deliver_retry_exits_1_while_a_delivery_waits_for_its_next_try(
        project, hook, capsys, monkeypatch):
    """SMTP on a closed loopback port: every `deliver --retry` before the backoff is over
    (one that sends nothing, or one that sends another target's delivery) exits 1, as the
    README's table has it for a delivery target that failed; naming an edition that is
    delivered says only how that went."""
    monkeypatch.setenv(SLACK_ENV, hook["url"])
    _write_delivery_config(project, free_port())
    hook["failures"] = 1
    assert cli(["collect"], capsys)[0] == 0
    code, _, err = cli(["build", "--since", "last", "--deliver"], capsys)
    assert code == 1 and f"NOT delivered: {EMAIL} via 127.0.0.1:" in err
    code, out, _ = cli(["deliver", "--retry"], capsys)
    assert code == 1
    assert "Nothing to deliver now: 2 failed delivery(ies) wait for their next try" in out
    with _later(4):
        assert cli(["deliver", "latest", "--to", "slack"], capsys)[:2] == (
            0, f"Delivered: {SLACK} ({_rows(project)['slack'].edition})\n")
        code, out, _ = cli(["deliver", "--retry"], capsys)
    assert code == 1 and "Nothing to deliver now: 1 failed delivery(ies) wait" in out
    with _later(6):  # due: it fails again, and says so
        code, _, err = cli(["deliver", "--retry"], capsys)
    assert code == 3 and f"NOT delivered: {EMAIL} via 127.0.0.1:" in err
    rows = _rows(project)
    assert (rows["email"].status, rows["email"].attempts) == ("failed", 2)
    assert (rows["slack"].status, rows["slack"].attempts) == ("sent", 2)


def test_deliver_to_a_named_target_sends_to_it_alone_while_others_wait(
        project, hook, capsys, monkeypatch):
    """Both targets failed and both retries are due: `deliver EDITION --to slack` and
    `deliver --retry --to slack` send to Slack alone; the email's retry is neither tried
    nor marked failed for being left out, and waits for a run that includes it."""
    monkeypatch.setenv(SLACK_ENV, hook["url"])
    _write_delivery_config(project, free_port())  # SMTP on a closed port
    hook["failures"] = 2
    assert cli(["collect"], capsys)[0] == 0
    code, _, err = cli(["build", "--since", "last", "--deliver"], capsys)
    assert code == 1 and "NOT delivered: " + SLACK in err  # built; neither delivered
    with _later(6):  # both due for a retry
        code, out, err = cli(["deliver", "--retry", "--to", "slack"], capsys)
        assert code == 3 and "delivering 1/1" in err and EMAIL not in out + err
        rows = _rows(project)
        assert (rows["email"].status, rows["email"].attempts) == ("failed", 1)
        assert (rows["slack"].status, rows["slack"].attempts) == ("failed", 2)
    with _later(20):
        code, out, err = cli(["deliver", "latest", "--to", "slack"], capsys)
        assert (code, out) == (0, f"Delivered: {SLACK} ({rows['slack'].edition})\n")
        assert EMAIL not in err
    rows = _rows(project)
    assert (rows["email"].status, rows["email"].attempts) == ("failed", 1)
    assert rows["slack"].status == "sent" and len(hook["posts"]) == 3


def test_a_target_failing_again_backs_off_longer_and_is_given_up(delivering, smtp, hook,
                                                                 capsys, monkeypatch):
    inbox, _ = smtp
    inbox.failures = 100
    monkeypatch.setenv(SLACK_ENV, hook["url"])
    config = delivering / "briefing.toml"
    config.write_text(config.read_text().replace("retry_backoff_minutes = 5",
                                                 "retry_backoff_minutes = 5\nmax_attempts = 2"))
    assert cli(["collect"], capsys)[0] == 0
    assert cli(["build", "--since", "last", "--deliver"], capsys)[0] == 1
    with _later(6):
        code, _, err = cli(["deliver", "--retry"], capsys)
    assert code == 3  # every due delivery failed: nothing could be done
    assert "given up; `briefing deliver EDITION` sends it again" in err
    assert inbox.refused == 2
    with _later(600):
        assert "no delivery is pending" in cli(["deliver", "--retry"], capsys)[1]
    assert inbox.refused == 2


def test_check_says_which_delivery_server_does_not_answer(delivering, capsys, monkeypatch):
    monkeypatch.setenv(SLACK_ENV, "http://127.0.0.1:9/hook")  # the discard port: closed
    code, out, _ = cli(["check"], capsys)
    assert f"ok    delivery: {EMAIL}" in out  # the loopback SMTP server answers
    assert f"FAIL  delivery: {SLACK}: 127.0.0.1:9 does not answer" in out
    assert code == 1


def test_check_fails_an_smtp_server_that_accepts_a_connection_but_never_greets(
        project, capsys, monkeypatch):
    silent = socket.create_server(("127.0.0.1", 0))  # listens, accepts, never says 220
    port = silent.getsockname()[1]
    _write_delivery_config(project, port)
    monkeypatch.setenv(SLACK_ENV, "http://127.0.0.1:9/hook")
    monkeypatch.setattr("briefing.cli.CHECK_CONNECT_SECONDS", 0.5)
    try:
        code, out, _ = cli(["check"], capsys)
    finally:
        silent.close()
    assert (f"FAIL  delivery: {EMAIL}: 127.0.0.1:{port} accepts a connection "
            f"but sends no SMTP greeting within 0.5 s") in out
    assert code == 1


def test_check_warns_when_messages_would_point_at_an_edition_nobody_can_open(
        delivering, hook, capsys, monkeypatch):
    monkeypatch.setenv(SLACK_ENV, hook["url"])
    config = delivering / "briefing.toml"
    warning = (f"WARN  delivery: render.public_url is empty: {EMAIL}, {SLACK} will get "
               f"messages pointing at an edition nobody can open (set it to the address where "
               f"{delivering / 'out'} is published)\n")
    code, out, _ = cli(["check"], capsys)
    assert code == 0  # a warning, not a failure
    assert out.endswith(f"ok    delivery: {SLACK}\n" + warning) and out.count("WARN") == 1
    # an email with the PDF attached holds the full briefing: only the chat post is named
    config.write_text(config.read_text().replace('formats = ["md", "json"]',
                                                 'formats = ["md", "json", "pdf"]'))
    code, out, _ = cli(["check"], capsys)
    assert code == 0 and out.endswith(warning.replace(f"{EMAIL}, ", ""))
    config.write_text(config.read_text().replace(
        "[render]\n", '[render]\npublic_url = "https://intranet.example/briefings/"\n'))
    code, out, _ = cli(["check"], capsys)
    assert code == 0 and "WARN" not in out


def test_build_deliver_refuses_to_start_when_no_target_can_be_used(delivering, capsys,
                                                                   monkeypatch):
    monkeypatch.delenv(SLACK_ENV, raising=False)
    config = delivering / "briefing.toml"
    config.write_text(config.read_text().replace('host = "127.0.0.1"',
                                                 'host = "no-such-host.invalid"'))
    code, out, err = cli(["check"], capsys)
    assert code == 1
    assert "FAIL  delivery: email to team@example.org: host no-such-host.invalid does not " \
           "resolve" in out
    assert f"FAIL  delivery: {SLACK}: environment variable {SLACK_ENV} is not set" in out
    assert f"ok    output folder {delivering / 'out'}" in out
    assert cli(["collect"], capsys)[0] == 0
    code, out, err = cli(["build", "--since", "last", "--deliver"], capsys)
    assert code == 2
    assert "briefing: error: --deliver: no delivery target can be used (email to " \
           "team@example.org: host no-such-host.invalid does not resolve" in err
    assert "nothing was built. `briefing check` lists the targets" in err
    assert not (delivering / "out").exists()  # nothing built: not even the folder made
    with Store(database_url(StoreSettings(data_dir=str(delivering / "data")))) as store:
        assert store.runs() == []


def test_a_build_from_files_is_delivered_through_the_outbox_too(delivering, smtp, hook, capsys,
                                                                monkeypatch):
    inbox, _ = smtp
    monkeypatch.setenv(SLACK_ENV, hook["url"])
    code, out, err = cli(["build", "inbox", "--date", "2026-11-27", "--deliver"], capsys)
    assert code == 0, err
    assert f"Delivered: {EMAIL} (2026-11-27)" in out and f"Delivered: {SLACK} (2026-11-27)" in out
    assert len(inbox.messages) == 1 and set(hook["statuses"]) == {200}
    code, out, _ = cli(["deliver", "2026-11-27", "--to", "team@"], capsys)
    assert code == 0 and out == f"Delivered: {EMAIL} (2026-11-27)\n"
    assert len(inbox.messages) == 2
    code, _, err = cli(["deliver", "2026-11-28"], capsys)
    assert code == 2 and f"no edition '2026-11-28': neither a folder of {delivering / 'out'} " \
        "(render.out_dir) nor a folder path, nor in the outbox" in err


def _add_email_target(project, port: int) -> None:
    config = project / "briefing.toml"
    config.write_text(config.read_text(encoding="utf-8") + email_target(port),
                      encoding="utf-8")


def test_deliver_without_a_target_names_the_config_file(project, capsys):
    assert cli(["collect"], capsys)[0] == 0
    assert cli(["build", "--since", "last"], capsys)[0] == 0
    code, _, err = cli(["deliver", "latest"], capsys)
    assert code == 2
    assert ("briefing: error: briefing.toml names no delivery target; add a "
            "[[delivery.email]] or [[delivery.webhook]] table there") in err
    code, _, err = cli(["build", "--since", "last", "--deliver"], capsys)
    assert code == 2 and "--deliver: briefing.toml names no delivery target" in err


def test_an_edition_built_before_a_target_was_configured_is_delivered_once_one_is(
        project, smtp, capsys):
    inbox, port = smtp
    assert cli(["collect"], capsys)[0] == 0
    code, out, err = cli(["build", "--since", "last"], capsys)
    assert code == 0, err
    name = (project / "out" / "latest.txt").read_text(encoding="utf-8").strip()
    _add_email_target(project, port)

    # nothing new: one line, saying the latest edition has not reached the new target
    code, out, _ = cli(["build", "--since", "last", "--deliver"], capsys)
    assert code == 0
    assert out == ("Nothing new in the store since last; no briefing written; the latest "
                   f"edition, {name}, has not been delivered to {EMAIL}: `briefing deliver "
                   "latest` sends it\n")
    assert inbox.messages == []

    code, out, err = cli(["deliver", "latest"], capsys)
    assert code == 0, err
    assert out == f"Delivered: {EMAIL} ({name})\n"
    [raw] = inbox.messages
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == f"Daily briefing — {name}: 2 stories"
    assert "Harbour wall to be rebuilt" in message.get_body(("plain",)).get_content()

    # asked again, a target that has it is told so, not sent it twice
    code, out, _ = cli(["deliver", "latest"], capsys)
    assert code == 0 and out.startswith(f"Already delivered: {EMAIL} ({name}), ")
    assert out.endswith(f"; `briefing deliver {name} --to NAME` sends it again\n")
    assert len(inbox.messages) == 1
    code, out, _ = cli(["build", "--since", "last", "--deliver"], capsys)
    assert code == 0 and out == "Nothing new in the store since last; no briefing written\n"
    assert len(inbox.messages) == 1
    assert f"{name}  sent     {EMAIL}" in cli(["deliver"], capsys)[1]


def test_an_edition_built_from_files_without_deliver_is_delivered_later(project, smtp,
                                                                        capsys):
    inbox, port = smtp
    assert cli(["build", "inbox", "--date", "2026-11-27"], capsys)[0] == 0
    assert cli(["build", "inbox", "--date", "2026-11-27"], capsys)[0] == 0
    _add_email_target(project, port)
    code, out, err = cli(["deliver", str(project / "out" / "2026-11-27")], capsys)
    assert code == 0, err
    assert out == f"Delivered: {EMAIL} (2026-11-27)\n"
    code, out, err = cli(["deliver", "latest"], capsys)
    assert code == 0 and out == f"Delivered: {EMAIL} (2026-11-27-2)\n", err
    subjects = [email.message_from_bytes(raw, policy=email.policy.default)["Subject"]
                for raw in inbox.messages]
    assert subjects == ["Daily briefing — 2026-11-27: 2 stories",
                        "Daily briefing — 2026-11-27 (2nd edition): 2 stories"]
    # an edition that keeps no messages (an earlier version built it) says so
    assert cli(["build", "inbox", "--date", "2026-11-28"], capsys)[0] == 0
    (project / "out" / "2026-11-28" / "delivery.json").unlink()
    code, _, err = cli(["deliver", "2026-11-28"], capsys)
    assert code == 2 and "keeps no messages to send (it was built by an earlier version, " \
        "before editions kept their delivery.json); build it again to deliver it" in err
    assert len(inbox.messages) == 2
    # nothing new from the store while the latest edition is such a one: the build says
    # so, and offers no edition it cannot send
    assert cli(["collect"], capsys)[0] == 0
    assert cli(["build", "--since", "last", "--deliver"], capsys)[0] == 0
    assert cli(["build", "inbox", "--date", "2026-11-29"], capsys)[0] == 0
    (project / "out" / "2026-11-29" / "delivery.json").unlink()
    code, out, err = cli(["build", "--since", "last", "--deliver"], capsys)
    assert (code, out) == (0, "Nothing new in the store since last; no briefing written\n"), err
