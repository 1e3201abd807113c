"""Shared fixtures: a real database per test, a signed-up user, a fixed clock.

The database engine is SQLite (a file per test) unless `--engine postgresql` says PostgreSQL: then each
test gets a fresh, empty database on a throwaway server this run starts itself (tests/postgres_server.py),
and `db_path` is its URL. A test that only makes sense on one engine says why, in one line:

    @pytest.mark.sqlite_only("reads the SQLite file's header")     # or pytestmark = ... for a whole module
    @pytest.mark.postgresql_only("two servers' sessions racing for the advisory lock")

(`sqlite_only` and `postgresql_only` in tests/helpers.py are the same markers as functions.) The test is skipped
on the other engine, with its reason in the summary.

The real servers' fixtures (tests/servers.py: the notification server, the SMTP servers) are loaded here as a
plugin, for every folder.

The tests are in four folders, each with a conftest.py of its own for the fixtures only it needs:
tests/domain/ (the domain functions called directly), tests/cli/ (the `crm` command line, in-process and in real
processes), tests/tui/ (the app under Pilot, and in tmux), tests/snapshot_tests/ (screenshots compared with
snapshots/). What they share besides fixtures is in tests/helpers.py.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tui import accounts, clock, database
from tui.scope import Actor

from .helpers import FIXED_NOW, PASSWORD
from .postgres_server import DatabaseUrl, PostgresCluster, running_cluster, server_bindir

pytest_plugins = ("tests.servers",)

ENGINES = ("sqlite", "postgresql")


# -- the engine -------------------------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=ENGINES,
        default="sqlite",
        help="the database every test runs against: an SQLite file (default) or a PostgreSQL "
        "server this run starts itself",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Say so once, before anything runs, rather than as an error in every test.
    if config.getoption("engine") == "postgresql" and server_bindir() is None:
        raise pytest.UsageError(
            "--engine postgresql needs the PostgreSQL server (initdb, pg_ctl, postgres): "
            "apt-get install postgresql (.ci/run does it)"
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the tests marked for the other engine; a marker without its reason is a mistake, refused."""
    engine = config.getoption("engine")
    for item in items:
        for only in ENGINES:
            marker = item.get_closest_marker(f"{only}_only")
            if marker is None:
                continue
            reason = marker.args[0] if marker.args else marker.kwargs.get("reason")
            if not reason:
                raise pytest.UsageError(f"{item.nodeid}: @pytest.mark.{marker.name} needs a reason: say why")
            if only != engine:
                item.add_marker(pytest.mark.skip(reason=f"{only} only: {reason}"))


@pytest.fixture(scope="session")
def engine(pytestconfig: pytest.Config) -> str:
    """The engine this run tests: "sqlite" or "postgresql"."""
    return pytestconfig.getoption("engine")


@pytest.fixture(scope="session")
def postgres_cluster(engine: str) -> Iterator[PostgresCluster]:
    """This process's PostgreSQL server (each xdist worker starts its own), stopped and removed at the end."""
    if engine != "postgresql":
        pytest.skip("needs --engine postgresql")
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing() -> Iterator[None]:
    """Argon2id at its cheapest for this test session (about 0.1 ms a hash instead of 0.4 s), in this one place.

    Production keeps the library's strong parameters and nothing outside the tests can lower them
    (tests/domain/test_accounts.py proves it in a fresh process). Argon2 reads the parameters from the stored
    hash, so accounts made here are cheap to verify anywhere, including in the `crm` processes and the tmux
    sessions that the tests start: make such accounts in-process, with `accounts.signup`.
    """
    from argon2 import PasswordHasher

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "_hasher", lambda: cheap)
        yield


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Every test: its own config dir, no CRM_* from outside, the clock fixed, nothing left open."""
    for name in ("CRM_DB", "CRM_NOW", "CRM_SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    for name in [name for name in os.environ if name.startswith("PG")]:
        monkeypatch.delenv(name)  # libpq reads PGHOST, PGOPTIONS, PGSERVICE...: the test's URL alone decides
    monkeypatch.setenv("CRM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    clock.fix(FIXED_NOW)
    yield
    clock.fix(None)
    database.close_database()


@pytest.fixture(scope="session")
def migrated_template(postgres_cluster: PostgresCluster) -> str:
    """A database of this process's server migrated to the current schema, to be copied by the tests that open one."""
    url = postgres_cluster.create_database()
    database.open_database(str(url))
    database.close_database()
    postgres_cluster.make_template(url.database)
    return url.database


