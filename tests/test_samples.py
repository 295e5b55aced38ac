"""The shipped samples: synthetic, valid, and covering every denial path and the main plan types."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mhnotebook.models import EventKind, PlanType
from mhnotebook.models.dictionary import render_data_dictionary
from mhnotebook.paths import sample_case_paths, samples_dir
from mhnotebook.validation import load_case, validate_case_file
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sample_case_paths()
CASES = {p.stem: load_case(p, today=TODAY) for p in SAMPLES}


def test_there_are_at_least_twelve_samples():
    assert len(SAMPLES) >= 12


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_each_sample_is_valid_without_warnings(path):
    report = validate_case_file(path, today=TODAY)
    assert report.issues == (), str(report)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_each_sample_is_labelled_synthetic(path):
    case = CASES[path.stem]
    assert case.synthetic is True
    assert path.read_text().startswith("# SYNTHETIC SAMPLE")
    assert case.notes and case.notes.startswith("Synthetic sample.")
    assert case.label and case.patient.name.split()[0] not in case.label


def test_case_ids_are_unique():
    ids = [c.case_id for c in CASES.values()]
    assert len(set(ids)) == len(ids)


def _all_strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _all_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _all_strings(v)
    elif isinstance(value, str):
        yield value


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_samples_use_only_fictional_contact_details(path):
    case = CASES[path.stem]
    text = " ".join(_all_strings(yaml.safe_load(path.read_text())))
    for phone in re.findall(r"\(?\d{3}\)?[ .-]?\d{3}-\d{4}", text):
        assert re.search(r"555-01\d\d$", phone), f"{phone} is outside the fictional 555-0100..0199 range"
    for email in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text):
        assert email.endswith("@example.org"), email
    assert all(p.npi is None or p.npi.startswith("9") for p in case.providers)
    assert case.patient.member_id is None or case.patient.member_id.startswith("SYN")


def test_samples_cover_the_main_plan_types():
    covered = {c.plan.plan_type for c in CASES.values()}
    major = set(PlanType) - {PlanType.tricare, PlanType.unknown}
    assert major <= covered, f"no sample for {sorted(p.value for p in major - covered)}"


# The claim adjustment reason codes that signal each denial path (shared/domain/denial-paths.md).
PATH_SIGNALS = {
    "A no prior authorization": {"197", "15", "198", "39"},
    "B not medically necessary": {"50", "150", "151", "167"},
    "C out of network": {"242", "243"},
    "D session or benefit limit": {"119", "35"},
    "E coding or administrative error": {
        "4",
        "5",
        "58",
        "11",
        "16",
        "18",
        "97",
        "234",
        "236",
        "170",
        "185",
        "B7",
        "181",
        "182",
        "146",
    },
    "timely filing": {"29"},
    "eligibility": {"26", "27", "31", "22", "109"},
    "experimental": {"55"},
    "not a covered benefit": {"96", "204"},
}


@pytest.mark.parametrize("path_name", PATH_SIGNALS)
def test_every_denial_path_has_a_sample_with_its_signal_code(path_name):
    reasons = {reason for c in CASES.values() if c.denial for _, reason in c.denial.adjustment_codes}
    assert reasons & PATH_SIGNALS[path_name]


def test_a_level_of_care_denial_has_ratings_prior_levels_and_a_concurrent_stage():
    assert any(
        c.denial
        and c.denial.stage == "concurrent"
        and c.clinical.level_of_care_ratings
        and len(c.clinical.treatment_history) >= 2
        for c in CASES.values()
    )


def test_an_urgent_case_records_risk_and_a_physician_request():
    assert any(
        c.clinical.risk and c.expedited_request and c.expedited_request.requested_by == "physician"
        for c in CASES.values()
    )


def test_a_coding_error_sample_has_full_service_line_detail():
    def detailed(line):
        return line.minutes is not None and line.place_of_service and line.modifiers

    assert any(
        any(detailed(line) for line in c.service.lines)
        and any(line.supervision not in (None, "none") for line in c.service.lines)
        for c in CASES.values()
    )


def test_the_missed_deadline_sample_is_past_the_original_medicare_window():
    # Original Medicare redetermination: 120 days from receipt, receipt presumed 5 days after the
    # notice date (42 CFR 405.942; shared/domain/deadlines.md section 4).
    case = CASES["missed-deadline-original-medicare"]
    dated = case.first_event(EventKind.denial_dated).at
    assert case.plan.plan_type == PlanType.medicare_original
    assert (TODAY - dated).days > 125
    assert case.first_event(EventKind.appeal_filed) is None


def test_the_ambiguous_sample_gives_no_clear_signal():
    denial = CASES["ambiguous-denial-chip"].denial
    reasons = {reason for _, reason in denial.adjustment_codes}
    clear = set().union(*(v for k, v in PATH_SIGNALS.items() if not k.startswith("E")))
    assert not reasons & clear


def test_samples_readme_lists_every_sample_and_carries_the_current_dictionary():
    readme = (samples_dir() / "README.md").read_text()
    for path in SAMPLES:
        assert f"`{path.name}`" in readme, f"data/samples/README.md does not list {path.name}"
    assert render_data_dictionary().strip() in readme, "run `make dictionary`"


def test_the_readme_example_case_is_valid(tmp_path):
    readme = (ROOT / "README.md").read_text()
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "example.yaml"
    path.write_text(example)
    report = validate_case_file(path, today=TODAY)
    assert report.ok, str(report)
