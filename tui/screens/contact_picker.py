"""Choosing a contact by typing a few letters of the name: the best matches follow each keystroke."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, get_current_worker

from .. import picker
from ..contacts import ContactRow
from ..scope import Actor
from ..terminal_text import one_line
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, plain
from .base import notify_failed_worker, thread_connection

NO_CONTACT = 0
"""What the picker returns when the user chose "no contact" (offered only with `allow_none`)."""
SHOWN = 8


class ContactPickerScreen(ModalScreen[int | None]):
    """Dismisses with the chosen contact's id, NO_CONTACT for "none", or None when cancelled."""

    BINDINGS = [
        Binding("down", "move(1)", "Next", id="picker.next", show=False),
        Binding("up", "move(-1)", "Previous", id="picker.previous", show=False),
        Binding("ctrl+n", "choose_none", "No contact", id="picker.none", tooltip="Choose no contact"),
        Binding("escape", "cancel", "Cancel", id="picker.cancel", tooltip="Close without choosing"),
    ]

    @dataclass
    class Found(Message):
        """The best matches for `query`, read in a worker."""

        query: str
        rows: list[ContactRow]

    def __init__(self, actor: Actor, title: str = "Which contact?", allow_none: bool = False) -> None:
        super().__init__()
        self.actor = actor
        self.title_text = title
        self.allow_none = allow_none
        self.shown_query: str | None = None
        """The query the listed rows answer; a submit waits while it differs from what is typed."""
        self.submit_waiting = False

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Plain(self.title_text, id="picker-title", markup=False)
            yield Input(placeholder="type a few letters of the name", id="picker-search", compact=True)
            yield OptionList(id="picker-options")
            yield Plain("enter chooses · ↑↓ move · escape cancels", id="picker-hint", markup=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one("#picker-search", Input).focus()
        self.search("")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose_none":
            return self.allow_none
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="picker")
    def search(self, query: str) -> None:
        """Find the best matches for `query` off the UI thread."""
        with thread_connection():
            rows = picker.candidates(self.actor, query, SHOWN)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Found(query, rows))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failed_worker(self, event)

    @on(Input.Changed, "#picker-search")
    def typed(self, event: Input.Changed) -> None:
        self.search(event.value)

    def on_contact_picker_screen_found(self, event: Found) -> None:
        if event.query != self.query_one("#picker-search", Input).value:
            return  # an answer to an older keystroke
        self.shown_query = event.query
        options = self.query_one("#picker-options", OptionList)
        options.clear_options()
        options.add_options(Option(self._label(row), id=str(row.id)) for row in event.rows)
        if event.rows:
            options.highlighted = 0
        hint = self.query_one("#picker-hint", Static)
        hint.set_class(not event.rows, "-empty")
        hint.update(
            "enter chooses · ↑↓ move · escape cancels" if event.rows else f"no contact matches “{event.query.strip()}”"
        )
        if self.submit_waiting:
            self.submit_waiting = False
            self._choose_highlighted()

    @staticmethod
    def _label(row: ContactRow) -> Text:
        label = plain(row.name)
        if row.company:
            label.append(f"  {one_line(row.company)}", style="dim")
        return label

    @on(Input.Submitted, "#picker-search")
    def submitted(self, event: Input.Submitted) -> None:
        if self.shown_query != event.value:
            self.submit_waiting = True  # enter pressed before the matches for the last letters arrived
            return
        self._choose_highlighted()

    def _choose_highlighted(self) -> None:
        option = self.query_one("#picker-options", OptionList).highlighted_option
        if option is not None and option.id is not None:
            self.dismiss(int(option.id))

    @on(OptionList.OptionSelected, "#picker-options")
    def clicked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_move(self, step: int) -> None:
        options = self.query_one("#picker-options", OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -step
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_choose_none(self) -> None:
        self.dismiss(NO_CONTACT)

    def action_cancel(self) -> None:
        self.dismiss(None)
