"""The request and complaint papers: peer-to-peer worksheet and follow-up, claim-file and parity
requests, grievance, regulator and accreditor complaints, the phone script and its confirmation.

What each must get right for its reader: the worksheet has agenda A-G with room to write; a request
cites only the rules that reach this plan (and asks plainly where none does); a Medicare letter never
mentions parity; the regulator is the one triage chose; an accreditor gets no health information.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from mhnotebook.models import Case
from mhnotebook.models.base import day_of
from mhnotebook.paths import sample_case_path
from mhnotebook.rendering.letters import context as letter_context
from mhnotebook.rendering.letters import draft_letter
from mhnotebook.rendering.letters.wording import when_text
from mhnotebook.rules.triage import triage_case
from mhnotebook.validation import load_case
from tests.conftest import TODAY
from tests.letters.drafts import SAMPLES, case_of, flat, letter_of

MEDICARE = [s for s in SAMPLES if load_case(sample_case_path(s)).plan.plan_type.value.startswith("medicare")]


def edited(sample: str, change: Any) -> Case:
    """A sample case changed by ``change(data)`` (a dict of the case file), validated again."""
    data = case_of(sample).model_dump(mode="json", exclude_none=True)
    change(data)
    return Case.model_validate(data)


def section(markdown: str, heading: str) -> str:
    """The Markdown under one ``## heading``, up to the next heading of the same or a higher level."""
    start = markdown.index(heading)
    rest = markdown[start + len(heading) :]
    following = re.search(r"^#{1,2} ", rest, re.MULTILINE)
    return rest[: following.start()] if following else rest


# --- peer-to-peer worksheet ------------------------------------------------------------------------


def test_the_worksheet_has_agenda_a_to_g_in_order_each_with_blank_answer_cells() -> None:
    markdown = letter_of("peer_to_peer_worksheet", "not-medically-necessary-iop").markdown
    headings = re.findall(r"^## ([A-G])\. ", markdown, re.MULTILINE)
    assert headings == list("ABCDEFG")
    for letter in "ABCDEFG":
        body = section(markdown, f"## {letter}. ")
        assert re.search(r"^\| [^|]+ \| \|$", body, re.MULTILINE), (
            f"section {letter} has no blank answer cell"
        )


def test_the_worksheet_names_the_agenda_items_the_issue_lists() -> None:
    text = letter_of("peer_to_peer_worksheet", "not-medically-necessary-iop").text
    for words in (
        "A. Case summary, with new information",
        "B. The reviewer's credentials and specialty",
        "C. The required treatment and level of care",
        "D. The reviewer's basis and criteria",
        "E. Coverage status and the path to a determination",
        "F. The reviewer's proposed alternative",
        "G. Documentation requests",
        "The 15-minute agenda",
        "Key evidence to have at hand",
        "After the call: what to record",
    ):
        assert words in text


def test_the_worksheet_flags_a_reviewer_outside_the_specialty_and_not_one_inside_it() -> None:
    internist = flat(letter_of("peer_to_peer_worksheet", "not-medically-necessary-iop").text)
    assert "Robin Reviewson, MD (internal medicine)" in internist
    assert "not a mental health or addiction field" in internist
    assert "(the treating clinician's field: adult psychiatry)" in internist

    def psychiatrist(data: dict[str, Any]) -> None:
        data["denial"]["reviewer"]["specialty"] = "adult psychiatry"

    same = flat(
        draft_letter(
            "peer_to_peer_worksheet", edited("not-medically-necessary-iop", psychiatrist), today=TODAY
        ).text
    )
    assert "not a mental health or addiction field" not in same
    assert "confirm the board certification" in same


