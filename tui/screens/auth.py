"""Signing up or logging in: the first screen when nobody is remembered on this machine."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Header, Input, Static
from textual.worker import Worker

from .. import accounts, clock
from ..errors import AuthError, ValidationError
from ..scope import Actor
from ..widgets.field import Field, text_input
from ..widgets.footer import CrmFooter
from .base import notify_failed_worker, thread_connection
from .password_reset import ForgotPasswordScreen


class AuthScreen(Screen):
    """Two forms side by side: log in to an account, or create one; ctrl+f when the password is forgotten."""

    BINDINGS = [
        Binding(
            "ctrl+f",
            "forgot_password",
            "Forgot password",
            id="auth.forgot",
            tooltip="Mail a one-time token to reset the password",
        ),
    ]

    @dataclass
    class SignedIn(Message):
        """Someone logged in or signed up; the app remembers them and opens the dashboard."""

        actor: Actor

    @dataclass
    class Refused(Message):
        """A form was refused: `message` belongs under the field `field_id`."""

        field_id: str
        message: str

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="auth-forms"):
            with Vertical(id="login", classes="auth-form"):
                yield Static("Log in", classes="auth-title")
                yield Field("E-mail", text_input(id="login-email"), name="email", id="login-email-field")
                yield Field(
                    "Password",
                    text_input(password=True, id="login-password"),
                    name="password",
                    id="login-password-field",
                )
                yield Button("Log in", id="login-submit", variant="primary")
                yield Button("Forgot password?", id="login-forgot", compact=True)
            with Vertical(id="signup", classes="auth-form"):
                yield Static("Create an account", classes="auth-title")
                yield Field("E-mail", text_input(id="signup-email"), name="email", id="signup-email-field")
                yield Field("Name", text_input(id="signup-name"), name="name", id="signup-name-field")
                yield Field(
                    "Password",
                    text_input(password=True, id="signup-password"),
                    name="password",
                    id="signup-password-field",
                )
                yield Field(
                    "Again",
                    text_input(password=True, id="signup-password2"),
                    name="password2",
                    id="signup-password2-field",
                )
                yield Field(
                    "Time zone",
                    text_input(
                        clock.detect_timezone(),
                        id="signup-timezone",
                        suggester=SuggestFromList(clock.all_zone_names(), case_sensitive=False),
                    ),
                    name="timezone",
                    id="signup-timezone-field",
                )
                yield Button("Sign up", id="signup-submit", variant="success")
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one("#login-email", Input).focus()

    def _value(self, input_id: str) -> str:
        return self.query_one(f"#{input_id}", Input).value

    def _clear_errors(self, form_id: str) -> None:
        for field in self.query(f"#{form_id} Field").results(Field):
            field.clear_error()

    @on(Button.Pressed, "#login-submit")
    @on(Input.Submitted, "#login Input")
    def submit_login(self) -> None:
        self._clear_errors("login")
        self._log_in(self._value("login-email"), self._value("login-password"))

    @on(Button.Pressed, "#login-forgot")
    def action_forgot_password(self) -> None:
        self.app.push_screen(ForgotPasswordScreen(self._value("login-email").strip()), self._password_reset)

    def _password_reset(self, done: bool | None) -> None:
        if done:
            self.query_one("#login-password", Input).value = ""
            self.query_one("#login-password", Input).focus()

    @on(Button.Pressed, "#signup-submit")
    @on(Input.Submitted, "#signup Input")
    def submit_signup(self) -> None:
        self._clear_errors("signup")
        password = self._value("signup-password")
        if password != self._value("signup-password2"):
            self.post_message(
                self.Refused("signup-password2-field", "the two passwords differ: type the same one twice")
            )
            return
        self._sign_up(self._value("signup-email"), self._value("signup-name"), password, self._value("signup-timezone"))

    # Password hashing takes a noticeable moment, so both checks run in a thread.
    @work(thread=True, exclusive=True, exit_on_error=False, group="auth")
    def _log_in(self, email: str, password: str) -> None:
        try:
            with thread_connection():
                actor = accounts.authenticate(email, password)
        except AuthError as error:
            self.post_message(self.Refused("login-password-field", str(error)))
        else:
            self.post_message(self.SignedIn(actor))

    @work(thread=True, exclusive=True, exit_on_error=False, group="auth")
    def _sign_up(self, email: str, name: str, password: str, timezone: str) -> None:
        try:
            with thread_connection():
                actor = accounts.signup(email, name, password, timezone)
        except ValidationError as error:
            self.post_message(self.Refused(f"signup-{error.field}-field", error.message))
        else:
            self.post_message(self.SignedIn(actor))

    def on_auth_screen_refused(self, event: Refused) -> None:
        fields = self.query(f"#{event.field_id}").results(Field)
        field = next(fields, None)
        if field is None:
            self.notify(event.message, severity="error")
            return
        field.show_error(event.message)
        field.focus_editor()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failed_worker(self, event)
