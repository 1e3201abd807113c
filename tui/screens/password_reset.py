"""Forgot password (from the login screen): mail a one-time token, then set a new password with it.

Both steps run in thread workers: mailing talks to an SMTP server (seconds when it is slow)
and setting the password hashes it with Argon2. The answer to step one is the same whether
or not an account uses the address.
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
from ..errors import CrmError, ValidationError
from ..widgets.field import Field, text_input
from ..widgets.footer import CrmFooter
from .base import notify_failed_worker, thread_connection
from .forms import clear_errors, field_named


class ForgotPasswordScreen(ModalScreen[bool]):
    """Step 1: your e-mail, a token is mailed. Step 2: the token and a new password. Dismisses True once set."""

    BINDINGS = [
        Binding("ctrl+n", "mail_token", "Mail token", id="reset.mail", tooltip="Mail a reset token to the address"),
        Binding(
            "ctrl+s", "set_password", "Set password", id="reset.set", tooltip="Set the new password with the token"
        ),
        Binding("escape", "cancel", "Cancel", id="reset.cancel", tooltip="Back to the login"),
    ]

    @dataclass
    class Answered(Message):
        """Step one's answer (the same for every address), or step two's success."""

        text: str
        done: bool = False

    @dataclass
    class Refused(Message):
        """A step was refused: `message` belongs under the field `field`."""

        field: str
        message: str

    def __init__(self, email: str = "") -> None:
        super().__init__()
        self.email = email
        self.busy = False
        """True while a worker runs: a second enter must not start the work again."""

    def compose(self) -> ComposeResult:
        with Vertical(id="reset-box"):
            yield Static("Forgot your password?", id="reset-title")
            yield Static("1. Your e-mail: a one-time token is mailed to it (valid 30 minutes).", classes="reset-step")
            yield Field("E-mail", text_input(self.email, id="reset-email"), name="email")
            yield Static("", id="reset-answer")
            yield Static(
                "2. The token from the mail and a new password: every session of the account ends.",
                classes="reset-step",
            )
            yield Field("Token", text_input(id="reset-token"), name="token")
            yield Field(
                "New password",
                text_input(
                    placeholder=f"at least {accounts.MIN_PASSWORD_LENGTH} characters",
                    password=True,
                    id="reset-password",
                ),
                name="password",
            )
            yield Field("Again", text_input(password=True, id="reset-password2"), name="password2")
        yield CrmFooter()

    def on_mount(self) -> None:
        target = "#reset-token" if self.email else "#reset-email"
        self.query_one(target, Input).focus()

    def _value(self, input_id: str) -> str:
        return self.query_one(f"#{input_id}", Input).value

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "reset-email":
            self.action_mail_token()
        elif event.input.id == "reset-password2":
            self.action_set_password()
        else:
            self.focus_next()

    def action_mail_token(self) -> None:
        if self.busy:
            return
        clear_errors(self)
        self.busy = True
        self.query_one("#reset-answer", Static).update("Mailing…")
        self._mail(self._value("reset-email"))

    @work(thread=True, exclusive=True, exit_on_error=False, group="reset")
    def _mail(self, email: str) -> None:
        try:
            with thread_connection():
                answer = accounts.request_password_reset(email)
        except ValidationError as refusal:
            self.post_message(self.Refused("email", refusal.message))
        except CrmError as problem:
            self.post_message(self.Refused("email", str(problem)))
        else:
            self.post_message(self.Answered(answer))

    def action_set_password(self) -> None:
        if self.busy:
            return
        clear_errors(self)
        password = self._value("reset-password")
        if password != self._value("reset-password2"):
            self.post_message(self.Refused("password2", "the two passwords differ: type the same one twice"))
            return
        self.busy = True
        self._set(self._value("reset-token"), password)

    @work(thread=True, exclusive=True, exit_on_error=False, group="reset")
    def _set(self, token: str, password: str) -> None:
        try:
            with thread_connection():
                ended = accounts.reset_password(token, password)
        except ValidationError as refusal:
            self.post_message(self.Refused(refusal.field, refusal.message))
        else:
            sessions = f"{ended} session{'s' if ended != 1 else ''}"
            self.post_message(self.Answered(f"Password set and {sessions} signed out: log in with it now.", True))

    def on_forgot_password_screen_answered(self, event: Answered) -> None:
        self.busy = False
        if event.done:
            self.notify(event.text, markup=False)
            self.dismiss(True)
            return
        self.query_one("#reset-answer", Static).update(event.text.capitalize() + ".")
        self.query_one("#reset-token", Input).focus()

    def on_forgot_password_screen_refused(self, event: Refused) -> None:
        self.busy = False
        if event.field == "email":
            self.query_one("#reset-answer", Static).update("")
        field = field_named(self, event.field)
        if field is None:
            self.notify(event.message, severity="error", markup=False)
            return
        field.show_error(event.message)
        field.focus_editor()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.busy = False
        notify_failed_worker(self, event)

    def action_cancel(self) -> None:
        self.dismiss(False)