def test_the_worksheet_says_a_call_is_not_an_appeal_and_gives_the_next_filing_deadline() -> None:
    text = flat(letter_of("peer_to_peer_worksheet", "not-medically-necessary-iop").text)
    found = triage_case(case_of("not-medically-necessary-iop"), as_of=TODAY)
    upcoming = [d for d in found.deadlines if d.clock == "file_by" and d.status.value == "upcoming"]
    assert "not an appeal and does not stop any clock" in text
    assert upcoming and when_text(upcoming[0].due) in text and upcoming[0].citation in text


def test_the_worksheet_keeps_the_evidence_and_the_rating_dimensions_at_hand() -> None:
    letter = letter_of("peer_to_peer_worksheet", "not-medically-necessary-iop")
    assert "passive suicidal ideation" in section(letter.markdown, "## Risk").lower()
    assert letter.markdown.index("## Key evidence to have at hand") < letter.markdown.index("## Risk")
    for part in ("## Risk", "## Functional impairment", "## Treatment history", "## LOCUS rating"):
        assert part in letter.markdown
    assert "| Recovery Environment: Level of Support | 2 |" in letter.markdown


def test_the_worksheet_answer_cells_are_empty_in_word(tmp_path: Path) -> None:
    from docx import Document

    path = (
        letter_of("peer_to_peer_worksheet", "residential-eating-disorder").to_docx(tmp_path / "w.docx").path
    )
    rows = [
        (row.cells[0].text, row.cells[1].text)
        for table in Document(str(path)).tables
        for row in table.rows
        if len(row.cells) == 2
    ]
    asked = dict(rows)
    assert (
        asked["Reviewer's full name"] == "" and asked["The criterion said to be unmet, word for word"] == ""
    )


# --- peer-to-peer follow-up ------------------------------------------------------------------------


def test_the_follow_up_confirms_the_logged_call_and_asks_for_the_rationale_in_writing() -> None:
    letter = letter_of("peer_to_peer_followup", "residential-eating-disorder")
    text = flat(letter.text)
    first = flat(letter.markdown.split("## The call")[0])
    assert "November 18, 2026, 10:30 AM" in first and "written rationale" in first
    assert "authorization or reference number" in first
    assert '"stable enough for PHP"' in text
    assert "Morgan Testwell, MD (family medicine)" in text
    assert "An appeal was filed on November 19, 2026" in text
    assert letter.readiness.ready


def test_without_a_logged_call_the_follow_up_asks_for_it_to_be_logged() -> None:
    letter = letter_of("peer_to_peer_followup", "coding-error-telehealth")
    assert not letter.readiness.ready
    assert any("peer_to_peer event" in label for label in letter.readiness.missing_required)
    assert letter.gaps and "[fill in: a logged peer-to-peer call: add a peer_to_peer event" in letter.text


def test_the_follow_up_says_the_appeal_will_follow_when_none_is_filed() -> None:
    text = flat(letter_of("peer_to_peer_followup", "not-medically-necessary-iop").text)
    assert "I will file an expedited appeal at once" in text
    assert "29 CFR 2560.503-1(h)" in text


# --- claim file and plan documents ----------------------------------------------------------------


def test_an_erisa_claim_file_request_cites_the_claim_file_rule_and_the_30_day_document_clock() -> None:
    text = flat(letter_of("claim_file_request", "not-medically-necessary-iop").text)
    assert "29 CFR 2560.503-1(h)(2)(iii), (m)(8)" in text and "ERISA 104(b)(4)" in text
    assert "within 30 days" in text
    assert "438.406" not in text


def test_a_medicaid_claim_file_request_asks_for_the_case_file_under_438_406() -> None:
    text = flat(letter_of("claim_file_request", "out-of-network-network-gap").text)
    assert "case file" in text and "42 CFR 438.406" in text and "42 CFR 438.915" in text
    assert "2560.503-1" not in text and "104(b)" not in text and "30 days" not in text


def test_a_medicare_advantage_request_cites_only_the_medicare_criteria_row() -> None:
    asked = flat(
        section(letter_of("claim_file_request", "coding-error-telehealth").markdown, "## What I ask for")
    )
    assert re.findall(r"\d+ CFR [\d.]+", asked) == ["42 CFR 422.101"]
    assert "case file" in asked


