"""The view of a case a letter template sees: facts already formatted, law already chosen.

Templates branch and loop; they never compute. Everything a template prints is prepared here as a
string (dates in words, codes with our own labels, a measure series with its change stated), and the
law comes from triage, so a template cannot cite a rule that does not reach the plan. Optional facts
are ``None`` (templates test them with ``{% if %}``); required facts that are missing become a
:class:`~mhnotebook.rendering.letters.markdown.Gap`, printed as a highlighted marker.
"""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

from mhnotebook.models import Case, Provider
from mhnotebook.models.vocab import ProviderRole
from mhnotebook.rendering.letters.facts_appeals import appeals_context
from mhnotebook.rendering.letters.facts_patient import patient_context
from mhnotebook.rendering.letters.facts_requests import requests_context
from mhnotebook.rendering.letters.markdown import CHART_SLOT
from mhnotebook.rendering.letters.wording import deadline_text, events_text, money, when_text
from mhnotebook.rules.coding_checks import procedure_rules
from mhnotebook.rules.denial_codes import carc_row
from mhnotebook.rules.guidelines import guidelines_for
from mhnotebook.rules.letter_citations import citation_topics, citations_for
from mhnotebook.rules.paths import path_label
from mhnotebook.rules.triage import Triage

_SUD_CODE = re.compile(r"^F1[0-9]")


def _provider(p: Provider) -> dict[str, Any]:
    return {
        "name": p.name,
        "credentials": p.credentials,
        "licence_type": p.licence_type,
        "npi": p.npi,
        "specialty": p.specialty,
        "organization": p.organization,
        "role": p.role.label,
        "role_title": p.role.label[:1].upper() + p.role.label[1:],
        "address": p.address,
        "phone": p.phone,
        "fax": p.fax,
        "is_program": p.role in (ProviderRole.program, ProviderRole.facility),
    }


def _signer(case: Case, voice: str, provider: Provider | None) -> dict[str, Any]:
    """The person the letter speaks as. Patient-voice letters are signed by the representative, if any."""
    if voice == "patient":
        rep = case.representative
        if rep is not None:
            return {
                "name": rep.name,
                "credentials": None,
                "relationship": rep.relationship,
                "phone": rep.phone,
                "email": rep.email,
                "address": rep.address,
                "is_patient": False,
                "organization": None,
            }
        contact = case.patient.contact
        return {
            "name": case.patient.name,
            "credentials": None,
            "relationship": None,
            "phone": contact.phone if contact else None,
            "email": contact.email if contact else None,
            "address": contact.address if contact else None,
            "is_patient": True,
            "organization": None,
        }
    if provider is None:
        return {
            "name": None,
            "credentials": None,
            "is_patient": False,
            "phone": None,
            "fax": None,
            "organization": None,
            "address": None,
            "npi": None,
            "specialty": None,
            "is_program": False,
            "licence_type": None,
            "role": None,
        }
    return {**_provider(provider), "is_patient": False}


def _code_label(code: str) -> str | None:
    row = procedure_rules().get(code)
    return row.label if row is not None else None


def _service(case: Case) -> dict[str, Any]:
    s = case.service
    lines = [
        {
            "code": line.code,
            "system": line.code_system.label if line.code_system else None,
            "label": _code_label(line.code),
            "modifiers": ", ".join(line.modifiers) or None,
            "units": line.units,
            "units_text": (f"{line.units} unit{'s' if line.units != 1 else ''}" if line.units else None),
            "minutes": line.minutes,
            "date": when_text(line.date),
            "place_of_service": line.place_of_service,
            "charge": money(line.charge),
        }
        for line in s.lines
    ]
    amount = None
    if s.days_requested:
        amount = f"{s.days_requested} day{'s' if s.days_requested != 1 else ''}"
    elif s.sessions_requested:
        amount = f"{s.sessions_requested} session{'s' if s.sessions_requested != 1 else ''}"
    primary = next((d for d in s.diagnoses if d.primary), s.diagnoses[0] if s.diagnoses else None)
    return {
        "description": s.description,
        "level": s.level_of_care.label if s.level_of_care else None,
        "lines": lines,
        "codes": ", ".join(line.code for line in s.lines) or None,
        "diagnoses": [
            {"code": d.code, "description": d.description, "primary": d.primary} for d in s.diagnoses
        ],
        "primary_diagnosis": {"code": primary.code, "description": primary.description} if primary else None,
        "in_network": s.in_network,
        "amount": amount,
        "start_date": when_text(s.start_date),
        "end_date": when_text(s.end_date),
        "facility": s.facility,
        "drug": (
            {
                "name": s.drug.name,
                "strength": s.drug.strength,
                "quantity": f"{s.drug.quantity:g}" if s.drug.quantity else None,
                "days_supply": s.drug.days_supply,
                "ndc": s.drug.ndc,
            }
            if s.drug
            else None
        ),
    }


