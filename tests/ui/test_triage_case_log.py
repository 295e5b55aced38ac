"""The triage form's case-log row driven headlessly: save, open, never overwrite silently, keep the rest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import ipywidgets as w
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhnotebook.errors import StoreError
from mhnotebook.models import Case, Event
from mhnotebook.paths import sample_case_path
from mhnotebook.samples import SAMPLE_AS_OF
from mhnotebook.store import CaseStore
from mhnotebook.ui.case_form import FormValues, form_values_from_case
from mhnotebook.ui.stored_case import free_key, keep_logged_events, merge_form_values
from mhnotebook.ui.triage import TriageWizard, triage_wizard
from mhnotebook.validation import load_case
from tests.conftest import TODAY
from tests.ui.outputs import output_html as _html
from tests.ui.outputs import visible_text

IOP = "not-medically-necessary-iop"  # case_id sample-03
CALL = Event.model_validate(
    {
        "kind": "peer_to_peer",
        "at": "2026-11-20T14:15:00-06:00",
        "note": "Reviewer upheld; asked for PHQ-9 scores",
        "contact": {"role": "plan_reviewer", "name": "Dr. Pat Caller", "credentials": "DO"},
        "call": {"criteria_cited": "LOCUS 20", "outcome": "upheld"},
    }
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CaseStore]:
    with CaseStore(str(tmp_path / "c.sqlite"), today=TODAY) as opened:
        yield opened


def _wizard(store: CaseStore, sample: str | None = IOP) -> TriageWizard:
    wizard = TriageWizard(as_of=SAMPLE_AS_OF, store=store, now=lambda: datetime(2026, 11, 22, 14, 5))
    if sample:
        wizard.show_case_from_sample(sample)
    return wizard


def _same(case: Case) -> tuple[str, list[str]]:
    """A case's facts and its events in any order (the store keeps a timeline in date order)."""
    return case.model_dump_json(exclude={"events"}), sorted(e.model_dump_json() for e in case.events)


def _said(widget: w.HTML) -> str:
    return visible_text(widget.value)


def _all_widgets(root: w.Widget) -> list[w.Widget]:
    found = [root]
    for child in getattr(root, "children", ()):
        found += _all_widgets(child)
    return found


def test_without_a_store_the_form_has_no_case_log_row():
    wizard = triage_wizard(sample=IOP, as_of=SAMPLE_AS_OF)
    shown = _all_widgets(wizard.widget())
    assert wizard.log_button not in shown and wizard.open_button not in shown
    assert wizard.triage_button in shown


def test_with_a_store_the_row_is_shown_and_the_notebook_helper_passes_it_on(store: CaseStore):
    wizard = triage_wizard(sample=IOP, as_of=SAMPLE_AS_OF, store=store)
    shown = _all_widgets(wizard.widget())
    assert wizard.store is store
    assert {wizard.log_button, wizard.open_button, wizard.log_case} <= set(shown)
    assert wizard.log_case.options == (("(no case in the log yet)", ""),)


def test_saving_a_sample_adds_it_under_its_case_id_and_says_what_it_waits_for(store: CaseStore):
    wizard = _wizard(store)
    key = wizard.save_to_log()
    assert key == "sample-03" and store.keys() == ["sample-03"]
    assert _same(store.case(key)) == _same(load_case(sample_case_path(IOP)))
    summary = store.list_cases()[0]
    said = _said(wizard.log_message)
    assert said.startswith("Saved to the case log as sample-03 at 14:05.")
    assert f"Waiting for {summary.waiting_for}." in said and summary.next_deadline is not None
    assert wizard.log_case.value == "sample-03"  # the dropdown lists it, selected


def test_saving_again_updates_the_case_it_created_without_asking(store: CaseStore):
    wizard = _wizard(store)
    key = wizard.save_to_log()
    wizard.denial_text.value = "Not medically necessary: LOCUS score below IOP threshold (corrected)"
    wizard.state.value = "tx"
    assert wizard.save_to_log() == key
    assert store.keys() == [key]
    saved = store.case(key)
    assert saved.denial is not None and saved.denial.text.endswith("(corrected)")
    assert saved.plan.state == "TX"
    assert wizard.question_box.layout.display == "none"


def test_a_case_without_an_id_gets_a_generated_key_that_the_form_keeps(store: CaseStore):
    wizard = _wizard(store, sample=None)
    wizard.denial_text.value = "Denied: not medically necessary"
    first = wizard.save_to_log()
    wizard.codes.value = "CO-50"
    assert first is not None and wizard.save_to_log() == first
    assert store.keys() == [first] and first.startswith("case-")
    assert [str(c) for c in store.case(first).denial.codes] == ["CO-50"]


