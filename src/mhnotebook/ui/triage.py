"""The triage wizard: pick a sample or load a case file, adjust the facts, see the triage.

Callbacks only move values between widgets and package functions (``case_data_from_form``,
``validate_case_data``, ``triage_case``, ``triage_html``). Problems appear next to the field they
concern; the form keeps every value when something is wrong, and a draft can be saved (owner-only).

Given a case store, a "Case log" row opens a stored case into the form and saves the form's case to
the log (``CaseStore.add_case`` / ``update_case`` / ``case`` / ``list_cases``). It never overwrites
a stored case silently: a case id already in the log that this form did not open or create asks
first. Saving applies the form's changes on top of the case as stored now (see
:mod:`mhnotebook.ui.stored_case`), so a call or letter logged elsewhere meanwhile is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w
from IPython.display import HTML
from pydantic import BaseModel

from mhnotebook.errors import CaseExists, CaseFileError, StoreError
from mhnotebook.models import Case
from mhnotebook.models.vocab import (
    DenialLevel,
    DenialStage,
    Funding,
    LevelOfCare,
    PlanType,
    Requester,
    RiskCategory,
)
from mhnotebook.paths import sample_case_paths, user_data_dir, write_private_file
from mhnotebook.rendering.triage_html import crisis_html, triage_html
from mhnotebook.rules.triage import Triage, triage_case
from mhnotebook.ui.case_form import (
    BLANK_CASE,
    FORM_EVENTS,
    FormValues,
    case_data,
    case_data_from_form,
    form_values_from_case,
)
from mhnotebook.ui.stored_case import free_key, keep_logged_events, merge_form_values
from mhnotebook.validation import load_case, validate_case_data
from mhnotebook.validation.fileformat import dump_yaml

if TYPE_CHECKING:
    from mhnotebook.store import CaseStore

_WIDE = w.Layout(width="34rem")
_STYLE = {"description_width": "14rem"}


def _help(model: type[BaseModel], name: str) -> str:
    return str(model.model_fields[name].description or "")


def _options(enum: Any, blank: str | None = None) -> list[tuple[str, str]]:
    options = [(member.label, member.value) for member in enum]
    return [(blank, ""), *options] if blank else options


class TriageWizard:
    """The widgets, their layout and the few actions the buttons trigger."""

    def __init__(
        self,
        as_of: date | None = None,
        store: CaseStore | None = None,
        *,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        from mhnotebook.models.denial import Denial
        from mhnotebook.models.plan import Plan
        from mhnotebook.models.service import Service

        self._base: dict[str, Any] = dict(BLANK_CASE)
        self.result: Triage | None = None
        samples = [(p.stem.replace("-", " "), str(p)) for p in sample_case_paths()]
        self.sample = w.Dropdown(
            options=[("(start from a blank form)", ""), *samples],
            description="Sample case",
            style=_STYLE,
            layout=_WIDE,
            tooltip="Synthetic sample cases that ship with mhnotebook",
        )
        self.case_file = w.Text(
            description="Or your case file",
            placeholder="path to a .yaml case file",
            style=_STYLE,
            layout=_WIDE,
        )
        self.load_button = w.Button(
            description="Load my case file", icon="folder-open", layout=w.Layout(width="auto")
        )
        self.load_message = w.HTML()
        self.plan_type = w.Dropdown(
            options=_options(PlanType),
            description="Plan type",
            style=_STYLE,
            layout=_WIDE,
            tooltip=_help(Plan, "plan_type"),
        )
        self.funding = w.Dropdown(
            options=_options(Funding),
            description="Funding",
            style=_STYLE,
            layout=_WIDE,
            tooltip=_help(Plan, "funding"),
        )
        self.grandfathered = w.Dropdown(
            options=[("Not known", "unknown"), ("Yes", "yes"), ("No", "no")],
            description="Grandfathered plan?",
            style=_STYLE,
            layout=_WIDE,
            tooltip=_help(Plan, "grandfathered"),
        )
        self.state = w.Text(
            description="State (2 letters)", style=_STYLE, layout=_WIDE, tooltip=_help(Plan, "state")
        )
        self.employer_size = w.Text(
            description="Employer size",
            placeholder="number of employees",
            style=_STYLE,
            layout=_WIDE,
            tooltip=_help(Plan, "employer_size"),
        )
        self.stage = w.Dropdown(
            options=_options(DenialStage, "Not known"),
            description="When was care denied",
            style=_STYLE,
            layout=_WIDE,
            tooltip=_help(Denial, "stage"),
        )
        self.level = w.Dropdown(
            options=_options(DenialLevel),
            description="Denial level",
            style=_STYLE,
            layout=_WIDE,
            tooltip=_help(Denial, "level"),
        )
        self.level_of_care = w.Dropdown(
            options=_options(LevelOfCare, "Not stated"),
            description="Level of care",
            style=_STYLE,
            layout=_WIDE,
            tooltip=_help(Service, "level_of_care"),
        )
        self.denial_text = w.Textarea(
            description="Denial reason (as written)",
            style=_STYLE,
            layout=w.Layout(width="34rem", height="7rem"),
            tooltip=_help(Denial, "text"),
        )
        self.codes = w.Text(
            description="Codes on the notice",
            placeholder="CO-50, N115",
            style=_STYLE,
            layout=_WIDE,
            tooltip=_help(Denial, "codes"),
        )
        self.risks = w.SelectMultiple(
            options=_options(RiskCategory),
            description="Safety risks now",
            style=_STYLE,
            layout=w.Layout(width="34rem", height="8rem"),
            tooltip="Any risk shows crisis resources first",
        )
        self.requested_by = w.Dropdown(
            options=_options(Requester),
            description="Who asked for expedited review",
            style=_STYLE,
            layout=_WIDE,
        )
        self.events = {
            kind: w.DatePicker(description=label, style=_STYLE, layout=_WIDE)
            for kind, label in FORM_EVENTS.items()
        }
        self.as_of = w.DatePicker(
            description="Judge deadlines as of", value=as_of or date.today(), style=_STYLE, layout=_WIDE
        )
        self.triage_button = w.Button(description="Triage this denial", button_style="primary", icon="check")
        self.save_button = w.Button(description="Save draft", icon="save")
        self.status = w.HTML()
        self.crisis = w.Output()
        self.output = w.Output()
        self.field_errors = {name: w.HTML() for name in self._field_names()}
        self.store = store
        self._now = now
        #: The stored case this form opened or saved (its key), and the form as it was then.
        self.key: str | None = None
        self._loaded: FormValues | None = None
        self._pending: str | None = None  # the taken key waiting for "Update it" or "Save as new"
        self.log_case = w.Dropdown(
            options=[_NO_LOGGED_CASE], description="Or from the case log", style=_STYLE, layout=_WIDE
        )
        self.open_button = w.Button(
            description="Open from case log", icon="folder-open", layout=w.Layout(width="auto")
        )
        self.open_message = w.HTML()
        self.log_button = w.Button(
            description="Save to case log", icon="database", layout=w.Layout(width="auto")
        )
        self.log_message = w.HTML()
        self.question = w.HTML()
        self.update_button = w.Button(description="Update it", icon="pencil", button_style="warning")
        self.new_button = w.Button(description="Save as new", icon="plus")
        self.question_box = w.HBox(
            [self.question, self.update_button, self.new_button],
            layout=w.Layout(display="none", align_items="center"),
        )
        self.open_button.on_click(lambda _: self.open_from_log(self.log_case.value))
        self.log_button.on_click(lambda _: self.save_to_log())
        self.update_button.on_click(lambda _: self.update_existing())
        self.new_button.on_click(lambda _: self.save_as_new())
        if store is not None:
            self.refresh_log_cases()
        self.sample.observe(self._on_sample, names="value")
        self.load_button.on_click(lambda _: self.load_file(self.case_file.value))
        self.triage_button.on_click(lambda _: self.run())
        self.save_button.on_click(lambda _: self.save_draft())
        self.risks.observe(lambda _: self._show_crisis(), names="value")

    # --- layout -------------------------------------------------------------------------------
    def _field_names(self) -> list[str]:
        return [
            "plan_type",
            "funding",
            "grandfathered",
            "state",
            "employer_size",
            "stage",
            "level",
            "level_of_care",
            "denial_text",
            "codes",
            "risks",
            "requested_by",
            *FORM_EVENTS,
        ]

    def _row(self, name: str) -> w.Widget:
        widget = self.events[name] if name in self.events else getattr(self, name)
        return w.VBox([widget, self.field_errors[name]])

    def widget(self) -> w.Widget:
        """The whole wizard, crisis resources on top."""
        return w.VBox(
            [
                self.crisis,
                w.HTML("<h3>1. Start from a sample or your own case file</h3>"),
                self.sample,
                w.HBox([self.case_file, self.load_button]),
                self.load_message,
                *self._open_row(),
                w.HTML("<h3>2. The plan</h3>"),
                *(self._row(n) for n in ["plan_type", "funding", "grandfathered", "state", "employer_size"]),
                w.HTML("<h3>3. The denial</h3>"),
                *(self._row(n) for n in ["stage", "level", "level_of_care", "denial_text", "codes"]),
                w.HTML("<h3>4. Dates</h3>"),
                *(self._row(n) for n in FORM_EVENTS),
                w.HTML("<h3>5. Safety and urgency</h3>"),
                *(self._row(n) for n in ["risks", "requested_by"]),
                self.as_of,
                w.HBox([self.triage_button, self.save_button]),
                self.status,
                *self._save_row(),
                self.output,
            ]
        )

    def _open_row(self) -> list[w.Widget]:
        if self.store is None:
            return []
        return [w.HBox([self.log_case, self.open_button]), self.open_message]

    def _save_row(self) -> list[w.Widget]:
        """The "Case log" row: save, what it answered, and the question when a key is taken."""
        if self.store is None:
            return []
        return [
            w.HBox(
                [w.HTML("<b>Case log</b>&nbsp;"), self.log_button, self.log_message],
                layout=w.Layout(align_items="center"),
            ),
            self.question_box,
        ]

    # --- values in and out ----------------------------------------------------------------------
    def values(self) -> FormValues:
        return FormValues(
            plan_type=self.plan_type.value,
            funding=self.funding.value,
            grandfathered=self.grandfathered.value,
            state=self.state.value,
            employer_size=self.employer_size.value,
            stage=self.stage.value,
            level=self.level.value,
            level_of_care=self.level_of_care.value,
            denial_text=self.denial_text.value,
            codes=self.codes.value,
            risks=tuple(self.risks.value),
            requested_by=self.requested_by.value,
            events={kind: picker.value for kind, picker in self.events.items()},
        )

    def show_case(self, case: Case) -> None:
        """Fill the form from a case, keeping the rest of the case for triage.

        The form forgets the stored case it was on: saving it next adds it (or asks).
        """
        self.key, self._loaded = None, None
        self._ask(None)
        self.log_message.value = ""
        self._fill(case)

    def _fill(self, case: Case) -> None:
        self._base = case_data(case)
        v = form_values_from_case(case)
        for name in [
            "plan_type",
            "funding",
            "grandfathered",
            "state",
            "employer_size",
            "stage",
            "level",
            "level_of_care",
            "denial_text",
            "codes",
            "requested_by",
        ]:
            getattr(self, name).value = getattr(v, name)
        self.risks.value = v.risks
        for kind, picker in self.events.items():
            picker.value = (v.events or {}).get(kind)
        self._clear_errors()

    def show_case_from_sample(self, stem: str) -> None:
        """Open a sample by its file name (e.g. ``coding-error-telehealth``)."""
        self.sample.value = next(str(p) for p in sample_case_paths() if p.stem == stem)

    def _on_sample(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self.show_case(load_case(change["new"]))
            self.load_message.value = "<i>Loaded a synthetic sample. Change any field, then triage.</i>"

    def load_file(self, path: str) -> bool:
        """Load the user's case file; a problem is shown next to the path, the form is left as it was."""
        if not path.strip():
            self.load_message.value = _error("Type the path of your case file first.")
            return False
        try:
            case = load_case(Path(path).expanduser())
        except CaseFileError as exc:
            self.load_message.value = _error(str(exc))
            return False
        self.show_case(case)
        self.load_message.value = f"<i>Loaded {escape(path)}.</i>"
        return True

    # --- actions -------------------------------------------------------------------------------
    def _clear_errors(self) -> None:
        for label in self.field_errors.values():
            label.value = ""

    def _show_crisis(self) -> None:
        from mhnotebook.rules.expedited import crisis_banner

        self.crisis.outputs = ()
        if self.risks.value:
            self.crisis.append_display_data(HTML(crisis_html(crisis_banner())))

    def run(self) -> Triage | None:
        """Validate the form (errors next to their fields) and show the triage."""
        self.output.outputs = ()
        case = self._checked_case(self.status, _FIX, unplaced_to=self.output)
        if case is None:
            self.result = None
            return None
        self.result = triage_case(case, as_of=self.as_of.value or date.today())
        self._show_crisis()
        self.output.append_display_data(HTML(triage_html(self.result)))
        self.status.value = "<i>Triage updated.</i>"
        return self.result

    def _checked_case(
        self,
        message: w.HTML,
        summary: str = "",
        *,
        base: dict[str, Any] | None = None,
        values: FormValues | None = None,
        unplaced_to: w.Output | None = None,
    ) -> Case | None:
        """The form's case, validated; problems go next to their fields, ``summary`` to ``message``.

        A problem no field shows goes to ``unplaced_to`` (the triage output), else after the summary.
        """
        self._clear_errors()
        data = case_data_from_form(self._base if base is None else base, values or self.values())
        report = validate_case_data(data, source="the form")
        if report.ok and report.case is not None:
            return report.case
        unplaced = ""
        for issue in report.errors:
            name = _field_for(issue.loc, data)
            target = self.field_errors.get(name) if name else None
            if target is not None:
                target.value += _error(issue.message)
            elif unplaced_to is not None:
                unplaced_to.append_display_data(HTML(_error(str(issue))))
            else:
                unplaced += _error(str(issue))
        message.value = _error(summary or _FIX) + unplaced
        return None

    def save_draft(self) -> Path:
        """Save the form as it is (even half-filled) to the private drafts folder."""
        data = case_data_from_form(self._base, self.values())
        path = user_data_dir("drafts") / "triage-draft.yaml"
        write_private_file(path, dump_yaml(data))
        self.status.value = f"<i>Draft saved (owner-only): {escape(str(path))}</i>"
        return path

    # --- the case log ----------------------------------------------------------------------------
    def _log(self) -> CaseStore:
        if self.store is None:
            raise RuntimeError("this triage form has no case store: build it with store=CaseStore()")
        return self.store

    def refresh_log_cases(self, select: str | None = None) -> None:
        """List the stored cases (closed ones marked) in the "Open from case log" dropdown."""
        try:
            summaries = self._log().list_cases(include_closed=True)
        except StoreError as exc:
            self.open_message.value = _error(f"Could not list the case log: {exc}")
            return
        options = [
            (f"{s.label} ({s.key})" + ("" if s.status == "open" else f", {s.status}"), s.key)
            for s in summaries
        ] or [_NO_LOGGED_CASE]
        keys = [key for _, key in options]
        current = self.log_case.value
        self.log_case.options = options
        self.log_case.value = select if select in keys else (current if current in keys else keys[0])

    def open_from_log(self, key: str) -> bool:
        """Fill the form from a stored case; a problem is shown beside the button, the form unchanged."""
        if not key:
            self.open_message.value = _error("No case to open: save one to the case log first.")
            return False
        try:
            case = self._log().case(key)
        except StoreError as exc:
            self.open_message.value = _error(f"Could not open {key}: {exc}")
            return False
        self.sample.value = ""  # the form no longer shows a sample (a blank choice loads nothing)
        self.show_case(case)
        self.key, self._loaded = key, self.values()
        self.open_message.value = (
            f"<i>Opened {escape(key)} from the case log. Change any field, then triage or save it.</i>"
        )
        return True

    def save_to_log(self) -> str | None:
        """Save the form's case to the log: update the case it came from, else add it (or ask first)."""
        store = self._log()
        self._ask(None)
        if self.key is not None:
            return self._update(self.key)
        case = self._checked_case(self.log_message, _NOT_SAVED_FIX)
        if case is None:
            return None
        try:
            key = store.add_case(case)
        except CaseExists:
            self._pending = case.case_id
            self._ask(case.case_id or "")
            return None
        except StoreError as exc:
            self.log_message.value = _error(_not_saved(exc))
            return None
        return self._saved(key, "Saved to the case log", case)

    def update_existing(self) -> str | None:
        """The answer "Update it": the form's facts replace the stored case's; its logged events stay."""
        key, self._pending = self._pending, None
        self._ask(None)
        case = self._checked_case(self.log_message, _NOT_SAVED_FIX) if key else None  # the form as it is now
        if key is None or case is None:
            return None
        try:
            case = keep_logged_events(case, self._log().case(key))
            self._log().update_case(key, case)
        except StoreError as exc:
            self.log_message.value = _error(_not_saved(exc))
            return None
        return self._saved(key, "Updated in the case log", case)

    def save_as_new(self) -> str | None:
        """The answer "Save as new": add the form's case under the next free key (``sample-03-2``)."""
        wanted, self._pending = self._pending, None
        self._ask(None)
        case = (
            self._checked_case(self.log_message, _NOT_SAVED_FIX) if wanted else None
        )  # the form as it is now
        if wanted is None or case is None:
            return None
        store = self._log()
        try:
            key = store.add_case(case, key=free_key(wanted, store.keys()))
        except StoreError as exc:  # CaseExists too: another kernel took the key meanwhile
            self.log_message.value = _error(_not_saved(exc))
            return None
        return self._saved(key, "Saved to the case log as a new case", case)

    def _update(self, key: str) -> str | None:
        """Save the form onto ``key``: the user's changes on top of the case as stored now."""
        store = self._log()
        try:
            current = store.case(key)
        except StoreError as exc:
            self.log_message.value = _error(_not_saved(exc))
            return None
        values = merge_form_values(
            self._loaded or self.values(), self.values(), form_values_from_case(current)
        )
        base = case_data(current)
        case = self._checked_case(self.log_message, _NOT_SAVED_FIX, base=base, values=values)
        if case is None:
            return None
        try:
            store.update_case(key, case)
        except StoreError as exc:
            self.log_message.value = _error(_not_saved(exc))
            return None
        elsewhere = values != self.values()
        return self._saved(key, "Saved to the case log", case, elsewhere=elsewhere)

    def _saved(self, key: str, verb: str, case: Case, *, elsewhere: bool = False) -> str:
        """Show the case as saved, remember its key and say so, with what the case now waits for."""
        self._fill(case)
        self.key, self._loaded = key, self.values()
        self.refresh_log_cases(select=key)
        waiting = ""
        try:
            summary = next((s for s in self._log().list_cases(include_closed=True) if s.key == key), None)
        except StoreError:
            summary = None
        if summary is not None:
            waiting = f" Waiting for {summary.waiting_for}."
        if elsewhere:
            waiting += " The form now also shows what was changed in the log since you opened the case."
        self.log_message.value = (
            f"<b style='color:#1b5e20'>{escape(verb)} as {escape(key)} at {self._now():%H:%M}.</b>"
            f"{escape(waiting)}"
        )
        return key

    def _ask(self, key: str | None) -> None:
        """Show (or hide, with ``None``) the question when the case's key is taken in the log."""
        if key is None:
            self.question.value = ""
            self.question_box.layout.display = "none"
            return
        self.question.value = (
            f"A case with key <b>{escape(key)}</b> is already in the log (this form did not open it):"
        )
        self.log_message.value = "<i>Not saved yet: update that case, or save this one as new?</i>"
        self.question_box.layout.display = "flex"


