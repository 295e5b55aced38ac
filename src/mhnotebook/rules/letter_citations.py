"""Which rights a letter may cite, from ``tables/letter_citations.yaml``.

A letter that cites the wrong law is weaker than one that cites none: a Medicare plan owes nothing
under MHPAEA, and a self-funded ERISA plan is out of reach of state insurance law. So letters never
choose citations themselves; they ask for a topic ("claim_file", "expedited") and get the rows whose
law triage found to apply to this plan, narrowed by plan type and denial stage.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from mhnotebook.models.vocab import DenialStage, PlanType
from mhnotebook.rules.rule_table import CitedRow, load_table


class LetterCitation(CitedRow):
    """One right, in our words, as a letter cites it."""

    law: str
    topic: str
    text: str
    plan_types: tuple[PlanType, ...] | None = None
    stages: tuple[DenialStage, ...] | None = None
    #: Two-letter states a state law's row is limited to (e.g. California's SB 855 vs Illinois's
    #: network-exception law, both under the ``network_adequacy`` law id).
    states: tuple[str, ...] | None = None


@cache
def citation_rows() -> tuple[LetterCitation, ...]:
    return load_table("letter_citations", LetterCitation)


@cache
def citation_topics() -> frozenset[str]:
    """Every topic the table has rows for (so a template's typo is an error, not silence)."""
    return frozenset(row.topic for row in citation_rows())


def citations_for(
    laws: Iterable[str], plan_type: PlanType, stage: DenialStage | None, state: str | None = None
) -> dict[str, tuple[LetterCitation, ...]]:
    """Rows by topic for the laws that apply (``laws``: the triage verdicts that said "yes").

    A row limited to some denial stages is left out when the stage is unknown, and a row limited to
    some states when the plan's state is not one of them: better no sentence than one about the
    wrong clock or another state's law.
    """
    wanted = set(laws)
    by_topic: dict[str, list[LetterCitation]] = {}
    for row in citation_rows():
        if row.law not in wanted:
            continue
        if row.plan_types is not None and plan_type not in row.plan_types:
            continue
        if row.stages is not None and (stage is None or stage not in row.stages):
            continue
        if row.states is not None and state not in row.states:
            continue
        by_topic.setdefault(row.topic, []).append(row)
    return {topic: tuple(rows) for topic, rows in by_topic.items()}
