"""`crm pipeline [stats]`: the board summed up per stage, and how deals convert, wait and close.

Amounts are totalled per currency, never summed across currencies.
"""

from __future__ import annotations

import argparse
from decimal import Decimal

from .. import deals, pipeline_stats
from .common import Commands, Context
from .output import emit, emit_json, table


def register(commands: Commands) -> None:
    """Add the pipeline commands to the `crm` parser."""
    board = commands.add_parser(
        "pipeline",
        help="deals per stage with their totals per currency; `pipeline stats` for conversion and closed value",
    )
    board.add_argument("--json", action="store_true", help="print JSON")
    board.set_defaults(run=run_board)
    views = board.add_subparsers(dest="pipeline_action", metavar="ACTION")
    stats = views.add_parser(
        "stats", help="conversion between stages, average days in each, won and lost value per month and currency"
    )
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(run=run_stats)


def amount(value_milli: int) -> str:
    """An amount for JSON: a decimal string such as "12500.5" (never a float)."""
    return str(Decimal(value_milli) / 1000)


def totals_text(totals: dict[str, int]) -> str:
    """Per-currency totals for people: `12,500.00 EUR, 300.00 USD`."""
    return ", ".join(deals.format_value(value, currency) for currency, value in sorted(totals.items()))


def run_board(ctx: Context, args: argparse.Namespace) -> None:
    columns = deals.board(ctx.user(), cards_per_column=0)
    if args.json:
        emit_json(
            [
                {
                    "stage": column.stage,
                    "count": column.count,
                    "totals": {currency: amount(value) for currency, value in sorted(column.totals.items())},
                }
                for column in columns
            ]
        )
    else:
        emit(
            table(
                ("STAGE", "DEALS", "TOTAL"),
                [(column.stage, column.count, totals_text(column.totals)) for column in columns],
            )
        )


def run_stats(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    conversions = pipeline_stats.conversions(actor)
    days = pipeline_stats.average_days_in_stage(actor)
    months = pipeline_stats.closed_by_month(actor)
    if args.json:
        emit_json(
            {
                "conversions": [
                    {
                        "stage": row.stage,
                        "next_stage": row.next_stage,
                        "reached": row.reached,
                        "advanced": row.advanced,
                        "rate": round(row.rate, 4),
                    }
                    for row in conversions
                ],
                "average_days_in_stage": {stage: round(value, 2) for stage, value in days.items()},
                "closed_by_month": [
                    {
                        "month": row.month,
                        "stage": row.stage,
                        "currency": row.currency,
                        "value": amount(row.value_milli),
                        "count": row.count,
                    }
                    for row in months
                ],
            }
        )
        return
    sections = [
        "Conversion\n"
        + table(
            ("FROM", "TO", "REACHED", "ADVANCED", "RATE"),
            [(row.stage, row.next_stage, row.reached, row.advanced, f"{row.rate:.0%}") for row in conversions],
        ),
        "Average days in stage\n"
        + table(("STAGE", "DAYS"), [(stage, f"{value:.1f}") for stage, value in days.items()]),
        "Won and lost per month\n"
        + (
            table(
                ("MONTH", "STAGE", "DEALS", "VALUE"),
                [
                    (row.month, row.stage, row.count, deals.format_value(row.value_milli, row.currency))
                    for row in months
                ],
            )
            if months
            else "no closed deals yet"
        ),
    ]
    emit("\n\n".join(sections))
