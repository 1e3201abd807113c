"""`crm timeline`: every interaction across contacts, newest first, grouped by day."""

from __future__ import annotations

import argparse
from typing import Any

from .. import clock, contacts, interactions, timeline, timeparse
from ..errors import CrmError
from ..scope import Actor
from .checks import options_named
from .common import Commands, Context, whole_number
from .interaction_commands import first_line
from .output import emit, emit_json, table


def register(commands: Commands) -> None:
    """Add the timeline command to the `crm` parser."""
    listing = commands.add_parser("timeline", help="interactions across contacts, newest first")
    listing.add_argument("--contact", metavar="CONTACT", help="only this contact (id or exact name)")
    listing.add_argument(
        "--medium", default="", metavar="M", help="only this medium: " + ", ".join(interactions.MEDIUM_LABELS)
    )
    listing.add_argument("--tag", default="", metavar="T", help="only contacts with this tag")
    listing.add_argument("--since", metavar="D", help="from this day on: YYYY-MM-DD or a short form such as -7d")
    listing.add_argument("--until", metavar="D", help="up to this day, included")
    listing.add_argument("--search", default="", metavar="TEXT", help="words in the notes, outcome or type")
    listing.add_argument("--limit", type=whole_number(1), default=50, metavar="N", help="at most N (default 50)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_timeline)


def _filter(actor: Actor, args: argparse.Namespace) -> timeline.TimelineFilter:
    now = clock.now()
    with options_named(since="--since", until="--until", medium="--medium"):
        since = timeparse.parse_day(args.since, actor.tz, now, "since") if args.since else None
        until = timeparse.parse_day(args.until, actor.tz, now, "until") if args.until else None
        medium = interactions.parse_medium(args.medium) if args.medium.strip() else ""
    if since and until and since > until:
        raise CrmError(f"--since ({since.isoformat()}) is after --until ({until.isoformat()}): swap them")
    contact_id = contacts.find_contact(actor, args.contact).id if args.contact else None
    return timeline.TimelineFilter(
        medium=medium, contact_id=contact_id, tag=args.tag, since=since, until=until, search=args.search
    )


def row_dict(row: timeline.TimelineRow) -> dict[str, Any]:
    """A timeline row as the JSON output gives it."""
    return {
        "id": row.id,
        "contact_id": row.contact_id,
        "contact_name": row.contact_name,
        "at": clock.iso_utc(row.occurred_at),
        "medium": row.medium,
        "type": row.type,
        "notes": row.notes,
        "outcome": row.outcome,
        "follow_up": row.follow_up_on,
    }


def run_timeline(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    rows = timeline.page(actor, _filter(actor, args), limit=args.limit)
    if args.json:
        emit_json([row_dict(row) for row in rows])
        return
    if not rows:
        emit("no interactions")
        return
    # One table for every row, so the columns line up across days; a heading before each day.
    lines = table(
        ("ID", "TIME", "CONTACT", "MEDIUM", "NOTES"),
        [
            (
                row.id,
                clock.local(row.occurred_at, actor.tz).strftime("%H:%M"),
                row.contact_name,
                interactions.MEDIUM_LABELS[row.medium],
                first_line(row.notes),
            )
            for row in rows
        ],
    ).split("\n")[1:]
    output, index = [], 0
    for day, group in timeline.group_by_day(rows, actor):
        output.append(("" if index == 0 else "\n") + day.strftime("%A %Y-%m-%d"))
        output.extend("  " + line for line in lines[index : index + len(group)])
        index += len(group)
    emit("\n".join(output))
