"""Which denial paths the evidence supports, ranked, from the codes, the notice's words and the facts.

Several paths can hold at once (B and F, or C and a parity question). Each path lists the evidence
behind it and a strength; a path resting on one weak signal is labelled "possible", never certain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from mhnotebook.models import Case
from mhnotebook.models.codes import is_remark_code, split_adjustment_code
from mhnotebook.models.vocab import DenialStage, LevelOfCare
from mhnotebook.rules.coding_checks import LineFinding
from mhnotebook.rules.denial_codes import classify_adjustment
from mhnotebook.rules.paths import PATH_IDS, path_rows
from mhnotebook.rules.rule_table import CitedRow, load_table

#: Weight of each kind of evidence when ranking paths.
WEIGHTS = {"code": 3, "phrase": 2, "coding_check": 2, "fact": 1}

_PROGRAM_LEVELS = {
    LevelOfCare.inpatient,
    LevelOfCare.residential,
    LevelOfCare.partial_hospitalization,
    LevelOfCare.intensive_outpatient,
    LevelOfCare.withdrawal_management,
}


class PhraseRow(CitedRow):
    """A regular expression that signals a path, with a sentence it must match (tested)."""

    path: str
    pattern: str
    example: str


@dataclass(frozen=True, slots=True)
class Evidence:
    kind: str
    text: str
    citation: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text, "citation": self.citation}


@dataclass(frozen=True, slots=True)
class PathFinding:
    """One path the evidence supports, with its evidence and how strong it is."""

    path: str
    label: str
    track: str
    strength: str
    score: int
    remedy: str
    evidence: tuple[Evidence, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "label": self.label,
            "track": self.track,
            "strength": self.strength,
            "score": self.score,
            "remedy": self.remedy,
            "evidence": [e.as_dict() for e in self.evidence],
        }


def _alternatives(pattern: str) -> list[str]:
    """Split a pattern at its top-level ``|`` (searching each alone finds the same matches)."""
    parts, depth, current, escaped = [], 0, "", False
    for char in pattern:
        if escaped:
            current, escaped = current + char, False
            continue
        if char == "\\":
            current, escaped = current + char, True
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


_PLAIN = re.compile(r"[a-z0-9 '-]")
_QUANTIFIERS = ("?", "*", "+", "{")
#: Expanding groups multiplies the texts to look for; past this many, stop expanding.
_MAX_STARTS = 12


def _closing_paren(text: str) -> int:
    """Index of the parenthesis closing the group that opens ``text``."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return index
    raise ValueError(f"unbalanced group in {text!r}")


def _expand(text: str, starts: list[str]) -> tuple[list[str], bool]:
    """Extend every start with the plain text ``text`` must begin with; (starts, whether all of it was read).

    Plain characters are appended; a group of options (not optional itself) multiplies the starts by
    its options, each expanded the same way. Reading stops at anything else (a class, a quantifier,
    an optional group), so every match of ``text`` begins with one of the returned starts.
    """
    index = 0
    while index < len(text):
        char = text[index]
        if text.startswith("\\b", index):
            index += 2
            continue
        if char == "(":
            close = index + _closing_paren(text[index:])
            if text[close + 1 : close + 2] in _QUANTIFIERS:
                return starts, False
            grown: list[str] = []
            complete = True
            for option in _alternatives(text[index + 1 : close]):
                option_starts, option_complete = _expand(option, list(starts))
                grown += option_starts
                complete = complete and option_complete
            if len(grown) > _MAX_STARTS:
                return starts, False
            starts = grown
            if not complete:
                return starts, False
            index = close + 1
            continue
        if not _PLAIN.match(char) or text[index + 1 : index + 2] in _QUANTIFIERS:
            return starts, False
        starts = [start + char for start in starts]
        index += 1
    return starts, True


def _required_starts(alternative: str) -> tuple[str, ...]:
    """Texts of which at least one must occur for the alternative to match; () means no shortcut.

    ``(late|untimely) notification`` gives 'late notification' and 'untimely notification';
    ``not (in|part of) (the )?network`` gives 'not in' and 'not part of'. Too short a text (under
    three characters) proves nothing, so it gives no shortcut.
    """
    starts, _ = _expand(alternative, [""])
    starts = sorted(set(starts))
    return tuple(starts) if starts and all(len(start) >= 3 for start in starts) else ()


def _code_evidence(case: Case, found: dict[str, list[Evidence]]) -> None:
    codes: list[tuple[str | None, str, tuple[str, ...]]] = []
    denial = case.denial
    if denial is not None:
        remarks = tuple(denial.remark_codes)
        codes += [(group, reason, remarks) for group, reason in denial.adjustment_codes]
    for line in case.service.lines:
        remarks = tuple(str(c) for c in line.codes if is_remark_code(c))
        codes += [(*split_adjustment_code(c), remarks) for c in line.codes if not is_remark_code(c)]
    seen = set()
    for group, reason, remarks in codes:
        verdict = classify_adjustment(group, reason, remarks)
        key = (verdict.group, verdict.carc)
        if key in seen:
            continue
        seen.add(key)
        for path in verdict.paths:
            found[path].append(Evidence("code", verdict.reason, verdict.citation))


