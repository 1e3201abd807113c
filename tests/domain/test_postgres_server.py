"""The PostgreSQL test fixtures themselves: every test gets a fresh, empty database of its own, on a server
that listens on a Unix socket only and is built for speed; `db_path` is a URL that says what it is."""

from __future__ import annotations

import psycopg2
import pytest
from playhouse.db_url import parse

from ..helpers import postgresql_only
from ..postgres_server import SUPERUSER

pytestmark = postgresql_only("tests the throwaway PostgreSQL server that --engine postgresql starts")

SEEN: dict[str, str] = {}  # test name -> its database's name, across the two tests below


def query(url: str, statement: str) -> list[tuple]:
    connection = psycopg2.connect(url)
    connection.autocommit = True  # what a test leaves behind stays
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
            return cursor.fetchall()
    finally:
        connection.close()


@pytest.mark.parametrize("which", ["first", "second"])
def test_each_test_gets_a_fresh_empty_database_of_its_own(db_path, which):
    tables = query(db_path, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
    assert tables == []
    assert query(db_path, "SELECT current_database(), current_user") == [(db_path.database, SUPERUSER)]
    # Left behind on purpose: the other parametrisation must not see it (with xdist, may not even share the server).
    query(db_path, "CREATE TABLE left_behind (id integer); SELECT 1")
    SEEN[which] = db_path.database
    assert len(set(SEEN.values())) == len(SEEN)


def test_the_url_is_a_unix_socket_url_that_peewee_reads(db_path, postgres_cluster):
    assert db_path.startswith(f"postgresql://{SUPERUSER}@/crm_t_")
    assert parse(str(db_path)) == {
        "database": db_path.database,
        "user": SUPERUSER,
        "host": str(postgres_cluster.folder),
        "port": 5432,
    }
    with pytest.raises(AttributeError, match="sqlite_only"):
        _ = db_path.parent  # a test that treats it as a file learns how to say it needs one


def test_the_server_is_built_for_speed_and_the_same_everywhere(db_path):
    settings = dict(
        query(
            db_path,
            "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', "
            "'synchronous_commit', 'full_page_writes', 'listen_addresses', "
            "'TimeZone', 'server_encoding', 'server_version_num')",
        )
    )
    assert int(settings.pop("server_version_num")) >= 150000
    assert settings == {
        "fsync": "off",
        "synchronous_commit": "off",
        "full_page_writes": "off",
        "listen_addresses": "",
        "TimeZone": "UTC",
        "server_encoding": "UTF8",
    }
    assert query(db_path, "SELECT datcollate, datctype FROM pg_database WHERE datname = current_database()") == [
        ("C", "C")
    ]


def test_raw_connections_and_a_second_url_reach_the_same_database(db_path, raw_connection):
    writer = raw_connection()
    writer.autocommit = True
    with writer.cursor() as cursor:
        cursor.execute("CREATE TABLE note (body text); INSERT INTO note VALUES ('hello')")
    second = db_path.with_params(application_name="second")
    assert query(second, "SELECT body, current_setting('application_name') FROM note") == [("hello", "second")]


def test_the_database_is_dropped_even_with_a_session_still_on_it(request, postgres_cluster):
    url = postgres_cluster.create_database()
    lingering = psycopg2.connect(url)  # like a subprocess a test left running
    request.addfinalizer(lingering.close)
    postgres_cluster.drop_database(url.database)
    assert query(
        postgres_cluster.url("postgres"), f"SELECT count(*) FROM pg_database WHERE datname = '{url.database}'"
    ) == [(0,)]
