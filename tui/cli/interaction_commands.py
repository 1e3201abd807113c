"""`crm log`, `crm interactions show|edit|delete` and `crm followups [done|reopen|move]`.

Logging is `crm log CONTACT ...`; changing a logged interaction is a separate group
(`crm interactions edit ID`), because `log edit` would read like a contact named "edit".
"""

from __future__ import annotations

import argparse
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime

from .. import clock, contacts, followups, interactions, timeparse
from ..errors import CrmError, NotFound
from ..models import Interaction
from ..scope import Actor, contact_access
from . import prompts
from .checks import options_named, record_id
from .common import Commands, Context
from .output import emit, emit_json, fields, table

INTERACTION_OPTIONS = (
    # (option, InteractionInput field, metavar, help)
    ("--medium", "medium", "M", "one of " + ", ".join(interactions.MEDIUM_LABELS)),
    (
        "--at",
        "when",
        "WHEN",
        "when it happened: ISO 8601 (a naive time is in your time zone) or a short form "
        "such as today, yesterday 18:00, -2d (default: now)",
    ),
    ("--type", "type", "T", "what kind of conversation, e.g. intro, catch-up"),
    ("--notes", "notes", "TEXT", "what was said"),
    ("--outcome", "outcome", "TEXT", "how it ended"),
    (
        "--follow-up",
        "follow_up",
        "WHEN",
        "the day to follow up: YYYY-MM-DD or a short form counted from the interaction, such as +3d, +1w",
    ),
)
OPTION_OF = {field: option for option, field, _, _ in INTERACTION_OPTIONS}


