"""Reading the dates and moments people type: ISO 8601 and short forms.

Moments: `2026-11-22T18:00`, `2026-11-22 18:00`, `today`, `tomorrow 09:00`,
`yesterday 18:00`, `now`, `friday`, `fri 10:00`, `next monday`, `+3d`, `-2d`,
`+1w`, `+1mo`, `+2h`, `+30min`. A naive time is in the user's time zone.

Units: `min` minutes, `h` hours, `d` days, `w` weeks, `mo` months, `y` years. A bare `m` is refused with a
hint naming both `min` and `mo`: it meant months once, and a script that says `+30m` surely meant minutes.
A wall-clock time that does not exist (in the hour skipped when clocks go forward) or that happens twice
(when they go back) is refused with a message saying how to write it, never shifted silently.

A weekday means its next occurrence: said on that weekday it is today while the
time is still ahead, else a week later; `next` skips today (as GNU date does).
Without a time, a day other than today is at 09:00. Dates: `YYYY-MM-DD`, or `--MM-DD` for a yearless
birthday or anniversary (29 February accepted).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from dateutil.relativedelta import relativedelta

from .clock import now as clock_now
from .errors import ValidationError
from .terminal_text import quoted

_RELATIVE = re.compile(r"^([+-])\s*(\d{1,6})\s*(min|mo|[hdwy]|m)$")
_NAMED_DAY = re.compile(r"^(today|tomorrow|yesterday|now)(?:\s+(\d{1,2}):(\d{2}))?$")
_WEEKDAY = re.compile(r"^(next\s+)?([a-z]{3,9})(?:\s+(\d{1,2}):(\d{2}))?$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YEARLESS = re.compile(r"^--(\d{2})-?(\d{2})$")
_UNITS = {
    "min": lambda n: relativedelta(minutes=n),
    "h": lambda n: relativedelta(hours=n),
    "d": lambda n: relativedelta(days=n),
    "w": lambda n: relativedelta(weeks=n),
    "mo": lambda n: relativedelta(months=n),
    "y": lambda n: relativedelta(years=n),
}

MOMENT_HELP = (
    "use ISO 8601 (2026-11-22 18:00) or a short form: today, yesterday 18:00, friday 10:00, +3d, -2d, +1w, +30min, +1mo"
)
BARE_M_HELP = "say min for minutes or mo for months (a bare m is refused: it could mean either)"
_EXACT_UNITS = frozenset({"min", "h"})
"""Units counted in real time: +2h is two hours from now even across a change of clocks."""
DEFAULT_TIME = time(9, 0)


def parse_moment(text: str, tz: tzinfo, now: datetime, field: str = "when") -> datetime:
    """The moment `text` means, as an aware datetime; relative forms count from `now`."""
    raw = text.strip().lower()
    local_now = now.astimezone(tz)
    if not raw:
        raise ValidationError(field, f"a date or time is required: {MOMENT_HELP}")
    relative = _RELATIVE.match(raw)
    if relative:
        sign, amount, unit = relative.groups()
        if unit == "m":
            raise ValidationError(
                field, f"{quoted(text.strip())}: {BARE_M_HELP}, e.g. {sign}{amount}min or {sign}{amount}mo"
            )
        step = _UNITS[unit](int(amount))
        base = now.astimezone(UTC) if unit in _EXACT_UNITS else local_now
        try:
            moved = (base + step) if sign == "+" else (base - step)
        except (OverflowError, ValueError):
            raise ValidationError(field, f"{quoted(text.strip())} is too far away") from None
        return moved.astimezone(tz) if unit in _EXACT_UNITS else _settled(moved, tz)
    named = _NAMED_DAY.match(raw)
    if named:
        word, hours, minutes = named.groups()
        if word == "now" and hours is None:
            return local_now
        if word == "today" and hours is None:  # this very moment: never ambiguous, even in the hour that repeats
            return local_now.replace(microsecond=0)
        day = local_now.date() + timedelta(days={"today": 0, "now": 0, "tomorrow": 1, "yesterday": -1}[word])
        clock = (
            _clock_time(hours, minutes, field)
            if hours is not None
            else (local_now.time().replace(microsecond=0) if word in ("today", "now") else DEFAULT_TIME)
        )
        return _in_zone(datetime.combine(day, clock), tz, field)
    weekday = _weekday_moment(raw, local_now, tz, field)
    if weekday is not None:
        return weekday
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(field, f"{quoted(text.strip())} is not a date or time: {MOMENT_HELP}") from None
    if parsed.tzinfo is None:
        return _in_zone(parsed, tz, field)
    return parsed


def _weekday_number(word: str) -> int | None:
    """0 for Monday ... 6 for Sunday, for a weekday's name or a prefix of it of three letters or more."""
    for number, name in enumerate(_WEEKDAYS):
        if name.startswith(word):
            return number
    return None


