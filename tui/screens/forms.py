"""What the form dialogs share: reading their fields, showing a refusal at its field, asking before discarding."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Select

from ..errors import ValidationError
from ..widgets.field import Field
from .confirm import ConfirmDialog

DISCARD_QUESTION = "Discard what you typed? It has not been saved."


def field_values(screen: Screen) -> dict[str, Any]:
    """Every Field of `screen` by its name, with the value its editor holds now."""
    return {field.name: field.value for field in screen.query(Field).results(Field)}


def selected(value: Any) -> str:
    """A Select's value as text: "" when nothing is selected."""
    return "" if value is Select.NULL or value is None else str(value)


def field_named(screen: Screen, name: str) -> Field | None:
    """The Field of `screen` that edits `name` (the domain's ValidationError.field), if there is one."""
    return next((field for field in screen.query(Field).results(Field) if field.name == name), None)


def clear_errors(screen: Screen) -> None:
    """Hide every error line of `screen`'s fields."""
    for field in screen.query(Field).results(Field):
        field.clear_error()


def show_refusal(screen: Screen, error: ValidationError) -> None:
    """Show a refused value's message at its field and move there; a toast when no field matches."""
    field = field_named(screen, error.field)
    if field is None:
        screen.notify(error.message, severity="error")
        return
    field.show_error(error.message)
    field.focus_editor()


def dismiss_unless_changed(screen: Screen, initial: dict[str, Any], result: Any = None) -> None:
    """Close `screen` with `result`; when its fields differ from `initial`, only once the user agrees."""
    if field_values(screen) == initial:
        screen.dismiss(result)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(result)

    screen.app.push_screen(ConfirmDialog(DISCARD_QUESTION, "Discard"), answered)
