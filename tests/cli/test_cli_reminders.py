"""`crm reminders`, `crm reminders done|dismiss|snooze`, `crm remind --once` and `crm remind add`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tui import database
from tui.models import Delivery, Reminder

from ..helpers import ROOT, add, assert_error
from ..servers import free_port

REMINDER_FIELDS = {"id", "contact_id", "contact_name", "kind", "due_at", "status"}


@pytest.fixture
def quiet(crm, signed_in):
    """Signed in, and only the in-app channel on (no terminal escapes on the developer's screen)."""
    for key, value in (
        ("notify.desktop", "off"),
        ("notify.terminal", "off"),
        ("notify.email", "off"),
        ("notify.inapp", "on"),
    ):
        assert crm("settings", "set", key, value).code == 0
    return signed_in


def due(crm, *args: str) -> list[dict]:
    result = crm("reminders", "--json", *args)
    assert result.code == 0, result.err
    return result.json()


def test_reminders_lists_what_is_due_without_sending(crm, quiet):
    ann = add(crm, "--name", "Ann", "--birthday", "--11-20")
    add(crm, "--name", "Bob", "--birthday", "--11-23")
    (item,) = due(crm)
    assert REMINDER_FIELDS <= set(item)
    assert item | {"id": 0} == {
        "id": 0,
        "contact_id": ann,
        "contact_name": "Ann",
        "kind": "birthday",
        "title": "Ann's birthday today",
        "due_at": "2026-11-20T08:00:00Z",
        "status": "pending",
    }
    table = crm("reminders").out.splitlines()
    assert table[0].split() == ["ID", "DUE", "KIND", "CONTACT", "TITLE", "STATUS"]
    assert "2026-11-20 09:00  birthday  Ann      Ann's birthday today  pending" in table[1]
    assert [r["title"] for r in due(crm, "--at", "+3d")] == [
        "Ann's birthday today",
        "Bob's birthday in 2 days",
        "Bob's birthday today",
    ]
    assert Delivery.select().count() == 0 and {r.status for r in Reminder.select()} == {"pending"}


def test_nothing_due(crm, quiet):
    assert crm("reminders").out == "no reminders due\n"
    assert due(crm) == []


def test_a_bad_moment_names_the_option(crm, quiet):
    assert_error(crm("reminders", "--at", "someday"), "--at: ")


def test_done_dismiss_and_snooze(crm, quiet):
    add(crm, "--name", "Ann", "--birthday", "--11-20")
    add(crm, "--name", "Bob", "--birthday", "--11-20")
    first, second = (r["id"] for r in due(crm))
    assert crm("reminders", "done", str(first)).out == f"done: reminder {first} (Ann's birthday today)\n"
    assert crm("reminders", "snooze", str(second), "+2h").out == (
        f"snoozed: reminder {second} (Bob's birthday today) until 2026-11-20 13:30 (Europe/Berlin)\n"
    )
    assert due(crm) == []
    assert [r["status"] for r in due(crm, "--at", "+3h")] == ["snoozed"]
    assert crm("reminders", "dismiss", str(second)).out == f"dismissed: reminder {second} (Bob's birthday today)\n"
    assert due(crm, "--at", "+3h") == []


def test_handling_a_reminder_that_is_not_there_or_a_moment_in_the_past(crm, quiet):
    assert_error(crm("reminders", "done", "99"), "no reminder with id 99")
    add(crm, "--name", "Ann", "--birthday", "--11-20")
    (item,) = due(crm)
    assert_error(
        crm("reminders", "snooze", str(item["id"]), "2026-11-19 10:00"), "WHEN: snooze until a moment in the future"
    )
    assert crm("reminders", "done", "x").code == 2


def test_remind_add_sets_a_custom_reminder(crm, quiet):
    add(crm, "--name", "Ann")
    result = crm("remind", "add", "Ann", "tomorrow 10:00", "Send the contract", "--json")
    assert result.code == 0, result.err
    assert result.json() | {"id": 0} == {
        "id": 0,
        "contact_id": 1,
        "contact_name": "Ann",
        "kind": "custom",
        "title": "Send the contract",
        "due_at": "2026-11-21T09:00:00Z",
        "status": "pending",
    }
    plain = crm("remind", "add", "-", "+1h", "Water the plants")
    assert plain.code == 0 and plain.out.strip().isdigit()
    assert [r["title"] for r in due(crm, "--at", "+1d")] == ["Water the plants", "Send the contract"]
    assert_error(crm("remind", "add", "Ann", "whenever", "x"), "WHEN: ")
    assert_error(crm("remind", "add", "Nobody", "+1h", "x"))


def test_remind_needs_once(crm, quiet):
    result = crm("remind")
    assert result.code == 2 and "crm remind --once" in result.err


def test_remind_once_delivers_each_reminder_once(crm, quiet):
    add(crm, "--name", "Ann", "--birthday", "--11-20")
    first = crm("remind", "--once")
    assert first.code == 0 and first.err == ""
    assert first.out == "delivered: #1 Ann's birthday today (inapp)\n"
    assert crm("remind", "--once").out == "no reminders due\n"
    assert [r.status for r in Reminder.select()] == ["sent"]


def test_remind_once_reports_a_failing_channel_and_still_exits_0(crm, quiet, smtp_sink):
    add(crm, "--name", "Ann", "--birthday", "--11-20")
    closed = free_port()
    for key, value in (
        ("notify.email", "on"),
        ("smtp.host", "127.0.0.1"),
        ("smtp.port", str(closed)),
        ("smtp.starttls", "off"),
    ):
        assert crm("settings", "set", key, value).code == 0
    result = crm("remind", "--once")
    assert result.code == 0 and result.err == ""
    assert result.out.splitlines() == [
        "delivered: #1 Ann's birthday today (inapp)",
        f"failed: #1 email: cannot connect to the SMTP server 127.0.0.1:{closed}: connection refused "
        "(check smtp.host and smtp.port)",
    ]


def test_remind_once_when_every_channel_fails_leaves_them_due(crm, quiet):
    add(crm, "--name", "Ann", "--birthday", "--11-20")
    closed = free_port()
    for key, value in (
        ("notify.inapp", "off"),
        ("notify.email", "on"),
        ("smtp.host", "127.0.0.1"),
        ("smtp.port", str(closed)),
        ("smtp.starttls", "off"),
    ):
        assert crm("settings", "set", key, value).code == 0
    result = crm("remind", "--once", "--json")
    assert result.code == 0
    document = result.json()
    assert document["delivered"] == [] and document["pending"] == [1] and document["skipped"] == 0
    assert document["failed"][0]["channel"] == "email" and "connection refused" in document["failed"][0]["error"]
    text = crm("remind", "--once").out
    assert text.endswith("1 not delivered on any channel; they stay due and the next run tries again\n")
    assert [r.status for r in Reminder.select()] == ["pending"]


def test_remind_once_with_every_channel_off(crm, quiet):
    add(crm, "--name", "Ann", "--birthday", "--11-20")
    assert crm("settings", "set", "notify.inapp", "off").code == 0
    assert crm("remind", "--once").out.startswith("every notification channel is off, so nothing was delivered")
    assert [r.status for r in Reminder.select()] == ["pending"]


def test_reminder_commands_need_a_session(crm, db):
    assert_error(crm("reminders"), "not signed in")
    assert_error(crm("remind", "--once"), "not signed in")


# -- two real processes at once ---------------------------------------------------------------------------------


def _processes(db_path, count: int, *args: str) -> list[subprocess.CompletedProcess]:
    env = {**os.environ, "CRM_NOW": "2026-11-20T10:30:00Z", "CRM_DB": str(db_path)}
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "tui", *args],
            cwd=ROOT,
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(count)
    ]
    done = []
    for process in started:
        out, err = process.communicate(timeout=120)
        done.append(subprocess.CompletedProcess(process.args, process.returncode, out, err))
    return done


