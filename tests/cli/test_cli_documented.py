"""Every `crm` subcommand is documented in README.md (sqlite-utils has the same check for its CLI)."""

from __future__ import annotations

import argparse
import re

from tui.cli.parser import build_parser

from ..helpers import ROOT


def subcommands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path under `parser`, parents before children: ("contacts",), ("contacts", "add"), ..."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found.append(path + (name,))
                found.extend(subcommands(child, path + (name,)))
    return found


def test_the_walk_finds_nested_commands():
    commands = subcommands(build_parser())
    assert ("contacts",) in commands and ("contacts", "add") in commands and ("settings", "set") in commands
    assert commands.index(("contacts",)) < commands.index(("contacts", "add"))


def test_every_subcommand_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        " ".join(path)
        for path in subcommands(build_parser())
        if not re.search(r"\bcrm " + re.escape(" ".join(path)) + r"(?![\w-])", readme)
    ]
    assert not missing, "commands missing from README.md: " + ", ".join(f"crm {name}" for name in missing)
