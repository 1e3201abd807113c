"""Your own categories (relationships and industries you added): the ones no contact uses renamed or removed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from .. import categories
from ..categories import Category
from ..errors import CrmError
from ..scope import Actor
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable
from .confirm import ConfirmDialog
from .text_prompt import TextPrompt


class CategoriesDialog(ModalScreen[None]):
    """Your own relationships and industries with how many contacts use each; r renames, delete removes."""

    BINDINGS = [
        Binding("r", "rename", "Rename", id="categories.rename", tooltip="Rename the category (when unused)"),
        Binding(
            "ctrl+d,delete", "remove", "Remove", id="categories.remove", tooltip="Remove the category (when unused)"
        ),
        Binding("escape", "close", "Close", id="categories.close", tooltip="Close the categories"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.rows: list[Category] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="categories-box"):
            yield Static("Your own categories", id="categories-title")
            table = PlainTable(cursor_type="row", zebra_stripes=True, id="categories-table")
            table.add_columns("Kind", "Category", "Contacts")
            yield table
            yield Plain(id="categories-status")
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def reload(self) -> None:
        """Read the categories again (a few rows: no worker needed)."""
        self.rows = categories.own_categories(self.actor)
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in self.rows:
            table.add_row(row.kind, row.value, str(row.contacts) if row.contacts else "unused")
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        self.query_one("#categories-status", Plain).update(
            "an unused category can be renamed (r) or removed (delete); one in use stays"
            if self.rows
            else "none yet: a new relationship or industry typed in a contact's form (enter twice) adds one"
        )

    def _chosen(self) -> Category | None:
        row = self.query_one(DataTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def action_rename(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return

        def check(text: str) -> str:
            return categories.rename_category(self.actor, chosen.kind, chosen.value, text)

        def renamed(answer: str | None) -> None:
            if answer is not None:
                self.notify(f"Renamed {chosen.value} to {answer}")
                self.reload()

        self.app.push_screen(TextPrompt(f"Rename the {chosen.kind} {chosen.value}", "New name", check=check), renamed)

    def action_remove(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                categories.remove_category(self.actor, chosen.kind, chosen.value)
            except CrmError as error:
                self.notify(str(error), severity="error")
                return
            self.notify(f"Removed the {chosen.kind} {chosen.value}")
            self.reload()

        self.app.push_screen(ConfirmDialog(f"Remove the {chosen.kind} {chosen.value}?", "Remove"), confirmed)

    def action_close(self) -> None:
        self.dismiss(None)
