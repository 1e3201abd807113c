"""What SQLite and PostgreSQL spell differently, in one place, so the domain's queries read the same on both.

The domain modules build their queries with Peewee, which already speaks both
dialects; what Peewee cannot say for them lives here: full-text search, day
arithmetic, JSON list elements, string aggregation, bulk inserts with ids
chosen in advance, and the placeholders of hand-written SQL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from peewee import SQL, BooleanField, Case, Cast, Field, Node, PostgresqlDatabase, Value, fn

from .models import BaseModel, database

_WORD = re.compile(r"\w+")  # a word as PostgreSQL's index splits them (and SQLite's unicode61)


def is_postgresql() -> bool:
    """Whether the models are bound to a PostgreSQL database (otherwise SQLite)."""
    return isinstance(database.obj, PostgresqlDatabase)


def _placeholders(sql: str) -> str:
    """Hand-written SQL, written with SQLite's `?` placeholders, in the bound database's own style."""
    # Our hand-written SQL holds no literal `?` or `%`, so a plain swap is exact.
    return sql.replace("?", "%s") if is_postgresql() else sql


def execute(sql: str, params: Sequence[Any] = ()) -> Any:
    """Run hand-written SQL (with `?` placeholders) on the bound database; its cursor."""
    return database.execute_sql(_placeholders(sql), params)


# --- expressions ------------------------------------------------------------------------------


def day_number(moment: Node | date | str) -> Node:
    """A moment (a column, or a datetime or date) as a number of days on a fixed scale.

    Only differences and comparisons between day numbers mean anything: the two engines count
    from different origins.
    """
    if is_postgresql():
        if isinstance(moment, (datetime, date, str)):
            moment = Cast(Value(moment), "timestamp")
        return fn.date_part("epoch", moment) / 86400.0
    if isinstance(moment, date):  # a datetime too: the text SQLite stores, not the driver's default adapter
        moment = moment.isoformat(" ") if isinstance(moment, datetime) else moment.isoformat()
    return fn.julianday(moment)


def as_moment(column: Node) -> Node:
    """A text column holding stored moments (as from a VALUES list), compared as a moment."""
    return Cast(column, "timestamp") if is_postgresql() else column


def count_where(condition: Node) -> Node:
    """How many rows of a group satisfy `condition` (PostgreSQL cannot add up booleans)."""
    return fn.SUM(Case(None, [(condition, 1)], 0))


def latest_of(*values: Node) -> Node:
    """The largest of several values in one row (SQLite's many-argument max, PostgreSQL's GREATEST)."""
    return fn.GREATEST(*values) if is_postgresql() else fn.MAX(*values)


def joined_names(column: str, separator: str, order: str) -> str:
    """An aggregate joining `column`'s values of a group with `separator`, sorted by `order`, as SQL text.

    SQLite's group_concat takes the rows as they come: feed it from a subquery sorted the same way.
    """
    if is_postgresql():
        return f"string_agg({column}, '{separator}' ORDER BY {order})"
    return f"group_concat({column}, '{separator}')"


def joined_ids(column: str, distinct: bool = False) -> str:
    """An aggregate joining the integer `column` of a group with commas, as SQL text."""
    inner = f"DISTINCT {column}" if distinct else column
    if is_postgresql():
        return f"string_agg({inner}::text, ',')"
    return f"group_concat({inner})"


def json_elements(column: str, alias: str) -> str:
    """A table of the elements of a JSON list `column`, each as text in `alias`."value", as SQL text."""
    if is_postgresql():
        return f'jsonb_array_elements_text({column}) AS {alias}("value")'
    return f"json_each({column}) AS {alias}"


def integer_list_param() -> str:
    """SQL text for the integers of a JSON list passed as one parameter (as a subquery)."""
    if is_postgresql():
        return "(SELECT CAST(v AS INTEGER) FROM jsonb_array_elements_text(CAST(%s AS jsonb)) AS v)"
    return '(SELECT "value" FROM json_each(?))'


# --- full-text search -------------------------------------------------------------------------


def _fts5_query(search: str) -> str:
    """An FTS5 query matching every word of `search` as a prefix; FTS5 syntax is neutralised."""
    return " ".join('"' + word + '"*' for word in search.replace('"', " ").split())


def has_search_words(search: str) -> bool:
    """Whether `search` holds anything to search for: a word (punctuation alone filters nothing, on both engines)."""
    return bool(_WORD.search(search or ""))


def matching_ids(index: str, search: str) -> Node:
    """A subquery of the ids whose text in the search `index` (contact_search, interaction_search) matches `search`.

    Every word must match, as the start of a word; case and accents are ignored.
    """
    if is_postgresql():
        # The query is folded into words by the database, by the very rules that made the documents.
        return SQL(f'(SELECT "id" FROM "{index}" WHERE "document" @@ "crm_search_query"(%s))', [search])
    return SQL(f'(SELECT rowid FROM "{index}" WHERE "{index}" MATCH ?)', [_fts5_query(search)])


# --- bulk writes ------------------------------------------------------------------------------


def insert_rows(model: type[BaseModel], fields: Sequence[Field], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert `rows` (values in stored form, in the order of `fields`) with one prepared statement."""
    # Peewee's insert_many builds a query node per value: about 65 µs a row against 23 µs for
    # executemany, which at a million interactions is a minute against twenty seconds.
    rows = list(rows)
    if not rows:
        return
    columns = ", ".join(f'"{item.column_name}"' for item in fields)
    insert = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES '
    if is_postgresql():
        from psycopg2.extras import execute_values  # only a PostgreSQL database needs the driver

        # Booleans are stored as 0/1 by SQLite's rules; PostgreSQL wants true booleans. One statement per
        # page of rows, not per row: a round trip to the server each is what a bulk insert must avoid.
        flags = [index for index, item in enumerate(fields) if isinstance(item, BooleanField)]
        if flags:
            rows = [
                tuple(bool(value) if index in flags and value is not None else value for index, value in enumerate(row))
                for row in rows
            ]
        execute_values(database.cursor(), insert + "%s", rows, page_size=1000)
        return
    marks = ", ".join(database.param for _ in fields)
    database.cursor().executemany(f"{insert}({marks})", rows)


