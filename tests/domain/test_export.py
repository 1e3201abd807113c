"""Export: vCard 4.0 that our import reads back unchanged, CSV, JSON of everything a user owns; files written whole
or not at all. `crm export`: tests/cli/test_export_cli.py."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tui import (
    contacts,
    deals,
    exporting,
    importing,
    interactions,
    products,
    reminders,
    tasks,
    templates,
    vip,
)
from tui.contacts import ContactInput
from tui.deals import DealInput
from tui.errors import CrmError
from tui.interactions import InteractionInput
from tui.tasks import TaskInput

from ..helpers import SAMPLES, by_name, fill_address_book

DERIVED = ("id", "updated_at", "status", "last_contacted")
"""What a fresh account cannot share with the original: its own ids, edit times and contact history."""


@pytest.fixture
def address_book(actor):
    """Contacts with every kind of value an export must carry."""
    return fill_address_book(actor)


def named(actor, name: str):
    """A contact by its exact name (contacts.find_contact folds case with SQLite's lower(), ASCII only)."""
    from tui.models import Contact

    return Contact.get((Contact.owner == actor.user_id) & (Contact.name == name))


def exported(actor, fmt: str) -> str:
    buffer = io.StringIO()
    exporting.export(actor, fmt, buffer)
    return buffer.getvalue()


def comparable(actor) -> dict[str, dict]:
    return {
        name: {key: value for key, value in record.items() if key not in DERIVED}
        for name, record in by_name(actor).items()
    }


def test_vcard_export_imports_back_unchanged_into_a_fresh_account(address_book, other_actor, tmp_path):
    path = tmp_path / "contacts.vcf"
    assert exporting.export_to_path(address_book, "vcard", path) == 3
    report = importing.import_file(other_actor, path)
    assert (report.created, report.rejected, report.notes) == (3, [], [])
    assert report.fields == ["Met at", "Shirt"]
    assert comparable(other_actor) == comparable(address_book)
    ann = named(other_actor, "Ann-Sofie Ødegård, Jr.")
    assert vip.read_sections(other_actor, ann.id).social_links == (
        "https://ann.example/blog",
        "https://mastodon.example/@ann",
    )
    again = importing.import_file(other_actor, path)
    assert (again.created, again.merged, again.unchanged) == (0, 0, 3)


def test_vcard_export_into_the_same_account_changes_nothing(address_book, db_path, tmp_path):
    from ..stored import fingerprint

    path = tmp_path / "contacts.vcf"
    exporting.export_to_path(address_book, "vcard", path)
    before = fingerprint(db_path)
    report = importing.import_file(address_book, path)
    assert (report.created, report.merged, report.unchanged) == (0, 0, 3)
    assert fingerprint(db_path) == before


def test_the_vcard_export_is_well_formed_vcard_4(address_book):
    import vobject

    text = exported(address_book, "vcard")
    assert text.count("BEGIN:VCARD\r\nVERSION:4.0\r\n") == 3
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert "\n" not in text.replace("\r\n", "")
    cards = list(vobject.readComponents(text))  # another reader agrees
    assert sorted(card.fn.value for card in cards) == ["Ann-Sofie Ødegård, Jr.", "Plain", "王小明"]
    assert "BDAY:--0229\r\n" in text and "ANNIVERSARY:20120609\r\n" in text
    assert "ORG:Nordlys\\; Søn & Co\r\n" in text
    assert 'X-CRM-FIELD;X-NAME="Met at":PyCon\\, Oslo\r\n' in text


def test_the_sample_address_books_survive_export_and_import(actor, other_actor, tmp_path):
    for name in ("apple.vcf", "google.vcf", "outlook.vcf", "android.vcf", "awkward.vcf", "google.csv", "linkedin.csv"):
        importing.import_file(actor, SAMPLES / name)
    path = tmp_path / "all.vcf"
    exporting.export_to_path(actor, "vcard", path)
    importing.import_file(other_actor, path)
    assert comparable(other_actor) == comparable(actor)


def test_csv_export(address_book):
    rows = list(csv.reader(io.StringIO(exported(address_book, "csv"))))
    assert rows[0] == [*exporting.CSV_COLUMNS, "field: Met at", "field: Shirt"]
    ann = dict(zip(rows[0], rows[1], strict=True))
    assert ann["name"] == "Ann-Sofie Ødegård, Jr." and ann["emails"] == "ann@example.org; Ann.S@work.example"
    assert ann["tags"] == "a;b; Climbing; friends" and ann["vip"] == "yes" and ann["birthday"] == "--02-29"
    assert ann["address"] == "Storgata 1\n9008 Tromsø\nNorway"
    assert ann["field: Met at"] == "PyCon, Oslo" and ann["created_at"] == "2026-11-20T10:30:00Z"
    assert dict(zip(rows[0], rows[2], strict=True))["archived"] == "yes"
    assert len(rows) == 4


def test_json_export_holds_everything_the_user_owns_and_nothing_else(address_book, other_actor):
    actor = address_book
    ann = named(actor, "Ann-Sofie Ødegård, Jr.")
    interactions.log_interaction(
        actor, ann.id, InteractionInput("video", "2026-11-18 09:00", "Call", "Talked boats", follow_up="2026-11-25")
    )
    product = products.add_product(actor, "Consulting", "Day rate")
    deal = deals.add_deal(
        actor, DealInput(title="Fleet", contact_id=ann.id, value="12,500", currency="NOK", product_id=product.id)
    )
    deals.move_deal(actor, deal.id, "qualified")
    tasks.add_task(actor, TaskInput(title="Send the slides", due="2026-11-22", contact_id=ann.id))
    reminders.add_custom(actor, ann.id, "2026-11-21 10:00", "Call about the fleet")
    templates.list_templates(actor)  # the default templates are made on first use
    contacts.add_contact(other_actor, ContactInput(name="Someone else", emails=["else@example.org"]))
    document = json.loads(exported(actor, "json"))
    assert document["format"] == "crm-export" and document["version"] == 1
    assert document["account"]["email"] == "ada@example.org" and "smtp.password" not in document["account"]["settings"]
    assert [record["name"] for record in document["contacts"]] == ["Ann-Sofie Ødegård, Jr.", "王小明", "Plain"]
    first = document["contacts"][0]
    assert first["tags"] == ["a;b", "Climbing", "friends"] and first["custom_fields"] == {
        "Met at": "PyCon, Oslo",
        "Shirt": "M",
    }
    assert first["background"]["family"] == "Two cats"
    assert first["contact_info"]["social_links"] == ["https://ann.example/blog", "https://mastodon.example/@ann"]
    assert first["created_at"] == "2026-11-20T10:30:00Z"
    assert [item["notes"] for item in document["interactions"]] == ["Talked boats"]
    [exported_deal] = document["deals"]
    assert exported_deal["value_milli"] == 12_500_000 and exported_deal["product_id"] == product.id
    assert [(move["from_stage"], move["to_stage"]) for move in exported_deal["stage_history"]] == [
        (None, "lead"),
        ("lead", "qualified"),
    ]
    assert [task["title"] for task in document["tasks"]] == ["Send the slides"]
    assert any(reminder["title"] == "Call about the fleet" for reminder in document["reminders"])
    assert {company["name"] for company in document["companies"]} == {"Nordlys; Søn & Co"}
    assert [field["name"] for field in document["custom_fields"]] == ["Met at", "Shirt"]
    assert document["templates"] and document["products"][0]["name"] == "Consulting"
    assert {entry["action"] for entry in document["audit_log"]} >= {"update"}  # the archive
    text = json.dumps(document)
    assert "Someone else" not in text and "password_hash" not in text and "token" not in text


def test_an_empty_account_exports_empty_documents(actor):
    assert exported(actor, "vcard") == ""
    assert list(csv.reader(io.StringIO(exported(actor, "csv")))) == [list(exporting.CSV_COLUMNS)]
    document = json.loads(exported(actor, "json"))
    assert document["contacts"] == [] and document["deals"] == []


def test_export_to_a_file_is_all_or_nothing(address_book, tmp_path, monkeypatch):
    target = tmp_path / "contacts.vcf"
    target.write_text("the previous export")

    def broken(actor, out):
        out.write("BEGIN:VCARD\r\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(exporting.WRITERS, "vcard", broken)
    with pytest.raises(CrmError, match="cannot write .*: no space left on device"):
        exporting.export_to_path(address_book, "vcard", target)
    assert target.read_text() == "the previous export"
    assert [path.name for path in tmp_path.iterdir() if not path.name.startswith("crm.db")] == ["contacts.vcf"]


def test_export_paths_that_cannot_be_written(actor, tmp_path):
    with pytest.raises(CrmError, match="is a folder: give a file name"):
        exporting.export_to_path(actor, "vcard", tmp_path)
    with pytest.raises(CrmError, match="the folder .* does not exist"):
        exporting.export_to_path(actor, "csv", tmp_path / "missing" / "out.csv")
