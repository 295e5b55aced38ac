"""The practice-remittances explorer: payer and path filters that redraw a chart and a table.

Wiring only: every number comes from ``analytics.remits``; this module connects controls to it and
writes into ``Output`` widgets with ``append_display_data`` (works in Lab, Voila and headless tests).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mhnotebook.analytics.remits.charts import (
    chart_denials_by_month,
    chart_denials_by_path,
    chart_denials_by_payer,
)
from mhnotebook.analytics.remits.metrics import appeal_candidates, filter_denials, remittance_provenance

if TYPE_CHECKING:
    import pandas as pd

    from mhnotebook.analytics.remits.reader import RemittanceBatch

CHARTS = {"path": chart_denials_by_path, "payer": chart_denials_by_payer, "month": chart_denials_by_month}
#: Rows of the worth-appealing table shown at once (the export has them all).
TABLE_ROWS = 25
#: Column headings a billing office reads (the frame keeps the analytics names for exports).
TABLE_HEADINGS = {
    "payer_name": "Payer",
    "claim_id": "Claim",
    "line_id": "Line",
    "service_date": "Service date",
    "procedure_code": "Procedure",
    "denied_amount": "Denied ($)",
    "code": "Denial code",
    "rarcs": "Remark codes",
    "path_label": "Triage path",
    "action": "What to do",
}


class RemitsExplorer:
    """Filters (payers, paths, chart) → a chart, the lines worth appealing, and the provenance."""

    def __init__(self, batch: RemittanceBatch, denied: pd.DataFrame) -> None:
        import ipywidgets as widgets

        self.batch, self.denied = batch, denied
        payers = sorted(denied["payer_name"].astype(str).unique())
        # The triage path's label is what people recognise; the value stays the path key the filter uses.
        path_names = denied[["path", "path_label"]].astype(str).drop_duplicates("path").sort_values("path")
        paths = list(zip(path_names["path_label"], path_names["path"], strict=True))
        self.payers = widgets.SelectMultiple(
            options=payers, description="Payers", rows=min(8, max(2, len(payers)))
        )
        self.paths = widgets.SelectMultiple(
            options=paths,
            description="Paths",
            rows=min(8, max(2, len(paths))),
            layout=widgets.Layout(width="26em"),
        )
        self.view = widgets.ToggleButtons(options=list(CHARTS), value="path", description="Count by")
        self.status = widgets.HTML()
        self.chart = widgets.Output()
        self.table = widgets.Output()
        self.about = widgets.Output()
        for control in (self.payers, self.paths, self.view):
            control.observe(self.redraw, names="value")
        hint = widgets.HTML("<small>No selection = all. Ctrl/Cmd-click to pick several.</small>")
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.payers, self.paths]),
                hint,
                self.view,
                self.status,
                self.chart,
                self.table,
                self.about,
            ]
        )
        self.redraw()

    def filtered(self) -> tuple[pd.DataFrame, list[str]]:
        return filter_denials(self.denied, payers=list(self.payers.value), paths=list(self.paths.value))

    def redraw(self, _change: Any = None) -> None:
        from IPython.display import HTML

        rows, filters = self.filtered()
        provenance = remittance_provenance(self.batch, filters)
        for out in (self.chart, self.table, self.about):
            out.outputs = ()
        worth = appeal_candidates(rows)
        self.status.value = (
            f"<b>{len(rows)}</b> denied line(s), <b>{worth.shape[0]}</b> look worth appealing"
            + (f" &mdash; filters: {', '.join(filters)}" if filters else "")
        )
        if rows.empty:
            self.chart.append_stdout("No denied lines match these filters.\n")
        else:
            self.chart.append_display_data(CHARTS[self.view.value](rows))
        shown = (
            worth.head(TABLE_ROWS)
            .drop(columns=["why"])
            .assign(service_date=lambda f: f["service_date"].dt.strftime("%Y-%m-%d").fillna(""))
            .rename(columns=TABLE_HEADINGS)
        )
        self.table.append_display_data(HTML(shown.to_html(index=False, escape=True, na_rep="")))
        self.about.append_display_data(HTML(provenance.to_html()))


def remits_explorer(batch: RemittanceBatch, denied: pd.DataFrame) -> RemitsExplorer:
    """Build the explorer; display ``.widget`` in a notebook."""
    return RemitsExplorer(batch, denied)
