"""Expedited-review rows by plan type, every procedure rule, every holiday row."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mhnotebook.models.vocab import Requester
from mhnotebook.rules.coding_checks import check_service_lines, procedure_rules
from mhnotebook.rules.counting import HolidayRow, federal_holidays
from mhnotebook.rules.expedited import ExpeditedRow, decide_expedited
from mhnotebook.rules.rule_table import load_table
from tests.rules.builders import make_case

EXPEDITED = load_table("expedited", ExpeditedRow)


@pytest.mark.parametrize("row", EXPEDITED, ids=[r.plan_types[0].value for r in EXPEDITED])
@pytest.mark.parametrize("requester", ["physician", "other_clinician", "patient"])
def test_each_plan_types_urgency_rule_decides_whether_a_request_binds(row, requester):
    case = make_case(plan_type=row.plan_types[0].value, requested_by=requester)
    verdict = decide_expedited(case)
    assert verdict.expedited
    assert verdict.binding == (Requester(requester) in row.binding_requesters)
    assert verdict.citation == row.citation and row.rule in verdict.basis


def test_risk_alone_recommends_expedited_review_but_nobody_has_asked_yet():
    verdict = decide_expedited(make_case(risk=["overdose"]))
    assert verdict.expedited and not verdict.binding
    assert any("nobody has asked yet" in b for b in verdict.basis)


def test_no_risk_and_no_request_means_standard_review():
    assert not decide_expedited(make_case()).expedited


def test_unknown_stage_asks_when_the_care_was_denied():
    verdict = decide_expedited(make_case(stage=None, risk=["suicidal_ideation"]))
    assert any("Post-service claims are never urgent" in q for q in verdict.to_find_out)


@pytest.mark.parametrize("row", list(procedure_rules().values()), ids=list(procedure_rules()))
def test_every_procedure_rule_flags_a_line_that_breaks_it(row):
    line = {"code": row.code, "date": "2026-03-02"}
    if row.min_minutes is not None:
        line["minutes"] = row.min_minutes - 1
    others = [{"code": code, "date": "2026-03-02"} for code in row.not_with[:1]]
    findings = check_service_lines(make_case(lines=[line, *others]))
    broken = row.min_minutes is not None or row.requires_one_of or row.not_with
    if broken:
        assert any(f.code == row.code for f in findings), row.code
    else:
        assert not [f for f in findings if f.code == row.code]


@pytest.mark.parametrize("year", [2026, 2027, 2028])
@pytest.mark.parametrize("row", load_table("federal_holidays", HolidayRow), ids=lambda r: r.name)
def test_every_holiday_row_gives_its_observed_day(row, year):
    if row.day is not None:
        actual = date(year, row.month, row.day)
        shift = {5: -1, 6: 1}.get(actual.weekday(), 0)
        observed = actual + timedelta(days=shift)
        holder = federal_holidays(observed.year if observed.year == year else year)
        assert observed in holder
    else:
        found = [d for d in federal_holidays(year) if d.month == row.month and d.weekday() == row.weekday]
        assert found, row.name
        day = found[0]
        if row.nth and row.nth > 0:
            assert (day.day - 1) // 7 + 1 == row.nth
        else:
            assert (day + timedelta(days=7)).month != row.month  # the last such weekday
