"""The NQTL report: one self-contained HTML document (and its PDF) recording its own provenance.

Provenance (package version, the input's SHA-256, the date) lets anyone reproduce a result from the
same file. User text is autoescaped; the CSS is inline and uses local fonts, so nothing is fetched.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from mhnotebook.analytics.parity_nqtl import NOT_A_VIOLATION, NqtlAnalysis, nqtl_label, side_by_side


def report_context(analysis: NqtlAnalysis, today: date | None = None) -> dict[str, Any]:
    """Everything the template shows, prepared here (no arithmetic or formatting in the template)."""
    from mhnotebook import __version__

    wb = analysis.workbook
    labels = {(e.nqtl, e.classification): nqtl_label(e) for e in wb.nqtls}
    flags = [
        f.as_json() | {"nqtl_label": labels.get((f.nqtl, f.classification), f.nqtl)} for f in analysis.flags
    ]
    outcomes = [
        {
            "nqtl": row.nqtl,
            "metric": row.metric,
            "mh_sud": f"{row.mh_sud_count}/{row.mh_sud_total} ({row.mh_sud_rate:.1%})",
            "ms": f"{row.ms_count}/{row.ms_total} ({row.ms_rate:.1%})",
            "difference": f"{row.difference:+.1%} ({row.ci_low:+.1%} to {row.ci_high:+.1%})",
            "test": row.test,
            "p_adjusted": f"{row.p_adjusted:.3g}",
            "flag": "NEEDS EXPLANATION" if row.needs_explanation else "",
        }
        for row in analysis.statistics.itertuples()
    ]
    entries = []
    for entry in wb.nqtls:
        frame = side_by_side(entry)
        entries.append(
            {
                "label": nqtl_label(entry),
                "rows": [
                    {
                        "element": element,
                        "mh": r["MH/SUD"],
                        "ms": r["Medical/surgical"],
                        "differs": r["MH/SUD"] != r["Medical/surgical"],
                    }
                    for element, r in frame.iterrows()
                ],
                "comparative_analysis": entry.comparative_analysis or "(not stated)",
                "findings": entry.findings or "(not stated)",
                "conclusions": entry.conclusions or "(not stated)",
            }
        )
    return {
        "plan_name": wb.plan_name or analysis.source_name,
        "period": wb.period,
        "synthetic": wb.synthetic,
        "note": NOT_A_VIOLATION,
        "flags": flags,
        "method": analysis.method(),
        "outcomes": outcomes,
        "entries": entries,
        "version": __version__,
        "source": analysis.source_name,
        "sha256": analysis.sha256 or "(not from a file)",
        "date": (today or date.today()).isoformat(),
    }


def render_nqtl_report(analysis: NqtlAnalysis, today: date | None = None) -> str:
    """The report as one HTML string (autoescaped, StrictUndefined)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("mhnotebook.analytics", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
    )
    return env.get_template("parity_nqtl_report.html.j2").render(**report_context(analysis, today))


def write_nqtl_report(analysis: NqtlAnalysis, target: Path | str, today: date | None = None) -> Path:
    """Write the report as .html or .pdf, chosen by the file name."""
    target = Path(target)
    suffix = target.suffix.lower()
    html = render_nqtl_report(analysis, today)
    if suffix in (".html", ".htm"):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        return target
    if suffix == ".pdf":
        from mhnotebook.rendering.pdf import html_to_pdf

        return html_to_pdf(html, target)
    raise ValueError(f"{target.name}: the report is written as .html or .pdf")
