"""A contact's history: every audit entry about it and its interactions, when and what changed, old → new."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from .. import audit, clock
from ..errors import CrmError
from ..models import AuditLog
from ..scope import Actor
from ..widgets.plain import Plain
from .base import notify_failed_worker, thread_connection

ACTIONS = {"update": "changed", "delete": "deleted", "create": "added"}
EMPTY = "—"


def shown_value(value: Any) -> str:
    """An audited value as a short text: lists joined, yes/no, an em dash for nothing."""
    if value in (None, "", [], {}):
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {shown_value(item)}" for key, item in value.items())
    return str(value).replace("\n", " ")


def changes(entry: AuditLog) -> Text:
    """One line per changed field: "location: — → Arlington"; a deletion lists nothing but its kind."""
    old, new = entry.old_values or {}, entry.new_values or {}
    if entry.action != "update":
        return Text(EMPTY, style="dim")
    lines = Text()
    for key in list(new) + [key for key in old if key not in new]:
        if lines:
            lines.append("\n")
        lines.append(f"{key.replace('_', ' ')}: ", style="bold")
        lines.append(shown_value(old.get(key)), style="dim")
        lines.append(" → ")
        lines.append(shown_value(new.get(key)))
    return lines


class ContactHistoryScreen(ModalScreen[None]):
    """The audit trail of one contact, newest first; any of its keys closes it."""

    BINDINGS = [
        Binding("escape,h,q", "close", "Close", id="history.close", tooltip="Close the history"),
    ]

    @dataclass
    class Loaded(Message):
        """The entries, read in a worker (or why they could not be)."""

        entries: list[AuditLog]
        error: str = ""

    def __init__(self, actor: Actor, contact_id: int, name: str) -> None:
        super().__init__()
        self.actor = actor
        self.contact_id = contact_id
        self.contact_name = name
        self.entries: list[AuditLog] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box"):
            yield Plain(f"History of {self.contact_name}", id="history-title")
            with VerticalScroll(id="history-scroll"):
                yield Plain("…", id="history-entries")
            yield Static("escape closes", id="history-hint")

    def on_mount(self) -> None:
        self.query_one("#history-scroll").focus()
        self._load()

    def on_worker_state_changed(self, event) -> None:
        notify_failed_worker(self, event)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contact-history")
    def _load(self) -> None:
        with thread_connection():
            try:
                entries = audit.contact_history(self.actor, self.contact_id)
            except CrmError as error:
                self.post_message(self.Loaded([], str(error)))
                return
        self.post_message(self.Loaded(entries))

    def on_contact_history_screen_loaded(self, event: Loaded) -> None:
        self.entries = event.entries
        shown = self.query_one("#history-entries", Static)
        if event.error:
            shown.update(Text(event.error))
        elif not event.entries:
            shown.update(Text("No changes yet: edits, flags and interaction changes appear here."))
        else:
            shown.update(self._table(event.entries))

    def _table(self, entries: list[AuditLog]) -> Table:
        table = Table(box=None, padding=(0, 1), expand=True, show_edge=False)
        table.add_column("When", no_wrap=True, style="dim")
        table.add_column("What", no_wrap=True)
        table.add_column("Old → new", ratio=1)
        for entry in entries:
            when = clock.local(entry.created_at, self.actor.tz).strftime("%Y-%m-%d %H:%M")
            what = f"{entry.table_name} {ACTIONS.get(entry.action, entry.action)}"
            table.add_row(when, Text(what), changes(entry))
        return table

    def action_close(self) -> None:
        self.dismiss(None)
