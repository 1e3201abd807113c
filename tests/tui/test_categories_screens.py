"""Categories in the app: a new relationship needs a second enter in the contact form; the settings' ctrl+g lists
your own categories and renames or removes an unused one."""

from __future__ import annotations

from textual.widgets import DataTable

from tui import contacts
from tui.app import CrmApp
from tui.contacts import ContactInput
from tui.screens.categories import CategoriesDialog
from tui.screens.confirm import ConfirmDialog
from tui.screens.contact_form import ContactFormScreen
from tui.screens.text_prompt import TextPrompt

from ..helpers import SIZE, press, scenario, settle, type_into


@scenario
async def test_a_new_relationship_is_saved_only_after_a_second_enter(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, ContactFormScreen)
        await type_into(pilot, "#input-name", "Ada Byron")
        await type_into(pilot, "#input-relationship", "frend")
        await press(pilot, "ctrl+s")  # a typo: refused at its field, the closest one named
        field = form.field("relationship")
        assert app.screen is form and "did you mean friend?" in field.error and "press enter" in field.error
        await press(pilot, "enter")  # the first enter names it new
        assert "enter again to add it" in field.error
        await press(pilot, "enter")  # the second confirms it
        assert field.error == ""
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    assert contacts.find_contact(signed_in, "Ada Byron").relationship == "frend"
    assert "frend" in contacts.options(signed_in, "relationship")


@scenario
async def test_the_settings_rename_and_remove_unused_categories(db_path, signed_in):
    contacts.add_contact(signed_in, ContactInput(name="Ann", relationship="mentor"))
    contacts.add_contact(signed_in, ContactInput(name="Bob", relationship="frend"))
    contacts.edit_contact(signed_in, contacts.find_contact(signed_in, "Bob").id, ContactInput(name="Bob"))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_action("settings")
        await settle(pilot)
        await press(pilot, "ctrl+g")
        dialog = app.screen
        assert isinstance(dialog, CategoriesDialog)
        table = dialog.query_one(DataTable)
        assert [str(table.get_row_at(row)[1]) for row in range(table.row_count)] == ["frend", "mentor"]
        await press(pilot, "down", "ctrl+d")  # mentor is in use: it stays
        await press(pilot, "y")
        await settle(pilot)
        assert table.row_count == 2
        await press(pilot, "up", "r")
        assert isinstance(app.screen, TextPrompt)
        await type_into(pilot, "#prompt-input", "pal")
        await press(pilot, "enter")
        await settle(pilot)
        assert [str(table.get_row_at(row)[1]) for row in range(table.row_count)] == ["mentor", "pal"]
        await press(pilot, "down", "ctrl+d")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "y")
        await settle(pilot)
        assert [str(table.get_row_at(row)[1]) for row in range(table.row_count)] == ["mentor"]
    assert "pal" not in contacts.options(signed_in, "relationship")
