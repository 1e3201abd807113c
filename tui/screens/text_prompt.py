"""A one-line question, such as the tag to put on the marked contacts, checked before it is returned."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from ..errors import ValidationError
from ..widgets.field import Field, text_input
from ..widgets.plain import Plain


class TextPrompt(ModalScreen[str | None]):
    """Dismisses with the checked answer, or None when cancelled.

    `check` turns the typed text into the answer or raises ValidationError; its message shows
    under the input and what was typed stays.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel", tooltip="Close without an answer"),
    ]

    def __init__(
        self,
        title: str,
        label: str,
        *,
        placeholder: str = "",
        suggestions: Iterable[str] = (),
        check: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.placeholder = placeholder
        self.suggestions = list(suggestions)
        self.check = check or (lambda text: text.strip())

    def compose(self) -> ComposeResult:
        suggester = SuggestFromList(self.suggestions, case_sensitive=False) if self.suggestions else None
        with Vertical(id="prompt-box"):
            yield Plain(self.title_text, id="prompt-title", markup=False)
            yield Field(
                self.label, text_input("", self.placeholder, id="prompt-input", suggester=suggester), name="answer"
            )
            yield Static("enter accepts · → completes · escape cancels", id="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Field).focus_editor()

    @on(Input.Submitted, "#prompt-input")
    def accept(self, event: Input.Submitted) -> None:
        field = self.query_one(Field)
        try:
            answer = self.check(event.value)
        except ValidationError as error:
            field.show_error(error.message)
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)
