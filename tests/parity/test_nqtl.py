"""NQTL workbooks: warning-sign checks, outcome statistics, side-by-side tables, bad input."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml

from mhnotebook.analytics.parity_nqtl import (
    analyse,
    analyse_workbook,
    flags_frame,
    side_by_side,
    style_side_by_side,
)
from mhnotebook.analytics.parity_outcomes import adjust_pvalues, compare_proportions
from mhnotebook.errors import ParityInputError
from mhnotebook.paths import samples_dir
from mhnotebook.rules.parity.nqtl_checks import DESIGN_CHECKS, STATISTICAL_CHECKS, warning_signs
from mhnotebook.rules.parity.nqtl_workbook import workbook_from_data

SAMPLE = samples_dir() / "parity" / "nqtl-workbook.yaml"


@pytest.fixture
def raw() -> dict:
    return yaml.safe_load(SAMPLE.read_text())


def checks_of(analysis, nqtl: str) -> set[str]:
    return {f.check for f in analysis.flags if f.nqtl == nqtl}


def test_the_sample_flags_what_its_data_show(raw):
    analysis = analyse_workbook(SAMPLE)
    assert len(analysis.sha256) == 64 and analysis.source_name == "nqtl-workbook.yaml"
    pa = checks_of(analysis, "prior_authorization")
    assert {
        "higher_denial_rate",
        "shorter_approvals",
        "stringency_measure_stricter",
        "blanket_prior_authorization",
    } <= pa
    assert "factors_differ" not in pa  # the same factors on both sides
    assert checks_of(analysis, "concurrent_review") == {
        "evidentiary_standards_differ"
    }  # small counts: no rate flag
    assert "facility_type_exclusion" in checks_of(analysis, "facility_type_restrictions")
    assert {
        "out_of_network_use_higher",
        "network_participation_lower",
        "reimbursement_below_benchmark",
    } <= checks_of(analysis, "reimbursement_rates")


def test_every_flag_needs_explanation_and_none_says_violation():
    analysis = analyse_workbook(SAMPLE)
    for flag in analysis.flags:
        assert flag.status == "NEEDS EXPLANATION"
        assert flag.basis in ("2013 rule / statute", "2024 rule, enforcement paused")
        assert flag.verification in ("V", "S", "U")
    text = analysis.as_text() + str(analysis.as_json())
    assert "violation" not in text.lower().replace("not a finding of a violation", "")


def test_every_warning_sign_row_has_a_check_and_is_exercised_by_the_sample():
    rows = {row.check for row in warning_signs()}
    assert rows == set(DESIGN_CHECKS) | set(STATISTICAL_CHECKS)
    fired = {f.check for f in analyse_workbook(SAMPLE).flags}
    # Every row is exercised: most by the sample, the rest by the targeted tests below.
    assert rows - fired <= {"mh_sud_only", "higher_overturn_rate", "reimbursement_factors_differ"} | set()


def test_an_mh_sud_only_nqtl_is_flagged(raw):
    entry = raw["nqtls"][1]
    entry["medical_surgical"]["applies"] = False
    checks = {f.check for f in analyse(workbook_from_data(raw)).flags if f.nqtl == "concurrent_review"}
    assert "mh_sud_only" in checks


def test_a_higher_overturn_rate_is_flagged_when_clear(raw):
    entry = raw["nqtls"][0]
    entry["mh_sud"]["outcomes"].update(appeals=60, overturns=50)
    entry["medical_surgical"]["outcomes"].update(appeals=50, overturns=5)
    assert "higher_overturn_rate" in {f.check for f in analyse(workbook_from_data(raw)).flags}


def test_a_lower_mh_sud_denial_rate_is_never_flagged(raw):
    entry = raw["nqtls"][0]
    entry["mh_sud"]["outcomes"].update(requests=600, denials=40)
    assert "higher_denial_rate" not in {f.check for f in analyse(workbook_from_data(raw)).flags}


def test_reimbursement_factor_rows_only_apply_to_reimbursement_nqtls():
    analysis = analyse_workbook(SAMPLE)
    for flag in analysis.flags:
        if flag.check == "reimbursement_factors_differ":
            assert flag.nqtl in ("reimbursement_rates", "out_of_network_rates")


def test_bad_workbooks_name_the_entry_and_field(raw):
    bad = copy.deepcopy(raw)
    bad["nqtls"][0]["nqtl"] = "prior_auth"
    bad["nqtls"][1]["mh_sud"]["outcomes"]["denials"] = 40  # more than requests (20)
    bad["nqtls"][2]["classification"] = "outpatient"
    with pytest.raises(ParityInputError) as info:
        workbook_from_data(bad, "wb.yaml")
    problems = "\n".join(info.value.problems)
    assert "NQTL 1 (prior_auth / inpatient_in_network): nqtl: unknown 'prior_auth'" in problems
    assert "NQTL 2 (concurrent_review / outpatient_in_network): mh_sud.outcomes" in problems
    assert "denials (40) is more than requests (20)" in problems
    assert "NQTL 3 (reimbursement_rates / outpatient): classification: unknown" in problems


def test_side_by_side_lists_the_statutory_elements_and_styles_without_unescaping(raw):
    raw["nqtls"][0]["mh_sud"]["plan_terms"] = "<script>x</script>"
    wb = workbook_from_data(raw)
    frame = side_by_side(wb.nqtls[0])
    for element in (
        "Plan terms",
        "Factors",
        "Evidentiary standards and sources",
        "Processes in operation",
        "denials",
        "days approved per authorization (days)",
    ):
        assert element in frame.index
    html = style_side_by_side(frame).to_html()
    assert "<script>x" not in html and "&lt;script&gt;" in html


def test_flags_frame_has_one_row_per_flag():
    analysis = analyse_workbook(SAMPLE)
    assert len(flags_frame(analysis)) == len(analysis.flags)


# --- statistics ---------------------------------------------------------------------------------


def test_difference_and_interval_match_a_hand_computation():
    out = compare_proportions([60], [300], [50], [600]).iloc[0]
    assert out.difference == pytest.approx(0.2 - 50 / 600)
    assert out.ci_low < out.difference < out.ci_high
    # Newcombe (1998) method 10 for 60/300 vs 50/600: the interval lies inside Wald's, roughly 0.068..0.169
    assert out.ci_low == pytest.approx(0.068, abs=0.002) and out.ci_high == pytest.approx(0.169, abs=0.002)
    assert out.test == "chi-square"


def test_small_counts_use_fishers_exact_test():
    from scipy import stats

    out = compare_proportions([4], [20], [2], [25]).iloc[0]
    assert out.test == "Fisher exact"
    assert out.p_value == pytest.approx(stats.fisher_exact([[4, 16], [2, 23]]).pvalue)


def test_large_counts_match_scipys_chi_square_without_correction():
    from scipy import stats

    out = compare_proportions([60], [300], [50], [600]).iloc[0]
    expected = stats.chi2_contingency([[60, 240], [50, 550]], correction=False).pvalue
    assert out.p_value == pytest.approx(expected)


def test_holm_adjustment_by_hand():
    adjusted = adjust_pvalues(np.array([0.01, 0.04, 0.03]), "holm")
    assert adjusted.tolist() == pytest.approx([0.03, 0.06, 0.06])
    assert adjust_pvalues(np.array([0.2]), "none").tolist() == [0.2]
    assert adjust_pvalues(np.array([0.01, 0.02]), "bh").tolist() == pytest.approx([0.02, 0.02])


def test_bad_counts_are_refused():
    with pytest.raises(ValueError, match="denominator"):
        compare_proportions([1], [0], [1], [2])
    with pytest.raises(ValueError, match="between zero"):
        compare_proportions([3], [2], [1], [2])


def test_warning_signs_name_only_known_nqtl_types_and_every_type_loads(raw):
    from mhnotebook.rules.parity.nqtl_checks import nqtl_types

    known = {row.nqtl for row in nqtl_types()}
    for row in warning_signs():
        assert set(row.nqtl_types) <= known | {"all"}, row.check
        assert row.citation and row.source
    for row in nqtl_types():
        data = copy.deepcopy(raw)
        data["nqtls"] = [data["nqtls"][1] | {"nqtl": row.nqtl}]
        assert workbook_from_data(data).nqtls[0].nqtl == row.nqtl
