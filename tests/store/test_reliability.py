"""Nothing logged is ever lost: killed writers, concurrent writers, failed writes, files and secrets.

These drive real processes against a real database file (and the PostgreSQL server when the
``store_url`` fixture offers it): a writer is SIGKILLed after it has reported N commits, two
writers race, a write fails halfway. What must hold afterwards is checked from the database itself.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from mhnotebook.errors import StoreConfigError, StoreError
from mhnotebook.models import Event
from mhnotebook.paths import sample_case_path, source_checkout
from mhnotebook.store import CaseStore
from mhnotebook.store import schema as t
from mhnotebook.store.case_deadlines import case_deadline_rows
from mhnotebook.store.database import describe, resolve_url
from mhnotebook.store.migrate import current_revision, head_revision
from mhnotebook.validation import load_case
from tests.conftest import TODAY

SAMPLE = "not-medically-necessary-iop"
PATIENT_PASSWORD = "Tr0ub4dor-and-3"  # a test secret that must never be printed

#: The child writer: opens the store, then logs batches of 5 events (or adds batches of cases),
#: printing the ids of each batch after its commit. ``go`` on stdin starts it (so two can race).
WRITER = r"""
import sys
from datetime import date, timedelta
from mhnotebook.models import Event
from mhnotebook.store import CaseStore
from mhnotebook.validation import load_case

url, key, mode, size, count, today, sample = sys.argv[1:8]
size, count = int(size), int(count)
store = CaseStore(url, today=date.fromisoformat(today))
base = load_case(sample)
print("ready", flush=True)
sys.stdin.readline()

def batch_events(tag, i):
    day = date(2026, 9, 1) + timedelta(days=i % 60)
    events = [
        Event(kind="peer_to_peer", at=day, note=f"{tag} {i} 0",
              contact={"role": "plan_reviewer", "name": f"Dr Reviewer {i % 3}", "credentials": "MD"},
              call={"documents_requested": "progress notes", "documents_promised_by": day + timedelta(days=7)}),
        Event(kind="reply_due", at=day, due=day + timedelta(days=10), note=f"{tag} {i} 1"),
        Event(kind="letter_sent", at=day + timedelta(days=3 + i % 9), note=f"{tag} {i} 2"),
        Event(kind="phone_call", at=day, note=f"{tag} {i} 3",
              contact={"role": "plan_representative", "name": "Sam", "reference_number": f"R{i}"}),
        Event(kind="decision_received" if i % 2 else "phone_call", at=day + timedelta(days=12), note=f"{tag} {i} 4"),
    ]
    return events[:size]

for i in range(count):
    if mode == "events":
        ids = store.log_events(key, batch_events(key if key != "-" else "w", i))
    else:
        ids = store.add_cases(
            base.model_copy(update={"case_id": f"{key}-{i}-{j}", "label": f"{key} {i} {j}"}) for j in range(size)
        )
    print(" ".join(str(x) for x in ids), flush=True)
