"""E-mail reminders against a real SMTP server (aiosmtpd on 127.0.0.1): delivered, refused, silent, TLS."""

from __future__ import annotations

import pytest

from tui import contacts
from tui.contacts import ContactInput
from tui.models import Contact, Delivery, Reminder
from tui.notify import Notifier, send_test
from tui.settings import read_settings

from ..helpers import ann_today
from ..servers import SMTP_PASSWORD, SMTP_USER, free_port

pytestmark = pytest.mark.servers


def mail_settings(actor, port: int, **extra) -> dict:
    """E-mail the only channel, to the SMTP server on 127.0.0.1:`port` (plain unless told otherwise)."""
    values = {
        **read_settings(actor),
        "notify.desktop": False,
        "notify.terminal": "off",
        "notify.inapp": False,
        "notify.email": True,
        "smtp.host": "127.0.0.1",
        "smtp.port": port,
        "smtp.starttls": False,
        "smtp.from": "crm@example.org",
    }
    values.update({key.replace("_", "."): value for key, value in extra.items()})
    return values


def statuses() -> set[str]:
    return {reminder.status for reminder in Reminder.select()}


def test_a_reminder_arrives_as_a_mail_to_the_user(actor, smtp_sink):
    ann_today(actor)
    with Notifier(actor, mail_settings(actor, smtp_sink.port)) as notifier:
        outcome = notifier.tick()
    (reminder,) = outcome.report.delivered
    (mail,) = smtp_sink.wait_for(1)
    assert (mail["Subject"], mail["To"], mail["From"]) == ("Ann's birthday today", "ada@example.org", "crm@example.org")
    body = mail.get_content()
    assert "Contact: Ann" in body and "Friday 20 November 2026, 09:00 (Europe/Berlin)" in body
    assert f"crm reminders done {reminder.id}" in body
    assert smtp_sink.envelopes == [("crm@example.org", ["ada@example.org"])]
    assert statuses() == {"sent"}


def test_starttls_and_login_with_the_password_from_the_environment(actor, smtp_tls_sink, monkeypatch):
    monkeypatch.setenv("CRM_SMTP_PASSWORD", SMTP_PASSWORD)
    ann_today(actor)
    settings = mail_settings(actor, smtp_tls_sink.port, smtp_starttls=True, smtp_user=SMTP_USER)
    with Notifier(actor, settings) as notifier:
        assert (
            notifier.health()["email"].detail == f"SMTP 127.0.0.1:{smtp_tls_sink.port} with STARTTLS to ada@example.org"
        )
        assert len(notifier.tick().report.delivered) == 1
    assert smtp_tls_sink.wait_for(1)[0]["Subject"] == "Ann's birthday today"


def test_a_certificate_that_is_not_trusted_is_a_clear_error(actor, smtp_tls_sink, monkeypatch):
    monkeypatch.delenv("SSL_CERT_FILE")
    ann_today(actor)
    settings = mail_settings(
        actor, smtp_tls_sink.port, smtp_starttls=True, smtp_user=SMTP_USER, smtp_password=SMTP_PASSWORD
    )
    with Notifier(actor, settings) as notifier:
        (failed,) = notifier.tick().report.failed
    assert "has a certificate crm cannot trust" in failed[1]
    assert statuses() == {"pending"} and smtp_tls_sink.messages == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # on purpose: no TLS here
def test_a_rejected_login_is_a_clear_error_and_the_reminder_stays_pending(actor, smtp_auth_sink):
    ann_today(actor)
    settings = mail_settings(actor, smtp_auth_sink.port, smtp_user=SMTP_USER, smtp_password="wrong password")
    with Notifier(actor, settings) as notifier:
        outcome = notifier.tick()
        health = notifier.health()["email"]
    ((reminder, error),) = outcome.report.failed
    assert error.startswith(
        f"email: the SMTP server 127.0.0.1:{smtp_auth_sink.port} refused the login of '{SMTP_USER}' (535 "
    )
    assert error.endswith("check smtp.user and the password") and "wrong password" not in error
    assert health.available and health.last_error == error.removeprefix("email: ")
    assert statuses() == {"pending"} and smtp_auth_sink.messages == [] and Delivery.select().count() == 0


