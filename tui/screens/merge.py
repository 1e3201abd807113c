"""Merging two contacts: both side by side, field by field, a key per choice.

The left contact stays (it keeps its id); the right one is merged into it and removed. On the
highlighted field ← or 1 keeps the left value, → or 2 the right one, b both (e-mails, phones,
notes); s swaps which contact stays. Enter or ctrl+s merges, escape leaves without merging.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual.worker import Worker, WorkerState

from .. import merge
from ..errors import ValidationError
from ..merge import BOTH, OTHER, SURVIVOR, MergePlan, MergeResult
from ..scope import Actor
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable
from .base import CrmScreen, thread_connection

MARKS = {SURVIVOR: "◀", OTHER: "▶", BOTH: "◀▶"}
SAME = "="
TAGS_ROW = "tags"
LABEL_WIDTH = 14
MARK_WIDTH = 3


class MergeScreen(CrmScreen):
    """Two contacts side by side; dismisses with the MergeResult, or None when left without merging."""

    BINDINGS = [
        Binding(
            "left,1",
            "choose('survivor')",
            "Keep left",
            id="merge.left",
            key_display="←/1",
            priority=True,
            tooltip="Keep the left contact's value of this field",
        ),
        Binding(
            "right,2",
            "choose('other')",
            "Keep right",
            id="merge.right",
            key_display="→/2",
            priority=True,
            tooltip="Keep the right contact's value of this field",
        ),
        Binding(
            "b",
            "choose('both')",
            "Both",
            id="merge.both",
            priority=True,
            tooltip="Keep both values (e-mails, phones, notes)",
        ),
        Binding(
            "s",
            "swap",
            "Swap",
            id="merge.swap",
            priority=True,
            tooltip="Swap sides: the other contact stays instead (choices start afresh)",
        ),
        Binding(
            "enter,ctrl+s",
            "merge",
            "Merge",
            id="merge.merge",
            key_display="enter",
            priority=True,
            tooltip="Merge the right contact into the left one",
        ),
        Binding("escape", "cancel", "Cancel", id="merge.cancel", priority=True, tooltip="Leave without merging"),
    ]

    @dataclass
    class Planned(Message):
        """The two contacts read in a worker, with the default choices."""

        plan: MergePlan

    @dataclass
    class Merged(Message):
        """The merge is done."""

        result: MergeResult

    @dataclass
    class Refused(Message):
        """The merge was refused at one field."""

        error: ValidationError

    def __init__(self, actor: Actor, survivor_id: int, other_id: int) -> None:
        super().__init__(actor)
        self.survivor_id = survivor_id
        self.other_id = other_id
        self.plan: MergePlan | None = None
        self.choices: dict[str, str] = {}
        """The choice per field key, as the user has made it."""
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain("Reading both contacts…", id="merge-heading", markup=False)
        table = PlainTable(id="merge-fields", cursor_type="row", zebra_stripes=True)
        yield table
        yield Plain(id="merge-result", markup=False)
        yield Plain(id="merge-summary", markup=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self._load(self.survivor_id, self.other_id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)
        if event.state in (WorkerState.ERROR, WorkerState.CANCELLED) and event.worker.group == "merge-run":
            self.busy = False
            self.refresh_bindings()

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-plan")
    def _load(self, survivor_id: int, other_id: int) -> None:
        with thread_connection():
            plan = merge.plan_merge(self.actor, survivor_id, other_id)
        self.post_message(self.Planned(plan))

    def on_merge_screen_planned(self, event: Planned) -> None:
        self.plan = event.plan
        self.survivor_id, self.other_id = event.plan.survivor_id, event.plan.other_id
        self.choices = event.plan.choices()
        self._fill_table()
        # Start where there is something to choose.
        first = next((index for index, item in enumerate(self._rows()) if item.differs), 0)
        self.query_one(DataTable).move_cursor(row=first)
        self.query_one("#merge-heading", Static).update(
            f"{event.plan.survivor_name} (id {event.plan.survivor_id}) stays; {event.plan.other_name} "
            f"(id {event.plan.other_id}) is merged into it and removed; the merge can be undone."
        )
        self._show_summary()
        self.refresh_bindings()

    # -- the table of fields ----------------------------------------------------------------------------------

    def _value_width(self) -> int:
        return max(12, (self.app.size.width - LABEL_WIDTH - MARK_WIDTH - 12) // 2)

    def _rows(self) -> list:
        """The fields either contact has a value for (nothing to choose in a field both leave empty)."""
        assert self.plan is not None
        return [item for item in self.plan.fields if item.survivor or item.other]

    def _fill_table(self) -> None:
        assert self.plan is not None
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        width = self._value_width()
        table.add_column("Field", width=LABEL_WIDTH, key="label")
        table.add_column(f"{self.plan.survivor_name} · stays", width=width, key="left")
        table.add_column("", width=MARK_WIDTH, key="mark")
        table.add_column(f"{self.plan.other_name} · merged in", width=width, key="right")
        for item in self._rows():
            table.add_row(*self._cells(item), key=item.key)
        table.add_row(
            Text("Tags"),
            Text(", ".join(self.plan.survivor_tags)),
            Text(MARKS[BOTH]),
            Text(", ".join(self.plan.other_tags)),
            key=TAGS_ROW,
        )
        table.move_cursor(row=min(max(cursor, 0), table.row_count - 1))
        self._show_result()

    def _cells(self, item) -> tuple[Text, Text, Text, Text]:
        choice = self.choices[item.key]
        if not item.differs:
            return (Text(item.label), Text(item.survivor), Text(SAME, style="dim"), Text(item.other))
        chosen, dropped = "bold", "dim strike"
        left = Text(item.survivor or "(empty)", style=chosen if choice in (SURVIVOR, BOTH) else dropped)
        right = Text(item.other or "(empty)", style=chosen if choice in (OTHER, BOTH) else dropped)
        return (Text(item.label), left, Text(MARKS[choice], style="bold"), right)

    def _current(self):
        """The field under the cursor, or None on the tags row (or before the contacts are read)."""
        table = self.query_one(DataTable)
        if self.plan is None or not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((item for item in self.plan.fields if item.key == key), None)

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_result()
        self.refresh_bindings()

    def _show_result(self) -> None:
        item = self._current()
        result = self.query_one("#merge-result", Static)
        if item is None:
            if self.plan is not None:
                result.update(f"Tags are always joined: {', '.join(self.plan.tags) or 'none'}")
            return
        result.update(f"{item.label} after the merge: {item.result(self.choices[item.key]) or '(empty)'}")

    def _show_summary(self) -> None:
        assert self.plan is not None
        moving = merge.describe_moving(self.plan.moving)
        self.query_one("#merge-summary", Static).update(
            f"Moves to {self.plan.survivor_name}: {moving}." if moving else "Nothing else moves: only the fields."
        )

    # -- keys ---------------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("choose", "merge", "swap") and (self.plan is None or self.busy):
            return False
        if action == "choose":
            item = self._current()
            if item is None or not item.differs:
                return None  # shown dimmed: nothing to choose on this row
            if parameters and parameters[0] == BOTH and not item.combinable:
                return None
        return True

    def action_choose(self, choice: str) -> None:
        item = self._current()
        if item is None or not item.differs or (choice == BOTH and not item.combinable):
            return
        self.choices[item.key] = choice
        table = self.query_one(DataTable)
        for column, cell in zip(("label", "left", "mark", "right"), self._cells(item), strict=True):
            table.update_cell(item.key, column, cell)
        self._show_result()

    def action_swap(self) -> None:
        self.plan = None
        self.refresh_bindings()
        self._load(self.other_id, self.survivor_id)

    def action_merge(self) -> None:
        if self.plan is None or self.busy:
            return
        self.busy = True
        self.refresh_bindings()
        self._merge(self.survivor_id, self.other_id, dict(self.choices))

    @work(thread=True, exclusive=True, exit_on_error=False, group="merge-run")
    def _merge(self, survivor_id: int, other_id: int, choices: dict[str, str]) -> None:
        with thread_connection():
            try:
                result = merge.merge(self.actor, survivor_id, other_id, choices)
            except ValidationError as error:
                self.post_message(self.Refused(error))
                return
        self.post_message(self.Merged(result))

    def on_merge_screen_merged(self, event: Merged) -> None:
        self.dismiss(event.result)

    def on_merge_screen_refused(self, event: Refused) -> None:
        self.busy = False
        self.refresh_bindings()
        self.notify(event.error.message, severity="error", markup=False)
        table = self.query_one(DataTable)
        if event.error.field in table.rows:
            table.move_cursor(row=table.get_row_index(event.error.field))

    def action_cancel(self) -> None:
        self.dismiss(None)
