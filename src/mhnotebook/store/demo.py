"""A demo case log: the shipped synthetic samples, plus made-up calls, a kept letter and earlier denials.

Why: the dashboard and the patterns tab need something to show before a practice has logged its
own cases. Every shipped sample has its own insurer, so the demo adds two earlier (synthetic)
denials at the FEHB sample's plan, one argued on a peer-to-peer call with the same reviewer, and
logs a few calls (one with documents promised by a date, one with a reply owed): patterns and
promises then appear on the board. Everything here is fictional and marked ``synthetic``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from mhnotebook.models import Case, Event
from mhnotebook.paths import sample_case_paths
from mhnotebook.validation import load_case

if TYPE_CHECKING:
    from mhnotebook.store.case_store import CaseStore

#: The FEHB partial-hospitalization sample: its plan gets the earlier denials.
PATTERN_SAMPLE = "sample-07"

#: Earlier denials at the same plan: key, patient (fictional), dates, the call's reviewer, and outcome.
_EARLIER_DENIALS: tuple[dict[str, Any], ...] = (
    {
        "key": "demo-fehb-june",
        "label": "Synthetic: earlier PHP step-down at the same FEHB plan (June)",
        "patient": "Jordan Sampleton",
        "denied": "2026-06-09",
        "call": "2026-06-10T09:15:00-04:00",
        "decided": "2026-07-02",
        "status": "won",
    },
    {
        "key": "demo-fehb-september",
        "label": "Synthetic: earlier PHP step-down at the same FEHB plan (September)",
        "patient": "Riley Placeholder",
        "denied": "2026-09-22",
        "call": "2026-09-23T14:00:00-04:00",
        "decided": None,
        "status": "open",
    },
)


def demo_store(*, today: date | None = None) -> CaseStore:
    """A throwaway case log (a new owner-only temporary folder) filled with the demo cases.

    Notebooks show the tracker on this, never on the user's own log, which must not fill up with
    synthetic cases; ``CaseStore()`` opens the real one.
    """
    import tempfile
    from pathlib import Path

    from mhnotebook.store.case_store import CaseStore

    store = CaseStore(Path(tempfile.mkdtemp(prefix="mhnotebook-demo-")) / "demo-cases.sqlite", today=today)
    load_samples(store)
    return store


def load_samples(store: CaseStore) -> list[str]:
    """Fill ``store`` with the demo case log; returns the keys added (none if already loaded).

    Loading twice adds nothing: a store that already holds the samples is left as it is, and a
    sample already in the store (saved from the triage form, say) is not added again.
    """
    if PATTERN_SAMPLE in list(store.keys()):  # keys() is a store method, not a dict view
        return []
    present = set(store.keys())
    samples = [case for case in map(load_case, sample_case_paths()) if case.case_id not in present]
    base = next(case for case in samples if case.case_id == PATTERN_SAMPLE)
    keys = store.add_cases(samples)
    for spec in _EARLIER_DENIALS:
        keys.append(store.add_case(_earlier_denial(base, spec), key=spec["key"]))
        if spec["status"] != "open":
            store.set_status(spec["key"], spec["status"], outcome="Overturned on reconsideration")
    _log_calls(store, base)
    return keys


def _earlier_denial(base: Case, spec: dict[str, Any]) -> Case:
    data = base.model_dump(mode="json", exclude_none=True)
    data["case_id"] = spec["key"]
    data["label"] = spec["label"]
    data["patient"] = {"name": spec["patient"], "age": 34}
    data.pop("expedited_request", None)
    data.pop("clinical", None)
    data["denial"].pop("reviewer", None)  # the reviewer shows on the call, as often happens
    data["notes"] = "Synthetic demo case: an earlier denial at the same plan, for the patterns tab."
    events = [
        {"kind": "denial_dated", "at": spec["denied"]},
        {"kind": "denial_received", "at": spec["denied"]},
        _reviewer_call(spec["call"], "IOP decision upheld on the call"),
        {"kind": "appeal_filed", "at": spec["call"][:10], "note": "Written reconsideration request faxed"},
    ]
    if spec["decided"]:
        events.append({"kind": "decision_received", "at": spec["decided"], "note": "PHP days approved"})
    data["events"] = events
    return Case.model_validate(data)


def _reviewer_call(at: str, note: str) -> dict[str, Any]:
    return {
        "kind": "peer_to_peer",
        "at": at,
        "note": note,
        "contact": {
            "role": "plan_reviewer",
            "name": "Jesse Reviewwell",
            "credentials": "DO",
            "specialty": "internal medicine",
            "organization": "Chesapeake Example Federal Employee Benefit Plan",
        },
        "call": {"criteria_cited": "InterQual Behavioral Health Criteria, SUD (partial hospital program)"},
    }


def _log_calls(store: CaseStore, base: Case) -> None:
    """Calls, a kept letter and a reply owed, dated around the samples' own 2026-11 timelines."""
    from mhnotebook.rendering.letters import draft_letter

    letter = draft_letter("peer_to_peer_followup", base, today=store.today())
    letter_id = store.keep_letter(
        PATTERN_SAMPLE,
        "peer_to_peer_followup",
        "peer-to-peer-followup.md",
        letter.markdown.encode("utf-8"),
        drafted_on=date(2026, 11, 18),
    )
    store.log_event(
        PATTERN_SAMPLE,
        Event(kind="letter_sent", at="2026-11-18", note="Follow-up of the 2026-11-17 call, faxed"),
        letter_id=letter_id,
    )
    store.log_events(
        PATTERN_SAMPLE,
        [
            Event.model_validate(
                {
                    **_reviewer_call(
                        "2026-11-19T16:30:00-05:00", "Second call: reviewer asked for new results"
                    ),
                    "call": {
                        "criteria_cited": "InterQual Behavioral Health Criteria, SUD (partial hospital program)",
                        "outcome": "pending",
                        "documents_requested": "urine drug test results since 2026-11-19",
                        "documents_promised_by": "2026-11-25",
                    },
                }
            ),
            Event.model_validate(
                {
                    "kind": "phone_call",
                    "at": "2026-11-21T11:05:00-05:00",
                    "note": "Asked when the reconsideration will be decided; told within 72 hours",
                    "contact": {
                        "role": "plan_representative",
                        "name": "Avery Callwell",
                        "phone": "(410) 555-0191",
                        "reference_number": "CALL-26-1121-0042",
                    },
                }
            ),
        ],
    )
    store.log_event(
        "sample-01",
        Event.model_validate(
            {
                "kind": "reply_due",
                "at": "2026-11-10",
                "note": "Plan promised a copy of the claim file and the criteria used",
                "due": "2026-11-20",
                "contact": {"role": "plan_representative", "reference_number": "REF-26-1110-7781"},
            }
        ),
    )
