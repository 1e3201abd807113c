"""Contacts: validating, storing, finding and describing the people a user keeps in touch with."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from peewee import JOIN, SQL, ModelSelect, fn

from . import audit, clock, companies, custom_fields, reminders, sql_dialect, timeparse, validation
from .cadence import ALL_GOOD, HIT_UP, STATUS_LABELS, cadence_for, overdue_ratio, status_of  # noqa: F401
from .errors import NotFound, ValidationError
from .models import Company, Contact, ContactTag, OptionValue, Tag, database
from .scope import Actor, owned
from .settings import read_settings
from .terminal_text import quoted

RELATIONSHIPS = ("friend", "family", "colleague", "school", "network", "services")
"""Seed 000's predefined relationship types; users may add more."""
INDUSTRIES = ("technology", "entertainment", "finance", "education")
CATEGORY_KINDS = ("relationship", "industry")
"""The fields whose values are categories: chosen from the offered ones, a new one only when confirmed."""
"""Seed 000's predefined industry types; users may add more."""


LIMITS = {
    "name": 200,
    "whatsapp": 40,
    "company": 200,
    "title": 200,
    "relationship": 60,
    "industry": 60,
    "location": 200,
    "address": 500,
    "notes": 20000,
    "picture_url": 2000,
    "tag": 60,
}
MAX_LIST_ITEMS = 20


@dataclass
class ContactText:
    """The fields of a contact that a form, a command and a file (`tui.drafts.ContactDraft`) all give alike, as typed.

    `ContactInput` and `ContactDraft` add the ones they give differently: a file may not say whether a
    contact is a VIP or active (None), where a form always does.
    """

    name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    whatsapp: str = ""
    instagram: str = ""
    company: str = ""
    title: str = ""
    relationship: str = ""
    industry: str = ""
    location: str = ""
    address: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    birthday: str = ""
    anniversary: str = ""
    picture_url: str = ""


@dataclass
class ContactInput(ContactText):
    """What a form or a command gives for a contact; every field as typed."""

    cadence_days: str | int | None = None
    vip: bool = False
    active: bool = True
    custom: dict[str, str] = field(default_factory=dict)  # custom field name -> value as typed


INPUT_FIELDS = tuple(item.name for item in fields(ContactInput))


@dataclass(frozen=True)
class ContactRow:
    """One line of the contact list."""

    id: int
    name: str
    company: str
    relationship: str
    tags: str
    last_contacted_at: datetime | None
    status: str
    vip: bool
    active: bool
    archived: bool


def _clean_list(values: Iterable[str], check: Callable[[str], str], field_name: str) -> list[str]:
    cleaned: list[str] = []
    for value in values:
        if value is None or not str(value).strip():
            continue
        item = check(str(value))
        if item not in cleaned:
            cleaned.append(item)
    if len(cleaned) > MAX_LIST_ITEMS:
        raise ValidationError(field_name, f"at most {MAX_LIST_ITEMS} {field_name} per contact")
    return cleaned


def clean_tags(values: Iterable[str]) -> list[str]:
    """Tag names trimmed, without a leading #, each once (case-insensitively)."""
    tags: list[str] = []
    seen: set[str] = set()
    for value in values:
        name = validation.text(str(value or "").lstrip("#"), "tags", LIMITS["tag"])
        if not name:
            continue
        if "," in name:
            raise ValidationError("tags", f"a tag cannot contain a comma: {name!r}")
        if name.casefold() in seen:
            raise ValidationError("tags", f"the tag {name!r} is given twice")
        seen.add(name.casefold())
        tags.append(name)
    if len(tags) > MAX_LIST_ITEMS * 2:
        raise ValidationError("tags", f"at most {MAX_LIST_ITEMS * 2} tags per contact")
    return tags


