"""Shared with me (key w): the contacts other users share with you, and those you share; a shared contact's page.

Expiry is checked by the domain on every read, and the list reads itself again every
RELOAD_S seconds, so a share that expires leaves the screen without a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from .. import sharing
from ..errors import CrmError
from ..interactions import MEDIUM_LABELS
from ..scope import Actor
from ..sharing import SharedContact, SharedInteraction, ShareInfo
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable
from .base import CrmScreen, row_under_cursor, thread_connection
from .confirm import ConfirmDialog
from .contact_detail import ROWS, first_line
from .log_interaction import LogInteractionScreen
from .presenters import local_date, status_badge
from .share_dialog import until_text

RELOAD_S = 30
RECEIVED_COLUMNS = (("Contact", 24), ("Shared by", 24), ("Permission", 18), ("Until", 11), ("Note", 24))
GIVEN_COLUMNS = (("Contact", 24), ("With", 24), ("Permission", 18), ("Until", 11), ("Note", 24))
TIMELINE_SHOWN = 50
EMPTY = "—"


@dataclass(frozen=True)
class SharesRead:
    """Both lists, read together."""

    received: list[ShareInfo]
    given: list[ShareInfo]


class SharedWithMeScreen(CrmScreen):
    """The shares you received (enter opens the contact) and the ones you made; x ends the one under the cursor."""

    BINDINGS = [
        Binding("enter", "open", "Open", id="shared.open", tooltip="Open the shared contact"),
        Binding(
            "x", "end_share", "Remove", id="shared.end", tooltip="Drop a share made to you, or revoke one you made"
        ),
        Binding("r", "refresh", "Refresh", id="shared.refresh", tooltip="Read the shares again"),
    ]

    @dataclass
    class Loaded(Message):
        """Both lists, read in a worker."""

        shares: SharesRead

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor)
        self.received: list[ShareInfo] = []
        self.given: list[ShareInfo] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Shared with me", classes="shared-heading")
        yield Static("loading…", id="received-empty", classes="shared-empty")
        table = PlainTable(id="received-table", cursor_type="row")
        for label, width in RECEIVED_COLUMNS:
            table.add_column(label, width=width)
        yield table
        yield Static("Shared by me", classes="shared-heading")
        yield Static("", id="given-empty", classes="shared-empty")
        given = PlainTable(id="given-table", cursor_type="row")
        for label, width in GIVEN_COLUMNS:
            given.add_column(label, width=width)
        yield given
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one("#received-table", DataTable).focus()
        self.set_interval(RELOAD_S, self.load, name="shared-reload")

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="shared")
    def load(self) -> None:
        """Read both lists off the UI thread."""
        with thread_connection():
            shares = SharesRead(sharing.shares_received(self.actor), sharing.shares_given(self.actor))
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(shares))

    def on_shared_with_me_screen_loaded(self, event: Loaded) -> None:
        self.received = event.shares.received
        self.given = event.shares.given
        self._fill("#received-table", [(info, info.owner_name) for info in self.received])
        self._fill("#given-table", [(info, info.recipient_name) for info in self.given])
        self.query_one("#received-empty", Static).update(
            "" if self.received else "nobody shares a contact with you yet"
        )
        self.query_one("#given-empty", Static).update(
            "" if self.given else "you share nothing: press S on one of your contacts to share it"
        )
        self.refresh_bindings()

    def _fill(self, selector: str, rows: list[tuple[ShareInfo, str]]) -> None:
        table = self.query_one(selector, DataTable)
        keep = row_under_cursor(table, [info for info, _ in rows])
        cursor = table.cursor_row
        table.clear()
        for info, person in rows:
            style = "dim" if info.expired else ""
            table.add_row(
                Text(info.contact_name, style=f"bold {style}"),
                Text(person, style=style),
                Text(info.permission_label, style=style),
                Text(until_text(info), style=style),
                Text(first_line(info.note), style=style),
                key=str(info.id),
            )
        table.display = bool(rows)
        if keep is not None and str(keep.id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep.id)))
        elif table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))

    def focused_share(self) -> tuple[str, ShareInfo] | None:
        """("received" or "given", the share) under the cursor of the focused list."""
        focused = self.focused
        if isinstance(focused, DataTable) and focused.id == "given-table":
            info = row_under_cursor(focused, self.given)
            return ("given", info) if info is not None else None
        info = row_under_cursor(self.query_one("#received-table", DataTable), self.received)
        return ("received", info) if info is not None else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def on_descendant_focus(self, event) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            chosen = self.focused_share()
            return None if chosen is None or chosen[0] != "received" else True
        if action == "end_share":
            return None if self.focused_share() is None else True
        return True

    def action_open(self) -> None:
        chosen = self.focused_share()
        if chosen is not None and chosen[0] == "received":
            self.app.push_screen(SharedContactScreen(self.actor, chosen[1].contact_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "received-table":
            self.action_open()

    def action_end_share(self) -> None:
        chosen = self.focused_share()
        if chosen is None:
            return
        side, info = chosen
        if side == "received":
            question = (
                f"Drop {info.contact_name}, shared by {info.owner_name}? Only {info.owner_name} can share it again."
            )
            label, done = "Drop", f"Dropped {info.contact_name}"
        else:
            question = f"Stop sharing {info.contact_name} with {info.recipient_name}?"
            label, done = "Revoke", f"No longer shared with {info.recipient_name}"

        def answered(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                sharing.revoke(self.actor, info.id)
            except CrmError as error:
                self.notify(str(error), severity="error", markup=False)
            else:
                self.notify(done, markup=False)
            self.load()

        self.app.push_screen(ConfirmDialog(question, label), answered)

    def action_refresh(self) -> None:
        self.load()


@dataclass(frozen=True)
class SharedPage:
    """Everything a shared contact's page shows, read together in a worker."""

    contact: SharedContact
    timeline: list[SharedInteraction]


