"""`mhnotebook parity qtl` and `mhnotebook parity nqtl`: JSON keys exactly as the issue names them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mhnotebook.cli import app
from mhnotebook.paths import samples_dir

runner = CliRunner()
PARITY = samples_dir() / "parity"
KEYS = {
    "fraction_subject",
    "substantially_all",
    "shares",
    "predominant_level",
    "levels_combined",
    "mh_sud_level",
    "mh_sud_permitted",
    "explanation",
    "citation",
}


def run(*args: str):
    return runner.invoke(app, ["parity", *args])


def test_a_single_comparison_prints_one_object_with_the_issue_keys(tmp_path):
    path = tmp_path / "one.yaml"
    path.write_text(
        "classification: outpatient_in_network\nrequirement_type: copayment\nmedical_surgical:\n"
        "  - {level: 0,  projected_payments: 200}\n  - {level: 10, projected_payments: 200}\n"
        "  - {level: 15, projected_payments: 200}\n  - {level: 20, projected_payments: 300}\n"
        "  - {level: 50, projected_payments: 100}\nmh_sud_level: 20\n"
    )
    result = run("qtl", str(path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= KEYS
    assert data["fraction_subject"] == "4/5" and data["substantially_all"] is True
    assert data["shares"] == {"50": "1/8", "20": "3/8", "15": "1/4", "10": "1/4"}
    assert data["predominant_level"] == "15" and data["levels_combined"] == ["50", "20", "15"]
    assert data["mh_sud_level"] == "20" and data["mh_sud_permitted"] is False
    assert isinstance(data["explanation"], list) and "2590.712(c)(3)" in data["citation"]


def test_a_whole_plan_prints_a_list_and_an_overall_verdict():
    result = run("qtl", str(PARITY / "plan-example.yaml"), "--json")
    data = json.loads(result.stdout)
    assert len(data["comparisons"]) == 7 and all(set(c) >= KEYS for c in data["comparisons"])
    failing = [c for c in data["comparisons"] if not c["substantially_all"]]
    assert failing and all(c["predominant_level"] is None and c["shares"] == {} for c in failing)
    assert data["overall"]["mh_sud_permitted"] is False and data["overall"]["not_permitted"] == 4
    assert data["dollar_limits"][0]["case"] == "none" and data["dollar_limits"][0]["mh_sud_permitted"]


def test_csv_and_readable_output():
    result = run("qtl", str(PARITY / "plan-example.csv"))
    assert result.exit_code == 0 and "NOT PERMITTED" in result.stdout and "$15" in result.stdout


def test_a_benefits_summary_prints_the_sensitivity():
    result = run("qtl", str(PARITY / "benefits-summary.yaml"))
    assert "FLIPS when" in result.stdout and "holds in every scenario" in result.stdout
    data = json.loads(run("qtl", str(PARITY / "benefits-summary.yaml"), "--json").stdout)
    assert data[0]["conclusions"]["mh_sud_permitted"]["holds"] is False


def test_bad_input_goes_to_stderr_with_exit_1(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "classification: nowhere\nrequirement_type: copayment\nmedical_surgical: [{level: 5, projected_payments: -1}]\n"
    )
    result = run("qtl", str(path), "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "classification: unknown 'nowhere'" in result.stderr or "zero or more" in result.stderr


def test_nqtl_json_and_reports(tmp_path):
    result = run("nqtl", str(PARITY / "nqtl-workbook.yaml"), "--json")
    data = json.loads(result.stdout)
    assert data["synthetic"] and len(data["sha256"]) == 64
    assert {f["status"] for f in data["flags"]} == {"NEEDS EXPLANATION"}
    html = tmp_path / "out" / "report.html"
    result = run("nqtl", str(PARITY / "nqtl-workbook.yaml"), "--report", str(html))
    assert result.exit_code == 0 and html.is_file()
    text = html.read_text()
    assert data["sha256"] in text and "mhnotebook 0." in text and "NEEDS EXPLANATION" in text
    assert "http://" not in text and "https://" not in text
    bad = run("nqtl", str(PARITY / "nqtl-workbook.yaml"), "--report", str(tmp_path / "r.docx"))
    assert bad.exit_code == 1
