"""Custom fields (`crm fields`, `--field`), bulk tagging, `--sort status`, `crm link` and `crm templates`."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from ..helpers import TtyInput, add, assert_error


def define(crm, *args: str) -> int:
    result = crm("fields", "add", *args)
    assert result.code == 0, result.err
    return int(result.out)


def shown(crm, contact: int | str) -> dict:
    return crm("contacts", "show", str(contact), "--json").json()


# --- crm fields -------------------------------------------------------------------------------------


def test_fields_add_list_delete(crm, signed_in):
    city = define(crm, "Home town", "--kind", "text")
    size = define(crm, "Shirt size", "--kind", "choice", "--choice", "S", "--choice", "M", "--choice", "S")
    assert crm("fields", "list", "--json").json() == [
        {"id": city, "name": "Home town", "kind": "text", "choices": [], "created_at": "2026-11-20T10:30:00Z"},
        {
            "id": size,
            "name": "Shirt size",
            "kind": "choice",
            "choices": ["S", "M"],
            "created_at": "2026-11-20T10:30:00Z",
        },
    ]
    lines = crm("fields", "list").out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "KIND", "CHOICES"]
    assert lines[2].split() == [str(size), "Shirt", "size", "choice", "S,", "M"]
    assert crm("fields", "add", "Met", "--kind", "date", "--json").json()["kind"] == "date"

    assert_error(crm("fields", "delete", str(city)), "add --yes")
    assert crm("fields", "delete", str(city), "--yes").out == f"deleted field {city} (Home town)\n"
    assert [field["name"] for field in crm("fields", "list", "--json").json()] == ["Shirt size", "Met"]
    assert_error(crm("fields", "delete", str(city), "--yes"), f"error: no custom field with id {city}")


def test_fields_delete_asks_at_a_terminal(crm, signed_in):
    field = define(crm, "Nick", "--kind", "text")
    assert crm("fields", "delete", str(field), stdin=TtyInput("n\n")).code == 1
    assert crm("fields", "delete", str(field), stdin=TtyInput("yes\n")).code == 0
    assert crm("fields", "list").out == "no custom fields: add one with `crm fields add NAME --kind text`\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["Size", "--kind", "choice"], "error: --choice: a choice field needs at least one choice"),
        (["", "--kind", "text"], "error: NAME: the name is required"),
        (["Taken", "--kind", "number"], "error: NAME: there is already a field called 'Taken'"),
    ],
)
def test_fields_add_refuses_bad_input(crm, signed_in, args, message):
    define(crm, "Taken", "--kind", "text")
    assert_error(crm("fields", "add", *args), message)
    assert [field["name"] for field in crm("fields", "list", "--json").json()] == ["Taken"]


@pytest.mark.parametrize(
    "args",
    [
        ["fields", "add", "X"],
        ["fields", "add", "X", "--kind", "colour"],
        ["fields", "add", "X", "--kind", "text", "--choice", "a"],
        ["fields"],
        ["fields", "delete", "first"],
    ],
)
def test_fields_usage_mistakes_exit_2(crm, signed_in, args):
    result = crm(*args)
    assert result.code == 2
    assert "usage: crm fields" in result.err


# --- --field on contacts add and edit ------------------------------------------------------------------


@pytest.fixture
def custom(crm, signed_in) -> None:
    define(crm, "Home town", "--kind", "text")
    define(crm, "Shirt size", "--kind", "choice", "--choice", "S", "--choice", "M")
    define(crm, "Score", "--kind", "number")
    define(crm, "Met", "--kind", "date")


def test_add_and_edit_with_custom_fields(crm, custom):
    grace = add(crm, "--name", "Grace", "--field", "Home town=New York", "--field", "Score=4,5")
    assert shown(crm, grace)["custom_fields"] == {"Home town": "New York", "Shirt size": "", "Score": "4.5", "Met": ""}
    edited = crm("contacts", "edit", "Grace", "--field", "Shirt size=M", "--field", "Home town=", "--json").json()
    assert edited["custom_fields"] == {"Home town": "", "Shirt size": "M", "Score": "4.5", "Met": ""}
    crm("contacts", "edit", "Grace", "--company", "Navy")  # no --field: the values stay
    assert shown(crm, grace)["custom_fields"]["Shirt size"] == "M"
    out = crm("contacts", "show", str(grace)).out
    assert "Shirt size:     M\n" in out and "Score:          4.5\n" in out and "custom" not in out


def test_values_may_hold_an_equals_sign(crm, custom):
    grace = add(crm, "--name", "Grace", "--field", "Home town=a=b")
    assert shown(crm, grace)["custom_fields"]["Home town"] == "a=b"


@pytest.mark.parametrize(
    "value, message",
    [
        ("Shirt size=XL", "Shirt size must be one of S, M, not 'XL'"),
        ("Score=many", "Score must be a number, not 'many'"),
        ("Met=yesterday", "Met must be a date (YYYY-MM-DD), not 'yesterday'"),
        ("Eye colour=blue", "there is no custom field called 'Eye colour'"),
    ],
)
def test_bad_custom_values_store_nothing(crm, custom, value, message):
    assert_error(crm("contacts", "add", "--name", "Grace", "--field", value), message)
    assert crm("contacts", "list", "--json").json() == []
    alan = add(crm, "--name", "Alan", "--field", "Shirt size=S")
    before = shown(crm, alan)
    assert_error(crm("contacts", "edit", str(alan), "--name", "Alan T", "--field", value), message)
    assert shown(crm, alan) == before


@pytest.mark.parametrize(
    "args",
    [
        ["--field", "Score"],
        ["--field", "=3"],
        ["--field", "Score=1", "--field", "Score=2"],
    ],
)
def test_field_usage_mistakes_exit_2(crm, custom, args):
    result = crm("contacts", "add", "--name", "Grace", *args)
    assert result.code == 2
    assert "usage: crm contacts add" in result.err
    assert crm("contacts", "list", "--json").json() == []


# --- bulk tags and --sort status ---------------------------------------------------------------------


def test_tag_and_untag_several_contacts(crm, signed_in):
    grace = add(crm, "--name", "Grace Hopper", "--tag", "navy")
    alan = add(crm, "--name", "Alan Turing")
    ada = add(crm, "--name", "Ada")
    assert crm("contacts", "tag", "#mentor", str(grace), "Alan Turing").out == "tagged 2 contacts 'mentor'\n"
    assert [shown(crm, contact)["tags"] for contact in (grace, alan, ada)] == [["mentor", "navy"], ["mentor"], []]
    assert crm("contacts", "tag", "MENTOR", str(grace)).out == "tagged 1 contact 'MENTOR'\n"  # already had it
    assert shown(crm, grace)["tags"] == ["mentor", "navy"]
    assert crm("contacts", "untag", "mentor", str(grace), str(ada)).out == (
        "removed the tag 'mentor' from 2 contacts\n"
    )
    assert [shown(crm, contact)["tags"] for contact in (grace, alan, ada)] == [["navy"], ["mentor"], []]


@pytest.mark.parametrize(
    "args, message",
    [
        (["tag", "x", "1", "99"], "error: no contact with id 99"),
        (["tag", "x", "1", "Nobody"], "error: no contact named 'Nobody'"),
        (["tag", "a,b", "1"], "a tag cannot contain a comma"),
        (["tag", " ", "1"], "the tag cannot be empty"),
        (["untag", "unknown", "1"], "error: no tag called 'unknown'"),
        (["untag", "navy", "1", "99"], "error: no contact with id 99"),
    ],
)
def test_bulk_tags_are_all_or_nothing(crm, signed_in, args, message):
    grace = add(crm, "--name", "Grace Hopper", "--tag", "navy")
    assert_error(crm("contacts", *args), message)
    assert shown(crm, grace)["tags"] == ["navy"]


def test_bulk_tags_need_contacts(crm, signed_in):
    assert crm("contacts", "tag", "x").code == 2


def test_sort_by_status(crm, signed_in):
    overdue = add(crm, "--name", "Zed", "--cadence", "1")
    halfway = add(crm, "--name", "Mia", "--cadence", "10")
    fresh = add(crm, "--name", "Abe")
    for contact in (overdue, halfway):
        assert crm("log", str(contact), "--medium", "phone", "--at", "-5d").code == 0
    listed = crm("contacts", "list", "--sort", "status", "--json").json()
    assert [(row["id"], row["status"]) for row in listed] == [
        (overdue, "hit_up"),
        (halfway, "all_good"),
        (fresh, "all_good"),
    ]
    assert [row["id"] for row in crm("contacts", "list", "--json").json()] == [fresh, halfway, overdue]
    assert crm("contacts", "list", "--sort", "status").out.splitlines()[1].split()[:2] == [str(overdue), "Zed"]


# --- crm link and crm templates ----------------------------------------------------------------------


@pytest.fixture
def grace(crm, signed_in) -> int:
    return add(
        crm,
        "--name",
        "Grace Hopper",
        "--email",
        "grace@navy.mil",
        "--phone",
        "+1 202 555 0100",
        "--instagram",
        "amazing_grace",
        "--company",
        "US Navy",
    )


@pytest.mark.parametrize(
    "kind, url",
    [
        ("call", "tel:+12025550100"),
        ("sms", "sms:+12025550100"),
        ("whatsapp", "https://wa.me/12025550100"),
        ("email", "mailto:grace@navy.mil"),
        ("instagram", "https://instagram.com/amazing_grace"),
    ],
)
def test_link_kinds(crm, grace, kind, url):
    assert crm("link", "Grace Hopper", kind).out == url + "\n"
    assert crm("link", str(grace), kind, "--json").json() == {
        "contact_id": grace,
        "kind": kind,
        "label": crm("link", str(grace), kind, "--json").json()["label"],
        "url": url,
    }


def test_link_with_a_template_fills_it_from_the_contact(crm, grace):
    url = crm("link", str(grace), "email", "--template", "catch up").out.strip()
    assert url.startswith("mailto:grace@navy.mil?subject=Catching%20up&body=")
    assert unquote(url.split("body=")[1]) == (
        "Hi Grace, it has been a while! How are things at US Navy? Coffee soon?\n\nAda Lovelace"
    )
    template_id = next(row["id"] for row in crm("templates", "--json").json() if row["name"] == "Follow-up")
    whatsapp = crm("link", "Grace Hopper", "whatsapp", "--template", str(template_id), "--json").json()["url"]
    assert unquote(whatsapp).startswith("https://wa.me/12025550100?text=Hi Grace, it was good to talk.")


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["Grace Hopper", "email", "--template", "Nope"],
            "error: no template named 'Nope': `crm templates` lists them",
        ),
        (["Grace Hopper", "email", "--template", "999"], "error: no template with id 999"),
        (["Grace Hopper", "call", "--template", "Catch up"], "error: a call link carries no message"),
        (["Nobody", "email"], "error: no contact named 'Nobody'"),
        (["Alan", "email"], "error: Alan has no e-mail address"),
        (["Alan", "whatsapp"], "error: Alan has no WhatsApp or phone number"),
        (["Alan", "instagram"], "error: Alan has no Instagram handle"),
    ],
)
def test_link_refusals(crm, grace, args, message):
    add(crm, "--name", "Alan")
    assert_error(crm("link", *args), message)


def test_link_usage_mistakes(crm, grace):
    assert crm("link", "Grace Hopper", "fax").code == 2
    assert crm("link", "Grace Hopper").code == 2


def test_templates(crm, signed_in):
    listed = crm("templates", "--json").json()
    assert [(row["name"], row["kind"]) for row in listed] == [
        ("Anniversary wish", "anniversary"),
        ("Birthday wish", "birthday"),
        ("Catch up", "custom"),
        ("Follow-up", "followup"),
    ]
    assert set(listed[0]) == {"id", "name", "kind", "subject", "body"}
    assert [row["name"] for row in crm("templates", "--kind", "birthday", "--json").json()] == ["Birthday wish"]
    lines = crm("templates").out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "KIND", "SUBJECT"]
    assert "Birthday wish" in lines[2] and "Happy birthday!" in lines[2]


@pytest.mark.parametrize(
    "command",
    [
        ["fields", "list"],
        ["fields", "add", "X", "--kind", "text"],
        ["contacts", "tag", "x", "1"],
        ["link", "1", "call"],
        ["templates"],
    ],
)
def test_commands_need_a_signed_in_user(crm, actor, command):
    assert crm(*command).err == "error: not signed in: run crm login\n"
