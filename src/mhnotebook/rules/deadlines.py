"""Which clocks run for a case, when each is due, and whether it was met, from ``tables/deadlines.yaml``.

A deadline is computed only from an event the case records; when the event a rule prefers is
missing, a stand-in is used and named (a notice date instead of a receipt date is earlier, so safe).
Hour clocks need a timestamp; with a bare date they fall back to whole days and say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Literal

from mhnotebook.models import Case
from mhnotebook.models.base import day_of
from mhnotebook.models.vocab import DenialLevel, DenialStage, Funding, PlanType, Requester
from mhnotebook.rules.counting import (
    add_days,
    add_hours,
    add_months_clamped,
    add_months_or_first_of_next,
    roll_to_business_day,
)
from mhnotebook.rules.rule_table import CitedRow, load_table

When = date | datetime

#: Plan types whose funding (self-funded or insured) decides which rules apply.
EMPLOYER_PLAN_TYPES = frozenset(
    {PlanType.erisa_group, PlanType.non_federal_governmental, PlanType.church_plan}
)


class Status(StrEnum):
    """Where a clock stands against the day triage is run for."""

    upcoming = "upcoming"
    met = "met"
    missed = "missed"
    passed_unconfirmed = "passed_unconfirmed"


class DeadlineRule(CitedRow):
    """One clock: for which plans, from which event, how long, and what shows it was met."""

    name: str
    clock: Literal["file_by", "decide_by"]
    what: str
    plan_types: tuple[PlanType, ...]
    levels: tuple[DenialLevel, ...] | None = None
    stages: tuple[DenialStage, ...] | None = None
    urgent: bool | None = None
    nongrandfathered_only: bool = False
    funding: tuple[Funding, ...] | None = None
    states: tuple[str, ...] | None = None
    needs: Literal["coverage_lost", "final_or_experimental"] | None = None
    start: tuple[str, ...]
    start_latest: bool = False
    amount: int
    unit: Literal["days", "hours", "months"]
    months_rule: Literal["first_of_next", "clamped"] = "clamped"
    roll: Literal["none", "next_business_day"] = "none"
    presumed_receipt_days: int | None = None
    warn_after_days: int | None = None
    later_of: str | None = None
    met_by: tuple[str, ...]
    deemed_exhaustion: bool = False

    def describe(self) -> str:
        """The rule in words: '180 days from receipt', '65 days from the notice date'..."""
        amount = self.amount + (self.presumed_receipt_days or 0)
        text = f"{amount} {self.unit if amount != 1 else self.unit[:-1]} from {_START_WORDS.get(self.start[0], self.start[0])}"
        if self.presumed_receipt_days:
            text += (
                f" ({self.amount} from receipt, presumed {self.presumed_receipt_days} days after the notice)"
            )
        if self.later_of:
            text += f", or {_START_WORDS.get(self.later_of, self.later_of)} if later"
        if self.roll == "next_business_day":
            text += "; a weekend or federal holiday moves to the next business day"
        return text


_START_WORDS = {
    "denial_received": "receipt of the denial",
    "denial_dated": "the date on the denial notice",
    "final_internal_denial_received": "receipt of the final internal denial",
    "final_internal_denial_dated": "the date on the final internal denial",
    "request_received": "the plan's receipt of the request",
    "claim_submitted": "claim submission",
    "appeal_received": "the plan's receipt of the appeal",
    "appeal_filed": "filing of the appeal",
    "external_review_filed": "the external review request",
    "service_date": "the date of service",
    "cobra_notice_received": "the COBRA election notice",
    "coverage_ended": "the loss of coverage",
    "authorization_ends": "the date the cut takes effect",
}


@dataclass(frozen=True, slots=True)
class Deadline:
    """One computed clock, with everything needed to check it by hand."""

    name: str
    what: str
    clock: str
    due: When
    rule: str
    citation: str
    counted_from: str
    status: Status
    notes: tuple[str, ...] = ()
    deemed_exhaustion: bool = False
    source: str = ""
    start_kind: str = ""
    start: When | None = None

    @property
    def due_day(self) -> date:
        return day_of(self.due)

    def as_dict(self) -> dict[str, object]:
        """The JSON shape the CLI promises: name, due, rule, citation, counted_from, status (+ more)."""
        return {
            "name": self.name,
            "due": self.due.isoformat(),
            "rule": self.rule,
            "citation": self.citation,
            "counted_from": self.counted_from,
            "status": self.status.value,
            "clock": self.clock,
            "what": self.what,
            "notes": list(self.notes),
            "deemed_exhaustion": self.deemed_exhaustion,
        }


@dataclass
class ClockFacts:
    """The facts the deadline rules look at, gathered once per case."""

    plan_type: PlanType
    funding: Funding
    grandfathered: bool | None
    state: str | None
    level: DenialLevel
    stage: DenialStage | None
    urgent: bool
    """Expedited handling was asked for the appeal (or external review) now running."""
    urgent_initial: bool
    """Expedited handling was asked for the initial request, before the plan decided it."""
    coverage_lost: bool
    experimental: bool
    events: dict[str, list[When]] = field(default_factory=dict)

    def first(self, kind: str, after: When | None = None) -> When | None:
        for when in self.events.get(kind, ()):
            if after is None or day_of(when) >= day_of(after):
                return when
        return None


def clock_facts(case: Case, paths: tuple[str, ...] = ()) -> ClockFacts:
    """Collect event dates (earliest first) and the plan facts the rules select on.

    The plan's clocks are urgent only when expedited handling was actually requested (triage may
    recommend asking; until someone asks, the standard clocks run). Post-service is never urgent.
    """
    events: dict[str, list[When]] = {}
    for event in case.events:
        events.setdefault(event.kind, []).append(event.at)
    for whens in events.values():
        if len(whens) > 1:
            whens.sort(key=day_of)  # stable: same-day events keep the file's order
    denial = case.denial
    level = denial.level if denial else DenialLevel.initial
    if level is DenialLevel.final_internal:
        # The denial in the file is the final one: its dates are the final denial's dates.
        for generic, final in (
            ("denial_dated", "final_internal_denial_dated"),
            ("denial_received", "final_internal_denial_received"),
        ):
            if final not in events and generic in events:
                events[final] = events[generic]
    if "service_date" not in events:
        first_day = case.service.start_date or min(
            (line.date for line in case.service.lines if line.date), default=None
        )
        if first_day is not None:
            events["service_date"] = [first_day]
    request = case.expedited_request
    asked = request is not None and request.requested_by is not Requester.none
    asked = asked and (denial is None or denial.stage is not DenialStage.post_service)
    denied_on = events.get("denial_dated", [None])[0]
    asked_before_denial = asked and (
        request is None or request.at is None or denied_on is None or day_of(request.at) <= day_of(denied_on)
    )
    return ClockFacts(
        plan_type=case.plan.plan_type,
        funding=case.plan.funding,
        grandfathered=case.plan.grandfathered,
        state=case.plan.state,
        level=level,
        stage=denial.stage if denial else None,
        urgent=asked,
        urgent_initial=asked_before_denial,
        coverage_lost="coverage_ended" in events
        or "cobra_notice_received" in events
        or "eligibility" in paths,
        experimental="experimental" in paths,
        events=events,
    )


@cache
def deadline_rules() -> tuple[DeadlineRule, ...]:
    return load_table("deadlines", DeadlineRule)


def _selects(rule: DeadlineRule, facts: ClockFacts, plan_type: PlanType) -> bool:
    """Whether a rule's conditions (other than dates in force) fit the case."""
    if plan_type not in rule.plan_types:
        return False
    if rule.levels is not None and facts.level not in rule.levels:
        return False
    if rule.stages is not None and facts.stage is not None and facts.stage not in rule.stages:
        return False
    if rule.urgent is not None:
        initial = rule.start[0] in ("request_received", "claim_submitted")
        if rule.urgent != (facts.urgent_initial if initial else facts.urgent):
            return False
    if rule.nongrandfathered_only and facts.grandfathered is True:
        return False
    if rule.funding is not None and plan_type in EMPLOYER_PLAN_TYPES and facts.funding not in rule.funding:
        return False
    if rule.states is not None and facts.state not in rule.states:
        return False
    if rule.needs == "coverage_lost" and not facts.coverage_lost:
        return False
    return not (
        rule.needs == "final_or_experimental"
        and facts.level is not DenialLevel.final_internal
        and not facts.experimental
    )


