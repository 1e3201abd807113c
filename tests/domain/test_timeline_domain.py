"""The timeline: newest first, filtered, paged by keyset, grouped by day."""

from __future__ import annotations

from datetime import date

import pytest

from tui import contacts, interactions, timeline
from tui.contacts import ContactInput
from tui.interactions import InteractionInput
from tui.timeline import TimelineFilter


@pytest.fixture
def history(actor, other_actor):
    ann = contacts.add_contact(actor, ContactInput(name="Ann", tags=["golf"]))
    bob = contacts.add_contact(actor, ContactInput(name="Bob"))
    theirs = contacts.add_contact(other_actor, ContactInput(name="Theirs"))
    interactions.log_interaction(other_actor, theirs.id, InteractionInput(medium="phone", notes="secret"))
    logged = [
        (ann, "phone", "2026-11-01 09:00", "Kickoff about the café project"),
        (bob, "email", "2026-11-01 18:00", "Sent the slides"),
        (ann, "in_person", "2026-11-05 12:30", "Lunch, talked about golf"),
        (bob, "phone", "2026-11-10 08:00", "Quick call"),
        (ann, "video", "2026-11-10 23:30", "Late call from Berlin"),
    ]
    for contact, medium, when, notes in logged:
        interactions.log_interaction(actor, contact.id, InteractionInput(medium=medium, when=when, notes=notes))
    return ann, bob


def notes(rows):
    return [row.notes for row in rows]


def test_newest_first_and_only_the_users_own(actor, history):
    rows = timeline.page(actor)
    assert notes(rows) == [
        "Late call from Berlin",
        "Quick call",
        "Lunch, talked about golf",
        "Sent the slides",
        "Kickoff about the café project",
    ]


def test_keyset_pages_continue_without_gaps_or_repeats(actor, history):
    first = timeline.page(actor, limit=2)
    second = timeline.page(actor, after=timeline.cursor_after(first), limit=2)
    third = timeline.page(actor, after=timeline.cursor_after(second), limit=2)
    assert notes(first + second + third) == notes(timeline.page(actor))
    assert timeline.page(actor, after=timeline.cursor_after(third)) == []


def test_filters(actor, history):
    ann, bob = history
    assert notes(timeline.page(actor, TimelineFilter(medium="phone"))) == [
        "Quick call",
        "Kickoff about the café project",
    ]
    assert len(timeline.page(actor, TimelineFilter(contact_id=bob.id))) == 2
    assert len(timeline.page(actor, TimelineFilter(tag="GOLF"))) == 3
    assert notes(timeline.page(actor, TimelineFilter(since=date(2026, 11, 5), until=date(2026, 11, 10)))) == [
        "Late call from Berlin",
        "Quick call",
        "Lunch, talked about golf",
    ]
    assert notes(timeline.page(actor, TimelineFilter(search="cafe"))) == ["Kickoff about the café project"]
    assert timeline.page(actor, TimelineFilter(search='"*secret:(')) == []


def test_grouped_by_the_day_in_the_users_time_zone(actor, history):
    groups = timeline.group_by_day(timeline.page(actor), actor)
    # 23:30 in Berlin on the 10th is 22:30 UTC: still the 10th for the user.
    assert [(day, len(rows)) for day, rows in groups] == [
        (date(2026, 11, 10), 2),
        (date(2026, 11, 5), 1),
        (date(2026, 11, 1), 2),
    ]
