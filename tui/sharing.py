"""Sharing one contact with another user of the same database (seed 004, module 7).

The owner shares a contact by the recipient's e-mail, to "view" or to "view and add
notes" (`view_add`), until a day or for good, with an optional note. The recipient
reads the contact's fields and timeline through this module only (`shared_contact`,
`shared_timeline`); with view_add they log interactions through
`interactions.log_interaction`, which goes through `scope.notable_contact`. Every
read checks the share's expiry against `clock.now()`, so an expired share is gone
at once, with no restart. Deleting the contact or either account deletes the share
(foreign keys with ON DELETE CASCADE).

The recipient is told once: `announce_new_shares` turns each share not announced yet
into a reminder of theirs, due now, which the reminder tick delivers on their
channels (a toast and the notification center in the app) like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from peewee import JOIN, IntegrityError, ModelSelect

from . import accounts, clock, contacts, timeparse, validation, vip
from .errors import NotFound, ValidationError
from .models import SHARE_PERMISSIONS, Contact, Interaction, Reminder, Share, User, database
from .scope import OWNER, Actor, owned, readable_contact, received_shares, share_holds
from .vip import VipSections

PERMISSION_LABELS = {"view": "view", "view_add": "view and add notes"}
"""How each permission is written for people."""
NOTE_LIMIT = 500
NOTICE_PREFIX = "share:"
"""The `occurrence` of a share's notice reminder starts with this and the share's id."""

Owner = User.alias("share_owner")
Recipient = User.alias("share_recipient")


@dataclass(frozen=True)
class ShareInfo:
    """One share as lists show it, with both people's names."""

    id: int
    contact_id: int
    contact_name: str
    owner_id: int
    owner_name: str
    owner_email: str
    recipient_id: int
    recipient_name: str
    recipient_email: str
    permission: str
    expires_at: datetime | None
    """The first moment it no longer holds (naive UTC), or None for never."""
    expires_on: date | None
    """The last day it holds, in the owner's time zone."""
    note: str
    created_at: datetime

    @property
    def expired(self) -> bool:
        """Whether the share no longer holds at the clock's now."""
        return self.expires_at is not None and self.expires_at <= clock.utcnow()

    @property
    def permission_label(self) -> str:
        """ "view" or "view and add notes"."""
        return PERMISSION_LABELS[self.permission]

    @property
    def can_add(self) -> bool:
        """Whether the recipient may log interactions on the contact."""
        return self.permission == "view_add"


@dataclass(frozen=True)
class SharedContact:
    """What a recipient sees of a shared contact: its fields, VIP sections, and the share."""

    contact_id: int
    access: str
    """OWNER, "view" or "view_add"."""
    details: dict[str, Any]
    """The contact's fields as `contacts.contact_dict` gives them (status by the owner's settings)."""
    sections: VipSections | None
    """The VIP sections, when the contact is a VIP."""
    share: ShareInfo | None
    """The share `actor` reads it through; None for the owner."""

    @property
    def can_add(self) -> bool:
        """Whether the reader may log interactions on it."""
        return self.access in (OWNER, "view_add")


@dataclass(frozen=True)
class SharedInteraction:
    """One entry of a shared contact's timeline, with who logged it."""

    id: int
    occurred_at: datetime
    medium: str
    type: str
    notes: str
    outcome: str
    follow_up_on: str | None
    author_id: int | None
    author_name: str


# -- reading shares --------------------------------------------------------------------------------------------------


def _with_people(query: ModelSelect) -> ModelSelect:
    return (
        query.select_extend(Contact.name, Owner.name, Owner.email, Owner.timezone, Recipient.name, Recipient.email)
        .join_from(Share, Contact, on=(Contact.id == Share.contact), attr="shared_contact")
        .join_from(Share, Owner, on=(Owner.id == Share.owner), attr="share_owner")
        .join_from(Share, Recipient, on=(Recipient.id == Share.recipient), attr="share_recipient")
    )


def _expires_on(expires_at: datetime | None, owner_zone: str) -> date | None:
    if expires_at is None:
        return None
    return (clock.local(expires_at, clock.zone(owner_zone)) - timedelta(microseconds=1)).date()


def _info(share: Share) -> ShareInfo:
    return ShareInfo(
        id=share.id,
        contact_id=share.contact_id,
        contact_name=share.shared_contact.name,
        owner_id=share.owner_id,
        owner_name=share.share_owner.name,
        owner_email=share.share_owner.email,
        recipient_id=share.recipient_id,
        recipient_name=share.share_recipient.name,
        recipient_email=share.share_recipient.email,
        permission=share.permission,
        expires_at=share.expires_at,
        expires_on=_expires_on(share.expires_at, share.share_owner.timezone),
        note=share.note,
        created_at=share.created_at,
    )


