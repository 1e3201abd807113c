"""Remembered sessions (list, sign out of one or all) and the growing delay after repeated failed logins, which
never tells whether an account uses the address. On the command line: tests/cli/test_sessions_cli.py; in the app:
tests/tui/test_sessions_screens.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui import accounts, clock, session_store
from tui.errors import NotFound
from tui.models import LoginThrottle, Session, User

from ..helpers import FIXED_NOW, PASSWORD, later, refused_login

KEY = "some-database"


# -- sessions ------------------------------------------------------------------------------------------------------


def test_sessions_are_listed_last_used_first_with_this_machines_marked(actor, other_actor):
    accounts.start_session(actor, "laptop")
    later(60)
    accounts.remember(KEY, actor)
    later(60)
    accounts.start_session(other_actor, "bob's")
    listed = accounts.list_sessions(actor, KEY)
    assert [(info.label, info.current) for info in listed] == [(accounts.session_label(), True), ("laptop", False)]
    assert listed[0].created_at == clock.utcnow() - timedelta(seconds=60)
    assert [info.label for info in accounts.list_sessions(other_actor, KEY)] == ["bob's"]


def test_an_expired_session_is_not_listed(actor):
    accounts.start_session(actor, "old")
    clock.fix(FIXED_NOW + accounts.SESSION_LIFETIME + timedelta(seconds=1))
    accounts.start_session(actor, "new")
    assert [info.label for info in accounts.list_sessions(actor)] == ["new"]


def test_signing_out_of_one_session(actor, other_actor):
    laptop = accounts.start_session(actor, "laptop")
    accounts.remember(KEY, actor)
    bobs = accounts.start_session(other_actor, "bob's")
    laptop_id = next(info.id for info in accounts.list_sessions(actor) if info.label == "laptop")
    bobs_id = accounts.list_sessions(other_actor)[0].id
    with pytest.raises(NotFound):
        accounts.end_session_by_id(actor, bobs_id)  # not Ada's
    ended = accounts.end_session_by_id(actor, laptop_id, KEY)
    assert ended.label == "laptop" and not ended.current
    assert accounts.resume_session(laptop) is None
    assert accounts.resume_session(bobs).user_id == other_actor.user_id
    assert accounts.remembered_actor(KEY).user_id == actor.user_id
    current = accounts.list_sessions(actor, KEY)[0]
    accounts.end_session_by_id(actor, current.id, KEY)
    assert session_store.load_token(KEY) is None  # ending this machine's session forgets it here too


def test_signing_out_everywhere_or_everywhere_else(actor, other_actor):
    accounts.start_session(actor, "laptop")
    accounts.start_session(actor, "phone")
    accounts.remember(KEY, actor)
    accounts.start_session(other_actor, "bob's")
    assert accounts.end_all_sessions(actor, KEY, keep_current=True) == 2
    assert [info.current for info in accounts.list_sessions(actor, KEY)] == [True]
    assert accounts.end_all_sessions(actor, KEY) == 1
    assert accounts.list_sessions(actor, KEY) == [] and session_store.load_token(KEY) is None
    assert Session.select().where(Session.user == other_actor.user_id).count() == 1


# -- failed logins slow down -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("email", ["ada@example.org", "nobody@example.org"])
def test_repeated_failures_wait_longer_and_longer_the_same_for_known_and_unknown_addresses(actor, email):
    for _ in range(accounts.FREE_LOGIN_FAILURES):
        assert refused_login(email) == accounts.WRONG_LOGIN
    waits = []
    for expected in (1, 2, 4, 8):
        assert refused_login(email) == f"too many failed logins with this address: try again in {expected} s"
        waits.append(accounts.login_wait(email))
        later(expected)
        assert refused_login(email) == accounts.WRONG_LOGIN  # the next try is checked, and fails again
    assert waits == [timedelta(seconds=1), timedelta(seconds=2), timedelta(seconds=4), timedelta(seconds=8)]
    assert accounts.login_wait(email) == timedelta(seconds=16)


def test_the_delay_is_capped_and_tries_while_waiting_do_not_count(actor):
    assert [accounts.login_delay(n) for n in (0, 2, 3, 4, 10, 30)] == [
        timedelta(0),
        timedelta(0),
        timedelta(seconds=1),
        timedelta(seconds=2),
        timedelta(seconds=128),
        accounts.MAX_LOGIN_DELAY,
    ]
    for _ in range(accounts.FREE_LOGIN_FAILURES + 1):
        later(60)
        refused_login("ada@example.org")
    failures = LoginThrottle.get().failures
    refused_login("ada@example.org")  # refused unchecked while waiting
    assert LoginThrottle.get().failures == failures


def test_even_the_right_password_waits_then_success_clears_the_slate(actor):
    for _ in range(accounts.FREE_LOGIN_FAILURES + 2):
        later(10)
        refused_login("ada@example.org")
    assert refused_login("ada@example.org", PASSWORD).startswith("too many failed logins")
    assert User.get_by_id(actor.user_id).failed_logins == accounts.FREE_LOGIN_FAILURES + 2
    later(accounts.login_delay(accounts.FREE_LOGIN_FAILURES + 2).total_seconds())
    assert accounts.authenticate("ada@example.org", PASSWORD).user_id == actor.user_id
    assert User.get_by_id(actor.user_id).failed_logins == 0
    assert LoginThrottle.select().count() == 0
    assert refused_login("ada@example.org") == accounts.WRONG_LOGIN


def test_one_address_being_throttled_does_not_slow_another(actor, other_actor):
    for _ in range(accounts.FREE_LOGIN_FAILURES + 1):
        refused_login("ada@example.org")
    assert accounts.authenticate("bob@example.org", PASSWORD).user_id == other_actor.user_id


def test_the_throttle_keeps_no_address_in_clear(actor):
    refused_login("nobody@example.org")
    (row,) = LoginThrottle.select()
    assert "nobody" not in row.address_hash and len(row.address_hash) == 64


def test_old_failures_are_forgotten(actor):
    for _ in range(accounts.FREE_LOGIN_FAILURES + 1):
        refused_login("nobody@example.org")
    clock.fix(FIXED_NOW + accounts.THROTTLE_MEMORY + timedelta(minutes=1))
    refused_login("someone@example.org")
    assert LoginThrottle.select().count() == 1
