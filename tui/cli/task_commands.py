"""`crm tasks add|list|edit|done|undo|delete`: to-dos with a due day, optionally about a contact."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

from .. import clock, contacts, followups, tasks
from ..models import Task
from ..scope import Actor
from .checks import options_named, record_id
from .common import Commands, Context
from .output import emit, emit_json, table

DUE_HELP = "the due day: YYYY-MM-DD or a short form such as tomorrow, +3d, +1w"


def register(commands: Commands) -> None:
    """Add the task commands to the `crm` parser."""
    group = commands.add_parser("tasks", help="to-dos with a due day, optionally about a contact")
    actions = group.add_subparsers(dest="tasks_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a task; prints its id")
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--due", default="", metavar="D", help=DUE_HELP)
    add.add_argument("--contact", metavar="CONTACT", help="the contact it is about (id or exact name)")
    add.add_argument("--notes", default="", metavar="TEXT")
    add.add_argument("--json", action="store_true", help="print the task as JSON")
    add.set_defaults(run=run_add)

    listing = actions.add_parser("list", help="open tasks by due day (with --all, the done ones too)")
    listing.add_argument("--all", action="store_true", help="done tasks too, after the open ones")
    listing.add_argument("--contact", metavar="CONTACT", help="only tasks about this contact")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)

    edit = actions.add_parser(
        "edit",
        help="change the fields given, keep the others",
        description="Change only the fields given; an empty value clears a field.",
    )
    edit.add_argument("id", type=record_id, metavar="ID")
    edit.add_argument("--title", metavar="TITLE")
    edit.add_argument("--due", metavar="D", help=DUE_HELP)
    edit.add_argument("--contact", metavar="CONTACT", help="the contact it is about (empty: none)")
    edit.add_argument("--notes", metavar="TEXT")
    edit.add_argument("--json", action="store_true", help="print the task as JSON")
    edit.set_defaults(run=run_edit)

    for name, run, help_text in (
        ("done", run_done, "mark a task done"),
        ("undo", run_undo, "open a done task again"),
        ("delete", run_delete, "delete a task"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("id", type=record_id, metavar="ID")
        action.set_defaults(run=run)


def _checked(title: str) -> AbstractContextManager[None]:
    """Domain refusals named by option; `title` is how this command takes the title."""
    return options_named(due="--due", title=title, notes="--notes")


def task_dict(task: Task, contact_name: str | None) -> dict[str, Any]:
    """A task as plain values for JSON output."""
    return {
        "id": task.id,
        "title": task.title,
        "due": task.due_on,
        "notes": task.notes,
        "contact_id": task.contact_id,
        "contact_name": contact_name,
        "deal_id": task.deal_id,
        "done": task.done_at is not None,
        "done_at": clock.iso_utc(task.done_at),
        "created_at": clock.iso_utc(task.created_at),
        "updated_at": clock.iso_utc(task.updated_at),
    }


def _contact_names(actor: Actor, task_list: Iterable[Task]) -> dict[int, str]:
    ids = {task.contact_id for task in task_list if task.contact_id is not None}
    return {contact_id: contacts.get_contact(actor, contact_id).name for contact_id in ids}


def _print_task(actor: Actor, task: Task, as_json: bool, text: str) -> None:
    if as_json:
        emit_json(task_dict(task, _contact_names(actor, [task]).get(task.contact_id)))
    else:
        emit(text)


def _contact_id(actor: Actor, reference: str | None) -> int | None:
    return contacts.find_contact(actor, reference).id if reference and reference.strip() else None


def run_add(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    data = tasks.TaskInput(
        title=args.title, due=args.due, notes=args.notes, contact_id=_contact_id(actor, args.contact)
    )
    with _checked("TITLE"):
        task = tasks.add_task(actor, data)
    _print_task(actor, task, args.json, str(task.id))


def run_edit(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    task = tasks.get_task(actor, args.id)
    data = tasks.TaskInput(
        title=task.title, due=task.due_on or "", notes=task.notes, contact_id=task.contact_id, deal_id=task.deal_id
    )
    for name in ("title", "due", "notes"):
        if getattr(args, name) is not None:
            setattr(data, name, getattr(args, name))
    if args.contact is not None:
        data.contact_id = _contact_id(actor, args.contact)
    with _checked("--title"):
        task = tasks.edit_task(actor, task.id, data)
    _print_task(actor, task, args.json, f"updated task {task.id} ({task.title})")


def state(task: Task, today: date) -> str:
    """done, overdue or open."""
    if task.done_at is not None:
        return "done"
    return "overdue" if task.due_on and task.due_on < today.isoformat() else "open"


def run_list(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    task_list = tasks.list_tasks(actor, open_only=not args.all, contact_id=_contact_id(actor, args.contact))
    names = _contact_names(actor, task_list)
    if args.json:
        emit_json([task_dict(task, names.get(task.contact_id)) for task in task_list])
    elif not task_list:
        emit("no tasks" if args.all else "no open tasks")
    else:
        today = followups.today(actor)
        emit(
            table(
                ("ID", "DUE", "STATE", "TITLE", "CONTACT"),
                [
                    (task.id, task.due_on, state(task, today), task.title, names.get(task.contact_id))
                    for task in task_list
                ],
            )
        )


def run_done(ctx: Context, args: argparse.Namespace) -> None:
    task = tasks.set_done(ctx.user(), args.id, done=True)
    emit(f"done: task {task.id} ({task.title}); `crm tasks undo {task.id}` opens it again")


def run_undo(ctx: Context, args: argparse.Namespace) -> None:
    task = tasks.set_done(ctx.user(), args.id, done=False)
    emit(f"open again: task {task.id} ({task.title})")


def run_delete(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    task = tasks.get_task(actor, args.id)
    tasks.delete_task(actor, task.id)
    emit(f"deleted task {task.id} ({task.title})")
