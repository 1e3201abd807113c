"""Backups with SQLite's online backup API (while another connection writes), keeping the last N, the daily
backup, and restoring with its checks, the current database kept and nothing half-replaced. The daily backup
when the app starts: tests/tui/test_backups_app.py."""

from __future__ import annotations

import sqlite3
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tui import backups, clock, contacts, database, migrations
from tui.contacts import ContactInput
from tui.errors import CrmError

from ..helpers import FIXED_NOW, sqlite_only

pytestmark = sqlite_only("backups are copies of the SQLite file; a PostgreSQL server is backed up with its own tools")

BERLIN = ZoneInfo("Europe/Berlin")


def names(path: Path) -> list[str]:
    """The contact names in the database file at `path`, read with a connection of its own."""
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT name FROM contact ORDER BY id")]
    finally:
        connection.close()


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def files_in(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def add(actor, name: str) -> None:
    contacts.add_contact(actor, ContactInput(name=name))


# -- backup -------------------------------------------------------------------------------------------------


def test_a_backup_is_a_private_timestamped_copy_beside_the_database(db_path, actor):
    add(actor, "Ann Lee")
    result = backups.backup(str(db_path))
    assert result.path == db_path.parent / "backups" / "crm-backup-2026-11-20T103000Z.db"
    assert result.removed == []
    assert names(result.path) == ["Ann Lee"] and integrity(result.path) == "ok"
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(result.path.parent.stat().st_mode) == 0o700
    assert files_in(result.path.parent) == [result.path.name]  # no temporary file, no -wal left behind
    again = backups.backup(str(db_path))
    assert again.path.name == "crm-backup-2026-11-20T103000Z-2.db"  # the same second: a second name


def test_a_backup_while_another_connection_writes_is_consistent(db_path, actor, tmp_path):
    add(actor, "Ann Lee")
    database.close_database()
    stop = threading.Event()
    written: list[int] = []
    failures: list[BaseException] = []

    def write() -> None:
        connection = sqlite3.connect(db_path, timeout=5)
        try:
            while not stop.is_set():
                with connection:  # one transaction each: a tag and a contact-tag link, both or neither
                    tag = connection.execute(
                        "INSERT INTO tag (owner_id, name) VALUES (1, ?)", (f"tag {len(written)}",)
                    ).lastrowid
                    connection.execute("INSERT INTO contact_tag (contact_id, tag_id) VALUES (1, ?)", (tag,))
                written.append(tag)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while len(written) < 20:
            pass
        copies = [backups.backup(str(db_path), tmp_path / "copies", keep=None).path for _ in range(5)]
    finally:
        stop.set()
        writer.join()
    assert failures == []
    assert len(written) > 20
    for copy in copies:
        assert integrity(copy) == "ok"
        connection = sqlite3.connect(copy)
        tags, links = connection.execute(
            "SELECT (SELECT COUNT(*) FROM tag), (SELECT COUNT(*) FROM contact_tag)"
        ).fetchone()
        connection.close()
        assert tags == links  # each copy is one moment: never a tag without its link
    counts = [sqlite3.connect(copy).execute("SELECT COUNT(*) FROM tag").fetchone()[0] for copy in copies]
    assert counts == sorted(counts) and counts[-1] <= len(written)


def test_only_the_last_n_backups_are_kept_and_nothing_else_is_touched(db_path, actor, tmp_path):
    folder = tmp_path / "kept"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "other-backup-2020-01-01T000000Z.db").write_text("not ours")
    made = []
    for day in range(5):
        clock.fix(FIXED_NOW + timedelta(days=day))
        result = backups.backup(str(db_path), folder, keep=3)
        made.append(result.path.name)
    assert [path.name for path in result.removed] == [made[1]]
    assert files_in(folder) == sorted(made[2:] + ["notes.txt", "other-backup-2020-01-01T000000Z.db"])
    assert [path.name for _moment, path in backups.list_backups(str(db_path), folder)] == made[2:]


