"""Properties the QTL tests must have whatever the plan: order, scale and not-subject rows."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction as F

from hypothesis import given
from hypothesis import strategies as st

from mhnotebook.rules.parity.qtl import Comparison, evaluate_comparison
from mhnotebook.rules.parity.requirement_types import requirement_type

TYPES = ["copayment", "coinsurance", "visit_limit", "day_limit", "deductible"]

levels = st.one_of(st.none(), st.integers(min_value=1, max_value=60).map(F))
rows = st.lists(
    st.tuples(levels, st.integers(min_value=0, max_value=10_000).map(F)), min_size=1, max_size=12
).filter(lambda rs: sum(p for _, p in rs) > 0)


@st.composite
def comparisons(draw) -> Comparison:
    rtype = requirement_type(draw(st.sampled_from(TYPES)))
    assert rtype is not None
    return Comparison(
        requirement=rtype,
        classification="outpatient_in_network",
        rows=tuple(draw(rows)),
        mh_sud_level=draw(levels),
    )


def conclusions(c: Comparison) -> tuple:
    r = evaluate_comparison(c)
    return r.fraction_subject, r.substantially_all, r.shares, r.predominant_level, r.mh_sud_permitted


@given(comparisons(), st.randoms(use_true_random=False))
def test_permuting_rows_changes_nothing(c, rnd):
    shuffled = list(c.rows)
    rnd.shuffle(shuffled)
    assert conclusions(replace(c, rows=tuple(shuffled))) == conclusions(c)


@given(comparisons(), st.fractions(min_value=F(1, 1000), max_value=F(1000)).filter(lambda f: f > 0))
def test_scaling_all_payments_changes_nothing(c, factor):
    scaled = tuple((level, p * factor) for level, p in c.rows)
    assert conclusions(replace(c, rows=scaled)) == conclusions(c)


@given(comparisons(), st.integers(min_value=0, max_value=10_000).map(F))
def test_adding_a_not_subject_row_can_only_lower_the_subject_fraction(c, payments):
    before = evaluate_comparison(c).fraction_subject
    after = evaluate_comparison(replace(c, rows=(*c.rows, (None, payments)))).fraction_subject
    assert after <= before


@given(comparisons())
def test_the_predominant_level_covers_more_than_half_and_is_a_plan_level(c):
    r = evaluate_comparison(c)
    if r.predominant is None:
        assert not r.substantially_all
        return
    assert r.predominant_level in r.shares
    covered = r.predominant.combined or (r.predominant.level,)
    assert sum(r.shares[level] for level in covered) > F(1, 2)
    # Every level combined is at least as restrictive as the predominant one.
    for level in covered:
        assert not c.requirement.stricter(r.predominant.level, level)


@given(comparisons())
def test_an_mh_sud_level_equal_to_the_predominant_is_always_permitted(c):
    r = evaluate_comparison(c)
    if r.predominant is not None:
        assert evaluate_comparison(replace(c, mh_sud_level=r.predominant.level)).mh_sud_permitted
