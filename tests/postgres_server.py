"""A throwaway PostgreSQL server for the tests: started by the test run, stopped afterwards.

Why not a service the machine already runs: the store must work on PostgreSQL for a group practice,
so the same store tests run against a real server, and a test run must neither need nor touch one
someone set up (Debian's package may start its own cluster "main"; nothing here uses it). The
cluster lives in a private temp dir, listens on 127.0.0.1 only and requires a password
(scram-sha-256) on every connection, the local socket included.

PostgreSQL refuses to run as root, so as root the server runs as the ``postgres`` user (or
``nobody``) through ``runuser``.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    import psycopg

#: Set to 1 to skip the PostgreSQL half of the store tests (a developer without PostgreSQL).
SKIP_ENV = "MHNOTEBOOK_SKIP_POSTGRES"
SUPERUSER = "mhnotebook"
HOST = "127.0.0.1"

_DEBIAN_BIN_DIRS = "/usr/lib/postgresql/*/bin"
_DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class PostgresNotFoundError(RuntimeError):
    """The PostgreSQL server binaries are not installed, so the PostgreSQL tests cannot run."""


class PostgresStartError(RuntimeError):
    """initdb or pg_ctl failed; the message carries their output and the server log."""


def find_postgres_bin_dir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``: PATH first, then Debian's newest version."""
    on_path = [shutil.which(name) for name in ("initdb", "pg_ctl")]
    if all(on_path):
        # Resolve symlinks (/usr/local/bin/initdb -> /usr/lib/postgresql/15/bin/initdb): pg_ctl
        # finds the `postgres` binary beside its real self.
        folders = {Path(os.path.realpath(str(path))).parent for path in on_path}
        if len(folders) == 1:
            return folders.pop()
    candidates = [Path(p) for p in glob.glob(_DEBIAN_BIN_DIRS)]
    usable = [p for p in candidates if (p / "initdb").is_file() and (p / "pg_ctl").is_file()]
    if usable:
        return max(usable, key=_version_key)
    raise PostgresNotFoundError(
        "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH nor under "
        f"{_DEBIAN_BIN_DIRS}. Install Debian's `postgresql` package (tools/system-packages.sh, run "
        "by `make setup`, does it; on macOS `brew install postgresql`), or set "
        f"{SKIP_ENV}=1 to skip the PostgreSQL half of the store tests (CI must not)."
    )


