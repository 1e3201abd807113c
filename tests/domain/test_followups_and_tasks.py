"""Follow-ups and tasks."""

from __future__ import annotations

from datetime import date

import pytest

from tui import contacts, followups, interactions, tasks
from tui.contacts import ContactInput
from tui.errors import NotFound, ValidationError
from tui.interactions import InteractionInput
from tui.tasks import TaskInput


def test_follow_ups_list_overdue_then_upcoming_and_can_be_closed_or_moved(actor):
    ann = contacts.add_contact(actor, ContactInput(name="Ann"))
    late = interactions.log_interaction(actor, ann.id, InteractionInput(medium="phone", when="-10d", follow_up="+7d"))
    soon = interactions.log_interaction(actor, ann.id, InteractionInput(medium="sms", follow_up="+2d"))
    interactions.log_interaction(actor, ann.id, InteractionInput(medium="sms"))
    listed = followups.pending(actor)
    assert [(f.interaction_id, f.overdue) for f in listed] == [(late.id, True), (soon.id, False)]
    assert listed[0].due_on == date(2026, 11, 17)
    followups.mark_done(actor, late.id)
    assert [f.interaction_id for f in followups.pending(actor)] == [soon.id]
    assert followups.reschedule(actor, soon.id, "+1w") == date(2026, 11, 27)
    followups.reopen(actor, late.id)
    assert len(followups.pending(actor)) == 2


def test_follow_ups_are_private(actor, other_actor):
    ann = contacts.add_contact(actor, ContactInput(name="Ann"))
    logged = interactions.log_interaction(actor, ann.id, InteractionInput(medium="phone", follow_up="+1d"))
    assert followups.pending(other_actor) == []
    with pytest.raises(NotFound):
        followups.mark_done(other_actor, logged.id)


def test_tasks_open_done_undo_and_per_contact(actor, other_actor):
    ann = contacts.add_contact(actor, ContactInput(name="Ann"))
    call = tasks.add_task(actor, TaskInput(title="Call Ann about the offer", due="+2d", contact_id=ann.id))
    later = tasks.add_task(actor, TaskInput(title="Someday"))
    first = tasks.add_task(actor, TaskInput(title="Today", due="today"))
    assert [t.id for t in tasks.list_tasks(actor)] == [first.id, call.id, later.id]
    assert [t.id for t in tasks.list_tasks(actor, contact_id=ann.id)] == [call.id]
    tasks.set_done(actor, call.id)
    assert call.id not in [t.id for t in tasks.list_tasks(actor)]
    assert tasks.list_tasks(actor, open_only=False)[-1].id == call.id
    tasks.set_done(actor, call.id, done=False)
    assert call.id in [t.id for t in tasks.list_tasks(actor)]
    with pytest.raises(ValidationError):
        tasks.add_task(actor, TaskInput(title=" "))
    with pytest.raises(ValidationError):
        tasks.add_task(actor, TaskInput(title="x", due="whenever"))
    with pytest.raises(NotFound):
        tasks.add_task(other_actor, TaskInput(title="x", contact_id=ann.id))
    with pytest.raises(NotFound):
        tasks.set_done(other_actor, call.id)
    assert tasks.list_tasks(other_actor) == []


def test_follow_up_changes_are_checked_and_audited(actor):
    from tui.models import AuditLog

    ann = contacts.add_contact(actor, ContactInput(name="Ann"))
    plain = interactions.log_interaction(actor, ann.id, InteractionInput(medium="sms"))
    with pytest.raises(ValidationError, match="has no follow-up"):
        followups.mark_done(actor, plain.id)
    logged = interactions.log_interaction(actor, ann.id, InteractionInput(medium="sms", follow_up="+2d"))
    with pytest.raises(ValidationError, match="before the interaction"):
        followups.reschedule(actor, logged.id, "-5d")
    followups.reschedule(actor, logged.id, "+5d")
    followups.mark_done(actor, logged.id)
    assert AuditLog.select().where(AuditLog.record_id == logged.id).count() == 2
