"""CSV address books: Google Contacts, LinkedIn's Connections.csv, Outlook, and any CSV with a header.

Every format comes down to a mapping: one target (a contact field, or a part of one) per column.
Google's, LinkedIn's and Outlook's exports have known headers; any other CSV gets a mapping
guessed from its header names, which a person can look at and change before importing.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .drafts import ContactDraft, SourceItem, add_unique, join_name, moment, yearly_date
from .vcards import format_address, is_system_group

CSV_FORMATS = ("google", "linkedin", "outlook", "csv")
FORMAT_LABELS = {
    "google": "Google Contacts CSV",
    "linkedin": "LinkedIn Connections.csv",
    "outlook": "Outlook CSV",
    "csv": "CSV",
}
IGNORE = "ignore"
TARGETS = {
    IGNORE: "(not imported)",
    "name": "name",
    "first_name": "first name",
    "middle_name": "middle name",
    "last_name": "last name",
    "prefix": "name prefix (left out)",
    "suffix": "name suffix",
    "nickname": "nickname",
    "emails": "e-mail",
    "phones": "phone",
    "whatsapp": "WhatsApp",
    "instagram": "Instagram",
    "company": "company",
    "title": "job title",
    "relationship": "relationship",
    "industry": "industry",
    "location": "location (city)",
    "address": "address",
    "tags": "tags",
    "notes": "notes",
    "birthday": "birthday",
    "anniversary": "anniversary",
    "picture_url": "photo URL",
    "links": "web address",
    "external_id": "id (for re-imports)",
    "created_at": "added on",
    "cadence_days": "cadence (days)",
    "vip": "VIP (yes/no)",
    "active": "active (yes/no)",
    "archived": "archived (yes/no)",
}
"""What a column of a CSV can be imported as, with the words the import dialog shows."""
CUSTOM_PREFIX = "custom:"
"""A target naming a custom field: `custom:Met at` (our own CSV export's `field: Met at` columns)."""
HEADER_SEARCH_LINES = 50
"""LinkedIn's notes before its header are a few lines; a header further down is not looked for."""

_SYNONYMS = {
    "name": ("name", "fullname", "displayname", "contact", "contactname", "person"),
    "first_name": ("firstname", "givenname", "first", "forename", "vorname"),
    "middle_name": ("middlename", "additionalname"),
    "last_name": ("lastname", "familyname", "surname", "last", "nachname"),
    "prefix": ("nameprefix", "prefix", "salutation"),
    "suffix": ("namesuffix", "suffix"),
    "nickname": ("nickname",),
    "emails": ("email", "emails", "emailaddress", "mail", "workemail", "homeemail", "personalemail"),
    "phones": (
        "phone",
        "phones",
        "phonenumber",
        "mobile",
        "mobilephone",
        "cell",
        "cellphone",
        "tel",
        "telephone",
        "workphone",
        "homephone",
        "handy",
        "telefon",
        "mobil",
        "telefonnummer",
    ),
    "whatsapp": ("whatsapp",),
    "instagram": ("instagram",),
    "company": (
        "company",
        "companyname",
        "organization",
        "organisation",
        "organizationname",
        "org",
        "employer",
        "firma",
    ),
    "title": ("title", "jobtitle", "position", "role", "occupation", "organizationtitle"),
    "relationship": ("relationship", "relation"),
    "industry": ("industry",),
    "location": ("location", "city", "town", "stadt", "ort"),
    "address": ("address", "streetaddress", "postaladdress", "homeaddress", "street", "adresse", "anschrift"),
    "tags": ("tags", "tag", "labels", "categories", "groups", "group", "groupmembership"),
    "notes": ("notes", "note", "comments", "comment", "description", "remarks", "notizen", "bemerkungen"),
    "birthday": ("birthday", "birthdate", "dateofbirth", "dob", "bday", "geburtstag"),
    "anniversary": ("anniversary",),
    "picture_url": ("photo", "picture", "photourl", "pictureurl", "avatar"),
    "links": (
        "website",
        "url",
        "web",
        "webpage",
        "homepage",
        "links",
        "linkedin",
        "linkedinurl",
        "profile",
        "profileurl",
    ),
    "external_id": ("id", "uid", "externalid", "contactid"),
    "created_at": ("createdat", "created", "added", "addedon", "dateadded", "connectedon"),
    "cadence_days": ("cadence", "cadencedays"),
    "vip": ("vip",),
    "active": ("active",),
    "archived": ("archived",),
}
_GENERIC = {synonym: target for target, synonyms in _SYNONYMS.items() for synonym in synonyms}
_GOOGLE_NUMBERED = re.compile(
    r"^(E-mail|Phone|Address|Website|Event|Organization|Relation|Custom Field|IM) "
    r"(\d+) - (.+)$"
)
_GOOGLE_PLAIN = {
    "Name": "name",
    "Given Name": "first_name",
    "First Name": "first_name",
    "Additional Name": "middle_name",
    "Middle Name": "middle_name",
    "Family Name": "last_name",
    "Last Name": "last_name",
    "Name Prefix": "prefix",
    "Name Suffix": "suffix",
    "Nickname": "nickname",
    "Birthday": "birthday",
    "Notes": "notes",
    "Photo": "picture_url",
    "Group Membership": "tags",
    "Labels": "tags",
    "Location": "location",
    "Organization Name": "company",
    "Organization Title": "title",
    "Occupation": "title",
}
_GOOGLE_PARTS = {
    "Formatted": "formatted",
    "Street": "street",
    "City": "city",
    "PO Box": "box",
    "Region": "region",
    "Postal Code": "code",
    "Country": "country",
    "Extended Address": "extended",
}
_OUTLOOK_PLAIN = {
    "Title": "prefix",
    "First Name": "first_name",
    "Middle Name": "middle_name",
    "Last Name": "last_name",
    "Suffix": "suffix",
    "Nickname": "nickname",
    "Company": "company",
    "Job Title": "title",
    "E-mail Address": "emails",
    "E-mail 2 Address": "emails",
    "E-mail 3 Address": "emails",
    "Mobile Phone": "phones",
    "Primary Phone": "phones",
    "Home Phone": "phones",
    "Home Phone 2": "phones",
    "Business Phone": "phones",
    "Business Phone 2": "phones",
    "Other Phone": "phones",
    "Car Phone": "phones",
    "Company Main Phone": "phones",
    "Birthday": "birthday",
    "Anniversary": "anniversary",
    "Notes": "notes",
    "Categories": "tags",
    "Web Page": "links",
    "Personal Web Page": "links",
    "Location": "location",
}
_OUTLOOK_ADDRESS = re.compile(
    r"^(Home|Business|Other) (Street|Street 2|Street 3|City|State|Postal Code|"
    r"Country/Region|Country|Address PO Box)$"
)
_OUTLOOK_PARTS = {
    "Street": "street",
    "Street 2": "extended",
    "Street 3": "extended",
    "City": "city",
    "State": "region",
    "Postal Code": "code",
    "Country/Region": "country",
    "Country": "country",
    "Address PO Box": "box",
}
_LINKEDIN = {
    "First Name": "first_name",
    "Last Name": "last_name",
    "URL": "linkedin_url",
    "Email Address": "emails",
    "Company": "company",
    "Position": "title",
    "Connected On": "created_at",
}
_FLAG_WORDS = {"1", "true", "yes", "on", "y", "x"}


@dataclass(frozen=True)
class CsvLayout:
    """How a CSV file is laid out: its format, header (and the line it is on), delimiter and mapping."""

    format: str
    headers: tuple[str, ...]
    header_line: int
    delimiter: str
    mapping: tuple[str, ...]

    def with_mapping(self, mapping: Iterable[str]) -> CsvLayout:
        """The same file read with another mapping (one target per column)."""
        targets = tuple(mapping)
        if len(targets) != len(self.headers):
            raise ValueError(f"the mapping names {len(targets)} columns, the file has {len(self.headers)}")
        unknown = [
            target
            for target in targets
            if target not in TARGETS and target not in self.mapping and not target.startswith(CUSTOM_PREFIX)
        ]
        if unknown:
            raise ValueError(f"{unknown[0]!r} is not something a column can be imported as")
        return CsvLayout(self.format, self.headers, self.header_line, self.delimiter, targets)


def normalise_header(text: str) -> str:
    """A header reduced to letters and digits, lower-cased, without a trailing number (`E-mail 2` -> `email`)."""
    return re.sub(r"\d+$", "", re.sub(r"[^a-z0-9]", "", text.casefold()))


def generic_target(header: str) -> str:
    """What a column called `header` most likely holds, or IGNORE."""
    stripped = header.strip()
    if stripped.lower().startswith("field:"):
        label = stripped[len("field:") :].strip()
        return CUSTOM_PREFIX + label if label else IGNORE
    return _GENERIC.get(normalise_header(stripped), IGNORE)


def _google_target(header: str) -> str:
    if header in _GOOGLE_PLAIN:
        return _GOOGLE_PLAIN[header]
    numbered = _GOOGLE_NUMBERED.match(header)
    if not numbered:
        return IGNORE
    kind, number, part = numbered.groups()
    if kind == "Address" and part in _GOOGLE_PARTS:
        return f"adr:{number}:{_GOOGLE_PARTS[part]}"
    if kind == "Event" and part in ("Type", "Label", "Value"):
        return f"event:{number}:{'value' if part == 'Value' else 'label'}"
    return {
        ("E-mail", "Value"): "emails",
        ("Phone", "Value"): "phones",
        ("Website", "Value"): "links",
        ("Organization", "Name"): "company",
        ("Organization", "Title"): "title",
    }.get((kind, part), IGNORE)


def _outlook_target(header: str) -> str:
    if header in _OUTLOOK_PLAIN:
        return _OUTLOOK_PLAIN[header]
    address = _OUTLOOK_ADDRESS.match(header)
    return f"adr:{address.group(1)}:{_OUTLOOK_PARTS[address.group(2)]}" if address else IGNORE


def detect_format(headers: Iterable[str]) -> str:
    """Which export a header row comes from: google, linkedin, outlook, or csv for any other."""
    names = {header.strip() for header in headers}
    if {"First Name", "Last Name", "Connected On"} <= names:
        return "linkedin"
    if any(_GOOGLE_NUMBERED.match(name) for name in names) and names & {
        "Group Membership",
        "Labels",
        "Given Name",
        "First Name",
        "Name",
    }:
        return "google"
    if "E-mail Address" in names and names & {"Mobile Phone", "Business Phone", "Home Phone", "E-mail Display Name"}:
        return "outlook"
    return "csv"


def mapping_for(fmt: str, headers: Iterable[str]) -> tuple[str, ...]:
    """The target of every column of a file of format `fmt`."""
    targets: dict[str, Callable[[str], str]] = {
        "google": _google_target,
        "outlook": _outlook_target,
        "linkedin": lambda header: _LINKEDIN.get(header, IGNORE),
    }
    target = targets.get(fmt, generic_target)
    return tuple(target(header.strip()) for header in headers)


def _delimiter(header: str) -> str:
    """The delimiter of a header line: whichever of , ; tab it holds most (Excel in many locales writes ;)."""
    outside_quotes = re.sub(r'"[^"]*"', "", header)
    return max((",", ";", "\t"), key=outside_quotes.count)


def _split_header(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter))