@pytest.fixture
def db_path(request: pytest.FixtureRequest, engine: str, tmp_path: Path) -> Iterator[Path | DatabaseUrl]:
    """This test's database, not made yet: where its file goes, or with PostgreSQL a new empty database's URL.

    Either way `str(db_path)` is what `open_database`, `CrmApp` and `crm --db` take. The PostgreSQL database
    is dropped at the end, after the app's connection is closed; other sessions still on it are ended. When the test
    opens it anyway (it uses the `db` fixture), the PostgreSQL database is a copy of one already migrated, which
    opens as it would after its own migration, without the half second migrations take on a server.
    """
    if engine == "sqlite":
        yield tmp_path / "crm.db"
        return
    cluster: PostgresCluster = request.getfixturevalue("postgres_cluster")
    migrated = "db" in request.fixturenames
    url = (
        cluster.create_database(request.getfixturevalue("migrated_template")) if migrated else cluster.create_database()
    )
    yield url
    database.close_database()
    cluster.drop_database(url.database)


@pytest.fixture
def raw_connection(engine: str, db_path: Path | DatabaseUrl) -> Iterator[Callable[[], object]]:
    """Opens DB-API connections of the test's own to its database, beside the app's (sqlite3 or psycopg2,
    so with the engine's own SQL and placeholders), for concurrency tests; all are closed at the end.

    With PostgreSQL, `str(db_path)` itself also serves any number of further app connections, and
    `db_path.with_params(application_name="second")` is the same database under a name one can tell apart.
    """
    opened = []

    def connect():
        if engine == "sqlite":
            connection = sqlite3.connect(db_path, timeout=5)
        else:
            import psycopg2  # loaded only when a PostgreSQL run needs it

            connection = psycopg2.connect(db_path)
        opened.append(connection)
        return connection

    yield connect
    for connection in opened:
        connection.close()


@pytest.fixture
def db(db_path: Path):
    """A fresh, migrated database file, bound to the models."""
    return database.open_database(str(db_path))


@pytest.fixture
def actor(db) -> Actor:
    """A signed-up user, Ada, in Europe/Berlin."""
    return accounts.signup("ada@example.org", "Ada Lovelace", PASSWORD, "Europe/Berlin")


@pytest.fixture
def other_actor(db) -> Actor:
    """A second, independent user."""
    return accounts.signup("bob@example.org", "Bob Builder", PASSWORD, "America/New_York")


@pytest.fixture
def signed_in(db_path: Path, actor: Actor) -> Actor:
    """Ada, remembered on this machine for the test database (the app opens straight to the dashboard)."""
    accounts.remember(database.location_key(str(db_path)), actor)
    return actor


# -- mail ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def mailer(smtp_sink, monkeypatch):
    """The password reset mailer set to the plain SMTP server on 127.0.0.1 (tests/servers.py's smtp_sink)."""
    for name, value in (
        ("CRM_MAIL_HOST", "127.0.0.1"),
        ("CRM_MAIL_PORT", str(smtp_sink.port)),
        ("CRM_MAIL_STARTTLS", "off"),
        ("CRM_MAIL_FROM", "crm@example.org"),
    ):
        monkeypatch.setenv(name, value)
    for name in ("CRM_MAIL_USER", "CRM_MAIL_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return smtp_sink
