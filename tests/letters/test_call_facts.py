"""A logged call's facts reach its written follow-up: who was on it, what was cited, proposed and promised."""

from __future__ import annotations

from html import unescape

from mhnotebook.models import Case
from mhnotebook.paths import sample_case_path
from mhnotebook.rendering.letters import draft_letter
from mhnotebook.validation import load_case
from tests.conftest import TODAY

SCRIPT = "<script>alert('x')</script>"
JINJA = "{{ 7*7 }}"


def _with_call(kind: str, *, note: str | None = None, reviewer: bool = True, **fields: str) -> Case:
    case = load_case(sample_case_path("not-medically-necessary-iop"))
    data = case.model_dump(mode="json", exclude_none=True)
    if not reviewer:
        data["denial"].pop("reviewer", None)
    event = {
        "kind": kind,
        "at": "2026-11-20T14:15:00-05:00",
        "contact": {
            "role": "plan_reviewer" if kind == "peer_to_peer" else "plan_representative",
            "name": fields.get("name", "Dr. Pat Caller"),
            "credentials": fields.get("credentials", "DO"),
            "specialty": fields.get("specialty", "family medicine"),
            "reference_number": fields.get("reference", "CALL-4471"),
        },
        "call": {
            "criteria_cited": fields.get("criteria", "LOCUS 20, dimension II"),
            "outcome": "alternative_offered",
            "alternative_proposed": fields.get("alternative", "weekly outpatient therapy"),
            "documents_requested": fields.get("documents", "the last three PHQ-9 scores"),
            "documents_promised_by": "2026-11-25",
        },
    }
    if note:
        event["note"] = note
    data["events"].append(event)
    return Case.model_validate(data)


def test_the_peer_to_peer_follow_up_prints_what_the_reviewer_cited_proposed_and_asked_for() -> None:
    text = draft_letter("peer_to_peer_followup", _with_call("peer_to_peer"), today=TODAY).text
    assert "with Dr. Pat Caller, DO (family medicine); reference number CALL-4471" in text
    assert "You cited: LOCUS 20, dimension II." in text
    assert "You proposed: weekly outpatient therapy." in text
    assert "You asked for the last three PHQ-9 scores; I will send them by November 25, 2026." in text
    assert "Outcome as I understood it: alternative offered." in text


def test_the_reviewer_on_the_call_is_addressed_when_the_notice_names_none() -> None:
    with_notice = draft_letter("peer_to_peer_followup", _with_call("peer_to_peer"), today=TODAY).text
    assert "To the reviewer, Robin Reviewson, MD:" in with_notice  # the notice's reviewer comes first
    without = draft_letter("peer_to_peer_followup", _with_call("peer_to_peer", reviewer=False), today=TODAY)
    assert "To the reviewer, Dr. Pat Caller, DO:" in without.text


def test_a_phone_call_logged_without_notes_is_confirmed_from_its_fields() -> None:
    letter = draft_letter("phone_confirmation", _with_call("phone_call"), today=TODAY)
    assert letter.readiness.ready and not letter.gaps
    text = letter.text
    assert "Call reference number" in text and "CALL-4471" in text
    assert "Dr. Pat Caller, DO (family medicine)" in text
    assert "You asked for" in text and "I will send them by November 25, 2026" in text
    assert "Representative, call reference and what was said or promised" not in text


def test_a_phone_call_with_notes_and_fields_prints_both() -> None:
    text = draft_letter(
        "phone_confirmation", _with_call("phone_call", note="Promised a callback"), today=TODAY
    ).text
    assert "My notes" in text and "Promised a callback" in text and "CALL-4471" in text


def test_hostile_call_text_stays_text_in_markdown_and_html() -> None:
    case = _with_call(
        "peer_to_peer",
        name=f"{SCRIPT} Dr. X",
        criteria=f"{JINJA} # not a heading",
        alternative="<img src=x onerror=alert(1)>",
        documents="*not bold* [link](http://x)",
    )
    letter = draft_letter("peer_to_peer_followup", case, today=TODAY)
    html = letter._repr_html_()
    assert "<script>" not in html and "<img" not in html and 'href="http://x"' not in html
    assert "<em>not bold</em>" not in html
    text = letter.text
    assert SCRIPT in unescape(text) and f"You cited: {JINJA} # not a heading." in text  # printed as typed
    assert "You proposed: <img src=x onerror=alert(1)>." in text
    phone = _with_call("phone_call", name=SCRIPT, criteria=JINJA)
    html = draft_letter("phone_confirmation", phone, today=TODAY)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "{{ 7*7 }}" in html
