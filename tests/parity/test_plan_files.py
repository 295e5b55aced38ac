"""Reading plan files (YAML, CSV, benefits summary) and the errors for bad input."""

from __future__ import annotations

import textwrap
from fractions import Fraction as F

import pytest

from mhnotebook.errors import ParityInputError
from mhnotebook.paths import samples_dir
from mhnotebook.rules.parity.classifications import classifications_for
from mhnotebook.rules.parity.plan_file import load_benefits_summary, load_plan_file, plan_from_data
from mhnotebook.rules.parity.qtl import evaluate_plan

GOOD = {
    "classification": "outpatient_in_network",
    "requirement_type": "copayment",
    "medical_surgical": [{"level": 0, "projected_payments": 200}, {"level": 20, "projected_payments": 800}],
    "mh_sud_level": 20,
}


def problems_of(data, **kw) -> list[str]:
    with pytest.raises(ParityInputError) as info:
        plan_from_data(data, "plan.yaml", **kw)
    return info.value.problems


def test_the_sample_plan_loads_and_evaluates():
    plan = load_plan_file(samples_dir() / "parity" / "plan-example.yaml")
    assert plan.synthetic and plan.plan_type == "group" and len(plan.comparisons) == 7
    verdict = evaluate_plan(plan.comparisons)
    by_label = {r.comparison.label: r for r in verdict.results}
    assert by_label["Office-visit copays (the regulation's Example 2 numbers)"].predominant_level == 15
    assert not by_label["Separate MH/SUD deductible (individual coverage)"].mh_sud_permitted


def test_the_csv_sample_gives_the_same_answers_as_the_yaml_examples():
    plan = load_plan_file(samples_dir() / "parity" / "plan-example.csv")
    results = {r.comparison.label: r for r in evaluate_plan(plan.comparisons).results}
    assert results["SYNTHETIC office copay"].predominant_level == 15
    assert results["SYNTHETIC inpatient coinsurance"].predominant_level == 15
    assert not results["SYNTHETIC inpatient coinsurance"].mh_sud_permitted


def test_a_single_comparison_file_is_marked_single(tmp_path):
    assert plan_from_data(GOOD).single
    assert not plan_from_data([GOOD]).single


def test_negative_and_missing_payments_name_the_comparison_and_field():
    bad = GOOD | {"medical_surgical": [{"level": 0, "projected_payments": -5}, {"level": 20}]}
    found = problems_of([bad])
    assert any(
        "comparison 1 (outpatient_in_network / copayment)" in p
        and "medical_surgical.0" in p
        and "zero or more" in p
        for p in found
    )
    assert any("medical_surgical.1.projected_payments: missing" in p for p in found)


def test_unknown_classification_and_type_are_named():
    found = problems_of([GOOD | {"classification": "outpatient"}, GOOD | {"requirement_type": "copay"}])
    assert any("comparison 1" in p and "classification: unknown 'outpatient'" in p for p in found)
    assert any("comparison 2" in p and "requirement_type: unknown 'copay'" in p for p in found)


def test_a_level_in_the_wrong_unit_is_refused():
    found = problems_of([GOOD | {"requirement_type": "coinsurance", "mh_sud_level": "$20"}])
    assert any("mh_sud_level" in p and "percent" in p for p in found)
    found = problems_of([GOOD | {"requirement_type": "visit_limit", "mh_sud_level": "20%"}])
    assert any("mh_sud_level" in p and "visits" in p for p in found)
    found = problems_of([GOOD | {"unit": "percent"}])
    assert any("unit: a copayment is stated in dollars" in p for p in found)


def test_a_zero_visit_limit_is_refused_with_a_hint():
    found = problems_of([GOOD | {"requirement_type": "visit_limit", "mh_sud_level": 0}])
    assert any("write null for no limit" in p for p in found)


def test_sub_classifications_other_than_office_visits_are_refused():
    found = problems_of([GOOD | {"sub_classification": "specialist"}])
    assert any("sub_classification: 'specialist' is not permitted" in p for p in found)
    found = problems_of([GOOD | {"classification": "emergency_care", "sub_classification": "office_visits"}])
    assert any("only outpatient classifications" in p for p in found)


