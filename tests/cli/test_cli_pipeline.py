"""`crm products`, `deals`, `pipeline` and `companies`, run in-process through `main`."""

from __future__ import annotations

import pytest

from tui import accounts, contacts, database

from ..helpers import TtyInput, add, assert_error, ok

DEAL_FIELDS = {
    "id",
    "title",
    "contact_id",
    "contact_name",
    "company",
    "product_id",
    "stage",
    "value",
    "currency",
    "source",
    "assignee",
    "expected_close",
    "archived",
    "stage_changed_at",
    "created_at",
    "days_in_stage",
    "score",
}
PRODUCT_FIELDS = {"id", "name", "description", "active", "created_at"}


def new_id(crm, *args: str) -> int:
    return int(ok(crm(*args)).out)


def deal(crm, *args: str) -> int:
    return new_id(crm, "deals", "add", *args)


def listed(crm, *args: str):
    return ok(crm(*args, "--json")).json()


@pytest.fixture
def grace(crm, signed_in) -> int:
    return add(crm, "--name", "Grace Hopper", "--company", "US Navy")


# --- products ------------------------------------------------------------------------------------


def test_products_add_list_and_json(crm, signed_in):
    widget = new_id(crm, "products", "add", "--name", "Widget", "--description", "the blue one")
    spare = ok(crm("products", "add", "--name", "Spare", "--inactive", "--json")).json()
    assert set(spare) == PRODUCT_FIELDS and spare["active"] is False and spare["name"] == "Spare"
    rows = listed(crm, "products", "list")
    assert [(row["id"], row["name"], row["active"]) for row in rows] == [
        (widget, "Widget", True),
        (spare["id"], "Spare", False),
    ]
    assert rows[0]["description"] == "the blue one" and rows[0]["created_at"] == "2026-11-20T10:30:00Z"
    text = ok(crm("products", "list")).out
    assert text.splitlines()[0].split() == ["ID", "NAME", "ACTIVE", "DESCRIPTION"]
    assert "Widget" in text and "the blue one" in text


def test_products_list_when_empty(crm, signed_in):
    assert "no products" in ok(crm("products", "list")).out
    assert listed(crm, "products", "list") == []


def test_a_fourth_active_product_is_refused_and_nothing_is_saved(crm, signed_in):
    for name in ("A", "B", "C"):
        new_id(crm, "products", "add", "--name", name)
    assert_error(crm("products", "add", "--name", "D"), "at most 3 products can be active")
    assert [row["name"] for row in listed(crm, "products", "list")] == ["A", "B", "C"]
    spare = new_id(crm, "products", "add", "--name", "D", "--inactive")
    assert_error(crm("products", "activate", str(spare)), "at most 3 products can be active: deactivate one first")
    assert not [row for row in listed(crm, "products", "list") if row["id"] == spare][0]["active"]


def test_products_activate_and_deactivate(crm, signed_in):
    first = new_id(crm, "products", "add", "--name", "A")
    for name in ("B", "C"):
        new_id(crm, "products", "add", "--name", name)
    spare = new_id(crm, "products", "add", "--name", "D", "--inactive")
    assert "inactive: product" in ok(crm("products", "deactivate", str(first))).out
    assert ok(crm("products", "activate", str(spare))).out.startswith(f"active: product {spare} (D)")
    active = {row["name"] for row in listed(crm, "products", "list") if row["active"]}
    assert active == {"B", "C", "D"}


def test_products_edit(crm, signed_in):
    widget = new_id(crm, "products", "add", "--name", "Widget", "--description", "old")
    edited = ok(crm("products", "edit", str(widget), "--name", "Gadget", "--json")).json()
    assert (edited["name"], edited["description"]) == ("Gadget", "old")
    assert_error(crm("products", "edit", str(widget), "--name", " "), "--name: the name is required")


def test_products_delete_says_how_many_deals_keep_no_product(crm, grace):
    widget = new_id(crm, "products", "add", "--name", "Widget")
    first = deal(crm, "--title", "One", "--contact", str(grace), "--product", str(widget))
    deal(crm, "--title", "Two", "--contact", str(grace), "--product", str(widget))
    result = ok(crm("products", "delete", str(widget), "--yes"))
    assert result.out == f"deleted product {widget} (Widget); 2 deals keep no product\n"
    assert listed(crm, "deals", "show", str(first))["product_id"] is None
    assert listed(crm, "products", "list") == []


