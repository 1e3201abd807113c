"""The dashboard (seed 004 module 8, seed 003): who to talk to and what is due, and how the networking goes.

The frame shows at once with placeholders; one thread worker reads the figures and lists
(`stats.overview`), then the charts' data (`stats.charts`), and each part fills in as it arrives.
The chart widgets (plotext) are imported by that worker and mounted only then, so the first frame
never waits for plotext.

Every item is reachable by keyboard: tab and shift+tab move between the cards, the suggestion and
the lists, the arrows within them, and enter opens the contact, the deal or the list behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import import_module

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from .. import clock, stats, suggestions
from ..agenda import UpcomingDate
from ..deals import STAGE_LABELS
from ..errors import CrmError
from ..followups import FollowUp
from ..interactions import MEDIUM_LABELS
from ..stats import Charts, ContactLine, DealLine, Overview, StageTotal
from ..widgets.dashboard_list import DashboardList, ListRow
from ..widgets.footer import CrmFooter
from ..widgets.stat_card import StatCard, short_number
from ..widgets.suggestion_card import SuggestionCard, SuggestionView
from .base import CrmScreen, thread_connection

CARDS = (
    ("contacts", "contacts"),
    ("meetings", "meetings"),
    ("followups", "follow-ups"),
    ("attention", "need attention"),
)
"""The headline cards: id suffix and label."""
LISTS = (
    ("upcoming", "Coming up · 7 days", 3, 1),
    ("followups", "Follow-ups", 3, 1),
    ("recent", "Recently contacted", 2, 0),
    ("attention", "Needs attention", 2, 0),
    ("deals", "Open deals", 3, 1),
)
"""The lists: id suffix, title, number of columns, and the column (names) that takes the room left."""
CHARTS = (
    ("weeks", "Meetings per week", "last 12 weeks"),
    ("mediums", "Meetings by medium", "last 12 months"),
    ("months", "Contacts", "at the end of each month"),
)
"""The charts: id suffix, title and subtitle (the period shown)."""
EMPTY_NOTES = {
    "upcoming": "No birthdays or anniversaries in the next 7 days.",
    "followups": "No follow-ups pending.",
    "recent": "Nobody contacted yet: press l to log a conversation.",
    "attention": "Everyone has heard from you lately.",
    "deals": "No open deals.",
    "weeks": "No meetings in the last 12 weeks.",
    "mediums": "No meetings in the last 12 months.",
    "months": "No contacts yet.",
}
MORE = "more:"
"""Row keys that open a whole list rather than one item."""


def day_label(day: date, today: date) -> str:
    """ "today", "tomorrow", "yesterday", "Mon 23" within a week, "23 Nov" this year, else "23 Nov 2024"."""
    offset = (day - today).days
    if -1 <= offset <= 1:
        return ("yesterday", "today", "tomorrow")[offset + 1]
    if abs(offset) < 7:
        return f"{day:%a} {day.day}"
    return f"{day.day} {day:%b}" if day.year == today.year else f"{day.day} {day:%b %Y}"


def days_ago(days: int) -> str:
    return "today" if days == 0 else "yesterday" if days == 1 else f"{days:,} days ago"


def money(totals: dict[str, int]) -> str:
    """The largest per-currency total, short, and how many other currencies: "20.7M EUR +2".

    Amounts are stored in thousandths; currencies are never added together.
    """
    if not totals:
        return ""
    (currency, value), *others = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return f"{short_number(value / 1000)} {currency}" + (f" +{len(others)}" if others else "")


class DashboardScreen(CrmScreen):
    """Where crm opens: the figures, today's suggestion, what is due, and three charts."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]
    AUTO_FOCUS = "#card-contacts"
    BINDINGS = [
        Binding(
            "i",
            "advance_suggestion('initiated')",
            "Initiated",
            id="dashboard.initiated",
            tooltip="Mark today's suggestion initiated",
        ),
        Binding("x", "advance_suggestion('done')", "Done", id="dashboard.done", tooltip="Mark today's suggestion done"),
        Binding("o", "open_suggestion", "Suggestion", id="dashboard.open", tooltip="Open today's suggested contact"),
        Binding("r", "reload", "Refresh", id="dashboard.refresh", tooltip="Read the figures again"),
    ]
    SUGGESTION_KEYS = (("initiated", "dashboard.initiated"), ("done", "dashboard.done"), ("open", "dashboard.open"))

    @dataclass
    class Loaded(Message):
        """The figures and lists, read in a worker."""

        overview: Overview

    @dataclass
    class ChartsLoaded(Message):
        """The charts' data, read in a worker after the figures."""

        charts: Charts

    def __init__(self, actor) -> None:
        super().__init__(actor)
        self.suggestion: suggestions.TodaysSuggestion | None = None
        """Today's suggestion as last loaded; the card's keys act on it."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="dashboard-body"):
            with Horizontal(id="dashboard-cards"):
                for name, label in CARDS:
                    yield StatCard(label, id=f"card-{name}")
            card = SuggestionCard(id="dashboard-suggestion")
            card.display = False
            yield card
            yield Static(id="dashboard-empty")
            with Grid(id="dashboard-lists"):
                for name, title, columns, flex in LISTS:
                    with Vertical(id=f"panel-{name}", classes="dashboard-panel") as panel:
                        panel.border_title = title
                        yield DashboardList(columns, flex, id=f"list-{name}")
                        yield Static("…", classes="panel-note")
            with Grid(id="dashboard-charts"):
                for name, title, subtitle in CHARTS:
                    with Vertical(id=f"chart-{name}", classes="dashboard-panel chart-panel") as panel:
                        panel.border_title = title
                        panel.border_subtitle = subtitle
                        yield Static("…", classes="panel-note")
        yield CrmFooter()

    def on_screen_resume(self) -> None:
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard")
    def load(self) -> None:
        """Read the figures and lists, then the charts' data, off the UI thread; each part is shown as it comes."""
        worker = get_current_worker()
        with thread_connection():
            overview = stats.overview(self.actor)
            if worker.is_cancelled:
                return
            self.post_message(self.Loaded(overview))
            charts = stats.charts(self.actor)
        import_module("tui.widgets.charts")  # plotext is imported here, off the UI thread

        if not worker.is_cancelled:
            self.post_message(self.ChartsLoaded(charts))

    # -- showing -----------------------------------------------------------------------------------------------

    def on_dashboard_screen_loaded(self, event: Loaded) -> None:
        data = event.overview
        self.show_cards(data)
        self.suggestion = data.suggestion
        keys = {name: self.key_for(binding_id) for name, binding_id in self.SUGGESTION_KEYS}
        self.query_one(SuggestionCard).show(SuggestionView(data.suggestion, data.weekend, data.suggestion_stats, keys))
        today = clock.now().astimezone(self.actor.tz).date()
        self.show_list("upcoming", self.upcoming_rows(data.upcoming, today))
        self.show_list("followups", self.followup_rows(data, today))
        self.show_list("recent", self.recent_rows(data.recent))
        self.show_list("attention", self.attention_rows(data))
        self.show_list("deals", self.deal_rows(data.deals, data.closing, today))
        self.query_one("#panel-attention").border_title = f"Needs attention · {data.attention.days}+ days"
        self.query_one("#dashboard-lists").refresh(layout=True)  # the rows' heights follow the lists' new lengths
        empty = data.headline.contacts == 0
        self.set_class(empty, "-empty")
        if empty:
            self.query_one("#dashboard-empty", Static).update(self.empty_text())
        self.refresh_bindings()

    def show_cards(self, data: Overview) -> None:
        figures = data.headline
        cards = {name: self.query_one(f"#card-{name}", StatCard) for name, _label in CARDS}
        cards["contacts"].value = figures.contacts
        cards["meetings"].value = figures.meetings_this_month
        month = clock.now().astimezone(self.actor.tz).strftime("%B")
        cards["meetings"].details = (Content.styled("this month", "$text-muted"), Content.styled(month, "$text-muted"))
        cards["followups"].value = figures.followups_overdue + figures.followups_upcoming
        cards["followups"].details = (
            Content.styled(
                f"{figures.followups_overdue:,} overdue", "$text-error" if figures.followups_overdue else "$text-muted"
            ),
            Content.styled(f"{figures.followups_upcoming:,} upcoming", "$text-muted"),
        )
        cards["attention"].value = figures.needs_attention
        cards["attention"].details = (
            Content.styled(f"{data.attention.days}+ days", "$text-muted"),
            Content.styled("without contact", "$text-muted"),
        )

    def show_list(self, name: str, rows: list[ListRow]) -> None:
        """Fill a list; a list without rows says so, and tab passes it by."""
        table = self.query_one(f"#list-{name}", DashboardList)
        table.fill(rows)
        table.display = bool(rows)
        table.can_focus = bool(rows)
        note = self.query_one(f"#panel-{name} .panel-note", Static)
        note.update(EMPTY_NOTES[name])
        note.display = not rows

    def upcoming_rows(self, upcoming: list[UpcomingDate], today: date) -> list[ListRow]:
        rows = []
        for item in upcoming[: stats.LIST_SIZE]:
            years = f" {item.years}" if item.years is not None else ""
            rows.append(
                ListRow(f"contact:{item.contact_id}", (day_label(item.day, today), item.name, f"{item.kind}{years}"))
            )
        if len(upcoming) > len(rows):
            rows.append(self.more_row("notifications", f"all {len(upcoming):,}"))
        return rows

    def followup_rows(self, data: Overview, today: date) -> list[ListRow]:
        colours = self.app.get_css_variables()
        rows = []
        for item in data.followups:
            item: FollowUp
            tone = colours["text-error"] if item.overdue else colours["text-primary"]
            rows.append(
                ListRow(
                    f"contact:{item.contact_id}",
                    (
                        Text(day_label(item.due_on, today), style=tone),
                        item.contact_name,
                        MEDIUM_LABELS.get(item.medium, item.medium),
                    ),
                )
            )
        pending = data.headline.followups_overdue + data.headline.followups_upcoming
        if pending > len(rows):
            rows.append(self.more_row("followups", f"all {pending:,}"))
        return rows

    def recent_rows(self, recent: list[ContactLine]) -> list[ListRow]:
        rows = [ListRow(f"contact:{line.contact_id}", (line.name, days_ago(line.days))) for line in recent]
        if rows:
            rows.append(self.more_row("timeline", "the timeline"))
        return rows

    def attention_rows(self, data: Overview) -> list[ListRow]:
        rows = []
        for line in data.attention.contacts:
            since = f"{line.days:,} days" + ("" if line.last_contacted_at else " · never")
            rows.append(ListRow(f"contact:{line.contact_id}", (line.name, since)))
        if data.attention.count > len(rows):
            rows.append(self.more_row("neglected", f"all {data.attention.count:,}"))
        return rows

    def deal_rows(self, stages: list[StageTotal], closing: list[DealLine], today: date) -> list[ListRow]:
        if not any(stage.count for stage in stages):
            return []
        rows = [
            ListRow(f"stage:{stage.stage}", (STAGE_LABELS[stage.stage], f"{stage.count:,}", money(stage.totals)))
            for stage in stages
        ]
        muted = self.app.get_css_variables()["text-muted"]
        for deal in closing:
            rows.append(
                ListRow(
                    f"deal:{deal.deal_id}",
                    (
                        Text(day_label(deal.expected_close, today), style=muted),
                        deal.title,
                        money({deal.currency: deal.value_milli}),
                    ),
                )
            )
        return rows

    def more_row(self, target: str, label: str) -> ListRow:
        muted = self.app.get_css_variables()["text-muted"]
        return ListRow(f"{MORE}{target}", (Text("→", style=muted), Text(label, style=f"italic {muted}")))

    def on_dashboard_screen_charts_loaded(self, event: ChartsLoaded) -> None:
        from ..widgets.charts import ContactsAddedChart, MediumChart, WeeklyMeetingsChart

        data = event.charts
        shown = {
            "weeks": (WeeklyMeetingsChart, data.weeks if any(item.count for item in data.weeks) else []),
            "mediums": (MediumChart, data.mediums),
            "months": (ContactsAddedChart, data.months if any(item.total for item in data.months) else []),
        }
        for name, (chart_type, rows) in shown.items():
            panel = self.query_one(f"#chart-{name}")
            note = panel.query_one(".panel-note", Static)
            note.update(EMPTY_NOTES[name])
            note.display = not rows
            charts = panel.query(chart_type)
            if charts:
                chart = charts.first()
            else:
                chart = chart_type(id=f"plot-{name}")
                panel.mount(chart)
            chart.display = bool(rows)
            chart.show(rows)

    def empty_text(self) -> str:
        add = self.app.key_display_for("contact.add")
        contacts_key = self.app.key_display_for("go.contacts")
        return (
            "[b]No contacts yet.[/b] Three ways to start:\n\n"
            f"  • press [b]{add}[/b] to add your first contact\n"
            f"  • import a vCard or CSV file: press [b]{contacts_key}[/b] for the contacts, then [b]I[/b]\n"
            "  • or run [b]crm demo[/b] in a shell to load realistic demo data\n\n"
            "The figures, lists and charts of this dashboard fill in as you log conversations."
        )

    # -- opening what is behind an item -------------------------------------------------------------------------

    async def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not isinstance(event.data_table, DashboardList):
            return
        kind, _, value = event.data_table.target(event.cursor_row).partition(":")
        if kind == "contact":
            self.open_contact(int(value))
        elif kind == "deal":
            from .deal_detail import DealDetailScreen

            self.app.push_screen(DealDetailScreen(self.actor, int(value)))
        elif kind == "stage":
            await self.open_stage(value)
        elif kind + ":" == MORE:
            self.open_list(value)

    def on_stat_card_chosen(self, event: StatCard.Chosen) -> None:
        target = {
            "card-contacts": "contacts",
            "card-meetings": "timeline",
            "card-followups": "followups",
            "card-attention": "neglected",
        }[event.card.id or ""]
        self.open_list(target)

    def on_suggestion_card_opened(self, event: SuggestionCard.Opened) -> None:
        self.open_contact(event.contact_id)

    def open_contact(self, contact_id: int) -> None:
        from .contact_detail import ContactDetailScreen  # screens are imported when first opened

        self.app.push_screen(ContactDetailScreen(self.actor, contact_id))

    def open_list(self, target: str) -> None:
        """Switch to the screen behind a card or a "more" row: contacts, timeline, follow-ups, neglected contacts."""
        if target != "neglected":
            self.app.switch_mode(target)
            return
        from ..contacts import ContactFilter
        from .contacts import ContactsScreen, PageRequest

        self.app.switch_mode("contacts")
        screen = self.app.screen
        if isinstance(screen, ContactsScreen):
            # The list reads its request when it comes to the front: active contacts, longest without contact first.
            screen.request = PageRequest(ContactFilter(active=True), "last_contacted", 0)

    async def open_stage(self, stage: str) -> None:
        """The pipeline board with the column of `stage` focused."""
        from .pipeline import PipelineScreen

        await self.app.switch_mode("pipeline")
        screen = self.app.screen
        if isinstance(screen, PipelineScreen):
            screen.call_after_refresh(lambda: screen.column(stage).card_list.focus())

    # -- today's suggestion --------------------------------------------------------------------------------------

    def key_for(self, binding_id: str) -> str:
        """How the key of this screen's binding `binding_id` is shown, as the user has it mapped."""
        for active in self.active_bindings.values():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding)
        return "?"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "advance_suggestion":
            if self.suggestion is None:
                return False
            wanted = parameters[0] if parameters else ""
            allowed = {"initiated": ("sent",), "done": ("sent", "initiated")}.get(str(wanted), ())
            return True if self.suggestion.status in allowed else None
        if action == "open_suggestion":
            return self.suggestion is not None
        return True

    def action_advance_suggestion(self, status: str) -> None:
        if self.suggestion is None:
            return
        try:
            moved = suggestions.advance(self.actor, status)
        except CrmError as error:
            self.notify(str(error), severity="error", markup=False)
        else:
            self.notify(f"{moved.contact_name}: {status}", markup=False)
        self.load()

    def action_open_suggestion(self) -> None:
        if self.suggestion is not None:
            self.open_contact(self.suggestion.contact_id)
