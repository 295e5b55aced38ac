"""A billing export read through a column mapping (and its errors), and the practice chart specs."""

from __future__ import annotations

from pathlib import Path

import pytest

from mhnotebook.analytics.remits.charts import (
    chart_denials_by_month,
    chart_denials_by_path,
    chart_denials_by_payer,
)
from mhnotebook.analytics.remits.claims_csv import claims_csv_frames, read_claims_csv
from mhnotebook.analytics.remits.denials import denied_lines_from_frames
from mhnotebook.analytics.remits.synthetic import synthetic_practice_frames
from mhnotebook.errors import ClaimsCsvError

MAPPING = {
    "claim_id": "Claim #",
    "payer": "Insurance",
    "service_date": "DOS",
    "procedure_code": "CPT",
    "charge": "Billed",
    "paid": "Paid",
    "carc": "Denial Code",
    "rarcs": "Remarks",
    "patient_name": "Patient",
}
EXPORT = (
    "Claim #,Patient,Insurance,DOS,CPT,Billed,Paid,Denial Code,Remarks\n"
    '1001,Ann Sample,Example Health,03/02/2026,90837,"$1,200.00",0,CO-50,N10\n'
    "1001,Ann Sample,Example Health,03/09/2026,90837,200,150,,\n"
    "1002,Bo Example,Other Example Plan,04/01/2026,90834,120,0,CO-16,N290 M77\n"
)


def _write(tmp_path: Path, text: str, name: str = "export.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_an_export_reads_through_the_mapping(tmp_path):
    frame = read_claims_csv(_write(tmp_path, EXPORT), MAPPING, date_format="%m/%d/%Y")
    assert frame["charge"].tolist() == [1200.0, 200.0, 120.0]
    assert frame["group"].tolist() == ["CO", "", "CO"] and frame["carc"].tolist() == ["50", "", "16"]
    assert frame["rarcs"].tolist() == ["N10", "", "N290,M77"]
    assert frame["patient_name"].eq("[masked]").all()
    assert read_claims_csv(_write(tmp_path, EXPORT), MAPPING, unmask=True)["patient_name"][0] == "Ann Sample"


def test_an_export_feeds_the_same_denial_pipeline(tmp_path):
    frame = read_claims_csv(_write(tmp_path, EXPORT), MAPPING, date_format="%m/%d/%Y")
    denied = denied_lines_from_frames(*claims_csv_frames(frame))
    assert sorted(zip(denied["code"], denied["path"], strict=True)) == [("CO-16", "E"), ("CO-50", "B")]
    assert denied.loc[denied["code"] == "CO-50", "denied_amount"].item() == 1200.0


def test_a_semicolon_export_read_as_commas_says_which_delimiter(tmp_path):
    path = _write(tmp_path, EXPORT.replace(",", ";").replace('"$1;200.00"', "1200"))
    with pytest.raises(ClaimsCsvError, match=r"export.csv, line 1: .*semicolon-separated: use delimiter=';'"):
        read_claims_csv(path, MAPPING)
    assert len(read_claims_csv(path, MAPPING, delimiter=";")) == 3


def test_a_windows_export_names_the_line_with_the_bad_byte(tmp_path):
    path = _write(tmp_path, EXPORT.replace("Bo Example", "Zoë Example"), encoding="cp1252")
    with pytest.raises(ClaimsCsvError, match=r"line 4: byte 0xeb is not utf-8 text.*cp1252"):
        read_claims_csv(path, MAPPING)
    assert read_claims_csv(path, MAPPING, encoding="cp1252", unmask=True)["patient_name"][2] == "Zoë Example"


def test_a_missing_mapped_column_lists_the_header(tmp_path):
    with pytest.raises(
        ClaimsCsvError,
        match=r"line 1: column\(s\) 'Paid Amt' \(for paid\) not in the header; the header has: Claim #",
    ):
        read_claims_csv(_write(tmp_path, EXPORT), {**MAPPING, "paid": "Paid Amt"})


def test_mapping_mistakes_are_named(tmp_path):
    with pytest.raises(ClaimsCsvError, match="lacks required fields: paid"):
        read_claims_csv(_write(tmp_path, EXPORT), {k: v for k, v in MAPPING.items() if k != "paid"})
    with pytest.raises(ClaimsCsvError, match="unknown fields \\['amount'\\]"):
        read_claims_csv(_write(tmp_path, EXPORT), {**MAPPING, "amount": "Billed"})


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("200,150", "200,n/a", r"line 3: column 'Paid': 'n/a' is not an amount"),
        ("04/01/2026", "04/31/2026", r"line 4: column 'DOS': '04/31/2026' is not a date in the format"),
    ],
)
def test_bad_cells_name_line_and_column(tmp_path, old, new, message):
    with pytest.raises(ClaimsCsvError, match=message):
        read_claims_csv(_write(tmp_path, EXPORT.replace(old, new)), MAPPING, date_format="%m/%d/%Y")


# --- charts --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def denied():
    return denied_lines_from_frames(*synthetic_practice_frames(20_000, seed=1))


def test_charts_are_aggregated_before_plotting(denied):
    assert len(denied) > 5000  # more than Altair's row limit
    for chart in (
        chart_denials_by_path(denied),
        chart_denials_by_payer(denied),
        chart_denials_by_month(denied),
    ):
        spec = chart.to_dict()
        values = next(iter(spec["datasets"].values()))
        assert len(values) < 200
        assert spec["mark"]["type"] == "bar" and spec["encoding"]["tooltip"]


def test_path_chart_counts_add_up_and_split_by_advice(denied):
    spec = chart_denials_by_path(denied).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert sum(v["lines"] for v in values) == len(denied)
    assert {v["advice"] for v in values} == {"looks worth appealing", "correct, check or ask"}
    assert spec["encoding"]["y"]["field"] == "path" and spec["title"].startswith("Where the denials")


def test_payer_chart_keeps_the_top_payers_and_sums_the_rest(denied):
    spec = chart_denials_by_payer(denied, top=5).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert len({v["payer"] for v in values}) == 6 and "other payers" in {v["payer"] for v in values}
    assert sum(v["lines"] for v in values) == len(denied)


def test_month_chart_has_one_bar_per_month_and_path(denied):
    spec = chart_denials_by_month(denied).to_dict()
    values = next(iter(spec["datasets"].values()))
    assert len({v["month"] for v in values}) == 24
    assert spec["encoding"]["color"]["field"] == "path_label"
