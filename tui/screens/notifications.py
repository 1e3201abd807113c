"""The notification center: due and recent reminders, keys to close, snooze or open them, each channel's health.

Also the small pieces the app's reminder timer needs from the UI side: the writer that
puts terminal escapes on the real terminal, which channel errors deserve a toast, and
what a desktop notification's buttons do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from .. import clock, contacts, reminders
from ..errors import CrmError
from ..reminders import DueReminder
from ..scope import Actor
from ..settings import read_settings
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable
from .base import CrmScreen, row_under_cursor, thread_connection
from .contact_detail import ContactDetailScreen
from .text_prompt import TextPrompt

if TYPE_CHECKING:
    from textual.app import App

    from ..notify import ChannelHealth, Notifier, TickResults

COLUMNS = (("Due", 16), ("Reminder", 38), ("Contact", 22), ("Status", 28))
OPEN_STATUSES = ("pending", "sent", "snoozed")
"""Reminders still asking for something: listed first, and the only ones the keys act on."""
TYPED = "typed"
SNOOZE_CHOICES = (("In 1 hour", "+1h"), ("Tomorrow 09:00", "tomorrow 09:00"), ("At a time you type…", TYPED))
"""The snooze menu: each label and the `until` text it stands for (TYPED asks for one)."""
DESKTOP_SNOOZE = timedelta(hours=1)
"""How long the Snooze button of a desktop notification snoozes."""


# -- what the app's reminder timer uses -------------------------------------------------------------------------------


class TerminalWriter:
    """A text stream for the terminal channel: each escape goes to Textual's driver on the UI thread.

    The driver's own writer thread is fed only from the UI thread, so an escape never lands in
    the middle of a frame; once the app has stopped, writing fails with OSError, which the
    terminal channel reports as its error rather than raising.
    """

    def __init__(self, app: App) -> None:
        self.app = app

    def write(self, text: str) -> int:
        try:
            self.app.call_from_thread(self._write_now, text)
        except RuntimeError as problem:  # the app is not running (any more), or this is its own thread
            raise OSError(f"crm's screen is closed: {problem}") from None
        return len(text)

    def _write_now(self, text: str) -> None:
        driver = self.app._driver
        if driver is None or not self.app.is_running:
            raise OSError("crm's screen is closed")
        driver.write(text)

    def flush(self) -> None:
        """Nothing to do: the driver's writer thread flushes."""


@dataclass(frozen=True)
class TickOutcome:
    """What one reminder tick of the app did, read in its worker."""

    notifier: Notifier
    interval_s: int
    """The `reminder_interval_s` setting as read during this tick: when the next one starts."""
    results: TickResults
    health: dict[str, ChannelHealth]


def run_tick(notifier: Notifier) -> TickOutcome:
    """One tick on a worker thread: the interval setting, the deliveries, and the channels' health after."""
    with thread_connection():
        interval = int(read_settings(notifier.actor)["reminder_interval_s"])
        results = notifier.tick()
        health = notifier.health()
    return TickOutcome(notifier, interval, results, health)


def channel_problems(health: dict[str, ChannelHealth]) -> set[str]:
    """The errors worth an error toast: channels that are on and usable here but failed.

    A channel that cannot work in this session (no D-Bus over SSH, no terminal) is only
    shown in the center's status line: it is not a new problem on every start.
    """
    return {
        f"{item.channel}: {item.last_error}"
        for item in health.values()
        if item.enabled and item.available and item.last_error
    }


def apply_desktop_action(actor: Actor, action: str, about: tuple[DueReminder, ...]) -> str:
    """Done or snooze (one hour) from a desktop notification's button; what to tell the user."""
    titles = ", ".join(reminder.title for reminder in about)
    if action == "done":
        for reminder in about:
            reminders.mark_done(actor, reminder.id)
        return f"Done: {titles}"
    if action == "snooze":
        until = clock.now() + DESKTOP_SNOOZE
        for reminder in about:
            reminders.snooze(actor, reminder.id, until)
        return f"Snoozed for an hour: {titles}"
    raise ValueError(f"unknown reminder action {action!r}")


