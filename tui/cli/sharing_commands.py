"""`crm share`, `crm shares [show ID]` and `crm unshare`: one contact shared with another user of the database."""

from __future__ import annotations

import argparse
from typing import Any

from .. import clock, contacts, interactions, sharing
from ..errors import CrmError
from ..sharing import ShareInfo
from .checks import options_named, record_id
from .common import Commands, Context
from .output import emit, emit_json, fields, table

TIMELINE_SHOWN = 20


def register(commands: Commands) -> None:
    """Add the sharing commands to the `crm` parser."""
    share = commands.add_parser(
        "share",
        help="share one of your contacts with another user of this database",
        description="Share a contact with the user who signed up with EMAIL. They see it under "
        '"Shared with me": its fields and timeline, and with view_add they can log interactions '
        "on it (never edit it). Sharing again with the same person replaces the permission, "
        "expiry and note.",
    )
    share.add_argument("contact", metavar="CONTACT", help="id or exact name of your contact")
    share.add_argument("--with", dest="recipient", required=True, metavar="EMAIL", help="the recipient's e-mail")
    share.add_argument(
        "--permission",
        default="view",
        metavar="view|view_add",
        help="view (the default), or view_add: view and add notes",
    )
    share.add_argument(
        "--expires",
        default="",
        metavar="D",
        help="the last day it holds: YYYY-MM-DD or a short form such as +1w (default: never)",
    )
    share.add_argument("--note", default="", metavar="TEXT", help="a message for the recipient")
    share.add_argument("--json", action="store_true", help="print the share as JSON")
    share.set_defaults(run=run_share)

    shares = commands.add_parser("shares", help="what you share and what is shared with you")
    shares.add_argument("--json", action="store_true", help='print JSON: {"given": [...], "received": [...]}')
    shares.set_defaults(run=run_shares)
    actions = shares.add_subparsers(dest="shares_action", metavar="ACTION")
    show = actions.add_parser("show", help="a contact shared with you: its fields and timeline")
    show.add_argument("id", type=record_id, metavar="SHARE_ID")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=run_show)

    unshare = commands.add_parser("unshare", help="revoke a share you made, or drop one made to you")
    unshare.add_argument("id", type=record_id, metavar="SHARE_ID")
    unshare.set_defaults(run=run_unshare)


def until(info: ShareInfo) -> str:
    """The share's last day, "never", or "expired" once it has passed."""
    if info.expired:
        return f"expired {info.expires_on}"
    return info.expires_on.isoformat() if info.expires_on else "never"


def run_share(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    contact = contacts.find_contact(actor, args.contact)
    with options_named(**{"with": "--with", "permission": "--permission", "expires": "--expires", "note": "--note"}):
        info = sharing.share(
            actor, contact.id, args.recipient, args.permission, sharing.parse_expiry(actor, args.expires), args.note
        )
    if args.json:
        emit_json(sharing.share_dict(info))
    else:
        lasts = f"until {until(info)}" if info.expires_on else "no expiry"
        emit(
            f"shared {info.contact_name} with {info.recipient_name} <{info.recipient_email}>: "
            f"{info.permission_label}, {lasts} (share {info.id})"
        )


def run_shares(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    given, received = sharing.shares_given(actor), sharing.shares_received(actor)
    if args.json:
        emit_json(
            {
                "given": [sharing.share_dict(info) for info in given],
                "received": [sharing.share_dict(info) for info in received],
            }
        )
        return
    emit("Shared by me:")
    emit(
        table(
            ("ID", "CONTACT", "WITH", "PERMISSION", "UNTIL", "NOTE"),
            [
                (
                    info.id,
                    info.contact_name,
                    f"{info.recipient_name} <{info.recipient_email}>",
                    info.permission,
                    until(info),
                    info.note,
                )
                for info in given
            ],
        )
        if given
        else "  nothing: share a contact with `crm share CONTACT --with EMAIL`"
    )
    emit("")
    emit("Shared with me:")
    emit(
        table(
            ("ID", "CONTACT", "FROM", "PERMISSION", "UNTIL", "NOTE"),
            [
                (
                    info.id,
                    info.contact_name,
                    f"{info.owner_name} <{info.owner_email}>",
                    info.permission,
                    until(info),
                    info.note,
                )
                for info in received
            ],
        )
        if received
        else "  nothing"
    )


def run_show(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    info = sharing.get_share(actor, args.id)
    if info.recipient_id != actor.user_id:
        raise CrmError(f"share {info.id} is one you made: `crm contacts show {info.contact_id}` shows the contact")
    seen = sharing.shared_contact(actor, info.contact_id)
    timeline = sharing.shared_timeline(actor, info.contact_id, TIMELINE_SHOWN)
    if args.json:
        emit_json(
            {
                "share": sharing.share_dict(info),
                "contact": seen.details,
                "timeline": [_entry_dict(entry) for entry in timeline],
            }
        )
        return
    details = seen.details
    emit(
        fields(
            [
                ("Name", details["name"]),
                ("Shared by", f"{info.owner_name} <{info.owner_email}>"),
                ("Permission", info.permission_label),
                ("Until", until(info)),
                ("Note", info.note),
                ("E-mails", details["emails"]),
                ("Phones", details["phones"]),
                ("Company", details["company"]),
                ("Title", details["title"]),
                ("Location", details["location"]),
                ("Tags", details["tags"]),
                ("Birthday", details["birthday"]),
                ("Notes", details["notes"]),
            ]
        )
    )
    emit("")
    if not timeline:
        emit("no interactions yet")
        return
    emit(
        table(
            ("WHEN", "MEDIUM", "BY", "NOTES"),
            [
                (
                    clock.local(entry.occurred_at, actor.tz).strftime("%Y-%m-%d %H:%M"),
                    interactions.MEDIUM_LABELS.get(entry.medium, entry.medium),
                    "you" if entry.author_id == actor.user_id else entry.author_name or "-",
                    entry.notes,
                )
                for entry in timeline
            ],
        )
    )


def _entry_dict(entry: sharing.SharedInteraction) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": clock.iso_utc(entry.occurred_at),
        "medium": entry.medium,
        "type": entry.type,
        "notes": entry.notes,
        "outcome": entry.outcome,
        "follow_up": entry.follow_up_on,
        "author_id": entry.author_id,
        "author_name": entry.author_name,
    }


def run_unshare(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    info = sharing.revoke(actor, args.id)
    if info.owner_id == actor.user_id:
        emit(f"{info.contact_name} is no longer shared with {info.recipient_name} <{info.recipient_email}>")
    else:
        emit(f"dropped {info.contact_name}, shared by {info.owner_name}")
