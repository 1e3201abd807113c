"""The account's two dialogs, opened from the settings: change the password, delete the account.

Both do their work in a thread worker (Argon2 takes a noticeable moment; deleting a large
account takes longer) and show a refusal at its field, keeping what was typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from .. import accounts
from ..account_deletion import CONFIRM_FIELD, DeletedAccount, delete_account, owned_counts
from ..errors import ValidationError
from ..scope import Actor
from ..widgets.field import Field, text_input
from ..widgets.plain import Plain
from .base import notify_failed_worker, thread_connection
from .forms import clear_errors, field_named

COUNTED = (
    ("contact", "contact", "contacts"),
    ("interaction", "interaction", "interactions"),
    ("deal", "deal", "deals"),
    ("task", "task", "tasks"),
    ("reminder", "reminder", "reminders"),
)
"""The tables the delete dialog names, with their words for one and for several."""


def deletion_summary(email: str, counts: dict[str, int]) -> str:
    """What deleting the account removes, in a sentence."""
    named = [
        f"{counts[table]} {one if counts[table] == 1 else several}"
        for table, one, several in COUNTED
        if counts.get(table)
    ]
    what = f"{', '.join(named)} and everything else" if named else "everything"
    return (
        f"This deletes {what} of {email}, for good. Contacts other people shared with you stay theirs; "
        "backups made before now keep a copy until they are rotated out."
    )


@dataclass
class Refused(Message):
    """A dialog's work was refused: `message` belongs under the field `field`."""

    field: str
    message: str


def show_at_field(screen: ModalScreen, refusal: Refused) -> None:
    """Show a refusal under its field and move there; a toast if the dialog has no such field."""
    field = field_named(screen, refusal.field)
    if field is None:
        screen.notify(refusal.message, severity="error", markup=False)
        return
    field.show_error(refusal.message)
    field.focus_editor()


class ChangePasswordDialog(ModalScreen[int | None]):
    """Current, new and repeated password; dismisses with how many other sessions ended, or None."""

    BINDINGS = [
        Binding("ctrl+s", "change", "Change", id="password.change", tooltip="Change the password"),
        Binding("escape", "cancel", "Cancel", id="password.cancel", tooltip="Keep the current password"),
    ]

    @dataclass
    class Changed(Message):
        ended: int

    def __init__(self, actor: Actor, database_key: str | None) -> None:
        super().__init__()
        self.actor = actor
        self.database_key = database_key
        self.busy = False
        """True while the worker runs: a second enter must not start the work again."""

    def compose(self) -> ComposeResult:
        with Vertical(id="password-box", classes="account-dialog"):
            yield Static("Change your password", classes="dialog-title")
            yield Field("Current", text_input(password=True, id="password-current"), name="current")
            yield Field(
                "New",
                text_input(
                    placeholder=f"at least {accounts.MIN_PASSWORD_LENGTH} characters", password=True, id="password-new"
                ),
                name="new",
            )
            yield Field("Repeat", text_input(password=True, id="password-repeat"), name="repeat")
            yield Static("Your other sessions are signed out; this one stays.", classes="dialog-note")
            yield Static(
                "enter goes to the next field; on the last, or with ctrl+s, it changes · escape cancels",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#password-current", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "password-repeat":
            self.action_change()
        else:
            self.focus_next()

    def action_change(self) -> None:
        clear_errors(self)
        current, new, repeat = (
            self.query_one(f"#password-{name}", Input).value for name in ("current", "new", "repeat")
        )
        if new != repeat:
            show_at_field(self, Refused("repeat", "the two new passwords differ: type the same one twice"))
            return
        if not self.busy:
            self.busy = True
            self._change(current, new)

    @work(thread=True, exclusive=True, exit_on_error=False, group="password")
    def _change(self, current: str, new: str) -> None:
        try:
            with thread_connection():
                ended = accounts.change_password(self.actor, current, new, self.database_key)
        except ValidationError as refusal:
            self.post_message(Refused(refusal.field, refusal.message))
        else:
            self.post_message(self.Changed(ended))

    def on_refused(self, event: Refused) -> None:
        self.busy = False
        show_at_field(self, event)

    def on_change_password_dialog_changed(self, event: Changed) -> None:
        self.dismiss(event.ended)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.busy = False
        notify_failed_worker(self, event)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DeleteAccountDialog(ModalScreen[DeletedAccount | None]):
    """Says what goes, asks for the account's e-mail; dismisses with what was deleted, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="delete_account.cancel", tooltip="Keep the account"),
    ]

    @dataclass
    class Counted(Message):
        counts: dict[str, int]

    @dataclass
    class Deleted(Message):
        deleted: DeletedAccount

    def __init__(self, actor: Actor, database_key: str | None) -> None:
        super().__init__()
        self.actor = actor
        self.database_key = database_key
        self.busy = False
        """True while the worker runs: a second enter must not start the work again."""

    def compose(self) -> ComposeResult:
        with Vertical(id="delete-box", classes="account-dialog"):
            yield Static("Delete your account", classes="dialog-title")
            yield Plain("Counting what would go…", id="delete-what", markup=False)
            yield Field(
                "Your e-mail", text_input(placeholder=self.actor.email, id="delete-confirm"), name=CONFIRM_FIELD
            )
            yield Static("type the account's e-mail, then enter deletes it · escape cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#delete-confirm", Input).focus()
        self._count()

    @work(thread=True, exclusive=True, exit_on_error=False, group="delete-count")
    def _count(self) -> None:
        with thread_connection():
            counts = owned_counts(self.actor)
        self.post_message(self.Counted(counts))

    def on_delete_account_dialog_counted(self, event: Counted) -> None:
        self.query_one("#delete-what", Static).update(deletion_summary(self.actor.email, event.counts))

    @on(Input.Submitted, "#delete-confirm")
    def action_delete(self) -> None:
        if self.busy:
            return
        clear_errors(self)
        self.busy = True
        self.query_one("#delete-what", Static).update("Deleting…")
        self._delete(self.query_one("#delete-confirm", Input).value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="delete-account")
    def _delete(self, typed: str) -> None:
        try:
            with thread_connection():
                deleted = delete_account(self.actor, typed, self.database_key)
        except ValidationError as refusal:
            self.post_message(Refused(refusal.field, refusal.message))
        else:
            self.post_message(self.Deleted(deleted))

    def on_refused(self, event: Refused) -> None:
        self.busy = False
        self._count()
        show_at_field(self, event)

    def on_delete_account_dialog_deleted(self, event: Deleted) -> None:
        self.dismiss(event.deleted)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.busy = False
        notify_failed_worker(self, event)

    def action_cancel(self) -> None:
        self.dismiss(None)
