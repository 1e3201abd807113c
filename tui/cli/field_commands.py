"""`crm fields add|list|delete`: custom fields that every contact then has."""

from __future__ import annotations

import argparse
from typing import Any

from .. import clock, custom_fields
from ..errors import CrmError
from ..models import CUSTOM_FIELD_KINDS, CustomField
from . import prompts
from .checks import options_named, record_id
from .common import Commands, Context, UsageError
from .output import emit, emit_json, table


def register(commands: Commands) -> None:
    """Add the custom field commands to the `crm` parser."""
    group = commands.add_parser("fields", help="define custom contact fields (set them with contacts add --field)")
    actions = group.add_subparsers(dest="fields_action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add",
        help="define a custom field; prints its id",
        description="Define a field every contact then has; set it with "
        "`crm contacts edit CONTACT --field NAME=VALUE`.",
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--kind", required=True, choices=CUSTOM_FIELD_KINDS)
    add.add_argument(
        "--choice",
        dest="choices",
        action="append",
        default=[],
        metavar="C",
        help="one of the values a choice field offers (repeat for more)",
    )
    add.add_argument("--json", action="store_true", help="print the field as JSON")
    add.set_defaults(run=run_add, parser=add)

    listing = actions.add_parser("list", help="the custom fields, in the order they were defined")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)

    delete = actions.add_parser("delete", help="delete a custom field and its value on every contact")
    delete.add_argument("id", type=record_id, metavar="ID")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(run=run_delete)


def field_dict(field: CustomField) -> dict[str, Any]:
    """A custom field as plain values for JSON output."""
    return {
        "id": field.id,
        "name": field.name,
        "kind": field.kind,
        "choices": list(field.choices),
        "created_at": clock.iso_utc(field.created_at),
    }


def run_add(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    if args.choices and args.kind != "choice":
        raise UsageError(f"--choice is only for --kind choice, not --kind {args.kind}")
    with options_named(name="NAME", choices="--choice"):
        field = custom_fields.define_field(actor, args.name, args.kind, args.choices)
    if args.json:
        emit_json(field_dict(field))
    else:
        emit(str(field.id))


def run_list(ctx: Context, args: argparse.Namespace) -> None:
    defined = custom_fields.list_fields(ctx.user())
    if args.json:
        emit_json([field_dict(field) for field in defined])
    elif not defined:
        emit("no custom fields: add one with `crm fields add NAME --kind text`")
    else:
        emit(
            table(
                ("ID", "NAME", "KIND", "CHOICES"),
                [(field.id, field.name, field.kind, list(field.choices)) for field in defined],
            )
        )


def run_delete(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    field = next((field for field in custom_fields.list_fields(actor) if field.id == args.id), None)
    if field is None:
        raise CrmError(f"no custom field with id {args.id}")
    question = f"Delete the field {field.name!r} and its value on every contact?"
    if not args.yes and not prompts.confirm(question, "add --yes to delete without asking"):
        raise CrmError("not deleted: the answer was not yes")
    custom_fields.delete_field(actor, field.id)
    emit(f"deleted field {field.id} ({field.name})")