# -- the center's rows ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CenterRow:
    """A reminder as the center lists it."""

    id: int
    title: str
    kind: str
    contact_id: int | None
    contact_name: str
    due_at: datetime
    status: str
    snoozed_until: datetime | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def center_rows(actor: Actor) -> list[CenterRow]:
    """`actor`'s open and recent reminders with their contacts' names: open ones first, newest due first."""
    names: dict[int, str] = {}
    rows = []
    for reminder in reminders.recent(actor):
        contact_id = reminder.contact_id
        if contact_id is not None and contact_id not in names:
            try:
                names[contact_id] = contacts.get_contact(actor, contact_id).name
            except CrmError:
                names[contact_id] = ""
        rows.append(
            CenterRow(
                reminder.id,
                reminder.title,
                reminder.kind,
                contact_id,
                names.get(contact_id, ""),
                reminder.due_at,
                reminder.status,
                reminder.snoozed_until,
            )
        )
    return rows


def local_moment(moment: datetime, actor: Actor) -> str:
    """A stored moment in the user's zone, short: "Fri 20 Nov 09:00"."""
    return clock.local(moment, actor.tz).strftime("%a %d %b %H:%M")


def status_text(row: CenterRow, actor: Actor) -> str:
    """How the center words a reminder's state."""
    if row.status == "snoozed" and row.snoozed_until is not None:
        return f"snoozed to {local_moment(row.snoozed_until, actor)}"
    if row.status == "pending" and row.due_at > clock.utcnow():
        return "upcoming"
    return {"pending": "due", "sent": "notified"}.get(row.status, row.status)


# -- dialogs ----------------------------------------------------------------------------------------------------------


