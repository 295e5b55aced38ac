"""Service-line checks from the coding reference: time bands, add-on pairs, telehealth, supervision.

A coding error is fixed by a corrected claim, not an appeal; finding it before a clinical appeal
saves weeks. Each finding names the line, what is wrong, the likely fix and the source.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from mhnotebook.models import Case
from mhnotebook.models.service import ServiceLine
from mhnotebook.models.vocab import Supervision
from mhnotebook.rules.rule_table import CitedRow, load_table

CODING_SOURCE = "coding.md (coding errors that cause MH/SUD denials)"


class ProcedureRow(CitedRow):
    code: str
    label: str
    min_minutes: int | None = None
    max_minutes: int | None = None
    family: str | None = None
    requires_one_of: tuple[str, ...] = ()
    not_with: tuple[str, ...] = ()
    once_per_day: bool = False


@dataclass(frozen=True, slots=True)
class LineFinding:
    """One problem on one service line (1-based line number, as on the claim)."""

    line: int
    code: str
    problem: str
    fix: str
    citation: str
    severity: str = "error"

    def as_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "code": self.code,
            "problem": self.problem,
            "fix": self.fix,
            "citation": self.citation,
            "severity": self.severity,
        }


@cache
def procedure_rules() -> dict[str, ProcedureRow]:
    return {row.code: row for row in load_table("procedure_rules", ProcedureRow)}


def _band(row: ProcedureRow) -> str:
    if row.max_minutes is None:
        return f"{row.min_minutes} minutes or more"
    return f"{row.min_minutes}-{row.max_minutes} minutes"


def _fits(row: ProcedureRow, minutes: int) -> bool:
    low = row.min_minutes or 0
    return minutes >= low and (row.max_minutes is None or minutes <= row.max_minutes)


def _time_findings(number: int, line: ServiceLine, row: ProcedureRow) -> list[LineFinding]:
    if row.min_minutes is None or line.minutes is None:
        return []
    if _fits(row, line.minutes):
        return []
    better = [
        other.code
        for other in procedure_rules().values()
        if other.family
        and other.family == row.family
        and other.code != row.code
        and _fits(other, line.minutes)
    ]
    if better:
        fix = f"bill {better[0]} (the code whose band fits {line.minutes} minutes) on a corrected claim"
    elif row.family == "psychotherapy" and line.minutes < 16:
        fix = "under 16 minutes of psychotherapy is not billable"
    else:
        fix = "check the documented time and the code on a corrected claim"
    return [
        LineFinding(
            number,
            line.code,
            f"{line.code} ({row.label}) needs {_band(row)}; {line.minutes} minutes documented",
            fix,
            row.citation,
        )
    ]


def _pair_findings(
    number: int, line: ServiceLine, row: ProcedureRow, same_day: set[str]
) -> list[LineFinding]:
    found = []
    if row.requires_one_of and not same_day.intersection(row.requires_one_of):
        found.append(
            LineFinding(
                number,
                line.code,
                f"{line.code} is an add-on billed without its primary code on the same day",
                f"bill it with one of {', '.join(row.requires_one_of)} on the same date, or drop it",
                row.citation,
            )
        )
    clash = sorted(same_day.intersection(row.not_with))
    if clash:
        found.append(
            LineFinding(
                number,
                line.code,
                f"{line.code} is not billed with {', '.join(clash)} on the same day",
                "correct the code pair on a corrected claim",
                row.citation,
            )
        )
    return found


def _telehealth_findings(number: int, line: ServiceLine) -> list[LineFinding]:
    mods = {str(m).upper() for m in line.modifiers}
    pos = str(line.place_of_service).zfill(2) if line.place_of_service is not None else None
    found = []
    if mods & {"95", "93", "GT", "FQ"} and pos == "11":
        found.append(
            LineFinding(
                number,
                line.code,
                "a telehealth modifier with place of service 11 (office)",
                "place of service is where the patient is: 10 at home, 02 elsewhere (check the payer's telehealth policy)",
                "coding.md (telehealth modifiers and place of service)",
            )
        )
    if {"95", "93"} <= mods:
        found.append(
            LineFinding(
                number,
                line.code,
                "both 95 (audio-video) and 93 (audio-only) on one line",
                "use the one modifier that matches how the visit happened",
                "coding.md (telehealth modifiers and place of service)",
            )
        )
    if "GT" in mods:
        found.append(
            LineFinding(
                number,
                line.code,
                "modifier GT is largely obsolete for professional claims",
                "use 95 (audio-video) or 93 (audio-only) unless this payer still asks for GT",
                "coding.md (telehealth modifiers and place of service)",
                severity="warning",
            )
        )
    return found


def _supervision_findings(number: int, line: ServiceLine) -> list[LineFinding]:
    if line.supervision in (None, Supervision.none):
        return []
    found = [
        LineFinding(
            number,
            line.code,
            f"billed under {line.supervision.label.lower()} supervision",
            "check that this payer allows supervisee billing and under whose NPI the line must be billed",
            CODING_SOURCE + " (10)",
            severity="warning",
        )
    ]
    if not line.supervising_provider:
        found.append(
            LineFinding(
                number,
                line.code,
                "supervision is recorded but no supervising provider is named",
                "name the supervising provider on the claim",
                CODING_SOURCE + " (10)",
            )
        )
    return found


def check_service_lines(case: Case) -> list[LineFinding]:
    """Every coding finding on the case's service lines, in line order."""
    lines = case.service.lines
    by_day: dict[object, list[str]] = defaultdict(list)
    for line in lines:
        by_day[line.date].append(str(line.code).upper())
    findings: list[LineFinding] = []
    for number, line in enumerate(lines, start=1):
        code = str(line.code).upper()
        row = procedure_rules().get(code)
        same_day = set(by_day[line.date]) - {code}
        if row is not None:
            findings += _time_findings(number, line, row)
            findings += _pair_findings(number, line, row, same_day)
            if row.once_per_day and by_day[line.date].count(code) > 1:
                findings.append(
                    LineFinding(
                        number,
                        code,
                        f"{code} billed more than once on one day",
                        "bill it once a day",
                        row.citation,
                    )
                )
        findings += _telehealth_findings(number, line)
        findings += _supervision_findings(number, line)
    diagnoses = [str(d.code).upper() for d in case.service.diagnoses]
    if lines and diagnoses and all(code.startswith("Z") for code in diagnoses):
        findings.append(
            LineFinding(
                0,
                "",
                "only Z codes as diagnoses: many payers will not pay psychotherapy without a treated disorder",
                "code the treated disorder first when one is documented",
                CODING_SOURCE + " (5)",
                severity="warning",
            )
        )
    return findings
