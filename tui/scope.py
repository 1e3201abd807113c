"""The acting user: what every domain function that touches user data takes first.

An `Actor` is made only by `tui.accounts` (sign-up, login, a remembered
session), so holding one means someone signed in. Domain queries start from
`owned()`, which filters by the actor, so forgetting the filter is not possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from peewee import ModelSelect

from .models import BaseModel


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


def owner_column(model: type[BaseModel]):
    """The column that names a row's owner: `owner` or `user`."""
    return getattr(model, "owner", None) or getattr(model, "user")


def owned(actor: Actor, model: type[BaseModel], *fields) -> ModelSelect:
    """A select over the rows of `model` that `actor` owns."""
    if not isinstance(actor, Actor):
        raise TypeError("domain functions need the acting user (an Actor)")
    return model.select(*fields).where(owner_column(model) == actor.user_id)
