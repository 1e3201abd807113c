"""Interactions: every meeting and message with a contact, and the contact's "last contacted".

Interactions are editable (seed 004); every edit and delete is written to the
audit log with old and new values (seed 001), so the trail stays whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from peewee import fn

from . import audit, clock, reminders, timeparse, validation
from .accounts import actor_for
from .contacts import get_contact
from .errors import NotFound, ValidationError
from .models import MEDIUMS, Contact, Interaction, User, database
from .scope import Actor, notable_contact, owned
from .terminal_text import quoted

MEDIUM_LABELS = {
    "phone": "Phone call",
    "whatsapp": "WhatsApp",
    "email": "E-mail",
    "sms": "SMS",
    "in_person": "In person",
    "video": "Video call",
    "instagram_dm": "Instagram DM",
    "chat": "Chat",
    "other": "Other",
}
_MEDIUM_ALIASES = {
    "call": "phone",
    "phone call": "phone",
    "mail": "email",
    "e-mail": "email",
    "in person": "in_person",
    "meeting": "in_person",
    "video call": "video",
    "instagram": "instagram_dm",
    "instagram dm": "instagram_dm",
    "text": "sms",
}


@dataclass
class InteractionInput:
    """An interaction as typed: `when` and `follow_up` accept ISO dates and short forms."""

    medium: str = ""
    when: str = ""  # empty: now
    type: str = ""
    notes: str = ""
    outcome: str = ""
    follow_up: str = ""  # empty: no follow-up


FUTURE_SLACK = timedelta(minutes=5)
"""How far ahead of the clock an interaction may be dated: two machines' clocks never agree to the second."""


def parse_medium(text: str) -> str:
    """The medium code for `text` (a code such as in_person, or a label such as "Video call")."""
    key = (text or "").strip().lower()
    medium = _MEDIUM_ALIASES.get(key, key.replace(" ", "_").replace("-", "_"))
    if medium not in MEDIUMS:
        raise ValidationError("medium", f"unknown medium {quoted(text.strip())}: use one of {', '.join(MEDIUMS)}")
    return medium


def _validate(actor: Actor, data: InteractionInput) -> dict[str, Any]:
    now = clock.now()
    occurred = timeparse.parse_moment(data.when, actor.tz, now, "when") if data.when.strip() else now
    if occurred > now + FUTURE_SLACK:
        raise ValidationError(
            "when",
            f"{clock.local(occurred, actor.tz).strftime('%Y-%m-%d %H:%M')} is in the future: log an interaction "
            "once it has happened (a plan is a reminder: crm remind add)",
        )
    follow_up: date | None = None
    if data.follow_up.strip():
        follow_up = timeparse.parse_day(data.follow_up, actor.tz, occurred, "follow_up")
        if follow_up < occurred.astimezone(actor.tz).date():
            raise ValidationError("follow_up", f"the follow-up ({follow_up}) is before the interaction itself")
    return {
        "medium": parse_medium(data.medium),
        "occurred_at": clock.to_storage(occurred),
        "type": validation.text(data.type, "type", 100),
        "notes": validation.text(data.notes, "notes", 20000, multiline=True),
        "outcome": validation.text(data.outcome, "outcome", 500),
        "follow_up_on": follow_up.isoformat() if follow_up else None,
    }


def refresh_last_contacted(actor: Actor, contact_id: int) -> None:
    """Set a contact's last-contacted moment to its latest interaction (None when it has none).

    Its planned reminders follow: a new conversation moves the next no-contact alert, and
    a changed follow-up date replaces the pending follow-up reminder. The reminders are the
    owner's, also when a recipient of a share logged the interaction.
    """
    contact = notable_contact(actor, contact_id)
    # Only what has happened counts: a row dated ahead (an import, an older crm) never moves the moment forward.
    latest = Interaction.select(fn.MAX(Interaction.occurred_at)).where(
        (Interaction.contact == contact.id) & (Interaction.occurred_at <= clock.utcnow())
    )
    Contact.update(last_contacted_at=latest).where(Contact.id == contact.id).execute()
    owner = actor if contact.owner_id == actor.user_id else actor_for(User.get_by_id(contact.owner_id))
    reminders.replan_contact(owner, contact.id)


