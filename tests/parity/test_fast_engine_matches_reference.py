"""The fast QTL engine gives exactly the answers of a plain Fraction implementation of the same rule.

The engine adds payments as integers over a common denominator, tests thresholds by
cross-multiplication, validates a plan's comparisons in one call and caches parsed levels. None of
that may change a number, a word of an explanation or a citation: generated plans (every type,
zero and unlimited levels, fractional and decimal payments, exact one-half and two-thirds
boundaries, tiers, units, separate accumulation) are run through both and compared field by field.
"""

from __future__ import annotations

import gc
import random
from fractions import Fraction
from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mhnotebook.errors import ParityInputError
from mhnotebook.rules.gc_pause import cycle_collector_paused
from mhnotebook.rules.parity.levels import LevelError, number_text, parse_level, percent_text
from mhnotebook.rules.parity.plan_file import plan_from_data
from mhnotebook.rules.parity.qtl import Comparison, evaluate_plan
from mhnotebook.rules.parity.requirement_types import requirement_type
from mhnotebook.rules.parity.thresholds import threshold

from .reference_qtl import number_text as reference_number_text
from .reference_qtl import percent_text as reference_percent_text
from .reference_qtl import reference_result

CLASSES = [
    "inpatient_in_network",
    "inpatient_out_of_network",
    "outpatient_in_network",
    "outpatient_out_of_network",
    "emergency_care",
    "prescription_drugs",
]
FINANCIAL = {"copayment": 75, "coinsurance": 100, "deductible": 3000, "out_of_pocket_maximum": 9000}
LIMITS = ["visit_limit", "day_limit", "episode_limit"]
PAYMENTS: list[Any] = [0, 1, 2, 3, 7, 100, 250, 999, "1/3", "2/7", 0.1, 12.5, "1,000"]


def exact(raw: Any) -> Fraction | None:
    """The reference's own reading of a level or payment: plain decimal or n/d text, '$' and ',' dropped."""
    if raw is None:
        return None
    return Fraction(str(raw).replace(",", "").removeprefix("$").removesuffix("%").strip())


def random_entry(rnd: random.Random, index: int) -> dict[str, Any]:
    """One valid comparison as a plan file would hold it."""
    rtype = rnd.choice([*FINANCIAL, *LIMITS])
    if rtype in FINANCIAL:
        top = FINANCIAL[rtype]
        pool: list[Any] = [0, 0, 1, top // 5, top // 3, top // 2, top, "12.5", 7.5, "1/3"]
        if rtype == "copayment":
            pool += ["$20", "$1,000"]
        if rtype == "coinsurance":
            pool += ["15%", 33.3]
    else:
        pool = [None, None, 1, 2, 10, 20, 30, 60, "45 visits" if rtype == "visit_limit" else 45]
    levels = [rnd.choice(pool) for _ in range(rnd.randint(1, 8))]
    payments = [rnd.choice(PAYMENTS) for _ in levels]
    if all(exact(p) == 0 for p in payments):
        payments[0] = 5
    if rnd.random() < 0.2 and len(levels) >= 2:  # aim at the exact boundaries
        payments = [1] * len(levels)
    entry: dict[str, Any] = {
        "classification": CLASSES[index % 6],
        "requirement_type": rtype,
        "coverage_unit": f"unit {index}",
        "medical_surgical": [
            {"level": lv, "projected_payments": p} for lv, p in zip(levels, payments, strict=True)
        ],
        "mh_sud_level": rnd.choice([*pool, None]),
    }
    if entry["classification"] == "prescription_drugs" and rnd.random() < 0.5:
        entry |= {"drug_tier": "generic", "tiers_set_on_reasonable_factors": rnd.choice([None, True, False])}
    if entry["classification"] == "outpatient_in_network" and rnd.random() < 0.4:
        entry["sub_classification"] = rnd.choice(["office_visits", "all_other_outpatient"])
    if entry["classification"].endswith("_in_network") and rnd.random() < 0.3:
        entry["network_tier"] = "tier 1"
    if rtype in ("deductible", "out_of_pocket_maximum") and rnd.random() < 0.4:
        entry["mh_sud_accumulates_separately"] = True
    return entry


def reference_comparison(raw: dict[str, Any], index: int) -> Comparison:
    """The comparison built from the raw entry without the engine's loader."""
    rtype = requirement_type(raw["requirement_type"])
    assert rtype is not None

    def level(value: Any) -> Fraction | None:
        if isinstance(value, str):
            value = value.split()[0]  # "45 visits" -> "45"
        parsed = exact(value)
        return None if parsed is None else parsed

    return Comparison(
        requirement=rtype,
        classification=raw["classification"],
        rows=tuple((level(r["level"]), exact(r["projected_payments"])) for r in raw["medical_surgical"]),  # type: ignore[misc]
        mh_sud_level=level(raw["mh_sud_level"]),
        sub_classification=raw.get("sub_classification"),
        network_tier=raw.get("network_tier"),
        drug_tier=raw.get("drug_tier"),
        tiers_set_on_reasonable_factors=raw.get("tiers_set_on_reasonable_factors"),
        coverage_unit=raw["coverage_unit"],
        mh_sud_accumulates_separately=raw.get("mh_sud_accumulates_separately", False),
        index=index,
    )


def assert_plan_matches_reference(entries: list[dict[str, Any]]) -> None:
    plan = plan_from_data(entries)
    verdict = evaluate_plan(plan.comparisons)
    assert len(verdict.results) == len(entries)
    for index, (raw, result) in enumerate(zip(entries, verdict.results, strict=True), start=1):
        assert result.comparison == reference_comparison(raw, index)
        expected = reference_result(reference_comparison(raw, index))
        assert result.total_payments == expected.pop("total_payments")
        assert result.subject_payments == expected.pop("subject_payments")
        assert list(result.paragraphs) == expected.pop("paragraphs")
        assert result.as_json() == expected, f"comparison {index}"


@pytest.mark.parametrize("seed", range(4))
def test_a_generated_plan_gives_the_reference_answers(seed):
    rnd = random.Random(seed)
    assert_plan_matches_reference([random_entry(rnd, i) for i in range(400)])


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=12))
def test_any_generated_plan_gives_the_reference_answers(rnd, size):
    assert_plan_matches_reference([random_entry(rnd, i) for i in range(size)])


