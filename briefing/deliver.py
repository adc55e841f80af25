"""Deliver a written briefing: email to a team, posts to chat webhooks.

Each channel is a small class with one ``send(parcel)`` method, so channels are
interchangeable and each is tested alone against a real server on loopback.
Secrets (SMTP password, webhook URLs) never sit in the config file: the config
names the environment variable that holds them.
"""
from __future__ import annotations

import logging
import os
import smtplib
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any, ClassVar, Protocol

import httpx

from . import __version__
from .config import DeliverySettings, EmailTarget, Settings, WebhookTarget
from .fetch import RETRY_STATUSES, retry_after_seconds
from .records import Briefing

log = logging.getLogger("briefing.deliver")

USER_AGENT = f"briefing/{__version__} (+offline news briefing)"
#: longest pause a rate-limited webhook may ask for before the post is retried
MAX_RETRY_WAIT = 60.0


class DeliveryError(RuntimeError):
    """A channel could not deliver; the message says which channel and why."""


@dataclass
class Parcel:
    """What every channel may send: the briefing in the forms channels need."""

    subject: str
    #: email HTML, CSS inlined
    html: str
    #: plain-text alternative for email clients that show no HTML
    text: str
    #: chat blocks per flavour ("markdown", "slack"): a header, then one block per story
    chat: dict[str, list[str]]
    #: files to attach to email (the PDF)
    attachments: list[Path] = field(default_factory=list)


def make_parcel(briefing: Briefing, written: dict[str, Path], settings: Settings) -> Parcel:
    """Render what the channels send, from the briefing and the files already written."""
    from .render import CHAT_FLAVOURS, render_chat, render_email_html, render_markdown

    subject = f"{settings.render.title} — {briefing.date}: " \
              f"{len(briefing.stories)} {'story' if len(briefing.stories) == 1 else 'stories'}"
    return Parcel(subject=subject,
                  html=render_email_html(briefing, settings.render),
                  text=render_markdown(briefing, settings.render),
                  chat={flavour: render_chat(briefing, settings.render, flavour)
                        for flavour in CHAT_FLAVOURS},
                  attachments=[written["pdf"]] if "pdf" in written else [])


class Channel(Protocol):
    name: str

    def send(self, parcel: Parcel) -> None: ...


def _secret(variable: str | None, what: str) -> str | None:
    if not variable:
        return None
    value = os.environ.get(variable)
    if not value:
        raise DeliveryError(f"{what}: environment variable {variable} is not set")
    return value


# --------------------------------------------------------------------------- email

class EmailChannel:
    """One email, HTML with a plain-text alternative, the PDF attached, over SMTP."""

    def __init__(self, target: EmailTarget, timeout: float = 30.0) -> None:
        self.target = target
        self.timeout = timeout
        self.name = f"email to {', '.join(target.to)}"

    def message(self, parcel: Parcel) -> EmailMessage:
        msg = EmailMessage()
        msg["Subject"] = parcel.subject
        msg["From"] = self.target.sender
        msg["To"] = ", ".join(self.target.to)
        msg["Date"] = formatdate(localtime=True)
        msg["Message-ID"] = make_msgid(domain=self.target.sender.rpartition("@")[2] or None)
        msg.set_content(parcel.text)
        msg.add_alternative(parcel.html, subtype="html")
        if self.target.attach_pdf:
            for path in parcel.attachments:
                msg.add_attachment(Path(path).read_bytes(), maintype="application",
                                   subtype="pdf", filename=Path(path).name)
        return msg

    def send(self, parcel: Parcel) -> None:
        t = self.target
        password = _secret(t.password_env, self.name)
        context = ssl.create_default_context()
        try:
            if t.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(t.host, t.port, timeout=self.timeout,
                                                      context=context)
            else:
                smtp = smtplib.SMTP(t.host, t.port, timeout=self.timeout)
            with smtp:
                if t.security == "starttls":
                    smtp.starttls(context=context)
                if t.username:
                    smtp.login(t.username, password or "")
                refused = smtp.send_message(self.message(parcel))
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"{self.name} via {t.host}:{t.port} failed: {exc}") from exc
        if refused:
            raise DeliveryError(f"{self.name}: refused recipients {', '.join(refused)}")


# --------------------------------------------------------------------------- chat webhooks

def pack_blocks(blocks: Sequence[str], limit: int) -> list[str]:
    """Join blocks into as few messages as fit ``limit`` characters, splitting between
    blocks, else between the lines of a block too long alone, else (last resort) inside
    a line, marked with an ellipsis."""
    pieces: list[tuple[str, str]] = []  # (text, separator before it when joined)
    for block in blocks:
        block = block.strip("\n")
        if len(block) <= limit:
            pieces.append((block, "\n\n"))
            continue
        separator = "\n\n"
        for line in block.split("\n"):
            while len(line) > limit:
                pieces.append((line[:limit - 1] + "…", separator))
                line, separator = line[limit - 1:], "\n"
            pieces.append((line, separator))
            separator = "\n"
    messages: list[str] = []
    current = ""
    for text, separator in pieces:
        if current and len(current) + len(separator) + len(text) > limit:
            messages.append(current)
            current = ""
        current = current + separator + text if current else text
    if current.strip():
        messages.append(current)
    return messages


