"""Denied lines, their paths, appeal advice and the practice counts, on small remits with known answers."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from mhnotebook.analytics.remits.denials import UNCLASSIFIED, appeal_advice, find_denied_lines
from mhnotebook.analytics.remits.metrics import (
    appeal_candidates,
    denials_by,
    filter_denials,
    remits_report,
    remittance_provenance,
)
from mhnotebook.analytics.remits.reader import read_remittances
from mhnotebook.analytics.remits.synthetic import SynthClaim, SynthLine, SynthRemit, write_835
from mhnotebook.cli import app

from .conftest import REAL_835


def _line(code, charge, paid, *adjustments, rarcs=()):
    return SynthLine(
        code=code,
        charge=charge,
        paid=paid,
        service_date=date(2026, 3, 2),
        adjustments=adjustments,
        rarcs=rarcs,
    )


CLAIMS = (
    # 1: paid line with a write-down, and a line denied by CO-50 (medical necessity) with a remark.
    SynthClaim(
        "C1",
        "1",
        (
            _line("90837", 200, 150, ("CO", "45", 50)),
            _line("90838", 300, 0, ("CO", "50", 300), rarcs=("N10",)),
        ),
    ),
    # 2: whole claim denied (CLP02 = 4) with a claim-level timely-filing code, no line codes.
    SynthClaim("C2", "4", (_line("90834", 120, 0),), claim_adjustments=(("CO", "29", 120),)),
    # 3: paid zero because of the deductible: patient responsibility, not a denial.
    SynthClaim("C3", "1", (_line("90834", 120, 0, ("PR", "1", 120)),)),
    # 4: a reversal of an earlier payment carrying a denial-looking code: never a denial.
    SynthClaim("C4", "22", (_line("90834", -120, -120, ("CO", "50", 5)),)),
    # 5: denied claim whose codes are not in the table.
    SynthClaim("C5", "4", (_line("H0015", 90, 0, ("OA", "A7", 90)),)),
    # 6: a line paid in part with a bundling code taking part of it.
    SynthClaim("C6", "1", (_line("90785", 40, 10, ("CO", "97", 30)),)),
)


@pytest.fixture
def batch(tmp_path):
    remits = [
        SynthRemit("PAYER ONE", "P1", "PRACTICE", "9999900001", date(2026, 3, 20), CLAIMS[:3], 1),
        SynthRemit("PAYER TWO", "P2", "PRACTICE", "9999900001", date(2026, 4, 20), CLAIMS[3:], 2),
    ]
    for remit in remits:
        (tmp_path / f"r{remit.control_number}.835").write_text(write_835(remit), encoding="utf-8")
    return read_remittances([tmp_path], progress=False)


def test_denied_lines_are_line_codes_denied_claims_and_unexplained_zero_pay(batch):
    denied = find_denied_lines(batch)
    got = {(row.procedure_code, row.code, row.path, row.basis) for row in denied.itertuples()}
    assert got == {
        ("90838", "CO-50", "B", "line adjustment"),
        ("90834", "CO-29", "timely_filing", "claim denied"),
        ("H0015", UNCLASSIFIED, UNCLASSIFIED, "claim denied"),
        ("90785", "CO-97", "E", "line adjustment"),
    }


def test_denied_amounts_and_remark_codes(batch):
    denied = find_denied_lines(batch).set_index("procedure_code")
    assert denied.loc["90838", "denied_amount"] == 300 and denied.loc["90838", "rarcs"] == "N10"
    assert denied.loc["90834", "denied_amount"] == 120
    assert denied.loc["90785", "denied_amount"] == 30  # only what the bundling code took
    assert list(find_denied_lines(batch)["denied_amount"]) == sorted(denied["denied_amount"], reverse=True)


def test_appeal_advice_follows_the_path_table():
    assert appeal_advice("B")[:2] == (True, "appeal")
    assert "External review" in appeal_advice("B")[2]
    assert appeal_advice("E")[:2] == (False, "correct and resubmit")
    assert appeal_advice("timely_filing")[0] is False
    assert appeal_advice("eligibility")[:2] == (True, "check coverage, then appeal")
    assert appeal_advice(None)[:2] == (False, "ask the payer")


def test_worth_appealing_lists_the_medical_necessity_line_only(batch):
    candidates = appeal_candidates(find_denied_lines(batch))
    assert list(candidates["procedure_code"]) == ["90838"]
    assert candidates.loc[0, "action"] == "appeal" and candidates.loc[0, "why"]
    assert appeal_candidates(find_denied_lines(batch), min_amount=301).empty


def test_counts_by_payer_path_carc_and_month(batch):
    denied = find_denied_lines(batch)
    by_payer = denials_by(denied, "payer").set_index("payer")
    assert by_payer.loc["PAYER ONE", "denied_lines"] == 2 and by_payer.loc["PAYER TWO", "denied_lines"] == 2
    assert by_payer.loc["PAYER ONE", "denied_amount"] == 420
    assert by_payer["share"].sum() == pytest.approx(1.0)
    assert list(denials_by(denied, "month")["month"]) == ["2026-03", "2026-04"]
    assert set(denials_by(denied, "carc")["carc"]) == {"CO-50", "CO-29", "CO-97", UNCLASSIFIED}
    by_path = denials_by(denied, "path").set_index("path")
    assert by_path.loc["B: Not medically necessary", "worth_appealing"] == 1
    with pytest.raises(ValueError, match="choose one of payer, path, carc, month"):
        denials_by(denied, "state")


def test_filters_are_applied_and_stated(batch):
    denied = find_denied_lines(batch)
    kept, filters = filter_denials(denied, payers=["PAYER ONE"], paths=["B", "E"])
    assert list(kept["procedure_code"]) == ["90838"]
    assert filters == ["payer in PAYER ONE", "path in B, E"]
    provenance = remittance_provenance(batch, filters)
    assert provenance.date_range == "remittance dates 2026-03-20 to 2026-04-20"
    assert (
        "path in B, E" in provenance.filters
        and "patient names and member identifiers masked" in provenance.filters
    )
    assert "r1.835" in provenance.source


def test_report_has_the_issue_s_keys_and_counts(batch):
    report = remits_report(batch, find_denied_lines(batch))
    assert list(report)[:8] == [
        "files",
        "claims",
        "service_lines",
        "adjustments",
        "denied_lines",
        "by_carc",
        "by_path",
        "errors",
    ]
    assert (report["files"], report["claims"], report["service_lines"]) == (2, 6, 7)
    assert report["adjustments"] == 7  # six line-level pairs and one claim-level pair
    assert report["denied_lines"] == 4
    assert report["by_path"] == {"B": 1, "E": 1, "timely_filing": 1, UNCLASSIFIED: 1}


def test_cli_json_on_a_folder_and_a_bad_file(batch, tmp_path):
    (tmp_path / "z-broken.835").write_text("ISA*00*", encoding="utf-8")
    result = CliRunner().invoke(app, ["remits", str(tmp_path), "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert {
        "files",
        "claims",
        "service_lines",
        "adjustments",
        "denied_lines",
        "by_carc",
        "by_path",
        "errors",
    } <= set(payload)
    assert payload["claims"] == 6 and payload["denied_lines"] == 4
    assert payload["errors"][0]["file"].endswith("z-broken.835")


def test_cli_masks_names_unless_asked(tmp_path):
    remit = SynthRemit("PAYER", "P", "PRACTICE", "9999900001", date(2026, 1, 2), (CLAIMS[0],), 1)
    (tmp_path / "a.835").write_text(write_835(remit), encoding="utf-8")
    masked = read_remittances([tmp_path], progress=False)
    assert masked.claims.loc[0, "patient_name"] == "[masked]"
    shown = read_remittances([tmp_path], unmask=True, progress=False)
    assert shown.claims.loc[0, "patient_name"] == "SYNTHETIC PATIENT"
    result = CliRunner().invoke(app, ["remits", str(tmp_path), "--json", "--show-identifiers"])
    assert json.loads(result.stdout)["identifiers_masked"] is False


@pytest.mark.skipif(not REAL_835.is_dir(), reason="shared real data not present")
def test_cli_on_every_real_file_counts_what_the_reader_counts():
    result = CliRunner().invoke(app, ["remits", str(REAL_835), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    batch = read_remittances([REAL_835], progress=False)
    assert payload["files"] == 15 and payload["errors"] == []
    assert payload["claims"] == len(batch.claims) and payload["adjustments"] == len(batch.adjustments)
    assert payload["by_carc"]["CO-50"] == 6  # the six line-level medical-necessity denials in DeIdent_02
    assert sum(payload["by_path"].values()) == payload["denied_lines"]


@pytest.mark.parametrize("seed", [0, 7])
def test_the_fast_summary_counts_exactly_what_the_line_table_counts(seed):
    from mhnotebook.analytics.remits.denials import denied_lines_from_frames
    from mhnotebook.analytics.remits.metrics import summarize_denials
    from mhnotebook.analytics.remits.synthetic import synthetic_practice_frames

    frames = synthetic_practice_frames(30_000, seed=seed)
    denied = denied_lines_from_frames(*frames)
    fast = summarize_denials(*frames)
    for by, table in fast.items():
        assert table.equals(denials_by(denied, by)), by


@pytest.mark.skipif(not REAL_835.is_dir(), reason="shared real data not present")
def test_the_fast_summary_agrees_on_the_real_files():
    from mhnotebook.analytics.remits.metrics import summarize_denials

    batch = read_remittances([REAL_835], progress=False)
    denied = find_denied_lines(batch)
    fast = summarize_denials(batch.claims, batch.service_lines, batch.adjustments)
    for by, table in fast.items():
        assert table.equals(denials_by(denied, by)), by


def test_cli_text_on_the_shipped_samples_names_paths_and_says_names_are_masked():
    from mhnotebook.paths import samples_dir

    result = CliRunner().invoke(app, ["remits", str(samples_dir() / "remits")])
    assert result.exit_code == 0
    assert "B: Not medically necessary" in result.stdout and "largest worth appealing" in result.stdout
    assert "masked" in result.stdout
