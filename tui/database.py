"""Finding, checking and opening the database: SQLite by default, PostgreSQL for a team, with the schema up to date.

The file lives at `crm.db` in the platform's user data directory unless
`--db PATH` or `CRM_DB` says otherwise; `--db postgresql://...` opens a shared
PostgreSQL database instead. A file that is not a crm database, a server that
cannot be reached, or a database written by a newer crm is refused before
anything is written to it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import platformdirs
from peewee import Database, InterfaceError, OperationalError, PostgresqlDatabase, SqliteDatabase
from peewee import DatabaseError as PeeweeDatabaseError
from playhouse.db_url import parseresult_to_dict
from playhouse.shortcuts import ReconnectMixin

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
    return _upgraded(db, str(path))


def _upgraded(db: Database, shown: str, check: Callable[[Database, str], None] | None = None) -> Database:
    """`db` connected, checked and with its schema brought up to date; closed and refused if any of it fails."""
    try:
        db.connect(reuse_if_open=True)
        if check:
            check(db, shown)
        migrations.migrate(db)
    except DatabaseRefused:
        db.close()
        raise
    except (sqlite3.DatabaseError, PeeweeDatabaseError) as error:
        db.close()
        raise DatabaseRefused(f"cannot open {shown}: {_first_line(error)}") from error
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
        raise DatabaseRefused(
            f"{path} is an SQLite database of another program, not crm's; choose another path with --db"
        )
    migrations.refuse_newer(version, str(path))


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
        reason = (error.strerror or str(error)).lower()  # strerror is None for an OSError raised without an errno
        raise DatabaseRefused(
            f"cannot create the database at {path}: {reason}; choose a writable path with --db"
        ) from error
    if not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseRefused(
            f"cannot write the database at {path}: permission denied; choose a writable path with --db"
        )


# --- PostgreSQL -------------------------------------------------------------------------------


class CrmPostgresqlDatabase(ReconnectMixin, PostgresqlDatabase):
    """PostgreSQL with SQLite's write rule (one write transaction at a time) and a fresh connection when one dies.

    SQLite lets one writer in at a time (our transactions take the lock as they begin), so a
    transaction that reads and then writes never loses another's update. Every write transaction
    here takes one advisory lock as it begins for the same guarantee; reads never wait for it. As
    with SQLite's busy timeout, a writer waits at most BUSY_TIMEOUT_S for its turn.

    A connection the server or the network dropped (a restart, an idle cut) is replaced at the next
    statement outside a transaction; inside one the error stands, as nothing may be half-redone.
    """

    reconnect_errors = (
        (OperationalError, "server closed the connection"),
        (OperationalError, "terminating connection"),
        (InterfaceError, "connection already closed"),
    )

    def begin(self, lock_type: str | None = None) -> None:
        # "DEFERRED" marks a transaction that only reads, from one snapshot of the data.
        self._reconnect(self._begin, lock_type == "DEFERRED")

    def _begin(self, reads_only: bool) -> None:
        run = super(ReconnectMixin, self).execute_sql  # statements of the transaction itself: never redone
        if reads_only:
            run("BEGIN ISOLATION LEVEL REPEATABLE READ")
            return
        run("BEGIN")
        try:
            run(f"SET LOCAL lock_timeout = '{BUSY_TIMEOUT_S}s'")
            run("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
        except PeeweeDatabaseError as error:
            with contextlib.suppress(PeeweeDatabaseError):
                run("ROLLBACK")  # the transaction is not recorded yet: nobody else would end it
            if "lock timeout" in str(error):
                raise OperationalError(
                    f"the database is busy: another crm has been writing for over {BUSY_TIMEOUT_S} s; try again"
                ) from error
            raise


def _connect_postgresql(url: str) -> PostgresqlDatabase:
    """The PostgreSQL database at `url`, reachable and upgraded, or a clear refusal."""
    shown = _without_password(url)
    parts = urlsplit(url)
    if parts.scheme not in POSTGRESQL_SCHEMES:
        raise DatabaseRefused(f"unsupported database URL {shown!r}: give a file path or a postgresql:// URL")
    try:
        options = parseresult_to_dict(parts, unquote_password=True, unquote_user=True)
    except ValueError as error:  # a port that is not a number, several hosts
        raise DatabaseRefused(f"cannot read the database URL {shown}: {error}") from error
    name = options.pop("database", None)
    if not name:
        raise DatabaseRefused(f"{shown} names no database: add it to the URL, as in postgresql://host/crm")
    options.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    db = CrmPostgresqlDatabase(name, **options)
    try:
        db.connect(reuse_if_open=True)
    except PeeweeDatabaseError as error:
        raise DatabaseRefused(f"cannot reach the PostgreSQL database {shown}: {_first_line(error)}") from error
    return _upgraded(db, shown, _refuse_foreign)


def _refuse_foreign(db: Database, shown: str) -> None:
    """Refuse a database of another program; one of a newer crm is refused before its upgrade."""
    tables = set(db.get_tables())
    if tables and "schema_version" not in tables:
        raise DatabaseRefused(f"{shown} holds another program's tables, not crm's; choose another database")
    migrations.refuse_newer(migrations.current_version(db), shown)


def _without_password(url: str) -> str:
    """`url` with no password in it, neither as user:password@ nor as ?password=."""
    parts = urlsplit(url)
    user, at, host = parts.netloc.rpartition("@")
    query = parse_qsl(parts.query, keep_blank_values=True)
    if ":" not in user and all(key != "password" for key, _ in query):
        return url
    netloc = user.partition(":")[0] + at + host
    kept = urlencode([(key, value) for key, value in query if key != "password"], safe="/")
    # Spelled out: urlunsplit drops the // of a URL with no host (postgresql:///crm?host=...).
    return (
        f"{parts.scheme}://{netloc}{parts.path}"
        + (f"?{kept}" if kept else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
