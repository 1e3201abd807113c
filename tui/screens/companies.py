"""Companies: the list with people and deal counts, a search, and the form to add or edit one."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import get_current_worker

from .. import companies
from ..companies import CompanyInput, CompanyRow
from ..errors import CrmError
from ..scope import Actor
from ..widgets.field import Field, text_area, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable
from .base import CrmScreen, row_under_cursor, thread_connection
from .company_detail import CompanyDetailScreen
from .confirm import ConfirmDialog
from .forms import dismiss_unless_changed, field_values, submit


class CompaniesScreen(CrmScreen):
    """Every company by name, with its people and deals; `/` searches, enter opens one."""

    BINDINGS = [
        Binding(
            "slash",
            "focus_search",
            "Search",
            id="companies.search",
            key_display="/",
            tooltip="Search companies by name",
        ),
        Binding("n", "new", "New", id="companies.new", tooltip="Add a company"),
        Binding("e", "edit", "Edit", id="companies.edit", tooltip="Edit the company"),
        Binding(
            "ctrl+d", "delete", "Delete", id="companies.delete", tooltip="Delete the company; its people and deals stay"
        ),
        Binding("escape", "back", "Back", id="companies.back", tooltip="Clear the search, or go back"),
    ]

    @dataclass
    class Loaded(Message):
        """The companies matching `search`, read in a worker."""

        search: str
        rows: list[CompanyRow]

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor)
        self.rows: list[CompanyRow] = []
        self.select_after_load: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search companies: press / (escape clears)", id="companies-search", compact=True)
        table = PlainTable(id="companies-table", cursor_type="row")
        for label, width in (("Name", 36), ("Industry", 20), ("People", 8), ("Deals", 8)):
            table.add_column(label, width=width)
        yield table
        yield Plain(id="companies-status", markup=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.load(self.search_text())

    def search_text(self) -> str:
        return self.query_one("#companies-search", Input).value

    @work(thread=True, exclusive=True, exit_on_error=False, group="companies")
    def load(self, search: str) -> None:
        """Read the companies matching `search` off the UI thread."""
        with thread_connection():
            rows = companies.list_companies(self.actor, search)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(search, rows))

    @on(Input.Changed, "#companies-search")
    def typed(self, event: Input.Changed) -> None:
        self.load(event.value)

    @on(Input.Submitted, "#companies-search")
    def submitted(self) -> None:
        self.query_one(DataTable).focus()

    def on_companies_screen_loaded(self, event: Loaded) -> None:
        if event.search != self.search_text():
            return  # an answer to an older keystroke
        table = self.query_one(DataTable)
        wanted = self.select_after_load
        if wanted is None and (current := self.highlighted()) is not None:
            wanted = current.id
        self.rows = event.rows
        table.clear()
        for row in event.rows:
            table.add_row(
                Text(row.name),
                Text(row.industry),
                Text(f"{row.people:,}", justify="right"),
                Text(f"{row.deals:,}", justify="right"),
                key=str(row.id),
            )
        self.select_after_load = None
        if wanted is not None and str(wanted) in table.rows:
            table.move_cursor(row=table.get_row_index(str(wanted)))
        self.query_one("#companies-status", Static).update(self.status_line(event.search))
        self.refresh_bindings()

    def status_line(self, search: str) -> str:
        count = len(self.rows)
        if not count:
            if search.strip():
                return f"no company matches “{search.strip()}”"
            return "no companies yet: press n to add one"
        found = f"{count:,} compan{'ies' if count != 1 else 'y'}"
        return found + (f" matching “{search.strip()}”" if search.strip() else "") + " · enter opens one"

    def highlighted(self) -> CompanyRow | None:
        """The company under the cursor."""
        return row_under_cursor(self.query_one(DataTable), self.rows)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete"):
            return bool(self.rows)
        return True

    def action_focus_search(self) -> None:
        self.query_one("#companies-search", Input).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if (row := self.highlighted()) is not None:
            self.app.push_screen(CompanyDetailScreen(self.actor, row.id))

    def action_new(self) -> None:
        self.app.push_screen(CompanyFormScreen(self.actor), self._saved)

    def action_edit(self) -> None:
        if (row := self.highlighted()) is not None:
            self.app.push_screen(CompanyFormScreen(self.actor, row.id), self._saved)

    def _saved(self, company_id: int | None) -> None:
        if company_id is not None:
            self.select_after_load = company_id
            self.notify("Company saved")

    def action_delete(self) -> None:
        row = self.highlighted()
        if row is not None:
            question = (
                f"Delete the company “{row.name}”? Its {row.people:,} people and {row.deals:,} deals stay, "
                "without a company."
            )
            self.app.push_screen(ConfirmDialog(question, "Delete"), lambda confirmed: confirmed and self._delete(row))

    def _delete(self, row: CompanyRow) -> None:
        try:
            companies.delete_company(self.actor, row.id)
        except CrmError as error:
            self.notify(str(error), severity="error")
        else:
            self.notify(f"Deleted {row.name}")
        self.load(self.search_text())

    def action_back(self) -> None:
        search = self.query_one("#companies-search", Input)
        if search.value:
            search.value = ""
            self.query_one(DataTable).focus()
            return
        self.dismiss()


class CompanyFormScreen(ModalScreen[int | None]):
    """Adds or edits a company; dismisses with its id, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="company_form.save", tooltip="Save the company"),
        Binding(
            "escape", "cancel", "Cancel", id="company_form.cancel", tooltip="Close; asks first when something changed"
        ),
    ]

    def __init__(self, actor: Actor, company_id: int | None = None) -> None:
        super().__init__()
        self.actor = actor
        self.company_id = company_id
        self.initial_values: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        start, title = CompanyInput(), "New company"
        if self.company_id is not None:
            stored = companies.get_company(self.actor, self.company_id)
            start = CompanyInput(stored.name, stored.domain, stored.industry, stored.notes)
            title = f"Edit {stored.name}"
        with Vertical(id="company-box"):
            yield Plain(title, id="company-form-title", markup=False)
            yield Field("Name", text_input(start.name, "required", id="input-name"), name="name")
            yield Field("Domain", text_input(start.domain, "example.com", id="input-domain"), name="domain")
            yield Field("Industry", text_input(start.industry, "e.g. software", id="input-industry"), name="industry")
            yield Field("Notes", text_area(start.notes, id="input-notes"), name="notes")
        yield CrmFooter()

    def on_mount(self) -> None:
        self.initial_values = field_values(self)
        self.query_one("#field-name", Field).focus_editor()

    def action_save(self) -> None:
        values = field_values(self)
        data = CompanyInput(values["name"], values["domain"], values["industry"], values["notes"])
        company = submit(
            self,
            lambda: (
                companies.add_company(self.actor, data)
                if self.company_id is None
                else companies.edit_company(self.actor, self.company_id, data)
            ),
        )
        if company is not None:
            self.dismiss(company.id)

    def action_cancel(self) -> None:
        dismiss_unless_changed(self, self.initial_values, None)
