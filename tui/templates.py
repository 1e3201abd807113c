"""Message templates (seed 004): follow-up, birthday and anniversary wishes, and the user's own.

Placeholders such as {first_name} are filled from the contact; one the
contact lacks becomes empty, and the spaces and commas around it are tidied.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from peewee import IntegrityError

from . import clock, validation
from .errors import NotFound, ValidationError
from .models import TEMPLATE_KINDS, Contact, MessageTemplate, database
from .scope import Actor, owned

PLACEHOLDERS = ("first_name", "name", "company", "title", "location", "my_name")

DEFAULT_TEMPLATES = (
    (
        "Follow-up",
        "followup",
        "Following up",
        "Hi {first_name}, it was good to talk. Following up on our "
        "conversation: shall we pick it up again this week?\n\n{my_name}",
    ),
    (
        "Birthday wish",
        "birthday",
        "Happy birthday!",
        "Happy birthday, {first_name}! Wishing you a wonderful year ahead.\n\n{my_name}",
    ),
    (
        "Anniversary wish",
        "anniversary",
        "Happy anniversary!",
        "Happy anniversary, {first_name}! All the best to you both.\n\n{my_name}",
    ),
    (
        "Catch up",
        "custom",
        "Catching up",
        "Hi {first_name}, it has been a while! How are things at {company}? Coffee soon?\n\n{my_name}",
    ),
)


@dataclass
class TemplateInput:
    name: str = ""
    kind: str = "custom"
    subject: str = ""
    body: str = ""


def check_placeholders(text: str, field: str) -> None:
    """Refuse a template text with a placeholder we cannot fill or broken braces."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        raise ValidationError(field, "unbalanced { or }: write {{ and }} for literal braces") from None
    unknown = [name for name in names if name not in PLACEHOLDERS]
    if unknown:
        raise ValidationError(
            field, f"unknown placeholder {{{unknown[0]}}}: use " + ", ".join("{" + name + "}" for name in PLACEHOLDERS)
        )


def _values(data: TemplateInput) -> dict[str, str]:
    if data.kind not in TEMPLATE_KINDS:
        raise ValidationError("kind", f"a template is one of {', '.join(TEMPLATE_KINDS)}, not {data.kind!r}")
    values = {
        "name": validation.text(data.name, "name", 100, required=True),
        "kind": data.kind,
        "subject": validation.text(data.subject, "subject", 300),
        "body": validation.text(data.body, "body", 5000, required=True, multiline=True),
    }
    check_placeholders(values["subject"], "subject")
    check_placeholders(values["body"], "body")
    return values


def ensure_defaults(actor: Actor) -> None:
    """Give `actor` the default templates the first time they look (never re-adding deleted ones)."""
    if owned(actor, MessageTemplate, MessageTemplate.id).exists():
        return
    now = clock.utcnow()
    with database.atomic():
        for name, kind, subject, body in DEFAULT_TEMPLATES:
            MessageTemplate.insert(
                user=actor.user_id, name=name, kind=kind, subject=subject, body=body, created_at=now, updated_at=now
            ).on_conflict_ignore().execute()


def list_templates(actor: Actor, kind: str | None = None) -> list[MessageTemplate]:
    """`actor`'s templates (the defaults on first use), by kind then name."""
    ensure_defaults(actor)
    query = owned(actor, MessageTemplate)
    if kind:
        query = query.where(MessageTemplate.kind == kind)
    return list(query.order_by(MessageTemplate.kind, MessageTemplate.name))


def get_template(actor: Actor, template_id: int) -> MessageTemplate:
    """One of `actor`'s templates, or NotFound."""
    template = owned(actor, MessageTemplate).where(MessageTemplate.id == template_id).first()
    if template is None:
        raise NotFound(f"no template with id {template_id}")
    return template


def save_template(actor: Actor, data: TemplateInput, template_id: int | None = None) -> MessageTemplate:
    """Create a template, or change one when `template_id` is given."""
    values = _values(data)
    now = clock.utcnow()
    try:
        with database.atomic():
            if template_id is None:
                return MessageTemplate.create(user=actor.user_id, created_at=now, updated_at=now, **values)
            template = get_template(actor, template_id)
            MessageTemplate.update(updated_at=now, **values).where(MessageTemplate.id == template.id).execute()
    except IntegrityError:
        raise ValidationError("name", f"there is already a template called {values['name']!r}") from None
    return get_template(actor, template_id)


def delete_template(actor: Actor, template_id: int) -> None:
    """Delete one of `actor`'s templates."""
    get_template(actor, template_id).delete_instance()


def placeholder_values(actor: Actor, contact: Contact) -> dict[str, str]:
    """What each placeholder means for this contact."""
    return {
        "first_name": contact.name.split()[0] if contact.name.split() else "",
        "name": contact.name,
        "company": contact.company.name if contact.company_id else "",
        "title": contact.title,
        "location": contact.location,
        "my_name": actor.name,
    }


_EMPTY = "\x00"


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with its placeholders filled; where a value is missing, no stray word, space or comma stays."""
    filled = string.Formatter().vformat(text, (), {name: values.get(name, "") or _EMPTY for name in PLACEHOLDERS})
    # "things at {company}?" with no company reads "things?"
    filled = re.sub(r"[ \t]+(?:at|from|with|in|of)[ \t]+\x00(?=[ \t]*[,.!?])", "", filled)
    filled = re.sub(r"(?m)^\x00[ \t]*[,.]?[ \t]*", "", filled)  # "{company}, hello" -> "hello"
    filled = re.sub(r"[ \t]*\x00[ \t]*(?=[,.!?])", "", filled)  # "Hi {first_name}!" -> "Hi!"
    filled = re.sub(r"[ \t]*\x00", "", filled)
    return filled.strip()
