"""Rows as stored, for the merge log: read them exactly, and put them back exactly.

A merge keeps the rows it moves or removes as the database holds them (text, numbers,
NULLs: what `SELECT *` returns), so an undo writes back the very same values, ids
included. The caller holds the transaction. On PostgreSQL, moments and JSON come back as
Python objects; they are kept in the text form SQLite stores, so the log reads the same on
both engines and every value goes back into its column as it came.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from peewee import ForeignKeyField

from .models import MODELS, BaseModel
from .sql_dialect import execute, insert_statement

Row = dict[str, Any]


def table_of(model: type[BaseModel]) -> str:
    """The table a model is stored in."""
    return model._meta.table_name


def model_named(table: str) -> type[BaseModel]:
    """The model stored in `table`."""
    for model in MODELS:
        if table_of(model) == table:
            return model
    raise KeyError(table)


def select_rows(table: str, column: str, values: Iterable[Any]) -> list[Row]:
    """Every row of `table` whose `column` is one of `values`, as stored, in id order when there is one."""
    wanted = list(values)
    if not wanted:
        return []
    rows: list[Row] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        cursor = execute(f'SELECT * FROM "{table}" WHERE "{column}" IN ({marks})', chunk)
        names = [description[0] for description in cursor.description]
        rows.extend(
            {name: _as_stored(value) for name, value in zip(names, row, strict=True)} for row in cursor.fetchall()
        )
    if rows and "id" in rows[0]:
        rows.sort(key=lambda row: row["id"])
    return rows


def insert_rows(table: str, rows: Iterable[Row], ignore_conflicts: bool = False) -> int:
    """Write rows back as they were; how many went in (a conflicting one is skipped when `ignore_conflicts`)."""
    written = 0
    for row in rows:
        cursor = execute(insert_statement(table, list(row), ignore_conflicts), list(row.values()))
        written += cursor.rowcount
    return written


def update_row(table: str, row_id: int, values: Row) -> None:
    """Set some columns of one row to stored values."""
    if not values:
        return
    assignments = ", ".join(f'"{name}" = ?' for name in values)
    execute(f'UPDATE "{table}" SET {assignments} WHERE "id" = ?', [*values.values(), row_id])


def _as_stored(value: Any) -> Any:
    """A value as SQLite stores it: moments and JSON documents as text."""
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, (list, dict)):
        return json.dumps(value, separators=(",", ":"))
    return value


def contact_references(contact_model: type[BaseModel]) -> list[tuple[type[BaseModel], ForeignKeyField]]:
    """Every (model, foreign key) that points at a contact, in the order of MODELS."""
    found = []
    for model in MODELS:
        for field in model._meta.sorted_fields:
            if isinstance(field, ForeignKeyField) and field.rel_model is contact_model:
                found.append((model, field))
    return found


def cascading_children(model: type[BaseModel]) -> list[tuple[type[BaseModel], ForeignKeyField]]:
    """The (model, foreign key) pairs whose rows the database deletes with a row of `model`."""
    found = []
    for child in MODELS:
        for field in child._meta.sorted_fields:
            if (
                isinstance(field, ForeignKeyField)
                and field.rel_model is model
                and (field.on_delete or "").upper() == "CASCADE"
            ):
                found.append((child, field))
    return found


def with_dependents(model: type[BaseModel], rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """`rows` of `model` and every row that deleting them would cascade to, parents before children."""
    if not rows:
        return []
    taken = [(table_of(model), rows)]
    if "id" not in rows[0]:
        return taken
    ids = [row["id"] for row in rows]
    for child, field in cascading_children(model):
        children = select_rows(table_of(child), field.column_name, ids)
        taken.extend(with_dependents(child, children))
    return taken


def delete_rows(table: str, rows: list[Row]) -> None:
    """Delete rows read earlier, by id."""
    ids = [row["id"] for row in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        execute(f'DELETE FROM "{table}" WHERE "id" IN ({marks})', chunk)
