"""Finding, checking and opening the database: SQLite by default, with the schema up to date.

The file lives at `crm.db` in the platform's user data directory unless
`--db PATH` or `CRM_DB` says otherwise. A file that is not a crm database, or
one written by a newer crm, is refused before anything is written to it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import platformdirs
from peewee import DatabaseError as PeeweeDatabaseError
from peewee import SqliteDatabase

from . import migrations
from .errors import DatabaseRefused
from .models import database

APP_NAME = "crm"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5


def default_location() -> str:
    """The default database file: `crm.db` in the user data directory."""
    return str(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "crm.db")


def resolve_location(explicit: str | None = None) -> str:
    """The database to use: `--db`, then `$CRM_DB`, then the default file."""
    return explicit or os.environ.get("CRM_DB") or default_location()


def location_key(location: str) -> str:
    """A stable name for a database location, used to remember a login per database."""
    if "://" in location:
        return location
    return str(Path(location).expanduser().resolve())


def open_database(location: str | None = None) -> SqliteDatabase:
    """Open (creating or upgrading as needed) the database at `location` and bind the models to it."""
    path = Path(resolve_location(location)).expanduser()
    if "://" in str(location or ""):
        raise DatabaseRefused(f"unsupported database URL {location!r}: give a file path")
    _check_existing(path)
    _create_private(path)
    db = SqliteDatabase(
        str(path),
        timeout=BUSY_TIMEOUT_S,
        # Write transactions take the lock up front: a transaction that reads and then writes would
        # otherwise fail at once ("database is locked") when another crm wrote in between.
        lock_type="IMMEDIATE",
        pragmas={
            "journal_mode": "wal",
            "foreign_keys": 1,
            "synchronous": "normal",
            "busy_timeout": BUSY_TIMEOUT_S * 1000,
        },
    )
    try:
        db.connect(reuse_if_open=True)
        migrations.migrate(db)
    except (sqlite3.DatabaseError, PeeweeDatabaseError) as error:
        db.close()
        raise DatabaseRefused(f"cannot open {path}: {error}") from error
    database.initialize(db)
    return db


def close_database() -> None:
    """Close the bound database, if one is open."""
    if database.obj is not None and not database.is_closed():
        database.close()


def _check_existing(path: Path) -> None:
    """Refuse a file that is not ours, or is newer than this crm, without writing to it."""
    if not path.exists():
        return
    if path.is_dir():
        raise DatabaseRefused(f"{path} is a directory: give the path of a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseRefused(f"cannot read {path}: {error.strerror}") from error
    if not header:
        return  # an empty file: a fresh database
    if header != SQLITE_HEADER:
        raise DatabaseRefused(f"{path} is not a crm database (not an SQLite file); choose another path with --db")
    try:
        probe = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)  # as_uri needs an absolute path
        try:
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = 0
            if "schema_version" in tables:
                version = probe.execute('SELECT MAX("version") FROM "schema_version"').fetchone()[0] or 0
        finally:
            probe.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseRefused(f"{path} is not a crm database ({error}); choose another path with --db") from error
    if tables and "schema_version" not in tables:
        raise DatabaseRefused(f"{path} is an SQLite database of another program, not crm's; choose another path with --db")
    if version > migrations.LATEST_VERSION:
        raise DatabaseRefused(
            f"{path} was written by a newer crm (schema {version}, this one knows {migrations.LATEST_VERSION}): "
            "upgrade crm to open it")


def _create_private(path: Path) -> None:
    """Create the folder (0700) and the file (0600) if missing, so only the owner can read them."""
    folder = path.parent
    try:
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True)
        if not path.exists():
            descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            os.close(descriptor)
    except OSError as error:
        raise DatabaseRefused(
            f"cannot create the database at {path}: {error.strerror.lower()}; choose a writable path with --db") from error
    if not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseRefused(f"cannot write the database at {path}: permission denied; choose a writable path with --db")
