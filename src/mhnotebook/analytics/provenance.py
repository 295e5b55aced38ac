"""Where a table or chart came from, carried with it when it leaves the notebook.

A denial rate without its source, date range, filters and the publisher's caveat is easy to quote
out of context. Every export goes through :func:`export_table` or :func:`export_chart`, which write
the :class:`Provenance` into the file itself:

- CSV: a block of ``# key: value`` comment lines before the header (pandas reads it back with
  :func:`read_table_export`, or ``pd.read_csv(path, comment="#")`` when no cell holds a ``#``).
- HTML (table or chart): a visible "About this data" block, HTML-escaped.
- PNG / SVG (chart): the source, filters and caveat drawn under the chart as a caption; the chart's
  JSON spec also carries the record in ``usermeta.provenance``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

#: Chart formats written by vl-convert (offline); HTML inlines Vega so it opens without a network.
CHART_FORMATS = (".png", ".svg", ".html", ".json")
TABLE_FORMATS = (".csv", ".html")


def _package_version() -> str:
    from mhnotebook import __version__

    return __version__


@dataclass(frozen=True)
class Provenance:
    """Source, date range, filters and caveat of a derived table or chart.

    Immutable: :meth:`with_filters` returns a new record, so a filter applied in one notebook cell
    never leaks into another's output.
    """

    source: str
    date_range: str
    caveat: str
    filters: tuple[str, ...] = ()
    citation: str | None = None
    modified: str | None = None
    generated_on: date = field(default_factory=date.today)
    package_version: str = field(default_factory=_package_version)

    def with_filters(self, *filters: str) -> Provenance:
        """A copy with ``filters`` appended (duplicates dropped, order kept)."""
        merged = tuple(dict.fromkeys((*self.filters, *(f for f in filters if f))))
        return replace(self, filters=merged)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready record (dates as ISO strings)."""
        return {
            "source": self.source,
            "date_range": self.date_range,
            "filters": list(self.filters),
            "caveat": self.caveat,
            "citation": self.citation,
            "modified": self.modified,
            "generated_on": self.generated_on.isoformat(),
            "package_version": self.package_version,
        }

    def lines(self) -> list[str]:
        """Human-readable ``key: value`` lines, one filter per line, empty fields left out."""
        out = [f"source: {self.source}", f"date range: {self.date_range}"]
        if self.citation:
            out.append(f"citation: {self.citation}")
        if self.modified:
            out.append(f"modified: {self.modified}")
        out.extend(f"filter: {f}" for f in self.filters or ("none",))
        out.append(f"caveat: {self.caveat}")
        out.append(f"generated on {self.generated_on.isoformat()} by mhnotebook {self.package_version}")
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def to_html(self) -> str:
        """An escaped ``<div>`` for notebooks and HTML exports."""
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.lines())
        return f'<div class="mhnotebook-provenance"><strong>About this data</strong><ul>{items}</ul></div>'

    def _repr_html_(self) -> str:
        return self.to_html()


def _check_suffix(path: Path, allowed: tuple[str, ...], what: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise ValueError(
            f"{path}: cannot export a {what} as {suffix or 'a file without suffix'}; use {allowed}"
        )
    return suffix


def export_table(frame: pd.DataFrame, path: str | Path, provenance: Provenance) -> Path:
    """Write ``frame`` to CSV or HTML with its provenance in the same file."""
    path = Path(path)
    suffix = _check_suffix(path, TABLE_FORMATS, "table")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        header = "".join(f"# {line}\n" for line in provenance.lines())
        path.write_text(header + frame.to_csv(index=False), encoding="utf-8")
    else:
        body = frame.to_html(index=False, escape=True, na_rep="")
        path.write_text(_html_page(provenance, body), encoding="utf-8")
    return path


def read_table_export(path: str | Path) -> tuple[pd.DataFrame, list[str]]:
    """Read a CSV written by :func:`export_table`: the table and its provenance lines."""
    import io

    import pandas as pd

    text = Path(path).read_text(encoding="utf-8")
    head: list[str] = []
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("# "):
        head.append(lines.pop(0)[2:].rstrip("\n"))
    return pd.read_csv(io.StringIO("".join(lines))), head


def _html_page(provenance: Provenance, body: str) -> str:
    title = html.escape(provenance.source)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body>\n{body}\n{provenance.to_html()}\n</body></html>\n"
    )


def with_provenance(
    chart: alt.Chart
    | alt.LayerChart
    | alt.ConcatChart
    | alt.HConcatChart
    | alt.VConcatChart
    | alt.FacetChart,
    provenance: Provenance,
) -> alt.VConcatChart:
    """``chart`` with the provenance as a caption underneath and in ``usermeta``.

    Wrapping in a one-item ``vconcat`` keeps the chart's own title while the caption sits below it,
    so a PNG pasted into a report still says where the numbers came from.
    """
    import altair as alt

    caption = alt.TitleParams(
        text=f"Source: {provenance.source} ({provenance.date_range})",
        subtitle=[line for line in provenance.lines()[1:] if not line.startswith("date range")],
        orient="bottom",
        anchor="start",
        fontSize=11,
        subtitleFontSize=10,
        fontWeight="normal",
    )
    return alt.vconcat(chart, title=caption, usermeta={"provenance": provenance.as_dict()})


def export_chart(
    chart: alt.Chart
    | alt.LayerChart
    | alt.ConcatChart
    | alt.HConcatChart
    | alt.VConcatChart
    | alt.FacetChart,
    path: str | Path,
    provenance: Provenance,
    *,
    scale_factor: float = 2.0,
) -> Path:
    """Save ``chart`` as PNG, SVG, HTML or Vega-Lite JSON, offline, with its provenance."""
    path = Path(path)
    suffix = _check_suffix(path, CHART_FORMATS, "chart")
    path.parent.mkdir(parents=True, exist_ok=True)
    wrapped = with_provenance(chart, provenance)
    if suffix == ".html":
        # inline=True embeds Vega (via vl-convert) so the page opens without a network.
        wrapped.save(str(path), format="html", inline=True)
    elif suffix == ".png":
        wrapped.save(str(path), format="png", scale_factor=scale_factor)
    elif suffix == ".svg":
        wrapped.save(str(path), format="svg")
    else:
        wrapped.save(str(path), format="json")
    return path
