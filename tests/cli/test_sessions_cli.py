"""Sessions on the command line: `crm sessions`, `sessions revoke`, `logout --all`, and `crm login` refused while
repeated failures make it wait."""

from __future__ import annotations

from tui import accounts
from tui.models import Session

from ..helpers import PASSWORD, assert_error


def test_sessions_on_the_command_line(crm, actor):
    accounts.start_session(actor, "laptop")
    crm("login", "--email", "ada@example.org", "--password-stdin", stdin=PASSWORD + "\n")
    listed = crm("sessions", "--json").json()
    assert [(entry["label"], entry["current"]) for entry in listed] == [
        (accounts.session_label(), True),
        ("laptop", False),
    ]
    assert set(listed[0]) == {"id", "label", "created_at", "last_used_at", "expires_at", "current"}
    assert "this machine".upper() in crm("sessions").out.upper().replace("_", " ")
    laptop = listed[1]["id"]
    revoked = crm("sessions", "revoke", str(laptop))
    assert revoked.out == f"signed out of session {laptop} (laptop)\n"
    assert_error(crm("sessions", "revoke", str(laptop)), f"no session with id {laptop}")
    accounts.start_session(actor, "phone")
    done = crm("logout", "--all")
    assert done.out == "signed out everywhere (2 sessions ended)\n"
    assert Session.select().count() == 0
    assert_error(crm("sessions"), "not signed in")


def test_the_command_line_respects_the_delay(crm, actor):
    for _ in range(accounts.FREE_LOGIN_FAILURES + 1):
        crm("login", "--email", "ada@example.org", "--password-stdin", stdin="wrong\n")
    assert_error(
        crm("login", "--email", "ada@example.org", "--password-stdin", stdin=PASSWORD + "\n"),
        "too many failed logins with this address: try again in 1 s",
    )
