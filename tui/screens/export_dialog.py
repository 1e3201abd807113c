"""The export dialog: a format and a file; written in a thread worker, never half-written."""

from __future__ import annotations

import os
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static
from textual.worker import Worker

from .. import exporting
from ..errors import CrmError
from ..scope import Actor
from ..widgets.field import Field, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain
from .base import notify_failed_worker, thread_connection
from .confirm import ConfirmDialog
from .import_dialog import PathSuggester

FORMAT_CHOICES = [("vCard 4.0: contacts", "vcard"), ("CSV: contacts", "csv"), ("JSON: everything you own", "json")]
HINTS = {
    "vcard": "Every contact (archived ones too) as vCard 4.0, for phones and other address books; "
    "crm reads it back unchanged.",
    "csv": "Every contact as one row, for spreadsheets; lists are separated by “; ”.",
    "json": "Everything you own: contacts with tags, custom fields and VIP sections, interactions, reminders, "
    "tasks, companies, products, deals with their stage history, templates, shares and the audit log.",
}
FOLDER = "~"
"""Where the suggested file goes: the home folder, shown as ~ so the dialog reads the same on every machine."""


def suggested_path(fmt: str) -> str:
    """The file the dialog offers for `fmt`: ~/crm-contacts-<today>.vcf and the like."""
    return f"{FOLDER}/{exporting.suggested_name(fmt)}"


class ExportDialog(ModalScreen[str | None]):
    """Dismisses with what was exported (for a toast), or None when closed."""

    CSS_PATH = "import_export.tcss"
    BINDINGS = [
        Binding("ctrl+s", "export", "Export", id="export.run", tooltip="Write the file"),
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="Close without exporting"),
    ]

    @dataclass
    class Done(Message):
        """The file is written."""

        summary: str

    @dataclass
    class Failed(Message):
        """The file could not be written."""

        message: str

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static("Export", id="export-title")
            yield Field(
                "Format",
                Select(FORMAT_CHOICES, value="vcard", allow_blank=False, compact=True, id="export-format"),
                name="format",
            )
            yield Field(
                "File",
                text_input(suggested_path("vcard"), "where to write it", id="export-path", suggester=PathSuggester()),
                name="path",
            )
            yield Plain(HINTS["vcard"], id="export-hint", markup=False)
            yield Plain("ctrl+s writes the file · escape closes", id="export-keys", markup=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failed_worker(self, event)

    @on(Select.Changed, "#export-format")
    def format_changed(self, event: Select.Changed) -> None:
        fmt = str(event.value)
        self.query_one("#export-hint", Static).update(HINTS[fmt])
        path = self.query_one("#export-path", Input)
        if path.value in {suggested_path(other) for other in HINTS}:
            path.value = suggested_path(fmt)  # still the suggestion: follow the format; a typed path stays

    @on(Input.Submitted, "#export-path")
    def action_export(self) -> None:
        if self.running:
            return
        field = self.query_one("#field-path", Field)
        field.clear_error()
        typed = self.query_one("#export-path", Input).value.strip()
        if not typed:
            field.show_error("type the file to write")
            return
        target = os.path.expanduser(typed)
        fmt = str(self.query_one("#export-format", Select).value)
        if os.path.isfile(target):

            def answered(replace: bool | None) -> None:
                if replace:
                    self._start(fmt, target, typed)

            self.app.push_screen(ConfirmDialog(f"{typed} exists. Replace it?", "Replace"), answered)
            return
        self._start(fmt, target, typed)

    def _start(self, fmt: str, target: str, shown: str) -> None:
        self.running = True
        self.query_one("#export-hint", Static).update("Writing…")
        self._write(fmt, target, shown)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def _write(self, fmt: str, target: str, shown: str) -> None:
        with thread_connection():
            try:
                count = exporting.export_to_path(self.actor, fmt, target)
            except CrmError as problem:
                self.post_message(self.Failed(str(problem)))
                return
        what = "everything, with" if fmt == "json" else "exported"
        self.post_message(self.Done(f"{shown}: {what} {count:,} contact{'s' if count != 1 else ''}"))

    def on_export_dialog_done(self, event: Done) -> None:
        self.running = False
        self.dismiss(event.summary)

    def on_export_dialog_failed(self, event: Failed) -> None:
        self.running = False
        fmt = str(self.query_one("#export-format", Select).value)
        self.query_one("#export-hint", Static).update(HINTS[fmt])
        self.query_one("#field-path", Field).show_error(event.message)

    def action_cancel(self) -> None:
        if not self.running:
            self.dismiss(None)
