"""Printing for the command line: aligned tables, `label: value` blocks and JSON documents.

Everything printed passes the one sanitiser (tui.terminal_text) here, so no command can print a stored control
character raw: table cells and labels on one line, plain text keeping its lines, JSON with `\\u` escapes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from ..terminal_text import ELLIPSIS, block, json_escaped, one_line

EMPTY = "-"
ERROR_LIMIT = 400
"""The most characters an error line shows: the start says what, the end says how to fix it."""


def cell(value: Any) -> str:
    """A value as table text: on/off for switches, a dash for nothing, lists joined by commas."""
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, (list, tuple)):
        return one_line(", ".join(str(item) for item in value))
    # One line per row: a line break inside a value would break the table's alignment.
    return one_line(value)


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
    width = max((len(one_line(label)) for label, _ in pairs), default=0) + 1
    lines = []
    for label, value in pairs:
        text = block(value) if isinstance(value, str) and "\n" in value else cell(value)
        first, *rest = text.split("\n")
        lines.append(f"{one_line(label) + ':':<{width}} {first}")
        lines.extend(" " * (width + 1) + line for line in rest)
    return "\n".join(lines)


def emit_json(document: Any) -> None:
    """One JSON document on stdout, readable and with non-ASCII letters kept as they are (controls as `\\u`)."""
    print(json_escaped(json.dumps(document, ensure_ascii=False, indent=2)))


def emit(text: str) -> None:
    """Plain text on stdout, its lines kept and every control character made visible."""
    print(block(text))


def error(message: str) -> None:
    """The one `error: ...` line on stderr; a huge message (a value echoed back) is cut in its middle."""
    line = one_line(message)
    if len(line) > ERROR_LIMIT:
        line = line[: ERROR_LIMIT * 2 // 3] + ELLIPSIS + line[-ERROR_LIMIT // 3 :]
    print(f"error: {line}", file=sys.stderr)
