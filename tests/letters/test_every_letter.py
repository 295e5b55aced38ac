"""Every letter kind, drafted for every sample case, read the way the tests can read it.

Each manifest element names the case facts a recipient must find; for every kind and sample those
facts (whenever the case has them) must be in the letter's text. No placeholder, None, template
syntax, empty section or uncited law may reach a letter.
"""

from __future__ import annotations

import re

import pytest

from mhnotebook.rendering.letters import draft_letter, letter_kinds
from mhnotebook.rendering.letters.context import build_context
from mhnotebook.rendering.letters.readiness import lookup
from mhnotebook.rendering.letters.signers import choose_signer
from mhnotebook.rules.triage import triage_case
from tests.conftest import TODAY
from tests.letters.drafts import SAMPLES, case_of, flat, letter_of

KINDS = [k.kind for k in letter_kinds()]


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_element_of_the_manifest_is_in_the_letter(kind: str, sample: str) -> None:
    letter = letter_of(kind, sample)
    case = case_of(sample)
    entry = letter.kind
    found = triage_case(case, as_of=TODAY)
    signer = choose_signer(case, None) if entry.voice == "clinician" else None
    context = build_context(case, found, voice=entry.voice, signer=signer, today=TODAY)
    text = flat(letter.text)
    missing = []
    for element in entry.elements:
        for path in element.shows:
            for value in lookup(context, path):
                if isinstance(value, (str, int, float)) and flat(str(value)) not in text:
                    missing.append(f"{element.id}: {path} = {str(value)[:60]!r}")
    assert not missing, f"{kind} for {sample} leaves out: " + "; ".join(missing)


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("kind", KINDS)
def test_no_placeholder_none_or_template_syntax_reaches_a_letter(kind: str, sample: str) -> None:
    letter = letter_of(kind, sample)
    text = letter.text
    assert not re.search(r"\bNone\b", text)
    assert "{{" not in letter.markdown and "{%" not in letter.markdown and "{#" not in letter.markdown
    assert "TODO" not in text and "XXX" not in text
    assert not re.search(r"[^.]\.\.(?!\.)", text), "doubled full stop"
    assert " ," not in text and "()" not in text
    if letter.readiness.ready:
        assert not letter.gaps, f"gaps without a missing required field: {letter.gaps}"
    else:
        assert letter.gaps, "missing required facts must show in place"


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("kind", KINDS)
def test_no_heading_is_left_empty(kind: str, sample: str) -> None:
    lines = [line for line in letter_of(kind, sample).markdown.splitlines() if line.strip()]
    for here, following in zip(lines, [*lines[1:], ""], strict=True):
        if here.startswith("#"):
            assert following and not following.startswith("#" * here.index(" ") + " "), (
                f"{kind}/{sample}: empty section {here!r}"
            )


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("kind", KINDS)
def test_html_parser_and_the_word_and_text_parser_read_a_letter_the_same_way(kind: str, sample: str) -> None:
    from mhnotebook.rendering.letters.markdown import _parser, markdown_to_html

    source = letter_of(kind, sample)._source
    assert (
        markdown_to_html(source) == _parser().render(source).replace("\ue000", "").replace("\ue001", "")
        or "\ue000" in source
    )


MEDICARE = [s for s in SAMPLES if case_of(s).plan.plan_type.value.startswith("medicare")]
SELF_FUNDED_ERISA = [
    s
    for s in SAMPLES
    if case_of(s).plan.plan_type == "erisa_group" and case_of(s).plan.funding == "self_funded"
]


@pytest.mark.parametrize("sample", MEDICARE)
@pytest.mark.parametrize("kind", KINDS)
def test_a_medicare_letter_never_cites_the_parity_law(kind: str, sample: str) -> None:
    text = letter_of(kind, sample).text
    for word in ("MHPAEA", "2590.712", "1185a", "146.136", "147.160", "Consolidated Appropriations Act"):
        assert word not in text


@pytest.mark.parametrize("sample", SELF_FUNDED_ERISA)
@pytest.mark.parametrize("kind", KINDS)
def test_a_self_funded_erisa_letter_never_cites_state_insurance_law(kind: str, sample: str) -> None:
    text = letter_of(kind, sample).text.lower()
    assert "state insurance law" not in text and "department of insurance" not in text


def test_the_sample_cases_cover_every_plan_family_the_letters_cite() -> None:
    families = {case_of(s).plan.plan_type.value for s in SAMPLES}
    assert {"erisa_group", "medicaid_managed_care", "medicare_advantage", "medicare_original"} <= families
    assert MEDICARE and SELF_FUNDED_ERISA


def test_the_letter_cites_the_appeal_rule_of_its_own_plan_type() -> None:
    erisa = letter_of("medical_necessity", "not-medically-necessary-iop").text
    assert "29 CFR 2560.503-1" in erisa and "42 CFR 438" not in erisa
    medicaid = draft_letter("medical_necessity", case_of("out-of-network-network-gap"), today=TODAY).text
    assert "2560.503-1" not in medicaid


@pytest.mark.parametrize("sample", ["no-prior-auth-inpatient-detox", "part-d-buprenorphine"])
def test_sud_records_carry_the_part_2_notice(sample: str) -> None:
    text = letter_of("medical_necessity", sample).text
    assert "42 CFR Part 2" in text


def test_no_part_2_notice_without_a_sud_diagnosis() -> None:
    assert "42 CFR Part 2" not in letter_of("medical_necessity", "not-medically-necessary-iop").text


def test_drafting_is_deterministic() -> None:
    case = case_of("residential-eating-disorder")
    first = draft_letter("medical_necessity", case, today=TODAY)
    second = draft_letter("medical_necessity", case, today=TODAY)
    assert first.markdown == second.markdown and first.html == second.html


def test_a_measure_series_is_a_table_a_stated_change_and_a_figure() -> None:
    letter = letter_of("medical_necessity", "not-medically-necessary-iop")
    assert "| PHQ-9 | June 22, 2026 | 14 |" in letter.markdown
    assert "PHQ-9 rose from 14 on June 22, 2026 to 22 on October 12, 2026" in letter.text
    assert letter.chart_svg is not None and "<svg" in letter.html and "PHQ-9" in letter.chart_svg
    assert "\ue002" not in letter.markdown and "\ue002" not in letter.html
