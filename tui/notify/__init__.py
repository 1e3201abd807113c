"""Delivering reminders: desktop notifications, terminal escapes, e-mail and the in-app notification center.

`Notifier(actor)` reads the user's settings, builds the enabled channels and gives the
reminder engine its `deliver` function (`reminders.tick(actor, notifier.deliver,
notifier.channels)`), or runs a whole tick itself with `notifier.tick()`, which also
folds more than SUMMARY_OVER due reminders into one summary per channel. No channel
ever raises: each answers None (delivered) or a sentence saying why not, and the
Notifier keeps the last error of each for the notification center's status line.

The app gives it two hooks: `on_toast(title, body, reminders)` shows a toast, and
`on_action(action, reminders)` is called when the user clicks a desktop notification
("open") or one of its buttons ("done", "snooze"). Both run on threads of their own,
never on the app's message loop: hand the work over with `App.call_from_thread`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from .. import clock, reminders
from ..models import Reminder
from ..reminders import DeliveryResult, DueReminder, TickReport
from ..scope import Actor
from ..settings import read_settings
from .desktop import PROBE_TIMEOUT_S, SEND_TIMEOUT_S, Actions, DesktopChannel, probe_server, quiet_notifier_logs
from .mail import SMTP_TIMEOUT_S, EmailChannel, smtp_password
from .messages import TEST_MESSAGE, Message, reminder_message, summary_message
from .terminal import TerminalChannel, controlling_terminal, terminal_sequence

__all__ = [
    "CHANNELS",
    "ChannelHealth",
    "Notifier",
    "TickResults",
    "controlling_terminal",
    "probe_server",
    "quiet_notifier_logs",
    "send_test",
    "smtp_password",
    "terminal_sequence",
]

CHANNELS = ("desktop", "terminal", "email", "inapp")
"""Every channel, in the order they are tried and shown."""
SUMMARY_OVER = 3
"""More due reminders than this in one tick make one summary notification per channel."""
ACTIONS = ("open", "done", "snooze")

ActionHandler = Callable[[str, tuple[DueReminder, ...]], None]
"""Called with "open", "done" or "snooze" and the reminders the notification was about."""
ToastHook = Callable[[str, str, tuple[DueReminder, ...]], None]
"""Shows an in-app toast: title, body, and the reminders it is about (none for a test)."""


@dataclass(frozen=True)
class ChannelHealth:
    """One channel's state for the notification center's status line."""

    channel: str
    enabled: bool
    available: bool
    detail: str
    """What it uses when available, else why it is not."""
    last_error: str | None = None
    last_error_at: datetime | None = None

    def describe(self) -> str:
        """A short phrase: "desktop: off", "email: unavailable (smtp.host is not set)", ..."""
        if not self.enabled:
            return f"{self.channel}: off"
        if not self.available:
            return f"{self.channel}: unavailable ({self.detail})"
        if self.last_error:
            return f"{self.channel}: failing ({self.last_error})"
        return f"{self.channel}: ok"


@dataclass(frozen=True)
class TickResults:
    """What one `Notifier.tick` did: the engine's report and each reminder's per-channel results."""

    report: TickReport
    results: dict[int, DeliveryResult]


@dataclass
class _Batch:
    """The reminders of one tick that a summary stands for, and each channel's answer for it."""

    due: list[DueReminder]
    message: Message
    claimant: str | None = None
    """Set until the batch is checked against other processes' claims."""
    answers: dict[str, str | None] = field(default_factory=dict)

    @property
    def ids(self) -> set[int]:
        return {reminder.id for reminder in self.due}


