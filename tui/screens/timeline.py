"""The timeline: every interaction, newest first, under a heading per day, a window of pages at a time.

Scaling: pages of PAGE_SIZE rows are read by keyset (timeline.page after the previous page's
cursor), so page 10,000 costs what page 1 does. The table holds at most MAX_PAGES pages: moving
near its end appends the next page and drops the first; moving near its top reloads the page before
from its remembered start cursor and drops the last. Only the start cursor of each page passed is
kept (a moment and an id), so even a million interactions scrolled through hold ~300 rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, DataTable, Header, Input, Select, Static
from textual.worker import Worker, WorkerState, get_current_worker

from .. import clock, contacts, timeline, timeparse
from ..errors import CrmError, ValidationError
from ..interactions import MEDIUM_LABELS
from ..scope import Actor
from ..timeline import Cursor, TimelineFilter, TimelineRow
from ..widgets.field import Field, text_input
from ..widgets.footer import CrmFooter
from ..widgets.plain import Plain, PlainTable
from .base import CrmScreen, cursor_key, thread_connection
from .contact_detail import ContactDetailScreen
from .contact_picker import NO_CONTACT, ContactPickerScreen
from .log_interaction import InteractionDialog, medium_options

PAGE_SIZE = 100
MAX_PAGES = 3
"""How many pages the table holds at most; older ones are dropped and read again when needed."""
NEAR = 10
"""How close to either end of the table the cursor gets before the next page is asked for."""
COLUMNS = (("When", 15), ("Contact", 18), ("Medium", 12), ("Notes", 28), ("Outcome", 12))
DAY_KEY = "day-"


def day_heading(day: date) -> Text:
    """The heading row's label: "Fri 20 Nov 2026"."""
    return Text(day.strftime("%a %d %b %Y"), style="bold")