def log_interaction(actor: Actor, contact_id: int, data: InteractionInput) -> Interaction:
    """Record an interaction with one of `actor`'s contacts, or one shared with them to view and add notes.

    The interaction belongs to the contact's owner (it is in their timeline) and names `actor` as
    its author; the contact's last-contacted moment moves. A view-only share is refused.
    """
    contact = notable_contact(actor, contact_id)
    values = _validate(actor, data)
    now = clock.utcnow()
    with database.atomic():
        interaction = Interaction.create(
            owner=contact.owner_id, contact=contact.id, author=actor.user_id, created_at=now, updated_at=now, **values
        )
        refresh_last_contacted(actor, contact.id)
    return interaction


def get_interaction(actor: Actor, interaction_id: int) -> Interaction:
    """One interaction with one of `actor`'s contacts, or NotFound."""
    interaction = owned(actor, Interaction).where(Interaction.id == interaction_id).first()
    if interaction is None:
        raise NotFound(f"no interaction with id {interaction_id}")
    return interaction


def _snapshot(interaction: Interaction) -> dict[str, Any]:
    return {
        name: getattr(interaction, name)
        for name in ("medium", "occurred_at", "type", "notes", "outcome", "follow_up_on")
    }


def edit_interaction(actor: Actor, interaction_id: int, data: InteractionInput) -> Interaction:
    """Change an interaction, keeping its old values in the audit log."""
    interaction = get_interaction(actor, interaction_id)
    before = _snapshot(interaction)
    values = _validate(actor, data)
    with database.atomic():
        Interaction.update(updated_at=clock.utcnow(), **values).where(Interaction.id == interaction.id).execute()
        old, new = audit.changed_fields(before, values)
        if new:
            audit.record(
                actor,
                interaction.owner_id,
                "interaction",
                interaction.id,
                "update",
                old,
                new,
                contact_id=interaction.contact_id,
            )
        refresh_last_contacted(actor, interaction.contact_id)
    return get_interaction(actor, interaction.id)


def delete_interaction(actor: Actor, interaction_id: int) -> None:
    """Delete an interaction, keeping all its values in the audit log."""
    interaction = get_interaction(actor, interaction_id)
    with database.atomic():
        audit.record(
            actor,
            interaction.owner_id,
            "interaction",
            interaction.id,
            "delete",
            _snapshot(interaction),
            None,
            contact_id=interaction.contact_id,
        )
        interaction.delete_instance()
        refresh_last_contacted(actor, interaction.contact_id)


def for_contact(actor: Actor, contact_id: int, limit: int = 100, offset: int = 0) -> list[Interaction]:
    """A contact's interactions, newest first."""
    contact = get_contact(actor, contact_id)
    return list(
        Interaction.select()
        .where(Interaction.contact == contact.id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(limit)
        .offset(offset)
    )


def interaction_dict(interaction: Interaction) -> dict[str, Any]:
    """An interaction as plain values for JSON output."""
    return {
        "id": interaction.id,
        "contact_id": interaction.contact_id,
        "at": clock.iso_utc(interaction.occurred_at),
        "medium": interaction.medium,
        "type": interaction.type,
        "notes": interaction.notes,
        "outcome": interaction.outcome,
        "follow_up": interaction.follow_up_on,
        "author_id": interaction.author_id,
        "created_at": clock.iso_utc(interaction.created_at),
        "updated_at": clock.iso_utc(interaction.updated_at),
    }


def local_time(interaction: Interaction, actor: Actor) -> datetime:
    """When an interaction happened, in `actor`'s time zone."""
    return clock.local(interaction.occurred_at, actor.tz)
