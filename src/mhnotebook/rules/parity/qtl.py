"""The substantially-all and predominant tests and the MH/SUD check (29 CFR 2590.712(c)(3)).

Pure functions over exact fractions. Each result carries the numbers it used, an explanation a
reader can follow step by step, and the paragraphs applied, so a researcher can check it by hand.
Inside, payments are added as integers over a common denominator and the thresholds tested by
cross-multiplication (still exact, never a float): a whole plan of 10,000 comparisons is meant to
run in under a second. tests/parity/reference_qtl.py keeps the plain Fraction version to check
that against.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm
from typing import Any

from mhnotebook.rules.gc_pause import cycle_collector_paused
from mhnotebook.rules.parity.cumulative import separate_accumulation_step
from mhnotebook.rules.parity.drug_tiers import drug_tier_steps
from mhnotebook.rules.parity.levels import format_level, number_text, percent_text, ratio_text
from mhnotebook.rules.parity.requirement_types import RequirementTypeRow
from mhnotebook.rules.parity.statements import qtl_rule
from mhnotebook.rules.parity.thresholds import ThresholdRow, threshold


@dataclass(frozen=True)
class Comparison:
    """One resolved comparison: exact levels (None = not subject) with their M/S payments."""

    requirement: RequirementTypeRow
    classification: str
    rows: tuple[tuple[Fraction | None, Fraction], ...]
    mh_sud_level: Fraction | None = None
    sub_classification: str | None = None
    network_tier: str | None = None
    drug_tier: str | None = None
    tiers_set_on_reasonable_factors: bool | None = None
    coverage_unit: str | None = None
    mh_sud_accumulates_separately: bool = False
    label: str | None = None
    index: int | None = None

    @property
    def where(self) -> str:
        """The classification, with any sub-classification or tier, as a reader sees it."""
        parts = [self.classification]
        parts += [p for p in (self.sub_classification, self.network_tier, self.drug_tier) if p]
        return " / ".join(parts)

    @property
    def type_name(self) -> str:
        name = self.requirement.requirement_type
        return f"{name} ({self.coverage_unit})" if self.coverage_unit else name


@dataclass(frozen=True)
class Predominant:
    level: Fraction
    combined: tuple[Fraction, ...] | None
    """The levels combined (most restrictive first), or None when one level exceeds one-half."""


@dataclass(frozen=True)
class QtlResult:
    """The outcome of one comparison, with every number used and the steps in words."""

    comparison: Comparison
    total_payments: Fraction
    subject_payments: Fraction
    fraction_subject: Fraction
    substantially_all: bool
    shares: dict[Fraction, Fraction]
    predominant: Predominant | None
    mh_sud_permitted: bool
    explanation: tuple[str, ...]
    citation: str
    paragraphs: tuple[str, ...] = field(default=())

    @property
    def predominant_level(self) -> Fraction | None:
        return self.predominant.level if self.predominant else None

    def as_json(self) -> dict[str, Any]:
        """The issue's JSON keys exactly; exact numbers as "n/d" text, levels as plain number text."""
        c = self.comparison
        return {
            "classification": c.where,
            "requirement_type": c.type_name,
            "fraction_subject": str(self.fraction_subject),
            "substantially_all": self.substantially_all,
            "shares": {number_text(level): str(share) for level, share in self.shares.items()},
            "predominant_level": _level_json(self.predominant_level),
            "levels_combined": (
                [number_text(v) for v in self.predominant.combined]
                if self.predominant and self.predominant.combined
                else None
            ),
            "mh_sud_level": _level_json(c.mh_sud_level),
            "mh_sud_permitted": self.mh_sud_permitted,
            "explanation": list(self.explanation),
            "citation": self.citation,
        }


def _level_json(value: Fraction | None) -> str | None:
    return None if value is None else number_text(value)


def is_subject(level: Fraction | None) -> bool:
    """Zero levels and 'no limit' (None) count as not subject ((c)(3)(i)(A))."""
    return level is not None and level != 0