@pytest.mark.parametrize(
    "sample", ["part-d-buprenorphine", "missed-deadline-original-medicare", "level-of-care-php-to-iop"]
)
def test_where_no_rule_applies_the_request_asks_plainly_without_a_citation(sample: str) -> None:
    asked = section(letter_of("claim_file_request", sample).markdown, "## What I ask for")
    assert "CFR" not in asked and "ERISA" not in asked and "U.S.C." not in asked
    assert "criteria" in asked and "name, credentials and specialty" in asked


# --- parity disclosure -----------------------------------------------------------------------------


@pytest.mark.parametrize("sample", MEDICARE)
def test_a_medicare_parity_request_is_a_plain_request_with_no_parity_words(sample: str) -> None:
    letter = letter_of("parity_disclosure_request", sample)
    text = letter.text
    for word in (
        "parity",
        "MHPAEA",
        "2590.712",
        "146.136",
        "147.160",
        "438.910",
        "Consolidated Appropriations",
    ):
        assert word.lower() not in text.lower()
    assert "criteria" in text and ("case file" in text or "claim file" in text)
    assert "a plan that federal parity law reaches" in [e for e, _ in letter.readiness.missing_evidence]


def test_the_parity_card_asks_for_the_four_disclosures_with_the_case_comparators() -> None:
    letter = letter_of("parity_disclosure_request", "not-covered-residential-exclusion")
    text = flat(letter.text)
    asked = flat(section(letter.markdown, "## What I ask for"))
    assert "29 CFR 2590.712(d)(1)" in asked and "ERISA 712(a)(8)" in asked
    assert "comparable medical/surgical benefits in the same classification" in asked
    assert "29 CFR 2560.503-1(h)(2)(iii), (m)(8)" in asked
    for comparator in case_of("not-covered-residential-exclusion").comparators:
        assert comparator.benefit in text and comparator.fact in text
    assert "within 30 days" in text


def test_a_visit_limit_adds_the_substantially_all_and_predominant_test() -> None:
    text = flat(letter_of("parity_disclosure_request", "session-limit-therapy").text)
    assert "45 CFR 146.136(c)(3)" in text and "at least two-thirds" in text
    assert (
        "5. All documents relevant to this claim"
        in letter_of("parity_disclosure_request", "session-limit-therapy").markdown
    )
    assert "(c)(3)" not in flat(
        letter_of("parity_disclosure_request", "not-covered-residential-exclusion").text
    )


def test_a_medicaid_parity_request_cites_the_medicaid_parity_rules_only() -> None:
    text = flat(letter_of("parity_disclosure_request", "out-of-network-network-gap").text)
    assert "42 CFR 438.910" in text and "42 CFR 438.915" in text
    assert "2590.712" not in text and "ERISA" not in text


def test_a_small_employer_plan_says_why_parity_does_not_apply_and_cites_none() -> None:
    def small(data: dict[str, Any]) -> None:
        data["plan"]["employer_size"] = 20

    letter = draft_letter(
        "parity_disclosure_request", edited("not-medically-necessary-iop", small), today=TODAY
    )
    text = flat(letter.text)
    assert "50 or fewer employees" in text
    for citation in ("2590.712", "712(a)(8)", "1185a"):
        assert citation not in text
    assert "29 CFR 2560.503-1(h)(2)(iii), (m)(8)" in text  # the plain claim-file request, with its ERISA rule


def test_the_context_lists_the_laws_triage_found_not_to_apply() -> None:
    case = case_of("part-d-buprenorphine")
    found = triage_case(case, as_of=TODAY)
    context = letter_context.build_context(case, found, voice="clinician", signer=None, today=TODAY)
    assert [v["law"] for v in context["not_applicable_law"]] == [
        v.law for v in found.applicable_law if v.applies == "no"
    ]
    assert context["parity_not_applicable"]["law"] == "mhpaea"
    assert context["patterns"] == []


