"""The triage wizard driven headlessly: set values, click, read the outputs."""

from __future__ import annotations

from datetime import date

import yaml

from mhnotebook.paths import sample_case_paths
from mhnotebook.samples import SAMPLE_AS_OF
from mhnotebook.ui.case_form import case_data, case_data_from_form, form_values_from_case
from mhnotebook.ui.triage import deadlines_table, triage_wizard
from mhnotebook.validation import load_case, validate_case_data
from tests.ui.outputs import output_html as _html


def test_the_form_round_trips_every_sample_without_losing_anything():
    for path in sample_case_paths():
        case = load_case(path)
        report = validate_case_data(case_data_from_form(case_data(case), form_values_from_case(case)))
        assert report.ok and report.case == case, path.name


def test_clicking_triage_shows_crisis_resources_first_and_the_result():
    wizard = triage_wizard(sample="residential-eating-disorder", as_of=SAMPLE_AS_OF)
    wizard.widget()
    wizard.triage_button.click()
    assert "988" in _html(wizard.crisis)
    html = _html(wizard.output)
    assert html.index("Safety first") < html.index("What kind of denial") < html.index("Deadlines")
    assert wizard.result is not None and wizard.result.primary_path == "F"


def test_setting_a_risk_shows_the_crisis_banner_at_once_and_clearing_it_hides_it():
    wizard = triage_wizard(sample="session-limit-therapy", as_of=SAMPLE_AS_OF)
    assert _html(wizard.crisis) == ""
    wizard.risks.value = ("suicidal_ideation",)
    assert "988" in _html(wizard.crisis)
    wizard.risks.value = ()
    assert _html(wizard.crisis) == ""


def test_changing_a_field_changes_the_triage():
    wizard = triage_wizard(sample="not-medically-necessary-iop", as_of=SAMPLE_AS_OF)
    assert wizard.run().regulator.primary == "ebsa"
    wizard.funding.value = "fully_insured"
    assert wizard.run().regulator.primary == "state_doi"


def test_bad_values_are_shown_next_to_their_fields_and_nothing_is_lost():
    wizard = triage_wizard(sample="experimental-tms", as_of=SAMPLE_AS_OF)
    text = wizard.denial_text.value
    wizard.state.value = "ZZ"
    wizard.codes.value = "CO-50, banana"
    assert wizard.run() is None
    assert "two-letter" in wizard.field_errors["state"].value
    assert "banana" in wizard.field_errors["codes"].value
    assert "Traceback" not in wizard.status.value + _html(wizard.output)
    assert wizard.denial_text.value == text and wizard.state.value == "ZZ"


def test_a_blank_form_triage_says_what_to_find_out():
    wizard = triage_wizard(as_of=date(2026, 3, 1))
    result = wizard.run()
    assert result is not None and result.primary_path is None
    assert "To find out" in _html(wizard.output)


def test_user_text_is_escaped_in_the_html():
    wizard = triage_wizard(sample="session-limit-therapy", as_of=SAMPLE_AS_OF)
    wizard.denial_text.value = "<script>alert(1)</script> visit limit reached"
    wizard.run()
    html = _html(wizard.output)
    assert "<script>alert(1)</script>" not in html and "visit limit" in html


def test_loading_a_case_file_and_a_missing_one(tmp_path):
    source = next(p for p in sample_case_paths() if p.stem == "part-d-buprenorphine")
    mine = tmp_path / "mine.yaml"
    mine.write_text(source.read_text())
    wizard = triage_wizard(as_of=SAMPLE_AS_OF)
    assert wizard.load_file(str(mine)) and wizard.plan_type.value == "medicare_part_d"
    assert not wizard.load_file(str(tmp_path / "missing.yaml"))
    assert "file not found" in wizard.load_message.value
    assert wizard.plan_type.value == "medicare_part_d"  # the form is left as it was


def test_a_half_filled_draft_is_saved_owner_only(private_data_dir):
    wizard = triage_wizard(as_of=SAMPLE_AS_OF)
    wizard.denial_text.value = "half written"
    wizard.state.value = "ZZ"  # invalid, still saved
    path = wizard.save_draft()
    assert path.is_relative_to(private_data_dir)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    saved = yaml.safe_load(path.read_text())
    assert saved["denial"]["text"] == "half written" and saved["plan"]["state"] == "ZZ"


def test_deadlines_table_lists_each_clock():
    wizard = triage_wizard(sample="part-d-buprenorphine", as_of=SAMPLE_AS_OF)
    table = deadlines_table(wizard.run())
    assert list(table.columns) == ["due", "clock", "status", "rule", "counted from", "citation"]
    assert "redetermination_file_by" in set(table["clock"])
