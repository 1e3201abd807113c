"""Sharing a contact from its page (key S): with whom, the permission, until when, a note; and who has it now.

The dialog also lists the contact's current shares, each revocable with `delete`.
Importing this module gives every contact page the S key (`add_detail_key`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Select, Static
from textual.worker import Worker, get_current_worker

from .. import sharing
from ..errors import CrmError
from ..scope import Actor
from ..sharing import PERMISSION_LABELS, ShareInfo
from ..widgets.field import Field, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable
from .base import notify_failed_worker, row_under_cursor, thread_connection
from .confirm import ConfirmDialog
from .contact_detail import ContactDetailScreen, add_detail_key
from .forms import clear_errors, submit

LIST_COLUMNS = (("With", 30), ("Permission", 18), ("Until", 10), ("Note", 14))


def permission_options() -> list[tuple[str, str]]:
    """(label, code) for the permission Select, "view" first."""
    return [(label.capitalize(), code) for code, label in PERMISSION_LABELS.items()]


def until_text(info: ShareInfo) -> str:
    """The share's last day, "never", or "expired" once it has passed."""
    if info.expired:
        return "expired"
    return info.expires_on.isoformat() if info.expires_on else "never"


class ShareDialog(ModalScreen[None]):
    """Share one of the actor's contacts, and see or revoke who has it."""

    BINDINGS = [
        Binding("ctrl+s", "share", "Share", id="share.save", tooltip="Share the contact with this person"),
        Binding(
            "delete",
            "revoke",
            "Revoke",
            id="share.revoke",
            key_display="del",
            tooltip="Stop sharing with the person under the cursor",
        ),
        Binding("escape", "close", "Close", id="share.close", tooltip="Close the share dialog"),
    ]

    @dataclass
    class Loaded(Message):
        """The contact's current shares, read in a worker."""

        shares: list[ShareInfo]

    def __init__(self, actor: Actor, contact_id: int, contact_name: str) -> None:
        super().__init__()
        self.actor = actor
        self.contact_id = contact_id
        self.contact_name = contact_name
        self.shares: list[ShareInfo] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="share-box"):
            yield Plain(Text.assemble("Share ", (self.contact_name, "bold")), id="share-title")
            yield Field(
                "With",
                text_input(placeholder="their e-mail: they must have signed up to crm", id="share-with"),
                name="with",
            )
            yield Field(
                "Permission",
                Select(permission_options(), value="view", allow_blank=False, compact=True, id="share-permission"),
                name="permission",
            )
            yield Field(
                "Expires",
                text_input(placeholder="empty for never; YYYY-MM-DD or +1w, +1mo", id="share-expires"),
                name="expires",
            )
            yield Field("Note", text_input(placeholder="a message for them (optional)", id="share-note"), name="note")
            yield Static("Shared with", id="share-list-title")
            table = PlainTable(id="share-list", cursor_type="row")
            for label, width in LIST_COLUMNS:
                table.add_column(label, width=width)
            yield table
            yield Static("", id="share-list-empty")
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one("#share-with", Input).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="share-dialog")
    def load(self) -> None:
        """Read the contact's shares off the UI thread."""
        with thread_connection():
            found = sharing.shares_given(self.actor, self.contact_id)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(found))

    def on_share_dialog_loaded(self, event: Loaded) -> None:
        self.shares = event.shares
        table = self.query_one("#share-list", DataTable)
        table.clear()
        for info in event.shares:
            style = "dim" if info.expired else ""
            table.add_row(
                Text(f"{info.recipient_name} <{info.recipient_email}>", style=style),
                Text(info.permission_label, style=style),
                Text(until_text(info), style=style),
                Text(info.note, style=style),
                key=str(info.id),
            )
        self.query_one("#share-list-empty", Static).update(
            "" if event.shares else "nobody yet: only you see this contact"
        )
        table.display = bool(event.shares)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "revoke":
            return None if self.highlighted() is None else True
        return True

    def highlighted(self) -> ShareInfo | None:
        """The share under the list's cursor."""
        return row_under_cursor(self.query_one("#share-list", DataTable), self.shares)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def typed_permission(self) -> str:
        """The permission chosen in the Select."""
        value = self.query_one("#share-permission", Select).value
        return value if isinstance(value, str) else "view"

    def action_share(self) -> None:
        with_field = self.query_one("#share-with", Input)
        expires = self.query_one("#share-expires", Input).value
        note = self.query_one("#share-note", Input)
        saved = submit(
            self,
            lambda: sharing.share(
                self.actor,
                self.contact_id,
                with_field.value,
                self.typed_permission(),
                sharing.parse_expiry(self.actor, expires),
                note.value,
            ),
        )
        if saved is None:
            return
        self.notify(f"Shared {saved.contact_name} with {saved.recipient_name} ({saved.permission_label})", markup=False)
        with_field.value = ""
        note.value = ""
        self.query_one("#share-expires", Input).value = ""
        with_field.focus()
        self.load()

    @on(Input.Submitted, "#share-box Input")
    def submitted(self) -> None:
        self.action_share()

    def action_revoke(self) -> None:
        info = self.highlighted()
        if info is None:
            return
        question = f"Stop sharing {info.contact_name} with {info.recipient_name}?"

        def answered(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                sharing.revoke(self.actor, info.id)
            except CrmError as error:
                self.notify(str(error), severity="error", markup=False)
            else:
                self.notify(f"No longer shared with {info.recipient_name}", markup=False)
            self.load()

        self.app.push_screen(ConfirmDialog(question, "Revoke"), answered)

    def action_close(self) -> None:
        clear_errors(self)
        self.dismiss(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failed_worker(self, event)


def open_share_dialog(screen: ContactDetailScreen) -> None:
    """The S key of a contact page: the share dialog for its contact."""
    screen.app.push_screen(ShareDialog(screen.actor, screen.contact_id, screen.details.get("name", "")))


add_detail_key(
    "S",
    "Share",
    open_share_dialog,
    id="contact.share",
    tooltip="Share this contact with another crm user, or see who has it",
)