def _start(rule: DeadlineRule, facts: ClockFacts) -> tuple[str, When] | None:
    found = [(kind, facts.first(kind)) for kind in rule.start]
    present = [(kind, when) for kind, when in found if when is not None]
    if not present:
        return None
    if rule.start_latest:
        return max(present, key=lambda item: day_of(item[1]))
    return present[0]


def _add(rule: DeadlineRule, start: When, notes: list[str]) -> When:
    if rule.unit == "hours":
        if isinstance(start, datetime):
            return add_hours(start, rule.amount)
        notes.append("no time of day recorded: counted in whole days; record the time for an hour clock")
        return add_days(start, -(-rule.amount // 24))
    begin = day_of(start)
    if rule.presumed_receipt_days:
        begin = add_days(begin, rule.presumed_receipt_days)
    if rule.unit == "days":
        due = add_days(begin, rule.amount)
    elif rule.months_rule == "first_of_next":
        due = add_months_or_first_of_next(begin, rule.amount)
    else:
        due = add_months_clamped(begin, rule.amount)
    if rule.roll == "next_business_day":
        rolled = roll_to_business_day(due)
        if rolled != due:
            notes.append(f"{due.isoformat()} is a weekend or federal holiday: moved to {rolled.isoformat()}")
        due = rolled
    return due


def _status(rule: DeadlineRule, facts: ClockFacts, start: When, due: When, as_of: When) -> Status:
    done = None
    for kind in rule.met_by:
        when = facts.first(kind, after=start)
        if when is not None and (done is None or day_of(when) < day_of(done)):
            done = when
    if done is not None:
        if isinstance(done, datetime) and isinstance(due, datetime):
            return Status.met if done <= due else Status.missed
        return Status.met if day_of(done) <= day_of(due) else Status.missed
    if isinstance(as_of, datetime) and isinstance(due, datetime):
        return Status.passed_unconfirmed if as_of > due else Status.upcoming
    return Status.passed_unconfirmed if day_of(as_of) > day_of(due) else Status.upcoming


def _counted_from(kind: str, when: When, preferred: str) -> tuple[str, list[str]]:
    words = _START_WORDS.get(kind, kind.replace("_", " "))
    notes = []
    if kind != preferred:
        better = _START_WORDS.get(preferred, preferred)
        if kind.endswith("_dated") and preferred.endswith("_received"):
            notes.append(f"{better} is not recorded: counted from {words} (earlier, therefore safe)")
        else:
            notes.append(f"{better} is not recorded: counted from {words}; the real deadline may be earlier")
    return f"{kind} {when.isoformat()}", notes


def compute_deadline(rule: DeadlineRule, facts: ClockFacts, as_of: When) -> Deadline | None:
    """One rule applied to the case's facts, or None when the event it counts from is not recorded."""
    started = _start(rule, facts)
    if started is None:
        return None
    kind, start = started
    if not rule.in_force(day_of(start)):
        return None
    counted_from, notes = _counted_from(kind, start, rule.start[0] if not rule.start_latest else kind)
    due = _add(rule, start, notes)
    if rule.later_of:
        later = facts.first(rule.later_of)
        if later is not None and day_of(later) > day_of(due):
            notes.append(f"{_START_WORDS.get(rule.later_of, rule.later_of)} is later: that day controls")
            due = day_of(later)
    if rule.warn_after_days:
        aim = add_days(day_of(start), rule.warn_after_days)
        notes.append(
            f"aim to file by {aim.isoformat()} ({rule.warn_after_days} days from the notice): some notices still state the older rule"
        )
    if rule.note:
        notes.append(rule.note)
    status = _status(rule, facts, start, due, as_of)
    if rule.clock == "decide_by" and status is Status.passed_unconfirmed:
        notes.insert(
            0,
            "no decision is recorded: if none has arrived, the plan is late"
            + (" and the appeal may be deemed exhausted" if rule.deemed_exhaustion else ""),
        )
    return Deadline(
        name=rule.name,
        what=rule.what,
        clock=rule.clock,
        due=due,
        rule=rule.describe(),
        citation=rule.citation,
        counted_from=counted_from,
        status=status,
        notes=tuple(notes),
        deemed_exhaustion=rule.deemed_exhaustion and rule.clock == "decide_by" and status is Status.missed,
        source=rule.source,
        start_kind=kind,
        start=start,
    )


@cache
def _rules_by_plan_type() -> dict[PlanType, tuple[DeadlineRule, ...]]:
    return {pt: tuple(r for r in deadline_rules() if pt in r.plan_types) for pt in PlanType}


def applicable_rules(facts: ClockFacts, plan_type: PlanType | None = None) -> list[DeadlineRule]:
    """Rules whose conditions fit this plan (dates in force are checked against the start event)."""
    plan_type = plan_type or facts.plan_type
    return [rule for rule in _rules_by_plan_type()[plan_type] if _selects(rule, facts, plan_type)]


def compute_deadlines(facts: ClockFacts, as_of: When) -> list[Deadline]:
    """Every clock that runs for the case, earliest first."""
    found = []
    for rule in applicable_rules(facts):
        deadline = compute_deadline(rule, facts, as_of)
        if deadline is not None:
            found.append(deadline)
    return sorted(found, key=lambda d: (d.due_day, d.name))


#: The first appeal clock of each plan type's route (used to compare a notice's stated window).
APPEAL_CLOCKS = (
    "internal_appeal_file_by",
    "appeal_file_by",
    "reconsideration_file_by",
    "redetermination_file_by",
    "carrier_reconsideration_request_by",
    "state_fair_hearing_request_by",
)


@cache
def _appeal_rules() -> tuple[DeadlineRule, ...]:
    return tuple(r for r in deadline_rules() if r.name in APPEAL_CLOCKS and r.clock == "file_by")


def earliest_possible_appeal(facts: ClockFacts, as_of: When) -> Deadline | None:
    """For an unknown plan type: the earliest appeal clock any supported plan type could have.

    Until the plan type is known, the safe deadline is the shortest window the law allows anyone.
    """
    candidates = []
    for rule in _appeal_rules():
        plan_type = next((pt for pt in rule.plan_types if _selects(rule, facts, pt)), None)
        if plan_type is not None:
            deadline = compute_deadline(rule, facts, as_of)
            if deadline is not None:
                candidates.append((deadline, plan_type))
    if not candidates:
        return None
    deadline, plan_type = min(candidates, key=lambda item: item[0].due_day)
    return Deadline(
        name="appeal_file_by",
        what="File an appeal (plan type unknown: the earliest window any plan type allows)",
        clock="file_by",
        due=deadline.due,
        rule=deadline.rule,
        citation=deadline.citation,
        counted_from=deadline.counted_from,
        status=deadline.status,
        notes=(
            f"the plan type is not known: this is the earliest appeal window of any plan type ({plan_type.label}); "
            "find out the plan type (the insurance card, the notice or HR) to get the real one",
            *deadline.notes,
        ),
        source=deadline.source,
    )


def stated_window_deadline(
    case: Case, facts: ClockFacts, legal: Deadline | None, as_of: When
) -> tuple[Deadline | None, str | None]:
    """The appeal deadline the notice itself states, and a flag when it is shorter than the law's."""
    denial = case.denial
    if denial is None or (denial.stated_appeal_window is None and denial.stated_appeal_deadline is None):
        return None, None
    # Count the notice's window from the same event as the legal clock, so the two compare like for
    # like; with no legal clock, from the notice date (the earlier, safe reading).
    start: When | None
    if legal is not None and legal.start is not None:
        start_kind, start = legal.start_kind, legal.start
    else:
        start_kind = "denial_dated" if facts.first("denial_dated") else "denial_received"
        start = facts.first(start_kind)
    if denial.stated_appeal_deadline is not None:
        due: When = denial.stated_appeal_deadline
        rule = "the date the notice prints"
    elif start is None:
        return None, None
    else:
        window = denial.stated_appeal_window
        assert window is not None
        if window.unit == "days":
            due = add_days(day_of(start), window.amount)
        elif window.unit == "months":
            due = add_months_clamped(day_of(start), window.amount)
        else:
            due = (
                add_hours(start, window.amount)
                if isinstance(start, datetime)
                else add_days(start, -(-window.amount // 24))
            )
        rule = f"{window} from {_START_WORDS[start_kind]}, as the notice states"
    flag = None
    if legal is not None and day_of(due) < legal.due_day:
        flag = (
            f"The notice gives less time to appeal ({day_of(due).isoformat()}) than the federal minimum "
            f"({legal.due_day.isoformat()}, {legal.citation}): a possible notice defect. File by the earlier "
            "date to be safe, and raise the defect in the appeal."
        )
    status = Status.upcoming
    appealed = facts.first("appeal_filed")
    if appealed is not None:
        status = Status.met if day_of(appealed) <= day_of(due) else Status.missed
    elif day_of(as_of) > day_of(due):
        status = Status.passed_unconfirmed
    notes = [
        "the plan is bound by its own terms when they give more time than the law (verify with the plan document)"
    ]
    if flag:
        notes = [flag]
    return (
        Deadline(
            name="notice_stated_appeal_by",
            what="Appeal by the date the notice states",
            clock="file_by",
            due=due,
            rule=rule,
            citation="the denial notice",
            counted_from=f"{start_kind} {start.isoformat()}" if start is not None else "the notice",
            status=status,
            notes=tuple(notes),
        ),
        flag,
    )
