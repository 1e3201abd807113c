"""Backups of the database file, and restoring one.

A backup is made with SQLite's online backup API, from a connection of its own: it reads
one consistent snapshot while crm (or another program) keeps writing, which copying the
file would not. Backups are named by their moment in UTC, `crm-backup-2026-11-20T103000Z.db`,
so the last N can be kept and the daily one made once per local day, both from the names.

A restore copies the chosen file (through SQLite, so a WAL it still has is included) into a
temporary file beside the database, checks that copy (an SQLite file, `PRAGMA
integrity_check`, `PRAGMA foreign_key_check`, a crm schema this crm can open), keeps the
current database as a backup, and only then moves the copy into place with `os.replace`:
at every moment the database file is either the old one whole or the new one whole.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from . import clock, migrations
from .database import BUSY_TIMEOUT_S, SQLITE_HEADER, close_database, is_url
from .errors import CrmError

BACKUP_FOLDER = "backups"
"""The default folder for backups: beside the database file."""
DEFAULT_KEEP = 7
_STAMP = "%Y-%m-%dT%H%M%SZ"
_COMPANIONS = ("-wal", "-shm", "-journal")
"""The files SQLite keeps beside a database while it is in use."""


@dataclass(frozen=True)
class BackupResult:
    """A backup written, and the older ones removed to keep the last N."""

    path: Path
    removed: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class RestoreResult:
    """A restore done: from where, and where the database it replaced was kept (None when there was none)."""

    restored_from: Path
    previous: Path | None


def default_directory(location: str) -> Path:
    """Where backups of the database at `location` go unless told: a `backups` folder beside it."""
    return Path(location).expanduser().resolve().parent / BACKUP_FOLDER


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-backup-(\d{{4}}-\d{{2}}-\d{{2}}T\d{{6}}Z)(?:-(\d+))?\.db$")


def list_backups(location: str, directory: str | Path | None = None) -> list[tuple[datetime, Path]]:
    """The backups of the database at `location` in `directory`, oldest first, with their moments (UTC)."""
    folder = Path(directory).expanduser() if directory else default_directory(location)
    pattern = _pattern(Path(location).stem)
    found = []
    _refuse_a_file(folder)
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        return []
    except OSError as error:
        raise CrmError(f"cannot read the backup folder {folder}: {(error.strerror or str(error)).lower()}") from None
    for entry in entries:
        matched = pattern.match(entry.name)
        if matched and entry.is_file():
            moment = datetime.strptime(matched.group(1), _STAMP).replace(tzinfo=UTC)
            found.append((moment, int(matched.group(2) or 0), entry))
    found.sort()
    return [(moment, path) for moment, _number, path in found]


def backup(location: str, directory: str | Path | None = None, keep: int | None = DEFAULT_KEEP) -> BackupResult:
    """Copy the database at `location` into `directory` (default: beside it) while it may be in use;
    then remove the oldest backups beyond the last `keep` (None keeps them all)."""
    _refuse_a_server(location, "back up")
    source = Path(location).expanduser()
    if keep is not None and keep < 1:
        raise CrmError(f"keep at least 1 backup, not {keep}")
    _check_is_database(source, "the database")
    folder = _folder(Path(directory).expanduser() if directory else default_directory(location))
    target = _free_name(folder, f"{source.stem}-backup-{clock.now().strftime(_STAMP)}", ".db")
    _copy_through_sqlite(source, target)
    removed = _prune(location, folder, keep) if keep is not None else []
    return BackupResult(target, removed)


def daily_backup(
    location: str, zone: tzinfo, directory: str | Path | None = None, keep: int | None = DEFAULT_KEEP
) -> BackupResult | None:
    """Make today's backup unless the folder already holds one from this local day; None when it does.

    A shared PostgreSQL database is the server's to back up (pg_dump): nothing is made for it.
    """
    if is_url(location):
        return None
    today = clock.now().astimezone(zone).date()
    if any(_local_day(moment, zone) == today for moment, _path in list_backups(location, directory)):
        return None
    return backup(location, directory, keep)


def _refuse_a_server(location: str, what: str) -> None:
    """Backups are copies of an SQLite file; a PostgreSQL server has its own tools for them."""
    if is_url(location):
        raise CrmError(
            f"crm cannot {what} a PostgreSQL database: use the server's own tools "
            "(pg_dump to back up, pg_restore or psql to restore)"
        )


def _local_day(moment: datetime, zone: tzinfo) -> date:
    return moment.astimezone(zone).date()


def _refuse_a_file(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise CrmError(f"{folder} is a file, not a folder: give a folder for the backups")


def _folder(folder: Path) -> Path:
    """The backup folder, created owner-only when missing."""
    _refuse_a_file(folder)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise CrmError(f"cannot create the backup folder {folder}: {(error.strerror or str(error)).lower()}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CrmError(f"cannot write in the backup folder {folder}: permission denied")
    return folder


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """`folder/stem.suffix`, or `stem-2.suffix`... when a backup made in the same second has it."""
    candidate = folder / f"{stem}{suffix}"
    number = 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}{suffix}"
    return candidate


def _prune(location: str, folder: Path, keep: int) -> list[Path]:
    backups = list_backups(location, folder)
    removed = []
    for _moment, path in backups[: max(0, len(backups) - keep)]:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise CrmError(
                f"backed up, but cannot remove the old backup {path}: {(error.strerror or str(error)).lower()}"
            ) from None
        removed.append(path)
    return removed


def _check_is_database(path: Path, what: str) -> None:
    if not path.exists():
        raise CrmError(f"{what} {path} does not exist")
    if not path.is_file():
        raise CrmError(f"{what} {path} is not a file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise CrmError(f"cannot read {path}: {(error.strerror or str(error)).lower()}") from None
    if header != SQLITE_HEADER:
        raise CrmError(f"{path} is not a crm database (not an SQLite file)")


def _copy_through_sqlite(source: Path, target: Path) -> None:
    """Write a consistent copy of `source` to `target`: first to a temporary name, then moved there."""
    descriptor, temporary_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(descriptor)
    temporary = Path(temporary_name)
    try:
        _sqlite_copy(source, temporary)
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        _remove_with_companions(temporary)
        raise


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy with the backup API (all pages in one step: one read snapshot, which a WAL database lets writers
    go on beside) and leave `target` closed, with no WAL of its own."""
    try:
        reader = _open_read_only(source)
    except sqlite3.DatabaseError as error:
        raise CrmError(f"cannot read {source}: {error}") from None
    try:
        writer = sqlite3.connect(target)
        try:
            reader.backup(writer)
            # A WAL-mode copy opened later makes its own WAL: leave it a plain file until then.
            writer.execute("PRAGMA journal_mode=DELETE")
        finally:
            writer.close()
    except sqlite3.DatabaseError as error:
        raise CrmError(f"cannot copy {source}: {error}") from None
    finally:
        reader.close()


