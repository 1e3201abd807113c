"""A new user, as a person would: the real `crm` console script in a real terminal (tmux)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tui import accounts, clock, database

from ..helpers import crm_command
from ..terminal import Terminal

pytestmark = pytest.mark.tmux


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is missing: .ci/run installs it")
        pytest.skip("tmux is not installed")
    return {
        "CRM_CONFIG_DIR": str(tmp_path / "config"),
        "CRM_NOW": "2026-11-20T10:30:00Z",
        "HOME": str(tmp_path / "home"),
    }


def test_a_new_user_signs_up_sees_the_dashboard_and_quits(tmp_path: Path, terminal_env):
    db_path = tmp_path / "data" / "crm.db"
    with Terminal([crm_command(), "--db", str(db_path)], cols=100, rows=30, env=terminal_env) as term:
        term.wait_for("Create an account")
        term.press("tab", "tab", "tab", "tab")  # past the log-in form (e-mail, password, log in, forgot) to sign-up
        term.type("new.user@example.org")
        term.press("tab")
        term.type("New User")
        term.press("tab")
        term.type("a long enough password")
        term.press("tab")
        term.type("a long enough password")
        term.press("enter")
        screen = term.wait_for(r"New User · Fri 20 Nov 2026")  # the header, once signed in
        assert "Dashboard" in screen
        assert "Log in" not in screen
        term.keys("ctrl+q")
        assert term.wait_exit() == 0

    clock.fix(None)
    database.open_database(str(db_path))
    # The login is remembered (the autouse fixture points CRM_CONFIG_DIR at the same folder).
    assert accounts.remembered_actor(database.location_key(str(db_path))).email == "new.user@example.org"


def test_the_next_start_opens_on_the_dashboard_and_keys_switch_screens(tmp_path: Path, terminal_env):
    db_path = tmp_path / "crm.db"
    database.open_database(str(db_path))
    actor = accounts.signup("ada@example.org", "Ada Lovelace", "correct horse battery", "Europe/Berlin")
    accounts.remember(database.location_key(str(db_path)), actor)
    database.close_database()
    with Terminal([crm_command(), "--db", str(db_path)], cols=80, rows=24, env=terminal_env) as term:
        term.wait_for(r"Ada Lovelace · Fri 20 Nov 2026")
        term.keys("c")
        term.wait_for("no contacts yet")
        term.keys("d")
        term.wait_for("Recently added|No contacts yet|crm demo")
        term.keys("ctrl+q")
        assert term.wait_exit() == 0
