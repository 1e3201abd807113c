"""Importing address books (vCard, Google / LinkedIn / Outlook / any CSV): a dry run, then one transaction.

The steps, each its own function so the import dialog can show what comes between them:
1. `read_source`: the file (or a folder of .vcf files) read a card or row at a time into drafts,
   each with its place in the file; a file that cannot be read at all is one clear CrmError.
2. `preview`: the import report without writing anything: what would be created, merged (a
   draft matching a contact by its id from an earlier import, else by e-mail, else by phone),
   left unchanged, rejected (with line and reason), and created beside a contact of the same
   name (a possible duplicate, reported, not merged).
3. `apply_import`: the same decisions taken again inside one transaction and written, so an
   error, a cancel or a killed process leaves the database as it was. A merge only fills empty
   fields and adds e-mails, phones, tags and web addresses; it never overwrites anything.

Encoding: UTF-8 (with or without a byte order mark) and UTF-16 with one are read as they are;
a file that is not UTF-8 is read as Windows-1252 (the superset of Latin-1 that Outlook and
Excel write in Western Europe), and the report says so, since names with accents are the first
thing a wrong guess would spoil. A UTF-8 file with a few broken bytes stays UTF-8 (the bytes
show as the replacement character, and the report says how many). A file is streamed, never read
whole, so a 50 MB export full of photos imports; files over MAX_FILE_BYTES are refused before reading.
"""

from __future__ import annotations

import codecs
import functools
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from peewee import JOIN, Field, ModelSelect

from . import audit, clock, contacts, custom_fields, reminder_rules, reminders, timeparse, validation
from .contacts import INDUSTRIES, MAX_LIST_ITEMS, RELATIONSHIPS, ContactInput, sort_key
from .csv_formats import CSV_FORMATS, CUSTOM_PREFIX, FORMAT_LABELS, TARGETS, CsvLayout, open_table, read_rows, useful
from .drafts import ContactDraft, SourceItem
from .errors import CrmError, ValidationError
from .exporting import contact_uid
from .models import (
    BaseModel,
    Company,
    Contact,
    ContactInfo,
    ContactTag,
    CustomField,
    CustomFieldValue,
    OptionValue,
    Tag,
    User,
    database,
)
from .scope import Actor, owned
from .settings import read_settings
from .sql_dialect import defer_foreign_keys, insert_rows, reserve_ids
from .vcards import read_cards

FORMATS = ("auto", "vcard", *CSV_FORMATS)
"""What `crm import --format` takes: auto detects the format from the file."""
MAX_FILE_BYTES = 256 * 1024 * 1024
"""Larger files are refused: streaming keeps memory low, but a bigger address book is surely a wrong file."""
SNIFF_BYTES = 8192
CHUNK_BYTES = 1 << 20
WRITE_CHUNK = 500
"""Contacts written per step; the progress callback is called between steps (and may cancel)."""
VCARD_SUFFIXES = (".vcf", ".vcard")
SCALAR_FIELDS = (
    "whatsapp",
    "instagram",
    "company",
    "title",
    "relationship",
    "industry",
    "location",
    "address",
    "notes",
    "birthday",
    "anniversary",
    "picture_url",
    "cadence_days",
    "external_id",
)
"""The single-valued fields a merge fills when the contact has them empty."""

Progress = Callable[[str, int, int], None]
"""Called as (stage, done, total) while reading, checking and writing; raising stops the import."""


class ImportCancelled(CrmError):
    """The person stopped the import; nothing was written."""


@dataclass(frozen=True)
class Rejection:
    """A card or row that was not imported, and why."""

    where: str
    line: int | None
    reason: str


@dataclass(frozen=True)
class PossibleDuplicate:
    """A contact created beside another of the same name (no e-mail, phone or id in common)."""

    where: str
    line: int | None
    name: str
    matches: tuple[str, ...]


@dataclass(frozen=True)
class ValueNote:
    """A value that did not fit its field: it was kept in the contact's notes instead."""

    where: str
    line: int | None
    message: str


