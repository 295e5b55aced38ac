"""The QTL benefit-table editor, driven headlessly: edit, check, errors beside their fields."""

from __future__ import annotations

from mhnotebook.paths import samples_dir
from mhnotebook.ui.parity import qtl_editor

PLAN = samples_dir() / "parity" / "plan-example.yaml"


def shown(editor) -> str:
    return "".join(o["data"]["text/html"] for o in editor.output.outputs)


def test_checking_the_sample_shows_each_comparison_pass_or_fail():
    editor = qtl_editor(PLAN)
    editor.check.click()
    text = shown(editor)
    assert "FAIL" in text and "pass" in text and "4 of 8" in editor.verdict.summary()


def test_editing_the_mh_sud_level_changes_the_result():
    editor = qtl_editor(PLAN)
    editor.picker.value = 0  # Example 1 coinsurance, MH/SUD 20%: fails
    editor.mh_level.value = "15%"
    editor.check.click()
    assert editor.verdict.results[0].mh_sud_permitted
    editor.picker.value = 1
    editor.picker.value = 0
    assert editor.mh_level.value == "15%"  # edits survive switching comparisons


def test_a_bad_payment_shows_next_to_its_row_not_as_a_traceback():
    editor = qtl_editor(PLAN)
    editor.picker.value = 1
    editor.level_fields[2][1].value = "-5"
    editor.check.click()
    assert "zero or more" in editor.level_fields[2][2].value
    assert editor.output.outputs == ()
    editor.level_fields[2][1].value = "200"
    editor.mh_level.value = "twenty"
    editor.check.click()
    assert editor.level_fields[2][2].value == ""
    assert "copayment level" in editor.mh_error.value


def test_adding_a_row_adds_fields():
    editor = qtl_editor(PLAN)
    before = len(editor.level_fields)
    editor.add_row.click()
    assert len(editor.level_fields) == before + 1
