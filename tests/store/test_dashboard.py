"""The deadline dashboard: overdue first then soonest, de-identified, in step with the store's own rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from mhnotebook.models import Event
from mhnotebook.store import CaseStore
from mhnotebook.store.dashboard import DEADLINE_COLUMNS, WAITING_COLUMNS, deadline_board
from mhnotebook.store.demo import load_samples
from tests.conftest import TODAY
from tests.store.case_factory import bare_case, reply_due


def _day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


@pytest.fixture
def store(store_url: str) -> CaseStore:
    s = CaseStore(store_url, today=TODAY)
    s.add_case(
        bare_case(
            "Alex Hidden",
            label="Case A",
            events=[reply_due(_day(-20), _day(-3)), reply_due(_day(-20), _day(20))],
        ),
        key="a",
    )
    s.add_case(
        bare_case(
            "Blair Hidden",
            label="Case B",
            events=[reply_due(_day(-30), _day(5)), reply_due(_day(-30), _day(-10))],
        ),
        key="b",
    )
    s.add_case(bare_case("Cory Hidden", label="Case C"), key="c")
    yield s
    s.close()


def test_overdue_deadlines_come_first_then_the_soonest_with_days_left_and_state(store):
    board = deadline_board(store)
    frame = board.deadlines
    assert list(frame["case"]) == ["b", "a", "b", "a"]
    assert list(frame["days_left"]) == [-10, -3, 5, 20]
    assert list(frame["state"]) == ["overdue", "overdue", "due_soon", "upcoming"]
    assert list(frame["due"].dt.strftime("%Y-%m-%d")) == [_day(-10), _day(-3), _day(5), _day(20)]
    assert set(frame["clock"]) == {"the plan"}  # a reply owed to you: the plan's move
    assert board.counts == {"overdue": 2, "due_soon": 1, "upcoming": 1}
    assert board.as_of == TODAY


def test_the_board_names_no_patient_unless_asked(store):
    board = deadline_board(store)
    assert tuple(board.deadlines.columns) == DEADLINE_COLUMNS
    assert tuple(board.waiting.columns) == WAITING_COLUMNS
    text = board.deadlines.to_csv() + board.waiting.to_csv()
    assert "Hidden" not in text and "Case A" in text
    named = deadline_board(store, with_names=True)
    assert set(named.deadlines["patient"]) == {"Alex Hidden", "Blair Hidden"}
    assert "Cory Hidden" in set(named.waiting["patient"])


def test_waiting_has_one_row_per_open_case_saying_whose_move_it_is(store):
    waiting = deadline_board(store).waiting.set_index("case")
    assert sorted(waiting.index) == ["a", "b", "c"]
    assert waiting.loc["b", "waiting_for"] == f"the plan: Plan promised the claim file by {_day(-10)}"
    assert waiting.loc["b", "state"] == "overdue"
    assert waiting.loc["c", "waiting_for"] == "nothing scheduled: log the next step"
    # The same words the store's own case list uses.
    for summary in store.list_cases():
        assert waiting.loc[summary.key, "waiting_for"] == summary.waiting_for


def test_met_deadlines_and_closed_cases_leave_the_board(store):
    store.log_event("a", Event(kind="decision_received", at=_day(-2)))  # answers the one due at +20
    store.set_status("b", "won")
    board = deadline_board(store)
    assert list(zip(board.deadlines["case"], board.deadlines["days_left"], strict=True)) == [("a", -3)]
    assert sorted(board.waiting["case"]) == ["a", "c"]


def test_as_of_moves_every_deadline_along(store):
    later = deadline_board(store, as_of=TODAY + timedelta(days=6))
    assert list(later.deadlines["days_left"]) == [-16, -9, -1, 14]
    assert later.counts == {"overdue": 3, "due_soon": 1, "upcoming": 0}


def test_an_empty_store_gives_empty_frames_with_the_columns(store_url):
    board = deadline_board(CaseStore(store_url, today=TODAY))
    assert board.deadlines.empty and board.waiting.empty
    assert tuple(board.deadlines.columns) == DEADLINE_COLUMNS
    assert board.counts == {"overdue": 0, "due_soon": 0, "upcoming": 0}


def test_the_board_agrees_with_the_stores_deadline_rows_on_the_samples(store_url):
    store = CaseStore(store_url, today=TODAY)
    load_samples(store)
    board = deadline_board(store, with_names=True)
    rows = store.deadlines()
    ours = sorted(
        zip(
            board.deadlines["case"],
            board.deadlines["what"],
            board.deadlines["due"].dt.date,
            board.deadlines["state"],
            board.deadlines["days_left"],
            board.deadlines["patient"],
            strict=True,
        )
    )
    theirs = sorted((r.case_key, r.what, r.due_day, r.state, r.days_left, r.patient_name) for r in rows)
    assert ours == theirs and len(ours) > 10
    by_key = {s.key: s.waiting_for for s in store.list_cases()}
    assert dict(zip(board.waiting["case"], board.waiting["waiting_for"], strict=True)) == by_key
    assert str(board).startswith(f"Deadlines as of {TODAY.isoformat()}: {board.overdue} overdue")


def test_the_demo_log_shows_a_promise_from_a_call_and_loads_once(store_url):
    store = CaseStore(store_url, today=date(2026, 11, 22))
    keys = load_samples(store)
    assert len(keys) == 17 and load_samples(store) == []
    promise = deadline_board(store).deadlines.query("case == 'sample-07' and clock == 'you'")
    assert list(promise["what"]) == [
        "Send the documents promised on the call (urine drug test results since 2026-11-19)"
    ]
    assert list(promise["rule"]) == ["promised on 2026-11-19"]


def test_a_database_failure_is_a_store_error_in_words_without_sql(store):
    from sqlalchemy import text

    from mhnotebook.errors import StoreError

    with store.engine.begin() as c:
        c.execute(text("DROP TABLE deadlines"))
    with pytest.raises(StoreError, match="could not read the deadlines") as caught:
        deadline_board(store)
    assert "SELECT" not in str(caught.value)
