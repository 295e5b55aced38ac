"""The letter wizard: a clinician fills in the case, sees what is missing beside a live preview, exports.

Callbacks only move values between widgets and package functions: ``case_data_from_form`` and
``check_form`` (the form), ``draft_letter`` (the letter), ``Letter.export`` and ``download_link``
(the files), ``save_form_draft`` (the autosave). Problems appear next to the field they concern and
never as a traceback; the form keeps everything typed, saves it owner-only on every change, and
brings it back when the wizard opens again.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w
from IPython.display import HTML

from mhnotebook.errors import CaseFileError, FormDraftError, LetterNotReady, MhnotebookError
from mhnotebook.models import Case
from mhnotebook.paths import sample_case_path, sample_case_paths, user_data_dir
from mhnotebook.rendering.download import download_link
from mhnotebook.rendering.letters import Export, Letter, Readiness, draft_letter, letter_kinds
from mhnotebook.rendering.letters.markdown import gap_html
from mhnotebook.rendering.triage_html import crisis_html
from mhnotebook.ui._display import show
from mhnotebook.ui.case_form import case_data
from mhnotebook.ui.form_check import FormCheck, check_form, field_for_issue, placeholder
from mhnotebook.ui.form_drafts import (
    FormDraft,
    default_draft_path,
    load_form_draft,
    save_form_draft,
    set_aside,
)
from mhnotebook.ui.form_widgets import Control, QuietUpdates, RecordsControl, make_control, problem_html
from mhnotebook.ui.letter_case_log import CASE_LOG_SOURCE, LetterCaseLog
from mhnotebook.ui.letter_form import (
    BLANK_CASE_DATA,
    FIELDS,
    SECTIONS,
    FormValues,
    Section,
    case_data_from_form,
    form_values,
)
from mhnotebook.validation import load_case

if TYPE_CHECKING:
    from mhnotebook.store import CaseStore

#: Export formats, in the order of the buttons.
EXPORT_FORMATS = {"docx": "Word (.docx)", "pdf": "PDF", "md": "Markdown", "html": "Web page (.html)"}
_STYLE = {"description_width": "13rem"}
_WIDE = w.Layout(width="40rem")
_BY_ROLE = "(chosen by role: the attending clinician first)"


def _section_of() -> dict[str, str]:
    found: dict[str, str] = {}

    def walk(section: Section, title: str) -> None:
        for field in section.fields:
            found[field.key] = title
        for part in section.parts:
            walk(part, f"{title} › {part.title}")

    for section in SECTIONS:
        walk(section, section.title)
    return found


_SECTION_OF = _section_of()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def export_name(kind: str, case: Case, day: date, suffix: str) -> str:
    """``medical-necessity-sample-03-2026-11-22.docx``: the kind, the case id (or name) and the date."""
    who = _slug(case.case_id or case.label or case.patient.name) or "letter"
    return f"{kind.replace('_', '-')}-{who}-{day.isoformat()}.{suffix}"


_CELL = re.compile(r"<(td|th)(?=[\s>])")


def preview_html(letter: Letter, placeholders: tuple[str, ...] = ()) -> str:
    """The letter as the preview shows it: table cells read left to right (notebook styles align
    them right), and the fill-in markers that stand for blank names highlighted like the letter's own.
    """
    html = _CELL.sub(r'<\1 style="text-align:left;vertical-align:top"', letter._repr_html_())
    for label in dict.fromkeys(placeholders):
        for shown in {escape(placeholder(label), quote=False), escape(placeholder(label))}:
            html = html.replace(shown, gap_html(escape(label)))
    return html


class LetterWizard(QuietUpdates):
    """The form, the readiness report beside the live preview, the export buttons and the autosave.

    With a ``store``, a "Case log" row opens stored cases and saves the form's case, and every
    export is also kept with the case (see :mod:`mhnotebook.ui.letter_case_log`).
    """

    def __init__(
        self,
        *,
        today: date | None = None,
        kind: str | None = None,
        draft_path: Path | None = None,
        now: Callable[[], datetime] = datetime.now,
        store: CaseStore | None = None,
    ) -> None:
        self._now = now
        self._draft_path = draft_path or default_draft_path()
        self._base: dict[str, Any] = copy.deepcopy(BLANK_CASE_DATA)
        self._source = ""
        self._dirty = False
        self.check: FormCheck | None = None
        self.letter: Letter | None = None
        self.exports: dict[str, Export] = {}
        self._links: dict[str, str] = {}
        self._restore_problem = ""

        kinds = letter_kinds()
        self.kind = w.Dropdown(
            options=[(k.title, k.kind) for k in kinds],
            value=kind if kind in {k.kind for k in kinds} else kinds[0].kind,
            description="Letter",
            style=_STYLE,
            layout=_WIDE,
        )
        self.kind_help = w.HTML()
        self.signer = w.Dropdown(
            options=[(_BY_ROLE, "")], description="Signed by", style=_STYLE, layout=_WIDE
        )
        self.letter_date = w.DatePicker(
            value=today or date.today(), description="Letter date", style=_STYLE, layout=_WIDE
        )
        samples = [(p.stem.replace("-", " "), p.stem) for p in sample_case_paths()]
        self.sample = w.Dropdown(
            options=[("(choose a synthetic sample)", ""), *samples],
            description="Sample case",
            style=_STYLE,
            layout=_WIDE,
            tooltip="Synthetic sample cases that ship with mhnotebook (no real person)",
        )
        self.case_file = w.Text(
            description="Or your case file",
            placeholder="path to a .yaml case file",
            style=_STYLE,
            layout=w.Layout(width="32rem"),
        )
        self.load_button = w.Button(
            description="Load my case file", icon="folder-open", layout=w.Layout(width="auto")
        )
        self.load_message = w.HTML()
        self.save_state = w.HTML("<i>Nothing saved yet: the form is saved as soon as you change it.</i>")
        self.start_over_button = w.Button(description="Start over", icon="undo")
        self.confirm_yes = w.Button(description="Yes, clear the form", button_style="danger")
        self.confirm_no = w.Button(description="Keep my form")
        self.confirm_box = w.HBox(
            [
                w.HTML("<b>Clear the whole form and delete the saved copy?</b>&nbsp;"),
                self.confirm_yes,
                self.confirm_no,
            ],
            layout=w.Layout(display="none"),
        )
        self.controls: dict[str, Control | RecordsControl] = {
            key: make_control(field, self._changed) for key, field in FIELDS.items()
        }
        self.tabs = w.Tab()
        self._tab_titles = [section.title for section in SECTIONS]
        self.tabs.children = [self._section_box(section) for section in SECTIONS]
        self.tabs.titles = tuple(self._tab_titles)
        self.form_problems = w.HTML()
        self.crisis = w.Output()
        self.readiness = w.Output(layout=w.Layout(min_width="16rem"))
        self.preview = w.Output(layout=w.Layout(min_width="24rem", overflow="auto"))
        self.export_buttons = {
            fmt: w.Button(
                description=label,
                icon="download",
                tooltip=f"Write the letter as {label}",
                layout=w.Layout(width="auto"),
            )
            for fmt, label in EXPORT_FORMATS.items()
        }
        self.markers = w.Checkbox(
            description="Export with visible fill-in markers (for a draft you will finish by hand)",
            indent=False,
            layout=w.Layout(width="40rem"),
        )
        self.export_message = w.HTML()
        self.links = w.HTML()
        self.panels = w.GridBox(
            [self.readiness, self.preview],
            layout=w.Layout(grid_template_columns="minmax(16rem, 1fr) minmax(24rem, 2fr)", grid_gap="1.2em"),
        )
        self.panels.add_class("mhn-letter-panels")

        self.case_log = LetterCaseLog(self, store, now=now) if store is not None else None

        for control in (self.kind, self.signer, self.letter_date):
            control.observe(lambda _: self._changed(), names="value")
        self.sample.observe(self._on_sample, names="value")
        self.load_button.on_click(lambda _: self.load_file(self.case_file.value))
        self.start_over_button.on_click(lambda _: self._ask_start_over(True))
        self.confirm_no.on_click(lambda _: self._ask_start_over(False))
        self.confirm_yes.on_click(lambda _: self.start_over())
        for fmt, button in self.export_buttons.items():
            button.on_click(lambda _, fmt=fmt: self.export(fmt))
        self._widget: w.Widget | None = None

    # --- layout -------------------------------------------------------------------------------
    def _section_box(self, section: Section) -> w.Widget:
        """Short fields side by side (one column on a narrow screen), lists of records full width."""
        controls = [self.controls[f.key] for f in section.fields]
        scalars = [c.box for c in controls if isinstance(c, Control)]
        boxes: list[w.Widget] = [c.box for c in controls if isinstance(c, RecordsControl)]
        if scalars:
            grid = w.GridBox(
                scalars,
                layout=w.Layout(
                    grid_template_columns="repeat(auto-fill, minmax(30rem, 1fr))", grid_gap="0 1.5em"
                ),
            )
            boxes.insert(0, grid)
        if section.id == "signer":
            boxes.insert(0, w.HTML("<p>Add the clinician who signs, with credentials; pick them above.</p>"))
        if section.parts:
            folds = w.Accordion(children=[self._section_box(part) for part in section.parts])
            folds.titles = tuple(part.title for part in section.parts)
            boxes.append(folds)
        return w.VBox(boxes)

    def widget(self) -> w.Widget:
        """The whole wizard (built once; displaying the wizard shows it)."""
        if self._widget is None:
            log = self.case_log
            self._widget = w.VBox(
                [
                    self.crisis,
                    w.HTML("<h3>1. Start from a sample, your case file, or where you left off</h3>"),
                    self.sample,
                    w.HBox([self.case_file, self.load_button]),
                    *([log.row()] if log else []),
                    self.load_message,
                    w.HBox([self.save_state, self.start_over_button], layout=w.Layout(align_items="center")),
                    self.confirm_box,
                    w.HTML("<h3>2. The letter</h3>"),
                    self.kind,
                    self.kind_help,
                    *([log.pattern_note] if log else []),
                    self.signer,
                    self.letter_date,
                    w.HTML("<h3>3. The facts (each change updates the preview below)</h3>"),
                    self.tabs,
                    self.form_problems,
                    w.HTML("<h3>4. What is missing, beside the letter</h3>"),
                    self.panels,
                    w.HTML("<h3>5. Export</h3>"),
                    w.HBox(list(self.export_buttons.values())),
                    self.markers,
                    self.export_message,
                    self.links,
                    *([log.sent_row()] if log else []),
                ]
            )
            self._widget.add_class("mhn-letter-wizard")
        return self._widget

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget()._repr_mimebundle_(**kwargs)

    # --- values in and out ----------------------------------------------------------------------
    def values(self) -> FormValues:
        """What the form shows, as typed."""
        return {key: control.get() for key, control in self.controls.items()}

    def case_data(self) -> dict[str, Any]:
        """The case data the form describes (the loaded case with the form's values applied)."""
        return case_data_from_form(self._base, self.values())

    def _fill(self, base: dict[str, Any], values: FormValues, *, kind: str = "", signer: str = "") -> None:
        with self._quiet():
            self._base = copy.deepcopy(base)
            shown = {**form_values(base), **values}  # a field the saved form lacks comes from its case
            for key, control in self.controls.items():
                control.set(shown[key])
            if kind in [value for _, value in self.kind.options]:
                self.kind.value = kind
            self._update_signers()
            if signer in [value for _, value in self.signer.options]:
                self.signer.value = signer
        self._links.clear()
        self.links.value = self.export_message.value = ""

    def base_data(self) -> dict[str, Any]:
        """The case data the form was loaded from (or last saved to the case log)."""
        return self._base

    def _load(self, data: dict[str, Any], source: str, message: str, *, key: str | None = None) -> None:
        """Show a case in the form; a saved form is set aside first, never overwritten.

        ``key``: the case's key in the case log, when it came from there.
        """
        kept = set_aside(self._draft_path, "previous")
        self._fill(data, form_values(data))
        self._source = source
        self._dirty = False
        if self.case_log is not None:
            self.case_log.loaded(key)
        note = f" Your previous form was kept as {kept.name} in the drafts folder." if kept else ""
        self.load_message.value = self._restore_problem + f"<i>{escape(message + note)}</i>"
        self._restore_problem = ""
        self.save_state.value = "<i>Not changed yet: the form is saved as soon as you change it.</i>"
        self.refresh()

    def show_case(self, case: Case, source: str = "") -> None:
        """Fill the form from a case; facts the form does not show are kept for the letter."""
        self._load(case_data(case), source, "Loaded. Change any field and the preview follows.")

    def show_case_from_sample(self, stem: str) -> None:
        """Open a sample by its file name (e.g. ``not-medically-necessary-iop``)."""
        with self._quiet():
            self.sample.value = stem
        self._load(
            case_data(load_case(sample_case_path(stem))),
            f"sample {stem}",
            "Loaded a synthetic sample (no real person). Change any field and the preview follows.",
        )

    def open_stored_case(self, data: dict[str, Any], key: str) -> None:
        """Show a case opened from the case log (its key is remembered for saves and kept letters)."""
        with self._quiet():
            self.sample.value = ""
        self._load(
            data,
            CASE_LOG_SOURCE + key,
            f"Opened {key} from the case log. Change any field and the preview follows.",
            key=key,
        )

    def saved_to_log(self, data: dict[str, Any], key: str) -> None:
        """The form's case was saved to the log as ``key``: it is now the case the form edits."""
        self._base = copy.deepcopy(data)
        self._source = CASE_LOG_SOURCE + key
        self.save()

    def _on_sample(self, change: dict[str, Any]) -> None:
        if change["new"] and not self._quiet_depth:
            self.show_case_from_sample(change["new"])

    def load_file(self, path: str) -> bool:
        """Load the user's case file; a problem is shown next to the path and the form stays as it was."""
        if not path.strip():
            self.load_message.value = problem_html("Type the path of your case file first.")
            return False
        try:
            case = load_case(Path(path).expanduser())
        except (CaseFileError, OSError) as exc:
            self.load_message.value = problem_html(str(exc))
            return False
        self._load(
            case_data(case), "your case file", f"Loaded {path}. Change any field and the preview follows."
        )
        return True

    def restore(self) -> bool:
        """Bring back the form saved last time, if there is one (a damaged file is set aside, not lost)."""
        try:
            draft = load_form_draft(self._draft_path)
        except FormDraftError as exc:
            kept = set_aside(self._draft_path, "unreadable")
            where = f" It was kept as {kept.name}." if kept else ""
            self._restore_problem = self.load_message.value = problem_html(f"{exc}.{where}", "warning")
            return False
        if draft is None:
            return False
        self._fill(draft.base, draft.values, kind=draft.kind, signer=draft.signer)
        self._source = draft.source
        self._dirty = True
        if self.case_log is not None:
            self.case_log.restored(draft.source)
        when = f" (saved {draft.saved_at:%Y-%m-%d at %H:%M})" if draft.saved_at else ""
        self.load_message.value = (
            f"<i>Restored the form you were filling in{escape(when)}. "
            "<b>Start over</b> clears it; picking a sample keeps it as a previous copy.</i>"
        )
        self.save_state.value = f"<i>Saved{escape(when)} in your private drafts folder (owner-only).</i>"
        self.refresh()
        return True

    # --- the preview ------------------------------------------------------------------------------
    def _update_signers(self) -> None:
        rows = self.controls["providers"].get()
        options = [(_BY_ROLE, "")]
        for row in rows:
            name = str(row.get("name") or "").strip()
            if name:
                credentials = str(row.get("credentials") or "").strip()
                options.append((f"{name}, {credentials}" if credentials else name, name))
        current = self.signer.value
        with self._quiet():
            if options != list(self.signer.options):
                self.signer.options = options
            self.signer.value = current if current in [v for _, v in options] else ""

    def _show_kind(self) -> None:
        entry = next(k for k in letter_kinds() if k.kind == self.kind.value)
        voice = (
            "Signed by the representative, or by the patient if there is none."
            if entry.voice == "patient"
            else "Signed by the clinician chosen below."
        )
        self.kind_help.value = (
            f'<div style="margin:0 0 .4em 13rem;max-width:40rem;color:#333">{escape(entry.description)} '
            f'<span style="color:#555">For {escape(entry.audience)}. {escape(voice)}</span></div>'
        )
        self.signer.disabled = entry.voice == "patient"

    def _show_problems(self, check: FormCheck, data: dict[str, Any]) -> None:
        for control in self.controls.values():
            control.clear_problems()
        listed, flagged = [], set()
        for issue in check.issues:
            target = field_for_issue(tuple(issue.loc), data)
            if target is not None and target[0] in self.controls:
                key, rest = target
                self.controls[key].add_problem(rest, issue.message, issue.severity)
                where = f"{_SECTION_OF.get(key, '')} › {FIELDS[key].label}"
                if issue.severity == "error":
                    flagged.add(_SECTION_OF.get(key, "").split(" › ")[0])
            else:
                where = issue.field or "the case"
            listed.append(problem_html(f"{where}: {issue.message}", issue.severity))
        self.tabs.titles = tuple(f"{t} ⚠" if t in flagged else t for t in self._tab_titles)
        self.form_problems.value = (
            '<div style="margin:.4em 0"><b>To look at in the form</b> (also shown next to each field):'
            + "".join(listed)
            + "</div>"
            if listed
            else ""
        )

    def _show_crisis(self) -> None:
        from mhnotebook.rules.expedited import crisis_banner

        self.crisis.outputs = ()
        if any(row.get("category") for row in self.controls["clinical.risk"].get()):
            self.crisis.append_display_data(HTML(crisis_html(crisis_banner())))

    def _readiness(self, check: FormCheck, letter: Letter) -> Readiness:
        """The letter's readiness, with the names the form still lacks counted as missing."""
        missing = tuple(dict.fromkeys([*check.placeholders, *letter.readiness.missing_required]))
        return replace(letter.readiness, missing_required=missing)

    def refresh(self) -> Letter | None:
        """Check the form, show its problems next to the fields, redraw the readiness and the preview."""
        self._show_kind()
        self._update_signers()
        self._show_crisis()
        data = self.case_data()
        day = self.letter_date.value or date.today()
        check = check_form(data, today=day)
        self.check = check
        self._show_problems(check, data)
        self.letter = None
        if check.case is None:
            show(self.readiness, HTML(problem_html("Fix the fields marked in red to see the letter.")))
            self.preview.outputs = ()
            return None
        signer = self.signer.value or None
        if signer and not any(p.name == signer for p in check.case.providers):
            signer = None  # the signer's row has a problem: the preview signs by role meanwhile
        patterns = None
        if self.case_log is not None:
            self.case_log.pattern_note.value = ""
            if self.kind.value == "regulator_complaint":
                patterns = self.case_log.patterns()
        try:
            letter = draft_letter(self.kind.value, check.case, signer=signer, today=day, patterns=patterns)
            preview = preview_html(letter, check.placeholders)
        except Exception as exc:  # a practice's template can fail in any way; never a traceback here
            show(self.readiness, HTML(problem_html(f"The letter could not be drafted: {exc}")))
            self.preview.outputs = ()
            return None
        self.letter = letter
        legend = (
            [HTML(f"<p>{gap_html('...')} in the letter: a fact still to fill in, where it belongs.</p>")]
            if letter.gaps or check.placeholders
            else []
        )
        show(self.readiness, self._readiness(check, letter), *legend)
        show(self.preview, HTML(preview))
        return letter

    def _changed(self) -> None:
        if self._quiet_depth:
            return
        self._dirty = True
        self._links.clear()
        self.links.value = self.export_message.value = ""
        if self.case_log is not None:
            self.case_log.form_changed()
        self.refresh()
        self.save()

    # --- saving, starting over ------------------------------------------------------------------
    def save(self) -> Path | None:
        """Save the form as typed (even half-filled or invalid) to the private drafts folder."""
        draft = FormDraft(
            values=self.values(),
            base=self._base,
            kind=self.kind.value,
            signer=self.signer.value,
            source=self._source,
        )
        now = self._now()
        try:
            path = save_form_draft(draft, self._draft_path, now=now)
        except (MhnotebookError, OSError) as exc:
            self.save_state.value = problem_html(f"Could not save the form: {exc}")
            return None
        self.save_state.value = f"<i>Saved at {now:%H:%M} in your private drafts folder (owner-only).</i>"
        return path

    def _ask_start_over(self, ask: bool) -> None:
        self.confirm_box.layout.display = "flex" if ask else "none"

    def start_over(self) -> None:
        """Clear the form and delete the saved copy (after the confirmation button)."""
        self._ask_start_over(False)
        self._draft_path.unlink(missing_ok=True)
        with self._quiet():
            self.sample.value = ""
            self.case_file.value = ""
        self._fill(BLANK_CASE_DATA, form_values(BLANK_CASE_DATA), signer="")
        self._source = ""
        self._dirty = False
        if self.case_log is not None:
            self.case_log.loaded(None)
        self.load_message.value = "<i>Started over with a blank form. The saved copy was deleted.</i>"
        self.save_state.value = "<i>Nothing saved yet: the form is saved as soon as you change it.</i>"
        self.refresh()

    # --- export -----------------------------------------------------------------------------------
    def export(self, fmt: str) -> Export | None:
        """Write the letter to the private letters folder and offer it as a download link.

        Refuses, with one message beside the buttons, while a value is wrong or (unless markers were
        asked for) a required fact is missing.
        """
        letter = self.refresh()
        check = self.check
        if letter is None or check is None:
            self.export_message.value = problem_html("Fix the fields marked in red before exporting.")
            return None
        if check.blocking:
            wrong = "; ".join(f"{i.field}: {i.message}" for i in check.blocking)
            self.export_message.value = problem_html(f"Fix these before exporting: {wrong}")
            return None
        missing = list(dict.fromkeys([*self._readiness(check, letter).missing_required, *letter.gaps]))
        if missing and not self.markers.value:
            self.export_message.value = problem_html(str(LetterNotReady(letter.kind.kind, missing)))
            return None
        day = self.letter_date.value or date.today()
        case = check.case
        assert case is not None  # a letter was drafted from it
        try:
            path = user_data_dir("letters") / export_name(letter.kind.kind, case, day, fmt)
            result = letter.export(path, allow_gaps=self.markers.value)
        except Exception as exc:  # PDF libraries missing, disk full...: a message, never a traceback
            self.export_message.value = problem_html(f"Could not write the {fmt} file: {exc}")
            return None
        warnings = [
            *(f"fill-in marker left in the letter: {label}" for label in dict.fromkeys(check.placeholders)),
            *result.warnings,
        ]
        self.exports[fmt] = result
        self._links[fmt] = download_link(result.path, text=f"Download {result.path.name}")
        self.links.value = "<div>" + "".join(self._links.values()) + "</div>"
        saved = f"Saved {result.path.name} in your private letters folder (owner-only): {result.path.parent}"
        kept = self.case_log.keep(letter, result.path, day) if self.case_log is not None else ""
        self.export_message.value = (
            f"<div><i>{escape(saved)}</i></div>"
            + kept
            + "".join(problem_html(text, "warning") for text in warnings)
        )
        return result


def letter_outline(letter: Letter) -> list[str]:
    """The letter's title and section headings, indented by level: its structure at a glance."""
    from mhnotebook.rendering.letters.markdown import inline_text, parse

    tokens = parse(letter.markdown)
    return [
        "  " * (int(token.tag[1]) - 1) + inline_text(tokens[i + 1])
        for i, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def letter_kinds_table() -> Any:
    """Every letter kind mhnotebook drafts (title, what it is for, who reads it), as a table."""
    import pandas as pd

    return pd.DataFrame(
        [
            {"kind": k.kind, "title": k.title, "description": k.description, "for": k.audience}
            for k in letter_kinds()
        ],
        columns=["kind", "title", "description", "for"],
    )


def letter_wizard(
    sample: str | None = None,
    *,
    kind: str | None = None,
    today: date | None = None,
    store: CaseStore | None = None,
) -> LetterWizard:
    """The wizard for a notebook cell: the form saved last time if there is one, else ``sample``.

    With ``store`` (``CaseStore()``: the practice's case log) the wizard opens and saves stored
    cases and keeps every export with the case.

    >>> letter_wizard(sample="not-medically-necessary-iop", store=CaseStore())  # doctest: +SKIP
    """
    wizard = LetterWizard(today=today, kind=kind, store=store)
    if not wizard.restore():
        if sample:
            wizard.show_case_from_sample(sample)
        else:
            wizard.refresh()
    return wizard


__all__ = [
    "EXPORT_FORMATS",
    "LetterWizard",
    "export_name",
    "letter_kinds_table",
    "letter_outline",
    "letter_wizard",
    "preview_html",
]
