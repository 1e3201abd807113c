"""Checking and normalising single values typed by people: text, e-mail, phone, URL."""

from __future__ import annotations

import re

from .errors import ValidationError
from .terminal_text import UNSAFE_CHARACTERS, one_line, quoted

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_INSTAGRAM = re.compile(r"^[A-Za-z0-9._]{1,30}$")
_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
MAX_LOCAL_PART = 64
_MULTILINE_WHITESPACE = frozenset("\t\n")
_REFUSED_IN_BLOCK = re.compile(f"[{re.escape(UNSAFE_CHARACTERS)}]")
_REFUSED_ON_ONE_LINE = re.compile(f"[{re.escape(UNSAFE_CHARACTERS)}\t\n]")


def text(value: str | None, field: str, limit: int, required: bool = False, multiline: bool = False) -> str:
    """`value` trimmed; refused when required and empty, too long, or holding control characters.

    The one check for every text that is stored: C0 and C1 controls, DEL, carriage returns, bidirectional
    overrides and isolates and the Unicode line separators are refused everywhere (tui.terminal_text lists them);
    tab and newline only in a multi-line field (`multiline`), where a Windows line end is read as a newline.
    """
    cleaned = (value or "").strip()
    if multiline:
        cleaned = cleaned.replace("\r\n", "\n")
    label = field.replace("_", " ")
    if required and not cleaned:
        raise ValidationError(field, f"the {label} is required")
    if len(cleaned) > limit:
        raise ValidationError(field, f"the {label} is too long ({len(cleaned)} characters, at most {limit})")
    refused = refused_character(cleaned, multiline)
    if refused is not None:
        what = "a line break or tab" if refused in _MULTILINE_WHITESPACE else "a control character"
        shown = {"\n": "\\n", "\t": "\\t"}.get(refused) or one_line(refused)
        raise ValidationError(
            field,
            f"the {label} holds {what} ({shown} at position {cleaned.index(refused) + 1}), "
            "which cannot be stored" + ("" if multiline or refused not in _MULTILINE_WHITESPACE else ": use one line"),
        )
    return cleaned


def refused_character(value: str, multiline: bool = False) -> str | None:
    """The first character of `value` that no stored text may hold (tab and newline allowed when `multiline`)."""
    found = (_REFUSED_IN_BLOCK if multiline else _REFUSED_ON_ONE_LINE).search(value)
    return found.group() if found else None


def email(value: str, field: str = "emails") -> str:
    """An e-mail address with its domain lower-cased, or a ValidationError.

    At most 254 characters, of which at most 64 before the @ (RFC 5321's limits: a longer address cannot be mailed).
    """
    cleaned = value.strip()
    local, _, domain = cleaned.rpartition("@")
    if len(cleaned) > 254 or not _EMAIL.match(cleaned) or not is_domain(domain):
        raise ValidationError(field, f"{quoted(cleaned)} is not an e-mail address (expected name@example.com)")
    if len(local) > MAX_LOCAL_PART:
        raise ValidationError(
            field, f"{quoted(cleaned)} is not an e-mail address: at most {MAX_LOCAL_PART} characters before the @"
        )
    return f"{local}@{domain.lower()}"


def is_domain(value: str) -> bool:
    """Whether `value` is a domain name: dot-separated labels of letters, digits and inner hyphens, a letter TLD."""
    labels = value.split(".")
    return (
        len(value) <= 253
        and len(labels) >= 2
        and all(_LABEL.fullmatch(label) for label in labels)
        and not labels[-1].isdigit()
    )


def is_host(value: str) -> bool:
    """Whether `value` names a server: a domain, a single-label name (localhost), or an IPv4/IPv6 address."""
    import ipaddress

    try:
        ipaddress.ip_address(value.strip("[]"))
        return True
    except ValueError:
        pass
    return all(_LABEL.fullmatch(label) for label in value.split(".")) and len(value) <= 253


def domain(value: str, field: str = "domain") -> str:
    """A web domain (example.com) lower-cased (a typed https:// and path are cut off); "" when empty."""
    cleaned = text(value, field, 253).lower()
    for prefix in ("https://", "http://"):
        if cleaned.startswith(prefix):
            cleaned = cleaned[len(prefix) :]
    cleaned = cleaned.split("/", 1)[0]
    if cleaned and not is_domain(cleaned):
        raise ValidationError(field, f"{quoted(value.strip())} is not a domain (expected example.com)")
    return cleaned


def display_name(value: str, field: str = "name") -> str:
    """The name an account is shown by: one line of at most 200 characters, required."""
    return text(value, field, 200, required=True)


def phone(value: str, field: str = "phones", region: str | None = None) -> str:
    """A phone number in E.164 where it can be read as one, else the digits as typed.

    A number without a country code is read in `region` (two letters, e.g. DE);
    without a region it is kept as typed, tidied.
    """
    cleaned = value.strip()
    if not cleaned:
        raise ValidationError(field, "a phone number cannot be empty")
    if len(cleaned) > 40 or not re.fullmatch(r"[0-9+()./\-\s]+(?:\s*(?:x|ext\.?)\s*\d+)?", cleaned, re.IGNORECASE):
        raise ValidationError(field, f"{quoted(cleaned)} is not a phone number (digits, spaces, + ( ) - . only)")
    import phonenumbers  # loaded on first use: its metadata takes a tenth of a second to import

    if sum(ch.isdigit() for ch in cleaned) < 3:
        raise ValidationError(field, f"{quoted(cleaned)} is too short to be a phone number")
    try:
        parsed = phonenumbers.parse(cleaned, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        if cleaned.startswith("+"):
            raise ValidationError(field, f"{quoted(cleaned)} is not a valid international number") from None
        return re.sub(r"\s+", " ", cleaned)
    if not phonenumbers.is_possible_number(parsed):
        raise ValidationError(field, f"{quoted(cleaned)} has the wrong number of digits for its country")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def instagram(value: str, field: str = "instagram") -> str:
    """An Instagram handle without the @ or profile URL around it."""
    cleaned = value.strip()
    for prefix in ("https://www.instagram.com/", "https://instagram.com/", "instagram.com/", "@"):
        if cleaned.lower().startswith(prefix):
            cleaned = cleaned[len(prefix) :]
    cleaned = cleaned.strip("/")
    if cleaned and not _INSTAGRAM.match(cleaned):
        raise ValidationError(field, f"{quoted(value.strip())} is not an Instagram handle (letters, digits, . and _)")
    return cleaned


def url(value: str, field: str) -> str:
    """An http(s) URL, or empty."""
    cleaned = value.strip()
    if cleaned and (
        not re.match(r"^https?://\S+$", cleaned) or len(cleaned) > 2000 or refused_character(cleaned) is not None
    ):
        raise ValidationError(field, f"{quoted(cleaned)} is not a web address (expected https://...)")
    return cleaned
