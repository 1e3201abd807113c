"""The footer: the keys that work now, whole keys only, help kept when the line is too narrow, clickable."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from tui.app import CrmApp
from tui.screens.contacts import ContactsScreen
from tui.screens.help import HelpScreen
from tui.screens.pipeline import PipelineScreen
from tui.widgets.footer import HELP_KEY, CrmFooter, FooterEntry, entries_that_fit, footer_entries

from ..helpers import scenario, settle


def entry(key: str, description: str) -> FooterEntry:
    return FooterEntry(key, key, description, True, description)


def footer_text(app: App) -> str:
    return str(app.screen.query_one(CrmFooter).render())


async def click_entry(pilot, description: str) -> None:
    """Click the middle of the footer entry that says `description`."""
    footer = pilot.app.screen.query_one(CrmFooter)
    start, end = next((first, after) for first, after, shown in footer._columns if shown.description == description)
    await pilot.click(CrmFooter, offset=(footer.styles.padding.left + (start + end) // 2, 0))


def test_every_entry_is_shown_when_the_line_is_wide_enough():
    entries = [entry("a", "Add"), entry("b", "Back"), entry(HELP_KEY, "Help")]
    assert entries_that_fit(entries, 100) == entries
    assert entries_that_fit(entries, len("a Add  b Back  question_mark Help")) == entries


def test_a_narrow_line_shows_whole_entries_and_keeps_help_last():
    entries = [entry("a", "Add"), entry(HELP_KEY, "Help"), entry("b", "Back"), entry("c", "Contacts")]
    # "a Add" and its gap take 7 columns, "question_mark Help" and its gap 20: "b Back" has no room left.
    assert entries_that_fit(entries, 30) == [entries[0], entries[1]]
    assert entries_that_fit(entries, 22) == [entries[1]]


class TwoKeysOneAction(Screen):
    BINDINGS = [
        Binding("x", "thing", "Thing", tooltip="Do the thing"),
        Binding("y", "thing", "Thing again"),
        Binding("z", "hidden", "Hidden", show=False),
        Binding("w", "other", "Other"),
    ]

    def compose(self) -> ComposeResult:
        yield CrmFooter()

    def action_thing(self) -> None:
        self.app.things = getattr(self.app, "things", 0) + 1

    def action_other(self) -> None:
        pass


class FooterApp(App):
    def on_mount(self) -> None:
        self.push_screen(TwoKeysOneAction())


@scenario
async def test_an_action_bound_to_several_keys_shows_once_and_hidden_keys_not_at_all():
    app = FooterApp()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        entries = footer_entries(app.screen)
        assert [(shown.key, shown.description, shown.tooltip) for shown in entries] == [
            ("x", "Thing", "Do the thing"),
            ("w", "Other", "Other"),
        ]
        assert footer_text(app) == "x Thing  w Other"
        await click_entry(pilot, "Thing")
        await pilot.pause()
        assert app.things == 1


@scenario
async def test_the_board_footer_keeps_whole_keys_and_help_at_80_columns(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, PipelineScreen)
        text = footer_text(app)
        assert text.startswith("[ Back  ] Forward  n New")
        assert text.endswith("? Help")
        assert "Timeline" not in text
        await pilot.resize_terminal(220, 40)
        await settle(pilot)
        assert "t Timeline" in footer_text(app)


@scenario
async def test_clicking_a_key_in_the_footer_presses_it(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await click_entry(pilot, "Contacts")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        await click_entry(pilot, "Help")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


@scenario
async def test_the_footer_follows_the_screen_it_is_on(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=(220, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "Search" in footer_text(app)
        await pilot.press("g")
        await settle(pilot)
        assert "Search" not in footer_text(app)
        assert "n New" in footer_text(app)
