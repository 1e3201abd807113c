"""Message templates: the list (with a preview of the highlighted one), and the form to add or edit one."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Select
from textual.worker import get_current_worker

from .. import templates
from ..errors import CrmError
from ..models import TEMPLATE_KINDS
from ..scope import Actor
from ..templates import PLACEHOLDERS, TemplateInput
from ..widgets.field import Field, text_area, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable
from .base import CrmScreen, row_under_cursor, thread_connection
from .confirm import ConfirmDialog
from .forms import dismiss_unless_changed, submit

COLUMNS = (("Name", 24), ("Kind", 12), ("Subject", 40))
KIND_LABELS = {"followup": "follow-up", "birthday": "birthday", "anniversary": "anniversary", "custom": "custom"}


@dataclass(frozen=True)
class TemplateRow:
    """A template as the list shows it."""

    id: int
    name: str
    kind: str
    subject: str
    body: str


class TemplatesScreen(CrmScreen):
    """The user's message templates; the highlighted one's text below the list."""

    BINDINGS = [
        Binding("n", "new", "New", id="templates.new", tooltip="Add a template"),
        Binding("e", "edit", "Edit", id="templates.edit", tooltip="Edit the template"),
        Binding("ctrl+d", "delete", "Delete", id="templates.delete", tooltip="Delete the template"),
        Binding("escape", "back", "Back", id="templates.back", tooltip="Back"),
    ]

    @dataclass
    class Loaded(Message):
        """The templates, read in a worker."""

        rows: list[TemplateRow]

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor)
        self.rows: list[TemplateRow] = []
        self.select_after_load: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        table = PlainTable(id="templates-table", cursor_type="row")
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        yield table
        with VerticalScroll(id="templates-preview-box"):
            yield Plain(id="templates-preview")
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="templates")
    def load(self) -> None:
        """Read the templates (the defaults are created on first use) off the UI thread."""
        with thread_connection():
            rows = [
                TemplateRow(item.id, item.name, item.kind, item.subject, item.body)
                for item in templates.list_templates(self.actor)
            ]
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(rows))

    def on_templates_screen_loaded(self, event: Loaded) -> None:
        table = self.query_one(DataTable)
        wanted = self.select_after_load
        if wanted is None and (current := self.highlighted()) is not None:
            wanted = current.id
        cursor = table.cursor_row
        self.rows = event.rows
        table.clear()
        for row in event.rows:
            table.add_row(Text(row.name), Text(KIND_LABELS.get(row.kind, row.kind)), Text(row.subject), key=str(row.id))
        self.select_after_load = None
        if wanted is not None and str(wanted) in table.rows:
            table.move_cursor(row=table.get_row_index(str(wanted)))
        elif table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self._preview()

    def highlighted(self) -> TemplateRow | None:
        """The template under the cursor."""
        return row_under_cursor(self.query_one(DataTable), self.rows)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview()

    def _preview(self) -> None:
        row = self.highlighted()
        preview = self.query_one("#templates-preview", Plain)
        if row is None:
            preview.update(Text("no templates: press n to add one"))
            return
        text = Text()
        if row.subject:
            text.append("Subject: ", style="dim").append(row.subject + "\n\n")
        text.append(row.body)
        preview.update(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def action_new(self) -> None:
        self.app.push_screen(TemplateFormScreen(self.actor), self._saved)

    def action_edit(self) -> None:
        row = self.highlighted()
        if row is not None:
            self.app.push_screen(TemplateFormScreen(self.actor, row.id), self._saved)

    def _saved(self, template_id: int | None) -> None:
        if template_id is not None:
            self.select_after_load = template_id
            self.notify("Template saved")

    def action_delete(self) -> None:
        row = self.highlighted()
        if row is not None:
            self.app.push_screen(
                ConfirmDialog(f"Delete the template “{row.name}”?", "Delete"),
                lambda confirmed: self._delete(row, confirmed),
            )

    def _delete(self, row: TemplateRow, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            templates.delete_template(self.actor, row.id)
        except CrmError as error:
            self.notify(str(error), severity="error")
        else:
            self.notify(f"Deleted {row.name}")
        self.load()

    def action_back(self) -> None:
        self.dismiss()


class TemplateFormScreen(ModalScreen[int | None]):
    """Adds or edits a template; dismisses with its id, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="template_form.save", tooltip="Save the template"),
        Binding(
            "escape", "cancel", "Cancel", id="template_form.cancel", tooltip="Close; asks first when something changed"
        ),
    ]

    def __init__(self, actor: Actor, template_id: int | None = None) -> None:
        super().__init__()
        self.actor = actor
        self.template_id = template_id
        self.initial = TemplateInput()
        if template_id is not None:
            stored = templates.get_template(actor, template_id)
            self.initial = TemplateInput(stored.name, stored.kind, stored.subject, stored.body)

    def compose(self) -> ComposeResult:
        start = self.initial
        with Vertical(id="template-box"):
            yield Plain(
                "New template" if self.template_id is None else f"Edit {start.name}", id="template-title", markup=False
            )
            yield Field("Name", text_input(start.name, "required", id="input-name"), name="name")
            yield Field(
                "Kind",
                Select(
                    [(KIND_LABELS[kind], kind) for kind in TEMPLATE_KINDS],
                    value=start.kind,
                    allow_blank=False,
                    compact=True,
                    id="input-kind",
                ),
                name="kind",
            )
            yield Field("Subject", text_input(start.subject, "for e-mail", id="input-subject"), name="subject")
            yield Field("Body", text_area(start.body, id="input-body"), name="body")
            yield Plain(
                "placeholders: " + " ".join("{" + name + "}" for name in PLACEHOLDERS),
                id="template-placeholders",
                markup=False,
            )
        yield CrmFooter()

    def on_mount(self) -> None:
        self.field("name").focus_editor()

    def field(self, name: str) -> Field:
        return self.query_one(f"#field-{name}", Field)

    def typed(self) -> TemplateInput:
        """What the form holds, as the domain takes it."""
        kind = self.query_one("#input-kind", Select).value
        return TemplateInput(
            self.field("name").value,
            kind if isinstance(kind, str) else "",
            self.field("subject").value,
            self.field("body").value,
        )

    def action_save(self) -> None:
        saved = submit(self, lambda: templates.save_template(self.actor, self.typed(), self.template_id))
        if saved is not None:
            self.dismiss(saved.id)

    def action_cancel(self) -> None:
        dismiss_unless_changed(
            self, self.initial, None, current=self.typed(), question="Discard the changes to this template?"
        )
