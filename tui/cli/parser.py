"""The `crm` argument parser: global options, then one subcommand per job."""

from __future__ import annotations

import argparse
import re
from importlib import metadata

from . import (
    account_commands,
    agenda_commands,
    category_commands,
    company_commands,
    contact_commands,
    data_commands,
    deal_commands,
    field_commands,
    import_export_commands,
    interaction_commands,
    link_commands,
    maintenance_commands,
    pipeline_commands,
    product_commands,
    reminder_commands,
    setting_commands,
    sharing_commands,
    task_commands,
    timeline_commands,
)

COMMAND_GROUPS = (
    account_commands,
    setting_commands,
    contact_commands,
    category_commands,
    field_commands,
    interaction_commands,
    timeline_commands,
    task_commands,
    reminder_commands,
    link_commands,
    data_commands,
    agenda_commands,
    product_commands,
    deal_commands,
    pipeline_commands,
    company_commands,
    sharing_commands,
    import_export_commands,
    maintenance_commands,
)
_DASH_VALUE = re.compile(r"^--?\d")


def version() -> str:
    """The installed crm's version."""
    try:
        return metadata.version("crm")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    """The whole `crm` command line."""
    parser = argparse.ArgumentParser(
        prog="crm", description="A personal CRM for the terminal. Without a command, starts the full-screen app."
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the database file, or a postgresql:// URL for a shared database "
        "(default: $CRM_DB, else crm.db in your data folder)",
    )
    parser.add_argument(
        "--now",
        metavar="WHEN",
        help="fix the clock for this run: ISO 8601 or a short form such as -2d (default: $CRM_NOW, else the real time)",
    )
    parser.add_argument("--version", action="version", version=f"crm {version()}")
    parser.set_defaults(run=None, parser=parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def attach_dash_values(argv: list[str]) -> list[str]:
    """`--birthday --02-29` and `--now -2d` joined as `--birthday=--02-29`, `--now=-2d`.

    argparse takes any word starting with a dash for an option, so a yearless date or a
    relative moment after its option would be a usage error; none of our options starts
    with a digit, so a dash followed by a digit is always a value.
    """
    joined: list[str] = []
    index = 0
    while index < len(argv):
        word = argv[index]
        if word == "--":
            return joined + argv[index:]
        following = argv[index + 1] if index + 1 < len(argv) else ""
        if word.startswith("--") and len(word) > 2 and "=" not in word and _DASH_VALUE.match(following):
            joined.append(f"{word}={following}")
            index += 2
        else:
            joined.append(word)
            index += 1
    return joined
