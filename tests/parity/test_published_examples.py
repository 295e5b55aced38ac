"""The regulation's own worked examples (29 CFR 2590.712(c)(3)(iv) Examples 1 and 2, as in parity.md)."""

from __future__ import annotations

from fractions import Fraction as F

from mhnotebook.rules.parity.qtl import evaluate_comparison

from .helpers import comparison

EXAMPLE_1 = [(0, 200), (10, 100), (15, 450), (20, 100), (30, 150)]
EXAMPLE_2 = [(0, 200), (10, 200), (15, 200), (20, 300), (50, 100)]


def test_example_1_coinsurance_15_percent_is_predominant_on_its_own():
    result = evaluate_comparison(
        comparison("coinsurance", EXAMPLE_1, mh=15, classification="inpatient_out_of_network")
    )
    assert result.fraction_subject == F(4, 5)  # 800 / 1,000 = 80%
    assert result.substantially_all
    assert result.shares == {F(30): F(3, 16), F(20): F(1, 8), F(15): F(9, 16), F(10): F(1, 8)}
    # parity.md states the shares as 12.5%, 56.25%, 12.5%, 18.75%
    assert [result.shares[F(x)] * 100 for x in (10, 15, 20, 30)] == [F(25, 2), F(225, 4), F(25, 2), F(75, 4)]
    assert result.predominant_level == 15
    assert result.predominant is not None and result.predominant.combined is None
    assert result.mh_sud_permitted


def test_example_1_mh_sud_coinsurance_above_15_percent_is_not_permitted():
    result = evaluate_comparison(
        comparison("coinsurance", EXAMPLE_1, mh=20, classification="inpatient_out_of_network")
    )
    assert not result.mh_sud_permitted
    assert "more restrictive, not permitted" in result.explanation[-1]


def test_example_2_copay_combines_50_20_15_and_15_dollars_is_predominant():
    result = evaluate_comparison(comparison("copayment", EXAMPLE_2, mh=15))
    assert result.fraction_subject == F(4, 5)
    assert result.shares == {F(50): F(1, 8), F(20): F(3, 8), F(15): F(1, 4), F(10): F(1, 4)}
    assert result.predominant_level == 15
    assert result.predominant is not None and result.predominant.combined == (50, 20, 15)
    assert result.mh_sud_permitted
    walk = result.explanation[3]
    assert "+ $50 = 1/8; + $20 = 1/2; + $15 = 3/4" in walk  # exactly one-half is not enough


def test_example_2_mh_sud_copay_of_20_dollars_is_not_permitted():
    assert not evaluate_comparison(comparison("copayment", EXAMPLE_2, mh=20)).mh_sud_permitted