def parse_cadence(value: str | int | None) -> int | None:
    """Cadence in days (1-3650), or None for "use the relationship's or the default"."""
    if value is None or str(value).strip() == "":
        return None
    try:
        days = int(str(value).strip())
    except ValueError:
        raise ValidationError("cadence_days", f"the cadence must be a number of days, not {value!r}") from None
    if not 1 <= days <= 3650:
        raise ValidationError("cadence_days", "the cadence must be from 1 to 3650 days")
    return days


def validate(data: ContactInput, phone_region: str = "") -> dict[str, Any]:
    """The stored form of every field of `data`, or the first ValidationError found."""
    limit = LIMITS
    return {
        "name": validation.text(data.name, "name", limit["name"], required=True),
        "emails": _clean_list(data.emails, lambda v: validation.email(v, "emails"), "emails"),
        "phones": _clean_list(data.phones, lambda v: validation.phone(v, "phones", phone_region), "phones"),
        "whatsapp": validation.phone(data.whatsapp, "whatsapp", phone_region) if data.whatsapp.strip() else "",
        "instagram": validation.instagram(data.instagram),
        "company": validation.text(data.company, "company", limit["company"]),
        "title": validation.text(data.title, "title", limit["title"]),
        "relationship": validation.text(data.relationship, "relationship", limit["relationship"]).lower(),
        "industry": validation.text(data.industry, "industry", limit["industry"]).lower(),
        "location": validation.text(data.location, "location", limit["location"]),
        "address": validation.text(data.address, "address", limit["address"], multiline=True),
        "tags": clean_tags(data.tags),
        "notes": validation.text(data.notes, "notes", limit["notes"], multiline=True),
        "birthday": timeparse.parse_anniversary(data.birthday, "birthday", timeparse.latest_today()),
        "anniversary": timeparse.parse_anniversary(data.anniversary, "anniversary"),
        "picture_url": validation.url(data.picture_url, "picture_url"),
        "cadence_days": parse_cadence(data.cadence_days),
        "vip": bool(data.vip),
        "active": bool(data.active),
    }


# Latin letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSABLE = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Þ": "Th",
        "þ": "th",
        "ı": "i",
    }
)


def sort_key(name: str) -> str:
    """`name` folded for sorting: accents dropped, case ignored (Émilie sorts with Emma)."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_UNDECOMPOSABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _remember_option(actor: Actor, kind: str, value: str, predefined: tuple[str, ...]) -> None:
    if value and value not in predefined:
        OptionValue.insert(owner=actor.user_id, kind=kind, value=value).on_conflict_ignore().execute()


def options(actor: Actor, kind: str) -> list[str]:
    """The values offered for `kind` ("relationship" or "industry"): predefined, then the user's own."""
    predefined = {"relationship": RELATIONSHIPS, "industry": INDUSTRIES}.get(kind, ())
    added = [row.value for row in owned(actor, OptionValue).where(OptionValue.kind == kind).order_by(OptionValue.value)]
    return list(predefined) + [value for value in added if value not in predefined]


def _set_tags(actor: Actor, contact_id: int, names: list[str]) -> None:
    existing = (
        {
            tag.name.casefold(): tag.id
            for tag in owned(actor, Tag).where(fn.lower(Tag.name).in_([name.lower() for name in names]))
        }
        if names
        else {}
    )
    wanted = []
    for name in names:
        tag_id = existing.get(name.casefold())
        if tag_id is None:
            tag_id = Tag.insert(owner=actor.user_id, name=name).execute()
        wanted.append(tag_id)
    ContactTag.delete().where((ContactTag.contact == contact_id) & ContactTag.tag.not_in(wanted)).execute()
    if wanted:
        ContactTag.insert_many(
            [(contact_id, tag_id) for tag_id in wanted], fields=[ContactTag.contact, ContactTag.tag]
        ).on_conflict_ignore().execute()


