"""The reminder rules, table by table: yearly dates, leap days, lead times, 09:00 across DST."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tui import reminder_rules as rules


@pytest.mark.parametrize(
    "stored, year, rule, expected",
    [
        ("1990-05-17", 2026, "feb28", date(2026, 5, 17)),
        ("--05-17", 2026, "feb28", date(2026, 5, 17)),
        ("2000-02-29", 2027, "feb28", date(2027, 2, 28)),
        ("2000-02-29", 2027, "mar1", date(2027, 3, 1)),
        ("2000-02-29", 2028, "mar1", date(2028, 2, 29)),
        ("--02-29", 2026, "feb28", date(2026, 2, 28)),
        ("--02-29", 2026, "mar1", date(2026, 3, 1)),
        ("--02-29", 2024, "mar1", date(2024, 2, 29)),
        ("--12-31", 2026, "feb28", date(2026, 12, 31)),
    ],
)
def test_the_day_in_a_year(stored, year, rule, expected):
    assert rules.in_year(stored, year, rule) == expected


def keys(occurrences):
    return [(o.occurrence, o.due_day, o.title) for o in occurrences]


@pytest.mark.parametrize(
    "stored, first, last, lead, rule, expected",
    [
        # lead day and the day itself
        (
            "1990-05-17",
            date(2026, 5, 15),
            date(2026, 5, 17),
            2,
            "feb28",
            [
                ("2026-05-17/-2d", date(2026, 5, 15), "Ann's birthday in 2 days (36th)"),
                ("2026-05-17", date(2026, 5, 17), "Ann's birthday today (36th)"),
            ],
        ),
        # a lead time that crosses a month end
        (
            "--03-01",
            date(2026, 2, 27),
            date(2026, 2, 27),
            2,
            "feb28",
            [("2026-03-01/-2d", date(2026, 2, 27), "Ann's birthday in 2 days")],
        ),
        # a lead time that crosses a year end
        (
            "--01-01",
            date(2026, 12, 30),
            date(2027, 1, 1),
            2,
            "feb28",
            [
                ("2027-01-01/-2d", date(2026, 12, 30), "Ann's birthday in 2 days"),
                ("2027-01-01", date(2027, 1, 1), "Ann's birthday today"),
            ],
        ),
        # 29 February in a non-leap year, both rules
        (
            "--02-29",
            date(2026, 2, 28),
            date(2026, 2, 28),
            0,
            "feb28",
            [("2026-02-28", date(2026, 2, 28), "Ann's birthday today")],
        ),
        (
            "--02-29",
            date(2026, 2, 28),
            date(2026, 3, 1),
            0,
            "mar1",
            [("2026-03-01", date(2026, 3, 1), "Ann's birthday today")],
        ),
        (
            "2004-02-29",
            date(2028, 2, 27),
            date(2028, 2, 29),
            1,
            "feb28",
            [
                ("2028-02-29/-1d", date(2028, 2, 28), "Ann's birthday tomorrow (24th)"),
                ("2028-02-29", date(2028, 2, 29), "Ann's birthday today (24th)"),
            ],
        ),
        # lead 0: only on the day; nothing outside the window
        ("--06-01", date(2026, 5, 1), date(2026, 5, 31), 0, "feb28", []),
        # not born yet, and the day of birth itself, are no birthdays
        ("2030-01-01", date(2026, 12, 30), date(2027, 1, 2), 2, "feb28", []),
        ("2026-11-20", date(2026, 11, 18), date(2026, 11, 20), 2, "feb28", []),
    ],
)
def test_yearly_occurrences(stored, first, last, lead, rule, expected):
    assert keys(rules.yearly_occurrences("birthday", stored, "Ann", first, last, lead, rule)) == expected


@pytest.mark.parametrize(
    "zone, day, expected_utc",
    [
        # Europe/Berlin: CET (UTC+1) in winter, CEST (UTC+2) in summer; switches on 2026-03-29 and 2026-10-25
        ("Europe/Berlin", date(2026, 3, 28), datetime(2026, 3, 28, 8, 0)),
        ("Europe/Berlin", date(2026, 3, 29), datetime(2026, 3, 29, 7, 0)),
        ("Europe/Berlin", date(2026, 10, 25), datetime(2026, 10, 25, 8, 0)),
        # America/New_York: switches on 2026-03-08 and 2026-11-01
        ("America/New_York", date(2026, 3, 7), datetime(2026, 3, 7, 14, 0)),
        ("America/New_York", date(2026, 3, 8), datetime(2026, 3, 8, 13, 0)),
        ("America/New_York", date(2026, 11, 1), datetime(2026, 11, 1, 14, 0)),
        # Australia/Sydney: southern hemisphere, DST ends 2026-04-05, starts 2026-10-04
        ("Australia/Sydney", date(2026, 4, 4), datetime(2026, 4, 3, 22, 0)),
        ("Australia/Sydney", date(2026, 4, 5), datetime(2026, 4, 4, 23, 0)),
        ("Asia/Kolkata", date(2026, 6, 1), datetime(2026, 6, 1, 3, 30)),
    ],
)
def test_nine_oclock_local_across_daylight_saving(zone, day, expected_utc):
    assert rules.due_at(day, ZoneInfo(zone)) == expected_utc


@pytest.mark.parametrize(
    "since_utc, cadence, zone, expected",
    [
        (datetime(2026, 11, 1, 12, 0), 30, "UTC", date(2026, 12, 2)),
        (datetime(2026, 11, 1, 23, 30), 7, "Europe/Berlin", date(2026, 11, 10)),  # already the 2nd in Berlin
        (datetime(2026, 11, 1, 3, 0), 7, "America/New_York", date(2026, 11, 8)),  # still the 31st in New York
    ],
)
def test_the_day_a_silence_becomes_overdue(since_utc, cadence, zone, expected):
    assert rules.overdue_day(since_utc, cadence, ZoneInfo(zone)) == expected


def test_month_days_include_the_leap_day_when_its_stand_ins_are_in_range():
    assert rules.months_days(date(2026, 2, 27), date(2026, 2, 28)) == {"02-27", "02-28", "02-29"}
    assert "02-29" not in rules.months_days(date(2026, 3, 2), date(2026, 3, 3))
