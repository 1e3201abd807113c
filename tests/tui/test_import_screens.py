"""The import and export dialogs, driven by keys with Pilot from the contacts screen."""

from __future__ import annotations

import json
import shutil
import time

import pytest
from textual.widgets import DataTable, Input, ProgressBar, Select, Static

from tui import contacts
from tui.app import CrmApp
from tui.contacts import ContactInput
from tui.models import Contact
from tui.screens.confirm import ConfirmDialog
from tui.screens.contacts import ContactsScreen
from tui.screens.export_dialog import ExportDialog
from tui.screens.import_dialog import ImportDialog
from tui.widgets.field import Field

from ..helpers import SAMPLES, notes, scenario, settle, shown, type_into, write_many_cards
from ..stored import fingerprint

SIZE = (120, 36)


@pytest.fixture
def samples_here(tmp_path, monkeypatch):
    """The sample files in the working folder, so paths are typed short."""
    for name in ("apple.vcf", "awkward.vcf", "generic.csv"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def open_import(pilot) -> ImportDialog:
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    await pilot.press("I")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ImportDialog)
    return pilot.app.screen


async def preview(pilot, path: str) -> None:
    await type_into(pilot, "#import-path", path)
    await pilot.press("enter")
    await settle(pilot)
    await settle(pilot)


