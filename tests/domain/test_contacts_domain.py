"""The contacts domain: validation, search, status, isolation between users."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui import clock, companies, contacts, settings
from tui.companies import CompanyInput
from tui.contacts import ContactFilter, ContactInput
from tui.errors import NotFound, ValidationError
from tui.models import AuditLog, Contact, Tag


def add(actor, **fields):
    return contacts.add_contact(actor, ContactInput(**fields))


def test_a_contact_is_stored_normalised(actor):
    contact = add(
        actor,
        name="  Zoë Müller ",
        emails=["Zoe@Example.COM"],
        phones=["+49 151 1234 5678"],
        instagram="@zoe.m",
        company="Acme",
        tags=["#Berlin", "mentor"],
        birthday="--02-29",
        relationship="Friend",
    )
    data = contacts.contact_dict(actor, contact)
    assert data["name"] == "Zoë Müller"
    assert data["emails"] == ["Zoe@example.com"]
    assert data["phones"] == ["+4915112345678"]
    assert data["instagram"] == "zoe.m"
    assert data["company"] == "Acme"
    assert data["tags"] == ["Berlin", "mentor"]
    assert data["birthday"] == "--02-29"
    assert data["relationship"] == "friend"
    assert data["created_at"] == "2026-11-20T10:30:00Z"
    assert contact.birthday_md == "02-29"


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "A", "emails": ["nope"]}, "emails"),
        ({"name": "A", "phones": ["call me"]}, "phones"),
        ({"name": "A", "phones": ["+1 2"]}, "phones"),
        ({"name": "A", "birthday": "2023-02-29"}, "birthday"),
        ({"name": "A", "anniversary": "--13-01"}, "anniversary"),
        ({"name": "A", "tags": ["work", "Work"]}, "tags"),
        ({"name": "A", "cadence_days": "0"}, "cadence_days"),
        ({"name": "A", "picture_url": "javascript:alert(1)"}, "picture_url"),
    ],
)
def test_bad_input_names_its_field_and_stores_nothing(actor, fields, field):
    with pytest.raises(ValidationError) as refused:
        add(actor, **fields)
    assert refused.value.field == field
    assert Contact.select().count() == 0


def test_leap_day_birthdays_are_accepted_with_and_without_a_year(actor):
    assert add(actor, name="A", birthday="2024-02-29").birthday == "2024-02-29"
    assert add(actor, name="B", birthday="--0229").birthday == "--02-29"


def test_search_is_case_and_accent_insensitive_and_matches_word_prefixes(actor):
    add(actor, name="Zoë Müller", company="Initech", emails=["zm@corp.example"], location="Zürich")
    add(actor, name="José Álvarez", notes="Met at PyCon", tags=["speaker"])
    add(actor, name="Bob Stone", phones=["+1 415 555 0100"])

    def names(query):
        return [row.name for row in contacts.list_contacts(actor, ContactFilter(search=query))]

    assert names("zoe") == ["Zoë Müller"]
    assert names("MUELL") == [] and names("mull") == ["Zoë Müller"]
    assert names("ini") == ["Zoë Müller"]
    assert names("zurich") == ["Zoë Müller"]
    assert names("pyc") == ["José Álvarez"]
    assert names("speak") == ["José Álvarez"]
    assert names("jose alv") == ["José Álvarez"]
    assert names("1415") == ["Bob Stone"]


def test_search_follows_a_renamed_company_and_tag(actor):
    zoe = add(actor, name="Zoë Müller", company="Initech", tags=["speaker"])

    def names(query):
        return [row.name for row in contacts.list_contacts(actor, ContactFilter(search=query))]

    companies.edit_company(actor, zoe.company_id, CompanyInput(name="Globex"))
    Tag.update(name="keynote").where(Tag.name == "speaker").execute()
    assert names("globex") == names("keyn") == ["Zoë Müller"]
    assert names("initech") == names("speaker") == []


def test_search_finds_names_in_every_script_and_takes_any_letter(actor):
    add(actor, name="Иван Петров", location="Новосибирск")
    add(actor, name="王小明", notes="北京")
    add(actor, name="Kaʻiulani Oʻahu")

    def names(query):
        return [row.name for row in contacts.list_contacts(actor, ContactFilter(search=query))]

    assert names("иван") == names("ИВАН") == names("новос") == ["Иван Петров"]
    assert names("王") == names("北京") == ["王小明"]
    assert names("Oʻahu") == names("kaʻiu") == ["Kaʻiulani Oʻahu"]  # a letter unaccent turns into a quote
    assert names("Dʼartagnan") == []


@pytest.mark.parametrize("query", ['"', "*", "-", ":", "(", ")", "[x]", 'a"b', "NEAR(", "AND", "name:", "^x", "{}"])
def test_search_syntax_characters_never_crash(actor, query):
    add(actor, name="Plain Person")
    add(actor, name="Ann Example", notes=f"says {query} often")
    found = [row.name for row in contacts.list_contacts(actor, ContactFilter(search=query))]
    if any(char.isalnum() for char in query):
        # Syntax of the search engine is read as text: it finds nothing, or the contact whose notes hold the word.
        assert found in ([], ["Ann Example"])
    else:  # nothing to search for: the list is not filtered
        assert found == ["Ann Example", "Plain Person"]


def test_search_follows_edits_tags_and_deletes(actor):
    contact = add(actor, name="Ann Example", tags=["golf"])
    contacts.edit_contact(actor, contact.id, ContactInput(name="Ann Example", tags=["tennis"]))
    assert contacts.count_contacts(actor, ContactFilter(search="golf")) == 0
    assert contacts.count_contacts(actor, ContactFilter(search="tennis")) == 1
    contacts.delete_contact(actor, contact.id)
    assert contacts.count_contacts(actor, ContactFilter(search="ann")) == 0


def test_users_never_see_each_others_contacts(actor, other_actor):
    mine = add(actor, name="Shared Name")
    add(other_actor, name="Shared Name")
    assert [row.id for row in contacts.list_contacts(actor, ContactFilter(search="shared"))] == [mine.id]
    with pytest.raises(NotFound):
        contacts.get_contact(other_actor, mine.id)
    with pytest.raises(NotFound):
        contacts.delete_contact(other_actor, mine.id)
    with pytest.raises(NotFound):
        contacts.edit_contact(other_actor, mine.id, ContactInput(name="Hijacked"))
    assert contacts.get_contact(actor, mine.id).name == "Shared Name"


def test_status_uses_contact_then_relationship_then_default_cadence(actor):
    old = add(actor, name="Old Friend", relationship="friend")
    Contact.update(created_at=clock.utcnow() - timedelta(days=20)).where(Contact.id == old.id).execute()
    assert contacts.contact_status(actor, contacts.get_contact(actor, old.id)) == contacts.ALL_GOOD  # default 30
    settings.set_setting(actor, "cadence.friend", "14")
    assert contacts.contact_status(actor, contacts.get_contact(actor, old.id)) == contacts.HIT_UP
    contacts.edit_contact(actor, old.id, ContactInput(name="Old Friend", relationship="friend", cadence_days=21))
    assert contacts.contact_status(actor, contacts.get_contact(actor, old.id)) == contacts.ALL_GOOD


def test_archived_contacts_leave_the_default_list_and_come_back(actor):
    contact = add(actor, name="Archie")
    contacts.archive_contact(actor, contact.id)
    assert contacts.list_contacts(actor) == []
    assert [row.name for row in contacts.list_contacts(actor, ContactFilter(archived=True))] == ["Archie"]
    contacts.restore_contact(actor, contact.id)
    assert [row.name for row in contacts.list_contacts(actor)] == ["Archie"]


def test_edits_and_deletes_are_audited_with_old_and_new_values(actor):
    contact = add(actor, name="Before", emails=["a@example.org"])
    contacts.edit_contact(actor, contact.id, ContactInput(name="After", emails=["a@example.org"]))
    contacts.delete_contact(actor, contact.id)
    entries = list(AuditLog.select().order_by(AuditLog.id))
    assert [(e.action, e.old_values, e.new_values) for e in entries][0] == (
        "update",
        {"name": "Before"},
        {"name": "After"},
    )
    assert entries[1].action == "delete" and entries[1].old_values["name"] == "After"


def test_new_relationship_and_industry_values_are_offered_afterwards(actor):
    add(actor, name="A", relationship="Mentor", industry="Biotech")
    assert contacts.options(actor, "relationship")[-1] == "mentor"
    assert "biotech" in contacts.options(actor, "industry")
    assert contacts.options(actor, "relationship")[:6] == list(contacts.RELATIONSHIPS)


def test_find_contact_by_id_or_exact_name(actor):
    ann = add(actor, name="Ann")
    add(actor, name="Bob")
    add(actor, name="Bob")
    assert contacts.find_contact(actor, str(ann.id)).id == ann.id
    assert contacts.find_contact(actor, "ann").id == ann.id
    with pytest.raises(ValidationError, match="2 contacts are named"):
        contacts.find_contact(actor, "Bob")
    with pytest.raises(NotFound):
        contacts.find_contact(actor, "Nobody")


def test_the_list_is_paged_and_sorted(actor):
    for name in ["delta", "Alpha", "charlie", "Bravo"]:
        add(actor, name=name)
    assert [r.name for r in contacts.list_contacts(actor, limit=2)] == ["Alpha", "Bravo"]
    assert [r.name for r in contacts.list_contacts(actor, limit=2, offset=2)] == ["charlie", "delta"]
    assert contacts.count_contacts(actor) == 4


def test_bulk_actions_touch_only_the_chosen_contacts(actor, other_actor):
    ids = [add(actor, name=f"P{number}").id for number in range(4)]
    theirs = add(other_actor, name="Theirs").id
    assert contacts.tag_contacts(actor, ids[:3], "#Team") == 3
    assert contacts.count_contacts(actor, ContactFilter(tag="team")) == 3
    assert contacts.untag_contacts(actor, ids[:1], "team") == 1
    assert contacts.count_contacts(actor, ContactFilter(tag="Team")) == 2
    assert contacts.set_flags_many(actor, ids[2:], archived=True) == 2
    assert contacts.count_contacts(actor) == 2
    assert contacts.set_flags_many(actor, ids[:2], active=False) == 2
    assert contacts.count_contacts(actor, ContactFilter(active=True)) == 0
    with pytest.raises(NotFound):
        contacts.tag_contacts(actor, [ids[0], theirs], "stolen")
    assert contacts.all_tags(actor) == ["Team"]


def test_status_sort_puts_the_most_overdue_first(actor):
    recent = add(actor, name="Recent")
    overdue = add(actor, name="Overdue", cadence_days=7)
    Contact.update(created_at=clock.utcnow() - timedelta(days=20)).where(Contact.id == overdue.id).execute()
    assert [row.name for row in contacts.list_contacts(actor, sort="status")] == ["Overdue", "Recent"]
    assert recent.id


def test_names_sort_without_regard_to_case_or_accents(actor):
    for name in ["Zoë", "émilie", "Emma", "Łukasz", "lars"]:
        add(actor, name=name)
    assert [row.name for row in contacts.list_contacts(actor)] == ["émilie", "Emma", "lars", "Łukasz", "Zoë"]


def test_list_rows_show_tags_in_the_same_order_as_the_contact(actor):
    contact = add(actor, name="Tagged", tags=["zeta", "Alpha", "mid"])
    (row,) = contacts.list_contacts(actor)
    assert row.tags == ", ".join(contacts.contact_dict(actor, contact)["tags"]) == "Alpha, mid, zeta"


def test_ids_of_deleted_contacts_are_never_reused(actor):
    first = add(actor, name="First")
    contacts.delete_contact(actor, first.id)
    assert add(actor, name="Second").id != first.id
