"""Widgets for the fields of a form described by :mod:`mhnotebook.ui.letter_form`.

A control shows one field: its label, the model's help text, the input, and a line for the problems
found in it (next to the field, never a traceback). A list of records (measures, diagnoses, the care
team) is a list of rows with add and remove buttons; a row may hold a list itself (the dimensions of a
rating). Controls only move values: ``get`` returns what is typed (plain text, ISO dates, lists) and
``set`` shows it, so the form can be saved half-filled and restored exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from html import escape
from typing import Any

import ipywidgets as w

from mhnotebook.ui.letter_form import FormField, when_text
from mhnotebook.validation.issues import Loc

_LABEL_WIDTH = "11rem"
_HELP = "color:#555;font-size:85%;line-height:1.3;margin:0 0 .35em {indent}"
_ERROR_COLOUR = {"error": "#a11d1d", "warning": "#8a5a00"}

OnChange = Callable[[], None]


def problem_html(text: str, severity: str = "error") -> str:
    """A problem as escaped HTML in the colour of its severity (errors read as alerts)."""
    role = ' role="alert"' if severity == "error" else ""
    return f'<div style="color:{_ERROR_COLOUR.get(severity, "#a11d1d")}"{role}>{escape(text)}</div>'


def _help_html(text: str, indent: str = _LABEL_WIDTH) -> w.HTML:
    return w.HTML(f'<div style="{_HELP.format(indent=indent)}">{escape(text)}</div>') if text else w.HTML()


def _input(field: FormField, *, compact: bool) -> w.Widget:
    """The input widget for one field; text commits on Enter or leaving the box (a natural debounce)."""
    common: dict[str, Any] = {
        "description": field.label,
        "tooltip": field.help,
        "style": {"description_width": "8rem" if compact else _LABEL_WIDTH},
        "layout": w.Layout(width="calc(100% - 6px)"),
    }
    kind = field.kind
    if kind in ("text", "int", "number", "codes", "when"):
        hint = {
            "int": "a whole number",
            "number": "a number",
            "codes": "CO-50, N115",
            "when": "2026-11-17, or 2026-11-17T11:40-05:00",
        }.get(kind, "")
        return w.Text(placeholder=hint, continuous_update=False, **common)
    if kind in ("long", "lines"):
        rows = 2 if compact else (5 if kind == "lines" else 3)
        hint = "one per line" if kind == "lines" else ""
        return w.Textarea(placeholder=hint, rows=rows, continuous_update=False, **common)
    if kind in ("date", "event"):
        return w.DatePicker(**common)
    if kind == "choice":
        return w.Dropdown(options=list(field.choices), value=field.default, **common)
    if kind == "tristate":
        return w.Dropdown(options=[("Not known", "unknown"), ("Yes", "yes"), ("No", "no")], **common)
    if kind == "bool":
        return w.Checkbox(description=field.label, tooltip=field.help, indent=False)
    raise ValueError(f"no widget for field kind {kind!r}")


class QuietUpdates:
    """For a form that fills many widgets at once: their change handlers skip work while quiet.

    Without it, loading a case would autosave (or re-render the preview) once per widget set.
    """

    _quiet_depth = 0

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        self._quiet_depth += 1
        try:
            yield
        finally:
            self._quiet_depth -= 1


class Control:
    """One scalar field: label, input, help text and its problems."""

    def __init__(self, field: FormField, on_change: OnChange, *, compact: bool = False) -> None:
        self.field = field
        self.input = _input(field, compact=compact)
        self.problems = w.HTML()
        self.input.observe(lambda _: on_change(), names="value")
        parts = [self.input]
        if not compact:
            parts.append(_help_html(field.help))
        self.box = w.VBox([*parts, self.problems], layout=w.Layout(margin="0 0 .2em 0"))

    @property
    def wide(self) -> bool:
        """Free text, which takes the whole width of a row: it is what a reviewer reads."""
        return self.field.kind in ("long", "lines")

    def get(self) -> Any:
        value = self.input.value
        if self.field.kind in ("date", "event"):
            return value.isoformat() if value else ""
        return value

    def set(self, raw: Any) -> None:
        kind = self.field.kind
        if kind in ("date", "event"):
            try:
                self.input.value = date.fromisoformat(str(raw)[:10]) if raw else None
            except ValueError:
                self.input.value = None
        elif kind == "bool":
            self.input.value = bool(raw)
        elif kind == "when":
            self.input.value = "" if raw is None else when_text(raw)
        elif kind in ("choice", "tristate"):
            allowed = [value for _, value in self.input.options]
            fallback = self.field.default if kind == "choice" else "unknown"
            self.input.value = raw if raw in allowed else fallback
        else:
            self.input.value = "" if raw is None else str(raw)

    def clear_problems(self) -> None:
        self.problems.value = ""

    def add_problem(self, rest: Loc, text: str, severity: str) -> None:
        self.problems.value += problem_html(text, severity)


class _Row:
    """One record of a list: a control per column, a remove button and the row's problems."""

    def __init__(self, owner: RecordsControl, raw: dict[str, Any]) -> None:
        self.controls: dict[str, Control | RecordsControl] = {}
        for column in owner.field.columns:
            control = make_control(column, owner.on_change, compact=True)
            control.set(raw.get(column.name))
            self.controls[column.name] = control
        self.problems = w.HTML()
        self.remove = w.Button(description="Remove", icon="trash", layout=w.Layout(width="8rem"))
        self.remove.on_click(lambda _: owner.remove_row(self))
        scalars = [c.box for c in self.controls.values() if isinstance(c, Control) and not c.wide]
        wide = [c.box for c in self.controls.values() if isinstance(c, Control) and c.wide]
        nested = [c.box for c in self.controls.values() if isinstance(c, RecordsControl)]
        grid = w.GridBox(
            scalars,
            layout=w.Layout(grid_template_columns="repeat(auto-fill, minmax(19rem, 1fr))", grid_gap="0 1em"),
        )
        self.box = w.VBox(
            [self.problems, grid, *wide, *nested, self.remove],
            layout=w.Layout(border="1px solid #ccc", padding=".4em .6em", margin="0 0 .5em 0"),
        )

    def get(self) -> dict[str, Any]:
        return {name: control.get() for name, control in self.controls.items()}