def first_line(text: str) -> str:
    """The first non-empty line of `text`."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


class TimelineScreen(CrmScreen):
    """Every interaction across contacts, newest first; filters, search, and the interaction dialog."""

    BINDINGS = [
        Binding(
            "slash",
            "focus_search",
            "Search",
            id="timeline.search",
            key_display="/",
            tooltip="Search the notes as you type",
        ),
        Binding("f", "filter", "Filter", id="timeline.filter", tooltip="Filter by medium, contact, tag or dates"),
        Binding(
            "i", "only_person", "Only them", id="timeline.person", tooltip="Only this row's contact (again: everyone)"
        ),
        Binding("o", "open_contact", "Contact", id="timeline.contact", tooltip="Open this row's contact"),
        Binding("escape", "clear_filters", "Clear", id="timeline.clear", tooltip="Clear the search and filters"),
    ]

    @dataclass
    class PagesLoaded(Message):
        """Consecutive pages from page `index`, read in a worker for request `generation`."""

        generation: int
        index: int
        pages: list[list[TimelineRow]]
        replace: bool

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor)
        self.spec = TimelineFilter()
        self.contact_name = ""
        """The name of the contact the timeline is filtered to, for the status line."""
        self.generation = 0
        self.pages: list[list[TimelineRow]] = []
        self.first_page = 0
        self.starts: list[Cursor | None] = [None]
        """starts[k] is the cursor page k is read after: the whole way down, two values a page."""
        self.last_page: int | None = None
        self.fetching = False
        self.last_day: date | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            placeholder="Search notes: press / (escape clears every filter)", id="timeline-search", compact=True
        )
        table = PlainTable(id="timeline-table", cursor_type="row")
        for label, width in COLUMNS:
            table.add_column(label, width=width)
        yield table
        yield Plain(id="timeline-status", markup=False)
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        if self.pages:
            self.refresh_window()
        else:
            self.reload()

    # Loading -----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Start again from the newest interaction (after a filter change)."""
        self.generation += 1
        self.starts = [None]
        self.last_page = None
        self.fetching = True
        self._load(self.generation, self.spec, 0, None, 1, True)

    def refresh_window(self) -> None:
        """Read the pages held again (an interaction may have been logged, edited or deleted)."""
        self.generation += 1
        self.fetching = True
        count = max(1, len(self.pages))
        self._load(self.generation, self.spec, self.first_page, self.starts[self.first_page], count, True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="timeline")
    def _load(
        self, generation: int, spec: TimelineFilter, index: int, after: Cursor | None, count: int, replace_window: bool
    ) -> None:
        pages = []
        with thread_connection():
            for _ in range(count):
                rows = timeline.page(self.actor, spec, after=after, limit=PAGE_SIZE)
                pages.append(rows)
                if len(rows) < PAGE_SIZE:
                    break
                after = timeline.cursor_after(rows)
        if not get_current_worker().is_cancelled:
            self.post_message(self.PagesLoaded(generation, index, pages, replace_window))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        super().on_worker_state_changed(event)
        if event.state == WorkerState.ERROR:
            self.fetching = False  # so that moving the cursor asks again

    def on_timeline_screen_pages_loaded(self, event: PagesLoaded) -> None:
        if event.generation != self.generation:
            return  # an answer for filters no longer set
        self.fetching = False
        for offset, rows in enumerate(event.pages):
            self._remember(event.index + offset, rows)
        pages = [rows for rows in event.pages if rows] or ([[]] if event.replace else [])
        if event.replace:
            self.pages, self.first_page = pages, event.index
            self._rebuild(keep_cursor=True)
        elif not pages:
            pass  # the page after the last one was empty
        elif event.index == self.first_page + len(self.pages):
            self.pages.extend(pages)
            if len(self.pages) > MAX_PAGES:
                del self.pages[: len(self.pages) - MAX_PAGES]
                self.first_page = event.index + len(pages) - MAX_PAGES
                self._rebuild(keep_cursor=True)
            else:
                self._append(self.query_one(DataTable), [row for rows in pages for row in rows])
        elif event.index == self.first_page - 1:
            self.pages.insert(0, pages[0])
            self.first_page -= 1
            del self.pages[MAX_PAGES:]
            self._rebuild(keep_cursor=True)
        self._show_status()

    def _remember(self, index: int, rows: list[TimelineRow]) -> None:
        """Note where page `index + 1` starts, and whether `index` was the last page."""
        if len(rows) < PAGE_SIZE:
            self.last_page = index if rows or index == 0 else index - 1
            del self.starts[index + 1 :]
        elif len(self.starts) == index + 1:
            self.starts.append(timeline.cursor_after(rows))
        else:
            self.starts[index + 1] = timeline.cursor_after(rows)

    def _want_more(self) -> None:
        """Ask for the page after or before the window when the cursor nears an end of it."""
        table = self.query_one(DataTable)
        if self.fetching or not self.pages or not table.row_count:
            return
        next_index = self.first_page + len(self.pages)
        if table.cursor_row >= table.row_count - NEAR and (self.last_page is None or next_index <= self.last_page):
            if next_index < len(self.starts):
                self.fetching = True
                self._load(self.generation, self.spec, next_index, self.starts[next_index], 1, False)
        elif table.cursor_row < NEAR and self.first_page > 0:
            self.fetching = True
            index = self.first_page - 1
            self._load(self.generation, self.spec, index, self.starts[index], 1, False)

    # The table ---------------------------------------------------------------------------------

    def held_rows(self) -> list[TimelineRow]:
        """The interactions the table holds now, newest first."""
        return [row for rows in self.pages for row in rows]

    def _rebuild(self, keep_cursor: bool) -> None:
        table = self.query_one(DataTable)
        key = self.highlighted_key() if keep_cursor else None
        table.clear()
        self.last_day = None
        self._append(table, self.held_rows())
        if key is not None and key in table.rows:
            table.move_cursor(row=table.get_row_index(key), scroll=True)
        elif table.row_count:
            table.move_cursor(row=min(1, table.row_count - 1), scroll=True)

    def _append(self, table: DataTable, rows: list[TimelineRow]) -> None:
        for row in rows:
            moment = clock.local(row.occurred_at, self.actor.tz)
            if moment.date() != self.last_day:
                self.last_day = moment.date()
                table.add_row(day_heading(moment.date()), "", "", "", "", key=f"{DAY_KEY}{moment.date()}")
            table.add_row(
                Text("  " + moment.strftime("%H:%M")),
                Text(row.contact_name),
                Text(MEDIUM_LABELS.get(row.medium, row.medium)),
                Text(first_line(row.notes)),
                Text(row.outcome),
                key=str(row.id),
            )

    def highlighted_key(self) -> str | None:
        """The key of the row under the cursor: an interaction id, or a day heading."""
        return cursor_key(self.query_one(DataTable))

    def highlighted_row(self) -> TimelineRow | None:
        """The interaction under the cursor (None on a day heading)."""
        key = self.highlighted_key()
        if key is None or key.startswith(DAY_KEY):
            return None
        return next((row for row in self.held_rows() if row.id == int(key)), None)

    def _show_status(self) -> None:
        held = len(self.held_rows())
        status = self.query_one("#timeline-status", Static)
        filters = self.describe_filters()
        if not held:
            key = self.app.key_display_for("app.log")
            status.update(f"nothing matches: {filters}" if filters else f"no interactions yet: press {key} to log one")
            return
        first = self.first_page * PAGE_SIZE + 1
        at_end = self.last_page is not None and self.first_page + len(self.pages) - 1 >= self.last_page
        line = f"{first:,}–{first + held - 1:,}" + (" · the first one ever" if at_end else " · more below")
        status.update(line + (f" · {filters}" if filters else ""))

    def describe_filters(self) -> str:
        """The filters in force, in words ("" when none)."""
        spec = self.spec
        parts = []
        if spec.medium:
            parts.append(MEDIUM_LABELS.get(spec.medium, spec.medium))
        if spec.contact_id is not None:
            parts.append(f"with {self.contact_name}")
        if spec.tag:
            parts.append(f"#{spec.tag.lstrip('#')}")
        if spec.since or spec.until:
            parts.append(f"{spec.since or '…'} to {spec.until or '…'}")
        if spec.search.strip():
            parts.append(f"“{spec.search.strip()}”")
        return " · ".join(parts)

    # Events and keys ---------------------------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._want_more()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key and not key.startswith(DAY_KEY):
            self.app.push_screen(InteractionDialog(self.actor, int(key)))

    @on(Input.Changed, "#timeline-search")
    def search(self, event: Input.Changed) -> None:
        self.apply(replace(self.spec, search=event.value), self.contact_name)

    @on(Input.Submitted, "#timeline-search")
    def leave_search(self) -> None:
        self.query_one(DataTable).focus()

    def apply(self, spec: TimelineFilter, contact_name: str = "") -> None:
        """Show the timeline through `spec`, from its newest interaction."""
        if spec == self.spec:
            return
        self.spec, self.contact_name = spec, contact_name
        self.reload()

    def action_focus_search(self) -> None:
        self.query_one("#timeline-search", Input).focus()

    def action_clear_filters(self) -> None:
        self.query_one("#timeline-search", Input).value = ""
        self.apply(TimelineFilter())
        self.query_one(DataTable).focus()

    def action_filter(self) -> None:
        self.app.push_screen(TimelineFilterScreen(self.actor, self.spec, self.contact_name), self._filtered)

    def _filtered(self, chosen: tuple[TimelineFilter, str] | None) -> None:
        if chosen is not None:
            self.apply(*chosen)

    def action_only_person(self) -> None:
        if self.spec.contact_id is not None:
            self.apply(replace(self.spec, contact_id=None))
            return
        row = self.highlighted_row()
        if row is not None:
            self.apply(replace(self.spec, contact_id=row.contact_id), row.contact_name)

    def action_open_contact(self) -> None:
        row = self.highlighted_row()
        if row is not None:
            self.app.push_screen(ContactDetailScreen(self.actor, row.contact_id))


