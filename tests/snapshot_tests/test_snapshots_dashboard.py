"""Screenshots of the dashboard: light and dark, at 80x24 and 160x48, on demo data made with a fixed seed
under the fixed clock (Fri 2026-11-20), and the empty dashboard. Compared with snapshots/.

Reminders reach no channel (so no toast can land in a screenshot at a moment of its choosing).
"""

from __future__ import annotations

import pytest

from tui import demo, settings
from tui.app import CrmApp

from ..helpers import settle_and_clear_toasts

SMALL, LARGE = (80, 24), (160, 48)
QUIET = {"notify.desktop": False, "notify.terminal": "off", "notify.inapp": False, "notify.email": False}


def demo_book(actor, theme: str):
    settings.update_settings(actor, {**QUIET, "theme": theme})
    demo.fill(actor, contacts=120, seed=7, interactions_per_contact=6)
    return actor


@pytest.fixture
def dark_book(signed_in):
    return demo_book(signed_in, "dark")


@pytest.fixture
def light_book(signed_in):
    return demo_book(signed_in, "light")


def test_dark_80x24(snap_compare, db_path, dark_book):
    assert snap_compare(CrmApp(str(db_path), dark_book), terminal_size=SMALL, run_before=settle_and_clear_toasts)


def test_light_80x24(snap_compare, db_path, light_book):
    assert snap_compare(CrmApp(str(db_path), light_book), terminal_size=SMALL, run_before=settle_and_clear_toasts)


def test_dark_160x48(snap_compare, db_path, dark_book):
    assert snap_compare(CrmApp(str(db_path), dark_book), terminal_size=LARGE, run_before=settle_and_clear_toasts)


def test_light_160x48(snap_compare, db_path, light_book):
    assert snap_compare(CrmApp(str(db_path), light_book), terminal_size=LARGE, run_before=settle_and_clear_toasts)


def test_80x24_scrolled_to_the_charts(snap_compare, db_path, dark_book):
    async def run(pilot) -> None:
        await settle_and_clear_toasts(pilot)
        body = pilot.app.screen.query_one("#dashboard-body")
        for _ in range(2):  # the charts are mounted last: scroll again once the height is final
            body.scroll_end(animate=False)
            await settle_and_clear_toasts(pilot)

    assert snap_compare(CrmApp(str(db_path), dark_book), terminal_size=SMALL, run_before=run)


def test_empty_dashboard(snap_compare, db_path, signed_in):
    settings.update_settings(signed_in, QUIET)
    assert snap_compare(CrmApp(str(db_path), signed_in), terminal_size=SMALL, run_before=settle_and_clear_toasts)
