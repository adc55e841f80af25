"""Delivery: email through a real SMTP server and chat posts to a real HTTP server, both on
loopback; chat text split to each service's limit and inert whatever the articles say."""
from __future__ import annotations

import email
import email.policy
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from dataclasses import replace
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from briefing.config import ConfigError, DeliverySettings, EmailTarget, WebhookTarget, load_settings
from briefing.deliver import (DeliveryError, DiscordChannel, EmailChannel, MattermostChannel,
                              Parcel, SlackChannel, TeamsChannel, channels, make_parcel,
                              pack_blocks, parcel_to_dict, send_due)
from briefing.editions import Edition
from briefing.render import render_chat

from .test_render import (HOSTILE, MARKED_UP_SHOWN, briefing, hostile,  # noqa: F401
                          marked_up_briefing)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- SMTP

class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"briefing" and auth_data.password == b"s3cret"
        return AuthResult(success=ok)

    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, authenticator=authenticate,
                            auth_require_tls=False, auth_required=False)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def target(port: int, **overrides) -> EmailTarget:
    values = dict(host="127.0.0.1", port=port, security="none", sender="briefing@example.org",
                  to=["team@example.org", "chief@example.org"])
    values.update(overrides)
    return EmailTarget(**values)


@pytest.fixture
def parcel(briefing, tmp_path: Path) -> Parcel:  # noqa: F811
    from briefing.config import Settings
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(b"%PDF-1.4 test bytes")
    # the day's third edition: the messages must name it, not the day's first
    edition = Edition("2026-03-04-3", tmp_path, "2026-03-04", {"pdf": pdf})
    return make_parcel(briefing, edition, Settings())


def test_email_arrives_with_html_text_and_pdf(smtp_server, parcel: Parcel) -> None:
    inbox, port = smtp_server
    EmailChannel(target(port)).send(parcel)
    [(sender, recipients, raw)] = inbox.messages
    assert sender == "briefing@example.org"
    assert recipients == ["team@example.org", "chief@example.org"]
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    # the day's third edition, said so: "2026-03-04-3" would read like a date
    assert msg["Subject"] == "Daily briefing — 2026-03-04 (3rd edition): 2 stories"
    html = msg.get_body(("html",)).get_content()
    text = msg.get_body(("plain",)).get_content()
    assert "Bridge reopens" in html and '<h1 style="' in html  # CSS inlined for mail clients
    assert "1. Bridge reopens" in text.splitlines() and "##" not in text  # plain, not Markdown
    # the plain part points to what the recipient has: the PDF attached, not the files
    assert "The attached PDF holds every story's full summary" in text
    assert "briefing.html" not in text
    [attachment] = list(msg.iter_attachments())
    assert attachment.get_filename() == "briefing.pdf"
    assert attachment.get_content() == b"%PDF-1.4 test bytes"


def test_email_text_part_reads_as_plain_text(smtp_server, tmp_path) -> None:
    """The text/plain part as a mail client shows it: no Markdown marks or escapes, an
    article's own "**x**" and line break shown as the text they are, no control characters."""
    from briefing.config import Settings
    inbox, port = smtp_server
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(b"%PDF-1.4 test bytes")
    edition = Edition("2026-03-04", tmp_path, "2026-03-04", {"pdf": pdf})
    EmailChannel(target(port)).send(make_parcel(marked_up_briefing(), edition, Settings()))
    msg = email.message_from_bytes(inbox.messages[0][2], policy=email.policy.default)
    lines = msg.get_body(("plain",)).get_content().splitlines()
    assert lines[:2] == ["Daily briefing — 2026-03-04",
                         "1 min read · 1 story · 1 article from 1 outlet · generated 4 Mar 2026, 06:00 UTC"]
    assert f"1. {MARKED_UP_SHOWN}" in lines and f"- Said {MARKED_UP_SHOWN} [1]" in lines
    assert lines[-2:] == ["---", "The attached PDF holds every story's full summary, every "
                                 "statement and every source."]
    assert not [line for line in lines if "\x1b" in line or "\u202e" in line or "\x07" in line]


