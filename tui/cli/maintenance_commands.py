"""`crm dedupe`, `crm merge`, `crm merges`, `crm backup`, `crm restore`: keeping the address book and its file whole."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import backups, duplicates, merge
from ..contacts import find_contact
from ..settings import read_settings
from .checks import record_id
from .common import Commands, Context, UsageError, whole_number
from .output import emit, emit_json, table


def register(commands: Commands) -> None:
    """Add the maintenance commands to the `crm` parser."""
    dedupe = commands.add_parser("dedupe", help="list groups of likely duplicate contacts (same e-mail, phone or name)")
    dedupe.add_argument("--json", action="store_true", help="print JSON")
    dedupe.set_defaults(run=run_dedupe)

    joining = commands.add_parser(
        "merge",
        help="merge OTHER into SURVIVOR, or undo a merge with --undo",
        description="Merge two contacts: SURVIVOR keeps its id and, field by field, its own value (a blank is "
        "filled from OTHER; e-mails, phones, notes and tags are joined); everything of OTHER moves to "
        "it and OTHER is removed. `crm merge --undo` undoes the last merge.",
    )
    joining.add_argument("survivor", nargs="?", metavar="SURVIVOR", help="the contact that stays (id or exact name)")
    joining.add_argument("other", nargs="?", metavar="OTHER", help="the contact merged into it (id or exact name)")
    joining.add_argument(
        "--keep-other",
        action="append",
        default=[],
        metavar="FIELD",
        help="keep OTHER's value of FIELD (name, emails, company, birthday, ... or a custom field's name); repeatable",
    )
    joining.add_argument(
        "--keep-survivor",
        action="append",
        default=[],
        metavar="FIELD",
        help="keep SURVIVOR's value of FIELD even where it is empty; repeatable",
    )
    joining.add_argument(
        "--keep-both",
        action="append",
        default=[],
        metavar="FIELD",
        help="keep both values of FIELD (emails, phones, notes); repeatable",
    )
    joining.add_argument(
        "--undo",
        nargs="?",
        const=0,
        type=record_id,
        metavar="MERGE_ID",
        help="undo a merge: the last one, or MERGE_ID (see `crm merges`)",
    )
    joining.add_argument("--json", action="store_true", help="print the merge as JSON")
    joining.set_defaults(run=run_merge)

    log = commands.add_parser("merges", help="the merges done, newest first, with their ids for `crm merge --undo`")
    log.add_argument("--limit", type=whole_number(1), default=20, metavar="N", help="how many (default 20)")
    log.add_argument("--json", action="store_true", help="print JSON")
    log.set_defaults(run=run_merges)

    copy = commands.add_parser(
        "backup",
        help="copy the database into DIR (safe while crm runs), keeping the last N",
        description="Back the database up with SQLite's online backup API into DIR "
        "(default: a backups folder beside the database), then remove the "
        "oldest backups there beyond the last N. A PostgreSQL database is "
        "backed up with the server's own tools (pg_dump).",
    )
    copy.add_argument("directory", nargs="?", metavar="DIR", help="where the backup goes")
    copy.add_argument(
        "--keep", type=whole_number(1), metavar="N", help="backups to keep (default: the backup.keep setting, else 7)"
    )
    copy.set_defaults(run=run_backup)

    back = commands.add_parser(
        "restore",
        help="replace the database with a backup, keeping the current one",
        description="Check FILE (an SQLite crm database passing PRAGMA integrity_check), "
        "keep the current database in the backups folder, then put FILE in "
        "its place. Close crm first. Asks nothing. A PostgreSQL database is "
        "restored with the server's own tools (pg_restore, psql).",
    )
    back.add_argument("file", metavar="FILE", help="the backup to restore")
    # The current database may be the damaged one being replaced: the command does not open it first.
    back.set_defaults(run=run_restore, without_database=True)


# -- duplicates and merges -----------------------------------------------------------------------------------


def run_dedupe(ctx: Context, args: argparse.Namespace) -> None:
    groups = duplicates.find_duplicates(ctx.user())
    if args.json:
        emit_json([duplicates.group_dict(group) for group in groups])
        return
    if not groups:
        emit("no likely duplicates: no two contacts share an e-mail, a phone number or a name")
        return
    blocks = []
    for number, group in enumerate(groups, start=1):
        reasons = ", ".join(dict.fromkeys(match.label for match in group.matches))
        rows = [
            (
                member.id,
                member.name + (" (archived)" if member.archived else ""),
                member.emails,
                member.phones,
                member.company,
            )
            for member in group.members
        ]
        pair = group.pairs[0]
        blocks.append(
            f"{number}. {reasons}\n"
            + _indented(table(("ID", "NAME", "E-MAILS", "PHONES", "COMPANY"), rows))
            + f"\n   merge: crm merge {pair.first} {pair.second}"
        )
    emit("\n\n".join(blocks))
    emit(f"\n{len(groups)} group{'s' if len(groups) != 1 else ''} of likely duplicates")


def _indented(text: str) -> str:
    return "\n".join("   " + line for line in text.splitlines())


def run_merge(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    if args.undo is not None:
        if args.survivor or args.other or args.keep_other or args.keep_survivor or args.keep_both:
            raise UsageError("--undo takes only a merge id: crm merge --undo [MERGE_ID]")
        undone = merge.undo_merge(actor, args.undo or None)
        if args.json:
            emit_json(
                {
                    "merge_id": undone.merge_id,
                    "contact_id": undone.other_id,
                    "name": undone.other_name,
                    "survivor_id": undone.survivor_id,
                    "notes": undone.notes,
                }
            )
            return
        emit(f"undid merge {undone.merge_id}: {undone.other_name} is back as contact {undone.other_id}")
        for note in undone.notes:
            emit(f"note: {note}")
        return
    if not args.survivor or not args.other:
        raise UsageError("give SURVIVOR and OTHER (ids or exact names), or --undo")
    survivor, other = find_contact(actor, args.survivor), find_contact(actor, args.other)
    choices: dict[str, str] = {}
    for option, choice in (("keep_survivor", merge.SURVIVOR), ("keep_other", merge.OTHER), ("keep_both", merge.BOTH)):
        for name in getattr(args, option):
            key = merge.choice_key(actor, name)
            if key in choices and choices[key] != choice:
                raise UsageError(f"{name!r} is given to two --keep options")
            choices[key] = choice
    result = merge.merge(actor, survivor.id, other.id, choices)
    if args.json:
        emit_json(
            {
                "merge_id": result.merge_id,
                "survivor_id": result.survivor_id,
                "other_id": result.other_id,
                "moved": result.moved,
            }
        )
        return
    moved = merge.describe_moving(result.moved)
    emit(
        f"merged {result.other_name} ({result.other_id}) into {result.survivor_name} ({result.survivor_id})"
        + (f", moving {moved}" if moved else "")
        + f"; merge {result.merge_id}: `crm merge --undo {result.merge_id}` undoes it"
    )


def run_merges(ctx: Context, args: argparse.Namespace) -> None:
    actor = ctx.user()
    found = merge.list_merges(actor, args.limit)
    if args.json:
        emit_json([merge.merge_dict(entry) for entry in found])
    elif not found:
        emit("no merges yet: `crm dedupe` lists likely duplicates")
    else:
        emit(
            table(
                ("ID", "MERGED", "KEPT", "MERGED IN", "UNDONE"),
                [
                    (
                        entry.id,
                        merge.merged_at_label(entry, actor),
                        f"{entry.survivor_name} ({entry.survivor_id})",
                        f"{entry.other_name} ({entry.other_id})",
                        "yes" if entry.undone_at else "",
                    )
                    for entry in found
                ],
            )
        )


# -- backup and restore ----------------------------------------------------------------------------------------


def run_backup(ctx: Context, args: argparse.Namespace) -> None:
    keep = args.keep
    if keep is None:
        keep = read_settings(ctx.actor)["backup.keep"] if ctx.actor else backups.DEFAULT_KEEP
    result = backups.backup(ctx.location, args.directory, keep)
    emit(f"backed up to {result.path}")
    if result.removed:
        count = len(result.removed)
        emit(f"removed {count} older backup{'s' if count != 1 else ''}, keeping the last {keep}")


def run_restore(ctx: Context, args: argparse.Namespace) -> None:
    result = backups.restore(ctx.location, Path(args.file))
    emit(f"restored {result.restored_from} into {Path(ctx.location).expanduser()}")
    if result.previous is not None:
        emit(f"the database it replaced is kept at {result.previous}")
