"""Clinical standards letters cite by name and edition, from ``tables/guidelines.yaml``.

One dated table so every letter names the same edition, and updating an edition is a data change.
Only the standards in the domain reference are listed; letters cite a level-of-care tool only when
the case was rated with it.
"""

from __future__ import annotations

import re
from functools import cache

from mhnotebook.models import Case
from mhnotebook.rules.rule_table import CitedRow, load_table


class Guideline(CitedRow):
    """A published standard: who issues it, its title, and the year of the edition."""

    id: str
    organization: str
    title: str
    year: int | None = None
    instruments: tuple[str, ...] = ()
    editions: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


@cache
def guideline_rows() -> tuple[Guideline, ...]:
    return load_table("guidelines", Guideline)


def _edition_matches(row: Guideline, edition: str | None) -> bool:
    if not row.editions:
        return True
    text = (edition or "").lower()
    return any(re.search(pattern, text) for pattern in row.editions)


def guidelines_for(case: Case) -> tuple[Guideline, ...]:
    """The standards this case's letters may cite: the tools it was rated with, then the GASC case law.

    An ASAM rating names its edition; when the edition is not recorded, no ASAM edition is cited.
    """
    chosen: list[Guideline] = []
    for rating in case.clinical.level_of_care_ratings:
        for row in guideline_rows():
            if str(rating.instrument) in row.instruments and _edition_matches(row, rating.edition):
                if row.editions and not rating.edition:
                    continue
                if row not in chosen:
                    chosen.append(row)
    chosen.extend(row for row in guideline_rows() if "generally_accepted_standards" in row.topics)
    return tuple(chosen)
