"""The case store: every case, call, letter and deadline of a practice's denial fights, in one database.

Each public method that writes is one transaction: it all lands or none of it does, and a failure
raises :class:`~mhnotebook.errors.StoreError` with the reason in words (the caller's form keeps its
content). Deadlines are recomputed inside the same transaction as the change that moves them.

>>> store = CaseStore("/tmp/example.sqlite")                       # doctest: +SKIP
>>> key = store.add_case(load_case(sample_case_path("outpatient-session-limit")))  # doctest: +SKIP
>>> store.log_event(key, Event(kind="phone_call", at="2026-11-20", note="Asked for the claim file"))  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from mhnotebook.errors import CaseExists, CaseNotFound, StoreError
from mhnotebook.models import Case, Event
from mhnotebook.models.base import day_of
from mhnotebook.store import schema as t
from mhnotebook.store.case_deadlines import case_deadline_rows
from mhnotebook.store.database import create_store_engine, describe, resolve_url
from mhnotebook.store.migrate import upgrade_schema
from mhnotebook.store.records import (
    CaseRecord,
    CaseSummary,
    DeadlineRow,
    KeptLetter,
    LetterRecord,
    LoggedEvent,
)
from mhnotebook.store.rows import (
    CONTACT_FIELDS,
    case_columns,
    check_key,
    chunks,
    contact_identity,
    deadline_row,
    event_from_row,
    event_key,
    failure_reason,
    insert_returning_ids,
    summary_from_row,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine, Row

#: PostgreSQL advisory lock every write holds until it commits (migrations use their own key).
WRITE_LOCK_KEY = 7243020


class CaseStore:
    """A practice's cases on SQLite (default) or any SQLAlchemy URL; see :mod:`mhnotebook.store.database`.

    ``today`` pins the day deadlines are judged against (tests, reports "as of"); by default the
    real date is read at each call, so a kernel left open overnight stays right.
    """

    def __init__(self, location: str | Path | None = None, *, today: date | None = None) -> None:
        self.url = resolve_url(location)
        self._today = today
        self.engine: Engine = create_store_engine(self.url)
        try:
            upgrade_schema(self.engine)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise StoreError(
                f"could not open the case store ({self.location}): {failure_reason(exc)}"
            ) from None

    @property
    def location(self) -> str:
        """Where the store is, in words (password masked)."""
        return describe(self.url)

    def today(self) -> date:
        return self._today or date.today()

    def close(self) -> None:
        """Release the connections (the data is already saved: every write commits)."""
        self.engine.dispose()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"CaseStore({self.location})"

    # --- transactions ---------------------------------------------------------------------------

    @contextmanager
    def _write(self, doing: str) -> Iterator[Connection]:
        """One transaction that takes the write lock first; on failure nothing of it is kept.

        SQLite takes it with ``BEGIN IMMEDIATE``; on PostgreSQL a transaction-scoped advisory lock
        does the same, so a write's read of the timeline and the deadlines it stores cannot
        interleave with another writer's (two kernels logging on one case would otherwise each
        store deadlines computed without the other's event).
        """
        try:
            with (
                self.engine.connect().execution_options(store_write=True) as connection,
                connection.begin(),
            ):
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
                yield connection
        except StoreError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"could not {doing}; nothing was saved: {failure_reason(exc)}") from None

    @contextmanager
    def _read(self, doing: str) -> Iterator[Connection]:
        try:
            with self.engine.connect() as connection, connection.begin():
                yield connection
        except StoreError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"could not {doing}: {failure_reason(exc)}") from None

    # --- cases ----------------------------------------------------------------------------------

    def add_case(self, case: Case, *, key: str | None = None) -> str:
        """Add a case with its timeline; returns its key (``key``, else the case id, else a new one)."""
        with self._write("add the case") as c:
            return self._insert_case(c, case, key)

    def add_cases(self, cases: Iterable[Case]) -> list[str]:
        """Add many cases in one transaction (all or none): imports and benchmarks."""
        with self._write("add the cases") as c:
            return self._insert_cases(c, [(case, None) for case in cases])

    def _insert_case(self, c: Connection, case: Case, key: str | None) -> str:
        return self._insert_cases(c, [(case, key)])[0]

    def _insert_cases(self, c: Connection, items: list[tuple[Case, str | None]]) -> list[str]:
        """Insert cases, their events and deadlines with one multi-row statement per table."""
        keys: list[str] = []
        taken: set[str] = set()
        for case, key in items:
            wanted = key or case.case_id
            new = check_key(wanted) if wanted else self._new_key(c, taken)
            if new in taken:
                raise CaseExists(f"a case with key {new!r} is already in the store; nothing was changed")
            taken.add(new)
            keys.append(new)
        for chunk in chunks(keys):
            found = c.execute(select(t.cases.c.key).where(t.cases.c.key.in_(chunk))).scalars().first()
            if found is not None:
                raise CaseExists(f"a case with key {found!r} is already in the store; nothing was changed")
        if not items:
            return []
        today = self.today()
        now = datetime.now(UTC)
        computed = [case_deadline_rows(case, today) for case, _ in items]
        c.execute(
            insert(t.cases),
            [
                {
                    **case_columns(case),
                    "key": key,
                    "status": "open",
                    "primary_path": triage.primary_path,
                    "created_at": now,
                    "updated_at": now,
                }
                for (case, _), key, (triage, _rows) in zip(items, keys, computed, strict=True)
            ],
        )
        # Read the new ids back by key: cheaper than RETURNING row by row, and the same on every backend.
        ids_by_key: dict[str, int] = {}
        for chunk in chunks(keys):
            for key, case_id in c.execute(
                select(t.cases.c.key, t.cases.c.id).where(t.cases.c.key.in_(chunk))
            ):
                ids_by_key[key] = int(case_id)
        case_ids = [ids_by_key[key] for key in keys]
        event_rows = self._timeline_rows(
            c, [(case_id, case.events, {}) for case_id, (case, _) in zip(case_ids, items, strict=True)], now
        )
        deadline_rows = [
            {**row, "case_id": case_id, "computed_on": today}
            for case_id, (_triage, rows) in zip(case_ids, computed, strict=True)
            for row in rows
        ]
        if event_rows:
            c.execute(insert(t.events), event_rows)
        if deadline_rows:
            c.execute(insert(t.deadlines), deadline_rows)
        return keys

    def restore_case(
        self,
        case: Case,
        *,
        key: str | None = None,
        status: str = "open",
        outcome: str | None = None,
        letters: Iterable[KeptLetter] = (),
        links: Iterable[tuple[int, int]] = (),
    ) -> str:
        """Add a case with its kept letters and status in one transaction (an import from an export).

        ``links`` pairs a position in ``case.events`` with a position in ``letters``: the letter
        that event sent.
        """
        letters = list(letters)
        with self._write("import the case") as c:
            key = self._insert_case(c, case, key)
            case_id = self._case_id(c, key)
            ids = [self._insert_letter(c, case_id, letter) for letter in letters]
            events = list(self._logged_events(c, case_id))
            for event_index, letter_index in links:
                if not (0 <= event_index < len(events) and 0 <= letter_index < len(ids)):
                    raise StoreError(f"case {key!r}: a letter link points past the events or letters")
                c.execute(
                    update(t.events)
                    .where(t.events.c.id == events[event_index].id)
                    .values(letter_id=ids[letter_index])
                )
            if status != "open":
                c.execute(
                    update(t.cases).where(t.cases.c.id == case_id).values(status=status, outcome=outcome)
                )
        return key

    def _new_key(self, c: Connection, taken: set[str]) -> str:
        """``case-NNNN`` after the cases stored and those already keyed in this batch."""
        count = c.execute(select(func.count()).select_from(t.cases)).scalar_one()
        n = count + len(taken) + 1
        while (
            f"case-{n:04d}" in taken
            or c.execute(select(t.cases.c.id).where(t.cases.c.key == f"case-{n:04d}")).first()
        ):
            n += 1
        return f"case-{n:04d}"

    def update_case(self, key: str, case: Case) -> None:
        """Replace a case's facts and timeline with ``case`` (unchanged events keep their ids)."""
        with self._write("save the case") as c:
            case_id = self._case_id(c, key)
            c.execute(
                update(t.cases)
                .where(t.cases.c.id == case_id)
                .values(**case_columns(case), updated_at=datetime.now(UTC))
            )
            self._sync_events(c, case_id, case.events)
            self._recompute(c, case_id, case)

    def set_status(self, key: str, status: str, outcome: str | None = None) -> None:
        """Close a case (``won``, ``lost``, ``withdrawn``, ``closed``) or reopen it (``open``)."""
        if status not in ("open", "won", "lost", "withdrawn", "closed"):
            raise ValueError(f"status must be open, won, lost, withdrawn or closed, not {status!r}")
        with self._write("change the case's status") as c:
            case_id = self._case_id(c, key)
            c.execute(
                update(t.cases)
                .where(t.cases.c.id == case_id)
                .values(status=status, outcome=outcome, updated_at=datetime.now(UTC))
            )

    def remove_case(self, key: str) -> None:
        """Delete a case and everything logged on it (export it first if it may be needed)."""
        with self._write("remove the case") as c:
            case_id = self._case_id(c, key)
            for table in (t.deadlines, t.events, t.letters, t.contacts):
                c.execute(delete(table).where(table.c.case_id == case_id))
            c.execute(delete(t.cases).where(t.cases.c.id == case_id))

    def keys(self) -> list[str]:
        with self._read("list the cases") as c:
            return list(c.execute(select(t.cases.c.key).order_by(t.cases.c.key)).scalars())

    def case(self, key: str) -> Case:
        """The case as a validated model, with its whole timeline (what triage and letters take)."""
        with self._read("read the case") as c:
            case_id = self._case_id(c, key)
            return self._load_case(c, case_id)

    def record(self, key: str) -> CaseRecord:
        """Everything about one case: summary, case, timeline, contacts, letters and deadlines."""
        with self._read("read the case") as c:
            case_id = self._case_id(c, key)
            case = self._load_case(c, case_id)
            timeline = tuple(self._logged_events(c, case_id))
            letters = tuple(self._letters(c, case_id))
            deadlines = tuple(self._deadline_rows(c, [case_id], include_met=True))
            contacts = tuple(
                {k: v for k, v in row._mapping.items() if k not in ("case_id",)}
                for row in c.execute(select(t.contacts).where(t.contacts.c.case_id == case_id))
            )
            summary = self._summaries(c, [case_id])[0]
        return CaseRecord(summary, case, timeline, letters, deadlines, contacts)

    def list_cases(self, *, include_closed: bool = False) -> list[CaseSummary]:
        """Every case (open ones only by default), with what each waits for."""
        with self._read("list the cases") as c:
            query = select(t.cases.c.id).order_by(t.cases.c.key)
            if not include_closed:
                query = query.where(t.cases.c.status == "open")
            return self._summaries(c, list(c.execute(query).scalars()))

    # --- timeline -------------------------------------------------------------------------------

    def log_event(self, key: str, event: Event, *, letter_id: int | None = None) -> int:
        """Append one event (a call, a letter sent, a decision...) and recompute the deadlines."""
        return self.log_events(key, [event], letter_id=letter_id)[0]

    def log_events(self, key: str, events: Iterable[Event], *, letter_id: int | None = None) -> list[int]:
        """Append events in one transaction; returns their ids."""
        events = list(events)
        with self._write("log the event") as c:
            case_id = self._case_id(c, key)
            if letter_id is not None:
                self._check_letter(c, case_id, letter_id)
            ids = self._insert_events(c, case_id, events, datetime.now(UTC), letter_id=letter_id)
            self._recompute(c, case_id, self._load_case(c, case_id))
            c.execute(update(t.cases).where(t.cases.c.id == case_id).values(updated_at=datetime.now(UTC)))
        return ids

    def replace_event(self, key: str, event_id: int, event: Event) -> None:
        """Correct a logged event in place: it keeps its id and the letter it sent; deadlines recomputed."""
        with self._write("correct the event") as c:
            case_id = self._case_id(c, key)
            row = self._event_rows(c, case_id, [event], datetime.now(UTC))[0]
            for kept in ("case_id", "letter_id", "created_at"):
                row.pop(kept)
            done = c.execute(
                update(t.events).where(t.events.c.id == event_id, t.events.c.case_id == case_id).values(**row)
            ).rowcount
            if not done:
                raise StoreError(f"case {key!r} has no event {event_id}")
            self._recompute(c, case_id, self._load_case(c, case_id))

    def remove_event(self, key: str, event_id: int) -> None:
        """Take an event off the timeline (logged by mistake) and recompute the deadlines."""
        with self._write("remove the event") as c:
            case_id = self._case_id(c, key)
            gone = c.execute(
                delete(t.events).where(t.events.c.id == event_id, t.events.c.case_id == case_id)
            ).rowcount
            if not gone:
                raise StoreError(f"case {key!r} has no event {event_id}")
            self._recompute(c, case_id, self._load_case(c, case_id))

    def timeline(self, key: str) -> list[LoggedEvent]:
        with self._read("read the timeline") as c:
            return list(self._logged_events(c, self._case_id(c, key)))

    # --- letters --------------------------------------------------------------------------------

    def keep_letter(
        self, key: str, kind: str, file_name: str, content: bytes, *, drafted_on: date | None = None
    ) -> int:
        """Keep a rendered letter file with the case; returns its id (log ``letter_sent`` when sent)."""
        letter = KeptLetter(kind, drafted_on or self.today(), Path(file_name).name, content)
        with self._write("keep the letter") as c:
            return self._insert_letter(c, self._case_id(c, key), letter)

    def letters(self, key: str) -> list[LetterRecord]:
        with self._read("list the letters") as c:
            return list(self._letters(c, self._case_id(c, key)))

    def letter_content(self, key: str, letter_id: int) -> bytes:
        with self._read("read the letter") as c:
            case_id = self._case_id(c, key)
            content = c.execute(
                select(t.letters.c.content).where(t.letters.c.id == letter_id, t.letters.c.case_id == case_id)
            ).scalar()
        if content is None:
            raise StoreError(f"case {key!r} has no letter {letter_id}")
        return bytes(content)

    # --- deadlines ------------------------------------------------------------------------------

    def deadlines(self, *, include_met: bool = False, include_closed: bool = False) -> list[DeadlineRow]:
        """Deadlines across all open cases, soonest first, each judged against today."""
        with self._read("read the deadlines") as c:
            return self._deadline_rows(c, None, include_met=include_met, include_closed=include_closed)

    def recompute_deadlines(self, key: str | None = None) -> int:
        """Recompute one case's deadlines (or every case's) as of today; returns how many cases."""
        with self._write("recompute the deadlines") as c:
            query = select(t.cases.c.id)
            if key is not None:
                query = query.where(t.cases.c.id == self._case_id(c, key))
            ids = list(c.execute(query).scalars())
            for case_id in ids:
                self._recompute(c, case_id, self._load_case(c, case_id))
        return len(ids)

    # --- internals ------------------------------------------------------------------------------

    def _case_id(self, c: Connection, key: str) -> int:
        found = c.execute(select(t.cases.c.id).where(t.cases.c.key == key)).scalar()
        if found is None:
            keys = list(c.execute(select(t.cases.c.key).order_by(t.cases.c.key).limit(6)).scalars())
            known = ", ".join(keys[:5]) + (", ..." if len(keys) > 5 else "") if keys else "the store is empty"
            raise CaseNotFound(f"no case {key!r} in the store (cases: {known})")
        return int(found)

    def _insert_letter(self, c: Connection, case_id: int, letter: KeptLetter) -> int:
        return int(
            c.execute(
                insert(t.letters).values(
                    case_id=case_id,
                    kind=letter.kind,
                    drafted_on=letter.drafted_on,
                    file_name=letter.file_name,
                    content=letter.content,
                    sha256=hashlib.sha256(letter.content).hexdigest(),
                    created_at=datetime.now(UTC),
                )
            ).inserted_primary_key[0]  # type: ignore[index]
        )

    def _check_letter(self, c: Connection, case_id: int, letter_id: int) -> None:
        found = c.execute(
            select(t.letters.c.id).where(t.letters.c.id == letter_id, t.letters.c.case_id == case_id)
        ).first()
        if found is None:
            raise StoreError(f"letter {letter_id} is not kept with this case")

    def _insert_events(
        self,
        c: Connection,
        case_id: int,
        events: Iterable[Event],
        now: datetime,
        *,
        letter_id: int | None = None,
    ) -> list[int]:
        rows = self._event_rows(c, case_id, events, now, letter_id=letter_id)
        return insert_returning_ids(c, t.events, rows)

    def _event_rows(
        self,
        c: Connection,
        case_id: int,
        events: Iterable[Event],
        now: datetime,
        *,
        letter_id: int | None = None,
        contacts: dict[tuple[Any, ...], int] | None = None,
    ) -> list[dict[str, Any]]:
        """The events table's rows for one case's ``events``, adding the contacts they name."""
        known = self._known_contacts(c, case_id) if contacts is None else contacts
        return self._timeline_rows(c, [(case_id, list(events), known)], now, letter_id=letter_id)

    def _timeline_rows(
        self,
        c: Connection,
        timelines: list[tuple[int, list[Event], dict[tuple[Any, ...], int]]],
        now: datetime,
        *,
        letter_id: int | None = None,
    ) -> list[dict[str, Any]]:
        """Events rows for several cases; new contacts (one row per person per case) go in at once.

        Each timeline comes with its case's known contacts by their values; a person not known yet
        gets a contacts row, shared by all their events on that case.
        """
        new_contacts: list[tuple[dict[tuple[Any, ...], int], tuple[Any, ...], dict[str, Any]]] = []
        wanted: list[list[tuple[tuple[Any, ...] | None, str | None]]] = []
        for case_id, events, known in timelines:
            pending: set[tuple[Any, ...]] = set()
            per_event = []
            for event in events:
                identity, values, reference = contact_identity(event)
                per_event.append((identity, reference))
                if identity is not None and identity not in known and identity not in pending:
                    pending.add(identity)
                    new_contacts.append((known, identity, {"case_id": case_id, **values}))
            wanted.append(per_event)
        ids = insert_returning_ids(c, t.contacts, [row for _known, _identity, row in new_contacts])
        for (known, identity, _row), contact_id in zip(new_contacts, ids, strict=True):
            known[identity] = contact_id
        rows = []
        for (case_id, events, known), per_event in zip(timelines, wanted, strict=True):
            for event, (identity, reference) in zip(events, per_event, strict=True):
                details: dict[str, Any] = {}
                if event.call is not None:
                    details["call"] = event.call.model_dump(mode="json", exclude_none=True)
                if event.due is not None:
                    details["due"] = event.due.isoformat()
                rows.append(
                    {
                        "case_id": case_id,
                        "kind": event.kind,
                        "at": event.at.isoformat(),
                        "day": day_of(event.at),
                        "note": event.note,
                        "contact_id": None if identity is None else known[identity],
                        "reference_number": reference,
                        "letter_id": letter_id,
                        "details": details or None,
                        "created_at": now,
                    }
                )
        return rows

    def _known_contacts(self, c: Connection, case_id: int) -> dict[tuple[Any, ...], int]:
        """The case's contacts rows by their values (the first row wins if a person is there twice)."""
        query = (
            select(t.contacts.c.id, *(t.contacts.c[k] for k in CONTACT_FIELDS))
            .where(t.contacts.c.case_id == case_id)
            .order_by(t.contacts.c.id)
        )
        known: dict[tuple[Any, ...], int] = {}
        for row in c.execute(query):
            known.setdefault(tuple(row[1:]), int(row[0]))
        return known

    def _sync_events(self, c: Connection, case_id: int, events: list[Event]) -> None:
        """Make the stored timeline equal ``events``: drop what went, add what is new, keep the rest."""
        wanted = Counter(event_key(e) for e in events)
        for logged in self._logged_events(c, case_id):
            k = event_key(logged.event)
            if wanted[k] > 0:
                wanted[k] -= 1
            else:
                c.execute(delete(t.events).where(t.events.c.id == logged.id))
        fresh = []
        for event in events:
            k = event_key(event)
            if wanted[k] > 0:
                wanted[k] -= 1
                fresh.append(event)
        self._insert_events(c, case_id, fresh, datetime.now(UTC))

    def _logged_events(self, c: Connection, case_id: int) -> Iterator[LoggedEvent]:
        query = (
            select(t.events, t.contacts)
            .select_from(t.events.outerjoin(t.contacts, t.events.c.contact_id == t.contacts.c.id))
            .where(t.events.c.case_id == case_id)
            .order_by(t.events.c.day, t.events.c.at, t.events.c.id)
        )
        for row in c.execute(query):
            yield LoggedEvent(int(row.id), event_from_row(row), row.letter_id)

    def _load_case(self, c: Connection, case_id: int) -> Case:
        data = c.execute(select(t.cases.c.case_json).where(t.cases.c.id == case_id)).scalar_one()
        events = [logged.event for logged in self._logged_events(c, case_id)]
        return Case.model_validate({**data, "events": events})

    def _letters(self, c: Connection, case_id: int) -> Iterator[LetterRecord]:
        query = (
            select(
                t.letters.c.id,
                t.letters.c.kind,
                t.letters.c.drafted_on,
                t.letters.c.file_name,
                t.letters.c.sha256,
                func.length(t.letters.c.content).label("size"),
            )
            .where(t.letters.c.case_id == case_id)
            .order_by(t.letters.c.drafted_on, t.letters.c.id)
        )
        for row in c.execute(query):
            yield LetterRecord(
                int(row.id), row.kind, row.drafted_on, row.file_name, row.sha256, int(row.size)
            )

    def _recompute(self, c: Connection, case_id: int, case: Case) -> None:
        triage, rows = case_deadline_rows(case, self.today())
        c.execute(delete(t.deadlines).where(t.deadlines.c.case_id == case_id))
        if rows:
            today = self.today()
            c.execute(
                insert(t.deadlines), [{**row, "case_id": case_id, "computed_on": today} for row in rows]
            )
        c.execute(update(t.cases).where(t.cases.c.id == case_id).values(primary_path=triage.primary_path))

    def _deadline_rows(
        self, c: Connection, case_ids: list[int] | None, *, include_met: bool, include_closed: bool = False
    ) -> list[DeadlineRow]:
        query = _DEADLINE_SELECT.order_by(t.deadlines.c.due_day, t.cases.c.key, t.deadlines.c.name)
        if case_ids is not None:
            query = query.where(t.deadlines.c.case_id.in_(case_ids))
        elif not include_closed:
            query = query.where(t.cases.c.status == "open")
        if not include_met:
            query = query.where(t.deadlines.c.status != "met")
        today = self.today()
        return [deadline_row(row, today) for row in c.execute(query)]

    def _summaries(self, c: Connection, case_ids: list[int]) -> list[CaseSummary]:
        if not case_ids:
            return []
        counts: dict[int, int] = {}
        nexts: dict[int, DeadlineRow] = {}
        chunks = [case_ids[i : i + 900] for i in range(0, len(case_ids), 900)]
        rows: dict[int, Row[Any]] = {}
        for chunk in chunks:
            for case_id, n in c.execute(
                select(t.events.c.case_id, func.count())
                .where(t.events.c.case_id.in_(chunk))
                .group_by(t.events.c.case_id)
            ):
                counts[case_id] = n
            nexts.update(self._deadline_rows_by_case(c, chunk))
            for case_row in c.execute(select(*_SUMMARY_COLUMNS).where(t.cases.c.id.in_(chunk))):
                rows[int(case_row.id)] = case_row
        return [summary_from_row(rows[i], counts.get(i, 0), nexts.get(i)) for i in case_ids]

    def _deadline_rows_by_case(self, c: Connection, case_ids: list[int]) -> dict[int, DeadlineRow]:
        """Each case's most pressing open deadline (earliest not met)."""
        query = (
            _DEADLINE_SELECT.add_columns(t.deadlines.c.case_id)
            .where(t.deadlines.c.case_id.in_(case_ids), t.deadlines.c.status != "met")
            .order_by(t.deadlines.c.case_id, t.deadlines.c.due_day, t.deadlines.c.name)
        )
        today = self.today()
        found: dict[int, DeadlineRow] = {}
        for row in c.execute(query):
            case_id = int(row[-1])
            if case_id not in found:
                found[case_id] = deadline_row(row, today)
        return found


#: The columns a :class:`DeadlineRow` is made of, in the order :func:`deadline_row` reads them.
_DEADLINE_SELECT = select(
    t.cases.c.key,
    t.cases.c.label,
    t.cases.c.patient_name,
    t.deadlines.c.name,
    t.deadlines.c.source,
    t.deadlines.c.clock,
    t.deadlines.c.what,
    t.deadlines.c.due,
    t.deadlines.c.due_day,
    t.deadlines.c.status,
    t.deadlines.c.rule,
    t.deadlines.c.citation,
    t.deadlines.c.counted_from,
).select_from(t.deadlines.join(t.cases, t.deadlines.c.case_id == t.cases.c.id))
#: Every cases column but the case JSON (parsing it is most of a listing's time and it is not shown).
_SUMMARY_COLUMNS = [column for column in t.cases.c if column.name != "case_json"]
