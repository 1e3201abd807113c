"""One headline figure with its label and a line of detail, for the dashboard; enter opens the list behind it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


def short_number(value: float) -> str:
    """A number that stays narrow: 950, 1.2k, 35k, 1.5M."""
    value = float(value)
    for limit, suffix in ((1_000_000_000, "G"), (1_000_000, "M"), (1_000, "k")):
        if abs(value) >= limit:
            scaled = value / limit
            return (f"{scaled:.1f}".removesuffix(".0") if scaled < 10 else f"{scaled:.0f}") + suffix
    return f"{value:.0f}"


class StatCard(Widget, can_focus=True):
    """A number over a short label and a detail line; shows an ellipsis until the number is known."""

    BINDINGS = [
        Binding("enter", "choose", "Open", id="dashboard.card_open", tooltip="Open the list behind this figure"),
    ]

    DEFAULT_CSS = """
    StatCard {
        width: 1fr;
        height: 6;  /* the figure, the label and two lines of details */
        border: round $primary 50%;
        content-align: center middle;
        text-align: center;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    StatCard:focus {
        border: round $primary;
        background-tint: $primary 10%;
    }
    """

    value: reactive[int | None] = reactive(None)
    """The figure; None while it is being counted."""
    details: reactive[tuple[Content, ...]] = reactive(())
    """What to say under the label (e.g. how many are overdue): a line each where the card is tall
    enough, else on one line."""

    @dataclass
    class Chosen(Message):
        """Enter was pressed on the card (or it was clicked)."""

        card: StatCard

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label

    def render(self) -> Content:
        figure = "…" if self.value is None else f"{self.value:,}"
        lines = [Content.styled(figure, "bold $text-primary"), Content.styled(self.label, "$text-muted")]
        if self.details:
            room = self.content_size.height - len(lines)
            if room >= len(self.details):
                lines.extend(self.details)
            else:
                lines.append(Content(" · ").join(self.details))
        return Content("\n").join(lines)

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self))

    def on_click(self) -> None:
        self.post_message(self.Chosen(self))
