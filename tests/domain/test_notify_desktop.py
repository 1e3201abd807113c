"""Desktop notifications against a real server: dunst on Xvfb with a private D-Bus session (tests/servers.py)."""

from __future__ import annotations

import queue
import signal
import time

import pytest

from tui import reminders
from tui.models import Delivery, Reminder
from tui.notify import Notifier
from tui.settings import read_settings

from ..helpers import birthdays_today
from ..servers import NotifyServer

pytestmark = pytest.mark.servers


def settings_with(actor, *channels: str, **extra) -> dict:
    """The user's settings with only `channels` on."""
    values = {
        **read_settings(actor),
        "notify.desktop": "desktop" in channels,
        "notify.email": "email" in channels,
        "notify.inapp": "inapp" in channels,
        "notify.terminal": "osc9" if "terminal" in channels else "off",
    }
    values.update({key.replace("_", "."): value for key, value in extra.items()})
    return values


def until(condition, what: str, timeout: float = 10.0) -> None:
    """Poll `condition` (a bound for slow machines, not a timing under test)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        time.sleep(0.02)


def test_a_due_reminder_is_shown_with_its_title_and_body(notify_server: NotifyServer, actor):
    birthdays_today(actor, "Ann Example")
    with Notifier(actor, settings_with(actor, "desktop")) as notifier:
        assert notifier.health()["desktop"].available
        outcome = notifier.tick()
    assert [r.title for r in outcome.report.delivered] == ["Ann Example's birthday today"]
    assert outcome.results[outcome.report.delivered[0].id] == {"desktop": None}
    (shown,) = notify_server.wait_for(summary="Ann Example's birthday today")
    assert shown["body"] == "Birthday · Ann Example · due Fri 20 Nov, 09:00"
    assert shown["app_name"] == "crm"
    assert [r.status for r in Reminder.select()] == ["sent"]


def test_done_snooze_and_a_click_call_the_handler(notify_server: NotifyServer, actor):
    calls: queue.Queue = queue.Queue()
    with Notifier(
        actor,
        settings_with(actor, "desktop"),
        on_action=lambda action, about: calls.put((action, [r.title for r in about])),
    ) as notifier:
        for name, act in (
            ("Ann", lambda: notify_server.press_button("Done")),
            ("Bob", lambda: notify_server.press_button("Snooze")),
            ("Cyd", notify_server.click),
        ):
            notify_server.close_all()  # dunst acts on what is displayed: keep only this one
            birthdays_today(actor, name)
            reminders.forget_plans(actor)  # plan today again, so the new birthday is due at once
            assert len(notifier.tick().report.delivered) == 1
            notify_server.wait_for(summary=f"{name}'s birthday today")
            act()
            assert calls.get(timeout=10) == (
                {"Ann": "done", "Bob": "snooze", "Cyd": "open"}[name],
                [f"{name}'s birthday today"],
            )


def test_more_than_three_due_make_one_summary(notify_server: NotifyServer, actor):
    birthdays_today(actor, "Ann", "Bob", "Cyd", "Dan", "Eve")
    calls: queue.Queue = queue.Queue()
    with Notifier(
        actor, settings_with(actor, "desktop"), on_action=lambda action, about: calls.put((action, len(about)))
    ) as notifier:
        outcome = notifier.tick()
        assert len(outcome.report.delivered) == 5
        (shown,) = notify_server.wait_for(summary="5 reminders due")
        assert shown["body"] == (
            "Ann's birthday today, Bob's birthday today, Cyd's birthday today, Dan's birthday today, and 1 more"
        )
        # The server has taken each notification before send() returns: one, not six.
        assert int(notify_server.dunstctl("count", "displayed")) + int(notify_server.dunstctl("count", "waiting")) == 1
        notify_server.click()
        assert calls.get(timeout=10) == ("open", 5)
    assert {r.status for r in Reminder.select()} == {"sent"}


@pytest.mark.parametrize("session", ["unset", "nowhere"])
def test_without_a_session_bus_desktop_is_unavailable_silently_and_the_rest_delivers(
    session, actor, monkeypatch, tmp_path, capfd, smtp_sink
):
    monkeypatch.delenv("DISPLAY", raising=False)
    if session == "unset":
        monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    else:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-such-bus")
    birthdays_today(actor, "Ann")
    toasts = []
    settings = settings_with(
        actor, "desktop", "email", "inapp", smtp_host="127.0.0.1", smtp_port=smtp_sink.port, smtp_starttls=False
    )
    with Notifier(actor, settings, on_toast=lambda title, body, about: toasts.append(title)) as notifier:
        desktop = notifier.health()["desktop"]
        outcome = notifier.tick()
        status = notifier.status_line()
    assert desktop.enabled and not desktop.available
    assert ("no D-Bus session" if session == "unset" else "cannot connect to the D-Bus session bus") in desktop.detail
    (reminder,) = outcome.report.delivered
    assert outcome.results[reminder.id]["desktop"].startswith("unavailable: ")
    assert outcome.results[reminder.id]["email"] is None and outcome.results[reminder.id]["inapp"] is None
    assert toasts == ["Ann's birthday today"]
    assert smtp_sink.wait_for(1)[0]["Subject"] == "Ann's birthday today"
    assert "desktop: unavailable (" in status and "email: ok" in status
    assert capfd.readouterr() == ("", "")  # no traceback, no warning on the terminal


def test_a_server_that_stops_answering_times_out_and_nothing_is_lost_or_shown_twice(
    own_notify_server: NotifyServer, actor
):
    server = own_notify_server
    birthdays_today(actor, "Ann", "Bob")
    with Notifier(actor, settings_with(actor, "desktop"), send_timeout=1.5) as notifier:
        assert notifier.send_test() == {"desktop": None}  # connected while the server still answers
        server.wait_for(summary="crm test notification")
        server.forget()
        server.signal_dunst(signal.SIGSTOP)
        try:
            outcome = notifier.tick()
        finally:
            server.signal_dunst(signal.SIGCONT)
        assert outcome.report.delivered == []
        errors = sorted(error for _, error in outcome.report.failed)
        assert errors == [
            "desktop: the notification server did not answer within 1.5 s",
            'desktop: the notification server has not answered an earlier notification ("Ann\'s birthday today") yet',
        ]
        assert {r.status for r in Reminder.select()} == {"pending"} and Delivery.select().count() == 0
        assert notifier.health()["desktop"].last_error.startswith("the notification server has not answered")
        # Awake again, the server shows the notification it was sent before it froze ...
        server.wait_for(summary="Ann's birthday today")
        until(lambda: not notifier.desktop.waiting(), "the late answer never reached crm")
        # ... so the next tick counts it as delivered instead of sending it again, and sends the other one.
        outcome = notifier.tick()
        assert sorted(r.title for r in outcome.report.delivered) == ["Ann's birthday today", "Bob's birthday today"]
        server.wait_for(summary="Bob's birthday today")
        assert notifier.health()["desktop"].last_error is None
    assert sorted(n["summary"] for n in server.received()) == ["Ann's birthday today", "Bob's birthday today"]
    assert {r.status for r in Reminder.select()} == {"sent"}


def test_send_test_and_health_with_a_server(notify_server: NotifyServer, actor):
    with Notifier(actor, settings_with(actor, "desktop", "inapp")) as notifier:
        health = notifier.health()
        assert (health["desktop"].available, health["desktop"].detail) == (True, "notification server running")
        assert notifier.send_test() == {"desktop": None, "inapp": None}
        assert notifier.status_line() == "desktop: ok · terminal: off · email: off · inapp: ok"
    (shown,) = notify_server.wait_for(summary="crm test notification")
    assert shown["body"] == "If you can read this, crm reminders reach you here."
