"""The reminder engine: planning occurrences, finding what is due, claiming and closing reminders.

Every occurrence is stored once (unique per user, contact, kind and occurrence)
and moves pending -> sent -> done or dismissed, or snoozed until a time. A tick
claims each due reminder atomically before delivering it, so two copies of crm
on one database never both deliver it, and a restart never delivers it again.
Delivery itself (desktop, terminal, e-mail, in-app) lives in `tui.notify`.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from peewee import JOIN, IntegrityError, ModelSelect, Node, fn

from . import clock, reminder_rules, sql_dialect, timeparse, validation
from .cadence import cadence_days_sql
from .errors import NotFound, ValidationError
from .models import Contact, Delivery, Interaction, Reminder, User, database
from .scope import Actor, owned
from .settings import read_settings

PLANNED_KINDS = ("birthday", "anniversary", "follow_up", "no_contact")
"""Kinds the engine plans itself (custom reminders are made by the user)."""
CATCH_UP_DAYS = 7
"""After a pause (crm not running), reminders of at most this many past days are still planned."""
CLAIM_LEASE = timedelta(minutes=5)
"""A claim older than this is taken to belong to a process that died."""
OPEN_STATUSES = ("pending", "snoozed")


@dataclass(frozen=True)
class DueReminder:
    """A reminder ready to deliver, with what the channels need to say."""

    id: int
    user_id: int
    contact_id: int | None
    contact_name: str
    kind: str
    title: str
    due_at: datetime
    round: int
    status: str = "pending"


DeliveryResult = dict[str, str | None]
"""Per channel: None when delivered, else the error message."""
Deliver = Callable[[DueReminder, tuple[str, ...]], DeliveryResult]
"""Delivers one reminder on the given channels."""


@dataclass(frozen=True)
class TickReport:
    planned: int
    delivered: list[DueReminder]
    failed: list[tuple[DueReminder, str]]
    skipped: int


def local_today(actor: Actor) -> date:
    """Today in `actor`'s time zone."""
    return clock.now().astimezone(actor.tz).date()


