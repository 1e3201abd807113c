"""Checking and normalising single values typed by people: text, e-mail, phone, URL."""

from __future__ import annotations

import re

from .errors import ValidationError

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_INSTAGRAM = re.compile(r"^[A-Za-z0-9._]{1,30}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value: str | None, field: str, limit: int, required: bool = False, multiline: bool = False) -> str:
    """`value` trimmed; refused when required and empty, too long, or holding control characters."""
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ValidationError(field, f"the {field.replace('_', ' ')} is required")
    if len(cleaned) > limit:
        raise ValidationError(
            field, f"the {field.replace('_', ' ')} is too long ({len(cleaned)} characters, at most {limit})"
        )
    if _CONTROL.search(cleaned) or (not multiline and "\n" in cleaned):
        raise ValidationError(
            field,
            f"the {field.replace('_', ' ')} holds characters that cannot be stored (control characters or line breaks)",
        )
    return cleaned


def email(value: str, field: str = "emails") -> str:
    """An e-mail address with its domain lower-cased, or a ValidationError."""
    cleaned = value.strip()
    if len(cleaned) > 254 or not _EMAIL.match(cleaned):
        raise ValidationError(field, f"{cleaned!r} is not an e-mail address (expected name@example.com)")
    local, _, domain = cleaned.rpartition("@")
    return f"{local}@{domain.lower()}"


def phone(value: str, field: str = "phones", region: str | None = None) -> str:
    """A phone number in E.164 where it can be read as one, else the digits as typed.

    A number without a country code is read in `region` (two letters, e.g. DE);
    without a region it is kept as typed, tidied.
    """
    cleaned = value.strip()
    if not cleaned:
        raise ValidationError(field, "a phone number cannot be empty")
    if len(cleaned) > 40 or not re.fullmatch(r"[0-9+()./\-\s]+(?:\s*(?:x|ext\.?)\s*\d+)?", cleaned, re.IGNORECASE):
        raise ValidationError(field, f"{cleaned!r} is not a phone number (digits, spaces, + ( ) - . only)")
    import phonenumbers  # loaded on first use: its metadata takes a tenth of a second to import

    if sum(ch.isdigit() for ch in cleaned) < 3:
        raise ValidationError(field, f"{cleaned!r} is too short to be a phone number")
    try:
        parsed = phonenumbers.parse(cleaned, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        if cleaned.startswith("+"):
            raise ValidationError(field, f"{cleaned!r} is not a valid international number") from None
        return re.sub(r"\s+", " ", cleaned)
    if not phonenumbers.is_possible_number(parsed):
        raise ValidationError(field, f"{cleaned!r} has the wrong number of digits for its country")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def instagram(value: str, field: str = "instagram") -> str:
    """An Instagram handle without the @ or profile URL around it."""
    cleaned = value.strip()
    for prefix in ("https://www.instagram.com/", "https://instagram.com/", "instagram.com/", "@"):
        if cleaned.lower().startswith(prefix):
            cleaned = cleaned[len(prefix) :]
    cleaned = cleaned.strip("/")
    if cleaned and not _INSTAGRAM.match(cleaned):
        raise ValidationError(field, f"{value.strip()!r} is not an Instagram handle (letters, digits, . and _)")
    return cleaned


def url(value: str, field: str) -> str:
    """An http(s) URL, or empty."""
    cleaned = value.strip()
    if cleaned and (not re.match(r"^https?://\S+$", cleaned) or len(cleaned) > 2000):
        raise ValidationError(field, f"{cleaned!r} is not a web address (expected https://...)")
    return cleaned
