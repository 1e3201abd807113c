"""vCards: reading 2.1, 3.0 and 4.0 cards into contact drafts, and writing contacts as vCard 4.0.

Reading a property line is vobject's job (unfolding, quoted-printable soft line breaks and
decoding with the card's charset, groups and parameters; its `allowQP=True` joins vCard 2.1's
"soft line breaks", a line ending in `=` continued on the next, as Android and Outlook write them).
Around it, here:
- a file is cut into cards, so one unreadable card is reported with its place and the others
  still import (vobject stops a whole stream at the first bad line);
- embedded photos, logos, sounds and keys are dropped unread (with the properties we do not use):
  we only keep a photo that is a web address, and base64 data would cost memory and time for
  nothing. A 50 MB export full of photos is read a card at a time and never held whole;
- values are unescaped by their vCard version (`_content_lines` says why not by vobject).

Writing is done here rather than with vobject's serializer, which writes vCard 3.0 forms
(and takes about a millisecond a card): vCard 4.0 text is short to produce exactly.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from .drafts import ContactDraft, SourceItem, add_unique, join_name, moment, yearly_date

MAX_CARD_CHARS = 1_000_000
"""A card longer than this once photos are dropped is refused: no real contact is that long."""
EMBEDDED_MEDIA = ("PHOTO", "LOGO", "SOUND", "KEY")
SYSTEM_GROUPS = {"mycontacts", "starred"}
"""Google's own groups, on every contact it exports: not the user's tags."""


def is_system_group(name: str) -> bool:
    """Whether a group name is one of Google's own (`* myContacts`, `My Contacts`, `starred`)."""
    return name.lstrip("* ").replace(" ", "").casefold() in SYSTEM_GROUPS


READ_PROPERTIES = frozenset(
    (
        "VERSION",
        "FN",
        "N",
        "NICKNAME",
        "EMAIL",
        "TEL",
        "ADR",
        "URL",
        "X-SOCIALPROFILE",
        "ORG",
        "TITLE",
        "ROLE",
        "NOTE",
        "CATEGORIES",
        "UID",
        "BDAY",
        "ANNIVERSARY",
        "X-ANNIVERSARY",
        "X-ABDATE",
        "X-ABLABEL",
        "PHOTO",
    )
)
"""The properties a draft is made of (PHOTO only when it is a web address), besides our X-CRM- ones."""
CRM_PREFIX = "X-CRM-"
"""Our own properties: the fields vCard has no name for, so our export reads back unchanged."""
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_INSTAGRAM = re.compile(r"^https?://(?:www\.)?instagram\.com/([A-Za-z0-9._]{1,30})/?$", re.IGNORECASE)
_TRUE = {"1", "true", "yes", "on"}


@dataclass
class RawCard:
    """The lines of one card as the file has them (photos dropped, soft line breaks joined)."""

    position: int
    line: int
    lines: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    """The file's line number of each kept line, to name the line vobject could not read."""
    chars: int = 0
    complete: bool = False
    problem: str = ""

    def text(self) -> str:
        """The card as vobject reads it."""
        return "\r\n".join(self.lines) + "\r\n"


def _head(line: str) -> str:
    """The part of a property line before its value: group, name and parameters."""
    return line.split(":", 1)[0]


def _property_name(head: str) -> str:
    return head.split(";", 1)[0].rsplit(".", 1)[-1].strip().upper()


def _is_embedded_media(line: str) -> bool:
    head = _head(line)
    if _property_name(head) not in EMBEDDED_MEDIA:
        return False
    params = head.upper()
    value = line[len(head) + 1 :].lstrip()
    return "ENCODING=B" in params or ";BASE64" in params or "=BASE64" in params or value.lower().startswith("data:")


