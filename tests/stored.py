"""What a database holds, read the same way on SQLite and PostgreSQL, for before-and-after comparisons.

Rows come back as the engine stores them; JSON documents (dicts and lists on PostgreSQL) are turned
into their text so that rows can be hashed and compared.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from tui import sql_dialect
from tui.models import database

SEARCH_INDEXES = ("contact_search", "interaction_search")


def _hashable(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return value


def rows(sql: str) -> list[tuple]:
    """The rows of `sql` on the bound database, with JSON documents as text."""
    return [tuple(_hashable(value) for value in row) for row in database.execute_sql(sql).fetchall()]


def search_index(index: str) -> list[tuple]:
    """Every entry of a search index: its id and its text (the words on PostgreSQL), in id order."""
    if sql_dialect.is_postgresql():
        return rows(f'SELECT "id", CAST("document" AS TEXT) FROM "{index}" ORDER BY 1')
    return rows(f'SELECT rowid, * FROM "{index}" ORDER BY rowid')


def indexed_ids(index: str) -> set[int]:
    """The ids a search index has an entry for."""
    return {row[0] for row in search_index(index)}


def foreign_key_problems() -> list[tuple]:
    """Rows pointing at rows that are not there (PostgreSQL refuses them when they are written)."""
    if sql_dialect.is_postgresql():
        return []
    return database.execute_sql("PRAGMA foreign_key_check").fetchall()


def fingerprint(location: str | Path, leave_out: tuple[str, ...] = ()) -> str:
    """A digest of every row of every table (but `leave_out`), read on a connection of its own."""
    digest = hashlib.sha256()
    for table, table_rows in _every_table(str(location), leave_out):
        for row in table_rows:
            digest.update(repr((table, row)).encode())
    return digest.hexdigest()


def _every_table(location: str, leave_out: tuple[str, ...]):
    if "://" in location:
        import psycopg2  # only a PostgreSQL run needs the driver

        connection = psycopg2.connect(location)
        listing = (
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
        )
    else:
        connection = sqlite3.connect(location)
        # The FTS5 shadow tables (contact_search_data...) are the index's own bookkeeping.
        listing = (
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'contact_search_%' AND name NOT LIKE 'interaction_search_%' ORDER BY name"
        )
    try:
        cursor = connection.cursor()
        cursor.execute(listing)
        for (table,) in cursor.fetchall():
            if table in leave_out:
                continue
            cursor.execute(f'SELECT * FROM "{table}"')
            # Sorted here: ORDER BY 1 leaves ties (contact_tag) in whatever order the engine reads them.
            yield table, sorted((tuple(_hashable(value) for value in row) for row in cursor.fetchall()), key=repr)
    finally:
        connection.close()
