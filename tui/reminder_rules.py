"""When reminders fall due: pure date rules, no database (seeds 000, 003, 004).

- Birthdays and anniversaries: `lead` days before and on the day, at 09:00 in
  the user's time zone; with or without a year; 29 February falls on
  28 February in other years, or on 1 March when the user chooses so.
- Follow-ups: at 09:00 in the user's time zone on the follow-up date.
- No contact: at 09:00 on the day a contact's cadence runs out.
Times are computed with zoneinfo, so 09:00 stays 09:00 across daylight saving.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

REMIND_AT = time(9, 0)
"""The local time every dated reminder fires (seed 004: follow-ups at 9 AM user time)."""
LEAP_DAY_RULES = ("feb28", "mar1")


@dataclass(frozen=True)
class Occurrence:
    """One reminder to store: what it is about, its unique key and when it falls due."""

    kind: str
    occurrence: str
    event_day: date
    due_day: date
    title: str


def month_day(stored: str) -> tuple[int, int]:
    """Month and day of a stored `YYYY-MM-DD` or `--MM-DD`."""
    return int(stored[-5:-3]), int(stored[-2:])


def in_year(stored: str, year: int, leap_rule: str = "feb28") -> date:
    """The day a birthday or anniversary falls on in `year` (29 February moved in other years)."""
    month, day = month_day(stored)
    if (month, day) == (2, 29) and not calendar.isleap(year):
        return date(year, 3, 1) if leap_rule == "mar1" else date(year, 2, 28)
    return date(year, month, day)


def years_since(stored: str, event_day: date) -> int | None:
    """How many years an event with a known year has been going on that day (age, years married)."""
    if stored.startswith("--"):
        return None
    return event_day.year - int(stored[:4])


def yearly_occurrences(
    kind: str, stored: str, name: str, first_day: date, last_day: date, lead_days: int, leap_rule: str = "feb28"
) -> list[Occurrence]:
    """The lead and on-the-day reminders of a birthday or anniversary falling due in [first_day, last_day]."""
    found = []
    for year in range(first_day.year - 1, last_day.year + 2):
        event = in_year(stored, year, leap_rule)
        if not stored.startswith("--") and event.year < int(stored[:4]):
            continue  # not born (or married) yet
        if kind == "birthday" and not stored.startswith("--") and event.year == int(stored[:4]):
            continue  # the day of birth is not a birthday to remind of
        label = "birthday" if kind == "birthday" else "anniversary"
        count = years_since(stored, event)
        suffix = f" ({_ordinal(count)})" if count else ""
        candidates = [(event, f"{name}'s {label} today{suffix}", event.isoformat())]
        if lead_days > 0:
            when = "tomorrow" if lead_days == 1 else f"in {lead_days} days"
            candidates.append(
                (
                    event - timedelta(days=lead_days),
                    f"{name}'s {label} {when}{suffix}",
                    f"{event.isoformat()}/-{lead_days}d",
                )
            )
        for due_day, title, key in candidates:
            if first_day <= due_day <= last_day:
                found.append(Occurrence(kind, key, event, due_day, title))
    return sorted(found, key=lambda occurrence: occurrence.due_day)


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def due_at(day: date, tz: tzinfo, at: time = REMIND_AT) -> datetime:
    """The naive UTC moment of `at` o'clock on `day` in time zone `tz`."""
    local = datetime.combine(day, at, tzinfo=tz)
    return local.astimezone(UTC).replace(tzinfo=None)


def overdue_day(since: datetime, cadence_days: int, tz: tzinfo) -> date:
    """The local day a contact last reached at `since` (naive UTC) becomes overdue."""
    last_local = since.replace(tzinfo=UTC).astimezone(tz)
    return last_local.date() + timedelta(days=cadence_days + 1)


def months_days(first_day: date, last_day: date) -> set[str]:
    """Every `MM-DD` from first_day to last_day, plus 02-29 when the range holds its stand-in days."""
    found, day = set(), first_day
    while day <= last_day:
        found.add(day.strftime("%m-%d"))
        day += timedelta(days=1)
    if {"02-28", "03-01"} & found:
        found.add("02-29")
    return found