def test_a_case_id_already_in_the_log_asks_instead_of_overwriting(store: CaseStore):
    theirs = load_case(sample_case_path(IOP))
    store.add_case(theirs)
    store.log_event("sample-03", CALL)
    wizard = _wizard(store)
    wizard.denial_text.value = "My own reading of the denial"
    assert wizard.save_to_log() is None
    assert wizard.question_box.layout.display != "none"
    assert "A case with key sample-03 is already in the log" in _said(wizard.question)
    assert "Not saved yet" in _said(wizard.log_message)
    assert store.case("sample-03").denial.text == theirs.denial.text  # nothing overwritten
    assert wizard.denial_text.value == "My own reading of the denial"  # nothing lost


def test_update_it_replaces_the_facts_and_keeps_what_was_logged_on_the_case(store: CaseStore):
    store.add_case(load_case(sample_case_path(IOP)))
    call_id = store.log_event("sample-03", CALL)
    wizard = _wizard(store)
    wizard.denial_text.value = "My own reading of the denial"
    wizard.save_to_log()
    wizard.update_button.click()
    assert store.keys() == ["sample-03"] and wizard.key == "sample-03"
    saved = store.case("sample-03")
    assert saved.denial.text == "My own reading of the denial"
    assert CALL in saved.events and call_id in [e.id for e in store.timeline("sample-03")]
    assert _said(wizard.log_message).startswith("Updated in the case log as sample-03 at 14:05.")
    assert wizard.question_box.layout.display == "none"


def test_save_as_new_adds_a_second_case_and_leaves_the_first_alone(store: CaseStore):
    theirs = load_case(sample_case_path(IOP))
    store.add_case(theirs)
    wizard = _wizard(store)
    wizard.denial_text.value = "A second denial for the same person"
    wizard.save_to_log()
    wizard.new_button.click()
    assert store.keys() == ["sample-03", "sample-03-2"] and wizard.key == "sample-03-2"
    assert _same(store.case("sample-03")) == _same(theirs)
    assert store.case("sample-03-2").denial.text == "A second denial for the same person"
    assert "as a new case as sample-03-2" in _said(wizard.log_message)
    wizard.state.value = "NY"  # the form now saves onto its own new case
    assert wizard.save_to_log() == "sample-03-2" and store.case("sample-03").plan.state == theirs.plan.state


def test_the_answer_saves_the_form_as_it_is_when_clicked(store: CaseStore):
    store.add_case(load_case(sample_case_path(IOP)))
    wizard = _wizard(store)
    wizard.save_to_log()
    wizard.denial_text.value = "edited while the question was shown"
    wizard.update_button.click()
    assert store.case("sample-03").denial.text == "edited while the question was shown"


def test_saving_leaves_the_triage_shown_under_the_form(store: CaseStore):
    wizard = _wizard(store)
    wizard.run()
    shown = _html(wizard.output)
    assert "Deadlines" in shown
    wizard.save_to_log()
    assert _html(wizard.output) == shown


def test_loading_a_sample_or_file_after_saving_forgets_the_key(store: CaseStore):
    wizard = _wizard(store)
    wizard.save_to_log()
    wizard.show_case_from_sample("experimental-tms")
    wizard.show_case_from_sample(IOP)
    assert wizard.key is None
    assert wizard.save_to_log() is None and wizard.question_box.layout.display != "none"


def test_opening_a_stored_case_fills_the_form_and_remembers_its_key(store: CaseStore):
    case = load_case(sample_case_path("part-d-buprenorphine"))
    key = store.add_case(case, key="bup-2026")
    wizard = _wizard(store, sample=None)
    wizard.refresh_log_cases()
    assert ("bup-2026" in [k for _, k in wizard.log_case.options]) and wizard.log_case.value == "bup-2026"
    wizard.open_button.click()
    assert wizard.key == key and wizard.sample.value == ""
    assert wizard.plan_type.value == "medicare_part_d"
    assert wizard.values() == form_values_from_case(case)
    assert "Opened bup-2026" in _said(wizard.open_message)
    wizard.funding.value = "self_funded"
    assert wizard.save_to_log() == key and store.keys() == [key]


def test_a_load_then_save_round_trip_keeps_every_field_the_form_cannot_show(store: CaseStore):
    case = load_case(sample_case_path("level-of-care-php-to-iop"))  # providers, clinical, notes, reviewer
    key = store.add_case(case)
    store.log_event(key, CALL)
    letter_id = store.keep_letter(key, "peer_to_peer_followup", "followup.pdf", b"%PDF-1.7 kept")
    store.log_event(key, Event(kind="letter_sent", at="2026-11-21"), letter_id=letter_id)
    before = store.record(key)
    wizard = _wizard(store, sample=None)
    assert wizard.open_from_log(key)
    assert wizard.save_to_log() == key
    after = store.record(key)
    assert after.case == before.case
    assert after.timeline == before.timeline  # same events, same ids, the letter link kept
    assert after.letters == before.letters


