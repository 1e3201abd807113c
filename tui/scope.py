"""The acting user: what every domain function that touches user data takes first.

An `Actor` is made only by `tui.accounts` (sign-up, login, a remembered
session), so holding one means someone signed in. Domain queries start from
`owned()`, which filters by the actor, so forgetting the filter is not possible.

One contact can also be reached through a share: `contact_access()` says how
(owner, view, view_add or not at all), checking the share's expiry against the
clock on every call, and `readable_contact()` / `notable_contact()` are the only
doors a recipient goes through. Everything else stays owner-only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from peewee import Expression, Field, ModelSelect, Node

from . import clock
from .errors import NotFound, PermissionDenied
from .models import BaseModel, Contact, Share


@dataclass(frozen=True)
class Actor:
    """The signed-in user, as the domain layer sees them."""

    user_id: int
    email: str
    name: str
    timezone: str

    @property
    def tz(self) -> ZoneInfo:
        """The user's time zone."""
        return ZoneInfo(self.timezone)


def owner_column(model: type[BaseModel]) -> Field:
    """The column that names a row's owner: `owner` or `user`."""
    return getattr(model, "owner", None) or model.user


def owned(actor: Actor, model: type[BaseModel], *fields: Node) -> ModelSelect:
    """A select over the rows of `model` that `actor` owns."""
    if not isinstance(actor, Actor):
        raise TypeError("domain functions need the acting user (an Actor)")
    return model.select(*fields).where(owner_column(model) == actor.user_id)


OWNER = "owner"
"""The access of a contact's owner; a recipient's is the share's permission ("view" or "view_add")."""
MAX_ID = 2**63 - 1
"""The largest id SQLite can store; a bigger one cannot name anything."""


def share_holds(moment: datetime | None = None) -> Expression:
    """The condition a share must meet to grant anything at `moment` (default now): no expiry, or one ahead."""
    at = moment if moment is not None else clock.utcnow()
    return Share.expires_at.is_null() | (Share.expires_at > at)


def received_shares(actor: Actor) -> ModelSelect:
    """The shares `actor` has received that hold now; expired ones are left out on every read."""
    if not isinstance(actor, Actor):
        raise TypeError("domain functions need the acting user (an Actor)")
    return Share.select().where((Share.recipient == actor.user_id) & share_holds())


def contact_access(actor: Actor, contact_id: int) -> str | None:
    """How `actor` may reach a contact: OWNER, "view", "view_add", or None (not at all)."""
    if not isinstance(contact_id, int) or not 0 < contact_id <= MAX_ID:
        return None
    if owned(actor, Contact, Contact.id).where(Contact.id == contact_id).exists():
        return OWNER
    permission = received_shares(actor).select(Share.permission).where(Share.contact == contact_id).scalar()
    return permission


def readable_contact(actor: Actor, contact_id: int) -> tuple[Contact, str]:
    """A contact `actor` owns or holds a valid share of, with the access; NotFound otherwise."""
    access = contact_access(actor, contact_id)
    if access is None:
        raise NotFound(f"no contact with id {contact_id}")
    return Contact.get_by_id(contact_id), access


def notable_contact(actor: Actor, contact_id: int) -> Contact:
    """A contact `actor` may log interactions on: their own, or one shared to view and add notes.

    NotFound when they cannot see it at all; PermissionDenied when it is shared to view only.
    """
    contact, access = readable_contact(actor, contact_id)
    if access == "view":
        raise PermissionDenied(f"{contact.name} is shared with you to view only: you cannot add notes to it")
    return contact
