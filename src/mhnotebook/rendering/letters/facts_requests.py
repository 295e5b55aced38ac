"""Facts for requests and complaints: the plan's conduct found in the case, the timeline, the reviewer, the regulator."""

from __future__ import annotations

import re
from typing import Any

from mhnotebook.models import Case
from mhnotebook.rendering.letters.wording import events_text, when_text
from mhnotebook.rules.deadlines import APPEAL_CLOCKS
from mhnotebook.rules.triage import Triage

#: A reviewer whose specialty or credentials name one of these is in a mental health or addiction
#: field (letters.md: a board-certified psychiatrist or addiction medicine for level-of-care disputes).
_BEHAVIORAL_SPECIALTY = re.compile(r"psychiatr|addiction|psycholog|behavio|mental health|BCBA", re.IGNORECASE)

#: What a timeline row says for each event kind (unknown kinds: the kind in words).
_EVENT_WORDS = {
    "service_date": "Care given",
    "claim_submitted": "Claim submitted",
    "request_received": "Request received by the plan",
    "authorization_ends": "Authorized period ends",
    "denial_dated": "Denial notice dated",
    "denial_received": "Denial notice received",
    "appeal_filed": "Appeal filed",
    "appeal_received": "Appeal received by the plan",
    "grievance_filed": "Grievance filed",
    "extension_requested": "Extension requested",
    "peer_to_peer": "Peer-to-peer call with the plan's reviewer",
    "final_internal_denial_dated": "Final internal denial dated",
    "final_internal_denial_received": "Final internal denial received",
    "external_review_filed": "External review requested",
    "fair_hearing_requested": "Fair hearing requested",
    "coverage_ended": "Coverage ended",
    "decision_received": "Decision received",
    "retro_authorization_requested": "Retrospective authorization requested",
    "corrected_claim_submitted": "Corrected claim submitted",
    "eligibility_determined": "Eligibility decided",
    "cobra_notice_received": "COBRA election notice received",
    "cobra_elected": "COBRA elected",
    "complaint_filed": "Complaint filed",
    "letter_sent": "Letter sent",
    "phone_call": "Phone call with the plan",
}

#: Days the plan is asked to correct a written summary of a call (our request, not a legal clock).
_CORRECTION_DAYS = 10


def _conduct(case: Case, triage: Triage) -> list[dict[str, Any]]:
    """What the plan did that a grievance or a complaint can name, read from the case's own clocks and logs.

    Each item has the sentence for a letter (``text``, with dates and the rule's citation), a version
    without dates or identifiers for an accreditor (``deidentified``), and the outcome to ask for.
    Nothing is inferred that the case does not record: a decision with no decision_received event is
    "not received", never "not made".
    """
    from mhnotebook.models.base import day_of

    today = when_text(day_of(triage.as_of))
    items: list[dict[str, Any]] = []
    for d in triage.deadlines:
        if d.clock != "decide_by" or d.status.value not in ("missed", "passed_unconfirmed"):
            continue
        late = d.status.value == "missed"
        items.append(
            {
                "kind": "late_decision" if late else "overdue_decision",
                "text": f"{d.what} by {when_text(d.due)} ({d.citation}): "
                + ("the decision came after that." if late else f"no decision had been received by {today}."),
                "deidentified": f"{d.what} ({d.citation}): "
                + (
                    "the decision came after the time the rules allow."
                    if late
                    else "no decision had been received when the time the rules allow ran out."
                ),
                "standard": "timeliness of utilization management decisions",
                "ask": "Explain in writing why the decision was late, and what the plan will do to decide on time"
                if late
                else "Decide now, in writing, and explain the delay",
                "deemed_exhaustion": d.deemed_exhaustion,
                "citation": d.citation,
            }
        )
    stated = next((d for d in triage.deadlines if d.name == "notice_stated_appeal_by"), None)
    legal = next((d for d in triage.deadlines if d.name in APPEAL_CLOCKS), None)
    if stated is not None and legal is not None and stated.due_day < legal.due_day:
        items.append(
            {
                "kind": "short_notice",
                "text": f"The denial notice gives until {when_text(stated.due)} to appeal, less time than the rules "
                f"allow ({when_text(legal.due)}, {legal.citation}).",
                "deidentified": f"A denial notice gave less time to appeal than the rules allow ({legal.citation}).",
                "standard": "access to appeals",
                "ask": "Correct the notice, and accept an appeal filed within the time the rules allow",
                "deemed_exhaustion": False,
                "citation": legal.citation,
            }
        )
    if case.provider_search:
        days = sorted(a.date for a in case.provider_search)
        tried = len(case.provider_search)
        who = (
            "1 in-network clinician or program was"
            if tried == 1
            else f"{tried} in-network clinicians or programs were"
        )
        when = (
            f"on {when_text(days[0])}"
            if days[0] == days[-1]
            else f"between {when_text(days[0])} and {when_text(days[-1])}"
        )
        items.append(
            {
                "kind": "network_access",
                "text": f"Finding care in the plan's network: {who} contacted from the plan's directory {when}; "
                "the search log gives each result.",
                "deidentified": f"A member could not find timely care in the network: {who} contacted "
                "from the plan's directory.",
                "standard": None,
                "ask": "Arrange the care with a clinician who can see the patient in time, at in-network cost "
                "sharing (for example through a single-case agreement)",
                "deemed_exhaustion": False,
                "citation": None,
            }
        )
    return items


