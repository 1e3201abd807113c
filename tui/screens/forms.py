"""What the form dialogs share: reading fields, saving with each refusal at its field, asking before discarding.

Their save keys (ctrl+s) are ordinary, not priority, bindings: a priority binding is handled as the
key arrives, ahead of the characters still queued for the focused field, so a fast typist (or a
paste) followed by ctrl+s would save what the field held a moment earlier.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.screen import Screen
from textual.widgets import Select

from ..errors import CrmError, ValidationError
from ..widgets.field import Field
from .confirm import ConfirmDialog

DISCARD_QUESTION = "Discard what you typed? It has not been saved."

T = TypeVar("T")


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


def submit(screen: Screen, save: Callable[[], T]) -> T | None:
    """Clear `screen`'s errors and run `save`, the domain call; the saved value, or None when it failed.

    A refusal shows at its field (see show_refusal), any other failure as a toast; either way the form
    stays open with what was typed.
    """
    clear_errors(screen)
    try:
        return save()
    except ValidationError as error:  # before CrmError: a refusal is a CrmError that belongs at a field
        show_refusal(screen, error)
    except CrmError as error:
        screen.notify(str(error), severity="error")
    return None


def dismiss_unless_changed(
    screen: Screen, initial: Any, result: Any = None, *, question: str = DISCARD_QUESTION, current: Any = None
) -> None:
    """Close `screen` with `result`; when what it holds differs from `initial`, only once the user agrees.

    What it holds is `current` when given (a form whose state is more than its fields, such as a chosen
    contact), else field_values(screen); `question` is what the user is asked.
    """
    if (field_values(screen) if current is None else current) == initial:
        screen.dismiss(result)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(result)

    screen.app.push_screen(ConfirmDialog(question, "Discard"), answered)