def test_products_delete_asks_first(crm, signed_in):
    widget = new_id(crm, "products", "add", "--name", "Widget")
    assert_error(crm("products", "delete", str(widget)), "add --yes")  # no terminal to ask on
    answered = crm("products", "delete", str(widget), stdin=TtyInput("n\n"))
    assert answered.code == 1 and "[y/N]" in answered.out and answered.err.startswith("error: not deleted")
    assert len(listed(crm, "products", "list")) == 1
    result = ok(crm("products", "delete", str(widget), stdin=TtyInput("y\n")))
    assert result.out.endswith("no deal had it\n")


def test_unknown_product_ids(crm, signed_in):
    assert_error(crm("products", "activate", "42"), "no product with id 42")
    assert_error(crm("products", "delete", "42", "--yes"), "no product with id 42")
    assert crm("products", "activate", "zero").code == 2


# --- deals: add, list, show ------------------------------------------------------------------------


def test_deals_add_with_every_option(crm, grace):
    widget = new_id(crm, "products", "add", "--name", "Widget")
    result = ok(
        crm(
            "deals",
            "add",
            "--title",
            "Mainframe",
            "--contact",
            "Grace Hopper",
            "--company",
            "Univac",
            "--product",
            str(widget),
            "--value",
            "12,500.50",
            "--currency",
            "usd",
            "--stage",
            "qualified",
            "--source",
            "referral",
            "--assignee",
            "Ada",
            "--expected-close",
            "2026-12-31",
            "--json",
        )
    )
    shown = result.json()
    assert set(shown) == DEAL_FIELDS
    assert {key: shown[key] for key in DEAL_FIELDS - {"id", "score"}} == {
        "title": "Mainframe",
        "contact_id": grace,
        "contact_name": "Grace Hopper",
        "company": "Univac",
        "product_id": widget,
        "stage": "qualified",
        "value": "12500.5",
        "currency": "USD",
        "source": "referral",
        "assignee": "Ada",
        "expected_close": "2026-12-31",
        "archived": False,
        "stage_changed_at": "2026-11-20T10:30:00Z",
        "created_at": "2026-11-20T10:30:00Z",
        "days_in_stage": 0,
    }
    assert isinstance(shown["score"], int)
    assert "Univac" in [row["name"] for row in listed(crm, "companies", "list")]


def test_deals_add_prints_the_id_with_defaults(crm, grace):
    deal_id = deal(crm, "--title", "Small", "--contact", str(grace))
    shown = listed(crm, "deals", "show", str(deal_id))
    assert (shown["id"], shown["stage"], shown["value"], shown["currency"], shown["company"]) == (
        deal_id,
        "lead",
        "0",
        "EUR",
        "US Navy",
    )


def test_deals_list_table_and_filter(crm, grace):
    small = deal(crm, "--title", "Small", "--contact", str(grace), "--value", "300", "--currency", "GBP")
    big = deal(crm, "--title", "Big", "--contact", str(grace), "--value", "12500", "--stage", "won")
    result = ok(crm("--now", "2026-11-25T10:30:00Z", "deals", "list"))
    header, *rows = result.out.splitlines()
    assert header.split() == ["ID", "TITLE", "CONTACT", "STAGE", "VALUE", "DAYS", "IN", "STAGE", "SCORE"]
    assert rows[0].split() == [str(big), "Big", "Grace", "Hopper", "closed_won", "12,500.00", "EUR", "5", "-"]
    assert rows[1].split()[:8] == [str(small), "Small", "Grace", "Hopper", "lead", "300.00", "GBP", "5"]
    assert rows[1].split()[8].isdigit()
    assert [row["id"] for row in listed(crm, "deals", "list", "--stage", "lead")] == [small]
    assert [row["id"] for row in listed(crm, "deals", "list", "--stage", "won")] == [big]
    assert ok(crm("deals", "list", "--stage", "proposal")).out == "no deals in proposal\n"


