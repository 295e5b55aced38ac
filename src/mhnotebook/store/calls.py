"""Calls logged on a case, and whether each was followed up in writing.

"Document everything" means a call is not finished until it is confirmed by letter: a plan can deny
what was said on the phone, not what it received in writing. A call counts as followed up when a
``letter_sent`` event dated on or after the call carries the call's marker in its note
(``follows up call #12``, written by :func:`follow_up_note`), or when the call's own record names the
letter (``call.followed_up_in_writing``, for calls typed into a case file).

>>> store.log_event(key, Event(kind="peer_to_peer", at="2026-11-20"))            # doctest: +SKIP
>>> [c.followed_up for c in calls_with_follow_up(store, key)]                   # doctest: +SKIP
[False]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from mhnotebook.models import CallRecord, Case, Event
from mhnotebook.models.base import day_of, strictly_before

if TYPE_CHECKING:
    from mhnotebook.store.case_store import CaseStore
    from mhnotebook.store.records import LoggedEvent

#: Event kinds that are calls, and the letter that confirms each in writing.
FOLLOW_UP_LETTER = {"peer_to_peer": "peer_to_peer_followup", "phone_call": "phone_confirmation"}
_MARKER = re.compile(r"\bfollows up call #(\d+)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CallFollowUp:
    """One logged call and its written follow-up (``letter_sent`` event and kept letter), if any."""

    call_id: int
    kind: str
    at: Any
    who: str
    reference: str | None
    followed_up: bool
    letter_event_id: int | None = None
    letter_id: int | None = None
    sent_on: date | None = None
    follow_up: str | None = None

    @property
    def letter_kind(self) -> str:
        return FOLLOW_UP_LETTER[self.kind]

    def as_dict(self) -> dict[str, Any]:
        return {
            "call_id": self.call_id,
            "kind": self.kind,
            "at": self.at.isoformat(),
            "who": self.who,
            "reference": self.reference,
            "followed_up": self.followed_up,
            "letter_event_id": self.letter_event_id,
            "letter_id": self.letter_id,
            "sent_on": self.sent_on.isoformat() if self.sent_on else None,
            "follow_up": self.follow_up,
        }


def follow_up_note(call: LoggedEvent, letter_kind: str | None = None) -> str:
    """The ``letter_sent`` note that links a letter to the call it confirms (read back by the marker)."""
    kind = letter_kind or FOLLOW_UP_LETTER.get(call.event.kind, "letter")
    day = day_of(call.event.at).isoformat()
    return f"{kind.replace('_', ' ').capitalize()}: follows up call #{call.id} ({call.event.kind} of {day})"


def linked_call_ids(note: str | None) -> set[int]:
    """The call ids a ``letter_sent`` note names with the follow-up marker."""
    return {int(m) for m in _MARKER.findall(note or "")}


def _who(event: Event) -> str:
    c = event.contact
    if c is None or not c.name:
        return "(not recorded)"
    return ", ".join(part for part in (c.name, c.credentials) if part)


def calls_with_follow_up(store: CaseStore, key: str) -> list[CallFollowUp]:
    """Every call logged on a case (timeline order), each with the letter that followed it up."""
    timeline = store.timeline(key)
    sent = [e for e in timeline if e.event.kind == "letter_sent"]
    found = []
    for logged in timeline:
        event = logged.event
        if event.kind not in FOLLOW_UP_LETTER:
            continue
        letter = next(
            (
                s
                for s in sent
                if logged.id in linked_call_ids(s.event.note)
                and not strictly_before(day_of(s.event.at), day_of(event.at))
            ),
            None,
        )
        recorded = event.call.followed_up_in_writing if event.call else None
        found.append(
            CallFollowUp(
                call_id=logged.id,
                kind=event.kind,
                at=event.at,
                who=_who(event),
                reference=event.contact.reference_number if event.contact else None,
                followed_up=letter is not None or bool(recorded),
                letter_event_id=letter.id if letter else None,
                letter_id=letter.letter_id if letter else None,
                sent_on=day_of(letter.event.at) if letter else None,
                follow_up=(letter.event.note if letter else recorded),
            )
        )
    return found


def case_for_follow_up(store: CaseStore, key: str, call_id: int) -> tuple[Case, LoggedEvent]:
    """The stored case as the follow-up of one call sees it: that call is the last of its kind.

    Follow-up letters confirm the last logged call; an earlier call is confirmed by leaving the
    later calls of the same kind out of the copy the letter is drafted from (the store is unchanged).
    """
    from mhnotebook.errors import StoreError

    timeline = store.timeline(key)
    call = next((e for e in timeline if e.id == call_id), None)
    if call is None or call.event.kind not in FOLLOW_UP_LETTER:
        raise StoreError(f"case {key!r} has no call {call_id}")
    case = store.case(key)
    later = {
        e.id
        for e in timeline
        if e.event.kind == call.event.kind
        and e.id != call_id
        and (day_of(e.event.at), str(e.event.at)) >= (day_of(call.event.at), str(call.event.at))
    }
    kept = [e.event for e in timeline if e.id not in later]
    return case.model_copy(update={"events": kept}), call


def mark_follow_up_sent(
    store: CaseStore, key: str, call_id: int, letter_id: int, *, sent_on: date | None = None
) -> int:
    """Log ``letter_sent`` for the kept letter, linked to the call; returns the new event's id.

    The call's own record then names the letter too (``followed_up_in_writing``), so the link
    survives an export and import, where event ids change.
    """
    from mhnotebook.errors import StoreError

    call = next((e for e in store.timeline(key) if e.id == call_id), None)
    if call is None or call.event.kind not in FOLLOW_UP_LETTER:
        raise StoreError(f"case {key!r} has no call {call_id}")
    letter = next((kept for kept in store.letters(key) if kept.id == letter_id), None)
    day = sent_on or store.today()
    event = Event(kind="letter_sent", at=day, note=follow_up_note(call, letter.kind if letter else None))
    event_id = store.log_event(key, event, letter_id=letter_id)
    sent = f"{letter.file_name if letter else 'letter'} sent {day.isoformat()}"
    record = (call.event.call or CallRecord()).model_copy(update={"followed_up_in_writing": sent})
    store.replace_event(key, call_id, call.event.model_copy(update={"call": record}))
    return event_id


__all__ = [
    "FOLLOW_UP_LETTER",
    "CallFollowUp",
    "calls_with_follow_up",
    "case_for_follow_up",
    "follow_up_note",
    "linked_call_ids",
    "mark_follow_up_sent",
]
