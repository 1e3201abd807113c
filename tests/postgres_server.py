"""A throwaway PostgreSQL cluster for a test session: a fresh, empty database per test, all removed at the end.

    with running_cluster() as cluster:     # conftest's `postgres_cluster` fixture: one per pytest (xdist worker)
        url = cluster.create_database()    # postgresql://crm@/crm_t_1?host=/tmp/crm-test-pg.k2j4&port=5432
        ...
        cluster.drop_database(url.database)

The cluster is `initdb`'s, in a folder of its own under the temporary directory, and its server listens on
a Unix socket in that folder only (no TCP port to collide with anything). It is built for speed, not
durability: fsync, synchronous_commit and full_page_writes are off, since a crash loses nothing anybody keeps.
A database is a copy of an empty template, which is much cheaper than migrations on an empty cluster would be.

initdb, pg_ctl and postgres refuse to run as root; as root they run as `nobody`, in that folder made for it
(pytest's own folders are root's and 0700, which nobody could not even traverse). A run killed before it could
stop its cluster leaves the folder behind: the next run stops that server and removes it.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

SUPERUSER = "crm"
PORT = 5432  # only names the socket file (.s.PGSQL.5432) in our own folder, so it collides with nothing
TEMPLATE = "crm_template"
FOLDER_PREFIX = "crm-test-pg."
OWNER_FILE = "owner.pid"  # the pytest process that owns the folder: a dead owner means a leftover
SERVER_USER_WHEN_ROOT = "nobody"
START_WITHIN_S = 60  # a bound for start-up on a busy machine, not a timing any test checks
SERVER_PROGRAMS = ("initdb", "pg_ctl", "postgres")
SETTINGS = {
    "listen_addresses": "",  # the Unix socket only
    "port": str(PORT),
    "max_connections": "200",  # the app, its workers and the tests' own connections, with room to spare
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    # The same answers on every machine: times in UTC, messages in English.
    "timezone": "UTC",
    "log_timezone": "UTC",
    "lc_messages": "C",
}


# -- the server's programs ------------------------------------------------------------------------------------


def server_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: pg_config's, Debian's newest, or the PATH's; None if none."""
    for candidate in _bindir_candidates():
        if all((candidate / program).is_file() for program in SERVER_PROGRAMS):
            return candidate
    return None


def _bindir_candidates() -> Iterator[Path]:
    pg_config = shutil.which("pg_config")
    if pg_config:
        # Debian's pg_config comes with libpq-dev too, naming a bindir that may lack the server: hence the check.
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if result.returncode == 0 and result.stdout.strip():
            yield Path(result.stdout.strip())
    # Debian keeps the server out of the PATH, one folder per major version: the newest first.
    debian = glob.glob("/usr/lib/postgresql/*/bin")
    for folder in sorted(debian, key=lambda path: _version_key(Path(path).parent.name), reverse=True):
        yield Path(folder)
    initdb = shutil.which("initdb")
    if initdb:
        yield Path(initdb).resolve().parent


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


def _server_user() -> pwd.struct_passwd | None:
    """Who runs the server's programs instead of us: nobody when we are root (they refuse root), else us."""
    return pwd.getpwnam(SERVER_USER_WHEN_ROOT) if os.geteuid() == 0 else None


def _as_server_user(command: list[str]) -> list[str]:
    user = _server_user()
    if user is None:
        return command
    runuser = shutil.which("runuser")
    if runuser is None:
        raise RuntimeError("running the tests as root needs runuser (util-linux) to start PostgreSQL as nobody")
    return [runuser, "-u", user.pw_name, "--", *command]


# -- database URLs --------------------------------------------------------------------------------------------


class DatabaseUrl(str):
    """A test database's URL, e.g. `postgresql://crm@/crm_t_1?host=/tmp/crm-test-pg.k2j4&port=5432`.

    A plain string to anything that takes one (`open_database`, `crm --db`); it is what `db_path` is under
    `--engine postgresql`, so a test that treats it as a file fails with a hint instead of a bare AttributeError.
    """

    @property
    def database(self) -> str:
        """The database's name."""
        return urlsplit(self).path.lstrip("/")

    def with_params(self, **params: str) -> DatabaseUrl:
        """The same database with more libpq parameters, e.g. application_name="second" for a second client."""
        parts = urlsplit(self)
        query = "&".join(filter(None, (parts.query, urlencode(params, quote_via=quote))))
        return DatabaseUrl(urlunsplit(parts._replace(query=query)))

    def __getattr__(self, name: str):
        raise AttributeError(
            f"{name!r}: under --engine postgresql, db_path is a database URL ({self}), not a file; "
            'a test that needs the file says so with @pytest.mark.sqlite_only("why")'
        )


# -- the cluster ----------------------------------------------------------------------------------------------


