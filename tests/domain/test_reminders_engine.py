"""The reminder engine on a real database: planning, due times, claims, snooze, done, dismiss."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from tui import clock, contacts, database, interactions, reminders, settings
from tui.contacts import ContactInput
from tui.errors import NotFound, ValidationError
from tui.interactions import InteractionInput
from tui.models import Contact, Reminder

from ..helpers import at

CHANNELS = ("inapp",)


class Recorder:
    """A delivery function that keeps what it was given; `fail` makes every channel fail."""

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[tuple[int, str]] = []
        self.fail = fail
        self.lock = threading.Lock()

    def __call__(self, reminder, channels):
        with self.lock:
            if self.fail:
                return {channel: "server refused" for channel in channels}
            self.sent.extend((reminder.id, channel) for channel in channels)
            return {channel: None for channel in channels}


def titles(actor, when=None):
    return [r.title for r in reminders.due(actor, when)]


def test_birthday_lead_and_day_fire_at_nine_in_the_users_zone(actor):
    at("2026-11-20T10:30")
    contacts.add_contact(actor, ContactInput(name="Ann", birthday="1990-11-24"))
    at("2026-11-22T07:59")  # 08:59 in Berlin
    assert titles(actor) == []
    at("2026-11-22T08:00")
    assert titles(actor) == ["Ann's birthday in 2 days (36th)"]
    at("2026-11-24T08:00")
    assert titles(actor) == ["Ann's birthday in 2 days (36th)", "Ann's birthday today (36th)"]


def test_each_occurrence_is_stored_once(actor):
    contacts.add_contact(actor, ContactInput(name="Ann", birthday="--11-22"))
    at("2026-11-22T09:00")
    for _ in range(3):
        reminders.plan(actor)
        reminders.due(actor)
    assert Reminder.select().where(Reminder.kind == "birthday").count() == 2


def test_a_tick_delivers_once_and_a_restart_does_not_deliver_again(actor):
    contacts.add_contact(actor, ContactInput(name="Ann", birthday="--11-22"))
    at("2026-11-22T09:00")
    first = Recorder()
    report = reminders.tick(actor, first, CHANNELS)
    assert len(report.delivered) == 2 and len(first.sent) == 2
    again = Recorder()
    assert reminders.tick(actor, again, CHANNELS).delivered == [] and again.sent == []
    assert {r.status for r in Reminder.select()} == {"sent"}


def test_a_failed_delivery_stays_pending_and_is_retried(actor):
    contacts.add_contact(actor, ContactInput(name="Ann", birthday="--11-22"))
    at("2026-11-22T12:00")
    report = reminders.tick(actor, Recorder(fail=True), CHANNELS)
    assert report.delivered == [] and len(report.failed) == 2
    assert {r.status for r in Reminder.select()} == {"pending"}
    retry = Recorder()
    assert len(reminders.tick(actor, retry, CHANNELS).delivered) == 2


def test_two_tickers_on_one_database_deliver_each_reminder_once(actor, db_path):
    for number in range(30):
        contacts.add_contact(actor, ContactInput(name=f"P{number}", birthday="--11-22"))
    at("2026-11-22T12:00")
    reminders.plan(actor)
    recorder = Recorder()
    start = threading.Barrier(2)

    def run(name):
        start.wait()
        try:
            reminders.tick(actor, recorder, CHANNELS, claimant=name, limit=500)
        finally:
            database.close_database()

    threads = [threading.Thread(target=run, args=(f"copy-{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(recorder.sent) == 60
    assert len(set(recorder.sent)) == 60


def test_snooze_brings_it_back_and_done_or_dismiss_close_it(actor):
    contacts.add_contact(actor, ContactInput(name="Ann", birthday="--11-22"))
    at("2026-11-22T09:00")
    reminders.tick(actor, Recorder(), CHANNELS)
    lead_day, on_day = sorted(Reminder.select(), key=lambda r: r.id)
    reminders.snooze(actor, on_day.id, "+1h")
    reminders.dismiss(actor, lead_day.id)
    at("2026-11-22T09:30")
    assert reminders.due(actor) == []
    at("2026-11-22T10:01")
    recorder = Recorder()
    assert [r.id for r in reminders.tick(actor, recorder, CHANNELS).delivered] == [on_day.id]
    reminders.mark_done(actor, on_day.id)
    assert {r.status for r in Reminder.select()} == {"done", "dismissed"}
    with pytest.raises(ValidationError):
        reminders.snooze(actor, on_day.id, "-1h")


def test_follow_ups_fire_at_nine_on_their_day_and_move_with_it(actor):
    ann = contacts.add_contact(actor, ContactInput(name="Ann"))
    logged = interactions.log_interaction(actor, ann.id, InteractionInput(medium="phone", follow_up="+2d"))
    reminders.plan(actor)
    at("2026-11-22T07:59")
    assert titles(actor) == []
    at("2026-11-22T08:00")
    assert titles(actor) == ["Follow up with Ann"]
    at("2026-11-21T12:00")
    interactions.edit_interaction(
        actor, logged.id, InteractionInput(medium="phone", when="2026-11-20 11:30", follow_up="2026-11-25")
    )
    at("2026-11-22T12:00")
    assert titles(actor) == []
    at("2026-11-25T08:00")
    assert titles(actor) == ["Follow up with Ann"]
    assert Reminder.select().where(Reminder.kind == "follow_up").count() == 1


def test_no_contact_alerts_once_per_silence_and_never_for_inactive_or_archived(actor):
    ann = contacts.add_contact(actor, ContactInput(name="Ann", cadence_days=7))
    quiet = contacts.add_contact(actor, ContactInput(name="Quiet", cadence_days=7, active=False))
    gone = contacts.add_contact(actor, ContactInput(name="Gone", cadence_days=7))
    contacts.archive_contact(actor, gone.id)
    reminders.plan(actor)
    at("2026-11-28T09:00")
    assert titles(actor) == ["No contact with Ann for 7 days"]
    assert quiet.id and gone.id
    interactions.log_interaction(actor, ann.id, InteractionInput(medium="sms"))
    assert titles(actor) == []  # talked again: the pending alert is replaced
    at("2026-12-06T09:00")
    assert titles(actor) == ["No contact with Ann for 7 days"]


def test_a_day_crm_did_not_run_is_caught_up(actor):
    contacts.add_contact(actor, ContactInput(name="Ann", birthday="--11-23"))
    reminders.plan(actor)  # planned through the 20th
    at("2026-11-25T12:00")  # crm was closed for days
    assert titles(actor) == ["Ann's birthday in 2 days", "Ann's birthday today"]


def test_changing_a_birthday_replaces_its_pending_reminders(actor):
    ann = contacts.add_contact(actor, ContactInput(name="Ann", birthday="--11-22"))
    reminders.plan(actor)
    at("2026-11-21T12:00")
    reminders.plan(actor)
    contacts.edit_contact(actor, ann.id, ContactInput(name="Ann", birthday="--12-24"))
    at("2026-11-22T12:00")
    assert titles(actor) == []


def test_a_time_zone_change_plans_again_in_the_new_zone(actor):
    contacts.add_contact(actor, ContactInput(name="Ann", birthday="--11-22"))
    at("2026-11-21T12:00")
    reminders.plan(actor)
    settings.set_setting(actor, "timezone", "America/New_York")
    actor = actor.__class__(actor.user_id, actor.email, actor.name, "America/New_York")
    at("2026-11-22T13:59")  # 08:59 in New York
    assert [t for t in titles(actor) if "today" in t] == []
    at("2026-11-22T14:00")
    assert [t for t in titles(actor) if "today" in t] == ["Ann's birthday today"]


def test_custom_reminders(actor, other_actor):
    ann = contacts.add_contact(actor, ContactInput(name="Ann"))
    reminders.add_custom(actor, ann.id, "tomorrow 10:00", "Send the contract")
    at("2026-11-21T09:00")
    assert titles(actor) == ["Send the contract"]
    with pytest.raises(ValidationError):
        reminders.add_custom(actor, ann.id, "whenever", "x")
    assert reminders.due(other_actor) == []
    with pytest.raises(NotFound):
        reminders.add_custom(other_actor, ann.id, "+1d", "steal")
    assert Contact.select().count() == 1


def test_due_reminders_as_json(actor):
    contacts.add_contact(actor, ContactInput(name="Ann", birthday="--11-20"))
    at("2026-11-20T12:00")
    (item,) = [reminders.reminder_dict(r) for r in reminders.due(actor) if "today" in r.title]
    assert item == {
        "id": item["id"],
        "contact_id": 1,
        "contact_name": "Ann",
        "kind": "birthday",
        "title": "Ann's birthday today",
        "due_at": "2026-11-20T08:00:00Z",
        "status": "pending",
    }
    assert timedelta(0) < clock.utcnow() - datetime(2026, 11, 20, 8, 0)
