"""The case store keeps cases, timelines, contacts, letters and deadlines, and gives back what it was given."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mhnotebook.errors import CaseExists, CaseNotFound, StoreError
from mhnotebook.models import Case, Event
from mhnotebook.models.base import day_of
from mhnotebook.paths import sample_case_path, sample_case_paths
from mhnotebook.rules.triage import triage_case
from mhnotebook.store import CaseStore
from mhnotebook.validation import load_case
from tests.conftest import TODAY

SAMPLE = "session-limit-therapy"


@pytest.fixture
def store(store_url: str):
    with CaseStore(store_url, today=TODAY) as s:
        yield s


def _sample(name: str = SAMPLE) -> Case:
    return load_case(sample_case_path(name))


def _timeline_key(case: Case) -> list[str]:
    return sorted(e.model_dump_json(exclude_none=True) for e in case.events)


def test_every_sample_comes_back_as_it_went_in(store: CaseStore) -> None:
    for path in sample_case_paths():
        case = load_case(path)
        key = store.add_case(case)
        back = store.case(key)
        assert back.model_dump(exclude={"events"}) == case.model_dump(exclude={"events"}), path.name
        assert _timeline_key(back) == _timeline_key(case), path.name
        days = [day_of(e.at) for e in back.events]
        assert days == sorted(days), "the timeline reads earliest first"


def test_the_key_is_the_case_id_else_a_new_one_and_never_overwritten(store: CaseStore) -> None:
    case = _sample()
    assert store.add_case(case) == case.case_id
    with pytest.raises(CaseExists, match="already in the store"):
        store.add_case(case)
    anonymous = case.model_copy(update={"case_id": None})
    first = store.add_case(anonymous)
    second = store.add_case(anonymous)
    assert first != second and first.startswith("case-") and second.startswith("case-")
    assert store.add_case(anonymous, key="2026-014") == "2026-014"
    with pytest.raises(StoreError, match="case key"):
        store.add_case(anonymous, key="../../etc")
    assert len(store.keys()) == 4


def test_an_unknown_key_names_the_cases_there_are(store: CaseStore) -> None:
    store.add_case(_sample())
    with pytest.raises(CaseNotFound) as caught:
        store.record("nope")
    assert "nope" in str(caught.value) and _sample().case_id in str(caught.value)


def test_deadlines_are_triages_clocks_for_the_stored_case(store: CaseStore) -> None:
    for path in sample_case_paths():
        case = load_case(path)
        key = store.add_case(case)
        expected = {
            (d.name, d.due.isoformat(), d.status.value) for d in triage_case(case, as_of=TODAY).deadlines
        }
        stored = {(d.name, d.due, d.status) for d in store.record(key).deadlines if d.source == "rule"}
        assert stored == expected, path.name


def test_logging_an_appeal_moves_the_clocks(store: CaseStore) -> None:
    key = store.add_case(_sample())
    before = {d.name: d.status for d in store.record(key).deadlines}
    assert before["internal_appeal_file_by"] == "upcoming"
    store.log_event(
        key, Event(kind="appeal_filed", at=TODAY, note="Faxed with the letter of medical necessity")
    )
    after = {d.name: d for d in store.record(key).deadlines}
    assert after["internal_appeal_file_by"].status == "met"
    decision = [d for d in after.values() if d.clock == "decide_by" and d.status == "upcoming"]
    assert decision and all(d.counted_from for d in decision)
    assert store.list_cases()[0].waiting_for.startswith("the plan:")


def test_a_call_keeps_its_contact_and_answers_and_the_reviewer_is_one_contact(store: CaseStore) -> None:
    key = store.add_case(_sample())
    call = Event(
        kind="peer_to_peer",
        at="2026-11-20T10:15:00-05:00",
        note="Reviewer said 20 visits is the plan's limit",
        contact={
            "role": "plan_reviewer",
            "name": "Dr. Pat Example",
            "credentials": "MD",
            "specialty": "family medicine",
            "reference_number": "P2P-1",
        },
        call={
            "criteria_cited": "plan visit limit",
            "outcome": "upheld",
            "alternative_proposed": "monthly visits",
            "documents_requested": "PCL-5 scores",
            "documents_promised_by": "2026-11-25",
        },
    )
    data = call.model_dump(mode="json", exclude_none=True)
    data["at"] = "2026-11-21T09:00:00-05:00"
    data["contact"]["reference_number"] = "P2P-2"
    again = Event.model_validate(data)
    store.log_events(key, [call, again])
    record = store.record(key)
    logged = [e.event for e in record.timeline if e.event.kind == "peer_to_peer"]
    assert logged == [call, again]
    reviewers = [c for c in record.contacts if c["role"] == "plan_reviewer"]
    assert len(reviewers) == 1 and reviewers[0]["name"] == "Dr. Pat Example"
    promised = [d for d in record.deadlines if d.name == "documents_promised"]
    assert promised and promised[0].due == "2026-11-25" and promised[0].state == "due_soon"
    assert "PCL-5 scores" in promised[0].what and promised[0].citation == ""


def test_a_promise_is_met_by_a_letter_sent_in_time(store: CaseStore) -> None:
    key = store.add_case(_sample())
    store.log_event(
        key,
        Event(kind="peer_to_peer", at="2026-11-20", call={"documents_promised_by": "2026-11-25"}),
    )
    store.log_event(key, Event(kind="letter_sent", at="2026-11-23", note="Scores faxed"))
    promised = next(d for d in store.record(key).deadlines if d.name == "documents_promised")
    assert promised.state == "met"


def test_a_reply_due_is_the_plans_move_until_a_decision_comes(store: CaseStore) -> None:
    key = store.add_case(_sample())
    store.log_event(
        key, Event(kind="reply_due", at="2026-11-01", due="2026-11-15", note="Grievance answer promised")
    )
    row = next(d for d in store.record(key).deadlines if d.name == "reply_due")
    assert (row.clock, row.state, row.days_left) == ("decide_by", "overdue", -7)
    store.log_event(key, Event(kind="decision_received", at="2026-11-14"))
    assert next(d for d in store.record(key).deadlines if d.name == "reply_due").state == "met"


def test_saving_the_case_keeps_unchanged_events_and_their_ids(store: CaseStore) -> None:
    key = store.add_case(_sample())
    before = store.timeline(key)
    case = store.case(key)
    changed = case.model_copy(
        update={"events": [*case.events[1:], Event(kind="appeal_filed", at=TODAY)], "notes": "new note"}
    )
    store.update_case(key, changed)
    after = store.timeline(key)
    assert {e.id for e in after} >= {e.id for e in before[1:]}
    assert before[0].id not in {e.id for e in after}
    assert store.case(key).notes == "new note"
    assert Counter(e.event.kind for e in after)["appeal_filed"] == 1


def test_removing_an_event_recomputes(store: CaseStore) -> None:
    key = store.add_case(_sample())
    event_id = store.log_event(key, Event(kind="appeal_filed", at=TODAY))
    store.remove_event(key, event_id)
    assert {d.name: d.status for d in store.record(key).deadlines}["internal_appeal_file_by"] == "upcoming"
    with pytest.raises(StoreError, match="no event"):
        store.remove_event(key, event_id)


def test_closed_cases_leave_the_dashboard_and_the_list(store: CaseStore) -> None:
    key = store.add_case(_sample())
    other = store.add_case(_sample("residential-eating-disorder"))
    store.set_status(key, "won", "overturned on appeal")
    assert [s.key for s in store.list_cases()] == [other]
    assert {s.key for s in store.list_cases(include_closed=True)} == {key, other}
    assert {d.case_key for d in store.deadlines()} == {other}
    closed = store.record(key).summary
    assert (closed.status, closed.outcome, closed.waiting_for) == (
        "won",
        "overturned on appeal",
        "nothing (case won)",
    )
    with pytest.raises(ValueError):
        store.set_status(key, "maybe")


def test_letters_are_kept_byte_for_byte_and_linked_to_the_event_that_sent_them(store: CaseStore) -> None:
    key = store.add_case(_sample())
    other = store.add_case(_sample("residential-eating-disorder"))
    content = b"%PDF-1.7 \x00\xff letter bytes"
    letter_id = store.keep_letter(key, "internal_appeal", "/some/where/appeal.pdf", content)
    kept = store.letters(key)[0]
    assert (kept.kind, kept.file_name, kept.size, kept.drafted_on) == (
        "internal_appeal",
        "appeal.pdf",
        len(content),
        TODAY,
    )
    assert store.letter_content(key, letter_id) == content
    store.log_event(key, Event(kind="letter_sent", at=TODAY), letter_id=letter_id)
    assert store.timeline(key)[-1].letter_id == letter_id
    with pytest.raises(StoreError, match="not kept with this case"):
        store.log_event(other, Event(kind="letter_sent", at=TODAY), letter_id=letter_id)
    with pytest.raises(StoreError):
        store.letter_content(other, letter_id)


def test_removing_a_case_removes_everything_logged_on_it(store: CaseStore) -> None:
    key = store.add_case(_sample())
    store.keep_letter(key, "internal_appeal", "a.md", b"x")
    store.log_event(key, Event(kind="phone_call", at=TODAY, contact={"name": "Rep"}))
    store.remove_case(key)
    assert store.keys() == [] and store.deadlines() == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offset=st.integers(min_value=-400, max_value=400))
def test_a_deadlines_state_follows_its_days_left(
    tmp_path_factory: pytest.TempPathFactory, offset: int
) -> None:
    path = tmp_path_factory.mktemp("s") / "cases.sqlite"
    day = TODAY + timedelta(days=offset)
    with CaseStore(path, today=TODAY) as writer:
        writer.add_case(_sample())
    with CaseStore(path, today=day) as reader:
        for row in reader.deadlines(include_met=True):
            assert row.days_left == (row.due_day - day).days
            if row.status == "met":
                assert row.state == "met"
            elif row.days_left < 0:
                assert row.state == "overdue"
            else:
                assert row.state == ("due_soon" if row.days_left <= 14 else "upcoming")


def test_the_list_says_what_each_case_waits_for(store: CaseStore) -> None:
    for path in sample_case_paths():
        store.add_case(load_case(path))
    for summary in store.list_cases():
        pending = [d for d in store.record(summary.key).deadlines if d.state != "met"]
        if not pending:
            assert summary.waiting_for == "nothing scheduled: log the next step"
            continue
        first = min(pending, key=lambda d: (d.due_day, d.name))
        assert summary.next_deadline is not None and summary.next_deadline.due_day == first.due_day
        whose = "the plan:" if summary.next_deadline.clock == "decide_by" else "you:"
        assert (
            summary.waiting_for.startswith(whose)
            and summary.next_deadline.due_day.isoformat() in summary.waiting_for
        )
    assert date.fromisoformat("2026-11-22") == TODAY
