"""Stored text on screen: plain text, never Textual markup, every control character shown as an escape.

The screens show what other people wrote (a shared contact's owner, an imported file, another program on a shared
database), so what they draw from the database passes tui.terminal_text here: `plain()` for a Rich Text of one
line, `plain_block()` keeping lines, `PlainTable` for tables whose cells may be stored text, and `Plain` for a
Static that shows stored text. A string given to DataTable or Static would otherwise be read as markup
(`[@click=app.quit]` would become a link that quits), and an ESC in it would reach the terminal as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rich.console import Console, ConsoleOptions
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.visual import Visual
from textual.widgets import DataTable, Static

from ..terminal_text import UNSAFE_CHARACTERS, block, is_safe, one_line


def plain(value: object, style: str = "", **options: Any) -> Text:
    """`value` as one line of plain text: never markup, its controls visible, its line breaks spaces."""
    if isinstance(value, Text):
        return sanitised(value)
    return Text(one_line("" if value is None else value), style=style, **options)


def plain_block(value: object, style: str = "", **options: Any) -> Text:
    """`value` as plain text keeping its lines (like Text(value)), never markup, its controls visible."""
    if isinstance(value, Text):
        return sanitised(value)
    return Text(block("" if value is None else value), style=style, **options)


def sanitised(text: Text) -> Text:
    """A styled Text with each control character replaced by its visible escape, the styles around kept."""
    if is_safe(text.plain):
        return text
    cuts = sorted(
        {
            cut
            for index, character in enumerate(text.plain)
            if character in UNSAFE_CHARACTERS
            for cut in (index, index + 1)
        }
    )
    result = Text(style=text.style, justify=text.justify, no_wrap=text.no_wrap, overflow=text.overflow, end=text.end)
    for piece in text.divide(cuts):
        if len(piece.plain) == 1 and piece.plain in UNSAFE_CHARACTERS:
            result.append(one_line(piece.plain), style="dim")
        else:
            result.append_text(piece)
    return result


def cell(value: Any) -> Any:
    """A table cell: text plain and safe; other renderables (badges built by the screens) as they are."""
    if isinstance(value, (str, Text)):
        return plain(value, end="")
    return value


def plain_choices(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Text, Any]]:
    """(label, value) pairs for a Select whose labels are stored text: each label plain (a str would be markup)."""
    return [(plain(label), value) for label, value in choices]


class PlainTable(DataTable):
    """A DataTable whose string cells are plain text (never markup) with their controls made visible."""

    def add_row(self, *cells: Any, height: int | None = 1, key: str | None = None, label: Any = None) -> Any:
        return super().add_row(
            *(cell(value) for value in cells), height=height, key=key, label=None if label is None else cell(label)
        )

    def update_cell(self, row_key: Any, column_key: Any, value: Any, *, update_width: bool = False) -> None:
        super().update_cell(row_key, column_key, cell(value), update_width=update_width)

    def add_column(self, label: Any, *, width: int | None = None, key: str | None = None, default: Any = None) -> Any:
        return super().add_column(cell(label), width=width, key=key, default=default)


class SafeRenderable:
    """A Rich renderable (a table, a group) drawn with every control character of its text made visible.

    Its cells were laid out before the escapes replaced the controls, so a line holding one runs a few cells long
    (and is cut at the widget's edge): hostile text shows as what it is, never obeyed.
    """

    def __init__(self, renderable: Any) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        for segment in console.render(self.renderable, options):
            if segment.control or is_safe(segment.text):
                yield segment
            else:
                yield Segment(block(segment.text), segment.style)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


def safe_content(content: Any) -> Any:
    """What a Static may show of `content`: a string stays a string (shown without markup), a Text and any other
    Rich renderable get their control characters made visible."""
    if isinstance(content, str):
        return block(content)
    if isinstance(content, Text):
        return sanitised(content)
    if isinstance(content, (Visual, Content)) or content is None:
        return content
    return SafeRenderable(content)


class Plain(Static):
    """A Static for stored text: never read as markup, its controls visible, its lines kept."""

    def __init__(self, content: Any = "", **kwargs: Any) -> None:
        kwargs["markup"] = False
        super().__init__(safe_content(content), **kwargs)

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        super().update(safe_content(content), layout=layout)


class PlainTextApp(App):
    """An App whose header title, sub-title and toasts show stored text safely, wherever they come from."""

    def format_title(self, title: str, sub_title: str) -> Content:
        # The sub-title names the signed-in user, whose display name is stored text like any other.
        return super().format_title(one_line(title), one_line(sub_title))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # Every toast, a screen's or a reminder's, passes here (Widget.notify calls the App's). Most name stored text
        # ("Deleted <name>") and none of crm's uses markup: a toast is never read as markup, whatever the caller says.
        del markup
        super().notify(block(message), title=one_line(title), severity=severity, timeout=timeout, markup=False)