print("done", flush=True)
"""


def _is_sqlite(url: str) -> bool:
    return "://" not in url or url.startswith("sqlite")


def _sqlite_path(url: str) -> Path:
    return Path(url.split("///", 1)[1] if "://" in url else url)


def _start_writer(url: str, key: str, mode: str, size: int, count: int) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            WRITER,
            url,
            key,
            mode,
            str(size),
            str(count),
            TODAY.isoformat(),
            str(sample_case_path(SAMPLE)),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        raise AssertionError(f"writer did not start: {line!r} {proc.stderr.read() if proc.stderr else ''}")
    return proc


def _go(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("go\n")
    proc.stdin.flush()


def _store_with_case(url: str, key: str = "shared") -> CaseStore:
    store = CaseStore(url, today=TODAY)
    store.add_case(load_case(sample_case_path(SAMPLE)), key=key)
    return store


def _integrity_ok(url: str) -> None:
    if _is_sqlite(url):
        with sqlite3.connect(_sqlite_path(url)) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert raw.execute("PRAGMA foreign_key_check").fetchall() == []


#: The deadlines columns compared between what is stored and what the stored timeline gives.
_DEADLINE_COLUMNS = (
    "name",
    "source",
    "clock",
    "what",
    "due",
    "due_day",
    "status",
    "rule",
    "citation",
    "counted_from",
)


def _stored_deadlines(store: CaseStore, key: str) -> list[tuple[Any, ...]]:
    query = (
        select(*(t.deadlines.c[name] for name in _DEADLINE_COLUMNS))
        .join(t.cases, t.cases.c.id == t.deadlines.c.case_id)
        .where(t.cases.c.key == key)
    )
    with store.engine.connect() as c:
        return sorted(tuple(row) for row in c.execute(query))


def _expected_deadlines(store: CaseStore, key: str) -> list[tuple[Any, ...]]:
    _triage, rows = case_deadline_rows(store.case(key), TODAY)
    return sorted(tuple(row[name] for name in _DEADLINE_COLUMNS) for row in rows)


def _batches_on_timeline(store: CaseStore, key: str, tag: str) -> dict[int, set[int]]:
    """Which events of each logged batch are on the timeline (notes read '<tag> <batch> <index>')."""
    found: dict[int, set[int]] = defaultdict(set)
    for logged in store.timeline(key):
        words = (logged.event.note or "").split()
        if len(words) == 3 and words[0] == tag:
            found[int(words[1])].add(int(words[2]))
    return found


# --- a real kill -------------------------------------------------------------------------------


def test_a_writer_killed_mid_run_loses_nothing_it_reported_and_leaves_no_half_batch(store_url: str) -> None:
    store = _store_with_case(store_url, "killed")
    before = len(store.timeline("killed"))
    proc = _start_writer(store_url, "killed", "events", 5, 100_000)
    _go(proc)
    assert proc.stdout is not None
    committed: list[int] = []
    while len(committed) < 5 * 25:  # SIGKILL once 25 commits were reported, whatever the clock says
        line = proc.stdout.readline()
        assert line, f"writer stopped early: {proc.stderr.read() if proc.stderr else ''}"
        committed += [int(x) for x in line.split()]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    store.close()

    _integrity_ok(store_url)
    reopened = CaseStore(store_url, today=TODAY)
    timeline = reopened.timeline("killed")
    ids = {logged.id for logged in timeline}
    assert set(committed) <= ids, "an event whose commit was reported is missing"
    batches = _batches_on_timeline(reopened, "killed", "killed")
    assert len(batches) >= 25
    assert all(indexes == {0, 1, 2, 3, 4} for indexes in batches.values()), "half a batch was kept"
    assert len(timeline) == before + 5 * len(batches)
    # The deadlines kept are the ones the kept timeline gives: recomputed in the same transaction.
    assert _stored_deadlines(reopened, "killed") == _expected_deadlines(reopened, "killed")
    assert any(row[1] == "promise" for row in _stored_deadlines(reopened, "killed"))
    reopened.close()


def test_a_writer_killed_while_adding_cases_keeps_whole_batches(store_url: str) -> None:
    store = CaseStore(store_url, today=TODAY)
    proc = _start_writer(store_url, "bulk", "cases", 20, 100_000)
    _go(proc)
    assert proc.stdout is not None
    reported: list[str] = []
    while len(reported) < 20 * 5:
        line = proc.stdout.readline()
        assert line, f"writer stopped early: {proc.stderr.read() if proc.stderr else ''}"
        reported += line.split()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store.close()

    _integrity_ok(store_url)
    reopened = CaseStore(store_url, today=TODAY)
    keys = reopened.keys()
    assert set(reported) <= set(keys)
    per_batch: dict[str, int] = defaultdict(int)
    for key in keys:
        per_batch[key.rsplit("-", 1)[0]] += 1
    assert set(per_batch.values()) == {20}, "a batch of add_cases was half kept"
    some = keys[-1]
    assert _stored_deadlines(reopened, some) == _expected_deadlines(reopened, some)
    reopened.close()


# --- two writers at once -----------------------------------------------------------------------


def test_two_processes_writing_at_once_both_land_whole(store_url: str) -> None:
    store = _store_with_case(store_url, "shared")
    before = len(store.timeline("shared"))
    writers = [_start_writer(store_url, "shared", "events", 1, 200) for _ in range(2)]
    for proc in writers:
        _go(proc)
    results = [proc.communicate(timeout=600) for proc in writers]
    for proc, (out, err) in zip(writers, results, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err
        assert out.splitlines()[-1] == "done"
    ids = [int(x) for out, _err in results for line in out.splitlines()[:-1] for x in line.split()]
    assert len(ids) == len(set(ids)) == 400

    _integrity_ok(store_url)
    timeline = store.timeline("shared")
    assert len(timeline) == before + 400
    assert set(ids) <= {logged.id for logged in timeline}
    assert _stored_deadlines(store, "shared") == _expected_deadlines(store, "shared")
    store.close()


def test_a_second_writer_waits_for_the_first_so_its_deadlines_see_both_events(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race behind stale deadlines, made deterministic: A pauses after computing its deadlines.

    Without a write lock B would read the timeline without A's event, store its deadlines and
    commit; A would then store deadlines without B's event. With the lock B waits for A.
    """
    first = _store_with_case(store_url, "shared")
    second = CaseStore(store_url, today=TODAY)
    real = case_deadline_rows
    paused, release = threading.Event(), threading.Event()

    def slow_for_a(case: Any, today: Any) -> Any:
        result = real(case, today)
        if threading.current_thread().name == "writer-a":
            paused.set()
            release.wait(60)
        return result

    monkeypatch.setattr("mhnotebook.store.case_store.case_deadline_rows", slow_for_a)
    day = TODAY - timedelta(days=20)
    a = threading.Thread(
        name="writer-a",
        target=first.log_event,
        args=("shared", Event(kind="reply_due", at=day, due=day + timedelta(days=30), note="A")),
    )
    b = threading.Thread(
        name="writer-b",
        target=second.log_event,
        args=("shared", Event(kind="reply_due", at=day, due=day + timedelta(days=40), note="B")),
    )
    a.start()
    assert paused.wait(60)
    b.start()
    b.join(2)  # B may not finish while A holds the write lock; without one it finishes at once
    release.set()
    a.join(60)
    b.join(60)
    assert {logged.event.note for logged in first.timeline("shared")} >= {"A", "B"}
    assert _stored_deadlines(first, "shared") == _expected_deadlines(first, "shared")
    first.close()
    second.close()


