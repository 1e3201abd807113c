"""Screenshots of the duplicates list and the merge screen at a fixed size and clock, compared with snapshots/."""

from __future__ import annotations

import pytest

from tui import contacts
from tui.app import CrmApp
from tui.contacts import ContactInput

from ..helpers import pressing

SIZE = (120, 36)

PEOPLE = (
    ContactInput(
        name="Grace Hopper",
        emails=["grace@example.org"],
        phones=["+1 202 555 0143"],
        company="US Navy",
        tags=["navy"],
        birthday="1906-12-09",
        notes="Invented the first compiler.",
    ),
    ContactInput(
        name="Grace B. Hopper",
        emails=["Grace@example.org", "hopper@navy.example"],
        title="Rear Admiral",
        tags=["cobol"],
        notes="Prefers a call.",
        vip=True,
    ),
    ContactInput(name="Alan Turing", phones=["+44 20 7946 0018"], company="Bletchley Park"),
    ContactInput(name="A. M. Turing", whatsapp="+44 20 7946 0018", location="Manchester"),
    ContactInput(name="Katherine Johnson", company="NASA"),
    ContactInput(name="katherine johnson", location="Hampton"),
    ContactInput(name="Linus Pauling"),
)
"""Three pairs (by e-mail, by phone and WhatsApp, by name) and someone with no double."""


@pytest.fixture
def doubles(signed_in):
    for person in PEOPLE:
        contacts.add_contact(signed_in, person)
    return signed_in


def test_duplicates_list(snap_compare, db_path, doubles):
    assert snap_compare(CrmApp(str(db_path), doubles), terminal_size=SIZE, run_before=pressing("c", "D"))


def test_merge_screen(snap_compare, db_path, doubles):
    assert snap_compare(CrmApp(str(db_path), doubles), terminal_size=SIZE, run_before=pressing("c", "D", "enter"))


def test_merge_screen_after_choosing(snap_compare, db_path, doubles):
    assert snap_compare(
        CrmApp(str(db_path), doubles),
        terminal_size=SIZE,
        run_before=pressing("c", "D", "enter", "2", "down", "1", *["down"] * 5, "right"),
    )