class TimelineFilterScreen(ModalScreen[tuple[TimelineFilter, str] | None]):
    """Medium, contact, tag and date range; dismisses with the filter and the contact's name, or None."""

    BINDINGS = [
        Binding("ctrl+s", "apply", "Apply", id="timeline_filter.apply", tooltip="Apply the filters"),
        Binding("ctrl+o", "pick_contact", "Contact", id="timeline_filter.contact", tooltip="Choose the contact"),
        Binding("escape", "cancel", "Cancel", id="timeline_filter.cancel", tooltip="Close without changes"),
    ]

    def __init__(self, actor: Actor, spec: TimelineFilter, contact_name: str = "") -> None:
        super().__init__()
        self.actor = actor
        self.spec = spec
        self.chosen_contact = spec.contact_id
        self.chosen_name = contact_name

    def compose(self) -> ComposeResult:
        spec = self.spec
        with Vertical(id="filter-box"):
            yield Static("Filter the timeline", id="filter-title")
            yield Field(
                "Medium",
                Select(
                    medium_options(),
                    value=spec.medium or Select.NULL,
                    prompt="any medium",
                    compact=True,
                    id="input-medium",
                ),
                name="medium",
            )
            yield Field("Contact", Button(self._contact_label(), id="input-contact", compact=True), name="contact")
            yield Field(
                "Tag",
                text_input(
                    spec.tag,
                    "a tag, e.g. mentee",
                    id="input-tag",
                    suggester=SuggestFromList(contacts.all_tags(self.actor), case_sensitive=False),
                ),
                name="tag",
            )
            yield Field(
                "Since", text_input(str(spec.since or ""), "YYYY-MM-DD or -1w, -1mo", id="input-since"), name="since"
            )
            yield Field(
                "Until", text_input(str(spec.until or ""), "YYYY-MM-DD or today", id="input-until"), name="until"
            )
            yield Static("ctrl+s applies · ctrl+o chooses the contact", id="filter-hint")
        yield CrmFooter()

    def on_mount(self) -> None:
        self.query_one("#input-medium", Select).focus()

    def _contact_label(self) -> str:
        return self.chosen_name if self.chosen_contact is not None else "any contact"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_pick_contact()

    def action_pick_contact(self) -> None:
        self.app.push_screen(ContactPickerScreen(self.actor, "Only interactions with…", allow_none=True), self._picked)

    def _picked(self, contact_id: int | None) -> None:
        if contact_id is None:
            return
        if contact_id == NO_CONTACT:
            self.chosen_contact, self.chosen_name = None, ""
        else:
            try:
                self.chosen_contact, self.chosen_name = contact_id, contacts.get_contact(self.actor, contact_id).name
            except CrmError as error:
                self.notify(str(error), severity="error")
        self.query_one("#input-contact", Button).label = self._contact_label()

    def field(self, name: str) -> Field:
        return self.query_one(f"#field-{name}", Field)

    def _day(self, name: str) -> date | None:
        text = self.field(name).value.strip()
        if not text:
            return None
        return timeparse.parse_day(text, self.actor.tz, clock.now(), name)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_apply()

    def action_apply(self) -> None:
        for field in self.query(Field).results(Field):
            field.clear_error()
        try:
            since, until = self._day("since"), self._day("until")
            if since and until and until < since:
                raise ValidationError("until", f"the range ends ({until}) before it starts ({since})")
        except ValidationError as error:
            field = self.field(error.field)
            field.show_error(error.message)
            field.focus_editor()
            return
        medium = self.query_one("#input-medium", Select).value
        spec = replace(
            self.spec,
            medium=medium if isinstance(medium, str) else "",
            contact_id=self.chosen_contact,
            tag=self.field("tag").value.strip().lstrip("#"),
            since=since,
            until=until,
        )
        self.dismiss((spec, self.chosen_name))

    def action_cancel(self) -> None:
        self.dismiss(None)
