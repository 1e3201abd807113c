"""Exporting: contacts as vCard 4.0 or CSV, and everything a user owns as one JSON document.

The vCard export is what `tui.importing` reads back unchanged (`tui.vcards` names the fields
vCard has no property for with X-CRM- properties). Every export is written a batch of
contacts at a time, so a large account never sits in memory whole; `export_to_path` writes
beside the target and renames at the end, so a failed export leaves no half-written file.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from peewee import JOIN, Field, ForeignKeyField, ModelSelect

from . import clock
from .errors import CrmError
from .models import (
    AuditLog,
    Background,
    Company,
    Contact,
    ContactInfo,
    ContactTag,
    CustomField,
    CustomFieldValue,
    Deal,
    DealStageHistory,
    Delivery,
    Interaction,
    MessageTemplate,
    OptionValue,
    Product,
    Reminder,
    Share,
    Suggestion,
    Tag,
    Task,
    User,
)
from .scope import Actor, owned
from .settings import SETTINGS, read_settings
from .vcards import card_for

EXPORT_FORMATS = ("vcard", "csv", "json")
BATCH = 1000
"""Contacts read per query while exporting."""
JSON_FORMAT_NAME = "crm-export"
JSON_VERSION = 1
CSV_COLUMNS = (
    "uid",
    "name",
    "emails",
    "phones",
    "whatsapp",
    "instagram",
    "company",
    "title",
    "relationship",
    "industry",
    "location",
    "address",
    "tags",
    "notes",
    "birthday",
    "anniversary",
    "picture_url",
    "links",
    "vip",
    "active",
    "archived",
    "cadence_days",
    "created_at",
    "updated_at",
    "last_contacted",
)
"""The CSV export's columns (then one `field: NAME` column per custom field); its lists are joined by "; "."""
LIST_SEPARATOR = "; "
_UID_NAMESPACE = uuid.UUID("6f1d5c0e-58a4-4f7e-9a55-2b8c1c7e2d10")


def contact_uid(actor: Actor, contact_id: int, external_id: str | None) -> str:
    """The UID a contact is exported with: its id from an import, else a UUID stable for this account and contact."""
    if external_id:
        return external_id
    return f"urn:uuid:{uuid.uuid5(_UID_NAMESPACE, f'{actor.email}/{contact_id}')}"


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return clock.iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def contact_records(actor: Actor) -> Iterator[dict[str, Any]]:
    """Every contact of `actor` (archived ones too) as plain values with tags, links and custom fields, oldest first."""
    fields = list(owned(actor, CustomField).order_by(CustomField.position, CustomField.id))
    last_id = 0
    base = owned(actor, Contact, Contact, Company.name.alias("company_name")).join(
        Company, JOIN.LEFT_OUTER, on=(Company.id == Contact.company)
    )
    while True:
        # Batches by id (a name order would need an offset, which SQLite walks from the start each time).
        batch = list(base.where(Contact.id > last_id).order_by(Contact.id).limit(BATCH).objects())
        if not batch:
            return
        last_id = batch[-1].id
        yield from _records(actor, batch, fields)


def _records(actor: Actor, batch: list[Contact], fields: list[CustomField]) -> Iterator[dict[str, Any]]:
    ids = [contact.id for contact in batch]
    tags: dict[int, list[str]] = {}
    for contact_id, name in (
        Tag.select(ContactTag.contact, Tag.name)
        .join(ContactTag)
        .where(ContactTag.contact.in_(ids))
        .order_by(Tag.name)
        .tuples()
    ):
        tags.setdefault(contact_id, []).append(name)
    links = {
        contact_id: list(values or [])
        for contact_id, values in ContactInfo.select(ContactInfo.contact, ContactInfo.social_links)
        .where(ContactInfo.contact.in_(ids))
        .tuples()
    }
    custom: dict[int, dict[int, str]] = {}
    for contact_id, field_id, value in (
        CustomFieldValue.select(CustomFieldValue.contact, CustomFieldValue.field, CustomFieldValue.value)
        .where(CustomFieldValue.contact.in_(ids))
        .tuples()
    ):
        custom.setdefault(contact_id, {})[field_id] = value
    for contact in batch:
        yield {
            "id": contact.id,
            "uid": contact_uid(actor, contact.id, contact.external_id),
            "external_id": contact.external_id,
            "name": contact.name,
            "emails": list(contact.emails),
            "phones": list(contact.phones),
            "whatsapp": contact.whatsapp,
            "instagram": contact.instagram,
            "company": contact.company_name or "",
            "title": contact.title,
            "relationship": contact.relationship,
            "industry": contact.industry,
            "location": contact.location,
            "address": contact.address,
            "tags": sorted(tags.get(contact.id, []), key=str.casefold),
            "notes": contact.notes,
            "birthday": contact.birthday or "",
            "anniversary": contact.anniversary or "",
            "picture_url": contact.picture_url,
            "links": links.get(contact.id, []),
            "vip": contact.vip,
            "active": contact.active,
            "archived": contact.archived,
            "cadence_days": contact.cadence_days,
            "created_at": contact.created_at,
            "updated_at": contact.updated_at,
            "last_contacted_at": contact.last_contacted_at,
            "custom_fields": {field.name: custom.get(contact.id, {}).get(field.id, "") for field in fields},
        }


