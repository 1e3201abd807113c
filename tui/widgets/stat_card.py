"""One headline figure with its label, for the dashboard."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class StatCard(Widget):
    """A number over a short label; shows an ellipsis until the number is known."""

    DEFAULT_CSS = """
    StatCard {
        width: 1fr;
        height: 5;
        border: round $primary 50%;
        content-align: center middle;
        text-align: center;
    }
    """

    value: reactive[int | None] = reactive(None)
    """The figure; None while it is being counted."""

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label

    def render(self) -> Content:
        figure = "…" if self.value is None else f"{self.value:,}"
        return Content.assemble((figure, "bold $text-primary"), "\n", (self.label, "$text-muted"))