def problems_of(entries: list[Any]) -> list[str]:
    with pytest.raises(ParityInputError) as info:
        plan_from_data(entries, "plan.yaml")
    return info.value.problems


BREAKAGES = [
    lambda e: e["medical_surgical"][0].update(projected_payments=-5),
    lambda e: e["medical_surgical"][0].pop("projected_payments"),
    lambda e: e["medical_surgical"][0].update(projected_payments="abc"),
    lambda e: e["medical_surgical"][0].update(level=[1]),
    lambda e: e.update(classification="nowhere"),
    lambda e: e.update(requirement_type="bogus"),
    lambda e: e.update(medical_surgical=[]),
    lambda e: e.update(surprise=1),
    lambda e: e.update(mh_sud_level="twenty"),
    lambda e: e.update(label=5),
]


@pytest.mark.parametrize("seed", range(3))
def test_every_problem_in_a_plan_is_reported_as_when_each_entry_is_loaded_alone(seed):
    """Validating the comparisons together must not lose, merge or reorder problems."""
    rnd = random.Random(seed)
    entries: list[Any] = [random_entry(rnd, i) for i in range(60)]
    broken = sorted(rnd.sample(range(60), 12))
    for i in broken:
        rnd.choice(BREAKAGES)(entries[i])
    entries[broken[0]] = "not a mapping"
    found = problems_of(entries)
    expected = []
    for index in broken:
        alone = [random_entry(random.Random(0), j) for j in range(index)] + [entries[index]]
        expected += [p for p in problems_of(alone) if p.startswith(f"comparison {index + 1}")]
    assert found == expected
    assert all(any(p.startswith(f"comparison {i + 1}") for p in found) for i in broken)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_integer_threshold_tests_agree_with_fraction_tests(numerator, denominator):
    for name in ("substantially_all", "predominant"):
        rule = threshold(name)
        assert rule.met_by_ratio(numerator, denominator) == rule.met_by(Fraction(numerator, denominator))


def test_integer_threshold_tests_meet_the_exact_boundaries_and_refuse_floats():
    assert threshold("substantially_all").met_by_ratio(2, 3)
    assert not threshold("substantially_all").met_by_ratio(666_666, 1_000_000)
    assert not threshold("predominant").met_by_ratio(1, 2)
    assert threshold("predominant").met_by_ratio(500_001, 1_000_000)
    with pytest.raises(TypeError):
        threshold("predominant").met_by_ratio(0.5, 1)  # type: ignore[arg-type]


def test_cached_level_reading_keeps_types_apart():
    copay = requirement_type("copayment")
    assert copay is not None
    assert parse_level(1, copay) == 1
    with pytest.raises(LevelError):
        parse_level(True, copay)
    assert parse_level(1.5, copay) == parse_level("1.5", copay) == Fraction(3, 2)


def test_the_cycle_collector_is_restored_after_a_plan_even_on_error():
    assert gc.isenabled()
    plan_from_data([random_entry(random.Random(1), 0)])
    assert gc.isenabled()
    with pytest.raises(ParityInputError):
        plan_from_data([{"classification": "nowhere"}])
    assert gc.isenabled()
    gc.disable()
    try:
        with cycle_collector_paused():
            pass
        assert not gc.isenabled()  # a pause never switches on a collector its caller had off
    finally:
        gc.enable()


@given(st.fractions(min_value=0, max_value=10**4, max_denominator=10**7))
def test_number_and_percent_text_match_the_reference_formatting(value):
    assert number_text(value) == reference_number_text(value)
    share = value / (1 + value)  # a share between 0 and 1
    assert percent_text(share) == reference_percent_text(share)


@pytest.mark.parametrize("share", [F(1, 800), F(1, 8), F(1, 3), F(123, 10**6), F(2, 3), F(1), F(0)])
def test_percent_text_is_exact_only_to_two_places(share):
    assert percent_text(share) == reference_percent_text(share)
