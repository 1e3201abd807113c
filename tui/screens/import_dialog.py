"""The import dialog: a file, its format, the dry run's preview, a CSV's column mapping, then the import.

Nothing is written until ctrl+s: typing a path (enter), choosing a format or changing a column's
mapping reads the file again and shows what an import would do. The import runs in a thread worker,
in one transaction, with a progress bar; escape during it stops it and nothing stays.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import DataTable, Input, Label, ProgressBar, Select, Static
from textual.worker import Worker, get_current_worker

from .. import importing
from ..csv_formats import CUSTOM_PREFIX, FORMAT_LABELS, TARGETS
from ..errors import CrmError
from ..importing import ImportCancelled, ImportReport, ImportSource
from ..scope import Actor
from ..widgets.field import Field, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain
from .base import notify_failed_worker, thread_connection

FORMAT_CHOICES = [
    ("detect from the file", "auto"),
    ("vCard", "vcard"),
    *((FORMAT_LABELS[fmt], fmt) for fmt in ("google", "linkedin", "outlook", "csv")),
]
STAGES = {"reading": "Reading the file", "checking": "Checking the contacts", "writing": "Writing"}
MAX_TABLE_ROWS = 500
"""Problems listed in the preview table; the summary counts them all."""


class PathSuggester(Suggester):
    """Completes a path with the first matching file or folder name where it points."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value or value.endswith(os.sep):
            folder, start = value, ""
        else:
            folder, start = os.path.split(value)
        try:
            names = sorted(os.listdir(os.path.expanduser(folder or ".")))
        except OSError:
            return None
        match = next(
            (name for name in names if name.startswith(start) and name != start and not name.startswith(".")), None
        )
        if match is None:
            return None
        completed = os.path.join(folder, match)
        return completed + os.sep if os.path.isdir(os.path.expanduser(completed)) else completed


def summary_lines(source: ImportSource, report: ImportReport) -> str:
    """The preview in words: what was read, what an import would do."""
    unit = "card" if source.format == "vcard" else "row"
    lines = [
        f"{source.label} · {report.read:,} {unit}{'s' if report.read != 1 else ''} read",
        f"Would create {report.created:,} · merge {report.merged:,} · leave {report.unchanged:,} as they are · "
        f"reject {len(report.rejected):,}",
    ]
    extra = []
    if report.duplicates:
        extra.append(
            f"{len(report.duplicates):,} possible duplicate{'s' if len(report.duplicates) != 1 else ''} "
            "(same name only: created, listed below)"
        )
    if report.notes:
        extra.append(f"{len(report.notes):,} value{'s' if len(report.notes) != 1 else ''} kept in notes")
    if report.fields:
        extra.append("new custom fields: " + ", ".join(report.fields))
    if extra:
        lines.append(" · ".join(extra))
    lines += [f"Note: {warning}" for warning in report.warnings]
    return "\n".join(lines)


