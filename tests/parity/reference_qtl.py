"""A deliberately plain QTL reference: the rule of 29 CFR 2590.712(c)(3) in Fraction arithmetic only.

The engine in ``rules/parity/qtl.py`` works on integers over a common denominator for speed. This
module keeps the straightforward version (every sum, share and threshold a ``Fraction``; every
number formatted from the Fraction) so a test can check that the fast engine gives the same
numbers, the same explanation text and the same citation. It reuses only data from the package
(rule tables, wording, citations) and the two unchanged sentence builders for drug tiers and
separate accumulation, never the engine's arithmetic or number formatting.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from mhnotebook.rules.parity.cumulative import separate_accumulation_step
from mhnotebook.rules.parity.drug_tiers import drug_tier_steps
from mhnotebook.rules.parity.qtl import Comparison
from mhnotebook.rules.parity.requirement_types import RequirementTypeRow
from mhnotebook.rules.parity.statements import qtl_rule
from mhnotebook.rules.parity.thresholds import ThresholdRow, threshold


def met(rule: ThresholdRow, value: Fraction) -> bool:
    if rule.boundary == "at_least":
        return value >= rule.threshold
    if rule.boundary == "more_than":
        return value > rule.threshold
    return value < rule.threshold


def number_text(value: Fraction) -> str:
    """Decimal text when the denominator has only factors 2 and 5 (at most 6 places), else n/d."""
    for places in range(7):
        scaled = value * 10**places
        if scaled.denominator == 1:
            if places == 0:
                return str(scaled.numerator)
            sign = "-" if scaled < 0 else ""
            whole, frac = divmod(abs(scaled.numerator), 10**places)
            return f"{sign}{whole}.{frac:0{places}d}"
    return str(value)


def percent_text(share: Fraction) -> str:
    pct = share * 100
    exact = number_text(pct)
    if ("/" not in exact and len(exact.split(".")[-1]) <= 2) or pct.denominator == 1:
        return f"{exact}%"
    return f"~{float(pct):.2f}%"


def level_text(value: Fraction | None, rtype: RequirementTypeRow) -> str:
    if value is None:
        return "no limit" if rtype.kind == "quantitative_treatment_limitation" else "none"
    text = number_text(value)
    if rtype.unit == "dollars":
        return f"${text}"
    if rtype.unit == "percent":
        return f"{text}%"
    return f"{text} {rtype.unit if value != 1 else rtype.unit.removesuffix('s')}"


def subject(level: Fraction | None) -> bool:
    return level is not None and level != 0


def reference_result(c: Comparison) -> dict[str, Any]:
    """The JSON the engine should give for ``c``, plus its totals and paragraphs, computed plainly."""
    rtype = c.requirement
    fmt = lambda v: level_text(v, rtype)  # noqa: E731
    steps: list[str] = []
    paragraphs = [qtl_rule("measure").citation]
    if c.drug_tier:
        steps += drug_tier_steps(c)
        paragraphs.append(qtl_rule("drug_tiers").citation)
    if c.network_tier:
        steps.append(f"Network tier '{c.network_tier}': {qtl_rule('network_tiers').statement}")
        paragraphs.append(qtl_rule("network_tiers").citation)
    if c.coverage_unit:
        steps.append(f"Coverage unit '{c.coverage_unit}': {qtl_rule('coverage_units').statement}")

    total = sum((p for _, p in c.rows), Fraction(0))
    subj = sum((p for level, p in c.rows if subject(level)), Fraction(0))
    fraction = subj / total
    sa = threshold("substantially_all")
    substantially_all = met(sa, fraction)
    paragraphs.append(sa.citation)
    steps.append(
        f"1. Medical/surgical plan payments in {c.where}: {number_text(total)} in all; "
        f"{number_text(total - subj)} are at a zero level or have no limit, which counts as not subject "
        f"({qtl_rule('not_subject').citation})."
    )
    steps.append(
        f"2. Subject to a {rtype.label.lower()}: {number_text(subj)} / {number_text(total)} = "
        f"{fraction} ({percent_text(fraction)}). Substantially all means {sa.wording} "
        f"({sa.citation}): {'met' if substantially_all else 'not met'}."
    )
    higher = rtype.more_restrictive == "higher"
    shares: dict[Fraction, Fraction] = {}
    predominant: Fraction | None = None
    combined: list[Fraction] | None = None
    if substantially_all:
        paid: dict[Fraction, Fraction] = {}
        for level, p in c.rows:
            if subject(level):
                assert level is not None
                paid[level] = paid.get(level, Fraction(0)) + p
        for level in sorted(paid, reverse=higher):
            shares[level] = paid[level] / subj
        listing = ", ".join(f"{fmt(lv)} {s} ({percent_text(s)})" for lv, s in shares.items())
        steps.append(f"3. Shares of the subject payments, most restrictive first: {listing}.")
        pd = threshold("predominant")
        paragraphs.append(pd.citation)
        single = [lv for lv, s in shares.items() if met(pd, s)]
        if single:
            predominant = single[0]
            steps.append(
                f"4. {fmt(predominant)} applies to {shares[predominant]} of them, "
                f"{pd.wording} ({pd.citation}): it is the predominant level."
            )
        else:
            combined, running, walk = [], Fraction(0), []
            for level, s in shares.items():
                combined.append(level)
                running += s
                walk.append(f"+ {fmt(level)} = {running}")
                if met(pd, running):
                    break
            predominant = combined[-1]
            steps.append(
                f"4. No single level applies to {pd.wording}. Combining from the most restrictive: "
                f"{'; '.join(walk)}. The least restrictive level in that combination, "
                f"{fmt(predominant)}, is the predominant level ({qtl_rule('combine_levels').citation})."
            )
    mh = c.mh_sud_level
    check = qtl_rule("mh_sud_check")
    if not subject(mh):
        steps.append(
            f"5. MH/SUD benefits here have {fmt(None)}: nothing to compare; permitted ({check.citation})."
        )
        permitted = True
    elif not substantially_all:
        steps.append(
            f"5. The type fails substantially-all, so it may not be applied to MH/SUD benefits in the "
            f"classification at all; the plan applies {fmt(mh)}: not permitted ({check.citation})."
        )
        permitted = False
    else:
        assert mh is not None and predominant is not None
        stricter = mh > predominant if higher else mh < predominant
        steps.append(
            f"5. MH/SUD level {fmt(mh)} against the predominant {fmt(predominant)} "
            f"(for a {rtype.label.lower()}, {'higher' if higher else 'lower'} is more restrictive): "
            + (
                f"more restrictive, not permitted ({check.citation})."
                if stricter
                else f"no more restrictive, permitted ({check.citation})."
            )
        )
        permitted = not stricter
    paragraphs.append(check.citation)
    if rtype.cumulative:
        separate = separate_accumulation_step(c)
        if separate is not None:
            steps.append(separate)
            permitted = False
        paragraphs.append(qtl_rule("cumulative_separate").citation)
    numbered, n = [], 0
    for step in steps:
        if re.match(r"^\d+\. ", step):
            n += 1
            step = f"{n}. {step.split('. ', 1)[1]}"
        numbered.append(step)
    return {
        "classification": c.where,
        "requirement_type": c.type_name,
        "fraction_subject": str(fraction),
        "substantially_all": substantially_all,
        "shares": {number_text(lv): str(s) for lv, s in shares.items()},
        "predominant_level": None if predominant is None else number_text(predominant),
        "levels_combined": [number_text(v) for v in combined] if combined else None,
        "mh_sud_level": None if mh is None else number_text(mh),
        "mh_sud_permitted": permitted,
        "explanation": numbered,
        "citation": "; ".join(dict.fromkeys(paragraphs)),
        "total_payments": total,
        "subject_payments": subj,
        "paragraphs": list(dict.fromkeys(paragraphs)),
    }
