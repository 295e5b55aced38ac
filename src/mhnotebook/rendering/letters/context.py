"""The view of a case a letter template sees: facts already formatted, law already chosen.

Templates branch and loop; they never compute. Everything a template prints is prepared here as a
string (dates in words, codes with our own labels, a measure series with its change stated), and the
law comes from triage, so a template cannot cite a rule that does not reach the plan. Optional facts
are ``None`` (templates test them with ``{% if %}``); required facts that are missing become a
:class:`~mhnotebook.rendering.letters.markdown.Gap`, printed as a highlighted marker.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from mhnotebook.errors import LetterError
from mhnotebook.models import Case, Provider
from mhnotebook.models.vocab import ProviderRole
from mhnotebook.rendering.letters.markdown import CHART_SLOT
from mhnotebook.rules.coding_checks import procedure_rules
from mhnotebook.rules.deadlines import APPEAL_CLOCKS, Deadline
from mhnotebook.rules.denial_codes import carc_row
from mhnotebook.rules.guidelines import guidelines_for
from mhnotebook.rules.letter_citations import citation_topics, citations_for
from mhnotebook.rules.paths import path, path_label
from mhnotebook.rules.triage import Triage

#: Who signs when the caller names nobody: the clinician a reviewer most wants to hear from first.
_SIGNER_ORDER = (
    ProviderRole.attending_physician,
    ProviderRole.treating_clinician,
    ProviderRole.prescriber,
    ProviderRole.therapist,
    ProviderRole.supervisor,
    ProviderRole.care_coordinator,
    ProviderRole.other,
    ProviderRole.program,
    ProviderRole.facility,
)
_SUD_CODE = re.compile(r"^F1[0-9]")


def when_text(value: date | datetime | None) -> str | None:
    """'October 21, 2026', or 'October 20, 2026, 1:30 PM (UTC-04:00)' for a moment."""
    if value is None:
        return None
    if isinstance(value, datetime):
        hour = value.strftime("%I:%M %p").lstrip("0")
        offset = value.strftime("%z")
        zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
        return f"{value:%B} {value.day}, {value.year}, {hour}{zone}"
    return f"{value:%B} {value.day}, {value.year}"


def _money(value: float | None) -> str | None:
    return None if value is None else f"${value:,.2f}"


def choose_signer(case: Case, signer: Provider | str | None) -> Provider | None:
    """The provider who signs: the one given (object or name), else the first by clinical role."""
    if isinstance(signer, Provider):
        return signer
    if isinstance(signer, str):
        wanted = signer.strip().lower()
        for provider in case.providers:
            if provider.name.lower() == wanted or (provider.npi and provider.npi == signer.strip()):
                return provider
        known = ", ".join(p.name for p in case.providers) or "none in the case"
        raise LetterError(f"no provider named {signer!r} in the case; providers: {known}")
    ranked = sorted(case.providers, key=lambda p: _SIGNER_ORDER.index(p.role))
    return ranked[0] if ranked else None


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
            "charge": _money(line.charge),
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
    rows = [
        {
            "what": d.what,
            "due": when_text(d.due),
            "status": str(d.status.value),
            "citation": d.citation,
            "clock": d.clock,
            "name": d.name,
        }
        for d in triage.deadlines
    ]
    upcoming_file_by = [r for r in rows if r["clock"] == "file_by" and r["status"] == "upcoming"]
    passed = [r for r in rows if r["status"] in ("missed", "passed_unconfirmed")]
    plan_late = [d for d in triage.deadlines if d.deemed_exhaustion]
    return {
        "all": rows,
        "next_file_by": upcoming_file_by[0] if upcoming_file_by else None,
        "passed": passed,
        "plan_late": [{"what": d.what, "due": when_text(d.due), "citation": d.citation} for d in plan_late],
    }


def _people_events(case: Case, kind: str) -> list[dict[str, Any]]:
    return [{"at": when_text(e.at), "note": e.note} for e in case.events_of(kind)]


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
        "peer_to_peer": _people_events(case, "peer_to_peer"),
        "phone_calls": _people_events(case, "phone_call"),
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
        **_patient_context(case, triage),
        **_appeals_context(case, triage),
        **_requests_context(case, triage),
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
    """Put ``value`` at a dotted path, creating partial sections on the way (for gaps)."""
    parts = path.split(".")
    node = context
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = PartialSection()
            node[part] = child
        node = child
    node[parts[-1]] = value


# --- patient -----------------------------------------------------------------------------------
#: Clocks that are the deadline to appeal (or to ask for a hearing), for "I am within the deadline".
_APPEAL_DEADLINES = (*APPEAL_CLOCKS, "notice_stated_appeal_by")
#: A letter a patient or family can send themselves, for a letter triage suggests the clinician send.
_PATIENT_VOICE_OF = {
    "internal_appeal": "patient_appeal",
    "expedited_appeal": "patient_appeal",
    "claim_file_request": "patient_records_request",
    "parity_disclosure_request": "patient_records_request",
}


def _patient_context(case: Case, triage: Triage) -> dict[str, Any]:
    """What the patient-voice letters and the patient guide need beyond the shared context.

    - ``suggested_letters``: the letters triage suggests, by their manifest titles, each marked with who
      sends it, plus the patient's own versions (an appeal in their words, a records request, the
      representative designation when someone acts for them). Kinds the manifest does not know are
      left out: the guide only names letters mhnotebook can draft.
    - ``for_patient.appeal_deadline`` / ``appeal_deadline_passed``: the deadline to appeal (not every
      file-by clock is one: a COBRA election is not), so a letter can say it is on time or ask for a
      late filing to be accepted.
    - ``for_patient.parallel``: the parallel routes, without the parity enforcers when federal parity
      law does not reach the plan (Medicare, FEHB): a patient guide must not send a Medicare member
      to a parity unit.
    - ``for_patient.clinician``: the treating clinician whose letter of medical necessity is enclosed.
    - ``for_patient.denial_text``: the denial's words, as a required path that can be missing without
      a denial: requiring ``denial.text`` would turn a missing denial into a half-filled dict.
    - ``for_patient.paths``: each path with its plain label ("Not medically necessary", no "B:").
    """
    from mhnotebook.rendering.letters.manifest import letter_kinds

    kinds = {k.kind: k for k in letter_kinds()}
    wanted = [k for k in triage.letters if k != "patient_guide"]
    wanted += [_PATIENT_VOICE_OF[k] for k in triage.letters if k in _PATIENT_VOICE_OF]
    if case.representative is not None:
        wanted.append("authorized_representative")
    suggested = [
        {
            "kind": kinds[k].kind,
            "title": kinds[k].title,
            "description": kinds[k].description,
            "by_patient": kinds[k].voice == "patient",
        }
        for k in dict.fromkeys(wanted)
        if k in kinds
    ]
    appeal_rows = [d for d in triage.deadlines if d.name in _APPEAL_DEADLINES and d.clock == "file_by"]
    upcoming = [d for d in appeal_rows if d.status.value == "upcoming"]
    # A passed clock is quoted with its rule when there is one (the notice's own date is the fallback).
    passed = sorted(
        (d for d in appeal_rows if d.status.value in ("missed", "passed_unconfirmed")),
        key=lambda d: d.name not in APPEAL_CLOCKS,
    )
    parity = any(v.law == "mhpaea" for v in triage.laws_that_apply)
    clinician = choose_signer(case, None)
    return {
        "suggested_letters": suggested,
        "for_patient": {
            "appeal_deadline": _deadline_row(upcoming[0]) if upcoming else None,
            "appeal_deadline_passed": _deadline_row(passed[0]) if passed and not upcoming else None,
            "paths": [{"id": p.path, "label": path(p.path).label} for p in triage.paths],
            "parallel": [r for r in triage.regulator.parallel if parity or "parity" not in r.lower()],
            "denial_text": case.denial.text if case.denial is not None and case.denial.text else None,
            "clinician": (
                {
                    "name": clinician.name,
                    "credentials": clinician.credentials,
                    "role": clinician.role.label,
                    "is_program": clinician.role in (ProviderRole.program, ProviderRole.facility),
                }
                if clinician is not None
                else None
            ),
        },
    }


def _deadline_row(d: Deadline) -> dict[str, Any]:
    return {"what": d.what, "due": when_text(d.due), "citation": d.citation, "status": str(d.status.value)}


# --- appeals group: facts for the appeal, expedited, external review, retro-authorization, benefit
#     exception, continuity, network-gap and corrected-claim letters ------------------------------

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


def _appeals_context(case: Case, triage: Triage) -> dict[str, Any]:
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
            "service_dates": _people_events(case, "service_date"),
            "claims_submitted": _people_events(case, "claim_submitted"),
            "corrected_claims": _people_events(case, "corrected_claim_submitted"),
            "retro_requests": _people_events(case, "retro_authorization_requested"),
            "appeals_filed": _people_events(case, "appeal_filed"),
            "requests": _people_events(case, "request_received"),
            "eligibility": _people_events(case, "eligibility_determined"),
            "timely_filing": "timely_filing" in paths,
            "timely_proof": _people_events(case, "claim_submitted") if "timely_filing" in paths else [],
            "corrections": [f for f in findings if f["severity"] == "error"],
            "checks": [f for f in findings if f["severity"] != "error"],
            "ongoing": [
                {"level": t.level.label, "start": when_text(t.start), "provider": t.provider}
                for t in case.clinical.treatment_history
                if t.end is None
            ],
        },
    }


# --- requests (P2P, claim file, parity disclosure, complaints, phone) -----------------------------

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
    from mhnotebook.rules.deadlines import APPEAL_CLOCKS

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


def _requests_context(case: Case, triage: Triage) -> dict[str, Any]:
    """Facts the request and complaint letters print: conduct, timeline, laws that do not apply, patterns."""
    from datetime import timedelta

    from mhnotebook.models.base import day_of
    from mhnotebook.rules.deadlines import APPEAL_CLOCKS

    calls = _people_events(case, "phone_call")
    not_applicable = [
        {"law": v.law, "name": v.name, "why": v.why, "citation": v.citation}
        for v in triage.applicable_law
        if v.applies == "no"
    ]
    appeals = _people_events(case, "appeal_filed")
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
        "grievances_filed": _people_events(case, "grievance_filed") + _people_events(case, "complaint_filed"),
        "phone_call_last": dict(calls[-1]) if calls else None,
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
