"""The settings screen: profile, reminders, cadences, appearance, notifications, backups and the account.

Every setting is edited in a Field named by its setting key, so a refusal from the domain
lands at its field. Saving checks every field first and stores nothing while one is wrong;
then only the values that differ from what is stored are written, in one transaction.
The app is told with a message (Saved) and re-reads what it uses: the theme, the name and
time zone, the reminder interval and the notification channels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Header, Input, Select, Static, Switch

from .. import accounts, clock, contacts, settings
from ..account_deletion import DeletedAccount
from ..errors import ValidationError
from ..notify import CHANNELS, Notifier
from ..scope import Actor
from ..widgets.field import Field, text_input
from ..widgets.footer import CrmFooter
from .account_dialogs import ChangePasswordDialog, DeleteAccountDialog
from .base import CrmScreen
from .categories import CategoriesDialog
from .confirm import ConfirmDialog
from .forms import DISCARD_QUESTION, clear_errors, field_values, submit
from .notifications import TerminalWriter


@dataclass(frozen=True)
class SettingField:
    """One editor: the setting key it edits, its label, its kind and its placeholder."""

    key: str
    label: str
    kind: str = "text"  # text, number, zone, switch, choice, secret
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    """(label, value) for a choice."""


@dataclass(frozen=True)
class Section:
    """A titled group of editors."""

    title: str
    fields: tuple[SettingField, ...]


PROFILE = Section(
    "Profile",
    (
        SettingField("display_name", "Display name"),
        SettingField("timezone", "Time zone", "zone"),
        SettingField("phone_region", "Phone region", hint="two letters such as DE, for numbers typed without +code"),
    ),
)
REMINDERS = Section(
    "Reminders",
    (
        SettingField("birthday_lead_days", "Birthday lead days", "number", "0–60 days before"),
        SettingField("anniversary_lead_days", "Anniversary lead days", "number", "0–60 days before"),
        SettingField("followup_days", "Follow-up after days", "number", "1–365 days after an interaction"),
        SettingField("no_contact_days", "No-contact days", "number", "1–3650 days without contact"),
        SettingField(
            "leap_day_rule",
            "29 February falls",
            "choice",
            choices=(("on 28 February in other years", "feb28"), ("on 1 March in other years", "mar1")),
        ),
        SettingField("reminder_interval_s", "Check every (seconds)", "number", "10–86400"),
        SettingField("weekend_list_size", "Friday weekend list", "number", "1–50 contacts"),
    ),
)
APPEARANCE = Section(
    "Appearance", (SettingField("theme", "Theme", "choice", choices=(("Dark", "dark"), ("Light", "light"))),)
)
NOTIFICATIONS = Section(
    "Notifications",
    (
        SettingField("notify.desktop", "Desktop", "switch"),
        SettingField(
            "notify.terminal",
            "Terminal",
            "choice",
            choices=(
                ("off", "off"),
                ("OSC 9: iTerm2, WezTerm, foot, Windows Terminal", "osc9"),
                ("OSC 777: VTE terminals, urxvt, Ghostty", "osc777"),
                ("OSC 99: kitty", "osc99"),
            ),
        ),
        SettingField("notify.email", "E-mail", "switch"),
        SettingField("notify.inapp", "In-app", "switch"),
        SettingField("smtp.host", "SMTP host", hint="smtp.example.org"),
        SettingField("smtp.port", "SMTP port", "number", "1–65535 (587 with STARTTLS)"),
        SettingField("smtp.starttls", "STARTTLS", "switch"),
        SettingField("smtp.user", "SMTP user", hint="empty when the server needs no login"),
        SettingField("smtp.password", "SMTP password", "secret"),
        SettingField("smtp.from", "Sender address", hint="empty: your own address"),
    ),
)
BACKUPS = Section(
    "Backups",
    (
        SettingField("backup.auto", "Daily backup", "switch"),
        SettingField("backup.keep", "Backups kept", "number", "1–365"),
    ),
)
SECTIONS = (PROFILE, REMINDERS, APPEARANCE, NOTIFICATIONS, BACKUPS)
"""The sections in screen order; the cadences (one field per relationship type) follow Reminders."""

FORGET_PASSWORD = "forget_smtp_password"
"""The switch that removes a stored SMTP password (an empty password field keeps it)."""
CHANNEL_NAMES = {"desktop": "Desktop", "terminal": "Terminal", "email": "E-mail", "inapp": "In-app"}


def dom_id(key: str) -> str:
    """A setting key as a widget id: dots are not allowed there."""
    return key.replace(".", "-").replace("_", "-")


def cadence_relationships(actor: Actor, stored: dict[str, Any]) -> list[str]:
    """The relationship types to offer a cadence for: the predefined and user-added ones, and any with a cadence."""
    names = list(contacts.options(actor, "relationship"))
    for key in stored:
        if key.startswith(settings.CADENCE_PREFIX) and key[len(settings.CADENCE_PREFIX) :] not in names:
            names.append(key[len(settings.CADENCE_PREFIX) :])
    return names


def shown_value(value: Any) -> str:
    """A stored value as an Input shows it: None as empty."""
    return "" if value is None else str(value)


def channel_report(results: dict[str, str | None]) -> Text:
    """One line per channel: off, sent, or why it failed."""
    report = Text()
    for channel in CHANNELS:
        name = f"{CHANNEL_NAMES[channel]:<9}"
        if channel not in results:
            report.append(f"{name} off\n", style="dim")
        elif results[channel] is None:
            report.append(f"{name} sent\n", style="bold")
        else:
            report.append(f"{name} failed: {results[channel]}\n", style="bold red")
    report.rstrip()
    return report


def password_message(ended: int) -> str:
    """What to tell the user once the password has changed."""
    if ended == 0:
        return "Password changed. No other session was signed in."
    return f"Password changed. {ended} other session{'s were' if ended != 1 else ' was'} signed out."


class SettingsScreen(CrmScreen):
    """Every setting of the signed-in user, grouped; ctrl+s saves them all or none."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save", tooltip="Save the settings (none while one is wrong)"),
        Binding(
            "escape",
            "leave",
            "Back",
            id="settings.leave",
            tooltip="Leave the settings (asks first when something is not saved)",
        ),
        Binding(
            "ctrl+n",
            "test_notification",
            "Test",
            id="settings.test",
            tooltip="Send a test notification on every channel switched on above",
        ),
        Binding("ctrl+o", "change_password", "Password", id="settings.password", tooltip="Change your password"),
        Binding(
            "ctrl+g",
            "categories",
            "Categories",
            id="settings.categories",
            tooltip="Your own relationships and industries: rename or remove unused ones",
        ),
        Binding(
            "ctrl+d",
            "delete_account",
            "Delete account",
            id="settings.delete_account",
            tooltip="Delete your account and everything in it",
        ),
    ]

    @dataclass
    class Saved(Message):
        """Settings were stored: the app re-reads what it uses. `actor` carries the new name and time zone."""

        actor: Actor

    class Leave(Message):
        """The user leaves the settings: the app goes back to where they were."""

    @dataclass
    class AccountDeleted(Message):
        """The account is gone: the app signs out and shows the sign-in screen."""

        deleted: DeletedAccount

    @dataclass
    class TestSent(Message):
        """Per enabled channel: None when the test notification went out, else why not."""

        results: dict[str, str | None]

    def __init__(self, actor: Actor, database_key: str | None = None) -> None:
        super().__init__(actor)
        self.database_key = database_key
        self.stored: dict[str, Any] = {}
        """Every setting as stored, secrets included: what a field is compared with to tell a change."""
        self.initial: dict[str, Any] = {}
        """The editors' values as last loaded or saved, to tell whether anything is unsaved."""
        self.detected_zone = clock.detect_timezone()

    # -- building -----------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Two small reads, done before the first frame so no keystroke can come first (as the contact form does).
        self.stored = settings.read_settings(self.actor)
        relationships = cadence_relationships(self.actor, self.stored)
        yield Header()
        with VerticalScroll(id="settings-body"):
            for section in SECTIONS:
                yield Static(section.title, classes="settings-section")
                for spec in section.fields:
                    yield Field(spec.label, self._editor(spec), name=spec.key, id=f"field-{dom_id(spec.key)}")
                    if spec.kind == "secret":
                        yield Field(
                            "Forget password",
                            Switch(
                                False,
                                id="setting-forget-password",
                                tooltip="remove the stored SMTP password when saving",
                            ),
                            name=FORGET_PASSWORD,
                            id="field-forget-password",
                        )
                if section is REMINDERS:
                    yield from self._cadences(relationships)
                if section is NOTIFICATIONS:
                    yield from self._notification_test()
            yield from self._account()
        yield CrmFooter()

    def _editor(self, spec: SettingField) -> Widget:
        editor_id = f"setting-{dom_id(spec.key)}"
        value = self.stored.get(spec.key)
        if spec.kind == "switch":
            return Switch(bool(value), id=editor_id, tooltip=self._help(spec.key))
        if spec.kind == "choice":
            return Select(
                spec.choices, value=value, allow_blank=False, compact=True, id=editor_id, tooltip=self._help(spec.key)
            )
        if spec.kind == "zone":
            return text_input(
                shown_value(value),
                f"empty: this machine's zone ({self.detected_zone})",
                id=editor_id,
                suggester=SuggestFromList(clock.all_zone_names(), case_sensitive=False),
                tooltip="an IANA name such as Europe/Berlin; → completes",
            )
        if spec.kind == "secret":
            return text_input("", self._secret_hint(), id=editor_id, password=True, tooltip=self._help(spec.key))
        return text_input(shown_value(value), spec.hint, id=editor_id, tooltip=self._help(spec.key))

    def _secret_hint(self) -> str:
        if self.stored.get("smtp.password"):
            return "stored: type a new one to replace it"
        return "not stored (crm also reads $CRM_SMTP_PASSWORD)"

    @staticmethod
    def _help(key: str) -> str:
        return dict(settings.setting_help()).get(key, "")

    def _cadences(self, relationships: list[str]) -> ComposeResult:
        yield Static("Cadence by relationship", classes="settings-section")
        yield Static(
            "Days between contacts for each relationship type; empty uses the no-contact days.", classes="settings-note"
        )
        for index, relationship in enumerate(relationships):
            key = settings.CADENCE_PREFIX + relationship
            editor = text_input(
                shown_value(self.stored.get(key)),
                "no-contact days",
                id=f"setting-cadence-{index}",
                tooltip=f"days between contacts with a {relationship}",
            )
            yield Field(relationship.capitalize(), editor, name=key, id=f"field-cadence-{index}")

    def _notification_test(self) -> ComposeResult:
        with Horizontal(classes="settings-actions"):
            yield Button("Send a test notification", id="settings-test", compact=True)
        yield Static(
            "Tests what the form holds, saved or not, on every channel switched on.",
            id="settings-test-result",
            classes="settings-note",
        )

    def _account(self) -> ComposeResult:
        yield Static("Account", classes="settings-section")
        yield Static(
            Text.assemble("Signed in as ", (self.actor.email, "bold")), id="settings-email", classes="settings-note"
        )
        with Horizontal(classes="settings-actions"):
            yield Button("Change password…", id="settings-password", compact=True)
            yield Button("Delete account…", id="settings-delete", variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one("#field-forget-password", Field).display = bool(self.stored.get("smtp.password"))
        self.initial = field_values(self)
        self.query_one("#field-display-name", Field).focus_editor()

    # -- reading and checking the form ------------------------------------------------------------------------------

    def setting_fields(self) -> list[Field]:
        """The fields that edit a setting (every Field but the forget-password switch)."""
        return [field for field in self.query(Field).results(Field) if field.name != FORGET_PASSWORD]

    def typed(self) -> dict[str, Any]:
        """What each setting field holds, as settings.parse_value takes it; an untouched password is left out."""
        values = {}
        for field in self.setting_fields():
            raw = field.value
            if field.name == "timezone" and not raw.strip():
                raw = self.detected_zone
            if field.name == "smtp.password":
                if self.query_one("#setting-forget-password", Switch).value:
                    raw = ""
                elif not raw:
                    continue
            values[field.name] = raw
        return values

    def checked(self) -> tuple[dict[str, Any], list[ValidationError]]:
        """Every field parsed as the domain will: the values, and the refusals (each naming its field)."""
        parsed, refusals = {}, []
        for key, raw in self.typed().items():
            try:
                parsed[key] = settings.parse_value(key, raw)
            except ValidationError as refusal:
                refusals.append(ValidationError(key, refusal.message))
        return parsed, refusals

    def show_refusals(self, refusals: list[ValidationError]) -> None:
        """Each message at its field, the first one focused."""
        fields = {field.name: field for field in self.setting_fields()}
        for refusal in refusals:
            fields[refusal.field].show_error(refusal.message)
        fields[refusals[0].field].focus_editor()
        count = len(refusals)
        self.notify(f"Nothing saved: {count} setting{'s' if count != 1 else ''} to correct", severity="error")

    def check_field(self, field: Field) -> None:
        """Show or clear the message of one field, as the user leaves it."""
        if field.name == FORGET_PASSWORD:
            return
        raw = self.typed().get(field.name)
        if raw is None:
            field.clear_error()
            return
        try:
            settings.parse_value(field.name, raw)
        except ValidationError as refusal:
            field.show_error(refusal.message)
        else:
            field.clear_error()

    def unsaved(self) -> bool:
        """Whether an editor holds something other than what was loaded or saved."""
        return field_values(self) != self.initial

    @on(Input.Blurred)
    def _left_an_input(self, event: Input.Blurred) -> None:
        field = next((node for node in event.input.ancestors if isinstance(node, Field)), None)
        if field is not None and field.is_attached:
            self.check_field(field)

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    # -- saving and leaving -------------------------------------------------------------------------------------

    def action_save(self) -> None:
        clear_errors(self)
        parsed, refusals = self.checked()
        if refusals:
            self.show_refusals(refusals)
            return
        typed = self.typed()
        changes = {key: typed[key] for key, value in parsed.items() if value != self.stored.get(key)}
        if not changes:
            self.notify("Nothing to save: no setting has changed")
            return
        if submit(self, lambda: settings.update_settings(self.actor, changes)) is None:
            return
        self.actor = accounts.refresh(self.actor)
        self._reload_after_save()
        self.notify(f"Settings saved ({len(changes)} changed)")
        self.post_message(self.Saved(self.actor))

    def _reload_after_save(self) -> None:
        """The editors show what is stored now (a detected zone by its name, the password field empty)."""
        self.stored = settings.read_settings(self.actor)
        self.query_one("#setting-timezone", Input).value = self.actor.timezone
        password = self.query_one("#setting-smtp-password", Input)
        password.value = ""
        password.placeholder = self._secret_hint()
        self.query_one("#setting-forget-password", Switch).value = False
        self.query_one("#field-forget-password", Field).display = bool(self.stored.get("smtp.password"))
        self.initial = field_values(self)

    def action_leave(self) -> None:
        """Back to where the user was; when something is unsaved, only once they agree to lose it."""
        if not self.unsaved():
            self.post_message(self.Leave())
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.post_message(self.Leave())

        self.app.push_screen(ConfirmDialog(DISCARD_QUESTION, "Discard"), answered)

    # -- the test notification ----------------------------------------------------------------------------------

    @on(Button.Pressed, "#settings-test")
    def action_test_notification(self) -> None:
        clear_errors(self)
        parsed, refusals = self.checked()
        if refusals:
            self.show_refusals(refusals)
            return
        self.query_one("#settings-test-result", Static).update("Sending a test notification…")
        self._send_test({**self.stored, **parsed})

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-test")
    def _send_test(self, values: dict[str, Any]) -> None:
        """Through a Notifier of its own, built from the form: a server may take seconds, so off the UI thread."""
        app = self.app

        def toast(title: str, body: str, about: tuple) -> None:
            app.call_from_thread(app.notify, body, title=title, markup=False)

        output = None if app.is_headless else TerminalWriter(app)
        with Notifier(self.actor, values, terminal_output=output, on_toast=toast) as notifier:
            results = notifier.send_test()
        self.post_message(self.TestSent(results))

    def on_settings_screen_test_sent(self, event: TestSent) -> None:
        result = self.query_one("#settings-test-result", Static)
        if not event.results:
            result.update("Every channel is off: switch one on above, then try again.")
            self.notify("Every notification channel is off", severity="warning")
            return
        result.update(channel_report(event.results))
        failed = sorted(channel for channel, error in event.results.items() if error is not None)
        if failed:
            self.notify(f"Test notification failed on: {', '.join(failed)}", severity="error", markup=False)
        else:
            self.notify("Test notification sent on every channel switched on", markup=False)

    # -- the account --------------------------------------------------------------------------------------------

    @on(Button.Pressed, "#settings-password")
    def action_categories(self) -> None:
        self.app.push_screen(CategoriesDialog(self.actor))

    def action_change_password(self) -> None:
        self.app.push_screen(ChangePasswordDialog(self.actor, self.database_key), self._password_changed)

    def _password_changed(self, ended: int | None) -> None:
        if ended is not None:
            self.notify(password_message(ended), markup=False)

    @on(Button.Pressed, "#settings-delete")
    def action_delete_account(self) -> None:
        self.app.push_screen(DeleteAccountDialog(self.actor, self.database_key), self._account_deleted)

    def _account_deleted(self, deleted: DeletedAccount | None) -> None:
        if deleted is not None:
            self.post_message(self.AccountDeleted(deleted))