@dataclass
class ImportReport:
    """What an import did, or (dry run) would do."""

    source: str
    format: str
    dry_run: bool
    read: int = 0
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    companies: int = 0
    tags: int = 0
    fields: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    """The relationships and industries the import adds, as "relationship: mentor"."""
    rejected: list[Rejection] = field(default_factory=list)
    duplicates: list[PossibleDuplicate] = field(default_factory=list)
    notes: list[ValueNote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The report as the JSON of `crm import --json`."""
        return {
            "file": self.source,
            "format": self.format,
            "dry_run": self.dry_run,
            "read": self.read,
            "created": self.created,
            "merged": self.merged,
            "unchanged": self.unchanged,
            "rejected": [{"where": item.where, "line": item.line, "reason": item.reason} for item in self.rejected],
            "possible_duplicates": [
                {"where": item.where, "line": item.line, "name": item.name, "matches": list(item.matches)}
                for item in self.duplicates
            ],
            "notes": [{"where": item.where, "line": item.line, "message": item.message} for item in self.notes],
            "new_companies": self.companies,
            "new_tags": self.tags,
            "new_fields": list(self.fields),
            "new_categories": list(self.categories),
            "warnings": list(self.warnings),
        }


@dataclass
class ImportSource:
    """A file read and understood: its format, its cards or rows as drafts, and anything to say about it."""

    path: str
    format: str
    items: list[SourceItem]
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)
    layout: CsvLayout | None = None
    samples: dict[int, str] = field(default_factory=dict)
    """For a CSV: a value of each column from its first rows, to show beside the column's mapping."""
    _checked: tuple[tuple[object, ...], list[_Checked | Rejection]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def label(self) -> str:
        """The format as people name it."""
        return "vCard" if self.format == "vcard" else FORMAT_LABELS[self.format]


# -- 1. reading the file ------------------------------------------------------------------------


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(child.stat().st_size for child in _vcard_files(path))
    return path.stat().st_size


def _vcard_files(folder: Path) -> list[Path]:
    return sorted(
        (child for child in folder.iterdir() if child.is_file() and child.suffix.lower() in VCARD_SUFFIXES),
        key=lambda child: child.name.casefold(),
    )


def _encoding(path: Path, shown: str) -> tuple[str, str]:
    """The encoding to read `path` with, and a warning when it had to be guessed."""
    with path.open("rb") as handle:
        start = handle.read(SNIFF_BYTES)
        if start.startswith(codecs.BOM_UTF8):
            return "utf-8-sig", ""
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16", ""
        if b"\x00" in start:
            raise CrmError(f"{shown} is a binary file (it holds NUL bytes), not a vCard or CSV file")
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        broken = letters = 0
        while chunk := handle.read(CHUNK_BYTES):
            text = decoder.decode(chunk)
            broken += text.count("\ufffd")
            letters += len(text) - len(text.encode("ascii", "ignore"))  # characters beyond ASCII
        text = decoder.decode(b"", final=True)
        broken += text.count("\ufffd")
    if not broken:
        return "utf-8", ""
    # A few bad bytes among many good UTF-8 letters: a damaged UTF-8 file, not another encoding
    # (reading it as Windows-1252 would spoil every name with an accent).
    if broken * 20 < letters - broken:
        many = broken != 1
        return "utf-8", (
            f"{shown} has {broken:,} byte{'s' if many else ''} that {'are' if many else 'is'} not UTF-8: "
            f"{'they show' if many else 'it shows'} as \ufffd in what is imported"
        )
    return "cp1252", (
        f"{shown} is not UTF-8: read as Windows-1252 (Western European); "
        "if names look wrong, save the file as UTF-8 and import it again"
    )


def _counted(handle: TextIO, report: Callable[[int], None]) -> Iterator[str]:
    """The lines of an open text file, telling `report` how many bytes were read every 2,000 lines."""
    for count, line in enumerate(handle, start=1):
        if count % 2000 == 0:
            report(handle.buffer.tell())
        yield line


def _first_text(path: Path, encoding: str) -> str:
    with path.open("r", encoding=encoding, errors="replace") as handle:
        for line in handle:
            if line.strip():
                return line.strip().lstrip("\ufeff")
    return ""


Mapping = Sequence[str] | dict[str, str]
"""For a CSV: one target per column (see `tui.csv_formats.TARGETS`), or changes by column name."""


def read_source(
    path: str | os.PathLike[str],
    fmt: str = "auto",
    mapping: Mapping | None = None,
    progress: Progress | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> ImportSource:
    """Read an address book file, or a folder of .vcf files, into drafts; a CrmError if it cannot be read.

    `fmt` is one of FORMATS; `mapping` replaces (a list) or changes (a dict by column name)
    the mapping of a CSV's columns, which then reads as a generic CSV.
    """
    if fmt not in FORMATS:
        raise CrmError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    where = Path(path).expanduser()
    shown = str(path)
    if not where.exists():
        raise CrmError(f"{shown} does not exist: give the path of a .vcf or .csv file, or a folder of .vcf files")
    try:
        total = _size(where)
        if total > max_bytes:
            raise CrmError(
                f"{shown} is {total / 1e6:,.0f} MB: larger than the {max_bytes / 1e6:,.0f} MB an import "
                "reads; split it into smaller files"
            )
        report = progress or (lambda stage, done, total_: None)
        if where.is_dir():
            return _read_folder(where, shown, fmt, report, total)
        if total == 0:
            raise CrmError(f"{shown} is empty: nothing to import")
        return _read_file(where, shown, fmt, mapping, report, total)
    except (OSError, UnicodeError) as problem:
        raise CrmError(f"cannot read {shown}: {getattr(problem, 'strerror', None) or problem}") from None


def _read_file(path: Path, shown: str, fmt: str, mapping: Mapping | None, report: Progress, total: int) -> ImportSource:
    encoding, warning = _encoding(path, shown)
    warnings = [warning] if warning else []
    first = _first_text(path, encoding)
    if not first:
        raise CrmError(f"{shown} is empty: nothing to import")
    if fmt == "auto":
        fmt = "vcard" if first.upper().startswith("BEGIN:VCARD") or path.suffix.lower() in VCARD_SUFFIXES else "csv?"
    if fmt == "vcard":
        with path.open("r", encoding=encoding, errors="replace") as handle:
            try:
                items = list(read_cards(_counted(handle, lambda done: report("reading", done, total))))
            except ValueError as problem:
                raise CrmError(f"{shown} is not a vCard file: {problem}") from None
        report("reading", total, total)
        return ImportSource(shown, "vcard", items, encoding, warnings)
    with path.open("r", encoding=encoding, errors="replace", newline="") as handle:  # "": quoted line breaks stay
        return _read_csv(handle, shown, fmt, mapping, encoding, warnings, report, total)


def _read_csv(
    handle: TextIO,
    shown: str,
    fmt: str,
    mapping: Mapping | None,
    encoding: str,
    warnings: list[str],
    report: Progress,
    total: int,
) -> ImportSource:
    lines = _counted(handle, lambda done: report("reading", done, total))
    try:
        layout, rows = open_table(lines, "auto" if fmt in ("csv?", "auto") else fmt)
        if mapping is not None:
            layout = layout.with_mapping(_full_mapping(layout, mapping))
        if not useful(layout):
            what = "is not a vCard, and as a CSV" if fmt == "csv?" else "as a CSV"
            found = ", ".join(repr(name) for name in layout.headers[:8]) or "none"
            raise CrmError(
                f"{shown} {what} has no column for a name, e-mail or phone (columns: {found}); "
                "choose the columns with --map COLUMN=FIELD, or in the import dialog"
            )
        samples: dict[int, str] = {}
        items = list(read_rows(layout, _sampled(rows, samples, len(layout.headers))))
    except (ValueError, UnicodeError) as problem:
        raise CrmError(f"{shown} cannot be read as a CSV file: {problem}") from None
    except RecursionError:  # pragma: no cover - the csv module's field limit guards against this
        raise CrmError(f"{shown} cannot be read as a CSV file") from None
    report("reading", total, total)
    return ImportSource(shown, layout.format, items, encoding, warnings, layout, samples)


def _sampled(
    rows: Iterator[tuple[int, list[str]]], samples: dict[int, str], columns: int, looked_at: int = 20
) -> Iterator[tuple[int, list[str]]]:
    """The rows unchanged, noting the first value of each column met in the first `looked_at` rows."""
    for count, (line, cells) in enumerate(rows):
        if count < looked_at:
            for index, cell in enumerate(cells[:columns]):
                if cell.strip() and index not in samples:
                    samples[index] = " ".join(cell.split())[:30]
        yield line, cells


def target_named(text: str) -> str:
    """A CSV column target from what a person typed: its key (`emails`), its label (`e-mail`), or `custom:NAME`."""
    cleaned = text.strip()
    if cleaned.lower().startswith(CUSTOM_PREFIX) and cleaned[len(CUSTOM_PREFIX) :].strip():
        return CUSTOM_PREFIX + cleaned[len(CUSTOM_PREFIX) :].strip()
    for key, label in TARGETS.items():
        if cleaned.lower() in (key, label.lower(), key.replace("_", " "), key.replace("_", "-")):
            return key
    raise CrmError(
        f"{cleaned!r} is not something a column can be imported as: use one of {', '.join(TARGETS)}, "
        "or custom:NAME for a custom field"
    )


def _full_mapping(layout: CsvLayout, mapping: Mapping) -> tuple[str, ...]:
    if not isinstance(mapping, dict):
        return tuple(mapping)
    targets = list(layout.mapping)
    columns = {name.strip().casefold(): index for index, name in reversed(list(enumerate(layout.headers)))}
    for column, target in mapping.items():
        index = columns.get(column.strip().casefold())
        if index is None:
            raise CrmError(
                f"the file has no column {column!r} (its columns: "
                f"{', '.join(repr(name) for name in layout.headers[:12])})"
            )
        targets[index] = target_named(target)
    return tuple(targets)


def _read_folder(folder: Path, shown: str, fmt: str, report: Progress, total: int) -> ImportSource:
    if fmt not in ("auto", "vcard"):
        raise CrmError(f"{shown} is a folder: only a folder of .vcf files can be imported (--format vcard)")
    files = _vcard_files(folder)
    if not files:
        raise CrmError(f"{shown} is a folder without .vcf files: give a file, or a folder of .vcf files")
    items, warnings, done = [], [], 0
    for path in files:
        try:
            encoding, warning = _encoding(path, path.name)
            warnings += [warning] if warning else []
            with path.open("r", encoding=encoding, errors="replace") as handle:
                found = list(read_cards(handle))
            items += [_in_file(item, path.name, len(found)) for item in found]
        except (CrmError, ValueError, OSError) as problem:
            items.append(SourceItem(path.name, None, reason=f"not a vCard file: {problem}"))
        done += path.stat().st_size
        report("reading", done, total)
    return ImportSource(shown, "vcard", items, "utf-8", warnings)


def _in_file(item: SourceItem, name: str, cards: int) -> SourceItem:
    """A card's place named with its file: `anna.vcf`, or `team.vcf card 2` when the file holds several."""
    where = name if cards == 1 and item.where.startswith("card ") else f"{name} {item.where}"
    return replace(item, where=where)


# -- 2. checking drafts against the contact rules -----------------------------------------------


@dataclass
class _Checked:
    """A draft in stored form, with the notes about values that did not fit."""

    item: SourceItem
    draft: ContactDraft  # the item's draft: only an item with one is checked
    values: dict[str, Any]
    tags: list[str]
    links: list[str]
    custom: dict[str, str]
    notes: list[str]


def _try(check: Callable[[str], Any], label: str, raw: str, notes: list[str], kept: list[str]) -> Any:
    """check(raw), or None with the refusal noted and the raw value kept for the contact's notes."""
    try:
        return check(raw)
    except ValidationError as problem:
        notes.append(f"{label}: {problem.message}")
        kept.append(f"{label}: {raw}")
        return None


def _check_list(
    values: list[str], check: Callable[[str], str], label: str, notes: list[str], kept: list[str]
) -> list[str]:
    cleaned: list[str] = []
    for raw in values:
        value = _try(check, label, raw, notes, kept)
        if value and value.casefold() not in {item.casefold() for item in cleaned}:
            if len(cleaned) == MAX_LIST_ITEMS:
                notes.append(f"{label}: more than {MAX_LIST_ITEMS}, {raw!r} is one too many")
                kept.append(f"{label}: {raw}")
                continue
            cleaned.append(value)
    return cleaned


def _check_tag(raw: str) -> str:
    names = contacts.clean_tags([raw])
    return names[0] if names else ""


def _check(item: SourceItem, draft: ContactDraft, region: str, fields: dict[str, CustomField]) -> _Checked:
    """The draft of `item` checked field by field; ValidationError for what makes the whole contact unusable."""
    notes: list[str] = []
    kept: list[str] = []
    emails = _check_list(draft.emails, lambda raw: validation.email(raw), "e-mail", notes, kept)
    phones = _check_list(draft.phones, lambda raw: validation.phone(raw, "phones", region), "phone", notes, kept)
    tags = _check_list(draft.tags, _check_tag, "tag", notes, kept)
    links = _check_list(draft.links, lambda raw: validation.url(raw, "links"), "web address", notes, kept)
    single = {
        "whatsapp": lambda raw: validation.phone(raw, "whatsapp", region),
        "instagram": validation.instagram,
        "birthday": lambda raw: timeparse.parse_anniversary(raw, "birthday") or "",
        "anniversary": lambda raw: timeparse.parse_anniversary(raw, "anniversary") or "",
        "picture_url": lambda raw: validation.url(raw, "picture_url"),
        "cadence_days": lambda raw: str(contacts.parse_cadence(raw) or ""),
    }
    checked = {
        name: (_try(check, name.replace("_", " "), getattr(draft, name), notes, kept) or "")
        if getattr(draft, name).strip()
        else ""
        for name, check in single.items()
    }
    custom = {}
    for label, raw in draft.custom.items():
        known = fields.get(label.casefold())
        if known is not None:
            value = _try(functools.partial(custom_fields.parse_value, known), label, raw, notes, kept)
        else:  # a field this account lacks: it will be made as a text field
            as_text = functools.partial(validation.text, field=label, limit=custom_fields.VALUE_LIMIT, multiline=True)
            value = _try(as_text, label, raw, notes, kept)
        if value:
            custom[label if known is None else known.name] = value
    text = draft.notes
    if kept:
        text = "\n\n".join(filter(None, (text, "From the import, not read as fields:\n" + "\n".join(kept))))
    # E-mails, phones and WhatsApp were checked one by one above: not parsed a second time (phone
    # numbers are the slowest check of an import).
    data = ContactInput(
        name=draft.name,
        company=draft.company,
        title=draft.title,
        instagram=checked["instagram"],
        relationship=draft.relationship,
        industry=draft.industry,
        location=draft.location,
        address=draft.address,
        notes=text,
        birthday=checked["birthday"],
        anniversary=checked["anniversary"],
        picture_url=checked["picture_url"],
        cadence_days=checked["cadence_days"] or None,
    )
    values = contacts.validate(data, region)
    values.update(emails=emails, phones=phones, whatsapp=checked["whatsapp"], sort_name=sort_key(values["name"]))
    values["external_id"] = draft.external_id[:500] or None
    return _Checked(item, draft, values, tags, links, custom, notes)


def _prepared(actor: Actor, source: ImportSource, progress: Progress) -> list[_Checked | Rejection]:
    """Every item of `source` checked (kept on the source, so the preview's work is not done twice)."""
    region = read_settings(actor)["phone_region"]
    fields = {item.name.casefold(): item for item in custom_fields.list_fields(actor)}
    key = (
        actor.user_id,
        region,
        tuple(sorted((name, item.id, item.kind, tuple(item.choices)) for name, item in fields.items())),
    )
    if source._checked is not None and source._checked[0] == key:
        return source._checked[1]
    result: list[_Checked | Rejection] = []
    total = len(source.items)
    for index, item in enumerate(source.items, start=1):
        if item.draft is None:
            result.append(Rejection(item.where, item.line, item.reason))
        else:
            try:
                result.append(_check(item, item.draft, region, fields))
            except ValidationError as problem:
                result.append(Rejection(item.where, item.line, problem.message))
        if index % 1000 == 0:
            progress("checking", index, total)
    progress("checking", total, total)
    source._checked = (key, result)
    return result


# -- 3. matching and merging --------------------------------------------------------------------


@dataclass
class _Entry:
    """A contact an import may merge into: one already stored, or one this import creates."""

    contact_id: int | None
    where: str
    values: dict[str, Any]
    tags: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    custom: dict[str, str] = field(default_factory=dict)
    created_at: datetime | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    loaded: bool = True
    before: dict[str, Any] = field(default_factory=dict)
    """For a stored contact: its values before the import, for the audit log of a merge."""
    export_uid: str = ""
    """For a stored contact without an import id: the UID our export gives it (not worth storing)."""

    @property
    def stored_id(self) -> int:
        """The id of a stored contact (only those are read from the database: `loaded` is False for no other)."""
        if self.contact_id is None:
            raise ValueError(f"{self.describe()} is not stored yet: it has no id")
        return self.contact_id

    def describe(self) -> str:
        """How the report names this contact: `#12 Ann Lee`, or its place in the file."""
        if self.contact_id is not None:
            return f"#{self.contact_id} {self.values['name']}"
        return f"{self.where} of this file"


@dataclass
class _Index:
    """The user's contacts by what an import matches on: id from an earlier import, e-mail, phone, name."""

    by_external: dict[str, _Entry] = field(default_factory=dict)
    by_email: dict[str, _Entry] = field(default_factory=dict)
    by_phone: dict[str, _Entry] = field(default_factory=dict)
    by_name: dict[str, list[_Entry]] = field(default_factory=dict)

    def add(self, entry: _Entry) -> None:
        """Find `entry` by its name and keys from now on."""
        self.by_name.setdefault(entry.values["sort_name"], []).append(entry)
        self.add_keys(entry)

    def add_keys(self, entry: _Entry) -> None:
        """Find `entry` by its id, e-mails and phones (again after a merge gave it more)."""
        values = entry.values
        if values.get("external_id"):
            self.by_external.setdefault(values["external_id"], entry)
        for email in values["emails"]:
            self.by_email.setdefault(email.casefold(), entry)
        for phone in values["phones"]:
            self.by_phone.setdefault(phone, entry)

    def match(self, values: dict[str, Any]) -> _Entry | None:
        """The contact `values` are about: same import id, else same e-mail, else same phone."""
        found = self.by_external.get(values["external_id"]) if values.get("external_id") else None
        found = found or next(
            (self.by_email[key] for key in (email.casefold() for email in values["emails"]) if key in self.by_email),
            None,
        )
        return found or next((self.by_phone[phone] for phone in values["phones"] if phone in self.by_phone), None)


def _load_index(actor: Actor) -> _Index:
    index = _Index()
    rows = owned(
        actor, Contact, Contact.id, Contact.name, Contact.sort_name, Contact.external_id, Contact.emails, Contact.phones
    )
    for contact_id, name, sort_name, external_id, emails, phones in rows.tuples():
        # A contact that came from no import is exported under a UID made from its id: reading our own
        # export back finds it by that.
        entry = _Entry(
            contact_id,
            "",
            {
                "name": name,
                "sort_name": sort_name,
                "external_id": external_id or "",
                "emails": list(emails or []),
                "phones": list(phones or []),
            },
            loaded=False,
        )
        index.add(entry)
        if not external_id:
            entry.export_uid = contact_uid(actor, contact_id, None)
            index.by_external.setdefault(entry.export_uid, entry)
    return index


DETAIL_COLUMNS = (
    "whatsapp",
    "instagram",
    "title",
    "relationship",
    "industry",
    "location",
    "address",
    "notes",
    "birthday",
    "anniversary",
    "picture_url",
    "cadence_days",
    "external_id",
)
BATCH_LIMIT = 500
"""Up to this many contacts are read by id; more, and all of the user's are read and picked here (no huge IN list)."""


def _load_details(actor: Actor, entries: list[_Entry]) -> None:
    """Read the full values (with tags, web addresses, custom fields) of the stored contacts a merge may change."""
    waiting = {entry.stored_id: entry for entry in entries if not entry.loaded}
    if not waiting:
        return
    ids = sorted(waiting)
    chunks = [ids[start : start + BATCH_LIMIT] for start in range(0, len(ids), BATCH_LIMIT)]
    for chunk in chunks if len(chunks) == 1 else [None]:
        _load_rows(actor, waiting, chunk)
    for entry in waiting.values():
        entry.loaded = True
        entry.before = {
            **{name: list(value) if isinstance(value, list) else value for name, value in entry.values.items()},
            "tags": list(entry.tags),
            "links": list(entry.links),
            "custom_fields": dict(entry.custom),
        }


def _load_rows(actor: Actor, waiting: dict[int, _Entry], chunk: list[int] | None) -> None:
    def only(query: ModelSelect, column: Field) -> ModelSelect:
        """The query limited to the chunk's ids, when reading by id."""
        return query if chunk is None else query.where(column.in_(chunk))

    columns = [getattr(Contact, name) for name in DETAIL_COLUMNS]
    contacts_query = owned(actor, Contact, Contact.id, Company.name, *columns).join(
        Company, JOIN.LEFT_OUTER, on=(Company.id == Contact.company)
    )
    for contact_id, company, *values in only(contacts_query, Contact.id).tuples():
        entry = waiting.get(contact_id)
        if entry is not None:
            entry.values.update(
                {name: "" if value is None else str(value) for name, value in zip(DETAIL_COLUMNS, values, strict=True)}
            )
            entry.values["company"] = company or ""
    tags = Tag.select(ContactTag.contact, Tag.name).join(ContactTag).where(Tag.owner == actor.user_id)
    for contact_id, tag in only(tags, ContactTag.contact).tuples():
        if contact_id in waiting:
            waiting[contact_id].tags.append(tag)
    links = (
        ContactInfo.select(ContactInfo.contact, ContactInfo.social_links)
        .join(Contact)
        .where(Contact.owner == actor.user_id)
    )
    for contact_id, found in only(links, ContactInfo.contact).tuples():
        if contact_id in waiting:
            waiting[contact_id].links.extend(found or [])
    custom = (
        CustomFieldValue.select(CustomFieldValue.contact, CustomField.name, CustomFieldValue.value)
        .join(CustomField)
        .where(CustomField.owner == actor.user_id)
    )
    for contact_id, name, value in only(custom, CustomFieldValue.contact).tuples():
        if contact_id in waiting:
            waiting[contact_id].custom[name] = value


def _merge(entry: _Entry, checked: _Checked) -> dict[str, Any]:
    """Fill what `entry` lacks from `checked`; what changed, by field (empty when nothing did)."""
    values, new = entry.values, checked.values
    changes: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        incoming = new.get(name)
        incoming = "" if incoming is None else str(incoming)
        if name == "external_id" and incoming == entry.export_uid:
            continue  # our own export of this very contact
        if incoming and not values.get(name):
            values[name] = changes[name] = incoming
    for name in ("emails", "phones"):
        known = {item.casefold() for item in values[name]}
        added = [item for item in new[name] if item.casefold() not in known][
            : max(0, MAX_LIST_ITEMS - len(values[name]))
        ]
        if added:
            values[name] = changes[name] = values[name] + added
    for name, present in (("tags", entry.tags), ("links", entry.links)):
        known = {item.casefold() for item in present}
        added = [item for item in getattr(checked, name) if item.casefold() not in known]
        if added:
            present.extend(added)
            changes[name] = list(present)
    for label, value in checked.custom.items():
        if value and not entry.custom.get(label):
            entry.custom[label] = value
            changes.setdefault("custom_fields", {})[label] = value
    return changes


@dataclass
class _Decision:
    """What an import will do: the contacts to create, the stored ones to change, and the report."""

    report: ImportReport
    creations: list[_Entry] = field(default_factory=list)
    merges: dict[int, dict[str, Any]] = field(default_factory=dict)
    merged_entries: dict[int, _Entry] = field(default_factory=dict)
    new_fields: list[str] = field(default_factory=list)


def _decide(actor: Actor, source: ImportSource, prepared: list[_Checked | Rejection], dry_run: bool) -> _Decision:
    report = ImportReport(source.path, source.format, dry_run, read=len(source.items), warnings=list(source.warnings))
    decision = _Decision(report)
    index = _load_index(actor)
    checked_items = [item for item in prepared if isinstance(item, _Checked)]
    candidates = {id(entry): entry for item in checked_items for entry in [index.match(item.values)] if entry}
    _load_details(actor, list(candidates.values()))
    known_fields = {item.name.casefold() for item in custom_fields.list_fields(actor)}
    for item in prepared:
        if isinstance(item, Rejection):
            report.rejected.append(item)
            continue
        report.notes += [ValueNote(item.item.where, item.item.line, message) for message in item.notes]
        for label in item.custom:
            if label.casefold() not in known_fields and label not in decision.new_fields:
                decision.new_fields.append(label)
        entry = index.match(item.values)
        if entry is None:
            _create(index, decision, item)
            continue
        if not entry.loaded:  # matched through a value a merge of this import added
            _load_details(actor, [entry])
        changes = _merge(entry, item)
        if not changes:
            report.unchanged += 1
            continue
        report.merged += 1
        index.add_keys(entry)
        if entry.contact_id is not None:
            decision.merges.setdefault(entry.contact_id, {}).update(changes)
            decision.merged_entries[entry.contact_id] = entry
    report.created = len(decision.creations)
    report.fields = list(decision.new_fields)
    return decision


def _create(index: _Index, decision: _Decision, item: _Checked) -> None:
    values = dict(item.values)
    draft = item.draft
    entry = _Entry(
        None,
        item.item.where,
        values,
        list(item.tags),
        list(item.links),
        dict(item.custom),
        draft.created_at,
        {name: value for name in ("vip", "active", "archived") if (value := getattr(draft, name)) is not None},
    )
    same_name = index.by_name.get(values["sort_name"], [])
    if same_name:
        decision.report.duplicates.append(
            PossibleDuplicate(
                item.item.where, item.item.line, values["name"], tuple(other.describe() for other in same_name[:3])
            )
        )
    index.add(entry)
    decision.creations.append(entry)


def _counts_of_new(actor: Actor, decision: _Decision) -> None:
    """How many companies and tags the import adds (for the report)."""
    companies = {entry.values["company"].casefold() for entry in decision.creations if entry.values["company"]}
    companies |= {changes["company"].casefold() for changes in decision.merges.values() if changes.get("company")}
    tags = {tag.casefold() for entry in decision.creations for tag in entry.tags}
    tags |= {tag.casefold() for changes in decision.merges.values() for tag in changes.get("tags", [])}
    known_companies = {name.casefold() for (name,) in owned(actor, Company, Company.name).tuples()}
    known_tags = {name.casefold() for (name,) in owned(actor, Tag, Tag.name).tuples()}
    decision.report.companies = len(companies - known_companies)
    decision.report.tags = len(tags - known_tags)
    for kind, predefined in (("relationship", RELATIONSHIPS), ("industry", INDUSTRIES)):
        offered = set(predefined) | {
            value for (value,) in owned(actor, OptionValue, OptionValue.value).where(OptionValue.kind == kind).tuples()
        }
        brought = {entry.values[kind] for entry in decision.creations if entry.values.get(kind)}
        brought |= {changes[kind] for changes in decision.merges.values() if changes.get(kind)}
        decision.report.categories += [f"{kind}: {value}" for value in sorted(brought - offered)]


def _silent(stage: str, done: int, total: int) -> None:
    """No progress to show."""


def preview(actor: Actor, source: ImportSource, progress: Progress | None = None) -> ImportReport:
    """The report of importing `source` into `actor`'s contacts, without writing anything (the dry run)."""
    decision = _decide(actor, source, _prepared(actor, source, progress or _silent), dry_run=True)
    _counts_of_new(actor, decision)
    return decision.report


def apply_import(actor: Actor, source: ImportSource, progress: Progress | None = None) -> ImportReport:
    """Import `source` into `actor`'s contacts in one transaction; the report of what was done.

    The decisions are taken again inside the transaction, so they hold even if the contacts
    changed since the preview. `progress` may raise (e.g. ImportCancelled) to stop: nothing stays.
    """
    report_progress = progress or _silent
    prepared = _prepared(actor, source, report_progress)
    with database.atomic():
        decision = _decide(actor, source, prepared, dry_run=False)
        _counts_of_new(actor, decision)
        _write(actor, decision, report_progress)
    return decision.report


def import_file(
    actor: Actor,
    path: str | os.PathLike[str],
    fmt: str = "auto",
    dry_run: bool = False,
    mapping: Mapping | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Read and import (or, with `dry_run`, only preview) one file or folder for `actor`."""
    source = read_source(path, fmt, mapping, progress)
    return preview(actor, source, progress) if dry_run else apply_import(actor, source, progress)


# -- 4. writing ---------------------------------------------------------------------------------


def _stamp(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat(" ")


def _json(values: list[str]) -> str:
    return json.dumps(values, separators=(",", ":"), ensure_ascii=False)


def _ids_by_name(actor: Actor, model: type[BaseModel], names: set[str], now: datetime) -> dict[str, int]:
    """The ids of `actor`'s companies or tags by lower-cased name, creating the missing ones."""
    wanted = {name.casefold(): name for name in names if name}
    found = {
        name.casefold(): row_id
        for row_id, name in owned(actor, model, model.id, model.name).tuples()
        if name.casefold() in wanted
    }
    for key, name in wanted.items():
        if key not in found:
            extra = {"created_at": now, "updated_at": now} if model is Company else {}
            found[key] = model.insert(owner=actor.user_id, name=name, **extra).execute()
    return found


CONTACT_COLUMNS = (
    Contact.id,
    Contact.owner,
    Contact.name,
    Contact.sort_name,
    Contact.emails,
    Contact.phones,
    Contact.whatsapp,
    Contact.instagram,
    Contact.company,
    Contact.title,
    Contact.relationship,
    Contact.industry,
    Contact.location,
    Contact.address,
    Contact.notes,
    Contact.birthday,
    Contact.birthday_md,
    Contact.anniversary,
    Contact.anniversary_md,
    Contact.picture_url,
    Contact.vip,
    Contact.active,
    Contact.archived,
    Contact.cadence_days,
    Contact.external_id,
    Contact.created_at,
    Contact.updated_at,
)


def _contact_row(
    actor: Actor, contact_id: int, entry: _Entry, company_ids: dict[str, int], now: datetime
) -> tuple[Any, ...]:
    values, flags = entry.values, entry.flags
    return (
        contact_id,
        actor.user_id,
        values["name"],
        values["sort_name"],
        _json(values["emails"]),
        _json(values["phones"]),
        values["whatsapp"],
        values["instagram"],
        company_ids.get(values["company"].casefold()) if values["company"] else None,
        values["title"],
        values["relationship"],
        values["industry"],
        values["location"],
        values["address"],
        values["notes"],
        values["birthday"] or None,
        timeparse.month_day(values["birthday"]),
        values["anniversary"] or None,
        timeparse.month_day(values["anniversary"]),
        values["picture_url"],
        int(flags.get("vip", False)),
        int(flags.get("active", True)),
        int(flags.get("archived", False)),
        int(values["cadence_days"]) if values["cadence_days"] else None,
        values["external_id"] or None,
        _stamp(entry.created_at or now),
        _stamp(now),
    )


def _write(actor: Actor, decision: _Decision, progress: Progress) -> None:
    now = clock.utcnow()
    field_ids = {field_row.name: field_row.id for field_row in custom_fields.list_fields(actor)}
    for label in decision.new_fields:
        field_ids[label] = custom_fields.define_field(actor, label, "text").id
    field_ids = {name.casefold(): field_id for name, field_id in field_ids.items()}
    creations = decision.creations
    company_ids = _ids_by_name(
        actor,
        Company,
        {entry.values["company"] for entry in creations}
        | {changes.get("company", "") for changes in decision.merges.values()},
        now,
    )
    tag_ids = _ids_by_name(
        actor,
        Tag,
        {tag for entry in creations for tag in entry.tags}
        | {tag for changes in decision.merges.values() for tag in changes.get("tags", [])},
        now,
    )
    # Tags are linked before their contact exists, so the search index trigger of each contact sees
    # its tags at once: the foreign keys are checked at commit instead of per statement.
    defer_foreign_keys()
    first_id = reserve_ids(Contact, len(creations))
    total = len(creations) + len(decision.merges)
    for start in range(0, len(creations), WRITE_CHUNK):
        chunk = list(enumerate(creations[start : start + WRITE_CHUNK], start=first_id + start))
        insert_rows(
            ContactTag,
            (ContactTag.contact, ContactTag.tag),
            [(contact_id, tag_ids[tag.casefold()]) for contact_id, entry in chunk for tag in entry.tags],
        )
        insert_rows(
            Contact,
            CONTACT_COLUMNS,
            [_contact_row(actor, contact_id, entry, company_ids, now) for contact_id, entry in chunk],
        )
        insert_rows(
            ContactInfo,
            (
                ContactInfo.contact,
                ContactInfo.main_app,
                ContactInfo.email,
                ContactInfo.phone,
                ContactInfo.social_links,
                ContactInfo.updated_at,
            ),
            [(contact_id, "", "", "", _json(entry.links), _stamp(now)) for contact_id, entry in chunk if entry.links],
        )
        insert_rows(
            CustomFieldValue,
            (CustomFieldValue.field, CustomFieldValue.contact, CustomFieldValue.value),
            [
                (field_ids[label.casefold()], contact_id, value)
                for contact_id, entry in chunk
                for label, value in entry.custom.items()
            ],
        )
        progress("writing", start + len(chunk), total)
    for done, (contact_id, changes) in enumerate(decision.merges.items(), start=1):
        _write_merge(
            actor, contact_id, decision.merged_entries[contact_id], changes, company_ids, tag_ids, field_ids, now
        )
        if done % WRITE_CHUNK == 0:
            progress("writing", len(creations) + done, total)
    _remember_options(actor, creations, decision.merges)
    _replan_reminders(actor, creations, first_id, decision.merges)
    progress("writing", total, total)


def _write_merge(
    actor: Actor,
    contact_id: int,
    entry: _Entry,
    changes: dict[str, Any],
    company_ids: dict[str, int],
    tag_ids: dict[str, int],
    field_ids: dict[str, int],
    now: datetime,
) -> None:
    columns: dict[str, Any] = {
        name: value for name, value in changes.items() if name not in ("tags", "links", "custom_fields", "company")
    }
    if "company" in changes:
        columns["company"] = company_ids[changes["company"].casefold()]
    for name in ("birthday", "anniversary"):
        if name in columns:
            columns[f"{name}_md"] = timeparse.month_day(columns[name])
    if "cadence_days" in columns:
        columns["cadence_days"] = int(columns["cadence_days"])
    Contact.update(updated_at=now, **columns).where(Contact.id == contact_id).execute()
    if "tags" in changes:
        ContactTag.insert_many(
            [(contact_id, tag_ids[tag.casefold()]) for tag in changes["tags"]],
            fields=[ContactTag.contact, ContactTag.tag],
        ).on_conflict_ignore().execute()
    if "links" in changes:
        (
            ContactInfo.insert(contact=contact_id, social_links=changes["links"], updated_at=now)
            .on_conflict(
                conflict_target=[ContactInfo.contact],
                update={ContactInfo.social_links: changes["links"], ContactInfo.updated_at: now},
            )
            .execute()
        )
    if "custom_fields" in changes:
        custom_fields.store_values(
            contact_id, {field_ids[label.casefold()]: value for label, value in changes["custom_fields"].items()}
        )
    old = {name: entry.before.get(name) for name in changes}
    audit.record(actor, actor.user_id, "contact", contact_id, "update", old, changes, contact_id=contact_id)


def _remember_options(actor: Actor, creations: list[_Entry], merges: dict[int, dict[str, Any]]) -> None:
    rows = set()
    for values in [entry.values for entry in creations] + list(merges.values()):
        for kind, predefined in (("relationship", RELATIONSHIPS), ("industry", INDUSTRIES)):
            value = values.get(kind)
            if value and value not in predefined:
                rows.add((actor.user_id, kind, value))
    if rows:
        OptionValue.insert_many(
            sorted(rows), fields=[OptionValue.owner, OptionValue.kind, OptionValue.value]
        ).on_conflict_ignore().execute()


def _replan_reminders(actor: Actor, creations: list[_Entry], first_id: int, merges: dict[int, dict[str, Any]]) -> None:
    """Plan the birthday and anniversary reminders already due in the days the planner has covered.

    The planner goes forward from the last day it planned; a contact imported with a birthday
    inside that stretch would otherwise be missed until next year.
    """
    planned_on = User.get_by_id(actor.user_id).reminders_planned_on
    if not planned_on:
        return
    settings = read_settings(actor)
    today = reminders.local_today(actor)
    last = max(today, datetime.fromisoformat(planned_on).date())
    lead = max(settings["birthday_lead_days"], settings["anniversary_lead_days"])
    days = reminder_rules.months_days(today, last + timedelta(days=lead))
    touched = [
        contact_id
        for contact_id, entry in enumerate(creations, start=first_id)
        if {timeparse.month_day(entry.values["birthday"]), timeparse.month_day(entry.values["anniversary"])} & days
    ]
    touched += [
        contact_id
        for contact_id, changes in merges.items()
        if {timeparse.month_day(changes.get("birthday")), timeparse.month_day(changes.get("anniversary"))} & days
    ]
    for contact_id in touched:
        reminders.replan_contact(actor, contact_id)
