"""`crm log`, `interactions`, `timeline`, `followups` and `tasks`, run in-process through `main`."""

from __future__ import annotations

import pytest

from tui.models import AuditLog

from ..helpers import TtyInput, add, assert_error

INTERACTION_FIELDS = {
    "id",
    "contact_id",
    "at",
    "medium",
    "type",
    "notes",
    "outcome",
    "follow_up",
    "author_id",
    "created_at",
    "updated_at",
}
TIMELINE_FIELDS = {"id", "contact_id", "contact_name", "at", "medium", "type", "notes", "outcome", "follow_up"}


def log(crm, *args: str) -> int:
    result = crm("log", *args)
    assert result.code == 0, result.err
    return int(result.out)


def timeline(crm, *args: str) -> list[dict]:
    result = crm("timeline", "--json", *args)
    assert result.code == 0, result.err
    return result.json()


@pytest.fixture
def grace(crm, signed_in) -> int:
    return add(crm, "--name", "Grace Hopper", "--tag", "navy")


# --- crm log --------------------------------------------------------------------------------------


def test_log_prints_the_id_and_sets_last_contacted(crm, grace):
    interaction_id = log(crm, "Grace Hopper", "--medium", "phone", "--notes", "COBOL")
    [row] = timeline(crm)
    assert row == {
        "id": interaction_id,
        "contact_id": grace,
        "contact_name": "Grace Hopper",
        "at": "2026-11-20T10:30:00Z",
        "medium": "phone",
        "type": "",
        "notes": "COBOL",
        "outcome": "",
        "follow_up": None,
    }
    assert crm("contacts", "show", str(grace), "--json").json()["last_contacted"] == "2026-11-20T10:30:00Z"


def test_log_json_with_every_option(crm, grace):
    result = crm(
        "log",
        str(grace),
        "--medium",
        "Video call",
        "--at",
        "yesterday 18:00",
        "--type",
        "intro",
        "--notes",
        "line one\nline two",
        "--outcome",
        "agreed",
        "--follow-up",
        "+3d",
        "--json",
    )
    assert result.code == 0, result.err
    logged = result.json()
    assert set(logged) == INTERACTION_FIELDS
    # 18:00 in Berlin is 17:00 UTC; the follow-up counts from the interaction, not from now.
    assert {key: logged[key] for key in ("contact_id", "at", "medium", "type", "notes", "outcome", "follow_up")} == {
        "contact_id": grace,
        "at": "2026-11-19T17:00:00Z",
        "medium": "video",
        "type": "intro",
        "notes": "line one\nline two",
        "outcome": "agreed",
        "follow_up": "2026-11-22",
    }


@pytest.mark.parametrize(
    "at, stored",
    [
        ("-2d", "2026-11-18T10:30:00Z"),  # a dash value after its option
        ("2026-11-01 09:15", "2026-11-01T08:15:00Z"),  # naive: Ada's time zone
        ("2026-11-01T09:15:00Z", "2026-11-01T09:15:00Z"),
    ],
)
def test_log_at_forms(crm, grace, at, stored):
    log(crm, str(grace), "--medium", "sms", "--at", at)
    assert timeline(crm)[0]["at"] == stored


@pytest.mark.parametrize(
    "args, message",
    [
        (["--at", "last tuesday"], "error: --at: 'last tuesday' is not a date or time"),
        (["--at", "2026-13-01"], "error: --at: '2026-13-01' is not a date or time"),
        (["--follow-up", "someday"], "error: --follow-up: 'someday' is not a date"),
        (
            ["--at", "2026-11-10", "--follow-up", "2026-11-09"],
            "error: --follow-up: the follow-up (2026-11-09) is before the interaction itself",
        ),
        (["--follow-up", "-1d"], "error: --follow-up: the follow-up (2026-11-19) is before the interaction itself"),
        (["--medium", "fax"], "error: --medium: unknown medium 'fax': use one of phone, whatsapp"),
        (["--notes", "x" * 20001], "notes"),
    ],
)
def test_log_refuses_bad_input_and_saves_nothing(crm, grace, args, message):
    options = {"--medium": "phone"}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    assert_error(crm("log", str(grace), *[word for pair in options.items() for word in pair]), message)
    assert timeline(crm) == []
    assert crm("contacts", "show", str(grace), "--json").json()["last_contacted"] is None


