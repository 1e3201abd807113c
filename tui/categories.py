"""The user's own categories (relationships and industries beyond the predefined ones): listed with how many
contacts use each, and, while no contact does, renamed or removed (with the cadence setting kept under its name).

A category in use stays: renaming or removing it would change contacts behind the user's back.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from . import validation
from .contacts import CATEGORY_KINDS, INDUSTRIES, RELATIONSHIPS
from .errors import NotFound, ValidationError
from .models import Contact, OptionValue, User, database
from .scope import Actor, owned
from .settings import CADENCE_PREFIX
from .terminal_text import quoted

PREDEFINED = {"relationship": RELATIONSHIPS, "industry": INDUSTRIES}


@dataclass(frozen=True)
class Category:
    """One of the user's own categories and how many of their contacts (archived ones too) use it."""

    kind: str
    value: str
    contacts: int

    @property
    def unused(self) -> bool:
        """Whether no contact uses it, so that it may be renamed or removed."""
        return self.contacts == 0


def own_categories(actor: Actor) -> list[Category]:
    """`actor`'s own relationships and industries, each kind sorted, with their use."""
    found = []
    for kind in CATEGORY_KINDS:
        column = getattr(Contact, kind)
        used = dict(owned(actor, Contact, column, fn.COUNT(Contact.id)).where(column != "").group_by(column).tuples())
        values = owned(actor, OptionValue, OptionValue.value).where(OptionValue.kind == kind)
        found += [Category(kind, row.value, used.get(row.value, 0)) for row in values.order_by(OptionValue.value)]
    return found


def _unused(actor: Actor, kind: str, value: str) -> OptionValue:
    if kind not in CATEGORY_KINDS:
        raise ValidationError("kind", f"a category is a relationship or an industry, not {quoted(kind)}")
    if value in PREDEFINED[kind]:
        raise ValidationError("category", f"{value} is one of crm's own {kind} categories: it stays")
    row = owned(actor, OptionValue).where((OptionValue.kind == kind) & (OptionValue.value == value)).first()
    if row is None:
        raise NotFound(f"you have no {kind} category called {quoted(value)}")
    in_use = owned(actor, Contact, Contact.id).where(getattr(Contact, kind) == value).count()
    if in_use:
        raise ValidationError(
            "category", f"{quoted(value)} is the {kind} of {in_use} contact{'s' if in_use != 1 else ''}: it stays"
        )
    return row


def rename_category(actor: Actor, kind: str, value: str, new_value: str) -> str:
    """Rename one of `actor`'s own categories that no contact uses; the new name (trimmed, lower-cased)."""
    row = _unused(actor, kind, value)
    renamed = validation.text(new_value, "category", 60, required=True).lower()
    if (
        renamed in PREDEFINED[kind]
        or owned(actor, OptionValue).where((OptionValue.kind == kind) & (OptionValue.value == renamed)).exists()
    ):
        raise ValidationError("category", f"there is already a {kind} called {quoted(renamed)}")
    with database.atomic():
        OptionValue.update(value=renamed).where(OptionValue.id == row.id).execute()
        if kind == "relationship":
            _move_cadence(actor, value, renamed)
    return renamed


def remove_category(actor: Actor, kind: str, value: str) -> None:
    """Remove one of `actor`'s own categories that no contact uses (and a relationship's cadence setting)."""
    row = _unused(actor, kind, value)
    with database.atomic():
        OptionValue.delete().where(OptionValue.id == row.id).execute()
        if kind == "relationship":
            _move_cadence(actor, value, None)


def _move_cadence(actor: Actor, old: str, new: str | None) -> None:
    """The cadence setting of relationship `old` under its new name, or gone with it."""
    user = User.get_by_id(actor.user_id)
    stored = dict(user.settings or {})
    days = stored.pop(CADENCE_PREFIX + old, None)
    if days is not None and new is not None:
        stored[CADENCE_PREFIX + new] = days
    user.settings = stored
    user.save()
