"""`crm contacts add|list|show|edit|archive|restore|delete|tag|untag`."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from .. import clock, contacts
from ..cadence import STATUS_LABELS
from ..errors import CrmError
from ..models import Contact
from ..scope import Actor
from ..settings import read_settings
from . import prompts
from .common import Commands, Context, UsageError, whole_number
from .output import emit, emit_json, fields, table

ONE, MANY = "store", "append"
VALUE_OPTIONS = (
    # (option, ContactInput field, argparse action, metavar, help), in CLI.md's order
    ("--name", "name", ONE, "N", "full name"),
    ("--email", "emails", MANY, "E", "e-mail address (repeat for more)"),
    ("--phone", "phones", MANY, "P", "phone number (repeat for more)"),
    ("--whatsapp", "whatsapp", ONE, "P", "WhatsApp number"),
    ("--instagram", "instagram", ONE, "H", "Instagram handle"),
    ("--company", "company", ONE, "C", "company"),
    ("--title", "title", ONE, "T", "job title"),
    ("--relationship", "relationship", ONE, "R", "friend, family, colleague, school, network, services or your own"),
    ("--industry", "industry", ONE, "I", "technology, entertainment, finance, education or your own"),
    ("--location", "location", ONE, "L", "city or region"),
    ("--address", "address", ONE, "A", "postal address"),
    ("--tag", "tags", MANY, "T", "tag (repeat for more)"),
    ("--birthday", "birthday", ONE, "D", "YYYY-MM-DD, or --MM-DD without a year"),
    ("--anniversary", "anniversary", ONE, "D", "YYYY-MM-DD, or --MM-DD without a year"),
    ("--notes", "notes", ONE, "TEXT", "free notes"),
    ("--picture-url", "picture_url", ONE, "URL", "https:// address of a picture"),
    ("--cadence", "cadence_days", ONE, "DAYS", "days between contacts for this person (empty: the default)"),
)
FLAG_OPTIONS = (
    # (option, ContactInput field, value it sets, help)
    ("--vip", "vip", True, "mark as VIP"),
    ("--no-vip", "vip", False, "not a VIP"),
    ("--inactive", "active", False, "mark as inactive"),
    ("--active", "active", True, "mark as active"),
)
STAMPS = ("last_contacted", "created_at", "updated_at")


def register(commands: Commands) -> None:
    """Add the contact commands to the `crm` parser."""
    group = commands.add_parser("contacts", help="add, list, show, change and remove contacts")
    actions = group.add_subparsers(dest="contacts_action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a contact; prints its id")
    _contact_options(add, name_required=True)
    add.set_defaults(run=run_add, parser=add)

    listing = actions.add_parser("list", help="list contacts")
    listing.add_argument("--search", default="", metavar="Q", help="words to find (name, company, notes...)")
    listing.add_argument("--tag", default="", metavar="T", help="only contacts with this tag")
    listing.add_argument("--relationship", default="", metavar="R", help="only this relationship")
    listing.add_argument("--industry", default="", metavar="I", help="only this industry")
    listing.add_argument("--vip", action="store_true", help="only VIPs")
    listing.add_argument("--inactive", action="store_true", help="only inactive contacts")
    listing.add_argument("--archived", action="store_true", help="archived contacts instead of the others")
    listing.add_argument("--sort", choices=contacts.SORTS, default="name")
    listing.add_argument("--limit", type=whole_number(1), default=50, metavar="N", help="at most N (default 50)")
    listing.add_argument("--offset", type=whole_number(0), default=0, metavar="N", help="skip the first N")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)

    show = actions.add_parser("show", help="every field of one contact")
    show.add_argument("contact", metavar="CONTACT", help="id or exact name")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=run_show)

    edit = actions.add_parser(
        "edit",
        help="change the fields given, keep the others",
        description="Change only the fields given; an empty value clears a field.",
    )
    edit.add_argument("contact", metavar="CONTACT", help="id or exact name")
    _contact_options(edit, name_required=False)
    edit.set_defaults(run=run_edit, parser=edit)

    for name, run, help_text in (
        ("archive", run_archive, "hide a contact from the lists (restorable)"),
        ("restore", run_restore, "bring an archived contact back"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("contact", metavar="CONTACT", help="id or exact name")
        action.set_defaults(run=run)

    delete = actions.add_parser("delete", help="delete a contact and its history for good")
    delete.add_argument("contact", metavar="CONTACT", help="id or exact name")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    delete.set_defaults(run=run_delete)

    for name, run, help_text in (
        ("tag", run_tag, "add a tag to several contacts at once (all or none)"),
        ("untag", run_untag, "remove a tag from several contacts at once"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("tag", metavar="TAG")
        action.add_argument("contacts", nargs="+", metavar="CONTACT", help="ids or exact names")
        action.set_defaults(run=run)


def _contact_options(parser: argparse.ArgumentParser, name_required: bool) -> None:
    for option, field, action, metavar, help_text in VALUE_OPTIONS:
        parser.add_argument(
            option,
            dest=field,
            action=action,
            metavar=metavar,
            help=help_text,
            required=name_required and field == "name",
        )
    pairs: dict[str, argparse._MutuallyExclusiveGroup] = {}
    for option, field, value, help_text in FLAG_OPTIONS:
        if field not in pairs:
            pairs[field] = parser.add_mutually_exclusive_group()
        exclusive = pairs[field]
        exclusive.add_argument(option, dest=field, action="store_const", const=value, help=help_text)
    parser.add_argument(
        "--field",
        dest="custom",
        action="append",
        type=field_value,
        metavar="NAME=VALUE",
        help="a custom field's value (see crm fields; repeat for more; NAME= clears it)",
    )
    parser.add_argument(
        "--new-category",
        action="store_true",
        help="let --relationship and --industry add a category you do not have yet (else only existing ones)",
    )
    parser.add_argument("--json", action="store_true", help="print the contact as JSON")


def field_value(text: str) -> tuple[str, str]:
    """An argparse type for `--field NAME=VALUE`: the (name, value) pair."""
    name, equals, value = text.partition("=")
    if not equals or not name.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=VALUE")
    return name.strip(), value


def custom_values(args: argparse.Namespace) -> dict[str, str]:
    """The custom field values `--field` gave, by field name."""
    values: dict[str, str] = {}
    for name, value in args.custom or ():
        if name in values:
            raise UsageError(f"--field {name} is given twice: give each field once")
        values[name] = value
    return values


def given_fields(args: argparse.Namespace) -> dict[str, Any]:
    """The contact fields the command line gave (an option left out is None): text, a list of text or a flag."""
    names = [option[1] for option in VALUE_OPTIONS + FLAG_OPTIONS]
    return {name: getattr(args, name) for name in dict.fromkeys(names) if getattr(args, name) is not None}


def _print_contact(actor: Actor, contact: Contact, as_json: bool) -> None:
    if as_json:
        emit_json(contacts.contact_dict(actor, contact))
    else:
        emit(str(contact.id))


def run_add(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    contact = contacts.add_contact(
        actor, contacts.ContactInput(**given_fields(args), custom=custom_values(args)), new_categories=args.new_category
    )
    _print_contact(actor, contact, args.json)


def run_edit(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    contact = contacts.find_contact(actor, args.contact)
    data = contacts.input_from(actor, contact)
    for name, value in given_fields(args).items():
        setattr(data, name, value)
    data.custom = custom_values(args)  # the fields not given keep their values
    updated = contacts.edit_contact(actor, contact.id, data, new_categories=args.new_category)
    if args.json:
        emit_json(contacts.contact_dict(actor, updated))
    else:
        emit(f"updated contact {updated.id} ({updated.name})")


def local_time(actor: Actor, moment: datetime | None, with_time: bool = True) -> str:
    """A stored moment in the user's time zone, or "never"."""
    if moment is None:
        return "never"
    return clock.local(moment, actor.tz).strftime("%Y-%m-%d %H:%M %Z" if with_time else "%Y-%m-%d")


