"""The VIP snapshot (seed 000): every VIP with last update, last contacted and status, most overdue first."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from .. import vip
from ..contacts import HIT_UP
from ..vip import SnapshotRow
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable
from .base import CrmScreen, thread_connection
from .contact_detail import ContactDetailScreen
from .presenters import local_date, status_badge

COLUMNS = (("Name", 30), ("Last update", 12), ("Last contacted", 14), ("Status", 10), ("Cadence used", 12))


def overdue(ratio: float) -> str:
    """How much of its cadence has passed since the last contact, as a percentage ("130%" is past it)."""
    return f"{ratio:.0%}"


class VipSnapshotScreen(CrmScreen):
    """The VIPs that are not archived; enter opens one (the table's own key). Read again each time it is shown."""

    @dataclass
    class Loaded(Message):
        """The snapshot rows, read in a worker."""

        rows: list[SnapshotRow]

    def __init__(self, actor) -> None:
        super().__init__(actor)
        self.rows: list[SnapshotRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("VIPs, most overdue first", id="vip-title")
        table = PlainTable(cursor_type="row", zebra_stripes=True, id="vip-table")
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        yield table
        yield Plain(id="vip-status", markup=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="vip-snapshot")
    def _load(self) -> None:
        with thread_connection():
            rows = vip.snapshot(self.actor)
        self.post_message(self.Loaded(rows))

    def on_vip_snapshot_screen_loaded(self, event: Loaded) -> None:
        self.rows = event.rows
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in event.rows:
            table.add_row(
                Text(row.name),
                local_date(row.last_update, self.actor.tz),
                local_date(row.last_contacted_at, self.actor.tz),
                status_badge(self.app, row.status),
                Text(overdue(row.overdue_ratio), justify="right"),
                key=str(row.id),
            )
        if event.rows:
            table.move_cursor(row=min(cursor, len(event.rows) - 1))
        self.query_one("#vip-status", Static).update(self._status_line())

    def _status_line(self) -> str:
        if not self.rows:
            return "no VIPs yet: open a contact and press v to make it one"
        count = len(self.rows)
        hit_up = sum(1 for row in self.rows if row.status == HIT_UP)
        vips = f"{count} VIP{'s' if count != 1 else ''}"
        return f"{vips} · {hit_up} to hit up · cadence used: time since the last contact"

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(ContactDetailScreen(self.actor, int(event.row_key.value)))
