"""Facts for the appeal letters: the final denial, why review can be asked now, coding corrections, events quoted."""

from __future__ import annotations

from typing import Any

from mhnotebook.models import Case
from mhnotebook.rendering.letters.wording import events_text, when_text
from mhnotebook.rules.triage import Triage

#: Laws whose next independent step (external review, fair hearing, OPM review) follows the plan's own
#: decision on appeal; for the other plan types the next step is the plan's first review level itself.
_REVIEW_AFTER_INTERNAL_DECISION = frozenset({"aca_appeals_external_review", "medicaid_managed_care", "fehb"})


def _line_billed(line: Any) -> str:
    """'90837, modifier 95, place of service 11, 1 unit': a line as the original claim billed it."""
    parts = [str(line.code)]
    if line.modifiers:
        parts.append(f"modifier{'s' if len(line.modifiers) > 1 else ''} {', '.join(line.modifiers)}")
    if line.place_of_service is not None:
        parts.append(f"place of service {line.place_of_service}")
    if line.units is not None:
        parts.append(f"{line.units} unit{'s' if line.units != 1 else ''}")
    if line.minutes is not None:
        parts.append(f"{line.minutes} minutes documented")
    return ", ".join(parts)


def _final_denial(case: Case) -> dict[str, Any] | None:
    """The plan's last word on the internal appeal: final-denial events, or the denial when it is final."""
    dated = case.first_event("final_internal_denial_dated")
    received = case.first_event("final_internal_denial_received")
    denial_is_final = case.denial is not None and str(case.denial.level) == "final_internal"
    if dated is None and received is None and denial_is_final:
        dated = case.first_event("denial_dated")
        received = case.first_event("denial_received")
    if dated is None and received is None:
        return None
    return {
        "dated": when_text(dated.at) if dated else None,
        "received": when_text(received.at) if received else None,
    }


def _review_basis(case: Case, triage: Triage, final: dict[str, Any] | None) -> dict[str, Any] | None:
    """Why an independent review can be asked for now; ``None`` when the plan's decision is still awaited.

    Final internal denial; the plan missed a clock (deemed exhaustion); an urgent pre-service case
    under the ACA rule (expedited external review alongside the expedited internal appeal); or a plan
    type whose next step needs no earlier decision.
    """
    laws = {v.law for v in triage.laws_that_apply}
    stage = str(case.denial.stage) if case.denial and case.denial.stage else None
    if final is not None:
        return {"kind": "final", **final}
    if any(d.deemed_exhaustion for d in triage.deadlines):
        return {"kind": "deemed"}
    if "aca_appeals_external_review" in laws and triage.expedited.expedited and stage != "post_service":
        return {"kind": "expedited"}
    if not laws & _REVIEW_AFTER_INTERNAL_DECISION:
        return {"kind": "next_step"}
    return None


def appeals_context(case: Case, triage: Triage) -> dict[str, Any]:
    """Facts the appeals group's letters need beyond the shared context (one key group per need)."""
    request = case.expedited_request
    lines = case.service.lines
    paths = {p.path for p in triage.paths}
    final = _final_denial(case)

    def finding(f: Any) -> dict[str, Any]:
        line = lines[f.line - 1] if 0 < f.line <= len(lines) else None
        return {
            "line": f.line or None,
            "code": f.code or None,
            "date": when_text(line.date) if line is not None else None,
            "billed": _line_billed(line) if line is not None else None,
            "problem": f.problem,
            "fix": f.fix,
            "citation": f.citation,
            "severity": f.severity,
        }

    findings = [finding(f) for f in triage.coding_findings]
    return {
        "expedited_request": (
            {
                "requested_by": request.requested_by.label if str(request.requested_by) != "none" else None,
                "at": when_text(request.at),
                "statement": request.statement,
            }
            if request is not None
            else None
        ),
        "coding_findings": findings,
        "appeals": {
            # Stand-ins for required denial facts: a gap here never replaces the whole ``denial``.
            "denial_text": case.denial.text if case.denial else None,
            "claim_number": case.denial.claim_number if case.denial else None,
            "level_id": str(case.denial.level) if case.denial else None,
            "final_denial": final,
            "review_basis": _review_basis(case, triage, final),
            "service_dates": events_text(case, "service_date"),
            "claims_submitted": events_text(case, "claim_submitted"),
            "corrected_claims": events_text(case, "corrected_claim_submitted"),
            "retro_requests": events_text(case, "retro_authorization_requested"),
            "appeals_filed": events_text(case, "appeal_filed"),
            "requests": events_text(case, "request_received"),
            "eligibility": events_text(case, "eligibility_determined"),
            "timely_filing": "timely_filing" in paths,
            "timely_proof": events_text(case, "claim_submitted") if "timely_filing" in paths else [],
            "corrections": [f for f in findings if f["severity"] == "error"],
            "checks": [f for f in findings if f["severity"] != "error"],
            "ongoing": [
                {"level": t.level.label, "start": when_text(t.start), "provider": t.provider}
                for t in case.clinical.treatment_history
                if t.end is None
            ],
        },
    }
