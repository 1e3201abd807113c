"""Screenshots of sharing at a fixed size and clock (see conftest): Shared with me, a shared contact's page, the
share dialog and the sessions screen, compared with snapshots/."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tui import accounts, clock, contacts, database, interactions, reminders, sharing
from tui.app import CrmApp
from tui.contacts import ContactInput
from tui.interactions import InteractionInput
from tui.screens.contact_detail import ContactDetailScreen

from ..helpers import FIXED_NOW, PASSWORD, pressing

SIZE = (120, 36)


@pytest.fixture
def shared(actor, other_actor):
    """Ada shares two contacts with Bob (one view-only with an expiry), Bob shares one with Ada."""
    grace = contacts.add_contact(
        actor,
        ContactInput(
            name="Grace Hopper", emails=["grace@navy.mil"], company="US Navy", title="Rear admiral", tags=["mentor"]
        ),
    )
    alan = contacts.add_contact(actor, ContactInput(name="Alan Turing", company="Bletchley Park"))
    carol = accounts.signup("carol@example.org", "Carol Shaw", PASSWORD, "UTC")
    interactions.log_interaction(
        actor,
        grace.id,
        InteractionInput("video", "2026-11-18 09:00", type="Call", notes="Talked about COBOL and compilers."),
    )
    interactions.log_interaction(
        actor, grace.id, InteractionInput("in_person", "2026-11-02 12:30", notes="Lunch at the conference.")
    )
    sharing.share(actor, grace.id, "bob@example.org", "view_add", date(2026, 12, 31), "our mentor, say hi")
    sharing.share(actor, alan.id, "bob@example.org", "view", None, "")
    sharing.share(actor, grace.id, "carol@example.org", "view", date(2026, 11, 30), "for the talk")
    interactions.log_interaction(
        other_actor, grace.id, InteractionInput("phone", "2026-11-19 16:00", notes="Bob called about the talk.")
    )
    linus = contacts.add_contact(other_actor, ContactInput(name="Linus Pauling"))
    sharing.share(other_actor, linus.id, "ada@example.org", "view_add", None, "vitamins")
    for person in (actor, other_actor, carol):  # the notices were seen before: no toasts over the screens
        for notice in reminders.due(person):
            reminders.mark_done(person, notice.id)
    return {"grace": grace.id, "carol": carol}


def test_shared_with_me(snap_compare, db_path, shared, other_actor):
    assert snap_compare(CrmApp(str(db_path), other_actor), terminal_size=SIZE, run_before=pressing("w"))


def test_a_shared_contacts_page(snap_compare, db_path, shared, other_actor):
    opened = pressing("w", "down", "enter")  # Grace, the second in the list
    assert snap_compare(CrmApp(str(db_path), other_actor), terminal_size=SIZE, run_before=opened)


def test_the_share_dialog(snap_compare, db_path, shared, actor):
    async def open_dialog(pilot) -> None:
        await pressing()(pilot)
        pilot.app.push_screen(ContactDetailScreen(actor, shared["grace"]))
        await pressing("S")(pilot)

    assert snap_compare(CrmApp(str(db_path), actor), terminal_size=SIZE, run_before=open_dialog)


def test_the_sessions_screen(snap_compare, db_path, actor, monkeypatch):
    monkeypatch.setattr(accounts, "session_label", lambda: "ada-laptop")  # not this machine's own name
    accounts.start_session(actor, "laptop")
    clock.fix(FIXED_NOW + timedelta(hours=2))
    accounts.start_session(actor, "work-desktop")
    clock.fix(FIXED_NOW + timedelta(hours=3))
    accounts.remember(database.location_key(str(db_path)), actor)
    assert snap_compare(CrmApp(str(db_path), actor), terminal_size=SIZE, run_before=pressing("L"))