class ImportDialog(ModalScreen[ImportReport | None]):
    """Dismisses with the report of the import made, or None when closed without importing."""

    CSS_PATH = "import_export.tcss"
    BINDINGS = [
        Binding("ctrl+s", "run_import", "Import", id="import.run", tooltip="Import the file as the preview shows"),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="import.cancel",
            tooltip="Stop a running import (nothing is kept), or close",
        ),
    ]

    @dataclass
    class Previewed(Message):
        """The file was read and the dry run made."""

        source: ImportSource
        report: ImportReport

    @dataclass
    class Progressed(Message):
        """A worker got further: stage, done, total."""

        stage: str
        done: int
        total: int

    @dataclass
    class Failed(Message):
        """The file cannot be read or the import failed: one readable sentence."""

        message: str
        during_import: bool

    @dataclass
    class Imported(Message):
        """The import is written."""

        report: ImportReport

    def __init__(self, actor: Actor, path: str = "") -> None:
        super().__init__()
        self.actor = actor
        self.initial_path = path
        self.source: ImportSource | None = None
        self.report: ImportReport | None = None
        self.mapping: tuple[str, ...] | None = None
        """The columns' targets chosen in the dialog (a generic CSV), or None for the format's own."""
        self.running = False
        self.previewed_path = ""
        """The path as typed when the preview was asked for."""
        self.stopping = threading.Event()
        """Set to stop a running import; its worker checks it at every step."""

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box"):
            yield Static("Import contacts", id="import-title")
            yield Field(
                "File",
                text_input(
                    self.initial_path,
                    "a .vcf or .csv file, or a folder of .vcf files (enter reads it)",
                    id="import-path",
                    suggester=PathSuggester(),
                ),
                name="path",
            )
            yield Field(
                "Format",
                Select(FORMAT_CHOICES, value="auto", allow_blank=False, compact=True, id="import-format"),
                name="format",
            )
            yield Plain(
                "Nothing is written until you import: first the file is read and previewed.",
                id="import-summary",
                markup=False,
            )
            with VerticalScroll(id="import-mapping"):
                yield Static("Columns (what each one is imported as):", classes="import-heading")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="import-problems")
            with Horizontal(id="import-progress-row"):
                yield Plain("", id="import-stage", markup=False)
                yield ProgressBar(id="import-progress", show_eta=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).display = False
        self.query_one("#import-mapping").display = False
        self.query_one("#import-progress-row").display = False
        self.query_one("#import-path", Input).focus()
        if self.initial_path:
            self.preview()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "run_import":
            return self.report is not None and not self.running or None
        return True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        notify_failed_worker(self, event)

    # -- reading and previewing ------------------------------------------------------------------

    @on(Input.Submitted, "#import-path")
    def preview(self) -> None:
        """Read the file named in the path field and show the dry run."""
        path = self.query_one("#import-path", Input).value.strip()
        field = self.query_one("#field-path", Field)
        field.clear_error()
        if not path:
            field.show_error("type the path of a file to import")
            return
        fmt = self.query_one("#import-format", Select).value
        self.previewed_path = path
        self._set_waiting("Reading the file…")
        self._read(os.path.expanduser(path), str(fmt), self.mapping)

    @on(Input.Changed, "#import-path")
    def path_changed(self, event: Input.Changed) -> None:
        if self.running or self.source is None or event.value.strip() == self.previewed_path:
            return
        # The preview shown is of another file now: ctrl+s must not import that one.
        self.source = self.report = None
        self.mapping = None
        self._set_waiting("Press enter to read this file and preview the import.")
        self.query_one(DataTable).display = False
        self.query_one("#import-mapping").display = False

    @on(Select.Changed, "#import-format")
    def format_changed(self) -> None:
        self.mapping = None
        if self.query_one("#import-path", Input).value.strip():
            self.preview()

    def _set_waiting(self, text: str) -> None:
        self.report = None
        self.refresh_bindings()
        self.query_one("#import-summary", Static).update(text)

    def _progress(self, worker: Worker):
        def report(stage: str, done: int, total: int) -> None:
            # A thread cannot be stopped from outside: it stops itself here, and the import's
            # transaction is rolled back by the exception.
            if worker.is_cancelled or self.stopping.is_set():
                raise ImportCancelled("the import was stopped: nothing was imported")
            self.post_message(self.Progressed(stage, done, total))

        return report

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def _read(self, path: str, fmt: str, mapping: tuple[str, ...] | None) -> None:
        worker = get_current_worker()
        with thread_connection():
            try:
                source = importing.read_source(path, fmt, mapping, self._progress(worker))
                report = importing.preview(self.actor, source, self._progress(worker))
            except CrmError as problem:
                if not worker.is_cancelled:
                    self.post_message(self.Failed(str(problem), during_import=False))
                return
        if not worker.is_cancelled:
            self.post_message(self.Previewed(source, report))

    async def on_import_dialog_previewed(self, event: Previewed) -> None:
        self.source, self.report = event.source, event.report
        self.query_one("#import-summary", Static).update(
            summary_lines(event.source, event.report) + "\nctrl+s imports · escape closes without importing"
        )
        self._show_problems(event.report)
        await self._show_mapping(event.source)
        self.query_one("#import-progress-row").display = False
        self.refresh_bindings()

    def on_import_dialog_failed(self, event: Failed) -> None:
        self.running = False
        self.query_one("#import-progress-row").display = False
        if event.during_import:
            self.notify(event.message, severity="error", title="Import")
            if self.source is not None and self.report is not None:
                self.query_one("#import-summary", Static).update(
                    summary_lines(self.source, self.report) + "\nctrl+s imports · escape closes without importing"
                )
        else:
            self.source = self.report = None
            self.query_one("#field-path", Field).show_error(event.message)
            self.query_one("#import-summary", Static).update("Nothing to preview.")
            self.query_one(DataTable).clear(columns=True)
        self.refresh_bindings()

    def on_import_dialog_progressed(self, event: Progressed) -> None:
        self.query_one("#import-progress-row").display = True
        self.query_one("#import-stage", Static).update(STAGES.get(event.stage, event.stage))
        self.query_one(ProgressBar).update(total=max(event.total, 1), progress=event.done)

    def _show_problems(self, report: ImportReport) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)  # the columns size to what they hold now, not to an earlier file's rows
        table.add_columns("Line", "Where", "What")
        rows = (
            [(item.line, item.where, f"rejected: {item.reason}") for item in report.rejected]
            + [
                (item.line, item.where, f"same name as {', '.join(item.matches)} (created; check for a duplicate)")
                for item in report.duplicates
            ]
            + [(item.line, item.where, f"{item.message} (kept in the notes)") for item in report.notes]
        )
        for line, where, what in rows[:MAX_TABLE_ROWS]:
            table.add_row(Text(str(line or "")), Text(where), Text(what))
        table.display = bool(rows)

    # -- a CSV's column mapping ------------------------------------------------------------------

    async def _show_mapping(self, source: ImportSource) -> None:
        box = self.query_one("#import-mapping", VerticalScroll)
        generic = source.layout is not None and source.layout.format == "csv"
        box.display = generic
        if not generic:
            return
        layout = source.layout
        if tuple(select.value for select in box.query(Select).results(Select)) == layout.mapping:
            return  # the rows on screen already show this mapping
        await box.remove_children(".import-column")
        samples = source.samples
        rows = []
        for index, (header, target) in enumerate(zip(layout.headers, layout.mapping, strict=True)):
            options = [(label, key) for key, label in TARGETS.items()]
            if target not in TARGETS:
                options.append((f"custom field {target[len(CUSTOM_PREFIX) :]}", target))
            label = header or f"column {index + 1}"
            sample = samples.get(index, "")
            rows.append(
                Horizontal(
                    Label(Text(label), classes="import-column-name"),
                    Select(options, value=target, allow_blank=False, compact=True, id=f"map-{index}"),
                    Label(Text(f"e.g. {sample}" if sample else ""), classes="import-column-sample"),
                    classes="import-column",
                )
            )
        await box.mount_all(rows)

    @on(Select.Changed)
    def mapping_changed(self, event: Select.Changed) -> None:
        if not (event.select.id or "").startswith("map-") or self.source is None or self.source.layout is None:
            return
        chosen = tuple(str(select.value) for select in self.query_one("#import-mapping").query(Select).results(Select))
        if len(chosen) == len(self.source.layout.headers) and chosen != self.source.layout.mapping:
            self.mapping = chosen
            self.preview()

    # -- importing -------------------------------------------------------------------------------

    def action_run_import(self) -> None:
        if self.source is None or self.report is None or self.running:
            return
        self.stopping.clear()
        self.running = True
        self.refresh_bindings()
        self.query_one("#import-summary", Static).update("Importing… escape stops it (nothing is kept then).")
        self._import(self.source)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def _import(self, source: ImportSource) -> None:
        worker = get_current_worker()
        with thread_connection():
            try:
                report = importing.apply_import(self.actor, source, self._progress(worker))
            except CrmError as problem:
                self.post_message(self.Failed(str(problem), during_import=True))
                return
        self.post_message(self.Imported(report))

    def on_import_dialog_imported(self, event: Imported) -> None:
        self.running = False
        self.dismiss(event.report)

    def action_cancel(self) -> None:
        if self.running:
            # Not the worker's own cancel: a thread worker cancelled before it starts never runs, and
            # then never says it is done. The import sees this at its next step and rolls back.
            self.stopping.set()
            self.query_one("#import-summary", Static).update("Stopping… nothing will be kept.")
            return
        self.workers.cancel_group(self, "import")
        self.dismiss(None)

    def on_unmount(self) -> None:
        self.stopping.set()  # the app is closing: an import still running leaves nothing behind


def describe_import(report: ImportReport) -> str:
    """One line for a toast after an import."""
    text = f"Imported {report.created:,} new contact{'s' if report.created != 1 else ''}"
    if report.merged:
        text += f", added to {report.merged:,} existing"
    if report.rejected:
        text += f"; {len(report.rejected):,} rejected"
    return text
