"""Build small cases for rule tests without YAML: only the facts a rule looks at."""

from __future__ import annotations

from typing import Any

from mhnotebook.models import Case


def make_case(
    *,
    plan_type: str = "erisa_group",
    funding: str = "unknown",
    grandfathered: bool | None = False,
    state: str | None = None,
    employer_size: int | None = None,
    retiree_only: bool | None = None,
    level: str = "initial",
    stage: str | None = "pre_service",
    text: str | None = None,
    codes: list[str] | None = None,
    events: dict[str, Any] | None = None,
    risk: list[str] | None = None,
    requested_by: str | None = None,
    requested_at: Any = None,
    level_of_care: str | None = None,
    lines: list[dict[str, Any]] | None = None,
    diagnoses: list[str] | None = None,
    in_network: bool | None = None,
    comparators: list[dict[str, str]] | None = None,
    drug: bool = False,
    **service: Any,
) -> Case:
    data: dict[str, Any] = {
        "schema_version": 1,
        "synthetic": True,
        "patient": {"name": "Test Person"},
        "plan": {
            "insurer": "Example Plan",
            "plan_type": plan_type,
            "funding": funding,
            "grandfathered": grandfathered,
            "state": state,
            "employer_size": employer_size,
            "retiree_only": retiree_only,
        },
        "service": {
            "description": "care",
            "level_of_care": level_of_care,
            "lines": lines or [],
            "diagnoses": [{"code": c} for c in (diagnoses or [])],
            "in_network": in_network,
            **service,
        },
        "denial": {"text": text, "codes": codes or [], "level": level, "stage": stage},
        "clinical": {"risk": [{"category": r} for r in (risk or [])]},
        "events": [{"kind": k, "at": v} for k, v in (events or {}).items()],
        "comparators": comparators or [],
    }
    if drug:
        data["service"]["drug"] = {"name": "buprenorphine-naloxone"}
    if requested_by:
        data["expedited_request"] = {"requested_by": requested_by, "at": requested_at}
    return Case.model_validate(data)