class PostgresCluster:
    """One initdb'd cluster and its running server, in `folder` (data/, server.log and the socket)."""

    def __init__(self, bindir: Path, folder: Path) -> None:
        self.bindir = bindir
        self.folder = folder
        self.data = folder / "data"
        self.log = folder / "server.log"
        self._admin = None  # a psycopg2 connection to the `postgres` database, for CREATE and DROP DATABASE
        self._numbers = itertools.count(1)

    # -- life -----------------------------------------------------------------------------------------
    def start(self) -> None:
        """initdb, our settings, pg_ctl start (waiting until it accepts connections), then the empty template."""
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:  # later lines win
            conf.write("\n# tests/postgres_server.py\n")
            conf.write(f"unix_socket_directories = {_quoted(str(self.folder))}\n")
            for name, value in SETTINGS.items():
                conf.write(f"{name} = {_quoted(value)}\n")
        try:
            self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-t", str(START_WITHIN_S))
        except RuntimeError as error:
            raise RuntimeError(f"{error}\nserver.log:\n{self._log_tail()}") from None
        self._admin = self.connect("postgres")
        self._execute("CREATE DATABASE {} TEMPLATE template0 IS_TEMPLATE true", TEMPLATE)

    def stop(self) -> None:
        """Stop the server if it runs (fast: sessions are ended, not waited for). Safe to call twice."""
        if self._admin is not None:
            with contextlib.suppress(Exception):
                self._admin.close()
            self._admin = None
        if not (self.data / "postmaster.pid").exists():
            return
        # A server that cannot stop cleanly is stopped anyway: its folder is removed next.
        for mode in ("fast", "immediate"):
            if (
                self._run(
                    "pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w", "-t", str(START_WITHIN_S), check=False
                )
                == 0
            ):
                return

    # -- databases ------------------------------------------------------------------------------------------
    def url(self, database: str) -> DatabaseUrl:
        """The URL of `database` on this cluster: libpq's form for a Unix socket (its folder as `host`)."""
        query = urlencode({"host": str(self.folder), "port": PORT}, quote_via=quote, safe="/")
        return DatabaseUrl(f"postgresql://{SUPERUSER}@/{database}?{query}")

    def create_database(self, template: str = TEMPLATE) -> DatabaseUrl:
        """A new database, a copy of `template` (an empty one unless told), with a name not used before."""
        name = f"crm_t_{next(self._numbers)}"
        self._execute("CREATE DATABASE {} TEMPLATE {}", name, template)
        return self.url(name)

    def make_template(self, name: str) -> None:
        """Let `name` be copied by `create_database(template=name)` (no session may stay on it)."""
        self._execute("ALTER DATABASE {} IS_TEMPLATE true", name)

    def drop_database(self, name: str) -> None:
        """Drop `name`, ending whatever sessions are still connected to it (a test's subprocess, say)."""
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)

    def connect(self, database: str):
        """A new psycopg2 connection to `database`, in autocommit mode."""
        import psycopg2  # loaded only when a PostgreSQL run needs it

        connection = psycopg2.connect(self.url(database))
        connection.autocommit = True
        return connection

    # -- helpers --------------------------------------------------------------------------------------------
    def _execute(self, statement: str, *names: str) -> None:
        from psycopg2 import sql

        with self._admin.cursor() as cursor:
            cursor.execute(sql.SQL(statement).format(*map(sql.Identifier, names)))

    def _run(self, program: str, *args: str, check: bool = True) -> int:
        """Run one of the server's programs as the server's user; its exit status, or RuntimeError with check."""
        command = _as_server_user([str(self.bindir / program), *args])
        result = subprocess.run(command, cwd=self.folder, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stdout}{result.stderr}")
        return result.returncode

    def _log_tail(self, lines: int = 20) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return "(no log)"


def _quoted(value: str) -> str:
    """A postgresql.conf string literal."""
    return "'" + value.replace("'", "''") + "'"


# -- its folder -----------------------------------------------------------------------------------------------


def _make_folder() -> Path:
    """A new private folder for a cluster, owned by whoever runs the server, with our PID in it."""
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=_base_folder()))
    (folder / OWNER_FILE).write_text(str(os.getpid()))
    user = _server_user()
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    return folder


def _base_folder() -> str:
    """The temporary directory, if the server's user can get through every folder on the way to it; else /tmp."""
    base = tempfile.gettempdir()
    if _server_user() is None:
        return base
    path = Path(base).resolve()
    reachable = all(folder.stat().st_mode & 0o001 for folder in (path, *path.parents))
    return str(path) if reachable else "/tmp"


def remove_stale_clusters(bindir: Path) -> None:
    """Stop and remove the clusters of test runs that were killed before they could (their owner is gone)."""
    for folder in Path(_base_folder()).glob(FOLDER_PREFIX + "*"):
        try:
            owner = int((folder / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue  # not ours, or being made right now by another worker
        if _alive(owner):
            continue
        PostgresCluster(bindir, folder).stop()
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process, but a process
    # A killed run can stay a zombie for a while (until its parent reaps it): that is dead too.
    with contextlib.suppress(OSError, IndexError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    return True


@contextlib.contextmanager
def running_cluster() -> Iterator[PostgresCluster]:
    """A started cluster of our own, stopped and removed at the end, however the session ends."""
    bindir = server_bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server found (initdb, pg_ctl, postgres): apt-get install postgresql")
    remove_stale_clusters(bindir)
    cluster = PostgresCluster(bindir, _make_folder())

    def remove() -> None:
        cluster.stop()
        shutil.rmtree(cluster.folder, ignore_errors=True)

    atexit.register(remove)  # in case the session never reaches its teardown
    try:
        cluster.start()
        yield cluster
    finally:
        remove()
        atexit.unregister(remove)