def split_cards(lines: Iterable[str]) -> Iterator[RawCard | tuple[int, str]]:
    """The cards of a file, in order; text outside any card comes as (line number, first stray line).

    Only the properties `draft_from_card` reads are kept (with their folded and quoted-printable
    continuation lines): the rest would only cost vobject time.
    """
    card: RawCard | None = None
    depth = 0
    keeping = soft_break = in_media = False
    stray_from: int | None = None
    position = 0
    for number, physical in enumerate(lines, start=1):
        line = physical.rstrip("\r\n")
        if card is None:
            marker = line.strip().upper()
            if marker == "BEGIN:VCARD":
                position += 1
                card, depth, stray_from = RawCard(position, number, [line], [number]), 1, None
                keeping = soft_break = in_media = False
            elif marker and stray_from is None:
                stray_from = number
                yield number, line.strip()
            continue
        if soft_break or line[:1] in " \t":  # a continuation of the property before
            soft_break = soft_break and line.endswith("=")
            if keeping:
                _keep(card, line, number)
            continue
        if not line.strip() or (":" not in line and in_media):
            continue  # blank lines, and 2.1's bare base64 lines of a dropped photo
        if ":" not in line:
            card.problem = card.problem or f"line {number} is not a vCard property: {line.strip()[:40]!r}"
            continue
        marker = line.strip().upper()
        if marker in ("BEGIN:VCARD", "END:VCARD"):
            depth += 1 if marker == "BEGIN:VCARD" else -1
            keeping = False  # a vCard 2.1 AGENT (a card inside the card) is left out whole
            if depth == 0:
                _keep(card, line, number)
                card.complete = True
                yield card
                card = None
            continue
        head = _head(line)
        in_media = _is_embedded_media(line)
        keeping = depth == 1 and not in_media and _wanted(head)
        soft_break = line.endswith("=") and "QUOTED-PRINTABLE" in head.upper()
        if keeping:
            _keep(card, line, number)
    if card is not None:
        yield card


def _wanted(head: str) -> bool:
    name = _property_name(head)
    return name in READ_PROPERTIES or name.startswith(CRM_PREFIX)


def _keep(card: RawCard, line: str, number: int) -> None:
    card.chars += len(line)
    if card.chars <= MAX_CARD_CHARS:
        card.lines.append(line)
        card.numbers.append(number)


def card_key(card: RawCard) -> str:
    """A stable key for a card without a UID: the same card text gives the same key."""
    return "vcard:" + hashlib.sha1("\n".join(card.lines).encode("utf-8")).hexdigest()[:32]


def read_cards(lines: Iterable[str], name: str = "") -> Iterator[SourceItem]:
    """Every card of a vCard file as a draft, or with the reason it could not be read.

    `name` (a file of a folder) goes in front of each card's place.
    """
    from vobject.base import VObjectError  # loaded on first use: only imports need vobject

    found = False
    for raw in split_cards(lines):
        if isinstance(raw, tuple):
            number, text = raw
            yield SourceItem(
                _where(name, None, number),
                number,
                reason=f"text outside any card (BEGIN:VCARD … END:VCARD): {text[:40]!r}",
            )
            continue
        found = True
        where = _where(name, raw.position, raw.line)
        if raw.chars > MAX_CARD_CHARS:
            yield SourceItem(
                where,
                raw.line,
                reason=f"the card is too long ({raw.chars:,} characters without photos; at most {MAX_CARD_CHARS:,})",
            )
            continue
        if not raw.complete:
            yield SourceItem(where, raw.line, reason="the card has no END:VCARD (the file may be cut short)")
            continue
        if raw.problem:
            yield SourceItem(where, raw.line, reason=f"unreadable card: {raw.problem}")
            continue
        try:
            draft = draft_from_card(_content_lines(raw))
        except (VObjectError, ValueError) as problem:  # a line vobject cannot parse, text not in its charset
            yield SourceItem(where, raw.line, reason=_unreadable(problem, raw))
            continue
        if not draft.name:
            yield SourceItem(where, raw.line, reason="the card has no name, organisation, e-mail or phone")
            continue
        draft.external_id = draft.external_id or card_key(raw)
        yield SourceItem(where, raw.line, draft)
    if not found:
        raise ValueError("no vCard in it (no BEGIN:VCARD line)")


class ContentLine(NamedTuple):
    """One property of a card, parsed: name, group, parameters and its value (still escaped)."""

    name: str
    group: str | None
    params: dict[str, list[str]]
    singletonparams: list[str]
    value: str