def write_vcards(actor: Actor, out: TextIO) -> int:
    """Every contact of `actor` as vCard 4.0 on `out`; how many."""
    count = 0
    for record in contact_records(actor):
        out.write(card_for(record))
        count += 1
    return count


def _csv_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if value is None:
        return ""
    return str(_iso(value))


def write_csv(actor: Actor, out: TextIO) -> int:
    """Every contact of `actor` as CSV on `out`, with a header row; how many."""
    field_names = [field.name for field in owned(actor, CustomField).order_by(CustomField.position, CustomField.id)]
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*CSV_COLUMNS, *(f"field: {name}" for name in field_names)])
    count = 0
    for record in contact_records(actor):
        record = {**record, "last_contacted": record["last_contacted_at"]}
        writer.writerow(
            [
                *(_csv_cell(record[column]) for column in CSV_COLUMNS),
                *(record["custom_fields"].get(name, "") for name in field_names),
            ]
        )
        count += 1
    return count


# -- JSON: everything ---------------------------------------------------------------------------


def _column_name(item: Field) -> str:
    return f"{item.name}_id" if isinstance(item, ForeignKeyField) else item.name


def _plain_rows(query: ModelSelect, leave_out: Iterable[str] = ()) -> Iterator[dict[str, Any]]:
    """The rows of a query of one model as plain JSON values (foreign keys as `<name>_id`)."""
    model = query.model
    skipped = set(leave_out)
    columns = [item for item in model._meta.sorted_fields if item.name not in skipped]
    for row in query.order_by(model._meta.primary_key).iterator():
        yield {
            _column_name(item): _iso(
                getattr(row, item.name if not isinstance(item, ForeignKeyField) else f"{item.name}_id")
            )
            for item in columns
        }


BACKGROUND_FIELDS = ("family", "company", "likes_dislikes", "misc_notes", "updated_at")
CONTACT_INFO_FIELDS = ("main_app", "email", "phone", "social_links", "updated_at")


