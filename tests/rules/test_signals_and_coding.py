"""Paths from codes, words and facts; service-line coding checks; the action table."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mhnotebook.rules.actions import ActionRow, Situation, action_rows, plan_actions
from mhnotebook.rules.coding_checks import check_service_lines
from mhnotebook.rules.rule_table import load_table, table_names
from mhnotebook.rules.signals import PhraseRow, rank_paths
from mhnotebook.rules.triage import triage_case
from tests.rules.builders import make_case

PHRASES = load_table("denial_phrases", PhraseRow)


@pytest.mark.parametrize("row", PHRASES, ids=[f"{r.path}-{i}" for i, r in enumerate(PHRASES)])
def test_every_phrase_row_matches_its_example_and_signals_its_path(row):
    assert re.search(row.pattern, row.example, re.IGNORECASE)
    paths = rank_paths(make_case(text=row.example), [])
    assert row.path in [p.path for p in paths]


def test_one_phrase_alone_is_supported_not_strong_and_a_fact_alone_is_only_possible():
    words = rank_paths(make_case(text="The requested service is not medically necessary."), [])
    assert (words[0].path, words[0].strength) == ("B", "supported")
    fact = rank_paths(make_case(in_network=False), [])
    assert (fact[0].path, fact[0].strength) == ("C", "possible")


def test_a_code_and_the_words_together_are_strong_and_rank_first():
    case = make_case(text="The provider is out-of-network. Not medically necessary.", codes=["CO-242"])
    ranked = rank_paths(case, [])
    assert ranked[0].path == "C" and ranked[0].strength == "strong"
    assert {p.path for p in ranked} == {"B", "C"}


def test_several_paths_when_the_text_supports_several():
    case = make_case(
        text="Not medically necessary; the member can be safely treated at a lower level of care."
    )
    assert {p.path for p in rank_paths(case, [])} == {"B", "F"}


def test_an_empty_notice_gives_no_path_and_says_what_to_find_out():
    result = triage_case(make_case(text="Services not approved."), as_of=date(2026, 3, 1))
    assert result.paths == () and result.primary_path is None
    assert any("No path could be read" in q for q in result.to_find_out)


def _lines(*lines):
    return [{"code": code, **extra} for code, extra in lines]


def test_time_bands_suggest_the_code_that_fits():
    case = make_case(lines=_lines(("90837", {"minutes": 48, "date": "2026-03-02"})))
    [finding] = check_service_lines(case)
    assert "53 minutes or more" in finding.problem and "90834" in finding.fix


@pytest.mark.parametrize(
    ("code", "minutes", "ok"),
    [
        ("90832", 16, True),
        ("90832", 15, False),
        ("90834", 52, True),
        ("90834", 53, False),
        ("90837", 53, True),
        ("90839", 29, False),
        ("90839", 74, True),
        ("90846", 25, False),
        ("H0015", 179, False),
    ],
)
def test_time_band_edges(code, minutes, ok):
    case = make_case(lines=_lines((code, {"minutes": minutes, "date": "2026-03-02"})))
    assert (not check_service_lines(case)) is ok


def test_add_on_without_its_primary_and_forbidden_pairs():
    alone = make_case(lines=_lines(("90785", {"date": "2026-03-02"})))
    assert "without its primary" in check_service_lines(alone)[0].problem
    with_crisis = make_case(
        lines=_lines(("90839", {"date": "2026-03-02", "minutes": 60}), ("90785", {"date": "2026-03-02"}))
    )
    assert any("not billed with 90839" in f.problem for f in check_service_lines(with_crisis))
    stacked = make_case(lines=_lines(("90834", {"date": "2026-03-02"}), ("90836", {"date": "2026-03-02"})))
    assert any("not billed with 90834" in f.problem for f in check_service_lines(stacked))


def test_telehealth_modifier_with_office_place_of_service_and_supervision():
    case = make_case(
        lines=_lines(
            (
                "90834",
                {
                    "date": "2026-03-02",
                    "modifiers": ["95"],
                    "place_of_service": "11",
                    "supervision": "general",
                },
            )
        )
    )
    problems = [f.problem for f in check_service_lines(case)]
    assert any("place of service 11" in p for p in problems)
    assert any("no supervising provider" in p for p in problems)


def test_z_code_only_diagnosis_is_a_warning():
    case = make_case(lines=_lines(("90834", {"date": "2026-03-02"})), diagnoses=["Z63.0"])
    [finding] = check_service_lines(case)
    assert finding.severity == "warning"


ACTIONS = action_rows()


def _situation_for(row: ActionRow) -> Situation:
    w = row.when
    paths = tuple(p for p in [w.path, *(w.paths or ())] if p)
    return Situation(
        paths=paths,
        laws=frozenset([w.law] if w.law else []),
        risk=bool(w.risk),
        expedited=bool(w.expedited),
        deemed_exhaustion=bool(w.deemed_exhaustion),
        missed=bool(w.missed),
    )


@pytest.mark.parametrize("row", ACTIONS, ids=[f"action-{i}" for i in range(len(ACTIONS))])
def test_every_action_row_is_reachable(row):
    actions, letters = plan_actions(_situation_for(row))
    assert {a.text for a in actions} >= set(row.actions)
    assert set(letters) >= set(row.letters)


def test_every_rule_table_row_names_a_citation_and_a_domain_source():
    from mhnotebook.rules.rule_table import _raw_table

    for name in table_names():
        for row in _raw_table(name)["rows"]:
            assert row.get("citation"), (name, row)
            assert row.get("source"), (name, row)


_WORDS = [row.example for row in PHRASES] + [
    "the",
    "plan",
    "member",
    "not",
    "covered",
    "late",
    "days",
    "IOP",
    "—",
    "\n",
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_WORDS), max_size=12), st.booleans())
def test_the_phrase_shortcuts_never_change_which_paths_match(parts, shout):
    """The fast path (lower-casing, split alternatives, literal prefilters) agrees with a plain search."""
    text = " ".join(parts)
    text = text.upper() if shout else text
    expected = {row.path for row in PHRASES if re.search(row.pattern, text, re.IGNORECASE)}
    found = {
        p.path
        for p in rank_paths(make_case(text=text or None), [])
        if any(e.kind == "phrase" for e in p.evidence)
    }
    assert found == expected


def test_required_starts_expand_groups_and_stop_at_anything_optional():
    from mhnotebook.rules.signals import _required_starts

    assert _required_starts("(late|untimely) notification") == ("late notification", "untimely notification")
    assert _required_starts("not (in|part of) (the |our )?network") == ("not in ", "not part of ")
    assert _required_starts("out[- ]of[- ]network") == ("out",)
    assert _required_starts("non-?participating") == ("non",)
    assert _required_starts("(is |are )?excluded") == ()  # an optional group proves nothing
    assert _required_starts("\\b(mcg|interqual)\\b") == ("interqual", "mcg")
    assert _required_starts("ab") == ()  # too short to prove anything
