"""Password reset against a real SMTP server (aiosmtpd on 127.0.0.1): the token mailed, used once, expiring after
30 minutes, every session ended; the same answer whatever the address. On the command line:
tests/cli/test_password_reset_cli.py; from the login screen: tests/tui/test_password_reset_screens.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui import accounts, clock
from tui.errors import AuthError, CrmError, ValidationError
from tui.models import PasswordReset, Session

from ..helpers import FIXED_NOW, NEW_PASSWORD, PASSWORD, token_in
from ..servers import SMTP_PASSWORD, SMTP_USER, free_port

pytestmark = pytest.mark.servers


def assert_password_is(password: str) -> None:
    """Ada signs in with `password`, and with no other of the two this module uses."""
    assert accounts.authenticate("ada@example.org", password).email == "ada@example.org"
    other = PASSWORD if password == NEW_PASSWORD else NEW_PASSWORD
    with pytest.raises(AuthError):
        accounts.authenticate("ada@example.org", other)


def test_a_token_is_mailed_and_sets_a_new_password_once(actor, mailer):
    accounts.start_session(actor, "laptop")
    accounts.start_session(actor, "phone")
    answer = accounts.request_password_reset("Ada@Example.org")
    assert answer == (
        "if an account uses ada@example.org, a reset token is on its way to it; it works once, within 30 minutes"
    )
    (mail,) = mailer.wait_for(1)
    assert (mail["To"], mail["From"], mail["Subject"]) == (
        "ada@example.org",
        "crm@example.org",
        "Your crm password reset token",
    )
    token = token_in(mail)
    body = mail.get_content()
    assert "until 12:00 on Friday 20 November 2026 (CET)" in body and "crm reset-password --token TOKEN" in body
    # Only the token's hash is stored.
    (stored,) = PasswordReset.select()
    assert token not in stored.token_hash and stored.expires_at == clock.utcnow() + timedelta(minutes=30)

    assert accounts.reset_password(token, NEW_PASSWORD) == 2
    assert Session.select().count() == 0  # every session of the account ended
    assert accounts.authenticate("ada@example.org", NEW_PASSWORD).user_id == actor.user_id
    with pytest.raises(AuthError):
        accounts.authenticate("ada@example.org", PASSWORD)
    with pytest.raises(ValidationError, match="this reset token has already been used"):
        accounts.reset_password(token, "yet another password")
    assert accounts.authenticate("ada@example.org", NEW_PASSWORD).user_id == actor.user_id


def test_an_expired_token_is_refused_and_changes_nothing(actor, mailer):
    accounts.request_password_reset("ada@example.org")
    token = token_in(mailer.wait_for(1)[0])
    clock.fix(FIXED_NOW + timedelta(minutes=30))
    with pytest.raises(ValidationError, match=r"this reset token has expired \(tokens last 30 minutes\)"):
        accounts.reset_password(token, NEW_PASSWORD)
    assert accounts.authenticate("ada@example.org", PASSWORD).user_id == actor.user_id


def test_a_token_works_until_its_last_minute(actor, mailer):
    accounts.request_password_reset("ada@example.org")
    token = token_in(mailer.wait_for(1)[0])
    clock.fix(FIXED_NOW + timedelta(minutes=29, seconds=59))
    accounts.reset_password(token, NEW_PASSWORD)
    assert_password_is(NEW_PASSWORD)


def test_unknown_and_empty_tokens_and_a_bad_password_change_nothing(actor, mailer):
    with pytest.raises(ValidationError, match="this reset token is not valid"):
        accounts.reset_password("made-up-token", NEW_PASSWORD)
    with pytest.raises(ValidationError, match="type the reset token"):
        accounts.reset_password("  ", NEW_PASSWORD)
    accounts.request_password_reset("ada@example.org")
    token = token_in(mailer.wait_for(1)[0])
    with pytest.raises(ValidationError) as refused:
        accounts.reset_password(token, "short")
    assert refused.value.field == "password"
    assert_password_is(PASSWORD)
    accounts.reset_password(token, NEW_PASSWORD)  # the refused password did not use the token up
    assert_password_is(NEW_PASSWORD)


def test_a_newer_token_replaces_the_older_one(actor, mailer):
    accounts.request_password_reset("ada@example.org")
    accounts.request_password_reset("ada@example.org")
    first, second = (token_in(mail) for mail in mailer.wait_for(2))
    with pytest.raises(ValidationError, match="not valid"):
        accounts.reset_password(first, NEW_PASSWORD)
    assert_password_is(PASSWORD)
    accounts.reset_password(second, NEW_PASSWORD)
    assert_password_is(NEW_PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(actor, mailer):
    known = accounts.request_password_reset("ada@example.org")
    unknown = accounts.request_password_reset("nobody@example.org")
    assert unknown == known.replace("ada@example.org", "nobody@example.org")
    assert [mail["To"] for mail in mailer.wait_for(1)] == ["ada@example.org"]
    assert mailer.envelopes == [("crm@example.org", ["ada@example.org"])]
    assert PasswordReset.select().count() == 1


def test_a_dead_mail_server_fails_the_same_way_for_every_address_and_keeps_nothing(actor, monkeypatch):
    monkeypatch.setenv("CRM_MAIL_HOST", "127.0.0.1")
    monkeypatch.setenv("CRM_MAIL_PORT", str(free_port()))
    monkeypatch.setenv("CRM_MAIL_STARTTLS", "off")
    messages = []
    for address in ("ada@example.org", "nobody@example.org"):
        with pytest.raises(CrmError) as failed:
            accounts.request_password_reset(address)
        messages.append(str(failed.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith("the reset mail could not be sent: cannot connect to the SMTP server 127.0.0.1:")
    assert PasswordReset.select().count() == 0


def test_without_a_mail_server_reset_says_how_to_set_one_up(actor, monkeypatch):
    monkeypatch.delenv("CRM_MAIL_HOST", raising=False)
    with pytest.raises(CrmError, match="password reset by e-mail is not set up on this machine: set CRM_MAIL_HOST"):
        accounts.request_password_reset("ada@example.org")
    with pytest.raises(ValidationError):
        accounts.request_password_reset("not an address")


def test_the_reset_mailer_may_use_starttls_and_a_login(actor, smtp_tls_sink, monkeypatch):
    for name, value in (
        ("CRM_MAIL_HOST", "127.0.0.1"),
        ("CRM_MAIL_PORT", str(smtp_tls_sink.port)),
        ("CRM_MAIL_STARTTLS", "on"),
        ("CRM_MAIL_USER", SMTP_USER),
        ("CRM_MAIL_PASSWORD", SMTP_PASSWORD),
    ):
        monkeypatch.setenv(name, value)
    accounts.request_password_reset("ada@example.org")
    accounts.request_password_reset("nobody@example.org")  # logs in and leaves without a mail
    (mail,) = smtp_tls_sink.wait_for(1)
    assert mail["From"] == "ada@example.org"  # no CRM_MAIL_FROM: the mail comes from the address itself
    accounts.reset_password(token_in(mail), NEW_PASSWORD)
    assert_password_is(NEW_PASSWORD)


def test_a_reset_token_never_starts_like_an_option():
    # One token in 64 would start with "-" and be read by argparse as an option (it once failed CI).
    assert not any(accounts._reset_token().startswith("-") for _ in range(2000))
