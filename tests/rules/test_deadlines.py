"""Every deadline row computes its clock from the right event, with the right arithmetic and status."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from mhnotebook.rules.counting import add_days, add_hours, add_months_clamped, add_months_or_first_of_next
from mhnotebook.rules.deadlines import DeadlineRule, Status, deadline_rules
from mhnotebook.rules.triage import triage_case
from tests.rules.builders import make_case

START = date(2026, 3, 2)  # a Monday
EST = timezone(timedelta(hours=-5))


def _case_for(rule: DeadlineRule, start: date | datetime = START, extra_events: dict | None = None):
    """A case whose facts select exactly this rule, with its first start event on ``start``."""
    plan_type = rule.plan_types[0].value
    if rule.applies_from and (not isinstance(start, datetime)) and start < rule.applies_from:
        start = rule.applies_from
    if rule.applies_to and day(start) > rule.applies_to:
        start = rule.applies_to - timedelta(days=30)
    if rule.unit == "hours" and not isinstance(start, datetime):
        start = datetime(start.year, start.month, start.day, 9, 30, tzinfo=EST)
    events = {rule.start[0]: start.isoformat()}
    if "final_internal" in rule.start[0]:
        events["denial_dated"] = (day(start) - timedelta(days=60)).isoformat()
    urgent = rule.urgent is True
    initial = rule.start[0] in ("request_received", "claim_submitted")
    kwargs = dict(
        plan_type=plan_type,
        funding=(rule.funding[0].value if rule.funding else "unknown"),
        state=(rule.states[0] if rule.states else None),
        level=(rule.levels[0].value if rule.levels else "initial"),
        stage=(
            rule.stages[0].value
            if rule.stages
            else ("post_service" if rule.start[0] == "claim_submitted" else "pre_service")
        ),
        events={**events, **(extra_events or {})},
    )
    if rule.needs == "coverage_lost":
        kwargs["events"]["coverage_ended"] = (day(start) - timedelta(days=3)).isoformat()
    if rule.needs == "final_or_experimental":
        kwargs["level"] = "final_internal"
    if urgent:
        kwargs["requested_by"] = "physician"
        kwargs["requested_at"] = (start - timedelta(hours=1)).isoformat() if initial else None
    return make_case(**kwargs), start


def day(when):
    return when.date() if isinstance(when, datetime) else when


def _expected_due(rule: DeadlineRule, start):
    if rule.unit == "hours":
        return add_hours(start, rule.amount)
    begin = add_days(day(start), rule.presumed_receipt_days or 0)
    if rule.unit == "days":
        return add_days(begin, rule.amount)
    if rule.months_rule == "first_of_next":
        return add_months_or_first_of_next(begin, rule.amount)
    return add_months_clamped(begin, rule.amount)


RULES = deadline_rules()


@pytest.mark.parametrize(
    "rule", RULES, ids=[f"{r.name}-{r.plan_types[0].value}-{i}" for i, r in enumerate(RULES)]
)
def test_every_deadline_row_is_computed_from_its_start_event(rule):
    case, start = _case_for(rule)
    result = triage_case(case, as_of=day(start))
    matches = [d for d in result.deadlines if d.name == rule.name and d.citation == rule.citation]
    assert matches, f"{rule.name} ({rule.citation}) not computed; got {[d.name for d in result.deadlines]}"
    deadline = matches[0]
    expected = _expected_due(rule, start)
    if rule.roll == "next_business_day":
        assert deadline.due >= expected and (deadline.due - expected).days <= 4
    else:
        assert deadline.due == expected
    assert deadline.status is Status.upcoming
    assert deadline.counted_from.startswith(rule.start[0])
    assert rule.citation and rule.source


def test_receipt_is_preferred_and_the_notice_date_stands_in_as_the_safe_earlier_date():
    received = make_case(events={"denial_dated": "2026-03-02", "denial_received": "2026-03-09"})
    only_dated = make_case(events={"denial_dated": "2026-03-02"})
    a = {d.name: d for d in triage_case(received, as_of=date(2026, 3, 10)).deadlines}[
        "internal_appeal_file_by"
    ]
    b = {d.name: d for d in triage_case(only_dated, as_of=date(2026, 3, 10)).deadlines}[
        "internal_appeal_file_by"
    ]
    assert a.due == date(2026, 9, 5)  # 180 days from receipt
    assert b.due == date(2026, 8, 29)  # 180 days from the notice date: earlier, so safe
    assert any("earlier, therefore safe" in n for n in b.notes)


def test_medicaid_counts_from_the_notice_date_not_receipt():
    case = make_case(
        plan_type="medicaid_managed_care",
        events={"denial_dated": "2026-03-02", "denial_received": "2026-03-20"},
    )
    appeal = {d.name: d for d in triage_case(case, as_of=date(2026, 3, 21)).deadlines}["appeal_file_by"]
    assert appeal.due == date(2026, 5, 1)


def test_medicare_advantage_window_changed_in_2025():
    old = make_case(plan_type="medicare_advantage", events={"denial_dated": "2024-11-01"})
    new = make_case(plan_type="medicare_advantage", events={"denial_dated": "2025-11-01"})
    due_old = {d.name: d for d in triage_case(old, as_of=date(2024, 11, 2)).deadlines}[
        "reconsideration_file_by"
    ].due
    due_new = {d.name: d for d in triage_case(new, as_of=date(2025, 11, 2)).deadlines}[
        "reconsideration_file_by"
    ].due
    assert due_old == date(2024, 12, 31)  # 60 days from the notice
    assert due_new == date(2026, 1, 5)  # 65 days from the notice


def test_status_met_missed_and_passed_unconfirmed():
    base = {"denial_dated": "2026-01-01", "denial_received": "2026-01-05"}
    met = make_case(events={**base, "appeal_filed": "2026-06-01"})
    late = make_case(events={**base, "appeal_filed": "2026-08-01"})
    silent = make_case(events=base)
    as_of = date(2026, 9, 1)

    def status(case):
        return {d.name: d for d in triage_case(case, as_of=as_of).deadlines}["internal_appeal_file_by"].status

    assert status(met) is Status.met
    assert status(late) is Status.missed
    assert status(silent) is Status.passed_unconfirmed
    assert {d.name: d for d in triage_case(silent, as_of=date(2026, 2, 1)).deadlines}[
        "internal_appeal_file_by"
    ].status is Status.upcoming


def test_a_plan_decision_after_its_clock_flags_deemed_exhaustion():
    case = make_case(events={"request_received": "2026-03-02", "denial_dated": "2026-03-30"})
    result = triage_case(case, as_of=date(2026, 4, 1))
    decision = {d.name: d for d in result.deadlines}["plan_initial_decision_due"]
    assert decision.status is Status.missed and decision.deemed_exhaustion
    assert any("deemed exhausted" in a.text for a in result.actions)


def test_hour_clocks_keep_the_time_and_zone():
    case = make_case(
        plan_type="medicaid_managed_care",
        requested_by="physician",
        requested_at="2026-03-07T22:00:00-05:00",
        events={"request_received": "2026-03-07T22:15:00-05:00"},
    )
    decision = {d.name: d for d in triage_case(case, as_of=date(2026, 3, 8)).deadlines}[
        "plan_initial_decision_due"
    ]
    assert decision.due == datetime(2026, 3, 10, 22, 15, tzinfo=EST)


def test_hour_clock_from_a_bare_date_falls_back_to_days_and_says_so():
    case = make_case(
        plan_type="medicare_part_d", requested_by="physician", events={"request_received": "2026-03-02"}
    )
    decision = {d.name: d for d in triage_case(case, as_of=date(2026, 3, 2)).deadlines}[
        "plan_initial_decision_due"
    ]
    assert decision.due == date(2026, 3, 3)
    assert any("no time of day" in n for n in decision.notes)


def test_standard_clocks_run_until_someone_asks_for_expedited_review():
    case = make_case(risk=["suicidal_ideation"], events={"request_received": "2026-03-02"})
    result = triage_case(case, as_of=date(2026, 3, 3))
    assert result.expedited.expedited
    decision = {d.name: d for d in result.deadlines}["plan_initial_decision_due"]
    assert decision.due == date(2026, 3, 17)  # 15 days, the standard pre-service clock


def test_external_review_federal_process_rolls_to_a_business_day():
    # 4 months after 2026-03-04 is Saturday 2026-07-04 (Independence Day): next business day is Monday 07-06.
    case = make_case(funding="self_funded", level="final_internal", events={"denial_received": "2026-03-04"})
    ext = {d.name: d for d in triage_case(case, as_of=date(2026, 3, 5)).deadlines}[
        "external_review_request_by"
    ]
    assert ext.due == date(2026, 7, 6)


def test_external_review_is_not_offered_by_grandfathered_plans():
    case = make_case(
        grandfathered=True,
        funding="self_funded",
        level="final_internal",
        events={"denial_received": "2026-03-04"},
    )
    names = {d.name for d in triage_case(case, as_of=date(2026, 3, 5)).deadlines}
    assert "external_review_request_by" not in names


def test_continuation_of_benefits_uses_the_later_effective_date():
    case = make_case(
        plan_type="medicaid_managed_care",
        stage="concurrent",
        events={"denial_dated": "2026-03-02", "authorization_ends": "2026-03-20"},
    )
    cont = {d.name: d for d in triage_case(case, as_of=date(2026, 3, 3)).deadlines}[
        "continuation_of_benefits_request_by"
    ]
    assert cont.due == date(2026, 3, 20)


def test_unknown_plan_type_gets_the_earliest_possible_appeal_deadline():
    case = make_case(
        plan_type="unknown", events={"denial_dated": "2026-03-02", "denial_received": "2026-03-05"}
    )
    result = triage_case(case, as_of=date(2026, 3, 6))
    appeal = {d.name: d for d in result.deadlines}["appeal_file_by"]
    assert appeal.due == date(2026, 5, 1)  # Medicaid's 60 days from the notice is the shortest
    assert any("plan type" in q for q in result.to_find_out)


def test_a_notice_window_shorter_than_the_law_is_flagged():
    case = make_case(events={"denial_dated": "2026-03-02", "denial_received": "2026-03-05"})
    case.denial.stated_appeal_window = "60 days"  # type: ignore[union-attr, assignment]
    result = triage_case(case, as_of=date(2026, 3, 6))
    assert any("less time to appeal" in f for f in result.notice_flags)
    assert "notice_stated_appeal_by" in {d.name for d in result.deadlines}


def test_tricare_is_refused_plainly():
    result = triage_case(
        make_case(plan_type="tricare", events={"denial_dated": "2026-03-02"}), as_of=date(2026, 3, 3)
    )
    assert result.unsupported and "TRICARE" in result.unsupported
    assert result.deadlines == ()