def _batches(records: Iterator[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _json_contacts(actor: Actor) -> Iterator[dict[str, Any]]:
    for batch in _batches(contact_records(actor)):
        ids = [record["id"] for record in batch]
        backgrounds = {row.contact_id: row for row in Background.select().where(Background.contact.in_(ids))}
        infos = {row.contact_id: row for row in ContactInfo.select().where(ContactInfo.contact.in_(ids))}
        for record in batch:
            background, info = backgrounds.get(record["id"]), infos.get(record["id"])
            yield {
                **{key: _iso(value) for key, value in record.items()},
                "background": None
                if background is None
                else {name: _iso(getattr(background, name)) for name in BACKGROUND_FIELDS},
                "contact_info": None
                if info is None
                else {name: _iso(getattr(info, name)) for name in CONTACT_INFO_FIELDS},
            }


def _deals(actor: Actor) -> Iterator[dict[str, Any]]:
    history: dict[int, list[dict[str, Any]]] = {}
    moves = DealStageHistory.select().join(Deal).where(Deal.owner == actor.user_id)
    for move in _plain_rows(moves):
        history.setdefault(move["deal_id"], []).append(move)
    for deal in _plain_rows(owned(actor, Deal)):
        yield {**deal, "stage_history": history.get(deal["id"], [])}


def _account(actor: Actor) -> dict[str, Any]:
    user = User.get_by_id(actor.user_id)
    secret = {setting.key for setting in SETTINGS if setting.secret}
    return {
        "email": user.email,
        "name": user.name,
        "timezone": user.timezone,
        "created_at": _iso(user.created_at),
        "settings": {key: value for key, value in read_settings(actor).items() if key not in secret},
    }


def _sections(actor: Actor) -> list[tuple[str, Iterable[dict[str, Any]]]]:
    """The parts of the JSON export, each a list of records of one kind."""
    reminders = owned(actor, Reminder)
    return [
        ("contacts", _json_contacts(actor)),
        ("companies", _plain_rows(owned(actor, Company))),
        ("tags", _plain_rows(owned(actor, Tag))),
        ("custom_fields", _plain_rows(owned(actor, CustomField))),
        ("options", _plain_rows(owned(actor, OptionValue))),
        ("interactions", _plain_rows(owned(actor, Interaction))),
        ("reminders", _plain_rows(reminders, leave_out=("claimed_by", "claimed_at"))),
        ("deliveries", _plain_rows(Delivery.select().join(Reminder).where(Reminder.user == actor.user_id))),
        ("suggestions", _plain_rows(owned(actor, Suggestion))),
        ("tasks", _plain_rows(owned(actor, Task))),
        ("products", _plain_rows(owned(actor, Product))),
        ("deals", _deals(actor)),
        ("templates", _plain_rows(owned(actor, MessageTemplate))),
        ("shares", _plain_rows(owned(actor, Share))),
        ("audit_log", _plain_rows(owned(actor, AuditLog))),
    ]


def write_json(actor: Actor, out: TextIO) -> int:
    """Everything `actor` owns as one JSON document on `out`; how many contacts it holds.

    Written a record at a time (one per line inside each list), so an account with a million
    interactions streams instead of being built in memory first.
    """
    header = {
        "format": JSON_FORMAT_NAME,
        "version": JSON_VERSION,
        "exported_at": clock.iso_utc(clock.utcnow()),
        "account": _account(actor),
    }
    out.write("{\n")
    for key, value in header.items():
        out.write(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    sections = _sections(actor)
    contacts = 0
    for number, (name, records) in enumerate(sections):
        out.write(f"  {json.dumps(name)}: [")
        written = 0
        for record in records:
            out.write((",\n    " if written else "\n    ") + json.dumps(record, ensure_ascii=False))
            written += 1
        contacts += written if name == "contacts" else 0
        out.write("\n  ]" if written else "]")
        out.write(",\n" if number < len(sections) - 1 else "\n")
    out.write("}\n")
    return contacts


WRITERS = {"vcard": write_vcards, "csv": write_csv, "json": write_json}


def export(actor: Actor, fmt: str, out: TextIO) -> int:
    """Write `actor`'s data in `fmt` (vcard, csv or json) on `out`; how many contacts."""
    if fmt not in WRITERS:
        raise CrmError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    return WRITERS[fmt](actor, out)


def export_to_path(actor: Actor, fmt: str, path: str | os.PathLike[str]) -> int:
    """Write the export to a file (replaced whole at the end: never half-written); how many contacts."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise CrmError(f"{path} is a folder: give a file name, e.g. {Path(path) / ('contacts.' + _suffix(fmt))}")
    if not target.parent.is_dir():
        raise CrmError(f"cannot write {path}: the folder {target.parent} does not exist")
    if fmt not in WRITERS:
        raise CrmError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as problem:
        raise CrmError(f"cannot write {path}: {(problem.strerror or str(problem)).lower()}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            count = WRITERS[fmt](actor, out)
        os.replace(temporary, target)
    except OSError as problem:
        Path(temporary).unlink(missing_ok=True)
        raise CrmError(f"cannot write {path}: {(problem.strerror or str(problem)).lower()}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def _suffix(fmt: str) -> str:
    return {"vcard": "vcf"}.get(fmt, fmt)


def suggested_name(fmt: str) -> str:
    """A file name for an export in `fmt`, dated today: crm-contacts-2026-11-20.vcf."""
    kind = "everything" if fmt == "json" else "contacts"
    return f"crm-{kind}-{clock.utcnow().date().isoformat()}.{_suffix(fmt)}"
