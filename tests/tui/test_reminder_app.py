"""Reminders inside the app: the timer's start-up check, toasts, the notification center and the daily suggestion.

Pilot drives the real app over a real SQLite file under the fixed clock (Friday 20 November
2026, 10:30 UTC): a birthday on 20 November is due at 09:00 Berlin time, before now. One test
uses a real notification server (dunst, tests/servers.py), one the real `crm` script in tmux.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from datetime import UTC, datetime

import pytest
from textual.widgets import DataTable, Input, Static

from tui import accounts, clock, contacts, database, reminders, settings, suggestions
from tui.app import CrmApp
from tui.contacts import ContactInput
from tui.screens.dashboard import DashboardScreen
from tui.screens.notifications import NotificationsScreen, SnoozeMenu
from tui.screens.text_prompt import TextPrompt
from tui.widgets.field import Field
from tui.widgets.suggestion_card import SuggestionCard

from ..helpers import birthdays_today, crm_command, scenario, settle, toasts
from ..servers import NotifyServer, free_port
from ..terminal import Terminal

SIZE = (120, 36)
QUIET = {"notify.desktop": False, "notify.terminal": "off", "notify.inapp": True, "notify.email": False}
"""Toasts and the center only: nothing leaves the process."""


@pytest.fixture(autouse=True)
def no_desktop_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """No D-Bus session unless a test asks for one (as over SSH); the real-server test sets its own."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)


def status_of(actor, reminder_id: int) -> str:
    return reminders.get_reminder(actor, reminder_id).status


def only_reminder(actor) -> int:
    """The id of the one reminder there is, planned now if it was not yet."""
    reminders.plan(actor)
    (row,) = reminders.recent(actor)
    return row.id


async def open_center(pilot) -> NotificationsScreen:
    await pilot.press("!")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, NotificationsScreen)
    return screen


