"""The contact list: one page of rows at a time, searched as you type, sorted three ways."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from .. import contacts
from ..contacts import ContactFilter, ContactRow
from ..widgets.paged_table import PagedTable
from .base import CrmScreen, thread_connection
from .contact_detail import ContactDetailScreen
from .presenters import contact_name, local_date, status_badge

PAGE_SIZE = 100
SORT_LABELS = {"name": "name", "last_contacted": "last contacted", "added": "added"}
"""The orders `s` cycles through (keys of contacts.list_contacts), with how the status line names them."""
SORT_CYCLE = tuple(SORT_LABELS)
COLUMNS = (("Name", 22), ("Company", 15), ("Relationship", 12), ("Tags", 14), ("Last contacted", 14), ("Status", 10))
"""Fixed widths, so columns stay put from page to page and between searches."""


@dataclass(frozen=True)
class PageRequest:
    """Which page to show, and where the cursor goes on it ("first", "last" or a row index)."""

    spec: ContactFilter
    sort: str
    offset: int
    cursor: str | int = "first"


class ContactsScreen(CrmScreen):
    """Every contact, a page at a time."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="contacts.search", key_display="/", tooltip="Search as you type"),
        Binding("escape", "clear_search", "Clear", id="contacts.clear_search", tooltip="Clear the search"),
        Binding("s", "cycle_sort", "Sort", id="contacts.sort", tooltip="Sort by name, last contacted or added"),
    ]

    @dataclass
    class PageLoaded(Message):
        """A page of rows read in a worker, with the total it belongs to."""

        request: PageRequest
        offset: int
        total: int
        rows: list[ContactRow]

    def __init__(self, actor) -> None:
        super().__init__(actor)
        self.request = PageRequest(ContactFilter(), SORT_CYCLE[0], 0)
        self.total = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search contacts: press / (escape clears)", id="contacts-search", compact=True)
        table = PagedTable(id="contacts-table")
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        yield table
        yield Static(id="contacts-status", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()

    def on_screen_resume(self) -> None:
        table = self.query_one(PagedTable)
        self.show_page(replace(self.request, cursor=table.cursor_row))

    def show_page(self, request: PageRequest) -> None:
        """Ask for a page; a newer request cancels an older one still running."""
        self.request = request
        self._load(request)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contacts-page")
    def _load(self, request: PageRequest) -> None:
        with thread_connection():
            total = contacts.count_contacts(self.actor, request.spec)
            last_page_start = max(0, (total - 1) // PAGE_SIZE * PAGE_SIZE)
            offset = min(max(0, request.offset), last_page_start)
            rows = contacts.list_contacts(self.actor, request.spec, request.sort, PAGE_SIZE, offset)
        if not get_current_worker().is_cancelled:
            self.post_message(self.PageLoaded(request, offset, total, rows))

    def on_contacts_screen_page_loaded(self, event: PageLoaded) -> None:
        if event.request != self.request:
            return  # an answer to a question no longer asked
        self.request = replace(event.request, offset=event.offset)
        self.total = event.total
        table = self.query_one(PagedTable)
        table.clear()
        for row in event.rows:
            table.add_row(*self._cells(row), key=str(row.id))
        if event.rows:
            wanted = {"first": 0, "last": len(event.rows) - 1}.get(event.request.cursor, event.request.cursor)
            table.move_cursor(row=min(int(wanted), len(event.rows) - 1), scroll=True)
        self.query_one("#contacts-status", Static).update(self._status_line(len(event.rows)))

    def _cells(self, row: ContactRow) -> tuple:
        return (contact_name(row.name, row.vip), Text(row.company), Text(row.relationship), Text(row.tags),
                local_date(row.last_contacted_at, self.actor.tz), status_badge(self.app, row.status))

    def _status_line(self, shown: int) -> str:
        sort = SORT_LABELS[self.request.sort]
        search = self.request.spec.search.strip()
        if not shown:
            key = self.app.key_display_for("contact.add")
            found = f"no contacts match “{search}”" if search else f"no contacts yet: press {key} to add one"
            return f"{found} · sorted by {sort}"
        first = self.request.offset + 1
        return f"{first:,}–{self.request.offset + shown:,} of {self.total:,} · sorted by {sort}"

    @on(PagedTable.PageRequested)
    def turn_page(self, event: PagedTable.PageRequested) -> None:
        offset = self.request.offset + event.step * PAGE_SIZE
        if 0 <= offset < self.total:
            self.show_page(replace(self.request, offset=offset, cursor="first" if event.step > 0 else "last"))

    @on(Input.Changed, "#contacts-search")
    def search(self, event: Input.Changed) -> None:
        spec = replace(self.request.spec, search=event.value)
        self.show_page(PageRequest(spec, self.request.sort, 0))

    @on(Input.Submitted, "#contacts-search")
    def leave_search(self) -> None:
        self.query_one(PagedTable).focus()

    def on_data_table_row_selected(self, event: PagedTable.RowSelected) -> None:
        self.app.push_screen(ContactDetailScreen(self.actor, int(event.row_key.value)))

    def action_focus_search(self) -> None:
        self.query_one("#contacts-search", Input).focus()

    def action_clear_search(self) -> None:
        self.query_one("#contacts-search", Input).value = ""
        self.query_one(PagedTable).focus()

    def action_cycle_sort(self) -> None:
        following = SORT_CYCLE[(SORT_CYCLE.index(self.request.sort) + 1) % len(SORT_CYCLE)]
        self.show_page(PageRequest(self.request.spec, following, 0))
