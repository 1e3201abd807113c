"""A labelled form field that can show the message of a refused value right under it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from ..terminal_text import block, one_line
from .plain import Plain, plain


class Field(Widget):
    """A label, an editor (an Input, a TextArea or a Switch) and an error line shown only when needed."""

    DEFAULT_CSS = """
    Field {
        height: auto;
    }
    Field > Horizontal {
        height: auto;
    }
    Field > Horizontal > Label {
        width: 16;
        padding: 0 1 0 0;
        text-align: right;
        color: $text-muted;
    }
    Field > Horizontal > Input, Field > Horizontal > TextArea {
        width: 1fr;
        background: $boost;
    }
    Field > Horizontal > Input:focus, Field > Horizontal > TextArea:focus {
        background: $primary 20%;
    }
    Field > .field--error {
        display: none;
        padding-left: 16;
        color: $text-error;
    }
    Field.-invalid > .field--error {
        display: block;
    }
    Field.-invalid > Horizontal > Label {
        color: $text-error;
    }
    """

    def __init__(self, label: str, editor: Widget, *, name: str, id: str | None = None) -> None:
        """`name` is the field name the domain uses in ValidationError.field."""
        super().__init__(name=name, id=id or f"field-{name}")
        self.label = label
        self.editor = editor
        self.error = ""
        """The message shown under the field, or "" while it is valid."""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(plain(self.label))
            yield self.editor
        yield Plain("", classes="field--error", markup=False)

    @property
    def value(self) -> str:
        """The text typed in the editor."""
        if isinstance(self.editor, TextArea):
            return self.editor.text
        return getattr(self.editor, "value", "")

    def show_error(self, message: str) -> None:
        """Show `message` under the editor and mark the field invalid."""
        self.error = message
        self.query_one(".field--error", Static).update(message)
        self.add_class("-invalid")

    def clear_error(self) -> None:
        """Hide the error line."""
        self.error = ""
        self.remove_class("-invalid")

    def focus_editor(self) -> None:
        """Move the focus to this field's editor."""
        self.editor.focus()


def text_input(value: str = "", placeholder: str = "", **kwargs) -> Input:
    """A compact one-line Input, the editor most fields use; a stored value's control characters show as escapes."""
    return Input(value=one_line(value), placeholder=placeholder, compact=True, **kwargs)


def text_area(value: str = "", **kwargs) -> TextArea:
    """A compact TextArea for a multi-line field; a stored value's control characters show as escapes."""
    return TextArea(block(value or ""), compact=True, **kwargs)
