"""Where the case store lives and how to connect to it, safely.

By default an SQLite file in the owner-only user data directory; ``MHNOTEBOOK_DB`` names another
file or any SQLAlchemy URL (a group practice's PostgreSQL server). A server must authenticate: the
password comes from ``MHNOTEBOOK_DB_PASSWORD_FILE`` (an owner-only file), ``MHNOTEBOOK_DB_PASSWORD``
or the URL, and is never printed (URLs are shown with it masked; SQL parameters never appear in
errors). SQLite runs in WAL mode with full sync, so a killed process loses at most the write it was
in the middle of, and with ``BEGIN IMMEDIATE`` for writes, so two kernels writing at once queue
instead of failing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mhnotebook.errors import StoreConfigError
from mhnotebook.paths import ensure_private_dir, source_checkout, user_data_dir

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine

DB_ENV = "MHNOTEBOOK_DB"
PASSWORD_ENV = "MHNOTEBOOK_DB_PASSWORD"
PASSWORD_FILE_ENV = "MHNOTEBOOK_DB_PASSWORD_FILE"
DEFAULT_FILE_NAME = "cases.sqlite"
#: How long a writer waits for another writer (another kernel, the CLI) before giving up, in ms.
BUSY_TIMEOUT_MS = 15_000


def default_database_path() -> Path:
    """``cases.sqlite`` in the user data directory (``MHNOTEBOOK_DATA_DIR`` moves it)."""
    return user_data_dir() / DEFAULT_FILE_NAME


def resolve_url(location: str | Path | None = None) -> URL:
    """The SQLAlchemy URL for ``location``, else ``MHNOTEBOOK_DB``, else the default SQLite file.

    A plain path means an SQLite file. Server URLs get their password from the environment or a
    file; one with no password at all is refused (the store holds patient data).
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    raw = location if location is not None else os.environ.get(DB_ENV) or None
    if raw is None:
        return _sqlite_url(default_database_path())
    text = str(raw).strip()
    if "://" not in text:
        return _sqlite_url(Path(text).expanduser())
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        # The parser's message may quote the URL, password included: say what is expected instead.
        raise StoreConfigError(
            f"{DB_ENV}: not a database URL or file path; expected e.g. "
            "/home/me/cases.sqlite or postgresql://user@host:5432/dbname"
        ) from None
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise StoreConfigError(
                f"{DB_ENV}: an in-memory SQLite store would lose everything when the kernel stops; give a file"
            )
        return _sqlite_url(Path(url.database).expanduser())
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return _with_password(url)


def _sqlite_url(path: Path) -> URL:
    from sqlalchemy.engine import URL

    path = path.resolve()
    checkout = source_checkout()
    if checkout is not None and checkout.resolve() in path.parents:
        raise StoreConfigError(
            f"the case store {path} is inside the mhnotebook checkout; patient data must live outside it "
            f"(unset {DB_ENV} or point it elsewhere)"
        )
    return URL.create("sqlite", database=str(path))


def _with_password(url: URL) -> URL:
    password = _password_from_environment()
    if password is not None:
        url = url.set(password=password)
    if not url.password:
        raise StoreConfigError(
            f"the case store at {url.render_as_string(hide_password=True)} needs password authentication: "
            f"put the password in an owner-only file named by {PASSWORD_FILE_ENV} (or in {PASSWORD_ENV})"
        )
    if not url.username:
        raise StoreConfigError(
            f"the case store URL {url.render_as_string(hide_password=True)} names no user; "
            "expected postgresql://USER@HOST/DBNAME"
        )
    return url


def _password_from_environment() -> str | None:
    file_name = os.environ.get(PASSWORD_FILE_ENV)
    if file_name:
        path = Path(file_name).expanduser()
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise StoreConfigError(f"{PASSWORD_FILE_ENV}: cannot read {path}: {exc.strerror}") from None
        if mode & 0o077:
            raise StoreConfigError(
                f"{PASSWORD_FILE_ENV}: {path} can be read by other users (mode {mode:o}); "
                f"run: chmod 600 {path}"
            )
        password = text.strip()
        if not password:
            raise StoreConfigError(f"{PASSWORD_FILE_ENV}: {path} is empty")
        return password
    return os.environ.get(PASSWORD_ENV) or None


def describe(url: URL) -> str:
    """The location in words, password masked: for messages and the dashboard header."""
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database}"
    return url.render_as_string(hide_password=True)


def create_store_engine(url: URL) -> Engine:
    """An engine for the store: private SQLite file in WAL mode, or a server connection."""
    from sqlalchemy import create_engine, event

    if url.get_backend_name() != "sqlite":
        try:
            return create_engine(url, hide_parameters=True, pool_pre_ping=True)
        except ImportError as exc:  # the driver is an optional extra
            extra = " (pip install 'mhnotebook[postgres]')" if url.get_backend_name() == "postgresql" else ""
            raise StoreConfigError(
                f"the case store at {describe(url)} needs a database driver that is not installed: "
                f"{exc.name or exc}{extra}"
            ) from None
    assert url.database is not None
    _create_private_file(Path(url.database))
    engine = create_engine(url, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (the driver's implicit BEGIN is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A write takes the lock up front: a second writer then waits (busy_timeout) instead of
        # failing halfway when its read snapshot turns out stale.
        immediate = connection.get_execution_options().get("store_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _create_private_file(path: Path) -> None:
    """Create the SQLite file owner-only (0600) before SQLite does; its -wal/-shm copy the mode.

    An existing store (and any -wal/-shm left beside it) readable by others is tightened to 0600.
    """
    if not path.parent.exists():
        ensure_private_dir(path.parent)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
        except FileExistsError:
            pass  # another process created it just now; its mode is checked below
        except OSError as exc:
            raise StoreConfigError(f"cannot create the case store {path}: {exc.strerror}") from None
    for member in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            mode = stat.S_IMODE(member.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & 0o077:
            try:
                member.chmod(mode & 0o600 or 0o600)
            except PermissionError:
                raise StoreConfigError(
                    f"the case store file {member} can be read by others (mode {mode:o}) and is not yours to fix"
                ) from None
