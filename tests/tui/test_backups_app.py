"""The daily backup when the app starts, driven with Pilot: made once a day when someone signs in, not at all when
the setting is off, and a failure is a warning, not a crash."""

from __future__ import annotations

from tui import backups, settings
from tui.app import CrmApp

from ..helpers import scenario, settle, sqlite_only

pytestmark = sqlite_only("backups are copies of the SQLite file; a PostgreSQL server is backed up with its own tools")


@scenario
async def test_the_app_makes_the_daily_backup_when_someone_signs_in(db_path, signed_in):
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
    assert [path.name for _moment, path in backups.list_backups(str(db_path))] == ["crm-backup-2026-11-20T103000Z.db"]
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert [note.message for note in app._notifications] == []
    assert len(backups.list_backups(str(db_path))) == 1  # already made today


@scenario
async def test_no_daily_backup_when_the_setting_is_off(db_path, signed_in):
    settings.set_setting(signed_in, "backup.auto", "off")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
    assert backups.list_backups(str(db_path)) == []


@scenario
async def test_a_failing_daily_backup_is_a_warning_not_a_crash(db_path, signed_in):
    (db_path.parent / "backups").write_text("a file where the folder should be")
    app = CrmApp(str(db_path), signed_in)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert app.is_running
        assert [note.message for note in app._notifications] == [
            f"The daily backup failed: {db_path.parent / 'backups'} is a file, not a folder: give a folder for the "
            "backups"
        ]