def test_email_without_pdf_when_not_wanted(smtp_server, parcel: Parcel) -> None:
    inbox, port = smtp_server
    EmailChannel(target(port, attach_pdf=False)).send(parcel)
    msg = email.message_from_bytes(inbox.messages[0][2], policy=email.policy.default)
    assert list(msg.iter_attachments()) == []
    # neither part claims a PDF that is not there; both say which edition holds it all
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "attached" not in text.lower() and "attached" not in html.lower()
    assert "The full briefing, edition 2026-03-04-3, holds every story's full summary" in text
    assert "The full briefing, edition 2026-03-04-3, holds every story's full summary" in html
    assert "1. Bridge reopens" in text.splitlines() and "Bridge reopens" in html


def test_email_without_pdf_links_the_full_briefing_when_it_is_published(
        smtp_server, briefing, tmp_path) -> None:  # noqa: F811
    from briefing.config import Settings
    inbox, port = smtp_server
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(b"%PDF-1.4 test bytes")
    html = tmp_path / "briefing.html"
    html.write_text("<!doctype html>", encoding="utf-8")
    settings = Settings()
    settings.render.public_url = "https://intranet.example/briefings/"
    edition = Edition("2026-03-04-3", tmp_path, "2026-03-04", {"html": html, "pdf": pdf})
    parcel = make_parcel(briefing, edition, settings)
    # the parcel is kept in the outbox as JSON and sent from there
    from briefing.deliver import parcel_from_dict
    parcel = parcel_from_dict(json.loads(json.dumps(parcel_to_dict(parcel))))
    EmailChannel(target(port, attach_pdf=False)).send(parcel)
    EmailChannel(target(port)).send(parcel)
    without, with_pdf = (email.message_from_bytes(raw, policy=email.policy.default)
                         for _, _, raw in inbox.messages)
    url = "https://intranet.example/briefings/2026-03-04-3/briefing.html"
    for msg in (without, with_pdf):
        text = msg.get_body(("plain",)).get_content()
        assert f"Full briefing, with every statement and source: {url}" in text
        assert "attached PDF" not in text
        assert f'href="{url}"' in msg.get_body(("html",)).get_content()
    assert list(without.iter_attachments()) == []
    assert [a.get_filename() for a in with_pdf.iter_attachments()] == ["briefing.pdf"]


def test_email_of_an_edition_without_its_full_record_claims_none(
        smtp_server, briefing, tmp_path) -> None:  # noqa: F811
    # an edition of Markdown only (no HTML, no PDF) holds no full record to point to
    from briefing.config import Settings
    inbox, port = smtp_server
    md = tmp_path / "briefing.md"
    md.write_text("# briefing", encoding="utf-8")
    edition = Edition("2026-03-04-3", tmp_path, "2026-03-04", {"md": md})
    parcel = make_parcel(briefing, edition, Settings())
    for blocks in parcel.chat.values():  # nor do the chat posts name files it lacks
        assert "Bridge reopens" in blocks[1] and "Full briefing" not in "".join(blocks)
    EmailChannel(target(port)).send(parcel)
    EmailChannel(target(port, attach_pdf=False)).send(parcel)
    for _, _, raw in inbox.messages:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        assert list(msg.iter_attachments()) == []
        for part in (msg.get_body(("plain",)), msg.get_body(("html",))):
            content = part.get_content()
            assert "holds every story's full summary" not in content
            assert "attached" not in content.lower()
            assert "Bridge reopens" in content


ATTACHED_CLAIM = ("The attached PDF holds every story's full summary, every statement and "
                  "every source.")


def _old_outbox_parcel(briefing, tmp_path, files: dict[str, Path]) -> dict:  # noqa: F811
    """A parcel as the outbox kept it before the no-PDF variants (commit f8dac9d): no
    ``*_without_pdf`` keys; its HTML part always pointed to the attached PDF, its text
    part too when the edition had one, else to the edition's HTML and PDF files."""
    from briefing.config import Settings
    from briefing.render import render_email_html, render_email_text
    edition = Edition("2026-03-04-3", tmp_path, "2026-03-04", files)
    data = parcel_to_dict(make_parcel(briefing, edition, Settings()))
    del data["html_without_pdf"], data["text_without_pdf"]
    data["html"] = render_email_html(briefing, pdf_attached=True)
    data["text"] = render_email_text(briefing, pdf_attached=True)
    if "pdf" not in files:
        data["text"] = data["text"].replace(
            ATTACHED_CLAIM, "Full briefing, with every statement and source: briefing.html "
                            "and briefing.pdf of edition 2026-03-04-3")
    assert ATTACHED_CLAIM in data["html"]
    return data


