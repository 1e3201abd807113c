"""Sharing on the command line: `crm share`, `shares`, `shares show`, `unshare`, and what they refuse."""

from __future__ import annotations

import pytest

from tui.models import Share

from ..helpers import PASSWORD, assert_error, vip_grace


@pytest.fixture
def grace(actor):
    """Ada's contact Grace Hopper, a VIP with an interaction of Ada's."""
    return vip_grace(actor)


def login(crm, email: str) -> None:
    result = crm("login", "--email", email, "--password-stdin", stdin=PASSWORD + "\n")
    assert result.code == 0, result.err


def test_share_shares_and_unshare_on_the_command_line(crm, actor, other_actor, grace):
    login(crm, "ada@example.org")
    shared = crm(
        "share",
        "Grace Hopper",
        "--with",
        "bob@example.org",
        "--permission",
        "view_add",
        "--expires",
        "2026-12-31",
        "--note",
        "our mentor",
    )
    assert shared.code == 0, shared.err
    assert shared.out == (
        "shared Grace Hopper with Bob Builder <bob@example.org>: view and add notes, until 2026-12-31 (share 1)\n"
    )
    listing = crm("shares", "--json").json()
    assert listing["received"] == []
    (given,) = listing["given"]
    assert given == {
        "id": 1,
        "contact_id": grace.id,
        "contact_name": "Grace Hopper",
        "owner": {"id": actor.user_id, "name": "Ada Lovelace", "email": "ada@example.org"},
        "recipient": {"id": other_actor.user_id, "name": "Bob Builder", "email": "bob@example.org"},
        "permission": "view_add",
        "expires": "2026-12-31",
        "expires_at": "2026-12-31T23:00:00Z",
        "expired": False,
        "note": "our mentor",
        "created_at": "2026-11-20T10:30:00Z",
    }
    table = crm("shares").out
    assert "Shared by me:" in table and "Bob Builder <bob@example.org>" in table
    assert "Shared with me:\n  nothing" in table

    login(crm, "bob@example.org")
    received = crm("shares", "--json").json()["received"]
    assert [share["owner"]["name"] for share in received] == ["Ada Lovelace"]
    logged = crm("log", str(grace.id), "--medium", "phone", "--notes", "Bob called")
    assert logged.code == 0, logged.err
    shown = crm("shares", "show", "1").out
    assert "Shared by:  Ada Lovelace <ada@example.org>" in shown and "Bob called" in shown and "you" in shown
    shown_json = crm("shares", "show", "1", "--json").json()
    assert shown_json["contact"]["name"] == "Grace Hopper"
    assert [entry["author_name"] for entry in shown_json["timeline"]] == ["Bob Builder", "Ada Lovelace"]
    assert_error(crm("contacts", "show", str(grace.id)), f"no contact with id {grace.id}")
    dropped = crm("unshare", "1")
    assert dropped.out == "dropped Grace Hopper, shared by Ada Lovelace\n"
    assert crm("shares", "--json").json() == {"given": [], "received": []}


def test_command_line_refusals(crm, actor, other_actor, grace):
    login(crm, "ada@example.org")
    assert_error(
        crm("share", "Grace Hopper", "--with", "nobody@example.org"),
        "--with: nobody uses crm with the address nobody@example.org",
    )
    assert_error(crm("share", "Grace Hopper", "--with", "ada@example.org"), "--with: that is your own address")
    assert_error(
        crm("share", "Grace Hopper", "--with", "bob@example.org", "--expires", "2026-01-01"),
        "--expires: the expiry 2026-01-01 is in the past",
    )
    assert_error(
        crm("share", "Grace Hopper", "--with", "bob@example.org", "--permission", "edit"),
        "--permission: the permission must be view or view_add",
    )
    assert_error(crm("share", "Nobody", "--with", "bob@example.org"), "no contact named 'Nobody'")
    assert_error(crm("unshare", "7"), "no share with id 7")
    assert crm("unshare", "x").code == 2
    assert Share.select().count() == 0
    crm("share", "Grace Hopper", "--with", "bob@example.org")
    login(crm, "bob@example.org")
    assert_error(crm("log", str(grace.id), "--medium", "phone"), "shared with you to view only")
    assert_error(crm("shares", "show", "2"), "no share with id 2")
