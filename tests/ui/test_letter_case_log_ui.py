"""The letter wizard with a case log, driven headlessly: open, save, keep exports, mark sent, patterns."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from mhnotebook.errors import StoreError
from mhnotebook.models import Event
from mhnotebook.paths import sample_case_path
from mhnotebook.store import CaseStore
from mhnotebook.store.patterns import pattern_summary
from mhnotebook.ui.letter_case_log import events_to_save
from mhnotebook.ui.letters import LetterWizard, letter_wizard
from mhnotebook.validation import load_case
from tests.conftest import TODAY
from tests.ui.outputs import output_html as _html
from tests.ui.outputs import visible_text as _text

SAMPLE = "not-medically-necessary-iop"
NOW = datetime(2026, 11, 22, 14, 5)


@pytest.fixture
def store(tmp_path: Path) -> CaseStore:
    with CaseStore(str(tmp_path / "c.sqlite"), today=TODAY) as opened:
        yield opened


def _wizard(store: CaseStore | None, sample: str | None = SAMPLE) -> LetterWizard:
    wizard = LetterWizard(today=TODAY, store=store, now=lambda: NOW)
    if sample:
        wizard.show_case_from_sample(sample)
    return wizard


def _sample_key() -> str:
    case_id = load_case(sample_case_path(SAMPLE)).case_id
    assert case_id  # the samples carry ids: the key a save uses
    return case_id


def _descriptions(widget) -> set[str]:
    """Every widget description in the tree: what a person sees labelled on the screen."""
    found = {getattr(widget, "description", "")}
    for child in getattr(widget, "children", ()):
        found |= _descriptions(child)
    return found


def _rename(wizard: LetterWizard, name: str) -> None:
    wizard.controls["patient.name"].input.value = name


# --- without a store: the form as it was ----------------------------------------------------------


def test_without_a_store_there_is_no_case_log_row():
    wizard = letter_wizard(sample=SAMPLE, today=TODAY)
    assert wizard.case_log is None
    shown = _descriptions(wizard.widget())
    assert "Letter" in shown and not {"Case log", "Open from case log", "Mark as sent"} & shown
    assert wizard.export("md") is not None  # exports work with no store at all


def test_with_a_store_the_row_shows_and_an_empty_log_says_so(store):
    wizard = letter_wizard(sample=SAMPLE, today=TODAY, store=store)
    log = wizard.case_log
    assert log is not None
    assert log.row() in wizard.widget().children and log.sent_row() in wizard.widget().children
    assert {"Case log", "Open from case log", "Save case to log", "Mark as sent"} <= _descriptions(
        wizard.widget()
    )
    assert log.case.options[0][1] == "" and "no case in the log" in log.case.options[0][0]
    assert "Not in the case log" in _text(log.save_message.value)
    log.open_button.click()
    assert "Choose a case from the log first" in _text(log.open_message.value)


# --- saving the form's case ---------------------------------------------------------------------


def test_saving_a_sample_adds_it_under_its_case_id_and_shows_when(store):
    wizard = _wizard(store)
    log = wizard.case_log
    _rename(wizard, "Robin Newname")
    log.save_button.click()
    key = _sample_key()
    assert log.key == key and store.keys() == [key]
    assert _text(log.save_message.value) == f"Saved to the case log as {key} at 14:05"
    assert store.case(key).patient.name == "Robin Newname"
    assert [v for _, v in log.case.options] == ["", key] and log.case.value == key
    # A second save updates the same case: this form created it, no question asked.
    _rename(wizard, "Robin Othername")
    assert "Changes not saved to the case log yet" in _text(log.save_message.value)
    log.save_button.click()
    assert store.keys() == [key] and store.case(key).patient.name == "Robin Othername"
    assert log.conflict_box.layout.display == "none"


def test_a_key_already_in_the_log_is_never_overwritten_silently(store):
    key = store.add_case(load_case(sample_case_path(SAMPLE)))
    store.log_event(key, Event(kind="phone_call", at="2026-11-20", note="Asked for the claim file"))
    wizard = _wizard(store)
    log = wizard.case_log
    _rename(wizard, "Robin Newname")
    log.save_button.click()
    assert log.conflict_box.layout.display == "flex"
    assert f"A case with key {key} is already in the log" in _text(log.conflict_text.value)
    assert store.case(key).patient.name == "Quinn Example"  # nothing written yet
    assert wizard.controls["patient.name"].get() == "Robin Newname"  # the form keeps its value
    log.update_button.click()
    assert log.conflict_box.layout.display == "none"
    stored = store.case(key)
    assert stored.patient.name == "Robin Newname"
    assert any(e.kind == "phone_call" for e in stored.events)  # the logged call survives the update
    assert len(stored.events) == len(load_case(sample_case_path(SAMPLE)).events) + 1  # no duplicates
    assert log.key == key


def test_save_as_new_stores_the_form_beside_the_existing_case(store):
    key = store.add_case(load_case(sample_case_path(SAMPLE)))
    wizard = _wizard(store)
    log = wizard.case_log
    _rename(wizard, "Robin Newname")
    log.save_button.click()
    log.save_new_button.click()
    assert store.keys() == sorted([key, f"{key}-2"])
    assert store.case(key).patient.name == "Quinn Example"
    assert store.case(f"{key}-2").patient.name == "Robin Newname"
    assert store.case(f"{key}-2").case_id == f"{key}-2"
    assert log.key == f"{key}-2"
    assert f"Saved to the case log as {key}-2" in _text(log.save_message.value)


def test_a_form_that_is_not_valid_is_not_saved_and_keeps_its_values(store):
    wizard = _wizard(store)
    log = wizard.case_log
    _rename(wizard, "")
    wizard.controls["patient.date_of_birth"].input.value = date(2030, 1, 1)
    log.save_button.click()
    assert "Not saved: fix the fields marked in red" in _text(log.save_message.value)
    assert store.keys() == []
    assert wizard.controls["patient.date_of_birth"].get() == "2030-01-01"


def test_a_store_failure_is_shown_beside_the_save_button_and_the_form_keeps_everything(store, monkeypatch):
    wizard = _wizard(store)
    log = wizard.case_log

    def fail(*_args, **_kwargs):
        raise StoreError("could not add the case; nothing was saved: database or disk is full")

    monkeypatch.setattr(store, "add_case", fail)
    _rename(wizard, "Robin Newname")
    log.save_button.click()
    message = _text(log.save_message.value)
    assert "Not saved: could not add the case" in message and "disk is full" in message
    assert "Your form is kept" in message
    assert wizard.controls["patient.name"].get() == "Robin Newname"
    assert log.key is None
    monkeypatch.undo()
    log.save_button.click()  # the same click works once the store does
    assert store.case(_sample_key()).patient.name == "Robin Newname"


# --- opening a stored case ----------------------------------------------------------------------


def test_opening_a_stored_case_fills_the_form_and_a_save_updates_it_keeping_the_log(store):
    case = load_case(sample_case_path("residential-eating-disorder"))
    key = store.add_case(case, key="eating-1")
    wizard = _wizard(store)
    log = wizard.case_log
    log.refresh_cases()
    log.case.value = key
    log.open_button.click()
    assert log.key == key and wizard.sample.value == ""
    assert wizard.controls["patient.name"].get() == case.patient.name
    assert case.patient.name in _html(wizard.preview)
    assert f"Opened from the case log as {key}" in _text(log.save_message.value)
    # Meanwhile another kernel logs a call on the case; the form then moves the denial's date.
    store.log_event(key, Event(kind="peer_to_peer", at="2026-11-21", note="Dr. Reviewer, upheld"))
    wizard.controls["events.denial_received"].input.value = date(2026, 11, 19)
    log.save_button.click()
    assert store.keys() == [key]
    stored = store.case(key)
    assert any(e.kind == "peer_to_peer" for e in stored.events)
    received = [e for e in stored.events if e.kind == "denial_received"]
    assert [str(e.at)[:10] for e in received] == ["2026-11-19"]


def test_a_case_that_is_gone_is_reported_beside_the_open_button(store):
    key = store.add_case(load_case(sample_case_path(SAMPLE)))
    wizard = _wizard(store, sample=None)
    log = wizard.case_log
    log.refresh_cases(select=key)
    store.remove_case(key)
    before = wizard.values()
    log.open_button.click()
    assert "Could not open it: no case" in _text(log.open_message.value)
    assert wizard.values() == before and log.key is None


def test_a_sample_picked_after_a_stored_case_is_no_longer_the_log_case(store):
    key = store.add_case(load_case(sample_case_path(SAMPLE)), key="stored")
    wizard = _wizard(store, sample=None)
    wizard.case_log.open_case(key)
    assert wizard.case_log.key == key
    wizard.sample.value = "residential-eating-disorder"
    assert wizard.case_log.key is None


# --- exports kept with the case, and sent --------------------------------------------------------


def test_every_export_is_kept_with_the_case_and_mark_as_sent_logs_it(store):
    wizard = _wizard(store)
    log = wizard.case_log
    log.save_button.click()
    key = log.key
    kept = []
    for fmt in ("md", "html", "docx"):
        result = wizard.export(fmt)
        assert result is not None
        kept.append(result.path)
        assert f"Kept with case {key} in the case log" in _text(wizard.export_message.value)
    letters = store.letters(key)
    assert [r.file_name for r in letters] == [p.name for p in kept]
    assert {r.kind for r in letters} == {wizard.kind.value}
    assert store.letter_content(key, letters[-1].id) == kept[-1].read_bytes()
    log.sent_on.value = date(2026, 11, 23)
    log.mark_sent_button.click()
    assert "Sent, logged on the case" in _text(log.sent_message.value)
    sent = [e for e in store.timeline(key) if e.event.kind == "letter_sent"]
    assert len(sent) == 1
    assert sent[0].letter_id == letters[-1].id
    assert sent[0].event.note == wizard.letter.kind.title
    assert str(sent[0].event.at) == "2026-11-23"
    log.mark_sent_button.click()  # a second click does not log it twice
    assert "already logged as sent" in _text(log.sent_message.value)
    assert len([e for e in store.timeline(key) if e.event.kind == "letter_sent"]) == 1
    # Saving the form afterwards keeps the letter_sent event the form never showed.
    _rename(wizard, "Robin Newname")
    log.save_button.click()
    assert any(e.kind == "letter_sent" for e in store.case(key).events)


def test_an_export_of_a_case_not_in_the_log_is_not_kept_and_cannot_be_marked_sent(store):
    wizard = _wizard(store)
    assert wizard.export("md") is not None
    assert "Not kept in the case log" in _text(wizard.export_message.value)
    wizard.case_log.mark_sent_button.click()
    assert "Export the letter first" in _text(wizard.case_log.sent_message.value)
    assert store.keys() == []


def test_a_change_after_the_export_means_the_next_export_is_what_gets_sent(store):
    wizard = _wizard(store)
    log = wizard.case_log
    log.save_button.click()
    wizard.export("md")
    _rename(wizard, "Robin Newname")
    log.mark_sent_button.click()
    assert "Export the letter first" in _text(log.sent_message.value)
    assert not [e for e in store.timeline(log.key) if e.event.kind == "letter_sent"]


def test_a_failed_keep_is_shown_beside_the_export_buttons_and_the_file_is_still_written(store, monkeypatch):
    wizard = _wizard(store)
    wizard.case_log.save_button.click()

    def fail(*_args, **_kwargs):
        raise StoreError("could not keep the letter; nothing was saved: database is locked")

    monkeypatch.setattr(store, "keep_letter", fail)
    result = wizard.export("md")
    assert result is not None and result.path.is_file()
    assert "Not kept with the case in the log: could not keep the letter" in _text(
        wizard.export_message.value
    )
    assert wizard.case_log.kept_letter_id is None


# --- the regulator complaint's pattern paragraph --------------------------------------------------


def test_the_regulator_complaint_cites_the_logs_patterns_when_the_case_is_in_the_log(store):
    case = load_case(sample_case_path(SAMPLE))
    store.add_case(case, key="earlier")
    store.set_status("earlier", "won")
    wizard = _wizard(store)
    wizard.kind.value = "regulator_complaint"
    assert "A pattern, not one case" not in _html(wizard.preview)  # not in the log yet
    assert "Open or save the case in the case log" in _text(wizard.case_log.pattern_note.value)
    wizard.case_log.save_button.click()
    wizard.case_log.save_new_button.click()
    key = wizard.case_log.key
    expected = pattern_summary(store, key)
    assert expected  # the same insurer, path and level of care as the earlier case
    preview = _text(_html(wizard.preview))
    assert "A pattern, not one case" in preview
    for pattern in expected:
        assert pattern["text"] in preview
    assert "1 overturned on appeal" in preview
    assert f"cites {len(expected)} pattern" in _text(wizard.case_log.pattern_note.value)
    wizard.kind.value = "medical_necessity"
    assert wizard.case_log.pattern_note.value == ""
    assert "A pattern, not one case" not in _text(_html(wizard.preview))


def test_a_lone_case_in_the_log_gets_no_pattern_paragraph(store):
    wizard = _wizard(store)
    wizard.case_log.save_button.click()
    wizard.kind.value = "regulator_complaint"
    assert "A pattern, not one case" not in _text(_html(wizard.preview))
    assert "No pattern yet" in _text(wizard.case_log.pattern_note.value)


# --- the autosaved form remembers its case --------------------------------------------------------


def test_a_restored_form_remembers_its_log_case_and_keeps_exports_with_it(store):
    first = letter_wizard(sample=SAMPLE, today=TODAY, store=store)
    first.case_log.save_button.click()
    key = first.case_log.key
    _rename(first, "Robin Newname")  # autosaved, not yet saved to the log
    again = letter_wizard(sample=SAMPLE, today=TODAY, store=store)
    assert again.controls["patient.name"].get() == "Robin Newname"
    assert again.case_log.key == key
    assert "Changes not saved to the case log yet" in _text(again.case_log.save_message.value)
    again.export("md")
    assert [r.kind for r in store.letters(key)] == [again.kind.value]


def test_a_restored_form_whose_case_left_the_log_is_a_plain_form_again(store):
    first = letter_wizard(sample=SAMPLE, today=TODAY, store=store)
    first.case_log.save_button.click()
    _rename(first, "Robin Newname")
    store.remove_case(first.case_log.key)
    again = letter_wizard(sample=SAMPLE, today=TODAY, store=store)
    assert again.case_log.key is None
    assert again.controls["patient.name"].get() == "Robin Newname"


# --- the timeline a save writes (pure) ------------------------------------------------------------


def _event(kind: str, at: str, note: str | None = None) -> Event:
    return Event(kind=kind, at=at, note=note)


def test_a_save_keeps_the_logs_events_and_applies_only_the_forms_dates():
    loaded = [_event("denial_received", "2026-11-10"), _event("appeal_filed", "2026-11-12")]
    stored = [*loaded, _event("phone_call", "2026-11-20", "logged in another kernel")]
    form = [_event("denial_received", "2026-11-09"), _event("appeal_filed", "2026-11-12")]
    saved = events_to_save(stored, form, loaded)
    assert sorted((e.kind, str(e.at)) for e in saved) == [
        ("appeal_filed", "2026-11-12"),
        ("denial_received", "2026-11-09"),
        ("phone_call", "2026-11-20"),
    ]


def test_a_cleared_date_removes_that_event_and_a_files_new_events_are_added_once():
    stored = [_event("denial_received", "2026-11-10"), _event("phone_call", "2026-11-20")]
    form = [_event("phone_call", "2026-11-20"), _event("appeal_filed", "2026-11-12")]
    saved = events_to_save(stored, form, None)  # from a file: its events the log lacks are added
    assert sorted((e.kind, str(e.at)) for e in saved) == [
        ("appeal_filed", "2026-11-12"),
        ("phone_call", "2026-11-20"),
    ]