# --- insurer complaint -----------------------------------------------------------------------------


def test_the_grievance_says_it_is_not_an_appeal_and_names_the_conduct_with_its_rule() -> None:
    letter = letter_of("insurer_complaint", "out-of-network-network-gap")
    text = flat(letter.text)
    first = flat(letter.markdown.split("## What the plan did")[0])
    assert "formal complaint (grievance)" in first and "not an appeal" in first
    assert "by November 21, 2026 (42 CFR 438.408(b)(2), (c)(3)): no decision had been received" in text
    assert "42 CFR 438.402(c)(2)(i)" in text  # the Medicaid grievance rule
    assert "Decide now, in writing, and explain the delay." in text


def test_the_grievance_shows_every_provider_search_attempt() -> None:
    letter = letter_of("insurer_complaint", "out-of-network-network-gap")
    log = section(letter.markdown, "## Provider search log")
    attempts = case_of("out-of-network-network-gap").provider_search
    assert len(re.findall(r"^\| [A-Z][a-z]+ \d", log, re.MULTILINE)) == len(attempts)
    for attempt in attempts:
        assert attempt.provider in letter.text


def test_a_missed_plan_clock_and_deemed_exhaustion_reach_the_complaints() -> None:
    def late(data: dict[str, Any]) -> None:
        for event in data["events"]:
            if event["kind"] == "denial_dated":
                event["at"] = "2026-11-05"
            if event["kind"] == "denial_received":
                event["at"] = "2026-11-09"

    case = edited("not-medically-necessary-iop", late)
    found = triage_case(case, as_of=TODAY)
    late_clocks = [d for d in found.deadlines if d.deemed_exhaustion]
    assert late_clocks
    for kind in ("insurer_complaint", "regulator_complaint"):
        text = flat(draft_letter(kind, case, today=TODAY).text)
        assert late_clocks[0].what in text and when_text(late_clocks[0].due) in text
        assert "29 CFR 2560.503-1(l)" in text


def test_a_short_notice_and_a_missed_appeal_window_ask_for_good_cause() -> None:
    text = flat(letter_of("insurer_complaint", "missed-deadline-original-medicare").text)
    assert "gives until September 1, 2026 to appeal, less time than the rules allow" in text
    assert "Accept a late appeal for good cause" in text and "42 CFR 405.942" in text


def test_without_any_conduct_the_grievance_asks_for_it() -> None:
    letter = letter_of("insurer_complaint", "eligibility-terminated-cobra")
    assert not letter.readiness.ready
    assert any(label.startswith("what the plan did wrong") for label in letter.readiness.missing_required)


# --- regulator complaint ---------------------------------------------------------------------------

REGULATOR_OF = {
    "not-medically-necessary-iop": "US Department of Labor, EBSA",
    "part-d-buprenorphine": "CMS: 1-800-MEDICARE",
    "missed-deadline-original-medicare": "CMS: 1-800-MEDICARE",
    "not-covered-residential-exclusion": "the GA department of insurance",
    "out-of-network-network-gap": "the IL Medicaid agency",
    "timely-filing-medicaid-ffs": "the PA Medicaid agency",
    "level-of-care-php-to-iop": "Office of Personnel Management (OPM)",
    "aba-autism-school-district": "CMS (HHS), which enforces the PHS Act",
    "residential-eating-disorder": "California DMHC Help Center",
}


@pytest.mark.parametrize("sample", sorted(REGULATOR_OF))
def test_the_regulator_complaint_is_addressed_to_the_regulator_triage_chose(sample: str) -> None:
    letter = letter_of("regulator_complaint", sample)
    to_line = next(line for line in letter.text.splitlines() if line.startswith("To: "))
    assert REGULATOR_OF[sample] in to_line
    found = triage_case(case_of(sample), as_of=TODAY)
    assert found.regulator.why in flat(letter.text)
    for heading in (
        "Who is complaining",
        "The coverage",
        "Timeline",
        "The harm",
        "What I ask you to do",
        "Enclosures",
    ):
        assert f"## {heading}" in letter.markdown


