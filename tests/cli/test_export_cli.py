"""`crm export`: to stdout and to a file, and its usage mistakes."""

from __future__ import annotations

import json

import pytest

from ..helpers import assert_error, fill_address_book


@pytest.fixture
def address_book(actor):
    """Contacts with every kind of value an export must carry."""
    return fill_address_book(actor)


def test_cli_export_to_stdout_and_to_a_file(crm, address_book, signed_in, tmp_path):
    result = crm("export", "--format", "vcard")
    assert result.code == 0 and result.out.count("BEGIN:VCARD") == 3 and result.err == ""
    assert json.loads(crm("export", "--format", "json").out)["contacts"][2]["name"] == "Plain"
    target = tmp_path / "out.csv"
    written = crm("export", "--format", "csv", "-o", str(target))
    assert written.code == 0 and written.out == f"{target}: exported 3 contacts\n"
    assert target.read_text(encoding="utf-8").startswith("uid,name,emails")
    everything = crm("export", "--format", "json", "--output", str(tmp_path / "all.json"))
    assert everything.out == f"{tmp_path / 'all.json'}: everything you own, with 3 contacts\n"


def test_cli_export_mistakes(crm, actor, signed_in, tmp_path):
    assert crm("export").code == 2  # --format is required
    assert crm("export", "--format", "xml").code == 2
    assert_error(crm("export", "--format", "csv", "-o", str(tmp_path)), "is a folder: give a file name")
