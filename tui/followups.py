"""Follow-ups: the dates interactions asked to pick a conversation up again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import clock, timeparse
from .interactions import get_interaction
from .models import Contact, Interaction
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
    query = (owned(actor, Interaction, Interaction.id, Interaction.contact, Contact.name, Interaction.follow_up_on,
                   Interaction.medium, Interaction.notes)
             .join(Contact, on=(Contact.id == Interaction.contact))
             .where(Interaction.follow_up_on.is_null(False) & Interaction.follow_up_done_at.is_null()
                    & (Contact.archived == False))  # noqa: E712
             .order_by(Interaction.follow_up_on, Interaction.id).limit(limit))
    now = today(actor)
    return [FollowUp(interaction_id=row[0], contact_id=row[1], contact_name=row[2],
                     due_on=date.fromisoformat(row[3]), medium=row[4], notes=row[5],
                     overdue=date.fromisoformat(row[3]) < now)
            for row in query.tuples()]


def mark_done(actor: Actor, interaction_id: int) -> None:
    """Close a follow-up."""
    interaction = get_interaction(actor, interaction_id)
    Interaction.update(follow_up_done_at=clock.utcnow()).where(Interaction.id == interaction.id).execute()


def reopen(actor: Actor, interaction_id: int) -> None:
    """Open a closed follow-up again."""
    interaction = get_interaction(actor, interaction_id)
    Interaction.update(follow_up_done_at=None).where(Interaction.id == interaction.id).execute()


def reschedule(actor: Actor, interaction_id: int, when: str) -> date:
    """Move a follow-up to another day (`YYYY-MM-DD` or a short form such as +3d); the new day."""
    interaction = get_interaction(actor, interaction_id)
    day = timeparse.parse_day(when, actor.tz, clock.now(), "follow_up")
    Interaction.update(follow_up_on=day.isoformat(), follow_up_done_at=None).where(
        Interaction.id == interaction.id).execute()
    return day
