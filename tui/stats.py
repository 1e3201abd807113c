"""Figures for the dashboard, computed in SQL over the acting user's rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from . import clock
from .models import Contact, Interaction
from .scope import Actor, owned


@dataclass(frozen=True)
class Counts:
    contacts: int
    active_contacts: int
    vips: int
    interactions: int
    interactions_this_month: int


def counts(actor: Actor) -> Counts:
    """The headline counts: contacts (not archived), active ones, VIPs, interactions overall and this month."""
    local_now = clock.now().astimezone(actor.tz)
    month_start = clock.to_storage(datetime.combine(local_now.date().replace(day=1), time(0), tzinfo=actor.tz))
    people = owned(actor, Contact, Contact.id).where(Contact.archived == False)  # noqa: E712
    talks = owned(actor, Interaction, Interaction.id)
    return Counts(
        contacts=people.count(),
        active_contacts=people.where(Contact.active == True).count(),  # noqa: E712
        vips=people.where(Contact.vip == True).count(),  # noqa: E712
        interactions=talks.count(),
        interactions_this_month=talks.where(Interaction.occurred_at >= month_start).count(),
    )
