"""`crm deals add|list|show|edit|move|archive|restore|delete`: sales to contacts, moving through the stages."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from .. import clock, contacts, deals, lead_score, models
from ..errors import CrmError
from ..models import DEAL_STAGES, Deal, DealStageHistory
from ..scope import Actor
from . import prompts
from .checks import options_named, record_id
from .common import Commands, Context, whole_number
from .output import emit, emit_json, fields, table

T = TypeVar("T")

STAGES_HELP = "one of " + ", ".join(DEAL_STAGES) + " (won and lost also work)"
DEAL_OPTIONS = (
    # (option, DealInput field, metavar, help), in CLI.md's order; --contact and --product are read apart
    ("--title", "title", "T", "what is being sold"),
    ("--contact", "contact", "CONTACT", "the contact it is with: id or exact name"),
    ("--company", "company", "C", "the company it is with (created when new; default: the contact's)"),
    ("--product", "product", "ID", "the product's id (see crm products list)"),
    ("--value", "value", "AMOUNT", "the amount, e.g. 12500 or 12,500.50 (default 0)"),
    ("--currency", "currency", "CODE", "ISO 4217 code such as EUR, USD, GBP (default EUR)"),
    ("--stage", "stage", "S", STAGES_HELP + " (default lead)"),
    ("--source", "source", "SRC", "where the lead came from, e.g. referral, website"),
    ("--assignee", "assignee", "NAME", "who is responsible for it"),
    ("--expected-close", "expected_close", "D", "the day it should close: YYYY-MM-DD or a short form such as +1mo"),
)
TEXT_FIELDS = ("title", "company", "value", "currency", "stage", "source", "assignee", "expected_close")
OPTION_OF = {field: option for option, field, _, _ in DEAL_OPTIONS}


def register(commands: Commands) -> None:
    """Add the deal commands to the `crm` parser."""
    group = commands.add_parser("deals", help="sales to your contacts, from lead to won or lost")
    actions = group.add_subparsers(dest="deals_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a deal; prints its id")
    _deal_options(add, required=True)
    add.set_defaults(run=run_add)

    listing = actions.add_parser("list", help="deals, newest first, with their days in stage and lead score")
    listing.add_argument("--stage", metavar="S", help="only deals in this stage: " + STAGES_HELP)
    listing.add_argument("--all", action="store_true", help="archived deals too")
    listing.add_argument("--limit", type=whole_number(1), default=500, metavar="N", help="at most N (default 500)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)

    show = actions.add_parser("show", help="every field of one deal, its stage history and lead score")
    show.add_argument("id", type=record_id, metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=run_show)

    edit = actions.add_parser(
        "edit",
        help="change the fields given, keep the others",
        description="Change only the fields given; a new --stage is a move, kept in the history.",
    )
    edit.add_argument("id", type=record_id, metavar="ID")
    _deal_options(edit, required=False)
    edit.set_defaults(run=run_edit)

    move = actions.add_parser("move", help="move a deal to another stage (kept in its history)")
    move.add_argument("id", type=record_id, metavar="ID")
    move.add_argument("stage", metavar="STAGE", help=STAGES_HELP)
    move.set_defaults(run=run_move)

    for name, run, help_text in (
        ("archive", run_archive, "hide a deal from the board and lists (restorable)"),
        ("restore", run_restore, "bring an archived deal back"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("id", type=record_id, metavar="ID")
        action.set_defaults(run=run)

    delete = actions.add_parser("delete", help="delete a deal and its stage history for good")
    delete.add_argument("id", type=record_id, metavar="ID")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(run=run_delete)


def _deal_options(parser: argparse.ArgumentParser, required: bool) -> None:
    for option, field, metavar, help_text in DEAL_OPTIONS:
        if field == "product":
            product = parser.add_mutually_exclusive_group()
            product.add_argument(option, dest=field, type=record_id, metavar=metavar, help=help_text)
            if not required:
                product.add_argument("--no-product", action="store_true", help="the deal is about no product")
        else:
            parser.add_argument(
                option, dest=field, metavar=metavar, help=help_text, required=required and field in ("title", "contact")
            )
    parser.add_argument("--json", action="store_true", help="print the deal as JSON")


def _saved(write: Callable[[], T]) -> T:
    """Run a domain write in one transaction, its refusals named by option: nothing is half-written."""
    with options_named(**OPTION_OF), models.database.atomic():
        return write()


def input_from(deal: Deal) -> deals.DealInput:
    """A stored deal as the input `edit_deal` takes, so the fields not given keep their values."""
    return deals.DealInput(
        title=deal.title,
        contact_id=deal.contact_id,
        company=deal.company.name if deal.company_id else "",
        product_id=deal.product_id,
        stage=deal.stage,
        value=str(Decimal(deal.value_milli) / 1000),
        currency=deal.currency,
        source=deal.source,
        assignee=deal.assignee,
        expected_close=deal.expected_close_on or "",
    )


def _apply(actor: Actor, data: deals.DealInput, args: argparse.Namespace) -> deals.DealInput:
    for name in TEXT_FIELDS:
        if getattr(args, name) is not None:
            setattr(data, name, getattr(args, name))
    if args.contact is not None:
        with options_named(contact="--contact"):
            data.contact_id = contacts.find_contact(actor, args.contact).id
    if args.product is not None:
        data.product_id = args.product
    elif getattr(args, "no_product", False):
        data.product_id = None
    return data


def deal_json(deal: Deal, score: int | None) -> dict[str, Any]:
    """A deal for JSON output: its fields, whole days in its stage and its lead score (None when closed)."""
    return {**deals.deal_dict(deal), "days_in_stage": deals.days_in_stage(deal), "score": score}


def _print_deal(actor: Actor, deal: Deal, as_json: bool, text: str) -> None:
    if as_json:
        found = lead_score.score_deal(actor, deal.id)
        emit_json(deal_json(deal, found.score if found else None))
    else:
        emit(text)


def run_add(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    data = _apply(actor, deals.DealInput(), args)
    deal = _saved(lambda: deals.add_deal(actor, data))
    _print_deal(actor, deal, args.json, str(deal.id))


def run_edit(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    deal = deals.get_deal(actor, args.id)
    data = _apply(actor, input_from(deal), args)
    deal = _saved(lambda: deals.edit_deal(actor, deal.id, data))
    _print_deal(actor, deal, args.json, f"updated deal {deal.id} ({deal.title})")


def run_list(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    with options_named(stage="--stage"):
        found = deals.list_deals(actor, args.stage, include_archived=args.all, limit=args.limit)
    scores = lead_score.scores(actor, [deal.id for deal in found])
    if args.json:
        emit_json([deal_json(deal, scores.get(deal.id)) for deal in found])
    elif not found:
        emit("no deals" + (f" in {deals.parse_stage(args.stage)}" if args.stage else ""))
    else:
        emit(
            table(
                ("ID", "TITLE", "CONTACT", "STAGE", "VALUE", "DAYS IN STAGE", "SCORE"),
                [
                    (
                        deal.id,
                        deal.title,
                        deal.contact.name,
                        deal.stage,
                        deals.format_value(deal.value_milli, deal.currency),
                        deals.days_in_stage(deal),
                        scores.get(deal.id),
                    )
                    for deal in found
                ],
            )
        )


def local_time(actor: Actor, moment: datetime) -> str:
    return clock.local(moment, actor.tz).strftime("%Y-%m-%d %H:%M %Z")


def history_json(rows: Iterable[DealStageHistory]) -> list[dict[str, str | None]]:
    return [
        {"from_stage": row.from_stage, "to_stage": row.to_stage, "changed_at": clock.iso_utc(row.changed_at)}
        for row in rows
    ]


def run_show(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    deal = deals.get_deal(actor, args.id)
    score = lead_score.score_deal(actor, deal.id)
    moves = deals.history(actor, deal.id)
    if args.json:
        emit_json(
            {
                **deal_json(deal, score.score if score else None),
                "score_reasons": list(score.reasons) if score else [],
                "history": history_json(moves),
            }
        )
        return
    product = deal.product.name if deal.product_id else None
    lines = [
        ("id", deal.id),
        ("title", deal.title),
        ("contact", f"{deal.contact.name} (id {deal.contact_id})"),
        ("company", deal.company.name if deal.company_id else None),
        ("product", f"{product} (id {deal.product_id})" if product else None),
        ("stage", deal.stage),
        ("value", deals.format_value(deal.value_milli, deal.currency)),
        ("source", deal.source),
        ("assignee", deal.assignee),
        ("expected close", deal.expected_close_on),
        ("archived", "yes" if deal.archived else "no"),
        ("days in stage", deals.days_in_stage(deal)),
        ("created", local_time(actor, deal.created_at)),
        ("score", score.score if score else "none (the deal is closed)"),
    ]
    if score:
        lines.append(("reasons", "\n".join(score.reasons)))
    lines.append(
        (
            "history",
            "\n".join(
                f"{local_time(actor, row.changed_at)}  "
                f"{row.from_stage + ' -> ' if row.from_stage else ''}{row.to_stage}"
                for row in moves
            ),
        )
    )
    emit(fields(lines))


def run_move(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    deal = deals.get_deal(actor, args.id)
    with options_named(stage="STAGE"):
        target = deals.parse_stage(args.stage)
    if target == deal.stage:
        emit(f"deal {deal.id} ({deal.title}) is already in {target}")
        return
    moved = deals.move_deal(actor, deal.id, target)
    emit(f"moved deal {moved.id} ({moved.title}) from {deal.stage} to {moved.stage}")


def run_archive(ctx: Context, args: argparse.Namespace) -> None:
    deal = deals.set_archived(ctx.user(), args.id, True)
    emit(f"archived deal {deal.id} ({deal.title}); `crm deals restore {deal.id}` brings it back")


def run_restore(ctx: Context, args: argparse.Namespace) -> None:
    deal = deals.set_archived(ctx.user(), args.id, False)
    emit(f"restored deal {deal.id} ({deal.title})")


def run_delete(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    deal = deals.get_deal(actor, args.id)
    question = f"Delete the deal {deal.title} (id {deal.id}) with its stage history?"
    if not args.yes and not prompts.confirm(question, "add --yes to delete without asking"):
        raise CrmError("not deleted: the answer was not yes")
    deals.delete_deal(actor, deal.id)
    emit(f"deleted deal {deal.id} ({deal.title})")
