"""The day's agenda: birthdays and anniversaries of the coming days, and what `crm today` gathers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tui import agenda, clock, contacts, interactions, settings, suggestions, tasks
from tui.contacts import ContactInput
from tui.interactions import InteractionInput
from tui.models import Contact, Suggestion


def make(actor, name, days_silent=40, **fields):
    contact = contacts.add_contact(actor, ContactInput(name=name, **fields))
    Contact.update(created_at=clock.utcnow() - timedelta(days=days_silent)).where(Contact.id == contact.id).execute()
    return contact


def upcoming(actor, first: str, days: int = 7):
    return [
        (item.name, item.kind, item.day.isoformat(), item.years)
        for item in agenda.upcoming_dates(actor, days, date.fromisoformat(first))
    ]


def test_the_window_is_today_and_the_six_days_after(actor):
    make(actor, "Today", birthday="1990-11-20")
    make(actor, "Last day", birthday="--11-26")
    make(actor, "Too late", birthday="--11-27")
    make(actor, "Yesterday", birthday="--11-19")
    assert [item.name for item in agenda.upcoming_dates(actor)] == ["Today", "Last day"]  # the clock: 2026-11-20


def test_dates_across_a_month_end_sorted_by_day(actor):
    make(actor, "Zoe", birthday="1980-12-02")
    make(actor, "Ann", anniversary="2016-11-29")
    make(actor, "Max", birthday="--11-30", anniversary="2000-12-01")
    assert upcoming(actor, "2026-11-28") == [
        ("Ann", "anniversary", "2026-11-29", 10),
        ("Max", "birthday", "2026-11-30", None),
        ("Max", "anniversary", "2026-12-01", 26),
        ("Zoe", "birthday", "2026-12-02", 46),
    ]


def test_dates_across_a_year_end_count_the_years_of_their_own_year(actor):
    make(actor, "New Year", birthday="2000-01-01")
    make(actor, "Old Year", birthday="2000-12-30")
    make(actor, "Yearless", anniversary="--01-03")
    assert upcoming(actor, "2026-12-29") == [
        ("Old Year", "birthday", "2026-12-30", 26),
        ("New Year", "birthday", "2027-01-01", 27),
        ("Yearless", "anniversary", "2027-01-03", None),
    ]


def test_the_day_of_birth_and_dates_before_it_are_not_birthdays(actor):
    # Birthdays after today are refused, so the two births are entered once they have happened.
    clock.fix(datetime(2027, 1, 3, tzinfo=UTC))
    make(actor, "Baby", birthday="2026-11-21")
    make(actor, "Next year", birthday="2027-01-02")
    make(actor, "Wedding", anniversary="2026-11-22")
    assert upcoming(actor, "2026-11-20") == [("Wedding", "anniversary", "2026-11-22", 0)]
    assert upcoming(actor, "2027-11-20") == [
        ("Baby", "birthday", "2027-11-21", 1),
        ("Wedding", "anniversary", "2027-11-22", 1),
    ]
    assert upcoming(actor, "2027-12-29") == [("Next year", "birthday", "2028-01-02", 1)]


@pytest.mark.parametrize(
    "rule, first, expected",
    [
        ("feb28", "2027-02-22", [("Leap", "birthday", "2027-02-28", 27)]),
        ("feb28", "2027-03-01", []),
        ("mar1", "2027-02-22", []),  # 22-28 February: the stand-in is 1 March, outside
        ("mar1", "2027-02-23", [("Leap", "birthday", "2027-03-01", 27)]),
        ("mar1", "2027-03-01", [("Leap", "birthday", "2027-03-01", 27)]),
        ("feb28", "2028-02-28", [("Leap", "birthday", "2028-02-29", 28)]),  # a leap year: the day itself
        ("mar1", "2028-02-23", [("Leap", "birthday", "2028-02-29", 28)]),
    ],
)
def test_29_february_in_other_years_follows_the_leap_day_rule(actor, rule, first, expected):
    settings.set_setting(actor, "leap_day_rule", rule)
    make(actor, "Leap", birthday="2000-02-29")
    assert upcoming(actor, first) == expected


def test_a_yearless_leap_day_anniversary(actor):
    make(actor, "Leap", anniversary="--02-29")
    assert upcoming(actor, "2027-02-28", days=1) == [("Leap", "anniversary", "2027-02-28", None)]
    settings.set_setting(actor, "leap_day_rule", "mar1")
    assert upcoming(actor, "2027-02-28", days=1) == []
    assert upcoming(actor, "2027-03-01", days=1) == [("Leap", "anniversary", "2027-03-01", None)]


def test_inactive_and_archived_contacts_are_left_out(actor):
    make(actor, "Active", birthday="--11-21")
    make(actor, "Sleeping", birthday="--11-21", active=False)
    gone = make(actor, "Gone", birthday="--11-21", anniversary="--11-22")
    contacts.archive_contact(actor, gone.id)
    assert [item.name for item in agenda.upcoming_dates(actor)] == ["Active"]
    contacts.restore_contact(actor, gone.id)
    assert [item.name for item in agenda.upcoming_dates(actor)] == ["Active", "Gone", "Gone"]


def test_another_users_contacts_never_appear(actor, other_actor):
    make(other_actor, "Bob's friend", birthday="--11-21", anniversary="--11-22")
    mine = make(actor, "Mine", birthday="--11-23")
    assert [(item.contact_id, item.name) for item in agenda.upcoming_dates(actor)] == [(mine.id, "Mine")]
    assert [item.name for item in agenda.upcoming_dates(other_actor)] == ["Bob's friend", "Bob's friend"]


def test_no_days_means_nothing(actor):
    make(actor, "Today", birthday="--11-20")
    assert agenda.upcoming_dates(actor, days=0) == []
    assert [item.name for item in agenda.upcoming_dates(actor, days=1)] == ["Today"]


def test_the_agenda_gathers_the_day(actor, other_actor):
    grace = make(actor, "Grace", birthday="1966-11-22")
    bob = make(actor, "Bob", 90)
    make(actor, "Cy", 60)
    make(other_actor, "Not mine", 400, birthday="--11-21")
    interactions.log_interaction(actor, bob.id, InteractionInput(medium="phone", when="-3d", follow_up="2026-11-19"))
    tasks.add_task(actor, tasks.TaskInput(title="Due today", due="today", contact_id=grace.id))
    tasks.add_task(actor, tasks.TaskInput(title="Overdue", due="-2d"))
    tasks.add_task(actor, tasks.TaskInput(title="Later", due="+1d"))
    tasks.add_task(actor, tasks.TaskInput(title="Undated"))
    done = tasks.add_task(actor, tasks.TaskInput(title="Finished", due="-1d"))
    tasks.set_done(actor, done.id)

    day = agenda.agenda(actor)
    assert day.day == date(2026, 11, 20)
    assert day.suggestion is not None and Suggestion.select().count() == 1  # picked and stored
    assert day.suggestion == suggestions.todays(actor, create=False)
    assert day.suggestion.contact_id not in {candidate.contact_id for candidate in day.weekend}  # a Friday
    assert {candidate.name for candidate in day.weekend} | {day.suggestion.contact_name} == {"Grace", "Bob", "Cy"}
    assert [(row.contact_name, row.overdue) for row in day.followups] == [("Bob", True)]
    assert [(item.name, item.day) for item in day.upcoming] == [("Grace", date(2026, 11, 22))]
    assert [task.title for task in day.open_tasks] == ["Overdue", "Due today"]
    assert any(reminder.kind == "birthday" and reminder.contact_id == grace.id for reminder in day.due_reminders)
    assert all(reminder.user_id == actor.user_id for reminder in day.due_reminders)
    assert agenda.agenda(actor).suggestion == day.suggestion  # the same pick all day


def test_the_agenda_on_another_day_has_no_weekend_list_and_may_have_nobody_to_suggest(actor):
    clock.fix(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))  # a Monday
    day = agenda.agenda(actor)
    assert day.suggestion is None and day.weekend == [] and day.upcoming == [] and day.open_tasks == []
    make(actor, "Ann")
    day = agenda.agenda(actor)
    assert day.suggestion.contact_name == "Ann" and day.weekend == []