def process_label() -> str:
    """Who claims a reminder: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


# -- planning -----------------------------------------------------------------------------------------------


def _insert(
    actor: Actor, contact_id: int | None, occurrence: reminder_rules.Occurrence, interaction_id: int | None = None
) -> int:
    now = clock.utcnow()
    inserted = (
        Reminder.insert(
            user=actor.user_id,
            contact=contact_id,
            interaction=interaction_id,
            kind=occurrence.kind,
            occurrence=occurrence.occurrence,
            title=occurrence.title,
            due_at=reminder_rules.due_at(occurrence.due_day, actor.tz),
            status="pending",
            created_at=now,
        )
        .on_conflict_ignore()
        .execute()
    )
    return 1 if inserted else 0


def _alertable(actor: Actor, *fields: Node) -> ModelSelect:
    """The contacts reminders may be about: active and not archived (seed 003)."""
    return owned(actor, Contact, *fields).where((Contact.active == True) & (Contact.archived == False))  # noqa: E712


def _plan_yearly(actor: Actor, first: date, last: date, settings: dict[str, Any]) -> int:
    planned = 0
    for kind, column, md_column, lead in (
        ("birthday", Contact.birthday, Contact.birthday_md, settings["birthday_lead_days"]),
        ("anniversary", Contact.anniversary, Contact.anniversary_md, settings["anniversary_lead_days"]),
    ):
        days = reminder_rules.months_days(first, last + timedelta(days=lead))
        rows = _alertable(actor, Contact.id, Contact.name, column).where(md_column.in_(sorted(days))).tuples()
        for contact_id, name, stored in rows:
            for occurrence in reminder_rules.yearly_occurrences(
                kind, stored, name, first, last, lead, settings["leap_day_rule"]
            ):
                planned += _insert(actor, contact_id, occurrence)
    return planned


def _plan_follow_ups(actor: Actor, first: date, last: date) -> int:
    planned = 0
    rows = (
        owned(actor, Interaction, Interaction.id, Interaction.contact, Contact.name, Interaction.follow_up_on)
        .join(Contact, on=(Contact.id == Interaction.contact))
        .where(
            Interaction.follow_up_on.between(first.isoformat(), last.isoformat())
            & Interaction.follow_up_done_at.is_null()
            & (Contact.active == True)
            & (Contact.archived == False)
        )  # noqa: E712
        .tuples()
    )
    for interaction_id, contact_id, name, day in rows:
        due_day = date.fromisoformat(day)
        occurrence = reminder_rules.Occurrence(
            "follow_up", f"{interaction_id}:{day}", due_day, due_day, f"Follow up with {name}"
        )
        planned += _insert(actor, contact_id, occurrence, interaction_id)
    return planned


def _plan_no_contact(actor: Actor, first: date, last: date, settings: dict[str, Any]) -> int:
    """Contacts whose cadence runs out within the days planned: one alert per silence, not one a day."""
    planned = 0
    cadence = cadence_days_sql(settings)
    since = fn.COALESCE(Contact.last_contacted_at, Contact.created_at)
    # A cheap coarse filter in SQL (a day either side for time zones), the exact day in Python.
    runs_out = sql_dialect.day_number(since) + cadence
    rows = (
        _alertable(actor, Contact.id, Contact.name, since.alias("since"), cadence.alias("cadence"))
        .where(runs_out.between(sql_dialect.day_number(first) - 2, sql_dialect.day_number(last) + 1))
        .tuples()
    )
    for contact_id, name, since_value, cadence_days in rows:
        moment = since_value if isinstance(since_value, datetime) else datetime.fromisoformat(str(since_value))
        day = reminder_rules.overdue_day(moment, int(cadence_days), actor.tz)
        if first <= day <= last:
            occurrence = reminder_rules.Occurrence(
                "no_contact", day.isoformat(), day, day, f"No contact with {name} for {cadence_days} days"
            )
            planned += _insert(actor, contact_id, occurrence)
    return planned


def plan(actor: Actor, through: date | None = None) -> int:
    """Store the reminders falling due up to `through` (default today) not planned yet; how many were new.

    Planning resumes from the last planned day (at most CATCH_UP_DAYS back), so a
    day crm did not run is not lost, and a day already planned is not redone. Shares
    received since the last plan become notices due now (`sharing.announce_new_shares`).
    """
    # Imported here: sharing reads contacts, which plan reminders, so it cannot be imported at load time.
    from .sharing import announce_new_shares

    told = announce_new_shares(actor)  # a share received is news to deliver, like a reminder
    today = local_today(actor)
    last = through or today
    user = User.get_by_id(actor.user_id)
    planned_on = date.fromisoformat(user.reminders_planned_on) if user.reminders_planned_on else None
    joined = clock.local(user.created_at, actor.tz).date()
    first = max(planned_on + timedelta(days=1) if planned_on else joined, today - timedelta(days=CATCH_UP_DAYS))
    if first > last:
        return told
    settings = read_settings(actor)
    with database.atomic():
        planned = told + (
            _plan_yearly(actor, first, last, settings)
            + _plan_follow_ups(actor, first, last)
            + _plan_no_contact(actor, first, last, settings)
        )
        if last >= today:
            User.update(reminders_planned_on=last.isoformat()).where(User.id == actor.user_id).execute()
    return planned


def replan_contact(actor: Actor, contact_id: int) -> None:
    """After a contact's dates, status or last contact changed: replace its pending planned reminders."""
    with database.atomic():
        (
            Reminder.delete()
            .where(
                (Reminder.user == actor.user_id)
                & (Reminder.contact == contact_id)
                & Reminder.kind.in_(PLANNED_KINDS)
                & (Reminder.status == "pending")
                & Reminder.claimed_by.is_null()
            )
            .execute()
        )
        user = User.get_by_id(actor.user_id)
        if user.reminders_planned_on:
            settings = read_settings(actor)
            today = local_today(actor)
            last = date.fromisoformat(user.reminders_planned_on)
            first = today
            _plan_contact(actor, contact_id, first, max(first, last), settings)


def _plan_contact(actor: Actor, contact_id: int, first: date, last: date, settings: dict[str, Any]) -> None:
    contact = _alertable(actor, Contact).where(Contact.id == contact_id).first()
    if contact is None:
        return
    for kind, stored, lead in (
        ("birthday", contact.birthday, settings["birthday_lead_days"]),
        ("anniversary", contact.anniversary, settings["anniversary_lead_days"]),
    ):
        if stored:
            for occurrence in reminder_rules.yearly_occurrences(
                kind, stored, contact.name, first, last, lead, settings["leap_day_rule"]
            ):
                _insert(actor, contact.id, occurrence)
    for interaction in Interaction.select().where(
        (Interaction.contact == contact.id)
        & Interaction.follow_up_done_at.is_null()
        & Interaction.follow_up_on.between(first.isoformat(), last.isoformat())
    ):
        day = date.fromisoformat(interaction.follow_up_on)
        _insert(
            actor,
            contact.id,
            reminder_rules.Occurrence(
                "follow_up", f"{interaction.id}:{interaction.follow_up_on}", day, day, f"Follow up with {contact.name}"
            ),
            interaction.id,
        )
    from .cadence import cadence_for  # the contact's own cadence, as the planner computes it in SQL

    cadence = cadence_for(contact.cadence_days, contact.relationship, settings)
    day = reminder_rules.overdue_day(contact.last_contacted_at or contact.created_at, cadence, actor.tz)
    if first <= day <= last:
        _insert(
            actor,
            contact.id,
            reminder_rules.Occurrence(
                "no_contact", day.isoformat(), day, day, f"No contact with {contact.name} for {cadence} days"
            ),
        )


