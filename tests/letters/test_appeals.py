"""The appeals letters, read the way their recipients read them.

Internal appeal, expedited appeal, external review, retro-authorization, benefit exception,
continuity of care, network gap and corrected-claim cover note: each says what it asks in its first
paragraph and cites only the rules that reach the case's plan (by plan type and, for state network
laws, by state). The generic checks (elements, placeholders, exports) are in test_every_letter.py.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mhnotebook.models import Case
from mhnotebook.paths import sample_case_paths
from mhnotebook.rendering.letters import draft_letter
from mhnotebook.rules.letter_citations import citation_rows, citations_for
from mhnotebook.rules.triage import triage_case
from tests.conftest import TODAY
from tests.letters.drafts import case_of, flat, letter_of

APPEALS_KINDS = (
    "internal_appeal",
    "expedited_appeal",
    "external_review",
    "retro_authorization",
    "benefit_exception",
    "continuity_of_care",
    "network_gap",
    "corrected_claim_cover",
)


sample = case_of
letter = letter_of


def changed(name: str, **edits: Any) -> Case:
    """A sample with top-level sections replaced or merged (dicts merge one level deep)."""
    data = sample(name).model_dump(mode="json", exclude_none=True)
    for key, value in edits.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return Case.model_validate(data)


def first_paragraph(text: str) -> str:
    """The paragraph after the salutation: where the request must be."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("To the"))
    return lines[start + 1]


# --- internal appeal ---------------------------------------------------------------------------


def test_the_internal_appeal_asks_for_a_standard_appeal_under_the_plans_own_rule_first() -> None:
    opening = first_paragraph(letter("internal_appeal", "not-medically-necessary-iop").text)
    assert "standard internal appeal" in opening and "29 CFR 2560.503-1(h)" in opening
    assert "PA-26-1015-22817" in opening and "October 16, 2026" in opening
    medicaid = first_paragraph(letter("internal_appeal", "out-of-network-network-gap").text)
    assert "42 CFR 438.402(c)(2)(ii)" in medicaid and "2560.503-1" not in medicaid


def test_an_appeal_after_an_appeal_denial_asks_for_the_next_level() -> None:
    denial = sample("not-medically-necessary-iop").denial
    assert denial is not None
    case = changed(
        "not-medically-necessary-iop", denial={**denial.model_dump(mode="json"), "level": "internal_appeal"}
    )
    text = draft_letter("internal_appeal", case, today=TODAY).text
    assert text.startswith("November 22, 2026") and "Second-level internal appeal" in text
    assert "next level of its internal review" in first_paragraph(text)


def test_the_internal_appeal_asks_for_the_case_file_before_the_decision_under_medicaid() -> None:
    text = flat(letter("internal_appeal", "out-of-network-network-gap").text)
    assert "sufficiently in advance of the decision (42 CFR 438.406)" in text
    assert "resolution of this appeal within 30 days of receipt (42 CFR 438.408(b)(2))" in text


def test_the_internal_appeal_asks_for_new_evidence_and_a_conflict_free_reviewer_under_the_aca() -> None:
    text = flat(letter("internal_appeal", "session-limit-therapy").text)
    assert "in time to respond before the decision (45 CFR 147.136(b))" in text
    assert "free of conflicts of interest" in text and "45 CFR 146.136(d)(1)" in text


def test_a_missed_plan_deadline_is_named_with_deemed_exhaustion() -> None:
    events = sample("not-medically-necessary-iop").model_dump(mode="json")["events"]
    case = changed(
        "not-medically-necessary-iop",
        events=[
            *events,
            {"kind": "appeal_filed", "at": "2026-10-20"},
            {"kind": "appeal_received", "at": "2026-10-21"},
            {"kind": "decision_received", "at": "2026-11-21"},
        ],
    )
    text = flat(draft_letter("internal_appeal", case, today=TODAY).text)
    assert "was due November 20, 2026" in text
    assert "(29 CFR 2560.503-1(l)). Under the claims rule" in text and "147.136(b))." in text
    review = draft_letter("external_review", case, today=TODAY)
    assert review.readiness.ready and "missed its own deadline of November 20, 2026" in flat(review.text)