def _content_lines(raw: RawCard) -> list[ContentLine]:
    """The card's properties, read with vobject's line reader and line grammar.

    vobject unfolds the lines (with 2.1's quoted-printable soft line breaks) and parses each
    into group, name, parameters and value. Its component and ContentLine objects are not used:
    building them costs 60 µs a line (10,000 cards would take seconds for that alone), and its
    vCard 3.0 behaviour decodes text values keeping only what comes before the first unescaped
    comma ("FN:Smith, John" reads as "Smith"), while vCard 2.1, which Outlook and Android write,
    never escapes commas. The quoted-printable decoding here is vobject's own rule: the bytes
    in the CHARSET the property names, UTF-8 when it names none.
    """
    from vobject.base import getLogicalLines, parseLine  # loaded on first use: only imports need it

    lines = []
    for text, number in getLogicalLines(io.StringIO(raw.text()), allowQP=True):
        name, params, value, group = parseLine(text, number)
        table: dict[str, list[str]] = {}
        singles: list[str] = []
        for param in params:
            if len(param) == 1:
                singles.append(param[0])
            else:
                table.setdefault(param[0].upper(), []).extend(param[1:])
        encodings = {item.upper() for item in [*table.get("ENCODING", []), *singles]}
        if "QUOTED-PRINTABLE" in encodings:
            value = _quoted_printable(value, (table.get("CHARSET") or ["utf-8"])[0], raw, number)
        if name.upper() not in ("BEGIN", "END"):
            lines.append(ContentLine(name.upper(), group, table, singles, value))
    return lines


def _quoted_printable(value: str, charset: str, raw: RawCard, number: int) -> str:
    try:
        return codecs.decode(value.encode("utf-8"), "quoted_printable").decode(charset)
    except (LookupError, UnicodeDecodeError, ValueError):
        line = raw.numbers[number - 1] if 0 < number <= len(raw.numbers) else raw.line
        raise ValueError(f"line {line}: its quoted-printable text is not {charset}") from None


def _where(name: str, position: int | None, line: int) -> str:
    if position is None:
        return f"{name} line {line}" if name else f"line {line}"
    card = f"card {position}"
    return f"{name} {card}" if name else card


def _unreadable(problem: Exception, raw: RawCard) -> str:
    """Why vobject refused a card, naming the file's line when it says which."""
    card_line = getattr(problem, "lineNumber", None)
    if isinstance(card_line, int) and 0 < card_line <= len(raw.numbers):
        text = raw.lines[card_line - 1].strip()
        return f"unreadable card: line {raw.numbers[card_line - 1]} cannot be read: {text[:60]!r}"
    message = str(getattr(problem, "msg", "") or problem).strip() or type(problem).__name__
    return f"unreadable card: {message}"


# -- vobject's content lines -> a draft -----------------------------------------------------------
#
# vobject has unfolded each line, read its group and parameters, and decoded quoted-printable with
# the card's charset; the escapes of the value are undone here, the way the card's version writes them.

_ESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":"}


def split_value(raw: str, separator: str | None, version: str) -> list[str]:
    """A value split at unescaped `separator`s (None: not split), each part unescaped.

    vCard 2.1 escapes only the semicolon; 3.0 and 4.0 also backslash, comma and line breaks.
    An unknown escape keeps its backslash.
    """
    if "\\" not in raw and (separator is None or separator not in raw):
        return [raw]  # most values: nothing to undo
    parts, current, index = [], [], 0
    while index < len(raw):
        char = raw[index]
        following = raw[index + 1] if index + 1 < len(raw) else ""
        if char == "\\" and following and (following == ";" or (version != "2.1" and following in _ESCAPES)):
            current.append(_ESCAPES[following])
            index += 2
            continue
        if separator is not None and char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    return parts


