"""Duplicates (by e-mail, phone and name) and merging two contacts, with undo restoring every row exactly."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui import (
    clock,
    companies,
    contacts,
    custom_fields,
    deals,
    duplicates,
    interactions,
    merge,
    models,
    reminders,
    sql_dialect,
    tasks,
    vip,
)
from tui.contacts import ContactInput
from tui.deals import DealInput
from tui.errors import CrmError, NotFound, ValidationError
from tui.interactions import InteractionInput
from tui.models import (
    AuditLog,
    Background,
    Contact,
    ContactInfo,
    ContactMerge,
    Deal,
    Delivery,
    Interaction,
    Reminder,
    Share,
    Suggestion,
    Task,
)
from tui.tasks import TaskInput
from tui.vip import VipSections

from .. import stored

LOG_TABLES = {"audit_log", "contact_merge"}
"""Tables that only grow with a merge and its undo: left out of the before-and-after comparison."""


def dump() -> dict[str, list[tuple]]:
    """Every row of every table (and the search index), as stored, in a fixed order."""
    tables = {}
    for model in models.MODELS:
        table = model._meta.table_name
        if table in LOG_TABLES:
            continue
        tables[table] = stored.rows(f'SELECT * FROM "{table}" ORDER BY 1, 2')
    tables["contact_search"] = stored.search_index("contact_search")
    return tables


def add(actor, name: str, **fields) -> Contact:
    return contacts.add_contact(actor, ContactInput(name=name, **fields))


def found_pairs(actor) -> dict[tuple[int, int], tuple[str, ...]]:
    return {
        (pair.first, pair.second): pair.kinds for group in duplicates.find_duplicates(actor) for pair in group.pairs
    }


def search(text: str) -> list[int]:
    """The ids the contact search index matches for `text`, on either engine."""
    return sorted(
        Contact.select(Contact.id).where(Contact.id.in_(sql_dialect.matching_ids("contact_search", text))).scalars()
    )


# -- finding ------------------------------------------------------------------------------------------------


def test_the_same_email_in_any_case_is_a_duplicate(actor):
    first = add(actor, "Ann Lee", emails=["ann@example.org"])
    second = add(actor, "Annie L.", emails=["work@example.com", "Ann@Example.org"])
    add(actor, "Bob Other", emails=["bob@example.org"])
    assert found_pairs(actor) == {(first.id, second.id): ("email",)}
    (group,) = duplicates.find_duplicates(actor)
    assert group.pairs[0].reasons[0].label == "same e-mail ann@example.org"


def test_the_same_phone_or_whatsapp_number_is_a_duplicate(actor):
    first = add(actor, "Carl", phones=["+49 30 1234567"])
    second = add(actor, "Carl Meyer", whatsapp="+49 30 1234567")
    third = add(actor, "C. Meyer", phones=["+49 30 7654321", "+49 30 1234567"])
    assert found_pairs(actor) == {(first.id, second.id): ("phone",), (first.id, third.id): ("phone",)}


def test_the_same_name_without_case_or_accents_is_a_duplicate(actor):
    first = add(actor, "Émilie Durand")
    second = add(actor, "emilie DURAND")
    add(actor, "Emilie Dupont")
    assert found_pairs(actor) == {(first.id, second.id): ("name",)}


def test_a_pair_lists_every_reason_and_groups_join_through_shared_members(actor):
    first = add(actor, "Dora Diaz", emails=["dora@example.org"], phones=["+1 202 555 0100"])
    second = add(actor, "Dora Diaz", emails=["dora@example.org"])
    third = add(actor, "D. Diaz", phones=["+1 202 555 0100"])
    (group,) = duplicates.find_duplicates(actor)
    assert [member.id for member in group.members] == [first.id, second.id, third.id]
    pairs = {(pair.first, pair.second): pair.kinds for pair in group.pairs}
    assert pairs == {(first.id, second.id): ("email", "name"), (first.id, third.id): ("phone",)}
    assert group.pairs[0].first == first.id and group.pairs[0].second == second.id  # the surest first
    assert duplicates.group_dict(group)["pairs"][0] == {
        "ids": [first.id, second.id],
        "reasons": [{"kind": "email", "value": "dora@example.org"}, {"kind": "name", "value": "dora diaz"}],
    }


def test_only_the_actors_own_contacts_are_compared(actor, other_actor):
    add(actor, "Eve Adams", emails=["eve@example.org"])
    add(other_actor, "Eve Adams", emails=["eve@example.org"])
    assert duplicates.find_duplicates(actor) == []


def test_stronger_groups_come_first(actor):
    add(actor, "Zed Name")
    add(actor, "Zed Name")
    add(actor, "Amy Mail", emails=["amy@example.org"])
    add(actor, "Amy M.", emails=["amy@example.org"])
    groups = duplicates.find_duplicates(actor)
    assert [group.strength for group in groups] == [0, 2]


# -- merging ------------------------------------------------------------------------------------------------


@pytest.fixture
def pair(actor, other_actor):
    """Two records of one person, each with everything that can hang off a contact."""
    field = custom_fields.define_field(actor, "Shoe size", "number")
    colour = custom_fields.define_field(actor, "Colour", "text")
    clock.fix(clock.utcnow() - timedelta(days=40))
    survivor = add(
        actor,
        "Ann Lee",
        emails=["ann@example.org"],
        phones=["+49 30 1111111"],
        tags=["friends"],
        company="Acme",
        notes="Met at PyCon.",
        birthday="1990-11-22",
        custom={"Shoe size": "38"},
    )
    other = add(
        actor,
        "Ann Lee",
        emails=["ann.lee@work.example", "ann@example.org"],
        phones=["+49 30 2222222"],
        tags=["work", "Friends"],
        title="CTO",
        location="Berlin",
        notes="Prefers e-mail.",
        birthday="--11-22",
        anniversary="--06-01",
        vip=True,
        custom={"Shoe size": "39", "Colour": "green"},
    )
    clock.fix(clock.utcnow() + timedelta(days=40))
    reminders.plan(actor)
    for contact, when in ((survivor, "2026-11-01 10:00"), (other, "2026-11-18 09:00")):
        interactions.log_interaction(
            actor, contact.id, InteractionInput("phone", when, "Call", "Talked.", follow_up="2026-11-20")
        )
    interactions.log_interaction(actor, other.id, InteractionInput("email", "2026-10-01 12:00", notes="Sent notes"))
    deals.add_deal(actor, DealInput(title="Licence", contact_id=other.id, value="100"))
    tasks.add_task(actor, TaskInput(title="Send the slides", contact_id=other.id))
    reminders.add_custom(actor, other.id, "2026-12-01 09:00", "Ask about the move")
    # Delivered already, and the survivor has the same one: it cannot move, so the merge removes it.
    sent = Reminder.create(
        user=actor.user_id,
        contact=other.id,
        kind="birthday",
        occurrence="2025-11-22",
        title="Ann Lee's birthday",
        due_at=clock.utcnow() - timedelta(days=365),
        status="sent",
        sent_at=clock.utcnow() - timedelta(days=365),
        created_at=clock.utcnow(),
    )
    Reminder.create(
        user=actor.user_id,
        contact=survivor.id,
        kind="birthday",
        occurrence="2025-11-22",
        title="Ann Lee's birthday",
        due_at=clock.utcnow() - timedelta(days=365),
        status="done",
        created_at=clock.utcnow(),
    )
    Delivery.create(reminder=sent.id, channel="inapp", delivered_at=sent.sent_at, attempted_at=sent.sent_at)
    vip.save_sections(actor, other.id, VipSections(family="Two kids", social_links=("https://example.org/ann",)))
    vip.save_sections(actor, survivor.id, VipSections(likes_dislikes="Tea", social_links=("https://ann.example",)))
    for contact, permission in ((other, "view"), (survivor, "view_add")):  # the same person: one share stays
        Share.create(
            contact=contact.id,
            owner=actor.user_id,
            recipient=other_actor.user_id,
            permission=permission,
            created_at=clock.utcnow(),
        )
    Suggestion.create(
        user=actor.user_id,
        contact=other.id,
        day="2026-11-19",
        status="done",
        created_at=clock.utcnow(),
        updated_at=clock.utcnow(),
    )
    return survivor, other, field, colour


def test_merge_moves_everything_to_the_survivor_and_removes_the_other(actor, pair):
    survivor, other, size, colour = pair
    result = merge.merge(actor, survivor.id, other.id, {"title": "other", f"custom:{size.id}": "other"})
    assert result.moved["interaction"] == 2 and result.moved["deal"] == 1 and result.moved["task"] == 1
    assert not Contact.select().where(Contact.id == other.id).exists()
    merged = contacts.get_contact(actor, survivor.id)
    assert merged.emails == ["ann@example.org", "ann.lee@work.example"]  # both, each once
    assert merged.phones == [survivor.phones[0], other.phones[0]]
    assert merged.title == "CTO" and merged.location == "Berlin" and merged.vip is True
    assert merged.notes == "Met at PyCon.\n\nPrefers e-mail."
    assert merged.birthday == "1990-11-22" and merged.anniversary == "--06-01" and merged.anniversary_md == "06-01"
    assert merged.company.name == "Acme"
    assert contacts.contact_tags(survivor.id) == ["friends", "work"]
    assert custom_fields.values_for(actor, survivor.id) == {"Shoe size": "39", "Colour": "green"}
    for model in (Interaction, Deal, Task, Suggestion, Share):
        assert model.select().where(model.contact == other.id).count() == 0
    assert [(share.contact_id, share.permission) for share in Share.select()] == [(survivor.id, "view_add")]
    assert Interaction.select().where(Interaction.contact == survivor.id).count() == 3
    kept = [
        (row.kind, row.occurrence, row.status)
        for row in Reminder.select().where(Reminder.contact == survivor.id).order_by(Reminder.kind, Reminder.occurrence)
    ]
    first_talk, second_talk = (
        row.id for row in Interaction.select().where(Interaction.follow_up_on.is_null(False)).order_by(Interaction.id)
    )
    assert kept == [
        ("birthday", "2025-11-22", "done"),
        ("birthday", "2026-11-22/-2d", "pending"),
        ("custom", "2026-12-01T08:00:00:Ask about the move", "pending"),
        ("follow_up", f"{first_talk}:2026-11-20", "pending"),
        ("follow_up", f"{second_talk}:2026-11-20", "pending"),
    ]
    assert Reminder.select().count() == len(kept) and Delivery.select().count() == 0
    sections = vip.read_sections(actor, survivor.id)
    assert (sections.family, sections.likes_dislikes) == ("Two kids", "Tea")
    assert sections.social_links == ("https://ann.example", "https://example.org/ann")
    assert Background.select().count() == 1 and ContactInfo.select().count() == 1
    assert clock.iso_utc(merged.last_contacted_at) == "2026-11-18T08:00:00Z"
    assert search("work.example") == [survivor.id] and search("CTO") == [] and search("Berlin") == [survivor.id]
    entry = AuditLog.select().where((AuditLog.action == "merge") & (AuditLog.record_id == survivor.id)).get()
    assert entry.new_values["merged_contact_id"] == other.id
    assert duplicates.find_duplicates(actor) == []


def test_the_default_choices_keep_the_survivor_and_fill_its_blanks(actor, pair):
    survivor, other, size, _colour = pair
    plan = merge.plan_merge(actor, survivor.id, other.id)
    choices = plan.choices()
    assert choices["name"] == "survivor" and choices["title"] == "other" and choices["emails"] == "both"
    assert choices["notes"] == "both" and choices["birthday"] == "survivor" and choices["vip"] == "other"
    assert choices[f"custom:{size.id}"] == "survivor"
    assert plan.tags == ["friends", "work"]
    assert plan.moving["interaction"] == 2 and plan.moving["contact_tag"] == 1
    assert merge.describe_moving(plan.moving) == (
        "2 interactions, 1 deal, 1 task, 1 reminder, 1 suggestion, "
        "1 tag, 1 custom field value, 1 background, 1 contact info"
    )
    merge.merge(actor, survivor.id, other.id)
    assert custom_fields.values_for(actor, survivor.id)["Shoe size"] == "38"
    assert contacts.get_contact(actor, survivor.id).title == "CTO"


def test_undo_restores_every_row_exactly(actor, pair):
    survivor, other, size, _colour = pair
    before = dump()
    result = merge.merge(
        actor,
        survivor.id,
        other.id,
        {"name": "other", "birthday": "other", "company": "other", f"custom:{size.id}": "other", "phones": "other"},
    )
    assert dump() != before
    undone = merge.undo_merge(actor)
    assert undone.merge_id == result.merge_id and undone.notes == []
    assert dump() == before
    assert ContactMerge.get_by_id(result.merge_id).undone_at == clock.utcnow()
    assert search("work.example") == [other.id]
    with pytest.raises(NotFound, match="no merge to undo"):
        merge.undo_merge(actor)
    with pytest.raises(CrmError, match="already undone"):
        merge.undo_merge(actor, result.merge_id)


def test_undo_after_new_activity_keeps_it_and_reports_what_is_gone(actor, pair):
    survivor, other, _size, _colour = pair
    merge.merge(actor, survivor.id, other.id)
    moved = Interaction.select().where(Interaction.notes == "Sent notes").get()
    interactions.delete_interaction(actor, moved.id)
    new = interactions.log_interaction(actor, survivor.id, InteractionInput("sms", "2026-11-20 08:00", notes="Hi"))
    result = merge.undo_merge(actor)
    assert result.notes == ["1 of the 2 interactions the merge moved was deleted or moved since"]
    assert Interaction.get_by_id(new.id).contact_id == survivor.id
    assert Interaction.select().where(Interaction.contact == other.id).count() == 1
    assert clock.iso_utc(contacts.get_contact(actor, survivor.id).last_contacted_at) == "2026-11-20T07:00:00Z"
    assert clock.iso_utc(contacts.get_contact(actor, other.id).last_contacted_at) == "2026-11-18T08:00:00Z"


def test_undo_is_refused_when_a_merged_field_was_edited_since(actor, pair):
    survivor, other, _size, _colour = pair
    merge.merge(actor, survivor.id, other.id)
    data = contacts.input_from(actor, contacts.get_contact(actor, survivor.id))
    data.title = "CEO"
    contacts.edit_contact(actor, survivor.id, data)
    before = dump()
    with pytest.raises(CrmError, match=r"Ann Lee's title changed since the merge"):
        merge.undo_merge(actor)
    assert dump() == before


def test_undo_is_refused_when_the_survivor_was_merged_away_or_deleted(actor, pair):
    survivor, other, _size, _colour = pair
    third = add(actor, "Ann L.")
    first = merge.merge(actor, survivor.id, other.id)
    merge.merge(actor, third.id, survivor.id)
    with pytest.raises(CrmError, match=r"Ann Lee was merged into Ann L\. since \(merge \d+\): undo that merge first"):
        merge.undo_merge(actor, first.merge_id)
    merge.undo_merge(actor)
    contacts.delete_contact(actor, survivor.id)
    with pytest.raises(CrmError, match="Ann Lee was deleted since"):
        merge.undo_merge(actor, first.merge_id)


def test_a_later_merge_into_the_same_survivor_must_be_undone_first(actor, pair):
    survivor, other, _size, _colour = pair
    third = add(actor, "Ann Lee (old)")
    first = merge.merge(actor, survivor.id, other.id)
    second = merge.merge(actor, survivor.id, third.id)
    with pytest.raises(CrmError, match=f"merge {second.merge_id}\\): undo that merge first"):
        merge.undo_merge(actor, first.merge_id)
    assert merge.undo_merge(actor).merge_id == second.merge_id
    assert merge.undo_merge(actor).merge_id == first.merge_id


def test_bad_merges_are_refused_and_change_nothing(actor, other_actor, pair):
    survivor, other, _size, _colour = pair
    stranger = add(other_actor, "Ann Lee")
    before = dump()
    with pytest.raises(ValidationError, match="cannot be merged with itself"):
        merge.merge(actor, survivor.id, survivor.id)
    with pytest.raises(NotFound):
        merge.merge(actor, survivor.id, stranger.id)
    with pytest.raises(ValidationError, match="no field called 'shoe'"):
        merge.merge(actor, survivor.id, other.id, {"shoe": "other"})
    with pytest.raises(ValidationError, match="Name cannot keep both values"):
        merge.merge(actor, survivor.id, other.id, {"name": "both"})
    with pytest.raises(ValidationError, match="choose survivor, other or both"):
        merge.merge(actor, survivor.id, other.id, {"name": "left"})
    assert dump() == before


def test_keeping_both_lists_is_refused_when_they_hold_too_many(actor):
    first = add(actor, "Many", emails=[f"a{number}@example.org" for number in range(15)])
    second = add(actor, "Many", emails=[f"b{number}@example.org" for number in range(10)])
    with pytest.raises(ValidationError, match="together they have 25 e-mails, at most 20: keep one side") as refused:
        merge.merge(actor, first.id, second.id, {"emails": "both"})
    assert refused.value.field == "emails"
    assert Contact.select().count() == 2


def test_a_failure_half_way_leaves_everything_as_it_was(actor, pair, monkeypatch):
    survivor, other, _size, _colour = pair
    before = dump()

    def broken(*_args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(reminders, "replan_contact", broken)
    with pytest.raises(RuntimeError):
        merge.merge(actor, survivor.id, other.id)
    assert dump() == before
    assert ContactMerge.select().count() == 0


def test_choice_keys_accept_labels_and_custom_field_names(actor, pair):
    _survivor, _other, size, _colour = pair
    assert merge.choice_key(actor, "E-mails") == "emails"
    assert merge.choice_key(actor, "picture-url") == "picture_url"
    assert merge.choice_key(actor, "shoe size") == f"custom:{size.id}"
    with pytest.raises(ValidationError, match="no field called 'hat'"):
        merge.choice_key(actor, "hat")


def test_merges_are_listed_newest_first(actor, pair):
    survivor, other, _size, _colour = pair
    result = merge.merge(actor, survivor.id, other.id)
    (entry,) = merge.list_merges(actor)
    assert merge.merge_dict(entry) == {
        "id": result.merge_id,
        "survivor_id": survivor.id,
        "survivor_name": "Ann Lee",
        "other_id": other.id,
        "other_name": "Ann Lee",
        "merged_at": "2026-11-20T10:30:00Z",
        "undone_at": None,
    }


def test_undo_on_a_later_day_plans_both_contacts_reminders_again(actor, pair):
    survivor, other, _size, _colour = pair
    merge.merge(actor, survivor.id, other.id, {"birthday": "other"})
    clock.fix(clock.utcnow() + timedelta(days=1))
    reminders.plan(actor)
    assert merge.undo_merge(actor).notes == []
    planned = {
        (row.contact_id, row.kind, row.occurrence) for row in Reminder.select().where(Reminder.kind == "birthday")
    }
    assert (other.id, "birthday", "2026-11-22/-2d") in planned  # the other contact's own birthday again
    assert contacts.get_contact(actor, survivor.id).birthday == "1990-11-22"


def test_undo_brings_the_other_back_without_a_company_deleted_since(actor, pair):
    survivor, other, _size, _colour = pair
    data = contacts.input_from(actor, other)
    data.company = "Initech"
    contacts.edit_contact(actor, other.id, data)
    initech = contacts.get_contact(actor, other.id).company_id
    merge.merge(actor, survivor.id, other.id)  # the survivor keeps Acme
    companies.delete_company(actor, initech)
    result = merge.undo_merge(actor)
    assert result.notes == ["Ann Lee's company was deleted since: it comes back without one"]
    assert contacts.get_contact(actor, other.id).company_id is None
    assert contacts.get_contact(actor, survivor.id).company.name == "Acme"


def test_undo_plans_the_days_planned_while_the_contacts_were_merged(actor, pair):
    survivor, other, _size, _colour = pair
    data = contacts.input_from(actor, other)
    data.birthday = "--11-24"  # reminded two days before: on the 22nd, while merged away
    contacts.edit_contact(actor, other.id, data)
    merge.merge(actor, survivor.id, other.id)
    clock.fix(clock.utcnow() + timedelta(days=3))
    reminders.plan(actor)
    merge.undo_merge(actor)
    due = {(row.kind, row.occurrence) for row in Reminder.select().where(Reminder.contact == other.id)}
    assert ("birthday", "2026-11-24/-2d") in due