# --- expedited appeal --------------------------------------------------------------------------


def front_part(text: str) -> str:
    """What a reviewer reads first: from the salutation to 'Supporting information'."""
    return text[text.index("To the appeals reviewer") : text.index("Supporting information")]


@pytest.mark.parametrize("name", [p.stem for p in sample_case_paths()])
def test_the_expedited_request_can_be_read_in_two_minutes(name: str) -> None:
    # About 230 words a minute for careful reading: the front part stays under two minutes.
    assert len(front_part(letter("expedited_appeal", name).text).split()) <= 460


def test_the_expedited_request_states_the_trigger_first_and_quotes_the_clinician() -> None:
    text = letter("expedited_appeal", "residential-eating-disorder").text
    opening = first_paragraph(text)
    assert "expedited (urgent) appeal" in opening and "seriously jeopardize" in opening
    statement = sample("residential-eating-disorder").expedited_request
    assert statement is not None and statement.statement is not None
    assert flat(statement.statement) in flat(front_part(text))
    front = front_part(text)
    assert front.index("Why this cannot wait") < front.index("The rule and the clock")
    assert "Please call me at (916) 555-0110" in front and "(916) 555-0191" in front


def test_an_aca_plan_asks_for_simultaneous_expedited_external_review() -> None:
    front = flat(front_part(letter("expedited_appeal", "not-medically-necessary-iop").text))
    assert "expedited external review at the same time" in front and "45 CFR 147.136(d)(3)" in front
    assert "decide within 72 hours" in front
    fehb = flat(front_part(letter("expedited_appeal", "level-of-care-php-to-iop").text))
    assert "147.136" not in fehb and "as quickly as Drew Example's condition requires" in fehb


def test_the_medicaid_expedited_rule_is_the_plans_own() -> None:
    case = changed("not-medically-necessary-iop", plan={"plan_type": "medicaid_managed_care"})
    front = flat(front_part(draft_letter("expedited_appeal", case, today=TODAY).text))
    assert "42 CFR 438.410" in front and "2560.503-1" not in front


def test_a_post_service_claim_is_not_called_urgent() -> None:
    text = flat(letter("expedited_appeal", "no-prior-auth-inpatient-detox").text)
    assert "this denial concerns care already given" in text and "standard timeline" in text
    assert "Why this cannot wait" not in text and "I ask for: - expedited" not in text


def test_without_a_statement_or_risk_the_expedited_request_is_not_ready() -> None:
    found = letter("expedited_appeal", "session-limit-therapy")
    assert not found.readiness.ready
    assert any("statement of why waiting" in m for m in found.readiness.missing_required)
    assert "[fill in: the treating clinician's statement" in found.text


# --- external review ---------------------------------------------------------------------------


def addressee(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("To:"))


def test_a_self_funded_erisa_plan_goes_to_an_iro_under_the_federal_process() -> None:
    text = letter("external_review", "not-medically-necessary-iop").text
    assert "Independent review organization under the federal external review process" in addressee(text)
    assert "State external review program" not in text
    assert "45 CFR 147.136(c)-(d); 29 CFR 2590.715-2719" in text
    assert "medical judgment" in text and "Request for external review" in text


def test_an_insured_plan_goes_to_the_state_program_first() -> None:
    text = letter("external_review", "session-limit-therapy").text
    assert "State external review program for insured coverage" in addressee(text)


def test_medicare_advantage_says_the_plan_must_forward_the_case_to_the_ire() -> None:
    text = flat(letter("external_review", "coding-error-telehealth").text)
    assert "forward the case to that entity automatically" in text and "42 CFR 422.592" in text
    assert "reconsideration of this organization determination" in text and "MHPAEA" not in text


