"""The daily suggestion (seed 003): one active contact a day to get in touch with.

The pick is weighted, not uniform: the more overdue a contact is, the more
important (VIP, a short cadence), and the longer since it was last suggested,
the likelier it is. The day's pick is stored once (unique per user and day) and
moves sent -> initiated -> done. On Fridays an extended weekend list is shown
without storing suggestions, so the statistics stay true.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from peewee import JOIN, fn

from . import clock
from .cadence import overdue_ratio
from .errors import NotFound, ValidationError
from .models import SUGGESTION_STATUSES, Contact, Suggestion, database
from .scope import Actor, owned
from .settings import read_settings

CANDIDATES = 300
"""How many of the most overdue contacts the pick draws from (enough variety, bounded work)."""
REST_DAYS = 14
"""A contact suggested this recently is not suggested again."""
FRIDAY = 4


@dataclass(frozen=True)
class Candidate:
    contact_id: int
    name: str
    weight: float
    overdue_ratio: float
    vip: bool


@dataclass(frozen=True)
class TodaysSuggestion:
    id: int
    day: date
    contact_id: int
    contact_name: str
    status: str


@dataclass(frozen=True)
class SuggestionStats:
    total: int
    done: int
    done_rate: float
    streak: int


def local_today(actor: Actor) -> date:
    """Today in `actor`'s time zone."""
    return clock.now().astimezone(actor.tz).date()


def weight(ratio: float, vip: bool, days_since_suggested: int | None) -> float:
    """How likely a contact is to be picked: overdue, important and not suggested lately weigh more."""
    urgency = max(ratio, 0.05) ** 1.5
    importance = 3.0 if vip else 1.0
    freshness = 1.0 if days_since_suggested is None else min(1.0, days_since_suggested / 60)
    return urgency * importance * max(freshness, 0.05)


def candidates(actor: Actor, today: date) -> list[Candidate]:
    """The active, unarchived contacts not suggested in the last REST_DAYS days, with their weights."""
    settings = read_settings(actor)
    ratio = overdue_ratio(settings, clock.utcnow())
    last_suggested = (
        Suggestion.select(Suggestion.contact, fn.MAX(Suggestion.day).alias("last_day"))
        .where(Suggestion.user == actor.user_id)
        .group_by(Suggestion.contact)
        .alias("last")
    )
    rest_from = (today - timedelta(days=REST_DAYS)).isoformat()
    query = (
        owned(actor, Contact, Contact.id, Contact.name, ratio.alias("ratio"), Contact.vip, last_suggested.c.last_day)
        .join(last_suggested, JOIN.LEFT_OUTER, on=(last_suggested.c.contact_id == Contact.id))
        .where(
            (Contact.active == True)
            & (Contact.archived == False)  # noqa: E712
            & (last_suggested.c.last_day.is_null() | (last_suggested.c.last_day < rest_from))
        )
        .order_by(ratio.desc(), Contact.id)
        .limit(CANDIDATES)
    )
    found = []
    for contact_id, name, overdue, vip, last_day in query.tuples():
        since = (today - date.fromisoformat(last_day)).days if last_day else None
        found.append(
            Candidate(contact_id, name, weight(float(overdue or 0), bool(vip), since), float(overdue or 0), bool(vip))
        )
    return found


def _draw(pool: list[Candidate], count: int, seed: str) -> list[Candidate]:
    """`count` distinct candidates drawn by weight, the same ones for the same seed."""
    chooser = random.Random(seed)
    pool = list(pool)
    chosen: list[Candidate] = []
    while pool and len(chosen) < count:
        pick = chooser.choices(range(len(pool)), weights=[c.weight for c in pool])[0]
        chosen.append(pool.pop(pick))
    return chosen


def _as_today(suggestion: Suggestion) -> TodaysSuggestion:
    return TodaysSuggestion(
        suggestion.id,
        date.fromisoformat(suggestion.day),
        suggestion.contact_id,
        suggestion.contact.name,
        suggestion.status,
    )


def todays(actor: Actor, create: bool = True) -> TodaysSuggestion | None:
    """Today's suggestion, picked and stored on first ask; None when nobody can be suggested."""
    today = local_today(actor)
    existing = (
        owned(actor, Suggestion, Suggestion, Contact).join(Contact).where(Suggestion.day == today.isoformat()).first()
    )
    if existing is not None or not create:
        return _as_today(existing) if existing else None
    picked = _draw(candidates(actor, today), 1, f"{actor.user_id}:{today}")
    if not picked:
        return None
    now = clock.utcnow()
    with database.atomic():
        # Another crm may have picked first: the unique (user, day) keeps one, and both show it.
        Suggestion.insert(
            user=actor.user_id,
            contact=picked[0].contact_id,
            day=today.isoformat(),
            status="sent",
            created_at=now,
            updated_at=now,
        ).on_conflict_ignore().execute()
    return todays(actor, create=False)


def weekend_list(actor: Actor, size: int | None = None) -> list[Candidate]:
    """On Fridays, the extended list for the weekend (nothing stored); empty on other days."""
    today = local_today(actor)
    if today.weekday() != FRIDAY:
        return []
    count = size or int(read_settings(actor)["weekend_list_size"])
    current = todays(actor, create=False)
    pool = [c for c in candidates(actor, today) if not current or c.contact_id != current.contact_id]
    return _draw(pool, count, f"{actor.user_id}:{today}:weekend")


def advance(actor: Actor, status: str) -> TodaysSuggestion:
    """Move the most recent suggestion forward to "initiated" or "done"."""
    if status not in SUGGESTION_STATUSES[1:]:
        raise ValidationError("status", f"a suggestion moves to initiated or done, not {status!r}")
    latest = owned(actor, Suggestion, Suggestion, Contact).join(Contact).order_by(Suggestion.day.desc()).first()
    if latest is None:
        raise NotFound("there is no suggestion yet: run crm suggest")
    if SUGGESTION_STATUSES.index(status) <= SUGGESTION_STATUSES.index(latest.status):
        raise ValidationError("status", f"the suggestion to talk to {latest.contact.name} is already {latest.status}")
    Suggestion.update(status=status, updated_at=clock.utcnow()).where(Suggestion.id == latest.id).execute()
    latest.status = status
    return _as_today(latest)


def statistics(actor: Actor) -> SuggestionStats:
    """How many suggestions were done, the rate, and the streak of consecutive done days up to today."""
    rows = list(owned(actor, Suggestion, Suggestion.day, Suggestion.status).order_by(Suggestion.day.desc()).tuples())
    done = sum(1 for _, status in rows if status == "done")
    streak, expected = 0, local_today(actor)
    for day_text, status in rows:
        day = date.fromisoformat(day_text)
        if day == expected and status != "done" and streak == 0 and day == local_today(actor):
            expected -= timedelta(days=1)  # today's may still be in progress: it does not break the streak
            continue
        if day != expected or status != "done":
            break
        streak += 1
        expected -= timedelta(days=1)
    return SuggestionStats(len(rows), done, done / len(rows) if rows else 0.0, streak)
