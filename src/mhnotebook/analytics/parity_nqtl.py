"""An NQTL comparative analysis: side-by-side tables, outcome statistics and warning-sign flags.

Everything a reviewer needs to reproduce the analysis travels with it: the input file's SHA-256,
the workbook, every flag with its basis and verification tag, and the statistics with the method
used. A flag says a difference NEEDS EXPLANATION; nothing here declares a violation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mhnotebook.models.nqtl import NqtlEntry, NqtlWorkbook, Outcomes
from mhnotebook.rules.parity.nqtl_checks import Flag, check_workbook, make_flag, nqtl_types
from mhnotebook.rules.parity.nqtl_workbook import load_workbook

if TYPE_CHECKING:
    import pandas as pd

#: Outcome rates tested for a difference: (metric, numerator, denominator(s), check, worse direction).
RATE_METRICS: tuple[tuple[str, str, tuple[str, ...], str, Literal["higher", "lower"]], ...] = (
    ("denial rate", "denials", ("requests",), "higher_denial_rate", "higher"),
    ("overturn rate on appeal", "overturns", ("appeals",), "higher_overturn_rate", "higher"),
    (
        "out-of-network share of claims",
        "out_of_network_claims",
        ("in_network_claims", "out_of_network_claims"),
        "out_of_network_use_higher",
        "higher",
    ),
    (
        "providers in network",
        "providers_in_network",
        ("providers_in_area",),
        "network_participation_lower",
        "lower",
    ),
)


def _count(
    outcomes: Outcomes | None, numerator: str, denominators: tuple[str, ...]
) -> tuple[int, int] | None:
    if outcomes is None:
        return None
    x = getattr(outcomes, numerator)
    parts = [getattr(outcomes, d) for d in denominators]
    if x is None or any(p is None for p in parts) or sum(parts) == 0:
        return None
    return x, sum(parts)


def outcome_rows(workbook: NqtlWorkbook) -> list[dict[str, Any]]:
    """One row per (NQTL, metric) with counts on both sides."""
    rows = []
    for index, entry in enumerate(workbook.nqtls):
        if not (entry.mh_sud.applies and entry.medical_surgical.applies):
            continue
        for metric, num, den, check, worse in RATE_METRICS:
            mh = _count(entry.mh_sud.outcomes, num, den)
            ms = _count(entry.medical_surgical.outcomes, num, den)
            if mh is None or ms is None:
                continue
            rows.append(
                {
                    "entry": index,
                    "nqtl": entry.nqtl,
                    "classification": entry.classification,
                    "metric": metric,
                    "check": check,
                    "worse_when": worse,
                    "mh_sud_count": mh[0],
                    "mh_sud_total": mh[1],
                    "ms_count": ms[0],
                    "ms_total": ms[1],
                }
            )
    return rows


def outcome_statistics(
    workbook: NqtlWorkbook, *, alpha: float = 0.05, adjust: Literal["holm", "bh", "none"] = "holm"
) -> pd.DataFrame:
    """Each outcome rate, MH/SUD minus medical/surgical, with its CI and adjusted p-value."""
    import pandas as pd

    from mhnotebook.analytics.parity_outcomes import compare_proportions

    rows = outcome_rows(workbook)
    columns = ["nqtl", "classification", "metric", "mh_sud_count", "mh_sud_total", "ms_count", "ms_total"]
    if not rows:
        return pd.DataFrame(
            columns=[
                *columns,
                "mh_sud_rate",
                "ms_rate",
                "difference",
                "ci_low",
                "ci_high",
                "test",
                "p_value",
                "p_adjusted",
                "needs_explanation",
            ]
        )
    frame = pd.DataFrame(rows)
    stats = compare_proportions(
        frame.mh_sud_count, frame.mh_sud_total, frame.ms_count, frame.ms_total, adjust=adjust
    )
    frame = pd.concat([frame, stats.rename(columns={"rate_1": "mh_sud_rate", "rate_2": "ms_rate"})], axis=1)
    worse = ((frame.worse_when == "higher") & (frame.difference > 0)) | (
        (frame.worse_when == "lower") & (frame.difference < 0)
    )
    frame["needs_explanation"] = worse & (frame.p_adjusted < alpha)
    return frame


@dataclass(frozen=True)
class NqtlAnalysis:
    """A workbook analysed: design flags, outcome statistics and their flags, and provenance."""

    workbook: NqtlWorkbook
    source_name: str
    sha256: str
    design_flags: tuple[Flag, ...]
    outcome_flags: tuple[Flag, ...]
    statistics: Any  # pandas.DataFrame
    alpha: float = 0.05
    adjust: str = "holm"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def flags(self) -> tuple[Flag, ...]:
        return self.design_flags + self.outcome_flags

    def as_json(self) -> dict[str, Any]:
        stats = self.statistics.drop(columns=["entry", "check", "worse_when"], errors="ignore")
        return {
            "source": self.source_name,
            "sha256": self.sha256,
            "plan_name": self.workbook.plan_name,
            "synthetic": self.workbook.synthetic,
            "nqtls": len(self.workbook.nqtls),
            "flags": [f.as_json() for f in self.flags],
            "outcomes": stats.to_dict(orient="records"),
            "method": self.method(),
            "note": NOT_A_VIOLATION,
        }

    def method(self) -> str:
        names = {"holm": "Holm", "bh": "Benjamini-Hochberg", "none": "no"}
        return (
            "Difference in rates (MH/SUD minus medical/surgical) with a 95% Newcombe hybrid score interval; "
            "Fisher's exact test when an expected cell count is under 5, else the chi-square test; "
            f"{names.get(self.adjust, self.adjust)} adjustment across {len(self.statistics)} comparison(s); "
            f"flagged when the adjusted p-value is under {self.alpha} and MH/SUD fares worse."
        )

    def as_text(self) -> str:
        lines = []
        if self.workbook.synthetic:
            lines.append("[SYNTHETIC SAMPLE]")
        lines.append(
            f"NQTL analysis of {self.workbook.plan_name or self.source_name} "
            f"({len(self.workbook.nqtls)} NQTL(s)); input SHA-256 {self.sha256[:16]}..."
        )
        lines.append(NOT_A_VIOLATION)
        for flag in self.flags:
            lines.append(f"\n[{flag.status}] {flag.nqtl} / {flag.classification}: {flag.message}")
            lines.append(f"   {flag.detail}")
            lines.append(f"   basis: {flag.basis}; verification [{flag.verification}]; {flag.citation}")
        if not self.flags:
            lines.append("\nNo warning signs found.")
        lines.append(f"\nOutcome statistics: {self.method()}")
        for row in self.statistics.itertuples():
            lines.append(
                f"  {row.nqtl} / {row.metric}: MH/SUD {row.mh_sud_count}/{row.mh_sud_total} "
                f"({row.mh_sud_rate:.1%}) vs M/S {row.ms_count}/{row.ms_total} ({row.ms_rate:.1%}); "
                f"difference {row.difference:+.1%} [{row.ci_low:+.1%}, {row.ci_high:+.1%}], {row.test}, "
                f"adjusted p {row.p_adjusted:.3g}"
                + ("  -> NEEDS EXPLANATION" if row.needs_explanation else "")
            )
        return "\n".join(lines)


NOT_A_VIOLATION = (
    "A flag means the difference NEEDS EXPLANATION in the plan's comparative analysis. It is not a finding "
    "of a violation: differences in outcomes are not determinative on their own."
)


def analyse(
    workbook: NqtlWorkbook,
    *,
    source_name: str = "<workbook>",
    sha256: str = "",
    alpha: float = 0.05,
    adjust: Literal["holm", "bh", "none"] = "holm",
) -> NqtlAnalysis:
    """Run the design checks and the outcome statistics on a workbook."""
    stats = outcome_statistics(workbook, alpha=alpha, adjust=adjust)
    outcome_flags = []
    for row in stats[stats.needs_explanation].itertuples() if len(stats) else ():
        entry: NqtlEntry = workbook.nqtls[int(row.entry)]
        detail = (
            f"{row.metric}: MH/SUD {row.mh_sud_count}/{row.mh_sud_total} ({row.mh_sud_rate:.1%}) vs "
            f"medical/surgical {row.ms_count}/{row.ms_total} ({row.ms_rate:.1%}); difference "
            f"{row.difference:+.1%} (95% CI {row.ci_low:+.1%} to {row.ci_high:+.1%}), {row.test}, "
            f"adjusted p = {row.p_adjusted:.3g}."
        )
        flag = make_flag(str(row.check), entry, detail)
        if flag is not None:
            outcome_flags.append(flag)
    return NqtlAnalysis(
        workbook=workbook,
        source_name=source_name,
        sha256=sha256,
        design_flags=tuple(check_workbook(workbook)),
        outcome_flags=tuple(outcome_flags),
        statistics=stats,
        alpha=alpha,
        adjust=adjust,
    )


def analyse_workbook(path: Path | str, **kw: Any) -> NqtlAnalysis:
    """Load a workbook file and analyse it, recording the file's name and SHA-256."""
    path = Path(path)
    workbook = load_workbook(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return analyse(workbook, source_name=path.name, sha256=digest, **kw)


SIDE_ROWS = (
    ("Applies", "applies"),
    ("Plan terms", "plan_terms"),
    ("Benefits it applies to", "benefits"),
    ("Factors", "factors"),
    ("Evidentiary standards and sources", "evidentiary_standards"),
    ("Processes as written", "processes_as_written"),
    ("Processes in operation", "processes_in_operation"),
    ("Reviewer qualifications", "reviewer_qualifications"),
    ("Exclusions", "exclusions"),
)


def _cell(value: Any) -> str:
    if value is None:
        return "(not stated)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) if value else "(none)"
    return str(value)


def side_by_side(entry: NqtlEntry) -> pd.DataFrame:
    """The statute's elements for one NQTL, MH/SUD beside medical/surgical, plus measures and outcomes."""
    import pandas as pd

    rows = [
        (label, _cell(getattr(entry.mh_sud, f)), _cell(getattr(entry.medical_surgical, f)))
        for label, f in SIDE_ROWS
    ]
    for m in entry.stringency_measures:
        unit = f" ({m.unit})" if m.unit else ""
        rows.append((f"{m.name}{unit}", str(m.mh_sud), str(m.medical_surgical)))
    for fname in Outcomes.model_fields:
        a = entry.mh_sud.outcomes and getattr(entry.mh_sud.outcomes, fname)
        b = entry.medical_surgical.outcomes and getattr(entry.medical_surgical.outcomes, fname)
        if a is not None or b is not None:
            rows.append((fname.replace("_", " "), _cell(a), _cell(b)))
    frame = pd.DataFrame(rows, columns=["element", "MH/SUD", "Medical/surgical"]).set_index("element")
    return frame


def nqtl_label(entry: NqtlEntry) -> str:
    labels = {row.nqtl: row.label for row in nqtl_types()}
    return entry.label or f"{labels.get(entry.nqtl, entry.nqtl)} ({entry.classification})"


def style_side_by_side(frame: pd.DataFrame) -> Any:
    """A notebook-friendly Styler: wrapped text, differing rows shaded (user text stays escaped)."""
    differs = frame["MH/SUD"] != frame["Medical/surgical"]

    def shade(row: Any) -> list[str]:
        colour = "background-color: #fff4d6" if differs[row.name] else ""
        return [colour] * len(row)

    return (
        frame.style.apply(shade, axis=1)
        .format(escape="html")
        .set_properties(**{"white-space": "pre-wrap", "text-align": "left", "vertical-align": "top"})
    )


def flags_frame(analysis: NqtlAnalysis) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        [f.as_json() for f in analysis.flags],
        columns=[
            "status",
            "nqtl",
            "classification",
            "check",
            "message",
            "detail",
            "basis",
            "verification",
            "citation",
        ],
    )