@pytest.mark.parametrize("sample", ["coding-error-telehealth", "ambiguous-denial-chip"])
def test_when_a_corrected_claim_comes_first_the_regulator_paper_says_so(sample: str) -> None:
    letter = letter_of("regulator_complaint", sample)
    text = flat(letter.text)
    assert "A complaint to a regulator is not the next step" in text
    assert "A coding or billing error is fixed by resubmitting, not by a complaint." in text
    assert "To: " not in letter.text and "Sincerely" not in letter.text


def test_a_medicare_representative_needs_the_appointment_form() -> None:
    text = letter_of("regulator_complaint", "missed-deadline-original-medicare").text
    assert "CMS-1696" in text


def test_the_pattern_paragraph_appears_only_when_the_case_log_gives_patterns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert (
        "A pattern, not one case" not in letter_of("regulator_complaint", "out-of-network-network-gap").text
    )
    original = letter_context.requests_context

    def with_patterns(case: Case, triage: Any) -> dict[str, Any]:
        found = original(case, triage)
        found["patterns"] = [
            {"text": "Appeal decisions late in 3 of 5 cases this year", "citation": "42 CFR 438.408(b)(2)"}
        ]
        return found

    monkeypatch.setattr(letter_context, "requests_context", with_patterns)
    text = flat(draft_letter("regulator_complaint", case_of("out-of-network-network-gap"), today=TODAY).text)
    assert "A pattern, not one case" in text and "late in 3 of 5 cases this year" in text


# --- accreditation complaint -----------------------------------------------------------------------


def _identifying(case: Case) -> list[str]:
    """Everything in a case that identifies the patient or describes their health."""
    values: list[str] = [case.patient.name, case.service.description]
    values += [x for x in (case.patient.member_id, case.patient.group_number) if x]
    if case.patient.date_of_birth:
        values.append(when_text(case.patient.date_of_birth))
    for d in case.service.diagnoses:
        values += [d.code, *([d.description] if d.description else [])]
    if case.denial is not None:
        values += [
            x
            for x in (
                case.denial.claim_number,
                case.denial.reference_number,
                case.denial.authorization_number,
            )
            if x
        ]
        if case.denial.text:
            values.append(case.denial.text[:40])
    c = case.clinical
    values += [s.description for s in c.symptoms] + [m.name for m in c.medications]
    values += [r.detail for r in c.risk if r.detail] + [m.instrument for m in c.measures]
    values += [e.note for e in case.events if e.note] + [a.provider for a in case.provider_search]
    values += [when_text(day_of(e.at)) for e in case.events]
    values += [r.category.label for r in c.risk if r.category.value != "other"]
    values += [i.description for i in c.functional_impairment]
    if case.service.start_date:
        values.append(when_text(case.service.start_date))
    if case.representative is not None:
        values.append(case.representative.name)
    return [v for v in values if v]


@pytest.mark.parametrize("sample", SAMPLES)
def test_the_accreditation_complaint_carries_no_health_information(sample: str) -> None:
    letter = letter_of("accreditation_complaint", sample)
    text = flat(letter.text)
    for value in _identifying(case_of(sample)):
        assert flat(value) not in text, f"{sample}: {value!r} reached the accreditor"
    assert not re.search(r"\b[A-TV-Z]\d{2}(\.\d+)?\b", text), "an ICD-10 code reached the accreditor"
    assert case_of(sample).plan.insurer in text


