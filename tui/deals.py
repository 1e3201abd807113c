"""Deals: a sale to a contact moving through the stages, with every move kept (seeds 001 and 002).

lead -> qualified -> proposal -> negotiation -> closed_won / closed_lost.
Values carry an ISO 4217 currency and are totalled per currency, never summed
across currencies. Amounts are stored in thousandths (`value_milli`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from peewee import JOIN, Field, ModelSelect, fn

from . import clock, companies, timeparse, validation
from .contacts import get_contact
from .currencies import currency_code, decimals
from .errors import NotFound, ValidationError
from .models import DEAL_STAGES, Company, Contact, Deal, DealStageHistory, Product, database
from .scope import Actor, owned
from .terminal_text import quoted

OPEN_STAGES = DEAL_STAGES[:4]
CLOSED_STAGES = ("closed_won", "closed_lost")
STAGE_LABELS = {
    "lead": "Lead",
    "qualified": "Qualified",
    "proposal": "Proposal",
    "negotiation": "Negotiation",
    "closed_won": "Won",
    "closed_lost": "Lost",
}
MAX_VALUE = Decimal("1000000000000")


@dataclass
class DealInput:
    """A deal as typed; `value` like "12,500.00", `expected_close` a date.

    `company` is a name (created when new), "" for none, or None for the contact's company.
    """

    title: str = ""
    contact_id: int | None = None
    company: str | None = None
    product_id: int | None = None
    stage: str = "lead"
    value: str = "0"
    currency: str = "EUR"
    source: str = ""
    assignee: str = ""
    expected_close: str = ""


@dataclass(frozen=True)
class Card:
    """A deal as the board shows it."""

    id: int
    title: str
    contact_id: int
    contact_name: str
    stage: str
    value_milli: int
    currency: str
    days_in_stage: int
    product_id: int | None
    source: str
    assignee: str


@dataclass(frozen=True)
class BoardFilter:
    product_id: int | None = None
    assignee: str = ""
    source: str = ""
    include_archived: bool = False


@dataclass(frozen=True)
class Column:
    """One stage of the board: its count, totals per currency, and its first cards."""

    stage: str
    count: int
    totals: dict[str, int]
    cards: list[Card]


def parse_stage(text: str) -> str:
    """A stage code from what was typed (`won` and `lost` accepted for the closed ones)."""
    key = (text or "").strip().lower().replace(" ", "_")
    key = {"won": "closed_won", "lost": "closed_lost"}.get(key, key)
    if key not in DEAL_STAGES:
        raise ValidationError("stage", f"unknown stage {quoted(text.strip())}: use one of {', '.join(DEAL_STAGES)}")
    return key


_AMOUNT_FORMS: tuple[tuple[re.Pattern[str], Callable[[str], str]], ...] = (
    (re.compile(r"[0-9]+(?:\.[0-9]+)?"), lambda raw: raw),  # 12500, 12500.50
    (re.compile(r"[0-9]+,[0-9]{1,2}"), lambda raw: raw.replace(",", ".")),  # 12,5 or 12,50: a decimal comma
    # 12,500 and 1,250,000.50: commas group thousands
    (re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"), lambda raw: raw.replace(",", "")),
    # 12.500,50: dots group thousands before a decimal comma
    (re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+"), lambda raw: raw.replace(".", "").replace(",", ".")),
    (re.compile(r"[0-9]{1,3}(?:\.[0-9]{3}){2,}"), lambda raw: raw.replace(".", "")),  # 1.250.000
)
"""The ways an amount may be written (ASCII digits only), each with how to read it as plain digits and a point.
Anything else, such as 1,2,3 or 12,5000, is refused rather than guessed at."""


def _amount_digits(raw: str) -> str | None:
    """`raw` as plain digits with a decimal point when it is one of the amount forms; else None."""
    for form, plain in _AMOUNT_FORMS:
        if form.fullmatch(raw):
            return plain(raw)
    return None


def parse_value(text: str, currency: str) -> int:
    """An amount as thousandths, refusing negatives, garbage and more decimals than the currency has."""
    raw = (text or "0").strip().replace(" ", "").replace("_", "")
    plain = _amount_digits(raw)
    if plain is None and raw.startswith("-") and _amount_digits(raw[1:]) is not None:
        raise ValidationError("value", "the value cannot be negative")
    if plain is None:
        raise ValidationError(
            "value",
            f"{quoted(text.strip())} is not an amount: write 12500, 12500.50, 12,500.50 (commas group thousands) "
            "or 12.500,50 (a decimal comma)",
        )
    amount = Decimal(plain)  # digits and one point only: never NaN, infinity or an exponent
    exponent = int(amount.as_tuple().exponent)
    if amount >= MAX_VALUE:
        raise ValidationError("value", "the value is too large")
    if -exponent > decimals(currency):
        raise ValidationError("value", f"{currency} amounts have at most {decimals(currency)} decimals")
    return int(amount * 1000)


def format_value(value_milli: int, currency: str) -> str:
    """An amount for people: `12,500.00 EUR`."""
    places = decimals(currency)
    amount = Decimal(value_milli) / 1000
    return f"{amount:,.{places}f} {currency}"


def _values(actor: Actor, data: DealInput) -> dict[str, str | int | None]:
    if data.contact_id is None:
        raise ValidationError("contact", "a deal needs a contact")
    contact = get_contact(actor, data.contact_id)
    currency = currency_code(data.currency)
    if (
        data.product_id is not None
        and not owned(actor, Product, Product.id).where(Product.id == data.product_id).exists()
    ):
        raise NotFound(f"no product with id {data.product_id}")
    expected = (
        timeparse.parse_day(data.expected_close, actor.tz, clock.now(), "expected_close")
        if data.expected_close.strip()
        else None
    )
    values: dict[str, str | int | None] = {
        "title": validation.text(data.title, "title", 200, required=True),
        "contact": contact.id,
        "product": data.product_id,
        "value_milli": parse_value(data.value, currency),
        "currency": currency,
        "source": validation.text(data.source, "source", 100),
        "assignee": validation.text(data.assignee, "assignee", 100),
        "expected_close_on": expected.isoformat() if expected else None,
    }
    # Last, once everything else is valid: naming a new company creates it.
    values["company"] = contact.company_id if data.company is None else companies.company_id_for(actor, data.company)
    return values


def add_deal(actor: Actor, data: DealInput) -> Deal:
    """A new deal in its first stage, with that stage written to its history."""
    stage = parse_stage(data.stage)
    now = clock.utcnow()
    with database.atomic():
        values = _values(actor, data)
        deal = Deal.create(
            owner=actor.user_id,
            stage=stage,
            stage_changed_at=now,
            created_at=now,
            updated_at=now,
            closed_at=now if stage in CLOSED_STAGES else None,
            **values,
        )
        DealStageHistory.create(deal=deal.id, from_stage=None, to_stage=stage, changed_at=now, changed_by=actor.user_id)
    return get_deal(actor, deal.id)


def get_deal(actor: Actor, deal_id: int) -> Deal:
    """One of `actor`'s deals, or NotFound."""
    deal = (
        owned(actor, Deal, Deal, Contact)
        .join(Contact, on=(Contact.id == Deal.contact))
        .where(Deal.id == deal_id)
        .first()
    )
    if deal is None:
        raise NotFound(f"no deal with id {deal_id}")
    return deal