@dataclass(frozen=True)
class _PhraseIndex:
    """Every phrase alternative, and which alternatives each required text unlocks.

    Texts are lower-cased once and matched without IGNORECASE, and only the alternatives whose
    required text occurs are searched: several times faster than one case-insensitive search per
    row, with the same matches (a hypothesis test holds them equal).
    """

    rows: tuple[tuple[str, str], ...]  # (path, citation) per table row
    patterns: tuple[tuple[int, re.Pattern[str]], ...]  # (row index, compiled alternative)
    unlocks: tuple[tuple[str, tuple[int, ...]], ...]  # required text -> alternative indexes
    always: tuple[int, ...]  # alternatives with no required text


@cache
def _phrase_index() -> _PhraseIndex:
    rows: list[tuple[str, str]] = []
    patterns: list[tuple[int, re.Pattern[str]]] = []
    always: list[int] = []
    unlocks: dict[str, list[int]] = {}
    for row_index, row in enumerate(load_table("denial_phrases", PhraseRow)):
        rows.append((row.path, row.citation))
        for alternative in _alternatives(row.pattern.lower()):
            alt_index = len(patterns)
            patterns.append((row_index, re.compile(alternative)))
            starts = _required_starts(alternative)
            if not starts:
                always.append(alt_index)
            for start in starts:
                unlocks.setdefault(start, []).append(alt_index)
    return _PhraseIndex(
        tuple(rows), tuple(patterns), tuple((k, tuple(v)) for k, v in unlocks.items()), tuple(always)
    )


def _phrase_evidence(text: str, found: dict[str, list[Evidence]]) -> None:
    lowered = text.lower()
    index = _phrase_index()
    candidates = set(index.always)
    for start, alternatives in index.unlocks:
        if start in lowered:
            candidates.update(alternatives)
    first_match: dict[int, re.Match[str]] = {}
    for alt_index in sorted(candidates):
        row_index, pattern = index.patterns[alt_index]
        match = pattern.search(lowered)
        if match and (row_index not in first_match or match.start() < first_match[row_index].start()):
            first_match[row_index] = match
    source = text if len(text) == len(lowered) else lowered  # lower() can change lengths outside ASCII
    for row_index in sorted(first_match):
        path, citation = index.rows[row_index]
        match = first_match[row_index]
        words = source[match.start() : match.end()]
        if not any(e.kind == "phrase" and e.text.endswith(f"'{words}'") for e in found[path]):
            found[path].append(Evidence("phrase", f"the notice says '{words}'", citation))


def _fact_evidence(case: Case, found: dict[str, list[Evidence]]) -> None:
    service = case.service
    denial = case.denial
    if service.in_network is False:
        found["C"].append(Evidence("fact", "the provider is out of network", "denial-paths.md (C)"))
    if (
        denial is not None
        and denial.stage is DenialStage.concurrent
        and service.level_of_care in _PROGRAM_LEVELS
    ):
        found["F"].append(
            Evidence(
                "fact",
                f"ongoing {service.level_of_care.label.lower()} care was cut or not extended",
                "denial-paths.md (F)",
            )
        )
    if denial is not None and denial.criteria is not None and denial.criteria.name:
        found["B"].append(
            Evidence("fact", f"the plan cites criteria ({denial.criteria.name})", "denial-paths.md (B)")
        )
    kinds = {event.kind for event in case.events}
    if kinds & {"coverage_ended", "cobra_notice_received"}:
        found["eligibility"].append(
            Evidence(
                "fact",
                "coverage ended (a coverage_ended or COBRA event is recorded)",
                "denial-paths.md (other denial types)",
            )
        )
    if "retro_authorization_requested" in kinds:
        found["A"].append(Evidence("fact", "a retro-authorization was requested", "denial-paths.md (A)"))


def _strength(evidence: list[Evidence], score: int) -> str:
    kinds = {e.kind for e in evidence}
    if score >= 4 or ("code" in kinds and len(kinds) > 1):
        return "strong"
    if score >= 2:
        return "supported"
    return "possible"


def rank_paths(case: Case, coding: list[LineFinding]) -> list[PathFinding]:
    """Every path with any evidence, strongest first (ties keep the table's order)."""
    found: dict[str, list[Evidence]] = {p: [] for p in PATH_IDS}
    _code_evidence(case, found)
    if case.denial is not None and case.denial.text:
        _phrase_evidence(case.denial.text, found)
    _fact_evidence(case, found)
    for line_finding in coding:
        if line_finding.severity == "error":
            where = f"line {line_finding.line} " if line_finding.line else ""
            found["E"].append(
                Evidence("coding_check", f"{where}{line_finding.problem}", line_finding.citation)
            )
    rows = path_rows()
    scores = {path: sum(WEIGHTS[e.kind] for e in evidence) for path, evidence in found.items() if evidence}
    ranked: list[tuple[int, int, int, PathFinding]] = []
    for order, path in enumerate(PATH_IDS):
        if path not in scores:
            continue
        row = rows[path]
        score = scores[path]
        # On equal evidence a narrower path (F within B) goes first.
        narrower = 0 if row.narrows and scores.get(row.narrows) == score else 1
        finding = PathFinding(
            path,
            row.label,
            row.track.value,
            _strength(found[path], score),
            score,
            row.remedy,
            tuple(found[path]),
        )
        ranked.append((-score, narrower, order, finding))
    ranked.sort(key=lambda item: item[:3])
    return [item[3] for item in ranked]
