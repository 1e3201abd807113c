"""The settings screen driven by keys over a real SQLite file: open, edit, save, refuse, test, password, delete."""

from __future__ import annotations

import pytest
from textual.widgets import Select, Static, Switch

from tui import accounts, contacts, database, session_store, settings
from tui.app import CrmApp
from tui.contacts import ContactInput
from tui.models import Contact, User
from tui.screens.account_dialogs import ChangePasswordDialog, DeleteAccountDialog
from tui.screens.auth import AuthScreen
from tui.screens.confirm import ConfirmDialog
from tui.screens.contacts import ContactsScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.help import key_groups
from tui.screens.settings import SECTIONS, SettingsScreen
from tui.widgets.field import Field

from ..helpers import PASSWORD, scenario, settle, toasts
from ..servers import free_port

SIZE = (100, 40)
QUIET = {"notify.desktop": False, "notify.terminal": "off", "notify.inapp": True, "notify.email": False}
"""Toasts only: nothing leaves the process unless a test says so."""


@pytest.fixture(autouse=True)
def no_desktop_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("TZ", "Europe/Berlin")


@pytest.fixture
def ada(actor):
    settings.update_settings(actor, QUIET)
    return actor


async def open_settings(pilot) -> SettingsScreen:
    await settle(pilot)
    await pilot.press("comma")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


async def tab_to(pilot, editor_id: str) -> None:
    """Press tab (or shift+tab, when that way is shorter) until the editor `editor_id` has the focus."""
    chain = [widget.id for widget in pilot.app.screen.focus_chain]
    here, there = chain.index(pilot.app.focused.id), chain.index(editor_id)
    forward = (there - here) % len(chain)
    key, steps = ("tab", forward) if forward <= len(chain) - forward else ("shift+tab", len(chain) - forward)
    await pilot.press(*[key] * steps)
    assert pilot.app.focused.id == editor_id, f"{key} × {steps} reached {pilot.app.focused}, not #{editor_id}"


async def retype(pilot, editor_id: str, text: str) -> None:
    """Move to an input with tab, empty it and type `text` key by key."""
    await tab_to(pilot, editor_id)
    await pilot.press("end", "ctrl+u", *text)


