"""One company: its fields, the people who work there and the deals made with it (enter opens them)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from .. import companies, deals
from ..deals import STAGE_LABELS
from ..errors import CrmError
from ..models import Company, Contact, Deal
from ..scope import Actor
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable
from .base import CrmScreen, thread_connection
from .confirm import ConfirmDialog
from .contact_detail import ContactDetailScreen
from .deal_detail import DealDetailScreen

EMPTY = "—"


@dataclass(frozen=True)
class CompanyPage:
    """Everything the company page shows, read together in a worker."""

    company: Company
    people: list[Contact]
    deals: list[Deal]


class CompanyDetailScreen(CrmScreen):
    """A company with its people and deals; tab moves between the two lists."""

    BINDINGS = [
        Binding("e", "edit", "Edit", id="company.edit", tooltip="Edit the company"),
        Binding(
            "ctrl+d", "delete", "Delete", id="company.delete", tooltip="Delete the company; its people and deals stay"
        ),
        Binding("escape", "back", "Back", id="company.back", tooltip="Back to the companies"),
    ]

    @dataclass
    class Loaded(Message):
        """The company's page read in a worker, or why it could not be read."""

        page: CompanyPage | None
        error: str = ""

    def __init__(self, actor: Actor, company_id: int) -> None:
        super().__init__(actor)
        self.company_id = company_id
        self.page: CompanyPage | None = None
        self.deleted = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="company-body"):
            yield Plain(id="company-title", markup=False)
            yield Plain(id="company-fields")
            with Horizontal(id="company-lists"):
                with Vertical(classes="company-list"):
                    yield Static("People", classes="company-list-title")
                    people = PlainTable(id="company-people", cursor_type="row")
                    people.add_column("Name", width=28)
                    people.add_column("Title", width=20)
                    yield people
                with Vertical(classes="company-list"):
                    yield Static("Deals", classes="company-list-title")
                    found = PlainTable(id="company-deals", cursor_type="row")
                    found.add_column("Title", width=26)
                    found.add_column("Stage", width=12)
                    found.add_column("Value", width=18)
                    yield found
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one("#company-people", DataTable).focus()

    def on_screen_resume(self) -> None:
        if not self.deleted:
            self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="company-detail")
    def reload(self) -> None:
        """Read the company, its people and its deals; go back when it is gone."""
        with thread_connection():
            try:
                page = CompanyPage(
                    companies.get_company(self.actor, self.company_id),
                    companies.people_of(self.actor, self.company_id),
                    companies.deals_of(self.actor, self.company_id),
                )
            except CrmError as error:
                self.post_message(self.Loaded(None, str(error)))
                return
        self.post_message(self.Loaded(page))

    def on_company_detail_screen_loaded(self, event: Loaded) -> None:
        if event.page is None:
            self.notify(event.error, severity="error")
            self.dismiss()
            return
        self.page = page = event.page
        self.query_one("#company-title", Plain).update(page.company.name)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", justify="right", no_wrap=True)
        grid.add_column()
        for label, value in (
            ("Domain", page.company.domain),
            ("Industry", page.company.industry),
            ("Notes", page.company.notes),
        ):
            grid.add_row(label, Text(value or EMPTY))
        self.query_one("#company-fields", Plain).update(grid)
        people = self.query_one("#company-people", DataTable)
        row = people.cursor_row
        people.clear()
        for person in page.people:
            people.add_row(Text(person.name), Text(person.title or ""), key=str(person.id))
        people.move_cursor(row=row)
        found = self.query_one("#company-deals", DataTable)
        row = found.cursor_row
        found.clear()
        for deal in page.deals:
            style = "dim" if deal.archived else ""
            found.add_row(
                Text(deal.title, style=style),
                Text(STAGE_LABELS[deal.stage], style=style),
                Text(deals.format_value(deal.value_milli, deal.currency), style=style, justify="right"),
                key=str(deal.id),
            )
        found.move_cursor(row=row)
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is None:
            return
        if event.data_table.id == "company-people":
            self.app.push_screen(ContactDetailScreen(self.actor, int(key)))
        else:
            self.app.push_screen(DealDetailScreen(self.actor, int(key)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete"):
            return self.page is not None
        return True

    def action_edit(self) -> None:
        from .companies import CompanyFormScreen  # the list imports this page: import the form when needed

        if self.page is not None:
            self.app.push_screen(
                CompanyFormScreen(self.actor, self.company_id),
                lambda saved: saved is not None and self.notify("Company saved"),
            )

    def action_delete(self) -> None:
        if self.page is not None:
            name = self.page.company.name
            question = f"Delete the company “{name}”? Its people and deals stay, without a company."
            self.app.push_screen(ConfirmDialog(question, "Delete"), self._delete_confirmed)

    def _delete_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            companies.delete_company(self.actor, self.company_id)
        except CrmError as error:
            self.notify(str(error), severity="error")
            return
        self.deleted = True
        self.notify(f"Deleted {self.page.company.name}")
        self.dismiss()

    def action_back(self) -> None:
        self.dismiss()
