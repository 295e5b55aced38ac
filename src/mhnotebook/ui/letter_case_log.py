"""The letter wizard's case-log row: open a stored case, save the form's case, keep and send letters.

The letter form works on its own; given a :class:`~mhnotebook.store.CaseStore` it gains a small row
that moves cases between the form and the log. Callbacks only call store methods (``list_cases``,
``case``, ``add_case``, ``update_case``, ``keep_letter``, ``log_event``) and ``pattern_summary``;
a :class:`~mhnotebook.errors.StoreError` is shown beside the button that caused it and the form
keeps every value.

Two rules keep the log trustworthy:

- Nothing is overwritten silently: a case whose key is already in the log, and that this form did
  not open or save, is only replaced after "Update it" (or stored beside it with "Save as new").
- Nothing logged is lost: the form edits only the denial's dates, so a save keeps the timeline as
  the log holds it now (calls and ``letter_sent`` events logged meanwhile, here or in another
  kernel) and applies only the form's dates, plus events a case file brings that the log lacks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from mhnotebook.errors import CaseExists, MhnotebookError, StoreError
from mhnotebook.models import Case, Event
from mhnotebook.models.base import day_of
from mhnotebook.ui.case_form import case_data, merge_event_dates
from mhnotebook.ui.form_widgets import problem_html
from mhnotebook.ui.letter_form import FIELDS
from mhnotebook.ui.stored_case import free_key

if TYPE_CHECKING:
    from mhnotebook.rendering.letters import Letter
    from mhnotebook.store import CaseStore
    from mhnotebook.ui.letters import LetterWizard

#: How the autosaved form remembers that its case is in the log (``FormDraft.source``).
CASE_LOG_SOURCE = "case log "
#: Event kinds the letter form edits (as dates); every other event is the log's to keep.
FORM_EVENT_KINDS = tuple(field.name for field in FIELDS.values() if field.kind == "event")
_STYLE = {"description_width": "13rem"}
_NO_CASE = ("(no case in the log yet: save one from the form)", "")
_CHOOSE = ("(choose a case from the log)", "")
_SAVED = "color:#1b5e20"


def events_to_save(stored: list[Event], form: list[Event], loaded: list[Event] | None) -> list[Event]:
    """The timeline a save writes: the log's, with the form's denial dates and the events it adds.

    ``stored`` is the log's timeline now, ``form`` the form's, ``loaded`` the timeline the form was
    opened from (or last saved to) the log, or ``None`` when it came from a sample or a file. Events
    of kinds the form does not edit are kept from the log; the form adds those it holds beyond
    ``loaded`` (beyond ``stored`` for a file, whose events the log may lack). The first event of
    each kind the form edits follows the form's date (no date: it goes).
    """

    def others(events: list[Event]) -> list[Event]:
        return [e for e in events if e.kind not in FORM_EVENT_KINDS]

    baseline = Counter(_identity(e) for e in others(loaded if loaded is not None else stored))
    added = []
    for event in others(form):
        if baseline[_identity(event)] > 0:
            baseline[_identity(event)] -= 1
        else:
            added.append(event)
    dates: dict[str, date | None] = {}
    for kind in FORM_EVENT_KINDS:
        first = next((e for e in form if e.kind == kind), None)
        dates[kind] = day_of(first.at) if first else None
    dated = merge_event_dates(
        [e.model_dump(mode="json", exclude_none=True) for e in stored if e.kind in FORM_EVENT_KINDS], dates
    )
    return [*others(stored), *added, *(Event.model_validate(e) for e in dated)]


def _identity(event: Event) -> str:
    return event.model_dump_json(exclude_none=True)


class LetterCaseLog:
    """The case-log widgets of one letter wizard and what they do with the store."""

    def __init__(self, wizard: LetterWizard, store: CaseStore, *, now: Callable[[], datetime]) -> None:
        self.store = store
        self._wizard = wizard
        self._now = now
        #: The key of the form's case in the log (opened from it, or saved to it), else ``None``.
        self.key: str | None = None
        self.kept_letter_id: int | None = None
        self.sent_event_id: int | None = None
        self._kept_letter: Letter | None = None
        self._saved_data: dict[str, Any] | None = None
        self._saved_at = ""
        self._patterns: tuple[str, list[dict[str, str]]] | None = None

        self.case = w.Dropdown(
            options=[_NO_CASE], description="Case log", style=_STYLE, layout=w.Layout(width="32rem")
        )
        self.open_button = w.Button(
            description="Open from case log", icon="book", layout=w.Layout(width="auto")
        )
        self.open_message = w.HTML()
        self.save_button = w.Button(
            description="Save case to log",
            icon="save",
            tooltip="Add the form's case to the case log, or update the case it was opened from",
        )
        self.save_message = w.HTML("<i>Not in the case log: open a case from it, or save this one.</i>")
        self.conflict_text = w.HTML()
        self.update_button = w.Button(description="Update it", button_style="warning")
        self.save_new_button = w.Button(description="Save as new")
        self.conflict_box = w.HBox(
            [self.conflict_text, self.update_button, self.save_new_button],
            layout=w.Layout(display="none", align_items="center"),
        )
        self.pattern_note = w.HTML()
        self.sent_on = w.DatePicker(value=store.today(), description="Sent on", style=_STYLE)
        self.mark_sent_button = w.Button(
            description="Mark as sent",
            icon="paper-plane",
            tooltip="Log on the case that the letter you exported was sent",
        )
        self.sent_message = w.HTML()

        self.open_button.on_click(lambda _: self.open_case())
        self.save_button.on_click(lambda _: self.save_case())
        self.update_button.on_click(lambda _: self.save_case(existing="update"))
        self.save_new_button.on_click(lambda _: self.save_case(existing="new"))
        self.mark_sent_button.on_click(lambda _: self.mark_sent())
        self._row: w.Widget | None = None
        self._sent_row: w.Widget | None = None
        self.refresh_cases()

    # --- layout ---------------------------------------------------------------------------------
    def row(self) -> w.Widget:
        """The "Case log" row of the wizard's first step (built once)."""
        if self._row is None:
            self._row = w.VBox(
                [
                    w.HBox(
                        [self.case, self.open_button, self.open_message],
                        layout=w.Layout(align_items="center"),
                    ),
                    w.HBox([self.save_button, self.save_message], layout=w.Layout(align_items="center")),
                    self.conflict_box,
                ]
            )
            self._row.add_class("mhn-case-log-row")
        return self._row

    def sent_row(self) -> w.Widget:
        """Below the exports: log the exported letter as sent (built once)."""
        if self._sent_row is None:
            self._sent_row = w.HBox(
                [self.sent_on, self.mark_sent_button, self.sent_message],
                layout=w.Layout(align_items="center"),
            )
        return self._sent_row

    # --- the list of cases ------------------------------------------------------------------------
    def refresh_cases(self, select: str | None = None) -> None:
        """List the log's cases (label, key, status if closed; no patient names on a shared screen)."""
        try:
            summaries = self.store.list_cases(include_closed=True)
        except StoreError as exc:
            self.open_message.value = problem_html(str(exc))
            return
        options = [
            (f"{s.label} ({s.key})" + ("" if s.status == "open" else f" [{s.status}]"), s.key)
            for s in summaries
        ]
        options = [_CHOOSE, *options] if options else [_NO_CASE]
        keys = [key for _, key in options]
        wanted = next((k for k in (select, self.case.value, self.key) if k and k in keys), "")
        self.case.options = options
        self.case.value = wanted

    # --- the form's case and the log --------------------------------------------------------------
    def loaded(self, key: str | None) -> None:
        """The wizard showed a case: from the log (``key``), or a sample, a file or a blank form."""
        self.key = key
        self._patterns = None
        self._saved_data = self._wizard.case_data() if key else None
        self._saved_at = ""
        self.conflict_box.layout.display = "none"
        self.letter_changed()
        if key:
            self.save_message.value = f"<i>Opened from the case log as {escape(key)}.</i>"
            self.refresh_cases(select=key)
        else:
            self.save_message.value = "<i>Not in the case log yet: <b>Save case to log</b> adds it.</i>"

    def restored(self, source: str) -> None:
        """After the wizard restored its autosaved form: remember the log key it named, if still there."""
        key = source[len(CASE_LOG_SOURCE) :] if source.startswith(CASE_LOG_SOURCE) else ""
        try:
            stored = self.store.keys()
            known = bool(key) and key in stored
        except StoreError as exc:
            self.open_message.value = problem_html(str(exc))
            known = False
        self.loaded(key if known else None)
        if known:
            self._saved_data = None  # the restored form may differ from the log: say so
            self.form_changed()

    def open_case(self, key: str | None = None) -> bool:
        """Load a stored case into the form, like a sample or a file, and remember its key."""
        key = key or str(self.case.value or "")
        if not key:
            self.open_message.value = problem_html("Choose a case from the log first.")
            return False
        try:
            case = self.store.case(key)
        except StoreError as exc:
            self.open_message.value = problem_html(f"Could not open it: {exc}")
            return False
        self.open_message.value = ""
        self._wizard.open_stored_case(case_data(case), key)
        return True

    def _form_case(self) -> Case | None:
        """The form's case, validated; ``None`` (and a message by the Save button) if it is not."""
        self._wizard.refresh()
        check = self._wizard.check
        if check is None or check.case is None or check.errors or check.placeholders:
            self.save_message.value = problem_html(
                "Not saved: fix the fields marked in red (and fill in the patient's name, the insurer "
                "and the service) first. The form keeps everything typed."
            )
            return None
        return check.case

    def save_case(self, existing: str = "") -> str | None:
        """Save the form's case to the log; returns its key.

        The case the form opened from (or saved to) the log is updated. Any other case is added,
        keyed by its case id (else a new key); if that key is taken, nothing is written until the
        person picks ``existing="update"`` (replace it) or ``existing="new"`` (a key beside it).
        """
        case = self._form_case()
        if case is None:
            return None
        self.conflict_box.layout.display = "none"
        wanted = self.key or (case.case_id if existing == "update" else None)
        try:
            if wanted:
                stored = self.store.case(wanted).events
                loaded = self._loaded_events() if self.key else None
                case = case.model_copy(update={"events": events_to_save(stored, case.events, loaded)})
                self.store.update_case(wanted, case)
                key = wanted
            elif existing == "new" and case.case_id:
                key = free_key(case.case_id, self.store.keys())
                case = case.model_copy(update={"case_id": key})
                key = self.store.add_case(case, key=key)
            else:
                key = self.store.add_case(case)
        except CaseExists:
            taken = case.case_id or ""
            self.conflict_text.value = (
                f"<b>A case with key {escape(taken)} is already in the log:</b>&nbsp;"
                if taken
                else "<b>That case key is already in the log:</b>&nbsp;"
            )
            self.conflict_box.layout.display = "flex"
            self.save_message.value = problem_html(
                "Not saved yet: choose below whether to update the stored case or save this one as new.",
                "warning",
            )
            return None
        except (StoreError, MhnotebookError) as exc:
            self.save_message.value = problem_html(f"Not saved: {exc}. Your form is kept; try again.")
            return None
        self.key = key
        self._patterns = None
        self._wizard.saved_to_log(case_data(case), key)
        self._saved_data = self._wizard.case_data()
        self._saved_at = f"{self._now():%H:%M}"
        self.save_message.value = (
            f"<b style='{_SAVED}'>Saved to the case log as {escape(key)} at {self._saved_at}</b>"
        )
        self.refresh_cases(select=key)
        return key

    def _loaded_events(self) -> list[Event]:
        base = self._wizard.base_data()
        return [Event.model_validate(e) for e in base.get("events") or []]

    def form_changed(self) -> None:
        """A field changed: say when the form no longer matches what the log holds."""
        self.letter_changed()
        self.conflict_box.layout.display = "none"
        if self.key and self._wizard.case_data() != self._saved_data:
            when = f" (last saved at {self._saved_at})" if self._saved_at else ""
            self.save_message.value = (
                f"<i>Changes not saved to the case log yet{escape(when)}: "
                f"<b>Save case to log</b> updates {escape(self.key)}.</i>"
            )

    def letter_changed(self) -> None:
        """The letter changed: a file exported before is no longer the one to mark as sent."""
        self.kept_letter_id = self.sent_event_id = None
        self._kept_letter = None
        self.sent_message.value = ""

    # --- letters ------------------------------------------------------------------------------------
    def patterns(self) -> list[dict[str, str]] | None:
        """The pattern paragraph for a regulator complaint: what the insurer did in other logged cases."""
        from mhnotebook.store.patterns import pattern_summary

        if not self.key:
            self.pattern_note.value = (
                "<i>Open or save the case in the case log to add what this insurer did in other cases.</i>"
            )
            return None
        if self._patterns is None or self._patterns[0] != self.key:
            try:
                self._patterns = (self.key, pattern_summary(self.store, self.key))
            except (StoreError, MhnotebookError) as exc:
                self.pattern_note.value = problem_html(f"Patterns across cases could not be read: {exc}")
                return None
        found = self._patterns[1]
        self.pattern_note.value = (
            f"<i>The complaint cites {len(found)} pattern{'s' if len(found) != 1 else ''} from the case log.</i>"
            if found
            else "<i>No pattern yet: no other case in the log at this insurer shares the path, "
            "the level of care or the reviewer.</i>"
        )
        return found

    def keep(self, letter: Letter, path: Path, day: date) -> str:
        """Keep an exported file with the case (if it is in the log); returns the message to show."""
        if not self.key:
            return (
                "<div><i>Not kept in the case log: open the case from it, or save it there, first.</i></div>"
            )
        try:
            letter_id = self.store.keep_letter(
                self.key, letter.kind.kind, path.name, path.read_bytes(), drafted_on=day
            )
        except (StoreError, OSError) as exc:
            return problem_html(f"Not kept with the case in the log: {exc}. Export again to retry.")
        self.kept_letter_id, self.sent_event_id, self._kept_letter = letter_id, None, letter
        self.sent_message.value = ""
        return f"<div><i>Kept with case {escape(self.key)} in the case log (letter {letter_id}).</i></div>"

    def mark_sent(self) -> int | None:
        """Log ``letter_sent`` on the case for the exported letter, with the letter's title as note."""
        letter, letter_id = self._kept_letter, self.kept_letter_id
        if not self.key or letter is None or letter_id is None:
            self.sent_message.value = problem_html(
                "Export the letter first (with the case in the case log): the export is what is sent."
            )
            return None
        if self.sent_event_id is not None:
            self.sent_message.value = problem_html("This letter is already logged as sent.", "warning")
            return None
        day = self.sent_on.value or self.store.today()
        try:
            event_id = self.store.log_event(
                self.key, Event(kind="letter_sent", at=day, note=letter.kind.title), letter_id=letter_id
            )
        except (StoreError, MhnotebookError) as exc:
            self.sent_message.value = problem_html(f"Not logged: {exc}. Try again.")
            return None
        self.sent_event_id = event_id
        self.sent_message.value = (
            f"<b style='{_SAVED}'>Sent, logged on the case</b> {escape(self.key)} ({day.isoformat()})."
        )
        return event_id


__all__ = ["CASE_LOG_SOURCE", "FORM_EVENT_KINDS", "LetterCaseLog", "events_to_save"]
