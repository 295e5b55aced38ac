"""The call log driven headlessly: pick a case, prepare, log a call, see it stored, follow it up."""

from __future__ import annotations

import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from mhnotebook.errors import StoreError
from mhnotebook.store import CaseStore
from mhnotebook.ui.call_form import check_call, parse_time, values_of_event
from mhnotebook.ui.call_log import CallLog
from tests.conftest import TODAY
from tests.ui.outputs import output_html as _html
from tests.ui.outputs import visible_text as _text

SAMPLE = "not-medically-necessary-iop"


@pytest.fixture
def store(tmp_path: Path) -> CaseStore:
    with CaseStore(str(tmp_path / "c.sqlite"), today=TODAY) as opened:
        yield opened


@pytest.fixture
def draft_path(tmp_path: Path) -> Path:
    return tmp_path / "drafts" / "call-log.yaml"


@pytest.fixture
def log(store: CaseStore, draft_path: Path) -> CallLog:
    log = CallLog(store, draft_path=draft_path, now=lambda: datetime(2026, 11, 22, 9, 41))
    log.add_sample(SAMPLE)
    return log


def _fill(log: CallLog, **values: str) -> None:
    filled = {
        "date": "2026-11-20",
        "time": "14:15",
        "zone": "America/Chicago",
        "contact.name": "Dr. Pat Caller",
        "contact.credentials": "DO",
        "contact.reference_number": "CALL-4471",
        "call.criteria_cited": "LOCUS 20, dimension II",
        "call.outcome": "upheld",
        "call.documents_requested": "the last three PHQ-9 scores",
        "call.documents_promised_by": "2026-11-25",
        **values,
    }
    for key, value in filled.items():
        log.controls[key].set(value)


def test_an_empty_store_offers_to_add_a_sample_and_then_picks_it(store: CaseStore, draft_path: Path) -> None:
    log = CallLog(store, draft_path=draft_path)
    assert log.key == ""
    assert log.save_call() is None and "Pick a case" in log.save_message.value
    key = log.add_sample(SAMPLE)
    keys = store.keys()
    assert key in keys and log.key == key
    assert log.add_sample(SAMPLE) == key and "already in the store" in log.case_message.value


def test_a_peer_to_peer_call_shows_the_worksheet_to_prepare_it(log: CallLog) -> None:
    text = _text(_html(log.worksheet))
    assert "preparation worksheet" in text and "The 15-minute agenda" in text
    log.kind.value = "phone_call"
    assert "worksheet is for a peer-to-peer call" in _text(_html(log.worksheet))
    assert log.controls["contact.role"].get() == "plan_representative"


def test_saving_a_call_logs_it_on_the_case_with_its_time_zone(log: CallLog, store: CaseStore) -> None:
    _fill(log)
    call_id = log.save_call()
    assert call_id is not None and "Saved at 09:41" in log.save_message.value
    logged = store.timeline(log.key)
    event = next(e.event for e in logged if e.id == call_id)
    assert event.kind == "peer_to_peer"
    assert (event.at.hour, event.at.minute) == (14, 15)
    assert event.at.utcoffset() == timedelta(hours=-6)  # Chicago in November (standard time)
    assert event.contact.name == "Dr. Pat Caller" and event.contact.role == "plan_reviewer"
    assert event.call.documents_promised_by == date(2026, 11, 25)
    deadlines = [d.what for d in store.record(log.key).deadlines]
    assert any("the last three PHQ-9 scores" in what for what in deadlines)
    assert "Dr. Pat Caller, DO" in log.calls.value and "NOT YET" in log.calls.value
    count = len(store.timeline(log.key))
    assert log.save_call() is None and "already saved" in log.save_message.value  # no double entry
    log.controls["time"].set("15:00")
    assert log.save_call() is not None and len(store.timeline(log.key)) == count + 1


def test_a_date_alone_is_logged_as_a_date(log: CallLog, store: CaseStore) -> None:
    _fill(log, time="")
    call_id = log.save_call()
    event = next(e.event for e in store.timeline(log.key) if e.id == call_id)
    assert event.at == date(2026, 11, 20)


