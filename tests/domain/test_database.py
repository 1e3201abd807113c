"""The database: creation, permissions, migrations, refusals, constraints, cascades and the schema."""

from __future__ import annotations

import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from peewee import IntegrityError, OperationalError

from tui import accounts, clock, contacts, database, migrations, models
from tui.errors import DatabaseRefused
from tui.models import (
    Background,
    Contact,
    ContactInfo,
    Deal,
    Interaction,
    Product,
    Reminder,
    Share,
)
from tui.models import (
    database as bound,
)

from ..helpers import PASSWORD, postgresql_only


def test_a_new_database_is_private_and_uses_wal(tmp_path: Path):
    path = tmp_path / "private" / "crm.db"
    db = database.open_database(str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert migrations.current_version(db) == migrations.LATEST_VERSION


def test_location_comes_from_the_flag_then_the_environment_then_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("CRM_DB", str(tmp_path / "env.db"))
    assert database.resolve_location(str(tmp_path / "flag.db")) == str(tmp_path / "flag.db")
    assert database.resolve_location(None) == str(tmp_path / "env.db")
    monkeypatch.delenv("CRM_DB")
    assert database.resolve_location(None).endswith("crm.db")


def _make_version_1(path: Path) -> None:
    """A database as the first schema wrote it, with a user and a contact in it."""
    db = database.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    migrations.migrate(db, target=1)
    db.execute_sql(
        "INSERT INTO user (email, name, password_hash, timezone, settings, failed_logins, created_at, updated_at)"
        " VALUES ('old@example.org', 'Old Timer', 'x', 'UTC', '{}', 0, '2025-01-01', '2025-01-01')"
    )
    db.execute_sql(
        "INSERT INTO contact (owner_id, name, emails, phones, whatsapp, instagram, title, relationship, industry,"
        " location, address, notes, picture_url, vip, active, archived, created_at, updated_at)"
        " VALUES (1, 'Grace Hopper', '[\"grace@navy.mil\"]', '[]', '', '', '', 'network', '', 'Arlington', '',"
        " 'COBOL', '', 0, 1, 0, '2025-01-01', '2025-01-01')"
    )
    db.close()


def test_an_older_database_is_upgraded_with_its_data(tmp_path: Path):
    path = tmp_path / "old.db"
    _make_version_1(path)
    db = database.open_database(str(path))
    assert migrations.current_version(db) == migrations.LATEST_VERSION
    assert db.execute_sql("SELECT name FROM contact").fetchall() == [("Grace Hopper",)]
    found = db.execute_sql("SELECT rowid FROM contact_search WHERE contact_search MATCH 'cobol'").fetchall()
    assert found == [(1,)]


def test_an_existing_database_opens_from_a_relative_path(tmp_path: Path, monkeypatch):
    database.open_database(str(tmp_path / "crm.db"))
    database.close_database()
    monkeypatch.chdir(tmp_path)
    db = database.open_database("crm.db")
    assert db.execute_sql('SELECT MAX("version") FROM "schema_version"').fetchone()[0] == migrations.LATEST_VERSION
    database.close_database()


def test_a_failing_upgrade_leaves_the_file_as_it_was(tmp_path: Path):
    path = tmp_path / "old.db"
    _make_version_1(path)
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE contact_search (x)")  # makes migration 2 fail half-way
    raw.commit()
    raw.close()
    with pytest.raises(DatabaseRefused):
        database.open_database(str(path))
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT MAX(version) FROM schema_version").fetchone() == (1,)
    assert raw.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'contact_search_source'").fetchone() == (0,)
    raw.close()


def _unchanged(path: Path, action) -> None:
    before = path.read_bytes()
    with pytest.raises(DatabaseRefused) as refused:
        action()
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists()
    return refused.value


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "notes.txt"
    path.write_bytes(b"shopping list\x00\xff" * 100)
    error = _unchanged(path, lambda: database.open_database(str(path)))
    assert "not a crm database" in str(error)


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "other.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    raw.commit()
    raw.close()
    error = _unchanged(path, lambda: database.open_database(str(path)))
    assert "another program" in str(error)


def test_a_database_from_a_newer_crm_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "new.db"
    database.open_database(str(path))
    database.close_database()
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=delete")
    raw.execute("INSERT INTO schema_version VALUES (999, 'from the future', '2030-01-01')")
    raw.commit()
    raw.close()
    error = _unchanged(path, lambda: database.open_database(str(path)))
    assert "newer crm" in str(error)


def test_an_unwritable_location_gets_a_clear_message(tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(DatabaseRefused, match="cannot create the database"):
        database.open_database(str(blocker / "crm.db"))


def test_models_and_migrations_describe_the_same_schema(db):
    for model in models.MODELS:
        table = model._meta.table_name
        columns = {column.name for column in db.get_columns(table)}
        declared = {field.column_name for field in model._meta.sorted_fields}
        assert columns == declared, f"{table}: migrations {sorted(columns)} vs model {sorted(declared)}"
        indexes = {index.name for index in db.get_indexes(table)}
        for fields, _unique in model._meta.indexes:
            name = "_".join([table] + [model._meta.fields[f].column_name for f in fields])
            assert name in indexes, f"{table}: index {name} declared but not created"


def test_the_two_engines_have_the_same_migrations():
    for sqlite, postgresql in zip(
        migrations.load_migrations("sqlite"), migrations.load_migrations("postgresql"), strict=True
    ):
        assert (sqlite.version, sqlite.description) == (postgresql.version, postgresql.description)


@pytest.mark.parametrize(
    "url, shown",
    [
        (
            "postgresql://team:s3cret@db.example.org:5433/crm?sslmode=require",
            "postgresql://team@db.example.org:5433/crm?sslmode=require",
        ),
        (
            "postgresql://team@/crm?host=/run/postgresql&password=s3cret&port=5432",
            "postgresql://team@/crm?host=/run/postgresql&port=5432",
        ),
        ("postgresql:///crm?password=s3cret", "postgresql:///crm"),
        ("postgresql:///crm?host=/run/postgresql", "postgresql:///crm?host=/run/postgresql"),
    ],
)
def test_a_database_url_is_remembered_and_shown_without_its_password(url, shown):
    assert database.location_key(url) == database.describe_location(url) == shown


def test_a_url_that_cannot_be_read_is_refused_in_one_line():
    with pytest.raises(DatabaseRefused, match="cannot read the database URL postgresql://db.example.org:port/crm"):
        database.open_database("postgresql://db.example.org:port/crm")


def test_a_newer_schema_met_while_waiting_to_upgrade_is_refused(db):
    bound.execute_sql("INSERT INTO schema_version VALUES (999, 'from the future', '2030-01-01')")
    with pytest.raises(DatabaseRefused, match="newer crm .schema 999"):
        migrations.migrate(db)


def test_an_unreachable_server_is_refused_in_one_line_without_the_password():
    with pytest.raises(DatabaseRefused) as refused:
        database.open_database("postgresql://team:s3cret@127.0.0.1:1/crm?connect_timeout=3")
    message = str(refused.value)
    assert message.startswith("cannot reach the PostgreSQL database postgresql://team@127.0.0.1:1/crm")
    assert "s3cret" not in message and "\n" not in message


def test_an_unknown_kind_of_url_is_refused():
    with pytest.raises(DatabaseRefused, match="give a file path or a postgresql:// URL"):
        database.open_database("mysql://db.example.org/crm")


@postgresql_only("a database on a server")
def test_a_server_database_from_a_newer_crm_is_refused(db_path):
    database.open_database(str(db_path))
    bound.execute_sql("INSERT INTO schema_version VALUES (999, 'from the future', '2030-01-01')")
    database.close_database()
    with pytest.raises(DatabaseRefused, match="newer crm .schema 999"):
        database.open_database(str(db_path))


@postgresql_only("a database on a server")
def test_a_server_database_of_another_program_is_refused_untouched(db_path, raw_connection):
    connection = raw_connection()
    with connection, connection.cursor() as cursor:
        cursor.execute("CREATE TABLE inventory (id integer)")
    with pytest.raises(DatabaseRefused, match="another program's tables"):
        database.open_database(str(db_path))
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        assert cursor.fetchall() == [("inventory",)]


@postgresql_only("two server sessions at once; SQLite lets only one writer in")
def test_two_sessions_activating_products_at_once_stop_at_three(db_path, actor, raw_connection):
    first, second = raw_connection(), raw_connection()
    insert = (
        "INSERT INTO product (owner_id, name, description, is_active, created_at, updated_at) "
        "VALUES (%s, %s, '', true, now(), now())"
    )
    with first.cursor() as cursor:
        for name in ("A1", "A2"):
            cursor.execute(insert, (actor.user_id, name))  # not committed yet
    outcome: list[str] = []

    def activate_two_more() -> None:
        try:
            with second, second.cursor() as cursor:
                for name in ("B1", "B2"):
                    cursor.execute(insert, (actor.user_id, name))
            outcome.append("both")
        except Exception as error:  # noqa: BLE001 - the refusal is what the test looks for
            outcome.append(str(error).splitlines()[0])

    racing = threading.Thread(target=activate_two_more)
    racing.start()
    racing.join(0.5)
    assert racing.is_alive(), "the second session should wait for the first one's owner lock"
    first.commit()
    racing.join(10)
    assert outcome == ["at most 3 active products"]
    assert Product.select().where(Product.is_active == True).count() == 2  # noqa: E712 - the second rolled back


@postgresql_only("a second server session holding the write lock; SQLite has its own busy timeout")
def test_a_writer_waits_its_turn_then_gives_up_with_a_clear_message(db_path, actor, raw_connection):
    holder = raw_connection()
    with holder.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", (database.WRITE_LOCK_KEY,))
    with pytest.raises(OperationalError, match="the database is busy: another crm has been writing for over 5 s"):
        contacts.add_contact(actor, contacts.ContactInput(name="Ann"))
    holder.rollback()
    assert (
        contacts.add_contact(actor, contacts.ContactInput(name="Ann")).name == "Ann"
    )  # and the connection still works


@postgresql_only("a server that drops the connection")
def test_a_connection_the_server_dropped_is_replaced(db_path, actor, raw_connection):
    pid = bound.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    with raw_connection() as admin, admin.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", (pid,))
    assert accounts.authenticate("ada@example.org", PASSWORD).user_id == actor.user_id
    assert bound.execute_sql("SELECT pg_backend_pid()").fetchone()[0] != pid


def test_enumerations_are_checked_by_the_database(actor):
    contact = contacts.add_contact(actor, contacts.ContactInput(name="Ann"))
    now = clock.utcnow()
    with pytest.raises(IntegrityError):
        Interaction.create(
            owner=actor.user_id, contact=contact.id, occurred_at=now, medium="pigeon", created_at=now, updated_at=now
        )
    with pytest.raises(IntegrityError):
        Deal.create(
            owner=actor.user_id,
            title="x",
            contact=contact.id,
            stage="won",
            stage_changed_at=now,
            created_at=now,
            updated_at=now,
        )


def test_the_database_refuses_a_fourth_active_product(actor, other_actor):
    now = clock.utcnow()
    for number in range(3):
        Product.create(owner=actor.user_id, name=f"P{number}", created_at=now, updated_at=now)
    with pytest.raises(IntegrityError, match="at most 3 active products"):
        Product.create(owner=actor.user_id, name="P4", created_at=now, updated_at=now)
    spare = Product.create(owner=actor.user_id, name="Spare", is_active=False, created_at=now, updated_at=now)
    with pytest.raises(IntegrityError, match="at most 3 active products"):
        Product.update(is_active=True).where(Product.id == spare.id).execute()
    # Every account is independent: another user's products do not count.
    Product.create(owner=other_actor.user_id, name="Theirs", created_at=now, updated_at=now)


def test_deleting_a_product_keeps_its_deals_without_one(actor):
    now = clock.utcnow()
    contact = contacts.add_contact(actor, contacts.ContactInput(name="Buyer"))
    product = Product.create(owner=actor.user_id, name="Widget", created_at=now, updated_at=now)
    deal = Deal.create(
        owner=actor.user_id,
        title="Big one",
        contact=contact.id,
        product=product.id,
        stage_changed_at=now,
        created_at=now,
        updated_at=now,
    )
    product.delete_instance()
    assert Deal.get_by_id(deal.id).product_id is None


def test_deleting_a_contact_deletes_what_hangs_off_it(actor, other_actor):
    now = clock.utcnow()
    contact = contacts.add_contact(actor, contacts.ContactInput(name="Gone Soon", tags=["x"]))
    Interaction.create(
        owner=actor.user_id,
        contact=contact.id,
        author=actor.user_id,
        occurred_at=now,
        medium="phone",
        created_at=now,
        updated_at=now,
    )
    Reminder.create(user=actor.user_id, contact=contact.id, kind="custom", occurrence="1", due_at=now, created_at=now)
    Share.create(contact=contact.id, owner=actor.user_id, recipient=other_actor.user_id, created_at=now)
    Background.create(contact=contact.id, family="twins", updated_at=now)
    ContactInfo.create(contact=contact.id, main_app="Signal", updated_at=now)
    contacts.delete_contact(actor, contact.id)
    for model in (Interaction, Reminder, Share, Background, ContactInfo):
        assert model.select().count() == 0, model.__name__
    assert bound.execute_sql("SELECT COUNT(*) FROM contact_search").fetchone() == (0,)


def test_deleting_a_user_deletes_everything_they_own_only(actor, other_actor):
    mine = contacts.add_contact(actor, contacts.ContactInput(name="Mine"))
    theirs = contacts.add_contact(other_actor, contacts.ContactInput(name="Theirs"))
    models.User.get_by_id(actor.user_id).delete_instance()
    assert [c.id for c in Contact.select()] == [theirs.id]
    assert mine.id != theirs.id
    assert accounts.authenticate("bob@example.org", "correct horse battery").user_id == other_actor.user_id