def test_a_refused_connection_then_a_working_server_sends_exactly_one_mail(actor, smtp_sink):
    ann_today(actor)
    closed = free_port()
    with Notifier(actor, mail_settings(actor, closed)) as notifier:
        ((_, error),) = notifier.tick().report.failed
    assert error == (
        f"email: cannot connect to the SMTP server 127.0.0.1:{closed}: connection refused "
        "(check smtp.host and smtp.port)"
    )
    assert statuses() == {"pending"}
    for _ in range(2):  # fixed: delivered once; the next tick has nothing left to send
        with Notifier(actor, mail_settings(actor, smtp_sink.port)) as notifier:
            notifier.tick()
    assert len(smtp_sink.wait_for(1)) == 1 and statuses() == {"sent"}


def test_a_server_that_never_answers_times_out(actor, silent_server):
    ann_today(actor)
    with Notifier(actor, mail_settings(actor, silent_server), smtp_timeout=0.5) as notifier:
        ((_, error),) = notifier.tick().report.failed
    assert error == f"email: the SMTP server 127.0.0.1:{silent_server} did not answer within 0.5 s"
    assert statuses() == {"pending"}


def test_missing_settings_say_what_to_set(actor, monkeypatch):
    ann_today(actor)
    with Notifier(actor, mail_settings(actor, 25, smtp_host="")) as notifier:
        assert notifier.health()["email"].detail == "smtp.host is not set: crm settings set smtp.host HOST"
        ((_, error),) = notifier.tick().report.failed
    assert error == "email: smtp.host is not set: crm settings set smtp.host HOST"
    with Notifier(actor, mail_settings(actor, 25, smtp_user="me")) as notifier:
        assert notifier.health()["email"].detail.startswith("smtp.user is set but there is no password")


def test_several_due_reminders_make_one_summary_mail(actor, smtp_sink):
    for name in ("Ann", "Bob", "Cyd", "Dan"):
        contacts.add_contact(actor, ContactInput(name=name, birthday="--11-20"))
    with Notifier(actor, mail_settings(actor, smtp_sink.port)) as notifier:
        assert len(notifier.tick().report.delivered) == 4
    (mail,) = smtp_sink.wait_for(1)
    assert mail["Subject"] == "4 reminders due"
    assert mail.get_content().count("birthday today") == 4


def test_send_test_mails_the_user(actor, smtp_sink):
    assert send_test(actor, mail_settings(actor, smtp_sink.port)) == {"email": None}
    assert smtp_sink.wait_for(1)[0]["Subject"] == "crm test notification"


def test_line_breaks_and_controls_in_stored_names_never_break_a_header(actor, smtp_sink):
    # A name written past the validator (another program, an older crm): CR/LF could add a header, or make the
    # e-mail library refuse the mail; either way the reminder must go out with one Subject line, or stay undelivered.
    ann_today(actor)
    Contact.update(name="Ann\r\nBcc: victim@example.org\x1b]0;x\x07\u202e").execute()
    settings = mail_settings(actor, smtp_sink.port, smtp_from="crm@example.org\r\nBcc: victim@example.org")
    with Notifier(actor, settings) as notifier:
        outcome = notifier.tick()
    (reminder,) = outcome.report.delivered
    (mail,) = smtp_sink.wait_for(1)
    assert mail["Bcc"] is None and mail["Subject"].startswith("Ann Bcc: victim@example.org\\x1b]0;x\\x07\\u202e")
    assert [recipients for _, recipients in smtp_sink.envelopes] == [["ada@example.org"]]
    assert Delivery.get(Delivery.reminder == reminder.id).delivered_at is not None