def edit_deal(actor: Actor, deal_id: int, data: DealInput) -> Deal:
    """Change a deal's fields; a different stage is a move, kept in the history."""
    deal = get_deal(actor, deal_id)
    stage = parse_stage(data.stage)
    with database.atomic():
        values = _values(actor, data)
        Deal.update(updated_at=clock.utcnow(), **values).where(Deal.id == deal.id).execute()
        if stage != deal.stage:
            move_deal(actor, deal.id, stage)
    return get_deal(actor, deal.id)


def move_deal(actor: Actor, deal_id: int, stage: str) -> Deal:
    """Move a deal to another stage, writing the move to its history."""
    deal = get_deal(actor, deal_id)
    target = parse_stage(stage)
    if target == deal.stage:
        return deal
    now = clock.utcnow()
    with database.atomic():
        Deal.update(
            stage=target, stage_changed_at=now, updated_at=now, closed_at=now if target in CLOSED_STAGES else None
        ).where(Deal.id == deal.id).execute()
        DealStageHistory.create(
            deal=deal.id, from_stage=deal.stage, to_stage=target, changed_at=now, changed_by=actor.user_id
        )
    return get_deal(actor, deal.id)


def step(actor: Actor, deal_id: int, direction: int) -> Deal:
    """Move a deal one stage forward (+1) or back (-1) along the pipeline; won is the last step forward."""
    deal = get_deal(actor, deal_id)
    order = list(DEAL_STAGES[:5])  # lead .. closed_won; lost steps back to negotiation
    position = order.index(deal.stage) if deal.stage in order else len(order) - 1
    target = order[max(0, min(len(order) - 1, position + direction))]
    return move_deal(actor, deal.id, target)


def set_archived(actor: Actor, deal_id: int, archived: bool) -> Deal:
    """Hide a deal from the board (soft archive, seed 001), or bring it back."""
    deal = get_deal(actor, deal_id)
    Deal.update(archived=archived, updated_at=clock.utcnow()).where(Deal.id == deal.id).execute()
    return get_deal(actor, deal.id)


def delete_deal(actor: Actor, deal_id: int) -> None:
    """Delete a deal and its history."""
    get_deal(actor, deal_id).delete_instance()


def history(actor: Actor, deal_id: int) -> list[DealStageHistory]:
    """Every stage a deal went through, oldest first."""
    deal = get_deal(actor, deal_id)
    return list(
        DealStageHistory.select()
        .where(DealStageHistory.deal == deal.id)
        .order_by(DealStageHistory.changed_at, DealStageHistory.id)
    )


