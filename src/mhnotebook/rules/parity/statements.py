"""The wording and citation of each QTL and dollar-limit rule, quoted step by step in explanations.

Kept as a cited table so the sentence a reader sees and the paragraph it cites are reviewed together.
"""

from __future__ import annotations

from functools import cache

from mhnotebook.rules.rule_table import CitedRow, load_table


class QtlRuleRow(CitedRow):
    rule: str
    statement: str


@cache
def qtl_rule(name: str) -> QtlRuleRow:
    """A rule's one-sentence statement and citation, quoted in explanations."""
    for row in load_table("parity_qtl_rules", QtlRuleRow):
        if row.rule == name:
            return row
    raise KeyError(f"no parity rule named {name!r}")
