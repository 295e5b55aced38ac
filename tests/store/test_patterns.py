"""Denial patterns: counts by insurer, path, service and reviewer, and the de-identified summary a complaint prints."""

from __future__ import annotations

import pytest

from mhnotebook.errors import CaseNotFound
from mhnotebook.rendering.letters import draft_letter
from mhnotebook.rules.paths import path
from mhnotebook.store import CaseStore
from mhnotebook.store.patterns import DIMENSIONS, denial_patterns, pattern_summary, summary_lines
from tests.conftest import TODAY
from tests.store.case_factory import bare_case, php_denial, reviewer_call

PLAN = "Chesapeake Example Federal Employee Benefit Plan"


@pytest.fixture
def store(store_url: str) -> CaseStore:
    s = CaseStore(store_url, today=TODAY)
    s.add_case(php_denial("now", "Pat Current", denied="2026-11-16"))
    s.add_case(php_denial("june", "Jordan Earlier", denied="2026-06-09"))
    s.add_case(php_denial("sept", "Riley Earlier", denied="2026-09-22"))
    s.add_case(php_denial("elsewhere", "Sam Elsewhere", denied="2026-08-01", insurer="Other Example Plan"))
    s.add_case(bare_case("Nobody Denied", insurer="Other Example Plan"), key="bare")
    s.set_status("june", "won")
    s.set_status("sept", "lost")
    yield s
    s.close()


def test_each_dimension_counts_cases_open_won_and_lost(store):
    patterns = denial_patterns(store)
    insurers = patterns.insurer.set_index("insurer")
    assert insurers.loc[PLAN].to_dict() == {"cases": 3, "open": 1, "won": 1, "lost": 1}
    assert insurers.loc["Other Example Plan"].to_dict() == {"cases": 2, "open": 2, "won": 0, "lost": 0}
    assert list(patterns.insurer["insurer"]) == [PLAN, "Other Example Plan"]  # largest first
    level_of_care = path("F")
    paths = patterns.path.set_index("path")
    assert paths.loc[f"F: {level_of_care.label}", "cases"] == 4
    services = patterns.service.set_index("service")
    assert services.loc["Partial hospitalization (PHP)", "cases"] == 4
    assert services.loc["outpatient psychotherapy", "cases"] == 1  # no level of care: the service
    for dimension in DIMENSIONS:
        frame = patterns.by(dimension)
        assert list(frame.columns) == [dimension, "cases", "open", "won", "lost"]
        assert frame["cases"].sum() >= frame[["open", "won", "lost"]].sum().sum()
    with pytest.raises(ValueError, match="dimension must be one of"):
        patterns.by("patient")


def test_reviewers_come_from_the_denial_and_from_peer_to_peer_calls_only(store):
    store.log_event("june", reviewer_call("2026-06-10", "Jesse Reviewwell"))
    store.log_event("sept", reviewer_call("2026-09-23", "Jesse Reviewwell"))
    store.log_event(
        "sept", reviewer_call("2026-09-24", "Avery Callwell", role="plan_representative", kind="phone_call")
    )
    store.log_event(
        "elsewhere", reviewer_call("2026-08-02", "Casey Other", role="plan_reviewer", kind="phone_call")
    )
    reviewers = denial_patterns(store).reviewer.set_index("reviewer")
    assert reviewers.loc["Jesse Reviewwell"].to_dict() == {"cases": 2, "open": 0, "won": 1, "lost": 1}
    assert "Avery Callwell" not in reviewers.index  # a representative is not a reviewer
    assert "Casey Other" not in reviewers.index  # named on a phone call, not a peer-to-peer
    # The denial letter's own reviewer counts too (the 'now' copy keeps none; add one that has).
    case = store.case("now").model_copy(deep=True)
    case.denial.reviewer = {"name": "Jesse Reviewwell"}
    store.update_case("now", type(case).model_validate(case.model_dump()))
    assert denial_patterns(store).reviewer.set_index("reviewer").loc["Jesse Reviewwell", "cases"] == 3


def test_the_summary_counts_the_insurers_other_cases_sharing_path_level_and_reviewer(store):
    store.log_event("june", reviewer_call("2026-06-10", "Jesse Reviewwell"))
    store.log_event("now", reviewer_call("2026-11-17", "Jesse Reviewwell"))
    found = pattern_summary(store, "now")
    assert [e["text"] for e in found] == [
        f"2 other denials by {PLAN} on the same ground (F: {path('F').label}) and of partial "
        "hospitalization (PHP) care, dated 2026-06-09 to 2026-09-22; 1 overturned on appeal and 1 upheld",
        f"1 other denial by {PLAN} with the same reviewer (Jesse Reviewwell), dated 2026-06-09; "
        "1 overturned on appeal",
    ]
    assert [e["citation"] for e in found] == ["", ""]  # the log's facts; no plan-type rule pinned on them
    text = " ".join(e["text"] for e in found)
    for name in ("Jordan Earlier", "Riley Earlier", "Sam Elsewhere", "PHP step-down"):
        assert name not in text  # counts and dates, never other patients' names or labels


def test_a_pattern_needs_min_cases_and_a_lone_case_has_none(store):
    assert len(pattern_summary(store, "now", min_cases=3)) == 1
    assert pattern_summary(store, "now", min_cases=4) == []
    assert pattern_summary(store, "elsewhere") == []  # its insurer's other case shares nothing
    with pytest.raises(CaseNotFound):
        pattern_summary(store, "missing")


def test_the_regulator_complaint_prints_the_summary(store):
    found = pattern_summary(store, "now")
    letter = draft_letter("regulator_complaint", store.case("now"), today=TODAY, patterns=found)
    assert "A pattern, not one case" in letter.markdown
    lines = summary_lines(found)
    assert lines[0].endswith("1 upheld")
    for line in lines:
        assert f"- {line}\n" in letter.markdown