def test_changes_made_in_the_log_after_opening_are_kept_when_the_form_saves(store: CaseStore):
    key = store.add_case(load_case(sample_case_path(IOP)))
    wizard = _wizard(store, sample=None)
    wizard.open_from_log(key)
    elsewhere = store.case(key)  # another kernel: logs a call and corrects the state
    store.update_case(
        key, elsewhere.model_copy(update={"plan": elsewhere.plan.model_copy(update={"state": "OR"})})
    )
    store.log_event(key, CALL)
    wizard.denial_text.value = "Edited in the triage form"
    assert wizard.save_to_log() == key
    saved = store.case(key)
    assert saved.denial.text == "Edited in the triage form"
    assert saved.plan.state == "OR" and CALL in saved.events
    assert wizard.state.value == "OR"  # the form shows what it saved
    assert "changed in the log since you opened the case" in _said(wizard.log_message)


def test_a_failed_save_is_shown_beside_the_button_and_the_form_keeps_everything(
    store: CaseStore, monkeypatch: pytest.MonkeyPatch
):
    def fail(*_args: object, **_kwargs: object) -> str:
        raise StoreError("could not add the case; nothing was saved: database is locked")

    wizard = _wizard(store)
    wizard.denial_text.value = "typed before the failure"
    before = wizard.values()
    monkeypatch.setattr(store, "add_case", fail)
    assert wizard.save_to_log() is None
    said = _said(wizard.log_message)
    assert "Not saved to the case log: could not add the case" in said and "database is locked" in said
    assert "Traceback" not in wizard.log_message.value
    assert wizard.values() == before and wizard.key is None
    monkeypatch.undo()
    assert wizard.save_to_log() == "sample-03"  # try again: it lands


def test_a_failed_update_keeps_the_key_and_the_form(store: CaseStore, monkeypatch: pytest.MonkeyPatch):
    def fail(*_args: object, **_kwargs: object) -> None:
        raise StoreError("could not save the case; nothing was saved: disk I/O error")

    wizard = _wizard(store)
    wizard.save_to_log()
    wizard.denial_text.value = "second version"
    monkeypatch.setattr(store, "update_case", fail)
    assert wizard.save_to_log() is None
    assert "disk I/O error" in _said(wizard.log_message)
    assert wizard.denial_text.value == "second version" and wizard.key == "sample-03"


def test_invalid_facts_are_not_saved_and_are_shown_next_to_their_fields(store: CaseStore):
    wizard = _wizard(store)
    wizard.state.value = "ZZ"
    assert wizard.save_to_log() is None
    assert "two-letter" in wizard.field_errors["state"].value
    assert "Not saved to the case log" in _said(wizard.log_message)
    assert store.keys() == [] and wizard.state.value == "ZZ"


def test_opening_a_case_removed_meanwhile_says_so_and_leaves_the_form(store: CaseStore):
    key = store.add_case(load_case(sample_case_path("experimental-tms")))
    wizard = _wizard(store)
    wizard.refresh_log_cases()
    store.remove_case(key)
    before = wizard.values()
    assert not wizard.open_from_log(key)
    assert f"Could not open {key}: no case '{key}' in the store" in _said(wizard.open_message)
    assert wizard.values() == before


def test_closed_cases_are_listed_and_marked(store: CaseStore):
    store.add_case(load_case(sample_case_path("experimental-tms")))
    store.set_status("sample-10", "won")
    wizard = _wizard(store, sample=None)
    labels = [label for label, _ in wizard.log_case.options]
    assert len(labels) == 1 and labels[0].endswith("(sample-10), won")


# --- the pure merge rules -------------------------------------------------------------------------


def test_merge_keeps_what_the_user_changed_and_takes_the_rest_from_the_store():
    loaded = FormValues(state="CA", denial_text="old", events={"appeal_filed": None})
    typed = FormValues(state="CA", denial_text="mine", events={"appeal_filed": None})
    current = FormValues(state="OR", denial_text="old", events={"appeal_filed": date(2026, 11, 20)})
    merged = merge_form_values(loaded, typed, current)
    assert (merged.state, merged.denial_text) == ("OR", "mine")
    assert merged.events is not None and merged.events["appeal_filed"] == date(2026, 11, 20)


def test_update_keeps_logged_events_but_not_the_form_owned_kinds():
    form_case = load_case(sample_case_path(IOP))
    stored = form_case.model_copy(
        update={"events": [*form_case.events, CALL, Event(kind="appeal_filed", at="2026-11-01")]}
    )
    kept = keep_logged_events(form_case, stored)
    assert CALL in kept.events
    assert not any(e.kind == "appeal_filed" for e in kept.events)  # the form said no appeal yet
    assert keep_logged_events(form_case, form_case) == form_case


@given(st.sets(st.sampled_from(["sample-03", "sample-03-2", "sample-03-3", "sample-03-5", "x"])))
def test_free_key_is_never_taken_and_names_the_wanted_key(taken: set[str]):
    key = free_key("sample-03", taken)
    assert key not in taken and key.startswith("sample-03")
    assert key == "sample-03" or "sample-03" in taken