@pytest.mark.parametrize("formats", [("pdf", "md"), ("md",)])
def test_a_parcel_kept_before_the_no_pdf_variants_claims_no_pdf_when_sent_without_one(
        smtp_server, briefing, tmp_path, formats) -> None:  # noqa: F811
    from briefing.store import Outbox, Store
    inbox, port = smtp_server
    files = {}
    for fmt in formats:
        files[fmt] = tmp_path / f"briefing.{fmt}"
        files[fmt].write_bytes(b"%PDF-1.4 test bytes" if fmt == "pdf" else b"# briefing")
    old = _old_outbox_parcel(briefing, tmp_path, files)
    # a target without the PDF; and, for the edition that has none, one that wants it
    channels_ = [EmailChannel(target(port, attach_pdf=False, to=["nopdf@example.org"])),
                 EmailChannel(target(port, to=["pdf@example.org"]))]
    with Store(f"sqlite:///{tmp_path / 'briefing.db'}") as store:
        outbox = Outbox(store)
        outbox.record_edition(name="2026-03-04-3", folder=str(tmp_path), date="2026-03-04",
                              files={f: str(p) for f, p in files.items()}, parcel=old,
                              targets=[c.name for c in channels_])
        report = send_due(outbox, channels_, DeliverySettings())
    assert report.ok and len(report.delivered) == 2
    messages = {recipients[0]: email.message_from_bytes(raw, policy=email.policy.default)
                for _, recipients, raw in inbox.messages}
    for address, msg in messages.items():
        attached = [a.get_filename() for a in msg.iter_attachments()]
        if attached:  # the PDF is there: the parts may say so
            assert (address, formats) == ("pdf@example.org", ("pdf", "md"))
            assert ATTACHED_CLAIM in msg.get_body(("plain",)).get_content()
            continue
        for part in (msg.get_body(("plain",)), msg.get_body(("html",))):
            content = part.get_content()
            assert "attached" not in content.lower() and "Bridge reopens" in content
            # the edition with a PDF holds the full briefing; the one without holds none
            assert ("The full briefing, edition 2026-03-04-3, holds every story's full "
                    "summary" in content) == ("pdf" in formats)
            assert "briefing.html" not in content


def test_email_logs_in_with_the_password_from_the_environment(smtp_server, parcel, monkeypatch) -> None:
    inbox, port = smtp_server
    monkeypatch.setenv("TEST_SMTP_PASSWORD", "s3cret")
    EmailChannel(target(port, username="briefing", password_env="TEST_SMTP_PASSWORD")).send(parcel)
    assert len(inbox.messages) == 1

    monkeypatch.setenv("TEST_SMTP_PASSWORD", "wrong")
    # aiosmtpd answers a failed login slowly; the channel's own timeout ends the wait
    with pytest.raises(DeliveryError, match="failed"):
        EmailChannel(target(port, username="briefing", password_env="TEST_SMTP_PASSWORD"),
                     timeout=2).send(parcel)
    assert len(inbox.messages) == 1


def test_email_names_a_missing_password_variable(parcel, monkeypatch) -> None:
    monkeypatch.delenv("NO_SUCH_PASSWORD", raising=False)
    channel = EmailChannel(target(1, username="briefing", password_env="NO_SUCH_PASSWORD"))
    with pytest.raises(DeliveryError, match="NO_SUCH_PASSWORD is not set"):
        channel.send(parcel)


def test_email_to_a_closed_port_is_a_clear_error(parcel) -> None:
    with pytest.raises(DeliveryError, match=r"127\.0\.0\.1:\d+ failed"):
        EmailChannel(target(free_port()), timeout=5).send(parcel)


# ---------------------------------------------------------------- webhooks