def forget_plans(actor: Actor) -> None:
    """Drop pending planned reminders and plan again on the next tick (after a time zone or lead-time change)."""
    with database.atomic():
        (
            Reminder.delete()
            .where(
                (Reminder.user == actor.user_id)
                & Reminder.kind.in_(PLANNED_KINDS)
                & (Reminder.status == "pending")
                & Reminder.claimed_by.is_null()
                & (Reminder.due_at > clock.utcnow())
            )
            .execute()
        )
        User.update(reminders_planned_on=None).where(User.id == actor.user_id).execute()


def add_custom(actor: Actor, contact_id: int | None, when: str, title: str) -> Reminder:
    """A one-off reminder at `when` (ISO or a short form), optionally about one of `actor`'s contacts."""
    text = validation.text(title, "title", 300, required=True)
    moment = timeparse.parse_moment(when, actor.tz, clock.now(), "when")
    if contact_id is not None and not owned(actor, Contact, Contact.id).where(Contact.id == contact_id).exists():
        raise NotFound(f"no contact with id {contact_id}")
    due = clock.to_storage(moment)
    try:
        return Reminder.create(
            user=actor.user_id,
            contact=contact_id,
            kind="custom",
            occurrence=f"{due.isoformat()}:{text}",
            title=text,
            due_at=due,
            status="pending",
            created_at=clock.utcnow(),
        )
    except IntegrityError:
        raise ValidationError("title", "the same reminder is already set for that moment") from None


# -- due reminders and the tick --------------------------------------------------------------------------------


def _due_query(actor: Actor, at: datetime) -> ModelSelect:
    return (
        owned(
            actor,
            Reminder,
            Reminder.id,
            Reminder.user,
            Reminder.contact,
            Contact.name,
            Reminder.kind,
            Reminder.title,
            Reminder.due_at,
            Reminder.round,
            Reminder.status,
        )
        .join(Contact, JOIN.LEFT_OUTER, on=(Contact.id == Reminder.contact))
        .where(
            ((Reminder.status == "pending") & (Reminder.due_at <= at))
            | ((Reminder.status == "snoozed") & (Reminder.snoozed_until <= at))
        )
        .order_by(Reminder.due_at, Reminder.id)
    )


def _as_due(row: tuple[Any, ...]) -> DueReminder:
    return DueReminder(
        id=row[0],
        user_id=row[1],
        contact_id=row[2],
        contact_name=row[3] or "",
        kind=row[4],
        title=row[5],
        due_at=row[6],
        round=row[7],
        status=row[8],
    )


def due(actor: Actor, at: datetime | None = None, limit: int = 200) -> list[DueReminder]:
    """The reminders due at `at` (default now), planning first; nothing is claimed or sent."""
    moment = clock.to_storage(at) if at is not None else clock.utcnow()
    plan(actor, through=max(local_today(actor), clock.local(moment, actor.tz).date()))
    return [_as_due(row) for row in _due_query(actor, moment).limit(limit).tuples()]


def claim(reminder_id: int, claimant: str) -> bool:
    """Take a due reminder for delivery; False when another process holds it or it is no longer open."""
    now = clock.utcnow()
    taken = (
        Reminder.update(claimed_by=claimant, claimed_at=now)
        .where(
            (Reminder.id == reminder_id)
            & Reminder.status.in_(OPEN_STATUSES)
            & (Reminder.claimed_by.is_null() | (Reminder.claimed_at < now - CLAIM_LEASE))
        )
        .execute()
    )
    return taken == 1


def _channels_left(reminder: DueReminder, channels: tuple[str, ...]) -> tuple[str, ...]:
    attempted = {
        row.channel
        for row in Delivery.select(Delivery.channel).where(
            (Delivery.reminder == reminder.id) & (Delivery.round == reminder.round)
        )
    }
    return tuple(channel for channel in channels if channel not in attempted)


def _record_attempts(reminder: DueReminder, channels: Iterable[str]) -> None:
    # Written before sending: if the process dies mid-send, the channel is not tried twice (at most once).
    now = clock.utcnow()
    for channel in channels:
        Delivery.insert(reminder=reminder.id, channel=channel, round=reminder.round, attempted_at=now).execute()


