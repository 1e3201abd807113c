"""The dashboard driven with Pilot: every widget reached by keyboard, and enter opening what is behind it."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from textual_plotext import PlotextPlot

from tui import contacts, deals
from tui.app import CrmApp
from tui.contacts import ContactInput
from tui.screens.contact_detail import ContactDetailScreen
from tui.screens.contacts import ContactsScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.deal_detail import DealDetailScreen
from tui.screens.followups import FollowUpsScreen
from tui.screens.pipeline import PipelineScreen
from tui.screens.timeline import TimelineScreen
from tui.widgets.dashboard_list import DashboardList
from tui.widgets.stat_card import StatCard
from tui.widgets.suggestion_card import SuggestionCard

from ..helpers import ROOT, known_book, scenario, settle

SIZE = (120, 40)
TAB_ORDER = [
    "dashboard-body",
    "card-contacts",
    "card-meetings",
    "card-followups",
    "card-attention",
    "dashboard-suggestion",
    "list-upcoming",
    "list-followups",
    "list-recent",
    "list-attention",
    "list-deals",
]


@pytest.fixture
def book(signed_in, other_actor):
    """The known dataset of the statistics tests (helpers.known_book), for Ada, remembered on this machine."""
    return known_book(signed_in, other_actor)


async def back_to_dashboard(pilot) -> None:
    while not isinstance(pilot.app.screen, DashboardScreen):
        if len(pilot.app.screen_stack) > 1:
            pilot.app.pop_screen()
        else:
            pilot.app.switch_mode("dashboard")
        await settle(pilot)


async def open_row(pilot, list_id: str, row: int):
    """Focus a list, put its cursor on `row`, press enter; the screen that opened."""
    table = pilot.app.screen.query_one(f"#{list_id}", DashboardList)
    table.focus()
    table.move_cursor(row=row)
    await pilot.press("enter")
    await settle(pilot)
    return pilot.app.screen


def test_the_first_frame_does_not_import_plotext():
    code = "import sys, tui.app; print('plotext' in sys.modules, 'textual_plotext' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


@scenario
async def test_tab_reaches_every_card_the_suggestion_and_each_list(db_path, signed_in, book):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.focused.id == "card-contacts"
        await pilot.press("shift+tab")  # the scrolling body comes first: its arrows and page keys scroll
        reached = [app.screen.focused.id]
        for _ in TAB_ORDER[1:]:
            await pilot.press("tab")
            reached.append(app.screen.focused.id)
        assert reached == TAB_ORDER
        await pilot.press("tab")
        assert app.screen.focused.id == TAB_ORDER[0]  # round again
        await pilot.press("shift+tab")
        assert app.screen.focused.id == TAB_ORDER[-1]


@scenario
async def test_the_figures_and_lists_fill_in(db_path, signed_in, book):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert [
            screen.query_one(f"#card-{name}", StatCard).value
            for name in ("contacts", "meetings", "followups", "attention")
        ] == [8, 5, 3, 2]
        followups_card = screen.query_one("#card-followups", StatCard)
        assert [detail.plain for detail in followups_card.details] == ["1 overdue", "2 upcoming"]
        names = {
            list_id: [
                str(screen.query_one(f"#{list_id}", DashboardList).get_row_at(row)[column])
                for row in range(screen.query_one(f"#{list_id}", DashboardList).row_count)
            ]
            for list_id, column in (
                ("list-upcoming", 1),
                ("list-followups", 1),
                ("list-recent", 0),
                ("list-attention", 0),
            )
        }
        assert names == {
            "list-upcoming": ["Ann"],
            "list-followups": ["Bob", "Cyd", "Cyd"],
            "list-recent": ["Cyd", "Ann", "Bob", "Hal", "→"],
            "list-attention": ["Gus", "Hal"],
        }
        deal_rows = screen.query_one("#list-deals", DashboardList)
        assert [str(deal_rows.get_row_at(row)[0]) for row in range(4)] == [
            "Lead",
            "Qualified",
            "Proposal",
            "Negotiation",
        ]
        assert str(deal_rows.get_row_at(0)[2]) == "1k EUR +1"
        assert screen.query_one("#panel-attention").border_title == "Needs attention · 30+ days"


@scenario
async def test_enter_opens_the_contact_behind_each_list_item(db_path, signed_in, book):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for list_id, row, name in (
            ("list-upcoming", 0, "Ann"),
            ("list-followups", 0, "Bob"),
            ("list-recent", 0, "Cyd"),
            ("list-attention", 0, "Gus"),
        ):
            opened = await open_row(pilot, list_id, row)
            assert isinstance(opened, ContactDetailScreen), list_id
            assert opened.contact_id == book[name]
            await back_to_dashboard(pilot)


@scenario
async def test_deal_rows_open_the_board_at_their_stage_or_the_deal(db_path, signed_in, book):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        opened = await open_row(pilot, "list-deals", 2)  # Proposal
        assert isinstance(opened, PipelineScreen)
        assert opened.focused_column().stage == "proposal"
        await back_to_dashboard(pilot)
        opened = await open_row(pilot, "list-deals", 4)  # the first deal to close: "Late one", overdue
        assert isinstance(opened, DealDetailScreen)
        assert deals.get_deal(signed_in, opened.deal_id).title == "Late one"


@scenario
async def test_cards_and_more_rows_open_the_lists_behind_them(db_path, signed_in, book):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for card, screen_type in (
            ("card-contacts", ContactsScreen),
            ("card-meetings", TimelineScreen),
            ("card-followups", FollowUpsScreen),
        ):
            app.screen.query_one(f"#{card}").focus()
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, screen_type), card
            await back_to_dashboard(pilot)
        app.screen.query_one("#card-attention").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        assert app.screen.request.sort == "last_contacted" and app.screen.request.spec.active is True
        await back_to_dashboard(pilot)
        opened = await open_row(pilot, "list-recent", 4)  # "→ the timeline"
        assert isinstance(opened, TimelineScreen)


@scenario
async def test_the_suggestion_card_opens_the_highlighted_name(db_path, signed_in, book):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = app.screen.query_one(SuggestionCard)
        assert card.display and len(card.people()) >= 2  # a Friday: today's pick and the weekend list
        card.focus()
        await pilot.press("right")
        assert card.highlighted == 1
        weekend_first = card.people()[1]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactDetailScreen) and app.screen.contact_id == weekend_first
        await back_to_dashboard(pilot)
        card = app.screen.query_one(SuggestionCard)
        card.focus()
        await pilot.press("left", "left")  # round past the start to the last name
        assert card.highlighted == len(card.people()) - 1


@scenario
async def test_the_charts_arrive_after_the_figures_follow_the_theme_and_the_size(db_path, signed_in, book):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        charts = list(app.screen.query(PlotextPlot))
        assert [chart.id for chart in charts] == ["plot-weeks", "plot-mediums", "plot-months"]
        weeks = app.screen.query_one("#plot-weeks", PlotextPlot)
        assert [item.count for item in weeks.data] == [2, 0, 1, 0, 0, 1, 0, 0, 3, 1, 1, 2]

        def bar_colours() -> set:
            return {
                span.style.color.triplet
                for span in weeks.render().spans
                if not isinstance(span.style, str) and span.style.color and span.style.color.triplet
            }

        app.theme = "textual-dark"
        await pilot.pause()
        assert weeks.colour("primary") in bar_colours()
        app.theme = "textual-light"
        await pilot.pause()
        assert weeks.colour("primary") in bar_colours()
        wide = weeks.size.width
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert weeks.size.width > wide
        assert len(weeks.render().plain.splitlines()[0]) == weeks.size.width


@scenario
async def test_refresh_reads_the_figures_again(db_path, signed_in):
    contacts.add_contact(signed_in, ContactInput(name="Ann"))
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#card-contacts", StatCard).value == 1
        contacts.add_contact(signed_in, ContactInput(name="Bob"))
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.query_one("#card-contacts", StatCard).value == 2


@scenario
async def test_an_empty_database_shows_how_to_start_and_no_lists(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("-empty")
        text = str(screen.query_one("#dashboard-empty").content)
        assert "press [b]a[/b]" in text and "crm demo" in text and "[b]I[/b]" in text
        assert screen.query_one("#dashboard-lists").styles.display == "none"
        assert screen.query_one("#dashboard-charts").styles.display == "none"
        assert not screen.query_one(SuggestionCard).display
        assert [card.value for card in screen.query(StatCard)] == [0, 0, 0, 0]
        reached = []
        for _ in range(5):
            await pilot.press("tab")
            reached.append(screen.focused.id)
        assert reached == ["card-meetings", "card-followups", "card-attention", "dashboard-body", "card-contacts"]
        await pilot.press("a")
        await settle(pilot)
        assert type(app.screen).__name__ == "ContactFormScreen"


@scenario
async def test_a_contact_count_that_did_not_change_in_a_year_draws(db_path, signed_in):
    # Every contact added more than a year ago: the "contacts added" line is flat (it once divided by zero).
    from tui.models import Contact

    for name in ("Ann", "Bob", "Cy"):
        contacts.add_contact(signed_in, ContactInput(name=name))
    Contact.update(created_at=Contact.select(Contact.created_at).limit(1).scalar() - timedelta(days=800)).execute()
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        months = app.screen.query_one("#plot-months", PlotextPlot)
        assert {item.total for item in months.data} == {3}
        drawn = months.render().plain
        assert "3" in drawn and "Nov" in drawn  # the value's tick and the last month (the fixed clock's November)
