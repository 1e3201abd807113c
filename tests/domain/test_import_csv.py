"""CSV import: Google Contacts (both of its layouts), LinkedIn's Connections.csv, Outlook, and any CSV
through a column mapping guessed from its header and changeable. `crm import` of CSV files:
tests/cli/test_import_csv_cli.py."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest

from tui import contacts, csv_formats, custom_fields, exporting, importing
from tui.contacts import ContactInput
from tui.errors import CrmError

from ..helpers import SAMPLES, by_name, links_of
from ..stored import fingerprint


def csv_file(tmp_path: Path, text: str, name: str = "people.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def test_google_contacts_csv(actor):
    report = importing.import_file(actor, SAMPLES / "google.csv")
    assert report.format == "google"
    assert (report.created, [(item.line, item.reason) for item in report.rejected]) == (
        3,
        [(7, "the row has no name, company, e-mail or phone")],
    )
    sam = by_name(actor)["Sam Carter"]
    assert sam["emails"] == ["sam.carter@example.com", "sam@carter.example", "scarter@initech.example"]  # :::
    assert sam["phones"] == ["+14155550134", "+14155550199"]
    assert sam["tags"] == ["Friends", "Hiking"]  # "* myContacts" is Google's, not a tag
    assert sam["address"] == "742 Evergreen Terrace\nSpringfield, OR 97403\nUnited States"  # as Google formats it
    assert sam["location"] == "Springfield, United States"
    assert (sam["birthday"], sam["anniversary"]) == ("--03-14", "2015-06-20")  # Event 1 labelled Anniversary
    assert sam["notes"] == "Introduced by Priya, wants a demo in Q1."
    assert sam["picture_url"] == "https://lh3.googleusercontent.com/contacts/AB1cD2eF3gH4"
    assert links_of(actor, "Sam Carter") == ("https://samcarter.example",)
    assert by_name(actor)["Blue Bottle Coffee"]["company"] == "Blue Bottle Coffee"


def test_google_legacy_csv_with_a_byte_order_mark(actor):
    report = importing.import_file(actor, SAMPLES / "google_legacy.csv")
    assert (report.format, report.created, report.warnings) == ("google", 1, [])
    emilie = by_name(actor)["Émilie Lefèvre"]
    assert emilie["tags"] == ["Famille"]  # "* My Contacts" left out
    assert emilie["address"] == "12 rue de la République\n69002 Lyon\nFrance"
    assert (emilie["company"], emilie["title"], emilie["location"]) == ("Atelier Lefèvre", "Architecte", "Lyon")


def test_linkedin_connections_with_its_notes_preamble(actor):
    report = importing.import_file(actor, SAMPLES / "linkedin.csv")
    assert (report.format, report.created, report.rejected) == ("linkedin", 3, [])
    grace = contacts.find_contact(actor, "Grace Hopper")
    assert grace.created_at == datetime(2019, 12, 9)  # "Connected On" is when the contact was added
    assert grace.external_id == "linkedin:https://www.linkedin.com/in/gracehopper"
    assert links_of(actor, "Grace Hopper") == ("https://www.linkedin.com/in/gracehopper",)
    katherine = by_name(actor)["Katherine Johnson"]
    assert (katherine["company"], katherine["title"]) == ("NASA", "Mathematician, Flight Research")
    assert katherine["emails"] == []
    again = importing.import_file(actor, SAMPLES / "linkedin.csv")
    assert (again.created, again.unchanged) == (0, 3)


def test_linkedin_rows_are_numbered_by_their_line_in_the_file(actor):
    source = importing.read_source(SAMPLES / "linkedin.csv")
    assert [(item.where, item.line) for item in source.items] == [("line 5", 5), ("line 6", 6), ("line 7", 7)]


def test_outlook_csv_in_windows_1252(actor):
    report = importing.import_file(actor, SAMPLES / "outlook.csv")
    assert (report.format, report.created) == ("outlook", 2)
    assert "is not UTF-8: read as Windows-1252" in report.warnings[0]
    juergen = by_name(actor)["Jürgen Müller"]  # Outlook's "Title" (Hr.) is no part of the name
    assert (juergen["company"], juergen["title"]) == ("Brötchen & Co. KG", "Geschäftsführer")
    assert (juergen["birthday"], juergen["anniversary"]) == ("1970-01-15", "2012-06-09")  # month first
    assert juergen["tags"] == ["Kunden", "VIP"]
    assert juergen["notes"] == "Kunde seit 2015.\nGrüße an die Familie."
    assert juergen["address"] == "Friedrichstraße 100\n10117 Berlin\nDeutschland"
    chloe = by_name(actor)["Chloé Dubois"]
    assert chloe["birthday"] == "1996-02-29" and chloe["anniversary"] is None  # 0/0/00 is Outlook's "none"
    assert chloe["location"] == "Paris, France"


def test_outlook_unicode_export_is_utf16_and_tab_separated(actor, tmp_path):
    path = tmp_path / "outlook-unicode.csv"
    text = (
        "First Name\tLast Name\tE-mail Address\tMobile Phone\r\n"
        "Łukasz\tKowalski\tlukasz@example.pl\t+48 601 234 567\r\n"
    )
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    report = importing.import_file(actor, path)
    assert (report.format, report.created) == ("outlook", 1)
    assert by_name(actor)["Łukasz Kowalski"]["phones"] == ["+48601234567"]


def test_a_generic_csv_gets_a_mapping_guessed_from_its_header(actor):
    source = importing.read_source(SAMPLES / "generic.csv")
    assert source.format == "csv" and source.layout.delimiter == ";"
    assert source.layout.mapping == ("name", "emails", "phones", "company", "birthday", "notes", "ignore")
    report = importing.apply_import(actor, source)
    assert report.created == 2
    assert [(item.line, item.reason) for item in report.rejected] == [
        (4, "the row has no name, company, e-mail or phone"),
        (5, "the row has 8 cells, the header names 7 columns (a stray delimiter or quote?)"),
    ]
    juergen = by_name(actor)["Jürgen Müller"]
    assert juergen["birthday"] == "1970-01-15" and juergen["notes"] == "Mag Kaffee, schwarz."
    assert by_name(actor)["Søren Larsen"]["emails"] == ["soren@example.dk", "s.larsen@work.example"]
    assert contacts.find_contact(actor, "Jürgen Müller").created_at == datetime(2026, 11, 20, 10, 30)


def test_the_mapping_can_be_changed_by_column_name(actor):
    source = importing.read_source(SAMPLES / "generic.csv", mapping={"Kontakt seit": "added on", "Notizen": "ignore"})
    assert source.layout.mapping[-2:] == ("ignore", "created_at")
    importing.apply_import(actor, source)
    juergen = contacts.find_contact(actor, "Jürgen Müller")
    assert juergen.created_at == datetime(2020, 5, 1) and juergen.notes == ""


def test_a_whole_mapping_replaces_the_guess(actor):
    headers = importing.read_source(SAMPLES / "generic.csv").layout.headers
    mapping = ["name", "emails", "ignore", "title", "ignore", "ignore", "ignore"]
    source = importing.read_source(SAMPLES / "generic.csv", mapping=mapping)
    assert len(headers) == len(mapping) and source.layout.mapping == tuple(mapping)
    importing.apply_import(actor, source)
    juergen = by_name(actor)["Jürgen Müller"]
    assert (juergen["title"], juergen["company"], juergen["phones"]) == ("Brötchen & Co. KG", "", [])


def test_wrong_mapping_names_are_refused_clearly(tmp_path):
    with pytest.raises(CrmError, match="the file has no column 'Fax'"):
        importing.read_source(SAMPLES / "generic.csv", mapping={"Fax": "phones"})
    with pytest.raises(CrmError, match="'shoe size' is not something a column can be imported as"):
        importing.read_source(SAMPLES / "generic.csv", mapping={"Notizen": "shoe size"})


def test_a_csv_without_a_name_email_or_phone_column_asks_for_a_mapping(actor, tmp_path):
    path = csv_file(tmp_path, "Kunde,Anruf\nMeier,gestern\n")
    with pytest.raises(
        CrmError,
        match=r"has no column for a name, e-mail or phone \(columns: 'Kunde', 'Anruf'\); "
        r"choose the columns with --map",
    ):
        importing.read_source(path)
    report = importing.import_file(actor, path, mapping={"Kunde": "name"})
    assert report.created == 1 and by_name(actor)["Meier"]["notes"] == ""


def test_quoted_line_breaks_keep_the_line_numbers_right(actor, tmp_path):
    path = csv_file(
        tmp_path, 'name,notes,email\nA,"one\ntwo\nthree",a@example.org\nB,,not-mail\n,,\nC,x,c@example.org\n'
    )
    report = importing.import_file(actor, path)
    assert report.created == 3
    assert [(item.where, item.message.split(" is ")[0]) for item in report.notes] == [("line 5", "e-mail: 'not-mail'")]
    assert by_name(actor)["A"]["notes"] == "one\ntwo\nthree"


def test_generic_custom_fields_flags_and_ids(actor, tmp_path):
    custom_fields.define_field(actor, "Shoe size", "number")
    path = csv_file(
        tmp_path, "uid,name,vip,active,cadence_days,field: Shoe size,field: Met at\np-1,Ann,yes,no,14,42,PyCon\n"
    )
    report = importing.import_file(actor, path)
    assert report.fields == ["Met at"]  # defined as a text field
    ann = by_name(actor)["Ann"]
    assert (ann["vip"], ann["active"], ann["cadence_days"]) == (True, False, 14)
    assert ann["custom_fields"] == {"Shoe size": "42", "Met at": "PyCon"}
    assert contacts.find_contact(actor, "Ann").external_id == "p-1"


def test_csv_rows_without_an_id_get_a_stable_key_so_a_second_import_adds_nothing(actor, db_path):
    for name in ("google.csv", "google_legacy.csv", "outlook.csv", "generic.csv"):
        importing.import_file(actor, SAMPLES / name)
    before = fingerprint(db_path)
    for name in ("google.csv", "google_legacy.csv", "outlook.csv", "generic.csv"):
        again = importing.import_file(actor, SAMPLES / name)
        assert (again.created, again.merged) == (0, 0), name
    assert fingerprint(db_path) == before


def test_a_csv_row_merges_into_a_contact_with_the_same_email(actor):
    existing = contacts.add_contact(actor, ContactInput(name="G. Hopper", emails=["grace@navy.example"]))
    report = importing.import_file(actor, SAMPLES / "linkedin.csv")
    assert (report.created, report.merged) == (2, 1)
    grace = contacts.get_contact(actor, existing.id)
    assert grace.name == "G. Hopper" and grace.title == "Rear Admiral"
    assert grace.created_at == datetime(2026, 11, 20, 10, 30)  # a merge never changes when it was added


def test_our_own_csv_export_imports_back_into_a_fresh_account(actor, other_actor, tmp_path):
    contacts.add_contact(
        actor,
        ContactInput(
            name="Ann Lee",
            emails=["ann@example.org", "a.lee@work.example"],
            phones=["+44 20 7946 0018"],
            tags=["friends", "climbing"],
            notes="Line one,\nline two; three",
            birthday="--02-29",
            vip=True,
        ),
    )
    buffer = io.StringIO()
    exporting.write_csv(actor, buffer)
    path = tmp_path / "export.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    report = importing.import_file(other_actor, path)
    assert (report.format, report.created) == ("csv", 1)
    mine, theirs = by_name(actor)["Ann Lee"], by_name(other_actor)["Ann Lee"]
    for key in ("emails", "phones", "tags", "notes", "birthday", "vip", "active", "created_at"):
        assert mine[key] == theirs[key], key


@pytest.mark.parametrize(
    "header, target",
    [
        ("E-Mail", "emails"),
        ("Email 2", "emails"),
        ("Mobile Phone", "phones"),
        ("Given Name", "first_name"),
        ("Surname", "last_name"),
        ("Organisation", "company"),
        ("Job Title", "title"),
        ("Date of Birth", "birthday"),
        ("Categories", "tags"),
        ("Website", "links"),
        ("Connected On", "created_at"),
        ("Shoe size", "ignore"),
        ("field: Met at", "custom:Met at"),
    ],
)
def test_header_names_map_to_fields(header, target):
    assert csv_formats.generic_target(header) == target


@pytest.mark.parametrize(
    "text, stored",
    [
        ("1985-03-14", "1985-03-14"),
        ("--03-14", "--03-14"),
        ("14.03.1985", "1985-03-14"),
        ("3/14/1985", "1985-03-14"),
        ("14/3/1985", "1985-03-14"),
        ("14 Mar 1985", "1985-03-14"),
        ("March 14, 1985", "1985-03-14"),
        ("0/0/00", ""),
        ("2/29/1996", "1996-02-29"),
        ("sometime in spring", "sometime in spring"),
    ],
)
def test_dates_as_address_books_write_them(text, stored):
    from tui.drafts import yearly_date

    assert yearly_date(text) == stored
