"""Screenshots of the settings screen and its account dialogs at a fixed size and clock, compared with snapshots/."""

from __future__ import annotations

import pytest

from tui import contacts, settings
from tui.app import CrmApp
from tui.contacts import ContactInput

from ..helpers import settle

SIZE = (100, 40)


@pytest.fixture
def configured(signed_in, monkeypatch):
    """Ada with a few settings of her own, a relationship type she added, and two contacts."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    settings.update_settings(
        signed_in,
        {
            "birthday_lead_days": 3,
            "leap_day_rule": "mar1",
            "notify.desktop": "off",
            "smtp.host": "mail.example.org",
            "cadence.family": 14,
            "cadence.book club": 21,
        },
    )
    contacts.add_contact(signed_in, ContactInput(name="Grace Hopper", relationship="book club"))
    contacts.add_contact(signed_in, ContactInput(name="Alan Turing", relationship="friend"))
    return signed_in


def keys_then_settle(*keys: str):
    """A run_before that opens the settings, then presses `keys` and lets every worker finish."""

    async def run(pilot) -> None:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run


def test_settings_screen(snap_compare, db_path, configured):
    assert snap_compare(CrmApp(str(db_path), configured), terminal_size=SIZE, run_before=keys_then_settle())


def test_settings_with_impossible_values(snap_compare, db_path, configured):
    typing = ("tab", "ctrl+u", *"Mars/Olympus", "tab", "tab", "ctrl+u", "minus", "3", "ctrl+s")
    assert snap_compare(CrmApp(str(db_path), configured), terminal_size=SIZE, run_before=keys_then_settle(*typing))


def test_change_password_dialog(snap_compare, db_path, configured):
    assert snap_compare(
        CrmApp(str(db_path), configured),
        terminal_size=SIZE,
        run_before=keys_then_settle("ctrl+o", *"wrong", "enter", "enter", "enter"),
    )


def test_delete_account_dialog(snap_compare, db_path, configured):
    assert snap_compare(
        CrmApp(str(db_path), configured), terminal_size=SIZE, run_before=keys_then_settle(*["tab"] * 7, "ctrl+d")
    )  # from the leap-day select