async def until(pilot, condition, seconds: float = 60) -> None:
    """Let the app run until `condition()` holds."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        await pilot.pause(0.05)


def summary(app) -> str:
    return str(app.screen.query_one("#import-summary", Static).content)


def table_rows(app) -> list[tuple[str, ...]]:
    table = app.screen.query_one(DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(index)) for index in range(table.row_count)]


@scenario
async def test_i_previews_a_file_and_ctrl_s_imports_it(db_path, signed_in, samples_here):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_import(pilot)
        await preview(pilot, "apple.vcf")
        assert summary(app).startswith(
            "vCard · 3 cards read\nWould create 3 · merge 0 · leave 0 as they are · reject 0"
        )
        assert Contact.select().count() == 0  # the preview wrote nothing
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        assert "Imported 3 new contacts" in notes(app)
        assert str(app.screen.query_one("#contacts-status", Static).content).startswith("1–3 of 3")
        assert Contact.select().count() == 3


@scenario
async def test_the_preview_lists_rejections_and_possible_duplicates_and_escape_writes_nothing(
    db_path, signed_in, samples_here
):
    contacts.add_contact(signed_in, ContactInput(name="Doe, Jane", emails=["jane@example.org"]))
    # Opening the app plans reminders and may pick today's suggestion: the contacts' own tables must not change.
    untouched = ("user", "session", "reminder", "suggestion", "delivery")
    before = fingerprint(db_path, leave_out=untouched)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_import(pilot)
        await preview(pilot, "awkward.vcf")
        assert "Would create 4 · merge 0 · leave 0 as they are · reject 4" in summary(app)
        assert "1 possible duplicate (same name only: created, listed below)" in summary(app)
        rows = table_rows(app)
        assert rows[0] == (
            "32",
            "card 3",
            "rejected: unreadable card: line 35 cannot be read: 'EMAIL;TYPE=\"home:broken@example.org'",
        )
        assert ("50", "card 6", "same name as #1 Doe, Jane (created; check for a duplicate)") in rows
        assert (
            "42",
            "card 5",
            "birthday: 'circa 1800' is not a date: use YYYY-MM-DD, or --MM-DD without a year (kept in the notes)",
        ) in rows
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
    assert fingerprint(db_path, leave_out=untouched) == before


@scenario
async def test_a_file_that_cannot_be_read_is_said_at_the_path(db_path, signed_in, samples_here):
    (samples_here / "empty.csv").write_text("")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_import(pilot)
        await preview(pilot, "empty.csv")
        assert dialog.query_one("#field-path", Field).error == "empty.csv is empty: nothing to import"
        assert dialog.report is None
        await pilot.press("ctrl+s")  # nothing to import: the key does nothing
        await settle(pilot)
        assert app.screen is dialog


@scenario
async def test_a_csv_column_mapping_is_shown_and_changed_with_the_keyboard(db_path, signed_in, samples_here):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_import(pilot)
        await preview(pilot, "generic.csv")
        selects = list(dialog.query_one("#import-mapping").query(Select).results(Select))
        assert [select.value for select in selects] == [
            "name",
            "emails",
            "phones",
            "company",
            "birthday",
            "notes",
            "ignore",
        ]
        selects[-1].focus()  # "Kontakt seit": not recognised, so not imported
        await pilot.pause()
        await pilot.press("enter", *"added", "enter")
        await settle(pilot)
        await settle(pilot)
        assert dialog.source.layout.mapping[-1] == "created_at"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
    juergen = Contact.get(Contact.name == "Jürgen Müller")
    assert juergen.created_at.isoformat() == "2020-05-01T00:00:00"


@scenario
async def test_escape_during_a_large_import_stops_it_and_nothing_is_kept(db_path, signed_in, samples_here):
    write_many_cards(samples_here / "many.vcf", 4000)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_import(pilot)
        await preview(pilot, "many.vcf")
        assert "Would create 4,000" in summary(app)
        bar = dialog.query_one(ProgressBar)
        assert bar.total and bar.progress == bar.total  # the workers fed it while reading and checking
        # Both keys at once: pilot.press waits for the process to go idle, which it does only once the
        # import (busy in its thread) is over, and escape must arrive while it runs.
        app.simulate_key("ctrl+s")
        app.simulate_key("escape")
        await until(pilot, lambda: "Stopping" in summary(app))
        # A cancelled thread worker counts as done at once; its thread stops at the next progress step.
        await until(pilot, lambda: not dialog.running)
        assert app.screen is dialog  # still open, to try again
        # The toast reaches the app as a message of its own, a moment after the dialog settles.
        await until(pilot, lambda: "the import was stopped: nothing was imported" in notes(app), seconds=10)
        assert Contact.select().count() == 0
        # The stopped import's thread says so before it returns: let it end, or the next import
        # (an exclusive worker) would cancel it on the way out.
        await until(pilot, lambda: all(worker.is_finished for worker in app.workers if worker.group == "import"))
        await pilot.press("ctrl+s")  # and it can still be imported whole
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
    assert Contact.select().count() == 4000


@scenario
async def test_e_exports_to_the_suggested_file(db_path, signed_in, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    contacts.add_contact(signed_in, ContactInput(name="Grace Hopper", emails=["grace@example.org"]))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one("#export-path", Input).value == "~/crm-contacts-2026-11-20.vcf"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        assert "~/crm-contacts-2026-11-20.vcf: exported 1 contact" in notes(app)
    assert "FN:Grace Hopper" in (tmp_path / "crm-contacts-2026-11-20.vcf").read_text(encoding="utf-8")


@scenario
async def test_choosing_json_follows_in_the_file_name_and_a_file_there_is_replaced_only_when_confirmed(
    db_path, signed_in, tmp_path, monkeypatch
):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "crm-everything-2026-11-20.json").write_text("old")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c", "E")
        await settle(pilot)
        dialog = app.screen
        await pilot.press("shift+tab", "enter", "j", "enter")  # to the format, open it, jump to JSON
        await settle(pilot)
        assert dialog.query_one("#export-path", Input).value == "~/crm-everything-2026-11-20.json"
        assert "Everything you own" in shown(dialog.query_one("#export-hint", Static))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
    document = json.loads((tmp_path / "crm-everything-2026-11-20.json").read_text(encoding="utf-8"))
    assert document["format"] == "crm-export" and document["account"]["email"] == "ada@example.org"


@scenario
async def test_an_export_path_that_cannot_be_written_is_said_at_the_field(db_path, signed_in, tmp_path):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c", "E")
        await settle(pilot)
        path = app.screen.query_one("#export-path", Input)
        path.value = ""
        await type_into(pilot, "#export-path", str(tmp_path / "missing" / "out.vcf"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one("#field-path", Field).error.endswith("does not exist")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)


@scenario
async def test_the_keys_are_in_the_contacts_footer_bindings(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        ids = {active.binding.id: active.binding for active in app.screen.active_bindings.values()}
        assert ids["contacts.import"].key == "I" and ids["contacts.import"].tooltip
        assert ids["contacts.export"].key == "E" and ids["contacts.export"].tooltip


@scenario
async def test_changing_the_path_after_a_preview_needs_a_new_preview(db_path, signed_in, samples_here):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_import(pilot)
        await preview(pilot, "apple.vcf")
        assert dialog.report is not None
        await type_into(pilot, "#import-path", "x")  # apple.vcfx: another file than the one previewed
        assert dialog.report is None and summary(app) == "Press enter to read this file and preview the import."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog and Contact.select().count() == 0
