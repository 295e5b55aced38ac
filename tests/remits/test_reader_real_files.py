"""The 835 reader on every real file in the shared data: exact counts, traps handled, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from mhnotebook.analytics.remits.reader import MASK, read_remittances

from .conftest import REAL_835, independent_counts, real_835_files

FILES = real_835_files()


def test_the_shared_folder_holds_the_fifteen_files_the_provenance_lists():
    if not FILES:
        pytest.skip("shared real data not present")
    assert len(FILES) == 15


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_real_file_reads_with_exact_claim_line_and_adjustment_counts(path: Path):
    batch = read_remittances([path])
    assert batch.errors == []
    expected = independent_counts(path)
    assert expected["CLP"] > 0
    assert len(batch.claims) == expected["CLP"]
    assert len(batch.service_lines) == expected["SVC"]
    assert len(batch.adjustments) == expected["CAS"]


# Counts published in the folder's PROVENANCE.md (another person's tokenizer), where it gives them.
PUBLISHED = {
    "deidentified/oopfactory_835_DeIdent_02.dat": {"claims": 375, "lines": 1552, "cas": 2439},
    "deidentified/oopfactory_835_DeIdent_01.dat": {"claims": 96, "lines": 365},
    "deidentified/oopfactory_nebraska-medicaid_ExampleFromNth.txt": {"claims": 56},
    "tr3-examples/badx12_X221-multiple-claims-single-check.edi": {"claims": 9, "lines": 33},
    "tr3-examples/linuxforhealth_managed-care.835": {"claims": 2},
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_counts_match_the_ones_published_in_the_provenance(real_835_dir, name):
    batch = read_remittances([real_835_dir / name])
    published = PUBLISHED[name]
    assert len(batch.claims) == published["claims"]
    if "lines" in published:
        assert len(batch.service_lines) == published["lines"]
    if "cas" in published:
        assert len(batch.adjustments) == published["cas"]


def test_a_folder_reads_every_file_once_and_one_batch_numbers_claims_uniquely(real_835_dir):
    batch = read_remittances([real_835_dir])
    assert len(batch.files) == 15 and batch.errors == []
    assert batch.claims["claim_id"].is_unique and batch.service_lines["line_id"].is_unique
    assert set(batch.service_lines["claim_id"]) <= set(batch.claims["claim_id"])
    assert set(batch.adjustments["claim_id"]) <= set(batch.claims["claim_id"])
    line_adjustments = batch.adjustments.dropna(subset=["line_id"])
    assert set(line_adjustments["line_id"]) <= set(batch.service_lines["line_id"])


def test_bom_indented_lines_and_reversals_in_the_behavioral_health_file(real_835_dir):
    batch = read_remittances([real_835_dir / "denials/oopfactory_ohio-adamh-bh_Example1.txt"])
    claims = batch.claims
    assert "22" in set(claims["status"]) and "25" in set(claims["status"])
    assert claims["payer_name"].iloc[0] == "ASHTABULA COUNTY ADAMH BD"
    reversal = claims[claims["status"].eq("22")].dropna(subset=["charge"])
    assert (reversal["charge"] < 0).all()
    assert set(batch.service_lines["procedure_code"]) >= {"H0004", "H0005", "H0015", "H0036"}
    assert {"CR-18", "CO-29", "PI-104"} <= set(batch.adjustments["group"] + "-" + batch.adjustments["carc"])
    assert "MA92" in set(batch.service_lines["rarcs"])


def test_a_declared_colon_with_angle_brackets_used_still_splits_the_procedure(real_835_dir):
    batch = read_remittances([real_835_dir / "tr3-examples/linuxforhealth_cob-contractural-adjustment.835"])
    line = batch.service_lines.iloc[0]
    assert (line["procedure_qualifier"], line["procedure_code"]) == ("HC", "55669")
    assert any("declared ':'" in w["message"] for w in batch.warnings)
    assert batch.adjustments["amount"].tolist() == [516.0, -9.0]  # OA-94 negative kept


def test_a_shifted_svc_element_is_read_and_reported(real_835_dir):
    batch = read_remittances([real_835_dir / "tr3-examples/linuxforhealth_tertiary-payment.835"])
    line = batch.service_lines.iloc[0]
    assert (line["charge"], line["paid"]) == (1766.50, 187.50)
    assert batch.warnings and "bare qualifier" in batch.warnings[0]["message"]


def test_a_file_without_envelope_infers_its_separators(real_835_dir):
    batch = read_remittances([real_835_dir / "payer-samples/blue_cross_nc_sample.txt"])
    assert batch.errors == []
    assert batch.service_lines["procedure_code"].tolist() == ["59430", "59440", "59426"]


def test_several_interchanges_in_one_file(real_835_dir):
    path = real_835_dir / "deidentified/oopfactory_nebraska-medicaid_ExampleFromNth.txt"
    assert path.read_text(encoding="utf-8-sig").count("ISA*") == 3
    batch = read_remittances([path])
    assert batch.claims["version"].eq("5010").all()
    assert (batch.claims["status"] == "4").sum() == 16  # PROVENANCE: 16 denied


def test_masked_version_fields_do_not_stop_the_reader(real_835_dir):
    batch = read_remittances([real_835_dir / "deidentified/oopfactory_835_DeIdent_02.dat"])
    assert batch.claims["version"].eq("unknown").all()
    co50 = batch.adjustments[(batch.adjustments["group"] == "CO") & (batch.adjustments["carc"] == "50")]
    assert len(co50) == 6  # PROVENANCE: CO-50 (medical necessity) x6


def test_claim_and_line_remark_codes_reach_their_adjustments(real_835_dir):
    batch = read_remittances([real_835_dir / "denials/pyx12_835_mult_loops.txt"])
    co16 = batch.adjustments[batch.adjustments["carc"] == "16"].iloc[0]
    assert co16["level"] == "line" and co16["rarcs"] == "N14"
    medicare = read_remittances([real_835_dir / "tr3-examples/linuxforhealth_medicare-part-a.835"])
    assert medicare.claims["rarcs"].tolist() == ["", "MA02"]
    assert medicare.adjustments["level"].eq("claim").all()


def test_names_and_member_ids_are_masked_unless_asked(real_835_dir):
    path = real_835_dir / "tr3-examples/badx12_X221-multiple-claims-single-check.edi"
    masked = read_remittances([path])
    for column in ("patient_name", "member_id", "patient_control_number"):
        assert masked.claims[column].eq(MASK).all()
    assert masked.claims["insured_name"].isin(["", MASK]).all()
    text = masked.claims.to_csv() + masked.service_lines.to_csv() + masked.adjustments.to_csv()
    assert "SANDY" not in text and "SJD11112" not in text
    shown = read_remittances([path], unmask=True)
    assert shown.claims["patient_name"].iloc[0] == "SANDY DOE"
    assert shown.claims["member_id"].iloc[0] == "SJD11112"
    assert "JOHN DOE" in set(shown.claims["insured_name"])


def test_real_folder_is_where_the_tests_expect_it():
    assert REAL_835.name == "x12-835"
