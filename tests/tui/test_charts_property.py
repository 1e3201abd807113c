"""Every dashboard chart draws any series at any size: empty, one point, flat, huge, in a cell or a wall.

The drawing functions of tui/widgets/charts.py are plotted on a real plotext figure (textual-plotext's Plot) and
built, as the widget does at each render; hypothesis chooses the series and the size. The regression that made
this test: a contact count that did not change in 12 months (a flat line) divided by zero and stopped the app.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from textual_plotext.plot import Plot

from tui.models import MEDIUMS
from tui.stats import MediumCount, MonthTotal, WeekCount
from tui.widgets.charts import draw_contacts_added, draw_mediums, draw_weekly_meetings

EXAMPLES = 250
"""Examples per chart (three charts: 750 in all)."""
COLOUR = (10, 20, 30)
sizes = st.tuples(st.integers(0, 250), st.integers(0, 70))
counts = st.one_of(st.integers(0, 5), st.integers(0, 10**12))


def build(draw, data, width: int, height: int) -> str:
    """What the widget does at each render: a fresh figure, the chart drawn on it, built at the size."""
    plot = Plot()
    plot.clear_figure()
    plot.frame(False)
    draw(plot, data, width, height, COLOUR)
    plot.plotsize(width, height)
    plot._set_size(width, height)
    return plot.build()


def weeks_of(values: list[int]) -> list[WeekCount]:
    return [WeekCount(date(2026, 1, 5) + timedelta(weeks=index), value) for index, value in enumerate(values)]


def months_of(values: list[int]) -> list[MonthTotal]:
    return [MonthTotal(date(2025 + index // 12, index % 12 + 1, 1), 0, value) for index, value in enumerate(values)]


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(counts, max_size=60), sizes)
def test_the_weekly_meetings_chart_draws_any_series_at_any_size(values, size):
    built = build(draw_weekly_meetings, weeks_of(values), *size)
    if values and size[0] >= 12 and size[1] >= 4:
        assert "38;2;10;20;30" in built  # the bars are drawn, in the chart's colour


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(MEDIUMS) | st.text(max_size=20), counts), max_size=len(MEDIUMS) + 3),
    sizes,
)
def test_the_medium_chart_draws_any_series_at_any_size(rows, size):
    build(draw_mediums, [MediumCount(medium, count) for medium, count in rows], *size)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.one_of(
        st.lists(counts, max_size=36),
        st.builds(lambda value, length: [value] * length, counts, st.integers(1, 24)),  # flat: nothing changed
    ),
    sizes,
)
def test_the_contacts_added_chart_draws_any_series_at_any_size(values, size):
    built = build(draw_contacts_added, months_of(values), *size)
    if values and size[0] >= 12 and size[1] >= 4:
        assert "38;2;10;20;30" in built


def test_a_flat_year_draws_its_line_between_two_ticks():
    # The crash of the issue: 100 contacts at the end of each of the last 12 months.
    built = build(draw_contacts_added, months_of([100] * 12), 60, 12)
    assert "38;2;10;20;30" in built and "100" in built and " 50" in built


def test_one_month_and_a_zero_line_draw_too():
    assert "100" in build(draw_contacts_added, months_of([100]), 60, 12)
    assert "38;2;10;20;30" in build(draw_contacts_added, months_of([0] * 12), 60, 12)
