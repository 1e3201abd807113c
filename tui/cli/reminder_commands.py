"""`crm reminders [done|dismiss|snooze]` and `crm remind --once|add`: due reminders, delivered or handled.

`crm reminders` only looks (nothing is sent); `crm remind --once` delivers what is
due through the enabled channels, once each, for cron or a systemd timer.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from .. import clock, contacts, notify, reminders, timeparse
from ..scope import Actor
from ..settings import read_settings
from .checks import options_named, record_id
from .common import Commands, Context, UsageError
from .output import emit, emit_json, table

WHEN_HELP = "ISO 8601 (a naive time is in your time zone) or a short form such as +1h, tomorrow 09:00, +3d"


def register(commands: Commands) -> None:
    """Add the reminder commands to the `crm` parser."""
    listing = commands.add_parser(
        "reminders",
        help="the reminders due now (or --at a moment); nothing is sent",
        description="List the reminders due at a moment without sending any; "
        "`reminders done|dismiss|snooze ID` handles one.",
    )
    listing.add_argument("--at", metavar="WHEN", help="due at this moment instead of now: " + WHEN_HELP)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)
    steps = listing.add_subparsers(dest="reminders_action", metavar="ACTION")
    for name, run, help_text in (
        ("done", run_done, "mark a reminder done"),
        ("dismiss", run_dismiss, "dismiss a reminder you do not want"),
    ):
        step = steps.add_parser(name, help=help_text)
        step.add_argument("id", type=record_id, metavar="ID")
        step.set_defaults(run=run)
    snooze = steps.add_parser(
        "snooze", help="remind again later", description="Remind again at WHEN: " + WHEN_HELP + "."
    )
    snooze.add_argument("id", type=record_id, metavar="ID")
    snooze.add_argument("when", metavar="WHEN", help=WHEN_HELP)
    snooze.set_defaults(run=run_snooze)

    remind = commands.add_parser(
        "remind",
        help="deliver the due reminders now (--once), or add one",
        description="`crm remind --once` delivers the due reminders through the enabled "
        "channels, each once, and exits (for cron or a systemd timer); "
        "`crm remind add` sets a reminder of your own.",
    )
    remind.add_argument("--once", action="store_true", help="deliver what is due now, then exit")
    remind.add_argument("--json", action="store_true", help="print what was delivered as JSON")
    remind.set_defaults(run=run_once)
    remind_steps = remind.add_subparsers(dest="remind_action", metavar="ACTION")
    add = remind_steps.add_parser(
        "add",
        help="a reminder of your own at a moment; prints its id",
        description="Remind me at WHEN of TITLE, about CONTACT (an id or exact name; `-` for none).",
    )
    add.add_argument("contact", metavar="CONTACT", help="id or exact name; - for no contact")
    add.add_argument("when", metavar="WHEN", help=WHEN_HELP)
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--json", action="store_true", help="print the reminder as JSON")
    add.set_defaults(run=run_add)


def _local(actor: Actor, moment: datetime) -> str:
    return clock.local(moment, actor.tz).strftime("%Y-%m-%d %H:%M")


def run_list(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    at = None
    if args.at:
        with options_named(at="--at"):
            at = timeparse.parse_moment(args.at, actor.tz, clock.now(), "at")
    due = reminders.due(actor, at)
    if args.json:
        emit_json([reminders.reminder_dict(reminder) for reminder in due])
    elif not due:
        emit("no reminders due")
    else:
        emit(
            table(
                ("ID", "DUE", "KIND", "CONTACT", "TITLE", "STATUS"),
                [(r.id, _local(actor, r.due_at), r.kind, r.contact_name, r.title, r.status) for r in due],
            )
        )


def _described(actor: Actor, reminder_id: int) -> str:
    reminder = reminders.get_reminder(actor, reminder_id)
    return f"reminder {reminder.id} ({reminder.title})"


def run_done(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    name = _described(actor, args.id)
    reminders.mark_done(actor, args.id)
    emit(f"done: {name}")


def run_dismiss(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    name = _described(actor, args.id)
    reminders.dismiss(actor, args.id)
    emit(f"dismissed: {name}")


def run_snooze(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    name = _described(actor, args.id)
    with options_named(until="WHEN"):
        until = reminders.snooze(actor, args.id, args.when)
    emit(f"snoozed: {name} until {_local(actor, until)} ({actor.timezone})")


def run_add(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    contact = None if args.contact.strip() in ("-", "") else contacts.find_contact(actor, args.contact)
    with options_named(when="WHEN", title="TITLE"):
        reminder = reminders.add_custom(actor, contact.id if contact else None, args.when, args.title)
    if args.json:
        emit_json(reminders.reminder_dict(reminder, contact.name if contact else ""))
    else:
        emit(str(reminder.id))


def run_once(ctx: Context, args: argparse.Namespace) -> None:
    if not args.once:
        raise UsageError("say `crm remind --once` to deliver the due reminders now, or `crm remind add` to add one")
    actor = ctx.user()
    settings = read_settings(actor)
    terminal = notify.controlling_terminal() if settings["notify.terminal"] != "off" else None
    try:
        with notify.Notifier(actor, settings, terminal_output=terminal) as notifier:
            outcome = notifier.tick()
            channels = notifier.channels
    finally:
        if terminal is not None and terminal.name == "/dev/tty":
            terminal.close()
    if args.json:
        emit_json(_outcome_dict(outcome))
    else:
        emit(_outcome_text(outcome, channels))


def _failures(outcome: notify.TickResults) -> list[tuple[reminders.DueReminder, str, str]]:
    found = []
    for reminder in outcome.report.delivered + [failed for failed, _ in outcome.report.failed]:
        for channel, error in outcome.results.get(reminder.id, {}).items():
            if error is not None and (reminder, channel, error) not in found:
                found.append((reminder, channel, error))
    return found


def _outcome_dict(outcome: notify.TickResults) -> dict[str, Any]:
    delivered_ids = {reminder.id for reminder in outcome.report.delivered}
    return {
        "delivered": [
            {
                "id": r.id,
                "title": r.title,
                "kind": r.kind,
                "contact_name": r.contact_name,
                "channels": [c for c, e in outcome.results.get(r.id, {}).items() if e is None],
            }
            for r in outcome.report.delivered
        ],
        "failed": [
            {"id": r.id, "title": r.title, "channel": channel, "error": error}
            for r, channel, error in _failures(outcome)
        ],
        "pending": [r.id for r, _ in outcome.report.failed if r.id not in delivered_ids],
        "skipped": outcome.report.skipped,
    }


def _outcome_text(outcome: notify.TickResults, channels: tuple[str, ...]) -> str:
    if not channels:
        return (
            "every notification channel is off, so nothing was delivered: "
            "turn one on with `crm settings set notify.inapp on`"
        )
    report = outcome.report
    lines = []
    for reminder in report.delivered:
        ok = [c for c, e in outcome.results.get(reminder.id, {}).items() if e is None]
        lines.append(f"delivered: #{reminder.id} {reminder.title} ({', '.join(ok) or 'already delivered'})")
    for reminder, channel, error in _failures(outcome):
        lines.append(f"failed: #{reminder.id} {channel}: {error}")
    delivered_ids = {reminder.id for reminder in report.delivered}
    pending = [reminder for reminder, _ in report.failed if reminder.id not in delivered_ids]
    if pending:
        lines.append(f"{len(pending)} not delivered on any channel; they stay due and the next run tries again")
    if report.skipped:
        lines.append(f"{report.skipped} left to another crm that is delivering them right now")
    if not lines:
        lines.append("no reminders due")
    return "\n".join(lines)