def _filtered(actor: Actor, query: ModelSelect, spec: BoardFilter) -> ModelSelect:
    if not spec.include_archived:
        query = query.where(Deal.archived == False)  # noqa: E712
    if spec.product_id is not None:
        query = query.where(Deal.product == spec.product_id)
    if spec.assignee:
        query = query.where(Deal.assignee == spec.assignee)
    if spec.source:
        query = query.where(Deal.source == spec.source)
    return query


def _days_between(start: datetime, end: datetime) -> int:
    return max(0, (end - start).days)


def cards(
    actor: Actor, stage: str, spec: BoardFilter = BoardFilter(), limit: int = 50, offset: int = 0, order: str = "recent"
) -> list[Card]:
    """One page of a stage's cards: most recently moved first, or by value."""
    now = clock.utcnow()
    query = (
        owned(
            actor,
            Deal,
            Deal.id,
            Deal.title,
            Deal.contact,
            Contact.name,
            Deal.stage,
            Deal.value_milli,
            Deal.currency,
            Deal.stage_changed_at,
            Deal.product,
            Deal.source,
            Deal.assignee,
        )
        .join(Contact, on=(Contact.id == Deal.contact))
        .where(Deal.stage == parse_stage(stage))
    )
    query = _filtered(actor, query, spec)
    ordering = {
        "recent": (Deal.stage_changed_at.desc(), Deal.id.desc()),
        "value": (Deal.value_milli.desc(), Deal.id.desc()),
        "oldest": (Deal.stage_changed_at.asc(), Deal.id.asc()),
    }[order]
    return [
        Card(
            id=row[0],
            title=row[1],
            contact_id=row[2],
            contact_name=row[3],
            stage=row[4],
            value_milli=row[5],
            currency=row[6],
            days_in_stage=_days_between(row[7], now),
            product_id=row[8],
            source=row[9],
            assignee=row[10],
        )
        for row in query.order_by(*ordering).limit(limit).offset(offset).tuples()
    ]


def board(actor: Actor, spec: BoardFilter = BoardFilter(), cards_per_column: int = 50) -> list[Column]:
    """Every stage with its count and per-currency totals (one grouped query) and its first cards."""
    totals: dict[str, dict[str, int]] = {stage: {} for stage in DEAL_STAGES}
    counts = {stage: 0 for stage in DEAL_STAGES}
    grouped = _filtered(
        actor, owned(actor, Deal, Deal.stage, Deal.currency, fn.COUNT(Deal.id), fn.SUM(Deal.value_milli)), spec
    ).group_by(Deal.stage, Deal.currency)
    for stage, currency, count, total in grouped.tuples():
        counts[stage] += count
        totals[stage][currency] = int(total or 0)
    return [
        Column(
            stage, counts[stage], totals[stage], cards(actor, stage, spec, cards_per_column) if counts[stage] else []
        )
        for stage in DEAL_STAGES
    ]


def filter_options(actor: Actor) -> dict[str, list[str]]:
    """The assignees and sources in use, for the board's filters."""

    def distinct(column: Field) -> list[str]:
        return [
            value for (value,) in owned(actor, Deal, column).where(column != "").distinct().order_by(column).tuples()
        ]

    return {"assignee": distinct(Deal.assignee), "source": distinct(Deal.source)}


def list_deals(actor: Actor, stage: str | None = None, include_archived: bool = False, limit: int = 500) -> list[Deal]:
    """`actor`'s deals, newest first, optionally in one stage."""
    query = (
        owned(actor, Deal, Deal, Contact, Company, Product)
        .join(Contact, on=(Contact.id == Deal.contact))
        .switch(Deal)
        .join(Company, JOIN.LEFT_OUTER, on=(Company.id == Deal.company))
        .switch(Deal)
        .join(Product, JOIN.LEFT_OUTER, on=(Product.id == Deal.product))
    )
    if stage:
        query = query.where(Deal.stage == parse_stage(stage))
    if not include_archived:
        query = query.where(Deal.archived == False)  # noqa: E712
    return list(query.order_by(Deal.created_at.desc(), Deal.id.desc()).limit(limit))


def deal_dict(deal: Deal) -> dict[str, Any]:
    """A deal as plain values for JSON."""
    return {
        "id": deal.id,
        "title": deal.title,
        "contact_id": deal.contact_id,
        "contact_name": deal.contact.name,
        "company": deal.company.name if deal.company_id else "",
        "product_id": deal.product_id,
        "stage": deal.stage,
        "value": str(Decimal(deal.value_milli) / 1000),
        "currency": deal.currency,
        "source": deal.source,
        "assignee": deal.assignee,
        "expected_close": deal.expected_close_on,
        "archived": deal.archived,
        "stage_changed_at": clock.iso_utc(deal.stage_changed_at),
        "created_at": clock.iso_utc(deal.created_at),
    }


def days_in_stage(deal: Deal) -> int:
    """Whole days since the deal entered its current stage."""
    return _days_between(deal.stage_changed_at, clock.utcnow())


def expected_close(deal: Deal) -> date | None:
    """The expected close date, if set."""
    return date.fromisoformat(deal.expected_close_on) if deal.expected_close_on else None
