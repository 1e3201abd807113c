"""The keys of the app and of the current screen, read from their bindings."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


@dataclass(frozen=True)
class KeyGroup:
    """The keys one part of the app answers to: (key as shown, what it does)."""

    title: str
    keys: list[tuple[str, str]]


def key_groups(screen: Screen, screen_title: str) -> list[KeyGroup]:
    """The bindings active on `screen`: its own first, then the app's (remapped keys included)."""
    app = screen.app
    own: list[tuple[str, str]] = []
    everywhere: list[tuple[str, str]] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.show or not binding.description or binding.system:
            continue  # internal keys (focus movement, copy) that the footer does not show either
        entry = (app.get_key_display(binding), binding.tooltip or binding.description)
        if active.node is app:
            everywhere.append(entry)
        elif active.node is screen:
            own.append(entry)
    groups = [KeyGroup(screen_title, own)] if own else []
    return groups + [KeyGroup("Everywhere", everywhere)]


class HelpScreen(ModalScreen[None]):
    """Lists keys; any of its own keys closes it."""

    BINDINGS = [
        Binding("escape,question_mark,q", "close", "Close help", id="help.close"),
    ]

    def __init__(self, groups: list[KeyGroup]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static("Keys", id="help-title")
            with VerticalScroll(id="help-keys"):
                for group in self.groups:
                    yield Static(Text(group.title), classes="help-group")
                    yield Static(self._table(group))
            yield Static("escape closes", id="help-hint")

    def _table(self, group: KeyGroup) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", min_width=8, no_wrap=True)
        table.add_column()
        for key, description in group.keys:
            table.add_row(Text(key), Text(description))
        return table

    def action_close(self) -> None:
        self.dismiss(None)