def test_log_names_the_contact_that_matches_none_or_several(crm, grace):
    assert_error(crm("log", "Nobody", "--medium", "phone"), "error: no contact named 'Nobody'")
    assert_error(crm("log", "99", "--medium", "phone"), "error: no contact with id 99")
    add(crm, "--name", "Sam")
    add(crm, "--name", "SAM")
    assert_error(crm("log", "sam", "--medium", "phone"), "2 contacts are named 'sam'")
    assert timeline(crm) == []


def test_log_needs_a_medium(crm, grace):
    result = crm("log", str(grace))
    assert result.code == 2
    assert "--medium" in result.err


def test_log_cannot_reach_another_users_contact(crm, signed_in, other_actor):
    from tui import contacts

    theirs = contacts.add_contact(other_actor, contacts.ContactInput(name="Bob's friend"))
    assert_error(crm("log", str(theirs.id), "--medium", "phone"), f"no contact with id {theirs.id}")


# --- crm interactions -------------------------------------------------------------------------------


def test_edit_changes_only_the_options_given_and_is_audited(crm, grace):
    interaction_id = log(
        crm,
        str(grace),
        "--medium",
        "phone",
        "--at",
        "yesterday 18:00",
        "--notes",
        "old",
        "--type",
        "intro",
        "--follow-up",
        "+3d",
    )
    before = crm("interactions", "show", str(interaction_id), "--json").json()
    result = crm("interactions", "edit", str(interaction_id), "--notes", "new", "--outcome", "won")
    assert result.out == f"updated interaction {interaction_id}\n"
    after = crm("interactions", "show", str(interaction_id), "--json").json()
    assert after == {**before, "notes": "new", "outcome": "won"}
    [entry] = AuditLog.select().where((AuditLog.table_name == "interaction") & (AuditLog.action == "update"))
    assert (entry.old_values, entry.new_values) == ({"notes": "old", "outcome": ""}, {"notes": "new", "outcome": "won"})


def test_edit_moves_clears_and_refuses(crm, grace):
    interaction_id = log(crm, str(grace), "--medium", "phone", "--follow-up", "+1d")
    edited = crm(
        "interactions", "edit", str(interaction_id), "--at", "-1d", "--medium", "email", "--follow-up", "", "--json"
    ).json()
    assert (edited["at"], edited["medium"], edited["follow_up"]) == ("2026-11-19T10:30:00Z", "email", None)
    assert crm("contacts", "show", str(grace), "--json").json()["last_contacted"] == "2026-11-19T10:30:00Z"
    before = crm("interactions", "show", str(interaction_id), "--json").json()
    assert_error(crm("interactions", "edit", str(interaction_id), "--at", "soon"), "error: --at: 'soon'")
    assert_error(crm("interactions", "edit", str(interaction_id), "--medium", "pigeon"), "error: --medium:")
    assert_error(
        crm("interactions", "edit", str(interaction_id), "--follow-up", "2026-01-01"),
        "is before the interaction itself",
    )
    assert_error(crm("interactions", "edit", "99", "--notes", "x"), "error: no interaction with id 99")
    assert crm("interactions", "show", str(interaction_id), "--json").json() == before


def test_show_table(crm, grace):
    interaction_id = log(crm, str(grace), "--medium", "in_person", "--notes", "lunch\nat the pier")
    out = crm("interactions", "show", str(interaction_id)).out
    assert "contact:    Grace Hopper (id 1)\n" in out
    assert "at:         2026-11-20 11:30 CET\n" in out
    assert "medium:     In person\n" in out
    assert "notes:      lunch\n            at the pier\n" in out


def test_delete_needs_yes_without_a_terminal_and_keeps_an_audit_entry(crm, grace):
    interaction_id = log(crm, str(grace), "--medium", "phone", "--notes", "keep me in the log")
    assert_error(crm("interactions", "delete", str(interaction_id)), "add --yes")
    assert len(timeline(crm)) == 1
    result = crm("interactions", "delete", str(interaction_id), "--yes")
    assert result.out.startswith(f"deleted interaction {interaction_id} (Phone call with Grace Hopper)")
    assert timeline(crm) == []
    assert crm("contacts", "show", str(grace), "--json").json()["last_contacted"] is None
    [entry] = AuditLog.select().where(AuditLog.action == "delete")
    assert entry.old_values["notes"] == "keep me in the log"
    assert_error(crm("interactions", "delete", str(interaction_id), "--yes"), "no interaction with id")


