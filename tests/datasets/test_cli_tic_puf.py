"""`mhnotebook denials tic-puf` as a user types it: the issue's keys, fractions, and clear errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mhnotebook.cli import app

runner = CliRunner()
KEYS = {
    "claims_year", "issuers", "in_network_claims", "in_network_denied", "in_network_denial_rate",
    "out_of_network_denial_rate", "internal_appeals_filed", "internal_appeals_overturned",
    "internal_appeal_overturn_rate", "reason_shares", "filters",
}  # fmt: skip


@pytest.fixture(scope="module")
def puf_json(real_dir):
    files = [
        real_dir / "tic-puf" / n for n in ("tc-puf-py2023_claims2021.xlsx", "tc-puf-py2025_claims2023.xlsx")
    ]
    result = runner.invoke(app, ["denials", "tic-puf", "--json", *map(str, files)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_is_one_object_per_claims_year_with_the_issue_keys(puf_json):
    assert [y["claims_year"] for y in puf_json] == [2021, 2023]
    for year in puf_json:
        assert set(year) >= KEYS
        for key in ("in_network_denial_rate", "internal_appeal_overturn_rate"):
            assert 0 <= year[key] <= 1
        assert sum(year["reason_shares"].values()) == pytest.approx(1.0)


def test_out_of_network_is_null_before_2022_and_reported_after(puf_json):
    by_year = {y["claims_year"]: y for y in puf_json}
    assert by_year[2021]["out_of_network_denial_rate"] is None
    assert 0.3 < by_year[2023]["out_of_network_denial_rate"] < 0.45


def test_claims_year_2023_matches_the_published_headline_figures_within_a_point(puf_json):
    # Published analyses of claims year 2023: about 19% in-network denied, about 37%
    # out-of-network denied, about 56% of internal appeals upheld. docs/datasets.md explains the gaps.
    y2023 = next(y for y in puf_json if y["claims_year"] == 2023)
    assert y2023["in_network_denial_rate"] == pytest.approx(0.19, abs=0.01)
    assert y2023["out_of_network_denial_rate"] == pytest.approx(0.37, abs=0.01)
    assert 1 - y2023["internal_appeal_overturn_rate"] == pytest.approx(0.56, abs=0.01)


def test_filters_say_what_was_excluded(puf_json):
    filters = puf_json[0]["filters"]
    assert any("SADP-only" in f for f in filters)
    assert any("no in/out-of-network split" in f for f in filters)


def test_text_output_names_the_scope(real_dir):
    result = runner.invoke(
        app, ["denials", "tic-puf", str(real_dir / "tic-puf" / "tc-puf-py2026_claims2024.xlsx")]
    )
    assert result.exit_code == 0, result.output
    assert "claims year 2024" in result.output and "HealthCare.gov states only" in result.output


def test_a_wrong_file_fails_with_its_name_and_no_traceback(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    result = runner.invoke(app, ["denials", "tic-puf", str(bad)])
    assert result.exit_code == 2
    assert "notes.txt" in result.stderr and "Traceback" not in result.output
