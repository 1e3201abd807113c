"""The dashboard's charts, drawn by plotext (through textual-plotext) in the colours of the app's theme.

textual-plotext gives the plot the theme's surface and foreground; the bars and lines take the
theme's primary, accent and secondary colours here. A chart is drawn afresh at every render, so it
follows the terminal's size and a change of theme.

Importing plotext costs some tens of milliseconds: the dashboard imports this module only once its
figures are read, so its first frame does not wait for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from plotext import _utility as plotext_utility
from textual.color import Color
from textual_plotext import PlotextPlot

from ..interactions import MEDIUM_LABELS
from ..stats import MediumCount, MonthTotal, WeekCount
from .stat_card import short_number

# plotext drops duplicate ticks through a set(), so it draws tick labels in hash order, which changes
# from one run to the next; where two labels compete for room a different one wins each time. Its own
# order-keeping version (left commented out in plotext for speed) makes the same data look the same.
plotext_utility.no_duplicates = lambda data: list(dict.fromkeys(data))


def value_ticks(highest: int, count: int = 3) -> list[int]:
    """Up to `count` + 1 round tick values from 0 to at least `highest`."""
    if highest <= 0:
        return [0, 1]
    step = max(1, highest / count)
    magnitude = 10 ** (len(str(int(step))) - 1)
    step = next(nice * magnitude for nice in (1, 2, 2.5, 5, 10) if nice * magnitude >= step)
    step = int(step) if step >= 1 else 1
    ticks = list(range(0, highest + step, step))
    return ticks if ticks[-1] >= highest else [*ticks, ticks[-1] + step]


RGB = tuple[int, int, int]
MIN_PLOT_WIDTH = 3
"""Columns a plot needs beside its tick labels: plotext fails to draw bars in fewer."""


def has_room(width: int, height: int, side_labels: Sequence[str]) -> bool:
    """Whether a chart of `width` x `height` cells has room to plot beside its side labels (else it stays blank)."""
    label_width = max((len(label) for label in side_labels), default=3)
    return height >= 2 and width - label_width - 1 >= MIN_PLOT_WIDTH


def draw_weekly_meetings(plot: Any, weeks: Sequence[WeekCount], width: int, height: int, colour: RGB) -> None:
    """Meetings per ISO week as vertical bars on `plot`, the oldest week on the left."""
    if not weeks:
        return
    positions = list(range(1, len(weeks) + 1))
    counts = [max(item.count, 0) for item in weeks]
    ticks = value_ticks(max(counts))
    if not has_room(width, height, [short_number(tick) for tick in ticks]):
        return
    plot.bar(positions, counts, color=colour, width=0.4)
    every = 1 if width >= 12 * 7 else 2 if width >= 12 * 4 else 3
    shown = [position for position in positions if (len(weeks) - position) % every == 0]
    plot.xticks(shown, [week_label(weeks[position - 1].week) for position in shown])
    plot.yticks(ticks, [short_number(tick) for tick in ticks])
    plot.ylim(0, ticks[-1])
    plot.xlim(0.5, len(weeks) + 0.5)  # room for the last week's label


def draw_mediums(plot: Any, mediums: Sequence[MediumCount], width: int, height: int, colour: RGB) -> None:
    """Meetings per medium as horizontal bars on `plot`, the most used on top."""
    labels = [MEDIUM_LABELS.get(item.medium, item.medium) for item in mediums]
    if not mediums or not has_room(width, height, labels):
        return
    # One row per medium from the top: plotext puts the value y on row (y - low) / (high - low)
    # of the plot's rows, so with the limits at 1 and the row count every bar gets a row of its own.
    # At least two rows, so that one medium on a one-line chart still has a range to sit in.
    rows = max(height - 1, len(mediums), 2)  # the last line holds the value ticks
    positions = [rows - index for index in range(len(mediums))]
    counts = [max(item.count, 0) for item in mediums]
    plot.bar(positions, counts, orientation="horizontal", color=colour, width=0.4)
    plot.yticks(positions, labels)
    plot.ylim(1, rows)
    ticks = value_ticks(max(counts), 2 if width < 40 else 3)
    plot.xticks(ticks, [short_number(tick) for tick in ticks])
    plot.xlim(0, ticks[-1])


def draw_contacts_added(plot: Any, months: Sequence[MonthTotal], width: int, height: int, colour: RGB) -> None:
    """The number of contacts at the end of each month as a line on `plot`.

    A flat line (no contact added or removed in the months shown) gets a range around its value and one point
    gets a width of its own: plotext divides by both spans, so neither may be zero.
    """
    if not months or not has_room(width, height, []):
        return
    positions = list(range(len(months)))
    totals = [max(item.total, 0) for item in months]
    plot.plot(positions, totals, color=colour, marker="hd")
    every = 2 if width >= 12 * 5 else 3 if width >= 12 * 3 else 4
    shown = [position for position in positions if (len(months) - 1 - position) % every == 0]
    plot.xticks(shown, [f"{months[position].month:%b}" for position in shown])
    lowest, highest = min(totals), max(totals)
    ticks = value_ticks(highest)
    floor = max(0, [tick for tick in ticks if tick <= lowest][-1]) if lowest > 0 else 0
    ticks = [tick for tick in ticks if tick >= floor]
    if len(ticks) < 2:  # a flat line on a tick: show the step below it too
        below = [tick for tick in value_ticks(highest) if tick < floor]
        floor = below[-1] if below else 0
        ticks = [floor, *ticks] if floor < ticks[0] else [floor, floor + 1]
    plot.yticks(ticks, [short_number(tick) for tick in ticks])
    plot.ylim(floor, ticks[-1])
    if len(months) == 1:
        plot.xlim(-0.5, 0.5)


class Chart(PlotextPlot):
    """A chart of the dashboard: `show()` gives it data; it draws in the theme's colours."""

    DEFAULT_CSS = """
    Chart {
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: list = []

    def show(self, data: list) -> None:
        """Draw `data` (the stats module's rows for this chart)."""
        self.data = list(data)
        self.refresh()

    def colour(self, variable: str) -> tuple[int, int, int]:
        """A colour of the current theme, by its variable name (primary, accent...), as RGB."""
        return Color.parse(self.app.theme_variables[variable]).rgb

    def render(self):
        # Drawn afresh at every render: a resize changes how many tick labels fit, and a theme
        # change (textual-plotext refreshes the widget then) the colours.
        # clear_figure, not clear_data: ticks and limits of an earlier render (at another size) must not
        # carry over, or the same data would come out differently depending on how often it was drawn.
        plot = self.plt
        plot.clear_figure()
        plot.frame(False)
        self.draw()
        return super().render()

    def draw(self) -> None:
        """Plot `self.data` on `self.plt`, at the widget's current size."""
        raise NotImplementedError


def week_label(week: date) -> str:
    return f"{week.day} {week:%b}"


class WeeklyMeetingsChart(Chart):
    """Meetings per ISO week as vertical bars, the oldest week on the left."""

    def draw(self) -> None:
        draw_weekly_meetings(self.plt, self.data, self.size.width, self.size.height, self.colour("primary"))


class MediumChart(Chart):
    """Meetings per medium as horizontal bars, the most used on top."""

    def draw(self) -> None:
        draw_mediums(self.plt, self.data, self.size.width, self.size.height, self.colour("accent"))


class ContactsAddedChart(Chart):
    """The number of contacts at the end of each month, as a line."""

    def draw(self) -> None:
        draw_contacts_added(self.plt, self.data, self.size.width, self.size.height, self.colour("secondary"))