def _timeline(case: Case) -> list[dict[str, Any]]:
    from mhnotebook.models.base import day_of

    ordered = sorted(case.events, key=lambda e: (day_of(e.at), str(e.at)))
    return [
        {
            "at": when_text(e.at),
            "what": _EVENT_WORDS.get(e.kind, e.kind.replace("_", " ").capitalize()),
            "note": e.note,
        }
        for e in ordered
    ]


def _reviewer_field(case: Case) -> dict[str, Any] | None:
    """The reviewer's recorded specialty, and whether it is a mental health or addiction field."""
    reviewer = case.denial.reviewer if case.denial else None
    if reviewer is None or not (reviewer.specialty or reviewer.credentials):
        return None
    words = " ".join(x for x in (reviewer.specialty, reviewer.credentials) if x)
    return {"specialty": reviewer.specialty, "behavioral": bool(_BEHAVIORAL_SPECIALTY.search(words))}


def _comparators_labelled(case: Case) -> list[dict[str, Any]]:
    """The case's medical/surgical comparators with the classification in words ('Inpatient, in-network')."""
    from mhnotebook.rules.parity.classifications import ClassificationRow
    from mhnotebook.rules.rule_table import load_table

    labels = {
        row.classification: row.label for row in load_table("parity_classifications", ClassificationRow)
    }
    return [
        {
            "benefit": c.benefit,
            "fact": c.fact,
            "classification": labels.get(c.classification, c.classification.replace("_", " "))
            if c.classification
            else None,
            "source": c.source,
        }
        for c in case.comparators
    ]


def _regulator_to(name: str, state: str | None) -> str:
    """The regulator as an addressee: "your state's department of insurance" becomes "the GA department..."."""
    prefix = "your state's "
    if state and name.startswith(prefix):
        return f"the {state} {name[len(prefix) :]}"
    return name


def _last_call(calls: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The last phone call, ``logged`` when it records something to confirm (notes, who, or what was settled)."""
    if not calls:
        return None
    last = dict(calls[-1])
    last["logged"] = bool(last["note"] or last["contact"] or last["call"])
    return last


def requests_context(case: Case, triage: Triage) -> dict[str, Any]:
    """Facts the request and complaint letters print: conduct, timeline, laws that do not apply, patterns."""
    from datetime import timedelta

    from mhnotebook.models.base import day_of

    calls = events_text(case, "phone_call")
    not_applicable = [
        {"law": v.law, "name": v.name, "why": v.why, "citation": v.citation}
        for v in triage.applicable_law
        if v.applies == "no"
    ]
    appeals = events_text(case, "appeal_filed")
    appeal_clock = next((d for d in triage.deadlines if d.name in APPEAL_CLOCKS), None)
    late_filing = (
        {"what": appeal_clock.what, "due": when_text(appeal_clock.due), "citation": appeal_clock.citation}
        if appeal_clock is not None and appeal_clock.status.value in ("missed", "passed_unconfirmed")
        else None
    )
    return {
        "not_applicable_law": not_applicable,
        "parity_not_applicable": next((v for v in not_applicable if v["law"] == "mhpaea"), None),
        # Filled by the case log (patterns across cases); a letter prints a pattern paragraph only then.
        "patterns": [],
        "conduct": _conduct(case, triage),
        "timeline": _timeline(case),
        "appeals_filed": appeals,
        "grievances_filed": events_text(case, "grievance_filed") + events_text(case, "complaint_filed"),
        "phone_call_last": _last_call(calls),
        "reviewer_field": _reviewer_field(case),
        "reply_by": when_text(day_of(triage.as_of) + timedelta(days=_CORRECTION_DAYS)),
        "case_ref": case.case_id,
        "late_filing": late_filing,
        "regulator_to": _regulator_to(triage.regulator.name, case.plan.state),
        "comparators_labelled": _comparators_labelled(case),
        "limit_denial": "D" in {p.path for p in triage.paths},
        "level_is_24_hour": case.service.level_of_care is not None
        and str(case.service.level_of_care) in ("residential", "inpatient"),
    }
