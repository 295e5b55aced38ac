"""Cases survive the trip to a file and back, in YAML and JSON, for any content."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from mhnotebook.models import (
    Case,
    DenialLevel,
    DenialStage,
    Funding,
    LevelOfCare,
    PlanType,
    Requester,
    RiskCategory,
)
from mhnotebook.paths import sample_case_paths
from mhnotebook.validation import dump_case, load_case
from mhnotebook.validation.fileformat import CaseFileLoader

# Text that includes YAML traps: 'NO', 'yes', '0114', '10:30', leading spaces are trimmed by the model.
_text = (
    st.one_of(
        st.sampled_from(
            [
                "NO",
                "yes",
                "on",
                "0114",
                "10:30",
                "null",
                "~",
                "2026-01-01",
                "- item",
                "#tag",
                "{{ user }}",
                "<b>bold</b>",
                "שלום",
                "مرحبا",
                "多语言",
                "a: b",
                "'quoted'",
            ]
        ),
        st.text(
            alphabet=string.ascii_letters + string.digits + " .,'\"-:#{}<>ÄéØ\u200f", min_size=1, max_size=40
        ),
    )
    .map(str.strip)
    .filter(bool)
)
_day = st.dates(min_value=date(1930, 1, 1), max_value=date(2026, 11, 1))
_aware = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2026, 11, 1),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=-8))]),
)
_when = st.one_of(_day, _aware)
_event_kinds = st.sampled_from(
    ["service_date", "request_received", "peer_to_peer", "coverage_ended", "called_the_plan"]
)


@st.composite
def cases(draw) -> Case:
    data = {
        "patient": {
            "name": draw(_text),
            "date_of_birth": draw(st.none() | st.just(date(1990, 5, 17))),
            "member_id": draw(st.none() | _text),
        },
        "plan": {
            "insurer": draw(_text),
            "plan_type": draw(st.sampled_from(list(PlanType))).value,
            "funding": draw(st.sampled_from(list(Funding))).value,
            "grandfathered": draw(st.sampled_from([None, True, False])),
            "state": draw(st.none() | st.sampled_from(["CA", "NY", "TX", "DC", "PR"])),
        },
        "service": {
            "description": draw(_text),
            "level_of_care": draw(st.none() | st.sampled_from([lv.value for lv in LevelOfCare])),
            "in_network": draw(st.sampled_from([None, True, False])),
            "lines": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "code": st.sampled_from(["90837", "H0015", "0905", "0114", "S9480"]),
                            "modifiers": st.lists(st.sampled_from(["95", "93", "GT", "HO"]), max_size=2),
                            "place_of_service": st.sampled_from(["02", "10", "11"]),
                            "minutes": st.none() | st.integers(0, 600),
                        }
                    ),
                    max_size=3,
                )
            ),
            "diagnoses": [{"code": draw(st.sampled_from(["F33.2", "F10.239", "F50.01"]))}],
        },
        "denial": draw(
            st.none()
            | st.fixed_dictionaries(
                {
                    "text": _text,
                    "codes": st.lists(st.sampled_from(["CO-50", "PR-119", "N115", "OA-18"]), max_size=3),
                    "stage": st.sampled_from([s.value for s in DenialStage]),
                    "level": st.sampled_from([lv.value for lv in DenialLevel]),
                    "stated_appeal_window": st.sampled_from(["180 days", "6 months", "72 hours"]),
                }
            )
        ),
        "expedited_request": draw(
            st.none()
            | st.fixed_dictionaries(
                {"requested_by": st.sampled_from([r.value for r in Requester]), "at": _when}
            )
        ),
        "clinical": {
            "risk": draw(
                st.lists(
                    st.fixed_dictionaries(
                        {"category": st.sampled_from([r.value for r in RiskCategory]), "detail": _text}
                    ),
                    max_size=2,
                )
            ),
            "measures": draw(
                st.lists(
                    st.one_of(
                        st.fixed_dictionaries(
                            {
                                "instrument": _text,
                                "date": _day,
                                "score": st.floats(-1000, 1000, allow_nan=False),
                                "unit": st.none() | _text,
                            }
                        ),
                        st.fixed_dictionaries({"instrument": _text, "date": _day, "result": _text}),
                    ),
                    max_size=3,
                )
            ),
            "new_information": draw(st.none() | _text),
        },
        "representative": draw(
            st.none()
            | st.fixed_dictionaries(
                {
                    "name": _text,
                    "relationship": st.none() | _text,
                    "authorization_on_file": st.sampled_from([None, True, False]),
                }
            )
        ),
        "provider_search": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "date": _day,
                        "provider": _text,
                        "result": _text,
                        "first_available": st.none() | _day,
                        "distance_miles": st.none() | st.floats(0, 500, allow_nan=False),
                    }
                ),
                max_size=2,
            )
        ),
        "events": draw(
            st.lists(
                st.fixed_dictionaries({"kind": _event_kinds, "at": _when, "note": st.none() | _text}),
                max_size=4,
            )
        ),
    }
    return Case.model_validate(data)


def _reload(text: str, *, as_json: bool) -> Case:
    import json

    import yaml

    data = json.loads(text) if as_json else yaml.load(text, Loader=CaseFileLoader)
    return Case.model_validate(data)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_any_case_round_trips_through_yaml(case):
    assert _reload(dump_case(case), as_json=False) == case


@settings(max_examples=75, deadline=None)
@given(cases())
def test_any_case_round_trips_through_json(case):
    assert _reload(dump_case(case, as_json=True), as_json=True) == case


def test_every_sample_round_trips_through_both_formats(tmp_path):
    for path in sample_case_paths():
        case = load_case(path)
        for suffix in (".yaml", ".json"):
            copy = tmp_path / f"{path.stem}{suffix}"
            copy.write_text(dump_case(case, as_json=suffix == ".json"), encoding="utf-8")
            assert load_case(copy) == case, f"{path.name} via {suffix}"