class _Card:
    """The lines of one parsed card by property name, read the way its vCard version writes values."""

    def __init__(self, content_lines: list[ContentLine]) -> None:
        self.children = content_lines
        self.version = next((str(line.value).strip() for line in self.children if line.name == "VERSION"), "3.0")
        self.by_name: dict[str, list[ContentLine]] = {}
        for line in self.children:
            self.by_name.setdefault(line.name, []).append(line)
        self.labels = _labels(self)

    def lines(self, *names: str) -> list[ContentLine]:
        """The properties called any of `names`, in the card's order."""
        return [line for name in names for line in self.by_name.get(name, [])]

    def text(self, line: ContentLine) -> str:
        """A single text value, unescaped and trimmed ("" for binary data)."""
        return split_value(_raw(line), None, self.version)[0].replace("\r\n", "\n").strip()

    def parts(self, line: ContentLine, separator: str = ";") -> list[str]:
        """A structured value (N, ADR, ORG) or a list (CATEGORIES), each part unescaped and trimmed."""
        return [part.strip() for part in split_value(_raw(line), separator, self.version)]

    def first_text(self, *names: str) -> str:
        """The first non-empty text value among the properties called `names`."""
        return next((text for line in self.lines(*names) if (text := self.text(line))), "")


def _raw(line: ContentLine) -> str:
    return line.value if isinstance(line.value, str) else ""


def _types(line: ContentLine) -> list[str]:
    kinds = [*line.params.get("TYPE", []), *line.singletonparams]
    return [kind.strip().lower() for kinds_text in kinds for kind in str(kinds_text).split(",") if kind.strip()]


def _preferred(line: ContentLine) -> bool:
    return "pref" in _types(line) or "PREF" in line.params


def _labels(card: _Card) -> dict[str, str]:
    """Apple's item labels: `item1.X-ABLabel:_$!<Anniversary>!$_` names what `item1.X-ABDATE` is."""
    labels = {}
    for line in card.lines("X-ABLABEL"):
        if line.group:
            text = card.text(line)
            apple = _APPLE_LABEL.match(text)
            labels[line.group.lower()] = (apple.group(1) if apple else text).lower()
    return labels


def _label(card: _Card, line: ContentLine) -> str:
    return card.labels.get((line.group or "").lower(), "")


def _name(card: _Card, draft: ContactDraft) -> str:
    full = card.first_text("FN")
    if full:
        return full
    for line in card.lines("N"):
        family, given, additional, prefix, suffix = (card.parts(line) + [""] * 5)[:5]
        full = join_name(given, additional.replace(",", " "), family, suffix)  # "Mr." is no part of a name
        if full:
            return full
    return (
        card.first_text("NICKNAME") or draft.company or (draft.emails[:1] or [""])[0] or (draft.phones[:1] or [""])[0]
    )


def format_address(
    street: str = "",
    extended: str = "",
    box: str = "",
    city: str = "",
    region: str = "",
    code: str = "",
    country: str = "",
) -> str:
    """A postal address as lines of text: street, post code and city, region, country."""
    town = join_name(code, city)
    if region:
        town = f"{town}, {region}" if town else region
    return "\n".join(part.strip() for part in (street, extended, box, town, country) if part and part.strip())


def _address(card: _Card, line: ContentLine) -> tuple[str, str]:
    """An ADR value as (address text, location): the location is the city and country."""
    box, extended, street, city, region, code, country = (card.parts(line) + [""] * 7)[:7]
    return (
        format_address(street, extended, box, city, region, code, country),
        ", ".join(part for part in (city, country) if part),
    )


def _flag(text: str) -> bool:
    return text.strip().lower() in _TRUE


def decode_param(text: str) -> str:
    """A parameter value with RFC 6868's ^' ^n ^^ turned back into " newline ^."""
    return re.sub(r"\^(['n^])", lambda match: {"'": '"', "n": "\n", "^": "^"}[match.group(1)], text)


def draft_from_card(content_lines: list[ContentLine]) -> ContactDraft:
    """The contact a card describes, from its properties as vobject's ContentLines."""
    card = _Card(content_lines)
    draft = ContactDraft()
    _read_reachability(card, draft)
    _read_work_and_notes(card, draft)
    _read_dates(card, draft)
    _read_own_fields(card, draft)
    draft.name = _name(card, draft)
    return draft


def _by_preference(lines: list[ContentLine]) -> list[ContentLine]:
    return sorted(lines, key=lambda line: not _preferred(line))


