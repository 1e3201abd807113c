"""A database full of hostile text, for the tests that print it (the command line) and draw it (the screens).

`hostile_world(ada, bob)` gives Ada a row in every table (a VIP contact with its sections and custom values, an
interaction, reminders and a delivery, a suggestion, a template, a product, a company, a deal with its history,
a task, a tag, categories, a merge, an audit trail) and a contact Bob shares with her; then every free-text
column of every row, both accounts' names, e-mail addresses and settings among them, is overwritten in the
database (past the validator, as another program or an older crm could have written it) with a value that holds
a marker naming its column, Textual markup, and every character a terminal would obey: C0 and C1 controls, DEL,
CR, bidi overrides and isolates, the Unicode line separators.

`markers_in(text)` tells which columns a piece of output showed; `raw_controls(text)` finds what must never be
there. Columns that hold codes (a medium, a stage, a status), hashes, dates and time zones are left alone: the
domain reads them as codes, not as text to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peewee import JSONField, PostgresqlDatabase, TextField

from tui import (
    companies,
    contacts,
    custom_fields,
    deals,
    interactions,
    merge,
    products,
    reminders,
    sharing,
    suggestions,
    tasks,
    templates,
    vip,
)
from tui import models as m
from tui.companies import CompanyInput
from tui.contacts import ContactInput
from tui.deals import DealInput
from tui.interactions import InteractionInput
from tui.scope import Actor
from tui.tasks import TaskInput
from tui.templates import TemplateInput
from tui.terminal_text import UNSAFE_CHARACTERS
from tui.vip import VipSections

MARKUP = "[@click=app.quit]Q[/][b]B"
"""Textual markup that would quit the app on a click, and bold what follows, if it were read as markup."""
ATTACK = "\x1b]0;pwned\x07\x1b[2J\rTRUSTED BANK\x9b2J\x9d8;;x\x9c\u202eevil\u2066"
"""Retitle the terminal, clear it, overwrite the line's start, 8-bit CSI and OSC, right-to-left override."""
HOSTILE_INPUTS = (ATTACK, MARKUP, *UNSAFE_CHARACTERS)
"""Every hostile input each value carries: the attack sequences, the markup and each unsafe character alone."""

LEFT_ALONE = {
    # Codes, hashes, dates, zones and bookkeeping: read as codes by the domain, never shown as text.
    "schema_version": {"description"},
    "user": {"password_hash", "timezone", "reminders_planned_on"},
    "session": {"token_hash"},
    "password_reset": {"token_hash"},
    "login_throttle": {"address_hash"},
    "contact": {"birthday", "birthday_md", "anniversary", "anniversary_md", "sort_name", "external_id"},
    "option_value": {"kind"},
    "interaction": {"medium", "follow_up_on"},
    "reminder": {"kind", "occurrence", "status", "claimed_by"},
    "delivery": {"channel"},
    "suggestion": {"day", "status"},
    "share": {"permission"},
    "message_template": {"kind"},
    "deal": {"stage", "currency", "expected_close_on"},
    "deal_stage_history": {"from_stage", "to_stage"},
    "task": {"due_on"},
    "custom_field": {"kind"},
    "audit_log": {"table_name", "action"},
    "contact_merge": {"undo_data"},
}
_MARKER = re.compile(r"⟦([a-z_]+\.[a-z_]+)⟧")


def hostile(column: str) -> str:
    """The hostile value written into `column` (table.column): its marker first, so a cut cell still shows it.

    PostgreSQL cannot store a NUL in text at all (nor can anyone else write one there): on it the value has none.
    """
    unsafe = UNSAFE_CHARACTERS if not isinstance(m.database.obj, PostgresqlDatabase) else UNSAFE_CHARACTERS[1:]
    return f"⟦{column}⟧{MARKUP}{ATTACK}{unsafe}end"


def markers_in(text: str) -> set[str]:
    """The columns (table.column) whose hostile values `text` shows."""
    return set(_MARKER.findall(text))


def raw_controls(text: str, allowed: str = "\n") -> list[str]:
    """The characters of `text` that a terminal would obey (shown as escapes), with `allowed` let through."""
    return sorted(
        {repr(character) for character in text if character in UNSAFE_CHARACTERS and character not in allowed}
    )


@dataclass(frozen=True)
class World:
    """What `hostile_world` made: ids to name in commands, and every column it poisoned."""

    contact_id: int
    shared_contact_id: int
    share_id: int
    interaction_id: int
    reminder_id: int
    deal_id: int
    product_id: int
    company_id: int
    task_id: int
    template_id: int
    columns: tuple[str, ...]


