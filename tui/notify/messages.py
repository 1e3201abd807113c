"""What a notification says: one reminder, or a summary of several, in the user's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

from .. import clock
from ..reminders import DueReminder
from ..terminal_text import block, one_line

KIND_LABELS = {
    "birthday": "Birthday",
    "anniversary": "Anniversary",
    "follow_up": "Follow-up",
    "no_contact": "Time to get in touch",
    "custom": "Reminder",
}
SUMMARY_TITLES = 4
"""How many titles a summary names before it says "and N more"."""


@dataclass(frozen=True)
class Message:
    """One notification as every channel needs it: a title, a short body and an e-mail's full text."""

    title: str
    body: str
    text: str

    def __post_init__(self) -> None:
        # Titles name contacts and other accounts' display names: whatever they hold, a notification shows it on one
        # line with every control character visible, so no channel can be made to obey it (or break a mail header).
        object.__setattr__(self, "title", one_line(self.title))
        object.__setattr__(self, "body", one_line(self.body))
        object.__setattr__(self, "text", block(self.text))

    @property
    def line(self) -> str:
        """Title and body on one line, for channels that show a single line (terminal escapes)."""
        return f"{self.title}: {self.body}" if self.body else self.title


def _due(reminder: DueReminder, tz: tzinfo) -> str:
    return clock.local(reminder.due_at, tz).strftime("%a %d %b, %H:%M")


def reminder_message(reminder: DueReminder, tz: tzinfo) -> Message:
    """The notification for one due reminder."""
    parts = [KIND_LABELS.get(reminder.kind, "Reminder")]
    if reminder.contact_name:
        parts.append(reminder.contact_name)
    parts.append(f"due {_due(reminder, tz)}")
    text = "\n".join(
        [
            reminder.title,
            "",
            f"Contact: {reminder.contact_name or '-'}",
            f"Kind:    {reminder.kind}",
            f"Due:     {clock.local(reminder.due_at, tz).strftime('%A %d %B %Y, %H:%M')} ({tz})",
            "",
            f"Mark it done: crm reminders done {reminder.id}",
            f"Snooze it:    crm reminders snooze {reminder.id} +1d",
        ]
    )
    return Message(reminder.title, " · ".join(parts), text + "\n")


def summary_message(due: list[DueReminder], tz: tzinfo) -> Message:
    """One notification standing for several due reminders, so a busy morning is not a flood."""
    titles = [reminder.title for reminder in due[:SUMMARY_TITLES]]
    if len(due) > SUMMARY_TITLES:
        titles.append(f"and {len(due) - SUMMARY_TITLES} more")
    lines = [f"{len(due)} reminders are due:", ""]
    lines += [f"  #{reminder.id:<6} {_due(reminder, tz)}  {reminder.title}" for reminder in due]
    lines += ["", "See them all: crm reminders", "Mark one done: crm reminders done ID"]
    return Message(f"{len(due)} reminders due", ", ".join(titles), "\n".join(lines) + "\n")


TEST_MESSAGE = Message(
    "crm test notification",
    "If you can read this, crm reminders reach you here.",
    "This is a test message from crm.\n\nIf you can read this, reminder e-mails reach you.\n",
)
"""What `send_test` sends on every channel."""
