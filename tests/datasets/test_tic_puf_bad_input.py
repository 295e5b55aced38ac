"""A file that is not the PUF it claims to be fails with the file and the place, never half-loaded."""

from __future__ import annotations

import openpyxl
import pytest

from mhnotebook.analytics.tic_panel import load_tic_panel
from mhnotebook.analytics.tic_puf import load_tic_puf, parse_cells
from mhnotebook.errors import DatasetError

HEADER_2023 = [
    "State", "Issuer_Name", "Issuer_ID", "Is_Issuer_New_to_Exchange? (Yes_or_No)", "SADP_Only?", "Plan_ID",
    "QHP/SADP", "Plan_Type", "Metal_Level", "URL_Claims_Payment_Policies", "Issuer_Claims_Received",
    "Issuer_Claims_Denials", "Issuer_Internal_Appeals_Filed", "Issuer_Number_Internal_Appeals_Overturned",
    "Issuer_Percent_Internal_Appeals_Overturned", "Issuer_External_Appeals_Filed",
    "Issuer_Number_External_Appeals_Overturned", "Issuer_Percent_External_Appeals_Overturned",
    "Plan_Number_Claims_Received", "Plan_Number_Claims_Denied", "Plan_Number_Claims_Denied_Referral_Required",
    "Plan_Number_Claims_Denied_Out_of_Network", "Plan_Number_Claims_Denied_Services_Excluded",
    "Plan_Number_Claims_Denied_Not_Medically_Necessary_Excl_Behavioral_Health",
    "Plan_Number_Claims_Denied_Not_Medically_Necessary_Behavioral_Health_Only", "Plan_Number_Claims_Denied_Other",
]  # fmt: skip


def _workbook(path, sheet, header, rows=()):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(["title"])
    ws.append(["legend"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _row(**overrides):
    values = dict.fromkeys(HEADER_2023, "**")
    values.update(
        {"State": "TX", "Issuer_Name": "Synthetic Health", "Issuer_ID": "12345", "Plan_ID": "12345TX0010001"}
    )
    values.update({"SADP_Only?": "No", "Issuer_Claims_Received": 1000, "Issuer_Claims_Denials": 200})
    values.update(overrides)
    return [values[h] for h in HEADER_2023]


def test_a_small_synthetic_2023_layout_loads_and_deduplicates_issuers(tmp_path):
    path = _workbook(
        tmp_path / "puf.xlsx",
        "Transparency 2023 - Ind QHP",
        HEADER_2023,
        [
            _row(),
            _row(Plan_ID="12345TX0010002"),
            _row(State="OK", Plan_ID="12345OK0010001", Issuer_Claims_Denials="*"),
        ],
    )
    data = load_tic_puf(path)
    assert data.claims_year == 2021 and len(data.plans) == 3 and len(data.issuers) == 2
    tx = data.issuers[data.issuers["state"] == "TX"].iloc[0]
    assert (tx["claims_received_in_network"], tx["claims_denied_in_network"], tx["plans"]) == (1000, 200, 2)
    ok = data.issuers[data.issuers["state"] == "OK"].iloc[0]
    assert ok["claims_denied_in_network_status"] == "not_available"


def test_wrong_sheet_names_the_file_and_lists_the_sheets(tmp_path):
    path = _workbook(tmp_path / "other.xlsx", "Sheet1", HEADER_2023)
    with pytest.raises(DatasetError, match=r"other\.xlsx: sheets: expected exactly one sheet.*Sheet1"):
        load_tic_puf(path)


def test_unknown_puf_year_layout_is_refused(tmp_path):
    path = _workbook(tmp_path / "future.xlsx", "Transparency 2031 - Ind QHP", HEADER_2023)
    with pytest.raises(DatasetError, match="unknown PUF layout for PUF year 2031"):
        load_tic_puf(path)


def test_a_header_from_another_year_names_the_sheet_row_and_missing_columns(tmp_path):
    path = _workbook(tmp_path / "mixed.xlsx", "Transparency 2025 - Ind QHP", HEADER_2023)
    with pytest.raises(
        DatasetError, match=r"sheet 'Transparency 2025 - Ind QHP' row 3: header does not match.*Exchange_Type"
    ):
        load_tic_puf(path)


def test_negative_counts_fail_the_schema_check_with_the_column(tmp_path):
    path = _workbook(
        tmp_path / "neg.xlsx", "Transparency 2023 - Ind QHP", HEADER_2023, [_row(Issuer_Claims_Denials=-5)]
    )
    with pytest.raises(DatasetError, match="issuer_claims_denied_in_network"):
        load_tic_puf(path)


def test_not_a_workbook_and_missing_file(tmp_path):
    text = tmp_path / "puf.xlsx"
    text.write_text("State;Issuer\n")
    with pytest.raises(DatasetError, match=r"puf\.xlsx: not an Excel \.xlsx workbook"):
        load_tic_puf(text)
    with pytest.raises(DatasetError, match="file not found"):
        load_tic_puf(tmp_path / "absent.xlsx")


def test_panel_with_the_wrong_delimiter_says_so(tmp_path):
    path = tmp_path / "panel.csv"
    path.write_text("puf_publication_year;claims_year;state\n2017;2015;AK\n")
    with pytest.raises(DatasetError, match=r"panel\.csv: line 1 \(header\): missing columns"):
        load_tic_panel(path)


def test_legend_tokens_blanks_and_numbers_parse_to_distinct_statuses():
    tokens = {"*": "not_available", "**": "suppressed", "***": "not_required", "N/A": "new_to_exchange"}
    numbers, status = parse_cells([12, "1,234", " ** ", "*", "***", "N/A", None, "", "n.a."], tokens)
    assert numbers[:2] == [12.0, 1234.0] and all(n is None for n in numbers[2:])
    assert status == [
        "reported", "reported", "suppressed", "not_available", "not_required", "new_to_exchange", "blank", "blank", "unreadable",
    ]  # fmt: skip


def test_an_imr_file_given_as_the_panel_says_what_was_expected(tmp_path):
    path = tmp_path / "imr.csv"
    path.write_text("Reference ID;Report Year\nMN16-1;2016\nMN16-2;2016;extra,field,here\n")
    with pytest.raises(DatasetError, match=r"imr\.csv: (not the UTF-8 comma-separated|line 1 \(header\))"):
        load_tic_panel(path)