class Notifier:
    """The enabled channels of one user, ready to deliver reminders; `close()` when done."""

    def __init__(
        self,
        actor: Actor,
        settings: dict[str, Any] | None = None,
        *,
        terminal_output: IO[Any] | None = None,
        on_action: ActionHandler | None = None,
        on_toast: ToastHook | None = None,
        log_path: str | None = None,
        app_name: str = "crm",
        send_timeout: float = SEND_TIMEOUT_S,
        probe_timeout: float = PROBE_TIMEOUT_S,
        smtp_timeout: float = SMTP_TIMEOUT_S,
    ) -> None:
        quiet_notifier_logs(log_path)
        self.actor = actor
        self.settings = dict(settings if settings is not None else read_settings(actor))
        self.on_action = on_action
        self.on_toast = on_toast
        self.desktop = DesktopChannel(app_name, send_timeout, probe_timeout)
        terminal_kind = self.settings["notify.terminal"]
        self.terminal = TerminalChannel(terminal_kind if terminal_kind != "off" else "osc9", terminal_output)
        self.email = EmailChannel(self.settings, actor.email, smtp_timeout)
        self.enabled = {
            "desktop": bool(self.settings["notify.desktop"]),
            "terminal": terminal_kind != "off",
            "email": bool(self.settings["notify.email"]),
            "inapp": bool(self.settings["notify.inapp"]),
        }
        self._errors: dict[str, tuple[str, datetime]] = {}
        self._batch: _Batch | None = None
        self._lock = threading.Lock()

    @property
    def channels(self) -> tuple[str, ...]:
        """The enabled channels, for `reminders.tick`."""
        return tuple(channel for channel in CHANNELS if self.enabled[channel])

    # -- delivering -------------------------------------------------------------------------------------------------

    def deliver(self, reminder: DueReminder, channels: tuple[str, ...]) -> DeliveryResult:
        """Deliver one reminder on `channels`: per channel None when delivered, else the error."""
        return {channel: self._deliver_on(channel, reminder) for channel in channels}

    def _deliver_on(self, channel: str, reminder: DueReminder) -> str | None:
        if not self.enabled.get(channel):
            return f"{channel} notifications are off"
        if channel == "desktop" and self.desktop.shown_late((reminder.id, reminder.round)):
            return self._note(channel, None)  # a server that was stuck showed it after all: not again
        batch = self._settled_batch()
        if batch is not None and reminder.id in batch.ids:
            if channel not in batch.answers:
                batch.answers[channel] = self._send(channel, batch.message, tuple(batch.due))
            return batch.answers[channel]
        return self._send(channel, reminder_message(reminder, self.actor.tz), (reminder,))

    def _settled_batch(self) -> _Batch | None:
        batch = self._batch
        if batch is None or batch.claimant is None:
            return batch
        # Once, at the first delivery: leave out what another crm has claimed meanwhile, so two copies
        # ticking together do not both announce the same reminders.
        others = {
            row.id
            for row in Reminder.select(Reminder.id).where(
                Reminder.id.in_(sorted(batch.ids))
                & Reminder.claimed_by.is_null(False)
                & (Reminder.claimed_by != batch.claimant)
            )
        }
        mine = [reminder for reminder in batch.due if reminder.id not in others]
        if len(mine) <= SUMMARY_OVER:
            self._batch = None
            return None
        self._batch = _Batch(mine, summary_message(mine, self.actor.tz))
        return self._batch

    def _send(self, channel: str, message: Message, about: tuple[DueReminder, ...]) -> str | None:
        if channel == "desktop":
            keys = tuple((reminder.id, reminder.round) for reminder in about)
            answer = self.desktop.send(message, keys, self._actions(about))
        elif channel == "terminal":
            answer = self.terminal.send(message)
        elif channel == "email":
            answer = self.email.send(message)
        elif channel == "inapp":
            answer = self._toast(message, about)
        else:
            answer = f"unknown channel {channel!r}"
        return self._note(channel, answer)

    def _toast(self, message: Message, about: tuple[DueReminder, ...]) -> str | None:
        # Delivered in-app means recorded for the notification center (the engine's delivery row);
        # the toast is shown when the app is running and has set the hook.
        if self.on_toast is None:
            return None
        try:
            self.on_toast(message.title, message.body, about)
        except Exception as problem:  # noqa: BLE001 - the app's hook must not stop the other channels
            return f"the toast failed: {type(problem).__name__}: {problem}"
        return None

    def _actions(self, about: tuple[DueReminder, ...]) -> Actions | None:
        handler = self.on_action
        if handler is None or not about:
            return None  # nobody is listening (crm remind --once): buttons would do nothing

        def fire(action: str) -> Callable[[], None]:
            def run() -> None:
                try:
                    handler(action, about)
                except Exception as problem:  # noqa: BLE001 - a failing handler must not kill the loop thread
                    self._note("desktop", f"the {action} action failed: {type(problem).__name__}: {problem}")

            return run

        if len(about) > 1:  # a summary: the click opens the notification center, no per-reminder buttons
            return Actions(click=fire("open"))
        return Actions(click=fire("open"), buttons=(("Done", fire("done")), ("Snooze", fire("snooze"))))

    def _note(self, channel: str, answer: str | None) -> str | None:
        with self._lock:
            if answer is None:
                self._errors.pop(channel, None)
            else:
                self._errors[channel] = (answer, clock.utcnow())
        return answer

    def tick(self, claimant: str | None = None, limit: int = 50) -> TickResults:
        """Deliver every due reminder once on the enabled channels; several at once as one summary.

        With every channel off nothing is delivered: the reminders stay open in the
        notification center rather than being marked sent unseen.
        """
        results: dict[int, DeliveryResult] = {}
        if not self.channels:
            return TickResults(TickReport(reminders.plan(self.actor), [], [], 0), results)

        def deliver(reminder: DueReminder, channels: tuple[str, ...]) -> DeliveryResult:
            results[reminder.id] = self.deliver(reminder, channels)
            return results[reminder.id]

        claimant = claimant or reminders.process_label()
        due = reminders.due(self.actor, limit=limit)
        self._batch = _Batch(due, summary_message(due, self.actor.tz), claimant) if len(due) > SUMMARY_OVER else None
        try:
            report = reminders.tick(self.actor, deliver, self.channels, claimant, limit)
        finally:
            self._batch = None
        return TickResults(report, results)

    def send_test(self) -> dict[str, str | None]:
        """A test notification on every enabled channel; per channel None when it went out, else why not."""
        return {channel: self._send(channel, TEST_MESSAGE, ()) for channel in self.channels}

    # -- health --------------------------------------------------------------------------------------------------------

    def health(self) -> dict[str, ChannelHealth]:
        """Each channel: on or off, available or why not, and its last error.

        The first call may ask the D-Bus session whether a server is there (at most
        about 2 s, once per process): call it from a worker, not the UI thread.
        """
        checks = {
            "desktop": self.desktop.availability if self.enabled["desktop"] else None,
            "terminal": self.terminal.availability,
            "email": self.email.availability,
            "inapp": lambda: (
                True,
                "toasts and the notification center"
                if self.on_toast
                else "the notification center (toasts while crm runs)",
            ),
        }
        health = {}
        for channel in CHANNELS:
            check = checks[channel]
            available, detail = check() if check is not None and self.enabled[channel] else (False, "off")
            error = self._errors.get(channel)
            health[channel] = ChannelHealth(
                channel,
                self.enabled[channel],
                available,
                detail,
                error[0] if error else None,
                error[1] if error else None,
            )
        return health

    def status_line(self) -> str:
        """Every channel's state in one line, for the notification center."""
        return " · ".join(item.describe() for item in self.health().values())

    def close(self) -> None:
        """Stop the desktop channel's thread. Terminal streams belong to the caller and stay open."""
        self.desktop.close()

    def __enter__(self) -> Notifier:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def send_test(actor: Actor, settings: dict[str, Any] | None = None, **options: Any) -> dict[str, str | None]:
    """Send a test notification on each of `actor`'s enabled channels with the current settings."""
    with Notifier(actor, settings, **options) as notifier:
        return notifier.send_test()
