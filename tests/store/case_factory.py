"""Small synthetic cases for the dashboard and pattern tests: copies of a sample, facts changed."""

from __future__ import annotations

from typing import Any

from mhnotebook.models import Case, Event
from mhnotebook.paths import sample_case_path
from mhnotebook.validation import load_case


def bare_case(
    name: str, *, insurer: str = "Example Plan", label: str | None = None, events: list[Any] = ()
) -> Case:
    """A case with no denial (so no legal clock): only the events given make deadlines."""
    data = {
        "schema_version": 1,
        "synthetic": True,
        "label": label or f"Case of {name}",
        "patient": {"name": name},
        "plan": {"insurer": insurer, "plan_type": "erisa_group"},
        "service": {"description": "outpatient psychotherapy"},
        "events": list(events),
    }
    return Case.model_validate(data)


def reply_due(at: str, due: str, note: str = "Plan promised the claim file") -> dict[str, Any]:
    return {"kind": "reply_due", "at": at, "due": due, "note": note}


def php_denial(key: str, patient: str, *, denied: str, insurer: str | None = None) -> Case:
    """The FEHB partial-hospitalization sample (path F) for another patient, denied on ``denied``."""
    data = load_case(sample_case_path("level-of-care-php-to-iop")).model_dump(mode="json", exclude_none=True)
    data["case_id"] = key
    data["label"] = f"PHP step-down {key}"
    data["patient"] = {"name": patient}
    if insurer:
        data["plan"]["insurer"] = insurer
    data["denial"].pop("reviewer", None)
    data["events"] = [
        {"kind": "denial_dated", "at": denied},
        {"kind": "denial_received", "at": denied},
    ]
    return Case.model_validate(data)


def reviewer_call(at: str, name: str, *, role: str = "plan_reviewer", kind: str = "peer_to_peer") -> Event:
    return Event.model_validate(
        {"kind": kind, "at": at, "contact": {"role": role, "name": name, "credentials": "MD"}}
    )