def test_original_medicare_starts_with_a_redetermination() -> None:
    text = flat(letter("external_review", "missed-deadline-original-medicare").text)
    assert "To: Medicare administrative contractor (redetermination)" in text
    assert "42 CFR 405.942" in text and "qualified independent contractor" in text


def test_a_plan_type_without_external_review_is_told_the_route_instead() -> None:
    text = flat(letter("external_review", "part-d-buprenorphine").text)
    assert "provide no external review at this stage" in text
    assert "The route that applies instead is redetermination" in text and "42 CFR 423.582(b)" in text
    assert "independent review of" not in text


def test_medicaid_asks_for_a_state_fair_hearing_after_the_plans_decision() -> None:
    found = letter("external_review", "out-of-network-network-gap")
    assert "Request for a State fair hearing" in found.text and "42 CFR 438.408(f)(2)" in found.text
    assert not found.readiness.ready and "final decision on the internal appeal" in found.gaps[0]


def test_a_final_internal_denial_is_the_basis_and_makes_the_request_ready() -> None:
    events = sample("out-of-network-network-gap").model_dump(mode="json")["events"]
    case = changed(
        "out-of-network-network-gap",
        events=[*events, {"kind": "final_internal_denial_dated", "at": "2026-11-18"}],
    )
    found = draft_letter("external_review", case, today=TODAY)
    assert found.readiness.ready and not found.gaps
    assert "The plan's final internal decision is dated November 18, 2026" in found.text


# --- retro-authorization -----------------------------------------------------------------------


def test_retro_authorization_asks_for_the_retro_review_process_and_shows_how_care_began() -> None:
    text = flat(letter("retro_authorization", "no-prior-auth-inpatient-detox").text)
    assert "request retrospective authorization" in first_paragraph(
        letter("retro_authorization", "no-prior-auth-inpatient-detox").text
    )
    assert "retrospective review process" in text
    assert (
        "Emergency department arrival by ambulance" in text and "utilization review office was closed" in text
    )
    # Withdrawal management is not emergency-level care for triage: no emergency rule is cited.
    assert "2799A-1" not in text and "Emergency care" not in text


@pytest.mark.parametrize(
    ("plan", "citation"),
    [
        ({"plan_type": "aca_individual_marketplace"}, "PHS Act 2799A-1; 45 CFR 149.110"),
        ({"plan_type": "medicaid_managed_care"}, "42 CFR 438.114"),
        ({"plan_type": "medicare_advantage"}, "42 CFR 422.113"),
    ],
)
def test_emergency_care_cites_the_emergency_rule_of_the_plan_type(plan: dict, citation: str) -> None:
    service = sample("no-prior-auth-inpatient-detox").service.model_dump(mode="json", exclude_none=True)
    case = changed(
        "no-prior-auth-inpatient-detox", plan=plan, service={**service, "level_of_care": "emergency"}
    )
    text = flat(draft_letter("retro_authorization", case, today=TODAY).text)
    assert "This was emergency care." in text and citation in text
    others = {"PHS Act 2799A-1; 45 CFR 149.110", "42 CFR 438.114", "42 CFR 422.113"} - {citation}
    assert not [other for other in others if other in text]


# --- benefit exception -------------------------------------------------------------------------


def test_the_benefit_exception_quotes_the_limit_and_lists_each_refused_session() -> None:
    found = letter("benefit_exception", "session-limit-therapy")
    assert "benefit exception" in first_paragraph(found.text)
    assert "20 outpatient mental health and substance use disorder visits per calendar year" in flat(
        found.text
    )
    rows = [line for line in found.markdown.splitlines() if line.startswith("| October")]
    assert len(rows) == 4 and all("90837" in row for row in rows)
    assert "counted against" in found.text


