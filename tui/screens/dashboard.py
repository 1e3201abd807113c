"""The dashboard: headline counts and the people added last."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from .. import contacts, stats
from ..contacts import ContactRow
from ..stats import Counts
from ..widgets.stat_card import StatCard
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
    """Where crm opens: how many people and conversations, and who is new."""

    @dataclass
    class Loaded(Message):
        """The dashboard's figures, read in a worker."""

        counts: Counts
        recent: list[ContactRow]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="dashboard-body"):
            with Horizontal(id="dashboard-cards"):
                for field_name, label in CARDS:
                    yield StatCard(label, id=f"card-{field_name}")
            yield Static("Added lately", classes="section-title", id="dashboard-recent-title")
            table = DataTable(id="dashboard-recent", cursor_type="row")
            for label, width in RECENT_COLUMNS:
                table.add_column(label, width=width)
            yield table
            yield Static(id="dashboard-empty")
        yield Footer(compact=True, show_command_palette=False)

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard")
    def load(self) -> None:
        """Read the counts and the recent contacts, off the UI thread."""
        with thread_connection():
            figures = stats.counts(self.actor)
            recent = contacts.recently_added(self.actor, RECENT_LIMIT)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(figures, recent))

    def on_dashboard_screen_loaded(self, event: Loaded) -> None:
        for field_name, _label in CARDS:
            self.query_one(f"#card-{field_name}", StatCard).value = getattr(event.counts, field_name)
        table = self.query_one("#dashboard-recent", DataTable)
        table.clear()
        for row in event.recent:
            table.add_row(contact_name(row.name, row.vip), Text(row.company), Text(row.relationship), status_badge(self.app, row.status),
                          key=str(row.id))
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
