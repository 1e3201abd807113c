"""Screenshots of the main screens at a fixed size and a fixed clock (see conftest), compared with snapshots/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import Input

from tui import clock, contacts
from tui.app import CrmApp
from tui.contacts import ContactInput

from ..helpers import SIZE, pressing, settle

PEOPLE = (
    ContactInput(
        name="Grace Hopper",
        emails=["grace@example.org"],
        phones=["+1 202 555 0143"],
        company="US Navy",
        title="Rear Admiral",
        relationship="colleague",
        industry="technology",
        location="Arlington",
        tags=["navy", "cobol"],
        birthday="1906-12-09",
        notes="Invented the first compiler.",
        vip=True,
    ),
    ContactInput(
        name="Alan Turing",
        emails=["alan@example.org"],
        company="Bletchley Park",
        relationship="colleague",
        tags=["maths"],
        birthday="--06-23",
    ),
    ContactInput(
        name="Katherine Johnson", company="NASA", relationship="network", industry="technology", location="Hampton"
    ),
    ContactInput(name="Linus Pauling", relationship="friend", tags=["chemistry"], cadence_days=90),
)
"""Fixed people for the screenshots; the first was added long enough ago to need a hit-up."""


@pytest.fixture
def people(signed_in):
    """Four contacts, added at fixed moments before the fixed clock."""
    for age_days, person in zip((60, 3, 2, 1), PEOPLE, strict=True):
        contacts.add_contact(signed_in, person, created_at=clock.utcnow() - timedelta(days=age_days))
    return signed_in


def test_auth_screen(snap_compare, db_path, db, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert snap_compare(CrmApp(str(db_path)), terminal_size=SIZE, run_before=pressing())


def test_empty_dashboard(snap_compare, db_path, signed_in):
    assert snap_compare(CrmApp(str(db_path), signed_in), terminal_size=SIZE, run_before=pressing())


def test_dashboard_with_contacts(snap_compare, db_path, people):
    assert snap_compare(CrmApp(str(db_path), people), terminal_size=SIZE, run_before=pressing())


def test_contact_list(snap_compare, db_path, people):
    assert snap_compare(CrmApp(str(db_path), people), terminal_size=SIZE, run_before=pressing("c"))


def test_contact_detail(snap_compare, db_path, people):
    assert snap_compare(CrmApp(str(db_path), people), terminal_size=SIZE, run_before=pressing("c", "enter"))


def test_contact_form_with_an_error(snap_compare, db_path, people):
    async def run(pilot) -> None:
        await pressing("a")(pilot)
        form = pilot.app.screen
        form.query_one("#input-name", Input).insert_text_at_cursor("Ada Byron")
        form.query_one("#input-emails", Input).insert_text_at_cursor("ada-at-example")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(CrmApp(str(db_path), people), terminal_size=SIZE, run_before=run)


def test_help_screen(snap_compare, db_path, people):
    assert snap_compare(CrmApp(str(db_path), people), terminal_size=SIZE, run_before=pressing("c", "question_mark"))


@pytest.fixture
def vip_people(people):
    """The four people; Grace, a VIP, with both sections, a custom field, two interactions and a task."""
    from tui import custom_fields, interactions, tasks, vip
    from tui.interactions import InteractionInput
    from tui.vip import VipSections

    custom_fields.define_field(people, "Shoe size", "choice", ["S", "M", "L"])
    custom_fields.define_field(people, "Met on", "date")
    grace = contacts.find_contact(people, "Grace Hopper")
    typed = contacts.input_from(people, grace)
    typed.custom = {"Shoe size": "M", "Met on": "1952-05-01"}
    contacts.edit_contact(people, grace.id, typed)
    vip.save_sections(
        people,
        grace.id,
        VipSections(
            family="Never married; close to her sister Mary",
            company="Remington Rand, then the Navy",
            likes_dislikes="Likes nanoseconds; dislikes “we've always done it this way”",
            main_app="E-mail",
            email="grace@navy.example",
            phone="+1 202 555 0143",
            social_links=("https://example.org/grace",),
        ),
    )
    interactions.log_interaction(
        people,
        grace.id,
        InteractionInput(
            medium="in_person",
            when="2026-11-02 15:00",
            notes="Coffee at the yard\nTalked about COBOL",
            outcome="will visit",
        ),
    )
    interactions.log_interaction(
        people, grace.id, InteractionInput(medium="email", when="2026-10-12 09:30", notes="Sent the compiler paper")
    )
    tasks.add_task(people, tasks.TaskInput(title="Post the nanosecond wire", due="2026-12-01", contact_id=grace.id))
    return people


def test_contact_list_with_marks_and_a_filter(snap_compare, db_path, people):
    # relationship: colleague (the third choice after "any"), then mark the first row
    keys = ("c", "f", "tab", "enter", "down", "down", "down", "enter", "ctrl+s", "space")
    assert snap_compare(CrmApp(str(db_path), people), terminal_size=SIZE, run_before=pressing(*keys))


def test_contact_filter_dialog(snap_compare, db_path, people):
    assert snap_compare(CrmApp(str(db_path), people), terminal_size=SIZE, run_before=pressing("c", "f", "n", "a"))


def test_vip_contact_detail(snap_compare, db_path, vip_people):
    assert snap_compare(CrmApp(str(db_path), vip_people), terminal_size=SIZE, run_before=pressing("c", "down", "enter"))


def test_contact_form_with_a_custom_field_error(snap_compare, db_path, vip_people):
    async def run(pilot) -> None:
        await pressing("a")(pilot)
        form = pilot.app.screen
        form.query_one("#input-name", Input).insert_text_at_cursor("Ada Byron")
        form.field("custom:Met on").editor.insert_text_at_cursor("soon")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(CrmApp(str(db_path), vip_people), terminal_size=SIZE, run_before=run)


def test_vip_snapshot(snap_compare, db_path, vip_people):
    contacts.set_flags(vip_people, contacts.find_contact(vip_people, "Linus Pauling").id, vip=True)
    assert snap_compare(CrmApp(str(db_path), vip_people), terminal_size=SIZE, run_before=pressing("v"))
