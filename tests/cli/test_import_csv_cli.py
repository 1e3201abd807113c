"""`crm import` of CSV files: a column mapping given on the command line, format and mapping mistakes; the formats
the command offers are the ones the domain knows."""

from __future__ import annotations

from datetime import datetime

from tui import contacts, exporting, importing
from tui.models import Contact

from ..helpers import SAMPLES, assert_error


def test_cli_import_of_a_csv_with_a_mapping(crm, signed_in):
    result = crm("import", str(SAMPLES / "generic.csv"), "--map", "Kontakt seit=created_at", "--json")
    assert result.code == 0, result
    report = result.json()
    assert (report["format"], report["created"], len(report["rejected"])) == ("csv", 2, 2)
    assert contacts.find_contact(signed_in, "Jürgen Müller").created_at == datetime(2020, 5, 1)


def test_cli_import_format_and_map_mistakes(crm, signed_in, tmp_path):
    assert_error(crm("import", str(SAMPLES / "generic.csv"), "--map", "Fax=phones"), "the file has no column 'Fax'")
    assert crm("import", str(SAMPLES / "generic.csv"), "--map", "nothing").code == 2
    result = crm("import", str(SAMPLES / "linkedin.csv"), "--format", "linkedin")
    assert result.code == 0 and "LinkedIn Connections.csv" in result.out
    assert Contact.select().count() == 3


def test_the_command_line_offers_the_formats_the_domain_knows():
    from tui.cli import import_export_commands

    assert set(import_export_commands.IMPORT_FORMATS) == set(importing.FORMATS)
    assert set(import_export_commands.EXPORT_FORMATS) == set(exporting.EXPORT_FORMATS)
