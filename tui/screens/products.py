"""Products: what the user sells, at most 3 active; the list, and the form to add or rename one."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Static, Switch
from textual.worker import get_current_worker

from .. import products
from ..errors import CrmError, ValidationError
from ..models import Product
from ..scope import Actor
from ..widgets.field import Field, text_area, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable
from .base import CrmScreen, row_under_cursor, thread_connection
from .confirm import ConfirmDialog
from .forms import dismiss_unless_changed, field_values, submit

ACTIVE_MARK, INACTIVE_MARK = "●", "○"


@dataclass(frozen=True)
class ProductRow:
    """A product as the list shows it."""

    id: int
    name: str
    description: str
    active: bool


def first_line(text: str) -> str:
    return next((line.strip() for line in (text or "").splitlines() if line.strip()), "")


class ProductsScreen(CrmScreen):
    """Every product, the active ones first, with how many of the 3 active places are used."""

    BINDINGS = [
        Binding("n", "new", "New", id="products.new", tooltip="Add a product"),
        Binding("e", "edit", "Edit", id="products.edit", tooltip="Rename the product or change its description"),
        Binding("space", "toggle_active", "Active", id="products.active", tooltip="Activate or deactivate the product"),
        Binding("ctrl+d", "delete", "Delete", id="products.delete", tooltip="Delete the product; its deals stay"),
        Binding("escape", "back", "Back", id="products.back", tooltip="Back"),
    ]

    @dataclass
    class Loaded(Message):
        """The products, read in a worker."""

        rows: list[ProductRow]

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor)
        self.rows: list[ProductRow] = []
        self.select_after_load: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Products", id="products-title")
        table = PlainTable(id="products-table", cursor_type="row")
        table.add_column("", width=1)
        table.add_column("Name", width=30)
        table.add_column("Description", width=60)
        yield table
        yield Plain(id="products-status", markup=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="products")
    def load(self) -> None:
        """Read the products off the UI thread."""
        with thread_connection():
            rows = [
                ProductRow(product.id, product.name, first_line(product.description), product.is_active)
                for product in products.list_products(self.actor)
            ]
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(rows))

    def on_products_screen_loaded(self, event: Loaded) -> None:
        table = self.query_one(DataTable)
        wanted = self.select_after_load
        if wanted is None and (current := self.highlighted()) is not None:
            wanted = current.id
        self.rows = event.rows
        table.clear()
        for row in event.rows:
            mark = Text(ACTIVE_MARK if row.active else INACTIVE_MARK, style="bold" if row.active else "dim")
            style = "" if row.active else "dim"
            table.add_row(mark, Text(row.name, style=style), Text(row.description, style=style), key=str(row.id))
        self.select_after_load = None
        if wanted is not None and str(wanted) in table.rows:
            table.move_cursor(row=table.get_row_index(str(wanted)))
        self.query_one("#products-status", Static).update(self.status_line())
        self.refresh_bindings()

    def status_line(self) -> str:
        """How many of the active places are used, as the screen shows it: "3 of 3 active"."""
        active = sum(row.active for row in self.rows)
        line = f"{active} of {products.MAX_ACTIVE} active"
        if not self.rows:
            return line + " · no products yet: press n to add one"
        line += f" · {len(self.rows)} product{'s' if len(self.rows) != 1 else ''}"
        if active >= products.MAX_ACTIVE:
            line += " · deactivate one before activating another"
        return line

    def highlighted(self) -> ProductRow | None:
        """The product under the cursor."""
        return row_under_cursor(self.query_one(DataTable), self.rows)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "toggle_active", "delete"):
            return bool(self.rows)
        return True

    def action_new(self) -> None:
        self.app.push_screen(ProductFormScreen(self.actor), self._saved)

    def action_edit(self) -> None:
        if (row := self.highlighted()) is not None:
            self.app.push_screen(ProductFormScreen(self.actor, row.id), self._saved)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def _saved(self, product_id: int | None) -> None:
        if product_id is not None:
            self.select_after_load = product_id
            self.notify("Product saved")

    def action_toggle_active(self) -> None:
        row = self.highlighted()
        if row is None:
            return
        try:
            products.set_active(self.actor, row.id, not row.active)
        except ValidationError as error:
            self.notify(error.message, severity="error", title=f"{row.name} stays inactive")
            return
        except CrmError as error:
            self.notify(str(error), severity="error")
        else:
            self.notify(f"{row.name} is {'inactive' if row.active else 'active'}")
        self.load()

    def action_delete(self) -> None:
        row = self.highlighted()
        if row is not None:
            question = f"Delete the product “{row.name}”? Its deals stay, with no product."
            self.app.push_screen(ConfirmDialog(question, "Delete"), lambda confirmed: confirmed and self._delete(row))

    def _delete(self, row: ProductRow) -> None:
        try:
            kept = products.delete_product(self.actor, row.id)
        except CrmError as error:
            self.notify(str(error), severity="error")
        else:
            deals_text = (
                "no deals had it"
                if kept == 0
                else (f"{kept} deal{'s' if kept != 1 else ''} now {'have' if kept != 1 else 'has'} no product")
            )
            self.notify(f"Deleted {row.name}: {deals_text}")
        self.load()

    def action_back(self) -> None:
        self.dismiss()


class ProductFormScreen(ModalScreen[int | None]):
    """Adds a product (active when there is room) or renames one; dismisses with its id, or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="product_form.save", tooltip="Save the product"),
        Binding(
            "escape", "cancel", "Cancel", id="product_form.cancel", tooltip="Close; asks first when something changed"
        ),
    ]

    def __init__(self, actor: Actor, product_id: int | None = None) -> None:
        super().__init__()
        self.actor = actor
        self.product_id = product_id
        self.initial_values: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        stored: Product | None = None
        if self.product_id is not None:
            stored = products.get_product(self.actor, self.product_id)
        with Vertical(id="product-box"):
            yield Plain(
                "New product" if stored is None else f"Edit {stored.name}", id="product-form-title", markup=False
            )
            yield Field("Name", text_input(stored.name if stored else "", "required", id="input-name"), name="name")
            yield Field(
                "Description",
                text_area(stored.description if stored else "", id="input-description"),
                name="description",
            )
            if stored is None:
                yield Field("Active", Switch(products.can_activate(self.actor), id="input-active"), name="is_active")
            else:
                state = "active" if stored.is_active else "inactive"
                yield Static(f"{state} · space on the list (de)activates", id="product-form-hint")
        yield CrmFooter()

    def on_mount(self) -> None:
        self.initial_values = field_values(self)
        self.query_one("#field-name", Field).focus_editor()

    def action_save(self) -> None:
        values = field_values(self)

        def save() -> Product:
            if self.product_id is None:
                return products.add_product(
                    self.actor, values["name"], values["description"], active=bool(values["is_active"])
                )
            return products.edit_product(self.actor, self.product_id, values["name"], values["description"])

        product = submit(self, save)
        if product is not None:
            self.dismiss(product.id)

    def action_cancel(self) -> None:
        dismiss_unless_changed(self, self.initial_values, None)