@pytest.mark.parametrize("answer, deleted", [("y\n", True), ("\n", False)])
def test_delete_asks_at_a_terminal(crm, grace, answer, deleted):
    interaction_id = log(crm, str(grace), "--medium", "phone")
    result = crm("interactions", "delete", str(interaction_id), stdin=TtyInput(answer))
    assert result.code == (0 if deleted else 1)
    assert (timeline(crm) == []) is deleted


# --- crm timeline -----------------------------------------------------------------------------------


@pytest.fixture
def history(crm, grace) -> dict[str, int]:
    alan = add(crm, "--name", "Alan Turing")
    return {
        "old": log(crm, str(grace), "--medium", "email", "--at", "2026-11-02 09:00", "--notes", "proposal sent"),
        "alan": log(
            crm,
            "Alan Turing",
            "--medium",
            "phone",
            "--at",
            "2026-11-18 23:30",
            "--notes",
            "Enigma talk\nsecond line is not shown",
        ),
        "late": log(crm, str(grace), "--medium", "phone", "--at", "2026-11-19 00:30", "--outcome", "call back"),
        "new": log(crm, str(grace), "--medium", "whatsapp", "--at", "2026-11-19 08:00", "--notes", "x" * 100),
        "alan_id": alan,
    }


def test_timeline_json_is_newest_first(crm, history):
    rows = timeline(crm)
    assert [row["id"] for row in rows] == [history["new"], history["late"], history["alan"], history["old"]]
    assert all(set(row) == TIMELINE_FIELDS for row in rows)
    assert rows[1]["outcome"] == "call back"
    assert rows[2]["contact_name"] == "Alan Turing"


def test_timeline_table_groups_by_local_day(crm, history):
    out = crm("timeline").out
    lines = out.splitlines()
    # 00:30 on the 19th in Berlin is still the 18th in UTC: the heading follows Ada's time zone.
    assert lines[0] == "Thursday 2026-11-19"
    assert lines[1].split()[:4] == [str(history["new"]), "08:00", "Grace", "Hopper"]
    assert lines[1].endswith("x" * 59 + "…")
    assert lines[2].split()[:2] == [str(history["late"]), "00:30"]
    assert lines[2].endswith("Phone call  -")
    assert lines[3:5] == ["", "Wednesday 2026-11-18"]
    assert lines[5].endswith("Phone call  Enigma talk")
    assert lines[6:8] == ["", "Monday 2026-11-02"]
    assert lines[8].endswith("E-mail      proposal sent")
    rows = [line for line in lines if line.startswith("  ")]
    assert len({line.find("Grace") if "Grace" in line else line.find("Alan") for line in rows}) == 1  # aligned


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--contact", "Alan Turing"], ["alan"]),
        (["--medium", "phone"], ["late", "alan"]),
        (["--medium", "Phone call"], ["late", "alan"]),
        (["--tag", "navy"], ["new", "late", "old"]),
        (["--since", "2026-11-19"], ["new", "late"]),
        (["--since", "-2d", "--until", "2026-11-18"], ["alan"]),
        (["--until", "2026-11-10"], ["old"]),
        (["--search", "enig"], ["alan"]),
        (["--limit", "2"], ["new", "late"]),
    ],
)
def test_timeline_filters(crm, history, args, expected):
    assert [row["id"] for row in timeline(crm, *args)] == [history[name] for name in expected]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--since", "last week"], "error: --since: 'last week' is not a date"),
        (["--until", "2026-02-30"], "error: --until: '2026-02-30' is not a date"),
        (["--since", "2026-11-20", "--until", "2026-11-01"], "--since (2026-11-20) is after --until (2026-11-01)"),
        (["--medium", "fax"], "error: --medium: unknown medium 'fax'"),
        (["--contact", "Nobody"], "error: no contact named 'Nobody'"),
    ],
)
def test_timeline_refuses_bad_filters(crm, history, args, message):
    assert_error(crm("timeline", *args), message)