# --- a failing write keeps nothing -------------------------------------------------------------


def _snapshot(store: CaseStore) -> dict[str, list[tuple[Any, ...]]]:
    with store.engine.connect() as c:
        return {
            table.name: sorted(tuple(map(str, row)) for row in c.execute(select(table)))
            for table in (t.cases, t.events, t.contacts, t.deadlines, t.letters)
        }


CALL = Event(
    kind="peer_to_peer",
    at="2026-11-20",
    note="Reviewer cited LOCUS",
    contact={"role": "plan_reviewer", "name": "Dr New Person", "credentials": "DO"},
    call={"documents_requested": "notes", "documents_promised_by": "2026-11-27"},
)


def test_a_python_error_halfway_propagates_as_is_and_nothing_is_saved(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store_with_case(store_url, "one")
    before = _snapshot(store)

    def broken(*_args: object) -> None:
        raise RuntimeError("deadline rules broke")

    monkeypatch.setattr("mhnotebook.store.case_store.case_deadline_rows", broken)
    # A bug is not a storage failure: it surfaces as itself (the form keeps its content either way).
    with pytest.raises(RuntimeError, match="deadline rules broke"):
        store.log_events("one", [CALL, CALL.model_copy(update={"kind": "phone_call"})])
    with pytest.raises(RuntimeError):
        store.add_case(load_case(sample_case_path(SAMPLE)), key="two")
    with pytest.raises(RuntimeError):
        store.update_case("one", load_case(sample_case_path(SAMPLE)).model_copy(update={"label": "changed"}))
    assert _snapshot(store) == before
    store.close()


def test_a_database_error_halfway_is_a_store_error_in_words_and_nothing_is_saved(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store_with_case(store_url, "one")
    before = _snapshot(store)
    real = case_deadline_rows

    def missing_column(case: Any, today: Any) -> Any:
        triage, rows = real(case, today)
        return triage, [{**row, "what": None} for row in rows]  # violates NOT NULL, after the events went in

    monkeypatch.setattr("mhnotebook.store.case_store.case_deadline_rows", missing_column)
    with pytest.raises(StoreError) as failure:
        store.log_event("one", CALL)
    message = str(failure.value)
    assert "nothing was saved" in message
    assert "INSERT" not in message.upper() and "Dr New Person" not in message and "[SQL" not in message
    assert _snapshot(store) == before
    store.close()


# --- read-only and locked databases ------------------------------------------------------------


def _assert_plain(message: str) -> None:
    for leak in (
        "INSERT",
        "SELECT",
        "UPDATE",
        "BEGIN",
        "[SQL",
        "[parameters",
        "Dr New Person",
        "Pat Example",
    ):
        assert leak.lower() not in message.lower(), f"{leak!r} leaked into: {message}"


def test_a_locked_database_gives_a_store_error_in_words_and_reads_still_work(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _is_sqlite(store_url):
        pytest.skip("the file lock is SQLite's")
    monkeypatch.setattr("mhnotebook.store.database.BUSY_TIMEOUT_MS", 50)
    store = _store_with_case(store_url, "one")
    before = len(store.timeline("one"))
    other = sqlite3.connect(_sqlite_path(store_url), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another kernel in the middle of a long write
    try:
        with pytest.raises(StoreError) as failure:
            store.log_event("one", CALL)
        message = str(failure.value)
        assert "another program is writing" in message and "nothing was saved" in message
        _assert_plain(message)
        assert len(store.timeline("one")) == before  # WAL: readers are not blocked by the writer
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.log_event("one", CALL)  # once the other writer is done, the same write goes through
    assert len(store.timeline("one")) == before + 1
    store.close()


def test_a_read_only_database_gives_a_store_error_in_words(store_url: str) -> None:
    if not _is_sqlite(store_url):
        pytest.skip("read-only files are SQLite's")
    store = _store_with_case(store_url, "one")
    store.close()
    # A read-only file (or disk) is what SQLite then reports: simulated with query_only, since tests
    # may run as root, whom file modes do not stop.
    readonly = CaseStore(store_url, today=TODAY)
    sa_event.listen(readonly.engine, "connect", lambda dbapi, _rec: dbapi.execute("PRAGMA query_only = ON"))
    readonly.engine.dispose()
    with pytest.raises(StoreError) as failure:
        readonly.log_event("one", CALL)
    message = str(failure.value)
    assert "read-only" in message and "nothing was saved" in message
    _assert_plain(message)
    assert len(readonly.timeline("one")) > 0
    readonly.close()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="file modes do not stop root")
def test_a_read_only_file_gives_a_store_error_in_words(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    _store_with_case(str(path), "one").close()
    path.chmod(0o400)
    with pytest.raises(StoreError) as failure:
        CaseStore(path, today=TODAY).log_event("one", CALL)
    _assert_plain(str(failure.value))


# --- files owner-only --------------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_store_file_its_wal_and_shm_are_owner_only_in_a_new_private_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = os.umask(0o022)  # a typical umask that would leave files world-readable
    request_restore = previous
    folder = tmp_path / "fresh" / "practice"
    path = folder / "cases.sqlite"
    store = _store_with_case(str(path), "one")
    store.log_event("one", CALL)
    with store.engine.connect():  # a connection is open, so the -wal and -shm files exist
        wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
        assert wal.exists() and shm.exists()
        assert (_mode(path), _mode(wal), _mode(shm)) == (0o600, 0o600, 0o600)
    assert _mode(folder) == 0o700
    store.close()
    os.umask(request_restore)


def test_an_existing_world_readable_store_file_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    _store_with_case(str(path), "one").close()
    path.chmod(0o644)
    CaseStore(path, today=TODAY).close()
    assert _mode(path) == 0o600


def test_a_world_readable_wal_left_beside_the_store_is_tightened_before_use(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    _store_with_case(str(path), "one").close()
    other = sqlite3.connect(path)  # another program holding the store keeps its -wal in place
    try:
        other.execute("PRAGMA journal_mode=WAL")
        other.execute("CREATE TABLE IF NOT EXISTS scratch (x)")
        other.commit()
        wal = path.with_name(path.name + "-wal")
        assert wal.exists()
        wal.chmod(0o644)
        CaseStore(path, today=TODAY).close()
        assert _mode(wal) == 0o600
    finally:
        other.close()


# --- migrations --------------------------------------------------------------------------------


def test_an_empty_database_is_migrated_to_head_and_a_second_open_does_nothing(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = CaseStore(store_url, today=TODAY)
    assert current_revision(store.engine) == head_revision()
    store.add_case(load_case(sample_case_path(SAMPLE)), key="one")
    store.close()

    def no_upgrade(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a store at the head was migrated again")

    monkeypatch.setattr("alembic.command.upgrade", no_upgrade)
    again = CaseStore(store_url, today=TODAY)
    assert again.keys() == ["one"]
    assert current_revision(again.engine) == head_revision()
    again.close()


def test_the_migrated_schema_matches_the_tables_in_schema_py(store_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    store = CaseStore(store_url, today=TODAY)
    with store.engine.connect() as c:
        context = MigrationContext.configure(c, opts={"compare_type": True})
        assert compare_metadata(context, t.metadata) == []
    store.close()


# --- credentials -------------------------------------------------------------------------------


@pytest.fixture
def no_password_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MHNOTEBOOK_DB", "MHNOTEBOOK_DB_PASSWORD", "MHNOTEBOOK_DB_PASSWORD_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("no_password_env")
def test_a_server_url_with_no_password_is_refused() -> None:
    with pytest.raises(StoreConfigError, match="needs password authentication"):
        resolve_url("postgresql://clinic@db.example/cases")


@pytest.mark.usefixtures("no_password_env")
def test_the_password_file_is_read_and_never_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "db-password"
    secret.write_text(PATIENT_PASSWORD + "\n")
    secret.chmod(0o600)
    monkeypatch.setenv("MHNOTEBOOK_DB_PASSWORD_FILE", str(secret))
    url = resolve_url("postgresql://clinic@db.example/cases")
    assert url.password == PATIENT_PASSWORD
    assert url.drivername == "postgresql+psycopg"
    shown = describe(url)
    assert PATIENT_PASSWORD not in shown and "***" in shown
    assert PATIENT_PASSWORD not in repr(url) and PATIENT_PASSWORD not in str(url)


@pytest.mark.usefixtures("no_password_env")
@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644])
def test_a_password_file_others_can_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    secret = tmp_path / "db-password"
    secret.write_text(PATIENT_PASSWORD)
    secret.chmod(mode)
    monkeypatch.setenv("MHNOTEBOOK_DB_PASSWORD_FILE", str(secret))
    with pytest.raises(StoreConfigError, match="chmod 600") as failure:
        resolve_url("postgresql://clinic@db.example/cases")
    assert PATIENT_PASSWORD not in str(failure.value)


@pytest.mark.usefixtures("no_password_env")
def test_no_message_carries_the_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    messages = []
    for url in (
        f"postgresql://:{PATIENT_PASSWORD}@db.example/cases",  # no user
        f"post gres://clinic:{PATIENT_PASSWORD}@db.example/cases",  # not a URL
    ):
        with pytest.raises(StoreConfigError) as failure:
            resolve_url(url)
        messages.append(str(failure.value))
    empty = tmp_path / "empty"
    empty.write_text("")
    empty.chmod(0o600)
    monkeypatch.setenv("MHNOTEBOOK_DB_PASSWORD_FILE", str(empty))
    with pytest.raises(StoreConfigError, match="empty") as failure:
        resolve_url(f"postgresql://clinic:{PATIENT_PASSWORD}@db.example/cases")
    messages.append(str(failure.value))
    assert all(PATIENT_PASSWORD not in message for message in messages), messages


@pytest.mark.usefixtures("no_password_env")
def test_a_url_with_a_bad_port_is_a_config_error_without_the_password() -> None:
    with pytest.raises(StoreConfigError) as failure:
        resolve_url(f"postgresql://clinic:{PATIENT_PASSWORD}@db.example:notaport/cases")
    assert PATIENT_PASSWORD not in str(failure.value)


@pytest.mark.usefixtures("no_password_env")
def test_a_server_that_cannot_be_reached_is_a_store_error_without_the_password() -> None:
    pytest.importorskip("psycopg")
    # Port 1 on this machine: refused at once, no network involved.
    with pytest.raises(StoreError) as failure:
        CaseStore(f"postgresql://clinic:{PATIENT_PASSWORD}@127.0.0.1:1/cases", today=TODAY)
    assert PATIENT_PASSWORD not in str(failure.value)
    assert "could not open the case store" in str(failure.value)


@pytest.mark.usefixtures("no_password_env")
def test_a_store_inside_the_checkout_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    checkout = source_checkout()
    if checkout is None:
        pytest.skip("installed from a wheel: there is no checkout to protect")
    monkeypatch.setenv("MHNOTEBOOK_DB", str(checkout / "data" / "cases.sqlite"))
    with pytest.raises(StoreConfigError, match="inside the mhnotebook checkout"):
        resolve_url()
    with pytest.raises(StoreConfigError, match="inside the mhnotebook checkout"):
        CaseStore(today=TODAY)
    assert not (checkout / "data" / "cases.sqlite").exists()


@pytest.mark.usefixtures("no_password_env")
def test_a_missing_database_driver_is_named_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_psycopg(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "psycopg" or name.startswith("psycopg."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(StoreConfigError) as failure:
        CaseStore(f"postgresql://clinic:{PATIENT_PASSWORD}@127.0.0.1:1/cases", today=TODAY)
    assert "mhnotebook[postgres]" in str(failure.value) and PATIENT_PASSWORD not in str(failure.value)
