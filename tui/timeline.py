"""The timeline: every interaction across contacts, newest first, one page at a time.

Pages are read by keyset (the last row's moment and id), so the millionth row
costs what the first does; nothing ever loads the whole history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peewee import fn

from . import clock, sql_dialect
from .interactions import parse_medium
from .models import Contact, ContactTag, Interaction, Tag
from .scope import Actor, owned


@dataclass(frozen=True)
class TimelineFilter:
    """Which interactions the timeline shows."""

    medium: str = ""
    contact_id: int | None = None
    tag: str = ""
    since: date | None = None  # first day included, in the user's time zone
    until: date | None = None  # last day included
    search: str = ""  # words in notes, outcome or type


@dataclass(frozen=True)
class TimelineRow:
    """One interaction as the timeline shows it."""

    id: int
    contact_id: int
    contact_name: str
    occurred_at: datetime
    medium: str
    type: str
    notes: str
    outcome: str
    follow_up_on: str | None


Cursor = tuple[datetime, int]
"""Where a page ended: the last row's moment and id."""


def _day_start(day: date, actor: Actor) -> datetime:
    return clock.to_storage(datetime.combine(day, time(0), tzinfo=actor.tz))


def page(
    actor: Actor, spec: TimelineFilter = TimelineFilter(), after: Cursor | None = None, limit: int = 100
) -> list[TimelineRow]:
    """The next `limit` interactions older than `after` (or the newest ones), newest first."""
    query = owned(
        actor,
        Interaction,
        Interaction.id,
        Interaction.contact,
        Contact.name,
        Interaction.occurred_at,
        Interaction.medium,
        Interaction.type,
        Interaction.notes,
        Interaction.outcome,
        Interaction.follow_up_on,
    ).join(Contact, on=(Contact.id == Interaction.contact))
    if spec.medium:
        query = query.where(Interaction.medium == parse_medium(spec.medium))
    if spec.contact_id is not None:
        query = query.where(Interaction.contact == spec.contact_id)
    if spec.tag:
        tagged = (
            ContactTag.select(ContactTag.contact)
            .join(Tag)
            .where((Tag.owner == actor.user_id) & (fn.lower(Tag.name) == spec.tag.lstrip("#").lower()))
        )
        query = query.where(Interaction.contact.in_(tagged))
    if spec.since:
        query = query.where(Interaction.occurred_at >= _day_start(spec.since, actor))
    if spec.until:
        query = query.where(Interaction.occurred_at < _day_start(spec.until + timedelta(days=1), actor))
    if sql_dialect.has_search_words(spec.search):
        query = query.where(Interaction.id.in_(sql_dialect.matching_ids("interaction_search", spec.search)))
    if after is not None:
        moment, last_id = after
        query = query.where(
            (Interaction.occurred_at < moment) | ((Interaction.occurred_at == moment) & (Interaction.id < last_id))
        )
    query = query.order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(limit)
    return [
        TimelineRow(
            id=row[0],
            contact_id=row[1],
            contact_name=row[2],
            occurred_at=row[3],
            medium=row[4],
            type=row[5],
            notes=row[6],
            outcome=row[7],
            follow_up_on=row[8],
        )
        for row in query.tuples()
    ]


def cursor_after(rows: list[TimelineRow]) -> Cursor | None:
    """The cursor that continues after these rows, or None when there were none."""
    return (rows[-1].occurred_at, rows[-1].id) if rows else None


def group_by_day(rows: list[TimelineRow], actor: Actor) -> list[tuple[date, list[TimelineRow]]]:
    """Rows grouped under the day they happened on in `actor`'s time zone, keeping their order."""
    groups: list[tuple[date, list[TimelineRow]]] = []
    for row in rows:
        day = clock.local(row.occurred_at, actor.tz).date()
        if groups and groups[-1][0] == day:
            groups[-1][1].append(row)
        else:
            groups.append((day, [row]))
    return groups