def test_bad_values_are_shown_next_to_their_fields_and_nothing_is_saved(
    log: CallLog, store: CaseStore
) -> None:
    before = len(store.timeline(log.key))
    _fill(log, date=(TODAY + timedelta(days=3)).isoformat())
    assert log.save_call() is None
    assert "after today" in log.controls["date"].problems.value
    assert "fix the fields marked in red" in log.save_message.value
    _fill(log, time="25:70")
    assert log.save_call() is None
    assert "13:30" in log.controls["time"].problems.value and log.controls["date"].problems.value == ""
    _fill(log, **{"call.documents_promised_by": "2026-11-01"})
    assert log.save_call() is None
    assert "before the call" in log.controls["call.documents_promised_by"].problems.value
    assert len(store.timeline(log.key)) == before
    assert log.controls["contact.name"].get() == "Dr. Pat Caller"  # the form keeps every value


def test_a_store_failure_is_shown_beside_save_and_the_form_keeps_its_values(
    log: CallLog, store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(log)
    typed = log.values()

    def fail(*_args, **_kwargs):
        raise StoreError("could not log the event; nothing was saved: disk I/O error")

    monkeypatch.setattr(store, "log_event", fail)
    assert log.save_call() is None
    assert "disk I/O error" in log.save_message.value and "form is kept" in log.save_message.value
    assert "Traceback" not in log.save_message.value
    assert log.values() == typed
    monkeypatch.undo()
    assert log.save_call() is not None


def test_a_half_filled_form_is_saved_owner_only_and_restored(
    log: CallLog, store: CaseStore, draft_path: Path
) -> None:
    log.kind.value = "phone_call"
    log.controls["contact.name"].set("Sam Rep")
    log.controls["time"].set("not a time yet")
    assert draft_path.is_file() and stat.S_IMODE(draft_path.stat().st_mode) == 0o600
    assert "Form saved at 09:41" in log.draft_state.value
    again = CallLog(store, draft_path=draft_path)
    assert again.restore()
    assert again.key == log.key and again.kind.value == "phone_call"
    assert again.controls["contact.name"].get() == "Sam Rep"
    assert again.controls["time"].get() == "not a time yet"
    assert "Restored" in again.draft_state.value
    _fill(again, time="10:00")
    assert again.save_call() is not None
    assert not draft_path.exists()  # saved on the case: the autosave is done with


def test_draft_keep_and_mark_the_follow_up_as_sent(log: CallLog, store: CaseStore) -> None:
    _fill(log)
    call_id = log.save_call()
    assert log.follow_call.value == call_id
    letter = log.draft_follow_up()
    assert letter is not None and letter.kind.kind == "peer_to_peer_followup"
    preview = _text(_html(log.preview))
    assert "You cited: LOCUS 20, dimension II." in preview and "Dr. Pat Caller" in preview
    assert log.mark_sent() is None and "first" in log.sent_message.value
    letter_id = log.export("md")
    assert letter_id is not None and "Download" in log.links.value
    kept = store.letters(log.key)
    assert [k.kind for k in kept] == ["peer_to_peer_followup"]
    assert b"You cited: LOCUS 20, dimension II." in store.letter_content(log.key, letter_id)
    sent = log.mark_sent()
    logged = next(e for e in store.timeline(log.key) if e.id == sent)
    assert logged.event.kind == "letter_sent" and logged.letter_id == letter_id
    assert f"call #{call_id}" in logged.event.note
    assert "yes, sent 2026-11-22" in log.calls.value


def test_a_phone_call_is_followed_up_by_the_phone_confirmation(log: CallLog) -> None:
    log.kind.value = "phone_call"
    _fill(log, **{"contact.name": "Sam Rep"})
    log.save_call()
    letter = log.draft_follow_up()
    assert letter is not None and letter.kind.kind == "phone_confirmation"
    assert "Sam Rep" in _text(_html(log.preview))


def test_times_are_read_as_typed() -> None:
    assert (parse_time("13:30").hour, parse_time("1:30 pm").hour, parse_time("12 am").hour) == (13, 13, 0)
    for bad in ("25:00", "13 pm", "noon", "9:75"):
        with pytest.raises(ValueError):
            parse_time(bad)


def test_a_logged_event_fills_the_form_back() -> None:
    check = check_call(
        "peer_to_peer",
        {
            "date": "2026-11-20",
            "time": "9:05",
            "zone": "America/Denver",
            "contact.name": "A",
            "call.outcome": "upheld",
        },
        today=TODAY,
    )
    assert check.event is not None and not check.problems
    values = values_of_event(check.event)
    assert (values["date"], values["time"], values["contact.name"], values["call.outcome"]) == (
        "2026-11-20",
        "09:05",
        "A",
        "upheld",
    )
