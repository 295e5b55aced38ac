"""A benefit-table editor for the QTL tests: edit levels and payments, see each comparison pass or fail.

Wiring only: every number is computed by ``rules.parity``; errors from the loader are shown next to
the field they name, never as a traceback.
"""

from __future__ import annotations

import copy
import html
import re
from pathlib import Path
from typing import Any

import ipywidgets as w
from IPython.display import HTML

from mhnotebook.errors import ParityInputError
from mhnotebook.rules.parity.dollar_limits import evaluate_dollar_limit
from mhnotebook.rules.parity.plan_file import plan_from_data, read_structured
from mhnotebook.rules.parity.qtl import evaluate_plan

_ROW_FIELD = re.compile(
    r"comparison (\d+)\b.*?medical_surgical[\[.](\d+)\]?[.:\s]*(level|projected_payments)"
)
_MH_FIELD = re.compile(r"comparison (\d+)\b.*?mh_sud_level")


def _error_label() -> w.HTML:
    return w.HTML(value="", layout=w.Layout(min_width="18em"))


class QtlEditor:
    """Pick a comparison, edit its medical/surgical rows and MH/SUD level, press Check."""

    def __init__(self, source: Path | str | dict[str, Any]) -> None:
        data = read_structured(Path(source)) if not isinstance(source, dict) else copy.deepcopy(source)
        self.data: dict[str, Any] = data if "comparisons" in data else {"comparisons": [data]}
        self.comparisons: list[dict[str, Any]] = self.data["comparisons"]
        options = [
            (f"{i + 1}. {c.get('label') or c.get('classification')} / {c.get('requirement_type')}", i)
            for i, c in enumerate(self.comparisons)
        ]
        self.picker = w.Dropdown(
            options=options, value=0, description="Comparison", layout=w.Layout(width="40em")
        )
        self.rows_box = w.VBox()
        self.mh_level = w.Text(description="MH/SUD level")
        self.mh_error = _error_label()
        self.add_row = w.Button(description="Add a row", icon="plus")
        self.check = w.Button(description="Check", button_style="primary")
        self.general_error = w.HTML()
        self.output = w.Output()
        self.level_fields: list[tuple[w.Text, w.Text, w.HTML]] = []
        self.picker.observe(lambda change: self._show(change["new"]), names="value")
        self.add_row.on_click(lambda _: self._append_row("", ""))
        self.check.on_click(lambda _: self.run())
        self.widget = w.VBox(
            [
                self.picker,
                w.HTML(
                    "<b>Medical/surgical levels and projected plan payments</b> (empty level = none / no limit)"
                ),
                self.rows_box,
                self.add_row,
                w.HBox([self.mh_level, self.mh_error]),
                self.check,
                self.general_error,
                self.output,
            ]
        )
        self._show(0)

    def _append_row(self, level: Any, payments: Any) -> None:
        fields = (
            w.Text(value="" if level is None else str(level), description="level"),
            w.Text(value="" if payments is None else str(payments), description="payments"),
            _error_label(),
        )
        self.level_fields.append(fields)
        self.rows_box.children = [w.HBox(list(f)) for f in self.level_fields]

    def _show(self, index: int) -> None:
        self._store()
        self.current = index
        comparison = self.comparisons[index]
        self.level_fields = []
        self.rows_box.children = []
        for row in comparison.get("medical_surgical", []):
            self._append_row(row.get("level"), row.get("projected_payments"))
        mh = comparison.get("mh_sud_level")
        self.mh_level.value = "" if mh is None else str(mh)

    def _store(self) -> None:
        """Write the widgets' values back into the comparison being edited."""
        if not hasattr(self, "current"):
            return
        comparison = self.comparisons[self.current]
        comparison["medical_surgical"] = [
            {"level": lvl.value.strip() or None, "projected_payments": pay.value.strip() or None}
            for lvl, pay, _ in self.level_fields
        ]
        comparison["mh_sud_level"] = self.mh_level.value.strip() or None

    def run(self) -> None:
        """Evaluate every comparison; show results, or each error next to its field."""
        self._store()
        for *_, err in self.level_fields:
            err.value = ""
        self.mh_error.value = ""
        self.general_error.value = ""
        self.output.outputs = ()
        try:
            plan = plan_from_data(self.data, "benefit table")
        except ParityInputError as exc:
            self._place_errors(exc.problems)
            return
        verdict = evaluate_plan(plan.comparisons, [evaluate_dollar_limit(d) for d in plan.dollar_limits])
        self.verdict = verdict
        parts = [f"<p><b>{html.escape(verdict.summary())}</b></p>"]
        for r in verdict.results:
            c = r.comparison
            mark = "&#10004; pass" if r.mh_sud_permitted else "&#10008; FAIL"
            steps = "".join(f"<li>{html.escape(s)}</li>" for s in r.explanation)
            parts.append(
                f"<details><summary>{mark}: {html.escape(c.label or c.where)} "
                f"({html.escape(c.type_name)})</summary><ol style='list-style:none'>{steps}</ol></details>"
            )
        self.output.append_display_data(HTML("".join(parts)))

    def _place_errors(self, problems: list[str]) -> None:
        general = []
        for problem in problems:
            row = _ROW_FIELD.search(problem)
            mh = _MH_FIELD.search(problem)
            message = f"<span style='color:#b00020'>{html.escape(problem.split(': ', 1)[-1])}</span>"
            if row and int(row.group(1)) - 1 == self.current and int(row.group(2)) < len(self.level_fields):
                self.level_fields[int(row.group(2))][2].value = message
            elif mh and int(mh.group(1)) - 1 == self.current:
                self.mh_error.value = message
            else:
                general.append(problem)
        if general:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in general)
            self.general_error.value = f"<ul style='color:#b00020'>{items}</ul>"


def qtl_editor(source: Path | str | dict[str, Any]) -> QtlEditor:
    """The editor on a plan benefit file (or its data)."""
    return QtlEditor(source)
