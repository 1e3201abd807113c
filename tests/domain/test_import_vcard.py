"""vCard import: the cards Apple, Google, Outlook and Android write, the awkward cases, merging, dry runs,
one transaction. `crm import` on the command line, and an import process killed while it writes:
tests/cli/test_import_vcard_cli.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui import audit, contacts, importing, reminders
from tui.contacts import ContactInput
from tui.errors import CrmError
from tui.importing import ImportCancelled
from tui.models import AuditLog, Contact, Reminder

from ..helpers import SAMPLES, by_name, links_of
from ..stored import fingerprint


def card_file(tmp_path: Path, text: str, name: str = "cards.vcf") -> Path:
    path = tmp_path / name
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8", newline="")
    return path


# -- what real address books write ---------------------------------------------------------------


def test_apple_cards_keep_item_labels_yearless_leap_birthday_and_every_address(actor):
    report = importing.import_file(actor, SAMPLES / "apple.vcf")
    assert (report.created, report.merged, report.rejected) == (3, 0, [])
    anna = by_name(actor)["Anna Müller"]
    assert anna["emails"] == ["anna.mueller@example.de", "A.Mueller@mueller-soehne.example"]
    assert anna["phones"] == ["+491701234567", "+493098765432"]
    assert anna["whatsapp"] == "+4915111122233"  # item4.TEL labelled WhatsApp
    assert anna["instagram"] == "anna.mueller"  # X-SOCIALPROFILE
    assert anna["company"] == "Müller & Söhne GmbH" and anna["title"] == "Head of Sales"
    assert anna["birthday"] == "--02-29"  # BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29
    assert anna["anniversary"] == "2012-06-09"  # item5.X-ABDATE labelled _$!<Anniversary>!$_
    assert anna["address"] == ("Hauptstraße 5\n10115 Berlin\nGermany\n\nFriedrichstraße 100\n10117 Berlin\nGermany")
    assert anna["location"] == "Berlin, Germany"
    assert anna["notes"] == (
        "Met at PyCon DE 2023 in Berlin, talked about data pipelines for an hour.\n"
        "Likes climbing and espresso; allergic to nuts."
    )
    assert anna["tags"] == ["Berlin", "Kunden"]
    assert anna["picture_url"] == ""  # the embedded JPEG is skipped
    assert links_of(actor, "Anna Müller") == ("https://anna-mueller.example.de",)
    assert contacts.find_contact(actor, "Anna Müller").external_id == "3F2504E0-4F89-11D3-9A0C-0305E82C3301"
    jose = by_name(actor)["José María Núñez"]
    assert (jose["birthday"], jose["anniversary"]) == ("1988-11-20", "--07-15")
    shop = by_name(actor)["Blue Bottle Coffee"]
    assert shop["company"] == "Blue Bottle Coffee" and shop["phones"] == ["+15106533394"]


def test_google_cards_drop_its_own_groups_and_unescape_its_urls(actor):
    importing.import_file(actor, SAMPLES / "google.vcf")
    sam = by_name(actor)["Sam Carter"]
    assert sam["tags"] == ["Friends", "Hiking"]  # not myContacts
    assert sam["birthday"] == "--03-14"
    assert sam["picture_url"] == "https://lh3.googleusercontent.com/contacts/AB1cD2eF3gH4"
    assert links_of(actor, "Sam Carter") == ("https://samcarter.example",)  # URL:https\://...
    assert sam["address"] == "742 Evergreen Terrace\n97403 Springfield, OR\nUnited States"
    priya = by_name(actor)["Priya Raman"]
    assert priya["emails"] == ["priya.raman@example.in", "priya@raman-consulting.example"]  # item1.EMAIL
    assert priya["anniversary"] == "2016-12-03"  # X-ANNIVERSARY


def test_outlook_21_in_windows_1252_with_quoted_printable_soft_line_breaks(actor):
    report = importing.import_file(actor, SAMPLES / "outlook.vcf")
    assert report.created == 1
    assert report.warnings == [
        f"{SAMPLES / 'outlook.vcf'} is not UTF-8: read as Windows-1252 (Western European); "
        "if names look wrong, save the file as UTF-8 and import it again"
    ]
    juergen = by_name(actor)["Jürgen Müller"]
    assert juergen["title"] == "Geschäftsführer" and juergen["company"] == "Brötchen & Co. KG"
    # vCard 2.1 never escapes commas: the whole note is kept, the soft line break joined.
    assert juergen["notes"] == "Kunde seit 2015. Bevorzugt Anrufe am Vormittag, nie vor 9 Uhr.\nGrüße an die Familie."
    assert juergen["birthday"] == "1970-01-15"
    assert juergen["phones"] == ["+49301234567", "+491712345678"]


def test_android_21_quoted_printable_utf8_names_and_its_photo_left_out(actor):
    report = importing.import_file(actor, SAMPLES / "android.vcf")
    assert (report.created, report.rejected) == (2, [])
    wang = by_name(actor)["王小明"]
    assert wang["notes"] == "我们在上海见过面。他喜欢喝茶和下棋，周末常去爬山。下次带一盒龙井茶给他。"
    assert wang["phones"] == ["+8613800138000", "+862161234567"]
    assert wang["birthday"] == "1992-08-03"
    zoe = by_name(actor)["Zoë Dvořák"]
    assert zoe["company"] == "Škoda Digital" and zoe["emails"] == ["zoe.dvorak@example.cz"]


# -- the awkward cases ---------------------------------------------------------------------------


def test_awkward_cards_each_imported_or_rejected_with_its_place_and_reason(actor):
    report = importing.import_file(actor, SAMPLES / "awkward.vcf")
    assert report.read == 8 and report.created == 4
    assert [(item.where, item.line, item.reason) for item in report.rejected] == [
        ("card 3", 32, "unreadable card: line 35 cannot be read: 'EMAIL;TYPE=\"home:broken@example.org'"),
        ("line 37", 37, "text outside any card (BEGIN:VCARD … END:VCARD): 'This line is not part of any card.'"),
        ("card 4", 38, "the card has no name, organisation, e-mail or phone"),
        ("card 7", 57, "the card has no END:VCARD (the file may be cut short)"),
    ]
    people = by_name(actor)
    john = people["Smith, John"]
    assert (john["birthday"], john["anniversary"]) == ("--02-29", "--02-14")
    assert john["emails"] == ["john.smith@work.example", "JOHN@home.example"]  # the repeat is dropped
    assert john["phones"] == ["+442079460018", "+441614960753"]
    assert john["address"].count("London") == 2 and john["instagram"] == "john_smith"
    assert john["picture_url"] == "https://example.com/photos/john.jpg"
    folded = people["Ørjan Søndergård-Bjørnstjernesønn Kristoffersen-Aaløkken fra Tromsø"]
    assert folded["birthday"] == "1984-02-29"
    assert folded["notes"].startswith("Ørjan kom fra Tromsø, møtte oss på konferansen i Bergen; han driver")
    assert people["Doe, Jane"]["notes"] == "Tea, not coffee; mornings only."


def test_values_that_do_not_fit_are_kept_in_the_notes_and_reported(actor):
    report = importing.import_file(actor, SAMPLES / "awkward.vcf")
    val = by_name(actor)["Vague Val"]
    assert val["emails"] == ["val@example.org"] and val["phones"] == [] and val["birthday"] is None
    assert val["notes"] == (
        "From the import, not read as fields:\ne-mail: not-an-email\nphone: call me maybe\nbirthday: circa 1800"
    )
    assert [(item.where, item.message) for item in report.notes] == [
        ("card 5", "e-mail: 'not-an-email' is not an e-mail address (expected name@example.com)"),
        ("card 5", "phone: 'call me maybe' is not a phone number (digits, spaces, + ( ) - . only)"),
        ("card 5", "birthday: 'circa 1800' is not a date: use YYYY-MM-DD, or --MM-DD without a year"),
    ]


@pytest.mark.parametrize(
    "value, stored",
    [
        ("--0229", "--02-29"),
        ("--02-29", "--02-29"),
        ("--1231", "--12-31"),
        ("19840229", "1984-02-29"),
        ("1984-02-29", "1984-02-29"),
        ("1990-05-17T00:00:00Z", "1990-05-17"),
        ("0000-07-04", "--07-04"),
    ],
)
def test_birthday_forms(actor, tmp_path, value, stored):
    importing.import_file(actor, card_file(tmp_path, f"BEGIN:VCARD\nVERSION:4.0\nFN:B\nBDAY:{value}\nEND:VCARD\n"))
    assert by_name(actor)["B"]["birthday"] == stored


def test_apple_omit_year_and_a_29_february_in_a_year_that_has_none(actor, tmp_path):
    path = card_file(
        tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Leap\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29\n"
        "ANNIVERSARY:2023-02-29\nEND:VCARD\n",
    )
    report = importing.import_file(actor, path)
    assert by_name(actor)["Leap"]["birthday"] == "--02-29"
    assert by_name(actor)["Leap"]["anniversary"] is None  # 2023 has no 29 February: kept in the notes
    assert report.notes[0].message.startswith("anniversary: '2023-02-29' is not a date")


def test_a_folder_of_vcf_files_one_card_each(actor, tmp_path):
    folder = tmp_path / "cards"
    folder.mkdir()
    shutil.copy(SAMPLES / "google.vcf", folder / "google.vcf")
    card_file(folder, "BEGIN:VCARD\nVERSION:3.0\nFN:Solo\nEMAIL:solo@example.org\nEND:VCARD\n", "solo.vcf")
    card_file(folder, "not a card at all\n", "junk.vcf")
    (folder / "notes.txt").write_text("ignored: not a .vcf file")
    report = importing.import_file(actor, folder)
    assert report.created == 3
    assert [(item.where, item.reason) for item in report.rejected] == [
        ("junk.vcf", "not a vCard file: no vCard in it (no BEGIN:VCARD line)")
    ]
    assert set(by_name(actor)) == {"Sam Carter", "Priya Raman", "Solo"}


def test_a_folder_names_each_card_by_its_file(actor, tmp_path):
    folder = tmp_path / "cards"
    folder.mkdir()
    card_file(folder, "BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n", "empty-card.vcf")
    shutil.copy(SAMPLES / "awkward.vcf", folder / "awkward.vcf")
    wheres = [item.where for item in importing.preview(actor, importing.read_source(folder)).rejected]
    assert wheres == [
        "awkward.vcf card 3",
        "awkward.vcf line 37",
        "awkward.vcf card 4",
        "awkward.vcf card 7",
        "empty-card.vcf",
    ]


# -- bad files: one clear error, nothing written --------------------------------------------------


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "is empty: nothing to import"),
        (b"\n\n   \n", "is empty: nothing to import"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file (it holds NUL bytes), not a vCard or CSV file"),
        (b"Dear Ada,\nthank you for the lovely evening.\n", "is not a vCard, and as a CSV has no column for a name"),
    ],
)
def test_files_that_are_not_address_books_are_refused_whole(actor, db_path, tmp_path, content, message):
    path = tmp_path / "file.txt"
    path.write_bytes(content)
    before = fingerprint(db_path)
    with pytest.raises(CrmError) as refused:
        importing.import_file(actor, path)
    assert message in str(refused.value)
    assert fingerprint(db_path) == before


def test_a_vcf_without_cards_and_missing_paths_are_refused(actor, tmp_path):
    path = tmp_path / "empty-cards.vcf"
    path.write_text("VERSION:3.0\nFN:Nobody\n")
    with pytest.raises(CrmError, match="is not a vCard file: no vCard in it"):
        importing.read_source(path)
    with pytest.raises(CrmError, match="does not exist"):
        importing.read_source(tmp_path / "missing.vcf")
    (tmp_path / "empty-folder").mkdir()
    with pytest.raises(CrmError, match="a folder without .vcf files"):
        importing.read_source(tmp_path / "empty-folder")


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n" * 1000)
    with pytest.raises(CrmError, match=r"is 0 MB: larger than the 0 MB an import reads; split it"):
        importing.read_source(path, max_bytes=1000)


def test_a_50_mb_export_full_of_photos_is_streamed_and_imports(actor, tmp_path):
    photo = "".join(f" {'QUJDRA' * 12}{index % 10}\r\n" for index in range(1400))  # ~100 KB of base64
    path = tmp_path / "photos.vcf"
    with path.open("w", encoding="utf-8", newline="") as out:
        for number in range(500):
            out.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {number}\r\nEMAIL:p{number}@example.org\r\n"
                f"PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ\r\n{photo}END:VCARD\r\n"
            )
    assert path.stat().st_size > 50_000_000
    report = importing.import_file(actor, path)
    assert (report.created, report.rejected) == (500, [])
    assert Contact.select().where(Contact.picture_url != "").count() == 0


# -- matching, merging, idempotence ---------------------------------------------------------------


def test_importing_the_same_files_twice_creates_nothing_new(actor):
    for name in ("apple.vcf", "google.vcf", "outlook.vcf", "android.vcf", "awkward.vcf"):
        importing.import_file(actor, SAMPLES / name)
    count = Contact.select().count()
    for name in ("apple.vcf", "google.vcf", "outlook.vcf", "android.vcf", "awkward.vcf"):
        again = importing.import_file(actor, SAMPLES / name)
        assert (again.created, again.merged) == (0, 0), name
    assert Contact.select().count() == count


def test_a_match_by_email_fills_empty_fields_adds_what_is_new_and_overwrites_nothing(actor, tmp_path):
    existing = contacts.add_contact(
        actor,
        ContactInput(
            name="Sam C.", emails=["SAM.CARTER@example.com"], phones=["+1 415 555 0100"], title="PM", tags=["golf"]
        ),
    )
    report = importing.import_file(actor, SAMPLES / "google.vcf")
    assert (report.created, report.merged) == (1, 1)
    sam = contacts.contact_dict(actor, contacts.get_contact(actor, existing.id))
    assert sam["name"] == "Sam C." and sam["title"] == "PM"  # never overwritten
    assert sam["emails"] == ["SAM.CARTER@example.com", "scarter@initech.example"]  # e-mail matched in any case
    assert sam["phones"] == ["+14155550100", "+14155550134", "(415) 555-0199"]
    assert sam["tags"] == ["Friends", "golf", "Hiking"]
    assert sam["company"] == "Initech" and sam["birthday"] == "--03-14"  # empty fields filled
    assert contacts.get_contact(actor, existing.id).external_id.startswith("vcard:")
    entry = AuditLog.select().where(AuditLog.record_id == existing.id).get()
    assert entry.action == "update" and entry.old_values["company"] in ("", None)
    assert entry.new_values["company"] == "Initech"
    assert audit.contact_history(actor, existing.id)
    again = importing.import_file(actor, SAMPLES / "google.vcf")
    assert (again.created, again.merged, again.unchanged) == (0, 0, 2)


def test_a_match_by_phone_when_no_email_matches(actor, tmp_path):
    existing = contacts.add_contact(actor, ContactInput(name="Grandma", phones=["+86 138 0013 8000"]))
    report = importing.import_file(actor, SAMPLES / "android.vcf")
    assert (report.created, report.merged) == (1, 1)
    merged = contacts.contact_dict(actor, contacts.get_contact(actor, existing.id))
    assert merged["name"] == "Grandma" and merged["emails"] == ["xiaoming.wang@example.cn"]


def test_the_same_name_alone_is_reported_as_a_possible_duplicate_not_merged(actor):
    contacts.add_contact(actor, ContactInput(name="anna müller", emails=["other@example.org"]))
    report = importing.import_file(actor, SAMPLES / "apple.vcf")
    assert report.created == 3 and report.merged == 0
    [duplicate] = report.duplicates
    assert (duplicate.where, duplicate.line, duplicate.name) == ("card 1", 1, "Anna Müller")
    assert duplicate.matches[0].endswith("anna müller")


def test_two_cards_of_one_file_for_the_same_person_make_one_contact(actor, tmp_path):
    path = card_file(
        tmp_path,
        "BEGIN:VCARD\nVERSION:3.0\nFN:Kim Lee\nEMAIL:kim@example.org\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Kim Lee (work)\nEMAIL:KIM@example.org\n"
        "TEL:+82 2 312 3456\nTITLE:Designer\nEND:VCARD\n",
    )
    report = importing.import_file(actor, path)
    assert (report.created, report.merged) == (1, 1)
    kim = by_name(actor)["Kim Lee"]
    assert kim["phones"] == ["+8223123456"] and kim["title"] == "Designer"


def test_a_birthday_inside_the_planned_days_gets_its_reminder(actor, tmp_path):
    reminders.plan(actor)
    # Today is 20 November: a birthday on the 22nd is reminded of today (two days ahead).
    path = card_file(tmp_path, "BEGIN:VCARD\nVERSION:3.0\nFN:Soon\nBDAY:--11-22\nEND:VCARD\n")
    importing.import_file(actor, path)
    soon = contacts.find_contact(actor, "Soon")
    [reminder] = Reminder.select().where((Reminder.contact == soon.id) & (Reminder.kind == "birthday"))
    assert (reminder.status, reminder.title) == ("pending", "Soon's birthday in 2 days")


# -- dry run and transactions ---------------------------------------------------------------------


def test_a_dry_run_reports_exactly_what_the_import_then_does_and_writes_nothing(actor, db_path):
    contacts.add_contact(actor, ContactInput(name="Sam", emails=["sam.carter@example.com"]))
    before = fingerprint(db_path)
    planned = importing.import_file(actor, SAMPLES / "awkward.vcf", dry_run=True)
    planned_google = importing.import_file(actor, SAMPLES / "google.vcf", dry_run=True)
    assert fingerprint(db_path) == before
    assert planned.dry_run and (planned.created, len(planned.rejected)) == (4, 4)
    done = importing.import_file(actor, SAMPLES / "awkward.vcf")
    done_google = importing.import_file(actor, SAMPLES / "google.vcf")
    for dry, real in ((planned, done), (planned_google, done_google)):
        assert {**dry.as_dict(), "dry_run": False} == real.as_dict()


def test_an_error_in_the_middle_of_writing_leaves_the_database_as_it_was(actor, db_path):
    contacts.add_contact(actor, ContactInput(name="Already here"))
    before = fingerprint(db_path)

    def stop_while_writing(stage, done, total):
        if stage == "writing" and done:
            raise ImportCancelled("stopped")

    source = importing.read_source(SAMPLES / "apple.vcf")
    with pytest.raises(ImportCancelled):
        importing.apply_import(actor, source, stop_while_writing)
    assert fingerprint(db_path) == before
    assert importing.apply_import(actor, source).created == 3  # the same source imports afterwards


def test_one_users_import_never_touches_another_users_contacts(actor, other_actor):
    contacts.add_contact(other_actor, ContactInput(name="Sam", emails=["sam.carter@example.com"]))
    report = importing.import_file(actor, SAMPLES / "google.vcf")
    assert (report.created, report.merged, report.duplicates) == (2, 0, [])
    assert by_name(other_actor)["Sam"]["emails"] == ["sam.carter@example.com"]


def test_a_utf8_file_with_a_few_broken_bytes_stays_utf8(actor, tmp_path):
    path = tmp_path / "damaged.vcf"
    good = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Dvořák {number}\r\nEND:VCARD\r\n" for number in range(30))
    path.write_bytes(good.encode("utf-8") + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ren\xe9e\r\nEND:VCARD\r\n")
    report = importing.import_file(actor, path)
    assert report.created == 31
    assert report.warnings == [f"{path} has 1 byte that is not UTF-8: it shows as \ufffd in what is imported"]
    assert "Zoë Dvořák 0" in by_name(actor) and "Ren\ufffde" in by_name(actor)


def test_quoted_printable_in_an_unknown_charset_rejects_only_its_card(actor, tmp_path):
    path = card_file(
        tmp_path,
        "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=klingon;ENCODING=QUOTED-PRINTABLE:=C3=BC\n"
        "END:VCARD\nBEGIN:VCARD\nVERSION:2.1\nFN:Fine\nEND:VCARD\n",
    )
    report = importing.import_file(actor, path)
    assert report.created == 1
    assert [(item.where, item.reason) for item in report.rejected] == [
        ("card 1", "unreadable card: line 3: its quoted-printable text is not klingon")
    ]


@pytest.mark.parametrize(
    "body",
    [
        ":\n;;;\n",
        "FN:" + "x" * 300 + "\n",
        "FN:A\nEMAIL;TYPE=:\nTEL;;:\nADR:;;;;;;;;;;;;\nN:;;;;;;;;\nORG:\nCATEGORIES:,,,\nBDAY:\nX-CRM-FIELD:orphan\n",
        'FN:A\nX-CRM-VIP:maybe\nX-CRM-CADENCE-DAYS:-3\nX-CRM-CREATED:yesterday\nX-CRM-FIELD;X-NAME="":x\n',
        "FN:A\nNOTE;ENCODING=QUOTED-PRINTABLE:=\n=\n=ZZ\n",
        "FN:A\nitem1.EMAIL:a@example.org\nitem1.X-ABLabel:\nitem2.X-ABDATE:--1340\nitem2.X-ABLabel:_$!<Anniversary>!$_\n",
        "FN:A\nBEGIN:VCARD\nFN:inner\nEND:VCARD\nEMAIL:outer@example.org\n",
    ],
)
def test_odd_cards_are_imported_or_rejected_never_a_crash(actor, tmp_path, body):
    path = card_file(tmp_path, f"BEGIN:VCARD\nVERSION:3.0\n{body}END:VCARD\n")
    report = importing.import_file(actor, path)
    assert report.created + len(report.rejected) == 1
