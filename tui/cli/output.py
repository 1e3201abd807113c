"""Printing for the command line: aligned tables, `label: value` blocks and JSON documents."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

EMPTY = "-"


def cell(value: Any) -> str:
    """A value as table text: on/off for switches, a dash for nothing, lists joined by commas."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    # One line per row: a line break inside a value would break the table's alignment.
    return " ".join(str(value).split("\n"))


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Rows under their headers, each column as wide as its widest cell."""
    lines = [list(headers)] + [[cell(value) for value in row] for row in rows]
    widths = [max(len(line[column]) for line in lines) for column in range(len(headers))]
    return "\n".join(
        "  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)).rstrip() for line in lines
    )


def fields(pairs: Iterable[tuple[str, Any]]) -> str:
    """`label: value` lines with the values aligned; multi-line values are indented under theirs."""
    pairs = list(pairs)
    width = max((len(label) for label, _ in pairs), default=0) + 1
    lines = []
    for label, value in pairs:
        text = str(value) if isinstance(value, str) and "\n" in value else cell(value)
        first, *rest = text.split("\n")
        lines.append(f"{label + ':':<{width}} {first}")
        lines.extend(" " * (width + 1) + line for line in rest)
    return "\n".join(lines)


def emit_json(document: Any) -> None:
    """One JSON document on stdout, readable and with non-ASCII letters kept as they are."""
    print(json.dumps(document, ensure_ascii=False, indent=2))


def emit(text: str) -> None:
    """Plain text on stdout."""
    print(text)


def error(message: str) -> None:
    """The one `error: ...` line on stderr."""
    print(f"error: {message}", file=sys.stderr)