def _record_results(reminder: DueReminder, results: DeliveryResult) -> None:
    now = clock.utcnow()
    for channel, error in results.items():
        where = (Delivery.reminder == reminder.id) & (Delivery.channel == channel) & (Delivery.round == reminder.round)
        if error is None:
            Delivery.update(delivered_at=now, error="").where(where).execute()
        else:
            # A failed channel is forgotten, so the next tick tries it again.
            Delivery.delete().where(where).execute()


def _still_wanted(reminder: DueReminder) -> bool:
    if reminder.contact_id is None:
        return True
    contact = Contact.get_or_none(Contact.id == reminder.contact_id)
    return contact is not None and contact.active and not contact.archived


def tick(
    actor: Actor, deliver: Deliver, channels: tuple[str, ...], claimant: str | None = None, limit: int = 50
) -> TickReport:
    """Plan, then deliver every due reminder of `actor` on `channels`, each claimed first.

    A reminder all of whose channels failed stays pending for the next tick;
    one delivered on at least one channel becomes "sent".
    """
    claimant = claimant or process_label()
    planned = plan(actor)
    now = clock.utcnow()
    delivered, failed, skipped = [], [], 0
    # Read the whole list first: an open read cursor would pin an old snapshot and make every claim fail.
    for reminder in [_as_due(row) for row in _due_query(actor, now).limit(limit).tuples()]:
        if not claim(reminder.id, claimant):
            skipped += 1
            continue
        if not _still_wanted(reminder):
            _close(reminder.id, "dismissed")
            continue
        left = _channels_left(reminder, channels)
        _record_attempts(reminder, left)
        results = deliver(reminder, left) if left else {}
        _record_results(reminder, results)
        errors = [f"{channel}: {error}" for channel, error in results.items() if error is not None]
        if left and len(errors) == len(left):
            Reminder.update(claimed_by=None, claimed_at=None).where(Reminder.id == reminder.id).execute()
            failed.append((reminder, "; ".join(errors)))
            continue
        Reminder.update(status="sent", sent_at=clock.utcnow(), claimed_by=None, claimed_at=None).where(
            Reminder.id == reminder.id
        ).execute()
        delivered.append(reminder)
        if errors:
            failed.append((reminder, "; ".join(errors)))
    return TickReport(planned, delivered, failed, skipped)


# -- the user's actions -----------------------------------------------------------------------------------------


def get_reminder(actor: Actor, reminder_id: int) -> Reminder:
    """One of `actor`'s reminders, or NotFound."""
    reminder = owned(actor, Reminder).where(Reminder.id == reminder_id).first()
    if reminder is None:
        raise NotFound(f"no reminder with id {reminder_id}")
    return reminder


def _close(reminder_id: int, status: str) -> None:
    Reminder.update(status=status, closed_at=clock.utcnow(), claimed_by=None, claimed_at=None).where(
        Reminder.id == reminder_id
    ).execute()


def mark_done(actor: Actor, reminder_id: int) -> None:
    """The user dealt with it."""
    _close(get_reminder(actor, reminder_id).id, "done")


def dismiss(actor: Actor, reminder_id: int) -> None:
    """The user does not want it."""
    _close(get_reminder(actor, reminder_id).id, "dismissed")


def snooze(actor: Actor, reminder_id: int, until: str | datetime) -> datetime:
    """Remind again at `until` (a moment, or text such as "+1h", "tomorrow 09:00"); the naive UTC moment."""
    reminder = get_reminder(actor, reminder_id)
    moment = until if isinstance(until, datetime) else timeparse.parse_moment(until, actor.tz, clock.now(), "until")
    stored = clock.to_storage(moment)
    if stored <= clock.utcnow():
        raise ValidationError("until", "snooze until a moment in the future")
    Reminder.update(
        status="snoozed", snoozed_until=stored, round=Reminder.round + 1, claimed_by=None, claimed_at=None
    ).where(Reminder.id == reminder.id).execute()
    return stored


def recent(actor: Actor, limit: int = 100) -> list[Reminder]:
    """Open and recently handled reminders, for the notification center: open first, then newest."""
    return list(
        owned(actor, Reminder)
        .where(Reminder.due_at <= clock.utcnow() + timedelta(days=1))
        .order_by(Reminder.status.not_in(["pending", "sent", "snoozed"]), Reminder.due_at.desc(), Reminder.id)
        .limit(limit)
    )


def reminder_dict(reminder: Reminder | DueReminder, contact_name: str | None = None) -> dict[str, Any]:
    """A reminder as the JSON of `crm reminders`."""
    return {
        "id": reminder.id,
        "contact_id": reminder.contact_id,
        "contact_name": contact_name if contact_name is not None else getattr(reminder, "contact_name", ""),
        "kind": reminder.kind,
        "title": reminder.title,
        "due_at": clock.iso_utc(reminder.due_at),
        "status": reminder.status,
    }
