"""Small builders for parity tests: a comparison from (level, payments) pairs."""

from __future__ import annotations

from fractions import Fraction

from mhnotebook.rules.parity.qtl import Comparison
from mhnotebook.rules.parity.requirement_types import requirement_type


def comparison(
    rtype: str,
    rows: list[tuple[object, object]],
    mh: object = None,
    classification: str = "outpatient_in_network",
    **extra: object,
) -> Comparison:
    def exact(v: object) -> Fraction | None:
        return None if v is None else Fraction(str(v))

    row = requirement_type(rtype)
    assert row is not None
    return Comparison(
        requirement=row,
        classification=classification,
        rows=tuple((exact(level), Fraction(str(p))) for level, p in rows),
        mh_sud_level=exact(mh),
        **extra,  # type: ignore[arg-type]
    )
