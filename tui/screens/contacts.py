"""The contact list: one page of rows at a time, searched as you type, sorted, filtered, marked and changed in bulk."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from .. import contacts
from ..contacts import ContactFilter, ContactRow
from ..errors import ValidationError
from ..widgets.footer import CrmFooter
from ..widgets.paged_table import PagedTable
from ..widgets.plain import Plain
from .base import CrmScreen, thread_connection
from .contact_detail import ContactDetailScreen
from .contact_filters import ContactFiltersDialog, describe, without_filters
from .custom_fields import CustomFieldsDialog
from .duplicates import DuplicatesScreen
from .presenters import contact_name, local_date, status_badge
from .text_prompt import TextPrompt

PAGE_SIZE = 50
"""Rows the table holds: a screenful and more; each row costs time on every refresh."""
SORT_LABELS = {"name": "name", "last_contacted": "last contacted", "status": "status", "added": "added"}
"""The orders `s` cycles through (keys of contacts.list_contacts), with how the status line names them."""
SORT_CYCLE = tuple(SORT_LABELS)
MARK = "●"
MARK_COLUMN = "mark"
COLUMNS = (("Name", 21), ("Company", 15), ("Relationship", 12), ("Tags", 12), ("Last contacted", 14), ("Status", 10))
"""Fixed widths, so columns stay put from page to page and between searches."""


@dataclass(frozen=True)
class PageRequest:
    """Which page to show, and where the cursor goes on it ("first", "last" or a row index)."""

    spec: ContactFilter
    sort: str
    offset: int
    cursor: str | int = "first"


def plural(count: int) -> str:
    """ "1 contact", "2 contacts"."""
    return f"{count:,} contact" + ("" if count == 1 else "s")


def check_tag(text: str) -> str:
    """A tag as typed, cleaned the way the domain stores it; ValidationError when it cannot be one."""
    cleaned = contacts.clean_tags([text])
    if not cleaned:
        raise ValidationError("tags", "type a tag")
    return cleaned[0]


class ContactsScreen(CrmScreen):
    """Every contact, a page at a time."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search", id="contacts.search", key_display="/", tooltip="Search as you type"),
        Binding("escape", "clear_search", "Clear", id="contacts.clear_search", tooltip="Clear the search"),
        Binding("s", "cycle_sort", "Sort", id="contacts.sort", tooltip="Sort by name, last contacted, status or added"),
        Binding("f", "filter", "Filter", id="contacts.filter", tooltip="Filter by tag, relationship, VIP, …"),
        Binding("r", "clear_filters", "Unfilter", id="contacts.clear_filters", tooltip="Clear the filters"),
        Binding("space", "toggle_mark", "Mark", id="contacts.mark", tooltip="Mark or unmark the contact"),
        Binding(
            "asterisk",
            "mark_page",
            "Mark all",
            id="contacts.mark_page",
            key_display="*",
            tooltip="Mark every contact on the page, or unmark them",
        ),
        Binding("plus", "tag", "Tag", id="contacts.tag", key_display="+", tooltip="Tag the marked contacts"),
        Binding(
            "minus",
            "untag",
            "Untag",
            id="contacts.untag",
            key_display="-",
            tooltip="Remove a tag from the marked contacts",
        ),
        Binding(
            "x",
            "archive",
            "Archive",
            id="contacts.archive",
            tooltip="Archive the marked contacts, or restore them when viewing the archived",
        ),
        Binding(
            "i",
            "toggle_active",
            "Active",
            id="contacts.active",
            tooltip="Set the marked contacts inactive, or active again",
        ),
        Binding("F", "custom_fields", "Fields", id="contacts.fields", tooltip="Manage custom fields"),
        Binding(
            "I",
            "import_contacts",
            "Import",
            id="contacts.import",
            tooltip="Import contacts from a vCard or CSV file (a preview first)",
        ),
        Binding(
            "E",
            "export_contacts",
            "Export",
            id="contacts.export",
            tooltip="Export contacts as vCard or CSV, or everything as JSON",
        ),
        Binding(
            "D",
            "duplicates",
            "Duplicates",
            id="contacts.duplicates",
            tooltip="Find duplicate contacts, merge them, undo a merge",
        ),
    ]

    @dataclass
    class PageLoaded(Message):
        """A page of rows read in a worker, with the total it belongs to."""

        request: PageRequest
        offset: int
        total: int
        rows: list[ContactRow]

    @dataclass
    class BulkDone(Message):
        """A bulk change finished in a worker: what to tell the user."""

        summary: str

    def __init__(self, actor) -> None:
        super().__init__(actor)
        self.request = PageRequest(ContactFilter(), SORT_CYCLE[0], 0)
        self.total = 0
        self.rows: list[ContactRow] = []
        """The rows of the page shown, in table order."""
        self.marked: dict[int, ContactRow] = {}
        """Marked contacts by id; marks stay across pages and searches until a bulk change uses them."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search contacts: press / (escape clears)", id="contacts-search", compact=True)
        table = PagedTable(id="contacts-table")
        table.add_column(Text(MARK), width=1, key=MARK_COLUMN)
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        yield table
        yield Plain(id="contacts-status", markup=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()

    def on_screen_resume(self) -> None:
        table = self.query_one(PagedTable)
        self.show_page(replace(self.request, cursor=table.cursor_row))

    def show_page(self, request: PageRequest) -> None:
        """Ask for a page; a newer request cancels an older one still running."""
        self.request = request
        self._load(request)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys that would do nothing leave the footer, which has little room.
        if action == "clear_search":
            return bool(self.request.spec.search)
        if action == "clear_filters":
            return bool(describe(self.request.spec))
        return True

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
        self.rows = event.rows
        table = self.query_one(PagedTable)
        table.clear()
        for row in event.rows:
            table.add_row(*self._cells(row), key=str(row.id))
        if event.rows:
            wanted = {"first": 0, "last": len(event.rows) - 1}.get(event.request.cursor, event.request.cursor)
            table.move_cursor(row=min(int(wanted), len(event.rows) - 1), scroll=True)
        self._show_status()

    def _cells(self, row: ContactRow) -> tuple:
        name = contact_name(row.name, row.vip)
        if not row.active:
            name.append(" (inactive)", style="dim italic")
        return (
            self._mark(row.id),
            name,
            Text(row.company),
            Text(row.relationship),
            Text(row.tags),
            local_date(row.last_contacted_at, self.actor.tz),
            status_badge(self.app, row.status),
        )

    def _mark(self, contact_id: int) -> Text:
        if contact_id not in self.marked:
            return Text("")
        return Text(MARK, style=f"bold {self.app.get_css_variables()['text-accent']}")

    def _show_status(self) -> None:
        self.query_one("#contacts-status", Static).update(self._status_line(len(self.rows)))

    def _status_line(self, shown: int) -> str:
        sort = SORT_LABELS[self.request.sort]
        spec = self.request.spec
        search = spec.search.strip()
        filters = describe(spec)
        if not shown:
            key = self.app.key_display_for("contact.add")
            if search:
                found = f"no contacts match “{search}”"
            elif filters:
                found = "no contacts pass the filters"
            else:
                found = f"no contacts yet: press {key} to add one"
            line = f"{found} · sorted by {sort}"
        else:
            first = self.request.offset + 1
            line = f"{first:,}–{self.request.offset + shown:,} of {self.total:,} · sorted by {sort}"
        if filters:
            line += f" · filtered: {', '.join(filters)} ({self.key_for('contacts.clear_filters')} clears)"
        if self.marked:
            line += f" · {len(self.marked):,} marked"
        return line

    def key_for(self, binding_id: str) -> str:
        """How the key of this screen's binding `binding_id` is shown, as the user has it mapped."""
        for active in self.active_bindings.values():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding)
        return "?"

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

    # Filters

    def action_filter(self) -> None:
        self.app.push_screen(ContactFiltersDialog(self.actor, self.request.spec), self._filter_chosen)

    def _filter_chosen(self, spec: ContactFilter | None) -> None:
        if spec is not None and spec != self.request.spec:
            self.show_page(PageRequest(spec, self.request.sort, 0))

    def action_clear_filters(self) -> None:
        if describe(self.request.spec):
            self.show_page(PageRequest(without_filters(self.request.spec), self.request.sort, 0))

    # Marks

    def cursor_contact(self) -> ContactRow | None:
        """The contact under the cursor, if the page has any."""
        row = self.query_one(PagedTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def targets(self) -> list[ContactRow]:
        """What a bulk change applies to: the marked contacts, or the one under the cursor when none is marked."""
        if self.marked:
            return list(self.marked.values())
        current = self.cursor_contact()
        return [current] if current else []

    def _set_marks(self, rows: list[ContactRow], marked: bool) -> None:
        table = self.query_one(PagedTable)
        for row in rows:
            if marked:
                self.marked[row.id] = row
            else:
                self.marked.pop(row.id, None)
            table.update_cell(str(row.id), MARK_COLUMN, self._mark(row.id))
        self._show_status()

    def action_toggle_mark(self) -> None:
        current = self.cursor_contact()
        if current is None:
            return
        self._set_marks([current], current.id not in self.marked)
        self.query_one(PagedTable).action_cursor_down()

    def action_mark_page(self) -> None:
        every_one_marked = all(row.id in self.marked for row in self.rows)
        self._set_marks(self.rows, not every_one_marked)

    # Bulk changes, each in one transaction of the domain

    def action_tag(self) -> None:
        targets = self.targets()
        if not targets:
            return
        # The user's tag names: one small indexed read, before the prompt opens.
        prompt = TextPrompt(
            f"Tag {plural(len(targets))}",
            "Tag",
            placeholder="a tag (→ completes)",
            suggestions=contacts.all_tags(self.actor),
            check=check_tag,
        )

        def tag(name: str | None) -> None:
            if name:
                ids = [row.id for row in targets]
                self._bulk(
                    lambda: contacts.tag_contacts(self.actor, ids, name),
                    lambda count: f"Tagged {plural(count)} “{name}”",
                )

        self.app.push_screen(prompt, tag)

    def action_untag(self) -> None:
        targets = self.targets()
        if not targets:
            return
        present = sorted({tag for row in targets for tag in row.tags.split(", ") if tag}, key=str.casefold)
        if not present:
            self.notify(f"{'These contacts have' if len(targets) > 1 else 'This contact has'} no tags")
            return

        whose = "these contacts" if len(targets) > 1 else "this contact"

        def known(text: str) -> str:
            name = text.strip().lstrip("#")
            match = next((tag for tag in present if tag.casefold() == name.casefold()), None)
            if match is None:
                raise ValidationError("tags", f"not a tag of {whose}: use one of {', '.join(present)}")
            return match

        prompt = TextPrompt(
            f"Remove a tag from {plural(len(targets))}",
            "Tag",
            placeholder=", ".join(present),
            suggestions=present,
            check=known,
        )

        def untag(name: str | None) -> None:
            if name:
                ids = [row.id for row in targets]
                self._bulk(
                    lambda: contacts.untag_contacts(self.actor, ids, name),
                    lambda count: f"Removed “{name}” from {plural(count)}",
                )

        self.app.push_screen(prompt, untag)

    def action_archive(self) -> None:
        ids = [row.id for row in self.targets()]
        if not ids:
            return
        restore = self.request.spec.archived
        self._bulk(
            lambda: contacts.set_flags_many(self.actor, ids, archived=not restore),
            lambda count: f"{'Restored' if restore else 'Archived'} {plural(count)}",
        )

    def action_toggle_active(self) -> None:
        targets = self.targets()
        if not targets:
            return
        active = not any(row.active for row in targets)  # any active one: all go inactive
        ids = [row.id for row in targets]
        self._bulk(
            lambda: contacts.set_flags_many(self.actor, ids, active=active),
            lambda count: f"Set {plural(count)} {'active' if active else 'inactive'}",
        )

    @work(thread=True, exclusive=True, exit_on_error=False, group="contacts-bulk")
    def _bulk(self, change: Callable[[], int], summary: Callable[[int], str]) -> None:
        with thread_connection():
            count = change()
        self.post_message(self.BulkDone(summary(count)))

    def on_contacts_screen_bulk_done(self, event: BulkDone) -> None:
        self.marked.clear()
        self.notify(event.summary)
        self.show_page(replace(self.request, cursor=self.query_one(PagedTable).cursor_row))

    def action_custom_fields(self) -> None:
        self.app.push_screen(CustomFieldsDialog(self.actor))

    def action_import_contacts(self) -> None:
        # Imported here, as the export dialog below: the import code would slow every start of crm down.
        from .import_dialog import ImportDialog

        self.app.push_screen(ImportDialog(self.actor), self._imported)

    def _imported(self, report) -> None:
        from .import_dialog import describe_import

        if report is not None:
            self.notify(describe_import(report), title="Import")
            self.show_page(replace(self.request, cursor=self.query_one(PagedTable).cursor_row))

    def action_export_contacts(self) -> None:
        from .export_dialog import ExportDialog

        self.app.push_screen(ExportDialog(self.actor), lambda summary: summary and self.notify(summary, title="Export"))

    def action_duplicates(self) -> None:
        # A merge may remove a marked contact: marks start afresh on return.
        self.app.push_screen(DuplicatesScreen(self.actor), lambda _result: self.marked.clear())
