"""Custom fields (seed 002): fields a user defines once that every contact then has."""

from __future__ import annotations

import re
from datetime import date

from peewee import IntegrityError, fn

from . import clock, validation
from .errors import NotFound, ValidationError
from .models import CUSTOM_FIELD_KINDS, Contact, CustomField, CustomFieldValue, database
from .scope import Actor, owned
from .terminal_text import quoted

VALUE_LIMIT = 2000
_NUMBER = re.compile(r"[-+]?[0-9]{1,15}(?:\.[0-9]{1,15})?")
"""A number field's value: ASCII digits, a sign, a decimal point; never nan, inf or an exponent."""
MAX_CHOICES = 50


def define_field(actor: Actor, name: str, kind: str, choices: list[str] | tuple[str, ...] = ()) -> CustomField:
    """A new custom field of `actor`: text, number, date, or choice (with its choices)."""
    label = validation.text(name, "name", 60, required=True)
    if kind not in CUSTOM_FIELD_KINDS:
        raise ValidationError("kind", f"a field is one of {', '.join(CUSTOM_FIELD_KINDS)}, not {quoted(kind)}")
    options = [validation.text(choice, "choices", 60) for choice in choices]
    options = [option for index, option in enumerate(options) if option and option not in options[:index]]
    if kind == "choice" and not options:
        raise ValidationError("choices", "a choice field needs at least one choice")
    if len(options) > MAX_CHOICES:
        raise ValidationError("choices", f"at most {MAX_CHOICES} choices")
    position = (owned(actor, CustomField, fn.MAX(CustomField.position)).scalar() or 0) + 1
    try:
        with database.atomic():
            return CustomField.create(
                owner=actor.user_id,
                name=label,
                kind=kind,
                choices=options if kind == "choice" else [],
                position=position,
                created_at=clock.utcnow(),
            )
    except IntegrityError:
        raise ValidationError("name", f"there is already a field called {quoted(label)}") from None


def list_fields(actor: Actor) -> list[CustomField]:
    """`actor`'s custom fields, in the order they were defined."""
    return list(owned(actor, CustomField).order_by(CustomField.position, CustomField.id))


def delete_field(actor: Actor, field_id: int) -> None:
    """Delete a custom field and its value on every contact."""
    deleted = CustomField.delete().where((CustomField.id == field_id) & (CustomField.owner == actor.user_id)).execute()
    if not deleted:
        raise NotFound(f"no custom field with id {field_id}")


def parse_value(field: CustomField, raw: str) -> str:
    """The stored text of a value for `field`, or a ValidationError naming the field."""
    key = f"custom:{field.name}"
    value = validation.text(raw, key, VALUE_LIMIT, multiline=field.kind == "text")
    if not value:
        return ""
    if field.kind == "number":
        number = value.replace(",", ".")
        if not _NUMBER.fullmatch(number):
            raise ValidationError(
                key,
                f"{field.name} must be a number, not {quoted(value)} (digits such as 42, -3.5 or 1,25; no exponent)",
            )
        return number
    if field.kind == "date":
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValidationError(key, f"{field.name} must be a date (YYYY-MM-DD), not {quoted(value)}") from None
    if field.kind == "choice" and value not in field.choices:
        raise ValidationError(key, f"{field.name} must be one of {', '.join(field.choices)}, not {quoted(value)}")
    return value


def parse_values(actor: Actor, raw_values: dict[str, str]) -> dict[int, str]:
    """Values typed for custom fields (by field name) checked against `actor`'s fields: {field id: text}."""
    fields = {field.name: field for field in list_fields(actor)}
    parsed = {}
    for name, raw in raw_values.items():
        field = fields.get(name)
        if field is None:
            raise ValidationError(f"custom:{name}", f"there is no custom field called {quoted(name)}")
        parsed[field.id] = parse_value(field, raw)
    return parsed


def store_values(contact_id: int, parsed: dict[int, str]) -> None:
    """Write parsed values on a contact (an empty value removes it); the caller holds the transaction."""
    for field_id, value in parsed.items():
        if value:
            (
                CustomFieldValue.insert(field=field_id, contact=contact_id, value=value)
                .on_conflict(
                    conflict_target=[CustomFieldValue.contact, CustomFieldValue.field],
                    update={CustomFieldValue.value: value},
                )
                .execute()
            )
        else:
            CustomFieldValue.delete().where(
                (CustomFieldValue.contact == contact_id) & (CustomFieldValue.field == field_id)
            ).execute()


def values_for(actor: Actor, contact_id: int) -> dict[str, str]:
    """Every custom field of `actor` with its value on one contact ("" when unset)."""
    if not owned(actor, Contact, Contact.id).where(Contact.id == contact_id).exists():
        raise NotFound(f"no contact with id {contact_id}")
    stored = {
        row.field_id: row.value for row in CustomFieldValue.select().where(CustomFieldValue.contact == contact_id)
    }
    return {field.name: stored.get(field.id, "") for field in list_fields(actor)}
