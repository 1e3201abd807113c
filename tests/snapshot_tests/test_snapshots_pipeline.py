"""Screenshots of the pipeline screens at a fixed size and clock (see conftest), compared with snapshots/."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tui import clock, contacts, deals, interactions, products
from tui.app import CrmApp
from tui.contacts import ContactInput
from tui.deals import DealInput
from tui.interactions import InteractionInput

from ..helpers import FIXED_NOW, pressing

SIZE = (120, 36)
BOARD_KEY = "g"

DEALS = (
    # (title, contact, stage, value, currency, product, days ago, source, owner)
    ("Compiler licence", "Grace Hopper", "lead", "12,500", "EUR", "Compiler", 2, "conference", "ada"),
    ("Bombe upkeep", "Alan Turing", "lead", "900", "GBP", "", 9, "referral", "ada"),
    ("Orbit tables", "Katherine Johnson", "qualified", "48,000", "USD", "Consulting", 5, "web", "bob"),
    ("Navy training", "Grace Hopper", "proposal", "7,250.50", "EUR", "Consulting", 14, "conference", "ada"),
    ("Vitamin study", "Linus Pauling", "negotiation", "3,000", "USD", "", 21, "web", "bob"),
    ("Rocket maths", "Katherine Johnson", "closed_won", "22,000", "USD", "Consulting", 30, "web", "ada"),
    ("Enigma audit", "Alan Turing", "closed_lost", "1,200", "GBP", "", 40, "referral", "ada"),
)
"""Fixed deals for the screenshots, each moved into its stage some days before the fixed clock."""


@pytest.fixture
def pipeline(signed_in):
    """Four people, three products (one inactive), seven deals and a couple of interactions."""
    ids = {
        name: contacts.add_contact(signed_in, ContactInput(name=name, company=company)).id
        for name, company in (
            ("Grace Hopper", "US Navy"),
            ("Alan Turing", "Bletchley Park"),
            ("Katherine Johnson", "NASA"),
            ("Linus Pauling", ""),
        )
    }
    product_ids = {
        name: products.add_product(signed_in, name, description, active).id
        for name, description, active in (
            ("Compiler", "A COBOL compiler, licensed per seat", True),
            ("Consulting", "Days of expert help", True),
            ("Slide rules", "Discontinued", False),
        )
    }
    for title, person, stage, value, currency, product, days, source, owner in DEALS:
        clock.fix(FIXED_NOW - timedelta(days=days + 10))
        deal = deals.add_deal(
            signed_in,
            DealInput(
                title=title,
                contact_id=ids[person],
                value=value,
                currency=currency,
                product_id=product_ids.get(product),
                source=source,
                assignee=owner,
            ),
        )
        clock.fix(FIXED_NOW - timedelta(days=days))
        deals.move_deal(signed_in, deal.id, stage)
    clock.fix(FIXED_NOW)
    interactions.log_interaction(
        signed_in, ids["Grace Hopper"], InteractionInput("video", "2026-11-18 09:00", "Call", "Seats and price.")
    )
    return signed_in


def test_board(snap_compare, db_path, pipeline):
    assert snap_compare(CrmApp(str(db_path), pipeline), terminal_size=SIZE, run_before=pressing(BOARD_KEY, "right"))


def test_deal_page(snap_compare, db_path, pipeline):
    assert snap_compare(
        CrmApp(str(db_path), pipeline), terminal_size=SIZE, run_before=pressing(BOARD_KEY, "right", "right", "enter")
    )


def test_products_screen(snap_compare, db_path, pipeline):
    assert snap_compare(CrmApp(str(db_path), pipeline), terminal_size=SIZE, run_before=pressing(BOARD_KEY, "P"))
