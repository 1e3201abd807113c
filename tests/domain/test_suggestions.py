"""The daily suggestion: weighted, stored once a day, moving forward; the Friday list; statistics."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from tui import clock, contacts, suggestions
from tui.contacts import ContactInput
from tui.errors import NotFound, ValidationError
from tui.models import Contact, Suggestion

from ..helpers import at


def make(actor, name, days_silent=0, **fields):
    contact = contacts.add_contact(actor, ContactInput(name=name, **fields))
    Contact.update(created_at=clock.utcnow() - timedelta(days=days_silent)).where(Contact.id == contact.id).execute()
    return contact


def test_one_suggestion_a_day_stored_once(actor):
    make(actor, "Ann", 40)
    first = suggestions.todays(actor)
    again = suggestions.todays(actor)
    assert first == again and first.status == "sent" and first.contact_name == "Ann"
    assert Suggestion.select().count() == 1


def test_inactive_and_archived_contacts_are_never_suggested(actor):
    make(actor, "Sleeping", 400, active=False)
    gone = make(actor, "Gone", 400)
    contacts.archive_contact(actor, gone.id)
    assert suggestions.todays(actor) is None


def test_the_pick_favours_overdue_and_important_contacts(actor):
    make(actor, "Overdue VIP", 120, vip=True)
    make(actor, "Just added", 0)
    picks = Counter()
    for day in range(60):
        today = suggestions.local_today(actor) + timedelta(days=day)
        pool = suggestions.candidates(actor, today)
        picks[suggestions._draw(pool, 1, f"seed-{day}")[0].name] += 1
    assert picks["Overdue VIP"] > 50


def test_a_recently_suggested_contact_rests(actor):
    make(actor, "Ann", 60)
    make(actor, "Bob", 60)
    first = suggestions.todays(actor)
    at("2026-11-21T10:00")
    second = suggestions.todays(actor)
    assert first.contact_id != second.contact_id


def test_status_moves_forward_only(actor):
    make(actor, "Ann", 40)
    with pytest.raises(NotFound):
        suggestions.advance(actor, "initiated")
    suggestions.todays(actor)
    assert suggestions.advance(actor, "initiated").status == "initiated"
    with pytest.raises(ValidationError):
        suggestions.advance(actor, "initiated")
    assert suggestions.advance(actor, "done").status == "done"
    with pytest.raises(ValidationError):
        suggestions.advance(actor, "sent")


def test_the_friday_list_creates_no_suggestions(actor):
    for number in range(8):
        make(actor, f"P{number}", 30 + number)
    # the fixed clock is Friday 2026-11-20
    weekend = suggestions.weekend_list(actor)
    assert len(weekend) == 5 and len({c.contact_id for c in weekend}) == 5
    assert Suggestion.select().count() == 0
    at("2026-11-21T10:00")
    assert suggestions.weekend_list(actor) == []


def test_statistics_count_done_days_and_the_streak(actor):
    for number in range(5):
        make(actor, f"P{number}", 60)
    for day, outcome in (("2026-11-17", "done"), ("2026-11-18", None), ("2026-11-19", "done"), ("2026-11-20", "done")):
        at(f"{day}T10:00")
        suggestions.todays(actor)
        if outcome:
            suggestions.advance(actor, outcome)
    stats = suggestions.statistics(actor)
    assert (stats.total, stats.done, stats.streak) == (4, 3, 2)
    assert stats.done_rate == pytest.approx(0.75)
    at("2026-11-21T10:00")
    suggestions.todays(actor)  # today's is still open: the streak stands
    assert suggestions.statistics(actor).streak == 2


def test_suggestions_are_per_user(actor, other_actor):
    make(actor, "Ann", 40)
    suggestions.todays(actor)
    assert suggestions.todays(other_actor) is None
    with pytest.raises(NotFound):
        suggestions.advance(other_actor, "done")