def _denial(case: Case, triage: Triage) -> dict[str, Any] | None:
    d = case.denial
    if d is None:
        return None
    codes = []
    for code in d.codes:
        reason = code.rpartition("-")[2]
        row = carc_row(reason)
        codes.append({"code": code, "meaning": row.label if row is not None else None})
    dated = case.first_event("denial_dated")
    received = case.first_event("denial_received")
    return {
        "text": d.text,
        "paragraphs": [p for p in re.split(r"\n\s*\n", d.text.strip()) if p.strip()] if d.text else [],
        "codes": codes,
        "claim_number": d.claim_number,
        "reference_number": d.reference_number,
        "authorization_number": d.authorization_number,
        "numbers": ", ".join(
            f"{label} {value}"
            for label, value in (
                ("claim", d.claim_number),
                ("reference", d.reference_number),
                ("authorization", d.authorization_number),
            )
            if value
        )
        or None,
        "stage": d.stage.label if d.stage else None,
        "stage_id": str(d.stage) if d.stage else None,
        "level": d.level.label,
        "is_final": str(d.level) == "final_internal",
        "criteria": (
            {"name": d.criteria.name, "edition": d.criteria.edition, "unmet": d.criteria.unmet_criterion}
            if d.criteria
            else None
        ),
        "reviewer": (
            {
                "name": d.reviewer.name,
                "credentials": d.reviewer.credentials,
                "specialty": d.reviewer.specialty,
            }
            if d.reviewer
            else None
        ),
        "dated": when_text(dated.at) if dated else None,
        "received": when_text(received.at) if received else None,
        "path": path_label(triage.primary_path) if triage.primary_path else None,
        "path_id": triage.primary_path,
    }


def _series(case: Case) -> list[dict[str, Any]]:
    """Measures grouped by instrument, oldest first, with the change stated in words."""
    groups: dict[str, list[Any]] = {}
    for m in sorted(case.clinical.measures, key=lambda m: m.date):
        groups.setdefault(m.instrument, []).append(m)
    out = []
    for instrument, items in groups.items():
        change = None
        numbers = [m for m in items if m.score is not None]
        if len(numbers) >= 2:
            first, last = numbers[0], numbers[-1]
            verb = "rose" if last.score > first.score else "fell" if last.score < first.score else "stayed at"
            if verb == "stayed at":
                change = f"stayed at {last.shown} from {when_text(first.date)} to {when_text(last.date)}"
            else:
                change = f"{verb} from {first.shown} on {when_text(first.date)} to {last.shown} on {when_text(last.date)}"
        out.append(
            {
                "instrument": instrument,
                "rows": [{"date": when_text(m.date), "value": m.shown, "note": m.note} for m in items],
                "change": change,
                "latest": {"date": when_text(items[-1].date), "value": items[-1].shown},
            }
        )
    return out


