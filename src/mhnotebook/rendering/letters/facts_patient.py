"""Facts for the letters in the patient's voice and the patient guide: plain labels, who sends what."""

from __future__ import annotations

from typing import Any

from mhnotebook.models import Case
from mhnotebook.models.vocab import ProviderRole
from mhnotebook.rendering.letters.signers import choose_signer
from mhnotebook.rendering.letters.wording import deadline_text
from mhnotebook.rules.deadlines import APPEAL_CLOCKS
from mhnotebook.rules.paths import path
from mhnotebook.rules.triage import Triage

#: Clocks that are the deadline to appeal (or to ask for a hearing), for "I am within the deadline".
_APPEAL_DEADLINES = (*APPEAL_CLOCKS, "notice_stated_appeal_by")
#: A letter a patient or family can send themselves, for a letter triage suggests the clinician send.
_PATIENT_VOICE_OF = {
    "internal_appeal": "patient_appeal",
    "expedited_appeal": "patient_appeal",
    "claim_file_request": "patient_records_request",
    "parity_disclosure_request": "patient_records_request",
}


def patient_context(case: Case, triage: Triage) -> dict[str, Any]:
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
            "appeal_deadline": deadline_text(upcoming[0]) if upcoming else None,
            "appeal_deadline_passed": deadline_text(passed[0]) if passed and not upcoming else None,
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
