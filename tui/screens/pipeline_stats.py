"""Pipeline statistics: conversion from each stage to the next, days in stage, won and lost per month."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from .. import pipeline_stats
from ..deals import STAGE_LABELS, format_value
from ..pipeline_stats import Conversion, MonthTotal
from ..widgets.footer import CrmFooter
from .base import CrmScreen, thread_connection


@dataclass(frozen=True)
class Statistics:
    """The three tables, read together in a worker."""

    conversions: list[Conversion]
    average_days: dict[str, float]
    months: list[MonthTotal]


def month_rows(months: list[MonthTotal]) -> list[tuple[str, str, int, int, int, int]]:
    """(month, currency, won value, won count, lost value, lost count), one row per month and currency."""
    rows: dict[tuple[str, str], list[int]] = {}
    for total in months:
        entry = rows.setdefault((total.month, total.currency), [0, 0, 0, 0])
        offset = 0 if total.stage == "closed_won" else 2
        entry[offset] += total.value_milli
        entry[offset + 1] += total.count
    return [(month, currency, *values) for (month, currency), values in sorted(rows.items())]


class PipelineStatsScreen(CrmScreen):
    """How the pipeline flows: tables now, charts in a later issue."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="pipeline_stats.back", tooltip="Back to the board"),
    ]

    @dataclass
    class Loaded(Message):
        """The statistics, read in a worker."""

        statistics: Statistics

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="stats-body"):
            yield Static("reading the pipeline…", id="stats-conversions")
            yield Static(id="stats-days")
            yield Static(id="stats-months")
        yield CrmFooter()

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="pipeline-stats")
    def load(self) -> None:
        """Read the statistics off the UI thread."""
        with thread_connection():
            statistics = Statistics(
                pipeline_stats.conversions(self.actor),
                pipeline_stats.average_days_in_stage(self.actor),
                pipeline_stats.closed_by_month(self.actor),
            )
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(statistics))

    def on_pipeline_stats_screen_loaded(self, event: Loaded) -> None:
        statistics = event.statistics
        self.query_one("#stats-conversions", Static).update(self._conversions(statistics.conversions))
        self.query_one("#stats-days", Static).update(self._days(statistics.average_days))
        self.query_one("#stats-months", Static).update(self._months(statistics.months))

    @staticmethod
    def _table(*columns: tuple[str, str]) -> Table:
        table = Table(expand=False, pad_edge=False, box=None, header_style="dim", padding=(0, 2))
        for label, justify in columns:
            table.add_column(label, justify=justify, no_wrap=True)
        return table

    @staticmethod
    def _heading(title: str) -> Text:
        return Text(title, style="bold underline")

    def _conversions(self, conversions: list[Conversion]) -> RenderableType:
        table = self._table(
            ("From", "left"), ("To", "left"), ("Reached", "right"), ("Went on", "right"), ("Rate", "right")
        )
        for conversion in conversions:
            rate = f"{conversion.rate:.0%}" if conversion.reached else "—"
            table.add_row(
                STAGE_LABELS[conversion.stage],
                STAGE_LABELS[conversion.next_stage],
                f"{conversion.reached:,}",
                f"{conversion.advanced:,}",
                rate,
            )
        return Group(self._heading("Conversion to the next stage"), table, Text(""))

    def _days(self, average_days: dict[str, float]) -> RenderableType:
        table = self._table(("Stage", "left"), ("Days", "right"))
        for stage, days in average_days.items():
            table.add_row(STAGE_LABELS[stage], f"{days:.1f}")
        return Group(self._heading("Average days in stage"), table, Text(""))

    def _months(self, months: list[MonthTotal]) -> RenderableType:
        rows = month_rows(months)
        if not rows:
            return Group(self._heading("Won and lost per month"), Text("no deal closed yet", style="dim"))
        table = self._table(
            ("Month", "left"), ("Currency", "left"), ("Won", "right"), ("#", "right"), ("Lost", "right"), ("#", "right")
        )
        for month, currency, won, won_count, lost, lost_count in rows:
            table.add_row(
                month,
                currency,
                format_value(won, currency),
                f"{won_count:,}",
                format_value(lost, currency),
                f"{lost_count:,}",
            )
        return Group(self._heading("Won and lost per month, each currency apart"), table)

    def action_back(self) -> None:
        self.dismiss()
