"""Changing the password: the current one is checked, the new one validated, other sessions end."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui import accounts, clock, database
from tui.errors import AuthError, ValidationError
from tui.models import PasswordReset, Session, User

from ..helpers import PASSWORD

NEW_PASSWORD = "a much better passphrase"


def test_the_new_password_works_and_the_old_one_no_longer_does(actor):
    old_hash = User.get_by_id(actor.user_id).password_hash
    accounts.change_password(actor, PASSWORD, NEW_PASSWORD)
    stored = User.get_by_id(actor.user_id).password_hash
    assert stored != old_hash and NEW_PASSWORD not in stored and stored.startswith("$argon2id$")
    assert accounts.authenticate("ada@example.org", NEW_PASSWORD).user_id == actor.user_id
    with pytest.raises(AuthError):
        accounts.authenticate("ada@example.org", PASSWORD)


def test_every_other_session_ends_and_this_machines_stays(db_path, actor, other_actor):
    key = database.location_key(str(db_path))
    accounts.remember(key, actor)
    phone = accounts.start_session(actor, label="phone")
    laptop = accounts.start_session(actor, label="laptop")
    bobs = accounts.start_session(other_actor)

    ended = accounts.change_password(actor, PASSWORD, NEW_PASSWORD, key)

    assert ended == 2
    assert accounts.remembered_actor(key).user_id == actor.user_id
    assert accounts.resume_session(phone) is None and accounts.resume_session(laptop) is None
    assert accounts.resume_session(bobs).user_id == other_actor.user_id


def test_without_a_session_here_every_session_ends(actor):
    accounts.start_session(actor)
    assert accounts.change_password(actor, PASSWORD, NEW_PASSWORD) == 1
    assert Session.select().where(Session.user == actor.user_id).count() == 0


def test_unused_reset_tokens_are_dropped(actor):
    now = clock.utcnow()
    PasswordReset.create(user=actor.user_id, token_hash="pending", created_at=now, expires_at=now + timedelta(hours=1))
    accounts.change_password(actor, PASSWORD, NEW_PASSWORD)
    assert PasswordReset.select().count() == 0


@pytest.mark.parametrize(
    ("current", "new", "field", "words"),
    [
        ("", NEW_PASSWORD, "current", "current password"),
        ("wrong password", NEW_PASSWORD, "current", "not your current password"),
        (PASSWORD, "", "new", "cannot be empty"),
        (PASSWORD, "short", "new", "too short"),
        (PASSWORD, "x" * 1025, "new", "too long"),
        (PASSWORD, PASSWORD, "new", "same as the current"),
    ],
)
def test_a_refused_change_says_why_at_its_field_and_changes_nothing(actor, current, new, field, words):
    before = User.get_by_id(actor.user_id).password_hash
    session = accounts.start_session(actor)
    with pytest.raises(ValidationError) as refused:
        accounts.change_password(actor, current, new)
    assert refused.value.field == field and words in refused.value.message
    assert User.get_by_id(actor.user_id).password_hash == before
    assert accounts.resume_session(session) == actor  # the session goes on