def reserve_ids(model: type[BaseModel], count: int) -> int:
    """The first of `count` consecutive ids no row of `model` has had, so rows can point at rows not yet written.

    Call it inside a write transaction, and insert the rows with exactly these ids.
    """
    table = model._meta.table_name
    if is_postgresql():
        if count <= 0:
            return 0
        # Under the write transaction's lock nobody else inserts here, so the block is ours alone.
        sequence = f"pg_get_serial_sequence('\"{table}\"', 'id')"
        first = database.execute_sql(f"SELECT nextval({sequence})").fetchone()[0]
        database.execute_sql(f"SELECT setval({sequence}, %s)", (first + count - 1,))
        return first
    # The tables are AUTOINCREMENT so that the id of a deleted row is never handed out again:
    # count from the highest id ever used, not the highest still there.
    used = database.execute_sql('SELECT seq FROM "sqlite_sequence" WHERE name = ?', (table,)).fetchone()
    return max(used[0] if used else 0, model.select(fn.MAX(model.id)).scalar() or 0) + 1


def defer_foreign_keys() -> None:
    """Check foreign keys at the end of the current transaction instead of after each statement."""
    if is_postgresql():
        database.execute_sql("SET CONSTRAINTS ALL DEFERRED")
    else:
        database.execute_sql("PRAGMA defer_foreign_keys = ON")


def insert_statement(table: str, columns: Sequence[str], ignore_conflicts: bool = False) -> str:
    """An INSERT of one row into `table` (with `?` placeholders, for `execute`); with `ignore_conflicts`,
    a row clashing with a unique key is skipped."""
    names = ", ".join(f'"{name}"' for name in columns)
    marks = ", ".join("?" for _ in columns)
    if not ignore_conflicts:
        return f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
    if is_postgresql():
        return f'INSERT INTO "{table}" ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING'
    return f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({marks})'
