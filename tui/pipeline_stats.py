"""Pipeline statistics: conversion between stages, time spent in each, won and lost value per month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from . import clock
from .deals import OPEN_STAGES
from .models import DEAL_STAGES, Deal, DealStageHistory
from .scope import Actor, owned


@dataclass(frozen=True)
class Conversion:
    """Of the deals that reached `stage`, how many went on to reach `next_stage` (or beyond)."""

    stage: str
    next_stage: str
    reached: int
    advanced: int

    @property
    def rate(self) -> float:
        return self.advanced / self.reached if self.reached else 0.0


@dataclass(frozen=True)
class MonthTotal:
    month: str  # YYYY-MM in the user's time zone
    stage: str  # closed_won or closed_lost
    currency: str
    value_milli: int
    count: int


def _histories(actor: Actor) -> dict[int, list[tuple[str, datetime]]]:
    rows = (
        owned(actor, Deal, DealStageHistory.deal, DealStageHistory.to_stage, DealStageHistory.changed_at)
        .join(DealStageHistory, on=(DealStageHistory.deal == Deal.id))
        .where(Deal.archived == False)  # noqa: E712  (archived deals leave every view, as on the board)
        .order_by(DealStageHistory.deal, DealStageHistory.changed_at, DealStageHistory.id)
        .tuples()
    )
    found: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    for deal_id, stage, changed_at in rows:
        found[deal_id].append((stage, changed_at))
    return found


def conversions(actor: Actor) -> list[Conversion]:
    """For each open stage, the share of deals that got to the next stage or further (won counts as further)."""
    reached: dict[str, int] = defaultdict(int)
    advanced: dict[str, int] = defaultdict(int)
    order = {stage: index for index, stage in enumerate(DEAL_STAGES[:5])}
    for moves in _histories(actor).values():
        furthest = max((order.get(stage, -1) for stage, _ in moves), default=-1)
        for stage in OPEN_STAGES:
            if furthest >= order[stage]:
                reached[stage] += 1
                if furthest > order[stage]:
                    advanced[stage] += 1
    pairs = zip(OPEN_STAGES, DEAL_STAGES[1:5], strict=True)
    return [Conversion(stage, following, reached[stage], advanced[stage]) for stage, following in pairs]


def average_days_in_stage(actor: Actor) -> dict[str, float]:
    """How long deals stay in each stage on average (the current stay counts up to now)."""
    spent: dict[str, list[float]] = defaultdict(list)
    now = clock.utcnow()
    for moves in _histories(actor).values():
        for (stage, entered), following in zip(moves, moves[1:] + [(None, None)], strict=True):
            if stage in OPEN_STAGES:
                left = following[1] or now
                spent[stage].append((left - entered).total_seconds() / 86400)
    return {stage: (sum(spent[stage]) / len(spent[stage]) if spent[stage] else 0.0) for stage in OPEN_STAGES}


def closed_by_month(actor: Actor) -> list[MonthTotal]:
    """Won and lost value per month and currency (never summed across currencies), oldest month first."""
    totals: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    rows = (
        owned(actor, Deal, Deal.stage, Deal.currency, Deal.value_milli, Deal.closed_at)
        .where(Deal.stage.in_(["closed_won", "closed_lost"]) & Deal.closed_at.is_null(False) & (Deal.archived == False))
        .tuples()
    )  # noqa: E712
    for stage, currency, value, closed_at in rows:
        month = clock.local(closed_at, actor.tz).strftime("%Y-%m")
        entry = totals[(month, stage, currency)]
        entry[0] += value
        entry[1] += 1
    return [
        MonthTotal(month, stage, currency, value, count)
        for (month, stage, currency), (value, count) in sorted(totals.items())
    ]
