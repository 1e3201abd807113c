"""Finding, checking and opening the database: SQLite by default, PostgreSQL for a team, with the schema up to date.

The file lives at `crm.db` in the platform's user data directory unless
`--db PATH` or `CRM_DB` says otherwise; `--db postgresql://...` opens a shared
PostgreSQL database instead. A file that is not a crm database, a server that
cannot be reached, or a database written by a newer crm is refused before
anything is written to it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import platformdirs
from peewee import Database, PostgresqlDatabase, SqliteDatabase
from peewee import DatabaseError as PeeweeDatabaseError
from playhouse.db_url import parseresult_to_dict

from . import migrations
from .errors import DatabaseRefused
from .models import database

APP_NAME = "crm"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 5
POSTGRESQL_SCHEMES = ("postgresql", "postgres")
CONNECT_TIMEOUT_S = 5
WRITE_LOCK_KEY = 0x63726D  # "crm": the advisory lock every write transaction takes on PostgreSQL


def default_location() -> str:
    """The default database file: `crm.db` in the user data directory."""
    return str(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "crm.db")


def resolve_location(explicit: str | None = None) -> str:
    """The database to use: `--db`, then `$CRM_DB`, then the default file."""
    return explicit or os.environ.get("CRM_DB") or default_location()


def is_url(location: str) -> bool:
    """Whether `location` is a database URL rather than a file path."""
    return "://" in location


def location_key(location: str) -> str:
    """A stable name for a database location, used to remember a login per database (never with a password)."""
    if is_url(location):
        return _without_password(location)
    return str(Path(location).expanduser().resolve())


def describe_location(location: str) -> str:
    """The location as it may be shown: a URL without its password."""
    return _without_password(location) if is_url(location) else location


def open_database(location: str | None = None) -> Database:
    """Open (creating or upgrading as needed) the database at `location` and bind the models to it."""
    location = resolve_location(location)
    if is_url(location):
        db = _connect_postgresql(location)
    else:
        db = _connect_sqlite(Path(location).expanduser())
    database.initialize(db)
    return db


def close_database() -> None:
    """Close the bound database, if one is open."""
    if database.obj is not None and not database.is_closed():
        database.close()


# --- SQLite -----------------------------------------------------------------------------------

def _connect_sqlite(path: Path) -> SqliteDatabase:
    """The SQLite file at `path`, created or upgraded, checked first."""
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
    return db


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


# --- PostgreSQL -------------------------------------------------------------------------------

class CrmPostgresqlDatabase(PostgresqlDatabase):
    """PostgreSQL with SQLite's write rule: one write transaction at a time.

    SQLite lets one writer in at a time (our transactions take the lock as they begin), so a
    transaction that reads and then writes never loses another's update. Every write transaction
    here takes one advisory lock as it begins for the same guarantee; reads never wait for it.
    """

    def begin(self, lock_type=None):
        if lock_type == "DEFERRED":  # a transaction that only reads, from one snapshot of the data
            self.execute_sql("BEGIN ISOLATION LEVEL REPEATABLE READ")
            return
        super().begin()
        self.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))


def _connect_postgresql(url: str) -> PostgresqlDatabase:
    """The PostgreSQL database at `url`, reachable and upgraded, or a clear refusal."""
    shown = _without_password(url)
    parts = urlsplit(url)
    if parts.scheme not in POSTGRESQL_SCHEMES:
        raise DatabaseRefused(f"unsupported database URL {shown!r}: give a file path or a postgresql:// URL")
    options = parseresult_to_dict(parts, unquote_password=True, unquote_user=True)
    name = options.pop("database", None)
    if not name:
        raise DatabaseRefused(f"{shown} names no database: add it to the URL, as in postgresql://host/crm")
    options.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    db = CrmPostgresqlDatabase(name, **options)
    try:
        db.connect(reuse_if_open=True)
    except PeeweeDatabaseError as error:
        raise DatabaseRefused(f"cannot reach the PostgreSQL database {shown}: {_first_line(error)}") from error
    try:
        _refuse_foreign_or_newer(db, shown)
        migrations.migrate(db)
    except PeeweeDatabaseError as error:
        db.close()
        raise DatabaseRefused(f"cannot open {shown}: {_first_line(error)}") from error
    except DatabaseRefused:
        db.close()
        raise
    return db


def _refuse_foreign_or_newer(db: PostgresqlDatabase, shown: str) -> None:
    """Refuse a database of another program, or one whose schema a newer crm wrote."""
    tables = set(db.get_tables())
    if tables and "schema_version" not in tables:
        raise DatabaseRefused(f"{shown} holds another program's tables, not crm's; choose another database")
    version = migrations.current_version(db)
    if version > migrations.LATEST_VERSION:
        raise DatabaseRefused(
            f"{shown} was written by a newer crm (schema {version}, this one knows {migrations.LATEST_VERSION}): "
            "upgrade crm to open it")


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    netloc = f"{parts.username}@{host}" if parts.username else host
    return urlunsplit(parts._replace(netloc=netloc))


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
