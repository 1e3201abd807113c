"""`crm products add|list|edit|activate|deactivate|delete`: what you sell, at most three active at a time."""

from __future__ import annotations

import argparse
from contextlib import AbstractContextManager

from .. import products
from ..errors import CrmError, ValidationError
from ..models import Product
from . import prompts
from .checks import options_named, record_id
from .common import Commands, Context
from .output import emit, emit_json, table


def register(commands: Commands) -> None:
    """Add the product commands to the `crm` parser."""
    group = commands.add_parser("products", help=f"what you sell (at most {products.MAX_ACTIVE} active at a time)")
    actions = group.add_subparsers(dest="products_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a product; prints its id")
    add.add_argument("--name", required=True, metavar="N", help="the product's name")
    add.add_argument("--description", default="", metavar="TEXT")
    add.add_argument(
        "--inactive",
        action="store_true",
        help=f"add it inactive (it does not count towards the {products.MAX_ACTIVE} active products)",
    )
    add.add_argument("--json", action="store_true", help="print the product as JSON")
    add.set_defaults(run=run_add)

    listing = actions.add_parser("list", help="every product, the active ones first")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)

    edit = actions.add_parser(
        "edit",
        help="rename a product or change its description",
        description="Change only the fields given; an empty description clears it.",
    )
    edit.add_argument("id", type=record_id, metavar="ID")
    edit.add_argument("--name", metavar="N")
    edit.add_argument("--description", metavar="TEXT")
    edit.add_argument("--json", action="store_true", help="print the product as JSON")
    edit.set_defaults(run=run_edit)

    for name, run, help_text in (
        ("activate", run_activate, f"make a product active (at most {products.MAX_ACTIVE})"),
        ("deactivate", run_deactivate, "make a product inactive; its deals stay"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("id", type=record_id, metavar="ID")
        action.set_defaults(run=run)

    delete = actions.add_parser("delete", help="delete a product; its deals stay, with no product")
    delete.add_argument("id", type=record_id, metavar="ID")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(run=run_delete)


def _checked() -> AbstractContextManager[None]:
    return options_named(name="--name", description="--description")


def _print_product(product: Product, as_json: bool, text: str) -> None:
    if as_json:
        emit_json(products.product_dict(product))
    else:
        emit(text)


def run_add(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    try:
        with _checked():
            product = products.add_product(actor, args.name, args.description, active=not args.inactive)
    except ValidationError as problem:
        if problem.field != "is_active":
            raise
        raise CrmError(f"{problem.message} (`crm products deactivate ID`), or add this one with --inactive") from None
    _print_product(product, args.json, str(product.id))


def run_list(ctx: Context, args: argparse.Namespace) -> None:
    found = products.list_products(ctx.user())
    if args.json:
        emit_json([products.product_dict(product) for product in found])
    elif not found:
        emit("no products: add one with `crm products add --name N`")
    else:
        emit(
            table(
                ("ID", "NAME", "ACTIVE", "DESCRIPTION"),
                [
                    (product.id, product.name, "yes" if product.is_active else "no", product.description)
                    for product in found
                ],
            )
        )


def run_edit(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    product = products.get_product(actor, args.id)
    name = product.name if args.name is None else args.name
    description = product.description if args.description is None else args.description
    with _checked():
        product = products.edit_product(actor, product.id, name, description)
    _print_product(product, args.json, f"updated product {product.id} ({product.name})")


def _set_active(ctx: Context, product_id: int, active: bool) -> Product:
    actor = ctx.user()
    try:
        return products.set_active(actor, product_id, active)
    except ValidationError as problem:
        if problem.field != "is_active":
            raise
        raise CrmError(f"{problem.message} (`crm products deactivate ID`)") from None


def run_activate(ctx: Context, args: argparse.Namespace) -> None:
    product = _set_active(ctx, args.id, True)
    emit(f"active: product {product.id} ({product.name})")


def run_deactivate(ctx: Context, args: argparse.Namespace) -> None:
    product = _set_active(ctx, args.id, False)
    emit(f"inactive: product {product.id} ({product.name}); `crm products activate {product.id}` makes it active again")


def run_delete(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    product = products.get_product(actor, args.id)
    question = f"Delete the product {product.name} (id {product.id})? Its deals stay, with no product."
    if not args.yes and not prompts.confirm(question, "add --yes to delete without asking"):
        raise CrmError("not deleted: the answer was not yes")
    count = products.delete_product(actor, product.id)
    kept = "no deal had it" if count == 0 else f"{count} deal{' keeps' if count == 1 else 's keep'} no product"
    emit(f"deleted product {product.id} ({product.name}); {kept}")