def test_the_benefit_exception_asks_the_qtl_parity_question_under_the_plans_own_rule() -> None:
    church = flat(letter("benefit_exception", "session-limit-therapy").text)
    assert "substantially all (at least two-thirds" in church and "45 CFR 146.136(c)(3)" in church
    assert "Chiropractic care" in church
    erisa = changed("session-limit-therapy", plan={"plan_type": "erisa_group"})
    assert "29 CFR 2590.712(c)(3)" in draft_letter("benefit_exception", erisa, today=TODAY).text
    medicare = changed("session-limit-therapy", plan={"plan_type": "medicare_advantage"})
    text = draft_letter("benefit_exception", medicare, today=TODAY).text
    assert "substantially all" not in text and "parity" not in text.lower()


# --- continuity of care ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("not-medically-necessary-iop", "PHS Act 2799A-3; ERISA 718 (secondary)"),
        ("coding-error-telehealth", "42 CFR 422.112(b)(8)"),
        ("session-limit-therapy", "PHS Act 2799A-3 (secondary)"),
    ],
)
def test_continuity_of_care_cites_the_rule_that_reaches_the_plan(name: str, expected: str) -> None:
    assert expected in letter("continuity_of_care", name).text


@pytest.mark.parametrize(
    "name", ["out-of-network-network-gap", "timely-filing-medicaid-ffs", "part-d-buprenorphine"]
)
def test_continuity_of_care_without_a_rule_is_a_plain_request(name: str) -> None:
    text = letter("continuity_of_care", name).text
    assert "2799A-3" not in text and "422.112" not in text
    assert "as a matter of good care" in text and "keep covering" in first_paragraph(text)


def test_a_self_funded_church_plan_gets_no_continuity_citation() -> None:
    case = changed("session-limit-therapy", plan={"funding": "self_funded"})
    assert "2799A-3" not in draft_letter("continuity_of_care", case, today=TODAY).text


# --- network gap -------------------------------------------------------------------------------


def test_the_network_gap_letter_renders_the_search_log_as_a_table_with_every_attempt() -> None:
    found = letter("network_gap", "out-of-network-network-gap")
    lines = found.markdown.splitlines()
    header = lines.index(
        "| Date | Clinician or program | Phone | Result | First available appointment | Distance |"
    )
    rows = lines[header + 2 : header + 2 + 11]
    attempts = sample("out-of-network-network-gap").provider_search
    assert len(attempts) == 11 and all(row.startswith("| ") for row in rows)
    for row, attempt in zip(rows, attempts, strict=True):
        assert attempt.phone is not None and attempt.phone in row
        assert flat(attempt.result).split(";")[0] in row.replace("\\", "")
    assert "| November 16, 2026 |" in rows[8] and "75 miles" in rows[8]
    assert lines[header + 2 + 11] == ""  # the table ends after the last attempt


def test_the_network_gap_letter_asks_the_gap_question_and_the_terms() -> None:
    found = letter("network_gap", "out-of-network-network-gap")
    opening = first_paragraph(found.text)
    assert "in-network cost sharing" in opening and "single-case agreement" in opening
    text = flat(found.text)
    assert "Which in-network clinician can see Parker Sample" in text
    assert "20 sessions, from August 20, 2026" in text and "$210.00" in text
    assert "42 CFR 438.206(b)(4)-(5)" in text and "1374.72" not in text and "215 ILCS" not in text


def test_without_a_search_log_the_network_gap_request_is_not_ready() -> None:
    found = letter("network_gap", "not-medically-necessary-iop")
    assert not found.readiness.ready
    assert found.readiness.missing_required == (
        "the provider-search log (each in-network clinician tried, with the date, result and first available appointment)",
    )
    section = found.text.split("The in-network clinicians we tried")[1].splitlines()[1]
    assert section.startswith("[fill in: the provider-search log")