def table_text(screen: NotificationsScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def health_line(screen: NotificationsScreen) -> str:
    return str(screen.query_one("#notifications-health", Static).content)


# -- the timer and toasts --------------------------------------------------------------------------------------


@scenario
async def test_the_start_up_check_shows_a_due_reminder_as_a_toast_and_in_the_center(db_path, signed_in):
    settings.update_settings(signed_in, QUIET)
    birthdays_today(signed_in, "Ann Example")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Ann Example's birthday today|Birthday · Ann Example · due Fri 20 Nov, 09:00" in toasts(app)
        assert status_of(signed_in, only_reminder(signed_in)) == "sent"
        center = await open_center(pilot)
        assert table_text(center) == [["Fri 20 Nov 09:00", "Ann Example's birthday today", "Ann Example", "notified"]]
        assert "1 open" in str(center.query_one("#notifications-summary", Static).content)
        assert "inapp: ok" in health_line(center)
        assert app._reminder_timer is not None  # the next check is scheduled on the App, not on a screen


@scenario
async def test_each_check_reads_the_interval_setting_again(db_path, signed_in):
    settings.update_settings(signed_in, {**QUIET, "reminder_interval_s": 30})
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app._reminder_timer._interval == 30
        settings.set_setting(signed_in, "reminder_interval_s", 45)
        app.check_reminders()  # what the timer does when it fires
        await settle(pilot)
        assert app._reminder_timer._interval == 45


@scenario
async def test_log_out_closes_the_notifier_and_stops_the_timer(db_path, signed_in):
    settings.update_settings(signed_in, QUIET)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.notifier is not None
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.notifier is None and app._reminder_timer is None
        birthdays_today(signed_in, "Ann Example")
        app.check_reminders()  # nobody signed in: nothing is checked
        await settle(pilot)
        assert status_of(signed_in, only_reminder(signed_in)) == "pending"


@scenario
async def test_more_than_three_due_make_one_summary_toast(db_path, signed_in):
    settings.update_settings(signed_in, QUIET)
    birthdays_today(signed_in, "Ann", "Bob", "Cyd", "Dan", "Eve")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = toasts(app)
        assert len(shown) == 1 and shown[0].startswith("5 reminders")
        center = await open_center(pilot)
        assert len(table_text(center)) == 5


# -- the center's keys -------------------------------------------------------------------------------------------


@scenario
async def test_done_and_dismiss_from_the_center(db_path, signed_in):
    settings.update_settings(signed_in, QUIET)
    birthdays_today(signed_in, "Ann", "Bob")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        center = await open_center(pilot)
        first = center.highlighted()
        await pilot.press("x")
        await settle(pilot)
        assert status_of(signed_in, first.id) == "done"
        assert f"|Done: {first.title}" in toasts(app)
        second = center.highlighted()
        assert second.id != first.id and second.is_open  # the cursor stays on the line: the next open one
        await pilot.press("delete")
        await settle(pilot)
        assert status_of(signed_in, second.id) == "dismissed"
        statuses = [row[3] for row in table_text(center)]
        assert sorted(statuses) == ["dismissed", "done"]
        await pilot.press("x")  # nothing open under the cursor: the key does nothing
        await settle(pilot)
        assert {status_of(signed_in, first.id), status_of(signed_in, second.id)} == {"done", "dismissed"}


@scenario
async def test_snooze_for_an_hour_and_until_a_typed_time_with_errors_at_the_field(db_path, signed_in):
    settings.update_settings(signed_in, QUIET)
    birthdays_today(signed_in, "Ann")
    reminder_id = only_reminder(signed_in)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        center = await open_center(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeMenu)
        await pilot.press("enter")  # the first choice: in 1 hour
        await settle(pilot)
        stored = reminders.get_reminder(signed_in, reminder_id)
        assert stored.status == "snoozed"
        assert stored.snoozed_until == datetime(2026, 11, 20, 11, 30)
        assert table_text(center)[0][3] == "snoozed to Fri 20 Nov 12:30"  # Berlin time

        await pilot.press("s")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # a time typed as text
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        prompt_input = app.screen.query_one("#prompt-input", Input)
        prompt_input.insert_text_at_cursor("yesterday 10:00")
        await pilot.press("enter")
        await settle(pilot)
        assert "future" in app.screen.query_one(Field).error
        prompt_input.value = ""
        prompt_input.insert_text_at_cursor("tomorrow 18:00")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NotificationsScreen)
        stored = reminders.get_reminder(signed_in, reminder_id)
        assert stored.status == "snoozed" and stored.snoozed_until == datetime(2026, 11, 21, 17, 0)
        assert "|Snoozed to Sat 21 Nov 18:00: Ann's birthday today" in toasts(app)


