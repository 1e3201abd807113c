"""VIPs (seed 000): the Background and ContactInfo sections, and the snapshot of every VIP.

Switching VIP off keeps both sections; the contact only leaves the snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from peewee import JOIN, fn

from . import clock, validation
from .cadence import cadence_for, overdue_ratio, status_of
from .contacts import get_contact
from .models import Background, Contact, ContactInfo, database
from .scope import Actor, owned
from .settings import read_settings
from .sql_dialect import latest_of

BACKGROUND_FIELDS = ("family", "company", "likes_dislikes", "misc_notes")
CONTACT_INFO_FIELDS = ("main_app", "email", "phone", "social_links")
SECTION_LIMIT = 5000


@dataclass(frozen=True)
class VipSections:
    """A contact's Background and ContactInfo values (empty strings when never filled)."""

    family: str = ""
    company: str = ""
    likes_dislikes: str = ""
    misc_notes: str = ""
    main_app: str = ""
    email: str = ""
    phone: str = ""
    social_links: tuple[str, ...] = ()


@dataclass(frozen=True)
class SnapshotRow:
    """One VIP in the snapshot view."""

    id: int
    name: str
    last_update: datetime
    last_contacted_at: datetime | None
    status: str
    overdue_ratio: float


def read_sections(actor: Actor, contact_id: int) -> VipSections:
    """The VIP sections of one of `actor`'s contacts."""
    contact = get_contact(actor, contact_id)
    background = Background.get_or_none(Background.contact == contact.id)
    info = ContactInfo.get_or_none(ContactInfo.contact == contact.id)
    values: dict[str, Any] = {}
    if background:
        values.update({name: getattr(background, name) for name in BACKGROUND_FIELDS})
    if info:
        values.update({name: getattr(info, name) for name in CONTACT_INFO_FIELDS if name != "social_links"})
        values["social_links"] = tuple(info.social_links or ())
    return VipSections(**values)


def save_sections(actor: Actor, contact_id: int, sections: VipSections, phone_region: str = "") -> VipSections:
    """Validate and store both VIP sections of one of `actor`'s contacts, in one transaction."""
    contact = get_contact(actor, contact_id)
    background = {
        name: validation.text(getattr(sections, name), name, SECTION_LIMIT, multiline=True)
        for name in BACKGROUND_FIELDS
    }
    info = {
        "main_app": validation.text(sections.main_app, "main_app", 60),
        "email": validation.email(sections.email, "email") if sections.email.strip() else "",
        "phone": validation.phone(sections.phone, "phone", phone_region) if sections.phone.strip() else "",
        "social_links": [validation.url(link, "social_links") for link in sections.social_links if link.strip()],
    }
    now = clock.utcnow()
    with database.atomic():
        (
            Background.insert(contact=contact.id, updated_at=now, **background)
            .on_conflict(conflict_target=[Background.contact], update={**background, "updated_at": now})
            .execute()
        )
        (
            ContactInfo.insert(contact=contact.id, updated_at=now, **info)
            .on_conflict(conflict_target=[ContactInfo.contact], update={**info, "updated_at": now})
            .execute()
        )
        Contact.update(updated_at=now).where(Contact.id == contact.id).execute()
    return read_sections(actor, contact.id)


def snapshot(actor: Actor, limit: int = 500) -> list[SnapshotRow]:
    """The VIPs (not archived) with last update, last contacted and status, most overdue first."""
    settings = read_settings(actor)
    now = clock.utcnow()
    ratio = overdue_ratio(settings, now)
    last_update = latest_of(
        Contact.updated_at,
        fn.COALESCE(Background.updated_at, Contact.updated_at),
        fn.COALESCE(ContactInfo.updated_at, Contact.updated_at),
    )
    query = (
        owned(
            actor,
            Contact,
            Contact.id,
            Contact.name,
            Contact.relationship,
            Contact.cadence_days,
            Contact.created_at,
            Contact.last_contacted_at,
            last_update.alias("last_update"),
            ratio.alias("ratio"),
        )
        .join(Background, JOIN.LEFT_OUTER, on=(Background.contact == Contact.id))
        .switch(Contact)
        .join(ContactInfo, JOIN.LEFT_OUTER, on=(ContactInfo.contact == Contact.id))
        .where((Contact.vip == True) & (Contact.archived == False))  # noqa: E712
        .order_by(ratio.desc(), Contact.sort_name, Contact.id)
        .limit(limit)
    )
    rows = []
    for row in query.dicts():
        cadence = cadence_for(row["cadence_days"], row["relationship"], settings)
        last = row["last_update"]
        rows.append(
            SnapshotRow(
                id=row["id"],
                name=row["name"],
                last_update=datetime.fromisoformat(last) if isinstance(last, str) else last,
                last_contacted_at=row["last_contacted_at"],
                status=status_of(row["last_contacted_at"], row["created_at"], cadence, now),
                overdue_ratio=float(row["ratio"] or 0),
            )
        )
    return rows