def _columns(actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
    columns = {key: value for key, value in values.items() if key not in ("company", "tags")}
    columns["company"] = companies.company_id_for(actor, values["company"])
    columns["sort_name"] = sort_key(values["name"])
    columns["birthday_md"] = timeparse.month_day(values["birthday"])
    columns["anniversary_md"] = timeparse.month_day(values["anniversary"])
    return columns


def unknown_category(actor: Actor, kind: str, value: str) -> str | None:
    """Why `value` cannot be taken as a `kind` (relationship, industry) without confirmation: it is not one of the
    offered ones (the refusal names the closest); None when it is offered or empty."""
    offered = options(actor, kind)
    value = value.strip().lower()
    if not value or value in offered:
        return None
    close = difflib.get_close_matches(value, offered, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"{quoted(value)} is not one of your {kind} categories{hint}: confirm it to add a new one"


def check_categories(actor: Actor, values: dict[str, Any], new_categories: bool, kept: dict[str, str]) -> None:
    """Refuse a relationship or industry that is neither offered nor `kept` (the contact's own) unless
    `new_categories`: a typo must not become a category."""
    if new_categories:
        return
    for kind in CATEGORY_KINDS:
        refusal = unknown_category(actor, kind, values[kind]) if values[kind] != kept.get(kind) else None
        if refusal is not None:
            raise ValidationError(kind, f"{refusal} (--new-category; in the form, enter again)")


def add_contact(
    actor: Actor, data: ContactInput, created_at: datetime | None = None, *, new_categories: bool = True
) -> Contact:
    """Validate and store a new contact of `actor`; nothing is stored if any field is refused.

    With `new_categories=False` (the command line and the form, until confirmed) a relationship or industry that
    is not one of the offered ones is refused; imports and the demo bring theirs.
    """
    values = validate(data, read_settings(actor)["phone_region"])
    check_categories(actor, values, new_categories, {})
    custom = custom_fields.parse_values(actor, data.custom)
    now = clock.utcnow()
    with database.atomic():
        columns = _columns(actor, values)
        contact_id = Contact.insert(
            owner=actor.user_id, created_at=created_at or now, updated_at=now, **columns
        ).execute()
        _set_tags(actor, contact_id, values["tags"])
        custom_fields.store_values(contact_id, custom)
        reminders.replan_contact(actor, contact_id)
        _remember_option(actor, "relationship", values["relationship"], RELATIONSHIPS)
        _remember_option(actor, "industry", values["industry"], INDUSTRIES)
    return get_contact(actor, contact_id)


def edit_contact(actor: Actor, contact_id: int, data: ContactInput, *, new_categories: bool = True) -> Contact:
    """Replace the fields of one of `actor`'s contacts, writing the change to the audit log (new categories as in
    add_contact; the contact's own relationship and industry stay allowed)."""
    contact = get_contact(actor, contact_id)
    before = contact_dict(actor, contact)
    values = validate(data, read_settings(actor)["phone_region"])
    check_categories(actor, values, new_categories, {kind: getattr(contact, kind) for kind in CATEGORY_KINDS})
    custom = custom_fields.parse_values(actor, data.custom)
    with database.atomic():
        Contact.update(updated_at=clock.utcnow(), **_columns(actor, values)).where(Contact.id == contact.id).execute()
        _set_tags(actor, contact.id, values["tags"])
        custom_fields.store_values(contact.id, custom)
        _remember_option(actor, "relationship", values["relationship"], RELATIONSHIPS)
        _remember_option(actor, "industry", values["industry"], INDUSTRIES)
        updated = get_contact(actor, contact.id)
        old, new = audit.changed_fields(before, contact_dict(actor, updated))
        new.pop("updated_at", None), old.pop("updated_at", None)
        new.pop("status", None), old.pop("status", None)
        if new:
            audit.record(actor, actor.user_id, "contact", contact.id, "update", old, new, contact_id=contact.id)
        reminders.replan_contact(actor, contact.id)
    return updated


def input_from(actor: Actor, contact: Contact) -> ContactInput:
    """A ContactInput holding a stored contact's values, to edit them."""
    return ContactInput(
        name=contact.name,
        emails=list(contact.emails),
        phones=list(contact.phones),
        whatsapp=contact.whatsapp,
        instagram=contact.instagram,
        company=contact.company.name if contact.company_id else "",
        title=contact.title,
        relationship=contact.relationship,
        industry=contact.industry,
        location=contact.location,
        address=contact.address,
        tags=contact_tags(contact.id),
        notes=contact.notes,
        birthday=contact.birthday or "",
        anniversary=contact.anniversary or "",
        picture_url=contact.picture_url,
        cadence_days=contact.cadence_days,
        vip=contact.vip,
        active=contact.active,
        custom=custom_fields.values_for(actor, contact.id),
    )


MAX_ID = 2**63 - 1
"""The largest id SQLite can store; a bigger one cannot name anything."""


def get_contact(actor: Actor, contact_id: int) -> Contact:
    """One of `actor`'s contacts, or NotFound."""
    if not 0 < contact_id <= MAX_ID:
        raise NotFound(f"no contact with id {contact_id}")
    contact = (
        owned(actor, Contact, Contact, Company).join(Company, JOIN.LEFT_OUTER).where(Contact.id == contact_id).first()
    )
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}")
    return contact


def find_contact(actor: Actor, reference: str) -> Contact:
    """A contact named by id, or by a name that matches exactly one contact (any case)."""
    text = reference.strip()
    if text.isascii() and text.isdigit():
        return get_contact(actor, int(text))
    matches = list(
        owned(actor, Contact, Contact.id, Contact.name).where(fn.lower(Contact.name) == text.lower()).limit(5)
    )
    if not matches:
        raise NotFound(f"no contact named {text!r}")
    if len(matches) > 1:
        ids = ", ".join(str(match.id) for match in matches)
        raise ValidationError("contact", f"{len(matches)} contacts are named {text!r} (ids {ids}): give the id")
    return get_contact(actor, matches[0].id)


def set_flags(actor: Actor, contact_id: int, **flags: bool) -> Contact:
    """Switch `vip`, `active` or `archived` on one contact, with an audit entry."""
    allowed = {"vip", "active", "archived"}
    if not flags or set(flags) - allowed:
        raise ValueError(f"flags must be among {sorted(allowed)}")
    contact = get_contact(actor, contact_id)
    old = {name: getattr(contact, name) for name in flags}
    with database.atomic():
        Contact.update(updated_at=clock.utcnow(), **flags).where(Contact.id == contact.id).execute()
        audit.record(actor, actor.user_id, "contact", contact.id, "update", old, dict(flags), contact_id=contact.id)
        reminders.replan_contact(actor, contact.id)
    return get_contact(actor, contact.id)


def _owned_ids(actor: Actor, contact_ids: Iterable[int]) -> list[int]:
    wanted = sorted(set(contact_ids))
    found = [row.id for row in owned(actor, Contact, Contact.id).where(Contact.id.in_(wanted))]
    missing = set(wanted) - set(found)
    if missing:
        raise NotFound(f"no contact with id {min(missing)}")
    return found


def set_flags_many(actor: Actor, contact_ids: Iterable[int], **flags: bool) -> int:
    """Switch `archived` or `active` on several contacts at once (all or none); how many changed."""
    if not flags or set(flags) - {"archived", "active", "vip"}:
        raise ValueError("flags must be among archived, active, vip")
    ids = _owned_ids(actor, contact_ids)
    with database.atomic():
        for contact_id in ids:
            set_flags(actor, contact_id, **flags)
    return len(ids)


def tag_contacts(actor: Actor, contact_ids: Iterable[int], tag: str) -> int:
    """Add one tag to several contacts (all or none); how many contacts."""
    (name,) = clean_tags([tag]) or [""]
    if not name:
        raise ValidationError("tags", "the tag cannot be empty")
    ids = _owned_ids(actor, contact_ids)
    with database.atomic():
        existing = owned(actor, Tag, Tag.id).where(fn.lower(Tag.name) == name.lower()).scalar()
        tag_id = existing or Tag.insert(owner=actor.user_id, name=name).execute()
        ContactTag.insert_many(
            [(contact_id, tag_id) for contact_id in ids], fields=[ContactTag.contact, ContactTag.tag]
        ).on_conflict_ignore().execute()
        Contact.update(updated_at=clock.utcnow()).where(Contact.id.in_(ids)).execute()
    return len(ids)


def untag_contacts(actor: Actor, contact_ids: Iterable[int], tag: str) -> int:
    """Remove one tag from several contacts; how many contacts."""
    ids = _owned_ids(actor, contact_ids)
    tag_id = owned(actor, Tag, Tag.id).where(fn.lower(Tag.name) == tag.strip().lstrip("#").lower()).scalar()
    if tag_id is None:
        raise NotFound(f"no tag called {tag.strip()!r}")
    with database.atomic():
        ContactTag.delete().where((ContactTag.tag == tag_id) & ContactTag.contact.in_(ids)).execute()
        Contact.update(updated_at=clock.utcnow()).where(Contact.id.in_(ids)).execute()
    return len(ids)


def all_tags(actor: Actor) -> list[str]:
    """Every tag name of `actor`, sorted, for filters and completion."""
    return [row.name for row in owned(actor, Tag, Tag.name).order_by(fn.lower(Tag.name))]


def archive_contact(actor: Actor, contact_id: int) -> Contact:
    """Take a contact out of the default lists (restorable)."""
    return set_flags(actor, contact_id, archived=True)


def restore_contact(actor: Actor, contact_id: int) -> Contact:
    """Bring an archived contact back into the default lists."""
    return set_flags(actor, contact_id, archived=False)


def delete_contact(actor: Actor, contact_id: int) -> None:
    """Delete a contact with its interactions, reminders, shares, background and contact info (seed 001)."""
    contact = get_contact(actor, contact_id)
    snapshot = contact_dict(actor, contact)
    with database.atomic():
        audit.record(actor, actor.user_id, "contact", contact.id, "delete", snapshot, None, contact_id=contact.id)
        Contact.delete().where(Contact.id == contact.id).execute()


def contact_tags(contact_id: int) -> list[str]:
    """The tag names of a contact, sorted."""
    return [
        row.name
        for row in Tag.select(Tag.name)
        .join(ContactTag)
        .where(ContactTag.contact == contact_id)
        .order_by(fn.lower(Tag.name))
    ]


def contact_status(actor: Actor, contact: Contact, settings: dict[str, Any] | None = None) -> str:
    """The hit-up status of one contact."""
    settings = settings or read_settings(actor)
    cadence = cadence_for(contact.cadence_days, contact.relationship, settings)
    return status_of(contact.last_contacted_at, contact.created_at, cadence, clock.utcnow())


def contact_dict(actor: Actor, contact: Contact, settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """A contact as plain values: the JSON fields of CLI.md (and a few more)."""
    return {
        "id": contact.id,
        "name": contact.name,
        "emails": list(contact.emails),
        "phones": list(contact.phones),
        "whatsapp": contact.whatsapp,
        "instagram": contact.instagram,
        "company": contact.company.name if contact.company_id else "",
        "title": contact.title,
        "relationship": contact.relationship,
        "industry": contact.industry,
        "location": contact.location,
        "address": contact.address,
        "tags": contact_tags(contact.id),
        "notes": contact.notes,
        "birthday": contact.birthday,
        "anniversary": contact.anniversary,
        "picture_url": contact.picture_url,
        "vip": contact.vip,
        "active": contact.active,
        "archived": contact.archived,
        "cadence_days": contact.cadence_days,
        "last_contacted": clock.iso_utc(contact.last_contacted_at),
        "status": contact_status(actor, contact, settings),
        "created_at": clock.iso_utc(contact.created_at),
        "updated_at": clock.iso_utc(contact.updated_at),
        "custom_fields": custom_fields.values_for(actor, contact.id),
    }


@dataclass(frozen=True)
class ContactFilter:
    """What the contact list shows: a search and filters."""

    search: str = ""
    tag: str = ""
    relationship: str = ""
    industry: str = ""
    vip: bool | None = None
    active: bool | None = None
    archived: bool = False


SORTS = ("name", "last_contacted", "status", "added")


def _filtered(actor: Actor, query: ModelSelect, spec: ContactFilter) -> ModelSelect:
    query = query.where(Contact.archived == spec.archived)
    if spec.vip is not None:
        query = query.where(Contact.vip == spec.vip)
    if spec.active is not None:
        query = query.where(Contact.active == spec.active)
    if spec.relationship:
        query = query.where(Contact.relationship == spec.relationship.lower())
    if spec.industry:
        query = query.where(Contact.industry == spec.industry.lower())
    if spec.tag:
        tagged = (
            ContactTag.select(ContactTag.contact)
            .join(Tag)
            .where((Tag.owner == actor.user_id) & (fn.lower(Tag.name) == spec.tag.lstrip("#").lower()))
        )
        query = query.where(Contact.id.in_(tagged))
    if sql_dialect.has_search_words(spec.search):
        query = query.where(Contact.id.in_(sql_dialect.matching_ids("contact_search", spec.search)))
    return query


def count_contacts(actor: Actor, spec: ContactFilter = ContactFilter()) -> int:
    """How many of `actor`'s contacts the filter lets through."""
    return _filtered(actor, owned(actor, Contact, Contact.id), spec).count()


def list_contacts(
    actor: Actor, spec: ContactFilter = ContactFilter(), sort: str = "name", limit: int = 50, offset: int = 0
) -> list[ContactRow]:
    """One page of `actor`'s contacts as list rows."""
    if sort not in SORTS:
        raise ValidationError("sort", f"sort by one of {', '.join(SORTS)}, not {sort!r}")
    joined = sql_dialect.joined_names("ordered_tags.name", ", ", "lower(ordered_tags.name)")
    tags = SQL(
        f'(SELECT {joined} FROM (SELECT t."name" FROM "tag" AS t'
        ' JOIN "contact_tag" AS ct ON ct."tag_id" = t."id" WHERE ct."contact_id" = "t1"."id"'
        ' ORDER BY lower(t."name")) AS ordered_tags)'
    )
    query = owned(
        actor,
        Contact,
        Contact.id,
        Contact.name,
        Company.name.alias("company_name"),
        Contact.relationship,
        tags.alias("tag_names"),
        Contact.last_contacted_at,
        Contact.created_at,
        Contact.cadence_days,
        Contact.vip,
        Contact.active,
        Contact.archived,
    ).join(Company, JOIN.LEFT_OUTER)
    query = _filtered(actor, query, spec)
    settings = read_settings(actor)
    now = clock.utcnow()
    order = {
        "name": (Contact.sort_name, Contact.id),
        "last_contacted": (Contact.last_contacted_at.asc(nulls="first"), Contact.id),
        "status": (overdue_ratio(settings, now).desc(), Contact.sort_name, Contact.id),
        "added": (Contact.created_at.desc(), Contact.id.desc()),
    }[sort]
    rows = []
    for row in query.order_by(*order).limit(limit).offset(offset).dicts():
        cadence = cadence_for(row["cadence_days"], row["relationship"], settings)
        rows.append(
            ContactRow(
                id=row["id"],
                name=row["name"],
                company=row["company_name"] or "",
                relationship=row["relationship"],
                tags=row["tag_names"] or "",
                last_contacted_at=row["last_contacted_at"],
                status=status_of(row["last_contacted_at"], row["created_at"], cadence, now),
                vip=bool(row["vip"]),
                active=bool(row["active"]),
                archived=bool(row["archived"]),
            )
        )
    return rows


def recently_added(actor: Actor, limit: int = 5) -> list[ContactRow]:
    """The contacts `actor` added last."""
    return list_contacts(actor, sort="added", limit=limit)
