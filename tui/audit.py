"""The audit trail: old and new values of every edit and delete (seed 001)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from . import clock
from .errors import NotFound, PermissionDenied
from .models import AuditLog, Contact
from .scope import Actor, owned


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return clock.iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def changed_fields(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose value differs, as (old, new)."""
    keys = [key for key in new if old.get(key) != new.get(key)]
    return {key: _plain(old.get(key)) for key in keys}, {key: _plain(new.get(key)) for key in keys}


def record(
    actor: Actor,
    owner_id: int,
    table: str,
    record_id: int,
    action: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    contact_id: int | None = None,
) -> None:
    """Write one audit entry; `owner_id` is whose data it is, `actor` who changed it (only ever the owner)."""
    if owner_id != actor.user_id:
        raise PermissionDenied("only the owner's own changes go into their audit log")
    AuditLog.create(
        owner=owner_id,
        actor=actor.user_id,
        table_name=table,
        record_id=record_id,
        contact_id=contact_id,
        action=action,
        old_values={k: _plain(v) for k, v in old.items()} if old is not None else None,
        new_values={k: _plain(v) for k, v in new.items()} if new is not None else None,
        created_at=clock.utcnow(),
    )


def contact_history(actor: Actor, contact_id: int, limit: int = 200) -> list[AuditLog]:
    """The audit entries about one of `actor`'s contacts and its interactions, newest first."""
    if not owned(actor, Contact, Contact.id).where(Contact.id == contact_id).exists():
        raise NotFound(f"no contact with id {contact_id}")
    return list(
        owned(actor, AuditLog)
        .where(AuditLog.contact_id == contact_id)
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        .limit(limit)
    )