@scenario
async def test_open_contact_from_the_center(db_path, signed_in):
    settings.update_settings(signed_in, QUIET)
    (ann,) = birthdays_today(signed_in, "Ann")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_center(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert type(app.screen).__name__ == "ContactDetailScreen" and app.screen.contact_id == ann


# -- channel health and failures --------------------------------------------------------------------------------


@scenario
async def test_the_status_line_shows_the_desktop_unavailable_and_nothing_is_printed(
    db_path, signed_in, monkeypatch, capfd, tmp_path
):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-such-bus")
    settings.update_settings(signed_in, {**QUIET, "notify.desktop": True})
    birthdays_today(signed_in, "Ann")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        center = await open_center(pilot)
        line = health_line(center)
        assert "desktop: unavailable" in line
        assert "inapp: ok" in line
        assert table_text(center)[0][3] == "notified"  # the in-app channel still delivered it
        assert toasts(app, "error") == []  # unavailable here is a state, shown in the status line, not an error
        await pilot.press("n")  # a test notification: one toast per channel
        await settle(pilot)
        assert any(shown.startswith("Test|desktop: ") for shown in toasts(app, "error"))
        assert "Test|inapp: test notification sent" in toasts(app)
    printed = capfd.readouterr()
    assert printed.out == "" and printed.err == ""


@scenario
async def test_a_failing_channel_shows_one_error_and_the_reminder_stays_pending(db_path, signed_in):
    settings.update_settings(
        signed_in,
        {
            "notify.desktop": False,
            "notify.terminal": "off",
            "notify.inapp": False,
            "notify.email": True,
            "smtp.host": "127.0.0.1",
            "smtp.port": free_port(),
            "smtp.starttls": False,
        },
    )
    birthdays_today(signed_in, "Ann")
    reminder_id = only_reminder(signed_in)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        errors = toasts(app, "error")
        assert len(errors) == 1 and errors[0].startswith("Reminders|email: ")
        for _ in range(2):  # the timer fires again: the same problem is not shown again
            app.check_reminders()
            await settle(pilot)
        assert toasts(app, "error") == errors
        assert app.is_running
        assert status_of(signed_in, reminder_id) == "pending"
        center = await open_center(pilot)
        assert "email: failing" in health_line(center)
        assert table_text(center)[0][3] == "due"


@scenario
async def test_a_failed_check_is_shown_once_and_the_app_keeps_running(db_path, signed_in):
    settings.update_settings(signed_in, QUIET)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        database.close_database()
        from tui import models

        models.database.initialize(None)  # every read fails from now on, in every thread
        for _ in range(2):
            app.check_reminders()
            await settle(pilot)
        errors = [shown for shown in toasts(app, "error") if shown.startswith("Reminders|reminders: ")]
        assert len(errors) == 1
        assert app.is_running and app._reminder_timer is not None


# -- the daily suggestion -----------------------------------------------------------------------------------------


def card_text(app: CrmApp) -> str:
    return app.screen.query_one(SuggestionCard).render().plain


@scenario
async def test_the_suggestion_card_marks_initiated_then_done(db_path, signed_in):
    settings.update_settings(signed_in, QUIET)
    for name in ("Ann", "Bob", "Cyd"):
        contacts.add_contact(signed_in, ContactInput(name=name))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        today = suggestions.todays(signed_in, create=False)
        assert today is not None and today.status == "sent"
        assert card_text(app).startswith(f"Talk to {today.contact_name}   suggested")
        assert "0 of 1 done (0%)" in card_text(app)
        await pilot.press("i")
        await settle(pilot)
        assert suggestions.todays(signed_in, create=False).status == "initiated"
        assert "initiated" in card_text(app)
        await pilot.press("i")  # already initiated: the key is disabled
        await settle(pilot)
        assert toasts(app, "error") == []
        await pilot.press("x")
        await settle(pilot)
        assert suggestions.todays(signed_in, create=False).status == "done"
        assert "done ✓" in card_text(app)
        assert "1 of 1 done (100%) · streak 1 day" in card_text(app)
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.contact_id == today.contact_id


@scenario
async def test_on_friday_the_weekend_list_shows_below_the_suggestion(db_path, signed_in):
    settings.update_settings(signed_in, QUIET)
    names = ("Ann", "Bob", "Cyd", "Dan")
    for name in names:
        contacts.add_contact(signed_in, ContactInput(name=name))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = card_text(app)
        today = suggestions.todays(signed_in, create=False)
        weekend_line = next(line for line in text.splitlines() if line.startswith("Weekend list: "))
        listed = weekend_line.removeprefix("Weekend list: ").split(" · ")
        assert sorted(listed) == sorted(set(names) - {today.contact_name})


@scenario
async def test_on_other_days_there_is_no_weekend_list(db_path, signed_in):
    settings.update_settings(signed_in, QUIET)
    contacts.add_contact(signed_in, ContactInput(name="Ann"))
    clock.fix(datetime(2026, 11, 21, 10, 30, tzinfo=UTC))  # Saturday
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Talk to Ann" in card_text(app)
        assert "Weekend list" not in card_text(app)


@scenario
async def test_no_contacts_no_card(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.screen.query_one(SuggestionCard).display
        await pilot.press("x")  # the card's keys do nothing without a suggestion
        await settle(pilot)
        assert toasts(app, "error") == []


# -- a real notification server ---------------------------------------------------------------------------------


async def until_app(pilot, condition, what: str, timeout: float = 10.0) -> None:
    """Let the app run until `condition` holds: the server answers on threads of its own (a bound, not a timing)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await pilot.pause()
        await asyncio.sleep(0)


@pytest.mark.servers
@scenario
async def test_the_desktop_done_button_marks_the_reminder_done_in_the_app(
    notify_server: NotifyServer, db_path, signed_in
):
    settings.update_settings(signed_in, {**QUIET, "notify.desktop": True, "notify.inapp": False})
    birthdays_today(signed_in, "Ann Example")
    reminder_id = only_reminder(signed_in)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (shown,) = notify_server.wait_for(summary="Ann Example's birthday today")
        assert shown["app_name"] == "crm"
        assert status_of(signed_in, reminder_id) == "sent"
        center = await open_center(pilot)
        assert "desktop: ok" in health_line(center)
        notify_server.press_button("Done")
        await until_app(pilot, lambda: status_of(signed_in, reminder_id) == "done", "the Done button did nothing")
        await settle(pilot)
        assert "|Done: Ann Example's birthday today" in toasts(app)
        assert table_text(center)[0][3] == "done"


@pytest.mark.servers
@scenario
async def test_a_click_on_the_desktop_notification_opens_the_contact_and_snooze_snoozes(
    notify_server: NotifyServer, db_path, signed_in
):
    settings.update_settings(signed_in, {**QUIET, "notify.desktop": True, "notify.inapp": False})
    (ann,) = birthdays_today(signed_in, "Ann Example")
    reminder_id = only_reminder(signed_in)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notify_server.wait_for(summary="Ann Example's birthday today")
        notify_server.press_button("Snooze")
        await until_app(pilot, lambda: status_of(signed_in, reminder_id) == "snoozed", "Snooze did nothing")
        assert reminders.get_reminder(signed_in, reminder_id).snoozed_until == datetime(2026, 11, 20, 11, 30)
        clock.fix(datetime(2026, 11, 20, 11, 31, tzinfo=UTC))  # the snooze is over
        notify_server.close_all()
        notify_server.forget()
        app.check_reminders()
        await settle(pilot)
        notify_server.wait_for(summary="Ann Example's birthday today")  # delivered again, once
        notify_server.click()
        await until_app(pilot, lambda: getattr(app.screen, "contact_id", None) == ann, "the click opened nothing")


# -- the real program in a real terminal -------------------------------------------------------------------------


@pytest.mark.tmux
def test_over_ssh_the_app_starts_clean_and_the_due_reminder_is_in_the_center(tmp_path, monkeypatch):
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing: .ci/run installs it")
        pytest.skip("tmux is not installed")
    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY"):  # the tmux server passes its environment on
        monkeypatch.delenv(name, raising=False)
    db_path = tmp_path / "crm.db"
    database.open_database(str(db_path))
    actor = accounts.signup("ada@example.org", "Ada Lovelace", "correct horse battery", "Europe/Berlin")
    accounts.remember(database.location_key(str(db_path)), actor)
    birthdays_today(actor, "Ann Example")
    database.close_database()
    env = {
        "CRM_CONFIG_DIR": str(tmp_path / "config"),
        "CRM_NOW": "2026-11-20T10:30:00Z",
        "HOME": str(tmp_path / "home"),
    }
    with Terminal([crm_command(), "--db", str(db_path)], cols=120, rows=36, env=env) as term:
        term.wait_for(r"Ada Lovelace · Fri 20 Nov 2026")
        first = term.wait_for("Ann Example's birthday today")  # the start-up check's toast
        term.keys("!")
        # Width-independent checks: under load the app can start before tmux has sized the pane.
        screen = term.wait_for(r"1 open · 0 handled lately")
        assert "Fri 20 Nov 09:00" in screen and "Ann Example's birthday today" in screen
        term.wait_for(r"desktop: unavailable")  # why may be under the toast when the pane started narrow
        for shown in (first, term.screen()):
            assert "Notification failed" not in shown and "Traceback" not in shown
        term.keys("ctrl+q")
        assert term.wait_exit() == 0
