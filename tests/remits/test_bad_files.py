"""Malformed 835s: a message with the file and the segment, and the rest of the batch still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from mhnotebook.analytics.remits.reader import read_835_rows, read_remittances
from mhnotebook.errors import RemittanceError

GOOD = (
    "ISA*00*          *00*          *ZZ*SYNTHETIC      *ZZ*SYNTHPRACTICE  *260101*1200*^*00501*000000001*0*T*:~\n"
    "GS*HP*SYNTHETIC*SYNTHPRACTICE*20260101*1200*1*X*005010X221A1~\n"
    "ST*835*0001~\n"
    "BPR*I*50*C*CHK************20260101~\n"
    "N1*PR*SYNTHETIC PAYER~\n"
    "CLP*A1*1*100*50**12*X1~\n"
    "SVC*HC:90837*100*50**1~\n"
    "CAS*CO*45*50~\n"
    "SE*7*0001~\n"
    "GE*1*1~\n"
    "IEA*1*000000001~\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_cut_inside_a_patient_name_does_not_print_the_name():
    cut = GOOD.replace("SVC*HC", "NM1*QC*1*DOE*JANE****MI*SYN123~\nSVC*HC")
    cut = cut[: cut.index("JANE") + 3]
    with pytest.raises(RemittanceError, match="inside a 'NM1' segment") as info:
        read_835_rows(cut, "cut.835")
    assert "DOE" not in str(info.value) and "JAN" not in str(info.value)


def test_the_good_file_reads():
    rows = read_835_rows(GOOD, "good.835")
    assert (len(rows.claims), len(rows.lines), len(rows.adjustments)) == (1, 1, 1)
    assert rows.warnings == []


def test_a_file_cut_mid_segment_names_the_last_segment():
    cut = GOOD[: GOOD.index("CAS*CO*45") + 6]
    with pytest.raises(RemittanceError) as info:
        read_835_rows(cut, "cut.835")
    error = info.value
    assert error.source == "cut.835" and error.segment == 8 and error.line == 8
    assert "truncated" in str(error) and "cut.835, segment 8 (line 8)" in str(error)


def test_a_file_cut_after_a_whole_segment_says_the_transaction_has_no_se():
    cut = GOOD[: GOOD.index("SE*")]
    with pytest.raises(RemittanceError, match="starts at segment 3 has no SE") as info:
        read_835_rows(cut, "cut.835")
    assert info.value.segment == 3 and info.value.line == 3


def test_a_number_that_is_not_one_names_the_element_and_segment():
    bad = GOOD.replace("CLP*A1*1*100*50", "CLP*A1*1*1OO*50")
    with pytest.raises(
        RemittanceError, match=r"segment 6 \(line 6\): CLP03 \(claim charge\) should be a number, not '1OO'"
    ):
        read_835_rows(bad, "bad.835")


def test_an_adjustment_before_any_claim_is_refused_with_its_position():
    bad = GOOD.replace("N1*PR*SYNTHETIC PAYER~", "CAS*CO*45*1~")
    with pytest.raises(RemittanceError, match=r"segment 5 .*CAS .*outside a claim"):
        read_835_rows(bad, "bad.835")


def test_a_claim_file_837_is_not_taken_for_a_remittance():
    with pytest.raises(RemittanceError, match="'837' is not a remittance advice"):
        read_835_rows(GOOD.replace("ST*835", "ST*837"), "claim.837")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("name,amount\nA,1\n", "not an X12 file"),
        ("ISA*00*short~", "cut short"),
    ],
)
def test_things_that_are_not_835s(text, message):
    with pytest.raises(RemittanceError, match=message):
        read_835_rows(text, "x.txt")


def test_one_bad_file_does_not_stop_the_batch(tmp_path):
    good = _write(tmp_path, "a-good.835", GOOD)
    bad = _write(tmp_path, "b-bad.835", GOOD[:200])
    batch = read_remittances([good, bad, tmp_path / "missing.835"], progress=False)
    assert len(batch.claims) == 1 and batch.files_read == [str(good)]
    assert [e.source for e in batch.errors] == [str(bad), str(tmp_path / "missing.835")]
    assert "cannot read" in batch.errors[1].message
    assert batch.errors[0].as_dict()["segment"] is not None


def test_a_bad_file_contributes_no_rows_at_all(tmp_path):
    late_error = GOOD.replace("SE*7*0001~\n", "SE*7*0001~\nST*835*0002~\nCLP*B*1*ZZ~\nSE*3*0002~\n")
    batch = read_remittances([_write(tmp_path, "x.835", late_error)], progress=False)
    assert len(batch.errors) == 1 and len(batch.claims) == 0 and len(batch.adjustments) == 0


def test_a_folder_scan_skips_readmes_and_hidden_folders(tmp_path):
    _write(tmp_path, "remit.835", GOOD)
    _write(tmp_path, "README.txt", "these are remittances")
    (tmp_path / ".cache").mkdir()
    _write(tmp_path / ".cache", "copy.835", GOOD)
    batch = read_remittances([tmp_path], progress=False)
    assert [Path(f).name for f in batch.files] == ["remit.835"]


def test_windows_line_ends_latin1_and_a_bom_are_read(tmp_path):
    data = ("\ufeff" + GOOD.replace("SYNTHETIC PAYER", "PAYÉ")).replace("\n", "\r\n").encode("utf-8")
    rows = read_835_rows(data, "crlf.835")
    assert rows.claims[0][3] == "PAYÉ"
    latin = GOOD.replace("SYNTHETIC PAYER", "PAYÉ").encode("latin-1")
    assert read_835_rows(latin, "latin.835").claims[0][3] == "PAYÉ"


def test_newline_as_the_segment_terminator(tmp_path):
    text = GOOD.replace("~\n", "\n")
    rows = read_835_rows(text, "nl.835")
    assert len(rows.adjustments) == 1


def test_a_wrong_se_count_is_a_warning_not_a_failure():
    rows = read_835_rows(GOOD.replace("SE*7*", "SE*9*"), "se.835")
    assert len(rows.claims) == 1
    assert rows.warnings[0]["segment"] == 9 and "SE01 says 9" in rows.warnings[0]["message"]
