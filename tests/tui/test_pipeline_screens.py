"""The pipeline screens driven with Pilot: the board, a deal, the deal form, products, companies, statistics."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Select, Static, Switch

from tui import companies, contacts, deals, products
from tui.app import CrmApp
from tui.companies import CompanyInput
from tui.contacts import ContactInput
from tui.deals import DealInput
from tui.models import Deal, Product
from tui.screens.companies import CompaniesScreen
from tui.screens.company_detail import CompanyDetailScreen
from tui.screens.deal_detail import DealDetailScreen
from tui.screens.deal_form import DealFormScreen
from tui.screens.pipeline import PAGE, BoardFilterDialog, PipelineScreen
from tui.screens.pipeline_stats import PipelineStatsScreen
from tui.screens.products import ProductFormScreen, ProductsScreen
from tui.widgets.field import Field
from tui.widgets.stage_column import StageColumn

from ..helpers import notes, press, scenario, settle, shown

SIZE = (120, 36)
BOARD_KEY = "g"


@pytest.fixture
def ann(signed_in):
    """Ann, at Acme: the contact most deals here are with."""
    return contacts.add_contact(signed_in, ContactInput(name="Ann Acme", company="Acme"))


def add(actor, contact, title, stage="lead", value="100", currency="EUR", **extra):
    return deals.add_deal(
        actor, DealInput(title=title, contact_id=contact.id, stage=stage, value=value, currency=currency, **extra)
    )


def column(app, stage: str) -> StageColumn:
    return app.screen.query_one(f"#column-{stage}", StageColumn)


def titles(app, stage: str) -> list[str]:
    return [card.title for card in column(app, stage).cards]


def header(app, stage: str) -> str:
    return str(column(app, stage).query_one(".stage-header", Static).content)


async def open_board(pilot) -> None:
    await settle(pilot)
    await pilot.press(BOARD_KEY)
    await settle(pilot)
    assert isinstance(pilot.app.screen, PipelineScreen)


@scenario
async def test_keys_alone_move_a_deal_from_lead_to_won_and_the_history_shows_each_move(db_path, signed_in, ann):
    deal = add(signed_in, ann, "Website")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        assert titles(app, "lead") == ["Website"]
        for stage in ("qualified", "proposal", "negotiation", "closed_won"):
            await press(pilot, "right_square_bracket")
            assert deals.get_deal(signed_in, deal.id).stage == stage
            assert titles(app, stage) == ["Website"]  # the focus went with the deal
            assert app.screen.focused_column().stage == stage
        assert all(not titles(app, stage) for stage in ("lead", "qualified", "proposal", "negotiation"))
        await press(pilot, "right_square_bracket")  # won is the last step forward
        assert deals.get_deal(signed_in, deal.id).stage == "closed_won"
        await press(pilot, "enter")
        assert isinstance(app.screen, DealDetailScreen)
        history = shown(app.screen.query_one("#deal-history", Static))
        for move in (
            "added as Lead",
            "Lead → Qualified",
            "Qualified → Proposal",
            "Proposal → Negotiation",
            "Negotiation → Won",
        ):
            assert move in history
        await press(pilot, "left_square_bracket")  # back a stage from the deal page
        assert deals.get_deal(signed_in, deal.id).stage == "negotiation"
        await press(pilot, "escape")
        assert titles(app, "negotiation") == ["Website"] and titles(app, "closed_won") == []


@scenario
async def test_the_board_counts_and_totals_each_currency_apart(db_path, signed_in, ann):
    add(signed_in, ann, "A", value="100")
    add(signed_in, ann, "B", value="50.50")
    add(signed_in, ann, "C", value="30", currency="USD")
    add(signed_in, ann, "D", stage="qualified", value="10", currency="GBP")
    hidden = add(signed_in, ann, "Archived", value="1000")
    deals.set_archived(signed_in, hidden.id, True)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        lead = column(app, "lead")
        assert lead.count == 3
        assert lead.totals == {"EUR": 150_500, "USD": 30_000}
        assert "150.50 EUR" in header(app, "lead") and "30.00 USD" in header(app, "lead")
        assert "180" not in header(app, "lead")  # never summed across currencies
        assert "Archived" not in titles(app, "lead")
        assert column(app, "qualified").count == 1 and "10.00 GBP" in header(app, "qualified")
        assert column(app, "proposal").count == 0


@scenario
async def test_filters_by_product_owner_and_source(db_path, signed_in, ann):
    widget = products.add_product(signed_in, "Widget")
    add(signed_in, ann, "Widget deal", product_id=widget.id, assignee="ada", source="web")
    add(signed_in, ann, "Bob's deal", assignee="bob", source="web")
    add(signed_in, ann, "Fair deal", assignee="bob", source="fair")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        assert column(app, "lead").count == 3
        await press(pilot, "f")
        assert isinstance(app.screen, BoardFilterDialog)
        app.screen.query_one("#board-filter-product", Select).value = str(widget.id)
        await press(pilot, "ctrl+s")
        assert titles(app, "lead") == ["Widget deal"]
        assert "product Widget" in str(app.screen.query_one("#pipeline-status", Static).content)
        await press(pilot, "f")
        app.screen.query_one("#board-filter-product", Select).value = "__any__"
        app.screen.query_one("#board-filter-assignee", Select).value = "bob"
        await press(pilot, "ctrl+s")
        assert sorted(titles(app, "lead")) == ["Bob's deal", "Fair deal"]
        await press(pilot, "f")
        app.screen.query_one("#board-filter-source", Select).value = "fair"
        await press(pilot, "ctrl+s")
        assert titles(app, "lead") == ["Fair deal"]
        assert column(app, "lead").count == 1
        await press(pilot, "r")
        assert column(app, "lead").count == 3


@scenario
async def test_the_closed_columns_fold_and_the_arrows_skip_them(db_path, signed_in, ann):
    add(signed_in, ann, "Open one", stage="negotiation")
    add(signed_in, ann, "Won one", stage="won", value="5")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await press(pilot, "right", "right", "right", "right")
        assert app.screen.focused_column().stage == "closed_won"
        await press(pilot, "z")
        won = column(app, "closed_won")
        assert won.has_class("-folded") and not won.card_list.display
        assert column(app, "closed_lost").has_class("-folded")
        assert app.screen.focused_column().stage == "negotiation"
        assert "Won  1" in header(app, "closed_won")  # the folded header still counts
        await press(pilot, "right")
        assert app.screen.focused_column().stage == "negotiation"
        await press(pilot, "z", "right")
        assert not won.has_class("-folded")
        assert app.screen.focused_column().stage == "closed_won"


@scenario
async def test_a_column_holds_a_page_and_reads_more_near_its_end(db_path, signed_in, ann):
    for number in range(200):
        add(signed_in, ann, f"Deal {number:03d}", value=str(number))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        lead = column(app, "lead")
        assert lead.count == 200
        assert lead.card_list.option_count == PAGE
        await press(pilot, "end")  # the last card held: the next page comes
        assert lead.card_list.option_count == 2 * PAGE
        assert lead.card_list.highlighted == PAGE - 1
        assert len({card.id for card in lead.cards}) == 2 * PAGE
        await press(pilot, "s")  # by value: the largest first, still one page
        assert lead.order == "value"
        assert titles(app, "lead")[0] == "Deal 199"
        assert lead.card_list.option_count <= 2 * PAGE
        await press(pilot, "s")  # by lead score: scored in memory, shown a page at a time
        assert lead.order == "score"
        assert lead.card_list.option_count <= 2 * PAGE and lead.count == 200


@scenario
async def test_a_bad_value_is_refused_at_its_field_and_nothing_is_saved(db_path, signed_in, ann):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, DealFormScreen)
        app.screen.query_one("#input-title", Input).value = "Big one"
        await press(pilot, "ctrl+o")
        app.screen.query_one("#picker-search", Input).value = "Ann"
        await settle(pilot)
        await press(pilot, "enter")
        assert app.screen.chosen_contact == ann.id
        assert app.screen.query_one("#input-company", Input).value == "Acme"  # the contact's, unless changed
        app.screen.query_one("#input-value", Input).value = "12,5x"
        await press(pilot, "ctrl+s")
        field = app.screen.query_one("#field-value", Field)
        assert "is not an amount" in field.error
        assert Deal.select().count() == 0
        app.screen.query_one("#input-value", Input).value = "12,500.50"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, PipelineScreen)
        assert titles(app, "lead") == ["Big one"]
        assert deals.deal_dict(deals.get_deal(signed_in, column(app, "lead").cards[0].id))["company"] == "Acme"
        assert "12,500.50 EUR" in header(app, "lead")


@scenario
async def test_escape_on_a_changed_deal_form_asks_first(db_path, signed_in, ann):
    deal = add(signed_in, ann, "Website")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await press(pilot, "enter", "e")
        assert isinstance(app.screen, DealFormScreen)
        await press(pilot, "escape")  # nothing typed: closes at once
        assert isinstance(app.screen, DealDetailScreen)
        await press(pilot, "e")
        app.screen.query_one("#input-title", Input).value = "Website v2"
        await press(pilot, "escape", "n")
        assert isinstance(app.screen, DealFormScreen)
        await press(pilot, "ctrl+s")
        assert deals.get_deal(signed_in, deal.id).title == "Website v2"


@scenario
async def test_the_deal_page_archives_restores_and_deletes(db_path, signed_in, ann):
    deal = add(signed_in, ann, "Website")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await press(pilot, "enter")
        score = shown(app.screen.query_one("#deal-score", Static))
        assert "of 100" in score and "stage lead: +5" in score
        await press(pilot, "x")
        assert deals.get_deal(signed_in, deal.id).archived
        await press(pilot, "escape")
        assert titles(app, "lead") == []
        app.push_screen(DealDetailScreen(signed_in, deal.id))
        await settle(pilot)
        await press(pilot, "x")
        assert not deals.get_deal(signed_in, deal.id).archived
        await press(pilot, "o")
        assert app.screen.contact_id == ann.id
        await press(pilot, "escape", "ctrl+d", "y")
        assert isinstance(app.screen, PipelineScreen)
        assert Deal.select().count() == 0
        assert titles(app, "lead") == []


@scenario
async def test_a_fourth_active_product_is_refused_and_nothing_changes(db_path, signed_in):
    for name in ("Alpha", "Beta", "Gamma"):
        products.add_product(signed_in, name)
    spare = products.add_product(signed_in, "Spare", active=False)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await press(pilot, "P")
        assert isinstance(app.screen, ProductsScreen)
        status = app.screen.query_one("#products-status", Static)
        assert str(status.content).startswith("3 of 3 active")
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(str(spare.id)))
        await press(pilot, "space")
        assert products.LIMIT_MESSAGE in notes(app)
        assert not products.get_product(signed_in, spare.id).is_active
        assert str(status.content).startswith("3 of 3 active")
        await press(pilot, "n")
        assert isinstance(app.screen, ProductFormScreen)
        assert app.screen.query_one(Switch).value is False  # no room: a new product starts inactive
        app.screen.query_one("#input-name", Input).value = "Delta"
        app.screen.query_one(Switch).value = True
        await press(pilot, "ctrl+s")
        assert app.screen.query_one("#field-is_active", Field).error == products.LIMIT_MESSAGE
        assert Product.select().count() == 4
        app.screen.query_one(Switch).value = False
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ProductsScreen)
        assert str(status.content).startswith("3 of 3 active · 5 products")


@scenario
async def test_deleting_a_product_keeps_its_deal(db_path, signed_in, ann):
    widget = products.add_product(signed_in, "Widget")
    deal = add(signed_in, ann, "Widget deal", product_id=widget.id)
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await press(pilot, "P", "ctrl+d", "y")
        assert "Deleted Widget: 1 deal now has no product" in notes(app)
        assert deals.get_deal(signed_in, deal.id).product_id is None
        assert str(app.screen.query_one("#products-status", Static).content).startswith("0 of 3 active")
        await press(pilot, "escape")
        assert titles(app, "lead") == ["Widget deal"]


@scenario
async def test_companies_search_open_and_lead_to_their_people_and_deals(db_path, signed_in, ann):
    companies.add_company(signed_in, CompanyInput(name="Initech", industry="software"))
    add(signed_in, ann, "Acme deal")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await press(pilot, "C")
        assert isinstance(app.screen, CompaniesScreen)
        table = app.screen.query_one("#companies-table", DataTable)
        assert table.row_count == 2
        await press(pilot, "slash")
        app.screen.query_one("#companies-search", Input).value = "acm"
        await settle(pilot)
        assert table.row_count == 1
        assert [str(cell) for cell in table.get_row_at(0)] == ["Acme", "", "1", "1"]
        await press(pilot, "enter", "enter")
        assert isinstance(app.screen, CompanyDetailScreen)
        assert app.screen.query_one("#company-people", DataTable).row_count == 1
        await press(pilot, "tab", "enter")
        assert isinstance(app.screen, DealDetailScreen)
        await press(pilot, "escape", "shift+tab", "enter")
        assert app.screen.contact_id == ann.id
        await press(pilot, "escape", "escape", "escape")
        assert isinstance(app.screen, CompaniesScreen)
        assert table.row_count == 2  # escape cleared the search first
        await press(pilot, "n")
        app.screen.query_one("#input-name", Input).value = "initech"
        await press(pilot, "ctrl+s")
        assert "already a company" in app.screen.query_one("#field-name", Field).error


@scenario
async def test_statistics_show_conversion_days_and_closed_value_per_currency(db_path, signed_in, ann):
    add(signed_in, ann, "Won in euros", stage="won", value="100")
    add(signed_in, ann, "Won in dollars", stage="won", value="40", currency="USD")
    add(signed_in, ann, "Lost", stage="lost", value="7")
    add(signed_in, ann, "Still open")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await press(pilot, "S")
        assert isinstance(app.screen, PipelineStatsScreen)
        conversions = shown(app.screen.query_one("#stats-conversions", Static))
        assert "Conversion to the next stage" in conversions and "Qualified" in conversions
        months = shown(app.screen.query_one("#stats-months", Static))
        assert "100.00 EUR" in months and "40.00 USD" in months and "7.00 EUR" in months


@scenario
async def test_the_palette_offers_products_companies_and_statistics(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"products")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await press(pilot, "enter")
        assert isinstance(app.screen, ProductsScreen)