_FIELD_BY_LOC = {
    ("plan", "plan_type"): "plan_type",
    ("plan", "funding"): "funding",
    ("plan", "grandfathered"): "grandfathered",
    ("plan", "state"): "state",
    ("plan", "employer_size"): "employer_size",
    ("denial", "stage"): "stage",
    ("denial", "level"): "level",
    ("denial", "text"): "denial_text",
    ("denial", "codes"): "codes",
    ("service", "level_of_care"): "level_of_care",
    ("clinical", "risk"): "risks",
    ("expedited_request", "requested_by"): "requested_by",
}


def _field_for(loc: tuple[Any, ...], data: dict[str, Any]) -> str | None:
    """Which form field an issue's location points at (events by their kind)."""
    if len(loc) >= 2 and loc[0] == "events" and isinstance(loc[1], int):
        events = data.get("events", [])
        kind = events[loc[1]].get("kind") if loc[1] < len(events) else None
        return kind if kind in FORM_EVENTS else None
    return _FIELD_BY_LOC.get(tuple(loc[:2]))


_NO_LOGGED_CASE = ("(no case in the log yet)", "")
_FIX = "Some facts need fixing (see the messages next to the fields). Nothing was lost."
_NOT_SAVED_FIX = "Not saved to the case log: some facts need fixing (see the messages next to the fields). Nothing was lost."


