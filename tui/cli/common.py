"""What every command gets: the database it runs on and the user it acts for."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

from .. import accounts
from ..scope import Actor

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
"""The subcommands of `crm`: each module of commands registers its own on it."""


class UsageError(Exception):
    """A command given the wrong words: reported like argparse's own mistakes, exit 2."""


@dataclass(frozen=True)
class Context:
    """The run of one command: the database location, its session key and the remembered user."""

    location: str
    key: str
    actor: Actor | None

    def user(self) -> Actor:
        """The signed-in user, or the AuthError that says to run `crm login`."""
        return accounts.require(self.actor)


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type for a whole number of at least `minimum`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} is too small: at least {minimum}")
        return value

    return parse
