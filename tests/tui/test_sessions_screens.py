"""Sessions in the app, driven with Pilot: the sessions screen signs out of one session and of the others; the login
screen shows the wait after repeated failed logins without blocking."""

from __future__ import annotations

from textual.widgets import DataTable

from tui import accounts, database
from tui.app import CrmApp
from tui.models import Session
from tui.screens.auth import AuthScreen
from tui.screens.sessions import SessionsScreen
from tui.widgets.field import Field

from ..helpers import PASSWORD, later, refused_login, scenario, settle, type_into


@scenario
async def test_the_sessions_screen_signs_out_of_one_and_of_the_others(db_path, signed_in):
    actor = signed_in
    accounts.start_session(actor, "laptop")
    later(1)
    accounts.start_session(actor, "phone")
    app = CrmApp(str(db_path), actor)
    key = database.location_key(str(db_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionsScreen)
        labels = [info.label for info in screen.sessions]
        assert labels == ["phone", "laptop", accounts.session_label()]
        assert [info.current for info in screen.sessions] == [False, False, True]
        await pilot.press("x")  # the highlighted one: phone
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [info.label for info in screen.sessions] == ["laptop", accounts.session_label()]
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [info.current for info in screen.sessions] == [True]
        assert screen.query_one(DataTable).row_count == 1
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, AuthScreen)  # signing out this machine's session is logging out
    assert accounts.remembered_actor(key) is None
    assert Session.select().count() == 0


@scenario
async def test_the_login_screen_shows_the_wait_without_blocking(db_path, actor):
    for _ in range(accounts.FREE_LOGIN_FAILURES + 1):
        refused_login("ada@example.org")
    app = CrmApp(str(db_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#login-email", "ada@example.org")
        await type_into(pilot, "#login-password", PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        field = app.screen.query_one("#login-password-field", Field)
        assert field.error == "too many failed logins with this address: try again in 1 s"
        later(2)
        await pilot.press("enter")
        await settle(pilot)
        assert app.actor is not None and app.actor.user_id == actor.user_id
