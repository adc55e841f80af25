"""Deliver a written briefing: email to a team, posts to chat webhooks.

Each channel is a small class with one ``send(parcel)`` method, so channels are
interchangeable and each is tested alone against a real server on loopback.
Secrets (SMTP password, webhook URLs) never sit in the config file: the config
names the environment variable that holds them.

Sending goes through the store's outbox (:func:`send_due`): each edition and target is a
delivery row, tried until it is sent, with backoff between failed tries, and never sent
again once it is. :func:`check_targets` says before a build which targets can be used.
"""
from __future__ import annotations

import json
import logging
import os
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol
from urllib.parse import urlsplit

import httpx

from . import __version__
from .config import DeliverySettings, EmailTarget, Settings, WebhookTarget
from .editions import Edition, edition_label
from .fetch import RETRY_STATUSES, retry_after_seconds
from .records import Briefing, Progress, no_progress
from .words import count_of

if TYPE_CHECKING:
    from .store import Outbox

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
    #: email HTML, CSS inlined; it points to the attached PDF when there is one
    html: str
    #: plain-text alternative for email clients that show no HTML
    text: str
    #: chat blocks per flavour ("markdown", "slack", "teams"): a header, then one block per
    #: story
    chat: dict[str, list[str]]
    #: files to attach to email (the PDF)
    attachments: list[Path] = field(default_factory=list)
    #: unique per edition and target (the email's Message-ID); set by the outbox
    message_id: str = ""
    #: the HTML and text parts for a target that gets no PDF (``attach_pdf = false``):
    #: they say where the full briefing is instead (empty in parcels built before them)
    html_without_pdf: str = ""
    text_without_pdf: str = ""


def parcel_to_dict(parcel: Parcel) -> dict:
    """The parcel as JSON-ready data, kept in the outbox so a retry sends what was built."""
    data = asdict(parcel)
    data["attachments"] = [str(path) for path in parcel.attachments]
    return data


def parcel_from_dict(data: dict) -> Parcel:
    known = {f.name for f in fields(Parcel)}
    parcel = Parcel(**{k: v for k, v in data.items() if k in known})
    parcel.attachments = [Path(p) for p in parcel.attachments]
    return parcel


#: the parcel each edition keeps in its folder, so it can be delivered at any time later,
#: to a target added after it was built too
PARCEL_FILE = "delivery.json"


def keep_parcel(folder: Path, parcel: Parcel) -> Path:
    """Write ``parcel`` into the edition ``folder`` (its attachments by file name, as they
    are files of the edition)."""
    data = parcel_to_dict(parcel)
    data["attachments"] = [Path(path).name for path in parcel.attachments]
    path = Path(folder) / PARCEL_FILE
    path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8",
                    errors="replace")
    return path


