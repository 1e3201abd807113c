"""Reading typed dates and moments: ISO and the short forms of CLI.md."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tui import timeparse
from tui.errors import ValidationError

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 20, 10, 30, tzinfo=ZoneInfo("UTC"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-01T18:00", datetime(2026, 11, 1, 18, 0, tzinfo=BERLIN)),
        ("2026-11-01 18:00", datetime(2026, 11, 1, 18, 0, tzinfo=BERLIN)),
        ("2026-11-01T17:00Z", datetime(2026, 11, 1, 17, 0, tzinfo=ZoneInfo("UTC"))),
        ("yesterday 18:00", datetime(2026, 11, 19, 18, 0, tzinfo=BERLIN)),
        ("tomorrow", datetime(2026, 11, 21, 9, 0, tzinfo=BERLIN)),
        ("+3d", datetime(2026, 11, 23, 11, 30, tzinfo=BERLIN)),
        ("-2d", datetime(2026, 11, 18, 11, 30, tzinfo=BERLIN)),
        ("+1w", datetime(2026, 11, 27, 11, 30, tzinfo=BERLIN)),
        ("+1mo", datetime(2026, 12, 20, 11, 30, tzinfo=BERLIN)),
        ("+30min", datetime(2026, 11, 20, 12, 0, tzinfo=BERLIN)),
    ],
)
def test_moments(text, expected):
    assert timeparse.parse_moment(text, BERLIN, NOW) == expected


@pytest.mark.parametrize("text", ["", "soon", "25:00", "today 25:61", "2026-13-01", "+3x"])
def test_moments_that_do_not_parse_say_so(text):
    with pytest.raises(ValidationError):
        timeparse.parse_moment(text, BERLIN, NOW)


def test_days():
    assert timeparse.parse_day("2026-12-24", BERLIN, NOW) == date(2026, 12, 24)
    assert timeparse.parse_day("+1w", BERLIN, NOW) == date(2026, 11, 27)


@pytest.mark.parametrize(
    "text, stored",
    [
        ("1990-05-17", "1990-05-17"),
        ("--05-17", "--05-17"),
        ("--0517", "--05-17"),
        ("--02-29", "--02-29"),
        ("2000-02-29", "2000-02-29"),
        ("", None),
    ],
)
def test_birthdays(text, stored):
    assert timeparse.parse_anniversary(text, "birthday") == stored


@pytest.mark.parametrize("text", ["1990-02-30", "2023-02-29", "--02-30", "17.05.1990", "1990-5-7"])
def test_impossible_birthdays(text):
    with pytest.raises(ValidationError):
        timeparse.parse_anniversary(text, "birthday")