def test_network_and_drug_tiers_only_where_the_rules_allow_them():
    found = problems_of([GOOD | {"classification": "outpatient_out_of_network", "network_tier": "t1"}])
    assert any("network_tier" in p for p in found)
    found = problems_of([GOOD | {"drug_tier": "generic"}])
    assert any("drug_tier" in p for p in found)


def test_separate_accumulation_only_for_cumulative_types():
    found = problems_of([GOOD | {"mh_sud_accumulates_separately": True}])
    assert any("only deductibles and out-of-pocket maximums" in p for p in found)


def test_the_same_comparison_twice_is_refused():
    assert any("the same classification and type" in p for p in problems_of([GOOD, GOOD]))


def test_medicaid_managed_care_and_chip_use_four_classifications():
    for plan_type in ("medicaid_managed_care", "chip"):
        names = [r.classification for r in classifications_for(plan_type)]
        assert names == ["inpatient", "outpatient", "emergency_care", "prescription_drugs"]
        plan = plan_from_data(
            {"plan_type": plan_type, "comparisons": [GOOD | {"classification": "outpatient"}]}
        )
        assert plan.comparisons[0].classification == "outpatient"
        found = problems_of({"plan_type": plan_type, "comparisons": [GOOD]})
        assert any("unknown 'outpatient_in_network' for plan type" in p for p in found)
        found = problems_of(
            {
                "plan_type": plan_type,
                "comparisons": [
                    GOOD | {"classification": "outpatient", "sub_classification": "office_visits"}
                ],
            }
        )
        assert any("none for this plan type" in p for p in found)


def test_group_and_individual_plans_use_six_classifications():
    for plan_type in ("group", "individual"):
        assert len(classifications_for(plan_type)) == 6


def test_medicare_is_refused_as_outside_mhpaea():
    found = problems_of({"plan_type": "medicare_advantage", "comparisons": [GOOD]})
    assert any("Medicare is outside MHPAEA" in p for p in found)


def test_every_problem_is_reported_at_once():
    found = problems_of(
        [GOOD | {"classification": "x"}, GOOD | {"requirement_type": "y"}, GOOD | {"mh_sud_level": "ten"}]
    )
    assert len(found) >= 3


def test_csv_with_conflicting_mh_sud_levels_is_refused(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(
        textwrap.dedent("""\
        classification,requirement_type,level,projected_payments,mh_sud_level
        outpatient_in_network,copayment,10,1,10
        outpatient_in_network,copayment,20,1,20
    """)
    )
    with pytest.raises(ParityInputError, match="differs"):
        load_plan_file(path)


def test_csv_missing_columns_is_refused(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("classification,level\noutpatient_in_network,10\n")
    with pytest.raises(ParityInputError, match="projected_payments"):
        load_plan_file(path)


def test_a_missing_file_and_bad_yaml_are_clear(tmp_path):
    with pytest.raises(ParityInputError, match="file not found"):
        load_plan_file(tmp_path / "nope.yaml")
    (tmp_path / "bad.yaml").write_text("comparisons: [\n")
    with pytest.raises(ParityInputError, match="not valid YAML"):
        load_plan_file(tmp_path / "bad.yaml")


def test_decimal_payments_stay_exact():
    plan = plan_from_data(
        GOOD
        | {
            "medical_surgical": [
                {"level": 10, "projected_payments": 0.1},
                {"level": 0, "projected_payments": "0.2"},
            ]
        }
    )
    assert plan.comparisons[0].rows == ((F(10), F(1, 10)), (F(0), F(1, 5)))


def test_the_benefits_summary_sample_loads_and_shares_add_to_one():
    summary, comparisons = load_benefits_summary(samples_dir() / "parity" / "benefits-summary.yaml")
    assert summary.plan_type == "individual" and len(comparisons) == 2
    assert all(sum(p for _, p in c.rows) == 1 for c in comparisons)


def test_summary_shares_that_do_not_add_up_are_refused(tmp_path):
    from mhnotebook.rules.parity.plan_file import summary_from_data

    data = {
        "kind": "benefits_summary",
        "comparisons": [
            {
                "classification": "outpatient_in_network",
                "requirement_type": "copayment",
                "medical_surgical": [{"level": 10, "share": "1/2"}, {"level": 20, "share": "1/3"}],
                "mh_sud_level": 10,
            }
        ],
    }
    with pytest.raises(ParityInputError, match="add up to 5/6, not 1"):
        summary_from_data(data)
