"""The case model: every field explained, sensible defaults, strict about typos."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from pydantic import BaseModel, ValidationError

from mhnotebook.models import (
    Case,
    CodeSystem,
    Event,
    EventKind,
    LevelOfCare,
    PlanType,
    RiskCategory,
)
from mhnotebook.models.dictionary import render_data_dictionary

BASE = {"patient": {"name": "A"}, "plan": {"insurer": "X"}, "service": {"description": "IOP"}}


def _all_models(root: type[BaseModel]) -> set[type[BaseModel]]:
    from mhnotebook.validation.messages import _nested_model

    found, todo = set(), [root]
    while todo:
        model = todo.pop()
        if model in found:
            continue
        found.add(model)
        todo.extend(m for info in model.model_fields.values() if (m := _nested_model(info)))
    return found


def test_every_field_of_every_section_has_a_description():
    missing = [
        f"{m.__name__}.{name}"
        for m in _all_models(Case)
        for name, info in m.model_fields.items()
        if not (info.description and len(info.description) > 10)
    ]
    assert missing == []


def test_every_section_has_a_docstring_forms_can_show():
    assert all((m.__doc__ or "").strip() for m in _all_models(Case))


def test_the_issue_s_plan_types_are_all_accepted():
    wanted = {
        "erisa_group",
        "aca_individual_marketplace",
        "aca_individual_off_exchange",
        "non_federal_governmental",
        "church_plan",
        "fehb",
        "medicaid_managed_care",
        "medicaid_ffs",
        "chip",
        "medicare_advantage",
        "medicare_original",
        "medicare_part_d",
        "tricare",
        "unknown",
    }
    assert {p.value for p in PlanType} == wanted
    assert all(p.label and "_" not in p.label for p in PlanType)


def test_risk_categories_match_the_crisis_triggers():
    assert {r.value for r in RiskCategory} == {
        "suicidal_ideation",
        "recent_attempt",
        "overdose",
        "psychosis_with_danger",
        "medically_unstable_eating_disorder",
        "dangerous_withdrawal",
        "other",
    }


def test_a_minimal_case_needs_only_patient_plan_and_service():
    case = Case.model_validate(BASE)
    assert case.denial is None
    assert case.service.in_network is None
    assert case.plan.plan_type is PlanType.unknown
    assert case.clinical.risk == []


def test_unknown_fields_are_refused_rather_than_dropped():
    with pytest.raises(ValidationError, match="pateint"):
        Case.model_validate({**BASE, "pateint": {"name": "A"}})


def test_in_network_accepts_true_false_and_unknown():
    for raw, parsed in [(True, True), (False, False), ("unknown", None), (None, None)]:
        case = Case.model_validate({**BASE, "service": {"description": "x", "in_network": raw}})
        assert case.service.in_network is parsed


def test_service_line_code_system_is_filled_in():
    case = Case.model_validate({**BASE, "service": {"description": "x", "lines": [{"code": "H0015"}]}})
    assert case.service.lines[0].code_system is CodeSystem.hcpcs


def test_event_times_must_carry_a_utc_offset():
    aware = Event.model_validate({"kind": "denial_received", "at": "2026-03-02T16:05:00-05:00"})
    assert aware.at == datetime(2026, 3, 2, 16, 5, tzinfo=timezone(timedelta(hours=-5)))
    assert Event.model_validate({"kind": "denial_received", "at": "2026-03-02"}).at == date(2026, 3, 2)
    with pytest.raises(ValidationError, match="UTC offset"):
        Event.model_validate({"kind": "denial_received", "at": "2026-03-02T16:05:00"})


def test_unknown_event_kinds_are_kept():
    event = Event.model_validate({"kind": "Called Plan", "at": "2026-03-02"})
    assert event.kind == "called_plan"
    assert event.known_kind is None
    assert (
        Event.model_validate({"kind": "appeal_filed", "at": "2026-03-02"}).known_kind
        is EventKind.appeal_filed
    )


def test_plain_strings_are_accepted_for_symptoms_and_impairments():
    case = Case.model_validate(
        {
            **BASE,
            "clinical": {
                "symptoms": ["daily panic attacks"],
                "functional_impairment": ["missed 3 weeks of work"],
            },
        }
    )
    assert case.clinical.symptoms[0].description == "daily panic attacks"
    assert case.clinical.functional_impairment[0].description == "missed 3 weeks of work"


def test_level_of_care_labels_are_plain_words():
    assert LevelOfCare.partial_hospitalization.label == "Partial hospitalization (PHP)"
    assert LevelOfCare.outpatient.label == "outpatient"


def test_first_event_finds_the_earliest_of_a_kind():
    case = Case.model_validate(
        {
            **BASE,
            "events": [
                {"kind": "appeal_filed", "at": "2026-05-02"},
                {"kind": "appeal_filed", "at": "2026-04-30"},
            ],
        }
    )
    assert case.first_event(EventKind.appeal_filed).at == date(2026, 4, 30)
    assert case.first_event("denial_dated") is None


def test_summary_escapes_user_text_and_never_prints_none():
    case = Case.model_validate({**BASE, "patient": {"name": "<script>alert(1)</script>"}})
    html = case._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "None" not in str(case.summary())


def test_data_dictionary_lists_every_section():
    text = render_data_dictionary()
    for model in _all_models(Case):
        assert f"### {model.__name__}" in text


def test_appeal_window_reads_the_way_notices_write_it():
    from mhnotebook.models import AppealWindow

    assert str(AppealWindow.model_validate("180 days")) == "180 days"
    assert AppealWindow.model_validate("6 Months").unit == "months"
    assert AppealWindow.model_validate("1 hour").unit == "hours"
    assert AppealWindow.model_validate(60).unit == "days"
    with pytest.raises(ValidationError, match="180 days"):
        AppealWindow.model_validate("two months")


def test_a_measure_needs_a_score_or_a_result():
    from mhnotebook.models import Measure

    assert (
        Measure.model_validate(
            {"instrument": "Weight", "score": 41.5, "unit": "kg", "date": "2026-10-01"}
        ).shown
        == "41.5 kg"
    )
    assert (
        Measure.model_validate(
            {"instrument": "Urine drug screen", "result": "negative", "date": "2026-10-01"}
        ).shown
        == "negative"
    )
    with pytest.raises(ValidationError, match="score, or the result"):
        Measure.model_validate({"instrument": "PHQ-9", "date": "2026-10-01"})


def test_drug_requests_check_the_ndc_and_reject_codes_their_shape():
    case = Case.model_validate(
        {
            **BASE,
            "service": {
                "description": "x",
                "drug": {"name": "buprenorphine-naloxone film", "ndc": "12345-6789-01", "quantity": 90},
            },
            "denial": {"pharmacy_reject_codes": [76, "mr"]},
        }
    )
    assert case.service.drug.quantity == 90
    assert case.denial.pharmacy_reject_codes == ["76", "MR"]
    with pytest.raises(ValidationError, match="National Drug Code"):
        Case.model_validate({**BASE, "service": {"description": "x", "drug": {"name": "x", "ndc": "123"}}})
    with pytest.raises(ValidationError, match="NCPDP"):
        Case.model_validate({**BASE, "denial": {"pharmacy_reject_codes": ["TOOLONG"]}})


def test_the_representative_shows_in_the_summary():
    case = Case.model_validate(
        {
            **BASE,
            "representative": {
                "name": "Dana Sample",
                "relationship": "mother",
                "authorization_on_file": True,
            },
        }
    )
    text = str(case.summary())
    assert "Representative" in text and "Dana Sample" in text and "Designation on file  yes" in text