def test_the_accreditation_complaint_describes_the_conduct_in_general_terms() -> None:
    letter = letter_of("accreditation_complaint", "out-of-network-network-gap")
    text = flat(letter.text)
    assert "timeliness of utilization management decisions" in text
    assert "no decision had been received when the time the rules allow ran out" in text
    assert "11 in-network clinicians or programs were contacted" in text
    assert "Our reference for the case is sample-04" in text
    assert "the same conduct in other cases" in [e for e, _ in letter.readiness.missing_evidence]


# --- phone script and confirmation -----------------------------------------------------------------


def _with_calls(data: dict[str, Any]) -> None:
    data["events"] += [
        {
            "kind": "phone_call",
            "at": "2026-11-10T09:15:00-06:00",
            "note": "Member services, Jordan, call reference C-1110-0093: decision to be mailed by November 21",
        },
        {
            "kind": "phone_call",
            "at": "2026-11-20T14:00:00-06:00",
            "note": "Member services, Casey, call reference C-1120-0417: <script>x</script> {{ 7*7 }} no ERP provider in network",
        },
    ]


def test_the_phone_script_has_a_log_table_with_empty_cells_to_fill_in() -> None:
    letter = letter_of("phone_script", "out-of-network-network-gap")
    log = section(letter.markdown, "## Call log")
    for field in (
        "Date and time",
        "Representative's name",
        "Reference number",
        "What was said",
        "Follow-up promised, by when",
    ):
        assert len(re.findall(rf"^\| {re.escape(field)} \| \|$", log, re.MULTILINE)) == 2, field
    assert "SYN5104772" in letter.text and "single-case agreement" in letter.text


def test_the_phone_script_asks_the_network_question_only_where_there_is_a_network() -> None:
    assert (
        "in-network clinicians or programs offer"
        in letter_of("phone_script", "not-medically-necessary-iop").text
    )
    for sample in ("missed-deadline-original-medicare", "part-d-buprenorphine"):
        assert "in-network clinicians or programs offer" not in letter_of("phone_script", sample).text


def test_the_phone_script_asks_for_expedited_handling_when_triage_finds_it_warranted() -> None:
    urgent = letter_of("phone_script", "residential-eating-disorder").text
    assert "will you handle this as expedited (urgent)" in urgent and "29 CFR 2560.503-1(m)(1)" in urgent
    assert (
        "will you handle this as expedited"
        not in letter_of("phone_script", "eligibility-terminated-cobra").text
    )


def test_the_confirmation_confirms_the_last_call_lists_earlier_ones_and_asks_for_corrections() -> None:
    letter = draft_letter(
        "phone_confirmation", edited("out-of-network-network-gap", _with_calls), today=TODAY
    )
    text = flat(letter.text)
    assert letter.readiness.ready
    assert "telephone conversation of November 20, 2026, 2:00 PM" in flat(
        letter.markdown.split("## As discussed")[0]
    )
    assert "call reference C-1120-0417" in text and "call reference C-1110-0093" in text
    assert "by December 2, 2026" in text  # ten days from the day of drafting
    assert "<script>x</script> {{ 7*7 }}" in text and "<script>" not in letter.html


def test_without_a_logged_call_the_confirmation_asks_for_it_to_be_logged() -> None:
    letter = letter_of("phone_confirmation", "not-medically-necessary-iop")
    assert not letter.readiness.ready
    assert any("phone_call event" in label for label in letter.readiness.missing_required)
    assert letter.gaps


# --- exports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind",
    [
        "peer_to_peer_worksheet",
        "peer_to_peer_followup",
        "claim_file_request",
        "parity_disclosure_request",
        "insurer_complaint",
        "regulator_complaint",
        "accreditation_complaint",
        "phone_script",
    ],
)
def test_each_kind_exports_to_word_with_real_headings(kind: str, tmp_path: Path) -> None:
    from docx import Document

    sample = "residential-eating-disorder" if kind != "insurer_complaint" else "out-of-network-network-gap"
    path = letter_of(kind, sample).to_docx(tmp_path / f"{kind}.docx", allow_gaps=True).path
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 3, headings