def _skip_preamble(lines: Iterator[str]) -> tuple[str, int]:
    """The header line and its number, past leading blank lines and LinkedIn's "Notes:" paragraph."""
    in_notes = False
    for number, line in enumerate(lines, start=1):
        if number > HEADER_SEARCH_LINES:
            break
        text = line.strip().lstrip("\ufeff")
        if not text:
            in_notes = False  # LinkedIn's notes end at a blank line; its header follows
        elif text.lower().startswith("notes:") and not in_notes:
            in_notes = True
        elif not in_notes:
            return line, number
    raise ValueError("no header line found (the first line of a CSV names its columns)")


def open_table(lines: Iterator[str], fmt: str = "auto") -> tuple[CsvLayout, Iterator[tuple[int, list[str]]]]:
    """The layout of a CSV file and its rows with the line each starts on (blank rows left out).

    `lines` must keep their line ends (a file opened with newline=""), so that quoted cells
    holding line breaks are read whole.
    """
    header, header_line = _skip_preamble(lines)
    delimiter = _delimiter(header)
    headers = tuple(cell.strip().lstrip("\ufeff") for cell in _split_header(header.rstrip("\r\n"), delimiter))
    if len([name for name in headers if name]) < 1:
        raise ValueError("its first line names no columns")
    chosen = detect_format(headers) if fmt == "auto" else fmt
    layout = CsvLayout(chosen, headers, header_line, delimiter, mapping_for(chosen, headers))
    return layout, _rows(lines, header_line, delimiter)


