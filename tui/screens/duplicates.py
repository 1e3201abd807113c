"""Likely duplicates: groups of contacts sharing an e-mail, a phone or a name, with why; merge them or undo.

The search runs in a worker over the whole address book; the table holds one page of groups at a
time (a large address book can have thousands). Enter opens the merge screen on the highlighted
group's surest pair; after a merge the list is searched again, so a group of three is merged in
two steps. `u` undoes the last merge, once confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Header

from .. import duplicates, merge
from ..duplicates import REASON_LABELS, Group
from ..merge import MergeResult, UndoResult
from ..models import ContactMerge
from ..widgets.footer import CrmFooter
from ..widgets.paged_table import PagedTable
from ..widgets.plain import Plain
from .base import CrmScreen, thread_connection
from .confirm import ConfirmDialog
from .merge import MergeScreen

PAGE_SIZE = 50
"""Groups the table holds at once."""
NAMES_WIDTH = 40
MEMBERS_SHOWN = 6
"""Members listed under the table for the highlighted group; a larger group says how many more."""


def group_names(group: Group) -> str:
    """ "Ann Lee · Ann Lee", or "Ann Lee · Ann L. · +3 more" for a large group."""
    names = [member.name for member in group.members[:3]]
    extra = len(group.members) - len(names)
    return " · ".join(names) + (f" · +{extra} more" if extra else "")


def group_reasons(group: Group) -> str:
    """What the group's contacts share: "same e-mail ann@example.org, same name"."""
    shown: list[str] = []
    for match in group.matches:
        label = REASON_LABELS[match.kind] if match.kind == "name" else match.label
        if label not in shown:
            shown.append(label)
    return ", ".join(shown)


