"""`crm today`, `crm suggest` and `crm suggestion initiated|done`, run in-process through `main`.

The clock is fixed at Friday 2026-11-20 10:30 UTC; `--now` moves it to a Monday.
"""

from __future__ import annotations

import pytest

from tui.models import Suggestion

from ..helpers import NOT_SIGNED_IN, add, assert_error, ok_and_quiet

MONDAY = ("--now", "2026-11-23T10:00")
TODAY_FIELDS = {"date", "reminders", "suggestion", "weekend", "followups", "upcoming", "tasks"}
SUGGESTION_FIELDS = {"id", "contact_id", "contact_name", "status", "day"}
REMINDER_FIELDS = {"id", "contact_id", "contact_name", "kind", "title", "due_at", "status"}


@pytest.fixture
def people(crm, signed_in) -> dict[str, int]:
    """Grace (birthday on Sunday), Bob (a follow-up and an anniversary next week), Cy, and a sleeping contact."""
    ids = {
        "Grace": add(crm, "--name", "Grace Hopper", "--birthday", "1966-11-22"),
        "Bob": add(crm, "--name", "Bob", "--anniversary", "2020-11-25"),
        "Cy": add(crm, "--name", "Cy"),
        "Sleeping": add(crm, "--name", "Sleeping", "--birthday", "--11-21", "--inactive"),
    }
    ok_and_quiet(
        crm("log", "Bob", "--medium", "phone", "--at", "-3d", "--follow-up", "2026-11-19", "--notes", "Call back")
    )
    ok_and_quiet(crm("tasks", "add", "Send the slides", "--due", "today", "--contact", "Grace Hopper"))
    ok_and_quiet(crm("tasks", "add", "Overdue thing", "--due", "-2d"))
    ok_and_quiet(crm("tasks", "add", "Next week", "--due", "+1w"))
    ok_and_quiet(crm("tasks", "add", "Undated"))
    return ids


# --- crm today --------------------------------------------------------------------------------------


def test_today_json_has_every_part_of_the_agenda(crm, people):
    document = ok_and_quiet(crm("today", "--json")).json()
    assert set(document) == TODAY_FIELDS
    assert document["date"] == "2026-11-20"
    suggestion = document["suggestion"]
    assert set(suggestion) == SUGGESTION_FIELDS
    assert suggestion["status"] == "sent" and suggestion["day"] == "2026-11-20"
    assert suggestion["contact_id"] in {people["Grace"], people["Bob"], people["Cy"]}
    assert Suggestion.select().count() == 1  # picked and stored
    weekend = document["weekend"]  # a Friday: the others, without today's pick
    assert all(set(item) == {"contact_id", "name"} for item in weekend)
    assert {item["contact_id"] for item in weekend} == {people["Grace"], people["Bob"], people["Cy"]} - {
        suggestion["contact_id"]
    }
    assert document["followups"] == [
        {
            "interaction_id": 1,
            "contact_id": people["Bob"],
            "contact_name": "Bob",
            "due": "2026-11-19",
            "medium": "phone",
            "notes": "Call back",
            "overdue": True,
        }
    ]
    assert document["upcoming"] == [
        {"contact_id": people["Grace"], "name": "Grace Hopper", "kind": "birthday", "date": "2026-11-22", "years": 60},
        {"contact_id": people["Bob"], "name": "Bob", "kind": "anniversary", "date": "2026-11-25", "years": 6},
    ]
    assert [(task["title"], task["due"], task["contact_name"]) for task in document["tasks"]] == [
        ("Overdue thing", "2026-11-18", None),
        ("Send the slides", "2026-11-20", "Grace Hopper"),
    ]
    assert document["reminders"], "Grace's birthday lead reminder is due today"
    for reminder in document["reminders"]:
        assert set(reminder) == REMINDER_FIELDS and reminder["due_at"].endswith("Z")
    assert any(r["kind"] == "birthday" and r["contact_id"] == people["Grace"] for r in document["reminders"])
    assert all(r["contact_id"] != people["Sleeping"] for r in document["reminders"])
    again = ok_and_quiet(crm("today", "--json")).json()
    assert again["suggestion"] == suggestion and Suggestion.select().count() == 1


def test_today_sends_nothing(crm, people):
    first = ok_and_quiet(crm("today", "--json")).json()["reminders"]
    assert first and all(reminder["status"] == "pending" for reminder in first)
    assert ok_and_quiet(crm("reminders", "--json")).json() == first


def test_today_text_has_a_heading_for_each_section(crm, people):
    out = ok_and_quiet(crm("today")).out
    assert out.startswith("Friday 2026-11-20 (Europe/Berlin)\n")
    for heading in (
        "Reminders due",
        "Today's suggestion",
        "For the weekend",
        "Follow-ups",
        "Birthdays and anniversaries this week",
        "Tasks due",
    ):
        assert f"\n{heading}\n" in out
    assert out.index("Reminders due") < out.index("Today's suggestion") < out.index("Follow-ups")
    assert "Grace Hopper's birthday in 2 days" in out
    assert "Sun 2026-11-22  in 2 days  Grace Hopper  birthday (turns 60)" in out
    assert "anniversary (6 years)" in out
    assert "1 day overdue" in out and "Call back" in out
    assert "Send the slides" in out and "Overdue thing" in out
    assert "Next week" not in out and "Undated" not in out and "Sleeping" not in out


def test_today_with_nothing_says_so_section_by_section(crm, signed_in):
    out = ok_and_quiet(crm("today")).out
    for line in (
        "No reminders due.",
        "Nobody to suggest today",
        "No follow-ups.",
        "No birthdays or anniversaries this week.",
        "No tasks due.",
        "Nobody else to suggest for the weekend.",
    ):
        assert line in out
    document = ok_and_quiet(crm("today", "--json")).json()
    assert document == {
        "date": "2026-11-20",
        "reminders": [],
        "suggestion": None,
        "weekend": [],
        "followups": [],
        "upcoming": [],
        "tasks": [],
    }