def kept_parcel(folder: Path) -> dict | None:
    """The parcel the edition ``folder`` keeps, its attachments as paths into the folder
    wherever it is now; None for an edition built before editions kept one."""
    folder = Path(folder).resolve()
    try:
        data = json.loads((folder / PARCEL_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise DeliveryError(f"{folder / PARCEL_FILE} cannot be read ({exc}); build the "
                            "edition again to deliver it") from exc
    data["attachments"] = [str(folder / Path(name).name) for name in data.get("attachments", [])]
    return data


#: what the email parts of parcels built before the no-PDF variants say of the PDF: the
#: plain-text part's last line (the attached PDF, or the edition's files when it had no
#: PDF) and the HTML part's paragraph and "more stories" line (the PDF, always)
_OLD_TEXT_CLAIM = re.compile(
    r"^(?:The attached PDF holds every story's full summary, every statement and every "
    r"source\.|Full briefing, with every statement and source: briefing\.html and "
    r"briefing\.pdf of edition .*)\n", re.M)
_OLD_HTML_CLAIM = re.compile(r'(<p class="full-link"[^>]*>)The attached PDF( holds [^<]*</p>)')
_OLD_HIDDEN_CLAIM = " (the attached PDF)."
_HOLDS = "holds every story's full summary, every statement and every source."


def without_old_pdf_claims(parcel: Parcel, edition: str, holding: Sequence[str]) -> Parcel:
    """A parcel from before the no-PDF variants (``text_without_pdf`` empty), with those
    variants made from its parts: the claim of an attached PDF becomes today's wording,
    the edition that holds the full briefing when one of its files (``holding``) does,
    and nothing when none does. Parcels with the variants are returned as they are."""
    if parcel.text_without_pdf:
        return parcel
    where = f"The full briefing, edition {edition}, {_HOLDS}" if holding else ""
    text = _OLD_TEXT_CLAIM.sub(lambda _: f"{where}\n" if where else "", parcel.text)
    html = parcel.html.replace(_OLD_HIDDEN_CLAIM, ".")
    html = _OLD_HTML_CLAIM.sub(
        lambda m: f"{m[1]}The full briefing, edition {html_escape(edition)}, {_HOLDS}</p>"
        if holding else "", html)
    return replace(parcel, text_without_pdf=text, html_without_pdf=html)


def make_parcel(briefing: Briefing, edition: Edition, settings: Settings) -> Parcel:
    """Render what the channels send, from the briefing and its published edition (whose
    name the messages give, ``DATE-2`` for the day's second, and whose PDF is attached)."""
    from .render import (CHAT_FLAVOURS, record_files, render_chat, render_email_html,
                         render_email_text)

    briefing = replace(briefing, edition=edition.name)
    pdf = edition.files.get("pdf")
    subject = (f"{settings.render.title} — {edition_label(edition.name, edition.date)}: "
               f"{count_of(len(briefing.stories), 'story', 'stories')}")
    # the edition holds the full record only in the HTML or PDF it was built with
    holding = record_files(edition.files)
    without_pdf = (render_email_html(briefing, settings.render, pdf_attached=False,
                                     record_files=holding),
                   render_email_text(briefing, settings.render, pdf_attached=False,
                                     record_files=holding))
    with_pdf = (render_email_html(briefing, settings.render, pdf_attached=True,
                                  record_files=holding),
                render_email_text(briefing, settings.render, pdf_attached=True,
                                  record_files=holding)) \
        if pdf is not None else without_pdf
    return Parcel(subject=subject, html=with_pdf[0], text=with_pdf[1],
                  chat={flavour: render_chat(briefing, settings.render, flavour,
                                             record_files=holding)
                        for flavour in CHAT_FLAVOURS},
                  attachments=[pdf] if pdf is not None else [],
                  html_without_pdf=without_pdf[0], text_without_pdf=without_pdf[1])


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
        domain = self.target.sender.rpartition("@")[2] or None
        msg["Message-ID"] = f"<{parcel.message_id}@{domain or 'briefing.invalid'}>" \
            if parcel.message_id else make_msgid(domain=domain)
        attach = self.target.attach_pdf and bool(parcel.attachments)
        if attach or not parcel.text_without_pdf:
            msg.set_content(parcel.text)
            msg.add_alternative(parcel.html, subtype="html")
        else:  # no false "attached PDF": the parts say where the full briefing is
            msg.set_content(parcel.text_without_pdf)
            msg.add_alternative(parcel.html_without_pdf or parcel.html, subtype="html")
        if attach:
            for path in parcel.attachments:
                try:
                    data = Path(path).read_bytes()
                except OSError as exc:
                    raise DeliveryError(f"{self.name}: cannot read the attachment {path} "
                                        f"({exc.strerror}); was the edition deleted?") from exc
                msg.add_attachment(data, maintype="application", subtype="pdf",
                                   filename=Path(path).name)
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
                                f"{_answer_gist(response)}")


def _answer_gist(response: httpx.Response) -> str:
    """What a refusing server answered, for one line of a log: the status's own words,
    then its text ("Not Found, answering 'no such hook'"), or of an HTML error page only
    its title (the page itself is no message)."""
    body = response.text[:4000]
    if "html" in response.headers.get("content-type", "") or body.lstrip().startswith("<"):
        title = re.search(r"<title[^>]*>(.*?)</title>", body, re.S | re.I)
        named = " ".join(title[1].split())[:120] if title else ""
        page = "an HTML page" + (f" titled {named!r}" if named else "")
        return ", ".join(part for part in (response.reason_phrase, page) if part)
    said = " ".join(body.split())[:200]
    answer = f"answering {said!r}" if said else "with no answer"
    return ", ".join(part for part in (response.reason_phrase, answer) if part)


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

    kind, flavour, limit = "teams", "teams", 20000

    def messages(self, parcel: Parcel) -> list[str]:
        # a parcel kept before the Teams flavour has only CommonMark
        blocks = parcel.chat.get(self.flavour) or parcel.chat["markdown"]
        return pack_blocks(blocks, self.limit)

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
    #: when each failed target is tried next (None: given up after delivery.max_attempts)
    retry_at: dict[str, datetime | None] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def send_due(outbox: Outbox, targets: Sequence[Channel], settings: DeliverySettings,
             progress: Progress = no_progress, now: datetime | None = None,
             edition_id: int | None = None,
             only: Collection[str] | None = None) -> DeliveryReport:
    """Send every due delivery of the outbox (of one edition when given, to the targets
    named ``only`` when given) to its channel, recording each try before it is made and
    its outcome after, so a row marked sent is never sent again and a crash mid-send is
    seen on the next run."""
    outbox.recover_interrupted()
    by_name = {channel.name: channel for channel in targets}
    due = [row for row in outbox.due(settings.max_attempts, now=now, edition_id=edition_id)
           if only is None or row.target in only]
    report = DeliveryReport()
    parcels: dict[int, Parcel] = {}
    for i, row in enumerate(due, 1):
        label = f"{row.target} ({row.edition})"
        progress(f"delivering {i}/{len(due)}: {label}")
        channel = by_name.get(row.target)
        outbox.start(row.id)
        try:
            if channel is None:
                raise DeliveryError(f"{row.target}: no such target in the config any more")
            if row.edition_id not in parcels:
                parcels[row.edition_id] = _parcel_of(outbox, row.edition_id, row.edition)
            channel.send(replace(parcels[row.edition_id], message_id=row.message_id))
        except Exception as exc:  # noqa: BLE001 - recorded; every target gets its turn
            reason = str(exc) if isinstance(exc, DeliveryError) else \
                f"{row.target}: {type(exc).__name__}: {exc}"
            retry = outbox.failed(row.id, reason, backoff_minutes=settings.retry_backoff_minutes,
                                  max_attempts=settings.max_attempts)
            report.failed[label] = reason
            report.retry_at[label] = retry
            log.error("%s; %s", reason, f"next try after {retry:%Y-%m-%d %H:%M} UTC" if retry
                      else f"given up after {settings.max_attempts} tries")
        else:
            outbox.sent(row.id)
            report.delivered.append(label)
            log.info("delivered: %s", label)
    return report


def _parcel_of(outbox: Outbox, edition_id: int, edition: str) -> Parcel:
    """The parcel the outbox keeps of an edition; one kept before the no-PDF variants
    gets them from its parts, so no email sent without a PDF claims one attached."""
    from .render import record_files
    return without_old_pdf_claims(parcel_from_dict(outbox.parcel_of(edition_id)), edition,
                                  record_files(outbox.files_of(edition_id)))


# --------------------------------------------------------------------------- checks

@dataclass
class TargetCheck:
    name: str
    #: what is wrong, or None when the target looks usable
    problem: str | None


def _resolves(host: str, port: int) -> str | None:
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        return f"host {host} does not resolve ({getattr(exc, 'strerror', None) or exc})"
    return None


def _answers(host: str, port: int, timeout: float) -> str | None:
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        return f"{host}:{port} does not answer ({getattr(exc, 'strerror', None) or exc})"
    return None


def _greets(target: EmailTarget, timeout: float) -> str | None:
    """Whether the SMTP server greets within ``timeout``: a server that accepts the
    connection and then says nothing would hang every delivery, so an open port is not
    enough."""
    where = f"{target.host}:{target.port}"
    try:
        if target.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(target.host, target.port, timeout=timeout,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(target.host, target.port, timeout=timeout)
    except (TimeoutError, socket.timeout):
        return f"{where} accepts a connection but sends no SMTP greeting within {timeout:g} s"
    except smtplib.SMTPServerDisconnected as exc:  # smtplib's name for a read that timed out
        if "timed out" in str(exc):
            return (f"{where} accepts a connection but sends no SMTP greeting within "
                    f"{timeout:g} s")
        return f"{where} closes the connection without an SMTP greeting"
    except smtplib.SMTPException as exc:
        return f"{where} does not greet as an SMTP server ({exc})"
    except OSError as exc:
        return f"{where} does not answer ({getattr(exc, 'strerror', None) or exc})"
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        pass
    return None


def target_problem(channel: Channel, connect_timeout: float | None = None) -> str | None:
    """Why a channel cannot be used now (an unset environment variable, a host that does
    not resolve, a URL that is not http(s)), or None. Nothing is sent; with
    ``connect_timeout`` the server must also answer within it (an SMTP server must greet)."""
    try:
        if isinstance(channel, EmailChannel):
            _secret(channel.target.password_env, channel.name)
            host, port = channel.target.host, channel.target.port
        elif isinstance(channel, WebhookChannel):
            url = _secret(channel.target.url_env, channel.name) or ""
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return f"the URL in {channel.target.url_env} is not an http(s) address"
            host, port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
        else:
            return None
    except DeliveryError as exc:
        return str(exc).removeprefix(f"{channel.name}: ")
    problem = _resolves(host, port)
    if problem is None and connect_timeout is not None:
        if isinstance(channel, EmailChannel):
            problem = _greets(channel.target, connect_timeout)
        else:
            problem = _answers(host, port, connect_timeout)
    return problem


def check_targets(settings: DeliverySettings,
                  connect_timeout: float | None = None) -> list[TargetCheck]:
    """Each configured target and whether it can be used: before a build, from its
    settings alone; for ``briefing check``, its server must also accept a connection."""
    return [TargetCheck(channel.name, target_problem(channel, connect_timeout))
            for channel in channels(settings)]
