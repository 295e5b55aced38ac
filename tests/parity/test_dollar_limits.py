"""Aggregate lifetime and annual dollar limits (29 CFR 2590.712(b)): the three cases."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from mhnotebook.rules.parity.dollar_limits import DollarLimitComparison, evaluate_dollar_limit


def limit(categories, mh, **extra) -> DollarLimitComparison:
    return DollarLimitComparison(
        limit_kind="annual",
        categories=tuple((None if lim is None else F(lim), F(p)) for lim, p in categories),
        mh_sud_limit=None if mh is None else F(mh),
        **extra,
    )


def test_under_one_third_limited_means_no_mh_sud_limit_at_all():
    result = evaluate_dollar_limit(limit([(10000, 1), (None, 9)], mh=50000))
    assert result.case == "none" and result.fraction_subject == F(1, 10)
    assert not result.mh_sud_permitted
    assert evaluate_dollar_limit(limit([(10000, 1), (None, 9)], mh=None)).mh_sud_permitted


def test_exactly_one_third_is_not_under_one_third():
    result = evaluate_dollar_limit(limit([(10000, 1), (None, 2)], mh=None, unlimited_upper_estimate=F(40000)))
    assert result.case == "weighted"


def test_two_thirds_under_one_limit_needs_an_mh_sud_limit_no_lower():
    rows = [(1000000, 2), (None, 1)]
    assert evaluate_dollar_limit(limit(rows, mh=1000000)).mh_sud_permitted
    assert not evaluate_dollar_limit(limit(rows, mh=500000)).mh_sud_permitted
    joint = evaluate_dollar_limit(limit(rows, mh=500000, applied_jointly=True))
    assert joint.case == "single" and joint.mh_sud_permitted


def test_in_between_uses_the_payment_weighted_average_with_an_estimate_for_the_unlimited_rest():
    # half limited at $100,000, half unlimited with an estimated upper limit of $300,000 -> $200,000
    rows = [(100000, 1), (None, 1)]
    result = evaluate_dollar_limit(limit(rows, mh=199999, unlimited_upper_estimate=F(300000)))
    assert result.minimum_mh_sud_limit == 200000 and not result.mh_sud_permitted
    assert evaluate_dollar_limit(limit(rows, mh=200000, unlimited_upper_estimate=F(300000))).mh_sud_permitted


def test_several_category_limits_over_two_thirds_also_use_the_weighted_average():
    result = evaluate_dollar_limit(limit([(100000, 1), (400000, 3)], mh=325000))
    assert result.case == "weighted" and result.minimum_mh_sud_limit == 325000 and result.mh_sud_permitted


def test_the_weighted_average_without_an_estimate_is_refused():
    with pytest.raises(ValueError, match="unlimited_upper_estimate"):
        evaluate_dollar_limit(limit([(100000, 1), (None, 1)], mh=None))


def test_every_result_notes_the_separate_aca_ban():
    result = evaluate_dollar_limit(limit([(10000, 1), (None, 9)], mh=None))
    assert "300gg-11" in result.explanation[-1]
    assert result.as_json()["case"] == "none"
