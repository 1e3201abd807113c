"""The pipeline: products (3 active), companies, deals, stage history, board, lead score, statistics."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from peewee import IntegrityError

from tui import clock, companies, contacts, deals, interactions, lead_score, pipeline_stats, products
from tui.companies import CompanyInput
from tui.contacts import ContactInput
from tui.deals import BoardFilter, DealInput
from tui.errors import NotFound, ValidationError
from tui.interactions import InteractionInput
from tui.models import Deal, DealStageHistory, Product

from ..helpers import at


@pytest.fixture
def ann(actor):
    return contacts.add_contact(actor, ContactInput(name="Ann", company="Acme"))


def test_the_domain_says_no_to_a_fourth_active_product_before_trying(actor):
    for name in ("A", "B", "C"):
        products.add_product(actor, name)
    with pytest.raises(ValidationError, match="at most 3 products can be active"):
        products.add_product(actor, "D")
    spare = products.add_product(actor, "Spare", active=False)
    with pytest.raises(ValidationError, match="at most 3"):
        products.set_active(actor, spare.id, True)
    products.set_active(actor, products.list_products(actor)[0].id, False)
    assert products.set_active(actor, spare.id, True).is_active
    assert Product.select().where(Product.is_active == True).count() == 3  # noqa: E712


def test_the_trigger_stands_behind_the_domain(actor):
    now = clock.utcnow()
    for name in ("A", "B", "C"):
        products.add_product(actor, name)
    with pytest.raises(IntegrityError):
        Product.create(owner=actor.user_id, name="Sneaky", created_at=now, updated_at=now)


def test_deleting_a_product_keeps_its_deals(actor, ann):
    widget = products.add_product(actor, "Widget")
    deal = deals.add_deal(actor, DealInput(title="Big", contact_id=ann.id, product_id=widget.id, value="100"))
    assert products.delete_product(actor, widget.id) == 1
    assert deals.get_deal(actor, deal.id).product_id is None


def test_every_stage_change_is_kept_with_its_time(actor, ann):
    deal = deals.add_deal(actor, DealInput(title="Big", contact_id=ann.id, value="12,500.50", currency="eur"))
    at("2026-11-21T09:00")
    deals.step(actor, deal.id, +1)
    at("2026-11-25T09:00")
    deals.move_deal(actor, deal.id, "won")
    moves = [(h.from_stage, h.to_stage, h.changed_at) for h in deals.history(actor, deal.id)]
    assert moves == [
        (None, "lead", datetime(2026, 11, 20, 10, 30)),
        ("lead", "qualified", datetime(2026, 11, 21, 9, 0)),
        ("qualified", "closed_won", datetime(2026, 11, 25, 9, 0)),
    ]
    stored = deals.get_deal(actor, deal.id)
    assert (stored.value_milli, stored.currency) == (12500500, "EUR")
    assert stored.closed_at == datetime(2026, 11, 25, 9, 0)  # when it was won
    assert deals.format_value(stored.value_milli, "EUR") == "12,500.50 EUR"
    assert stored.company.name == "Acme"  # the contact's company by default


@pytest.mark.parametrize(
    "data, field",
    [
        (DealInput(title="", value="1"), "title"),
        (DealInput(title="X", value="-5"), "value"),
        (DealInput(title="X", value="lots"), "value"),
        (DealInput(title="X", value="1.5", currency="JPY"), "value"),
        (DealInput(title="X", currency="ZZZ"), "currency"),
        (DealInput(title="X", stage="won-ish"), "stage"),
        (DealInput(title="X", expected_close="someday"), "expected_close"),
    ],
)
def test_bad_deals_are_refused_and_nothing_is_saved(actor, ann, data, field):
    data.contact_id = ann.id
    with pytest.raises(ValidationError) as refused:
        deals.add_deal(actor, data)
    assert refused.value.field == field
    assert Deal.select().count() == 0 and DealStageHistory.select().count() == 0


def test_a_large_deal_keeps_its_value_to_the_thousandth(actor, ann):
    # Five billion: 5e12 thousandths, well past 32 bits, on either engine.
    deal = deals.add_deal(actor, DealInput(title="Fleet", contact_id=ann.id, value="5,000,000,000.25", currency="EUR"))
    assert Deal.get_by_id(deal.id).value_milli == 5_000_000_000_250


def test_a_deal_for_another_users_contact_is_refused(actor, other_actor, ann):
    with pytest.raises(NotFound):
        deals.add_deal(other_actor, DealInput(title="Steal", contact_id=ann.id))
    deal = deals.add_deal(actor, DealInput(title="Mine", contact_id=ann.id))
    with pytest.raises(NotFound):
        deals.move_deal(other_actor, deal.id, "won")
    assert deals.board(other_actor)[0].count == 0


def test_the_board_counts_and_totals_per_currency_and_hides_archived(actor, ann):
    deals.add_deal(actor, DealInput(title="A", contact_id=ann.id, value="100", currency="EUR"))
    deals.add_deal(actor, DealInput(title="B", contact_id=ann.id, value="50", currency="EUR"))
    deals.add_deal(actor, DealInput(title="C", contact_id=ann.id, value="70", currency="USD", source="fair"))
    hidden = deals.add_deal(actor, DealInput(title="D", contact_id=ann.id, value="999"))
    deals.set_archived(actor, hidden.id, True)
    lead = deals.board(actor)[0]
    assert (lead.stage, lead.count, lead.totals) == ("lead", 3, {"EUR": 150000, "USD": 70000})
    assert [card.title for card in lead.cards] == ["C", "B", "A"]
    assert deals.board(actor, BoardFilter(source="fair"))[0].count == 1
    assert deals.filter_options(actor)["source"] == ["fair"]


def test_lead_score_follows_engagement_stage_and_age(actor, ann):
    deal = deals.add_deal(actor, DealInput(title="Hot", contact_id=ann.id))
    cold = lead_score.score_deal(actor, deal.id)
    for days in (1, 10, 20, 40):
        interactions.log_interaction(actor, ann.id, InteractionInput(medium="phone", when=f"-{days}d"))
    deals.move_deal(actor, deal.id, "negotiation")
    hot = lead_score.score_deal(actor, deal.id)
    assert cold.score == 15 and hot.score == 35 + 10 + 30 + 10
    assert any("4 interactions" in reason for reason in hot.reasons)
    assert lead_score.scores(actor, [deal.id]) == {deal.id: hot.score}
    deals.move_deal(actor, deal.id, "won")
    assert lead_score.score_deal(actor, deal.id) is None


@pytest.mark.parametrize(
    "stage, last_days, count, age, expected",
    [
        ("lead", None, 0, 100, 5),
        ("qualified", 3, 12, 5, 35 + 25 + 15 + 10),
        ("proposal", 45, 2, 60, 10 + 5 + 25 + 5),
        ("negotiation", 200, 0, 400, 30),
    ],
)
def test_lead_score_table(stage, last_days, count, age, expected):
    now = datetime(2026, 11, 20)
    last = now - timedelta(days=last_days) if last_days is not None else None
    assert lead_score.compute(stage, last, count, now - timedelta(days=age), now).score == expected


def test_pipeline_statistics(actor, ann):
    at("2026-09-01T10:00")
    won = deals.add_deal(actor, DealInput(title="Won", contact_id=ann.id, value="100", currency="EUR"))
    lost = deals.add_deal(actor, DealInput(title="Lost", contact_id=ann.id, value="40", currency="USD"))
    deals.add_deal(actor, DealInput(title="Open", contact_id=ann.id))
    at("2026-09-11T10:00")
    deals.move_deal(actor, won.id, "qualified")
    deals.move_deal(actor, lost.id, "qualified")
    at("2026-10-01T10:00")
    deals.move_deal(actor, won.id, "won")
    deals.move_deal(actor, lost.id, "lost")
    rates = {c.stage: (c.reached, c.advanced) for c in pipeline_stats.conversions(actor)}
    assert rates["lead"] == (3, 2) and rates["qualified"] == (2, 1) and rates["proposal"] == (1, 1)
    days = pipeline_stats.average_days_in_stage(actor)
    assert days["qualified"] == pytest.approx(20.0)
    assert [(m.month, m.stage, m.currency, m.value_milli) for m in pipeline_stats.closed_by_month(actor)] == [
        ("2026-10", "closed_lost", "USD", 40000),
        ("2026-10", "closed_won", "EUR", 100000),
    ]


def test_companies_list_their_people_and_deals(actor, ann, other_actor):
    acme = companies.find_company(actor, "acme")
    deals.add_deal(actor, DealInput(title="Acme deal", contact_id=ann.id))
    assert [c.name for c in companies.people_of(actor, acme.id)] == ["Ann"]
    assert [d.title for d in companies.deals_of(actor, acme.id)] == ["Acme deal"]
    assert [(row.name, row.people, row.deals) for row in companies.list_companies(actor)] == [("Acme", 1, 1)]
    with pytest.raises(ValidationError):
        companies.add_company(actor, CompanyInput(name="ACME"))
    with pytest.raises(NotFound):
        companies.get_company(other_actor, acme.id)
    companies.edit_company(actor, acme.id, CompanyInput(name="Acme Corp", industry="Finance"))
    assert contacts.count_contacts(actor, contacts.ContactFilter(search="corp")) == 1
    companies.delete_company(actor, acme.id)
    assert contacts.get_contact(actor, ann.id).company_id is None


def test_a_refused_deal_leaves_no_new_company_behind(actor, ann):
    from tui.models import Company

    before = Company.select().count()
    with pytest.raises(ValidationError):
        deals.add_deal(actor, DealInput(title="X", contact_id=ann.id, company="Brand New Ltd", value="-1"))
    assert Company.select().count() == before


def test_a_deals_company_can_be_cleared(actor, ann):
    deal = deals.add_deal(actor, DealInput(title="X", contact_id=ann.id))
    assert deals.get_deal(actor, deal.id).company_id is not None  # the contact's, by default
    edited = deals.edit_deal(actor, deal.id, DealInput(title="X", contact_id=ann.id, company=""))
    assert edited.company_id is None


def test_archived_deals_leave_the_statistics_too(actor, ann):
    deal = deals.add_deal(actor, DealInput(title="X", contact_id=ann.id, value="5"))
    deals.move_deal(actor, deal.id, "won")
    deals.set_archived(actor, deal.id, True)
    assert pipeline_stats.closed_by_month(actor) == []
    assert pipeline_stats.conversions(actor)[0].reached == 0
