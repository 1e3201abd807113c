"""The day's agenda (`crm today`): what is due, whom to talk to, and what comes up this week.

Gathers the due reminders, today's suggestion (seed 003), the Friday weekend
list, pending follow-ups, open tasks due by today, and the birthdays and
anniversaries of the coming days (seeds 000, 004). Reading the agenda plans
reminders and stores today's suggestion if not picked yet; it sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from . import clock, followups, reminder_rules, reminders, suggestions, tasks
from .followups import FollowUp
from .models import Contact, Task
from .reminders import DueReminder
from .scope import Actor, owned
from .settings import read_settings
from .suggestions import Candidate, TodaysSuggestion

UPCOMING_DAYS = 7
"""How far ahead the agenda looks for birthdays and anniversaries: today and the six days after."""
YEARLY_KINDS = (
    ("birthday", Contact.birthday, Contact.birthday_md),
    ("anniversary", Contact.anniversary, Contact.anniversary_md),
)


@dataclass(frozen=True)
class UpcomingDate:
    """A birthday or anniversary falling on `day`; `years` is the age or years married, None when yearless."""

    contact_id: int
    name: str
    kind: str
    day: date
    years: int | None


@dataclass(frozen=True)
class Agenda:
    """Everything `crm today` shows, for the user's local day `day`."""

    due_reminders: list[DueReminder]
    suggestion: TodaysSuggestion | None
    weekend: list[Candidate]
    followups: list[FollowUp]
    upcoming: list[UpcomingDate]
    open_tasks: list[Task]
    day: date


def local_today(actor: Actor) -> date:
    """Today in `actor`'s time zone."""
    return clock.now().astimezone(actor.tz).date()


def upcoming_dates(actor: Actor, days: int = UPCOMING_DAYS, start: date | None = None) -> list[UpcomingDate]:
    """Birthdays and anniversaries of `actor`'s active, unarchived contacts in the `days` days from `start`.

    `start` defaults to today in the user's zone; the window is `start` and the
    `days - 1` days after it. A 29 February date falls on 28 February or 1 March
    in other years, as the `leap_day_rule` setting says. Sorted by day, then name.
    """
    if days < 1:
        return []
    first = start or local_today(actor)
    last = first + timedelta(days=days - 1)
    rule = read_settings(actor)["leap_day_rule"]
    wanted = sorted(reminder_rules.months_days(first, last))
    found = []
    for kind, column, md_column in YEARLY_KINDS:
        # Only the month-day narrows the query: with active and archived in it too, SQLite (no statistics
        # gathered) prefers an index on those and reads every contact, 100 times slower at 100,000.
        rows = (
            owned(actor, Contact, Contact.id, Contact.name, column, Contact.active, Contact.archived)
            .where(md_column.in_(wanted))
            .tuples()
        )
        for contact_id, name, stored, active, archived in rows:
            if not active or archived:
                continue
            for year in range(first.year, last.year + 1):
                day = reminder_rules.in_year(stored, year, rule)
                if not first <= day <= last:
                    continue
                years = reminder_rules.years_since(stored, day)
                if years is not None and (years < 0 or (years == 0 and kind == "birthday")):
                    continue  # not born (or married) yet, or the day of birth itself
                found.append(UpcomingDate(contact_id, name, kind, day, years))
    return sorted(found, key=lambda item: (item.day, item.name.casefold(), item.kind, item.contact_id))


def tasks_due(actor: Actor, today: date | None = None) -> list[Task]:
    """`actor`'s open tasks due today or earlier (undated ones are left out), oldest due first."""
    cutoff = (today or local_today(actor)).isoformat()
    return [task for task in tasks.list_tasks(actor) if task.due_on and task.due_on <= cutoff]


def agenda(actor: Actor) -> Agenda:
    """The day's agenda for `actor`: plans due reminders and picks today's suggestion if needed."""
    today = local_today(actor)
    due = reminders.due(actor)
    suggestion = suggestions.todays(actor, create=True)
    weekend = suggestions.weekend_list(actor)  # after the pick, so the weekend list leaves it out
    return Agenda(
        due_reminders=due,
        suggestion=suggestion,
        weekend=weekend,
        followups=followups.pending(actor),
        upcoming=upcoming_dates(actor, UPCOMING_DAYS, today),
        open_tasks=tasks_due(actor, today),
        day=today,
    )
