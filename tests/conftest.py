"""Shared fixtures: a real SQLite file per test, a signed-up user, a fixed clock.

Snapshots (pytest-textual-snapshot) are kept in `snapshots/<test module>/`.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
import pytest_textual_snapshot

from tui import accounts, clock, database
from tui.scope import Actor

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT_DIR = ROOT / "snapshots"
FIXED_NOW = datetime(2026, 11, 20, 10, 30, tzinfo=timezone.utc)  # a Friday
PASSWORD = "correct horse battery"


def _snapshot_dirname(cls, *, test_location) -> str:
    return str(SNAPSHOT_DIR / Path(test_location.filepath).stem)


pytest_textual_snapshot.SVGImageExtension.dirname = classmethod(_snapshot_dirname)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Every test: its own config dir, no CRM_* from outside, the clock fixed, nothing left open."""
    for name in ("CRM_DB", "CRM_NOW", "CRM_SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CRM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    clock.fix(FIXED_NOW)
    yield
    clock.fix(None)
    database.close_database()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where this test's database file goes."""
    return tmp_path / "crm.db"


@pytest.fixture
def db(db_path: Path):
    """A fresh, migrated database file, bound to the models."""
    return database.open_database(str(db_path))


@pytest.fixture
def actor(db) -> Actor:
    """A signed-up user, Ada, in Europe/Berlin."""
    return accounts.signup("ada@example.org", "Ada Lovelace", PASSWORD, "Europe/Berlin")


@pytest.fixture
def other_actor(db) -> Actor:
    """A second, independent user."""
    return accounts.signup("bob@example.org", "Bob Builder", PASSWORD, "America/New_York")


@pytest.fixture
def signed_in(db_path: Path, actor: Actor) -> Actor:
    """Ada, remembered on this machine for the test database (the app opens straight to the dashboard)."""
    accounts.remember(database.location_key(str(db_path)), actor)
    return actor
