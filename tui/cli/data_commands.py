"""`crm demo`: whole-database jobs."""

from __future__ import annotations

import argparse

from .common import Commands, Context, whole_number
from .output import emit


def register(commands: Commands) -> None:
    """Add the data commands to the `crm` parser."""
    demo = commands.add_parser("demo", help="fill the database with realistic, deterministic demo data")
    demo.add_argument(
        "--contacts", type=whole_number(0), default=200, metavar="N", help="how many contacts (default 200)"
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="the same seed gives the same data (default 1)")
    demo.set_defaults(run=run_demo)


def run_demo(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    # Imported here so that the other commands never pay for loading the demo data's word lists.
    from .. import demo

    emit(str(demo.fill(actor, contacts=args.contacts, seed=args.seed)))
