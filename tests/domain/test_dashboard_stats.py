"""The dashboard's statistics (tui.stats) on a known dataset, with the clock fixed at Fri 2026-11-20 10:30 UTC.

Ada is in Europe/Berlin (UTC+1 in November, +2 until 25 October): the weeks and months are hers,
so interactions are logged at local times just either side of week, month and daylight-saving
boundaries.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tui import settings, stats
from tui.stats import ContactLine, DealLine, MediumCount, MonthTotal, StageTotal

from ..helpers import known_book, person, talk

MONDAYS = [
    date(2026, 8, 31),
    date(2026, 9, 7),
    date(2026, 9, 14),
    date(2026, 9, 21),
    date(2026, 9, 28),
    date(2026, 10, 5),
    date(2026, 10, 12),
    date(2026, 10, 19),
    date(2026, 10, 26),
    date(2026, 11, 2),
    date(2026, 11, 9),
    date(2026, 11, 16),
]
MONTHS = [date(2025, 12, 1), *(date(2026, month, 1) for month in range(1, 12))]


@pytest.fixture
def book(actor, other_actor):
    return known_book(actor, other_actor)


def test_headline_figures(actor, book):
    figures = stats.headline(actor)
    assert figures.contacts == 8  # Eve is archived
    assert figures.meetings_this_month == 5  # 1, 3, 15, 16 and 18 November, Berlin time; Eve's counts
    assert (figures.followups_overdue, figures.followups_upcoming) == (1, 2)  # Eve's is archived, Bob's done
    assert figures.needs_attention == 2


def test_needs_attention_follows_the_setting(actor, book):
    attention = stats.needs_attention(actor)
    assert attention.days == 30
    assert attention.contacts == [
        ContactLine(book["Gus"], "Gus", None, 314),  # never contacted: counted from when he was added
        ContactLine(book["Hal"], "Hal", datetime(2026, 9, 15, 10, 0), 66),
    ]
    settings.set_setting(actor, "no_contact_days", "10")
    shorter = stats.needs_attention(actor, limit=1)
    assert (shorter.days, shorter.count) == (10, 3)  # Bob, 19 days ago, now too
    assert [line.name for line in shorter.contacts] == ["Gus"]


def test_recently_contacted_is_most_recent_first_without_archived(actor, book):
    assert stats.recently_contacted(actor) == [
        ContactLine(book["Cyd"], "Cyd", datetime(2026, 11, 18, 8, 0), 2),
        ContactLine(book["Ann"], "Ann", datetime(2026, 11, 15, 23, 30), 4),
        ContactLine(book["Bob"], "Bob", datetime(2026, 10, 31, 23, 30), 19),
        ContactLine(book["Hal"], "Hal", datetime(2026, 9, 15, 10, 0), 66),
    ]
    assert [line.name for line in stats.recently_contacted(actor, limit=2)] == ["Cyd", "Ann"]


def test_open_deals_by_stage_total_per_currency(actor, book):
    assert stats.open_deals_by_stage(actor) == [
        StageTotal("lead", 2, {"EUR": 1_000_000, "USD": 500_000}),
        StageTotal("qualified", 1, {"EUR": 0}),
        StageTotal("proposal", 1, {"EUR": 2_500_500}),
        StageTotal("negotiation", 0, {}),  # the only one is archived
    ]
    closing = stats.deals_closing_next(actor)
    assert [(line.title, line.contact_name, line.expected_close) for line in closing] == [
        ("Late one", "Cyd", date(2026, 11, 10)),
        ("Cyd's proposal", "Cyd", date(2026, 11, 25)),
        ("Ann's lead", "Ann", date(2026, 12, 1)),
    ]
    assert isinstance(closing[0], DealLine) and closing[1].value_milli == 2_500_500


def test_meetings_per_week_are_iso_weeks_in_the_users_zone(actor, book):
    weeks = stats.meetings_per_week(actor)
    assert [item.week for item in weeks] == MONDAYS
    assert [item.count for item in weeks] == [2, 0, 1, 0, 0, 1, 0, 0, 3, 1, 1, 2]


def test_meetings_per_week_in_another_zone(other_actor):
    # New York: 02:30 UTC on Monday 16 November is still Sunday evening there.
    zed = person(other_actor, "Zed", "2026-01-01 12:00:00")
    talk(other_actor, zed, "2026-11-15 21:30", "phone")
    talk(other_actor, zed, "2026-11-16 00:00", "phone")
    counts = [item.count for item in stats.meetings_per_week(other_actor)]
    assert counts[-2:] == [1, 1]


def test_medium_breakdown_covers_twelve_months_most_used_first(actor, book):
    assert stats.medium_breakdown(actor) == [
        MediumCount("email", 3),
        MediumCount("phone", 2),
        MediumCount("in_person", 2),
        MediumCount("chat", 2),
        MediumCount("whatsapp", 1),
        MediumCount("sms", 1),
        MediumCount("video", 1),
    ]


def test_contacts_added_is_cumulative_per_local_month(actor, book):
    added = stats.contacts_added(actor)
    assert [item.month for item in added] == MONTHS
    assert [item.added for item in added] == [1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2]  # Cyd in April, Berlin time
    assert [item.total for item in added] == [4, 5, 5, 5, 6, 6, 6, 6, 6, 6, 7, 9]
    assert added[-1] == MonthTotal(date(2026, 11, 1), 2, 9)  # archived Eve was added too


def test_overview_gathers_everything(actor, book):
    view = stats.overview(actor)
    assert view.headline == stats.headline(actor)
    assert [(item.name, item.kind, item.day, item.years) for item in view.upcoming] == [
        ("Ann", "birthday", date(2026, 11, 22), 36)
    ]
    assert [(item.contact_name, item.due_on, item.overdue) for item in view.followups] == [
        ("Bob", date(2026, 11, 10), True),
        ("Cyd", date(2026, 11, 20), False),
        ("Cyd", date(2026, 12, 1), False),
    ]
    assert view.attention.count == 2 and len(view.recent) == 4 and len(view.closing) == 3
    assert view.suggestion is not None and view.suggestion.status == "sent"
    active = {book[name] for name in ("Ann", "Bob", "Cyd", "Fay", "Gus", "Hal")}
    assert view.suggestion.contact_id in active
    assert view.weekend  # a Friday: the weekend list, without today's pick
    assert {item.contact_id for item in view.weekend} <= active - {view.suggestion.contact_id}
    assert view.suggestion_stats.total == 1


def test_an_empty_account_gives_zeros_and_empty_lists(actor):
    view = stats.overview(actor)
    assert view.headline == stats.Headline(0, 0, 0, 0, 0)
    assert (view.upcoming, view.followups, view.recent, view.attention.contacts, view.closing) == ([], [], [], [], [])
    assert [stage.count for stage in view.deals] == [0, 0, 0, 0]
    assert view.suggestion is None and view.weekend == []
    charts = stats.charts(actor)
    assert [item.count for item in charts.weeks] == [0] * 12
    assert charts.mediums == []
    assert [(item.added, item.total) for item in charts.months] == [(0, 0)] * 12


def test_periods_reach_back_across_a_year_end(actor):
    assert stats.month_starts(actor, 14)[:2] == [date(2025, 10, 1), date(2025, 11, 1)]
    assert stats.week_starts(actor, 1) == [date(2026, 11, 16)]
    assert stats.meetings_per_week(actor, 0) == [] and stats.contacts_added(actor, 0) == []