class RecordsControl:
    """A list of records (measures, diagnoses, the care team) with add and remove buttons."""

    def __init__(self, field: FormField, on_change: OnChange, *, compact: bool = False) -> None:
        self.field = field
        self.on_change = on_change
        self.rows: list[_Row] = []
        self.problems = w.HTML()
        self.rows_box = w.VBox()
        self.add = w.Button(description=f"Add {field.item}", icon="plus")
        self.add.on_click(lambda _: self.add_row())
        title = f"<b>{escape(field.label)}</b>"
        help_text = (
            f' <span style="color:#555;font-size:85%">{escape(field.help)}</span>' if field.help else ""
        )
        self.box = w.VBox(
            [w.HTML(title + help_text), self.problems, self.rows_box, self.add],
            layout=w.Layout(margin="0 0 .6em 0" if not compact else "0 0 .4em 0"),
        )

    def _show_rows(self) -> None:
        self.rows_box.children = [row.box for row in self.rows]

    def add_row(self) -> None:
        self.rows.append(_Row(self, {}))
        self._show_rows()
        self.on_change()

    def remove_row(self, row: _Row) -> None:
        self.rows = [r for r in self.rows if r is not row]
        self._show_rows()
        self.on_change()

    def get(self) -> list[dict[str, Any]]:
        return [row.get() for row in self.rows]

    def set(self, raw: Any) -> None:
        self.rows = [
            _Row(self, item) for item in (raw if isinstance(raw, list) else []) if isinstance(item, dict)
        ]
        self._show_rows()

    def clear_problems(self) -> None:
        self.problems.value = ""
        for row in self.rows:
            row.problems.value = ""
            for control in row.controls.values():
                control.clear_problems()

    def add_problem(self, rest: Loc, text: str, severity: str) -> None:
        """Show a problem on the row (and column) it concerns: ``rest`` is ``(row, column, ...)``."""
        if rest and isinstance(rest[0], int) and rest[0] < len(self.rows):
            row = self.rows[rest[0]]
            column = rest[1] if len(rest) > 1 else None
            if isinstance(column, str) and column in row.controls:
                row.controls[column].add_problem(tuple(rest[2:]), text, severity)
            else:
                row.problems.value += problem_html(text, severity)
        else:
            self.problems.value += problem_html(text, severity)


def make_control(field: FormField, on_change: OnChange, *, compact: bool = False) -> Control | RecordsControl:
    """The control for a field: a list of rows for records, one input otherwise."""
    if field.kind == "records":
        return RecordsControl(field, on_change, compact=compact)
    return Control(field, on_change, compact=compact)


__all__ = ["Control", "RecordsControl", "make_control", "problem_html"]