class SnoozeMenu(ModalScreen[str | None]):
    """Until when to snooze: dismisses with the `until` text, TYPED to ask for a time, or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="snooze.cancel", tooltip="Close without snoozing"),
    ]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.reminder_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="snooze-box"):
            yield Plain(f"Snooze “{self.reminder_title}” until…", id="snooze-title", markup=False)
            yield OptionList(*(Option(label, id=until) for label, until in SNOOZE_CHOICES), id="snooze-options")
            yield Static("enter chooses · escape cancels", id="snooze-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#snooze-options")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- the screen -------------------------------------------------------------------------------------------------------


class NotificationsScreen(CrmScreen):
    """Every open reminder, then the ones handled lately, and how each notification channel is doing."""

    BINDINGS = [
        Binding("x", "done", "Done", id="notifications.done", tooltip="Mark the reminder done"),
        Binding("s", "snooze", "Snooze", id="notifications.snooze", tooltip="Remind again later"),
        Binding(
            "delete",
            "dismiss_reminder",
            "Dismiss",
            id="notifications.dismiss",
            key_display="del",
            tooltip="Dismiss the reminder",
        ),
        Binding("o", "open_contact", "Contact", id="notifications.contact", tooltip="Open the reminder's contact"),
        Binding(
            "r", "refresh", "Refresh", id="notifications.refresh", tooltip="Check for due reminders now and reload"
        ),
        Binding("n", "send_test", "Test", id="notifications.test", tooltip="Send a test notification on every channel"),
    ]
    ROW_ACTIONS = frozenset({"done", "snooze", "dismiss_reminder"})

    @dataclass
    class Loaded(Message):
        """The reminders, read in a worker."""

        rows: list[CenterRow]
        stay: bool = False
        """Keep the cursor on the same line (after closing a reminder) rather than on the same reminder."""

    @dataclass
    class HealthRead(Message):
        """Every channel's state in one line, read in a worker (the first read may ask D-Bus)."""

        line: str

    @dataclass
    class TestSent(Message):
        """Per channel: None when the test notification went out, else why not."""

        results: dict[str, str | None]

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor)
        self.rows: list[CenterRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Plain("loading reminders…", id="notifications-summary", markup=False)
        table = PlainTable(id="notifications-table", cursor_type="row")
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        yield table
        yield Plain("channels: checking…", id="notifications-health", markup=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.load()
        self.load_health()

    # -- reading --------------------------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="notifications")
    def load(self, stay: bool = False) -> None:
        """Read the reminders off the UI thread."""
        with thread_connection():
            rows = center_rows(self.actor)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(rows, stay))

    @work(thread=True, exclusive=True, exit_on_error=False, group="notifications-health")
    def load_health(self) -> None:
        """Read each channel's state off the UI thread."""
        notifier = getattr(self.app, "notifier", None)
        line = "notifications are not running" if notifier is None else notifier.status_line()
        if not get_current_worker().is_cancelled:
            self.post_message(self.HealthRead(line))

    def on_notifications_screen_loaded(self, event: Loaded) -> None:
        table = self.query_one(DataTable)
        keep = self.highlighted()
        cursor = table.cursor_row
        self.rows = event.rows
        table.clear()
        muted = self.app.get_css_variables()["text-muted"]
        for row in event.rows:
            style = "bold" if row.is_open else muted
            table.add_row(
                Text(local_moment(row.due_at, self.actor), style=style),
                Text(row.title, style=style),
                Text(row.contact_name, style=style),
                Text(status_text(row, self.actor), style=style),
                key=str(row.id),
            )
        if keep is not None and str(keep.id) in table.rows and not event.stay:
            table.move_cursor(row=table.get_row_index(str(keep.id)))
        elif table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1))
        open_count = sum(row.is_open for row in event.rows)
        summary = (
            f"{open_count} open · {len(event.rows) - open_count} handled lately"
            if event.rows
            else "no reminders due: birthdays, anniversaries, follow-ups and quiet contacts show up here"
        )
        self.query_one("#notifications-summary", Static).update(summary)
        self.refresh_bindings()

    def on_notifications_screen_health_read(self, event: HealthRead) -> None:
        self.query_one("#notifications-health", Static).update(f"channels: {event.line}")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def highlighted(self) -> CenterRow | None:
        """The reminder under the cursor."""
        return row_under_cursor(self.query_one(DataTable), self.rows)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ROW_ACTIONS:
            row = self.highlighted()
            return None if row is None or not row.is_open else True
        if action == "open_contact":
            row = self.highlighted()
            return None if row is None or row.contact_id is None else True
        return True

    # -- acting ---------------------------------------------------------------------------------------------------

    def _change(self, change: Callable[[], object], message: str) -> None:
        try:
            change()
        except CrmError as error:
            self.notify(str(error), severity="error", markup=False)
        else:
            self.notify(message, markup=False)
        self.load(stay=True)

    def action_done(self) -> None:
        if (row := self.highlighted()) is not None and row.is_open:
            self._change(lambda: reminders.mark_done(self.actor, row.id), f"Done: {row.title}")

    def action_dismiss_reminder(self) -> None:
        if (row := self.highlighted()) is not None and row.is_open:
            self._change(lambda: reminders.dismiss(self.actor, row.id), f"Dismissed: {row.title}")

    def action_snooze(self) -> None:
        row = self.highlighted()
        if row is None or not row.is_open:
            return

        def chosen(until: str | None) -> None:
            if until == TYPED:
                self.app.push_screen(
                    TextPrompt(
                        f"Snooze “{row.title}” until…",
                        "Until",
                        placeholder="+2h, tomorrow 18:00 or 2026-11-23 09:00",
                        check=lambda text: self._snooze_now(row, text),
                    ),
                    lambda stored: stored and self._snoozed(row, stored),
                )
            elif until is not None:
                try:
                    stored = self._snooze_now(row, until)
                except CrmError as error:
                    self.notify(str(error), severity="error", markup=False)
                    return
                self._snoozed(row, stored)

        self.app.push_screen(SnoozeMenu(row.title), chosen)

    def _snooze_now(self, row: CenterRow, until: str) -> str:
        """Snooze `row` until `until`; the new moment as shown (a ValidationError stays at the field)."""
        return local_moment(reminders.snooze(self.actor, row.id, until), self.actor)

    def _snoozed(self, row: CenterRow, until: str) -> None:
        self.notify(f"Snoozed to {until}: {row.title}", markup=False)
        self.load(stay=True)

    def action_open_contact(self) -> None:
        row = self.highlighted()
        if row is not None and row.contact_id is not None:
            self.app.push_screen(ContactDetailScreen(self.actor, row.contact_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_contact()

    def action_refresh(self) -> None:
        check = getattr(self.app, "check_reminders", None)
        if check is not None:
            check()
        self.load()
        self.load_health()

    @work(thread=True, exclusive=True, exit_on_error=False, group="notifications-test")
    def action_send_test(self) -> None:
        """A test notification on every enabled channel, off the UI thread (a server may be slow)."""
        notifier = getattr(self.app, "notifier", None)
        if notifier is None:
            self.post_message(self.TestSent({}))
            return
        self.post_message(self.TestSent(notifier.send_test()))

    def on_notifications_screen_test_sent(self, event: TestSent) -> None:
        if not event.results:
            self.notify(
                "every notification channel is off: crm settings set notify.inapp on", severity="warning", markup=False
            )
        for channel, error in event.results.items():
            if error is None:
                self.notify(f"{channel}: test notification sent", title="Test", markup=False)
            else:
                self.notify(f"{channel}: {error}", title="Test", severity="error", markup=False)
        self.load_health()
