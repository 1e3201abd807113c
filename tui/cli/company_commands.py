"""`crm companies add|list|show|edit|delete`: the organisations contacts work for and deals are made with."""

from __future__ import annotations

import argparse
from typing import Any

from .. import clock, companies, deals
from ..errors import CrmError
from ..models import Company
from . import prompts
from .checks import options_named
from .common import Commands, Context
from .output import emit, emit_json, fields, table
from .pipeline_commands import amount

COMPANY_OPTIONS = (
    # (option, CompanyInput field, metavar, help)
    ("--name", "name", "N", "the company's name (unique)"),
    ("--domain", "domain", "D", "its web domain, e.g. example.org"),
    ("--industry", "industry", "I", "technology, finance, education or your own"),
    ("--notes", "notes", "TEXT", "free notes"),
)
OPTION_OF = {field: option for option, field, _, _ in COMPANY_OPTIONS}


def register(commands: Commands) -> None:
    """Add the company commands to the `crm` parser."""
    group = commands.add_parser("companies", help="the organisations your contacts work for")
    actions = group.add_subparsers(dest="companies_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a company; prints its id")
    _company_options(add, required=True)
    add.set_defaults(run=run_add)

    listing = actions.add_parser("list", help="companies by name, with how many people and deals each has")
    listing.add_argument("--search", default="", metavar="Q", help="only names containing Q")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)

    show = actions.add_parser("show", help="a company with its people and deals")
    show.add_argument("company", metavar="COMPANY", help="id or exact name")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=run_show)

    edit = actions.add_parser(
        "edit",
        help="change the fields given, keep the others",
        description="Change only the fields given; an empty value clears a field.",
    )
    edit.add_argument("company", metavar="COMPANY", help="id or exact name")
    _company_options(edit, required=False)
    edit.set_defaults(run=run_edit)

    delete = actions.add_parser("delete", help="delete a company; its people and deals stay, without a company")
    delete.add_argument("company", metavar="COMPANY", help="id or exact name")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(run=run_delete)


def _company_options(parser: argparse.ArgumentParser, required: bool) -> None:
    for option, field, metavar, help_text in COMPANY_OPTIONS:
        parser.add_argument(option, dest=field, metavar=metavar, help=help_text, required=required and field == "name")
    parser.add_argument("--json", action="store_true", help="print the company as JSON")


def company_dict(company: Company) -> dict[str, Any]:
    """A company as plain values for JSON output."""
    return {
        "id": company.id,
        "name": company.name,
        "domain": company.domain,
        "industry": company.industry,
        "notes": company.notes,
        "created_at": clock.iso_utc(company.created_at),
        "updated_at": clock.iso_utc(company.updated_at),
    }


def _print_company(company: Company, as_json: bool, text: str) -> None:
    if as_json:
        emit_json(company_dict(company))
    else:
        emit(text)


def run_add(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    data = companies.CompanyInput(**{field: getattr(args, field) or "" for field in OPTION_OF})
    with options_named(**OPTION_OF):
        company = companies.add_company(actor, data)
    _print_company(company, args.json, str(company.id))


def run_edit(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    company = companies.find_company(actor, args.company)
    data = companies.CompanyInput(**{field: getattr(company, field) for field in OPTION_OF})
    for field in OPTION_OF:
        if getattr(args, field) is not None:
            setattr(data, field, getattr(args, field))
    with options_named(**OPTION_OF):
        company = companies.edit_company(actor, company.id, data)
    _print_company(company, args.json, f"updated company {company.id} ({company.name})")


def run_list(ctx: Context, args: argparse.Namespace) -> None:
    rows = companies.list_companies(ctx.user(), args.search)
    if args.json:
        emit_json(
            [
                {"id": row.id, "name": row.name, "industry": row.industry, "people": row.people, "deals": row.deals}
                for row in rows
            ]
        )
    elif not rows:
        emit("no companies")
    else:
        emit(
            table(
                ("ID", "NAME", "INDUSTRY", "PEOPLE", "DEALS"),
                [(row.id, row.name, row.industry, row.people, row.deals) for row in rows],
            )
        )


def run_show(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    company = companies.find_company(actor, args.company)
    people = companies.people_of(actor, company.id)
    deal_rows = companies.deals_of(actor, company.id)
    if args.json:
        emit_json(
            {
                **company_dict(company),
                "people": [{"id": person.id, "name": person.name} for person in people],
                "deals": [
                    {
                        "id": deal.id,
                        "title": deal.title,
                        "stage": deal.stage,
                        "value": amount(deal.value_milli),
                        "currency": deal.currency,
                        "archived": deal.archived,
                    }
                    for deal in deal_rows
                ],
            }
        )
        return
    lines = [
        (label, value) for label, value in company_dict(company).items() if label not in ("created_at", "updated_at")
    ]
    lines.append(("people", "\n".join(f"{person.name} (id {person.id})" for person in people)))
    lines.append(
        (
            "deals",
            "\n".join(
                f"{deal.title} (id {deal.id}): {deal.stage}, {deals.format_value(deal.value_milli, deal.currency)}"
                + (" (archived)" if deal.archived else "")
                for deal in deal_rows
            ),
        )
    )
    emit(fields(lines))


def run_delete(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    company = companies.find_company(actor, args.company)
    question = f"Delete the company {company.name} (id {company.id})? Its people and deals stay, without a company."
    if not args.yes and not prompts.confirm(question, "add --yes to delete without asking"):
        raise CrmError("not deleted: the answer was not yes")
    companies.delete_company(actor, company.id)
    emit(f"deleted company {company.id} ({company.name})")
