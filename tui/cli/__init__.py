"""The `crm` command: the full-screen app without a subcommand, quick jobs with one.

Every command runs the same way: parse, open the database, find the user
remembered for it, fix the clock if `--now` or `CRM_NOW` asks, run. A CrmError becomes one
`error: ...` line and exit code 1; a usage mistake exits 2.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from peewee import OperationalError

from .. import accounts, clock, database, timeparse
from ..errors import CrmError, ValidationError
from .common import Context, UsageError
from .output import error
from .parser import attach_dash_values, build_parser

if TYPE_CHECKING:
    from ..app import CrmApp
    from ..scope import Actor

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run `crm` with `argv` (default: the process's arguments); the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(attach_dash_values(sys.argv[1:] if argv is None else list(argv)))
    except SystemExit as stop:  # argparse: --help, --version, or a usage mistake (2)
        return _exit_code(stop)
    try:
        return run(args)
    except UsageError as mistake:
        try:
            args.parser.error(str(mistake))
        except SystemExit as stop:
            return _exit_code(stop)
    except CrmError as problem:
        error(str(problem))
    except OperationalError as problem:  # a locked or damaged database in the middle of a command
        error(f"the database failed: {problem}")
    except OSError as problem:  # e.g. the config folder for the remembered login cannot be written
        error(_describe_os_error(problem))
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    finally:
        database.close_database()
    return 1


def _describe_os_error(problem: OSError) -> str:
    reason = (problem.strerror or str(problem)).lower()
    return f"cannot use {problem.filename}: {reason}" if problem.filename else reason


def _exit_code(stop: SystemExit) -> int:
    if stop.code is None or isinstance(stop.code, int):
        return stop.code or 0
    return 2


def run(args: argparse.Namespace) -> int:
    """Open the database, fix the clock and run the chosen command (or the app)."""
    moment = args.now or os.environ.get("CRM_NOW") or ""
    real_now = clock.now()
    machine_zone = clock.detect_timezone()
    if moment:
        _parse_now(moment, machine_zone, real_now)  # refuse a bad --now before a database file is created
    location = database.resolve_location(args.db)
    if getattr(args, "without_database", False):  # `crm restore`: the file it replaces may be unreadable
        args.run(Context(location=location, key=database.location_key(location), actor=None), args)
        return 0
    database.open_database(location)
    key = database.location_key(location)
    # Looked up before the clock moves: whether a login is still valid is a fact of the real
    # time, and renewing it at a --now in the past would end it.
    actor = accounts.remembered_actor(key)
    if moment:
        clock.fix(_parse_now(moment, actor.timezone if actor else machine_zone, real_now))
    context = Context(location=location, key=key, actor=actor)
    if args.run is None:
        return start_app(context)
    args.run(context, args)
    return 0


def _parse_now(text: str, zone_name: str, real_now: datetime) -> datetime:
    try:
        return timeparse.parse_moment(text, clock.zone(zone_name), real_now, "now")
    except ValidationError as problem:
        raise CrmError(f"--now: {problem.message}") from None


def start_app(context: Context) -> int:
    """The full-screen app, signed in as the remembered user if there is one."""
    app = load_app(context.location, context.actor)
    app.run()
    return app.return_code or 0


def load_app(location: str, actor: Actor | None) -> CrmApp:
    """Load the full-screen app and build it, for `location` and the signed-in `actor` (None: sign-in first)."""
    # Loading creates few cycles worth collecting, and full collections over a heap that keeps
    # growing cost about 0.1 s of the first frame: the app turns collection back on once it shows.
    gc.disable()
    # Imported here: loading Textual would slow every quick subcommand down.
    from ..app import CrmApp

    return CrmApp(location, actor)
