"""Checks across fields that a single field's type cannot express.

Impossible timelines (a denial received before it was dated, an appeal before the denial) are
errors: deadlines counted from them would be wrong. Suspicious facts are warnings: worth a look,
but the case still loads.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import date, datetime

from mhnotebook.models import Case, DenialLevel, DenialStage, EventKind, PlanType
from mhnotebook.models.base import day_of, strictly_before
from mhnotebook.models.vocab import OUT_OF_SCOPE_PLAN_TYPES
from mhnotebook.validation.issues import Issue

#: Pairs (earlier, later): the later event cannot happen before the earlier one.
_ORDER: tuple[tuple[EventKind, EventKind, str], ...] = (
    (EventKind.denial_dated, EventKind.denial_received, "a denial cannot be received before the date on it"),
    (
        EventKind.final_internal_denial_dated,
        EventKind.final_internal_denial_received,
        "a final denial cannot be received before the date on it",
    ),
    (EventKind.denial_dated, EventKind.appeal_filed, "an appeal cannot be filed before the denial is dated"),
    (
        EventKind.appeal_filed,
        EventKind.appeal_received,
        "the plan cannot receive an appeal before it is filed",
    ),
    (
        EventKind.denial_dated,
        EventKind.final_internal_denial_dated,
        "a final internal denial cannot come before the first denial",
    ),
    (
        EventKind.denial_dated,
        EventKind.external_review_filed,
        "external review cannot be requested before there is a denial",
    ),
    (
        EventKind.service_date,
        EventKind.claim_submitted,
        "a claim cannot be submitted before the service date",
    ),
)

#: A denial that reaches the patient this long after its date is worth double-checking.
_SLOW_MAIL_DAYS = 30


def check_case(case: Case, today: date | None = None) -> list[Issue]:
    """Every cross-field problem in ``case``; pass ``today`` to make the result reproducible."""
    today = today or date.today()
    timeline = [(i, e.kind, e.at) for i, e in enumerate(case.events)]
    return [
        *check_timeline(timeline),
        *_ranges(case),
        *_dates_vs_birth(case),
        *_suspicious(case, today),
        *_codes(case),
        *_plan(case),
    ]


#: An event as the order checks see it: its position in the file, its kind and when.
TimelineEntry = tuple[int, str, date | datetime]


def _indexed(case: Case, kind: EventKind) -> list[tuple[int, date | datetime]]:
    return [(i, e.at) for i, e in enumerate(case.events) if e.kind == kind.value]


def check_event_order(timeline: list[TimelineEntry]) -> list[Issue]:
    """Events out of possible order; usable on the events that parsed even when others did not."""
    issues = []
    for earlier, later, why in _ORDER:
        firsts = [at for _, kind, at in timeline if kind == earlier.value]
        if not firsts:
            continue
        first_at = min(firsts, key=day_of)
        for i, kind, at in timeline:
            if kind == later.value and strictly_before(at, first_at):
                issues.append(
                    Issue(
                        "error",
                        f"{later.value} on {at} is before {earlier.value} on {first_at}: {why}",
                        ("events", i, "at"),
                    )
                )
    return issues


def _ranges(case: Case) -> Iterator[Issue]:
    svc = case.service
    if svc.start_date and svc.end_date and svc.end_date < svc.start_date:
        yield Issue(
            "error", f"ends ({svc.end_date}) before it starts ({svc.start_date})", ("service", "end_date")
        )
    for i, prior in enumerate(case.clinical.treatment_history):
        if prior.start and prior.end and prior.end < prior.start:
            yield Issue(
                "error",
                f"ends ({prior.end}) before it starts ({prior.start})",
                ("clinical", "treatment_history", i, "end"),
            )
    denial = case.denial
    services = _indexed(case, EventKind.service_date)
    if denial and denial.stage == DenialStage.post_service and services:
        first_service = min((at for _, at in services), key=day_of)
        for i, at in _indexed(case, EventKind.denial_dated):
            if strictly_before(at, first_service):
                yield Issue(
                    "error",
                    f"a post-service denial dated {at} comes before the first service "
                    f"date {first_service}: check the stage or the dates",
                    ("events", i, "at"),
                )


def check_timeline(timeline: list[TimelineEntry]) -> list[Issue]:
    """Order errors and unknown-kind warnings for the events that parsed."""
    known = [k.value for k in EventKind]
    issues = check_event_order(timeline)
    for i, kind, _ in timeline:
        if kind not in known:
            guess = difflib.get_close_matches(kind, known, n=1, cutoff=0.6)
            hint = f" Did you mean '{guess[0]}'?" if guess else f" Known kinds: {', '.join(known)}."
            issues.append(
                Issue(
                    "warning",
                    f"'{kind}' is not a kind mhnotebook knows; the event is kept but "
                    f"no deadline is counted from it.{hint}",
                    ("events", i, "kind"),
                )
            )
    return issues


def _dates_vs_birth(case: Case) -> Iterator[Issue]:
    born = case.patient.date_of_birth
    if born is None:
        return
    for i, event in enumerate(case.events):
        if day_of(event.at) < born:
            yield Issue(
                "error",
                f"{event.kind} on {event.at} is before the patient's date of birth ({born})",
                ("events", i, "at"),
            )
    for i, line in enumerate(case.service.lines):
        if line.date and line.date < born:
            yield Issue(
                "error",
                f"service date {line.date} is before the patient's date of birth ({born})",
                ("service", "lines", i, "date"),
            )


def _age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _suspicious(case: Case, today: date) -> Iterator[Issue]:
    patient = case.patient
    if patient.date_of_birth and patient.date_of_birth > today:
        yield Issue("error", f"{patient.date_of_birth} is in the future", ("patient", "date_of_birth"))
    elif patient.date_of_birth and patient.age is not None:
        # Ages are written down during the fight: judge them at the latest event, not years later.
        as_of = min(today, max((day_of(e.at) for e in case.events), default=today))
        actual = _age_on(patient.date_of_birth, as_of)
        if abs(actual - patient.age) > 1:
            yield Issue(
                "warning",
                f"age {patient.age} does not match the date of birth "
                f"({patient.date_of_birth}: {actual} on {as_of}); letters use the date of birth",
                ("patient", "age"),
            )
    for i, event in enumerate(case.events):
        if day_of(event.at) > today:
            yield Issue(
                "warning",
                f"{event.kind} is dated {event.at}, in the future; is the year right?",
                ("events", i, "at"),
            )
    dated = _indexed(case, EventKind.denial_dated)
    if dated:
        first_dated = min(day_of(at) for _, at in dated)
        for i, at in _indexed(case, EventKind.denial_received):
            gap = (day_of(at) - first_dated).days
            if gap > _SLOW_MAIL_DAYS:
                yield Issue(
                    "warning",
                    f"received {gap} days after the date on the notice; keep proof of the "
                    "receipt date (ERISA and ACA clocks run from receipt)",
                    ("events", i, "at"),
                )
    denial = case.denial
    if denial is not None:
        if not denial.text and not denial.codes:
            yield Issue(
                "warning",
                "neither the insurer's words nor its codes are recorded; triage needs at "
                "least one (copy the reason from the notice)",
                ("denial",),
            )
        if denial.level != DenialLevel.initial and not _indexed(case, EventKind.appeal_filed):
            yield Issue(
                "warning",
                f"the denial is at level '{denial.level.value}' but the timeline has no appeal_filed event",
                ("denial", "level"),
            )
    known_providers = {p.name for p in case.providers} | {p.npi for p in case.providers if p.npi}
    for i, line in enumerate(case.service.lines):
        for field in ("rendering_provider", "supervising_provider"):
            who = getattr(line, field)
            if who and case.providers and who not in known_providers:
                yield Issue(
                    "warning",
                    f"'{who}' is not among the case's providers (by name or NPI)",
                    ("service", "lines", i, field),
                )


def _codes(case: Case) -> Iterator[Issue]:
    if case.denial is None:
        return
    for i, code in enumerate(case.denial.codes):
        if "-" not in code and not code.startswith(("N", "M")):
            yield Issue(
                "warning",
                f"'{code}' has no group code; add it from the remittance (CO-{code} means "
                f"the provider writes it off, PR-{code} that the patient may owe)",
                ("denial", "codes", i),
            )


def _plan(case: Case) -> Iterator[Issue]:
    if case.plan.plan_type in OUT_OF_SCOPE_PLAN_TYPES:
        yield Issue(
            "warning",
            f"{case.plan.plan_type.label}: its appeal system is outside what mhnotebook "
            "covers; the case is kept but triage will not compute its deadlines",
            ("plan", "plan_type"),
        )
    if case.plan.plan_type == PlanType.unknown:
        yield Issue(
            "warning",
            "plan type unknown: deadlines and regulators depend on it (the insurance card, "
            "the denial notice or HR can tell you)",
            ("plan", "plan_type"),
        )