def test_deals_show_with_history_and_score(crm, grace):
    deal_id = deal(crm, "--title", "Big", "--contact", str(grace), "--value", "100")
    ok(crm("--now", "2026-11-22T09:00:00Z", "deals", "move", str(deal_id), "proposal"))
    shown = ok(crm("--now", "2026-11-23T09:00:00Z", "deals", "show", str(deal_id), "--json")).json()
    assert shown["history"] == [
        {"from_stage": None, "to_stage": "lead", "changed_at": "2026-11-20T10:30:00Z"},
        {"from_stage": "lead", "to_stage": "proposal", "changed_at": "2026-11-22T09:00:00Z"},
    ]
    assert shown["days_in_stage"] == 1 and isinstance(shown["score"], int)
    assert any("stage proposal" in reason for reason in shown["score_reasons"])
    text = ok(crm("deals", "show", str(deal_id))).out
    assert "Grace Hopper (id" in text and "100.00 EUR" in text and "lead -> proposal" in text
    assert "reasons:" in text and "stage proposal: +25" in text


def test_a_closed_deal_has_no_score(crm, grace):
    deal_id = deal(crm, "--title", "Lost", "--contact", str(grace), "--stage", "lost")
    shown = listed(crm, "deals", "show", str(deal_id))
    assert shown["score"] is None and shown["score_reasons"] == [] and shown["stage"] == "closed_lost"
    assert "none (the deal is closed)" in ok(crm("deals", "show", str(deal_id))).out


# --- deals: bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options, message",
    [
        (("--stage", "maybe"), "--stage: unknown stage 'maybe'"),
        (("--currency", "XYZ"), "--currency: unknown currency 'XYZ'"),
        (("--value", "-5"), "--value: the value cannot be negative"),
        (("--value", "lots"), "--value: 'lots' is not an amount"),
        (("--value", "1.5", "--currency", "JPY"), "--value: JPY amounts have at most 0 decimals"),
        (("--title", " "), "--title: the title is required"),
        (("--product", "42"), "no product with id 42"),
        (("--expected-close", "someday"), "--expected-close: 'someday' is not a date"),
    ],
)
def test_bad_deals_are_refused_and_nothing_is_saved(crm, grace, options, message):
    result = crm("deals", "add", "--title", "Deal", "--contact", str(grace), "--company", "Brand New Co", *options)
    assert_error(result, message)
    assert listed(crm, "deals", "list") == []
    assert [row["name"] for row in listed(crm, "companies", "list")] == ["US Navy"]  # no company half-made


def test_deals_for_unknown_contacts_or_another_users_are_refused(crm, signed_in, other_actor):
    theirs = contacts.add_contact(other_actor, contacts.ContactInput(name="Bob's friend"))
    assert_error(crm("deals", "add", "--title", "Deal", "--contact", str(theirs.id)), f"no contact with id {theirs.id}")
    assert_error(crm("deals", "add", "--title", "Deal", "--contact", "Bob's friend"), "no contact named")
    assert_error(crm("deals", "add", "--title", "Deal", "--contact", "999"), "no contact with id 999")
    assert listed(crm, "deals", "list") == []


def test_deals_usage_mistakes_exit_2(crm, grace):
    assert crm("deals", "add", "--contact", str(grace)).code == 2  # no --title
    assert crm("deals", "add", "--title", "Deal").code == 2  # no --contact
    assert crm("deals", "show", "abc").code == 2
    assert crm("deals", "move", "1").code == 2


def test_deals_list_with_an_unknown_stage(crm, signed_in):
    assert_error(crm("deals", "list", "--stage", "done"), "--stage: unknown stage 'done'")


# --- deals: move, edit, archive, delete ---------------------------------------------------------------


def test_deals_move_through_the_stages(crm, grace):
    deal_id = deal(crm, "--title", "Big", "--contact", str(grace))
    assert (
        ok(crm("deals", "move", str(deal_id), "qualified")).out
        == f"moved deal {deal_id} (Big) from lead to qualified\n"
    )
    assert ok(crm("deals", "move", str(deal_id), "qualified")).out == f"deal {deal_id} (Big) is already in qualified\n"
    ok(crm("deals", "move", str(deal_id), "won"))
    shown = listed(crm, "deals", "show", str(deal_id))
    assert shown["stage"] == "closed_won" and len(shown["history"]) == 3


def test_deals_move_refusals(crm, grace):
    deal_id = deal(crm, "--title", "Big", "--contact", str(grace))
    assert_error(crm("deals", "move", str(deal_id), "finished"), "STAGE: unknown stage 'finished'")
    assert_error(crm("deals", "move", "999", "won"), "no deal with id 999")
    assert listed(crm, "deals", "show", str(deal_id))["stage"] == "lead"


