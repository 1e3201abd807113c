"""The dashboard's charts, drawn by plotext (through textual-plotext) in the colours of the app's theme.

textual-plotext gives the plot the theme's surface and foreground; the bars and lines take the
theme's primary, accent and secondary colours here. A chart is drawn afresh at every render, so it
follows the terminal's size and a change of theme.

Importing plotext costs some tens of milliseconds: the dashboard imports this module only once its
figures are read, so its first frame does not wait for it.
"""

from __future__ import annotations

from datetime import date

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
        if not self.data:
            return
        weeks: list[WeekCount] = self.data
        plot = self.plt
        positions = list(range(1, len(weeks) + 1))
        counts = [item.count for item in weeks]
        plot.bar(positions, counts, color=self.colour("primary"), width=0.4)
        every = 1 if self.size.width >= 12 * 7 else 2 if self.size.width >= 12 * 4 else 3
        shown = [position for position in positions if (len(weeks) - position) % every == 0]
        plot.xticks(shown, [week_label(weeks[position - 1].week) for position in shown])
        ticks = value_ticks(max(counts))
        plot.yticks(ticks, [short_number(tick) for tick in ticks])
        plot.ylim(0, ticks[-1])
        plot.xlim(0.5, len(weeks) + 0.5)  # room for the last week's label


class MediumChart(Chart):
    """Meetings per medium as horizontal bars, the most used on top."""

    def draw(self) -> None:
        if not self.data:
            return
        mediums: list[MediumCount] = self.data
        plot = self.plt
        # One row per medium from the top: plotext puts the value y on row (y - low) / (high - low)
        # of the plot's rows, so with the limits at 1 and the row count every bar gets a row of its own.
        rows = max(self.size.height - 1, len(mediums))  # the last line holds the value ticks
        positions = [rows - index for index in range(len(mediums))]
        counts = [item.count for item in mediums]
        plot.bar(positions, counts, orientation="horizontal", color=self.colour("accent"), width=0.4)
        plot.yticks(positions, [MEDIUM_LABELS.get(item.medium, item.medium) for item in mediums])
        plot.ylim(1, rows)
        ticks = value_ticks(max(counts), 2 if self.size.width < 40 else 3)
        plot.xticks(ticks, [short_number(tick) for tick in ticks])
        plot.xlim(0, ticks[-1])


class ContactsAddedChart(Chart):
    """The number of contacts at the end of each month, as a line."""

    def draw(self) -> None:
        if not self.data:
            return
        months: list[MonthTotal] = self.data
        plot = self.plt
        positions = list(range(len(months)))
        totals = [item.total for item in months]
        plot.plot(positions, totals, color=self.colour("secondary"), marker="hd")
        every = 2 if self.size.width >= 12 * 5 else 3 if self.size.width >= 12 * 3 else 4
        shown = [position for position in positions if (len(months) - 1 - position) % every == 0]
        plot.xticks(shown, [f"{months[position].month:%b}" for position in shown])
        lowest, highest = min(totals), max(totals)
        ticks = value_ticks(highest)
        floor = max(0, [tick for tick in ticks if tick <= lowest][-1]) if lowest > 0 else 0
        ticks = [tick for tick in ticks if tick >= floor]
        plot.yticks(ticks, [short_number(tick) for tick in ticks])
        plot.ylim(floor, ticks[-1])