def shares_given(actor: Actor, contact_id: int | None = None) -> list[ShareInfo]:
    """The shares `actor` has made (of one contact, when given), expired ones too so they can be cleaned up."""
    query = _with_people(owned(actor, Share))
    if contact_id is not None:
        query = query.where(Share.contact == contact_id)
    return [_info(share) for share in query.order_by(Contact.sort_name, Recipient.name, Share.id)]


def shares_received(actor: Actor) -> list[ShareInfo]:
    """The shares `actor` has received that hold now, with the owners' names; expired ones are left out."""
    query = _with_people(received_shares(actor))
    return [_info(share) for share in query.order_by(Contact.sort_name, Owner.name, Share.id)]


def get_share(actor: Actor, share_id: int) -> ShareInfo:
    """One share `actor` made, or holds now as its recipient; NotFound otherwise."""
    share = (
        _with_people(Share.select())
        .where(
            (Share.id == share_id)
            & ((Share.owner == actor.user_id) | ((Share.recipient == actor.user_id) & share_holds()))
        )
        .first()
    )
    if share is None:
        raise NotFound(f"no share with id {share_id}: `crm shares` lists yours")
    return _info(share)


# -- sharing and revoking --------------------------------------------------------------------------------------------


def parse_permission(text: str) -> str:
    """The permission code for `text`: view, or view_add (also "view and add notes", "add")."""
    key = (text or "").strip().lower().replace("-", "_").replace(" ", "_")
    key = {
        "view_and_add_notes": "view_add",
        "view_and_add": "view_add",
        "add": "view_add",
        "notes": "view_add",
        "read": "view",
    }.get(key, key)
    if key not in SHARE_PERMISSIONS:
        raise ValidationError("permission", f"the permission must be view or view_add, not {text!r}")
    return key


def parse_expiry(actor: Actor, text: str) -> date | None:
    """The last day a share holds, from YYYY-MM-DD or a short form such as +1w; None when empty or "never"."""
    raw = (text or "").strip()
    if not raw or raw.lower() == "never":
        return None
    return timeparse.parse_day(raw, actor.tz, clock.now(), "expires")


def _expiry_moment(actor: Actor, last_day: date | None) -> datetime | None:
    """The end of `last_day` in `actor`'s zone (naive UTC); a ValidationError for a day already past."""
    if last_day is None:
        return None
    today = clock.now().astimezone(actor.tz).date()
    if last_day < today:
        raise ValidationError(
            "expires",
            f"the expiry {last_day} is in the past: give today or a later day, or none for a share that never expires",
        )
    end = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=actor.tz)
    return clock.to_storage(end)


def _recipient(actor: Actor, email: str) -> User:
    try:
        address = accounts.normalise_email(email)
    except ValidationError as refusal:
        raise ValidationError("with", refusal.message) from None
    if address == actor.email.lower():
        raise ValidationError("with", "that is your own address: share with somebody else")
    user = User.get_or_none(User.email == address)
    if user is None:
        raise ValidationError(
            "with", f"nobody uses crm with the address {address}: they need to sign up to this database first"
        )
    return user


def share(
    actor: Actor,
    contact_id: int,
    recipient_email: str,
    permission: str = "view",
    expires: date | None = None,
    note: str = "",
) -> ShareInfo:
    """Share one of `actor`'s contacts with the user of `recipient_email`; the share.

    `expires` is the last day it holds (in `actor`'s time zone), None for never. Sharing the
    same contact with the same person again replaces the permission, expiry and note of the
    share they have, and tells them again. Nothing is stored when any value is refused.
    """
    code = parse_permission(permission)
    text = validation.text(note, "note", NOTE_LIMIT)
    expires_at = _expiry_moment(actor, expires)
    contact = contacts.get_contact(actor, contact_id)
    recipient = _recipient(actor, recipient_email)
    now = clock.utcnow()
    with database.atomic():
        existing = owned(actor, Share).where((Share.contact == contact.id) & (Share.recipient == recipient.id)).first()
        if existing is None:
            try:
                share_id = Share.insert(
                    contact=contact.id,
                    owner=actor.user_id,
                    recipient=recipient.id,
                    permission=code,
                    expires_at=expires_at,
                    note=text,
                    notified_at=None,
                    created_at=now,
                ).execute()
            except IntegrityError:
                raise ValidationError(
                    "with",
                    f"{contact.name} was just shared with {recipient.email} from elsewhere: look at the list again",
                ) from None
        else:
            share_id = existing.id
            _drop_notice(existing)
            Share.update(permission=code, expires_at=expires_at, note=text, notified_at=None).where(
                Share.id == share_id
            ).execute()
    return get_share(actor, share_id)


def _drop_notice(share_row: Share) -> None:
    """Forget the recipient's notice of a share while it is still waiting to be delivered."""
    (
        Reminder.delete()
        .where(
            (Reminder.user == share_row.recipient_id)
            & (Reminder.kind == "custom")
            & Reminder.occurrence.startswith(f"{NOTICE_PREFIX}{share_row.id}@")
            & (Reminder.status == "pending")
            & Reminder.claimed_by.is_null()
        )
        .execute()
    )


