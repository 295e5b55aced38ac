"""How the store's rows are made from the case model, and read back into records.

Pure functions, shared by the store's reads and writes (and the dashboard): one place decides which
columns a case fills, how an event's contact and call become rows, and how a stored deadline is
judged against today.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert
from sqlalchemy.exc import SQLAlchemyError

from mhnotebook.errors import StoreError
from mhnotebook.models import Case, Event
from mhnotebook.models.base import day_of
from mhnotebook.store import schema as t
from mhnotebook.store.records import CaseSummary, DeadlineRow

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Row

#: A deadline this many days away or fewer is "due soon" on the dashboard.
DUE_SOON_DAYS = 14
#: The contacts columns that identify a person (one row per person per case).
CONTACT_FIELDS = ("role", "name", "credentials", "specialty", "organization", "phone")
_KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def chunks(items: list[Any], size: int = 900) -> Iterator[list[Any]]:
    """Slices short enough for an ``IN (...)`` list on every backend (SQLite's variable limit)."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def insert_returning_ids(c: Connection, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` in as few statements as the driver allows; their new ids, in the rows' order."""
    if not rows:
        return []
    if len(rows) == 1:
        return [int(c.execute(insert(table), rows[0]).inserted_primary_key[0])]  # type: ignore[index]
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [int(i) for i in c.execute(statement, rows).scalars()]


def contact_identity(event: Event) -> tuple[tuple[Any, ...] | None, dict[str, Any], str | None]:
    """The event's contact as (values that identify the person, those values by column, reference).

    A contact with nothing but a role and a reference number names no one: only the reference is kept.
    """
    if event.contact is None:
        return None, {}, None
    dumped = event.contact.model_dump(mode="json", include=set(CONTACT_FIELDS))
    values = {k: dumped.get(k) for k in CONTACT_FIELDS}
    if not any(values[k] for k in CONTACT_FIELDS if k != "role"):
        return None, values, event.contact.reference_number
    return tuple(values[k] for k in CONTACT_FIELDS), values, event.contact.reference_number


def check_key(key: str) -> str:
    key = key.strip()
    if not _KEY_PATTERN.match(key):
        raise StoreError(
            f"case key {key!r}: use letters, digits, '.', '_' or '-' (up to 100, starting with a letter or digit)"
        )
    return key


def case_columns(case: Case) -> dict[str, Any]:
    denial_days = [day_of(e.at) for e in case.events if e.kind in ("denial_dated", "denial_received")]
    reviewer = case.denial.reviewer.name if case.denial and case.denial.reviewer else None
    return {
        "label": case.display_label,
        "patient_name": case.patient.name,
        "insurer": case.plan.insurer,
        "plan_type": str(case.plan.plan_type),
        "state": case.plan.state,
        "service": case.service.description,
        "level_of_care": str(case.service.level_of_care) if case.service.level_of_care else None,
        "reviewer": reviewer,
        "denied_on": min(denial_days) if denial_days else None,
        "synthetic": case.synthetic,
        "case_json": case.model_dump(mode="json", exclude_none=True, exclude={"events"}),
    }


def event_key(event: Event) -> str:
    return event.model_dump_json(exclude_none=True)


def event_from_row(row: Row[Any]) -> Event:
    data: dict[str, Any] = {"kind": row.kind, "at": row.at}
    if row.note is not None:
        data["note"] = row.note
    details = row.details or {}
    if "call" in details:
        data["call"] = details["call"]
    if "due" in details:
        data["due"] = details["due"]
    if row.contact_id is not None or row.reference_number:
        contact = {k: row._mapping[t.contacts.c[k]] for k in CONTACT_FIELDS} if row.contact_id else {}
        contact = {k: v for k, v in contact.items() if v is not None}
        if row.reference_number:
            contact["reference_number"] = row.reference_number
        data["contact"] = contact
    return Event.model_validate(data)


def deadline_row(row: Sequence[Any], today: date) -> DeadlineRow:
    """A row of :data:`_DEADLINE_SELECT` (tuples: a dashboard reads tens of thousands of them)."""
    key, label, patient, name, source, clock, what, due, due_day, status, rule, citation, counted_from = row[
        :13
    ]
    days_left = (due_day - today).days
    if status == "met":
        state = "met"
    elif days_left < 0:
        state = "overdue"
    elif days_left <= DUE_SOON_DAYS:
        state = "due_soon"
    else:
        state = "upcoming"
    return DeadlineRow(
        case_key=key,
        case_label=label,
        patient_name=patient,
        name=name,
        source=source,
        clock=clock,
        what=what,
        due=due,
        due_day=due_day,
        status=status,
        state=state,
        days_left=days_left,
        rule=rule,
        citation=citation,
        counted_from=counted_from,
    )


def summary_from_row(row: Row[Any], events: int, next_deadline: DeadlineRow | None) -> CaseSummary:
    return CaseSummary(
        key=row.key,
        label=row.label,
        patient_name=row.patient_name,
        insurer=row.insurer,
        plan_type=row.plan_type,
        state=row.state,
        service=row.service,
        level_of_care=row.level_of_care,
        primary_path=row.primary_path,
        reviewer=row.reviewer,
        denied_on=row.denied_on,
        synthetic=bool(row.synthetic),
        status=row.status,
        outcome=row.outcome,
        events=events,
        next_deadline=next_deadline,
    )


def failure_reason(exc: SQLAlchemyError) -> str:
    """The driver's own words, without SQL or parameters (they would carry patient data)."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip().splitlines()[0] if str(orig or exc).strip() else ""
    if "database is locked" in text:
        return "another program is writing to the store and did not finish in time; try again"
    if "readonly" in text or "read-only" in text:
        return "the store's file is read-only (check its permissions and the disk)"
    return text or type(exc).__name__
