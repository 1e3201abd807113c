"""VIP sections and snapshot; custom fields on contacts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui import clock, contacts, custom_fields, vip
from tui.contacts import ContactInput
from tui.errors import NotFound, ValidationError
from tui.models import Contact, CustomFieldValue


def test_vip_sections_survive_switching_vip_off_and_on(actor):
    contact = contacts.add_contact(actor, ContactInput(name="Grace", vip=True))
    vip.save_sections(
        actor,
        contact.id,
        vip.VipSections(family="two kids", likes_dislikes="likes tea", main_app="Signal", email="g@example.org"),
    )
    assert [row.name for row in vip.snapshot(actor)] == ["Grace"]
    contacts.set_flags(actor, contact.id, vip=False)
    assert vip.snapshot(actor) == []
    assert vip.read_sections(actor, contact.id).family == "two kids"
    contacts.set_flags(actor, contact.id, vip=True)
    assert [row.name for row in vip.snapshot(actor)] == ["Grace"]
    assert vip.read_sections(actor, contact.id).main_app == "Signal"


def test_the_snapshot_shows_the_most_overdue_vip_first(actor):
    calm = contacts.add_contact(actor, ContactInput(name="Calm", vip=True))
    late = contacts.add_contact(actor, ContactInput(name="Late", vip=True, cadence_days=3))
    contacts.add_contact(actor, ContactInput(name="Not a VIP", cadence_days=1))
    Contact.update(created_at=clock.utcnow() - timedelta(days=10)).where(Contact.id == late.id).execute()
    rows = vip.snapshot(actor)
    assert [(row.name, row.status) for row in rows] == [("Late", "hit_up"), ("Calm", "all_good")]
    assert calm.id


def test_vip_sections_are_validated_and_private(actor, other_actor):
    contact = contacts.add_contact(actor, ContactInput(name="Grace", vip=True))
    with pytest.raises(ValidationError):
        vip.save_sections(actor, contact.id, vip.VipSections(email="not-mail"))
    with pytest.raises(NotFound):
        vip.read_sections(other_actor, contact.id)
    with pytest.raises(NotFound):
        vip.save_sections(other_actor, contact.id, vip.VipSections(family="x"))


def test_custom_fields_are_validated_by_kind_and_appear_in_json(actor):
    custom_fields.define_field(actor, "Shoe size", "number")
    custom_fields.define_field(actor, "Met on", "date")
    custom_fields.define_field(actor, "Tier", "choice", ["gold", "silver"])
    contact = contacts.add_contact(actor, ContactInput(name="Ann", custom={"Shoe size": "38,5", "Tier": "gold"}))
    assert contacts.contact_dict(actor, contact)["custom_fields"] == {"Shoe size": "38.5", "Met on": "", "Tier": "gold"}
    for bad in ({"Shoe size": "big"}, {"Met on": "yesterday-ish"}, {"Tier": "bronze"}, {"Nope": "1"}):
        with pytest.raises(ValidationError):
            contacts.add_contact(actor, ContactInput(name="Bad", custom=bad))
    assert Contact.select().count() == 1
    edited = contacts.edit_contact(actor, contact.id, ContactInput(name="Ann", custom={"Tier": ""}))
    assert contacts.contact_dict(actor, edited)["custom_fields"]["Tier"] == ""


def test_custom_field_definitions_are_per_user_and_unique(actor, other_actor):
    field = custom_fields.define_field(actor, "Tier", "choice", ["a"])
    with pytest.raises(ValidationError):
        custom_fields.define_field(actor, "Tier", "text")
    with pytest.raises(ValidationError):
        custom_fields.define_field(actor, "Empty choice", "choice", [])
    assert custom_fields.list_fields(other_actor) == []
    with pytest.raises(NotFound):
        custom_fields.delete_field(other_actor, field.id)
    contact = contacts.add_contact(actor, ContactInput(name="Ann", custom={"Tier": "a"}))
    custom_fields.delete_field(actor, field.id)
    assert CustomFieldValue.select().where(CustomFieldValue.contact == contact.id).count() == 0