def test_deals_edit_changes_only_what_is_given(crm, grace):
    widget = new_id(crm, "products", "add", "--name", "Widget")
    deal_id = deal(
        crm,
        "--title",
        "Big",
        "--contact",
        str(grace),
        "--value",
        "12500.5",
        "--product",
        str(widget),
        "--source",
        "web",
    )
    assert ok(crm("deals", "edit", str(deal_id), "--title", "Bigger")).out == f"updated deal {deal_id} (Bigger)\n"
    edited = ok(crm("deals", "edit", str(deal_id), "--stage", "proposal", "--no-product", "--json")).json()
    assert (
        edited["title"],
        edited["value"],
        edited["currency"],
        edited["source"],
        edited["product_id"],
        edited["stage"],
    ) == ("Bigger", "12500.5", "EUR", "web", None, "proposal")
    assert [row["to_stage"] for row in listed(crm, "deals", "show", str(deal_id))["history"]] == ["lead", "proposal"]


def test_deals_edit_refusals_change_nothing(crm, grace):
    deal_id = deal(crm, "--title", "Big", "--contact", str(grace), "--value", "100")
    before = listed(crm, "deals", "show", str(deal_id))
    assert_error(crm("deals", "edit", str(deal_id), "--value", "-1", "--stage", "won"), "--value: the value cannot")
    assert_error(crm("deals", "edit", str(deal_id), "--currency", "ABC", "--title", "Other"), "--currency")
    assert_error(crm("deals", "edit", str(deal_id), "--contact", "Nobody"), "no contact named 'Nobody'")
    assert_error(crm("deals", "edit", str(deal_id), "--company", "Fresh Co", "--stage", "nope"), "--stage")
    assert listed(crm, "deals", "show", str(deal_id)) == before
    assert "Fresh Co" not in [row["name"] for row in listed(crm, "companies", "list")]
    assert crm("deals", "edit", str(deal_id), "--product", "1", "--no-product").code == 2


def test_deals_archive_and_restore(crm, grace):
    deal_id = deal(crm, "--title", "Big", "--contact", str(grace))
    assert "crm deals restore" in ok(crm("deals", "archive", str(deal_id))).out
    assert listed(crm, "deals", "list") == []
    assert [row["archived"] for row in listed(crm, "deals", "list", "--all")] == [True]
    assert ok(crm("deals", "restore", str(deal_id))).out == f"restored deal {deal_id} (Big)\n"
    assert [row["id"] for row in listed(crm, "deals", "list")] == [deal_id]


def test_deals_delete(crm, grace):
    deal_id = deal(crm, "--title", "Big", "--contact", str(grace))
    assert_error(crm("deals", "delete", str(deal_id)), "add --yes")
    answered = crm("deals", "delete", str(deal_id), stdin=TtyInput("no\n"))
    assert answered.code == 1 and answered.err == "error: not deleted: the answer was not yes\n"
    assert ok(crm("deals", "delete", str(deal_id), "--yes")).out == f"deleted deal {deal_id} (Big)\n"
    assert_error(crm("deals", "show", str(deal_id)), f"no deal with id {deal_id}")


def test_deals_of_another_user_are_invisible(crm, grace, db_path, other_actor):
    deal_id = deal(crm, "--title", "Big", "--contact", str(grace))
    accounts.remember(database.location_key(str(db_path)), other_actor)
    assert listed(crm, "deals", "list") == []
    assert_error(crm("deals", "show", str(deal_id)), f"no deal with id {deal_id}")
    assert_error(crm("deals", "move", str(deal_id), "won"), f"no deal with id {deal_id}")


def test_deals_need_a_signed_in_user(crm, db_path):
    assert_error(crm("deals", "list"), "not signed in")


# --- pipeline --------------------------------------------------------------------------------------


