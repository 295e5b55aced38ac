"""Store fixtures: every store test runs twice, on SQLite and on a real PostgreSQL server.

The PostgreSQL server starts once per test session, the first time a test asks for it, and stops at
the end. Without PostgreSQL's binaries the PostgreSQL runs FAIL (CI must run both backends), unless
MHNOTEBOOK_SKIP_POSTGRES=1 says to skip them (a developer without PostgreSQL).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres_server import SKIP_ENV, PostgresNotFoundError, PostgresServer


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server on 127.0.0.1 for the whole session."""
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: PostgreSQL store tests skipped (CI runs them)")
    missing = ""
    try:
        server = PostgresServer()
    except PostgresNotFoundError as exc:
        missing = str(exc)
    if missing:
        pytest.fail(missing, pytrace=False)  # a failure, not a skip: CI must run both backends
    with server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"], ids=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database per test: a SQLite file path, or a new database's SQLAlchemy URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "cases.sqlite")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"t_{uuid.uuid4().hex}"
    url = server.create_database(name)
    yield url
    server.drop_database(name)  # WITH (FORCE): a session the test left open does not block it
