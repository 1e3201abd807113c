"""A short list of the dashboard (dates, follow-ups, people, deals): arrows move, enter opens the row."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding

from .plain import PlainTable


@dataclass(frozen=True)
class ListRow:
    """One row: what enter opens (`key`, e.g. "contact:12": a contact may be on a list twice), and its cells."""

    key: str
    cells: tuple[str | Text, ...]


class DashboardList(PlainTable):
    """A headerless table of a few rows; its cursor shows only while it has the focus.

    Its columns fit its width: the other columns take what their cells need, and column `flex`
    (the names) the rest, its cells cut with an ellipsis when there is not room for all.
    """

    BINDINGS = [
        Binding("enter", "select_cursor", "Open", id="dashboard.open_item", tooltip="Open what is under the cursor"),
    ]

    def __init__(self, columns: int, flex: int = 1, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", show_header=False, show_cursor=False)
        for number in range(columns):
            self.add_column("", key=str(number))
        self.flex = flex
        self.targets: list[str] = []
        """The key of each row, in order."""
        self._rows: list[ListRow] = []

    def fill(self, rows: list[ListRow]) -> None:
        """Show `rows`, keeping the cursor on the same line when the list is filled again."""
        at = self.cursor_row
        self.clear()
        self._rows = list(rows)
        self.targets = [row.key for row in rows]
        self.fit_columns()
        for row in rows:
            self.add_row(*row.cells)
        # A row is one line. Saying so at once, rather than letting the table measure its rows when it is
        # next idle, keeps the dashboard's grid from being laid out with the old height on a busy machine.
        self.styles.height = len(rows)
        if rows:
            self.move_cursor(row=min(at, len(rows) - 1), animate=False)

    def fit_columns(self) -> None:
        """Give every column but `flex` the width its cells need, and `flex` what is left of the list's width."""
        width = self.content_size.width or self.size.width
        if not width or not self._rows:
            return
        columns = list(self.columns.values())
        needed = [
            max((cell_len(str(row.cells[index])) for row in self._rows if index < len(row.cells)), default=0)
            for index in range(len(columns))
        ]
        padding = 2 * self.cell_padding * len(columns)
        needed[self.flex] = max(6, width - padding - sum(needed) + needed[self.flex])
        for column, wanted in zip(columns, needed, strict=True):
            column.auto_width = False
            column.width = wanted
        self._require_update_dimensions = True
        self.refresh()

    def on_resize(self) -> None:
        self.fit_columns()

    def target(self, row: int) -> str:
        """What the row at index `row` opens."""
        return self.targets[row]

    def on_focus(self) -> None:
        self.show_cursor = True

    def on_blur(self) -> None:
        self.show_cursor = False
