"""Today's "talk to this person" suggestion, the Friday weekend list and how the suggestions went, as a card."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.content import Content
from textual.widget import Widget

from ..suggestions import Candidate, SuggestionStats, TodaysSuggestion

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
    """"3 of 10 done (30%) · streak 2 days"."""
    if stats is None or not stats.total:
        return "no suggestions yet"
    days = "day" if stats.streak == 1 else "days"
    return f"{stats.done} of {stats.total} done ({stats.done_rate:.0%}) · streak {stats.streak} {days}"


class SuggestionCard(Widget):
    """A bordered card; `show()` fills it. Hidden until there is something to show."""

    DEFAULT_CSS = """
    SuggestionCard {
        height: auto;
        margin-top: 1;
        padding: 0 1;
        border: round $accent 60%;
        border-title-color: $text-accent;
        border-title-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Today's suggestion"
        self.view: SuggestionView | None = None

    def show(self, view: SuggestionView) -> None:
        """Show `view`; the card hides itself when there is no suggestion and no weekend list."""
        self.view = view
        self.display = view.suggestion is not None or bool(view.weekend)
        self.refresh(layout=True)

    def render(self) -> Content:
        view = self.view
        if view is None:
            return Content("…")
        lines: list[Content] = []
        today = view.suggestion
        if today is None:
            lines.append(Content.styled("Nobody to suggest today: every active contact was suggested lately.",
                                        "$text-muted"))
        else:
            lines.append(Content.assemble("Talk to ", (today.contact_name, "bold $text-primary"), "  ",
                                          (f" {STATUS_LABELS.get(today.status, today.status)} ",
                                           "bold $text-success on $success-muted" if today.status == "done"
                                           else "bold $text-warning on $warning-muted")))
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
            lines.append(Content.assemble(("Weekend list: ", "bold"),
                                          " · ".join(candidate.name for candidate in view.weekend)))
        lines.append(Content.styled(stats_line(view.stats), "$text-muted"))
        return Content("\n").join(lines)
