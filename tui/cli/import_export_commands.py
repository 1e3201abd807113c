"""`crm import FILE` and `crm export`: address books in (vCard, Google, LinkedIn, Outlook, any CSV) and out."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..errors import CrmError
from .common import Commands, Context, UsageError
from .output import emit, emit_json, table

if TYPE_CHECKING:  # the import code is loaded only by the commands that use it
    from ..importing import ImportReport

IMPORT_FORMATS = ("auto", "vcard", "google", "linkedin", "outlook", "csv")
EXPORT_FORMATS = ("vcard", "csv", "json")
"""tui.importing.FORMATS and tui.exporting.EXPORT_FORMATS (a test keeps them equal): named here so that
every other command does not load the import code just to build its parser."""


def register(commands: Commands) -> None:
    """Add the import and export commands to the `crm` parser."""
    reading = commands.add_parser(
        "import",
        help="import contacts from a vCard or CSV file (or a folder of .vcf files)",
        description="Contacts already there (same id from an earlier import, else same e-mail, else same phone) "
        "get what they lack, nothing is overwritten; importing a file twice adds nothing. "
        "The whole import is one transaction. Rejected rows are reported, not an error.",
    )
    reading.add_argument("file", metavar="FILE", help="a .vcf or .csv file, or a folder of .vcf files")
    reading.add_argument(
        "--format",
        choices=IMPORT_FORMATS,
        default="auto",
        help="the file's kind (default: auto, detected from the file)",
    )
    reading.add_argument("--dry-run", action="store_true", help="only report what would be done; write nothing")
    reading.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help='for a CSV: import COLUMN as FIELD (e.g. "Mail=emails", "Notizen=notes", '
        '"Spalte=ignore"); repeat for more',
    )
    reading.add_argument("--json", action="store_true", help="print the report as JSON")
    reading.set_defaults(run=run_import, parser=reading)

    writing = commands.add_parser("export", help="export contacts (vCard 4.0, CSV) or everything (JSON)")
    writing.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        required=True,
        help="vcard: contacts as vCard 4.0; csv: contacts as CSV; json: everything you own",
    )
    writing.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    writing.set_defaults(run=run_export)


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    if not pairs:
        return None
    mapping: dict[str, str] = {}
    for pair in pairs:
        column, equals, target = pair.partition("=")
        if not equals or not column.strip() or not target.strip():
            raise UsageError(f'--map {pair!r}: write COLUMN=FIELD, e.g. --map "E-Mail=emails"')
        mapping[column.strip()] = target.strip()
    return mapping


def run_import(ctx: Context, args: argparse.Namespace) -> None:
    """`crm import FILE`: read, then preview (--dry-run) or import, and print the report."""
    from .. import importing

    actor = ctx.user()
    mapping = _mapping(args.map)
    source = importing.read_source(args.file, args.format, mapping)
    if mapping and source.layout is None:
        raise CrmError("--map is for CSV files: a vCard's fields are read by their names")
    if args.dry_run:
        report = importing.preview(actor, source)
    else:
        report = importing.apply_import(actor, source)
    with _reader_may_stop():
        if args.json:
            emit_json(report.as_dict())
        else:
            emit(describe(report, source.label))


def describe(report: ImportReport, label: str) -> str:
    """The import report as text: a summary line, then the rejected rows, possible duplicates and notes."""
    counts = (
        f"{report.created:,} created, {report.merged:,} merged, {report.unchanged:,} unchanged "
        f"(already there), {len(report.rejected):,} rejected, of {report.read:,} read"
    )
    if report.dry_run:
        lines = [f"Dry run of {report.source} ({label}): nothing was written. It would make: {counts}."]
    else:
        lines = [f"Imported {report.source} ({label}): {counts}."]
    extra = [
        f"{count:,} new {noun if count == 1 else plural}"
        for count, noun, plural in ((report.companies, "company", "companies"), (report.tags, "tag", "tags"))
        if count
    ]
    if report.fields:
        extra.append("new custom fields " + ", ".join(report.fields))
    if report.categories:
        extra.append("new categories " + ", ".join(report.categories))
    if extra:
        lines.append(("Would add " if report.dry_run else "Added ") + "; ".join(extra) + ".")
    lines += [f"note: {warning}" for warning in report.warnings]
    if report.rejected:
        lines += [
            "",
            "Rejected:",
            table(
                ("LINE", "WHERE", "REASON"), [(item.line or "", item.where, item.reason) for item in report.rejected]
            ),
        ]
    if report.duplicates:
        lines += [
            "",
            "Possible duplicates (created; same name as a contact, nothing else in common):",
            table(
                ("LINE", "WHERE", "NAME", "SAME NAME AS"),
                [(item.line or "", item.where, item.name, item.matches) for item in report.duplicates],
            ),
        ]
    if report.notes:
        lines += [
            "",
            "Values kept in the contact's notes instead of their field:",
            table(("LINE", "WHERE", "NOTE"), [(item.line or "", item.where, item.message) for item in report.notes]),
        ]
    return "\n".join(lines)


def run_export(ctx: Context, args: argparse.Namespace) -> None:
    """`crm export --format F [-o FILE]`."""
    from .. import exporting

    actor = ctx.user()
    if args.output:
        count = exporting.export_to_path(actor, args.format, args.output)
        what = "everything you own, with" if args.format == "json" else "exported"
        emit(f"{args.output}: {what} {count:,} contact{'s' if count != 1 else ''}")
        return
    with _reader_may_stop():
        exporting.export(actor, args.format, sys.stdout)


@contextmanager
def _reader_may_stop() -> Iterator[None]:
    """Output to a reader that may stop early (`crm export --format vcard | head`): no error of ours."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        sys.stdout = open(os.devnull, "w")  # so that the interpreter's own flush at exit stays quiet