def test_today_on_a_monday_has_no_weekend_list(crm, people):
    out = ok_and_quiet(crm(*MONDAY, "today")).out
    assert out.startswith("Monday 2026-11-23 (Europe/Berlin)\n")
    assert "For the weekend" not in out
    document = ok_and_quiet(crm(*MONDAY, "today", "--json")).json()
    assert document["date"] == "2026-11-23" and document["weekend"] == []
    assert document["suggestion"]["day"] == "2026-11-23"
    assert [item["name"] for item in document["upcoming"]] == ["Bob"]  # Grace's birthday was yesterday


def test_today_needs_a_signed_in_user(crm, db_path):
    result = crm("today")
    assert result.code == 1 and result.out == "" and result.err == NOT_SIGNED_IN


# --- crm suggest --------------------------------------------------------------------------------------


def test_suggest_picks_once_and_shows_the_weekend_list_on_fridays(crm, people):
    out = ok_and_quiet(crm("suggest")).out
    [suggestion] = Suggestion.select()
    name = {people["Grace"]: "Grace Hopper", people["Bob"]: "Bob", people["Cy"]: "Cy"}[suggestion.contact_id]
    assert out.startswith(f"Talk to {name} (contact {suggestion.contact_id}): sent; then `crm suggestion initiated`")
    assert "For the weekend (not counted in the statistics):" in out
    assert "Done 0 of 1 suggestions (0%); streak: 0 days" in out
    document = ok_and_quiet(crm("suggest", "--json")).json()
    assert set(document) == {"date", "suggestion", "weekend", "statistics"}
    assert document["suggestion"]["id"] == suggestion.id and Suggestion.select().count() == 1
    assert suggestion.contact_id not in {item["contact_id"] for item in document["weekend"]}
    assert len(document["weekend"]) == 2
    assert document["statistics"] == {"total": 1, "done": 0, "done_rate": 0.0, "streak": 0}


def test_suggest_on_a_monday_has_no_weekend_list(crm, people):
    out = ok_and_quiet(crm(*MONDAY, "suggest")).out
    assert "weekend" not in out
    document = ok_and_quiet(crm(*MONDAY, "suggest", "--json")).json()
    assert document["weekend"] == [] and document["suggestion"]["day"] == "2026-11-23"


def test_suggest_with_nobody_to_suggest_says_so_and_succeeds(crm, signed_in):
    add(crm, "--name", "Sleeping", "--inactive")
    result = ok_and_quiet(crm("suggest"))
    assert result.out.startswith("Nobody to suggest today")
    assert ok_and_quiet(crm("suggest", "--json")).json() == {
        "date": "2026-11-20",
        "suggestion": None,
        "weekend": [],
        "statistics": {"total": 0, "done": 0, "done_rate": 0.0, "streak": 0},
    }
    assert Suggestion.select().count() == 0


# --- crm suggestion initiated|done ----------------------------------------------------------------------


def test_the_suggestion_moves_forward_and_counts(crm, people):
    picked = ok_and_quiet(crm("suggest", "--json")).json()["suggestion"]
    out = ok_and_quiet(crm("suggestion", "initiated")).out
    assert out == (
        f"initiated: talk to {picked['contact_name']} (suggested 2026-11-20); `crm suggestion done` when they answer\n"
    )
    document = ok_and_quiet(crm("suggestion", "done", "--json")).json()
    assert document == {**picked, "status": "done"}
    stats = ok_and_quiet(crm("suggest", "--json")).json()
    assert stats["suggestion"]["status"] == "done"
    assert stats["statistics"] == {"total": 1, "done": 1, "done_rate": 1.0, "streak": 1}
    assert "Done 1 of 1 suggestions (100%); streak: 1 day" in ok_and_quiet(crm("suggest")).out


def test_sent_can_go_straight_to_done(crm, people):
    ok_and_quiet(crm("suggest"))
    assert ok_and_quiet(crm("suggestion", "done")).out.startswith("done: talk to ")


def test_a_suggestion_never_moves_back(crm, people):
    ok_and_quiet(crm("suggest"))
    ok_and_quiet(crm("suggestion", "done"))
    assert_error(crm("suggestion", "initiated"), "is already done")
    assert_error(crm("suggestion", "done"), "is already done")
    assert Suggestion.get().status == "done"


def test_the_most_recent_suggestion_is_the_one_moved(crm, people):
    ok_and_quiet(crm("suggest"))
    ok_and_quiet(crm("suggestion", "initiated"))
    monday = ok_and_quiet(crm(*MONDAY, "suggest", "--json")).json()["suggestion"]
    assert ok_and_quiet(crm(*MONDAY, "suggestion", "done", "--json")).json()["id"] == monday["id"]
    friday, later = Suggestion.select().order_by(Suggestion.day)
    assert (friday.status, later.status) == ("initiated", "done")


def test_no_suggestion_yet_is_an_error(crm, people):
    assert_error(crm("suggestion", "initiated"), "there is no suggestion yet: run crm suggest")


@pytest.mark.parametrize("args", [("suggestion",), ("suggestion", "sent"), ("suggestion", "done", "extra")])
def test_suggestion_usage_mistakes_exit_2(crm, signed_in, args):
    result = crm(*args)
    assert result.code == 2 and result.out == ""


def test_suggestion_needs_a_signed_in_user(crm, db_path):
    result = crm("suggestion", "done")
    assert result.code == 1 and result.err == NOT_SIGNED_IN