class SharedContactScreen(CrmScreen):
    """A contact someone shares with you, read-only: its fields and timeline; `l` adds a note with view_add.

    It keeps the contact in `shared_contact_id`, not `contact_id`: the app's keys that act on "the
    contact on screen" (quick links, logging from anywhere) are for your own contacts.
    """

    BINDINGS = [
        Binding(
            "l",
            "log",
            "Add note",
            id="shared_contact.log",
            tooltip="Log an interaction on the shared contact (with view and add notes)",
        ),
        Binding("r", "refresh", "Refresh", id="shared_contact.refresh", tooltip="Read the contact again"),
        Binding("escape", "back", "Back", id="shared_contact.back", tooltip="Back to Shared with me"),
    ]

    @dataclass
    class Loaded(Message):
        """The page's data, or why it could not be read (the share ended or expired)."""

        page: SharedPage | None
        error: str = ""

    def __init__(self, actor: Actor, contact_id: int) -> None:
        super().__init__(actor)
        self.shared_contact_id = contact_id
        self.page: SharedPage | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="shared-body"):
            yield Plain(id="shared-title")
            yield Plain(id="shared-banner")
            with Horizontal(id="shared-columns"):
                yield Plain(id="shared-fields")
                yield Plain(id="shared-timeline")
        yield CrmFooter()

    def on_screen_resume(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="shared-contact")
    def reload(self) -> None:
        """Read the contact and its timeline again; go back when the share has ended."""
        with thread_connection():
            try:
                page = SharedPage(
                    sharing.shared_contact(self.actor, self.shared_contact_id),
                    sharing.shared_timeline(self.actor, self.shared_contact_id, TIMELINE_SHOWN),
                )
            except CrmError as error:
                self.post_message(self.Loaded(None, f"{error}: the share has ended"))
                return
        self.post_message(self.Loaded(page))

    def on_shared_contact_screen_loaded(self, event: Loaded) -> None:
        if event.page is None:
            self.notify(event.error, severity="error", markup=False)
            self.dismiss()
            return
        self.page = event.page
        details = event.page.contact.details
        title = Text.assemble((details["name"], "bold"), "  ")
        title.append_text(status_badge(self.app, details["status"]))
        self.query_one("#shared-title", Plain).update(title)
        self.query_one("#shared-banner", Plain).update(self._banner())
        self.query_one("#shared-fields", Plain).update(self._fields())
        self.query_one("#shared-timeline", Plain).update(self._timeline())
        self.refresh_bindings()

    def _banner(self) -> Text:
        info = self.page.contact.share
        if info is None:
            return Text("your own contact", style="italic")
        until = f"until {info.expires_on}" if info.expires_on else "no expiry"
        banner = Text.assemble("Shared by ", (info.owner_name, "bold"), f" · {info.permission_label} · {until}")
        if info.note:
            banner.append(f"\n“{info.note}”", style="italic")
        return banner

    def _fields(self) -> Table:
        details = self.page.contact.details
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", justify="right", no_wrap=True)
        grid.add_column()
        for key, label in ROWS:
            grid.add_row(label, Text(self._shown(key, details.get(key))))
        for name, value in details.get("custom_fields", {}).items():
            grid.add_row(Text(name, style="italic"), Text(value or EMPTY))
        sections = self.page.contact.sections
        if sections is not None:
            for label, value in (
                ("Family", sections.family),
                ("Likes", sections.likes_dislikes),
                ("Background", sections.misc_notes),
            ):
                grid.add_row(label, Text(value or EMPTY))
        return grid

    def _shown(self, key: str, value) -> str:
        if key in ("last_contacted", "created_at"):
            moment = datetime.fromisoformat(value.removesuffix("Z")) if value else None
            return local_date(moment, self.actor.tz)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(value) if value else EMPTY
        return str(value) if value not in (None, "") else EMPTY

    def _timeline(self) -> RenderableType:
        heading = Text("Timeline, newest first", style="bold underline")
        entries = self.page.timeline
        if not entries:
            return Group(heading, Text("no interactions yet", style="dim"))
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(no_wrap=True, style="dim")
        table.add_column(ratio=1, overflow="fold")
        for entry in entries:
            author = "you" if entry.author_id == self.actor.user_id else (entry.author_name or "someone")
            line = Text.assemble((MEDIUM_LABELS.get(entry.medium, entry.medium), "bold"), (f"  by {author}", "dim"))
            if entry.outcome:
                line.append(f" → {first_line(entry.outcome)}", style="italic")
            line.append("\n" + (first_line(entry.notes) or EMPTY))
            table.add_row(local_date(entry.occurred_at, self.actor.tz), line)
        return Group(heading, table)

    def action_log(self) -> None:
        if self.page is None:
            return
        if not self.page.contact.can_add:
            self.notify(
                f"{self.page.contact.details['name']} is shared with you to view only: you cannot add notes to it",
                severity="warning",
                markup=False,
            )
            return
        self.app.push_screen(LogInteractionScreen(self.actor, self.shared_contact_id), self._logged)

    def _logged(self, interaction_id: int | None) -> None:
        if interaction_id is not None:
            self.notify("Interaction logged")

    def action_refresh(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.dismiss()
