"""The deadlines the store keeps for a case: triage's legal clocks plus the promises logged on calls.

Recomputed whenever a case or its timeline changes, with the same rules ``mhnotebook triage`` uses
(one table owns each clock). Promises are the case's own: documents promised to a reviewer by a
date (yours to keep), and ``reply_due`` events (a reply owed to you); they carry no citation because no regulation sets them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from mhnotebook.models import Case
from mhnotebook.models.base import day_of
from mhnotebook.rules.deadlines import Status
from mhnotebook.rules.triage import Triage, triage_case

#: Events that show documents promised to the plan went out.
_SENT = frozenset({"letter_sent", "appeal_filed"})
#: Events that show a reply owed to you came (``reply_due`` is the other side's promise).
_ANSWERED = frozenset({"decision_received"})


def case_deadline_rows(case: Case, today: date) -> tuple[Triage, list[dict[str, Any]]]:
    """Triage ``case`` as of ``today`` and return it with the rows for the deadlines table."""
    triage = triage_case(case, as_of=today)
    rows = [
        {
            "name": d.name,
            "source": "rule",
            "clock": d.clock,
            "what": d.what,
            "due": d.due.isoformat(),
            "due_day": d.due_day,
            "status": d.status.value,
            "rule": d.rule,
            "citation": d.citation,
            "counted_from": d.counted_from,
        }
        for d in triage.deadlines
    ]
    rows += _promise_rows(case, today)
    return triage, rows


def _promise_rows(case: Case, today: date) -> list[dict[str, Any]]:
    rows = []
    sent = sorted(day_of(e.at) for e in case.events if e.kind in _SENT)
    answered = sorted(day_of(e.at) for e in case.events if e.kind in _ANSWERED)
    for event in case.events:
        start = day_of(event.at)
        if event.call is not None and event.call.documents_promised_by is not None:
            due = event.call.documents_promised_by
            what = "Send the documents promised on the call"
            if event.call.documents_requested:
                what += f" ({event.call.documents_requested})"
            rows.append(_promise(what, "documents_promised", "file_by", start, due, today, sent))
        if event.kind == "reply_due" and event.due is not None:
            what = event.note or "Reply owed to you"
            rows.append(_promise(what, "reply_due", "decide_by", start, event.due, today, answered))
    return rows


def _promise(
    what: str, name: str, clock: str, start: date, due: date, today: date, kept_days: list[date]
) -> dict[str, Any]:
    if any(start <= day <= due for day in kept_days):
        status = Status.met
    elif due < today:
        status = Status.passed_unconfirmed
    else:
        status = Status.upcoming
    return {
        "name": name,
        "source": "promise",
        "clock": clock,
        "what": what,
        "due": due.isoformat(),
        "due_day": due,
        "status": status.value,
        "rule": f"promised on {start.isoformat()}",
        "citation": "",
        "counted_from": start.isoformat(),
    }