async def choose(pilot, editor_id: str, steps: int) -> None:
    """Open a select with enter and move `steps` options down (negative: up), then pick."""
    await tab_to(pilot, editor_id)
    await pilot.press("enter", *(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")


def field(app: CrmApp, key: str) -> Field:
    return next(node for node in app.screen.query(Field).results(Field) if node.name == key)


# -- opening and leaving ---------------------------------------------------------------------------------------------


@scenario
async def test_comma_opens_the_settings_from_any_screen_and_escape_goes_back(db_path, ada):
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("c")
        await settle(pilot)
        await open_settings(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        assert app.key_display_for("app.settings") == ","
        everywhere = {key: text for group in key_groups(app.screen, "Contacts") for key, text in group.keys}
        assert everywhere[","].startswith("Settings")
        titles = [title for title, _, _ in app.palette_commands(app.screen)]
        assert any(title.startswith("Settings") for title in titles)


@scenario
async def test_the_screen_shows_every_setting_and_a_cadence_per_relationship(db_path, ada):
    settings.set_setting(ada, "cadence.book club", "21")
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        keys = {node.name for node in screen.setting_fields()}
        assert {setting.key for setting in settings.SETTINGS} <= keys
        assert {"cadence.friend", "cadence.family", "cadence.book club"} <= keys
        assert field(app, "cadence.book club").value == "21"
        assert field(app, "timezone").value == "Europe/Berlin"
        assert field(app, "smtp.password").value == ""
        assert not app.screen.query_one("#field-forget-password").display  # nothing stored to forget
        assert sum(len(section.fields) for section in SECTIONS) == len(settings.SETTINGS)


@scenario
async def test_leaving_with_unsaved_changes_asks_first(db_path, ada):
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await retype(pilot, "setting-birthday-lead-days", "9")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen) and field(app, "birthday_lead_days").value == "9"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await open_settings(pilot)
        assert field(app, "birthday_lead_days").value == "2"  # opened afresh: what is stored
    assert settings.read_settings(ada)["birthday_lead_days"] == 2


# -- saving ------------------------------------------------------------------------------------------------------------


@scenario
async def test_values_changed_by_keys_are_saved_with_ctrl_s(db_path, ada):
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await retype(pilot, "setting-display-name", "Ada King")
        await retype(pilot, "setting-birthday-lead-days", "5")
        await retype(pilot, "setting-followup-days", "10")
        await choose(pilot, "setting-leap-day-rule", 1)
        await retype(pilot, "setting-cadence-0", "14")  # the first relationship type: friend
        await tab_to(pilot, "setting-notify-email")
        await pilot.press("space")
        await retype(pilot, "setting-smtp-host", "mail.example.org")
        await retype(pilot, "setting-smtp-password", "s3cret")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert any("Settings saved (8 changed)" in toast for toast in toasts(app))
        assert app.actor.name == "Ada King"
        assert app.sub_title.startswith("Ada King · ")
        assert field(app, "smtp.password").value == ""  # a secret is never shown back
        assert app.screen.query_one("#field-forget-password").display
    stored = settings.read_settings(ada)
    assert (stored["display_name"], stored["birthday_lead_days"], stored["followup_days"]) == ("Ada King", 5, 10)
    assert (stored["leap_day_rule"], stored["cadence.friend"], stored["notify.email"]) == ("mar1", 14, True)
    assert (stored["smtp.host"], stored["smtp.password"]) == ("mail.example.org", "s3cret")
    assert stored["anniversary_lead_days"] == 2 and stored["timezone"] == "Europe/Berlin"


@scenario
async def test_a_stored_smtp_password_is_kept_when_the_field_stays_empty_and_can_be_forgotten(db_path, ada):
    settings.update_settings(ada, {"smtp.password": "old secret"})
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        assert app.screen.query_one("#setting-smtp-password").placeholder == "stored: type a new one to replace it"
        await retype(pilot, "setting-smtp-host", "mail.example.org")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert settings.read_settings(ada)["smtp.password"] == "old secret"
        await tab_to(pilot, "setting-forget-password")
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        assert not app.screen.query_one("#field-forget-password").display
    assert settings.read_settings(ada)["smtp.password"] == ""


@scenario
async def test_an_emptied_time_zone_takes_this_machines(db_path, ada, monkeypatch):
    monkeypatch.setenv("TZ", "America/Toronto")
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await retype(pilot, "setting-timezone", "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.actor.timezone == "America/Toronto"
        assert field(app, "timezone").value == "America/Toronto"
    assert User.get_by_id(ada.user_id).timezone == "America/Toronto"


@scenario
async def test_impossible_values_show_at_their_fields_and_nothing_is_saved(db_path, ada):
    before = settings.read_settings(ada)
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await retype(pilot, "setting-timezone", "Mars/Olympus")
        await retype(pilot, "setting-birthday-lead-days", "-3")
        await retype(pilot, "setting-followup-days", "9")  # valid, but must not be saved alone
        await retype(pilot, "setting-smtp-port", "70000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert "unknown time zone 'Mars/Olympus'" in field(app, "timezone").error
        assert field(app, "birthday_lead_days").error == "birthday_lead_days must be from 0 to 60, not -3"
        assert field(app, "smtp.port").error == "smtp.port must be from 1 to 65535, not 70000"
        assert field(app, "followup_days").error == ""
        assert app.focused.id == "setting-timezone"
        assert any("Nothing saved: 3 settings to correct" in toast for toast in toasts(app))
    assert settings.read_settings(ada) == before


@scenario
async def test_a_bad_value_shows_as_soon_as_the_field_is_left(db_path, ada):
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await retype(pilot, "setting-no-contact-days", "0")
        assert field(app, "no_contact_days").error == ""
        await pilot.press("tab")
        await settle(pilot)
        assert field(app, "no_contact_days").error == "no_contact_days must be from 1 to 3650, not 0"
        await retype(pilot, "setting-no-contact-days", "45")
        await pilot.press("tab")
        await settle(pilot)
        assert field(app, "no_contact_days").error == ""


@scenario
async def test_the_theme_switches_live_when_saved(db_path, ada):
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        assert app.theme == "textual-dark"
        await choose(pilot, "setting-theme", 1)
        assert app.screen.query_one("#setting-theme", Select).value == "light"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.theme == "textual-light"
    assert settings.read_settings(ada)["theme"] == "light"


@scenario
async def test_saving_gives_the_app_a_new_notifier_with_the_new_channels(db_path, ada):
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        first = app.notifier
        assert first.channels == ("inapp",)
        await tab_to(pilot, "setting-notify-inapp")
        await pilot.press("space")
        await retype(pilot, "setting-reminder-interval-s", "600")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.notifier is not first and app.notifier.channels == ()
        assert app._reminder_interval_s == 600


# -- the test notification ---------------------------------------------------------------------------------------------


@scenario
async def test_a_test_notification_arrives_in_the_app(db_path, ada):
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "crm test notification|If you can read this, crm reminders reach you here." in toasts(app)
        report = str(app.screen.query_one("#settings-test-result", Static).content)
        assert report.splitlines() == ["Desktop   off", "Terminal  off", "E-mail    off", "In-app    sent"]


@pytest.mark.servers
@scenario
async def test_a_test_notification_uses_the_smtp_settings_typed_before_saving(db_path, ada, smtp_sink):
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await tab_to(pilot, "setting-notify-email")
        await pilot.press("space")
        await retype(pilot, "setting-smtp-host", "127.0.0.1")
        await retype(pilot, "setting-smtp-port", str(smtp_sink.port))
        await tab_to(pilot, "setting-smtp-starttls")
        await pilot.press("space")
        await pilot.press("ctrl+n")
        await settle(pilot)
        (mail,) = smtp_sink.wait_for(1)
        assert mail["Subject"] == "crm test notification" and mail["To"] == "ada@example.org"
        report = str(app.screen.query_one("#settings-test-result", Static).content).splitlines()
        assert "E-mail    sent" in report and "In-app    sent" in report
    assert settings.read_settings(ada)["smtp.host"] == ""  # tested, not saved


@scenario
async def test_a_failing_channel_is_reported_with_its_reason(db_path, ada):
    settings.update_settings(
        ada, {"notify.email": "on", "smtp.host": "127.0.0.1", "smtp.port": free_port(), "smtp.starttls": "off"}
    )
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        report = str(app.screen.query_one("#settings-test-result", Static).content).splitlines()
        assert report[2].startswith("E-mail    failed: cannot connect to the SMTP server 127.0.0.1:")
        assert report[3] == "In-app    sent"
        assert any("Test notification failed on: email" in toast for toast in toasts(app))


@scenario
async def test_no_test_is_sent_while_a_field_is_wrong(db_path, ada):
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await retype(pilot, "setting-smtp-port", "0")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert field(app, "smtp.port").error == "smtp.port must be from 1 to 65535, not 0"
        assert not any(toast.startswith("crm test notification") for toast in toasts(app))


# -- the account -------------------------------------------------------------------------------------------------------

NEW_PASSWORD = "a better passphrase"


@scenario
async def test_changing_the_password_by_keys(db_path, ada):
    key = database.location_key(str(db_path))
    accounts.remember(key, ada)
    elsewhere = accounts.start_session(ada, label="phone")
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, ChangePasswordDialog)
        await pilot.press(*"nope", "enter", "enter", "enter")
        await settle(pilot)
        assert field(app, "current").error == "that is not your current password"
        assert app.focused.id == "password-current"
        await pilot.press("ctrl+u", *PASSWORD, "enter", *NEW_PASSWORD, "enter", "x", "enter")
        await settle(pilot)
        assert "differ" in field(app, "repeat").error
        assert app.focused.id == "password-repeat"
        await pilot.press("ctrl+u", *NEW_PASSWORD, "enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert "|Password changed. 1 other session was signed out." in toasts(app)
    assert accounts.authenticate("ada@example.org", NEW_PASSWORD).user_id == ada.user_id
    assert accounts.remembered_actor(key).user_id == ada.user_id
    assert accounts.resume_session(elsewhere) is None


@scenario
async def test_deleting_the_account_by_keys_returns_to_sign_in_and_the_data_is_gone(db_path, ada, other_actor):
    key = database.location_key(str(db_path))
    accounts.remember(key, ada)
    contacts.add_contact(ada, ContactInput(name="Grace Hopper"))
    contacts.add_contact(other_actor, ContactInput(name="Alan Turing"))
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await tab_to(pilot, "settings-delete")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeleteAccountDialog)
        assert str(app.screen.query_one("#delete-what", Static).content).startswith(
            "This deletes 1 contact and everything else of ada@example.org, for good."
        )
        await pilot.press(*"bob@example.org", "enter")
        await settle(pilot)
        assert "not this account's e-mail" in field(app, "confirm_email").error
        assert User.get_or_none(User.id == ada.user_id) is not None
        await pilot.press("ctrl+u", *"Ada@Example.org", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AuthScreen)
        assert app.actor is None and app.notifier is None
        assert "|Account ada@example.org deleted with everything in it" in toasts(app)
    assert User.get_or_none(User.id == ada.user_id) is None
    assert User.get_or_none(User.id == other_actor.user_id) is not None
    assert [contact.name for contact in Contact.select()] == ["Alan Turing"]
    assert session_store.load_token(key) is None


@scenario
async def test_ctrl_d_opens_the_delete_dialog_away_from_an_input_and_escape_keeps_the_account(db_path, ada):
    app = CrmApp(str(db_path), ada)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await tab_to(pilot, "setting-notify-desktop")
        assert isinstance(app.focused, Switch)
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert isinstance(app.screen, DeleteAccountDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
    assert User.get_or_none(User.id == ada.user_id) is not None
