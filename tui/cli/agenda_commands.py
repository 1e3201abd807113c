"""`crm today`, `crm suggest` and `crm suggestion initiated|done`: the day's agenda and the daily suggestion.

`crm today` plans the due reminders (it sends none) and picks today's suggestion if
it was not picked yet; `crm suggestion` moves the most recent suggestion forward
(sent -> initiated -> done), never back.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from datetime import date
from typing import Any

from .. import agenda, clock, contacts, suggestions
from ..followups import FollowUp
from ..models import Task
from ..reminders import reminder_dict
from ..scope import Actor
from .common import Commands, Context
from .interaction_commands import first_line, when_due
from .output import emit, emit_json, table
from .task_commands import task_dict

SUGGESTION_STEPS = (
    ("initiated", "you reached out to today's (most recent) suggestion"),
    ("done", "they answered: the conversation happened"),
)
NOBODY = (
    "nobody to suggest today: every active contact was suggested in the last "
    f"{suggestions.REST_DAYS} days, or there is none (add one with `crm contacts add`)"
)


def register(commands: Commands) -> None:
    """Add the agenda and suggestion commands to the `crm` parser."""
    today = commands.add_parser(
        "today",
        help="the agenda: due reminders, today's suggestion, follow-ups, birthdays this week, tasks due",
        description="The day's agenda: due reminders (nothing is sent), today's "
        "suggestion (picked now if not yet), follow-ups, birthdays and "
        "anniversaries of the next 7 days, open tasks due today or "
        "overdue, and on Fridays the weekend list.",
    )
    today.add_argument("--json", action="store_true", help="print JSON")
    today.set_defaults(run=run_today)

    suggest = commands.add_parser(
        "suggest",
        help="today's contact to get in touch with (and on Fridays the weekend list)",
        description="Today's suggestion, picked and stored on the first ask of the "
        "day, with its status and your statistics; on Fridays also the "
        "weekend list (which does not count in the statistics).",
    )
    suggest.add_argument("--json", action="store_true", help="print JSON")
    suggest.set_defaults(run=run_suggest)

    group = commands.add_parser("suggestion", help="move the most recent suggestion forward: initiated, then done")
    steps = group.add_subparsers(dest="suggestion_action", metavar="STATUS", required=True)
    for status, help_text in SUGGESTION_STEPS:
        step = steps.add_parser(
            status,
            help=help_text,
            description=f"Mark the most recent suggestion {status}; a suggestion only "
            "moves forward (sent -> initiated -> done).",
        )
        step.add_argument("--json", action="store_true", help="print the suggestion as JSON")
        step.set_defaults(run=run_advance, status=status)


# -- JSON shapes -----------------------------------------------------------------------------------------------


def suggestion_dict(suggestion: suggestions.TodaysSuggestion | None) -> dict[str, Any] | None:
    """Today's suggestion as JSON, or None."""
    if suggestion is None:
        return None
    return {
        "id": suggestion.id,
        "contact_id": suggestion.contact_id,
        "contact_name": suggestion.contact_name,
        "status": suggestion.status,
        "day": suggestion.day.isoformat(),
    }


def weekend_dicts(weekend: list[suggestions.Candidate]) -> list[dict[str, Any]]:
    """The weekend list as JSON."""
    return [{"contact_id": candidate.contact_id, "name": candidate.name} for candidate in weekend]


def followup_dict(row: FollowUp) -> dict[str, Any]:
    """A pending follow-up as JSON, as `crm followups --json` gives it."""
    return {
        "interaction_id": row.interaction_id,
        "contact_id": row.contact_id,
        "contact_name": row.contact_name,
        "due": row.due_on.isoformat(),
        "medium": row.medium,
        "notes": row.notes,
        "overdue": row.overdue,
    }


def upcoming_dict(item: agenda.UpcomingDate) -> dict[str, Any]:
    """A birthday or anniversary of the coming days as JSON."""
    return {
        "contact_id": item.contact_id,
        "name": item.name,
        "kind": item.kind,
        "date": item.day.isoformat(),
        "years": item.years,
    }


def _task_contact_names(actor: Actor, task_list: Iterable[Task]) -> dict[int, str]:
    ids = {task.contact_id for task in task_list if task.contact_id is not None}
    return {contact_id: contacts.get_contact(actor, contact_id).name for contact_id in ids}


# -- crm today --------------------------------------------------------------------------------------------------


