"""The letter wizard driven headlessly: load, edit, preview, export, autosave, start over."""

from __future__ import annotations

import base64
import re
import stat
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from mhnotebook.paths import sample_case_paths
from mhnotebook.rendering.download import download_link
from mhnotebook.rendering.letters import letter_kinds
from mhnotebook.ui.case_form import case_data
from mhnotebook.ui.form_check import check_form
from mhnotebook.ui.letter_form import BLANK_CASE_DATA, FIELDS, case_data_from_form, form_values
from mhnotebook.ui.letters import LetterWizard, letter_wizard
from mhnotebook.validation import load_case, validate_case_data
from tests.conftest import TODAY
from tests.ui.outputs import output_html as _html
from tests.ui.outputs import visible_text as _text

SAMPLE = "not-medically-necessary-iop"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class Clock:
    """A clock the test sets: autosave times never depend on the wall clock."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 22, 9, 41)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def wizard() -> LetterWizard:
    return letter_wizard(sample=SAMPLE, today=TODAY)


# --- the form and the case ----------------------------------------------------------------------


def test_the_form_round_trips_every_sample_without_losing_anything():
    for path in sample_case_paths():
        case = load_case(path)
        data = case_data(case)
        report = validate_case_data(case_data_from_form(data, form_values(data)))
        assert report.ok and report.case == case, path.name


def test_labels_and_help_come_from_the_case_model():
    from mhnotebook.models.clinical import Measure
    from mhnotebook.models.people import Patient

    assert FIELDS["patient.member_id"].help == Patient.model_fields["member_id"].description
    measures = FIELDS["clinical.measures"]
    assert measures.kind == "records"
    assert [c.name for c in measures.columns] == list(Measure.model_fields)
    assert all(c.help == Measure.model_fields[c.name].description for c in measures.columns)


def test_the_wizard_groups_fields_by_section_with_the_clinical_parts(wizard):
    wizard.widget()
    assert wizard.tabs.titles[:5] == ("Patient", "Plan", "Service", "Denial", "Clinical")
    clinical = wizard.tabs.children[4].children[-1]
    for part in ("Risk", "Symptoms", "Functional impairment", "Treatment history", "Measures"):
        assert part in clinical.titles
    assert "Level-of-care rating" in clinical.titles and "Treatment plan" in clinical.titles


def test_the_kind_dropdown_lists_every_kind_with_its_description(wizard):
    assert [value for _, value in wizard.kind.options] == [k.kind for k in letter_kinds()]
    first = letter_kinds()[0]
    assert wizard.kind.label == first.title
    assert first.description in _text(wizard.kind_help.value)


@pytest.mark.parametrize("sample", [SAMPLE, "residential-eating-disorder", None])
def test_every_kind_previews_from_the_form_and_patient_letters_need_no_signer(sample):
    wizard = letter_wizard(sample=sample, today=TODAY)
    previews = set()
    for entry in letter_kinds():
        wizard.kind.value = entry.kind
        assert wizard.letter is not None and wizard.letter.kind.kind == entry.kind, entry.kind
        assert "Ready to export" in _html(wizard.readiness), entry.kind
        assert wizard.signer.disabled == (entry.voice == "patient")
        previews.add(_html(wizard.preview))
    if sample:  # each kind shows its own letter (a blank form may draft two kinds alike)
        assert len(previews) == len(letter_kinds())


def test_the_signer_dropdown_offers_the_providers_of_the_case(wizard):
    names = [value for _, value in wizard.signer.options]
    assert {"Alex Specimen", "Jesse Mockley"} <= set(names)
    wizard.signer.value = "Jesse Mockley"
    assert "LCSW-R" in _html(wizard.preview)


# --- the live preview and the readiness report --------------------------------------------------


def test_loading_a_sample_shows_the_letter_and_a_change_updates_the_preview(wizard):
    assert "Quinn Example" in _html(wizard.preview)
    assert "Ready to export: yes" in _html(wizard.readiness)
    wizard.controls["patient.name"].input.value = "Robin Newname"
    preview = _html(wizard.preview)
    assert "Robin Newname" in preview and "Quinn Example" not in preview


def test_a_new_measure_row_reaches_the_preview(wizard):
    measures = wizard.controls["clinical.measures"]
    measures.add.click()
    row = measures.rows[-1]
    row.controls["instrument"].input.value = "WSAS"
    row.controls["score"].input.value = "31"
    row.controls["date"].input.value = date(2026, 10, 30)
    assert "WSAS" in _html(wizard.preview)


def test_clearing_a_required_field_lists_it_and_export_refuses_beside_the_buttons(wizard):
    wizard.controls["patient.member_id"].input.value = ""
    readiness = _html(wizard.readiness)
    assert "Ready to export: no" in readiness and "the member ID" in readiness
    assert "fill in: the member ID" in _html(wizard.preview)  # highlighted in place
    assert wizard.export("docx") is None
    message = wizard.export_message.value
    assert "cannot be exported yet" in message and "the member ID" in message
    assert wizard.links.value == ""


def test_every_missing_fact_is_named_in_the_one_refusal():
    wizard = letter_wizard(today=TODAY)  # blank form
    readiness = _text(_html(wizard.readiness))
    for label in ("the patient's name", "the member ID", "the insurer or claims administrator"):
        assert label in readiness
    assert wizard.export("pdf") is None
    message = wizard.export_message.value
    assert message.count("cannot be exported yet") == 1
    assert "patient" in message and "member ID" in message and "diagnosis" in message


def test_with_markers_ticked_export_works_and_lists_what_is_left_to_fill(wizard):
    wizard.controls["patient.member_id"].input.value = ""
    wizard.markers.value = True
    result = wizard.export("md")
    assert result is not None and result.path.is_file()
    assert "fill-in marker left in the letter: the member ID" in wizard.export_message.value
    assert "fill in: the member ID" in result.path.read_text(encoding="utf-8")


def test_export_writes_docx_and_pdf_owner_only_with_data_uri_links(wizard, private_data_dir):
    docx = wizard.export("docx")
    pdf = wizard.export("pdf")
    assert docx is not None and pdf is not None
    for result, suffix in ((docx, ".docx"), (pdf, ".pdf")):
        assert result.path.suffix == suffix and result.path.is_file()
        assert _mode(result.path) == 0o600
        assert private_data_dir.resolve() in result.path.resolve().parents
    assert docx.path.read_bytes()[:2] == b"PK" and pdf.path.read_bytes()[:5] == b"%PDF-"
    links = re.findall(r'<a download="([^"]+)" href="data:([^;]+);base64,([^"]+)"', wizard.links.value)
    assert [name for name, _, _ in links] == [docx.path.name, pdf.path.name]
    assert links[1][1] == "application/pdf"
    assert base64.b64decode(links[1][2]) == pdf.path.read_bytes()
    assert "/" not in wizard.links.value.split("href=")[0]  # no server path in the link


def test_a_download_link_escapes_the_file_name(tmp_path):
    path = tmp_path / "letter.md"
    path.write_text("text", encoding="utf-8")
    link = download_link(path, name='x" onclick="alert(1)<b>.md')
    assert 'download="x&quot; onclick=&quot;alert(1)&lt;b&gt;.md"' in link
    assert "onclick=" not in link.replace("&quot; onclick=&quot;", "")
    assert link.count("<a ") == 1 and "<b>" not in link


def test_invalid_input_is_shown_next_to_its_field_and_the_preview_still_renders(wizard):
    wizard.controls["plan.state"].input.value = "ZZ"
    measures = wizard.controls["clinical.measures"]
    measures.rows[1].controls["score"].input.value = "seventeen"
    assert "two-letter" in wizard.controls["plan.state"].problems.value
    assert "expected a number" in measures.rows[1].controls["score"].problems.value
    assert "Plan ⚠" in wizard.tabs.titles and "Clinical ⚠" in wizard.tabs.titles
    assert "Quinn Example" in _html(wizard.preview)
    everything = wizard.form_problems.value + _html(wizard.readiness) + _html(wizard.preview)
    assert "Traceback" not in everything
    assert wizard.export("docx") is None and "Fix these before exporting" in wizard.export_message.value
    assert wizard.controls["plan.state"].get() == "ZZ"  # nothing typed is lost


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "{{ 7*7 }} {% if true %}x{% endif %}",
        "مريض اختبار שם בדיקה",
        "Long " * 2000,
        '<img src=x onerror="alert(1)">',
    ],
    ids=["script", "template", "rtl", "long", "img"],
)
def test_hostile_text_in_a_field_shows_as_text_in_the_preview(wizard, hostile):
    wizard.controls["patient.name"].input.value = hostile
    wizard.controls["denial.text"].input.value = hostile
    preview = _html(wizard.preview)
    assert "<script" not in preview and "<img" not in preview  # escaped: no markup from the field
    assert hostile.strip() in _text(preview)  # the very text, shown (so {{ 7*7 }} was not evaluated)


def test_any_risk_shows_crisis_resources_first(wizard):
    assert "988" in _html(wizard.crisis)  # the sample records suicidal ideation
    wizard.controls["clinical.risk"].set([])
    wizard.refresh()
    assert _html(wizard.crisis) == ""


# --- the provider-search log, the expedited request, the parity comparators -----------------------

NETWORK_GAP = "out-of-network-network-gap"


def _add_search_row(wizard: LetterWizard, provider: str, result: str, day: date | None):
    search = wizard.controls["provider_search"]
    search.add.click()
    row = search.rows[-1]
    row.controls["provider"].input.value = provider
    row.controls["result"].input.value = result
    row.controls["date"].input.value = day
    return row


def test_the_new_parts_are_described_from_the_case_model():
    from mhnotebook.models.case import Case, Comparator, ProviderSearchAttempt
    from mhnotebook.models.denial import ExpeditedRequest

    for key, model in (("provider_search", ProviderSearchAttempt), ("comparators", Comparator)):
        field = FIELDS[key]
        assert field.kind == "records" and field.help == Case.model_fields[key].description
        assert [c.name for c in field.columns] == list(model.model_fields)
        assert all(c.help == model.model_fields[c.name].description for c in field.columns)
    for name in ExpeditedRequest.model_fields:
        field = FIELDS[f"expedited_request.{name}"]
        assert field.help == ExpeditedRequest.model_fields[name].description
    assert FIELDS["expedited_request.at"].kind == "when"  # a time of day is kept, not cut to a date
    assert [v for _, v in FIELDS["expedited_request.requested_by"].choices] == [
        "physician",
        "other_clinician",
        "patient",
        "none",
    ]


def test_the_search_log_sits_in_the_service_tab_and_the_rest_in_denial_folds(wizard):
    wizard.widget()
    service = wizard.tabs.children[wizard.tabs.titles.index("Service")]
    assert wizard.controls["provider_search"].box in service.children
    denial = wizard.tabs.children[wizard.tabs.titles.index("Denial")]
    folds = denial.children[-1]
    assert folds.titles == ("Expedited (urgent) review", "Parity: medical/surgical comparisons")


def test_a_search_row_meets_the_network_gap_requirement_and_shows_in_its_table():
    wizard = letter_wizard(sample=NETWORK_GAP, today=TODAY)
    wizard.kind.value = "network_gap"
    search = wizard.controls["provider_search"]
    assert len(search.rows) > 1
    while search.rows:
        search.rows[0].remove.click()
    readiness = _text(_html(wizard.readiness))
    assert "Ready to export: no" in readiness and "the provider-search log" in readiness
    _add_search_row(wizard, "Dr. Rowan Tried", "Not taking new patients", date(2026, 7, 8))
    readiness = _text(_html(wizard.readiness))
    assert "the provider-search log" not in readiness and "Ready to export: yes" in readiness
    rows = re.findall(r"<tr>(.*?)</tr>", _html(wizard.preview), flags=re.S)
    row = next(r for r in rows if "Dr. Rowan Tried" in r)
    cells = [_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
    assert cells[:2] == ["July 8, 2026", "Dr. Rowan Tried"] and "Not taking new patients" in cells


def test_a_bad_value_in_a_search_row_is_shown_next_to_its_field_and_the_preview_still_renders():
    wizard = letter_wizard(sample=NETWORK_GAP, today=TODAY)
    wizard.kind.value = "network_gap"
    row = _add_search_row(wizard, "Dr. No Date", "Never called back", None)  # the date left out
    row.controls["distance_miles"].input.value = "far"
    assert "required but missing" in row.controls["date"].problems.value
    assert "expected a number" in row.controls["distance_miles"].problems.value
    assert row.controls["provider"].problems.value == ""
    assert "Service ⚠" in wizard.tabs.titles
    preview = _html(wizard.preview)
    assert "Parker" in preview and "Dr. No Date" not in preview  # the bad row is left out, not the letter
    assert wizard.export("md") is None
    row.controls["date"].input.value = date(2026, 7, 9)
    row.controls["distance_miles"].input.value = "12.5"
    assert row.controls["date"].problems.value == "" and "Dr. No Date" in _html(wizard.preview)


def test_a_typed_statement_of_urgency_is_quoted_in_the_expedited_appeal(wizard):
    wizard.kind.value = "expedited_appeal"
    statement = "Waiting the standard 30 days could seriously jeopardize Quinn's life."
    assert statement not in _text(_html(wizard.preview))
    wizard.controls["expedited_request.requested_by"].input.value = "physician"
    wizard.controls["expedited_request.at"].input.value = "2026-11-20T09:15:00-05:00"
    wizard.controls["expedited_request.statement"].input.value = statement
    quoted = re.findall(r"<blockquote>(.*?)</blockquote>", _html(wizard.preview), flags=re.S)
    assert any(statement in _text(q) for q in quoted)
    assert "9:15 AM" in _text(_html(wizard.preview))  # the hour typed is kept


def test_a_request_time_without_its_offset_is_shown_next_to_the_field(wizard):
    wizard.kind.value = "expedited_appeal"
    wizard.controls["expedited_request.at"].input.value = "2026-11-20 09:15"
    assert "UTC offset" in wizard.controls["expedited_request.at"].problems.value
    assert "Denial ⚠" in wizard.tabs.titles
    assert wizard.controls["expedited_request.at"].get() == "2026-11-20 09:15"  # kept as typed


def test_a_comparator_row_reaches_the_parity_disclosure_request(wizard):
    wizard.kind.value = "parity_disclosure_request"
    comparators = wizard.controls["comparators"]
    comparators.add.click()
    row = comparators.rows[-1]
    row.controls["benefit"].input.value = "Outpatient physical therapy"
    row.controls["fact"].input.value = "First 20 visits need no prior authorization"
    row.controls["source"].input.value = "SBC page 4"
    text = _text(_html(wizard.preview))
    assert "Outpatient physical therapy: First 20 visits need no prior authorization" in text


def test_an_expedited_request_appears_only_once_something_is_said():
    base = case_data(load_case(next(p for p in sample_case_paths() if p.stem == SAMPLE)))
    assert "expedited_request" not in base
    values = form_values(base)
    assert values["expedited_request.requested_by"] == "none"
    assert "expedited_request" not in case_data_from_form(base, values)  # 'nobody yet' alone is no request
    values["expedited_request.statement"] = "Urgent."
    assert case_data_from_form(base, values)["expedited_request"] == {
        "requested_by": "none",
        "statement": "Urgent.",
    }


# --- autosave, restore, start over --------------------------------------------------------------


def test_loading_a_sample_writes_nothing_until_the_form_is_changed(wizard, private_data_dir):
    assert not (private_data_dir / "drafts" / "letter-form.yaml").exists()


def test_a_half_filled_form_is_saved_owner_only_and_restored_by_a_new_wizard(private_data_dir):
    clock = Clock()
    first = LetterWizard(today=TODAY, now=clock)
    first.show_case_from_sample(SAMPLE)
    first.controls["patient.name"].input.value = "Half Filled"
    first.controls["plan.employer_size"].input.value = "about 40"  # invalid, still saved as typed
    first.signer.value = "Jesse Mockley"
    saved = private_data_dir / "drafts" / "letter-form.yaml"
    assert saved.is_file() and _mode(saved) == 0o600 and _mode(saved.parent) == 0o700
    assert "Saved at 09:41" in first.save_state.value
    assert yaml.safe_load(saved.read_text(encoding="utf-8"))["values"]["plan.employer_size"] == "about 40"

    second = letter_wizard(sample="session-limit-therapy", today=TODAY)  # the saved form wins
    assert second.controls["patient.name"].get() == "Half Filled"
    assert second.controls["plan.employer_size"].get() == "about 40"
    assert second.signer.value == "Jesse Mockley"
    assert "Restored" in second.load_message.value and "2026-11-22 at 09:41" in second.load_message.value
    assert "whole number" in second.controls["plan.employer_size"].problems.value
    assert len(second.controls["clinical.measures"].rows) == 6  # the rest of the case came back too


def test_autosave_restores_the_search_log_the_urgent_request_and_the_comparators(private_data_dir):
    clock = Clock()
    first = LetterWizard(today=TODAY, now=clock)
    first.show_case_from_sample(NETWORK_GAP)
    tried = len(first.controls["provider_search"].rows)
    _add_search_row(first, "Dr. Saved Row", "Six-month waitlist", date(2026, 7, 10))
    first.controls["expedited_request.requested_by"].input.value = "other_clinician"
    first.controls["expedited_request.at"].input.value = "2026-11-20T09:15:00-06:00"
    first.controls["expedited_request.statement"].input.value = "Compulsions now take 9 hours a day."
    first.controls["comparators"].add.click()
    first.controls["comparators"].rows[-1].controls["benefit"].input.value = "Saved benefit"

    second = letter_wizard(sample=SAMPLE, today=TODAY)  # the saved form wins
    search = second.controls["provider_search"].get()
    assert len(search) == tried + 1
    assert search[-1]["provider"] == "Dr. Saved Row" and search[-1]["date"] == "2026-07-10"
    assert second.controls["expedited_request.requested_by"].get() == "other_clinician"
    assert second.controls["expedited_request.at"].get() == "2026-11-20T09:15:00-06:00"
    assert second.controls["expedited_request.statement"].get() == "Compulsions now take 9 hours a day."
    assert second.controls["comparators"].get()[-1]["benefit"] == "Saved benefit"


def test_picking_a_sample_over_a_saved_form_keeps_it_as_the_previous_copy(private_data_dir):
    wizard = letter_wizard(sample=SAMPLE, today=TODAY)
    wizard.controls["patient.name"].input.value = "Keep Me"
    wizard.sample.value = "session-limit-therapy"
    previous = private_data_dir / "drafts" / "letter-form.previous.yaml"
    assert previous.is_file() and "Keep Me" in previous.read_text(encoding="utf-8")
    assert "previous form was kept" in wizard.load_message.value


def test_start_over_asks_first_then_clears_the_form_and_the_saved_copy(private_data_dir):
    wizard = letter_wizard(sample=SAMPLE, today=TODAY)
    wizard.controls["patient.name"].input.value = "To Be Cleared"
    saved = private_data_dir / "drafts" / "letter-form.yaml"
    assert saved.is_file()
    wizard.start_over_button.click()
    assert wizard.confirm_box.layout.display == "flex" and saved.is_file()
    wizard.confirm_no.click()
    assert wizard.confirm_box.layout.display == "none" and saved.is_file()
    wizard.start_over_button.click()
    wizard.confirm_yes.click()
    assert not saved.exists()
    assert wizard.controls["patient.name"].get() == ""
    assert wizard.controls["clinical.measures"].get() == []
    fresh = letter_wizard(today=TODAY)
    assert fresh.controls["patient.name"].get() == ""


def test_a_damaged_saved_form_is_set_aside_not_lost(private_data_dir):
    saved = private_data_dir / "drafts" / "letter-form.yaml"
    saved.parent.mkdir(parents=True)
    saved.write_text("values: [unclosed", encoding="utf-8")
    wizard = letter_wizard(sample=SAMPLE, today=TODAY)
    assert "cannot read the saved form" in wizard.load_message.value
    assert (saved.parent / "letter-form.unreadable.yaml").read_text(encoding="utf-8") == "values: [unclosed"
    assert "Quinn Example" in _html(wizard.preview)


def test_a_blank_form_previews_with_the_required_names_marked():
    check = check_form(case_data_from_form(BLANK_CASE_DATA, form_values(BLANK_CASE_DATA)))
    assert check.case is not None and "the patient's name" in check.placeholders
    assert check.blocking == []
    wizard = letter_wizard(today=TODAY)
    assert '<mark class="gap"' in _html(wizard.preview)


def test_load_my_case_file_shows_problems_next_to_the_path(wizard, write_case):
    bad = write_case("patient: {name: X}\nplan: {insurer: Y, plan_type: banana}\nservice: {description: Z}\n")
    assert wizard.load_file(str(bad)) is False
    assert "banana" in wizard.load_message.value
    assert wizard.controls["patient.name"].get() == "Quinn Example"  # the form stayed as it was
    good = write_case(
        "patient: {name: Sam Own}\nplan: {insurer: Y}\nservice: {description: therapy}\n", "ok.yaml"
    )
    assert wizard.load_file(str(good)) is True
    assert "Sam Own" in _html(wizard.preview)