def _open_read_only(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A WAL file whose -shm cannot be made (a read-only folder): read it as it stands.
        connection.close()
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    return connection


def _remove_with_companions(path: Path) -> None:
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in _COMPANIONS)):
        try:
            candidate.unlink()
        except FileNotFoundError:
            pass


# -- restore ------------------------------------------------------------------------------------------------


def restore(location: str, file: str | Path, directory: str | Path | None = None) -> RestoreResult:
    """Replace the database at `location` with the backup `file`, once that has passed its checks;
    the current database is kept as `<name>-before-restore-<moment>.db` in `directory` (default: beside it)."""
    _refuse_a_server(location, "restore")
    source = Path(file).expanduser()
    target = Path(location).expanduser()
    _check_is_database(source, "the backup")
    if target.exists() and target.resolve() == source.resolve():
        raise CrmError(f"{source} is the database itself: choose a backup to restore")
    folder = _folder(target.resolve().parent)
    descriptor, temporary_name = tempfile.mkstemp(prefix=f".{target.name}.restore-", suffix=".tmp", dir=folder)
    os.close(descriptor)
    temporary = Path(temporary_name)
    try:
        _sqlite_copy(source, temporary)
        _check_restorable(source, temporary)
        os.chmod(temporary, 0o600)
        close_database()  # our own connection to the file being replaced
        _settle_current(target)
        previous = _keep_current(target, directory)
        _remove_companions(target)
        os.replace(temporary, target)
    except BaseException:
        _remove_with_companions(temporary)
        raise
    return RestoreResult(source, previous)


def _check_restorable(source: Path, copy: Path) -> None:
    """Refuse a copy that is damaged, not crm's, or from a newer crm, saying which."""
    connection = sqlite3.connect(copy)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
        if problems != ["ok"]:
            raise CrmError(
                f"{source} is damaged (integrity check: {problems[0]}"
                f"{f' and {len(problems) - 1} more problems' if len(problems) > 1 else ''}); "
                "choose another backup"
            )
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"schema_version", "user", "contact"} <= tables:
            raise CrmError(f"{source} is an SQLite database of another program, not a crm backup")
        version = connection.execute('SELECT MAX("version") FROM "schema_version"').fetchone()[0] or 0
        migrations.refuse_newer(version, str(source), "restore it")
        broken = connection.execute("PRAGMA foreign_key_check").fetchone()
        if broken is not None:
            raise CrmError(
                f"{source} is damaged: a row of {broken[0]} refers to a missing {broken[2]} row; choose another backup"
            )
    except sqlite3.DatabaseError as error:
        raise CrmError(f"{source} is damaged ({error}); choose another backup") from None
    finally:
        connection.close()


def _keep_current(target: Path, directory: str | Path | None) -> Path | None:
    """Keep the database about to be replaced; a file SQLite cannot read any more is copied byte for byte."""
    if not target.exists() or target.stat().st_size == 0:
        return None
    folder = _folder(Path(directory).expanduser() if directory else default_directory(str(target)))
    kept = _free_name(folder, f"{target.stem}-before-restore-{clock.now().strftime(_STAMP)}", ".db")
    try:
        _copy_through_sqlite(target, kept)
    except CrmError:
        for suffix in ("", "-wal"):
            if Path(f"{target}{suffix}").exists():
                shutil.copy2(f"{target}{suffix}", f"{kept}{suffix}")
        os.chmod(kept, 0o600)
    return kept


def _settle_current(target: Path) -> None:
    """Fold the current database's WAL into it; refuse when another program has it open.

    SQLite removes a database's -wal and -shm when its last connection closes: if they are still
    there once ours has closed, someone else (a running crm) is using it, and would go on writing
    to the replaced file, losing what it writes.
    """
    if not target.exists():
        return
    try:
        connection = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S)
        try:
            busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return  # a damaged database: it is kept byte for byte, its WAL with it
    if busy or any(Path(f"{target}{suffix}").exists() for suffix in ("-wal", "-shm")):
        raise CrmError(f"{target} is open in another program (a running crm?): close it, then restore")


def _remove_companions(target: Path) -> None:
    """No -wal or -shm of the replaced database may be left to be read with the restored one."""
    for suffix in ("-wal", "-shm"):
        try:
            Path(f"{target}{suffix}").unlink()
        except FileNotFoundError:
            pass
