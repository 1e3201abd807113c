"""Demo data: the same seed and clock give the same account, and the account is a consistent one."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from peewee import fn

from tui import accounts, clock, contacts, database, demo, validation
from tui.contacts import ContactFilter
from tui.models import (
    DEAL_STAGES,
    MEDIUMS,
    Background,
    Company,
    Contact,
    ContactInfo,
    ContactTag,
    Deal,
    DealStageHistory,
    Interaction,
    OptionValue,
    Product,
    Tag,
    Task,
)
from tui.models import (
    database as bound,
)
from tui.scope import owned

from .. import stored
from ..helpers import PASSWORD

OWNED_MODELS = (Company, Contact, Tag, OptionValue, Interaction, Product, Deal, Task)


def snapshot_of_fresh_fill(path: Path, seed: int) -> list[tuple]:
    """Fill a brand-new database and read back what should not depend on anything but seed and clock."""
    database.open_database(str(path))
    try:
        actor = accounts.signup("ada@example.org", "Ada Lovelace", PASSWORD, "Europe/Berlin")
        demo.fill(actor, contacts=120, seed=seed)
        talks = Counter(row.contact_id for row in Interaction.select(Interaction.contact))
        return [
            (row.name, row.birthday, row.last_contacted_at, talks[row.id])
            for row in Contact.select().order_by(Contact.id)
        ]
    finally:
        database.close_database()


def test_the_same_seed_under_the_same_clock_gives_the_same_data(tmp_path):
    first = snapshot_of_fresh_fill(tmp_path / "one.db", seed=3)
    second = snapshot_of_fresh_fill(tmp_path / "two.db", seed=3)
    other = snapshot_of_fresh_fill(tmp_path / "three.db", seed=4)
    assert len(first) == 120
    assert first == second
    assert first != other


@pytest.fixture
def filled(actor):
    """Ada's account with 150 demo contacts."""
    summary = demo.fill(actor, contacts=150, seed=7)
    return actor, summary


def test_the_summary_counts_what_was_stored(filled):
    actor, summary = filled
    assert summary.contacts == owned(actor, Contact).count() == 150
    assert summary.interactions == owned(actor, Interaction).count() > 150
    assert summary.vips == owned(actor, Contact).where(Contact.vip == True).count() > 0  # noqa: E712
    assert summary.inactive == owned(actor, Contact).where(Contact.active == False).count() > 0  # noqa: E712
    assert summary.archived == owned(actor, Contact).where(Contact.archived == True).count()  # noqa: E712
    assert summary.deals == owned(actor, Deal).count() >= len(DEAL_STAGES)
    assert summary.tasks == owned(actor, Task).count() > 0
    assert 10 <= summary.tags == owned(actor, Tag).count() <= 20
    assert "\n" not in str(summary) and "150 contacts" in str(summary)


def test_last_contacted_is_the_latest_interaction(filled):
    actor, _ = filled
    latest = dict(
        owned(actor, Interaction, Interaction.contact, fn.MAX(Interaction.occurred_at))
        .group_by(Interaction.contact)
        .tuples()
    )
    never = 0
    for contact in owned(actor, Contact):
        if contact.id in latest:
            assert contact.last_contacted_at == Interaction.occurred_at.python_value(latest[contact.id])
        else:
            assert contact.last_contacted_at is None
            never += 1
    assert never > 0, "some contacts have never been contacted"


def test_interactions_lie_in_the_last_two_years(filled):
    actor, _ = filled
    now = clock.utcnow()
    for talk in owned(actor, Interaction):
        assert now - timedelta(days=731) <= talk.occurred_at <= now
        assert talk.medium in MEDIUMS and talk.type
        assert talk.author_id == actor.user_id
        assert talk.contact.owner_id == actor.user_id
    follow_ups = [
        talk.follow_up_on for talk in owned(actor, Interaction).where(Interaction.follow_up_on.is_null(False))
    ]
    assert follow_ups and all(len(day) == 10 and day[4] == "-" for day in follow_ups)
    assert {talk.medium for talk in owned(actor, Interaction)} == set(MEDIUMS)


def test_birthdays_include_yearless_ones_and_a_leap_day(filled):
    actor, _ = filled
    birthdays = [
        (row.birthday, row.birthday_md) for row in owned(actor, Contact).where(Contact.birthday.is_null(False))
    ]
    assert all(month_day == birthday[-5:] for birthday, month_day in birthdays)
    assert any(birthday.startswith("--") for birthday, _ in birthdays)
    assert "02-29" in {month_day for _, month_day in birthdays}
    assert owned(actor, Contact).where(Contact.anniversary.is_null(False)).count() > 0


def test_contact_details_are_valid_and_international(filled):
    actor, _ = filled
    people = list(owned(actor, Contact))
    assert any(not person.name.isascii() for person in people)
    for person in people:
        assert all(validation.phone(number) == number for number in person.phones)
        assert all(validation.email(address) == address for address in person.emails)
        assert person.whatsapp in ("", *person.phones)
        assert person.instagram == validation.instagram(person.instagram)
    assert sum(bool(person.whatsapp) for person in people) > 0
    assert sum(bool(person.instagram) for person in people) > 0
    assert sum(person.cadence_days is not None for person in people) > 0
    relationships = {person.relationship for person in people}
    assert relationships & set(contacts.RELATIONSHIPS)
    custom = set(owned(actor, OptionValue, OptionValue.value).where(OptionValue.kind == "relationship").scalars())
    assert custom and relationships & custom


