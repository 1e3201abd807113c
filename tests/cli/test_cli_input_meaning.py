"""The command line refuses input that would mean something else, and says how to write it."""

from __future__ import annotations

import json

from ..helpers import add, assert_error, ok


def test_a_bare_m_is_refused_naming_min_and_mo(crm, signed_in):
    ann = add(crm, "--name", "Ann")
    assert_error(crm("remind", "add", str(ann), "+30m", "Call"), "say min for minutes or mo for months")
    due = json.loads(ok(crm("remind", "add", str(ann), "+30min", "Call", "--json")).out)["due_at"]
    assert due == "2026-11-20T11:00:00Z"


def test_logging_the_future_is_refused_and_changes_nothing(crm, signed_in):
    ann = add(crm, "--name", "Ann")
    assert_error(crm("log", str(ann), "--medium", "phone", "--at", "+1y"), "is in the future")
    assert json.loads(ok(crm("contacts", "show", str(ann), "--json")).out)["last_contacted"] is None


def test_a_new_category_needs_new_category(crm, signed_in):
    assert_error(crm("contacts", "add", "--name", "Ann", "--relationship", "frend"), "did you mean friend?")
    assert json.loads(ok(crm("contacts", "list", "--json")).out) == []
    ann = add(crm, "--name", "Ann", "--relationship", "mentor", "--new-category")
    ok(crm("contacts", "add", "--name", "Bob", "--relationship", "mentor"))  # offered now
    assert ok(crm("categories")).out.split() == ["KIND", "CATEGORY", "CONTACTS", "relationship", "mentor", "2"]
    assert_error(crm("categories", "remove", "relationship", "mentor"), "is the relationship of 2 contacts")
    ok(crm("contacts", "edit", str(ann), "--relationship", "peer", "--new-category"))
    assert json.loads(ok(crm("categories", "list", "--json")).out) == [
        {"kind": "relationship", "value": "mentor", "contacts": 1},
        {"kind": "relationship", "value": "peer", "contacts": 1},
    ]


def test_hostile_display_names_and_smtp_settings_are_refused(crm, signed_in):
    assert_error(crm("settings", "set", "display_name", "Eve\x1b]0;pwned\x07"), "control character (\\x1b")
    assert_error(crm("settings", "set", "smtp.host", "smtp example.org"), "cannot hold spaces")
    assert_error(crm("settings", "set", "timezone", "localtime"), "unknown time zone 'localtime'")


def test_a_huge_value_is_not_echoed_back_in_full(crm, signed_in):
    result = crm("contacts", "add", "--name", "Ann", "--email", "x" * 131072 + "@example.org")
    assert_error(result, "is not an e-mail address")
    assert len(result.err) < 400 and "…" in result.err


def test_an_import_brings_its_categories_and_its_report_names_them(crm, signed_in, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text("name,relationship,industry\nAnn,mentor,finance\nBob,friend,shipping\n", encoding="utf-8")
    report = json.loads(ok(crm("import", str(source), "--json")).out)
    assert report["new_categories"] == ["relationship: mentor", "industry: shipping"]
    assert ok(crm("categories")).out.split()[3:] == ["relationship", "mentor", "1", "industry", "shipping", "1"]
    again = json.loads(ok(crm("import", str(source), "--dry-run", "--json")).out)
    assert again["new_categories"] == []
