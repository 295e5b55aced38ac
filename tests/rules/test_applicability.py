"""Which law applies: every table row is reachable, and the exclusions the issue names hold."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhnotebook.models.vocab import Funding, PlanType
from mhnotebook.rules.applicability import LawRow, applicable_law, law_rows
from mhnotebook.rules.regulators import RegulatorRow, escalation, regulator_rows
from mhnotebook.rules.triage import triage_case
from tests.rules.builders import make_case

ON = date(2026, 11, 22)
ROWS = law_rows()


def _case_for_law_row(row: LawRow):
    kwargs = dict(
        plan_type=row.plan_types[0].value,
        funding=row.funding[0].value if row.funding else "fully_insured",
        state=row.states[0] if row.states else None,
        grandfathered=False,
        employer_size=(row.min_employer_size or 200)
        if row.max_employer_size is None
        else row.max_employer_size,
        retiree_only=row.retiree_only,
    )
    if row.needs == "sud":
        kwargs["diagnoses"] = ["F11.20"]
    if row.needs == "emergency":
        kwargs["level_of_care"] = "emergency"
    if row.needs == "coverage_lost":
        kwargs["events"] = {"coverage_ended": "2026-06-30"}
    return make_case(**kwargs)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.law}-{i}" for i, r in enumerate(ROWS)])
def test_every_applicability_row_decides_for_a_case_it_describes(row):
    case = _case_for_law_row(row)
    verdicts = {v.law: v for v in applicable_law(case, ON, coverage_lost=row.needs == "coverage_lost")}
    assert row.law in verdicts
    verdict = verdicts[row.law]
    assert verdict.applies == ("yes" if row.applies else "no"), verdict
    assert verdict.citation == row.citation


plan_types = st.sampled_from([p.value for p in PlanType])
fundings = st.sampled_from([f.value for f in Funding])
states = st.sampled_from([None, "CA", "IL", "GA", "CO", "TX", "NY"])


def _triaged(
    plan_type, funding, state, size=None, text="Not medically necessary. The visit limit was reached."
):
    case = make_case(
        plan_type=plan_type,
        funding=funding,
        state=state,
        employer_size=size,
        text=text,
        events={"denial_dated": "2026-10-01", "denial_received": "2026-10-05"},
    )
    return triage_case(case, as_of=ON)


@given(st.sampled_from(["medicare_advantage", "medicare_original", "medicare_part_d"]), fundings, states)
def test_no_medicare_case_cites_mhpaea(plan_type, funding, state):
    result = _triaged(plan_type, funding, state)
    data = result.as_dict()
    assert all(law["law"] != "mhpaea" for law in data["applicable_law"])
    assert data["parity_flags"] == []
    assert "parity_disclosure_request" not in data["letters"]
    cited = " ".join(d["citation"] for d in data["deadlines"]) + " ".join(
        a["citation"] for a in data["actions"]
    )
    assert "2590.712" not in cited


@given(st.sampled_from(["erisa_group"]), states, st.integers(min_value=1, max_value=10_000))
def test_no_self_funded_erisa_case_cites_state_insurance_law(plan_type, state, size):
    result = _triaged(plan_type, "self_funded", state, size)
    data = result.as_dict()
    state_laws = {"state_insurance_law", "state_criteria_law"}
    assert not state_laws & {law["law"] for law in data["applicable_law"]}
    assert data["regulator"]["primary"] == "ebsa"
    assert "state_doi" not in data["regulator"]["secondary"]
    assert "dmhc_imr_apply_by" not in {d["name"] for d in data["deadlines"]}
    assert all("Health & Safety Code" not in law["citation"] for law in data["applicable_law"])


@pytest.mark.parametrize(
    ("size", "retiree", "expected"),
    [(50, None, "no"), (51, None, "yes"), (None, None, "unknown"), (500, True, "no")],
)
def test_mhpaea_exempts_small_and_retiree_only_plans(size, retiree, expected):
    case = make_case(funding="self_funded", employer_size=size, retiree_only=retiree)
    verdict = {v.law: v for v in applicable_law(case, ON)}["mhpaea"]
    assert verdict.applies == expected
    if expected == "unknown":
        assert "50 employees" in (verdict.question or "")


def test_unknown_funding_asks_the_self_funded_question():
    case = make_case(funding="unknown", state="CA")
    verdicts = {v.law: v for v in applicable_law(case, ON)}
    assert verdicts["state_insurance_law"].applies == "unknown"
    assert "self-funded" in (verdicts["state_insurance_law"].question or "")


REG_ROWS = regulator_rows()


@pytest.mark.parametrize("row", REG_ROWS, ids=[f"{r.primary}-{i}" for i, r in enumerate(REG_ROWS)])
def test_every_regulator_row_is_reachable(row: RegulatorRow):
    case = make_case(
        plan_type=row.plan_types[0].value,
        funding=row.funding[0].value if row.funding else "self_funded",
        state=row.states[0] if row.states else "TX",
    )
    result = escalation(case, "B")
    assert (result.primary, result.name) == (row.primary, row.name)


def test_a_coding_error_goes_to_a_corrected_claim_before_any_regulator():
    case = make_case(funding="self_funded")
    result = escalation(case, "E")
    assert result.primary == "none" and "ebsa" in result.secondary


def test_california_insured_plans_name_dmhc():
    result = escalation(make_case(funding="fully_insured", state="CA"), "B")
    assert result.primary == "state_doi" and "DMHC" in result.name
