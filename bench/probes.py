"""One benchmark probe per process: `python bench/probes.py NAME --spawned-at T --out FILE [--db PATH]`.

bench/run.py starts this script afresh for every sample, so the imports and
the interpreter's start count as they do when someone types `crm`. Each probe
runs an app headless, times what it is about inside the app's auto pilot, and
writes its figures as JSON to --out: `seconds`, and `rss_mb`, the peak
resident memory of this process.

Adding a probe: write `async def my_probe(pilot, started) -> dict` that
returns at least {"seconds": ...}, and list it in PROBES with the function
that builds its app (the bare app or crm's).
"""

from __future__ import annotations

import time

STARTED = time.time()  # before the heavy imports below, as a fallback when the parent gives no time

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from collections.abc import Awaitable, Callable  # noqa: E402
from functools import partial  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZE = (120, 40)
ROWS = 40
WARM_REFRESHES = 1
TIMED_REFRESHES = 5
WAIT_LIMIT_S = 120
POLL_S = 0.001
COLUMNS = ("Name", "Company", "Relationship", "Tags", "Last contacted", "Status")


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    # getrusage's ru_maxrss would do, but Linux carries the parent's peak across fork and exec
    # into it; VmHWM belongs to this program's own address space alone.
    try:
        for line in Path("/proc/self/status").read_text("ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sample_rows(count: int, salt: int = 0) -> list[tuple[str, ...]]:
    """Rows that look like the contact list's."""
    return [
        (f"Person {salt}-{index}", "Blue Wave GmbH", "friend", "climbing, alumni", "2026-11-19", "all good")
        for index in range(count)
    ]


def bare_app():
    """The floor: a Textual app with a Header, a DataTable of 40 rows and a Footer, nothing of ours."""
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    class BareApp(App):
        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns(*COLUMNS)
            table.add_rows(sample_rows(ROWS))

    return BareApp()


def crm_app(location: str):
    """The real app, started the way `crm` starts it: the command line module, the database, the remembered login."""
    import tui.cli  # the entry point's imports are part of a real start
    from tui import accounts, database

    database.open_database(location)
    actor = accounts.remembered_actor(database.location_key(location))
    if actor is None:
        raise SystemExit("the benchmark database has no remembered login")
    return tui.cli.load_app(location, actor)


async def painted(app, ready: Callable[[], bool]) -> None:
    """Wait until `ready()` holds, then until the screen has painted its next frame."""
    began = time.perf_counter()
    while not ready():
        if time.perf_counter() - began > WAIT_LIMIT_S:
            raise TimeoutError("the app never got ready")
        await asyncio.sleep(POLL_S)
    # Not pilot.pause(): it sleeps in 20 ms steps until the whole process looks idle, so a
    # worker still busy in a thread would be counted as if it delayed the frame.
    await app.screen.wait_for_refresh()


async def first_frame(pilot, started: float, screen: str) -> dict:
    """Process start to the first frame of the screen called `screen`, composed and painted."""
    app = pilot.app
    await painted(app, lambda: type(app.screen).__name__ == screen and app.screen.is_mounted)
    return {"seconds": time.time() - started}


async def refresh_rows(pilot, started: float) -> dict:
    """The floor of a list refresh: clear the DataTable and add 40 rows until the frame shows them."""
    from textual.widgets import DataTable

    await pilot.pause()
    table = pilot.app.query_one(DataTable)
    timings = []
    for attempt in range(WARM_REFRESHES + TIMED_REFRESHES):
        began = time.perf_counter()
        table.clear()
        table.add_rows(sample_rows(ROWS, attempt))
        await pilot.app.screen.wait_for_refresh()
        timings.append(time.perf_counter() - began)
    return {"seconds": statistics.median(timings[WARM_REFRESHES:])}


async def open_contacts(pilot, started: float) -> dict:
    """From pressing `c` on a settled dashboard until the contacts table holds rows and the frame shows them."""
    from tui.widgets.paged_table import PagedTable

    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()  # the dashboard's figures are in: measure the list alone
    await pilot.pause()
    began = time.perf_counter()
    # simulate_key rather than pilot.press, which also waits for the process to look idle.
    app.simulate_key("c")
    await painted(app, lambda: bool(app.screen.query(PagedTable)) and app.screen.query_one(PagedTable).row_count > 0)
    return {"seconds": time.perf_counter() - began, "rows": app.screen.query_one(PagedTable).row_count}


def _group_idle(app, group: str) -> bool:
    return not any(worker.group == group and not worker.is_finished for worker in app.workers)


async def search_keystroke(pilot, started: float) -> dict:
    """One keystroke in the contact search: from the key until the query ran and the list shows its rows.

    Types a few prefixes that narrow the list, each timed on its own; reports the median.
    """
    from textual.widgets import Input

    from tui.widgets.paged_table import PagedTable

    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    app.simulate_key("c")
    await painted(app, lambda: bool(app.screen.query(PagedTable)) and app.screen.query_one(PagedTable).row_count > 0)
    app.screen.query_one("#contacts-search", Input).focus()
    await pilot.pause()
    timings = []
    for key in "maria" + "\b" * 5 + "jo":
        table = app.screen.query_one(PagedTable)
        began = time.perf_counter()
        app.simulate_key("backspace" if key == "\b" else key)
        await painted(
            app, lambda table=table: _group_idle(app, "contacts-page") and app.screen.query_one(PagedTable) is table
        )
        timings.append(time.perf_counter() - began)
    return {"seconds": statistics.median(timings), "keys": len(timings)}


async def open_timeline(pilot, started: float) -> dict:
    """From pressing `t` on a settled dashboard until the timeline shows its first page."""
    from textual.widgets import DataTable

    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    began = time.perf_counter()
    app.simulate_key("t")
    await painted(
        app,
        lambda: (
            type(app.screen).__name__ == "TimelineScreen"
            and app.screen.query_one("#timeline-table", DataTable).row_count > 0
        ),
    )
    return {
        "seconds": time.perf_counter() - began,
        "rows": app.screen.query_one("#timeline-table", DataTable).row_count,
    }


async def open_board(pilot, started: float) -> dict:
    """From pressing `g` on a settled dashboard until every stage column of the pipeline board shows its cards."""
    from tui.widgets.stage_column import CardList

    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    began = time.perf_counter()
    app.simulate_key("g")

    def filled() -> bool:
        lists = list(app.screen.query(CardList)) if type(app.screen).__name__ == "PipelineScreen" else []
        return bool(lists) and all(card_list.option_count > 0 for card_list in lists)

    await painted(app, filled)
    return {"seconds": time.perf_counter() - began}


async def dashboard_statistics(pilot, started: float) -> dict:
    """Every figure, list and chart of the dashboard read by the domain (`stats.overview` and `stats.charts`),
    in a thread with its own connection as the dashboard's worker does it; the median of a few runs."""
    from tui import stats
    from tui.screens.base import thread_connection

    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()  # the dashboard has read everything once (today's pick is stored)

    def read_all() -> float:
        with thread_connection():
            began = time.perf_counter()
            stats.overview(app.actor)
            stats.charts(app.actor)
            return time.perf_counter() - began

    timings = [await asyncio.to_thread(read_all) for _ in range(WARM_REFRESHES + TIMED_REFRESHES)]
    return {"seconds": statistics.median(timings[WARM_REFRESHES:])}


Probe = tuple[Callable[..., object], Callable[..., Awaitable[dict]]]
PROBES: dict[str, Probe] = {
    "bare.first_frame": (bare_app, partial(first_frame, screen="Screen")),
    "bare.refresh_rows": (bare_app, refresh_rows),
    "crm.first_frame": (crm_app, partial(first_frame, screen="DashboardScreen")),
    "crm.open_contacts": (crm_app, open_contacts),
    "crm.search_keystroke": (crm_app, search_keystroke),
    "crm.open_timeline": (crm_app, open_timeline),
    "crm.open_board": (crm_app, open_board),
    "crm.dashboard_statistics": (crm_app, dashboard_statistics),
}
"""Probe name -> (what builds the app, what the auto pilot measures)."""


def run_probe(name: str, started: float, location: str | None) -> dict:
    """Run probe `name` headless; its figures with this process's peak memory."""
    build, measure = PROBES[name]
    app = build(location) if location else build()
    figures: dict = {}

    async def auto_pilot(pilot) -> None:
        try:
            figures.update(await measure(pilot, started))
        finally:
            pilot.app.exit()

    app.run(headless=True, size=SIZE, auto_pilot=auto_pilot)
    if "seconds" not in figures:
        raise SystemExit(f"probe {name} measured nothing (the app stopped early)")
    figures["rss_mb"] = peak_rss_mb()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("probe", choices=sorted(PROBES))
    parser.add_argument("--spawned-at", type=float, default=None, help="the parent's time.time() when it started us")
    parser.add_argument("--db", default=None)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    figures = run_probe(args.probe, args.spawned_at or STARTED, args.db)
    Path(args.out).write_text(json.dumps(figures), "utf-8")


if __name__ == "__main__":
    main()