def _read_reachability(card: _Card, draft: ContactDraft) -> None:
    for line in _by_preference(card.lines("EMAIL")):
        add_unique(draft.emails, card.text(line).removeprefix("mailto:"))
    for line in _by_preference(card.lines("TEL")):
        number = card.text(line).removeprefix("tel:")
        if "whatsapp" in (_label(card, line), *_types(line)) and not draft.whatsapp:
            draft.whatsapp = number
        else:
            add_unique(draft.phones, number)
    addresses, location = [], ""
    for line in _by_preference(card.lines("ADR")):
        text, place = _address(card, line)
        if text and text not in addresses:
            addresses.append(text)
        location = location or place
    draft.address = "\n\n".join(addresses)
    draft.location = location
    for line in card.lines("URL", "X-SOCIALPROFILE"):
        # A URL is a URI, not text: only Google's escaped colon (`https\://`) is undone.
        _read_link(_raw(line).strip().replace("\\:", ":"), [*_types(line), _label(card, line)], draft)
    for line in card.lines("PHOTO"):
        value = _raw(line).strip()
        if re.match(r"^https?://\S+$", value) and not draft.picture_url:
            draft.picture_url = value


def _read_link(url: str, kinds: list[str], draft: ContactDraft) -> None:
    handle = _INSTAGRAM.match(url)
    if handle and not draft.instagram:
        draft.instagram = handle.group(1)
    elif "instagram" in kinds and not draft.instagram and url and "/" not in url.rstrip("/"):
        draft.instagram = url.lstrip("@")
    elif url:
        add_unique(draft.links, url if "://" in url else f"https://{url}")


def _read_work_and_notes(card: _Card, draft: ContactDraft) -> None:
    draft.company = next((parts[0] for line in card.lines("ORG") if (parts := card.parts(line))[0]), "")
    draft.title = card.first_text("TITLE", "ROLE")
    draft.notes = "\n\n".join(text for line in card.lines("NOTE") if (text := card.text(line)))
    for line in card.lines("CATEGORIES"):
        for tag in card.parts(line, ","):
            if not is_system_group(tag):
                add_unique(draft.tags, tag)
    draft.external_id = card.first_text("UID")


def _date_of(card: _Card, line: ContentLine) -> str:
    return yearly_date(card.text(line), omit_year="X-APPLE-OMIT-YEAR" in line.params)


def _read_dates(card: _Card, draft: ContactDraft) -> None:
    for line in card.lines("BDAY"):
        draft.birthday = draft.birthday or _date_of(card, line)
    for line in card.lines("ANNIVERSARY", "X-ANNIVERSARY"):
        draft.anniversary = draft.anniversary or _date_of(card, line)
    for line in card.lines("X-ABDATE"):  # Apple's vCard 3.0 dates, named by their item label
        if _label(card, line) == "anniversary" and not draft.anniversary:
            draft.anniversary = _date_of(card, line)


def _read_own_fields(card: _Card, draft: ContactDraft) -> None:
    own = {
        name[len(CRM_PREFIX) :]: card.text(lines[0])
        for name, lines in card.by_name.items()
        if name.startswith(CRM_PREFIX)
    }
    if not own:
        return
    draft.relationship = own.get("RELATIONSHIP", "")
    draft.industry = own.get("INDUSTRY", "")
    draft.location = own.get("LOCATION", draft.location)
    draft.whatsapp = own.get("WHATSAPP", draft.whatsapp)
    draft.cadence_days = own.get("CADENCE-DAYS", "")
    for name in ("VIP", "ACTIVE", "ARCHIVED"):
        if name in own:
            setattr(draft, name.lower(), _flag(own[name]))
    if own.get("CREATED"):
        draft.created_at = moment(own["CREATED"])
    for line in card.lines(f"{CRM_PREFIX}FIELD"):
        label = decode_param(line.params.get("X-NAME", [""])[0]).strip()
        if label:
            draft.custom[label] = split_value(_raw(line), None, card.version)[0]


# -- a contact -> vCard 4.0 ---------------------------------------------------------------------


