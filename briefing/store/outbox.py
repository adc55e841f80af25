"""The delivery outbox: every edition built for delivery, and one row per target saying
whether it was sent.

- ``editions``: one row per published edition folder, with the parcel the channels send
  (subject, email HTML and text, chat blocks, attachments) as it was made at build time,
  so a retry or a re-send a day later sends exactly what was built.
- ``deliveries``: one row per edition and target: ``pending`` (not tried yet), ``sending``
  (an attempt under way; left so only by a process killed mid-send), ``sent`` or
  ``failed``, with attempts, the last error and when the next try is due (backoff). Each
  row has a message id of its own (the email's Message-ID), so a message that did arrive
  before a crash can be recognised as the same one.

A row marked ``sent`` is never sent again unless asked by name (``briefing deliver
EDITION``). Every change is one short transaction; callers hold the store lock, so two
processes never send the same row.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from .core import MIGRATIONS, Base, Store, UTCDateTime, utcnow

#: delivery states
PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
#: longest pause between two tries of one target
MAX_BACKOFF = timedelta(hours=24)


class EditionRow(Base):
    __tablename__ = "editions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: the folder's name (2026-11-27, 2026-11-27-2, ...) and its full path
    name: Mapped[str] = mapped_column(String(64), index=True)
    folder: Mapped[str] = mapped_column(String(1024), unique=True)
    date: Mapped[str] = mapped_column(String(10))
    built_at: Mapped[datetime] = mapped_column(UTCDateTime)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id"))
    #: JSON: {format: path}, and the Parcel's fields
    files: Mapped[str] = mapped_column(Text)
    parcel: Mapped[str] = mapped_column(Text)


class DeliveryRow(Base):
    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("edition_id", "target"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id"), index=True)
    #: the channel's name ("email to team@example.com", "slack webhook (BRIEFING_SLACK)")
    target: Mapped[str] = mapped_column(String(300))
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def _add_outbox_tables(connection: Connection) -> None:
    """Version 1 -> 2: the outbox tables (nothing else changes)."""
    Base.metadata.create_all(connection, tables=[EditionRow.__table__, DeliveryRow.__table__])


MIGRATIONS[1] = _add_outbox_tables


@dataclass
class EditionRecord:
    id: int
    name: str
    folder: str
    date: str
    built_at: datetime
    files: dict[str, str]
    parcel: dict


@dataclass
class Delivery:
    id: int
    edition_id: int
    edition: str
    target: str
    message_id: str
    status: str
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None
    sent_at: datetime | None


def message_id(folder: str, target: str, name: str) -> str:
    """A token unique to one edition and one target (the email's Message-ID local part)."""
    digest = hashlib.sha256(f"{folder}\n{target}".encode("utf-8")).hexdigest()[:16]
    return f"briefing-{name}-{digest}"


def backoff(attempts: int, minutes: float) -> timedelta:
    """The pause after the ``attempts``-th failed try: ``minutes``, doubled each time."""
    return min(MAX_BACKOFF, timedelta(minutes=minutes) * (2 ** max(0, attempts - 1)))


class Outbox:
    """The outbox of one store."""

    def __init__(self, store: Store) -> None:
        self.engine = store.engine

    def record_edition(self, *, name: str, folder: str, date: str, files: dict[str, str],
                       parcel: dict, targets: list[str], run_id: int | None = None) -> int:
        """Record a published edition and a pending delivery per target, in one
        transaction. Recording the same folder again returns the row it has."""
        with Session(self.engine) as session, session.begin():
            return self.add_edition(session, name=name, folder=folder, date=date, files=files,
                                    parcel=parcel, targets=targets, run_id=run_id)

    def add_edition(self, session: Session, *, name: str, folder: str, date: str,
                    files: dict[str, str], parcel: dict, targets: list[str],
                    run_id: int | None = None) -> int:
        """:meth:`record_edition` inside the caller's transaction (the run's, for a build
        from the store: the run and its deliveries are recorded together)."""
        found = session.scalar(select(EditionRow).where(EditionRow.folder == folder))
        if found is None:
            found = EditionRow(name=name, folder=folder, date=date, built_at=utcnow(),
                               run_id=run_id, files=json.dumps(files),
                               parcel=json.dumps(parcel, ensure_ascii=False))
            session.add(found)
            session.flush()
        self._add_targets(session, found, targets)
        return found.id

    def _add_targets(self, session: Session, edition: EditionRow, targets: list[str]) -> None:
        have = set(session.scalars(select(DeliveryRow.target).where(
            DeliveryRow.edition_id == edition.id)))
        for target in dict.fromkeys(targets):
            if target not in have:
                session.add(DeliveryRow(edition_id=edition.id, target=target, status=PENDING,
                                        attempts=0,
                                        message_id=message_id(edition.folder, target,
                                                              edition.name)))

    def request(self, edition_id: int, targets: list[str]) -> None:
        """Ask for ``targets`` to be sent this edition (again): a re-send on request."""
        with Session(self.engine) as session, session.begin():
            edition = session.get(EditionRow, edition_id)
            self._add_targets(session, edition, targets)
            for row in session.scalars(select(DeliveryRow).where(
                    DeliveryRow.edition_id == edition_id, DeliveryRow.target.in_(targets))):
                row.status, row.next_attempt_at = PENDING, None

    def recover_interrupted(self) -> int:
        """Rows left ``sending`` by a killed process become failed and due now: the message
        may or may not have gone (the same message id lets a mail client tell)."""
        with Session(self.engine) as session, session.begin():
            rows = session.scalars(select(DeliveryRow).where(DeliveryRow.status == SENDING)).all()
            for row in rows:
                row.status, row.next_attempt_at = FAILED, utcnow()
                row.last_error = "interrupted while sending (the process was stopped); it may " \
                                 "have arrived"
            return len(rows)

    def due(self, max_attempts: int, now: datetime | None = None,
            edition_id: int | None = None) -> list[Delivery]:
        """Deliveries to try now: pending ones, and failed ones whose backoff is over and
        that have tries left; oldest edition first."""
        now = now or utcnow()
        query = select(DeliveryRow, EditionRow.name).join(
            EditionRow, EditionRow.id == DeliveryRow.edition_id).where(or_(
                DeliveryRow.status == PENDING,
                (DeliveryRow.status == FAILED) & (DeliveryRow.attempts < max_attempts)
                & (DeliveryRow.next_attempt_at <= now)))
        if edition_id is not None:
            query = query.where(DeliveryRow.edition_id == edition_id)
        with Session(self.engine) as session:
            return [_delivery(row, name) for row, name in
                    session.execute(query.order_by(DeliveryRow.edition_id, DeliveryRow.id))]

    def waiting(self, max_attempts: int, now: datetime | None = None) -> list[Delivery]:
        """Failed deliveries whose next try is still to come."""
        query = select(DeliveryRow, EditionRow.name).join(
            EditionRow, EditionRow.id == DeliveryRow.edition_id).where(
                DeliveryRow.status == FAILED, DeliveryRow.attempts < max_attempts,
                DeliveryRow.next_attempt_at > (now or utcnow()))
        with Session(self.engine) as session:
            return [_delivery(row, name) for row, name in
                    session.execute(query.order_by(DeliveryRow.next_attempt_at))]

    def deliveries(self, edition_id: int | None = None, limit: int = 50) -> list[Delivery]:
        """The latest deliveries (of one edition when given), newest edition first."""
        query = select(DeliveryRow, EditionRow.name).join(
            EditionRow, EditionRow.id == DeliveryRow.edition_id)
        if edition_id is not None:
            query = query.where(DeliveryRow.edition_id == edition_id)
        with Session(self.engine) as session:
            rows = session.execute(query.order_by(DeliveryRow.edition_id.desc(),
                                                  DeliveryRow.id).limit(limit))
            return [_delivery(row, name) for row, name in rows]

    def start(self, delivery_id: int) -> None:
        """Count an attempt before it is made, so a crash mid-send is seen next time."""
        with Session(self.engine) as session, session.begin():
            row = session.get(DeliveryRow, delivery_id)
            row.status, row.attempts, row.last_attempt_at = SENDING, row.attempts + 1, utcnow()

    def sent(self, delivery_id: int) -> None:
        with Session(self.engine) as session, session.begin():
            row = session.get(DeliveryRow, delivery_id)
            row.status, row.sent_at, row.last_error, row.next_attempt_at = \
                SENT, utcnow(), None, None

    def failed(self, delivery_id: int, error: str, *, backoff_minutes: float,
               max_attempts: int) -> datetime | None:
        """Record a failed try; returns when the next one is due (None: given up)."""
        with Session(self.engine) as session, session.begin():
            row = session.get(DeliveryRow, delivery_id)
            row.status, row.last_error = FAILED, error[:2000]
            row.next_attempt_at = (utcnow() + backoff(row.attempts, backoff_minutes)
                                   if row.attempts < max_attempts else None)
            return row.next_attempt_at

    def edition(self, key: str) -> EditionRecord | None:
        """An edition by folder name (the newest of that name) or full folder path;
        ``latest`` is the newest edition recorded."""
        with Session(self.engine) as session:
            query = select(EditionRow).order_by(EditionRow.id.desc())
            if key != "latest":
                query = query.where(or_(EditionRow.name == key, EditionRow.folder == key))
            row = session.scalars(query.limit(1)).first()
            if row is None:
                return None
            return EditionRecord(row.id, row.name, row.folder, row.date, row.built_at,
                                 json.loads(row.files), json.loads(row.parcel))

    def parcel_of(self, edition_id: int) -> dict:
        with Session(self.engine) as session:
            return json.loads(session.get(EditionRow, edition_id).parcel)

    def files_of(self, edition_id: int) -> dict[str, str]:
        """The edition's files, by format, as it was published."""
        with Session(self.engine) as session:
            return json.loads(session.get(EditionRow, edition_id).files)


def _delivery(row: DeliveryRow, name: str) -> Delivery:
    return Delivery(row.id, row.edition_id, name, row.target, row.message_id, row.status,
                    row.attempts, row.last_error, row.next_attempt_at, row.sent_at)
