"""Every row of the parity rule tables loads, cites its source, and is used by the engine."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from mhnotebook.rules.parity.classifications import (
    ClassificationRow,
    PlanFamilyRow,
    SubClassificationRow,
    classifications_for,
    plan_families,
)
from mhnotebook.rules.parity.plan_file import plan_from_data
from mhnotebook.rules.parity.qtl import evaluate_comparison
from mhnotebook.rules.parity.requirement_types import requirement_types
from mhnotebook.rules.parity.statements import QtlRuleRow
from mhnotebook.rules.parity.thresholds import ThresholdRow, threshold
from mhnotebook.rules.rule_table import load_table

TABLES = {
    "parity_classifications": ClassificationRow,
    "parity_sub_classifications": SubClassificationRow,
    "parity_plan_families": PlanFamilyRow,
    "parity_thresholds": ThresholdRow,
    "parity_qtl_rules": QtlRuleRow,
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_row_cites_a_regulation_and_a_domain_file(name):
    for row in load_table(name, TABLES[name]):
        assert row.citation and row.source.startswith("parity.md")


def test_every_plan_family_row_accepts_a_comparison_in_each_of_its_classifications():
    for family in plan_families():
        for row in classifications_for(family.plan_type):
            raw = {
                "classification": row.classification,
                "requirement_type": "copayment",
                "medical_surgical": [{"level": 10, "projected_payments": 1}],
                "mh_sud_level": 10,
            }
            plan = plan_from_data({"plan_type": family.plan_type, "comparisons": [raw]})
            assert plan.comparisons[0].classification == row.classification


@pytest.mark.parametrize("row", requirement_types(), ids=lambda r: r.requirement_type)
def test_every_requirement_type_row_drives_direction_and_units(row):
    from mhnotebook.rules.parity.qtl import Comparison

    rows = ((F(10), F(1)), (F(20), F(1)), (F(30), F(2)))
    result = evaluate_comparison(
        Comparison(requirement=row, classification="inpatient_in_network", rows=rows)
    )
    # 30 covers exactly 1/2 alone (not enough); the direction decides where combining starts:
    # higher-is-stricter: 30 (1/2) + 20 -> 3/4, level 20; lower-is-stricter: 10 + 20 (1/2) + 30 -> level 30.
    expected = 20 if row.more_restrictive == "higher" else 30
    first = 30 if row.more_restrictive == "higher" else 10
    assert result.predominant is not None and result.predominant.combined is not None
    assert result.predominant.combined[0] == first and result.predominant_level == expected
    assert row.unit in {"dollars", "percent", "visits", "days", "episodes"}
    assert row.citation.startswith("29 CFR 2590.712")


@pytest.mark.parametrize(
    ("test", "value", "met"),
    [
        ("substantially_all", F(2, 3), True),
        ("substantially_all", F(2, 3) - F(1, 10**9), False),
        ("predominant", F(1, 2), False),
        ("predominant", F(1, 2) + F(1, 10**9), True),
        ("dollar_limit_low", F(1, 3), False),
        ("dollar_limit_low", F(1, 3) - F(1, 10**9), True),
        ("dollar_limit_high", F(2, 3), True),
        ("dollar_limit_high", F(2, 3) - F(1, 10**9), False),
    ],
)
def test_every_threshold_row_puts_its_boundary_on_the_right_side(test, value, met):
    assert threshold(test).met_by(value) is met
