"""The triage form's fields and how they map onto a case (pure functions, tested without widgets).

The form edits the facts triage needs; everything else in a loaded case (providers, clinical
history, notes) is kept untouched, so filling the form never loses what the case file held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mhnotebook.models import Case
from mhnotebook.models.base import day_of

#: Event dates the form edits (kind -> label).
FORM_EVENTS = {
    "request_received": "Plan received the request",
    "denial_dated": "Date on the denial notice",
    "denial_received": "Date you received the denial",
    "appeal_filed": "Appeal filed",
    "final_internal_denial_received": "Final internal denial received",
}

BLANK_CASE: dict[str, Any] = {
    "schema_version": 1,
    "patient": {"name": "(not entered)"},
    "plan": {"insurer": "(not entered)", "plan_type": "unknown"},
    "service": {"description": "(not entered)"},
    "denial": {},
}


@dataclass
class FormValues:
    """What the form shows; ``None`` or ``""`` means not filled in."""

    plan_type: str = "unknown"
    funding: str = "unknown"
    grandfathered: str = "unknown"
    state: str = ""
    employer_size: str = ""
    stage: str = ""
    level: str = "initial"
    level_of_care: str = ""
    denial_text: str = ""
    codes: str = ""
    risks: tuple[str, ...] = ()
    requested_by: str = "none"
    events: dict[str, date | None] | None = None


def _tristate(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def form_values_from_case(case: Case) -> FormValues:
    """Fill the form from a case."""
    denial = case.denial
    return FormValues(
        plan_type=case.plan.plan_type.value,
        funding=case.plan.funding.value,
        grandfathered=_tristate(case.plan.grandfathered),
        state=case.plan.state or "",
        employer_size="" if case.plan.employer_size is None else str(case.plan.employer_size),
        stage=denial.stage.value if denial and denial.stage else "",
        level=denial.level.value if denial else "initial",
        level_of_care=case.service.level_of_care.value if case.service.level_of_care else "",
        denial_text=(denial.text or "") if denial else "",
        codes=", ".join(str(c) for c in denial.codes) if denial else "",
        risks=tuple(r.category.value for r in case.clinical.risk),
        requested_by=case.expedited_request.requested_by.value if case.expedited_request else "none",
        events={kind: (day_of(e.at) if (e := case.first_event(kind)) else None) for kind in FORM_EVENTS},
    )


def case_data_from_form(base: dict[str, Any], values: FormValues) -> dict[str, Any]:
    """The case data with the form's values applied (validated afterwards by the usual validator).

    An event whose date the form did not change keeps its original time of day and note.
    """
    data = {**base}
    plan = {**data.get("plan", {})}
    plan.update(
        plan_type=values.plan_type,
        funding=values.funding,
        grandfathered={"yes": True, "no": False}.get(values.grandfathered),
        state=values.state.strip().upper() or None,
        employer_size=values.employer_size.strip() or None,
    )
    data["plan"] = plan
    service = {**data.get("service", {})}
    service["level_of_care"] = values.level_of_care or None
    data["service"] = service
    denial = {**(data.get("denial") or {})}
    denial.update(
        text=values.denial_text.strip() or None,
        codes=[c.strip() for c in values.codes.replace(";", ",").split(",") if c.strip()],
        stage=values.stage or None,
        level=values.level,
    )
    data["denial"] = denial
    clinical = {**data.get("clinical", {})}
    kept = [r for r in clinical.get("risk", []) if r.get("category") in values.risks]
    have = {r.get("category") for r in kept}
    clinical["risk"] = kept + [{"category": r} for r in values.risks if r not in have]
    data["clinical"] = clinical
    if values.requested_by and values.requested_by != "none":
        data["expedited_request"] = {
            **(data.get("expedited_request") or {}),
            "requested_by": values.requested_by,
        }
    else:
        data.pop("expedited_request", None)
    data["events"] = merge_event_dates(data.get("events", []), values.events or {})
    return data


def merge_event_dates(events: list[dict[str, Any]], wanted: dict[str, date | None]) -> list[dict[str, Any]]:
    """The event list with the first event of each kind in ``wanted`` set to its date.

    ``None`` removes that event; an event whose day did not change keeps its time of day and note;
    events of other kinds are kept as they are.
    """
    wanted = dict(wanted)
    merged = []
    for event in events:
        kind = event.get("kind")
        if kind not in wanted:
            merged.append(event)
            continue
        day = wanted.pop(kind)  # the form shows (and edits) the first event of each kind
        if day is None:
            continue
        same_day = str(event.get("at", ""))[:10] == day.isoformat()
        merged.append(event if same_day else {**event, "at": day.isoformat()})
    merged += [{"kind": kind, "at": day.isoformat()} for kind, day in wanted.items() if day is not None]
    return merged


def case_data(case: Case) -> dict[str, Any]:
    """A case as plain data (what the form starts from)."""
    return case.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