def test_pipeline_totals_per_currency_never_summed(crm, grace):
    deal(crm, "--title", "A", "--contact", str(grace), "--value", "100", "--currency", "EUR")
    deal(crm, "--title", "B", "--contact", str(grace), "--value", "50.25", "--currency", "EUR")
    deal(crm, "--title", "C", "--contact", str(grace), "--value", "300", "--currency", "USD")
    deal(crm, "--title", "D", "--contact", str(grace), "--value", "7", "--stage", "won")
    archived = deal(crm, "--title", "E", "--contact", str(grace), "--value", "1000")
    ok(crm("deals", "archive", str(archived)))
    board = listed(crm, "pipeline")
    assert [column["stage"] for column in board] == [
        "lead",
        "qualified",
        "proposal",
        "negotiation",
        "closed_won",
        "closed_lost",
    ]
    assert board[0] == {"stage": "lead", "count": 3, "totals": {"EUR": "150.25", "USD": "300"}}
    assert board[4] == {"stage": "closed_won", "count": 1, "totals": {"EUR": "7"}}
    assert board[1] == {"stage": "qualified", "count": 0, "totals": {}}
    text = ok(crm("pipeline")).out
    assert "150.25 EUR, 300.00 USD" in text and text.splitlines()[0].split() == ["STAGE", "DEALS", "TOTAL"]


def test_pipeline_stats(crm, grace):
    won = deal(crm, "--title", "Won", "--contact", str(grace), "--value", "100")
    deal(crm, "--title", "Open", "--contact", str(grace), "--value", "5", "--currency", "USD")
    ok(crm("--now", "2026-11-22T10:30:00Z", "deals", "move", str(won), "qualified"))
    ok(crm("--now", "2026-12-02T10:30:00Z", "deals", "move", str(won), "won"))
    stats = ok(crm("--now", "2026-12-04T10:30:00Z", "pipeline", "stats", "--json")).json()
    assert stats["conversions"][0] == {
        "stage": "lead",
        "next_stage": "qualified",
        "reached": 2,
        "advanced": 1,
        "rate": 0.5,
    }
    assert stats["average_days_in_stage"]["lead"] == 8.0  # (2 + 14) / 2
    assert stats["average_days_in_stage"]["qualified"] == 10.0
    assert stats["closed_by_month"] == [
        {"month": "2026-12", "stage": "closed_won", "currency": "EUR", "value": "100", "count": 1}
    ]
    text = ok(crm("pipeline", "stats")).out
    assert "Conversion" in text and "50%" in text and "2026-12  closed_won" in text and "100.00 EUR" in text


def test_pipeline_stats_without_deals(crm, signed_in):
    assert "no closed deals yet" in ok(crm("pipeline", "stats")).out
    assert listed(crm, "pipeline", "stats")["closed_by_month"] == []


# --- companies ---------------------------------------------------------------------------------------


def test_companies_add_list_show_edit_delete(crm, grace):
    acme = new_id(crm, "companies", "add", "--name", "Acme", "--domain", "Acme.example", "--industry", "Finance")
    deal_id = deal(crm, "--title", "Big", "--contact", str(grace), "--company", "Acme", "--value", "10")
    rows = listed(crm, "companies", "list")
    assert [(row["name"], row["people"], row["deals"]) for row in rows] == [("Acme", 0, 1), ("US Navy", 1, 0)]
    assert [row["name"] for row in listed(crm, "companies", "list", "--search", "navy")] == ["US Navy"]
    shown = listed(crm, "companies", "show", "acme")
    assert (shown["id"], shown["domain"], shown["industry"]) == (acme, "acme.example", "finance")
    assert shown["deals"] == [
        {"id": deal_id, "title": "Big", "stage": "lead", "value": "10", "currency": "EUR", "archived": False}
    ]
    navy = ok(crm("companies", "show", "US Navy")).out
    assert "Grace Hopper (id" in navy
    edited = ok(crm("companies", "edit", str(acme), "--notes", "call Mondays", "--json")).json()
    assert (edited["name"], edited["notes"], edited["domain"]) == ("Acme", "call Mondays", "acme.example")
    assert_error(crm("companies", "delete", "Acme"), "add --yes")
    assert ok(crm("companies", "delete", "Acme", "--yes")).out == f"deleted company {acme} (Acme)\n"
    assert listed(crm, "deals", "show", str(deal_id))["company"] == ""


def test_companies_refusals(crm, grace):
    assert_error(crm("companies", "add", "--name", "us navy"), "there is already a company called")
    assert_error(crm("companies", "show", "Nowhere Inc"), "no company named 'Nowhere Inc'")
    acme = new_id(crm, "companies", "add", "--name", "Acme")
    assert_error(crm("companies", "edit", str(acme), "--name", "US Navy"), "there is already a company called")
    assert_error(crm("companies", "edit", str(acme), "--name", ""), "--name: the name is required")
    assert [row["name"] for row in listed(crm, "companies", "list")] == ["Acme", "US Navy"]
    assert crm("companies", "add").code == 2
