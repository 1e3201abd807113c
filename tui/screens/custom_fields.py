"""Custom fields: the list of the user's own contact fields, adding one, deleting one; and its palette command."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Select, Static

from .. import custom_fields
from ..errors import CrmError
from ..models import CUSTOM_FIELD_KINDS, CustomField
from ..scope import Actor
from ..widgets.field import Field, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable
from .base import notify_failed_worker, thread_connection
from .confirm import ConfirmDialog
from .forms import dismiss_unless_changed, field_values, selected, submit

KIND_LABELS = {"text": "text", "number": "number", "date": "date (YYYY-MM-DD)", "choice": "choice (from a list)"}
PALETTE_TITLE = "Manage custom fields"


def split_choices(text: str) -> list[str]:
    """The choices of a comma-separated input, trimmed, empty ones left out."""
    return [choice.strip() for choice in text.split(",") if choice.strip()]


class NewFieldDialog(ModalScreen[int | None]):
    """Defines a custom field: name, kind and, for a choice, its choices. Dismisses with its id, or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="field.save", tooltip="Add this field"),
        Binding("escape", "cancel", "Cancel", id="field.cancel", tooltip="Close without adding"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.initial_values: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="new-field-box"):
            yield Static("New custom field", id="new-field-title")
            yield Field("Name", text_input("", "e.g. Shoe size", id="new-field-name"), name="name")
            yield Field(
                "Kind",
                Select(
                    [(KIND_LABELS[kind], kind) for kind in CUSTOM_FIELD_KINDS],
                    value="text",
                    allow_blank=False,
                    compact=True,
                    id="new-field-kind",
                ),
                name="kind",
            )
            yield Field(
                "Choices",
                text_input("", "comma-separated, for a choice: S, M, L", id="new-field-choices"),
                name="choices",
            )
        yield CrmFooter()

    def on_mount(self) -> None:
        self.initial_values = field_values(self)
        self.query_one("#new-field-name", Input).focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        values = field_values(self)
        kind = selected(values["kind"])
        field = submit(
            self,
            lambda: custom_fields.define_field(
                self.actor, values["name"], kind, split_choices(values["choices"]) if kind == "choice" else []
            ),
        )
        if field is not None:
            self.dismiss(field.id)

    def action_cancel(self) -> None:
        dismiss_unless_changed(self, self.initial_values, None)


class CustomFieldsDialog(ModalScreen[None]):
    """The user's custom fields, in the order the contact form shows them; add and delete from the keyboard."""

    BINDINGS = [
        Binding("n", "add", "New field", id="fields.add", tooltip="Define a new custom field"),
        Binding(
            "ctrl+d,delete",
            "delete",
            "Delete",
            id="fields.delete",
            tooltip="Delete the field and its value on every contact",
        ),
        Binding("escape", "close", "Close", id="fields.close", tooltip="Close the custom fields"),
    ]

    @dataclass
    class Loaded(Message):
        """The fields, read in a worker."""

        fields: list[CustomField]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.fields: list[CustomField] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="fields-box"):
            yield Static("Custom fields", id="fields-title")
            table = PlainTable(cursor_type="row", zebra_stripes=True, id="fields-table")
            table.add_columns("Name", "Kind", "Choices")
            yield table
            yield Plain(id="fields-status", markup=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def on_worker_state_changed(self, event) -> None:
        notify_failed_worker(self, event)

    @work(thread=True, exclusive=True, exit_on_error=False, group="custom-fields")
    def reload(self) -> None:
        """Read the fields again."""
        with thread_connection():
            fields = custom_fields.list_fields(self.actor)
        self.post_message(self.Loaded(fields))

    def on_custom_fields_dialog_loaded(self, event: Loaded) -> None:
        self.fields = event.fields
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for field in event.fields:
            table.add_row(Text(field.name), Text(field.kind), Text(", ".join(field.choices)), key=str(field.id))
        if event.fields:
            table.move_cursor(row=min(cursor, len(event.fields) - 1))
        add_key = self.app.get_key_display(self.BINDINGS[0])
        status = (
            f"{len(event.fields)} field{'s' if len(event.fields) != 1 else ''}; every contact has each one"
            if event.fields
            else f"no custom fields yet: press {add_key} to define one"
        )
        self.query_one("#fields-status", Static).update(status)

    def action_add(self) -> None:
        self.app.push_screen(NewFieldDialog(self.actor), self._added)

    def _added(self, field_id: int | None) -> None:
        if field_id is not None:
            self.notify("Field added")
            self.reload()

    def action_delete(self) -> None:
        row = self.query_one(DataTable).cursor_row
        if not 0 <= row < len(self.fields):
            return
        field = self.fields[row]
        question = f"Delete the field “{field.name}” and its value on every contact? This cannot be undone."

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                custom_fields.delete_field(self.actor, field.id)
            except CrmError as error:
                self.notify(str(error), severity="error")
                return
            self.notify(f"Deleted the field “{field.name}”")
            self.reload()

        self.app.push_screen(ConfirmDialog(question, "Delete"), confirmed)

    def action_close(self) -> None:
        self.dismiss(None)


class CustomFieldCommands(Provider):
    """The command palette's way to the custom fields, wherever somebody is signed in."""

    def _open(self) -> None:
        self.app.push_screen(CustomFieldsDialog(self.app.actor))

    async def discover(self) -> Hits:
        if getattr(self.app, "actor", None) is not None:
            yield DiscoveryHit(PALETTE_TITLE, self._open, help="Define or delete the fields every contact has")

    async def search(self, query: str) -> Hits:
        if getattr(self.app, "actor", None) is None:
            return
        score = self.matcher(query).match(PALETTE_TITLE)
        if score > 0:
            yield Hit(
                score,
                self.matcher(query).highlight(PALETTE_TITLE),
                self._open,
                text=PALETTE_TITLE,
                help="Define or delete the fields every contact has",
            )
