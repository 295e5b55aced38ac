"""Timeline and cross-field checks: impossible is an error, suspicious is a warning."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhnotebook.models import Case
from mhnotebook.validation import check_case
from mhnotebook.validation.consistency import check_event_order
from tests.conftest import TODAY

BASE = {
    "patient": {"name": "A"},
    "plan": {"insurer": "X", "plan_type": "erisa_group"},
    "service": {"description": "IOP"},
}


def _case(**sections) -> Case:
    return Case.model_validate({**BASE, **sections})


def _events(*pairs) -> list[dict]:
    return [{"kind": k, "at": at} for k, at in pairs]


def _messages(case: Case, severity: str) -> list[str]:
    return [f"{i.field}: {i.message}" for i in check_case(case, today=TODAY) if i.severity == severity]


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("denial_dated", "denial_received"),
        ("final_internal_denial_dated", "final_internal_denial_received"),
        ("denial_dated", "appeal_filed"),
        ("appeal_filed", "appeal_received"),
        ("denial_dated", "final_internal_denial_dated"),
        ("denial_dated", "external_review_filed"),
        ("service_date", "claim_submitted"),
    ],
)
def test_each_impossible_order_is_an_error(earlier, later):
    case = _case(events=_events((earlier, "2026-03-10"), (later, "2026-03-09")))
    errors = _messages(case, "error")
    assert len(errors) == 1 and errors[0].startswith("events[1].at") and later in errors[0]


def test_same_day_is_possible():
    case = _case(events=_events(("denial_dated", "2026-03-10"), ("denial_received", "2026-03-10")))
    assert _messages(case, "error") == []


def test_times_on_the_same_day_are_compared_when_both_have_them():
    case = _case(
        events=_events(
            ("appeal_filed", "2026-03-10T15:00:00-05:00"), ("appeal_received", "2026-03-10T14:00:00-05:00")
        )
    )
    assert len(_messages(case, "error")) == 1


def test_a_date_and_a_time_on_the_same_day_are_not_contradictory():
    case = _case(
        events=_events(("appeal_filed", "2026-03-10"), ("appeal_received", "2026-03-10T08:00:00-05:00"))
    )
    assert _messages(case, "error") == []


def test_post_service_denial_before_the_service_is_an_error():
    case = _case(
        denial={"stage": "post_service", "text": "x"},
        events=_events(("service_date", "2026-04-01"), ("denial_dated", "2026-03-01")),
    )
    assert any("before the first service date" in m for m in _messages(case, "error"))


def test_events_before_birth_are_errors():
    case = _case(
        patient={"name": "A", "date_of_birth": "2010-01-01"}, events=_events(("service_date", "2009-12-31"))
    )
    assert any("date of birth" in m for m in _messages(case, "error"))


def test_reversed_date_ranges_are_errors():
    case = _case(
        service={"description": "x", "start_date": "2026-03-10", "end_date": "2026-03-01"},
        clinical={"treatment_history": [{"level": "outpatient", "start": "2025-05-01", "end": "2025-01-01"}]},
    )
    fields = {m.split(":")[0] for m in _messages(case, "error")}
    assert fields == {"service.end_date", "clinical.treatment_history[0].end"}


def test_unknown_event_kind_is_a_warning_with_a_suggestion():
    case = _case(events=_events(("apeal_filed", "2026-03-10")))
    warnings = _messages(case, "warning")
    assert any("Did you mean 'appeal_filed'" in m for m in warnings)
    assert _messages(case, "error") == []


def test_suspicious_facts_are_warnings():
    case = _case(
        patient={"name": "A", "date_of_birth": "1990-01-01", "age": 20},
        plan={"insurer": "X", "plan_type": "tricare"},
        denial={"level": "final_internal", "codes": ["50"]},
        events=_events(
            ("denial_dated", "2026-01-01"), ("denial_received", "2026-03-01"), ("service_date", "2027-01-05")
        ),
    )
    warnings = " | ".join(_messages(case, "warning"))
    for expected in (
        "does not match the date of birth",
        "TRICARE",
        "no group code",
        "no appeal_filed event",
        "received 59 days after",
        "in the future",
    ):
        assert expected in warnings
    assert _messages(case, "error") == []


def test_a_denial_with_neither_words_nor_codes_is_a_warning():
    assert any("neither the insurer's words" in m for m in _messages(_case(denial={}), "warning"))


def test_service_lines_should_name_providers_in_the_case():
    case = _case(
        providers=[{"name": "Dr A"}],
        service={"description": "x", "lines": [{"code": "90837", "rendering_provider": "Dr B"}]},
    )
    assert any("not among the case's providers" in m for m in _messages(case, "warning"))


_days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))


@given(_days, _days)
def test_order_check_flags_exactly_the_reversed_pairs(dated, received):
    issues = check_event_order([(0, "denial_dated", dated), (1, "denial_received", received)])
    assert bool(issues) == (received < dated)
