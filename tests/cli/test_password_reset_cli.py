"""`crm reset-password` against a real SMTP server (aiosmtpd on 127.0.0.1), and `crm passwd`."""

from __future__ import annotations

import pytest

from tui import accounts

from ..helpers import NEW_PASSWORD, PASSWORD, assert_error, token_in

pytestmark = pytest.mark.servers


def test_reset_password_on_the_command_line(crm, actor, mailer):
    crm("login", "--email", "ada@example.org", "--password-stdin", stdin=PASSWORD + "\n")
    asked = crm("reset-password", "--email", "ada@example.org")
    assert asked.code == 0 and asked.out.startswith("if an account uses ada@example.org, a reset token")
    token = token_in(mailer.wait_for(1)[0])
    done = crm("reset-password", "--token", token, "--password-stdin", stdin=NEW_PASSWORD + "\n")
    assert done.code == 0, done.err
    assert done.out == "password set; 1 session signed out: log in with `crm login --email E`\n"
    assert_error(crm("whoami"), "not signed in")  # this machine's session ended too
    assert_error(
        crm("reset-password", "--token", token, "--password-stdin", stdin=NEW_PASSWORD + "\n"),
        "this reset token has already been used",
    )
    assert crm("login", "--email", "ada@example.org", "--password-stdin", stdin=NEW_PASSWORD + "\n").code == 0


def test_reset_password_usage_on_the_command_line(crm, actor, mailer):
    assert crm("reset-password").code == 2
    assert crm("reset-password", "--email", "a@example.org", "--token", "x").code == 2
    unknown = crm("reset-password", "--email", "nobody@example.org")
    assert unknown.code == 0 and "nobody@example.org" in unknown.out
    assert_error(
        crm("reset-password", "--token", "nonsense", "--password-stdin", stdin=NEW_PASSWORD + "\n"),
        "this reset token is not valid",
    )


def test_passwd_changes_the_password_on_the_command_line(crm, actor):
    crm("login", "--email", "ada@example.org", "--password-stdin", stdin=PASSWORD + "\n")
    accounts.start_session(actor, "elsewhere")
    wrong = crm("passwd", "--password-stdin", stdin="not it\n" + NEW_PASSWORD + "\n")
    assert_error(wrong, "current password: that is not your current password")
    changed = crm("passwd", "--password-stdin", stdin=PASSWORD + "\n" + NEW_PASSWORD + "\n")
    assert changed.code == 0, changed.err
    assert changed.out == "password changed; 1 other session signed out\n"
    assert crm("whoami").code == 0  # this machine stays signed in
    assert accounts.authenticate("ada@example.org", NEW_PASSWORD).user_id == actor.user_id
