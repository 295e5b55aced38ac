"""The PostgreSQL test server: local-only, password-protected, and really gone when stopped."""

from __future__ import annotations

import socket
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from tests import postgres_server as pg
from tests.postgres_server import PostgresNotFoundError, PostgresServer, process_is_running


@pytest.fixture
def no_stored_passwords(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A developer's PGPASSWORD or ~/.pgpass must not make a password-less login succeed."""
    for name in ("PGPASSWORD", "PGUSER", "PGHOST", "PGPORT", "PGSERVICE", "PGSERVICEFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-such-pgpass"))


def _engine_url(store_url: str) -> str:
    return store_url if "://" in store_url else f"sqlite:///{store_url}"


def test_select_version_works_through_sqlalchemy(postgres_server: PostgresServer) -> None:
    engine = sa.create_engine(postgres_server.url())
    try:
        with engine.connect() as conn:
            version = conn.execute(sa.text("SELECT version()")).scalar_one()
    finally:
        engine.dispose()
    assert version.startswith("PostgreSQL ")


def test_the_server_listens_on_127_0_0_1_only(postgres_server: PostgresServer) -> None:
    with postgres_server.connect() as conn:
        assert conn.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
        assert conn.info.host == "127.0.0.1"
    # Bound to 127.0.0.1 itself, not to every address: another loopback address gets no answer.
    with pytest.raises(OSError), socket.create_connection(("127.0.0.2", postgres_server.port), timeout=5):
        pass


def test_a_wrong_password_is_refused(postgres_server: PostgresServer, no_stored_passwords: None) -> None:
    engine = sa.create_engine(postgres_server.url(password="not-the-password"))
    with pytest.raises(sa.exc.OperationalError, match="password authentication failed"):
        engine.connect()
    engine.dispose()


def test_a_url_without_a_password_is_refused(
    postgres_server: PostgresServer, no_stored_passwords: None
) -> None:
    url = postgres_server.url(password="")
    assert url.startswith("postgresql+psycopg://mhnotebook@127.0.0.1:")
    engine = sa.create_engine(url)
    with pytest.raises(sa.exc.OperationalError, match="no password supplied"):
        engine.connect()
    engine.dispose()


def test_the_local_socket_asks_for_a_password_too(
    postgres_server: PostgresServer, no_stored_passwords: None
) -> None:
    assert postgres_server.root is not None
    with pytest.raises(psycopg.OperationalError, match="no password supplied"):
        psycopg.connect(
            host=str(postgres_server.root), port=postgres_server.port, user=pg.SUPERUSER, dbname="postgres"
        )


def test_the_password_file_given_to_initdb_is_not_left_on_disk(postgres_server: PostgresServer) -> None:
    assert postgres_server.root is not None
    assert not (postgres_server.root / "pwfile").exists()


def test_create_database_returns_the_url_of_a_new_empty_database(postgres_server: PostgresServer) -> None:
    url = postgres_server.create_database("t_created_here")
    try:
        assert url == postgres_server.url("t_created_here")
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT current_database()")).scalar_one() == "t_created_here"
        assert sa.inspect(engine).get_table_names() == []
        engine.dispose()
    finally:
        postgres_server.drop_database("t_created_here")


def test_create_database_refuses_a_name_that_is_not_a_plain_identifier(
    postgres_server: PostgresServer,
) -> None:
    with pytest.raises(ValueError, match="database name"):
        postgres_server.create_database('x"; DROP DATABASE postgres; --')


def test_the_server_process_is_gone_after_stop_and_its_files_too() -> None:
    server = PostgresServer()
    with server:
        pid = server.pid
        root = server.root
        assert process_is_running(pid)
        with server.connect() as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    assert not process_is_running(pid)
    assert root is not None and not root.exists()
    server.stop()  # a second stop (as atexit would do) is harmless


def test_missing_binaries_raise_an_error_naming_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pg, "_DEBIAN_BIN_DIRS", str(tmp_path / "no-postgresql" / "*" / "bin"))
    with pytest.raises(PostgresNotFoundError, match="`postgresql` package") as caught:
        pg.find_postgres_bin_dir()
    assert pg.SKIP_ENV in str(caught.value)


def test_the_newest_debian_version_is_chosen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for version in ("9.6", "15", "16"):
        folder = tmp_path / "postgresql" / version / "bin"
        folder.mkdir(parents=True)
        for program in ("initdb", "pg_ctl"):
            (folder / program).write_text("")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pg, "_DEBIAN_BIN_DIRS", str(tmp_path / "postgresql" / "*" / "bin"))
    assert pg.find_postgres_bin_dir() == tmp_path / "postgresql" / "16" / "bin"


def test_store_url_gives_each_test_a_fresh_empty_database(store_url: str) -> None:
    engine = sa.create_engine(_engine_url(store_url))
    try:
        assert sa.inspect(engine).get_table_names() == []
        notes = sa.Table("notes", sa.MetaData(), sa.Column("text", sa.Text))
        notes.metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(notes.insert(), [{"text": "Appeal filed — نص عربي ✓"}])
        with engine.connect() as conn:
            assert conn.execute(sa.select(notes.c.text)).scalar_one() == "Appeal filed — نص عربي ✓"
    finally:
        engine.dispose()


def test_store_url_is_a_sqlite_path_or_a_postgresql_url(
    store_url: str, request: pytest.FixtureRequest
) -> None:
    if request.node.callspec.id == "sqlite":
        assert store_url.endswith("cases.sqlite") and "://" not in store_url
    else:
        assert store_url.startswith("postgresql+psycopg://mhnotebook:")
        assert "@127.0.0.1:" in store_url
