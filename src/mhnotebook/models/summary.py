"""The case's own display: a readable summary in Jupyter (HTML) and in a terminal (text).

User text is escaped, never interpreted: a name such as ``<script>`` shows as typed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mhnotebook.models.case import Case


@dataclass(frozen=True)
class Section:
    """A heading and its label/value rows."""

    title: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CaseSummary:
    """What a person wants to see first about a case, in reading order."""

    heading: str
    synthetic: bool
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        lines = [self.heading + ("  [SYNTHETIC SAMPLE]" if self.synthetic else "")]
        for section in self.sections:
            lines.append("")
            lines.append(section.title)
            width = max(len(label) for label, _ in section.rows)
            lines.extend(f"  {label.ljust(width)}  {value}" for label, value in section.rows)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        badge = (
            ' <span style="background:#fde68a;color:#1f2937;padding:1px 6px;border-radius:4px;'
            'font-size:0.8em">synthetic sample</span>'
            if self.synthetic
            else ""
        )
        parts = [f'<div class="mhn-case-summary"><h3>{esc(self.heading)}{badge}</h3>']
        for section in self.sections:
            parts.append(f"<h4>{esc(section.title)}</h4><table>")
            parts.extend(
                f'<tr><th style="text-align:left;padding-right:1em">{esc(label)}</th>'
                f'<td style="text-align:left">{esc(value)}</td></tr>'
                for label, value in section.rows
            )
            parts.append("</table>")
        parts.append("</div>")
        return "".join(parts)


def _join(values) -> str:
    return ", ".join(str(v) for v in values if v)


def _rows(*pairs: tuple[str, object]) -> tuple[tuple[str, str], ...]:
    """Keep only rows with something to show: a summary never prints 'None'."""
    return tuple((label, str(value)) for label, value in pairs if value not in (None, "", [], ()))


def _yes_no_unknown(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "unknown"}[value]


def summarize_case(case: Case) -> CaseSummary:
    """Build the summary of a case: patient, plan, service, denial, clinical picture, timeline."""
    p, plan, svc, denial, clin = case.patient, case.plan, case.service, case.denial, case.clinical
    sections = [
        Section(
            "Patient",
            _rows(
                ("Name", p.name),
                ("Date of birth", p.date_of_birth),
                ("Age", p.age),
                ("Member ID", p.member_id),
                ("Group number", p.group_number),
            ),
        ),
        Section(
            "Plan",
            _rows(
                ("Insurer", plan.insurer),
                ("Plan", plan.plan_name),
                ("Type", plan.plan_type.label),
                ("Funding", plan.funding.label),
                (
                    "Grandfathered",
                    None if plan.grandfathered is None else _yes_no_unknown(plan.grandfathered),
                ),
                ("State", plan.state),
            ),
        ),
        Section(
            "Service",
            _rows(
                ("Care", svc.description),
                ("Level of care", svc.level_of_care.label if svc.level_of_care else None),
                (
                    "Diagnoses",
                    _join(
                        f"{d.code}" + (f" ({d.description})" if d.description else "") for d in svc.diagnoses
                    ),
                ),
                ("Codes billed", _join(line.code for line in svc.lines)),
                ("In network", _yes_no_unknown(svc.in_network)),
                ("Sessions requested", svc.sessions_requested),
                ("Days requested", svc.days_requested),
            ),
        ),
    ]
    if case.representative is not None:
        rep = case.representative
        on_file = rep.authorization_on_file
        sections.append(
            Section(
                "Representative",
                _rows(
                    ("Name", rep.name),
                    ("Relationship", rep.relationship),
                    ("Designation on file", None if on_file is None else _yes_no_unknown(on_file)),
                ),
            )
        )
    if case.providers:
        sections.append(
            Section(
                "Care team",
                tuple(
                    (prov.role.label.capitalize(), _join([prov.name, prov.credentials, prov.organization]))
                    for prov in case.providers
                ),
            )
        )
    if denial is not None:
        sections.append(
            Section(
                "Denial",
                _rows(
                    ("Stage", denial.stage.label if denial.stage else None),
                    ("Level", denial.level.label),
                    ("Insurer's words", denial.text),
                    ("Codes", _join(denial.codes)),
                    ("Claim number", denial.claim_number),
                    ("Reference number", denial.reference_number),
                    (
                        "Criteria cited",
                        _join([denial.criteria.name, denial.criteria.edition]) if denial.criteria else None,
                    ),
                    ("Unmet criterion", denial.criteria.unmet_criterion if denial.criteria else None),
                ),
            )
        )
    risk = _join(f"{r.category.label}" + (f": {r.detail}" if r.detail else "") for r in clin.risk)
    sections.append(
        Section(
            "Clinical",
            _rows(
                ("Risk", risk or "none recorded"),
                ("Symptoms", _join(s.description for s in clin.symptoms)),
                ("Functional impairment", _join(i.description for i in clin.functional_impairment)),
                ("Prior levels of care", _join(t.level.label for t in clin.treatment_history)),
                ("Measures", _join(f"{m.instrument} {m.shown} ({m.date})" for m in clin.measures)),
                (
                    "Level-of-care ratings",
                    _join(
                        f"{r.instrument.value} {r.edition or ''} level {r.level}".replace("  ", " ")
                        for r in clin.level_of_care_ratings
                    ),
                ),
            ),
        )
    )
    if case.events:
        ordered = sorted(case.events, key=lambda e: str(e.at))
        sections.append(
            Section(
                "Timeline",
                tuple(
                    (str(e.at), e.kind.replace("_", " ") + (f" ({e.note})" if e.note else ""))
                    for e in ordered
                ),
            )
        )
    return CaseSummary(heading=case.display_label, synthetic=case.synthetic, sections=tuple(sections))
