"""`crm dedupe`, `crm merge`, `crm merges`, `crm backup` and `crm restore`, run in-process through `main`."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from tui import backups, clock, settings

from ..helpers import FIXED_NOW, add, assert_error, ok, postgresql_only, sqlite_only

BACKUPS_COPY_THE_FILE = sqlite_only("backups are copies of the SQLite file; a server's are pg_dump's")


def twins(crm) -> tuple[int, int]:
    first = add(crm, "--name", "Ann Lee", "--email", "ann@example.org", "--company", "Acme", "--tag", "friends")
    second = add(crm, "--name", "Ann Lee", "--email", "Ann@example.org", "--phone", "+49 30 1234567", "--tag", "work")
    return first, second


def test_dedupe_lists_groups_with_reasons_and_how_to_merge(crm, signed_in):
    first, second = twins(crm)
    add(crm, "--name", "Bob Stone")
    out = ok(crm("dedupe")).out
    assert out.splitlines()[0] == "1. same e-mail ann@example.org, same name"
    assert f"   {first}   Ann Lee  ann@example.org  -             Acme" in out
    assert f"   merge: crm merge {first} {second}" in out
    assert out.rstrip().endswith("1 group of likely duplicates")
    [group] = ok(crm("dedupe", "--json")).json()
    assert [contact["id"] for contact in group["contacts"]] == [first, second]
    assert group["pairs"] == [
        {
            "ids": [first, second],
            "reasons": [{"kind": "email", "value": "ann@example.org"}, {"kind": "name", "value": "ann lee"}],
        }
    ]


def test_dedupe_without_duplicates(crm, signed_in):
    add(crm, "--name", "Only One")
    assert ok(crm("dedupe")).out == "no likely duplicates: no two contacts share an e-mail, a phone number or a name\n"
    assert ok(crm("dedupe", "--json")).json() == []


def test_merge_with_field_choices_then_undo(crm, signed_in):
    first, second = twins(crm)
    crm("log", str(second), "--medium", "phone", "--at", "2026-11-19 10:00")
    result = ok(crm("merge", str(first), str(second), "--keep-other", "E-mails", "--keep-survivor", "phones"))
    assert result.out == (
        f"merged Ann Lee ({second}) into Ann Lee ({first}), moving 1 interaction, 1 tag; "
        "merge 1: `crm merge --undo 1` undoes it\n"
    )
    shown = ok(crm("contacts", "show", str(first), "--json")).json()
    assert (shown["emails"], shown["phones"], shown["tags"]) == (["Ann@example.org"], [], ["friends", "work"])
    assert_error(crm("contacts", "show", str(second)), f"no contact with id {second}")
    [entry] = ok(crm("merges", "--json")).json()
    assert (entry["id"], entry["survivor_id"], entry["other_id"], entry["undone_at"]) == (1, first, second, None)
    assert ok(crm("merge", "--undo")).out == f"undid merge 1: Ann Lee is back as contact {second}\n"
    assert ok(crm("contacts", "show", str(second), "--json")).json()["phones"] == ["+49301234567"]
    assert ok(crm("contacts", "show", str(first), "--json")).json()["emails"] == ["ann@example.org"]
    assert "yes" in ok(crm("merges")).out.splitlines()[1]
    assert_error(crm("merge", "--undo", "1"), "merge 1 was already undone")
    assert_error(crm("merge", "--undo"), "there is no merge to undo")


def test_merge_as_json(crm, signed_in):
    first, second = twins(crm)
    assert ok(crm("merge", str(first), str(second), "--json")).json() == {
        "merge_id": 1,
        "survivor_id": first,
        "other_id": second,
        "moved": {"contact_tag": 1},
    }
    assert ok(crm("merge", "--undo", "1", "--json")).json() == {
        "merge_id": 1,
        "contact_id": second,
        "name": "Ann Lee",
        "survivor_id": first,
        "notes": [],
    }


def test_merge_mistakes(crm, signed_in):
    first, second = twins(crm)
    assert_error(crm("merge", "Ann Lee", str(second)), "2 contacts are named 'Ann Lee'")
    assert_error(crm("merge", str(first), str(first)), "cannot be merged with itself")
    assert_error(crm("merge", str(first), str(second), "--keep-other", "hat"), "no field called 'hat'")
    assert_error(crm("merge", str(first), str(second), "--keep-both", "name"), "Name cannot keep both values")
    assert_error(crm("merge", str(first), "999"), "no contact with id 999")
    assert crm("merge", str(first)).code == 2
    assert crm("merge", str(first), str(second), "--undo").code == 2
    assert crm("merge", str(first), str(second), "--keep-other", "name", "--keep-both", "name").code == 2
    assert ok(crm("merges")).out == "no merges yet: `crm dedupe` lists likely duplicates\n"


def test_maintenance_commands_need_a_signed_in_user(crm, actor):
    for command in (("dedupe",), ("merge", "1", "2"), ("merges",)):
        assert_error(crm(*command), "not signed in: run crm login")


@BACKUPS_COPY_THE_FILE
def test_backup_into_a_folder_keeping_the_last_n(crm, db_path, signed_in, tmp_path):
    folder = tmp_path / "copies"
    for day in range(3):
        clock.fix(FIXED_NOW + timedelta(days=day))
        result = ok(crm("backup", str(folder), "--keep", "2"))
    assert result.out == (
        f"backed up to {folder / 'crm-backup-2026-11-22T103000Z.db'}\nremoved 1 older backup, keeping the last 2\n"
    )
    assert sorted(entry.name for entry in folder.iterdir()) == [
        "crm-backup-2026-11-21T103000Z.db",
        "crm-backup-2026-11-22T103000Z.db",
    ]


@BACKUPS_COPY_THE_FILE
def test_backup_keeps_what_the_setting_says_by_default(crm, db_path, signed_in):
    settings.set_setting(signed_in, "backup.keep", "1")
    ok(crm("backup"))
    clock.fix(FIXED_NOW + timedelta(hours=1))
    result = ok(crm("backup"))
    assert result.out.splitlines()[1] == "removed 1 older backup, keeping the last 1"
    assert [path.name for _moment, path in backups.list_backups(str(db_path))] == ["crm-backup-2026-11-20T113000Z.db"]


@BACKUPS_COPY_THE_FILE
def test_backup_mistakes(crm, db_path, signed_in, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    assert_error(crm("backup", str(blocker)), "is a file, not a folder")
    assert crm("backup", "--keep", "0").code == 2


@BACKUPS_COPY_THE_FILE
def test_restore_asks_nothing_and_says_where_the_previous_database_is(crm, db, db_path, signed_in):
    first = add(crm, "--name", "Ann Lee")
    saved = ok(crm("backup")).out.split("backed up to ")[1].strip()
    add(crm, "--name", "Bob Stone")
    db.close()  # the test's own connection: a restore refuses while anyone else has the file open
    result = ok(crm("restore", saved))
    kept = db_path.parent / "backups" / "crm-before-restore-2026-11-20T103000Z.db"
    assert result.out == f"restored {saved} into {db_path}\nthe database it replaced is kept at {kept}\n"
    assert [row["id"] for row in ok(crm("contacts", "list", "--json")).json()] == [first]


@sqlite_only("damages the SQLite file's bytes")
def test_restore_replaces_a_database_that_cannot_be_opened(crm, db, db_path, signed_in, tmp_path):
    add(crm, "--name", "Ann Lee")
    saved = backups.backup(str(db_path), tmp_path / "copies").path
    db.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\x00" * (4096 - 100)  # the schema page wiped
    db_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        (db_path.parent / f"crm.db{suffix}").unlink(missing_ok=True)
    assert crm("contacts", "list").code == 1
    result = ok(crm("restore", str(saved)))
    assert "the database it replaced is kept at" in result.out
    connection = sqlite3.connect(db_path)
    assert connection.execute("SELECT name FROM contact").fetchall() == [("Ann Lee",)]
    connection.close()


@BACKUPS_COPY_THE_FILE
def test_restore_refuses_a_bad_file_with_one_line(crm, db_path, signed_in, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all, but long enough")
    assert_error(crm("restore", str(text)), "is not a crm database (not an SQLite file)")
    assert_error(crm("restore", str(tmp_path / "nothing.db")), "does not exist")
    assert crm("restore").code == 2


@postgresql_only("what crm says of backups on a server database")
def test_backup_and_restore_point_to_the_servers_tools(crm, db_path, signed_in, tmp_path):
    for args in (("backup", str(tmp_path)), ("restore", str(tmp_path / "crm-backup.db"))):
        assert_error(crm(*args), "use the server's own tools (pg_dump to back up, pg_restore or psql to restore)")
    assert list(tmp_path.glob("*.db")) == []
