"""The dashboard's figures (seed 004, module 8; seed 003): every one computed in SQL over the acting user's rows.

What the figures count:
- *contacts* are the ones not archived (archiving is seed 001's soft delete);
- a *meeting* is any logged interaction, whatever its medium: seed 004's "Meetings / Connects"
  module records every interaction (calls and messages included) with a medium, and its
  "communication medium breakdown" divides those same meetings by medium. Interactions of
  archived contacts still count: they happened;
- *needs attention*: active, unarchived contacts not contacted for `no_contact_days` (a setting,
  30 by default) or more, counting from when they were added if they were never contacted;
- *pending follow-ups* are those of unarchived contacts not marked done: overdue when their day
  has passed, upcoming from today on (as on the follow-ups screen);
- weeks are ISO weeks (Monday to Sunday) and months calendar months, both in the user's time zone;
  "this week" and "this month" are included though not over yet;
- the medium breakdown covers the last 12 calendar months (this one included);
- the contacts-added line counts every contact ever added and still stored, archived ones too
  (they were added), cumulatively at the end of each of the last 12 months.

Speed: per-period figures are counted one period at a time over an index range (a calendar of
periods joined to a correlated COUNT), rather than with GROUP BY over a date expression:
SQLite then counts index entries without decoding a single timestamp, about ten times faster
at a million interactions, and every period, empty ones included, gets its row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import accumulate, pairwise

from peewee import SQL, ModelSelect, Node, Select, ValuesList, fn

from . import agenda, clock, followups, suggestions
from .agenda import UpcomingDate
from .deals import OPEN_STAGES
from .followups import FollowUp
from .models import MEDIUMS, Contact, Deal, Interaction, database
from .scope import Actor, owned
from .settings import read_settings
from .sql_dialect import as_moment, count_where
from .suggestions import Candidate, SuggestionStats, TodaysSuggestion

CHART_WEEKS = 12
CHART_MONTHS = 12
LIST_SIZE = 5
"""How many contacts the recently-contacted and needs-attention lists show."""
FOLLOWUPS_SHOWN = 6
UPCOMING_DAYS = 7


@dataclass(frozen=True)
class Headline:
    """The figures of the dashboard's top row."""

    contacts: int
    meetings_this_month: int
    followups_overdue: int
    followups_upcoming: int
    needs_attention: int


@dataclass(frozen=True)
class ContactLine:
    """A contact in a dashboard list: when it was last contacted (None: never) and how many days ago."""

    contact_id: int
    name: str
    last_contacted_at: datetime | None
    days: int


@dataclass(frozen=True)
class Attention:
    """Contacts not contacted for `days` days or more: how many, and the longest-neglected first."""

    days: int
    count: int
    contacts: list[ContactLine]


@dataclass(frozen=True)
class StageTotal:
    """Open deals in one stage: how many, and their value per currency (thousandths, as stored)."""

    stage: str
    count: int
    totals: dict[str, int]


@dataclass(frozen=True)
class DealLine:
    """An open deal expected to close soon (or overdue to)."""

    deal_id: int
    title: str
    contact_name: str
    stage: str
    value_milli: int
    currency: str
    expected_close: date


@dataclass(frozen=True)
class WeekCount:
    """Meetings in the ISO week starting on Monday `week`."""

    week: date
    count: int


@dataclass(frozen=True)
class MediumCount:
    medium: str
    count: int


@dataclass(frozen=True)
class MonthTotal:
    """Contacts added in the month starting on `month`, and how many there were at its end."""

    month: date
    added: int
    total: int


@dataclass(frozen=True)
class Overview:
    """Everything the dashboard shows apart from its charts."""

    headline: Headline
    upcoming: list[UpcomingDate]
    followups: list[FollowUp]
    recent: list[ContactLine]
    attention: Attention
    deals: list[StageTotal]
    closing: list[DealLine] = field(default_factory=list)
    suggestion: TodaysSuggestion | None = None
    weekend: list[Candidate] = field(default_factory=list)
    suggestion_stats: SuggestionStats | None = None


