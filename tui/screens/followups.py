"""Follow-ups: every open follow-up, overdue ones first and marked, with keys to close or move them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, Input, Static
from textual.worker import get_current_worker

from .. import followups
from ..errors import CrmError, ValidationError
from ..followups import FollowUp
from ..interactions import MEDIUM_LABELS
from ..widgets.field import Field, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable
from .base import CrmScreen, row_under_cursor, thread_connection
from .contact_detail import ContactDetailScreen
from .log_interaction import InteractionDialog
from .templates import TemplatesScreen
from .timeline import first_line

COLUMNS = (("Due", 12), ("Contact", 22), ("Medium", 12), ("Notes", 40))


class PromptDialog(ModalScreen[bool]):
    """Asks for one value; `submit` stores it or raises ValidationError, shown at the field.

    Dismisses with True once stored, False when cancelled.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel", tooltip="Close without changes"),
    ]

    def __init__(self, title: str, label: str, value: str, hint: str, submit: Callable[[str], None]) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.value = value
        self.hint = hint
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Plain(self.title_text, id="prompt-title", markup=False)
            yield Field(self.label, text_input(self.value, self.hint, id="prompt-input"), name="prompt")
            yield Static("enter saves · escape cancels", id="prompt-hint")
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one("#prompt-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        field = self.query_one(Field)
        field.clear_error()
        try:
            self.submit(event.value)
        except ValidationError as error:
            field.show_error(error.message)
            return
        except CrmError as error:
            field.show_error(str(error))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class FollowUpsScreen(CrmScreen):
    """Overdue and upcoming follow-ups in one list, by day."""

    BINDINGS = [
        Binding("x", "done", "Done", id="followups.done", tooltip="Mark the follow-up done"),
        Binding("z", "undo", "Undo", id="followups.undo", tooltip="Open the follow-up marked done last again"),
        Binding(
            "r", "reschedule", "Reschedule", id="followups.reschedule", tooltip="Move the follow-up to another day"
        ),
        Binding("o", "open_contact", "Contact", id="followups.contact", tooltip="Open the contact"),
        Binding("m", "templates", "Templates", id="followups.templates", tooltip="Message templates"),
    ]

    @dataclass
    class Loaded(Message):
        """The open follow-ups, read in a worker."""

        rows: list[FollowUp]

    def __init__(self, actor) -> None:
        super().__init__(actor)
        self.rows: list[FollowUp] = []
        self.done_last: list[int] = []
        """Interactions whose follow-up was marked done here, latest last, for undo."""

    def compose(self) -> ComposeResult:
        yield Header()
        table = PlainTable(id="followups-table", cursor_type="row")
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        yield table
        yield Plain(id="followups-status", markup=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="followups")
    def load(self) -> None:
        """Read the open follow-ups off the UI thread."""
        with thread_connection():
            rows = followups.pending(self.actor)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(rows))

    def on_follow_ups_screen_loaded(self, event: Loaded) -> None:
        table = self.query_one(DataTable)
        keep = self.highlighted()
        cursor = table.cursor_row
        self.rows = event.rows
        table.clear()
        error_colour = self.app.get_css_variables()["text-error"]
        for row in event.rows:
            style = f"bold {error_colour}" if row.overdue else ""
            due = row.due_on.strftime("%a %d %b") + (" !" if row.overdue else "")
            table.add_row(
                Text(due, style=style),
                Text(row.contact_name, style=style),
                Text(MEDIUM_LABELS.get(row.medium, row.medium)),
                Text(first_line(row.notes)),
                key=str(row.interaction_id),
            )
        if keep is not None and str(keep.interaction_id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep.interaction_id)))
        elif table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        self.query_one("#followups-status", Static).update(self._status())

    def _status(self) -> str:
        if not self.rows:
            return "no open follow-ups: set one when you log an interaction"
        overdue = sum(row.overdue for row in self.rows)
        return f"{overdue} overdue · {len(self.rows) - overdue} upcoming"

    def highlighted(self) -> FollowUp | None:
        """The follow-up under the cursor."""
        return row_under_cursor(self.query_one(DataTable), self.rows, lambda row: row.interaction_id)

    def _change(self, change: Callable[[], object], message: str) -> None:
        try:
            change()
        except CrmError as error:
            self.notify(str(error), severity="error")
        else:
            self.notify(message)
        self.load()

    def action_done(self) -> None:
        row = self.highlighted()
        if row is not None:
            self.done_last.append(row.interaction_id)
            undo = self.key_for("followups.undo")
            self._change(
                lambda: followups.mark_done(self.actor, row.interaction_id), f"Done: {row.contact_name} ({undo} undoes)"
            )

    def key_for(self, binding_id: str) -> str:
        """How the key of this screen's binding `binding_id` is shown, as the user has it mapped."""
        for active in self.active_bindings.values():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding)
        return "?"

    def action_undo(self) -> None:
        if not self.done_last:
            self.notify("nothing to undo")
            return
        interaction_id = self.done_last.pop()
        self._change(lambda: followups.reopen(self.actor, interaction_id), "Follow-up open again")

    def action_reschedule(self) -> None:
        row = self.highlighted()
        if row is None:
            return

        def submit(text: str) -> None:
            followups.reschedule(self.actor, row.interaction_id, text)

        prompt = PromptDialog(
            f"Follow up with {row.contact_name} on…", "New day", "", "+3d, +1w, tomorrow or YYYY-MM-DD", submit
        )
        self.app.push_screen(prompt, self._rescheduled)

    def _rescheduled(self, stored: bool | None) -> None:
        if stored:
            self.notify("Follow-up moved")
            self.load()

    def action_open_contact(self) -> None:
        row = self.highlighted()
        if row is not None:
            self.app.push_screen(ContactDetailScreen(self.actor, row.contact_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.push_screen(InteractionDialog(self.actor, int(event.row_key.value)))

    def action_templates(self) -> None:
        self.app.push_screen(TemplatesScreen(self.actor))