def test_companies_are_shared_by_several_contacts(filled):
    actor, _ = filled
    per_company = Counter(row.company_id for row in owned(actor, Contact) if row.company_id)
    assert per_company and max(per_company.values()) > 1
    assert set(per_company) <= set(owned(actor, Company, Company.id).scalars())


def test_every_vip_has_background_and_contact_info(filled):
    actor, _ = filled
    vips = list(owned(actor, Contact).where(Contact.vip == True))  # noqa: E712
    assert vips
    for vip in vips:
        assert Background.get(Background.contact == vip.id).family
        assert ContactInfo.get(ContactInfo.contact == vip.id).main_app


def test_at_most_three_products_are_active(filled):
    actor, _ = filled
    assert owned(actor, Product).where(Product.is_active == True).count() == 3  # noqa: E712
    assert owned(actor, Product).where(Product.is_active == False).count() == 1  # noqa: E712


def test_every_deal_ends_its_history_at_its_stage(filled):
    actor, _ = filled
    history = defaultdict(list)
    for step in DealStageHistory.select().order_by(DealStageHistory.changed_at, DealStageHistory.id):
        history[step.deal_id].append(step)
    deals = list(owned(actor, Deal))
    assert {deal.stage for deal in deals} == set(DEAL_STAGES)
    assert {deal.currency for deal in deals} == {"EUR", "USD", "GBP"}
    for deal in deals:
        steps = history[deal.id]
        assert steps[0].from_stage is None and steps[0].to_stage == "lead"
        assert all(later.from_stage == earlier.to_stage for earlier, later in pairwise(steps))
        assert steps[-1].to_stage == deal.stage
        assert steps[-1].changed_at == deal.stage_changed_at
        assert (deal.closed_at is not None) == deal.stage.startswith("closed_")
        assert deal.value_milli > 0 and deal.source and deal.expected_close_on
        assert deal.contact.owner_id == actor.user_id


def test_everything_belongs_to_the_actor_and_other_accounts_stay_empty(filled, other_actor):
    actor, _ = filled
    for model in OWNED_MODELS:
        assert model.select().where(model.owner != actor.user_id).count() == 0, model.__name__
        assert owned(other_actor, model).count() == 0, model.__name__
    assert ContactTag.select().join(Tag).where(Tag.owner != actor.user_id).count() == 0
    assert stored.foreign_key_problems() == []


def test_the_search_index_knows_every_contact_and_its_tags(filled):
    actor, _ = filled
    assert bound.execute_sql("SELECT count(*) FROM contact_search").fetchone()[0] == 150
    assert (
        bound.execute_sql("SELECT count(*) FROM interaction_search").fetchone()[0] == owned(actor, Interaction).count()
    )
    investors = (
        owned(actor, Contact)
        .join(ContactTag)
        .join(Tag)
        .where((Tag.name == "investor") & (Contact.archived == False))
        .count()
    )  # noqa: E712
    assert investors > 0
    assert contacts.count_contacts(actor, ContactFilter(search="investor")) == investors


def test_filling_twice_adds_more_and_reuses_tags_and_companies(actor):
    first = demo.fill(actor, contacts=60, seed=1)
    again = demo.fill(actor, contacts=60, seed=1)
    other = demo.fill(actor, contacts=60, seed=2)
    assert owned(actor, Contact).count() == 180
    assert again.tags == other.tags == 0 and again.companies == 0
    assert owned(actor, Tag).count() == first.tags
    names = [name.lower() for name in owned(actor, Company, Company.name).scalars()]
    assert len(names) == len(set(names))
    assert owned(actor, Product).where(Product.is_active == True).count() == 3  # noqa: E712
    assert owned(actor, Product).count() == 12
    latest = dict(
        owned(actor, Interaction, Interaction.contact, fn.MAX(Interaction.occurred_at))
        .group_by(Interaction.contact)
        .tuples()
    )
    assert all(
        contact.last_contacted_at == Interaction.occurred_at.python_value(latest.get(contact.id))
        for contact in owned(actor, Contact)
    )


def test_ids_of_deleted_rows_are_not_handed_out_again(actor):
    demo.fill(actor, contacts=5)
    last_contact = owned(actor, Contact, fn.MAX(Contact.id)).scalar()
    last_deal = owned(actor, Deal, fn.MAX(Deal.id)).scalar()
    contacts.delete_contact(actor, last_contact)
    Deal.delete().where(Deal.id == last_deal).execute()
    demo.fill(actor, contacts=5, seed=2)
    assert owned(actor, Contact).count() == 9
    assert Contact.get_or_none(Contact.id == last_contact) is None
    assert Deal.get_or_none(Deal.id == last_deal) is None


def test_filling_nothing_and_refusing_negative_sizes(actor):
    summary = demo.fill(actor, contacts=0)
    assert summary.contacts == summary.interactions == summary.deals == 0
    with pytest.raises(ValueError):
        demo.fill(actor, contacts=-1)