def test_bad_backup_targets_are_refused(db_path, actor, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(CrmError, match="is a file, not a folder"):
        backups.backup(str(db_path), blocker)
    with pytest.raises(CrmError, match="does not exist"):
        backups.backup(str(tmp_path / "missing.db"))
    with pytest.raises(CrmError, match="keep at least 1 backup"):
        backups.backup(str(db_path), keep=0)


def test_the_daily_backup_is_made_once_per_local_day(db_path, actor):
    clock.fix(datetime(2026, 11, 20, 22, 30, tzinfo=UTC))  # 23:30 in Berlin
    made = backups.daily_backup(str(db_path), BERLIN)
    assert made is not None and made.path.name == "crm-backup-2026-11-20T223000Z.db" and made.path.exists()
    clock.fix(datetime(2026, 11, 20, 22, 50, tzinfo=UTC))
    assert backups.daily_backup(str(db_path), BERLIN) is None
    clock.fix(datetime(2026, 11, 20, 23, 10, tzinfo=UTC))  # 00:10 on the 21st in Berlin
    made = backups.daily_backup(str(db_path), BERLIN)
    assert made is not None and made.path.name == "crm-backup-2026-11-20T231000Z.db"
    assert len(backups.list_backups(str(db_path))) == 2


# -- restore ------------------------------------------------------------------------------------------------


def test_restore_puts_the_backup_in_place_and_keeps_the_current_database(db_path, actor):
    add(actor, "Ann Lee")
    saved = backups.backup(str(db_path)).path
    add(actor, "Bob Stone")
    clock.fix(FIXED_NOW + timedelta(minutes=5))
    result = backups.restore(str(db_path), saved)
    assert result.restored_from == saved
    assert result.previous == db_path.parent / "backups" / "crm-before-restore-2026-11-20T103500Z.db"
    assert names(db_path) == ["Ann Lee"]
    assert names(result.previous) == ["Ann Lee", "Bob Stone"]
    assert not [entry.name for entry in db_path.parent.iterdir() if entry.name not in ("backups", "crm.db", "config")]
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert saved.exists()  # the backup itself stays
    database.open_database(str(db_path))
    assert [row.name for row in contacts.list_contacts(actor)] == ["Ann Lee"]
    # The copy kept does not count among the backups to keep, so a later backup never removes it.
    assert [path for _moment, path in backups.list_backups(str(db_path))] == [saved]


def test_restore_of_a_backup_that_still_has_its_wal_includes_it(db_path, actor, tmp_path):
    other = tmp_path / "live.db"
    connection = sqlite3.connect(other)
    connection.execute("PRAGMA journal_mode=wal")
    connection.execute("PRAGMA wal_autocheckpoint=0")
    source = sqlite3.connect(db_path)
    source.backup(connection)
    source.close()
    connection.execute("INSERT INTO tag (owner_id, name) VALUES (1, 'from the wal')")
    connection.commit()
    assert Path(f"{other}-wal").stat().st_size > 0
    backups.restore(str(db_path), other)
    connection.close()
    restored = sqlite3.connect(db_path)
    assert restored.execute("SELECT name FROM tag").fetchall() == [("from the wal",)]
    restored.close()


def _refused(db_path: Path, backup: Path, message: str) -> None:
    before = names(db_path)
    with pytest.raises(CrmError, match=message):
        backups.restore(str(db_path), backup)
    assert names(db_path) == before
    assert not [entry for entry in db_path.parent.iterdir() if entry.name.startswith(".")]  # no temporary file
    assert not (db_path.parent / "backups").exists() or not any(
        "before-restore" in entry.name for entry in (db_path.parent / "backups").iterdir()
    )


def test_a_damaged_backup_is_refused(db_path, actor, tmp_path):
    for number in range(300):
        add(actor, f"Person {number}")
    saved = backups.backup(str(db_path), tmp_path / "copies").path
    data = bytearray(saved.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200  # a b-tree page overwritten
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(data))
    _refused(db_path, damaged, r"damaged\.db is damaged")


def test_a_file_that_is_not_a_crm_database_is_refused(db_path, actor, tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("just some text, long enough to be read as a header")
    _refused(db_path, text, r"notes\.db is not a crm database \(not an SQLite file\)")
    foreign = tmp_path / "foreign.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()
    _refused(db_path, foreign, "an SQLite database of another program")
    _refused(db_path, tmp_path / "missing.db", "does not exist")
    _refused(db_path, db_path, "is the database itself")


def test_a_backup_from_a_newer_crm_is_refused(db_path, actor, tmp_path):
    saved = backups.backup(str(db_path), tmp_path / "copies").path
    connection = sqlite3.connect(saved)
    connection.execute(
        "INSERT INTO schema_version VALUES (?, 'from the future', '2030-01-01')", (migrations.LATEST_VERSION + 1,)
    )
    connection.commit()
    connection.close()
    _refused(db_path, saved, "written by a newer crm")


def test_restore_is_refused_while_another_program_has_the_database_open(db_path, actor, tmp_path):
    saved = backups.backup(str(db_path), tmp_path / "copies").path
    add(actor, "Written after")
    database.close_database()
    running = sqlite3.connect(db_path)
    running.execute("SELECT COUNT(*) FROM contact").fetchone()
    try:
        with pytest.raises(CrmError, match="is open in another program"):
            backups.restore(str(db_path), saved)
        assert names(db_path) == ["Written after"]
    finally:
        running.close()


def test_restore_into_a_new_location_keeps_nothing(db_path, actor, tmp_path):
    add(actor, "Ann Lee")
    saved = backups.backup(str(db_path), tmp_path / "copies").path
    fresh = tmp_path / "elsewhere" / "crm.db"
    result = backups.restore(str(fresh), saved)
    assert result.previous is None
    assert names(fresh) == ["Ann Lee"]