def hostile_world(ada: Actor, bob: Actor) -> World:
    """Ada's rows in every table and a contact Bob shares with her, every text of them then made hostile."""
    custom_fields.define_field(ada, "Shirt", "choice", ["S", "M"])
    custom_fields.define_field(ada, "Notes", "text")
    company = companies.add_company(ada, CompanyInput(name="Acme", domain="acme.example", industry="finance"))
    grace = contacts.add_contact(
        ada,
        ContactInput(
            name="Grace",
            emails=["grace@example.org"],
            phones=["+49 30 1234567"],
            company="Acme",
            title="CTO",
            relationship="friend",
            industry="finance",
            location="Berlin",
            address="Street 1",
            tags=["tagged"],
            notes="notes",
            birthday="--11-21",
            picture_url="https://example.org/g.png",
            vip=True,
            custom={"Shirt": "S", "Notes": "note"},
        ),
    )
    twin = contacts.add_contact(ada, ContactInput(name="Grace Twin", emails=["twin@example.org"]))
    merged = contacts.add_contact(ada, ContactInput(name="Merged Away", emails=["twin@example.org"]))
    merge.merge(ada, twin.id, merged.id)
    vip.save_sections(
        ada,
        grace.id,
        VipSections(
            "family", "company", "likes", "misc", "Signal", "g@example.org", "+4930123", ("https://x.example",)
        ),
    )
    talk = interactions.log_interaction(
        ada, grace.id, InteractionInput("phone", "2026-11-19 10:00", "call", "notes", "outcome", "2026-11-20")
    )
    interactions.edit_interaction(
        ada, talk.id, InteractionInput("phone", "2026-11-19 10:00", "call", "edited", "outcome", "2026-11-20")
    )
    reminder = reminders.add_custom(ada, grace.id, "2026-11-20 08:00", "Call Grace")
    reminders.plan(ada)
    suggestions.todays(ada)
    templates.save_template(ada, TemplateInput(name="Hello", kind="custom", subject="Hi", body="Hello {first_name}"))
    template = templates.list_templates(ada)[0]
    product = products.add_product(ada, "Widget", "description")
    deal = deals.add_deal(
        ada,
        DealInput(title="Big deal", contact_id=grace.id, company="Acme", product_id=product.id, value="100"),
    )
    deals.move_deal(ada, deal.id, "qualified")
    task = tasks.add_task(ada, TaskInput(title="Send deck", due="2026-11-21", notes="notes", contact_id=grace.id))
    friend = contacts.add_contact(bob, ContactInput(name="Bob's friend", emails=["friend@example.org"]))
    interactions.log_interaction(bob, friend.id, InteractionInput("email", "2026-11-19 09:00", notes="bob's note"))
    share = sharing.share(bob, friend.id, ada.email, "view_add", note="a note")
    sharing.share(ada, grace.id, bob.email, "view", note="mine")
    m.Delivery.insert(reminder=reminder.id, channel="email", error="failed", attempted_at=reminder.due_at).execute()
    columns = poison()
    return World(
        grace.id,
        friend.id,
        share.id,
        talk.id,
        reminder.id,
        deal.id,
        product.id,
        company.id,
        task.id,
        template.id,
        columns,
    )


def poison() -> tuple[str, ...]:
    """Overwrite every free-text column of every row with its hostile value; the columns, as table.column."""
    columns = []
    for model in m.BaseModel.__subclasses__():
        table = model._meta.table_name
        skipped = LEFT_ALONE.get(table, set())
        for field in model._meta.sorted_fields:
            if field.name in skipped or not isinstance(field, (TextField, JSONField)) or field.primary_key:
                continue
            if not model.select().exists():
                continue
            column = f"{table}.{field.name}"
            value = hostile(column)
            if isinstance(field, JSONField):
                sample = model.select(field).limit(1).scalar()
                if isinstance(sample, list):
                    stored = [value]
                elif table == "user":  # the settings: every text setting at once
                    stored = {"smtp.host": value, "smtp.user": value, "smtp.from": value, f"cadence.{value}": 9}
                elif isinstance(sample, dict) or sample is None:
                    stored = {"name": value, "notes": value}
                else:
                    continue
                model.update({field: stored}).execute()
            else:  # row by row, each value its own: some columns are unique per account
                key = model._meta.primary_key
                for number, (row_key,) in enumerate(model.select(key).tuples()):
                    model.update({field: value + str(number)}).where(key == row_key).execute()
            columns.append(column)
    return tuple(sorted(columns))
