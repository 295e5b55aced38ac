"""Exports: Word with real structure, PDF with the letter's text, files owner-only, gaps refused."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from mhnotebook.errors import LetterError, LetterNotReady
from mhnotebook.models import Case
from mhnotebook.paths import sample_case_path
from mhnotebook.rendering.letters import draft_letter, letter_kinds
from mhnotebook.validation import load_case
from tests.conftest import TODAY


def sample(name: str = "not-medically-necessary-iop") -> Case:
    return load_case(sample_case_path(name))


def half_filled() -> Case:
    data = sample().model_dump(mode="json", exclude_none=True)
    del data["patient"]["member_id"]
    data["service"]["diagnoses"] = []
    data["providers"][0].pop("credentials")
    return Case.model_validate(data)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_word_export_has_headings_paragraphs_lists_tables_and_the_figure(tmp_path: Path) -> None:
    from docx import Document

    export = draft_letter("medical_necessity", sample(), today=TODAY).to_docx(tmp_path / "letter.docx")
    doc = Document(str(export.path))
    styles = [p.style.name for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "Letter of medical necessity" in headings and "Functional impairment" in headings
    assert styles.count("List Bullet") >= 5 and styles.count("Normal") >= 5
    assert len(doc.tables) >= 3  # identifiers, measures, LOCUS dimensions
    assert doc.tables[0].cell(1, 0).text == "Patient" and doc.tables[0].cell(1, 1).text == "Quinn Example"
    assert len(doc.inline_shapes) == 1  # the measures figure
    assert "Synthetic sample" in doc.sections[0].footer.paragraphs[0].text or "SYNTHETIC" in (
        doc.sections[0].footer.paragraphs[0].text
    )


def test_pdf_export_carries_the_letter_text(tmp_path: Path) -> None:
    export = draft_letter("medical_necessity", sample(), today=TODAY).to_pdf(tmp_path / "letter.pdf")
    assert export.path.read_bytes().startswith(b"%PDF-")
    text = " ".join(pdf_text(export.path).split())
    for fact in (
        "Quinn Example",
        "SYN3390518",
        "PA-26-1015-22817",
        "F33.2",
        "29 CFR 2560.503-1",
        "Page 1 of",
    ):
        assert fact in text


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx", ".pdf"])
def test_every_export_is_owner_only(tmp_path: Path, suffix: str) -> None:
    export = draft_letter("medical_necessity", sample(), today=TODAY).export(tmp_path / f"letter{suffix}")
    assert stat.S_IMODE(export.path.stat().st_mode) == 0o600 and not export.warnings


def test_unknown_format_is_refused_with_the_formats_named(tmp_path: Path) -> None:
    with pytest.raises(LetterError, match=r"\.md, \.html, \.docx or \.pdf"):
        draft_letter("medical_necessity", sample(), today=TODAY).export(tmp_path / "letter.rtf")


def test_a_half_filled_case_previews_with_gaps_in_place() -> None:
    letter = draft_letter("medical_necessity", half_filled(), today=TODAY)
    assert not letter.readiness.ready
    assert set(letter.readiness.missing_required) == {
        "the member ID",
        "at least one diagnosis with its ICD-10-CM code",
        "the signer's credentials",
    }
    assert "| Member ID | **\\[fill in: the member ID\\]** |" in letter.markdown
    assert '<mark class="gap"' in letter.html and "[fill in: the member ID]" in letter.html


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx", ".pdf"])
def test_export_refuses_while_required_facts_are_missing_naming_all_of_them(
    tmp_path: Path, suffix: str
) -> None:
    letter = draft_letter("medical_necessity", half_filled(), today=TODAY)
    with pytest.raises(LetterNotReady) as refused:
        letter.export(tmp_path / f"letter{suffix}")
    message = str(refused.value)
    for label in ("the member ID", "at least one diagnosis", "the signer's credentials"):
        assert label in message
    assert not (tmp_path / f"letter{suffix}").exists()


def test_export_with_visible_markers_lists_them_as_warnings(tmp_path: Path) -> None:
    from docx import Document

    letter = draft_letter("medical_necessity", half_filled(), today=TODAY)
    export = letter.to_docx(tmp_path / "draft.docx", allow_gaps=True)
    assert len(export.warnings) == 3 and all("fill-in marker" in w for w in export.warnings)
    runs = [run for p in Document(str(export.path)).paragraphs for run in p.runs if run.font.highlight_color]
    assert any("[fill in: the signer's credentials]" in run.text for run in runs)
    pdf = letter.to_pdf(tmp_path / "draft.pdf", allow_gaps=True)
    assert "[fill in: the member ID]" in pdf_text(pdf.path)


def test_readiness_names_the_evidence_a_reviewer_will_miss() -> None:
    data = sample().model_dump(mode="json", exclude_none=True)
    data["clinical"] = {"symptoms": ["low mood"]}
    letter = draft_letter("medical_necessity", Case.model_validate(data), today=TODAY)
    missing = dict(letter.readiness.missing_evidence)
    for label in (
        "functional impairment",
        "standardized measures",
        "a measure over time",
        "earlier treatment and lower levels tried",
        "a risk assessment",
        "a level-of-care rating",
        "a treatment plan with a review date",
    ):
        assert label in missing
    assert letter.readiness.ready  # evidence is advice; only required facts block export
    assert "Functional impairment" not in letter.text  # no empty section for missing evidence


def test_readiness_reports_deadlines_already_passed() -> None:
    letter = draft_letter("medical_necessity", sample("missed-deadline-original-medicare"), today=TODAY)
    assert letter.readiness.deadlines_passed
    assert "405.942" in " ".join(letter.readiness.deadlines_passed)


def test_the_signer_can_be_chosen_by_name_and_a_wrong_name_is_explained() -> None:
    case = sample()
    letter = draft_letter("medical_necessity", case, signer="Jesse Mockley", today=TODAY)
    assert "Jesse Mockley, LCSW-R" in letter.text
    with pytest.raises(ValueError, match="providers: Alex Specimen, Jesse Mockley"):
        draft_letter("medical_necessity", case, signer="Nobody", today=TODAY)


def test_an_unknown_kind_lists_the_known_ones() -> None:
    with pytest.raises(LetterError, match="medical_necessity"):
        draft_letter("love_letter", sample(), today=TODAY)


def test_every_kind_has_a_template_title_and_one_line_description() -> None:
    for kind in letter_kinds():
        assert kind.title and kind.description and "\n" not in kind.description.strip()
        assert kind.elements, f"{kind.kind} lists no required elements"


def test_every_letter_triage_suggests_is_a_kind_mhnotebook_drafts() -> None:
    from mhnotebook.rules.actions import action_rows

    suggested = {letter for row in action_rows() for letter in row.letters}
    assert suggested <= {k.kind for k in letter_kinds()}


def test_the_kinds_the_issue_asks_for_are_all_there() -> None:
    wanted = {
        "medical_necessity", "internal_appeal", "expedited_appeal", "external_review", "peer_to_peer_worksheet",
        "peer_to_peer_followup", "retro_authorization", "network_gap", "continuity_of_care", "benefit_exception",
        "corrected_claim_cover", "claim_file_request", "parity_disclosure_request", "insurer_complaint",
        "regulator_complaint", "accreditation_complaint", "authorized_representative", "patient_appeal",
        "patient_records_request", "patient_guide", "phone_script", "phone_confirmation",
    }  # fmt: skip
    assert wanted <= {k.kind for k in letter_kinds()}


def test_the_user_guide_lists_every_kind() -> None:
    from mhnotebook.paths import source_checkout

    guide = (source_checkout() / "docs" / "letters.md").read_text(encoding="utf-8")
    for kind in letter_kinds():
        assert f"`{kind.kind}`" in guide


def test_drafting_one_kind_never_leaves_its_gaps_in_the_next_kind_for_the_same_case() -> None:
    from mhnotebook.rules.triage import triage_case

    case = sample()
    found = triage_case(case, as_of=TODAY)
    gap = draft_letter("network_gap", case, today=TODAY, triage=found)
    assert "provider-search log" in " ".join(gap.gaps)
    again = draft_letter("medical_necessity", case, today=TODAY, triage=found)
    assert not again.gaps and again.readiness.ready
    assert draft_letter("network_gap", case, today=TODAY, triage=found).markdown == gap.markdown