def _rows(lines: Iterator[str], header_line: int, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        start = header_line + reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as problem:
            raise ValueError(f"line {start}: {problem}") from None
        if any(cell.strip() for cell in cells):
            yield start, cells


def useful(layout: CsvLayout) -> bool:
    """Whether the mapping can name a contact: some column is a name, e-mail, phone or company."""
    return bool(set(layout.mapping) & {"name", "first_name", "last_name", "nickname", "emails", "phones", "company"})


def read_rows(layout: CsvLayout, rows: Iterable[tuple[int, list[str]]]) -> Iterator[SourceItem]:
    """Every data row of a CSV as a draft, or with the reason it could not be read."""
    for line, cells in rows:
        where = f"line {line}"
        if len(cells) > len(layout.headers) and any(cell.strip() for cell in cells[len(layout.headers) :]):
            yield SourceItem(
                where,
                line,
                reason=f"the row has {len(cells)} cells, the header names "
                f"{len(layout.headers)} columns (a stray delimiter or quote?)",
            )
            continue
        draft = draft_from_row(layout, cells)
        if not draft.name:
            yield SourceItem(where, line, reason="the row has no name, company, e-mail or phone")
            continue
        yield SourceItem(where, line, draft)


def row_key(fmt: str, cells: list[str]) -> str:
    """A stable key for a row without an id: the same row gives the same key."""
    return f"{fmt}:" + hashlib.sha1("\x1f".join(cell.strip() for cell in cells).encode("utf-8")).hexdigest()[:32]


def _split(text: str, separators: str) -> list[str]:
    return [part.strip() for part in re.split(separators, text) if part.strip()]


class _RowBuilder:
    """Gathers one row's cells into a draft: name parts, address parts and events are put together at the end."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.draft = ContactDraft()
        self.names: dict[str, str] = {}
        self.addresses: dict[str, dict[str, str]] = {}
        self.events: dict[str, dict[str, str]] = {}
        self.month_first = fmt != "google"
        # Google puts several values in one cell with " ::: "; other files with ; or , (never a phone's comma).
        self.list_split = r"\s*:::\s*" if fmt == "google" else r"\s*(?::::|[;,\n])\s*"
        self.phone_split = r"\s*:::\s*" if fmt == "google" else r"\s*(?::::|[;\n])\s*"

    def add(self, target: str, value: str) -> None:
        """Take one cell's value as `target`."""
        draft = self.draft
        if target in ("name", "first_name", "middle_name", "last_name", "prefix", "suffix", "nickname"):
            self.names[target] = join_name(self.names.get(target, ""), value)
        elif target in ("emails", "phones", "links"):
            for item in _split(value, self.phone_split if target == "phones" else self.list_split):
                add_unique(getattr(draft, target), item if target != "links" or "://" in item else f"https://{item}")
        elif target == "linkedin_url":
            add_unique(draft.links, value)
            draft.external_id = "linkedin:" + value.strip().rstrip("/").lower()
        elif target == "tags":
            self._tags(value)
        elif target in ("birthday", "anniversary"):
            setattr(draft, target, getattr(draft, target) or yearly_date(value, self.month_first))
        elif target == "created_at":
            draft.created_at = draft.created_at or moment(value, self.month_first)
        elif target in ("vip", "active", "archived"):
            setattr(draft, target, value.strip().lower() in _FLAG_WORDS)
        elif target.startswith(CUSTOM_PREFIX):
            draft.custom[target[len(CUSTOM_PREFIX) :]] = value.strip()
        elif target.startswith("adr:"):
            _, group, part = target.split(":")
            parts = self.addresses.setdefault(group, {})
            parts[part] = "\n".join(filter(None, (parts.get(part, ""), value.strip())))
        elif target.startswith("event:"):
            _, group, part = target.split(":")
            self.events.setdefault(group, {})[part] = value.strip()
        elif target == "notes":
            draft.notes = "\n\n".join(filter(None, (draft.notes, value.strip())))
        elif target == "address":
            draft.address = "\n\n".join(filter(None, (draft.address, value.strip())))
        elif not getattr(draft, target):
            setattr(draft, target, value.strip())

    def _tags(self, value: str) -> None:
        separators = r"\s*:::\s*" if self.fmt == "google" else r"\s*(?::::|[;,])\s*"
        for tag in _split(value, separators):
            if not is_system_group(tag):
                add_unique(self.draft.tags, tag.lstrip("* ").strip())

    def finish(self) -> ContactDraft:
        """The draft, with its name, addresses and dated events put together."""
        draft = self.draft
        for group in sorted(self.addresses, key=_address_order):
            parts = self.addresses[group]
            text = parts.get("formatted") or format_address(
                **{key: value for key, value in parts.items() if key != "formatted"}
            )
            if text and text not in draft.address:
                draft.address = "\n\n".join(filter(None, (draft.address, text)))
            place = ", ".join(filter(None, (parts.get("city", ""), parts.get("country", ""))))
            draft.location = draft.location or place
        for event in self.events.values():
            label = event.get("label", "").strip().lower()
            if label in ("anniversary", "birthday") and event.get("value"):
                setattr(draft, label, getattr(draft, label) or yearly_date(event["value"], self.month_first))
        names = self.names
        # A prefix (Outlook's "Title": Mr., Dr.) is no part of the name people are listed by.
        draft.name = (
            names.get("name")
            or join_name(
                names.get("first_name", ""),
                names.get("middle_name", ""),
                names.get("last_name", ""),
                names.get("suffix", ""),
            )
            or names.get("nickname")
            or draft.company
            or (draft.emails[:1] or [""])[0]
            or (draft.phones[:1] or [""])[0]
        )
        return draft


def _address_order(group: str) -> tuple[int, str]:
    """Outlook's home address first, then work, then the others; Google's in their numbered order."""
    return ({"Home": 0, "Business": 1, "Other": 2}.get(group, 3), group.zfill(4))


def draft_from_row(layout: CsvLayout, cells: list[str]) -> ContactDraft:
    """The contact one row describes, read through the layout's mapping."""
    builder = _RowBuilder(layout.format)
    for target, value in zip(layout.mapping, cells, strict=False):
        if target != IGNORE and value.strip():
            builder.add(target, value.replace("\r\n", "\n"))
    draft = builder.finish()
    if not draft.external_id:
        draft.external_id = row_key(layout.format, cells)
    return draft
