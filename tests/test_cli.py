"""The command line: `mhnotebook validate` and friends, as a user types them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from mhnotebook.cli import app
from mhnotebook.paths import sample_case_path, sample_case_paths
from tests.conftest import MINIMAL_CASE

runner = CliRunner()


def test_validate_passes_every_sample_and_exits_zero():
    paths = [str(p) for p in sample_case_paths()]
    result = runner.invoke(app, ["validate", "--today", "2026-11-22", *paths])
    assert result.exit_code == 0, result.output
    assert f"{len(paths)} file(s): {len(paths)} valid, 0 with errors" in result.output


def test_validate_prints_every_problem_and_exits_nonzero(write_case):
    bad = write_case(
        "patient: {name: A}\nplan: {insurer: X, plan_type: hmo}\nservice: {description: y, "
        "sessions_requested: lots}\n",
        name="bad.yaml",
    )
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2: error: plan.plan_type: 'hmo' is not one of the allowed values" in result.output
    assert f"{bad}:3: error: service.sessions_requested: expected a whole number" in result.output
    assert "Traceback" not in result.output


def test_validate_checks_every_file_even_after_a_bad_one(write_case, tmp_path):
    bad = write_case("patient: [", name="bad.yaml")
    good = write_case(MINIMAL_CASE, name="good.yaml")
    result = runner.invoke(app, ["validate", str(bad), str(good), str(tmp_path / "missing.yaml")])
    assert result.exit_code == 1
    assert "3 file(s): 1 valid, 2 with errors" in result.output


def test_validate_json_output(write_case):
    good = write_case(MINIMAL_CASE.replace("erisa_group", "unknown"))
    result = runner.invoke(app, ["validate", "--json", str(good)])
    payload = json.loads(result.output)
    assert result.exit_code == 0
    assert payload[0]["valid"] is True and payload[0]["warnings"] == 1
    assert payload[0]["issues"][0]["field"] == "plan.plan_type"


def test_strict_makes_warnings_fail(write_case):
    warned = write_case(MINIMAL_CASE.replace("erisa_group", "unknown"))
    assert runner.invoke(app, ["validate", "--strict", str(warned)]).exit_code == 1


def test_bad_today_is_a_usage_error(write_case):
    result = runner.invoke(app, ["validate", "--today", "22/11/2026", str(write_case(MINIMAL_CASE))])
    assert result.exit_code == 2 and "not a date" in result.output


def test_show_prints_the_summary():
    result = runner.invoke(app, ["show", str(sample_case_path("residential-eating-disorder"))])
    assert result.exit_code == 0
    assert "[SYNTHETIC SAMPLE]" in result.output and "Denial" in result.output


def test_show_reports_a_broken_file_without_a_traceback(write_case):
    result = runner.invoke(app, ["show", str(write_case("patient: {}\n"))])
    assert result.exit_code == 1 and "patient.name" in result.output


def test_samples_lists_every_sample():
    result = runner.invoke(app, ["samples"])
    assert result.exit_code == 0
    assert all(p.stem in result.output for p in sample_case_paths())


def test_dictionary_and_schema_print():
    assert "### ServiceLine" in runner.invoke(app, ["dictionary"]).output
    schema = json.loads(runner.invoke(app, ["schema"]).output)
    assert "patient" in schema["properties"]


def test_where_names_the_private_data_directory(private_data_dir):
    result = runner.invoke(app, ["where"])
    assert str(private_data_dir) in result.output


def test_lab_dry_run_stays_on_loopback_and_opens_start_here():
    result = runner.invoke(app, ["lab", "--dry-run", "--no-browser", "--port", "8899"])
    assert result.exit_code == 0
    command = result.output
    assert "--ServerApp.ip=127.0.0.1" in command
    assert "--LabApp.default_url=/lab/tree/00-start-here.ipynb" in command
    assert "--LabApp.news_url=None" in command and "NeverCheckForUpdate" in command
    assert "--ServerApp.port=8899" in command and "open_browser=False" in command


def test_version():
    from mhnotebook import __version__

    assert runner.invoke(app, ["--version"]).output.strip() == f"mhnotebook {__version__}"


def test_new_starts_a_private_case_from_a_sample(private_data_dir):
    import stat

    from mhnotebook.validation import load_case

    result = runner.invoke(app, ["new", "avery", "--from", "residential-eating-disorder"])
    assert result.exit_code == 0, result.output
    path = private_data_dir.resolve() / "cases" / "avery.yaml"
    assert str(path) in result.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    case = load_case(path)
    assert case.synthetic is False and case.case_id == "avery" and case.notes is None
    again = runner.invoke(app, ["new", "avery", "--from", "residential-eating-disorder"])
    assert again.exit_code == 1 and "already exists" in again.output


def test_new_refuses_paths_and_unknown_samples():
    assert "plain file name" in runner.invoke(app, ["new", "../escape", "--from", "experimental-tms"]).output
    assert "no sample case named" in runner.invoke(app, ["new", "x", "--from", "nope"]).output
