"""The footer of every crm screen: the keys that work now, on one line drawn by one widget.

Textual's footer mounts a widget per key, some twenty-five on most of our screens, and styling, laying
out and drawing them took about a third of the work of opening a screen. Here the keys are text: the
footer redraws when the bindings change, and a click finds its key from the column.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

HELP_KEY = "question_mark"
"""The key that lists every key: it stays at the end of a footer too narrow for all of them."""
GAP = "  "
DISABLED = Style(dim=True)


@dataclass(frozen=True)
class FooterEntry:
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str

    @property
    def width(self) -> int:
        return cell_len(self.display) + 1 + cell_len(self.description)


def footer_entries(screen: Screen) -> list[FooterEntry]:
    """The keys to show for `screen`, in binding order; an action bound to several keys shows its first."""
    keys: list[FooterEntry] = []
    actions: set[str] = set()
    for _node, binding, enabled, tooltip in screen.active_bindings.values():
        if not binding.show or binding.action in actions:
            continue
        actions.add(binding.action)
        keys.append(
            FooterEntry(
                binding.key,
                screen.app.get_key_display(binding),
                binding.description,
                enabled,
                tooltip or binding.tooltip or binding.description,
            )
        )
    return keys


def entries_that_fit(keys: list[FooterEntry], width: int) -> list[FooterEntry]:
    """The keys that fit in `width` columns, whole and in order; when some must go, help stays, last."""
    if sum(key.width for key in keys) + len(GAP) * (len(keys) - 1) <= width:
        return keys
    kept = [key for key in keys if key.key == HELP_KEY]
    room = width - sum(key.width + len(GAP) for key in kept)
    shown: list[FooterEntry] = []
    for key in keys:
        if key.key == HELP_KEY:
            continue
        if key.width + len(GAP) > room:
            break
        shown.append(key)
        room -= key.width + len(GAP)
    return shown + kept


class CrmFooter(Widget):
    """The keys that work now: the key in the accent colour, then what it does; click one to press it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description"}

    def __init__(self) -> None:
        super().__init__()
        self._columns: list[tuple[int, int, FooterEntry]] = []
        """Where each key shown was drawn: (first column, column after, key), for clicks and tooltips."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen) -> None:
        # While the terminal is out of focus nothing has focus, and the keys would flicker to the app's only.
        if screen.app.app_focus:
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        self._columns = []
        for key in entries_that_fit(footer_entries(self.screen), self.size.width):
            if line:
                line.append(GAP)
            start = line.cell_len
            dim = Style() if key.enabled else DISABLED
            line.append(key.display, style=key_style + dim)
            line.append(" " + key.description, style=description_style + dim)
            self._columns.append((start, line.cell_len, key))
        return line

    def _key_at(self, event: events.MouseEvent) -> FooterEntry | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        return next((key for start, end, key in self._columns if start <= offset.x < end), None)

    def on_click(self, event: events.Click) -> None:
        key = self._key_at(event)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self._key_at(event)
        self.tooltip = key.tooltip if key else None
