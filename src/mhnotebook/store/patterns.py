"""Denials across cases: by insurer, path, service and reviewer, and the pattern a complaint can cite.

Why: regulators and accreditors act on patterns more than on one claim. The store already keeps,
beside each case, the columns these groupings need (insurer, primary path, level of care, the
denial's reviewer); reviewers named on logged peer-to-peer calls join them, since the doctor on the
call is often not the one who signed the letter.

What leaves the practice is de-identified: :func:`pattern_summary` speaks in counts and date
ranges of other cases, never their patients' names or labels (the reviewer is the plan's staff).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from mhnotebook.errors import CaseNotFound
from mhnotebook.models.vocab import LevelOfCare
from mhnotebook.rules.paths import path_rows
from mhnotebook.store import schema as t
from mhnotebook.store.dashboard import read_connection, rows_frame

if TYPE_CHECKING:
    import pandas as pd

    from mhnotebook.store.case_store import CaseStore

#: The groupings, in the order the patterns tab shows them.
DIMENSIONS = ("insurer", "path", "service", "reviewer")
COUNT_COLUMNS = ("cases", "open", "won", "lost")


@dataclass(frozen=True)
class Patterns:
    """One frame per dimension (a row per insurer, path, ...: cases, open, won, lost), largest first.

    ``cases`` is the long table behind them: one row per case and reviewer (a case with no reviewer
    has one row with an empty reviewer), with the case's insurer, path, service, status and denial day.
    """

    insurer: pd.DataFrame
    path: pd.DataFrame
    service: pd.DataFrame
    reviewer: pd.DataFrame
    cases: pd.DataFrame

    def by(self, dimension: str) -> pd.DataFrame:
        if dimension not in DIMENSIONS:
            raise ValueError(f"dimension must be one of {', '.join(DIMENSIONS)}, not {dimension!r}")
        frame: pd.DataFrame = getattr(self, dimension)
        return frame


def case_table(store: CaseStore) -> pd.DataFrame:
    """Every case (open and closed) with the columns patterns group on; one row per reviewer."""
    import pandas as pd

    k = t.cases
    with read_connection(store, "read the cases for patterns") as c:
        rows = c.execute(
            select(
                k.c.id,
                k.c.key,
                k.c.insurer,
                k.c.primary_path,
                k.c.level_of_care,
                k.c.service,
                k.c.reviewer,
                k.c.denied_on,
                k.c.status,
            )
        ).all()
        called = c.execute(_call_reviewers_query()).all()
    cases = rows_frame(
        pd,
        rows,
        [
            "id",
            "case",
            "insurer",
            "path",
            "level_of_care",
            "service",
            "reviewer",
            "denied_on",
            "status",
        ],
    )
    on_calls = rows_frame(pd, called, ["id", "reviewer"])
    letters = cases[["id", "reviewer"]].dropna()
    reviewers = pd.concat([letters, on_calls], ignore_index=True)
    reviewers["reviewer"] = reviewers["reviewer"].str.strip()
    reviewers = reviewers[reviewers["reviewer"] != ""].drop_duplicates()
    frame = cases.drop(columns="reviewer").merge(reviewers, on="id", how="left")
    levels = {level.value: level.label for level in LevelOfCare}
    frame["service_group"] = frame["level_of_care"].map(levels).fillna(frame["service"])
    paths = {pid: f"{r.id}: {r.label}" if len(r.id) == 1 else r.label for pid, r in path_rows().items()}
    frame["path_label"] = frame["path"].map(paths).fillna(frame["path"]).fillna("unknown")
    frame["denied_on"] = pd.to_datetime(frame["denied_on"])
    return frame.sort_values(["case", "reviewer"], kind="stable").reset_index(drop=True)


def _call_reviewers_query():  # type: ignore[no-untyped-def]
    e, p = t.events, t.contacts
    return (
        select(e.c.case_id, p.c.name)
        .select_from(e.join(p, e.c.contact_id == p.c.id))
        .where(e.c.kind == "peer_to_peer", p.c.role == "plan_reviewer", p.c.name.is_not(None))
        .distinct()
    )


def denial_patterns(store: CaseStore) -> Patterns:
    """Denials grouped four ways, each with how many cases are open, won and lost."""
    cases = case_table(store)
    one_per_case = cases.drop_duplicates("id")
    return Patterns(
        insurer=_count(one_per_case, "insurer", "insurer"),
        path=_count(one_per_case, "path_label", "path"),
        service=_count(one_per_case, "service_group", "service"),
        reviewer=_count(
            cases.dropna(subset=["reviewer"]).drop_duplicates(["id", "reviewer"]), "reviewer", "reviewer"
        ),
        cases=cases,
    )


def _count(frame: pd.DataFrame, column: str, name: str) -> pd.DataFrame:
    status = frame["status"]
    counted = (
        frame.assign(
            cases=1,
            open=(status == "open").astype("int64"),
            won=(status == "won").astype("int64"),
            lost=(status == "lost").astype("int64"),
        )
        .groupby(column, sort=False)[list(COUNT_COLUMNS)]
        .sum()
        .reset_index()
        .rename(columns={column: name})
    )
    return counted.sort_values(["cases", name], ascending=[False, True], kind="stable").reset_index(drop=True)


def pattern_summary(store: CaseStore, key: str, *, min_cases: int = 2) -> list[dict[str, str]]:
    """What the case's insurer did the same way in other cases: the paragraph a complaint cites.

    Traits are the path, the level of care and each reviewer; one entry per set of other cases
    sharing traits (traits shared by the same cases make one sentence), when at least
    ``min_cases`` cases at the insurer share them, this one included. Each is ``{"text",
    "citation"}``, the shape ``draft_letter("regulator_complaint", case, patterns=...)`` prints.
    ``citation`` stays empty: a pattern is a fact from the practice's own log, and the path table's
    rules are written for particular plan types (an ERISA claims rule would mislead for FEHB).
    """
    cases = case_table(store)
    mine = cases[cases["case"] == key]
    if mine.empty:
        raise CaseNotFound(f"no case {key!r} in the store")
    first = mine.iloc[0]
    insurer = first["insurer"]
    others = cases[(cases["insurer"] == insurer) & (cases["case"] != key)]
    traits: list[tuple[str, pd.DataFrame]] = []  # (phrase, other cases sharing it)
    if _known(first["path"]):
        phrase = f"on the same ground ({first['path_label']})"
        traits.append((phrase, others[others["path"] == first["path"]]))
    if _known(first["level_of_care"]):
        level = str(first["service_group"])
        phrase = f"of {level[:1].lower() + level[1:]} care"
        traits.append((phrase, others[others["level_of_care"] == first["level_of_care"]]))
    for reviewer in mine["reviewer"].dropna().unique():
        traits.append((f"with the same reviewer ({reviewer})", others[others["reviewer"] == reviewer]))
    # Traits shared by the very same cases make one sentence, not three that repeat the count.
    groups: dict[tuple[int, ...], list[tuple[str, pd.DataFrame]]] = {}
    for trait in traits:
        ids = tuple(sorted(int(i) for i in trait[1]["id"].unique()))
        if ids and len(ids) + 1 >= min_cases:
            groups.setdefault(ids, []).append(trait)
    return [_entry(insurer, group) for group in groups.values()]


def _known(value: object) -> bool:
    return value is not None and value == value  # NaN is not equal to itself


def _entry(insurer: str, traits: list[tuple[str, pd.DataFrame]]) -> dict[str, str]:
    per_case = traits[0][1].drop_duplicates("id")
    n = len(per_case)
    phrases = [phrase for phrase, _same in traits]
    joined = phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " and " + phrases[-1]
    text = f"{n} other {'denial' if n == 1 else 'denials'} by {insurer} {joined}"
    days = per_case["denied_on"].dropna()
    if len(days):
        low, high = days.min().date().isoformat(), days.max().date().isoformat()
        text += f", dated {low}" if low == high else f", dated {low} to {high}"
    won, lost = int((per_case["status"] == "won").sum()), int((per_case["status"] == "lost").sum())
    outcomes = [f"{won} overturned on appeal" if won else "", f"{lost} upheld" if lost else ""]
    if won or lost:
        text += "; " + " and ".join(o for o in outcomes if o)
    return {"text": text, "citation": ""}


def summary_lines(entries: list[dict[str, Any]]) -> list[str]:
    """The entries as the letter prints them (text, then the citation in brackets)."""
    return [e["text"] + (f" ({e['citation']})" if e["citation"] else "") for e in entries]
