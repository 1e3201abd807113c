"""Reading the dates and moments people type: ISO 8601 and short forms.

Moments: `2026-11-22T18:00`, `2026-11-22 18:00`, `today`, `tomorrow 09:00`,
`yesterday 18:00`, `now`, `friday`, `fri 10:00`, `next monday`, `+3d`, `-2d`,
`+1w`, `+1m`, `+2h`. A naive time is in the user's time zone.

A weekday means its next occurrence: said on that weekday it is today while the
time is still ahead, else a week later; `next` skips today (as GNU date does).
Without a time, a day other than today is at 09:00. Dates: `YYYY-MM-DD`, or `--MM-DD` for a yearless
birthday or anniversary (29 February accepted).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from dateutil.relativedelta import relativedelta

from .errors import ValidationError

_RELATIVE = re.compile(r"^([+-])\s*(\d{1,4})\s*([hdwmy])$")
_NAMED_DAY = re.compile(r"^(today|tomorrow|yesterday|now)(?:\s+(\d{1,2}):(\d{2}))?$")
_WEEKDAY = re.compile(r"^(next\s+)?([a-z]{3,9})(?:\s+(\d{1,2}):(\d{2}))?$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YEARLESS = re.compile(r"^--(\d{2})-?(\d{2})$")
_UNITS = {
    "h": lambda n: relativedelta(hours=n),
    "d": lambda n: relativedelta(days=n),
    "w": lambda n: relativedelta(weeks=n),
    "m": lambda n: relativedelta(months=n),
    "y": lambda n: relativedelta(years=n),
}

MOMENT_HELP = "use ISO 8601 (2026-11-22 18:00) or a short form: today, yesterday 18:00, friday 10:00, +3d, -2d, +1w"
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
        step = _UNITS[unit](int(amount))
        return (local_now + step) if sign == "+" else (local_now - step)
    named = _NAMED_DAY.match(raw)
    if named:
        word, hours, minutes = named.groups()
        if word == "now" and hours is None:
            return local_now
        day = local_now.date() + timedelta(days={"today": 0, "now": 0, "tomorrow": 1, "yesterday": -1}[word])
        clock = (
            _clock_time(hours, minutes, field)
            if hours is not None
            else (local_now.time().replace(microsecond=0) if word in ("today", "now") else DEFAULT_TIME)
        )
        return _in_zone(datetime.combine(day, clock), tz)
    weekday = _weekday_moment(raw, local_now, tz, field)
    if weekday is not None:
        return weekday
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError(field, f"{text!r} is not a date or time: {MOMENT_HELP}") from None
    if parsed.tzinfo is None:
        return _in_zone(parsed, tz)
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
    return _in_zone(datetime.combine(local_now.date() + timedelta(days=ahead), clock), tz)


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


def _in_zone(naive: datetime, tz: tzinfo) -> datetime:
    """A wall-clock time in `tz`; in a DST gap or fold the first reading wins."""
    return naive.replace(tzinfo=tz)


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
    except ValidationError:
        raise ValidationError(
            field, f"{text!r} is not a date: use YYYY-MM-DD or a short form such as friday, +3d, +1w"
        ) from None


def parse_anniversary(text: str, field: str) -> str | None:
    """A birthday or anniversary in its stored form (`YYYY-MM-DD` or `--MM-DD`), or None when empty.

    29 February is accepted with or without a year (with a year, only in a leap year).
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
            raise ValidationError(field, f"{raw!r} is not a day of the year: use --MM-DD, e.g. --02-29") from None
        return f"--{month:02d}-{day:02d}"
    try:
        parsed = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(field, f"{raw!r} is not a date: use YYYY-MM-DD, or --MM-DD without a year") from None
    if len(raw) != 10:
        raise ValidationError(field, f"{raw!r} is not a date: use YYYY-MM-DD, or --MM-DD without a year")
    return parsed.isoformat()


def month_day(stored: str | None) -> str | None:
    """The `MM-DD` of a stored birthday or anniversary, for the indexed column."""
    if not stored:
        return None
    return stored[-5:]