class WebhookChannel:
    """Posts the chat digest to an incoming-webhook URL, split to the service's size limit.

    Subclasses say which text flavour the service reads, its message size limit and
    the JSON body it expects.
    """

    kind: ClassVar[str] = "webhook"
    flavour: ClassVar[str] = "markdown"
    limit: ClassVar[int] = 4000

    def __init__(self, target: WebhookTarget, timeout: float = 20.0, retries: int = 2,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.target = target
        self.timeout = timeout
        self.retries = retries
        self.transport = transport
        self.name = f"{self.kind} webhook ({target.url_env})"

    def payload(self, text: str) -> dict[str, Any]:
        return {"text": text}

    def messages(self, parcel: Parcel) -> list[str]:
        return pack_blocks(parcel.chat[self.flavour], self.limit)

    def send(self, parcel: Parcel) -> None:
        url = _secret(self.target.url_env, self.name)
        assert url is not None
        if not url.startswith(("https://", "http://")):
            raise DeliveryError(f"{self.name}: the URL in {self.target.url_env} is not http(s)")
        with httpx.Client(timeout=self.timeout, transport=self.transport,
                          headers={"User-Agent": USER_AGENT}, follow_redirects=False) as client:
            for text in self.messages(parcel):
                self._post(client, url, self.payload(text))

    def _post(self, client: httpx.Client, url: str, body: dict[str, Any]) -> None:
        for attempt in range(self.retries + 1):
            try:
                response = client.post(url, json=body)
            except httpx.HTTPError as exc:
                if attempt == self.retries:
                    raise DeliveryError(f"{self.name}: {type(exc).__name__}: {exc}") from exc
                time.sleep(2 ** attempt)
                continue
            if response.status_code in RETRY_STATUSES and attempt < self.retries:
                asked = retry_after_seconds(response.headers.get("Retry-After"))
                time.sleep(min(MAX_RETRY_WAIT, 2 ** attempt if asked is None else asked))
                continue
            if response.is_success:
                return
            raise DeliveryError(f"{self.name}: HTTP {response.status_code} "
                                f"{response.text[:200].strip()!r}")


class SlackChannel(WebhookChannel):
    kind, flavour, limit = "slack", "slack", 3500  # Slack folds text over ~4,000 characters

    def payload(self, text: str) -> dict[str, Any]:
        return {"text": text, "unfurl_links": False, "unfurl_media": False}


class MattermostChannel(WebhookChannel):
    kind, flavour, limit = "mattermost", "markdown", 16000

    def payload(self, text: str) -> dict[str, Any]:
        return {"text": text, "username": "briefing"}


class DiscordChannel(WebhookChannel):
    kind, flavour, limit = "discord", "markdown", 2000

    def payload(self, text: str) -> dict[str, Any]:
        # Article text must never ping anyone, whatever it contains.
        return {"content": text, "allowed_mentions": {"parse": []}}


class TeamsChannel(WebhookChannel):
    """Microsoft Teams workflow webhooks take an Adaptive Card."""

    kind, flavour, limit = "teams", "markdown", 20000

    def payload(self, text: str) -> dict[str, Any]:
        card = {"type": "AdaptiveCard", "version": "1.4",
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "body": [{"type": "TextBlock", "wrap": True, "text": text.replace("\n", "\n\n")}]}
        return {"type": "message", "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}]}


WEBHOOK_CHANNELS: dict[str, type[WebhookChannel]] = {
    cls.kind: cls for cls in (SlackChannel, MattermostChannel, DiscordChannel, TeamsChannel)}


def channels(settings: DeliverySettings) -> list[Channel]:
    """The configured channels, in config order: emails first, then webhooks."""
    found: list[Channel] = [EmailChannel(t, timeout=settings.timeout) for t in settings.email]
    found += [WEBHOOK_CHANNELS[t.kind](t, timeout=settings.timeout) for t in settings.webhook]
    return found


@dataclass
class DeliveryReport:
    delivered: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def deliver(parcel: Parcel, targets: Sequence[Channel]) -> DeliveryReport:
    """Send to every channel; one failing channel does not stop the others."""
    report = DeliveryReport()
    for channel in targets:
        try:
            channel.send(parcel)
        except DeliveryError as exc:
            log.error("%s", exc)
            report.failed[channel.name] = str(exc)
        else:
            log.info("delivered: %s", channel.name)
            report.delivered.append(channel.name)
    return report