def _version_key(bin_dir: Path) -> tuple[int, ...]:
    """/usr/lib/postgresql/15/bin -> (15,); numeric, so 9.6 sorts before 10."""
    return tuple(int(part) for part in re.findall(r"\d+", bin_dir.parent.name)) or (0,)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def process_is_running(pid: int) -> bool:
    """True while ``pid`` is a live process (a zombie no container init has reaped is not)."""
    if Path("/proc/self/stat").exists():  # Linux: read the state, so a zombie counts as gone
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        return state not in {"Z", "X"}
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class PostgresServer:
    """One private PostgreSQL cluster on 127.0.0.1 with password authentication.

    >>> with PostgresServer() as server:                       # doctest: +SKIP
    ...     url = server.create_database("t_cases")
    ...     # 'postgresql+psycopg://mhnotebook:<password>@127.0.0.1:<port>/t_cases'
    """

    def __init__(self, bin_dir: Path | None = None) -> None:
        self.bin_dir = bin_dir or find_postgres_bin_dir()
        self.password = secrets.token_urlsafe(24)
        self.port = 0
        self.root: Path | None = None
        self._run_as: str | None = None
        self._atexit_registered = False

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, attempts: int = 3) -> PostgresServer:
        """initdb a fresh cluster and start it; retries on a port taken between pick and bind."""
        if self.root is not None:
            raise RuntimeError("this PostgresServer is already started")
        self.root = Path(tempfile.mkdtemp(prefix="mhnotebook-pg-"))
        if not self._atexit_registered:
            atexit.register(self.stop)
            self._atexit_registered = True
        try:
            self._run_as = self._unprivileged_user() if os.geteuid() == 0 else None
            if self._run_as:
                entry = pwd.getpwnam(self._run_as)
                os.chown(self.root, entry.pw_uid, entry.pw_gid)
            self._initdb()
            for attempt in range(1, attempts + 1):
                self.port = _free_port()
                self._write_config()
                try:
                    self._pg_ctl("-w", "-t", "60", "start", "-l", str(self.log_file))
                    break
                except PostgresStartError:
                    if attempt == attempts or "could not bind" not in self.log_text():
                        raise
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (fast shutdown: ends open sessions) and delete its files. Idempotent."""
        root, self.root = self.root, None
        if root is None:
            return
        try:
            if (root / "data" / "postmaster.pid").exists():
                self._pg_ctl("-w", "-t", "60", "-m", "fast", "stop", root=root)
        finally:
            shutil.rmtree(root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what the tests use -------------------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        return self._require_root() / "data"

    @property
    def log_file(self) -> Path:
        return self._require_root() / "postgres.log"

    @property
    def pid(self) -> int:
        """The postmaster's process id, from its postmaster.pid (first line)."""
        return int((self.data_dir / "postmaster.pid").read_text().splitlines()[0])

    def url(self, database: str = "postgres", *, password: str | None = None) -> str:
        """An SQLAlchemy URL for ``database`` (``password=""`` leaves it out, for refusal tests)."""
        secret = self.password if password is None else password
        credentials = SUPERUSER + (f":{quote(secret, safe='')}" if secret else "")
        return f"postgresql+psycopg://{credentials}@{HOST}:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection[tuple[Any, ...]]:
        """A psycopg connection in autocommit mode (CREATE DATABASE cannot run in a transaction)."""
        import psycopg

        self._require_root()
        return psycopg.connect(
            host=HOST,
            port=self.port,
            user=SUPERUSER,
            password=self.password,
            dbname=database,
            autocommit=True,
            connect_timeout=10,
        )

    def create_database(self, name: str) -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        from psycopg import sql

        if not _DATABASE_NAME.fullmatch(name):
            raise ValueError(f"database name {name!r}: expected lower-case letters, digits, '_'")
        with self.connect() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, ending any session a test left open on it."""
        from psycopg import sql

        with self.connect() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def log_text(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")
        except (FileNotFoundError, RuntimeError):
            return ""

    # -- internals ----------------------------------------------------------------------------

    def _require_root(self) -> Path:
        if self.root is None:
            raise RuntimeError("the PostgreSQL test server is not running (call start())")
        return self.root

    @staticmethod
    def _unprivileged_user() -> str:
        if shutil.which("runuser") is None:
            raise PostgresStartError("running as root: PostgreSQL needs `runuser` to run as another user")
        for name in ("postgres", "nobody"):
            with contextlib.suppress(KeyError):
                pwd.getpwnam(name)
                return name
        raise PostgresStartError("running as root: no `postgres` or `nobody` user to run PostgreSQL as")

    def _initdb(self) -> None:
        root = self._require_root()
        pwfile = root / "pwfile"
        fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(self.password + "\n")
        if self._run_as:
            entry = pwd.getpwnam(self._run_as)
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        try:
            self._run(
                "initdb",
                "-D",
                str(root / "data"),
                "-U",
                SUPERUSER,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "--auth-local=scram-sha-256",
                "--encoding=UTF8",
                # C collation: byte order, as SQLite compares text, so both backends sort alike.
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            )
        finally:
            pwfile.unlink(missing_ok=True)

    def _write_config(self) -> None:
        root = self._require_root()
        settings = {
            "listen_addresses": f"'{HOST}'",
            "port": str(self.port),
            "unix_socket_directories": f"'{root}'",
            # A test server: durability buys nothing, speed does.
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
        }
        lines = [f"{key} = {value}" for key, value in settings.items()]
        # postgresql.auto.conf is read last and rewritten whole, so a retry on a new port is clean.
        (root / "data" / "postgresql.auto.conf").write_text("\n".join(lines) + "\n")
        (root / "data" / "pg_hba.conf").write_text(
            "# mhnotebook test server: passwords on every connection, 127.0.0.1 only\n"
            "local all all scram-sha-256\n"
            f"host  all all {HOST}/32 scram-sha-256\n"
        )

    def _pg_ctl(self, *args: str, root: Path | None = None) -> None:
        root = root or self._require_root()
        self._run("pg_ctl", "-D", str(root / "data"), *args, root=root)

    def _run(self, program: str, *args: str, root: Path | None = None) -> None:
        root = root or self._require_root()
        command = [str(self.bin_dir / program), *args]
        if self._run_as:
            command = ["runuser", "-u", self._run_as, "--", *command]
        # PG* variables (PGDATA, PGPORT, ...) from the developer's shell must not steer our server.
        env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
        env["LC_ALL"] = "C"
        result = subprocess.run(
            command,
            cwd=root,  # a cwd the unprivileged user can enter
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if result.returncode != 0:
            log = self.log_text() if program == "pg_ctl" else ""
            raise PostgresStartError(
                f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}{result.stderr}"
                + (f"\n--- server log ---\n{log}" if log else "")
            )
