"""Follow-ups: the dates interactions asked to pick a conversation up again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from . import audit, clock, reminders, timeparse
from .errors import ValidationError
from .interactions import get_interaction
from .models import Contact, Interaction, database
from .scope import Actor, owned


@dataclass(frozen=True)
class FollowUp:
    """One pending follow-up; `overdue` when its day has passed."""

    interaction_id: int
    contact_id: int
    contact_name: str
    due_on: date
    medium: str
    notes: str
    overdue: bool


def today(actor: Actor) -> date:
    """Today in `actor`'s time zone."""
    return clock.now().astimezone(actor.tz).date()


def pending(actor: Actor, limit: int = 500) -> list[FollowUp]:
    """Open follow-ups of `actor`'s contacts (not archived): overdue first, then upcoming, by date."""
    query = (
        owned(
            actor,
            Interaction,
            Interaction.id,
            Interaction.contact,
            Contact.name,
            Interaction.follow_up_on,
            Interaction.medium,
            Interaction.notes,
        )
        .join(Contact, on=(Contact.id == Interaction.contact))
        .where(
            Interaction.follow_up_on.is_null(False)
            & Interaction.follow_up_done_at.is_null()
            & (Contact.archived == False)
        )  # noqa: E712
        .order_by(Interaction.follow_up_on, Interaction.id)
        .limit(limit)
    )
    now = today(actor)
    return [
        FollowUp(
            interaction_id=row[0],
            contact_id=row[1],
            contact_name=row[2],
            due_on=date.fromisoformat(row[3]),
            medium=row[4],
            notes=row[5],
            overdue=date.fromisoformat(row[3]) < now,
        )
        for row in query.tuples()
    ]


def _with_follow_up(actor: Actor, interaction_id: int) -> Interaction:
    interaction = get_interaction(actor, interaction_id)
    if interaction.follow_up_on is None:
        raise ValidationError("follow_up", f"interaction {interaction_id} has no follow-up")
    return interaction


def _change(actor: Actor, interaction: Interaction, **values: Any) -> None:
    """Store a follow-up change with its audit entry, so the trail of the interaction stays whole."""
    old = {name: getattr(interaction, name) for name in values}
    with database.atomic():
        Interaction.update(updated_at=clock.utcnow(), **values).where(Interaction.id == interaction.id).execute()
        audit.record(
            actor,
            interaction.owner_id,
            "interaction",
            interaction.id,
            "update",
            old,
            values,
            contact_id=interaction.contact_id,
        )
        reminders.replan_contact(actor, interaction.contact_id)


def mark_done(actor: Actor, interaction_id: int) -> None:
    """Close a follow-up."""
    _change(actor, _with_follow_up(actor, interaction_id), follow_up_done_at=clock.utcnow())


def reopen(actor: Actor, interaction_id: int) -> None:
    """Open a closed follow-up again."""
    _change(actor, _with_follow_up(actor, interaction_id), follow_up_done_at=None)


def reschedule(actor: Actor, interaction_id: int, when: str) -> date:
    """Move a follow-up to another day (`YYYY-MM-DD` or a short form such as +3d); the new day."""
    interaction = get_interaction(actor, interaction_id)
    day = timeparse.parse_day(when, actor.tz, clock.now(), "follow_up")
    if day < clock.local(interaction.occurred_at, actor.tz).date():
        raise ValidationError("follow_up", f"the follow-up ({day}) would be before the interaction itself")
    _change(actor, interaction, follow_up_on=day.isoformat(), follow_up_done_at=None)
    return day