def run_list(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    spec = contacts.ContactFilter(
        search=args.search,
        tag=args.tag,
        relationship=args.relationship,
        industry=args.industry,
        vip=True if args.vip else None,
        active=False if args.inactive else None,
        archived=args.archived,
    )
    rows = contacts.list_contacts(actor, spec, sort=args.sort, limit=args.limit, offset=args.offset)
    if args.json:
        settings = read_settings(actor)
        emit_json([contacts.contact_dict(actor, contacts.get_contact(actor, row.id), settings) for row in rows])
    elif not rows:
        emit("no contacts")
    else:
        emit(
            table(
                ("ID", "NAME", "COMPANY", "TAGS", "LAST CONTACTED", "STATUS"),
                [
                    (
                        row.id,
                        row.name,
                        row.company,
                        row.tags,
                        local_time(actor, row.last_contacted_at, with_time=False),
                        STATUS_LABELS[row.status],
                    )
                    for row in rows
                ],
            )
        )


def describe_contact(actor: Actor, contact: Contact) -> list[tuple[str, object]]:
    """Every field of a contact as (label, value) lines for people to read."""
    lines: list[tuple[str, object]] = []
    for key, value in contacts.contact_dict(actor, contact).items():
        if key == "custom_fields":
            lines.extend((name, text) for name, text in value.items())
            continue
        if key in STAMPS:
            value = local_time(actor, getattr(contact, "last_contacted_at" if key == "last_contacted" else key))
        elif key == "status":
            value = STATUS_LABELS[value]
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        lines.append((key.replace("_", " "), value))
    return lines


def run_show(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    contact = contacts.find_contact(actor, args.contact)
    if args.json:
        emit_json(contacts.contact_dict(actor, contact))
    else:
        emit(fields(describe_contact(actor, contact)))


def run_archive(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    contact = contacts.archive_contact(actor, contacts.find_contact(actor, args.contact).id)
    emit(f"archived contact {contact.id} ({contact.name}); `crm contacts restore {contact.id}` brings it back")


def run_restore(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    contact = contacts.restore_contact(actor, contacts.find_contact(actor, args.contact).id)
    emit(f"restored contact {contact.id} ({contact.name})")


def run_delete(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    contact = contacts.find_contact(actor, args.contact)
    question = f"Delete {contact.name} (id {contact.id}) with all their interactions and reminders?"
    if not args.yes and not prompts.confirm(question, "add --yes to delete without asking"):
        raise CrmError("not deleted: the answer was not yes")
    contacts.delete_contact(actor, contact.id)
    emit(f"deleted contact {contact.id} ({contact.name})")


def _contact_ids(actor: Actor, references: list[str]) -> list[int]:
    return [contacts.find_contact(actor, reference).id for reference in references]


def run_tag(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    count = contacts.tag_contacts(actor, _contact_ids(actor, args.contacts), args.tag)
    emit(f"tagged {count} contact{'' if count == 1 else 's'} {args.tag.strip().lstrip('#')!r}")


def run_untag(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    count = contacts.untag_contacts(actor, _contact_ids(actor, args.contacts), args.tag)
    emit(f"removed the tag {args.tag.strip().lstrip('#')!r} from {count} contact{'' if count == 1 else 's'}")