COMMERCIAL = ["erisa_group", "non_federal_governmental", "church_plan", "aca_individual_marketplace"]
STATE_LAW = {"CA": "Cal. Health & Safety Code 1374.72", "IL": "215 ILCS 124/10"}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plan_type=st.sampled_from(COMMERCIAL),
    state=st.sampled_from(["CA", "IL", "NY", "TX"]),
    funding=st.sampled_from(["fully_insured", "self_funded"]),
)
def test_a_state_network_law_is_cited_only_for_an_insured_plan_in_that_state(
    plan_type: str, state: str, funding: str
) -> None:
    case = changed(
        "out-of-network-network-gap",
        plan={
            "plan_type": plan_type,
            "state": state,
            "funding": funding,
            "grandfathered": False,
            "employer_size": 200,
        },
    )
    text = flat(draft_letter("network_gap", case, today=TODAY).text)
    for law_state, citation in STATE_LAW.items():
        expected = law_state == state and (funding == "fully_insured" or plan_type.startswith("aca_"))
        assert (citation in text) is expected, (plan_type, state, funding, citation)
    assert "438.206" not in text and "422.112" not in text


def test_a_citation_row_limited_to_states_needs_the_plans_state() -> None:
    california = [row for row in citation_rows() if row.states == ("CA",)]
    assert california and all(row.topic == "network_gap" for row in california)
    rows = citations_for(["network_adequacy"], california[0].plan_types[0], None, "IL")
    assert all(row.states != ("CA",) for row in rows.get("network_gap", ()))
    assert (
        california[0]
        in citations_for(["network_adequacy"], california[0].plan_types[0], None, "CA")["network_gap"]
    )
    assert "network_gap" not in citations_for(["network_adequacy"], california[0].plan_types[0], None, None)


# --- corrected claim ---------------------------------------------------------------------------


def test_the_corrected_claim_note_goes_to_claims_and_lists_each_corrected_line() -> None:
    found = letter("corrected_claim_cover", "coding-error-telehealth")
    text = found.text
    assert "Claims Department" in text and "Appeals" not in text
    assert "This is a corrected claim, not an appeal" in first_paragraph(text)
    errors = [
        f
        for f in triage_case(sample("coding-error-telehealth"), as_of=TODAY).coding_findings
        if f.severity == "error"
    ]
    table = [line for line in found.markdown.splitlines() if re.match(r"^\| [0-9] \| ", line)]
    assert len(table) == len(errors) == 3
    for row, finding in zip(table, errors, strict=True):
        assert row.startswith(f"| {finding.line} |") and finding.code in row
    assert "line 1 changed to 90834-95 with POS 10" in text
    assert "Line 3 (90834, September 23, 2026): billed under general supervision." in text
    assert "2560.503-1" not in text and "422.582(b)" in text  # the appeal clock, not appeal rights


def test_a_timely_filing_note_proves_the_first_submissions() -> None:
    found = letter("corrected_claim_cover", "timely-filing-medicaid-ffs")
    text = flat(found.text)
    assert "proof of timely submission, not an appeal" in text
    assert "Submitted July 7, 2025" in text and "Submitted September 8, 2025" in text
    assert "Coverage decided July 30, 2026" in text and "42 CFR 447.45(d)" in text


# --- every appeals kind ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", APPEALS_KINDS)
def test_a_bare_case_drafts_every_appeals_letter_with_each_missing_fact_in_place(kind: str) -> None:
    case = Case.model_validate(
        {
            "synthetic": True,
            "patient": {"name": "Test Person"},
            "plan": {"insurer": "Example Plan", "plan_type": "erisa_group"},
            "service": {"description": "outpatient psychotherapy"},
        }
    )
    found = draft_letter(kind, case, today=TODAY)
    assert not found.readiness.ready and len(found.gaps) == len(found.readiness.missing_required)
    assert not re.search(r"\bNone\b", found.text) and "()" not in found.text


@pytest.mark.parametrize("kind", APPEALS_KINDS)
def test_no_appeals_letter_for_medicare_mentions_parity(kind: str) -> None:
    for name in ("coding-error-telehealth", "missed-deadline-original-medicare", "part-d-buprenorphine"):
        text = letter(kind, name).text.lower()
        assert "parity" not in text and "substantially all" not in text