@dataclass(frozen=True)
class PaymentTally:
    """A comparison's M/S payments summed per subject level, as integers over one common denominator.

    Every payment is an exact n/d, so ``payment * scale`` is an integer when ``scale`` is the lcm
    of the denominators: sums and threshold tests stay exact but cost integer additions and
    cross-multiplications instead of a normalised Fraction (a gcd) per step. Fractions are built
    only for the values a result reports.
    """

    scale: int
    by_level: tuple[tuple[Fraction, int], ...]
    """(level, scaled payments) for each subject level, most restrictive first."""
    subject: int
    """Scaled payments at all subject levels."""
    total: int
    """Scaled payments at every level, subject or not."""

    @property
    def not_subject(self) -> int:
        """Scaled payments at a zero level or with no limit."""
        return self.total - self.subject

    @property
    def fraction_subject(self) -> Fraction:
        return Fraction(self.subject, self.total)


def tally_payments(
    rows: Iterable[tuple[Fraction | None, Fraction]], requirement: RequirementTypeRow | None = None
) -> PaymentTally:
    """Payments summed per subject level, most restrictive first for ``requirement`` (lowest first
    without one); zero levels and no limit count as not subject."""
    rows = tuple(rows)
    scale = lcm(*(payments.denominator for _, payments in rows))
    # Keyed by the level's exact sort key (an int for a whole level) rather than the Fraction:
    # equal values share a key either way, and an int hashes far more cheaply than a Fraction.
    grouped: dict[int | Fraction, list[Any]] = {}
    total = 0
    for level, payments in rows:
        scaled = payments.numerator * (scale // payments.denominator)
        total += scaled
        if level is None:
            continue
        key = _exact_key(level)
        if key != 0:  # is_subject, on the cheap key: zero levels are not subject
            entry = grouped.get(key)
            if entry is None:
                grouped[key] = [level, scaled]
            else:
                entry[1] += scaled
    order = sorted(grouped, reverse=requirement is not None and requirement.more_restrictive == "higher")
    by_level = tuple((grouped[key][0], grouped[key][1]) for key in order)
    return PaymentTally(scale=scale, by_level=by_level, subject=sum(p for _, p in by_level), total=total)


def _exact_key(level: Fraction) -> int | Fraction:
    """A level's value as an int when whole, else the Fraction: exact, and cheap to hash and compare."""
    return level.numerator if level.denominator == 1 else level


def subject_fraction(rows: Sequence[tuple[Fraction | None, Fraction]]) -> tuple[Fraction, Fraction, Fraction]:
    """(subject payments, total payments, subject / total). Total must be more than zero."""
    tally = tally_payments(rows)
    _check_payments(tally)
    return Fraction(tally.subject, tally.scale), Fraction(tally.total, tally.scale), tally.fraction_subject


def _check_payments(tally: PaymentTally) -> None:
    if tally.total <= 0:
        raise ValueError("the medical/surgical projected payments add up to zero; nothing to measure")


def find_predominant(
    ordered: Sequence[tuple[Fraction, int]], subject: int, rule: ThresholdRow | None = None
) -> Predominant | None:
    """The level that applies to more than one-half, else the least restrictive level of the combination
    built from the most restrictive level down until it applies to more than one-half ((c)(3)(ii)(B)).

    ``ordered`` holds (level, payments) most restrictive first, and ``subject`` the payments of all
    subject levels, on one scale; each share is ``payments / subject``.
    """
    rule = rule or threshold("predominant")
    for level, paid in ordered:
        if rule.met_by_ratio(paid, subject):
            return Predominant(level=level, combined=None)
    combined: list[Fraction] = []
    running = 0
    for level, paid in ordered:
        combined.append(level)
        running += paid
        if rule.met_by_ratio(running, subject):
            return Predominant(level=level, combined=tuple(combined))
    return None  # only when there are no subject payments at all


def evaluate_comparison(comparison: Comparison) -> QtlResult:
    """Run substantially-all, predominant and the MH/SUD check on one comparison, explaining each step."""
    rtype = comparison.requirement
    fmt = lambda v: format_level(v, rtype)  # noqa: E731 - local shorthand for readable steps
    steps: list[str] = []
    paragraphs: list[str] = [qtl_rule("measure").citation]
    if comparison.drug_tier:
        steps += drug_tier_steps(comparison)
        paragraphs.append(qtl_rule("drug_tiers").citation)
    if comparison.network_tier:
        steps.append(f"Network tier '{comparison.network_tier}': {qtl_rule('network_tiers').statement}")
        paragraphs.append(qtl_rule("network_tiers").citation)
    if comparison.coverage_unit:
        steps.append(f"Coverage unit '{comparison.coverage_unit}': {qtl_rule('coverage_units').statement}")

    tally = tally_payments(comparison.rows, rtype)
    _check_payments(tally)
    subject, total = Fraction(tally.subject, tally.scale), Fraction(tally.total, tally.scale)
    fraction = tally.fraction_subject
    sa_rule = threshold("substantially_all")
    substantially_all = sa_rule.met_by_ratio(tally.subject, tally.total)
    paragraphs.append(sa_rule.citation)
    steps.append(
        f"1. Medical/surgical plan payments in {comparison.where}: {number_text(total)} in all; "
        f"{ratio_text(tally.not_subject, tally.scale)} are at a zero level or have no limit, "
        f"which counts as not subject ({qtl_rule('not_subject').citation})."
    )
    steps.append(
        f"2. Subject to a {rtype.label.lower()}: {number_text(subject)} / {number_text(total)} = "
        f"{fraction} ({percent_text(fraction)}). Substantially all means {sa_rule.wording} "
        f"({sa_rule.citation}): {'met' if substantially_all else 'not met'}."
    )

    shares: dict[Fraction, Fraction] = {}
    predominant: Predominant | None = None
    if substantially_all:
        shares = {level: Fraction(amount, tally.subject) for level, amount in tally.by_level}
        listing = ", ".join(
            f"{fmt(level)} {share} ({percent_text(share)})" for level, share in shares.items()
        )
        steps.append(f"3. Shares of the subject payments, most restrictive first: {listing}.")
        pd_rule = threshold("predominant")
        predominant = find_predominant(tally.by_level, tally.subject, pd_rule)
        paragraphs.append(pd_rule.citation)
        assert predominant is not None  # substantially all met means some subject payments exist
        if predominant.combined is None:
            steps.append(
                f"4. {fmt(predominant.level)} applies to {shares[predominant.level]} of them, "
                f"{pd_rule.wording} ({pd_rule.citation}): it is the predominant level."
            )
        else:
            running = 0
            walk = []
            for level, amount in tally.by_level[: len(predominant.combined)]:
                running += amount
                walk.append(f"+ {fmt(level)} = {Fraction(running, tally.subject)}")
            steps.append(
                f"4. No single level applies to {pd_rule.wording}. Combining from the most restrictive: "
                f"{'; '.join(walk)}. The least restrictive level in that combination, "
                f"{fmt(predominant.level)}, is the predominant level ({qtl_rule('combine_levels').citation})."
            )
    permitted, check_steps = _check_mh_sud(comparison, substantially_all, predominant)
    steps += check_steps
    paragraphs.append(qtl_rule("mh_sud_check").citation)
    if rtype.cumulative:
        paragraphs.append(qtl_rule("cumulative_separate").citation)
    cited = tuple(dict.fromkeys(paragraphs))
    return QtlResult(
        comparison=comparison,
        total_payments=total,
        subject_payments=subject,
        fraction_subject=fraction,
        substantially_all=substantially_all,
        shares=shares,
        predominant=predominant,
        mh_sud_permitted=permitted,
        explanation=tuple(_renumber(steps)),
        citation="; ".join(cited),
        paragraphs=cited,
    )


_STEP_NUMBER = re.compile(r"^\d+\. ")


def _renumber(steps: list[str]) -> list[str]:
    """Number the arithmetic steps 1, 2, 3... in order (notes about tiers and units stay unnumbered)."""
    out, n = [], 0
    for step in steps:
        match = _STEP_NUMBER.match(step)
        if match:
            n += 1
            step = f"{n}. {step[match.end() :]}"
        out.append(step)
    return out


def _check_mh_sud(
    comparison: Comparison, substantially_all: bool, predominant: Predominant | None
) -> tuple[bool, list[str]]:
    rtype = comparison.requirement
    mh = comparison.mh_sud_level
    fmt = lambda v: format_level(v, rtype)  # noqa: E731
    rule = qtl_rule("mh_sud_check")
    steps: list[str] = []
    if not is_subject(mh):
        steps.append(
            f"5. MH/SUD benefits here have {fmt(None)}: nothing to compare; permitted ({rule.citation})."
        )
        permitted = True
    elif not substantially_all:
        steps.append(
            f"5. The type fails substantially-all, so it may not be applied to MH/SUD benefits in the "
            f"classification at all; the plan applies {fmt(mh)}: not permitted ({rule.citation})."
        )
        permitted = False
    else:
        assert predominant is not None and mh is not None
        stricter = rtype.stricter(mh, predominant.level)
        direction = "higher" if rtype.more_restrictive == "higher" else "lower"
        steps.append(
            f"5. MH/SUD level {fmt(mh)} against the predominant {fmt(predominant.level)} "
            f"(for a {rtype.label.lower()}, {direction} is more restrictive): "
            + (
                f"more restrictive, not permitted ({rule.citation})."
                if stricter
                else f"no more restrictive, permitted ({rule.citation})."
            )
        )
        permitted = not stricter
    if rtype.cumulative:
        separate = separate_accumulation_step(comparison)
        if separate is not None:
            steps.append(separate)
            permitted = False
    return permitted, steps


@dataclass(frozen=True)
class PlanVerdict:
    """Every comparison's result and the plan-wide summary."""

    results: tuple[QtlResult, ...]
    dollar_limits: tuple[Any, ...] = ()

    @property
    def not_permitted(self) -> tuple[QtlResult, ...]:
        return tuple(r for r in self.results if not r.mh_sud_permitted)

    @property
    def all_permitted(self) -> bool:
        return not self.not_permitted and all(d.mh_sud_permitted for d in self.dollar_limits)

    def summary(self) -> str:
        bad = len(self.not_permitted) + sum(not d.mh_sud_permitted for d in self.dollar_limits)
        n = len(self.results) + len(self.dollar_limits)
        if bad == 0:
            return f"All {n} comparison(s): the MH/SUD levels are permitted by the quantitative tests."
        return f"{bad} of {n} comparison(s) apply an MH/SUD level the quantitative tests do not permit."

    def as_json(self) -> dict[str, Any]:
        return {
            "comparisons": [r.as_json() for r in self.results],
            "dollar_limits": [d.as_json() for d in self.dollar_limits],
            "overall": {
                "comparisons": len(self.results) + len(self.dollar_limits),
                "not_permitted": len(self.not_permitted)
                + sum(not d.mh_sud_permitted for d in self.dollar_limits),
                "mh_sud_permitted": self.all_permitted,
                "verdict": self.summary(),
            },
        }


def evaluate_plan(comparisons: Iterable[Comparison], dollar_limits: Iterable[Any] = ()) -> PlanVerdict:
    """Every comparison of a plan, in file order, plus the dollar-limit results already computed."""
    with cycle_collector_paused():  # many small acyclic objects: see gc_pause
        results = tuple(evaluate_comparison(c) for c in comparisons)
    return PlanVerdict(results=results, dollar_limits=tuple(dollar_limits))
