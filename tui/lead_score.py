"""Lead scores (seed 002): 0-100 for each open deal, with the reasons behind the number.

Points come from the engagement with the deal's contact (how recent and how
frequent the interactions are), from how far the deal has come, and from how
fresh it still is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import fn

from . import clock
from .deals import OPEN_STAGES, STAGE_LABELS, get_deal
from .models import Contact, Deal, Interaction
from .scope import Actor, owned

RECENCY_POINTS = ((7, 35), (30, 25), (90, 10))
"""(within days, points) for the latest interaction with the contact."""
FREQUENCY_WINDOW_DAYS = 90
FREQUENCY_POINTS_EACH, FREQUENCY_MAX = 2.5, 25
STAGE_POINTS = {"lead": 5, "qualified": 15, "proposal": 25, "negotiation": 30}
AGE_POINTS = ((30, 10), (90, 5))
"""(younger than days, points) for the deal itself: a stale deal loses them."""


@dataclass(frozen=True)
class LeadScore:
    score: int
    reasons: tuple[str, ...]


def compute(
    stage: str, last_contacted_at: datetime | None, recent_interactions: int, created_at: datetime, now: datetime
) -> LeadScore:
    """The score of an open deal from its facts (a pure function, for tests and for the board)."""
    reasons, score = [], 0
    if last_contacted_at is None:
        reasons.append("never in touch with the contact: +0")
    else:
        days = (now - last_contacted_at).days
        points = next((p for within, p in RECENCY_POINTS if days <= within), 0)
        score += points
        reasons.append(f"last contact {days} days ago: +{points}")
    frequency = int(min(FREQUENCY_MAX, recent_interactions * FREQUENCY_POINTS_EACH))
    score += frequency
    reasons.append(f"{recent_interactions} interactions in {FREQUENCY_WINDOW_DAYS} days: +{frequency}")
    stage_points = STAGE_POINTS.get(stage, 0)
    score += stage_points
    reasons.append(f"stage {STAGE_LABELS[stage].lower()}: +{stage_points}")
    age = (now - created_at).days
    age_points = next((p for younger, p in AGE_POINTS if age < younger), 0)
    score += age_points
    reasons.append(f"deal opened {age} days ago: +{age_points}")
    return LeadScore(max(0, min(100, score)), tuple(reasons))


def _recent_counts(contact_ids: list[int], since: datetime) -> dict[int, int]:
    if not contact_ids:
        return {}
    rows = (
        Interaction.select(Interaction.contact, fn.COUNT(Interaction.id))
        .where(Interaction.contact.in_(contact_ids) & (Interaction.occurred_at >= since))
        .group_by(Interaction.contact)
        .tuples()
    )
    return dict(rows)


def score_deal(actor: Actor, deal_id: int) -> LeadScore | None:
    """The score of one open deal with its reasons; None for a closed deal."""
    deal = get_deal(actor, deal_id)
    if deal.stage not in OPEN_STAGES:
        return None
    now = clock.utcnow()
    counts = _recent_counts([deal.contact_id], now - timedelta(days=FREQUENCY_WINDOW_DAYS))
    return compute(deal.stage, deal.contact.last_contacted_at, counts.get(deal.contact_id, 0), deal.created_at, now)


def scores(actor: Actor, deal_ids: list[int]) -> dict[int, int]:
    """Scores of several open deals at once (closed ones are left out), for sorting the board."""
    if not deal_ids:
        return {}
    now = clock.utcnow()
    rows = list(
        owned(actor, Deal, Deal.id, Deal.stage, Deal.contact, Contact.last_contacted_at, Deal.created_at)
        .join(Contact, on=(Contact.id == Deal.contact))
        .where(Deal.id.in_(deal_ids) & Deal.stage.in_(OPEN_STAGES))
        .tuples()
    )
    counts = _recent_counts(sorted({row[2] for row in rows}), now - timedelta(days=FREQUENCY_WINDOW_DAYS))
    return {
        deal_id: compute(stage, last, counts.get(contact_id, 0), created, now).score
        for deal_id, stage, contact_id, last, created in rows
    }
