"""Weekday names in typed moments and days: `friday`, `fri 10:00`, `next monday`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui import timeparse
from tui.errors import ValidationError

BERLIN = ZoneInfo("Europe/Berlin")
FRIDAY_MORNING = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)  # 08:30 in Berlin, a Friday
FRIDAY_NOON = datetime(2026, 11, 20, 11, 0, tzinfo=UTC)  # 12:00 in Berlin
NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@pytest.mark.parametrize(
    "text, now, expected",
    [
        ("friday", FRIDAY_MORNING, datetime(2026, 11, 20, 9, 0)),  # 09:00 still ahead: today
        ("friday", FRIDAY_NOON, datetime(2026, 11, 27, 9, 0)),  # 09:00 gone: a week later
        ("friday 10:00", FRIDAY_MORNING, datetime(2026, 11, 20, 10, 0)),
        ("Fri 10:00", FRIDAY_NOON, datetime(2026, 11, 27, 10, 0)),
        ("fri 12:30", FRIDAY_NOON, datetime(2026, 11, 20, 12, 30)),
        ("next friday", FRIDAY_MORNING, datetime(2026, 11, 27, 9, 0)),  # `next` never means today
        ("next monday", FRIDAY_NOON, datetime(2026, 11, 23, 9, 0)),
        ("monday", FRIDAY_NOON, datetime(2026, 11, 23, 9, 0)),
        ("thurs 18:00", FRIDAY_NOON, datetime(2026, 11, 26, 18, 0)),
        ("sat", FRIDAY_NOON, datetime(2026, 11, 21, 9, 0)),
    ],
)
def test_a_weekday_is_its_next_occurrence_in_the_users_zone(text, now, expected):
    assert timeparse.parse_moment(text, BERLIN, now) == expected.replace(tzinfo=BERLIN)


@pytest.mark.parametrize("text", ["fr", "fridays", "next", "next 10:00", "funday"])
def test_what_is_not_a_weekday_is_refused_with_the_short_forms_named(text):
    with pytest.raises(ValidationError, match="friday 10:00"):
        timeparse.parse_moment(text, BERLIN, FRIDAY_NOON)


def test_a_weekday_at_an_impossible_time_names_the_time():
    with pytest.raises(ValidationError, match="25:00 is not a time of day"):
        timeparse.parse_moment("friday 25:00", BERLIN, FRIDAY_NOON)


def test_as_a_day_a_weekday_said_on_that_weekday_is_today_and_next_is_a_week_on():
    assert timeparse.parse_day("friday", BERLIN, FRIDAY_NOON) == date(2026, 11, 20)
    assert timeparse.parse_day("next friday", BERLIN, FRIDAY_NOON) == date(2026, 11, 27)
    assert timeparse.parse_day("tue", BERLIN, FRIDAY_NOON) == date(2026, 11, 24)


moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
times = st.times().map(lambda at: at.replace(second=0, microsecond=0))


@given(now=moments, day=st.sampled_from(NAMES), at=times, skip=st.booleans(), length=st.integers(3, 9))
def test_any_weekday_at_any_moment_is_the_first_such_moment_to_come(now, day, at, skip, length):
    text = f"{'next ' if skip else ''}{day[:length]} {at.hour}:{at.minute:02d}"
    moment = timeparse.parse_moment(text, BERLIN, now)
    local_now = now.astimezone(BERLIN)
    assert moment.weekday() == NAMES.index(day)
    assert (moment.hour, moment.minute) == (at.hour, at.minute)
    if skip:
        assert local_now.date() < moment.date() <= local_now.date() + timedelta(days=7)
    else:
        # Ahead of now (compared as wall-clock times, as the user reads them), and no earlier such moment is.
        assert moment.replace(tzinfo=None) > local_now.replace(tzinfo=None)
        assert moment.replace(tzinfo=None) - timedelta(days=7) <= local_now.replace(tzinfo=None)


@given(now=moments, day=st.sampled_from(NAMES))
def test_a_weekday_without_a_time_is_at_nine(now, day):
    assert timeparse.parse_moment(day, BERLIN, now).time() == time(9, 0)
