"""The user's settings: their names, defaults, validation and storage.

Values live in the user's row (`name`, `timezone`) and in its `settings`
JSON, which holds only what differs from the defaults, so a new default
reaches everyone who never changed it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import clock, validation
from .errors import ValidationError
from .models import User, database
from .scope import Actor
from .terminal_text import quoted

SECRET_MASK = "********"


def _int_between(low: int, high: int) -> Callable[[str, Any], int]:
    def parse(key: str, raw: Any) -> int:
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValidationError(
                key, f"{key} must be a whole number from {low} to {high}, not {quoted(raw)}"
            ) from None
        if not low <= value <= high:
            raise ValidationError(key, f"{key} must be from {low} to {high}, not {value}")
        return value

    return parse


def _choice(*allowed: str) -> Callable[[str, Any], str]:
    def parse(key: str, raw: Any) -> str:
        value = str(raw).strip().lower()
        if value not in allowed:
            raise ValidationError(key, f"{key} must be one of {', '.join(allowed)}, not {quoted(raw)}")
        return value

    return parse


def _switch(key: str, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    value = str(raw).strip().lower()
    if value in ("on", "true", "yes", "1"):
        return True
    if value in ("off", "false", "no", "0"):
        return False
    raise ValidationError(key, f"{key} must be on or off, not {quoted(raw)}")


def _text(limit: int, spaces: bool = True) -> Callable[[str, Any], str]:
    """A one-line text setting (the one validator: no control characters); `spaces=False` for names of things."""

    def parse(key: str, raw: Any) -> str:
        value = validation.text(str(raw), key, limit)
        if not spaces and any(character.isspace() for character in value):
            raise ValidationError(key, f"{key} cannot hold spaces, not {quoted(value)}")
        return value

    return parse


def _name(key: str, raw: Any) -> str:
    return validation.display_name(str(raw), key)


def _host(key: str, raw: Any) -> str:
    value = _text(253, spaces=False)(key, raw)
    if value and not validation.is_host(value):
        raise ValidationError(
            key, f"{key} must be a host name or address such as smtp.example.com, not {quoted(value)}"
        )
    return value.lower()


def _region(key: str, raw: Any) -> str:
    value = str(raw).strip().upper()
    if value and (len(value) != 2 or not value.isalpha()):
        raise ValidationError(key, f"{key} must be a two-letter country code such as DE or US, not {quoted(raw)}")
    return value


def _zone(key: str, raw: Any) -> str:
    return clock.canonical_zone(str(raw).strip())


def _email_or_empty(key: str, raw: Any) -> str:
    value = _text(320)(key, raw)
    return validation.email(value, key) if value else ""


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    parse: Callable[[str, Any], Any]
    help: str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("display_name", "", _name, "the name crm calls you by"),
    Setting("timezone", "UTC", _zone, "your IANA time zone (reminders fire in it)"),
    Setting("birthday_lead_days", 2, _int_between(0, 60), "days before a birthday to remind you"),
    Setting("anniversary_lead_days", 2, _int_between(0, 60), "days before an anniversary to remind you"),
    Setting("followup_days", 7, _int_between(1, 365), "default follow-up interval after an interaction"),
    Setting("no_contact_days", 30, _int_between(1, 3650), "days without contact before someone needs a hit-up"),
    Setting("leap_day_rule", "feb28", _choice("feb28", "mar1"), "when a 29 February date falls in other years"),
    Setting("theme", "dark", _choice("light", "dark"), "colour theme"),
    Setting("phone_region", "", _region, "country for phone numbers typed without +code (e.g. DE)"),
    Setting("reminder_interval_s", 60, _int_between(10, 86400), "seconds between reminder checks while crm runs"),
    Setting("weekend_list_size", 5, _int_between(1, 50), "contacts on the Friday weekend list"),
    Setting("notify.desktop", True, _switch, "desktop notifications (needs a notification server)"),
    Setting("notify.terminal", "osc9", _choice("off", "osc9", "osc777", "osc99"), "terminal notification escape"),
    Setting("notify.email", False, _switch, "e-mail reminders over SMTP"),
    Setting("notify.inapp", True, _switch, "toasts and the notification center"),
    Setting("smtp.host", "", _host, "SMTP server host name"),
    Setting("smtp.port", 587, _int_between(1, 65535), "SMTP server port"),
    Setting("smtp.starttls", True, _switch, "use STARTTLS"),
    Setting("smtp.user", "", _text(320, spaces=False), "SMTP user name"),
    Setting("smtp.password", "", _text(1024), "SMTP password (or $CRM_SMTP_PASSWORD)", secret=True),
    Setting("smtp.from", "", _email_or_empty, "sender address of reminder e-mails"),
    Setting("backup.auto", True, _switch, "a daily backup when crm starts"),
    Setting("backup.keep", 7, _int_between(1, 365), "backups to keep"),
)

REPLANNING_KEYS = frozenset(
    {"timezone", "birthday_lead_days", "anniversary_lead_days", "no_contact_days", "leap_day_rule"}
)
"""Settings that move when planned reminders fall due: changing one plans them again."""

_BY_KEY = {setting.key: setting for setting in SETTINGS}
CADENCE_PREFIX = "cadence."
"""`cadence.<relationship>`: days between contacts for a relationship type."""

_cadence = _int_between(1, 3650)


def parse_value(key: str, raw: Any) -> Any:
    """The validated value of setting `key` from what the user typed."""
    if key.startswith(CADENCE_PREFIX):
        relationship = validation.text(key[len(CADENCE_PREFIX) :], "relationship", 60)
        if not relationship:
            raise ValidationError(key, "name the relationship type: cadence.friend, cadence.family, ...")
        if str(raw).strip().lower() in ("", "off", "none"):
            return None
        return _cadence(key, raw)
    setting = _BY_KEY.get(key)
    if setting is None:
        raise ValidationError(key, f"unknown setting {quoted(key)}; `crm settings` lists them")
    return setting.parse(key, raw)


def read_settings(actor: Actor) -> dict[str, Any]:
    """Every setting of `actor` with its value (defaults filled in), secrets included."""
    user = User.get_by_id(actor.user_id)
    stored = dict(user.settings or {})
    values = {setting.key: stored.get(setting.key, setting.default) for setting in SETTINGS}
    values["display_name"] = user.name
    values["timezone"] = user.timezone
    for key in sorted(stored):
        if key.startswith(CADENCE_PREFIX):
            values[key] = stored[key]
    return values


def displayed_settings(actor: Actor) -> dict[str, Any]:
    """Every setting with secrets masked, for showing."""
    values = read_settings(actor)
    for setting in SETTINGS:
        if setting.secret and values.get(setting.key):
            values[setting.key] = SECRET_MASK
    return values


def update_settings(actor: Actor, changes: dict[str, Any]) -> dict[str, Any]:
    """Validate and store several settings at once; on any bad value nothing is stored."""
    parsed = {key: parse_value(key, raw) for key, raw in changes.items()}
    with database.atomic():
        user = User.get_by_id(actor.user_id)
        stored = dict(user.settings or {})
        for key, value in parsed.items():
            if key == "display_name":
                user.name = value
            elif key == "timezone":
                user.timezone = value
            elif value is None or (key in _BY_KEY and value == _BY_KEY[key].default):
                stored.pop(key, None)
            else:
                stored[key] = value
        user.settings = stored
        user.updated_at = clock.utcnow()
        user.save()
        if any(key in REPLANNING_KEYS or key.startswith(CADENCE_PREFIX) for key in parsed):
            # Imported here: the reminder engine reads settings, so settings cannot import it at load time.
            from . import reminders

            reminders.forget_plans(actor)
    return parsed


def set_setting(actor: Actor, key: str, raw: Any) -> Any:
    """Validate and store one setting; the stored value."""
    return update_settings(actor, {key: raw})[key]


def setting_help() -> list[tuple[str, str]]:
    """Each setting key with a line saying what it does."""
    rows = [(setting.key, setting.help) for setting in SETTINGS]
    rows.append((CADENCE_PREFIX + "<relationship>", "days between contacts for that relationship type"))
    return rows