def register(commands: Commands) -> None:
    """Add the interaction and follow-up commands to the `crm` parser."""
    log = commands.add_parser(
        "log",
        help="log an interaction with a contact; prints its id",
        description="Log a call, message or meeting. Change one later with `crm interactions edit ID`.",
    )
    log.add_argument("contact", metavar="CONTACT", help="id or exact name")
    _interaction_options(log, medium_required=True)
    log.set_defaults(run=run_log)

    group = commands.add_parser("interactions", help="show, change or delete a logged interaction")
    actions = group.add_subparsers(dest="interactions_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="every field of one interaction")
    show.add_argument("id", type=record_id, metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=run_show)
    edit = actions.add_parser(
        "edit",
        help="change the fields given, keep the others (the old values are audited)",
        description="Change only the fields given; an empty value clears a field.",
    )
    edit.add_argument("id", type=record_id, metavar="ID")
    _interaction_options(edit, medium_required=False)
    edit.set_defaults(run=run_edit)
    delete = actions.add_parser("delete", help="delete an interaction (its values stay in the audit log)")
    delete.add_argument("id", type=record_id, metavar="ID")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(run=run_delete)

    pending = commands.add_parser("followups", help="overdue and upcoming follow-ups; `followups done ID` closes one")
    pending.add_argument("--json", action="store_true", help="print JSON")
    pending.set_defaults(run=run_followups)
    steps = pending.add_subparsers(dest="followups_action", metavar="ACTION")
    for name, run, help_text in (
        ("done", run_done, "close the follow-up of interaction ID"),
        ("reopen", run_reopen, "open a closed follow-up again"),
    ):
        step = steps.add_parser(name, help=help_text)
        step.add_argument("id", type=record_id, metavar="ID", help="the interaction's id")
        step.set_defaults(run=run)
    move = steps.add_parser(
        "move",
        help="move a follow-up to another day",
        description="Move the follow-up of interaction ID to another day (and open it again). "
        "A short form counts from today; write `-- -1d` for a day in the past.",
    )
    move.add_argument("id", type=record_id, metavar="ID", help="the interaction's id")
    move.add_argument("when", metavar="WHEN", help="YYYY-MM-DD or a short form such as tomorrow, +3d, +1w")
    move.set_defaults(run=run_move)


def _interaction_options(parser: argparse.ArgumentParser, medium_required: bool) -> None:
    for option, field, metavar, help_text in INTERACTION_OPTIONS:
        parser.add_argument(
            option, dest=field, metavar=metavar, help=help_text, required=medium_required and field == "medium"
        )
    parser.add_argument("--json", action="store_true", help="print the interaction as JSON")


def _given(args: argparse.Namespace) -> dict[str, str]:
    return {field: getattr(args, field) for field in OPTION_OF if getattr(args, field) is not None}


def _checked() -> AbstractContextManager[None]:
    """Domain refusals of the interaction's fields, named by their option."""
    return options_named(**OPTION_OF)


def _print_interaction(interaction: Interaction, as_json: bool, text: str) -> None:
    if as_json:
        emit_json(interactions.interaction_dict(interaction))
    else:
        emit(text)


def _loggable_contact_id(actor: Actor, reference: str) -> int:
    """The contact `crm log` names: one of yours by id or name, or one shared with you by its id."""
    try:
        return contacts.find_contact(actor, reference).id
    except NotFound:
        text = reference.strip()
        if text.isascii() and text.isdigit() and contact_access(actor, int(text)) is not None:
            return int(text)  # log_interaction says whether the share lets you add notes
        raise


def run_log(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    contact_id = _loggable_contact_id(actor, args.contact)
    with _checked():
        interaction = interactions.log_interaction(actor, contact_id, interactions.InteractionInput(**_given(args)))
    _print_interaction(interaction, args.json, str(interaction.id))


def _input_from(interaction: Interaction) -> interactions.InteractionInput:
    """The stored values of an interaction as typed input, to change some of them."""
    return interactions.InteractionInput(
        medium=interaction.medium,
        when=interaction.occurred_at.replace(tzinfo=UTC).isoformat(),
        type=interaction.type,
        notes=interaction.notes,
        outcome=interaction.outcome,
        follow_up=interaction.follow_up_on or "",
    )


def run_edit(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    data = _input_from(interactions.get_interaction(actor, args.id))
    for field, value in _given(args).items():
        setattr(data, field, value)
    with _checked():
        interaction = interactions.edit_interaction(actor, args.id, data)
    _print_interaction(interaction, args.json, f"updated interaction {interaction.id}")


def local_moment(actor: Actor, moment: datetime) -> str:
    """A stored moment in the user's time zone, to the minute."""
    return clock.local(moment, actor.tz).strftime("%Y-%m-%d %H:%M %Z")


def run_show(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    interaction = interactions.get_interaction(actor, args.id)
    if args.json:
        emit_json(interactions.interaction_dict(interaction))
        return
    contact = contacts.get_contact(actor, interaction.contact_id)
    emit(
        fields(
            [
                ("id", interaction.id),
                ("contact", f"{contact.name} (id {contact.id})"),
                ("at", local_moment(actor, interaction.occurred_at)),
                ("medium", interactions.MEDIUM_LABELS[interaction.medium]),
                ("type", interaction.type),
                ("notes", interaction.notes),
                ("outcome", interaction.outcome),
                ("follow up", interaction.follow_up_on),
                ("updated at", local_moment(actor, interaction.updated_at)),
            ]
        )
    )


def run_delete(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    interaction = interactions.get_interaction(actor, args.id)
    contact = contacts.get_contact(actor, interaction.contact_id)
    label = interactions.MEDIUM_LABELS[interaction.medium]
    question = f"Delete the {label} with {contact.name} of {local_moment(actor, interaction.occurred_at)}?"
    if not args.yes and not prompts.confirm(question, "add --yes to delete without asking"):
        raise CrmError("not deleted: the answer was not yes")
    interactions.delete_interaction(actor, interaction.id)
    emit(f"deleted interaction {interaction.id} ({label} with {contact.name}); its values stay in the audit log")


# --- follow-ups -----------------------------------------------------------------------------------


def when_due(due: date, today: date) -> str:
    """How far a follow-up's day is from today, in words."""
    days = (due - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "1 day overdue"
    return f"{-days} days overdue" if days < 0 else f"in {days} days"


def first_line(text: str, width: int = 60) -> str:
    """The first line of `text`, cut to `width` characters with an ellipsis."""
    line = (text or "").strip().split("\n", 1)[0].strip()
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def run_followups(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    rows = followups.pending(actor)
    if args.json:
        emit_json(
            [
                {
                    "interaction_id": row.interaction_id,
                    "contact_id": row.contact_id,
                    "contact_name": row.contact_name,
                    "due": row.due_on.isoformat(),
                    "medium": row.medium,
                    "notes": row.notes,
                    "overdue": row.overdue,
                }
                for row in rows
            ]
        )
    elif not rows:
        emit("no follow-ups")
    else:
        today = followups.today(actor)
        emit(
            table(
                ("ID", "DUE", "WHEN", "CONTACT", "MEDIUM", "NOTES"),
                [
                    (
                        row.interaction_id,
                        row.due_on.isoformat(),
                        when_due(row.due_on, today),
                        row.contact_name,
                        interactions.MEDIUM_LABELS[row.medium],
                        first_line(row.notes),
                    )
                    for row in rows
                ],
            )
        )


def _with_follow_up(actor: Actor, interaction_id: int) -> Interaction:
    interaction = interactions.get_interaction(actor, interaction_id)
    if not interaction.follow_up_on:
        raise CrmError(
            f"interaction {interaction_id} has no follow-up: "
            f"give it one with `crm followups move {interaction_id} WHEN`"
        )
    return interaction


def run_done(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    _with_follow_up(actor, args.id)
    followups.mark_done(actor, args.id)
    emit(f"follow-up of interaction {args.id} done; `crm followups reopen {args.id}` opens it again")


def run_reopen(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    interaction = _with_follow_up(actor, args.id)
    followups.reopen(actor, args.id)
    emit(f"follow-up of interaction {args.id} open again, due {interaction.follow_up_on}")


def run_move(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    interaction = interactions.get_interaction(actor, args.id)
    with options_named(follow_up="WHEN"):
        day = timeparse.parse_day(args.when, actor.tz, clock.now(), "follow_up")
    # The domain's reschedule does not check this, but logging and editing refuse it.
    happened = clock.local(interaction.occurred_at, actor.tz).date()
    if day < happened:
        raise CrmError(f"WHEN: {day.isoformat()} is before the interaction itself ({happened.isoformat()})")
    day = followups.reschedule(actor, interaction.id, day.isoformat())
    emit(f"follow-up of interaction {args.id} moved to {day.isoformat()}")
