"""A DataTable that holds one page of a longer list and asks for the next page at its edges."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from .plain import PlainTable


class PagedTable(PlainTable):
    """A row-cursor DataTable; moving past its first or last row asks its owner for another page."""

    @dataclass
    class PageRequested(Message):
        """The cursor tried to leave the page: `step` is +1 for the next page, -1 for the previous one."""

        table: PagedTable
        step: int

        @property
        def control(self) -> PagedTable:
            return self.table

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    def _at_last_row(self) -> bool:
        return self.row_count == 0 or self.cursor_row >= self.row_count - 1

    def _at_first_row(self) -> bool:
        return self.cursor_row <= 0

    def action_page_down(self) -> None:
        if self._at_last_row():
            self.post_message(self.PageRequested(self, +1))
        else:
            super().action_page_down()

    def action_page_up(self) -> None:
        if self._at_first_row():
            self.post_message(self.PageRequested(self, -1))
        else:
            super().action_page_up()

    def action_cursor_down(self) -> None:
        if self._at_last_row():
            self.post_message(self.PageRequested(self, +1))
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self._at_first_row():
            self.post_message(self.PageRequested(self, -1))
        else:
            super().action_cursor_up()