def test_two_processes_mail_each_reminder_exactly_once(crm, quiet, db_path, smtp_sink):
    for name in ("Ann", "Bob", "Cyd"):
        add(crm, "--name", name, "--birthday", "--11-20")
    for key, value in (
        ("notify.inapp", "off"),
        ("notify.email", "on"),
        ("smtp.host", "127.0.0.1"),
        ("smtp.port", str(smtp_sink.port)),
        ("smtp.starttls", "off"),
    ):
        assert crm("settings", "set", key, value).code == 0
    database.close_database()
    runs = _processes(db_path, 2, "remind", "--once")
    assert [run.returncode for run in runs] == [0, 0], [run.stderr for run in runs]
    mails = smtp_sink.wait_for(3)
    assert sorted(mail["Subject"] for mail in mails) == [
        "Ann's birthday today",
        "Bob's birthday today",
        "Cyd's birthday today",
    ]
    database.open_database(str(db_path))
    assert {r.status for r in Reminder.select()} == {"sent"}
    assert Delivery.select().where(Delivery.delivered_at.is_null(False)).count() == 3


def test_two_processes_deliver_thirty_reminders_between_them_once(crm, quiet, db_path):
    for number in range(30):
        add(crm, "--name", f"P{number:02}", "--birthday", "--11-20")
    database.close_database()
    runs = _processes(db_path, 2, "remind", "--once", "--json")
    assert [run.returncode for run in runs] == [0, 0], [run.stderr for run in runs]
    delivered = [[item["id"] for item in json.loads(run.stdout)["delivered"]] for run in runs]
    assert sorted(delivered[0] + delivered[1]) == list(range(1, 31))  # every one, none twice
    database.open_database(str(db_path))
    assert Delivery.select().where(Delivery.delivered_at.is_null(False)).count() == 30
