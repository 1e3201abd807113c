"""Accounts: sign-up, login, remembered sessions, and what bad input gets."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import timedelta

import pytest

from tui import accounts, clock, database, session_store
from tui.errors import AuthError, ValidationError
from tui.models import Session, User

from ..helpers import FIXED_NOW, PASSWORD


def test_signup_stores_only_a_hash_of_the_password(db):
    actor = accounts.signup("  Ada@Example.ORG ", "Ada", PASSWORD, "Europe/Berlin")
    user = User.get_by_id(actor.user_id)
    assert user.email == "ada@example.org"
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith("$argon2id$")


def test_signup_detects_the_time_zone_when_none_is_given(db, monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert accounts.signup("a@example.org", "A", PASSWORD).timezone == "Asia/Tokyo"


@pytest.mark.parametrize(
    "email, name, password, zone, field",
    [
        ("", "Ada", PASSWORD, "UTC", "email"),
        ("not-an-address", "Ada", PASSWORD, "UTC", "email"),
        ("a@example.org", "  ", PASSWORD, "UTC", "name"),
        ("a@example.org", "Ada", "", "UTC", "password"),
        ("a@example.org", "Ada", "short", "UTC", "password"),
        ("a@example.org", "Ada", PASSWORD, "Mars/Olympus", "timezone"),
    ],
)
def test_signup_refuses_bad_input_and_stores_nothing(db, email, name, password, zone, field):
    with pytest.raises(ValidationError) as refused:
        accounts.signup(email, name, password, zone)
    assert refused.value.field == field
    assert User.select().count() == 0


def test_an_email_registers_once(actor):
    with pytest.raises(ValidationError, match="already registered"):
        accounts.signup("ADA@example.org", "Another Ada", PASSWORD, "UTC")
    assert User.select().count() == 1


def test_login_checks_the_password_and_never_says_which_part_was_wrong(actor):
    assert accounts.authenticate("ada@example.org", PASSWORD) == actor
    with pytest.raises(AuthError) as wrong_password:
        accounts.authenticate("ada@example.org", "not the password")
    with pytest.raises(AuthError) as unknown_email:
        accounts.authenticate("nobody@example.org", PASSWORD)
    assert str(wrong_password.value) == str(unknown_email.value) == "wrong e-mail or password"
    assert User.get_by_id(actor.user_id).failed_logins == 1


def test_a_remembered_login_is_a_private_file_with_a_token_stored_hashed(db_path, actor):
    key = database.location_key(str(db_path))
    accounts.remember(key, actor)
    token_file = session_store.config_dir() / session_store.FILE_NAME
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    token = json.loads(token_file.read_text())[key]
    assert Session.select().where(Session.token_hash == token).count() == 0  # not stored in clear
    assert accounts.remembered_actor(key) == actor


def test_a_session_expires_unless_used_and_use_renews_it(db_path, actor):
    key = database.location_key(str(db_path))
    accounts.remember(key, actor)
    clock.fix(FIXED_NOW + accounts.SESSION_LIFETIME - timedelta(days=1))
    assert accounts.remembered_actor(key) == actor  # used: renewed for another lifetime
    clock.fix(FIXED_NOW + 2 * accounts.SESSION_LIFETIME - timedelta(days=2))
    assert accounts.remembered_actor(key) == actor
    clock.fix(FIXED_NOW + 4 * accounts.SESSION_LIFETIME)
    assert accounts.remembered_actor(key) is None
    assert Session.select().count() == 0


def test_logout_ends_the_session_in_the_database_too(db_path, actor):
    key = database.location_key(str(db_path))
    accounts.remember(key, actor)
    token = session_store.load_token(key)
    assert accounts.forget(key) is True
    assert accounts.resume_session(token) is None
    assert accounts.remembered_actor(key) is None
    assert accounts.forget(key) is False


def test_logging_in_again_replaces_the_previous_session(db_path, actor):
    key = database.location_key(str(db_path))
    accounts.remember(key, actor)
    accounts.remember(key, actor)
    assert Session.select().count() == 1


def test_a_run_in_the_past_never_shortens_a_session(db_path, actor):
    key = database.location_key(str(db_path))
    accounts.remember(key, actor)
    clock.fix(FIXED_NOW - timedelta(days=365))
    assert accounts.remembered_actor(key) == actor
    clock.fix(FIXED_NOW + timedelta(days=1))
    assert accounts.remembered_actor(key) == actor


@pytest.mark.sqlite_only("reads the stored hash straight from the SQLite file the fresh process wrote")
def test_production_hashes_passwords_with_strong_argon2id_parameters(tmp_path):
    """The cheap hashing of the test session is the tests' alone: a fresh `crm` process, which loads no conftest,
    signs up with Argon2id at the library's strong parameters (RFC 9106's low-memory profile, above OWASP's
    minimum of 19 MiB and two passes)."""
    db = tmp_path / "strong.db"
    env = {**os.environ, "CRM_CONFIG_DIR": str(tmp_path / "config")}
    for name in ("CRM_DB", "CRM_NOW"):
        env.pop(name, None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            "--db",
            str(db),
            "signup",
            "--email",
            "strong@example.org",
            "--name",
            "S",
            "--timezone",
            "UTC",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as connection:
        [(stored,)] = connection.execute("SELECT password_hash FROM user").fetchall()
    variant, version, parameters, *_ = stored.lstrip("$").split("$")
    values = dict(pair.split("=") for pair in parameters.split(","))
    assert (variant, version) == ("argon2id", "v=19")
    assert int(values["m"]) >= 19 * 1024 and int(values["t"]) >= 2, stored
    assert accounts._hasher().time_cost == 1, "the test session itself hashes cheaply"
