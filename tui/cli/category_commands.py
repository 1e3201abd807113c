"""`crm categories [list|rename|remove]`: the relationships and industries you added, and tidying them up."""

from __future__ import annotations

import argparse

from .. import categories
from ..contacts import CATEGORY_KINDS
from .common import Commands, Context
from .output import emit, emit_json, table


def register(commands: Commands) -> None:
    """Add the category commands to the `crm` parser."""
    group = commands.add_parser(
        "categories",
        help="your own relationships and industries: list them, rename or remove unused ones",
        description="Relationships and industries are chosen from the existing ones; a new one comes from "
        "`contacts add|edit --new-category`, an import or the demo. One that no contact uses can be renamed or "
        "removed.",
    )
    group.add_argument("--json", action="store_true", help="print JSON")
    group.set_defaults(run=run_list)
    actions = group.add_subparsers(dest="categories_action", metavar="ACTION")

    listing = actions.add_parser("list", help="your own categories and how many contacts use each")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)

    rename = actions.add_parser("rename", help="rename a category no contact uses")
    rename.add_argument("kind", choices=CATEGORY_KINDS, metavar="KIND", help="relationship or industry")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    rename.set_defaults(run=run_rename)

    remove = actions.add_parser("remove", help="remove a category no contact uses")
    remove.add_argument("kind", choices=CATEGORY_KINDS, metavar="KIND", help="relationship or industry")
    remove.add_argument("value", metavar="VALUE")
    remove.set_defaults(run=run_remove)


def run_list(context: Context, args: argparse.Namespace) -> None:
    found = categories.own_categories(context.user())
    if args.json:
        emit_json([{"kind": item.kind, "value": item.value, "contacts": item.contacts} for item in found])
    elif not found:
        emit("no categories of your own: crm contacts add ... --relationship R --new-category adds one")
    else:
        emit(table(["KIND", "CATEGORY", "CONTACTS"], [(item.kind, item.value, item.contacts) for item in found]))


def run_rename(context: Context, args: argparse.Namespace) -> None:
    renamed = categories.rename_category(context.user(), args.kind, args.old, args.new)
    emit(f"renamed the {args.kind} {args.old} to {renamed}")


def run_remove(context: Context, args: argparse.Namespace) -> None:
    categories.remove_category(context.user(), args.kind, args.value)
    emit(f"removed the {args.kind} {args.value}")
