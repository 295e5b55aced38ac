"""Both IMR vintages load; the MH/SUD grouping is data, stated in outputs, and reproducible."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from mhnotebook.analytics.imr import default_grouping, load_imr
from mhnotebook.cli import app
from mhnotebook.errors import DatasetError

runner = CliRunner()
OLD = "dmhc_imr_2001-2016_no-findings.csv"
CURRENT = "current-vintage-2026/sample20_2023-2026_with-findings.csv"


@pytest.fixture(scope="module")
def old(real_dir):
    return load_imr(real_dir / "ca-imr" / OLD)


def test_the_2016_file_loads_every_row_with_the_published_overall_rate(old):
    frame = old.decisions
    assert len(frame) == old.report.rows_read == 19228
    assert frame["reference_id"].is_unique
    assert (int(frame["overturned"].sum()), frame["report_year"].min(), frame["report_year"].max()) == (
        8452,
        2001,
        2016,
    )
    assert set(frame["age_range"]) >= {"11-20", "65+"}
    assert old.modified and "third party" in old.modified


def test_groups_partition_the_decisions_and_autism_is_apart(old, real_dir):
    frame = old.decisions
    counts = frame["group"].value_counts()
    assert counts.sum() == len(frame)
    raw = pd.read_csv(real_dir / "ca-imr" / OLD, sep=";", dtype=str, keep_default_na=False)
    autism_dx = (raw["Diagnosis Category"] == "Autism Spectrum").sum()
    assert counts["Autism"] >= autism_dx
    assert not frame[(frame["group"] == "MH/SUD") & (frame["diagnosis_category"] == "Autism Spectrum")].shape[
        0
    ]


def test_a_diagnosis_only_grouping_reproduces_the_provenance_figures(real_dir):
    # PROVENANCE.md: MH/SUD = diagnosis category Mental or Alcohol and Drug Addiction -> 2,513 cases,
    # 1,166 overturned; SUD 388 / 131. Our grouping is data, so the same rule must give the same answer.
    grouping = {
        "name": "provenance check",
        "autism": {"diagnosis_categories": ["Autism Spectrum"], "treatment_categories": []},
        "mh_sud": {
            "diagnosis_categories": ["Mental", "Alcohol and Drug Addiction"],
            "treatment_categories": [],
        },
        "sud": default_grouping()["sud"],
    }
    frame = load_imr(real_dir / "ca-imr" / OLD, grouping).decisions
    mh = frame[frame["group"] == "MH/SUD"]
    assert (len(mh), int(mh["overturned"].sum())) == (2513, 1166)
    sud = mh[mh["subgroup"] == "SUD"]
    assert (len(sud), int(sud["overturned"].sum())) == (388, 131)


def test_the_current_vintage_sample_loads_with_its_extra_columns(real_dir):
    data = load_imr(real_dir / "ca-imr" / CURRENT)
    assert data.vintage == "current" and len(data.decisions) == 20
    assert set(data.decisions["imr_type"]) <= {"Standard", "Expedited"}
    first = data.decisions.set_index("reference_id").loc["MN24-40814"]
    assert (first["group"], first["subgroup"], first["age_range"]) == ("MH/SUD", "SUD", "41-50")


def test_cli_json_has_the_issue_keys_with_the_grouping_and_citation(real_dir):
    result = runner.invoke(app, ["denials", "imr", "--json", str(real_dir / "ca-imr" / OLD)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) >= {"overall", "mh_sud", "by_year", "by_type", "groups"}
    for part in ("overall", "mh_sud"):
        p = out[part]
        assert set(p) == {"n", "overturned", "rate", "ci_low", "ci_high"}
        assert 0 <= p["ci_low"] <= p["rate"] <= p["ci_high"] <= 1
    assert out["overall"]["n"] == 19228 and out["overall"]["overturned"] == 8452
    assert "Mental" in out["groups"]["mh_sud"]["diagnosis_categories"]
    assert out["citation"] == "DMHC IMR Data, 2001 - Current"
    assert "third party" in out["modified"] and "not the official DMHC file" in out["modified"]
    years = {r["report_year"] for r in out["by_year"]}
    assert years == set(range(2001, 2017))


def test_cli_text_filters_by_year_and_says_so(real_dir):
    result = runner.invoke(app, ["denials", "imr", "--year", "2015", str(real_dir / "ca-imr" / OLD)])
    assert result.exit_code == 0, result.output
    assert "report years 2015" in result.output and "DMHC IMR Data, 2001 - Current" in result.output


def test_wrong_delimiter_encoding_and_determination_name_file_and_line(tmp_path, real_dir):
    text = (real_dir / "ca-imr" / OLD).read_text()
    comma = tmp_path / "comma.csv"
    comma.write_text(text.replace(";", ","))
    with pytest.raises(
        DatasetError, match=r"comma\.csv: line 1 \(header\): .*';'-separated but this file uses ','"
    ):
        load_imr(comma)
    latin = tmp_path / "latin.csv"
    lines = text.splitlines()
    latin.write_bytes(
        ("\r\n".join([*lines[:3], lines[3].replace("Female", "Fémale")]) + "\r\n").encode("latin-1")
    )
    with pytest.raises(DatasetError, match=r"latin\.csv: line 4: not UTF-8"):
        load_imr(latin)
    odd = tmp_path / "odd.csv"
    odd.write_text(
        "\r\n".join([lines[0], lines[1].replace("Overturned Decision of Health Plan", "Withdrawn")])
    )
    with pytest.raises(
        DatasetError, match=r"odd\.csv: line 2, column 'Determination': unknown determination 'Withdrawn'"
    ):
        load_imr(odd)
    short = tmp_path / "short.csv"
    short.write_text("\r\n".join([lines[0], lines[1].rsplit(";", 1)[0]]))
    with pytest.raises(DatasetError, match=r"short\.csv: line 2: expected 10 fields, found 9"):
        load_imr(short)


def test_a_workbook_given_to_the_imr_loader_is_named_as_such(real_dir):
    with pytest.raises(DatasetError, match=r"tc-puf-py2025_claims2023\.xlsx: this is an Excel workbook"):
        load_imr(real_dir / "tic-puf" / "tc-puf-py2025_claims2023.xlsx")
