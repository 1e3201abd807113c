"""How often a contact should hear from the user, and whether it is time to "hit up" (seed 000).

A contact's cadence is its own, else its relationship type's (a setting),
else the user's default number of days without contact.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from peewee import Case, Node, fn

from .models import Contact
from .settings import CADENCE_PREFIX
from .sql_dialect import day_number

HIT_UP = "hit_up"
ALL_GOOD = "all_good"
STATUS_LABELS = {HIT_UP: "hit up", ALL_GOOD: "all good"}


def cadence_for(contact_cadence: int | None, relationship: str, settings: dict[str, Any]) -> int:
    """Days allowed between contacts: the contact's own, else its relationship's, else the default."""
    if contact_cadence:
        return contact_cadence
    by_relationship = settings.get(CADENCE_PREFIX + (relationship or ""))
    if by_relationship:
        return int(by_relationship)
    return int(settings["no_contact_days"])


def status_of(last_contacted_at: datetime | None, created_at: datetime, cadence_days: int, now: datetime) -> str:
    """ "hit_up" when longer than the cadence has passed since the last contact (or since added), else "all_good"."""
    since = last_contacted_at or created_at
    return HIT_UP if now - since > timedelta(days=cadence_days) else ALL_GOOD


def cadence_days_sql(settings: dict[str, Any]) -> Node:
    """SQL for each contact's cadence in days."""
    by_relationship = [
        (key[len(CADENCE_PREFIX) :], days) for key, days in settings.items() if key.startswith(CADENCE_PREFIX) and days
    ]
    default = int(settings["no_contact_days"])
    return fn.COALESCE(
        Contact.cadence_days, Case(Contact.relationship, by_relationship, default) if by_relationship else default
    )


def overdue_ratio(settings: dict[str, Any], now: datetime) -> Node:
    """SQL for how far into (or past) its cadence each contact is: above 1 means "hit up"."""
    since = fn.COALESCE(Contact.last_contacted_at, Contact.created_at)
    return (day_number(now) - day_number(since)) / cadence_days_sql(settings)
