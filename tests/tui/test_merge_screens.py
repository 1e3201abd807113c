"""The duplicates list and the merge screen, driven with Pilot: open them by keys, choose, merge, undo."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from tui import clock, contacts, merge
from tui.app import CrmApp
from tui.contacts import ContactInput
from tui.models import Contact, ContactMerge
from tui.screens.confirm import ConfirmDialog
from tui.screens.contacts import ContactsScreen
from tui.screens.duplicates import DuplicatesScreen
from tui.screens.help import key_groups
from tui.screens.merge import MergeScreen

from ..helpers import notes, press, scenario, settle, shown

SIZE = (120, 36)


@pytest.fixture
def twins(signed_in):
    """Ann Lee twice (one e-mail in common), and Bob Stone with Robert Stone (one number in common)."""
    first = contacts.add_contact(
        signed_in,
        ContactInput(
            name="Ann Lee", emails=["ann@example.org"], company="Acme", notes="Met at PyCon.", tags=["friends"]
        ),
    )
    second = contacts.add_contact(
        signed_in,
        ContactInput(
            name="Ann Lee",
            emails=["ann@example.org", "ann.lee@work.example"],
            title="CTO",
            notes="Prefers e-mail.",
            birthday="--06-01",
            tags=["work"],
        ),
    )
    contacts.add_contact(signed_in, ContactInput(name="Bob Stone", phones=["+49 30 1234567"]))
    contacts.add_contact(signed_in, ContactInput(name="Robert Stone", whatsapp="+49 30 1234567"))
    return signed_in, first.id, second.id


def text_of(app, selector: str) -> str:
    return shown(app.screen.query_one(selector, Static)).strip()


def cell(app, row_key: str, column: str) -> str:
    return str(app.screen.query_one(DataTable).get_cell(row_key, column))


async def open_duplicates(pilot) -> DuplicatesScreen:
    await settle(pilot)
    await press(pilot, "c", "D")
    assert isinstance(pilot.app.screen, DuplicatesScreen)
    return pilot.app.screen


@scenario
async def test_the_duplicates_list_opens_from_the_contacts_with_its_groups_and_reasons(db_path, twins):
    actor, first, second = twins
    app = CrmApp(str(db_path), actor)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_duplicates(pilot)
        table = screen.query_one(DataTable)
        assert table.row_count == 2
        assert [str(value) for value in table.get_row_at(0)] == [
            "Ann Lee · Ann Lee",
            "same e-mail ann@example.org, same name",
        ]
        assert [str(value) for value in table.get_row_at(1)] == ["Bob Stone · Robert Stone", "same phone +49301234567"]
        assert text_of(app, "#duplicates-status") == "2 groups of likely duplicates"
        assert text_of(app, "#duplicates-members").splitlines() == [
            f"#{first} Ann Lee · ann@example.org · Acme",
            f"#{second} Ann Lee · ann@example.org, ann.lee@work.example",
        ]
        await press(pilot, "down")
        assert text_of(app, "#duplicates-members").splitlines()[0].endswith("Bob Stone · +49301234567")
        await press(pilot, "escape")
        assert isinstance(app.screen, ContactsScreen)


@scenario
async def test_the_duplicates_key_is_in_the_footer_help_and_palette(db_path, twins):
    actor, _first, _second = twins
    app = CrmApp(str(db_path), actor)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        keys = {key: text for group in key_groups(app.screen, "Contacts") for key, text in group.keys}
        assert keys["D"] == "Find duplicate contacts, merge them, undo a merge"
        titles = [title for title, _help, _run in app.palette_commands(app.screen)]
        assert "Find duplicate contacts, merge them, undo a merge" in titles
        await press(pilot, "D", "enter")
        merge_keys = {key: text for group in key_groups(app.screen, "Merge") for key, text in group.keys}
        assert merge_keys["←/1"] == "Keep the left contact's value of this field"
        assert merge_keys["enter"] == "Merge the right contact into the left one"


@scenario
async def test_choosing_fields_with_keys_then_merging_and_undoing(db_path, twins):
    actor, first, second = twins
    app = CrmApp(str(db_path), actor)
    async with app.run_test(size=SIZE) as pilot:
        await open_duplicates(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, MergeScreen)
        assert text_of(app, "#merge-heading").startswith(f"Ann Lee (id {first}) stays; Ann Lee (id {second}) is merged")
        table = app.screen.query_one(DataTable)
        assert table.cursor_row == 1  # E-mails: the first field that differs
        assert cell(app, "emails", "mark") == "◀▶"
        await press(pilot, "1")  # only the left e-mail
        assert cell(app, "emails", "mark") == "◀"
        assert text_of(app, "#merge-result") == "E-mails after the merge: ann@example.org"
        await press(pilot, "down", "down")  # Title: CTO on the right, taken by default
        assert cell(app, "title", "mark") == "▶"
        await press(pilot, "left")
        assert cell(app, "title", "mark") == "◀"
        await press(pilot, "down", "down")  # Notes: both by default
        assert text_of(app, "#merge-result") == "Notes after the merge: Met at PyCon. Prefers e-mail."
        await press(pilot, "2")
        assert text_of(app, "#merge-summary") == "Moves to Ann Lee: 1 tag."
        await press(pilot, "enter")
        assert isinstance(app.screen, DuplicatesScreen)
        assert notes(app)[-1] == "Merged Ann Lee into Ann Lee · u undoes it"
        assert app.screen.query_one(DataTable).row_count == 1
        assert "last merge: Ann Lee into Ann Lee" in text_of(app, "#duplicates-status")
        kept = contacts.get_contact(actor, first)
        assert (kept.emails, kept.title, kept.notes, kept.birthday) == (
            ["ann@example.org"],
            "",
            "Prefers e-mail.",
            "--06-01",
        )
        assert contacts.contact_tags(first) == ["friends", "work"]
        assert not Contact.select().where(Contact.id == second).exists()

        await press(pilot, "u")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Undo the merge of Ann Lee into Ann Lee (2026-11-20 11:30)?" in str(
            app.screen.query_one("#confirm-question", Static).content
        )
        await press(pilot, "y")
        assert isinstance(app.screen, DuplicatesScreen)
        assert notes(app)[-1] == "Ann Lee is back"
        assert app.screen.query_one(DataTable).row_count == 2
        assert contacts.get_contact(actor, second).title == "CTO"
        assert contacts.get_contact(actor, first).emails == ["ann@example.org"]
        assert ContactMerge.get().undone_at == clock.utcnow()
        assert not app.screen.check_action("undo", ())


@scenario
async def test_escape_leaves_the_merge_screen_without_merging_and_s_swaps_sides(db_path, twins):
    actor, first, second = twins
    app = CrmApp(str(db_path), actor)
    async with app.run_test(size=SIZE) as pilot:
        await open_duplicates(pilot)
        await press(pilot, "enter", "s")
        assert text_of(app, "#merge-heading").startswith(f"Ann Lee (id {second}) stays; Ann Lee (id {first})")
        assert cell(app, "company", "mark") == "▶"  # the blank company is filled from the other side
        await press(pilot, "escape")
        assert isinstance(app.screen, DuplicatesScreen)
        assert Contact.select().count() == 4 and ContactMerge.select().count() == 0


@scenario
async def test_a_refused_merge_stays_open_at_the_field(db_path, signed_in):
    contacts.add_contact(signed_in, ContactInput(name="Many", emails=[f"a{n}@example.org" for n in range(15)]))
    contacts.add_contact(signed_in, ContactInput(name="Many", emails=[f"b{n}@example.org" for n in range(10)]))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_duplicates(pilot)
        await press(pilot, "enter")
        await press(pilot, "down")  # off the e-mails, which keep both by default
        await press(pilot, "enter")
        assert isinstance(app.screen, MergeScreen)
        assert notes(app)[-1] == "together they have 25 e-mails, at most 20: keep one side"
        assert app.screen.query_one(DataTable).cursor_row == 1
        await press(pilot, "1", "enter")
        assert isinstance(app.screen, DuplicatesScreen)
        assert Contact.select().count() == 1


@scenario
async def test_undo_that_is_refused_says_why(db_path, twins):
    actor, first, second = twins
    merge.merge(actor, first, second)
    data = contacts.input_from(actor, contacts.get_contact(actor, first))
    data.title = "CEO"
    contacts.edit_contact(actor, first, data)
    app = CrmApp(str(db_path), actor)
    async with app.run_test(size=SIZE) as pilot:
        await open_duplicates(pilot)
        await press(pilot, "u", "y")
        assert isinstance(app.screen, DuplicatesScreen)
        assert "Ann Lee's title changed since the merge" in notes(app)[-1]
        assert not Contact.select().where(Contact.id == second).exists()


@scenario
async def test_no_duplicates_says_so(db_path, signed_in):
    contacts.add_contact(signed_in, ContactInput(name="Only One"))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_duplicates(pilot)
        assert text_of(app, "#duplicates-status").startswith("No likely duplicates")
        assert not screen.check_action("merge", ()) and not screen.check_action("undo", ())
        await press(pilot, "enter")
        assert isinstance(app.screen, DuplicatesScreen)


@scenario
async def test_the_list_holds_a_page_of_groups_and_turns_pages(db_path, signed_in):
    for number in range(60):
        for _copy in range(2):
            contacts.add_contact(signed_in, ContactInput(name=f"Person {number:02d}"))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_duplicates(pilot)
        table = screen.query_one(DataTable)
        assert table.row_count == 50
        assert text_of(app, "#duplicates-status") == "60 groups of likely duplicates (1–50 shown)"
        table.move_cursor(row=49)
        await press(pilot, "down")
        assert table.row_count == 10
        assert str(table.get_row_at(0)[0]) == "Person 50 · Person 50"
        assert text_of(app, "#duplicates-status") == "60 groups of likely duplicates (51–60 shown)"
        await press(pilot, "up")
        assert table.row_count == 50 and table.cursor_row == 49
