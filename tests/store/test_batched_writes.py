"""Batched writes (one multi-row statement per table) behave exactly like writing one row at a time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mhnotebook.errors import CaseExists
from mhnotebook.models import Case, Event
from mhnotebook.paths import sample_case_path, sample_case_paths
from mhnotebook.store import CaseStore
from mhnotebook.store import schema as t
from mhnotebook.validation import load_case
from tests.conftest import TODAY


@pytest.fixture
def store(store_url: str):
    with CaseStore(store_url, today=TODAY) as s:
        yield s


def _count(store: CaseStore, table: object) -> int:
    with store.engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def _reviewer(name: str, reference: str) -> dict[str, str]:
    return {"role": "plan_reviewer", "name": name, "credentials": "MD", "reference_number": reference}


def test_a_batch_of_cases_equals_the_same_cases_added_one_by_one(store_url: str, tmp_path) -> None:
    samples = [load_case(p) for p in sample_case_paths()]
    with CaseStore(store_url, today=TODAY) as batched:
        keys = batched.add_cases(samples)
        one_by_one = CaseStore(tmp_path / "one-by-one.sqlite", today=TODAY)
        assert [one_by_one.add_case(case) for case in samples] == keys
        for key in keys:
            assert batched.case(key) == one_by_one.case(key)
            assert batched.record(key).deadlines == one_by_one.record(key).deadlines
            assert batched.record(key).contacts == one_by_one.record(key).contacts
        assert batched.deadlines() == one_by_one.deadlines()
        one_by_one.close()


def test_a_key_twice_in_one_batch_saves_none_of_it(store: CaseStore) -> None:
    case = load_case(sample_case_path("session-limit-therapy"))
    other = load_case(sample_case_path("experimental-tms"))
    with pytest.raises(CaseExists, match=repr(case.case_id)):
        store.add_cases([case, other, case])
    assert store.keys() == []
    assert _count(store, t.events) == 0 and _count(store, t.deadlines) == 0


def test_cases_without_a_key_in_one_batch_get_distinct_new_keys(store: CaseStore) -> None:
    anonymous = load_case(sample_case_path("session-limit-therapy")).model_copy(update={"case_id": None})
    store.add_case(anonymous, key="case-0002")  # a hand-picked key in the way of the numbering
    keys = store.add_cases([anonymous, anonymous, anonymous])
    assert len(set(keys)) == 3 and "case-0002" not in keys
    assert all(key.startswith("case-") for key in keys)
    assert sorted(store.keys()) == sorted([*keys, "case-0002"])


def test_logged_events_get_their_ids_in_the_order_given(store: CaseStore) -> None:
    key = store.add_case(load_case(sample_case_path("session-limit-therapy")))
    day = TODAY - timedelta(days=1)
    # Logged out of date order, so the timeline's order differs from the order given.
    events = [Event(kind="phone_call", at=day - timedelta(days=n), note=f"call {n}") for n in (3, 1, 2, 0)]
    ids = store.log_events(key, events)
    notes = {logged.id: logged.event.note for logged in store.timeline(key)}
    assert [notes[i] for i in ids] == ["call 3", "call 1", "call 2", "call 0"]


def test_a_person_is_one_contact_per_case_across_a_batch_and_later_logs(store: CaseStore) -> None:
    case: Case = load_case(sample_case_path("session-limit-therapy"))
    first = store.add_case(case)
    second = store.add_case(case, key="second")
    calls = [
        Event(kind="peer_to_peer", at=TODAY, contact=_reviewer("Dr Lee", "A1")),
        Event(kind="phone_call", at=TODAY, contact=_reviewer("Dr Lee", "A2")),
        Event(kind="phone_call", at=TODAY, contact=_reviewer("Dr Kim", "A3")),
    ]
    before = _count(store, t.contacts)
    store.log_events(first, calls)
    assert _count(store, t.contacts) == before + 2
    store.log_event(first, Event(kind="phone_call", at=TODAY, contact=_reviewer("Dr Lee", "A4")))
    assert _count(store, t.contacts) == before + 2  # known on this case: reused
    store.log_event(second, Event(kind="phone_call", at=TODAY, contact=_reviewer("Dr Lee", "A5")))
    assert _count(store, t.contacts) == before + 3  # another case: its own row
    references = [
        logged.event.contact.reference_number
        for logged in store.timeline(first)
        if logged.event.contact is not None and logged.event.contact.name == "Dr Lee"
    ]
    assert sorted(references) == ["A1", "A2", "A4"]
