"""What every crm screen shares: the acting user, worker plumbing and failures, the row under a table's cursor."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from textual import events
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable
from textual.worker import Worker, WorkerState

from .. import database
from ..errors import CrmError
from ..scope import Actor

R = TypeVar("R")


@contextmanager
def thread_connection() -> Iterator[None]:
    """Close the worker thread's own database connection when its work is done.

    Peewee keeps one connection per thread, and each thread worker runs in a new thread.
    """
    try:
        yield
    finally:
        database.close_database()


def failure_message(error: BaseException | None) -> str:
    """What to tell the user about a worker that failed."""
    if isinstance(error, CrmError):
        return str(error)
    return f"something went wrong: {error}" if error else "something went wrong"


def notify_failed_worker(screen: Screen, event: Worker.StateChanged) -> None:
    """Show a failed worker's error as a toast: a worker error never quits the app."""
    if event.state == WorkerState.ERROR:
        screen.notify(failure_message(event.worker.error), severity="error", title="crm")


def cursor_key(table: DataTable) -> str | None:
    """The key of the row under `table`'s cursor; None when the table is empty."""
    if not table.row_count:
        return None
    return table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value


def row_under_cursor(table: DataTable, rows: Iterable[R], key: Callable[[R], object] = lambda row: row.id) -> R | None:
    """The one of `rows` under `table`'s cursor; the lists key each table row by str(key(row)), by default its id."""
    at = cursor_key(table)
    return next((row for row in rows if str(key(row)) == at), None)


class CrmScreen(Screen):
    """A screen acting for a signed-in user."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self._styled_with_css: int | None = None
        """The app's CSS version the widgets got as they mounted; None once the screen has been away."""

    def on_mount(self) -> None:
        self._styled_with_css = self.app._css_update_count

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual restyles every widget of a screen each time it resumes, twice for a mode's first screen
        # (about 50 ms each on the pipeline board). A screen that has never been away got its styles as its
        # widgets mounted, so unless the stylesheet changed since, that work would change nothing.
        if self._styled_with_css == self.app._css_update_count:
            event.refresh_styles = False

    def on_screen_suspend(self) -> None:
        self._styled_with_css = None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failed_worker(self, event)
