"""Deleting an account: everything the user owns goes, nothing of anyone else.

The foreign keys do the work (see tui/models.py): every table reaches its owner through
ON DELETE CASCADE, so deleting the user row removes their contacts and all that hangs
off them, their sessions, reminders and deliveries, suggestions, templates, products,
deals, tasks, custom fields, audit trail, and the shares they gave or received.

Three references to a user are SET NULL instead, and the rows stay with their owner:
- an interaction the user logged on somebody else's shared contact belongs to that
  contact's timeline (its `owner` is the contact's owner): removing it would change
  another person's history, follow-ups and statistics, so it stays, without an author;
- a stage change the user made on somebody else's deal (`changed_by`);
- an audit entry of somebody else's data that names the user as who changed it (`actor`).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import session_store
from .accounts import current_user, remembered_actor
from .errors import ValidationError
from .models import MODELS, User, database
from .scope import Actor, owned

CONFIRM_FIELD = "confirm_email"
"""The field a refused confirmation belongs to."""


@dataclass(frozen=True)
class DeletedAccount:
    """What went: the account's e-mail and, per table, how many of its rows."""

    email: str
    rows: dict[str, int]

    @property
    def contacts(self) -> int:
        """How many contacts went."""
        return self.rows.get("contact", 0)

    @property
    def interactions(self) -> int:
        """How many interactions went (those logged on the account's own contacts)."""
        return self.rows.get("interaction", 0)


def owned_counts(actor: Actor) -> dict[str, int]:
    """How many rows `actor` owns directly in each table that names an owner, by table name."""
    counts = {}
    for model in MODELS:
        if model is User or not (hasattr(model, "owner") or hasattr(model, "user")):
            continue
        counts[model._meta.table_name] = owned(actor, model).count()
    return counts


def check_confirmation(actor: Actor, confirm_email: str) -> None:
    """Raise a ValidationError unless `confirm_email` is the account's e-mail (any case, spaces ignored)."""
    typed = (confirm_email or "").strip().lower()
    if not typed:
        raise ValidationError(CONFIRM_FIELD, "type the account's e-mail address to confirm")
    if typed != current_user(actor).email:
        raise ValidationError(CONFIRM_FIELD, "that is not this account's e-mail address: nothing was deleted")


def _remembered_here(actor: Actor, database_key: str | None) -> bool:
    """Whether this machine remembers a session of `actor` for `database_key`."""
    if not database_key:
        return False
    remembered = remembered_actor(database_key)
    return remembered is not None and remembered.user_id == actor.user_id


def delete_account(actor: Actor, confirm_email: str, database_key: str | None = None) -> DeletedAccount:
    """Delete `actor`'s account and everything it owns, once `confirm_email` matches its e-mail.

    All or nothing: one transaction. The session this machine remembers for `database_key`
    is forgotten as well, so the next start asks somebody to sign in.
    """
    check_confirmation(actor, confirm_email)
    forget_key = database_key if _remembered_here(actor, database_key) else None
    with database.atomic():
        user = current_user(actor)
        rows = owned_counts(actor)
        User.delete().where(User.id == user.id).execute()
    if forget_key is not None:
        session_store.forget_token(forget_key)
    return DeletedAccount(user.email, rows)