def run_today(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    day_agenda = agenda.agenda(actor)
    names = _task_contact_names(actor, day_agenda.open_tasks)
    if args.json:
        emit_json(
            {
                "date": day_agenda.day.isoformat(),
                "reminders": [reminder_dict(reminder) for reminder in day_agenda.due_reminders],
                "suggestion": suggestion_dict(day_agenda.suggestion),
                "weekend": weekend_dicts(day_agenda.weekend),
                "followups": [followup_dict(row) for row in day_agenda.followups],
                "upcoming": [upcoming_dict(item) for item in day_agenda.upcoming],
                "tasks": [task_dict(task, names.get(task.contact_id)) for task in day_agenda.open_tasks],
            }
        )
        return
    emit("\n\n".join(_today_sections(actor, day_agenda, names)))


def _section(heading: str, body: str) -> str:
    return heading + "\n" + "\n".join("  " + line for line in body.split("\n"))


def _today_sections(actor: Actor, day_agenda: agenda.Agenda, names: dict[int, str]) -> list[str]:
    today = day_agenda.day
    sections = [today.strftime("%A %Y-%m-%d") + f" ({actor.timezone})"]
    due = day_agenda.due_reminders
    sections.append(
        _section(
            "Reminders due",
            table(
                ("ID", "DUE", "KIND", "CONTACT", "TITLE"),
                [
                    (r.id, clock.local(r.due_at, actor.tz).strftime("%Y-%m-%d %H:%M"), r.kind, r.contact_name, r.title)
                    for r in due
                ],
            )
            if due
            else "No reminders due.",
        )
    )
    sections.append(_section("Today's suggestion", _suggestion_line(day_agenda.suggestion)))
    if today.weekday() == suggestions.FRIDAY:
        sections.append(_section("For the weekend", _weekend_text(day_agenda.weekend)))
    rows = day_agenda.followups
    sections.append(
        _section(
            "Follow-ups",
            table(
                ("ID", "DUE", "WHEN", "CONTACT", "NOTES"),
                [
                    (
                        row.interaction_id,
                        row.due_on.isoformat(),
                        when_due(row.due_on, today),
                        row.contact_name,
                        first_line(row.notes),
                    )
                    for row in rows
                ],
            )
            if rows
            else "No follow-ups.",
        )
    )
    coming = day_agenda.upcoming
    sections.append(
        _section(
            "Birthdays and anniversaries this week",
            table(
                ("DAY", "WHEN", "CONTACT", "WHAT"),
                [
                    (item.day.strftime("%a %Y-%m-%d"), _days_away(item.day, today), item.name, _what(item))
                    for item in coming
                ],
            )
            if coming
            else "No birthdays or anniversaries this week.",
        )
    )
    task_list = day_agenda.open_tasks
    sections.append(
        _section(
            "Tasks due",
            table(
                ("ID", "DUE", "WHEN", "TITLE", "CONTACT"),
                [
                    (
                        task.id,
                        task.due_on,
                        when_due(date.fromisoformat(task.due_on), today),
                        task.title,
                        names.get(task.contact_id),
                    )
                    for task in task_list
                ],
            )
            if task_list
            else "No tasks due.",
        )
    )
    return sections


def _days_away(day: date, today: date) -> str:
    days = (day - today).days
    return "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"


def _what(item: agenda.UpcomingDate) -> str:
    if item.years is None:
        return item.kind
    if item.kind == "birthday":
        return f"birthday (turns {item.years})"
    return f"anniversary ({item.years} {'year' if item.years == 1 else 'years'})"


def _suggestion_line(suggestion: suggestions.TodaysSuggestion | None) -> str:
    if suggestion is None:
        return NOBODY[0].upper() + NOBODY[1:] + "."
    line = f"Talk to {suggestion.contact_name} (contact {suggestion.contact_id}): {suggestion.status}"
    following = {"sent": "initiated", "initiated": "done"}.get(suggestion.status)
    return line + (f"; then `crm suggestion {following}`" if following else "")


def _weekend_text(weekend: list[suggestions.Candidate]) -> str:
    if not weekend:
        return "Nobody else to suggest for the weekend."
    return table(("ID", "CONTACT"), [(candidate.contact_id, candidate.name) for candidate in weekend])


# -- crm suggest and crm suggestion -------------------------------------------------------------------------------


def run_suggest(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    suggestion = suggestions.todays(actor, create=True)
    weekend = suggestions.weekend_list(actor)  # after the pick, so it leaves today's contact out
    stats = suggestions.statistics(actor)
    today = suggestions.local_today(actor)
    if args.json:
        emit_json(
            {
                "date": today.isoformat(),
                "suggestion": suggestion_dict(suggestion),
                "weekend": weekend_dicts(weekend),
                "statistics": {
                    "total": stats.total,
                    "done": stats.done,
                    "done_rate": round(stats.done_rate, 4),
                    "streak": stats.streak,
                },
            }
        )
        return
    lines = [_suggestion_line(suggestion)]
    if today.weekday() == suggestions.FRIDAY:
        lines += [
            "",
            "For the weekend (not counted in the statistics):",
            *("  " + line for line in _weekend_text(weekend).split("\n")),
        ]
    streak = f"{stats.streak} {'day' if stats.streak == 1 else 'days'}"
    lines += ["", f"Done {stats.done} of {stats.total} suggestions ({stats.done_rate:.0%}); streak: {streak}"]
    emit("\n".join(lines))


def run_advance(ctx: Context, args: argparse.Namespace) -> None:
    suggestion = suggestions.advance(ctx.user(), args.status)
    if args.json:
        emit_json(suggestion_dict(suggestion))
        return
    hint = "; `crm suggestion done` when they answer" if suggestion.status == "initiated" else ""
    emit(f"{suggestion.status}: talk to {suggestion.contact_name} (suggested {suggestion.day.isoformat()}){hint}")
