"""Password reset from the login screen, driven with Pilot, against a real SMTP server (aiosmtpd on 127.0.0.1):
the token mailed, typed in with the new password; a used token refused at its field."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from tui import accounts, database
from tui.app import CrmApp
from tui.screens.auth import AuthScreen
from tui.screens.password_reset import ForgotPasswordScreen
from tui.widgets.field import Field

from ..helpers import NEW_PASSWORD, scenario, settle, token_in, type_into

pytestmark = pytest.mark.servers


@scenario
async def test_forgot_password_from_the_login_screen(db_path, actor, mailer):
    app = CrmApp(str(db_path))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AuthScreen)
        await type_into(pilot, "#login-email", "ada@example.org")
        await pilot.press("ctrl+f")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ForgotPasswordScreen)
        assert dialog.query_one("#reset-email", Input).value == "ada@example.org"
        await pilot.press("ctrl+n")
        await settle(pilot)
        answer = str(dialog.query_one("#reset-answer", Static).content)
        assert answer.startswith("If an account uses ada@example.org, a reset token is on its way")
        token = token_in(mailer.wait_for(1)[0])

        await type_into(pilot, "#reset-token", token)
        await type_into(pilot, "#reset-password", NEW_PASSWORD)
        await type_into(pilot, "#reset-password2", "something else")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert dialog.query_one("#field-password2", Field).error.startswith("the two passwords differ")
        dialog.query_one("#reset-password2", Input).value = ""
        await type_into(pilot, "#reset-password2", NEW_PASSWORD)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AuthScreen)

        await type_into(pilot, "#login-password", NEW_PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert app.actor is not None and app.actor.email == "ada@example.org"
    assert accounts.remembered_actor(database.location_key(str(db_path))).user_id == actor.user_id


@scenario
async def test_a_used_token_is_refused_at_its_field(db_path, actor, mailer):
    accounts.request_password_reset("ada@example.org")
    token = token_in(mailer.wait_for(1)[0])
    accounts.reset_password(token, NEW_PASSWORD)
    app = CrmApp(str(db_path))
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.click("#login-forgot")
        await settle(pilot)
        await type_into(pilot, "#reset-token", token)
        await type_into(pilot, "#reset-password", "third password!")
        await type_into(pilot, "#reset-password2", "third password!")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ForgotPasswordScreen)
        assert "already been used" in app.screen.query_one("#field-token", Field).error
    assert accounts.authenticate("ada@example.org", NEW_PASSWORD).user_id == actor.user_id
