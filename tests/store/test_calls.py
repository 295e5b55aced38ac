"""Which logged calls were followed up in writing: the link is the letter_sent note, on or after the call."""

from __future__ import annotations

from datetime import date

import pytest

from mhnotebook.errors import StoreError
from mhnotebook.models import Event
from mhnotebook.paths import sample_case_path
from mhnotebook.store import CaseStore
from mhnotebook.store.calls import (
    calls_with_follow_up,
    case_for_follow_up,
    follow_up_note,
    linked_call_ids,
    mark_follow_up_sent,
)
from mhnotebook.validation import load_case
from tests.conftest import TODAY


@pytest.fixture
def store(store_url: str) -> CaseStore:
    with CaseStore(store_url, today=TODAY) as opened:
        yield opened


@pytest.fixture
def key(store: CaseStore) -> str:
    return store.add_case(load_case(sample_case_path("not-medically-necessary-iop")), key="iop")


def _call(kind: str, at: str, name: str = "Pat Reviewer") -> Event:
    return Event.model_validate(
        {"kind": kind, "at": at, "contact": {"name": name, "reference_number": "R-1"}}
    )


def test_a_call_without_a_letter_is_not_followed_up(store: CaseStore, key: str) -> None:
    store.log_event(key, _call("phone_call", "2026-11-20"))
    calls = calls_with_follow_up(store, key)
    assert [(c.kind, c.followed_up) for c in calls] == [("peer_to_peer", False), ("phone_call", False)]
    assert calls[1].who == "Pat Reviewer" and calls[1].reference == "R-1"
    assert calls[1].letter_kind == "phone_confirmation"


def test_marking_the_kept_follow_up_as_sent_links_it_to_its_call_only(store: CaseStore, key: str) -> None:
    first = store.log_event(key, _call("phone_call", "2026-11-18"))
    second = store.log_event(key, _call("phone_call", "2026-11-20", "Sam Rep"))
    letter = store.keep_letter(key, "phone_confirmation", "confirm.md", b"# Confirming")
    sent = mark_follow_up_sent(store, key, second, letter, sent_on=date(2026, 11, 21))
    by_id = {c.call_id: c for c in calls_with_follow_up(store, key)}
    assert not by_id[first].followed_up
    assert by_id[second].followed_up
    assert (by_id[second].letter_event_id, by_id[second].letter_id) == (sent, letter)
    assert by_id[second].sent_on == date(2026, 11, 21)
    logged = next(e for e in store.timeline(key) if e.id == sent)
    assert logged.letter_id == letter and f"call #{second}" in (logged.event.note or "")


def test_a_letter_dated_before_the_call_does_not_follow_it_up(store: CaseStore, key: str) -> None:
    call = store.log_event(key, _call("phone_call", "2026-11-20"))
    note = follow_up_note(next(e for e in store.timeline(key) if e.id == call))
    store.log_event(key, Event(kind="letter_sent", at="2026-11-19", note=note))
    assert not calls_with_follow_up(store, key)[-1].followed_up
    store.log_event(key, Event(kind="letter_sent", at="2026-11-20", note=note))
    assert calls_with_follow_up(store, key)[-1].followed_up


def test_a_call_whose_record_names_its_letter_counts_as_followed_up(store: CaseStore, key: str) -> None:
    event = Event.model_validate(
        {
            "kind": "peer_to_peer",
            "at": "2026-11-19",
            "call": {"followed_up_in_writing": "follow-up of 2026-11-19"},
        }
    )
    store.log_event(key, event)
    last = calls_with_follow_up(store, key)[-1]
    assert last.followed_up and last.follow_up == "follow-up of 2026-11-19" and last.letter_id is None


def test_the_marker_is_read_back_from_any_note() -> None:
    assert linked_call_ids("Phone confirmation: follows up call #12 (phone_call of 2026-11-20)") == {12}
    assert linked_call_ids("mailed; Follows up call #3 and follows up call #40") == {3, 40}
    assert linked_call_ids("call #12 was rude") == set()
    assert linked_call_ids(None) == set()


def test_an_earlier_call_is_followed_up_from_a_case_where_it_is_the_last_of_its_kind(
    store: CaseStore, key: str
) -> None:
    early = store.log_event(key, _call("peer_to_peer", "2026-11-02", "Early Reviewer"))
    store.log_event(key, _call("peer_to_peer", "2026-11-20", "Late Reviewer"))
    store.log_event(key, _call("phone_call", "2026-11-21"))
    case, call = case_for_follow_up(store, key, early)
    assert call.id == early
    assert case.events_of("peer_to_peer")[-1].contact.name == "Early Reviewer"
    assert len(case.events_of("phone_call")) == 1  # other kinds are untouched
    assert len(store.case(key).events_of("peer_to_peer")) == 3  # the store is unchanged


def test_following_up_something_that_is_not_a_call_is_refused(store: CaseStore, key: str) -> None:
    letter = store.keep_letter(key, "phone_confirmation", "c.md", b"x")
    denial = next(e.id for e in store.timeline(key) if e.event.kind == "denial_received")
    with pytest.raises(StoreError, match="no call"):
        mark_follow_up_sent(store, key, denial, letter)
    with pytest.raises(StoreError, match="no call"):
        case_for_follow_up(store, key, 9999)


def test_a_followed_up_call_stays_followed_up_after_export_and_import(
    store: CaseStore, key: str, tmp_path
) -> None:
    from mhnotebook.store.archive import export_store, import_paths

    call = store.log_event(key, _call("phone_call", "2026-11-20", "Sam Rep"))
    letter = store.keep_letter(key, "phone_confirmation", "confirm.md", b"# Confirming")
    mark_follow_up_sent(store, key, call, letter, sent_on=date(2026, 11, 21))
    recorded = next(e for e in store.timeline(key) if e.id == call).event.call
    assert recorded is not None and recorded.followed_up_in_writing == "confirm.md sent 2026-11-21"
    with CaseStore(tmp_path / "restored.sqlite", today=TODAY) as restored:
        assert import_paths(restored, [export_store(store, tmp_path / "backup")]).ok
        phone = [c for c in calls_with_follow_up(restored, key) if c.kind == "phone_call"]
        assert [(c.who, c.followed_up) for c in phone] == [("Sam Rep", True)]


def test_correcting_an_event_keeps_its_id_and_its_letter(store: CaseStore, key: str) -> None:
    letter = store.keep_letter(key, "internal_appeal", "appeal.pdf", b"%PDF")
    sent = store.log_event(key, Event(kind="letter_sent", at="2026-11-20"), letter_id=letter)
    store.replace_event(
        key, sent, Event(kind="appeal_filed", at="2026-11-21", note="Faxed, confirmation 0042")
    )
    logged = next(e for e in store.timeline(key) if e.id == sent)
    assert (logged.event.kind, logged.event.note, logged.letter_id) == (
        "appeal_filed",
        "Faxed, confirmation 0042",
        letter,
    )
    with pytest.raises(StoreError, match="no event"):
        store.replace_event(key, 10**6, Event(kind="phone_call", at="2026-11-21"))
