"""Screenshots of the notification center and of the dashboard's suggestion card (fixed data, clock and size).

Desktop notifications are off in the settings, so no D-Bus session is touched; toasts are
cleared before each screenshot, so what is compared is the screen itself.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui import clock, contacts, reminders, settings
from tui.app import CrmApp
from tui.contacts import ContactInput

from ..helpers import pressing_and_clearing_toasts

SIZE = (120, 36)
NO_DESKTOP = {"notify.desktop": False}


@pytest.fixture
def reminder_people(signed_in):
    """Birthdays today in every state the center shows, and a custom reminder for tomorrow."""
    settings.update_settings(signed_in, NO_DESKTOP)
    ids = {}
    for age_days, name in zip(
        (40, 30, 20, 10), ("Ann Example", "Bob Builder", "Cyd Charisse", "Dan Brown"), strict=True
    ):
        ids[name] = contacts.add_contact(
            signed_in, ContactInput(name=name, birthday="--11-20"), created_at=clock.utcnow() - timedelta(days=age_days)
        ).id
    reminders.plan(signed_in)
    by_contact = {reminder.contact_id: reminder.id for reminder in reminders.recent(signed_in)}
    reminders.mark_done(signed_in, by_contact[ids["Bob Builder"]])
    reminders.dismiss(signed_in, by_contact[ids["Dan Brown"]])
    reminders.snooze(signed_in, by_contact[ids["Cyd Charisse"]], "+2h")
    reminders.add_custom(signed_in, ids["Ann Example"], "tomorrow 08:00", "Send Ann the proposal")
    return signed_in


@pytest.fixture
def suggestion_people(signed_in):
    """Five contacts added at fixed moments: the day's pick and the Friday list are drawn from them."""
    settings.update_settings(signed_in, NO_DESKTOP)
    for age_days, name in zip(
        (90, 60, 45, 30, 20),
        ("Grace Hopper", "Alan Turing", "Katherine Johnson", "Linus Pauling", "Ada Byron"),
        strict=True,
    ):
        contacts.add_contact(signed_in, ContactInput(name=name), created_at=clock.utcnow() - timedelta(days=age_days))
    return signed_in


def test_notification_center(snap_compare, db_path, reminder_people):
    assert snap_compare(
        CrmApp(str(db_path), reminder_people), terminal_size=SIZE, run_before=pressing_and_clearing_toasts("!")
    )


def test_dashboard_with_the_suggestion_card(snap_compare, db_path, suggestion_people):
    assert snap_compare(
        CrmApp(str(db_path), suggestion_people), terminal_size=SIZE, run_before=pressing_and_clearing_toasts("i")
    )
