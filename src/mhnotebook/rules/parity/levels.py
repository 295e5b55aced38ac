"""Reading a level in its type's unit ("$20", "15%", "30 visits", null) and writing it back.

A level in the wrong unit ("$20" for coinsurance) is an error naming the field: silently reading
it as 20% would change the answer. A zero financial requirement and an absent limit are both
"not subject" (29 CFR 2590.712(c)(3)(i)(A)), which the engine represents as ``None``.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache
from math import gcd

from mhnotebook.models.parity import to_fraction
from mhnotebook.rules.parity.requirement_types import RequirementTypeRow

_NO_LIMIT = {"", "none", "no limit", "unlimited", "not subject", "n/a"}
_UNIT_WORDS = {
    "visits": ("visit", "visits"),
    "days": ("day", "days"),
    "episodes": ("episode", "episodes"),
}
_NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?(?:/[0-9]+)?"


class LevelError(ValueError):
    """A level that cannot be read in its type's unit."""


def parse_level(raw: int | float | str | None, rtype: RequirementTypeRow) -> Fraction | None:
    """The level as an exact number in the type's unit, or None when the benefit is not subject.

    >>> from mhnotebook.rules.parity.requirement_types import requirement_type
    >>> parse_level("$20", requirement_type("copayment"))
    Fraction(20, 1)
    """
    if raw is None:
        return None
    if type(raw) in (int, float, str):
        # A plan repeats a handful of levels thousands of times: read each (value, unit) once.
        # The exact type is part of the key so True never answers for 1, nor 1.0 for "1.0".
        return _parse_plain(type(raw).__name__, raw, rtype.unit, rtype.kind, rtype.label)
    return _parse_checked(raw, rtype.unit, rtype.kind, rtype.label)


@lru_cache(maxsize=4096)
def _parse_plain(_type: str, raw: int | float | str, unit: str, kind: str, label: str) -> Fraction | None:
    """Cached ``_parse_checked`` for plain values (errors are raised each time, never cached)."""
    return _parse_checked(raw, unit, kind, label)


def _parse_checked(raw: object, unit: str, kind: str, label: str) -> Fraction | None:
    if isinstance(raw, bool):
        raise LevelError("expected a level, got true/false")
    if isinstance(raw, int | float):
        parsed: Fraction | None = to_fraction(raw)
    else:
        parsed = _parse_text(raw.strip(), unit, label)  # type: ignore[attr-defined]
    if parsed is None:
        return None
    value = parsed
    if value < 0:
        raise LevelError(f"a level cannot be negative, got {raw!r}")
    if unit == "percent" and value > 100:
        raise LevelError(f"coinsurance is a percent from 0 to 100, got {raw!r}")
    if kind == "quantitative_treatment_limitation" and value == 0:
        raise LevelError(f"a {label.lower()} of 0 excludes the benefit; write null for no limit ({raw!r})")
    return value


def _parse_text(text: str, unit: str, label: str) -> Fraction | None:
    lowered = text.lower()
    if lowered in _NO_LIMIT:
        return None
    if unit in _UNIT_PATTERNS:
        match = _UNIT_PATTERNS[unit].match(lowered)
    else:
        words = "|".join(_UNIT_WORDS[unit])
        match = re.match(rf"^({_NUMBER})\s*(?:{words})?(?:\s*(?:a|per)\s+\w+)?$", lowered)
    if match is None:
        raise LevelError(f"{text!r} is not a {label.lower()} level; expected {_EXPECTED[unit]}")
    return to_fraction(match.group(1))


_UNIT_PATTERNS = {
    "dollars": re.compile(rf"^\$?\s*({_NUMBER})$"),
    "percent": re.compile(rf"^({_NUMBER})\s*%?$"),
}
_EXPECTED = {
    "dollars": "dollars such as 20 or '$20'",
    "percent": "a percent such as 15 or '15%'",
    "visits": "a number of visits such as 20 or '20 visits'",
    "days": "a number of days such as 30 or '30 days'",
    "episodes": "a number of episodes such as 2 or '2 episodes'",
}


def number_text(value: Fraction) -> str:
    """A level as plain text: "15", "12.5", or "1/3" when it has no short decimal form (<= 6 places)."""
    return _ratio_text(value.numerator, value.denominator)


def _ratio_text(num: int, den: int) -> str:
    """``number_text`` for a fraction already in lowest terms with a positive denominator."""
    if den == 1:
        return str(num)
    twos = fives = 0
    rest = den
    while rest % 2 == 0:
        rest //= 2
        twos += 1
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    places = max(twos, fives)
    if rest != 1 or places > 6:
        return f"{num}/{den}"
    scaled = abs(num) * (10**places // den)
    whole, frac = divmod(scaled, 10**places)
    return f"{'-' if num < 0 else ''}{whole}.{frac:0{places}d}"


def ratio_text(numerator: int, denominator: int) -> str:
    """``number_text(Fraction(numerator, denominator))`` without building the Fraction."""
    if denominator == 1:
        return str(numerator)
    common = gcd(numerator, denominator)
    return _ratio_text(numerator // common, denominator // common)


def format_level(value: Fraction | None, rtype: RequirementTypeRow) -> str:
    """A level for a reader: "$20", "15%", "30 visits"; "none" / "no limit" when not subject."""
    if value is None:
        return "no limit" if rtype.is_limit else "none"
    # An explanation names each level several times, and a plan reuses a few levels everywhere.
    key = value.numerator if value.denominator == 1 else value  # an int hashes cheaply
    return _level_text(key, rtype.unit)


@lru_cache(maxsize=4096)
def _level_text(value: int | Fraction, unit: str) -> str:
    text = _ratio_text(value.numerator, value.denominator)
    if unit == "dollars":
        return f"${text}"
    if unit == "percent":
        return f"{text}%"
    return f"{text} {unit if value != 1 else unit.removesuffix('s')}"


def percent_text(share: Fraction) -> str:
    """A share as a percent for explanations (exact when short, else to two places, marked '~').

    Exact means at most two decimal places, i.e. the percent's denominator divides 100; the
    rounded form is display text only (the tests compare the exact share, never this).
    """
    num, den = share.numerator * 100, share.denominator
    common = gcd(num, den)
    num, den = num // common, den // common
    if 100 % den == 0:
        return f"{_ratio_text(num, den)}%"
    return f"~{num / den:.2f}%"
