"""Screenshots of the import preview (a vCard with problems, a CSV's column mapping) and the export dialog."""

from __future__ import annotations

import shutil

import pytest

from tui import contacts
from tui.app import CrmApp
from tui.contacts import ContactInput

from ..helpers import SAMPLES, settle, type_into

SIZE = (120, 36)


@pytest.fixture
def samples_here(tmp_path, monkeypatch):
    """The sample files in the working folder, so the dialog shows a short path on every machine."""
    for name in ("awkward.vcf", "generic.csv"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def previewing(path: str):
    """A run_before that opens the contacts, then the import dialog, and previews `path`."""

    async def run(pilot) -> None:
        await settle(pilot)
        for key in ("c", "I"):
            await pilot.press(key)
            await settle(pilot)
        await type_into(pilot, "#import-path", path)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)

    return run


def test_import_preview_of_a_vcard_with_problems(snap_compare, db_path, signed_in, samples_here):
    contacts.add_contact(signed_in, ContactInput(name="Doe, Jane", emails=["jane@example.org"]))
    assert snap_compare(CrmApp(str(db_path), signed_in), terminal_size=SIZE, run_before=previewing("awkward.vcf"))


def test_import_preview_of_a_csv_with_its_column_mapping(snap_compare, db_path, signed_in, samples_here):
    assert snap_compare(CrmApp(str(db_path), signed_in), terminal_size=SIZE, run_before=previewing("generic.csv"))


def test_export_dialog(snap_compare, db_path, signed_in):
    async def run(pilot) -> None:
        await settle(pilot)
        for key in ("c", "E"):
            await pilot.press(key)
            await settle(pilot)

    assert snap_compare(CrmApp(str(db_path), signed_in), terminal_size=SIZE, run_before=run)
