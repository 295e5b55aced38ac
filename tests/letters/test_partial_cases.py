"""Any half-filled case drafts every letter kind: gaps show in place, nothing breaks, nothing says None.

A clinician drafts while the chart is still open; a form is saved half done. Whatever subset of a
case is filled in, every kind must render (property test over samples with sections removed).
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mhnotebook.models import Case
from mhnotebook.paths import sample_case_paths
from mhnotebook.rendering.letters import draft_letter, letter_kinds
from mhnotebook.validation import load_case
from tests.conftest import TODAY

SAMPLES = {p.stem: load_case(p).model_dump(mode="json", exclude_none=True) for p in sample_case_paths()}
#: Sections a real draft may lack, as (section, key) pairs; key None drops the whole section.
DROPPABLE = [
    ("denial", None),
    ("representative", None),
    ("expedited_request", None),
    ("clinical", None),
    ("providers", None),
    ("events", None),
    ("provider_search", None),
    ("comparators", None),
    ("patient", "member_id"),
    ("patient", "date_of_birth"),
    ("patient", "contact"),
    ("patient", "group_number"),
    ("plan", "appeals_address"),
    ("plan", "plan_name"),
    ("plan", "appeals_fax"),
    ("plan", "state"),
    ("service", "diagnoses"),
    ("service", "lines"),
    ("service", "level_of_care"),
    ("service", "start_date"),
    ("denial", "text"),
    ("denial", "codes"),
    ("denial", "criteria"),
    ("denial", "reviewer"),
    ("denial", "reference_number"),
    ("denial", "claim_number"),
    ("denial", "stage"),
    ("clinical", "measures"),
    ("clinical", "risk"),
    ("clinical", "treatment_plan"),
    ("clinical", "level_of_care_ratings"),
    ("clinical", "treatment_history"),
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from(sorted(SAMPLES)),
    dropped=st.sets(st.sampled_from(DROPPABLE), max_size=8),
    kind=st.sampled_from([k.kind for k in letter_kinds()]),
)
def test_any_half_filled_case_drafts_every_kind(sample: str, dropped: set, kind: str) -> None:
    data = {
        key: (dict(value) if isinstance(value, dict) else value) for key, value in SAMPLES[sample].items()
    }
    for section, key in dropped:
        if key is None:
            data.pop(section, None)
        elif isinstance(data.get(section), dict):
            data[section].pop(key, None)
    case = Case.model_validate(data)
    letter = draft_letter(kind, case, today=TODAY)
    assert not re.search(r"\bNone\b", letter.text)
    assert bool(letter.gaps) == (not letter.readiness.ready)
    assert "<script" not in letter.html
