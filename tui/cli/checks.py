"""Checks shared by the command groups: domain refusals named by their option, record ids."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import CrmError, ValidationError
from .common import whole_number


@contextmanager
def options_named(**options: str) -> Iterator[None]:
    """Inside, a ValidationError of a domain field named here says which option was wrong.

    `options_named(when="--at")` turns the `when` field's "'x' is not a date or time" into
    "--at: 'x' is not a date or time"; errors of other fields pass unchanged.
    """
    try:
        yield
    except ValidationError as problem:
        option = options.get(problem.field)
        if option is None:
            raise
        raise CrmError(f"{option}: {problem.message}") from None


MAX_ID = 2**63 - 1  # SQLite's largest integer: a bigger id would crash the query instead of finding nothing


def record_id(text: str) -> int:
    """An argparse type for a record's id: a whole number from 1 to SQLite's largest integer."""
    value = whole_number(1)(text)
    if value > MAX_ID:
        raise argparse.ArgumentTypeError(f"{value} is too large for an id")
    return value