def _weekday_moment(raw: str, local_now: datetime, tz: tzinfo, field: str) -> datetime | None:
    """`friday`, `fri 10:00`, `next monday`: the weekday's next occurrence (see the module's docstring), or None."""
    match = _WEEKDAY.match(raw)
    if not match:
        return None
    skip_today, word, hours, minutes = match.groups()
    number = _weekday_number(word)
    if number is None:
        return None
    clock = _clock_time(hours, minutes, field) if hours is not None else DEFAULT_TIME
    ahead = (number - local_now.weekday()) % 7
    if ahead == 0 and (skip_today or clock <= local_now.time()):
        ahead = 7
    return _in_zone(datetime.combine(local_now.date() + timedelta(days=ahead), clock), tz, field)


def _weekday_day(raw: str, today: date) -> date | None:
    """A weekday as a calendar day: today when it is that weekday (the day is not over), `next` a week on."""
    match = _WEEKDAY.match(raw.lower())
    if not match or match.group(3) is not None:
        return None
    number = _weekday_number(match.group(2))
    if number is None:
        return None
    ahead = (number - today.weekday()) % 7
    return today + timedelta(days=7 if ahead == 0 and match.group(1) else ahead)


def _clock_time(hours: str, minutes: str, field: str) -> time:
    try:
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValidationError(field, f"{hours}:{minutes} is not a time of day") from None


def _in_zone(naive: datetime, tz: tzinfo, field: str = "when") -> datetime:
    """A wall-clock time in `tz`; a ValidationError saying how to write it when it does not exist or is ambiguous."""
    moment = naive.replace(tzinfo=tz, fold=0)
    back = moment.astimezone(UTC).astimezone(tz)
    shown = naive.strftime("%Y-%m-%d %H:%M")
    if back.replace(tzinfo=None) != naive:  # in the hour skipped when the clocks go forward
        raise ValidationError(
            field,
            f"{shown} does not exist in {tz}: the clocks jump forward past it; "
            f"say {back.strftime('%H:%M')} (the same moment on the new time) or another time",
        )
    other = naive.replace(tzinfo=tz, fold=1)
    if other.utcoffset() != moment.utcoffset():  # in the hour that happens twice when the clocks go back
        raise ValidationError(
            field,
            f"{shown} happens twice in {tz} (the clocks go back): add the offset, "
            f"{naive.strftime('%Y-%m-%dT%H:%M')}{_offset(moment)} for the first or "
            f"{naive.strftime('%Y-%m-%dT%H:%M')}{_offset(other)} for the second",
        )
    return moment


def _offset(moment: datetime) -> str:
    minutes = int((moment.utcoffset() or timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _settled(moment: datetime, tz: tzinfo) -> datetime:
    """A moment reached by counting days or months on a wall clock, read as the clocks there then read it."""
    return moment.astimezone(UTC).astimezone(tz)


def parse_day(text: str, tz: tzinfo, now: datetime, field: str = "date") -> date:
    """A calendar day: `YYYY-MM-DD`, or a short form (`today`, `friday`, `+3d`, `+1w`)."""
    raw = text.strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    weekday = _weekday_day(raw, now.astimezone(tz).date())
    if weekday is not None:
        return weekday
    try:
        return parse_moment(raw, tz, now, field).astimezone(tz).date()
    except ValidationError as problem:
        if BARE_M_HELP in problem.message:
            raise
        raise ValidationError(
            field, f"{quoted(text.strip())} is not a date: use YYYY-MM-DD or a short form such as friday, +3d, +1w"
        ) from None


def latest_today() -> date:
    """The latest date it is anywhere on Earth now (UTC+14): a birthday after it has not happened anywhere yet."""
    return (clock_now() + timedelta(hours=14)).date()


def parse_anniversary(text: str, field: str, not_after: date | None = None) -> str | None:
    """A birthday or anniversary in its stored form (`YYYY-MM-DD` or `--MM-DD`), or None when empty.

    29 February is accepted with or without a year (with a year, only in a leap year). With `not_after`, a date
    with a year later than that day is refused (a birthday cannot be in the future).
    """
    raw = text.strip()
    if not raw:
        return None
    yearless = _YEARLESS.match(raw)
    if yearless:
        month, day = int(yearless.group(1)), int(yearless.group(2))
        try:
            date(2000, month, day)  # 2000 is a leap year, so 29 February passes
        except ValueError:
            raise ValidationError(field, f"{quoted(raw)} is not a day of the year: use --MM-DD, e.g. --02-29") from None
        return f"--{month:02d}-{day:02d}"
    try:
        parsed = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            field, f"{quoted(raw)} is not a date: use YYYY-MM-DD, or --MM-DD without a year"
        ) from None
    if len(raw) != 10:
        raise ValidationError(field, f"{quoted(raw)} is not a date: use YYYY-MM-DD, or --MM-DD without a year")
    if not_after is not None and parsed > not_after:
        raise ValidationError(
            field, f"the {field} {parsed.isoformat()} is in the future: give the year it was, or --MM-DD without a year"
        )
    return parsed.isoformat()


def month_day(stored: str | None) -> str | None:
    """The `MM-DD` of a stored birthday or anniversary, for the indexed column."""
    if not stored:
        return None
    return stored[-5:]