def _not_saved(exc: Exception) -> str:
    return f"Not saved to the case log: {exc}. The form keeps everything you typed; try again."


def _error(text: str) -> str:
    return f'<span style="color:#a11d1d" role="alert">{escape(text)}</span>'


def triage_report(result: Triage) -> HTML:
    """The triage as HTML for a notebook cell (crisis resources first)."""
    return HTML(triage_html(result))


def deadlines_table(result: Triage) -> Any:
    """The deadlines as a table (pandas), for sorting, filtering or export."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "due": d.due.isoformat(),
                "clock": d.name,
                "status": d.status.value,
                "rule": d.rule,
                "counted from": d.counted_from,
                "citation": d.citation,
            }
            for d in result.deadlines
        ]
    )


def coding_table(result: Triage) -> Any:
    """The service-line coding findings as a table (line, code, problem, fix)."""
    import pandas as pd

    return pd.DataFrame(
        [
            {"line": f.line, "code": f.code, "problem": f.problem, "fix": f.fix}
            for f in result.coding_findings
        ],
        columns=["line", "code", "problem", "fix"],
    )


def triage_wizard(
    as_of: date | None = None, sample: str | None = None, store: CaseStore | None = None
) -> TriageWizard:
    """Build the wizard (optionally opened on a sample, by file stem) for a notebook cell.

    With ``store`` (``CaseStore()``), the form can open a case from the log and save to it.
    """
    wizard = TriageWizard(as_of=as_of, store=store)
    if sample:
        wizard.show_case_from_sample(sample)
    return wizard


__all__ = ["TriageWizard", "coding_table", "deadlines_table", "triage_report", "triage_wizard"]