def _clinical(case: Case) -> dict[str, Any]:
    c = case.clinical
    plan = c.treatment_plan
    return {
        "risk": [
            {"category": r.category.label, "detail": r.detail, "date": when_text(r.date)} for r in c.risk
        ],
        "symptoms": [
            {"description": s.description, "onset": when_text(s.onset), "severity": s.severity}
            for s in c.symptoms
        ],
        "impairment": [
            {"domain": i.domain.label, "description": i.description} for i in c.functional_impairment
        ],
        "history": [
            {
                "level": t.level.label,
                "start": when_text(t.start),
                "end": when_text(t.end),
                "provider": t.provider,
                "outcome": t.outcome,
            }
            for t in c.treatment_history
        ],
        "medications": [
            {"name": m.name, "dose": m.dose, "start": when_text(m.start), "adherence": m.adherence}
            for m in c.medications
        ],
        "measures": _series(case),
        "ratings": [
            {
                "instrument": str(r.instrument),
                "edition": r.edition,
                "level": r.level,
                "composite": f"{r.composite_score:g}" if r.composite_score is not None else None,
                "date": when_text(r.date),
                "rater": r.rater,
                "dimensions": [
                    {"dimension": d.dimension, "score": f"{d.score:g}", "evidence": d.evidence}
                    for d in r.dimensions
                ],
            }
            for r in c.level_of_care_ratings
        ],
        "plan": (
            {
                "modality": plan.modality,
                "frequency": plan.frequency,
                "duration": plan.duration,
                "goals": list(plan.goals),
                "discharge_criteria": plan.discharge_criteria,
                "review_date": when_text(plan.review_date),
            }
            if plan
            else None
        ),
        "new_information": c.new_information,
    }


class Citations(dict):  # type: ignore[type-arg]
    """Rows by topic; a topic the table knows but this plan lacks is an empty list, a typo an error."""

    def __missing__(self, topic: str) -> list[dict[str, str]]:
        if topic in citation_topics():
            return []
        raise KeyError(topic)


def _law(case: Case, triage: Triage) -> dict[str, Any]:
    applying = triage.laws_that_apply
    ids = [v.law for v in applying]
    stage = case.denial.stage if case.denial else None
    cite = Citations(
        {
            topic: [{"text": row.text, "citation": row.citation} for row in rows]
            for topic, rows in citations_for(ids, case.plan.plan_type, stage, case.plan.state).items()
        }
    )
    verdicts = {v.law: {"name": v.name, "citation": v.citation, "why": v.why} for v in applying}

    def cite_topics(*topics: str) -> list[dict[str, str]]:
        """Rows for several topics in order, each once (templates cannot build lists in the sandbox)."""
        seen: dict[str, dict[str, str]] = {}
        for topic in topics:
            for row in cite.get(topic, []):
                seen.setdefault(row["text"], row)
        return list(seen.values())

    return {
        "cite_topics": cite_topics,
        "applies": verdicts,
        "cite": cite,
        "state_criteria": verdicts.get("state_criteria_law"),
        "parity": "mhpaea" in verdicts,
        "erisa": "erisa_claims_rule" in verdicts,
        "medicare": any(law.startswith("medicare") for law in ids),
        "medicaid": any(law.startswith("medicaid") for law in ids),
    }


def _guidelines(case: Case) -> dict[str, list[dict[str, Any]]]:
    rows = guidelines_for(case)

    def shown(g: Any) -> dict[str, Any]:
        return {"organization": g.organization, "title": g.title, "year": g.year, "citation": g.citation}

    return {
        "tools": [shown(g) for g in rows if "level_of_care" in g.topics],
        "gasc": [shown(g) for g in rows if "generally_accepted_standards" in g.topics],
    }


def _deadlines(triage: Triage) -> dict[str, Any]:
    rows = [deadline_text(d) for d in triage.deadlines]
    upcoming_file_by = [r for r in rows if r["clock"] == "file_by" and r["status"] == "upcoming"]
    passed = [r for r in rows if r["status"] in ("missed", "passed_unconfirmed")]
    plan_late = [d for d in triage.deadlines if d.deemed_exhaustion]
    return {
        "all": rows,
        "next_file_by": upcoming_file_by[0] if upcoming_file_by else None,
        "passed": passed,
        "plan_late": [{"what": d.what, "due": when_text(d.due), "citation": d.citation} for d in plan_late],
    }


def _has_sud(case: Case) -> bool:
    return any(_SUD_CODE.match(d.code) for d in case.service.diagnoses)