def test_empty_timeline(crm, grace):
    assert crm("timeline").out == "no interactions\n"
    assert crm("timeline", "--json").out == "[]\n"


# --- crm followups ----------------------------------------------------------------------------------


@pytest.fixture
def due(crm, grace) -> dict[str, int]:
    return {
        "upcoming": log(crm, str(grace), "--medium", "phone", "--follow-up", "+3d", "--notes", "pricing\nmore"),
        "overdue": log(crm, str(grace), "--medium", "email", "--at", "-5d", "--follow-up", "+2d"),
        "today": log(crm, str(grace), "--medium", "sms", "--at", "-1d", "--follow-up", "+1d"),
        "none": log(crm, str(grace), "--medium", "chat"),
    }


def test_followups_json_overdue_then_upcoming(crm, due, grace):
    rows = crm("followups", "--json").json()
    assert rows == [
        {
            "interaction_id": due["overdue"],
            "contact_id": grace,
            "contact_name": "Grace Hopper",
            "due": "2026-11-17",
            "medium": "email",
            "notes": "",
            "overdue": True,
        },
        {
            "interaction_id": due["today"],
            "contact_id": grace,
            "contact_name": "Grace Hopper",
            "due": "2026-11-20",
            "medium": "sms",
            "notes": "",
            "overdue": False,
        },
        {
            "interaction_id": due["upcoming"],
            "contact_id": grace,
            "contact_name": "Grace Hopper",
            "due": "2026-11-23",
            "medium": "phone",
            "notes": "pricing\nmore",
            "overdue": False,
        },
    ]


def test_followups_table(crm, due):
    lines = crm("followups").out.splitlines()
    assert lines[0].split() == ["ID", "DUE", "WHEN", "CONTACT", "MEDIUM", "NOTES"]
    assert "2026-11-17  3 days overdue  Grace Hopper" in lines[1]
    assert "2026-11-20  today" in lines[2]
    assert lines[3].endswith("in 3 days       Grace Hopper  Phone call  pricing")


def test_followups_done_reopen_and_move(crm, due):
    def pending() -> list[int]:
        return [row["interaction_id"] for row in crm("followups", "--json").json()]

    assert crm("followups", "done", str(due["overdue"])).code == 0
    assert pending() == [due["today"], due["upcoming"]]
    assert crm("followups", "reopen", str(due["overdue"])).out == (
        f"follow-up of interaction {due['overdue']} open again, due 2026-11-17\n"
    )
    assert crm("followups", "move", str(due["overdue"]), "+7d").out == (
        f"follow-up of interaction {due['overdue']} moved to 2026-11-27\n"
    )
    assert pending() == [due["today"], due["upcoming"], due["overdue"]]
    assert crm("followups", "move", str(due["today"]), "--", "-1d").code == 0  # a dash value after --
    assert crm("followups", "--json").json()[0] == {
        **crm("followups", "--json").json()[0],
        "due": "2026-11-19",
        "interaction_id": due["today"],
        "overdue": True,
    }


def test_followups_refusals(crm, due):
    assert_error(crm("followups", "done", str(due["none"])), f"interaction {due['none']} has no follow-up")
    assert_error(crm("followups", "done", "99"), "no interaction with id 99")
    assert_error(crm("followups", "move", str(due["overdue"]), "later"), "error: WHEN: 'later' is not a date")
    assert_error(
        crm("followups", "move", str(due["overdue"]), "2026-11-01"),
        "2026-11-01 is before the interaction itself (2026-11-15)",
    )
    assert crm("followups", "--json").json()[0]["due"] == "2026-11-17"


def test_followups_empty(crm, grace):
    assert crm("followups").out == "no follow-ups\n"
    assert crm("followups", "--json").out == "[]\n"


# --- crm tasks --------------------------------------------------------------------------------------


def task(crm, *args: str) -> int:
    result = crm("tasks", "add", *args)
    assert result.code == 0, result.err
    return int(result.out)