def escape(text: str) -> str:
    """A text value with vCard's escapes: backslash, comma, semicolon and line breaks."""
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _param(text: str) -> str:
    """A parameter value, quoted, with RFC 6868's ^ escapes for what a parameter cannot hold."""
    return '"' + text.replace("^", "^^").replace('"', "^'").replace("\r\n", "^n").replace("\n", "^n") + '"'


def fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 6350 3.2), never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    pieces, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # a continuation byte: step back
            end -= 1
        pieces.append(encoded[start:end].decode("utf-8"))
        start, limit = end, 74  # the leading space of a folded line counts
    return "\r\n ".join(pieces)


def _date_value(stored: str) -> str:
    """A stored date in vCard 4.0's form: 19850314, or --0314 without a year."""
    return stored.replace("-", "") if not stored.startswith("--") else "--" + stored[2:].replace("-", "")


def _name_parts(name: str) -> str:
    """The N property from a full name: the last word as the family name (a guess other apps want)."""
    words = name.split()
    family, given = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (name, "")
    return f"{escape(family)};{escape(given)};;;"


def _stamp(moment: datetime | None) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ") if moment else ""


def card_for(contact: dict[str, Any]) -> str:
    """One contact as a vCard 4.0 (CRLF line ends), from the plain values `tui.exporting` gathers."""
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:{escape(contact['uid'])}",
        f"FN:{escape(contact['name'])}",
        f"N:{_name_parts(contact['name'])}",
    ]
    lines += [
        f"EMAIL;TYPE=internet{';PREF=1' if index == 0 else ''}:{escape(email)}"
        for index, email in enumerate(contact["emails"])
    ]
    lines += [
        f"TEL;TYPE=voice{';PREF=1' if index == 0 else ''}:{escape(phone)}"
        for index, phone in enumerate(contact["phones"])
    ]
    if contact["company"]:
        lines.append(f"ORG:{escape(contact['company'])}")
    if contact["title"]:
        lines.append(f"TITLE:{escape(contact['title'])}")
    if contact["address"]:
        lines.append(f"ADR:;;{escape(contact['address'])};;;;")
    for key, prop in (("birthday", "BDAY"), ("anniversary", "ANNIVERSARY")):
        if contact[key]:
            lines.append(f"{prop}:{_date_value(contact[key])}")
    if contact["notes"]:
        lines.append(f"NOTE:{escape(contact['notes'])}")
    if contact["tags"]:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in contact["tags"]))
    if contact["picture_url"]:
        lines.append(f"PHOTO:{contact['picture_url']}")  # a URI: no text escapes
    if contact["instagram"]:
        lines.append(
            f"X-SOCIALPROFILE;TYPE=instagram;X-USER={_param(contact['instagram'])}:"
            f"https://instagram.com/{contact['instagram']}"
        )
    lines += [f"URL:{link}" for link in contact["links"]]
    lines += _own_fields(contact)
    lines += [f"REV:{_stamp(contact['updated_at'])}", "END:VCARD"]
    return "".join(fold(line) + "\r\n" for line in lines)


def _own_fields(contact: dict[str, Any]) -> list[str]:
    lines = []
    for key, prop in (
        ("relationship", "RELATIONSHIP"),
        ("industry", "INDUSTRY"),
        ("location", "LOCATION"),
        ("whatsapp", "WHATSAPP"),
    ):
        if contact[key]:
            lines.append(f"{CRM_PREFIX}{prop}:{escape(contact[key])}")
    if contact["cadence_days"]:
        lines.append(f"{CRM_PREFIX}CADENCE-DAYS:{contact['cadence_days']}")
    lines += [
        f"{CRM_PREFIX}VIP:{str(contact['vip']).lower()}",
        f"{CRM_PREFIX}ACTIVE:{str(contact['active']).lower()}",
        f"{CRM_PREFIX}ARCHIVED:{str(contact['archived']).lower()}",
        f"{CRM_PREFIX}CREATED:{_stamp(contact['created_at'])}",
    ]
    lines += [
        f"{CRM_PREFIX}FIELD;X-NAME={_param(name)}:{escape(value)}"
        for name, value in contact["custom_fields"].items()
        if value
    ]
    return lines
