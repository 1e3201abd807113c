"""`crm link CONTACT KIND` (call, WhatsApp, e-mail, SMS, Instagram links) and `crm templates`."""

from __future__ import annotations

import argparse

from .. import contacts, links, templates
from ..errors import CrmError, NotFound
from ..models import TEMPLATE_KINDS, MessageTemplate
from ..scope import Actor
from .common import Commands, Context
from .output import emit, emit_json, table


def register(commands: Commands) -> None:
    """Add the quick link and template commands to the `crm` parser."""
    link = commands.add_parser(
        "link",
        help="a call, WhatsApp, e-mail, SMS or Instagram link for a contact",
        description="Print a link that opens a call, chat or message to a contact; "
        "with --template, the message is prefilled from the contact.",
    )
    link.add_argument("contact", metavar="CONTACT", help="id or exact name")
    link.add_argument("kind", metavar="KIND", choices=links.LINK_KINDS, help=", ".join(links.LINK_KINDS))
    link.add_argument("--template", metavar="NAME_OR_ID", help="a message template (see crm templates)")
    link.add_argument("--json", action="store_true", help="print JSON")
    link.set_defaults(run=run_link)

    listing = commands.add_parser("templates", help="the message templates for links")
    listing.add_argument("--kind", choices=TEMPLATE_KINDS, help="only this kind")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_templates)


def find_template(actor: Actor, reference: str) -> MessageTemplate:
    """A template named by id, or by its name (any case)."""
    text = reference.strip()
    if text.isascii() and text.isdigit():  # not "²": str.isdigit takes it, int() does not
        return templates.get_template(actor, int(text))
    for template in templates.list_templates(actor):
        if template.name.casefold() == text.casefold():
            return template
    raise NotFound(f"no template named {text!r}: `crm templates` lists them")


def run_link(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    contact = contacts.find_contact(actor, args.contact)
    subject = message = ""
    if args.template is not None:
        if args.kind in ("call", "instagram"):
            raise CrmError(f"a {args.kind} link carries no message: leave out --template")
        template = find_template(actor, args.template)
        values = templates.placeholder_values(actor, contact)
        subject, message = templates.fill(template.subject, values), templates.fill(template.body, values)
    link = links.quick_link(contact, args.kind, subject, message)
    if args.json:
        emit_json({"contact_id": contact.id, "kind": link.kind, "label": link.label, "url": link.url})
    else:
        emit(link.url)


def run_templates(ctx: Context, args: argparse.Namespace) -> None:
    found = templates.list_templates(ctx.user(), args.kind)
    if args.json:
        emit_json(
            [
                {
                    "id": template.id,
                    "name": template.name,
                    "kind": template.kind,
                    "subject": template.subject,
                    "body": template.body,
                }
                for template in found
            ]
        )
    elif not found:
        emit("no templates")
    else:
        emit(
            table(
                ("ID", "NAME", "KIND", "SUBJECT"),
                [(template.id, template.name, template.kind, template.subject) for template in found],
            )
        )