class Hooks(BaseHTTPRequestHandler):
    """/ok answers 200; /busy answers 429 (Retry-After: 0) once, then 200; /page 501 with
    an HTML error page; /gone 404."""

    posts: list[tuple[str, dict]] = []
    busy_left = 0

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).posts.append((self.path, body))
        if self.path == "/busy" and type(self).busy_left > 0:
            type(self).busy_left -= 1
            self._answer(429, b"slow down", {"Retry-After": "0"})
        elif self.path in ("/ok", "/busy"):
            self._answer(200, b"ok")
        elif self.path == "/page":  # a web server's own error page
            self._answer(501, b"<!DOCTYPE HTML>\n<html lang=\"en\">\n <head>\n  <title>Error "
                         b"response</title>\n </head>\n <body><h1>Error response</h1>"
                         + b"<p>Unsupported method</p>" * 40 + b"</body></html>",
                         {"Content-Type": "text/html;charset=utf-8"})
        else:
            self._answer(404, b"no such hook")

    def _answer(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def hook_server(monkeypatch) -> Iterator[str]:
    Hooks.posts = []
    Hooks.busy_left = 1
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hooks)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("HOOK_OK", base + "/ok")
    monkeypatch.setenv("HOOK_BUSY", base + "/busy")
    monkeypatch.setenv("HOOK_GONE", base + "/gone")
    monkeypatch.setenv("HOOK_PAGE", base + "/page")
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()


def test_slack_post_is_mrkdwn_with_links_and_citations(hook_server, parcel: Parcel) -> None:
    SlackChannel(WebhookTarget(kind="slack", url_env="HOOK_OK")).send(parcel)
    [(path, body)] = Hooks.posts
    assert path == "/ok" and body["unfurl_links"] is False
    text = body["text"]
    assert "*1. Bridge reopens*" in text
    assert "• The bridge reopened on Monday. [1][2]" in text
    assert "<https://news.example/bridge|Example Times>" in text
    assert "> *Lena Ortiz* (transport chief): “Traffic is flowing again” [1]" in text


@pytest.mark.parametrize(("name", "label"), [
    ("2026-03-04", "2026-03-04"), ("2026-03-04-2", "2026-03-04 (2nd edition)"),
    ("2026-03-04-11", "2026-03-04 (11th edition)"), ("2026-03-04-22", "2026-03-04 (22nd edition)"),
    ("2026-03-04-x", "2026-03-04-x")])
def test_subject_names_an_edition_by_its_date_and_which_of_the_day(name: str, label: str) -> None:
    from briefing.editions import edition_label
    assert edition_label(name, "2026-03-04") == label


def test_discord_splits_at_its_limit_and_pings_nobody(hook_server, briefing) -> None:  # noqa: F811
    long = Parcel(subject="s", html="", text="",
                  chat={"markdown": render_chat(briefing) * 6, "slack": []})
    DiscordChannel(WebhookTarget(kind="discord", url_env="HOOK_OK")).send(long)
    assert len(Hooks.posts) > 1
    for _, body in Hooks.posts:
        assert len(body["content"]) <= 2000
        assert body["allowed_mentions"] == {"parse": []}
    sent = "".join(body["content"] for _, body in Hooks.posts)
    assert sent.count("**1. Bridge reopens**") == 6


