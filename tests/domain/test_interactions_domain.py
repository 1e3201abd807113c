"""Interactions: logging, last-contacted, edits and deletes with the audit trail."""

from __future__ import annotations

from datetime import datetime

import pytest

from tui import contacts, interactions
from tui.contacts import ContactInput
from tui.errors import NotFound, ValidationError
from tui.interactions import InteractionInput
from tui.models import AuditLog, Interaction


@pytest.fixture
def ann(actor):
    return contacts.add_contact(actor, ContactInput(name="Ann"))


def last_contacted(actor, contact):
    return contacts.get_contact(actor, contact.id).last_contacted_at


def test_logging_updates_last_contacted_and_status(actor, ann):
    interactions.log_interaction(
        actor,
        ann.id,
        InteractionInput(medium="video call", when="yesterday 18:00", notes="Talked about\nthe move", follow_up="+3d"),
    )
    stored = Interaction.get()
    assert stored.medium == "video"
    assert stored.occurred_at == datetime(2026, 11, 19, 17, 0)  # 18:00 in Berlin is 17:00 UTC
    assert stored.follow_up_on == "2026-11-22"
    assert stored.author_id == actor.user_id
    assert last_contacted(actor, ann) == datetime(2026, 11, 19, 17, 0)


def test_last_contacted_is_recomputed_when_the_latest_is_moved_or_deleted(actor, ann):
    older = interactions.log_interaction(actor, ann.id, InteractionInput(medium="phone", when="2026-10-01 12:00"))
    latest = interactions.log_interaction(actor, ann.id, InteractionInput(medium="sms", when="2026-11-10 12:00"))
    assert last_contacted(actor, ann) == datetime(2026, 11, 10, 11, 0)
    interactions.edit_interaction(actor, latest.id, InteractionInput(medium="sms", when="2026-09-01 12:00"))
    assert last_contacted(actor, ann) == datetime(2026, 10, 1, 10, 0)
    interactions.delete_interaction(actor, older.id)
    assert last_contacted(actor, ann) == datetime(2026, 9, 1, 10, 0)
    interactions.delete_interaction(actor, latest.id)
    assert last_contacted(actor, ann) is None


def test_edits_and_deletes_keep_the_old_values_in_the_audit_log(actor, ann):
    logged = interactions.log_interaction(actor, ann.id, InteractionInput(medium="phone", notes="first words"))
    interactions.edit_interaction(actor, logged.id, InteractionInput(medium="phone", notes="second thoughts"))
    interactions.delete_interaction(actor, logged.id)
    entries = list(AuditLog.select().where(AuditLog.table_name == "interaction").order_by(AuditLog.id))
    assert [(e.action, e.old_values.get("notes"), (e.new_values or {}).get("notes")) for e in entries] == [
        ("update", "first words", "second thoughts"),
        ("delete", "second thoughts", None),
    ]
    assert all(entry.contact_id == ann.id for entry in entries)


@pytest.mark.parametrize(
    "data, field",
    [
        (InteractionInput(medium="carrier pigeon"), "medium"),
        (InteractionInput(medium="phone", when="the other day"), "when"),
        (InteractionInput(medium="phone", when="2026-11-10", follow_up="2026-11-01"), "follow_up"),
        (InteractionInput(medium="phone", follow_up="someday"), "follow_up"),
    ],
)
def test_bad_input_says_which_field_and_saves_nothing(actor, ann, data, field):
    with pytest.raises(ValidationError) as refused:
        interactions.log_interaction(actor, ann.id, data)
    assert refused.value.field == field
    assert Interaction.select().count() == 0
    assert last_contacted(actor, ann) is None


def test_other_users_can_neither_log_nor_read_nor_change(actor, other_actor, ann):
    logged = interactions.log_interaction(actor, ann.id, InteractionInput(medium="phone"))
    with pytest.raises(NotFound):
        interactions.log_interaction(other_actor, ann.id, InteractionInput(medium="phone"))
    with pytest.raises(NotFound):
        interactions.for_contact(other_actor, ann.id)
    with pytest.raises(NotFound):
        interactions.edit_interaction(other_actor, logged.id, InteractionInput(medium="sms"))
    with pytest.raises(NotFound):
        interactions.delete_interaction(other_actor, logged.id)
    assert Interaction.select().count() == 1


def test_a_contacts_interactions_come_newest_first(actor, ann):
    for day in ("2026-11-01", "2026-11-15", "2026-11-08"):
        interactions.log_interaction(actor, ann.id, InteractionInput(medium="chat", when=day + " 09:00", notes=day))
    assert [i.notes for i in interactions.for_contact(actor, ann.id)] == ["2026-11-15", "2026-11-08", "2026-11-01"]