class DuplicatesScreen(CrmScreen):
    """The groups of likely duplicate contacts."""

    BINDINGS = [
        Binding(
            "enter",
            "merge",
            "Merge",
            id="duplicates.merge",
            priority=True,
            tooltip="Merge the highlighted group's surest pair, field by field",
        ),
        Binding("u", "undo", "Undo merge", id="duplicates.undo", tooltip="Undo the last merge (asks first)"),
        Binding("escape", "back", "Back", id="duplicates.back", tooltip="Back to the contacts"),
    ]

    @dataclass
    class Found(Message):
        """The search's answer, read in a worker, with the merge an undo would undo."""

        groups: list[Group]
        last: ContactMerge | None

    @dataclass
    class Undone(Message):
        """A merge was undone in a worker."""

        result: UndoResult

    def __init__(self, actor) -> None:
        super().__init__(actor)
        self.groups: list[Group] | None = None
        """Every group found, surest first; None while searching."""
        self.first_shown = 0
        self.last: ContactMerge | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain("Looking for duplicates…", id="duplicates-status", markup=False)
        table = PagedTable(id="duplicates-table")
        table.add_column("Contacts", width=NAMES_WIDTH)
        table.add_column("Why they look alike")
        yield table
        yield Plain(id="duplicates-members", markup=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()
        self.search()

    def search(self) -> None:
        """Look for duplicates again (after a merge or an undo, say)."""
        self._find()

    @work(thread=True, exclusive=True, exit_on_error=False, group="duplicates-find")
    def _find(self) -> None:
        with thread_connection():
            groups = duplicates.find_duplicates(self.actor)
            last = merge.last_merge(self.actor)
        self.post_message(self.Found(groups, last))

    def on_duplicates_screen_found(self, event: Found) -> None:
        self.groups = event.groups
        self.last = event.last
        self.first_shown = min(self.first_shown, max(0, (len(event.groups) - 1) // PAGE_SIZE * PAGE_SIZE))
        self._show_page(self.query_one(PagedTable).cursor_row)
        self.refresh_bindings()

    def _show_page(self, cursor: int = 0) -> None:
        groups = self.groups or []
        table = self.query_one(PagedTable)
        table.clear()
        for index, group in enumerate(groups[self.first_shown : self.first_shown + PAGE_SIZE], start=self.first_shown):
            table.add_row(Text(group_names(group)), Text(group_reasons(group)), key=str(index))
        if table.row_count:
            table.move_cursor(row=min(max(cursor, 0), table.row_count - 1))
        self._show_status()
        self._show_members()

    def _show_status(self) -> None:
        groups = self.groups or []
        if not groups:
            line = "No likely duplicates: no two contacts share an e-mail, a phone number or a name."
        else:
            shown = min(PAGE_SIZE, len(groups) - self.first_shown)
            line = f"{len(groups):,} group{'s' if len(groups) != 1 else ''} of likely duplicates"
            if len(groups) > PAGE_SIZE:
                line += f" ({self.first_shown + 1:,}–{self.first_shown + shown:,} shown)"
        if self.last is not None:
            line += f" · last merge: {self.last.other_name} into {self.last.survivor_name}"
        self.query_one("#duplicates-status", Plain).update(line)

    def current(self) -> Group | None:
        """The group under the cursor."""
        table = self.query_one(PagedTable)
        index = self.first_shown + table.cursor_row
        if self.groups is None or not table.row_count or not 0 <= index < len(self.groups):
            return None
        return self.groups[index]

    def _show_members(self) -> None:
        group = self.current()
        members = self.query_one("#duplicates-members", Plain)
        if group is None:
            members.update("")
            return
        lines = []
        for member in group.members[:MEMBERS_SHOWN]:
            details = [
                ", ".join(member.emails),
                ", ".join(member.phones),
                member.company,
                "archived" if member.archived else "",
            ]
            lines.append(f"#{member.id} {member.name}" + "".join(f" · {detail}" for detail in details if detail))
        if len(group.members) > MEMBERS_SHOWN:
            lines.append(f"… and {len(group.members) - MEMBERS_SHOWN} more")
        members.update("\n".join(lines))

    @on(PagedTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_members()

    @on(PagedTable.PageRequested)
    def _turn_page(self, event: PagedTable.PageRequested) -> None:
        offset = self.first_shown + event.step * PAGE_SIZE
        if self.groups and 0 <= offset < len(self.groups):
            self.first_shown = offset
            self._show_page(0 if event.step > 0 else PAGE_SIZE - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "merge":
            return self.current() is not None
        if action == "undo":
            return self.last is not None
        return True

    def action_merge(self) -> None:
        group = self.current()
        if group is None:
            return
        pair = group.pairs[0]
        self.app.push_screen(MergeScreen(self.actor, pair.first, pair.second), self._merged)

    def _merged(self, result: MergeResult | None) -> None:
        if result is None:
            return
        undo = self._key("duplicates.undo")
        self.notify(f"Merged {result.other_name} into {result.survivor_name} · {undo} undoes it", markup=False)
        self.search()

    def _key(self, binding_id: str) -> str:
        """How the key of this screen's binding `binding_id` is shown, as the user has it mapped."""
        for bindings in self._bindings.key_to_bindings.values():  # this screen's own, as remapped
            for binding in bindings:
                if binding.id == binding_id:
                    return self.app.get_key_display(binding)
        return "?"

    def action_undo(self) -> None:
        last = self.last
        if last is None:
            return
        when = merge.merged_at_label(last, self.actor)
        question = (
            f"Undo the merge of {last.other_name} into {last.survivor_name} ({when})? "
            f"{last.other_name} comes back as it was, with what the merge moved."
        )

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self._undo(last.id)

        self.app.push_screen(ConfirmDialog(question, "Undo merge"), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group="duplicates-undo")
    def _undo(self, merge_id: int) -> None:
        with thread_connection():
            result = merge.undo_merge(self.actor, merge_id)
        self.post_message(self.Undone(result))

    def on_duplicates_screen_undone(self, event: Undone) -> None:
        notes = "".join(f" ({note})" for note in event.result.notes)
        self.notify(f"{event.result.other_name} is back{notes}", markup=False)
        self.search()

    def action_back(self) -> None:
        self.dismiss(None)
