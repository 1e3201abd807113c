"""The dashboard: headline counts, today's suggestion (seed 003) and the people added last."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from .. import contacts, stats, suggestions
from ..contacts import ContactRow
from ..errors import CrmError
from ..stats import Counts
from ..suggestions import Candidate, SuggestionStats, TodaysSuggestion
from ..widgets.footer import CrmFooter
from ..widgets.stat_card import StatCard
from ..widgets.suggestion_card import SuggestionCard, SuggestionView
from .base import CrmScreen, thread_connection
from .contact_detail import ContactDetailScreen
from .presenters import contact_name, status_badge

RECENT_LIMIT = 8
RECENT_COLUMNS = (("Name", 28), ("Company", 22), ("Relationship", 14), ("Status", 10))
CARDS = (
    ("contacts", "contacts"),
    ("active_contacts", "active"),
    ("vips", "VIPs"),
    ("interactions", "interactions"),
    ("interactions_this_month", "this month"),
)
"""Each headline figure: the Counts field and its label."""


class DashboardScreen(CrmScreen):
    """Where crm opens: how many people and conversations, who to talk to today, and who is new."""

    BINDINGS = [
        Binding("i", "advance_suggestion('initiated')", "Initiated", id="dashboard.initiated",
                tooltip="Mark today's suggestion initiated"),
        Binding("x", "advance_suggestion('done')", "Done", id="dashboard.done",
                tooltip="Mark today's suggestion done"),
        Binding("o", "open_suggestion", "Suggestion", id="dashboard.open", tooltip="Open today's suggested contact"),
    ]
    SUGGESTION_KEYS = (("initiated", "dashboard.initiated"), ("done", "dashboard.done"), ("open", "dashboard.open"))

    @dataclass
    class Loaded(Message):
        """The dashboard's figures, read in a worker."""

        counts: Counts
        recent: list[ContactRow]
        suggestion: TodaysSuggestion | None = None
        weekend: list[Candidate] = field(default_factory=list)
        suggestion_stats: SuggestionStats | None = None

    def __init__(self, actor) -> None:
        super().__init__(actor)
        self.suggestion: TodaysSuggestion | None = None
        """Today's suggestion as last loaded; the card's keys act on it."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="dashboard-body"):
            with Horizontal(id="dashboard-cards"):
                for field_name, label in CARDS:
                    yield StatCard(label, id=f"card-{field_name}")
            card = SuggestionCard(id="dashboard-suggestion")
            card.display = False
            yield card
            yield Static("Added lately", classes="section-title", id="dashboard-recent-title")
            table = DataTable(id="dashboard-recent", cursor_type="row")
            for label, width in RECENT_COLUMNS:
                table.add_column(label, width=width)
            yield table
            yield Static(id="dashboard-empty")
        yield CrmFooter()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard")
    def load(self) -> None:
        """Read the counts and the recent contacts, off the UI thread."""
        with thread_connection():
            figures = stats.counts(self.actor)
            recent = contacts.recently_added(self.actor, RECENT_LIMIT)
            today = suggestions.todays(self.actor)
            weekend = suggestions.weekend_list(self.actor)
            figures_of_suggestions = suggestions.statistics(self.actor)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(figures, recent, today, weekend, figures_of_suggestions))

    def on_dashboard_screen_loaded(self, event: Loaded) -> None:
        for field_name, _label in CARDS:
            self.query_one(f"#card-{field_name}", StatCard).value = getattr(event.counts, field_name)
        table = self.query_one("#dashboard-recent", DataTable)
        table.clear()
        for row in event.recent:
            table.add_row(contact_name(row.name, row.vip), Text(row.company), Text(row.relationship), status_badge(self.app, row.status),
                          key=str(row.id))
        self.suggestion = event.suggestion
        keys = {name: self.key_for(binding_id) for name, binding_id in self.SUGGESTION_KEYS}
        self.query_one(SuggestionCard).show(SuggestionView(event.suggestion, event.weekend, event.suggestion_stats,
                                                           keys))
        self.refresh_bindings()
        empty = not event.recent
        self.set_class(empty, "-empty")
        if empty:
            self.query_one("#dashboard-empty", Static).update(self._empty_text())

    def _empty_text(self) -> str:
        key = self.app.key_display_for("contact.add")
        return (f"No contacts yet.\n\n"
                f"  • press [b]{key}[/b] to add your first contact\n"
                f"  • or run [b]crm demo[/b] in a shell to load realistic demo data\n"
                f"  • [b]crm import FILE[/b] will bring in vCards and CSV files (coming soon)")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(ContactDetailScreen(self.actor, int(event.row_key.value)))

    def key_for(self, binding_id: str) -> str:
        """How the key of this screen's binding `binding_id` is shown, as the user has it mapped."""
        for active in self.active_bindings.values():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding)
        return "?"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "advance_suggestion":
            if self.suggestion is None:
                return False
            wanted = parameters[0] if parameters else ""
            allowed = {"initiated": ("sent",), "done": ("sent", "initiated")}.get(str(wanted), ())
            return True if self.suggestion.status in allowed else None
        if action == "open_suggestion":
            return self.suggestion is not None
        return True

    def action_advance_suggestion(self, status: str) -> None:
        if self.suggestion is None:
            return
        try:
            moved = suggestions.advance(self.actor, status)
        except CrmError as error:
            self.notify(str(error), severity="error", markup=False)
        else:
            self.notify(f"{moved.contact_name}: {status}", markup=False)
        self.load()

    def action_open_suggestion(self) -> None:
        if self.suggestion is not None:
            self.app.push_screen(ContactDetailScreen(self.actor, self.suggestion.contact_id))
