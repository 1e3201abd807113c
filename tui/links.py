"""Quick links (seed 004, module 6): call, WhatsApp, e-mail, SMS and Instagram for a contact."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from .errors import ValidationError
from .models import Contact

LINK_KINDS = ("call", "whatsapp", "email", "sms", "instagram")
LINK_MEDIUM = {"call": "phone", "whatsapp": "whatsapp", "email": "email", "sms": "sms", "instagram": "instagram_dm"}
"""The interaction medium to offer logging once a link was used."""


@dataclass(frozen=True)
class QuickLink:
    kind: str
    label: str
    url: str


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def _dial(number: str) -> str:
    """A number for tel: and sms: URIs: a leading + and digits only."""
    return ("+" if number.strip().startswith("+") else "") + _digits(number)


def _encode(text: str) -> str:
    # Spaces as %20, never +: mail clients and phones read mailto/sms bodies literally.
    return quote(text, safe="")


def tel_link(number: str) -> str:
    """A tel: URI that dials `number`."""
    return "tel:" + _dial(number)


def whatsapp_link(number: str, text: str = "") -> str:
    """A wa.me link to `number` (international format) with a prefilled message."""
    url = "https://wa.me/" + _digits(number)
    return url + ("?text=" + _encode(text) if text else "")


def mailto_link(address: str, subject: str = "", body: str = "") -> str:
    """A mailto: URI with a prefilled subject and body (RFC 6068)."""
    query = "&".join(f"{key}={_encode(value)}" for key, value in (("subject", subject), ("body", body)) if value)
    return "mailto:" + quote(address, safe="@") + ("?" + query if query else "")


def sms_link(number: str, body: str = "") -> str:
    """An sms: URI with a prefilled body."""
    return "sms:" + _dial(number) + ("?body=" + _encode(body) if body else "")


def instagram_link(handle: str) -> str:
    """The Instagram profile of `handle`."""
    return "https://instagram.com/" + quote(handle.lstrip("@"), safe="._")


def quick_link(contact: Contact, kind: str, subject: str = "", message: str = "") -> QuickLink:
    """The link of `kind` for a contact, or a ValidationError saying what the contact lacks."""
    phone = contact.phones[0] if contact.phones else ""
    whatsapp = contact.whatsapp or phone
    if kind == "call" and phone:
        return QuickLink(kind, f"Call {phone}", tel_link(phone))
    if kind == "whatsapp" and whatsapp:
        return QuickLink(kind, f"WhatsApp {whatsapp}", whatsapp_link(whatsapp, message))
    if kind == "email" and contact.emails:
        return QuickLink(kind, f"E-mail {contact.emails[0]}", mailto_link(contact.emails[0], subject, message))
    if kind == "sms" and phone:
        return QuickLink(kind, f"SMS {phone}", sms_link(phone, message))
    if kind == "instagram" and contact.instagram:
        return QuickLink(kind, f"Instagram @{contact.instagram}", instagram_link(contact.instagram))
    if kind not in LINK_KINDS:
        raise ValidationError("link", f"unknown link {kind!r}: one of {', '.join(LINK_KINDS)}")
    missing = {
        "call": "phone number",
        "whatsapp": "WhatsApp or phone number",
        "email": "e-mail address",
        "sms": "phone number",
        "instagram": "Instagram handle",
    }[kind]
    raise ValidationError("link", f"{contact.name} has no {missing}")
