"""The ordered schema migrations and the runner that applies them.

Each migration is a numbered SQL file per engine (`sqlite/0001_initial.sql`,
`postgresql/0001_initial.sql`, ...): the two folders are twins, number for
number, so a database of either engine at version N has the same tables and
columns. A database records the versions applied in `schema_version`; opening
it applies the missing ones, all in one transaction, so an upgrade either
completes or leaves the database as it was.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass
from importlib import resources

from peewee import Database, PostgresqlDatabase

from .. import clock
from ..errors import DatabaseRefused


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


def _split_statements(script: str) -> tuple[str, ...]:
    """The statements of a SQL script; trigger bodies stay whole."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        if not pending and (not line.strip() or line.lstrip().startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"unterminated SQL statement: {pending[:60]!r}")
    return tuple(statements)


@functools.cache
def load_migrations(dialect: str = "sqlite") -> tuple[Migration, ...]:
    """Every migration for `dialect` ("sqlite" or "postgresql"), in version order; read once, when first needed."""
    folder = resources.files(__package__) / dialect
    found = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        number, _, rest = entry.name.removesuffix(".sql").partition("_")
        script = entry.read_text("utf-8")
        # PostgreSQL takes a whole script in one call, function bodies ($$ ... $$) and all.
        statements = (script,) if dialect == "postgresql" else _split_statements(script)
        found.append(Migration(int(number), rest.replace("_", " "), statements))
    found.sort(key=lambda migration: migration.version)
    versions = [migration.version for migration in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1, 2, 3... without gaps; found {versions}")
    return tuple(found)


LATEST_VERSION = load_migrations("sqlite")[-1].version
"""The schema this crm writes; the postgresql folder is its twin, number for number (a test says so)."""
_MOMENT_TYPE = {"sqlite": "DATETIME", "postgresql": "TIMESTAMP"}


def refuse_newer(version: int, where: str, wanted: str = "open it") -> None:
    """Refuse the database at `where` when a newer crm wrote its schema (`version`)."""
    if version > LATEST_VERSION:
        raise DatabaseRefused(
            f"{where} was written by a newer crm (schema {version}, this one knows "
            f"{LATEST_VERSION}): upgrade crm to {wanted}"
        )


def dialect_of(db: Database) -> str:
    """The migrations folder for `db`'s engine."""
    return "postgresql" if isinstance(db, PostgresqlDatabase) else "sqlite"


def current_version(db: Database) -> int:
    """The highest schema version applied to `db`, 0 for an empty database."""
    if not db.table_exists("schema_version"):
        return 0
    row = db.execute_sql('SELECT MAX("version") FROM "schema_version"').fetchone()
    return row[0] or 0


def migrate(db: Database, target: int = LATEST_VERSION) -> list[int]:
    """Apply the migrations `db` lacks, up to `target`, in one transaction; the versions applied."""
    applied = []
    dialect = dialect_of(db)
    with db.atomic():
        db.execute_sql(
            'CREATE TABLE IF NOT EXISTS "schema_version" ('
            '"version" INTEGER NOT NULL PRIMARY KEY, "description" TEXT NOT NULL, '
            f'"applied_at" {_MOMENT_TYPE[dialect]} NOT NULL)'
        )
        start = current_version(db)
        refuse_newer(start, "the database")  # a newer crm may have upgraded it while this one waited for the lock
        for migration in load_migrations(dialect):
            if start < migration.version <= target:
                for statement in migration.statements:
                    db.execute_sql(statement)
                db.execute_sql(
                    'INSERT INTO "schema_version" ("version", "description", "applied_at") '
                    f"VALUES ({db.param}, {db.param}, {db.param})",
                    (migration.version, migration.description, clock.utcnow()),
                )
                applied.append(migration.version)
    return applied
