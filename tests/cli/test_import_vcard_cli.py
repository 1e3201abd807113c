"""`crm import` of vCards: the report, dry runs, errors in one line; and a `crm import` process killed while it
writes, which leaves the database exactly as before (one transaction)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui import contacts
from tui.contacts import ContactInput

from ..helpers import ROOT, SAMPLES, assert_error, write_many_cards
from ..stored import fingerprint


@pytest.mark.sqlite_only("watches SQLite's write-ahead log grow to kill the import while it writes")
def test_a_killed_import_leaves_the_database_exactly_as_before(signed_in, db_path, tmp_path):
    contacts.add_contact(signed_in, ContactInput(name="Already here", emails=["here@example.org"]))
    # Every command renews the remembered login (its session row) before it runs: the rest must not change.
    before = fingerprint(db_path, leave_out=("session",))
    path = tmp_path / "many.vcf"
    write_many_cards(path, 15000)
    wal = Path(f"{db_path}-wal")
    start_size = wal.stat().st_size if wal.exists() else 0
    env = {**os.environ}
    env.pop("CRM_DB", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "--db", str(db_path), "import", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        # The import writes to the WAL only once it has read and checked every card: kill it while it writes.
        while time.monotonic() < deadline and process.poll() is None:
            if wal.exists() and wal.stat().st_size > start_size + 2_000_000:
                break
            time.sleep(0.01)
        assert process.poll() is None, "the import finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL
    assert fingerprint(db_path, leave_out=("session",)) == before
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM contact").fetchone() == (1,)
        assert connection.execute("SELECT count(*) FROM contact_search").fetchone() == (1,)
    connection.close()


def test_cli_import_prints_the_report_and_rejections_are_no_error(crm, signed_in):
    result = crm("import", str(SAMPLES / "awkward.vcf"))
    assert result.code == 0, result
    assert result.out.startswith(
        f"Imported {SAMPLES / 'awkward.vcf'} (vCard): 4 created, 0 merged, 0 unchanged "
        "(already there), 4 rejected, of 8 read."
    )
    assert "Rejected:\nLINE  WHERE    REASON\n32    card 3   unreadable card: line 35 cannot be read" in result.out
    assert "Values kept in the contact's notes instead of their field:" in result.out
    again = crm("import", str(SAMPLES / "awkward.vcf"), "--json").json()
    assert (again["created"], again["merged"], again["unchanged"], len(again["rejected"])) == (0, 0, 4, 4)
    assert again["rejected"][0] == {
        "where": "card 3",
        "line": 32,
        "reason": "unreadable card: line 35 cannot be read: 'EMAIL;TYPE=\"home:broken@example.org'",
    }


def test_cli_dry_run_writes_nothing(crm, signed_in, db_path):
    before = fingerprint(db_path)
    result = crm("import", str(SAMPLES / "apple.vcf"), "--dry-run")
    assert result.code == 0
    assert "nothing was written. It would make: 3 created" in result.out
    assert "Would add 3 new companies; 2 new tags." in result.out
    assert crm("import", str(SAMPLES / "apple.vcf"), "--dry-run", "--json").json()["dry_run"] is True
    assert fingerprint(db_path) == before


def test_cli_import_errors_are_one_line(crm, signed_in, tmp_path):
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    assert_error(crm("import", str(binary)), "is a binary file (it holds NUL bytes), not a vCard or CSV file")
    assert_error(crm("import", str(tmp_path / "nope.vcf")), "does not exist")
    assert_error(crm("import", str(SAMPLES / "apple.vcf"), "--map", "Name=name"), "--map is for CSV files")
    assert crm("import", str(SAMPLES / "apple.vcf"), "--format", "xml").code == 2
    assert_error(crm("import", "--dry-run", str(tmp_path)), "is a folder without .vcf files")


def test_cli_import_needs_a_signed_in_user(crm, db):
    result = crm("import", str(SAMPLES / "apple.vcf"))
    assert result.code == 1 and result.err == "error: not signed in: run crm login\n"
