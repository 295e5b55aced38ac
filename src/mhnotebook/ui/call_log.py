"""The call log: prepare a peer-to-peer call, log it (or a phone call) on a stored case, follow it up.

Callbacks only move values between widgets and package functions: ``check_call`` (the form),
``CaseStore.log_event`` (the save), ``draft_letter`` (worksheet and follow-up), ``Letter.export`` and
``CaseStore.keep_letter`` (the files), ``mark_follow_up_sent`` and ``calls_with_follow_up`` (the
written follow-up). Problems appear next to their field; a failed save is shown beside the Save
button and the form keeps every value; a half-filled form is saved owner-only and comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as w
from IPython.display import HTML

from mhnotebook.errors import CaseExists, FormDraftError, MhnotebookError, StoreError
from mhnotebook.paths import sample_case_path, sample_case_paths, user_data_dir
from mhnotebook.rendering.download import download_link
from mhnotebook.rendering.letters import Letter, draft_letter
from mhnotebook.store import CaseStore
from mhnotebook.store.calls import calls_with_follow_up, case_for_follow_up, mark_follow_up_sent
from mhnotebook.ui._display import show
from mhnotebook.ui.call_form import CALL_KINDS, FIELDS, blank_values, check_call
from mhnotebook.ui.form_drafts import (
    FormDraft,
    default_draft_path,
    load_form_draft,
    save_form_draft,
    set_aside,
)
from mhnotebook.ui.form_widgets import Control, QuietUpdates, make_control, problem_html
from mhnotebook.ui.letters import export_name, preview_html
from mhnotebook.validation import load_case

#: Follow-up exports offered, in the order of the buttons.
FOLLOW_UP_FORMATS = {"docx": "Word (.docx)", "pdf": "PDF", "md": "Markdown"}
_STYLE = {"description_width": "11rem"}
_WIDE = w.Layout(width="40rem")
_NO_CASE = ("(no case in the store yet: add a sample below)", "")


class CallLog(QuietUpdates):
    """Pick a stored case, prepare, log the call, then draft, keep and send its written follow-up."""

    def __init__(
        self,
        store: CaseStore,
        *,
        draft_path: Path | None = None,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.store = store
        self._now = now
        self._draft_path = draft_path or default_draft_path("call-log")
        self.last_call_id: int | None = None
        self.letter: Letter | None = None
        self.kept_letter_id: int | None = None
        self._follow_call_id = 0
        self._saved: tuple[str, str, dict[str, Any]] | None = None
        self._follow_case: Any = None
        self._links: dict[str, str] = {}

        self.case = w.Dropdown(options=[_NO_CASE], description="Case", style=_STYLE, layout=_WIDE)
        self.sample = w.Dropdown(
            options=[
                ("(choose a synthetic sample)", ""),
                *[(p.stem.replace("-", " "), p.stem) for p in sample_case_paths()],
            ],
            description="Sample case",
            style=_STYLE,
            layout=_WIDE,
            tooltip="Synthetic sample cases that ship with mhnotebook (no real person)",
        )
        self.add_sample_button = w.Button(
            description="Add a sample to the case log", icon="plus", layout=w.Layout(width="auto")
        )
        self.case_message = w.HTML()
        self.kind = w.Dropdown(options=list(CALL_KINDS), description="Call", style=_STYLE, layout=_WIDE)
        self.worksheet = w.Output(
            layout=w.Layout(max_height="32rem", overflow="auto", border="1px solid #ccc")
        )
        self.controls: dict[str, Control] = {}
        for key, field in FIELDS.items():
            control = make_control(field, self._changed)
            assert isinstance(control, Control)  # the call form has no lists of records
            self.controls[key] = control
        self.save_button = w.Button(description="Save call", icon="save", button_style="primary")
        self.save_message = w.HTML()
        self.draft_state = w.HTML("<i>Nothing typed yet: the form is saved as soon as you change it.</i>")
        self.calls = w.HTML()
        self.follow_call = w.Dropdown(
            options=[("(no call logged yet)", 0)], description="Follow up", style=_STYLE, layout=_WIDE
        )
        self.draft_button = w.Button(description="Draft follow-up", icon="pencil")
        self.preview = w.Output(layout=w.Layout(max_height="36rem", overflow="auto", border="1px solid #ccc"))
        self.export_buttons = {
            fmt: w.Button(description=label, icon="download", layout=w.Layout(width="auto"))
            for fmt, label in FOLLOW_UP_FORMATS.items()
        }
        self.markers = w.Checkbox(description="Export with visible fill-in markers", indent=False)
        self.export_message = w.HTML()
        self.links = w.HTML()
        self.sent_on = w.DatePicker(value=store.today(), description="Sent on", style=_STYLE)
        self.mark_sent_button = w.Button(description="Mark as sent", icon="paper-plane")
        self.sent_message = w.HTML()

        self.case.observe(lambda _: self._case_changed(), names="value")
        self.kind.observe(lambda _: self._kind_changed(), names="value")
        self.add_sample_button.on_click(lambda _: self.add_sample(self.sample.value))
        self.save_button.on_click(lambda _: self.save_call())
        self.draft_button.on_click(lambda _: self.draft_follow_up())
        for fmt, button in self.export_buttons.items():
            button.on_click(lambda _, fmt=fmt: self.export(fmt))
        self.mark_sent_button.on_click(lambda _: self.mark_sent())
        self._widget: w.Widget | None = None
        with self._quiet():
            self.set_values(blank_values(self.kind.value))
        self.refresh_cases()

    # --- layout -------------------------------------------------------------------------------
    def _grid(self, keys: tuple[str, ...] | list[str]) -> w.Widget:
        return w.GridBox(
            [self.controls[k].box for k in keys],
            layout=w.Layout(
                grid_template_columns="repeat(auto-fill, minmax(26rem, 1fr))", grid_gap="0 1.5em"
            ),
        )

    def widget(self) -> w.Widget:
        """The whole call log (built once)."""
        if self._widget is None:
            when = ["date", "time", "zone"]
            who = [k for k in FIELDS if k.startswith("contact.")]
            settled = [k for k in FIELDS if k.startswith("call.")]
            self._widget = w.VBox(
                [
                    w.HTML("<h3>1. The case</h3>"),
                    self.case,
                    w.HBox([self.sample, self.add_sample_button]),
                    self.case_message,
                    self.kind,
                    w.HTML("<h3>2. Prepare: the worksheet for a peer-to-peer call</h3>"),
                    self.worksheet,
                    w.HTML("<h3>3. Log the call</h3><b>When</b>"),
                    self._grid(when),
                    w.HTML("<b>Who was on the other end</b>"),
                    self._grid(who),
                    w.HTML("<b>What the call settled</b>"),
                    self._grid(settled),
                    self.controls["note"].box,
                    w.HBox([self.save_button, self.save_message], layout=w.Layout(align_items="center")),
                    self.draft_state,
                    w.HTML("<h3>4. Follow up in writing</h3>"),
                    self.calls,
                    w.HBox([self.follow_call, self.draft_button]),
                    self.preview,
                    w.HBox(list(self.export_buttons.values())),
                    self.markers,
                    self.export_message,
                    self.links,
                    w.HBox([self.sent_on, self.mark_sent_button], layout=w.Layout(align_items="center")),
                    self.sent_message,
                ]
            )
            self._widget.add_class("mhn-call-log")
        return self._widget

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget()._repr_mimebundle_(**kwargs)

    # --- the case -----------------------------------------------------------------------------
    @property
    def key(self) -> str:
        return str(self.case.value or "")

    def refresh_cases(self, select: str | None = None) -> None:
        """List the store's open cases (label and key); keep or move the selection."""
        try:
            summaries = self.store.list_cases()
        except StoreError as exc:
            self.case_message.value = problem_html(str(exc))
            return
        options = [(f"{s.label} ({s.key})", s.key) for s in summaries] or [_NO_CASE]
        keys = [v for _, v in options]
        wanted = select if select in keys else (self.key if self.key in keys else keys[0])
        with self._quiet():  # listing cases is no edit: it must not overwrite a saved form
            self.case.options = options
            self.case.value = wanted
            self._case_changed()

    def pick_case(self, key: str) -> None:
        self.case.value = key

    def add_sample(self, stem: str) -> str | None:
        """Add a shipped synthetic sample to the store (or pick it if it is there) to try the log."""
        if not stem:
            self.case_message.value = problem_html("Choose a sample case first.")
            return None
        case = load_case(sample_case_path(stem))
        key = case.case_id or stem
        try:
            key = self.store.add_case(case, key=key)
            note = f"Added the synthetic sample {stem} to the store as {key}."
        except CaseExists:
            note = f"The sample is already in the store as {key}: picked it."
        except StoreError as exc:
            self.case_message.value = problem_html(str(exc))
            return None
        self.refresh_cases(select=key)
        self.case_message.value = f"<i>{escape(note)}</i>"
        return key

    def _case_changed(self) -> None:
        self.letter = None
        self.kept_letter_id = None
        self.preview.outputs = ()
        self._links.clear()
        self.links.value = self.export_message.value = self.sent_message.value = ""
        self.show_worksheet()
        self.refresh_calls()
        self.autosave()

    def _kind_changed(self) -> None:
        role = self.controls["contact.role"]
        if not self._quiet_depth and role.get() in ("plan_reviewer", "plan_representative"):
            with self._quiet():
                role.set("plan_reviewer" if self.kind.value == "peer_to_peer" else "plan_representative")
        self.show_worksheet()
        self.autosave()

    def show_worksheet(self) -> Letter | None:
        """The prepare step: the peer-to-peer worksheet (agenda A-G) for the chosen case."""
        if self.kind.value != "peer_to_peer" or not self.key:
            show(
                self.worksheet,
                HTML("<p><i>The worksheet is for a peer-to-peer call on a stored case.</i></p>"),
            )
            return None
        try:
            letter = draft_letter(
                "peer_to_peer_worksheet", self.store.case(self.key), today=self.store.today()
            )
        except Exception as exc:  # a practice's template can fail in any way; never a traceback here
            show(self.worksheet, HTML(problem_html(f"The worksheet could not be drafted: {exc}")))
            return None
        show(self.worksheet, HTML(preview_html(letter)))
        return letter

    # --- the form -----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What the form shows, as typed."""
        return {key: control.get() for key, control in self.controls.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        with self._quiet():
            for key, control in self.controls.items():
                control.set(values.get(key, ""))

    def _changed(self) -> None:
        if not self._quiet_depth:
            self.save_message.value = ""
            self.autosave()

    def _show_problems(self, problems: dict[str, list[str]]) -> None:
        for control in self.controls.values():
            control.clear_problems()
        for key, texts in problems.items():
            for text in texts:
                if key in self.controls:
                    self.controls[key].add_problem((), text, "error")

    def save_call(self) -> int | None:
        """Check the form and log the call; on any problem the form keeps every value."""
        if not self.key:
            self.save_message.value = problem_html("Pick a case first (or add a sample to the store).")
            return None
        typed = (self.key, self.kind.value, self.values())
        if typed == self._saved:
            self.save_message.value = problem_html(
                "This call is already saved on the case; change the form to log another call.", "warning"
            )
            return None
        check = check_call(self.kind.value, self.values(), today=self.store.today())
        self._show_problems(check.problems)
        if check.event is None:
            elsewhere = [t for k, ts in check.problems.items() if k not in self.controls for t in ts]
            self.save_message.value = problem_html(
                "Not saved: fix the fields marked in red." + (" " + " ".join(elsewhere) if elsewhere else "")
            )
            return None
        try:
            call_id = self.store.log_event(self.key, check.event)
        except (StoreError, MhnotebookError) as exc:
            self.save_message.value = problem_html(f"Not saved: {exc}. Your form is kept; try again.")
            return None
        self.last_call_id, self._saved = call_id, typed
        self._draft_path.unlink(missing_ok=True)
        now = self._now()
        self.save_message.value = (
            f"<b style='color:#1b5e20'>Saved at {now:%H:%M}</b> on case {escape(self.key)}."
        )
        self.draft_state.value = "<i>The form stays filled in; change it to log another call.</i>"
        self.refresh_calls(select=call_id)
        self.show_worksheet()
        return call_id

    # --- autosave -----------------------------------------------------------------------------
    def autosave(self) -> Path | None:
        """Save the form as typed to the private drafts folder (owner-only), even half-filled."""
        if self._quiet_depth:
            return None
        draft = FormDraft(
            values=self.values(), base={"case": self.key}, kind=self.kind.value, source=self.key
        )
        now = self._now()
        try:
            path = save_form_draft(draft, self._draft_path, now=now)
        except (MhnotebookError, OSError) as exc:
            self.draft_state.value = problem_html(f"Could not save the form: {exc}")
            return None
        self.draft_state.value = (
            f"<i>Form saved at {now:%H:%M} in your private drafts folder (owner-only).</i>"
        )
        return path

    def restore(self) -> bool:
        """Bring back the half-filled form saved last time (a damaged file is set aside, not lost)."""
        try:
            draft = load_form_draft(self._draft_path)
        except FormDraftError as exc:
            kept = set_aside(self._draft_path, "unreadable")
            self.draft_state.value = problem_html(
                f"{exc}. It was kept as {kept.name if kept else 'is'}.", "warning"
            )
            return False
        if draft is None:
            return False
        with self._quiet():
            if draft.kind in [v for _, v in CALL_KINDS]:
                self.kind.value = draft.kind
            if draft.source in [v for _, v in self.case.options]:
                self.case.value = draft.source
        self._case_changed_quietly()
        self.set_values({**blank_values(self.kind.value), **draft.values})
        when = f" (saved {draft.saved_at:%Y-%m-%d at %H:%M})" if draft.saved_at else ""
        self.draft_state.value = f"<i>Restored the call you were logging{escape(when)}. It is not saved on the case until you click Save call.</i>"
        return True

    def _case_changed_quietly(self) -> None:
        with self._quiet():
            self._case_changed()

    # --- follow-up in writing -----------------------------------------------------------------
    def refresh_calls(self, select: int | None = None) -> None:
        """The calls logged on the case, each with whether it was followed up in writing."""
        if not self.key:
            self.calls.value = "<i>No case picked.</i>"
            return
        try:
            calls = calls_with_follow_up(self.store, self.key)
        except StoreError as exc:
            self.calls.value = problem_html(str(exc))
            return
        if not calls:
            self.calls.value = "<i>No call logged on this case yet.</i>"
            options: list[tuple[str, int]] = [("(no call logged yet)", 0)]
        else:
            rows = "".join(
                "<tr>"
                + "".join(
                    f"<td style='text-align:left;padding:0 .8em 0 0'>{escape(str(cell))}</td>"
                    for cell in (
                        c.at.isoformat() if hasattr(c.at, "isoformat") else c.at,
                        c.kind.replace("_", "-"),
                        c.who,
                        c.reference or "",
                        f"yes, sent {c.sent_on.isoformat()}"
                        if c.sent_on
                        else ("yes" if c.followed_up else "NOT YET"),
                    )
                )
                + "</tr>"
                for c in calls
            )
            head = "".join(
                f"<th style='text-align:left'>{h}</th>"
                for h in ("When", "Call", "With", "Reference", "Followed up in writing")
            )
            self.calls.value = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            options = [
                (f"#{c.call_id} {c.kind.replace('_', '-')} of {str(c.at)[:16]} with {c.who}", c.call_id)
                for c in calls
            ]
        values = [v for _, v in options]
        current = (
            select
            if select in values
            else (self.follow_call.value if self.follow_call.value in values else values[-1])
        )
        self.follow_call.options = options
        self.follow_call.value = current

    def draft_follow_up(self, call_id: int | None = None) -> Letter | None:
        """Draft the call's follow-up (peer-to-peer follow-up, or phone confirmation) from the store."""
        call_id = call_id or int(self.follow_call.value or 0)
        self.letter, self.kept_letter_id = None, None
        self._links.clear()
        self.links.value = self.export_message.value = self.sent_message.value = ""
        if not call_id:
            show(self.preview, HTML(problem_html("Log a call first, then draft its follow-up.")))
            return None
        try:
            case, call = case_for_follow_up(self.store, self.key, call_id)
            kind = "peer_to_peer_followup" if call.event.kind == "peer_to_peer" else "phone_confirmation"
            letter = draft_letter(kind, case, today=self.store.today())
        except Exception as exc:  # store or template failure: a message, never a traceback
            show(self.preview, HTML(problem_html(f"The follow-up could not be drafted: {exc}")))
            return None
        self.letter = letter
        self._follow_call_id, self._follow_case = call_id, case
        show(self.preview, letter.readiness, HTML(preview_html(letter)))
        return letter

    def export(self, fmt: str) -> int | None:
        """Write the follow-up, offer it as a download and keep the file with the case; returns its id."""
        letter = self.letter
        if letter is None:
            self.export_message.value = problem_html("Draft the follow-up first.")
            return None
        day = self.store.today()
        try:
            path = user_data_dir("letters") / export_name(letter.kind.kind, self._follow_case, day, fmt)
            result = letter.export(path, allow_gaps=self.markers.value)
            letter_id = self.store.keep_letter(
                self.key, letter.kind.kind, result.path.name, result.path.read_bytes(), drafted_on=day
            )
        except Exception as exc:  # letter not ready, PDF library missing, store failure: a message
            self.export_message.value = problem_html(f"Could not write or keep the {fmt} file: {exc}")
            return None
        self.kept_letter_id = letter_id
        self._links[fmt] = download_link(result.path, text=f"Download {result.path.name}")
        self.links.value = "<div>" + "".join(self._links.values()) + "</div>"
        self.export_message.value = (
            f"<i>Kept {escape(result.path.name)} with the case (letter {letter_id}) and in your private letters folder.</i>"
            + "".join(problem_html(t, "warning") for t in result.warnings)
        )
        return letter_id

    def mark_sent(self) -> int | None:
        """Log ``letter_sent`` for the kept follow-up, naming the call it confirms."""
        if self.letter is None or self.kept_letter_id is None:
            self.sent_message.value = problem_html(
                "Draft the follow-up and download it (which keeps it) first."
            )
            return None
        try:
            event_id = mark_follow_up_sent(
                self.store, self.key, self._follow_call_id, self.kept_letter_id, sent_on=self.sent_on.value
            )
        except MhnotebookError as exc:
            self.sent_message.value = problem_html(f"Not logged: {exc}")
            return None
        self.sent_message.value = "<i>Logged as sent: the call is followed up in writing.</i>"
        self.refresh_calls(select=self._follow_call_id)
        return event_id


def call_log(
    store: CaseStore | None = None, *, sample: str | None = None, draft_path: Path | None = None
) -> CallLog:
    """The call log for a notebook cell: the form saved last time if there is one.

    ``draft_path`` keeps a second form (a tutorial's, on a throwaway log) from restoring the
    half-filled call of the form on your own log.

    >>> call_log(sample="not-medically-necessary-iop")  # doctest: +SKIP
    """
    log = CallLog(store or CaseStore(), draft_path=draft_path)
    if not log.restore() and sample and not log.key:
        log.add_sample(sample)
    return log


__all__ = ["FOLLOW_UP_FORMATS", "CallLog", "call_log"]