def test_tasks_add_list_done_undo_delete(crm, grace):
    call = task(crm, "Call Grace", "--due", "tomorrow", "--contact", "Grace Hopper", "--notes", "about COBOL")
    late = task(crm, "Send the report", "--due", "-2d")
    later = task(crm, "Someday")
    lines = crm("tasks", "list").out.splitlines()
    assert lines[0].split() == ["ID", "DUE", "STATE", "TITLE", "CONTACT"]
    assert lines[1].split() == [str(late), "2026-11-18", "overdue", "Send", "the", "report", "-"]
    assert lines[2].split() == [str(call), "2026-11-21", "open", "Call", "Grace", "Grace", "Hopper"]
    assert lines[3].split() == [str(later), "-", "open", "Someday", "-"]

    assert crm("tasks", "done", str(late)).out.startswith(f"done: task {late} (Send the report)")
    assert [row["id"] for row in crm("tasks", "list", "--json").json()] == [call, later]
    everything = crm("tasks", "list", "--all", "--json").json()
    assert [(row["id"], row["done"]) for row in everything] == [(call, False), (later, False), (late, True)]
    assert everything[0] == {
        "id": call,
        "title": "Call Grace",
        "due": "2026-11-21",
        "notes": "about COBOL",
        "contact_id": grace,
        "contact_name": "Grace Hopper",
        "deal_id": None,
        "done": False,
        "done_at": None,
        "created_at": "2026-11-20T10:30:00Z",
        "updated_at": "2026-11-20T10:30:00Z",
    }
    assert everything[2]["done_at"] == "2026-11-20T10:30:00Z"
    assert "done" in crm("tasks", "list", "--all").out

    assert crm("tasks", "undo", str(late)).code == 0
    assert [row["id"] for row in crm("tasks", "list", "--contact", str(grace), "--json").json()] == [call]
    assert crm("tasks", "delete", str(later)).out == f"deleted task {later} (Someday)\n"
    assert [row["id"] for row in crm("tasks", "list", "--json").json()] == [late, call]


def test_tasks_edit(crm, grace):
    task_id = task(crm, "Call", "--due", "+1w", "--contact", str(grace))
    edited = crm("tasks", "edit", str(task_id), "--title", "Call back", "--due", "", "--contact", "", "--json").json()
    assert (edited["title"], edited["due"], edited["contact_id"], edited["notes"]) == ("Call back", None, None, "")
    assert_error(crm("tasks", "edit", str(task_id), "--title", " "), "error: --title: the title is required")


@pytest.mark.parametrize(
    "args, message",
    [
        (["", "--due", "+1d"], "error: TITLE: the title is required"),
        (["Call", "--due", "soonish"], "error: --due: 'soonish' is not a date"),
        (["Call", "--contact", "Nobody"], "error: no contact named 'Nobody'"),
    ],
)
def test_tasks_add_refuses_bad_input(crm, grace, args, message):
    assert_error(crm("tasks", "add", *args), message)
    assert crm("tasks", "list", "--all", "--json").json() == []


@pytest.mark.parametrize("action", ["done", "undo", "delete"])
def test_tasks_unknown_id(crm, grace, action):
    assert_error(crm("tasks", action, "42"), "error: no task with id 42")


def test_tasks_empty(crm, grace):
    assert crm("tasks", "list").out == "no open tasks\n"
    assert crm("tasks", "list", "--all").out == "no tasks\n"


# --- usage and sign-in --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["log"],
        ["log", "1", "--medium"],
        ["interactions"],
        ["interactions", "edit"],
        ["interactions", "show", "x"],
        ["timeline", "--limit", "0"],
        ["followups", "move", "1"],
        ["followups", "frob"],
        ["tasks"],
        ["tasks", "add"],
        ["tasks", "done", "zero"],
        ["tasks", "done", "9" * 20],
        ["interactions", "show", "9" * 20],
    ],
)
def test_usage_mistakes_exit_2(crm, signed_in, args):
    result = crm(*args)
    assert result.code == 2
    assert "usage: crm" in result.err


@pytest.mark.parametrize(
    "command",
    [
        ["log", "1", "--medium", "phone"],
        ["timeline"],
        ["followups"],
        ["followups", "done", "1"],
        ["interactions", "show", "1"],
        ["tasks", "list"],
        ["tasks", "add", "x"],
    ],
)
def test_commands_need_a_signed_in_user(crm, actor, command):
    assert crm(*command).err == "error: not signed in: run crm login\n"
