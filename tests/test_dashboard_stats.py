"""The dashboard's statistics (tui.stats) on a known dataset, with the clock fixed at Fri 2026-11-20 10:30 UTC.

Ada is in Europe/Berlin (UTC+1 in November, +2 until 25 October): the weeks and months are hers,
so interactions are logged at local times just either side of week, month and daylight-saving
boundaries.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tui import contacts, deals, followups, interactions, settings, stats
from tui.contacts import ContactInput
from tui.deals import DealInput
from tui.interactions import InteractionInput
from tui.stats import ContactLine, DealLine, MediumCount, MonthTotal, StageTotal

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


def person(actor, name: str, created: str, **fields) -> int:
    """A contact added at `created` (UTC, as stored)."""
    return contacts.add_contact(actor, ContactInput(name=name, **fields), created_at=datetime.fromisoformat(created)).id


def talk(actor, contact_id: int, when: str, medium: str, follow_up: str = "") -> int:
    """An interaction at `when`, Ada's local time."""
    return interactions.log_interaction(
        actor, contact_id, InteractionInput(medium=medium, when=when, follow_up=follow_up)
    ).id


@pytest.fixture
def book(actor, other_actor):
    return known_book(actor, other_actor)


def known_book(actor, other_actor) -> dict[str, int]:
    """Nine contacts, thirteen interactions, six deals; and someone else's data that must not count.

    Returns the contact ids by name.
    """
    ids = {
        "Ann": person(actor, "Ann", "2025-06-10 12:00:00", birthday="1990-11-22"),
        "Bob": person(actor, "Bob", "2025-12-15 12:00:00"),
        "Cyd": person(actor, "Cyd", "2026-03-31 23:30:00"),  # 1 April in Berlin
        "Dan": person(actor, "Dan", "2026-11-02 12:00:00", active=False),
        "Eve": person(actor, "Eve", "2026-10-01 12:00:00"),
        "Fay": person(actor, "Fay", "2026-11-19 09:00:00"),
        "Gus": person(actor, "Gus", "2026-01-10 00:00:00"),
        "Hal": person(actor, "Hal", "2025-09-01 12:00:00"),
        "Ivy": person(actor, "Ivy", "2025-01-01 12:00:00", active=False),
    }
    talk(actor, ids["Ann"], "2026-11-16 00:30", "in_person")  # Monday just after midnight: this week
    talk(actor, ids["Ann"], "2026-11-15 23:59", "phone")  # Sunday night: last week
    talk(actor, ids["Ann"], "2026-10-26 00:15", "video")  # the Monday after the clocks went back
    talk(actor, ids["Ann"], "2026-08-31 00:00", "email")  # the first moment of the first week charted
    talk(actor, ids["Ann"], "2026-08-30 23:59", "email")  # a minute before it
    talk(actor, ids["Ann"], "2025-11-30 23:30", "whatsapp")  # before the twelve months of the medium chart
    talk(actor, ids["Bob"], "2026-11-01 00:30", "chat", follow_up="2026-11-10")  # November here, October in UTC
    talk(actor, ids["Bob"], "2026-10-31 23:30", "chat")
    done = talk(actor, ids["Bob"], "2026-09-01 10:00", "sms", follow_up="2026-09-05")
    followups.mark_done(actor, done)
    talk(actor, ids["Cyd"], "2026-10-05 10:00", "phone", follow_up="2026-11-20")  # due today: upcoming
    talk(actor, ids["Cyd"], "2026-11-18 09:00", "in_person", follow_up="2026-12-01")
    talk(actor, ids["Eve"], "2026-11-03 12:00", "email", follow_up="2026-11-05")
    talk(actor, ids["Hal"], "2026-09-15 12:00", "whatsapp")
    contacts.archive_contact(actor, ids["Eve"])

    deals.add_deal(
        actor,
        DealInput(title="Ann's lead", contact_id=ids["Ann"], value="1000", currency="EUR", expected_close="2026-12-01"),
    )
    deals.add_deal(actor, DealInput(title="Bob's lead", contact_id=ids["Bob"], value="500", currency="USD"))
    deals.add_deal(
        actor,
        DealInput(
            title="Cyd's proposal",
            contact_id=ids["Cyd"],
            stage="proposal",
            value="2500.50",
            currency="EUR",
            expected_close="2026-11-25",
        ),
    )
    archived = deals.add_deal(
        actor, DealInput(title="Shelved", contact_id=ids["Ann"], stage="negotiation", value="100")
    )
    deals.set_archived(actor, archived.id, True)
    deals.add_deal(actor, DealInput(title="Won", contact_id=ids["Bob"], stage="closed_won", value="999"))
    deals.add_deal(
        actor, DealInput(title="Late one", contact_id=ids["Cyd"], stage="qualified", expected_close="2026-11-10")
    )

    stranger = person(other_actor, "Zed", "2026-11-19 12:00:00")
    talk(other_actor, stranger, "2026-11-02 12:00", "email", follow_up="2026-11-03")
    deals.add_deal(other_actor, DealInput(title="Not Ada's", contact_id=stranger, value="5"))
    return ids


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
