"""Today's checklist and the letters to draft, from ``tables/actions.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from pydantic import BaseModel, ConfigDict

from mhnotebook.rules.rule_table import CitedRow, load_table


class ActionWhen(BaseModel):
    """Conditions of an action row (any combination; all must hold)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    path: str | None = None
    paths: tuple[str, ...] | None = None
    law: str | None = None
    risk: bool | None = None
    expedited: bool | None = None
    deemed_exhaustion: bool | None = None
    missed: bool | None = None


class ActionRow(CitedRow):
    when: ActionWhen
    actions: tuple[str, ...]
    letters: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Situation:
    """The triage facts the action rows select on."""

    paths: tuple[str, ...]
    laws: frozenset[str]
    risk: bool
    expedited: bool
    deemed_exhaustion: bool
    missed: bool


@dataclass(frozen=True, slots=True)
class Action:
    text: str
    citation: str

    def as_dict(self) -> dict[str, str]:
        return {"action": self.text, "citation": self.citation}


@cache
def action_rows() -> tuple[ActionRow, ...]:
    return load_table("actions", ActionRow)


def _holds(when: ActionWhen, s: Situation) -> bool:
    checks = [
        when.path is None or when.path in s.paths,
        when.paths is None or bool(set(when.paths) & set(s.paths)),
        when.law is None or when.law in s.laws,
        when.risk is None or when.risk == s.risk,
        when.expedited is None or when.expedited == s.expedited,
        when.deemed_exhaustion is None or when.deemed_exhaustion == s.deemed_exhaustion,
        when.missed is None or when.missed == s.missed,
    ]
    return all(checks)


def plan_actions(s: Situation) -> tuple[list[Action], list[str]]:
    """The checklist (no repeats) and the letters to draft, most urgent first.

    Path rows follow the ranked order of the paths, so the strongest path's steps come first.
    """
    actions, letters = _plan_actions(s)
    return list(actions), list(letters)


@lru_cache(maxsize=4096)
def _plan_actions(s: Situation) -> tuple[tuple[Action, ...], tuple[str, ...]]:
    # Situations repeat across cases (a few paths, laws and flags), so the answer is cached.
    rows = [row for row in action_rows() if _holds(row.when, s)]

    def order(row: ActionRow) -> int:
        if row.when.path is not None:
            return 10 + s.paths.index(row.when.path)
        return 0 if (row.when.risk or row.when.expedited) else 100

    actions: dict[str, Action] = {}
    letters: dict[str, None] = {}
    for row in sorted(rows, key=order):
        for text in row.actions:
            actions.setdefault(text, Action(text, row.citation))
        for letter in row.letters:
            letters.setdefault(letter)
    return tuple(actions.values()), tuple(letters)


def _describe(when: ActionWhen) -> str:
    from mhnotebook.rules.paths import path_label

    parts = []
    if when.risk:
        parts.append("a safety risk is recorded")
    if when.expedited:
        parts.append("expedited review is warranted")
    if when.path:
        parts.append(f"path {path_label(when.path)}")
    if when.paths:
        parts.append("path " + " or ".join(when.paths))
    if when.law:
        parts.append(f"{when.law.replace('_', ' ')} applies")
    if when.deemed_exhaustion:
        parts.append("the plan missed its deadline")
    if when.missed:
        parts.append("a deadline was missed")
    return " and ".join(parts) or "always"


def letter_triggers() -> dict[str, list[str]]:
    """For each letter id, the situations in which triage suggests it (read from this table only)."""
    found: dict[str, list[str]] = {}
    for row in action_rows():
        for letter in row.letters:
            text = _describe(row.when)
            if text not in found.setdefault(letter, []):
                found[letter].append(text)
    return found
