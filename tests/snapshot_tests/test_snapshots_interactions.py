"""Screenshots of the interaction screens at a fixed size and clock (see conftest), compared with snapshots/."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tui import contacts, interactions
from tui.app import CrmApp
from tui.contacts import ContactInput
from tui.interactions import InteractionInput
from tui.screens.log_interaction import LogInteractionScreen
from tui.screens.quick_links import QuickLinksScreen

from ..helpers import SIZE, pressing, settle

LOG = (
    (
        "Grace Hopper",
        "2026-11-20 09:15",
        "video",
        "Compiler review",
        "Walked through the COBOL draft.\nMore later.",
        "she will send notes",
        "2026-11-24",
    ),
    ("Alan Turing", "2026-11-19 18:00", "in_person", "Dinner", "Talked about the Bombe.", "", "2026-11-19"),
    ("Grace Hopper", "2026-11-19 11:30", "email", "", "Sent the agenda for Monday.", "", ""),
    ("Katherine Johnson", "2026-11-17 14:00", "phone", "Call", "Orbit numbers checked.", "all good", "2026-11-20"),
)
"""(contact, when, medium, type, notes, outcome, follow-up) logged for every screenshot."""


@pytest.fixture
def history(signed_in, monkeypatch):
    """Three contacts and four interactions at fixed moments; an SSH session, so no link is opened."""
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 52144 10.0.0.1 22")
    ids = {}
    for name, extra in (
        ("Grace Hopper", {"phones": ["+1 202 555 0143"], "emails": ["grace@example.org"]}),
        ("Alan Turing", {}),
        ("Katherine Johnson", {}),
    ):
        ids[name] = contacts.add_contact(signed_in, ContactInput(name=name, **extra)).id
    for name, when, medium, kind, notes, outcome, follow_up in LOG:
        interactions.log_interaction(
            signed_in, ids[name], InteractionInput(medium, when, kind, notes, outcome, follow_up)
        )
    return signed_in, ids


def test_timeline(snap_compare, db_path, history):
    actor, _ids = history
    assert snap_compare(CrmApp(str(db_path), actor), terminal_size=SIZE, run_before=pressing("t"))


def test_log_form_with_an_error(snap_compare, db_path, history):
    actor, ids = history

    async def run(pilot) -> None:
        await pressing("t")(pilot)
        pilot.app.push_screen(LogInteractionScreen(actor, ids["Grace Hopper"]))
        await settle(pilot)
        pilot.app.screen.query_one("#input-follow_up", Input).value = "2026-11-01"
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(CrmApp(str(db_path), actor), terminal_size=SIZE, run_before=run)


def test_follow_ups(snap_compare, db_path, history):
    actor, _ids = history
    assert snap_compare(CrmApp(str(db_path), actor), terminal_size=SIZE, run_before=pressing("p"))


def test_templates(snap_compare, db_path, history):
    actor, _ids = history
    assert snap_compare(CrmApp(str(db_path), actor), terminal_size=SIZE, run_before=pressing("p", "m"))


def test_quick_links(snap_compare, db_path, history):
    actor, ids = history

    async def run(pilot) -> None:
        await pressing("t")(pilot)
        pilot.app.push_screen(QuickLinksScreen(actor, ids["Grace Hopper"]))
        await pressing("down", "down", "down", "down", "w")(pilot)

    assert snap_compare(CrmApp(str(db_path), actor), terminal_size=SIZE, run_before=run)
