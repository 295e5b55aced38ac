"""Every denial-code row classifies to its paths; unknown codes are never guessed."""

from __future__ import annotations

import pytest

from mhnotebook.rules.denial_codes import DenialCodeRow, classify_adjustment
from mhnotebook.rules.paths import PATH_IDS, path_label, path_rows
from mhnotebook.rules.rule_table import load_table

ROWS = load_table("denial_codes", DenialCodeRow)


def test_the_path_table_has_exactly_the_ten_paths_triage_names():
    assert tuple(path_rows()) == PATH_IDS


@pytest.mark.parametrize("row", ROWS, ids=[r.carc for r in ROWS])
def test_each_code_row_classifies_to_its_paths_with_a_citation(row):
    verdict = classify_adjustment("CO", row.carc)
    assert verdict.paths == row.paths
    assert verdict.path == row.paths[0]
    assert verdict.denies
    assert set(row.paths) <= set(PATH_IDS)
    assert verdict.citation and row.source
    assert row.label in verdict.reason


def test_codes_from_the_issue_land_on_the_expected_paths():
    expected = {
        "197": "A",
        "50": "B",
        "242": "C",
        "119": "D",
        "4": "E",
        "29": "timely_filing",
        "27": "eligibility",
        "55": "experimental",
        "204": "not_covered_benefit",
    }
    for carc, path in expected.items():
        assert classify_adjustment("CO", carc).path == path


def test_leading_zeros_and_case_do_not_matter():
    assert classify_adjustment("co", "016").carc == "16"
    assert classify_adjustment("CO", "b7").path == "E"


def test_unknown_code_gets_no_path_and_says_so():
    verdict = classify_adjustment("CO", "45")
    assert verdict.path is None and not verdict.denies
    assert "not in mhnotebook's denial-code table" in verdict.reason


def test_patient_responsibility_is_marked_as_owed_by_the_patient():
    verdict = classify_adjustment("PR", "3")
    assert verdict.patient_owes is True and not verdict.denies


def test_codes_that_need_their_remark_code_say_so_when_it_is_missing():
    assert "remark code" in classify_adjustment("CO", "96").reason
    with_rarc = classify_adjustment("CO", "96", ("N130",))
    assert "N130" in with_rarc.reason


def test_missing_group_code_is_reported_not_assumed():
    verdict = classify_adjustment(None, "50")
    assert verdict.patient_owes is None
    assert "no group code" in verdict.reason


def test_path_labels_read_well():
    assert path_label("B") == "B: Not medically necessary"
    assert path_label("timely_filing") == "Timely filing"
    with pytest.raises(KeyError, match="known"):
        path_label("Z")
