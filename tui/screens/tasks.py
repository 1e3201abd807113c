"""Tasks: open to-dos by due date (done ones on request), and the form to add or edit one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Header, Static
from textual.worker import get_current_worker

from .. import clock, contacts, tasks
from ..errors import CrmError
from ..scope import Actor
from ..tasks import TaskInput
from ..widgets.field import Field, text_area, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable, plain
from .base import CrmScreen, row_under_cursor, thread_connection
from .confirm import ConfirmDialog
from .contact_detail import ContactDetailScreen
from .contact_picker import NO_CONTACT, ContactPickerScreen
from .forms import dismiss_unless_changed, submit
from .templates import TemplatesScreen

COLUMNS = (("", 2), ("Due", 12), ("Title", 44), ("Contact", 22))
DONE_MARK = "✓"


@dataclass(frozen=True)
class TaskRow:
    """A task as the list shows it."""

    id: int
    title: str
    due_on: date | None
    contact_id: int | None
    contact_name: str
    done: bool


def task_rows(actor: Actor, open_only: bool) -> list[TaskRow]:
    """`actor`'s tasks with their contacts' names, for the list."""
    rows = []
    names: dict[int, str] = {}
    for task in tasks.list_tasks(actor, open_only=open_only):
        if task.contact_id is not None and task.contact_id not in names:
            names[task.contact_id] = contacts.get_contact(actor, task.contact_id).name
        rows.append(
            TaskRow(
                task.id,
                task.title,
                date.fromisoformat(task.due_on) if task.due_on else None,
                task.contact_id,
                names.get(task.contact_id, ""),
                task.done_at is not None,
            )
        )
    return rows


class TasksScreen(CrmScreen):
    """Open tasks by due date; `h` shows the done ones too."""

    BINDINGS = [
        Binding("n", "new", "New", id="tasks.new", tooltip="Add a task"),
        Binding("e", "edit", "Edit", id="tasks.edit", tooltip="Edit the task"),
        Binding("x", "toggle_done", "Done", id="tasks.done", tooltip="Mark the task done, or open again"),
        Binding("ctrl+d", "delete", "Delete", id="tasks.delete", tooltip="Delete the task"),
        Binding("h", "toggle_show_done", "Show done", id="tasks.show_done", tooltip="Show or hide done tasks"),
        Binding("o", "open_contact", "Contact", id="tasks.contact", tooltip="Open the task's contact"),
        Binding("m", "templates", "Templates", id="tasks.templates", tooltip="Message templates"),
    ]

    @dataclass
    class Loaded(Message):
        """The tasks, read in a worker."""

        rows: list[TaskRow]
        show_done: bool

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor)
        self.show_done = False
        self.rows: list[TaskRow] = []
        self.select_after_load: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        table = PlainTable(id="tasks-table", cursor_type="row")
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        yield table
        yield Plain(id="tasks-status", markup=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="tasks")
    def load(self) -> None:
        """Read the tasks off the UI thread."""
        show_done = self.show_done
        with thread_connection():
            rows = task_rows(self.actor, open_only=not show_done)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(rows, show_done))

    def on_tasks_screen_loaded(self, event: Loaded) -> None:
        if event.show_done != self.show_done:
            return
        table = self.query_one(DataTable)
        wanted = self.select_after_load
        if wanted is None and (current := self.highlighted()) is not None:
            wanted = current.id
        cursor = table.cursor_row
        self.rows = event.rows
        table.clear()
        today = clock.now().astimezone(self.actor.tz).date()
        error_colour = self.app.get_css_variables()["text-error"]
        for row in event.rows:
            late = not row.done and row.due_on is not None and row.due_on < today
            style = "dim strike" if row.done else (f"bold {error_colour}" if late else "")
            due = row.due_on.strftime("%a %d %b") if row.due_on else "—"
            table.add_row(
                DONE_MARK if row.done else "",
                Text(due, style=style),
                Text(row.title, style=style),
                Text(row.contact_name),
                key=str(row.id),
            )
        self.select_after_load = None
        if wanted is not None and str(wanted) in table.rows:
            table.move_cursor(row=table.get_row_index(str(wanted)))
        elif table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self.query_one("#tasks-status", Static).update(self._status())

    def _status(self) -> str:
        open_count = sum(not row.done for row in self.rows)
        if not self.rows:
            return "no open tasks: press n to add one" + ("" if self.show_done else " · h shows done ones")
        shown = f"{open_count} open" + (f" · {len(self.rows) - open_count} done" if self.show_done else "")
        return shown + (" · h hides done ones" if self.show_done else " · h shows done ones")

    def highlighted(self) -> TaskRow | None:
        """The task under the cursor."""
        return row_under_cursor(self.query_one(DataTable), self.rows)

    def action_new(self) -> None:
        self.app.push_screen(TaskFormScreen(self.actor), self._saved)

    def action_edit(self) -> None:
        row = self.highlighted()
        if row is not None:
            self.app.push_screen(TaskFormScreen(self.actor, row.id), self._saved)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def _saved(self, task_id: int | None) -> None:
        if task_id is not None:
            self.select_after_load = task_id
            self.notify("Task saved")

    def _change(self, change: Callable[[], object], message: str) -> None:
        try:
            change()
        except CrmError as error:
            self.notify(str(error), severity="error")
        else:
            self.notify(message)
        self.load()

    def action_toggle_done(self) -> None:
        row = self.highlighted()
        if row is not None:
            self._change(
                lambda: tasks.set_done(self.actor, row.id, not row.done),
                f"Open again: {row.title}" if row.done else f"Done: {row.title}",
            )

    def action_delete(self) -> None:
        row = self.highlighted()
        if row is not None:
            self.app.push_screen(
                ConfirmDialog(f"Delete the task “{row.title}”?", "Delete"),
                lambda confirmed: (
                    confirmed and self._change(lambda: tasks.delete_task(self.actor, row.id), "Task deleted")
                ),
            )

    def action_toggle_show_done(self) -> None:
        self.show_done = not self.show_done
        self.load()

    def action_open_contact(self) -> None:
        row = self.highlighted()
        if row is not None and row.contact_id is not None:
            self.app.push_screen(ContactDetailScreen(self.actor, row.contact_id))

    def action_templates(self) -> None:
        self.app.push_screen(TemplatesScreen(self.actor))


class TaskFormScreen(ModalScreen[int | None]):
    """Adds or edits a task; dismisses with its id, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="task_form.save", tooltip="Save the task"),
        Binding("ctrl+o", "pick_contact", "Contact", id="task_form.contact", tooltip="Choose the contact"),
        Binding(
            "escape", "cancel", "Cancel", id="task_form.cancel", tooltip="Close; asks first when something changed"
        ),
    ]

    def __init__(self, actor: Actor, task_id: int | None = None, contact_id: int | None = None) -> None:
        super().__init__()
        self.actor = actor
        self.task_id = task_id
        self.initial = TaskInput(contact_id=contact_id)
        if task_id is not None:
            stored = tasks.get_task(actor, task_id)
            self.initial = TaskInput(stored.title, stored.due_on or "", stored.notes, stored.contact_id)
        self.chosen_contact = self.initial.contact_id
        self.chosen_name = contacts.get_contact(actor, self.chosen_contact).name if self.chosen_contact else ""

    def compose(self) -> ComposeResult:
        start = self.initial
        with Vertical(id="task-box"):
            yield Static("New task" if self.task_id is None else "Edit task", id="task-title")
            yield Field("Title", text_input(start.title, "required", id="input-title"), name="title")
            yield Field(
                "Due", text_input(start.due, "YYYY-MM-DD, tomorrow, +3d; empty for none", id="input-due"), name="due"
            )
            yield Field("Contact", Button(self._contact_label(), id="input-contact", compact=True), name="contact")
            yield Field("Notes", text_area(start.notes, id="input-notes"), name="notes")
        yield CrmFooter()

    def on_mount(self) -> None:
        self.field("title").focus_editor()

    def field(self, name: str) -> Field:
        return self.query_one(f"#field-{name}", Field)

    def _contact_label(self) -> Text:
        return plain(self.chosen_name) if self.chosen_contact else plain("none (ctrl+o chooses)")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_pick_contact()

    def action_pick_contact(self) -> None:
        self.app.push_screen(ContactPickerScreen(self.actor, "A task about…", allow_none=True), self._picked)

    def _picked(self, contact_id: int | None) -> None:
        if contact_id is None:
            return
        if contact_id == NO_CONTACT:
            self.chosen_contact, self.chosen_name = None, ""
        else:
            self.chosen_contact, self.chosen_name = contact_id, contacts.get_contact(self.actor, contact_id).name
        self.query_one("#input-contact", Button).label = self._contact_label()

    def typed(self) -> TaskInput:
        """What the form holds, as the domain takes it."""
        return TaskInput(
            self.field("title").value, self.field("due").value, self.field("notes").value, self.chosen_contact
        )

    def action_save(self) -> None:
        saved = submit(
            self,
            lambda: (
                tasks.add_task(self.actor, self.typed())
                if self.task_id is None
                else tasks.edit_task(self.actor, self.task_id, self.typed())
            ),
        )
        if saved is not None:
            self.dismiss(saved.id)

    def action_cancel(self) -> None:
        # typed() rather than the fields alone: choosing another contact is a change too.
        dismiss_unless_changed(
            self, self.initial, None, current=self.typed(), question="Discard this task? What you typed will be lost."
        )