def revoke(actor: Actor, share_id: int) -> ShareInfo:
    """End a share: its owner revokes it, or its recipient drops it; the share as it was."""
    info = get_share(actor, share_id)
    with database.atomic():
        row = Share.get_by_id(info.id)
        _drop_notice(row)
        row.delete_instance()
    return info


# -- telling the recipient -------------------------------------------------------------------------------------------


def notice_title(info: ShareInfo) -> str:
    """What the recipient is told about a new share."""
    until = f" until {info.expires_on}" if info.expires_on else ""
    return f"{info.owner_name} shared {info.contact_name} with you ({info.permission_label}{until})"


def announce_new_shares(actor: Actor) -> int:
    """Turn each share `actor` received and was not told about into a reminder of theirs; how many.

    The reminder is due since the share was made, so it is delivered at the next tick.

    Each share is claimed (its `notified_at` set) in the same transaction as its reminder is
    made, so two copies of crm ticking at once tell the recipient once.
    """
    fresh = list(_with_people(received_shares(actor)).where(Share.notified_at.is_null()))
    now = clock.utcnow()
    told = 0
    for row in fresh:
        info = _info(row)
        with database.atomic():
            claimed = Share.update(notified_at=now).where((Share.id == row.id) & Share.notified_at.is_null()).execute()
            if not claimed:
                continue
            Reminder.create(
                user=actor.user_id,
                contact=None,
                kind="custom",
                occurrence=f"{NOTICE_PREFIX}{row.id}@{now.isoformat()}",
                title=notice_title(info),
                due_at=row.created_at,
                status="pending",
                created_at=now,
            )
            told += 1
    return told


# -- what a recipient reads ------------------------------------------------------------------------------------------


def _owner_actor(contact: Contact, actor: Actor) -> Actor:
    """The owner's Actor, used only to read the one contact `actor` was allowed to read."""
    if contact.owner_id == actor.user_id:
        return actor
    return accounts.actor_for(User.get_by_id(contact.owner_id))


def _share_of(actor: Actor, contact_id: int) -> ShareInfo | None:
    row = _with_people(received_shares(actor)).where(Share.contact == contact_id).first()
    return _info(row) if row is not None else None


def shared_contact(actor: Actor, contact_id: int) -> SharedContact:
    """A contact `actor` owns or holds a valid share of: its fields and VIP sections; NotFound otherwise.

    Tasks, deals, reminders and the change history stay the owner's and are not part of it.
    """
    contact, access = readable_contact(actor, contact_id)
    owner = _owner_actor(contact, actor)
    full = contacts.get_contact(owner, contact.id)
    details = contacts.contact_dict(owner, full)
    sections = vip.read_sections(owner, contact.id) if full.vip else None
    share_info = None if access == OWNER else _share_of(actor, contact.id)
    return SharedContact(contact.id, access, details, sections, share_info)


def shared_timeline(actor: Actor, contact_id: int, limit: int = 100, offset: int = 0) -> list[SharedInteraction]:
    """The interactions of a contact `actor` owns or holds a valid share of, newest first, with their authors."""
    contact, _access = readable_contact(actor, contact_id)
    query = (
        Interaction.select(Interaction, User.name)
        .join(User, JOIN.LEFT_OUTER, on=(User.id == Interaction.author), attr="written_by")
        .where(Interaction.contact == contact.id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [
        SharedInteraction(
            id=row.id,
            occurred_at=row.occurred_at,
            medium=row.medium,
            type=row.type,
            notes=row.notes,
            outcome=row.outcome,
            follow_up_on=row.follow_up_on,
            author_id=row.author_id,
            author_name=row.written_by.name if row.author_id is not None else "",
        )
        for row in query
    ]


def contact_name(actor: Actor, contact_id: int) -> str:
    """The name of a contact `actor` owns or holds a valid share of; NotFound otherwise."""
    contact, _access = readable_contact(actor, contact_id)
    return contact.name


# -- plain values for JSON -------------------------------------------------------------------------------------------


def share_dict(info: ShareInfo) -> dict[str, Any]:
    """A share as the JSON of `crm shares`."""
    return {
        "id": info.id,
        "contact_id": info.contact_id,
        "contact_name": info.contact_name,
        "owner": {"id": info.owner_id, "name": info.owner_name, "email": info.owner_email},
        "recipient": {"id": info.recipient_id, "name": info.recipient_name, "email": info.recipient_email},
        "permission": info.permission,
        "expires": info.expires_on.isoformat() if info.expires_on else None,
        "expires_at": clock.iso_utc(info.expires_at),
        "expired": info.expired,
        "note": info.note,
        "created_at": clock.iso_utc(info.created_at),
    }
