"""A catalogue of broken case files: each problem is reported plainly, with file, line and field."""

from __future__ import annotations

import pytest

from mhnotebook.errors import CaseFileError
from mhnotebook.validation import load_case, validate_case_file
from mhnotebook.validation.fileformat import MAX_CASE_FILE_BYTES
from tests.conftest import MINIMAL_CASE, TODAY

# (name, file text, [(line, field, words expected in the message)])
CATALOGUE = [
    (
        "wrong type",
        MINIMAL_CASE + "clinical:\n  risk: suicidal\n",
        [(11, "clinical.risk", "expected a list")],
    ),
    (
        "number as text",
        MINIMAL_CASE.replace(
            "  description: outpatient psychotherapy", "  description: x\n  sessions_requested: twelve"
        ),
        [(10, "service.sessions_requested", "expected a whole number")],
    ),
    (
        "negative count",
        MINIMAL_CASE.replace(
            "  description: outpatient psychotherapy", "  description: x\n  days_requested: -3"
        ),
        [(10, "service.days_requested", "at least 0")],
    ),
    (
        "bad date",
        MINIMAL_CASE.replace("  name: Test Person", "  name: T\n  date_of_birth: 1990-02-30"),
        [(5, "patient.date_of_birth", "expected a date like")],
    ),
    (
        "american date",
        MINIMAL_CASE.replace("  name: Test Person", "  name: T\n  date_of_birth: 02/03/1990"),
        [(5, "patient.date_of_birth", "year-month-day")],
    ),
    (
        "naive datetime",
        MINIMAL_CASE + "events:\n  - kind: denial_received\n    at: 2026-03-01T09:00:00\n",
        [(12, "events[0].at", "UTC offset")],
    ),
    (
        "unknown enum",
        MINIMAL_CASE.replace("erisa_group", "employer"),
        [(7, "plan.plan_type", "not one of the allowed values")],
    ),
    (
        "enum typo suggests",
        MINIMAL_CASE.replace("erisa_group", "erisa_grup"),
        [(7, "plan.plan_type", "Did you mean 'erisa_group'")],
    ),
    (
        "misspelt field",
        MINIMAL_CASE.replace("  insurer:", "  insurar:"),
        [(6, "plan.insurar", "did you mean 'insurer'"), (None, "plan.insurer", "required")],
    ),
    (
        "missing section",
        "patient:\n  name: A\nplan:\n  insurer: X\n",
        [(None, "service", "is required but missing")],
    ),
    (
        "missing everything",
        "synthetic: true\n",
        [(None, "patient", "required"), (None, "plan", "required"), (None, "service", "required")],
    ),
    (
        "empty name",
        MINIMAL_CASE.replace("name: Test Person", "name: ''"),
        [(4, "patient.name", "must not be empty")],
    ),
    (
        "unknown spelled out",
        MINIMAL_CASE + "  in_network: perhaps\n",
        [(10, "service.in_network", "expected true, false or unknown")],
    ),
    (
        "bad state",
        MINIMAL_CASE.replace("erisa_group", "erisa_group\n  state: Cali"),
        [(8, "plan.state", "two-letter")],
    ),
    ("bad code", MINIMAL_CASE + "denial:\n  codes: [CO-50, CO50]\n", [(11, "denial.codes[1]", "group code")]),
    (
        "bad npi",
        MINIMAL_CASE + "providers:\n  - name: Dr A\n    npi: '1234567890'\n",
        [(12, "providers[0].npi", "check digit")],
    ),
    (
        "bad diagnosis",
        MINIMAL_CASE + "  diagnoses:\n    - code: depression\n",
        [(11, "service.diagnoses[0].code", "ICD-10-CM")],
    ),
    ("two cases in one file", "- patient: {name: A}\n- patient: {name: B}\n", [(1, "", "one case per file")]),
    ("a bare string", "hello\n", [(1, "", "one case per file")]),
    (
        "duplicate key",
        MINIMAL_CASE + "patient:\n  name: Other\n",
        [(10, "", "given twice (first on line 3)")],
    ),
    ("broken yaml", "patient:\n  name: A\n plan: x\n", [(3, "", "not valid YAML")]),
    ("tab indentation", "patient:\n\tname: A\n", [(2, "", "not valid YAML")]),
    (
        "impossible timeline",
        MINIMAL_CASE + "events:\n  - {kind: denial_dated, at: 2026-03-10}\n"
        "  - {kind: denial_received, at: 2026-03-01}\n  - {kind: appeal_filed, at: 2026-02-01}\n",
        [
            (12, "events[1].at", "cannot be received before"),
            (13, "events[2].at", "before the denial is dated"),
        ],
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_each_broken_file_names_line_field_and_what_was_expected(write_case, name, text, expected):
    path = write_case(text)
    report = validate_case_file(path, today=TODAY)
    assert not report.ok
    assert report.case is None
    for line, field, words in expected:
        matches = [i for i in report.errors if i.field == field and words in i.message]
        assert matches, f"no error on {field!r} mentioning {words!r}; got:\n{report}"
        assert all(i.file == str(path) for i in matches)
        if line is not None:
            assert matches[0].line == line, f"{field}: line {matches[0].line}, expected {line}"


def test_every_problem_is_reported_at_once_not_just_the_first(write_case):
    path = write_case("""\
        patient:
          name: A
          date_of_birth: yesterday
        plan:
          insurer: X
          plan_type: hmo
          funding: insured
        service:
          description: IOP
          sessions_requested: many
        """)
    report = validate_case_file(path, today=TODAY)
    assert {i.field for i in report.errors} == {
        "patient.date_of_birth",
        "plan.plan_type",
        "plan.funding",
        "service.sessions_requested",
    }


def test_load_case_raises_one_error_listing_all_problems(write_case):
    path = write_case("patient: {name: A}\nplan: {insurer: X, plan_type: hmo}\n")
    with pytest.raises(CaseFileError) as info:
        load_case(path)
    message = str(info.value)
    assert str(path) in message and "plan.plan_type" in message and "service" in message
    assert len(info.value.report.errors) == 2


def test_missing_file(tmp_path):
    report = validate_case_file(tmp_path / "nope.yaml")
    assert "file not found" in str(report)


def test_a_folder_is_not_a_case_file(tmp_path):
    assert "is a folder" in str(validate_case_file(tmp_path))


def test_empty_file(write_case):
    assert "is empty" in str(validate_case_file(write_case("   \n")))


def test_binary_file_is_refused_without_decoding(tmp_path):
    path = tmp_path / "scan.yaml"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02binary")
    assert "binary file" in str(validate_case_file(path))


def test_non_utf8_text_names_the_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("patient:\n  name: Jos\xe9\n".encode("latin-1"))
    report = validate_case_file(path)
    assert "not UTF-8" in str(report) and report.errors[0].line == 2


def test_huge_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (MAX_CASE_FILE_BYTES + 10))
    report = validate_case_file(path)
    assert "MB" in str(report) and "right file" in str(report)


def test_very_long_values_are_shortened_in_messages(write_case):
    path = write_case(MINIMAL_CASE.replace("erisa_group", "z" * 5000))
    message = validate_case_file(path).errors[0].message
    assert len(message) < 700 and "..." in message


def test_json_case_files_are_read_and_errors_give_the_line(tmp_path):
    good = tmp_path / "good.json"
    good.write_text('{"patient": {"name": "A"}, "plan": {"insurer": "X"}, "service": {"description": "y"}}')
    assert validate_case_file(good).ok
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "patient": {"name": "A"},\n  "plan": {"insurer": "X",}\n}')
    report = validate_case_file(bad)
    assert "not valid JSON" in str(report) and report.errors[0].line == 3


def test_yaml_1_1_traps_do_not_change_values(write_case):
    path = write_case(MINIMAL_CASE + "denial:\n  reference_number: 0114\n  claim_number: 10:30\n  text: no\n")
    case = validate_case_file(path, today=TODAY).case
    assert case.denial.reference_number == "0114"
    assert case.denial.claim_number == "10:30"
    assert case.denial.text == "no"


def test_revenue_code_with_leading_zero_stays_a_code(write_case):
    path = write_case(MINIMAL_CASE + "  lines:\n    - code: 0114\n")
    case = validate_case_file(path, today=TODAY).case
    assert case.service.lines[0].code == "0114"
