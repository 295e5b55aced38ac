"""Edge cases read from the rule text: the exact boundaries, zero levels, unlimited limits, direction."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from mhnotebook.rules.parity.qtl import evaluate_comparison, evaluate_plan, subject_fraction
from mhnotebook.rules.parity.thresholds import threshold

from .helpers import comparison


def test_exactly_two_thirds_subject_meets_substantially_all():
    result = evaluate_comparison(comparison("copayment", [(0, 1), (20, 2)], mh=20))
    assert result.fraction_subject == F(2, 3)
    assert result.substantially_all and result.mh_sud_permitted


def test_just_below_two_thirds_fails_and_the_type_may_not_apply_to_mh_sud_at_all():
    # 1999999 / 3000000 is below 2/3 by one part in three million; a float comparison could blur this.
    result = evaluate_comparison(comparison("copayment", [(0, 1000001), (20, 1999999)], mh=5))
    assert result.fraction_subject < F(2, 3)
    assert not result.substantially_all
    assert result.predominant_level is None and result.shares == {}
    assert not result.mh_sud_permitted
    assert "may not be applied to MH/SUD" in result.explanation[-1]


def test_failing_substantially_all_still_permits_no_mh_sud_requirement():
    result = evaluate_comparison(comparison("copayment", [(0, 2), (20, 1)], mh=0))
    assert not result.substantially_all and result.mh_sud_permitted


def test_a_level_at_exactly_one_half_is_not_predominant_on_its_own():
    result = evaluate_comparison(comparison("copayment", [(10, 1), (20, 1)], mh=10))
    assert result.shares == {F(20): F(1, 2), F(10): F(1, 2)}
    # $20 alone is exactly 1/2 (not enough); combining $20 + $10 passes; the least restrictive is $10.
    assert result.predominant is not None and result.predominant.combined == (20, 10)
    assert result.predominant_level == 10
    assert not evaluate_comparison(comparison("copayment", [(10, 1), (20, 1)], mh=20)).mh_sud_permitted


def test_just_over_one_half_is_predominant_alone():
    result = evaluate_comparison(comparison("copayment", [(10, 500001), (20, 499999)], mh=10))
    assert result.predominant_level == 10 and result.predominant is not None
    assert result.predominant.combined is None


def test_zero_levels_count_as_not_subject():
    subject, total, fraction = subject_fraction(((F(0), F(5)), (None, F(5)), (F(10), F(10))))
    assert (subject, total, fraction) == (10, 20, F(1, 2))


def test_unlimited_visits_count_as_not_subject_so_a_rare_visit_limit_fails():
    result = evaluate_comparison(comparison("visit_limit", [(None, 700), (30, 200), (60, 100)], mh=20))
    assert result.fraction_subject == F(3, 10)
    assert not result.substantially_all and not result.mh_sud_permitted


def test_a_lower_visit_limit_is_more_restrictive():
    rows = [(20, 300), (30, 500), (None, 200)]
    assert evaluate_comparison(comparison("visit_limit", rows, mh=30)).predominant_level == 30
    assert not evaluate_comparison(comparison("visit_limit", rows, mh=20)).mh_sud_permitted
    assert evaluate_comparison(comparison("visit_limit", rows, mh=40)).mh_sud_permitted
    assert evaluate_comparison(comparison("visit_limit", rows, mh=None)).mh_sud_permitted


def test_day_limits_combine_from_the_lowest_limit_first():
    result = evaluate_comparison(
        comparison("day_limit", [(10, 3), (20, 3), (30, 4)], mh=20, classification="inpatient_in_network")
    )
    # shares 10d 3/10, 20d 3/10, 30d 2/5: 10d + 20d = 3/5 > 1/2, least restrictive of those is 20 days
    assert result.predominant is not None and result.predominant.combined == (10, 20)
    assert result.predominant_level == 20 and result.mh_sud_permitted


@pytest.mark.parametrize("rtype", ["deductible", "out_of_pocket_maximum"])
@pytest.mark.parametrize("mh", [250, 500])
def test_a_separate_mh_sud_deductible_or_maximum_is_not_permitted_even_when_equal_or_lower(rtype, mh):
    rows = [(500, 900), (0, 100)]
    separate = evaluate_comparison(comparison(rtype, rows, mh=mh, mh_sud_accumulates_separately=True))
    assert not separate.mh_sud_permitted
    assert "2590.712(c)(3)(v)" in separate.explanation[-1]
    shared = evaluate_comparison(comparison(rtype, rows, mh=mh))
    assert shared.mh_sud_permitted


def test_coverage_units_are_tested_as_their_own_types():
    individual = evaluate_comparison(comparison("deductible", [(500, 1)], mh=500, coverage_unit="individual"))
    family = evaluate_comparison(comparison("deductible", [(1000, 1)], mh=500, coverage_unit="family"))
    assert individual.predominant_level == 500 and family.predominant_level == 1000
    assert individual.as_json()["requirement_type"] == "deductible (individual)"
    assert any("Example 3" in step or "coverage unit" in step.lower() for step in family.explanation)


def test_drug_tiers_run_the_tests_within_the_tier_and_say_what_was_assumed():
    tier = comparison(
        "copayment", [(10, 300)], mh=10, classification="prescription_drugs", drug_tier="generic"
    )
    result = evaluate_comparison(tier)
    assert result.predominant_level == 10 and result.mh_sud_permitted
    assert "(c)(3)(iii)(A)" in result.citation
    assert any("not stated" in step for step in result.explanation)
    brand = comparison(
        "copayment",
        [(40, 300)],
        mh=60,
        classification="prescription_drugs",
        drug_tier="brand",
        tiers_set_on_reasonable_factors=False,
    )
    result = evaluate_comparison(brand)
    assert not result.mh_sud_permitted
    assert any("NOT rest on reasonable factors" in step for step in result.explanation)


def test_network_tier_explanation_cites_the_tier_rule():
    result = evaluate_comparison(comparison("copayment", [(20, 1)], mh=20, network_tier="tier_1"))
    assert "(c)(3)(iii)(B)" in result.citation


def test_no_payments_at_all_is_an_error_not_a_division_by_zero():
    with pytest.raises(ValueError, match="add up to zero"):
        evaluate_comparison(comparison("copayment", [(10, 0)], mh=10))


def test_thresholds_refuse_floats():
    with pytest.raises(TypeError):
        threshold("substantially_all").met_by(0.6666666666666667)  # type: ignore[arg-type]


def test_plan_verdict_counts_the_comparisons_not_permitted():
    verdict = evaluate_plan(
        [
            comparison("copayment", [(10, 1)], mh=10),
            comparison("copayment", [(10, 1)], mh=20),
        ]
    )
    assert not verdict.all_permitted and len(verdict.not_permitted) == 1
    assert verdict.as_json()["overall"]["not_permitted"] == 1