@dataclass(frozen=True)
class Charts:
    """The data of the dashboard's three charts."""

    weeks: list[WeekCount]
    mediums: list[MediumCount]
    months: list[MonthTotal]


# --- periods in the user's time zone -----------------------------------------------------------


def _local_today(actor: Actor) -> date:
    return clock.now().astimezone(actor.tz).date()


def _stored(actor: Actor, day: date) -> datetime:
    """Midnight at the start of `day` in the user's zone, in the naive UTC form moments are stored in."""
    return clock.to_storage(datetime.combine(day, time(0), tzinfo=actor.tz))


def _month_start(day: date, months_back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def week_starts(actor: Actor, weeks: int = CHART_WEEKS) -> list[date]:
    """The Mondays of the last `weeks` ISO weeks in the user's zone, oldest first; the last is this week's."""
    today = _local_today(actor)
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def month_starts(actor: Actor, months: int = CHART_MONTHS) -> list[date]:
    """The first days of the last `months` calendar months in the user's zone, oldest first; the last is this one."""
    today = _local_today(actor)
    return [_month_start(today, back) for back in range(months - 1, -1, -1)]


def _count_for_each(keys: Sequence[tuple[str, ...]], counted: Callable[[ValuesList], Select]) -> list[int]:
    """One count per key, in one statement: `counted(wanted)` is a COUNT correlated with the row `wanted`.

    `keys` become a VALUES table (`wanted.c.column2`, `column3`... are the key's values, `column1`
    its position), so every key gets its row, zero included.
    """
    if not keys:
        return []
    wanted = ValuesList([(position, *key) for position, key in enumerate(keys)], alias="wanted")
    query = Select([wanted], [wanted.c.column1, counted(wanted)]).order_by(wanted.c.column1).bind(database)
    found = dict(query.tuples())
    return [int(found.get(position) or 0) for position in range(len(keys))]


def _periods(actor: Actor, starts: list[date], end: date) -> list[tuple[datetime, datetime]]:
    """[start, next start) of each period, as stored moments; the last period ends at `end`."""
    bounds = [_stored(actor, day) for day in [*starts, end]]
    return list(pairwise(bounds))


def _meetings_in(actor: Actor, periods: list[tuple[datetime, datetime]]) -> list[int]:
    def counted(wanted: ValuesList) -> Select:
        return owned(actor, Interaction, fn.COUNT(SQL("*"))).where(
            (Interaction.occurred_at >= as_moment(wanted.c.column2))
            & (Interaction.occurred_at < as_moment(wanted.c.column3))
        )

    return _count_for_each([(str(start), str(end)) for start, end in periods], counted)


# --- the headline figures ----------------------------------------------------------------------


def contact_count(actor: Actor) -> int:
    """How many contacts `actor` has, archived ones left out."""
    return owned(actor, Contact, Contact.id).where(Contact.archived == False).count()  # noqa: E712


def meetings_this_month(actor: Actor) -> int:
    """Meetings (any interaction) in the current calendar month of the user's zone."""
    start = _month_start(_local_today(actor))
    return _meetings_in(actor, _periods(actor, [start], _month_start(start, -1)))[0]


def followup_counts(actor: Actor) -> tuple[int, int]:
    """Pending follow-ups of unarchived contacts: (overdue, upcoming), today counting as upcoming."""
    today = _local_today(actor).isoformat()
    archived = owned(actor, Contact, Contact.id).where(Contact.archived == True)  # noqa: E712
    # NOT IN over the few archived contacts keeps the count on the pending follow-ups' own index,
    # where a join would read a contact row for every follow-up.
    overdue, pending = (
        owned(actor, Interaction, count_where(Interaction.follow_up_on < today), fn.COUNT(SQL("*")))
        .where(
            Interaction.follow_up_on.is_null(False)
            & Interaction.follow_up_done_at.is_null()
            & Interaction.contact.not_in(archived)
        )
        .tuples()
        .get()
    )
    return int(overdue or 0), int(pending or 0) - int(overdue or 0)


def _since() -> Node:
    """When each contact was last contacted, or added if never: the same expression as the contacts' index."""
    return fn.COALESCE(Contact.last_contacted_at, Contact.created_at)


def _neglected(actor: Actor, days: int) -> ModelSelect:
    cutoff = clock.utcnow() - timedelta(days=days)
    return owned(actor, Contact).where(
        (Contact.active == True)
        & (Contact.archived == False)  # noqa: E712
        & (_since() <= cutoff)
    )


def _days_since(moment: datetime | None, now: datetime) -> int:
    return max(0, (now - moment).days) if moment else 0


def needs_attention(actor: Actor, limit: int = LIST_SIZE) -> Attention:
    """Active contacts not contacted for `no_contact_days` or more: the count and the `limit` longest-neglected."""
    days = int(read_settings(actor)["no_contact_days"])
    now = clock.utcnow()
    count = _neglected(actor, days).select(Contact.id).count()
    if limit <= 0:
        return Attention(days, count, [])
    rows = (
        _neglected(actor, days)
        .select(Contact.id, Contact.name, Contact.last_contacted_at, Contact.created_at)
        .order_by(_since(), Contact.id)
        .limit(limit)
        .tuples()
    )
    lines = [
        ContactLine(contact_id, name, last, _days_since(last or added, now)) for contact_id, name, last, added in rows
    ]
    return Attention(days, count, lines)


def headline(actor: Actor, attention: Attention | None = None) -> Headline:
    """The top row: contacts, meetings this month, pending follow-ups, contacts needing attention.

    `attention`, when already read, gives its count rather than counting again.
    """
    overdue, upcoming = followup_counts(actor)
    attention = attention or needs_attention(actor, limit=0)
    return Headline(
        contacts=contact_count(actor),
        meetings_this_month=meetings_this_month(actor),
        followups_overdue=overdue,
        followups_upcoming=upcoming,
        needs_attention=attention.count,
    )


# --- the lists ---------------------------------------------------------------------------------


def recently_contacted(actor: Actor, limit: int = LIST_SIZE) -> list[ContactLine]:
    """The `limit` unarchived contacts contacted last, most recent first."""
    now = clock.utcnow()
    rows = (
        owned(actor, Contact, Contact.id, Contact.name, Contact.last_contacted_at)
        .where(Contact.last_contacted_at.is_null(False) & (Contact.archived == False))  # noqa: E712
        .order_by(Contact.last_contacted_at.desc(), Contact.id.desc())
        .limit(limit)
        .tuples()
    )
    return [ContactLine(contact_id, name, last, _days_since(last, now)) for contact_id, name, last in rows]


def open_deals_by_stage(actor: Actor) -> list[StageTotal]:
    """Every open stage (lead to negotiation) with its unarchived deals' count and value per currency."""
    counts = {stage: 0 for stage in OPEN_STAGES}
    totals: dict[str, dict[str, int]] = {stage: {} for stage in OPEN_STAGES}
    grouped = (
        owned(actor, Deal, Deal.stage, Deal.currency, fn.COUNT(Deal.id), fn.SUM(Deal.value_milli))
        .where((Deal.archived == False) & Deal.stage.in_(OPEN_STAGES))  # noqa: E712
        .group_by(Deal.stage, Deal.currency)
        .order_by(Deal.stage, Deal.currency)
    )
    for stage, currency, count, total in grouped.tuples():
        counts[stage] += count
        totals[stage][currency] = int(total or 0)
    return [StageTotal(stage, counts[stage], totals[stage]) for stage in OPEN_STAGES]


def deals_closing_next(actor: Actor, limit: int = 3) -> list[DealLine]:
    """Open, unarchived deals with an expected close date, the earliest (overdue ones included) first."""
    # The deals first, their contacts' names after: joining before the LIMIT would read a contact
    # for every open deal.
    rows = list(
        owned(
            actor,
            Deal,
            Deal.id,
            Deal.title,
            Deal.contact,
            Deal.stage,
            Deal.value_milli,
            Deal.currency,
            Deal.expected_close_on,
        )
        .where(
            (Deal.archived == False)
            & Deal.stage.in_(OPEN_STAGES)  # noqa: E712
            & Deal.expected_close_on.is_null(False)
        )
        .order_by(Deal.expected_close_on, Deal.id)
        .limit(limit)
        .tuples()
    )
    names = (
        dict(owned(actor, Contact, Contact.id, Contact.name).where(Contact.id.in_([row[2] for row in rows])).tuples())
        if rows
        else {}
    )
    return [
        DealLine(deal_id, title, names.get(contact_id, ""), stage, value, currency, date.fromisoformat(expected))
        for deal_id, title, contact_id, stage, value, currency, expected in rows
    ]


# --- the charts --------------------------------------------------------------------------------


def meetings_per_week(actor: Actor, weeks: int = CHART_WEEKS) -> list[WeekCount]:
    """Meetings in each of the last `weeks` ISO weeks of the user's zone, oldest first, empty weeks as 0."""
    starts = week_starts(actor, weeks)
    if not starts:
        return []
    counts = _meetings_in(actor, _periods(actor, starts, starts[-1] + timedelta(weeks=1)))
    return [WeekCount(week, count) for week, count in zip(starts, counts, strict=True)]


def medium_breakdown(actor: Actor, months: int = CHART_MONTHS) -> list[MediumCount]:
    """Meetings per medium over the last `months` calendar months, most used first; unused mediums left out."""
    starts = month_starts(actor, months)
    if not starts:
        return []
    start, end = _periods(actor, [starts[0]], _month_start(starts[-1], -1))[0]

    def counted(wanted: ValuesList) -> Select:
        return owned(actor, Interaction, fn.COUNT(SQL("*"))).where(
            (Interaction.medium == wanted.c.column2)
            & (Interaction.occurred_at >= str(start))
            & (Interaction.occurred_at < str(end))
        )

    counts = _count_for_each([(medium,) for medium in MEDIUMS], counted)
    used = [MediumCount(medium, count) for medium, count in zip(MEDIUMS, counts, strict=True) if count]
    return sorted(used, key=lambda item: (-item.count, MEDIUMS.index(item.medium)))


def contacts_added(actor: Actor, months: int = CHART_MONTHS) -> list[MonthTotal]:
    """Contacts added in each of the last `months` months and the running total at each month's end."""
    starts = month_starts(actor, months)
    if not starts:
        return []
    periods = [(datetime.min, _stored(actor, starts[0])), *_periods(actor, starts, _month_start(starts[-1], -1))]

    def counted(wanted: ValuesList) -> Select:
        return owned(actor, Contact, fn.COUNT(SQL("*"))).where(
            (Contact.created_at >= as_moment(wanted.c.column2)) & (Contact.created_at < as_moment(wanted.c.column3))
        )

    before, *added = _count_for_each([(str(start), str(end)) for start, end in periods], counted)
    totals = list(accumulate(added, initial=before))[1:]
    return [MonthTotal(month, count, total) for month, count, total in zip(starts, added, totals, strict=True)]


# --- all together ------------------------------------------------------------------------------


def overview(actor: Actor) -> Overview:
    """Everything but the charts; picks and stores today's suggestion if nobody was picked yet."""
    suggestion = suggestions.todays(actor)
    attention = needs_attention(actor)
    return Overview(
        headline=headline(actor, attention),
        upcoming=agenda.upcoming_dates(actor, UPCOMING_DAYS),
        followups=followups.pending(actor, FOLLOWUPS_SHOWN),
        recent=recently_contacted(actor),
        attention=attention,
        deals=open_deals_by_stage(actor),
        closing=deals_closing_next(actor),
        suggestion=suggestion,
        weekend=suggestions.weekend_list(actor),  # after the pick, so the weekend list leaves it out
        suggestion_stats=suggestions.statistics(actor),
    )


def charts(actor: Actor) -> Charts:
    """The data of the three charts."""
    return Charts(weeks=meetings_per_week(actor), mediums=medium_breakdown(actor), months=contacts_added(actor))
