"""Sessions (key L): where this account is signed in, with keys to sign out of one or of all the others."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from .. import accounts, clock
from ..accounts import SessionInfo
from ..errors import CrmError
from ..scope import Actor
from ..widgets.footer import CrmFooter
from ..widgets.plain import PlainTable
from .base import CrmScreen, row_under_cursor, thread_connection
from .confirm import ConfirmDialog

COLUMNS = (("Where", 28), ("Signed in", 17), ("Last used", 17), ("Expires", 11), ("", 14))
THIS_MACHINE = "this machine"


def moment_text(info_moment, actor: Actor) -> str:
    """A stored moment in the user's zone: "2026-11-20 11:30"."""
    return clock.local(info_moment, actor.tz).strftime("%Y-%m-%d %H:%M")


class SessionsScreen(CrmScreen):
    """This account's remembered logins, last used first; the one of this machine is marked."""

    BINDINGS = [
        Binding("x", "sign_out", "Sign out", id="sessions.end", tooltip="Sign out of the session under the cursor"),
        Binding(
            "o",
            "sign_out_others",
            "Others",
            id="sessions.others",
            tooltip="Sign out of every session but this machine's",
        ),
        Binding("r", "refresh", "Refresh", id="sessions.refresh", tooltip="Read the sessions again"),
        Binding("escape", "back", "Back", id="sessions.back", tooltip="Back"),
    ]

    @dataclass
    class Loaded(Message):
        """The sessions, read in a worker."""

        sessions: list[SessionInfo]

    def __init__(self, actor: Actor, database_key: str | None) -> None:
        super().__init__(actor)
        self.database_key = database_key
        self.sessions: list[SessionInfo] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Where you are signed in", id="sessions-title")
        table = PlainTable(id="sessions-table", cursor_type="row")
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        yield table
        yield Static(
            "Sessions end by themselves after 30 days unused. Changing or resetting the password signs out the others.",
            id="sessions-hint",
        )
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="sessions")
    def load(self) -> None:
        """Read the sessions off the UI thread."""
        with thread_connection():
            found = accounts.list_sessions(self.actor, self.database_key)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(found))

    def on_sessions_screen_loaded(self, event: Loaded) -> None:
        self.sessions = event.sessions
        table = self.query_one(DataTable)
        table.clear()
        for info in event.sessions:
            style = "bold" if info.current else ""
            table.add_row(
                Text(info.label or "no label", style=style),
                Text(moment_text(info.created_at, self.actor), style=style),
                Text(moment_text(info.last_used_at, self.actor), style=style),
                Text(clock.local(info.expires_at, self.actor.tz).strftime("%Y-%m-%d"), style=style),
                Text(THIS_MACHINE if info.current else "", style="bold"),
                key=str(info.id),
            )
        self.refresh_bindings()

    def highlighted(self) -> SessionInfo | None:
        """The session under the cursor."""
        return row_under_cursor(self.query_one(DataTable), self.sessions)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "sign_out":
            return None if self.highlighted() is None else True
        if action == "sign_out_others":
            return True if any(not info.current for info in self.sessions) else None
        return True

    def action_sign_out(self) -> None:
        info = self.highlighted()
        if info is None:
            return
        if info.current:
            question = "Sign out on this machine? You will need your password to come back."
        else:
            question = f"Sign out the session on {info.label or 'an unnamed machine'}?"

        def answered(confirmed: bool | None) -> None:
            if not confirmed:
                return
            if info.current:
                self.app.action_log_out()  # the app's own log-out: it forgets this machine's login
                return
            try:
                accounts.end_session_by_id(self.actor, info.id, self.database_key)
            except CrmError as error:
                self.notify(str(error), severity="error", markup=False)
            else:
                self.notify(f"Signed out of {info.label or 'the session'}", markup=False)
            self.load()

        self.app.push_screen(ConfirmDialog(question, "Sign out"), answered)

    def action_sign_out_others(self) -> None:
        def answered(confirmed: bool | None) -> None:
            if not confirmed:
                return
            ended = accounts.end_all_sessions(self.actor, self.database_key, keep_current=True)
            self.notify(f"Signed out of {ended} other session{'s' if ended != 1 else ''}")
            self.load()

        self.app.push_screen(ConfirmDialog("Sign out everywhere but on this machine?", "Sign out"), answered)

    def action_refresh(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss()
