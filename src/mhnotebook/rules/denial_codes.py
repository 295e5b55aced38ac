"""Adjustment codes (group + CARC + RARC) to denial paths, from ``tables/denial_codes.yaml``.

Shared by triage (codes on a denial notice) and the remittance analytics (every CAS on an 835):
one table decides what a code means for the user. Labels are mhnotebook's own words, never X12's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from mhnotebook.rules.paths import path_label
from mhnotebook.rules.rule_table import CitedRow, load_table


class DenialCodeRow(CitedRow):
    """A CARC that signals one or more paths (the first is the usual one)."""

    carc: str
    paths: tuple[str, ...]
    label: str


class GroupRow(CitedRow):
    """A claim adjustment group code: who owes the amount."""

    group: str
    label: str
    patient_owes: bool


@dataclass(frozen=True, slots=True)
class CodeVerdict:
    """What one adjustment means: its path (if it signals a denial), in plain words, with the source."""

    group: str | None
    carc: str
    rarcs: tuple[str, ...]
    paths: tuple[str, ...]
    """Every path the code can signal, most usual first (empty: not a denial signal we know)."""
    carc_label: str
    group_label: str | None
    patient_owes: bool | None
    """True for PR (patient responsibility); None when the group code is missing."""
    reason: str
    citation: str

    @property
    def path(self) -> str | None:
        """The usual path for this code, or None when it is not a denial signal in the table."""
        return self.paths[0] if self.paths else None

    @property
    def path_label(self) -> str | None:
        return path_label(self.path) if self.path else None

    @property
    def denies(self) -> bool:
        """Whether the code signals a denial path (not a contractual write-down or cost share)."""
        return bool(self.paths)


@cache
def _codes() -> dict[str, DenialCodeRow]:
    return {row.carc: row for row in load_table("denial_codes", DenialCodeRow)}


@cache
def _groups() -> dict[str, GroupRow]:
    return {row.group: row for row in load_table("adjustment_groups", GroupRow)}


def carc_row(carc: str) -> DenialCodeRow | None:
    """The table row for a CARC (``"50"``), or None if mhnotebook does not list it."""
    carc = carc.strip().upper()
    return _codes().get(carc.lstrip("0") or "0" if carc.isdigit() else carc)


@lru_cache(maxsize=8192)
def classify_adjustment(group: str | None, carc: str, rarcs: Sequence[str] = ()) -> CodeVerdict:
    """Classify one adjustment, e.g. ``classify_adjustment("CO", "50")`` -> path B.

    Unknown codes are not guessed: they get no path and a reason that says so.
    """
    group = group.strip().upper() if group else None
    carc = carc.strip().upper()
    carc = carc.lstrip("0") or "0" if carc.isdigit() else carc
    rarcs = tuple(r.strip().upper() for r in rarcs)
    row = carc_row(carc)
    group_row = _groups().get(group) if group else None
    group_text = f"{group}-{carc}" if group else carc
    if row is None:
        if group == "PR":
            reason = f"{group_text}: patient responsibility (cost sharing or a non-covered amount); not in mhnotebook's denial-code table"
        else:
            reason = f"{group_text} is not in mhnotebook's denial-code table: read the payer's explanation and the remark codes"
        return CodeVerdict(
            group=group,
            carc=carc,
            rarcs=rarcs,
            paths=(),
            carc_label="not in mhnotebook's table",
            group_label=group_row.label if group_row else None,
            patient_owes=group_row.patient_owes if group_row else None,
            reason=reason,
            citation="",
        )
    parts = [f"{group_text}: {row.label}"]
    if group_row is not None:
        parts.append(f"group {group}: {group_row.label}")
    elif group is None:
        parts.append("no group code given: ask who owes the amount (CO, PR, OA or PI)")
    if rarcs:
        parts.append(f"remark codes {', '.join(rarcs)} add the detail")
    elif carc in ("16", "96"):
        parts.append("this code says little without its remark code: ask the payer for it")
    return CodeVerdict(
        group=group,
        carc=carc,
        rarcs=rarcs,
        paths=row.paths,
        carc_label=row.label,
        group_label=group_row.label if group_row else None,
        patient_owes=group_row.patient_owes if group_row else None,
        reason="; ".join(parts),
        citation=row.citation,
    )