def test_teams_gets_an_adaptive_card(hook_server, parcel: Parcel) -> None:
    TeamsChannel(WebhookTarget(kind="teams", url_env="HOOK_OK")).send(parcel)
    [(_, body)] = Hooks.posts
    card = body["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert "**1. Bridge reopens**" in card["content"]["body"][0]["text"]


def test_teams_card_has_no_block_quotes_nor_backslashes_and_stays_inert(
        hook_server, briefing, tmp_path: Path) -> None:  # noqa: F811
    """Teams cards show ``>`` as it is and some clients show backslash escapes, so the
    card's text uses neither; article text still cannot format, link nor mention."""
    from briefing.config import Settings
    briefing.stories[0].cluster.headline = "a **bold** _slanted_ [click](http://evil) @channel"
    edition = Edition("2026-03-04", tmp_path, "2026-03-04", {})
    TeamsChannel(WebhookTarget(kind="teams", url_env="HOOK_OK")).send(
        make_parcel(briefing, edition, Settings()))
    [(_, body)] = Hooks.posts
    text = body["attachments"][0]["content"]["body"][0]["text"]
    assert not any(line.startswith(">") for line in text.split("\n"))
    assert "\\" not in text
    assert "**Lena Ortiz** (transport chief): “Traffic is flowing again” [1]" in text
    assert "[Example Times](https://news.example/bridge)" in text  # the digest's own link
    assert "**1. a \u2217\u2217bold\u2217\u2217 \uff3fslanted\uff3f \uff3bclick\uff3d" \
        "(http:\u200b//evil) @\u200bchannel**" in text


def test_teams_sends_the_markdown_of_a_parcel_kept_before_its_flavour(hook_server) -> None:
    old = Parcel(subject="s", html="", text="", chat={"markdown": ["**kept**\n"], "slack": []})
    TeamsChannel(WebhookTarget(kind="teams", url_env="HOOK_OK")).send(old)
    [(_, body)] = Hooks.posts
    assert body["attachments"][0]["content"]["body"][0]["text"] == "**kept**"


def test_rate_limited_post_is_retried_after_the_pause_asked(hook_server, parcel: Parcel) -> None:
    MattermostChannel(WebhookTarget(kind="mattermost", url_env="HOOK_BUSY")).send(parcel)
    assert [p for p, _ in Hooks.posts] == ["/busy", "/busy"]


def test_one_failing_channel_does_not_stop_the_others(hook_server, parcel: Parcel,
                                                     tmp_path: Path) -> None:
    from briefing.store import Outbox, Store

    targets = [MattermostChannel(WebhookTarget(kind="mattermost", url_env="HOOK_GONE")),
               SlackChannel(WebhookTarget(kind="slack", url_env="HOOK_OK"))]
    with Store(f"sqlite:///{tmp_path / 'briefing.db'}") as store:
        outbox = Outbox(store)
        outbox.record_edition(name="2026-03-04", folder=str(tmp_path / "2026-03-04"),
                              date="2026-03-04", files={}, parcel=parcel_to_dict(parcel),
                              targets=[t.name for t in targets])
        report = send_due(outbox, targets, DeliverySettings())
    assert not report.ok
    assert "HTTP 404" in report.failed["mattermost webhook (HOOK_GONE) (2026-03-04)"]
    assert report.delivered == ["slack webhook (HOOK_OK) (2026-03-04)"]
    assert [p for p, _ in Hooks.posts] == ["/gone", "/ok"]


def test_an_error_page_is_told_by_its_title_not_its_markup(hook_server, parcel: Parcel) -> None:
    with pytest.raises(DeliveryError) as refused:
        SlackChannel(WebhookTarget(kind="slack", url_env="HOOK_PAGE")).send(parcel)
    assert str(refused.value) == ("slack webhook (HOOK_PAGE): HTTP 501 Not Implemented, an HTML "
                                  "page titled 'Error response'")
    with pytest.raises(DeliveryError) as gone:
        SlackChannel(WebhookTarget(kind="slack", url_env="HOOK_GONE")).send(parcel)
    assert str(gone.value) == ("slack webhook (HOOK_GONE): HTTP 404 Not Found, answering "
                               "'no such hook'")


def test_webhook_url_must_be_http(monkeypatch, parcel: Parcel) -> None:
    monkeypatch.setenv("HOOK_FILE", "file:///etc/passwd")
    with pytest.raises(DeliveryError, match="not http"):
        SlackChannel(WebhookTarget(kind="slack", url_env="HOOK_FILE")).send(parcel)


# ---------------------------------------------------------------- chat text

def test_chat_text_is_inert_in_both_flavours(hostile) -> None:  # noqa: F811
    slack = "".join(render_chat(hostile, flavour="slack"))
    assert "<!everyone>" not in slack and "<script" not in slack and "<img" not in slack
    assert "@channel" not in slack and "http://evil" not in slack
    assert "javascript:" not in slack
    markdown = "".join(render_chat(hostile, flavour="markdown"))
    assert "<!everyone>" not in markdown and "@channel" not in markdown
    assert "](http://evil)" not in markdown and "(javascript" not in markdown



def test_chat_flavours_render_at_once_each_with_its_own_escaping(hostile) -> None:  # noqa: F811
    """Two threads posting two flavours: neither may take the other's escaping."""
    from concurrent.futures import ThreadPoolExecutor
    alone = {f: render_chat(hostile, flavour=f) for f in ("slack", "markdown", "teams")}
    with ThreadPoolExecutor(3) as pool:
        runs = [(f, pool.submit(render_chat, hostile, flavour=f))
                for f in ("slack", "markdown", "teams") * 20]
    assert all(future.result() == alone[f] for f, future in runs)
    assert len({"".join(blocks) for blocks in alone.values()}) == 3


def test_chat_shows_the_front_page_and_where_the_rest_is(briefing) -> None:  # noqa: F811
    from briefing.config import FrontPageSettings
    from briefing.rank import plan_front_page
    one_voice = FrontPageSettings(key_voices=1, front_page=1)
    briefing.stories = plan_front_page([replace(s, rank=n) for n, s in
                                        enumerate(briefing.stories, 1)], one_voice)
    blocks = render_chat(briefing)
    assert len(blocks) == 3  # header, the one front-page story, also reported
    assert "> **Lena Ortiz** (transport chief): “Traffic is flowing again” [1]" in blocks[1]
    assert "Engineers" not in blocks[1]
    assert "1 more statement in the full briefing" in blocks[1]
    assert blocks[2].startswith("**Also reported**\n• Library extends opening hours — 1 outlet")
    assert "Full briefing, with every statement and source" in blocks[2]


def test_chat_also_reported_links_each_story_online_when_published(briefing) -> None:  # noqa: F811
    from briefing.config import RenderSettings
    briefing.stories = [replace(s, rank=n, on_front_page=n == 1)
                        for n, s in enumerate(briefing.stories, 1)]
    story_2 = "https://intranet.example/b/2026-03-04/briefing.html#story-2"
    published = RenderSettings(public_url="https://intranet.example/b/")
    lines = {flavour: render_chat(briefing, published, flavour)[-1].split("\n")[1]
             for flavour in ("markdown", "slack", "teams")}
    assert lines == {"markdown": f"• [Library extends opening hours]({story_2}) — 1 outlet: library.example",
                     "slack": f"• <{story_2}|Library extends opening hours> — 1 outlet: library.example",
                     "teams": f"• [Library extends opening hours]({story_2}) — 1 outlet: library.example"}
    # not published: nowhere to link to, the headline alone
    assert render_chat(briefing)[-1].split("\n")[1] == \
        "• Library extends opening hours — 1 outlet: library.example"


def test_chat_rejects_an_unknown_flavour(briefing) -> None:  # noqa: F811
    with pytest.raises(ValueError, match="unknown chat flavour 'irc'"):
        render_chat(briefing, flavour="irc")


@pytest.mark.parametrize("limit", [40, 100, 2000])
def test_pack_blocks_fits_the_limit_and_loses_nothing(limit: int) -> None:
    blocks = ["header line\n", "story one\n• a sentence of some length here\n• another",
              "x" * 250, "story three\n" + "word " * 30]
    messages = pack_blocks(blocks, limit)
    assert all(len(m) <= limit for m in messages)
    joined = "".join(messages).replace("…", "").replace("\n", "").replace(" ", "")
    assert joined == "".join(blocks).replace("\n", "").replace(" ", "")


def test_pack_blocks_keeps_whole_blocks_together_when_they_fit() -> None:
    assert pack_blocks(["aaa", "bbb", "ccc"], 8) == ["aaa\n\nbbb", "ccc"]


# ---------------------------------------------------------------- configuration

def test_delivery_config_reads_targets_and_names_bad_keys(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text('[delivery]\ntimeout = 5\n'
                    '[[delivery.email]]\nhost = "smtp.example.org"\nsender = "b@example.org"\n'
                    'to = ["t@example.org"]\nusername = "b"\npassword_env = "SMTP_PW"\n'
                    '[[delivery.webhook]]\nkind = "discord"\nurl_env = "DISCORD_URL"\n')
    settings = load_settings(good)
    assert settings.delivery.timeout == 5.0
    assert settings.delivery.email[0].port == 587 and settings.delivery.email[0].to == ["t@example.org"]
    found = channels(settings.delivery)
    assert [type(c) for c in found] == [EmailChannel, DiscordChannel]

    cases = {
        '[[delivery.webhook]]\nkind = "irc"\nurl_env = "X"\n': "'delivery.webhook[0].kind' must be",
        '[[delivery.email]]\nsender = "b@example.org"\nto = []\n': "'delivery.email[0].to' must list",
        '[[delivery.email]]\nsender = "nobody"\nto = ["t@example.org"]\n': "'delivery.email[0].sender'",
        '[[delivery.email]]\nsender = "b@e.org"\nto = ["t@e.org"]\nport = 0\n': "'delivery.email[0].port'",
        '[[delivery.email]]\nsender = "b@e.org"\nto = ["t@e.org"]\nusername = "u"\n':
            "'delivery.email[0].password_env'",
        '[[delivery.email]]\nsender = "b@e.org"\nto = [1]\n': "'delivery.email[0].to' must be a list of strings",
        '[delivery]\nemail = "x"\n': "'delivery.email' must be a list of tables",
        '[[delivery.webhook]]\nkind = "slack"\nurl = "https://hooks"\n': "unknown setting 'delivery.webhook[0].url'",
    }
    for i, (text, message) in enumerate(cases.items()):
        path = tmp_path / f"bad{i}.toml"
        path.write_text(text)
        with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
            load_settings(path)


def test_no_targets_means_no_channels() -> None:
    assert channels(DeliverySettings()) == []


# ---------------------------------------------------------------- from the command line

ARTICLE = ("Harbour wall to be rebuilt after storm\n\n"
           "The council will rebuild the harbour wall that collapsed in last week's storm, "
           "the mayor said on Tuesday.\n\n"
           "\"We will not leave the fishermen without shelter,\" said Mayor Ann Byrne.\n\n"
           "Engineers will survey the damaged section this week, and the council expects the "
           "work to take about four months. Boats that moored behind the old wall have been "
           "moved to the marina across the bay until the repairs are finished.\n\n"
           "The storm brought gusts of more than 120 kilometres an hour to the coast and cut "
           "power to several thousand homes for most of Saturday night.\n")


def test_build_deliver_posts_the_digest_and_reports_each_target(hook_server, tmp_path, capsys) -> None:
    from briefing.cli import main
    (tmp_path / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    config = tmp_path / "briefing.toml"
    config.write_text('[[delivery.webhook]]\nkind = "mattermost"\nurl_env = "HOOK_OK"\n'
                      '[[delivery.webhook]]\nkind = "slack"\nurl_env = "HOOK_GONE"\n')
    code = main(["build", str(tmp_path / "harbour.txt"), "--out", str(tmp_path / "out"),
                 "--date", "2026-11-27", "--formats", "md", "--config", str(config), "--deliver"])
    captured = capsys.readouterr()
    assert code == 1  # one target failed
    assert "Delivered: mattermost webhook (HOOK_OK)" in captured.out
    assert "NOT delivered: slack webhook (HOOK_GONE)" in captured.err and "HTTP 404" in captured.err
    [(path, body)] = [p for p in Hooks.posts if p[0] == "/ok"]
    assert "**1. Harbour wall to be rebuilt after storm**" in body["text"]
    assert "Ann Byrne" in body["text"]  # her words, as a key voice or in the summary


def test_build_deliver_without_targets_is_refused_before_building(tmp_path, capsys) -> None:
    from briefing.cli import main
    with pytest.raises(SystemExit) as exit_:
        main(["build", str(tmp_path), "--out", str(tmp_path / "out"), "--deliver"])
    assert exit_.value.code == 2
    assert "no delivery target" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_slack_text_can_neither_bold_italicise_strike_nor_code(briefing) -> None:  # noqa: F811
    import re

    from briefing.render import escape_slack

    raw = "a *bold* claim, _slanted_ ~struck~ and `code` from the article"
    escaped = escape_slack(raw)
    assert escaped.replace("\u200b", "") == raw  # the words are untouched
    # every mark stands between zero-width spaces, so Slack's mrkdwn sees no formatting
    assert all(escaped[i - 1] == "\u200b" and escaped[i + 1] == "\u200b"
               for i, c in enumerate(escaped) if c in "*_~`")
    briefing.stories[0].cluster.headline = raw
    [header, story, *_] = render_chat(briefing, flavour="slack")
    # the digest's own bold headline still works around the fenced article text
    assert re.match(r"^\*1\. a \u200b\*\u200bbold\u200b\*\u200b claim", story)
