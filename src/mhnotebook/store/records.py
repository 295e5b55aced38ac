"""What the store hands back: plain frozen records, so callers never hold a live database row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from mhnotebook.models import Case, Event


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """One timeline entry as stored: the event, its row id, and the letter it sent (if any)."""

    id: int
    event: Event
    letter_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            **self.event.model_dump(mode="json", exclude_none=True),
            "letter_id": self.letter_id,
        }


@dataclass(frozen=True, slots=True)
class KeptLetter:
    """A rendered letter file to keep with a case (the store computes its hash)."""

    kind: str
    drafted_on: date
    file_name: str
    content: bytes


@dataclass(frozen=True, slots=True)
class LetterRecord:
    """A letter kept with the case: what kind, when drafted, and the rendered file's name and hash."""

    id: int
    kind: str
    drafted_on: date
    file_name: str
    sha256: str
    size: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "drafted_on": self.drafted_on.isoformat(),
            "file_name": self.file_name,
            "sha256": self.sha256,
            "size": self.size,
        }


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """A stored deadline judged against today: ``state`` is overdue, due_soon, upcoming or met."""

    case_key: str
    case_label: str
    patient_name: str
    name: str
    source: str
    clock: str
    what: str
    due: str
    due_day: date
    status: str
    state: str
    days_left: int
    rule: str
    citation: str
    counted_from: str

    def as_dict(self, *, with_names: bool = False) -> dict[str, Any]:
        """The JSON of ``mhnotebook cases deadlines --json``; the patient's name only when asked."""
        data: dict[str, Any] = {
            "case": self.case_key,
            "label": self.case_label,
            "name": self.name,
            "what": self.what,
            "clock": self.clock,
            "due": self.due,
            "state": self.state,
            "days_left": self.days_left,
            "status": self.status,
            "rule": self.rule,
            "citation": self.citation,
            "counted_from": self.counted_from,
            "source": self.source,
        }
        if with_names:
            data["patient"] = self.patient_name
        return data


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One line of the case list: who, which plan, what was denied, and what the case waits for."""

    key: str
    label: str
    patient_name: str
    insurer: str
    plan_type: str
    state: str | None
    service: str
    level_of_care: str | None
    primary_path: str | None
    reviewer: str | None
    denied_on: date | None
    synthetic: bool
    status: str
    outcome: str | None
    events: int
    next_deadline: DeadlineRow | None = None

    @property
    def waiting_for(self) -> str:
        """Whose move it is: the plan's decision, or yours, and by when."""
        d = self.next_deadline
        if self.status != "open":
            return f"nothing (case {self.status})"
        if d is None:
            return "nothing scheduled: log the next step"
        if d.clock == "decide_by":
            return f"the plan: {d.what} by {d.due_day.isoformat()}"
        return f"you: {d.what} by {d.due_day.isoformat()}"

    def as_dict(self, *, with_names: bool = True) -> dict[str, Any]:
        """The JSON of ``mhnotebook cases list --json``."""
        data: dict[str, Any] = {
            "key": self.key,
            "label": self.label,
            "insurer": self.insurer,
            "plan_type": self.plan_type,
            "state": self.state,
            "service": self.service,
            "level_of_care": self.level_of_care,
            "primary_path": self.primary_path,
            "reviewer": self.reviewer,
            "denied_on": self.denied_on.isoformat() if self.denied_on else None,
            "synthetic": self.synthetic,
            "status": self.status,
            "outcome": self.outcome,
            "events": self.events,
            "waiting_for": self.waiting_for,
            "next_deadline": self.next_deadline.as_dict() if self.next_deadline else None,
        }
        if with_names:
            data["patient"] = self.patient_name
        return data


@dataclass(frozen=True)
class CaseRecord:
    """Everything the store holds about one case: the case, its timeline, letters and deadlines."""

    summary: CaseSummary
    case: Case
    timeline: tuple[LoggedEvent, ...]
    letters: tuple[LetterRecord, ...]
    deadlines: tuple[DeadlineRow, ...]
    contacts: tuple[dict[str, Any], ...] = field(default=())

    @property
    def key(self) -> str:
        return self.summary.key

    def as_dict(self) -> dict[str, Any]:
        """The JSON of ``mhnotebook cases show --json``."""
        return {
            **self.summary.as_dict(),
            "case": self.case.model_dump(mode="json", exclude_none=True, exclude={"events"}),
            "timeline": [e.as_dict() for e in self.timeline],
            "contacts": list(self.contacts),
            "letters": [letter.as_dict() for letter in self.letters],
            "deadlines": [d.as_dict(with_names=True) for d in self.deadlines],
        }
