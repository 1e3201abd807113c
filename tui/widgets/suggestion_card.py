"""Today's "talk to this person" suggestion, the Friday weekend list and how the suggestions went, as a card.

The card takes the focus: the arrows move between today's pick and the weekend names, enter opens
the one highlighted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ..suggestions import Candidate, SuggestionStats, TodaysSuggestion
from ..terminal_text import one_line

STATUS_LABELS = {"sent": "suggested", "initiated": "initiated", "done": "done ✓"}
"""How each suggestion status reads on the card."""


@dataclass(frozen=True)
class SuggestionView:
    """What the card shows: today's pick (None when nobody can be suggested), the weekend list, the figures."""

    suggestion: TodaysSuggestion | None
    weekend: list[Candidate] = field(default_factory=list)
    stats: SuggestionStats | None = None
    keys: dict[str, str] = field(default_factory=dict)
    """The key shown for each action ("initiated", "done", "open"), as the user has them mapped."""


def stats_line(stats: SuggestionStats | None) -> str:
    """ "3 of 10 done (30%) · streak 2 days"."""
    if stats is None or not stats.total:
        return "no suggestions yet"
    days = "day" if stats.streak == 1 else "days"
    return f"{stats.done} of {stats.total} done ({stats.done_rate:.0%}) · streak {stats.streak} {days}"


class SuggestionCard(Widget, can_focus=True):
    """A bordered card; `show()` fills it. Hidden until there is something to show."""

    BINDINGS = [
        Binding("enter", "open", "Open", id="suggestion.open_highlighted", tooltip="Open the highlighted contact"),
        Binding("right,down", "move(1)", "Next", id="suggestion.next", show=False, tooltip="The next name"),
        Binding("left,up", "move(-1)", "Previous", id="suggestion.previous", show=False, tooltip="The previous name"),
    ]

    DEFAULT_CSS = """
    SuggestionCard {
        height: auto;
        margin-top: 1;
        padding: 0 1;
        border: round $accent 60%;
        border-title-color: $text-accent;
        border-title-style: bold;
    }
    SuggestionCard:focus {
        border: round $accent;
    }
    """

    highlighted: reactive[int] = reactive(0)
    """Which of `people()` enter opens: 0 is today's pick (when there is one), then the weekend names."""

    @dataclass
    class Opened(Message):
        """Enter on a name: open that contact."""

        contact_id: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Today's suggestion"
        self.view: SuggestionView | None = None

    def show(self, view: SuggestionView) -> None:
        """Show `view`; the card hides itself when there is no suggestion and no weekend list."""
        self.view = view
        self.display = view.suggestion is not None or bool(view.weekend)
        self.highlighted = min(self.highlighted, max(len(self.people()) - 1, 0))
        self.refresh(layout=True)

    def people(self) -> list[int]:
        """The contact ids the card names, in order: today's pick, then the weekend list."""
        if self.view is None:
            return []
        today = [self.view.suggestion.contact_id] if self.view.suggestion else []
        return today + [candidate.contact_id for candidate in self.view.weekend]

    def action_move(self, step: int) -> None:
        if people := self.people():
            self.highlighted = (self.highlighted + step) % len(people)

    def action_open(self) -> None:
        people = self.people()
        if people:
            self.post_message(self.Opened(people[min(self.highlighted, len(people) - 1)]))

    def _person(self, text: str, index: int, style: str) -> tuple[str, str]:
        """A name, shown highlighted when the card has the focus and it is the one enter opens."""
        text = one_line(text)  # stored text: its controls visible
        if self.has_focus and index == self.highlighted:
            return text, f"{style} reverse".strip()
        return text, style

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def render(self) -> Content:
        view = self.view
        if view is None:
            return Content("…")
        lines: list[Content] = []
        today = view.suggestion
        if today is None:
            lines.append(
                Content.styled("Nobody to suggest today: every active contact was suggested lately.", "$text-muted")
            )
        else:
            lines.append(
                Content.assemble(
                    "Talk to ",
                    self._person(today.contact_name, 0, "bold $text-primary"),
                    "  ",
                    (
                        f" {STATUS_LABELS.get(today.status, today.status)} ",
                        "bold $text-success on $success-muted"
                        if today.status == "done"
                        else "bold $text-warning on $warning-muted",
                    ),
                )
            )
            hints = []
            if today.status == "sent" and "initiated" in view.keys:
                hints.append((view.keys["initiated"], "initiated"))
            if today.status != "done" and "done" in view.keys:
                hints.append((view.keys["done"], "done"))
            if "open" in view.keys:
                hints.append((view.keys["open"], "open the contact"))
            if hints:
                parts: list[Content | tuple[str, str] | str] = []
                for number, (key, label) in enumerate(hints):
                    parts.extend([" · " if number else "", (key, "bold"), f" {label}"])
                lines.append(Content.assemble(*parts).stylize("$text-muted"))
        if view.weekend:
            first = 1 if today is not None else 0
            names: list[tuple[str, str] | str] = []
            for number, candidate in enumerate(view.weekend):
                names.extend([" · " if number else "", self._person(candidate.name, first + number, "")])
            lines.append(Content.assemble(("Weekend list: ", "bold"), *names))
        lines.append(Content.styled(stats_line(view.stats), "$text-muted"))
        return Content("\n").join(lines)
