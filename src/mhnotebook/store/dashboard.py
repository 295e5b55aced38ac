"""The deadline dashboard: every open case's deadlines and what each case waits for, as two frames.

Why frames straight from SQL: a practice's dashboard covers thousands of cases; loading each case
as a model (as :meth:`CaseStore.deadlines` does, one dataclass per row) costs time for nothing.
Two Core queries feed pandas, and every column (days left, state, waiting-for text) is computed
on whole columns, with the same thresholds the store's own deadline rows use.

De-identified by default: the frames carry the case label, not the patient's name (a dashboard is
shown on screens and exported to calendars); ``with_names=True`` adds a ``patient`` column.

>>> board = deadline_board(CaseStore(today=date(2026, 11, 22)))   # doctest: +SKIP
>>> board.counts                                                  # doctest: +SKIP
{'overdue': 1, 'due_soon': 4, 'upcoming': 9}
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from mhnotebook.errors import StoreError
from mhnotebook.rules.paths import path_rows
from mhnotebook.store import schema as t
from mhnotebook.store.rows import DUE_SOON_DAYS
from mhnotebook.store.rows import failure_reason as reason  # the store's plain words for a failure

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.engine import Connection

    from mhnotebook.store.case_store import CaseStore

#: Whose move a deadline is, in the dashboard's words (the store says file_by / decide_by).
CLOCK_WORDS = {"file_by": "you", "decide_by": "the plan"}
#: The order states are shown in: what is late first.
STATES = ("overdue", "due_soon", "upcoming")
DEADLINE_COLUMNS = (
    "case",
    "label",
    "what",
    "clock",
    "due",
    "state",
    "days_left",
    "rule",
    "citation",
    "due_at",
    "source",
)
WAITING_COLUMNS = ("case", "label", "insurer", "path", "waiting_for", "next_due", "state")


@dataclass(frozen=True)
class DeadlineBoard:
    """Open deadlines across open cases (overdue first, then soonest) and what each case waits for."""

    deadlines: pd.DataFrame
    waiting: pd.DataFrame
    overdue: int
    due_soon: int
    upcoming: int
    as_of: date
    with_names: bool = False

    @property
    def counts(self) -> dict[str, int]:
        return {"overdue": self.overdue, "due_soon": self.due_soon, "upcoming": self.upcoming}

    def __str__(self) -> str:
        return (
            f"Deadlines as of {self.as_of.isoformat()}: {self.overdue} overdue, {self.due_soon} due soon "
            f"(within {DUE_SOON_DAYS} days), {self.upcoming} upcoming, across {len(self.waiting)} open cases"
        )


def deadline_board(store: CaseStore, *, with_names: bool = False, as_of: date | None = None) -> DeadlineBoard:
    """The dashboard as of ``as_of`` (default: the store's today): two queries, no per-case loop."""
    import pandas as pd

    day = as_of or store.today()
    with read_connection(store, "read the deadlines") as c:
        deadline_rows = c.execute(_deadlines_query()).all()
        case_rows = c.execute(_open_cases_query()).all()
    deadlines = _deadlines_frame(pd, deadline_rows, day)
    waiting = _waiting_frame(pd, case_rows, deadlines)
    counts = deadlines["state"].value_counts()
    if not with_names:
        deadlines = deadlines.drop(columns="patient")
        waiting = waiting.drop(columns="patient")
    return DeadlineBoard(
        deadlines=deadlines,
        waiting=waiting,
        overdue=int(counts.get("overdue", 0)),
        due_soon=int(counts.get("due_soon", 0)),
        upcoming=int(counts.get("upcoming", 0)),
        as_of=day,
        with_names=with_names,
    )


def _deadlines_query():  # type: ignore[no-untyped-def]
    d, k = t.deadlines, t.cases
    return (
        select(
            k.c.key,
            k.c.label,
            k.c.patient_name,
            d.c.what,
            d.c.clock,
            d.c.due_day,
            d.c.due,
            d.c.rule,
            d.c.citation,
            d.c.source,
            d.c.name,
        )
        .select_from(d.join(k, d.c.case_id == k.c.id))
        .where(k.c.status == "open", d.c.status != "met")
    )


def _open_cases_query():  # type: ignore[no-untyped-def]
    k = t.cases
    return select(k.c.key, k.c.label, k.c.patient_name, k.c.insurer, k.c.primary_path).where(
        k.c.status == "open"
    )


@contextmanager
def read_connection(store: CaseStore, doing: str) -> Iterator[Connection]:
    """One read transaction; a database failure becomes a :class:`StoreError` in words (no SQL)."""
    try:
        with store.engine.connect() as connection, connection.begin():
            yield connection
    except SQLAlchemyError as exc:
        raise StoreError(f"could not {doing}: {reason(exc)}") from None


def rows_frame(pd, rows, columns: list[str]) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """Rows to a frame column by column (``from_records`` probes every SQLAlchemy row: 10x slower)."""
    if not rows:  # typed empty columns, so string and date operations still apply
        return pd.DataFrame({name: pd.Series([], dtype="object") for name in columns})
    values = list(zip(*rows, strict=True))
    return pd.DataFrame({name: list(v) for name, v in zip(columns, values, strict=True)})


def _deadlines_frame(pd, rows, day: date) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    raw = rows_frame(
        pd,
        rows,
        [
            "case",
            "label",
            "patient",
            "what",
            "clock",
            "due",
            "due_at",
            "rule",
            "citation",
            "source",
            "name",
        ],
    )
    due = pd.to_datetime(raw["due"]).astype("datetime64[s]")
    days_left = (due - pd.Timestamp(day)).dt.days.astype("int64")
    state = pd.Series("upcoming", index=raw.index, dtype="object")
    state[days_left <= DUE_SOON_DAYS] = "due_soon"
    state[days_left < 0] = "overdue"
    frame = raw.assign(
        due=due,
        days_left=days_left,
        state=state,
        clock=raw["clock"].map(CLOCK_WORDS).fillna(raw["clock"]),
        _late=(days_left >= 0).astype("int8"),
    )
    frame = frame.sort_values(["_late", "due", "case", "name"], kind="stable").reset_index(drop=True)
    return frame[[*DEADLINE_COLUMNS[:2], "patient", *DEADLINE_COLUMNS[2:]]]


def _waiting_frame(pd, rows, deadlines: pd.DataFrame) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    cases = rows_frame(pd, rows, ["case", "label", "patient", "insurer", "path"])
    labels = {pid: f"{r.id}: {r.label}" if len(r.id) == 1 else r.label for pid, r in path_rows().items()}
    cases["path"] = cases["path"].map(labels).fillna(cases["path"]).fillna("")
    nxt = (
        deadlines.sort_values(["case", "due"], kind="stable")
        .drop_duplicates("case")[["case", "what", "clock", "due", "state"]]
        .rename(columns={"due": "next_due"})
    )
    frame = cases.merge(nxt, on="case", how="left")
    has_next = frame["next_due"].notna()
    parts = [frame[c].astype("str") for c in ("clock", "what")]
    by = frame["next_due"].dt.strftime("%Y-%m-%d").astype("str")
    waiting = parts[0] + ": " + parts[1] + " by " + by
    frame["waiting_for"] = waiting.where(has_next, "nothing scheduled: log the next step")
    frame["state"] = frame["state"].fillna("")
    frame = frame.sort_values(["next_due", "label"], na_position="last", kind="stable").reset_index(drop=True)
    return frame[[*WAITING_COLUMNS[:2], "patient", *WAITING_COLUMNS[2:]]]