def build_context(
    case: Case,
    triage: Triage,
    *,
    voice: str,
    signer: Provider | None,
    today: date,
) -> dict[str, Any]:
    """Everything a letter template may print, for one case, signer and date."""
    patient = case.patient
    contact = patient.contact
    rep = case.representative
    plan = case.plan
    law = _law(case, triage)
    clinical = _clinical(case)
    providers = [_provider(p) for p in case.providers]
    has_chart = any(len(series["rows"]) >= 2 for series in clinical["measures"])
    return {
        "today": when_text(today),
        "voice": voice,
        "synthetic": case.synthetic,
        "signer": _signer(case, voice, signer),
        "providers": providers,
        "clinicians": [p for p in providers if not p["is_program"]],
        "programs": [p for p in providers if p["is_program"]],
        "patient": {
            "name": patient.name,
            "date_of_birth": when_text(patient.date_of_birth),
            "age": patient.age,
            "pronouns": patient.pronouns,
            "member_id": patient.member_id,
            "group_number": patient.group_number,
            "phone": contact.phone if contact else None,
            "email": contact.email if contact else None,
            "address": contact.address if contact else None,
            "is_minor": _is_minor(case, today),
        },
        "representative": (
            {
                "name": rep.name,
                "relationship": rep.relationship,
                "phone": rep.phone,
                "email": rep.email,
                "address": rep.address,
                "authorization_on_file": rep.authorization_on_file,
                "authorization_date": when_text(rep.authorization_date),
            }
            if rep
            else None
        ),
        "plan": {
            "insurer": plan.insurer,
            "plan_name": plan.plan_name,
            "type": plan.plan_type.label,
            "type_id": str(plan.plan_type),
            "funding": plan.funding.label,
            "state": plan.state,
            "employer": plan.employer,
            "appeals_address": plan.appeals_address,
            "appeals_fax": plan.appeals_fax,
            "appeals_phone": plan.appeals_phone,
        },
        "service": _service(case),
        "denial": _denial(case, triage),
        "clinical": clinical,
        "chart": CHART_SLOT if has_chart else None,
        "law": law,
        "deadlines": _deadlines(triage),
        "expedited": {
            "warranted": triage.expedited.expedited,
            "basis": list(triage.expedited.basis),
            "binding": triage.expedited.binding,
            "citation": triage.expedited.citation,
        },
        "crisis": list(triage.crisis_banner),
        "regulator": {
            "id": triage.regulator.primary,
            "name": triage.regulator.name,
            "why": triage.regulator.why,
            "citation": triage.regulator.citation,
            "parallel": list(triage.regulator.parallel),
        },
        "paths": [{"id": p.path, "label": path_label(p.path), "strength": p.strength} for p in triage.paths],
        "actions": [{"text": a.text, "citation": a.citation} for a in triage.actions],
        "to_find_out": list(triage.to_find_out),
        "guidelines": _guidelines(case),
        "peer_to_peer": events_text(case, "peer_to_peer"),
        "phone_calls": events_text(case, "phone_call"),
        "provider_search": [
            {
                "date": when_text(a.date),
                "provider": a.provider,
                "phone": a.phone,
                "result": a.result,
                "first_available": when_text(a.first_available),
                "distance": f"{a.distance_miles:g} miles" if a.distance_miles is not None else None,
            }
            for a in case.provider_search
        ],
        "comparators": [
            {"benefit": c.benefit, "fact": c.fact, "classification": c.classification, "source": c.source}
            for c in case.comparators
        ],
        "sud": _has_sud(case),
        "part2_notice": (law["cite"].get("redisclosure") or [None])[0],
        "disclaimer": triage.disclaimer,
        **patient_context(case, triage),
        **appeals_context(case, triage),
        **requests_context(case, triage),
    }


def _is_minor(case: Case, today: date) -> bool:
    dob = case.patient.date_of_birth
    if dob is not None:
        return (today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))) < 18
    return case.patient.age is not None and case.patient.age < 18


class PartialSection(dict):  # type: ignore[type-arg]
    """A section the case lacks, created only to hold a gap: every other fact in it reads as absent.

    A letter that requires ``denial.text`` for a case with no denial yet gets the gap marker there,
    while ``{% if denial.dated %}`` and the like read ``None`` instead of failing the render.
    """

    def __missing__(self, key: str) -> None:
        return None


def set_path(context: dict[str, Any], path: str, value: Any) -> None:
    """Put ``value`` at a dotted path of ``context`` (for gaps), creating partial sections on the way.

    Every section on the path is copied first, so a context shared between letters is never changed:
    only ``context`` itself (the caller's copy) and the copies below it are.
    """
    parts = path.split(".")
    node = context
    for part in parts[:-1]:
        child = node.get(part)
        child = copy.copy(child) if isinstance(child, dict) else PartialSection()
        node[part] = child
        node = child
    node[parts[-1]] = value
