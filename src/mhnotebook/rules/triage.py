"""Triage a denial: safety first, then the paths, the clocks, the law, who to escalate to, what to do.

``triage_case`` only reads the case and the cited rule tables; every finding carries its evidence
and citation, and what could not be decided is listed with the question that settles it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from mhnotebook.models import Case
from mhnotebook.models.base import day_of
from mhnotebook.models.vocab import PlanType
from mhnotebook.rules.actions import Action, Situation, plan_actions
from mhnotebook.rules.applicability import LawVerdict, applicable_law
from mhnotebook.rules.coding_checks import LineFinding, check_service_lines
from mhnotebook.rules.deadlines import (
    APPEAL_CLOCKS,
    Deadline,
    Status,
    clock_facts,
    compute_deadlines,
    earliest_possible_appeal,
    stated_window_deadline,
)
from mhnotebook.rules.expedited import ExpeditedVerdict, crisis_banner_for, decide_expedited
from mhnotebook.rules.parity_flags import ParityFlag, parity_flags
from mhnotebook.rules.regulators import Escalation, escalation
from mhnotebook.rules.signals import PathFinding, rank_paths

DISCLAIMER = (
    "Not legal advice: mhnotebook states federal minimums with their sources. The plan document, the "
    "notice and state law can give more time or rights; verify before relying on a date."
)


@dataclass(frozen=True)
class Triage:
    """Everything triage found for one case, as of one day."""

    as_of: date | datetime
    crisis_banner: tuple[str, ...]
    expedited: ExpeditedVerdict
    paths: tuple[PathFinding, ...]
    coding_findings: tuple[LineFinding, ...]
    applicable_law: tuple[LawVerdict, ...]
    deadlines: tuple[Deadline, ...]
    regulator: Escalation
    actions: tuple[Action, ...]
    letters: tuple[str, ...]
    parity_flags: tuple[ParityFlag, ...]
    notice_flags: tuple[str, ...] = ()
    to_find_out: tuple[str, ...] = ()
    unsupported: str | None = None
    disclaimer: str = DISCLAIMER
    case_label: str = ""
    synthetic: bool = False

    @property
    def primary_path(self) -> str | None:
        return self.paths[0].path if self.paths else None

    @property
    def tracks(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.track for p in self.paths))

    @property
    def laws_that_apply(self) -> tuple[LawVerdict, ...]:
        return tuple(law for law in self.applicable_law if law.applies != "no")

    def as_dict(self) -> dict[str, object]:
        """The JSON contract of ``mhnotebook triage --json`` (keys other tools rely on)."""
        return {
            "case": self.case_label,
            "synthetic": self.synthetic,
            "as_of": self.as_of.isoformat(),
            "crisis_banner": list(self.crisis_banner),
            "tracks": list(self.tracks),
            "paths": [p.as_dict() for p in self.paths],
            "primary_path": self.primary_path,
            "expedited": self.expedited.expedited,
            "expedited_basis": list(self.expedited.basis),
            "expedited_binding": self.expedited.binding,
            "applicable_law": [law.as_dict() for law in self.laws_that_apply],
            "not_applicable_law": [law.as_dict() for law in self.applicable_law if law.applies == "no"],
            "deadlines": [d.as_dict() for d in self.deadlines],
            "regulator": self.regulator.as_dict(),
            "actions": [a.as_dict() for a in self.actions],
            "letters": list(self.letters),
            "parity_flags": [f.as_dict() for f in self.parity_flags],
            "coding_findings": [f.as_dict() for f in self.coding_findings],
            "notice_flags": list(self.notice_flags),
            "to_find_out": list(self.to_find_out),
            "unsupported": self.unsupported,
            "disclaimer": self.disclaimer,
        }

    def text(self) -> str:
        """A plain-text summary for the terminal, in the order a person needs it."""
        return render_text(self)


def _missing_dates(case: Case) -> list[str]:
    questions = []
    kinds = {event.kind for event in case.events}
    if case.denial is not None and not kinds & {"denial_dated", "denial_received"}:
        questions.append(
            "When is the denial notice dated, and when did you receive it? Add denial_dated and denial_received "
            "events: every appeal clock counts from one of them."
        )
    elif case.denial is not None and "denial_received" not in kinds:
        questions.append(
            "When did you receive the denial? ERISA and ACA clocks count from receipt; until it is recorded they "
            "count from the notice date (earlier, therefore safe)."
        )
    return questions


def triage_case(case: Case, as_of: date | datetime | None = None) -> Triage:
    """Triage one case as of a day (default: today). Pure: the same case and day give the same answer."""
    when: date | datetime = as_of if as_of is not None else date.today()
    on = day_of(when)
    coding = check_service_lines(case)
    ranked = rank_paths(case, coding)
    path_ids = tuple(p.path for p in ranked)
    expedited = decide_expedited(case)
    facts = clock_facts(case, paths=path_ids)
    laws = applicable_law(case, on, coverage_lost=facts.coverage_lost)
    to_find_out: list[str] = []
    unsupported = None
    deadlines: list[Deadline] = []
    if case.plan.plan_type is PlanType.tricare:
        unsupported = "TRICARE plans are not supported: mhnotebook has no deadline or regulator rules for them. Follow the appeal rights on the notice."
    elif case.plan.plan_type is PlanType.unknown:
        earliest = earliest_possible_appeal(facts, when)
        if earliest is not None:
            deadlines.append(earliest)
        to_find_out.append(
            "What kind of plan is it (employer, Marketplace, Medicaid, Medicare, FEHB...)? The card, the notice or HR will say; "
            "until then the earliest possible appeal deadline is shown."
        )
    else:
        deadlines = compute_deadlines(facts, when)
        if case.plan.plan_type is PlanType.chip:
            to_find_out.append(
                "CHIP appeal windows are not in mhnotebook's tables: read the notice for the deadline to appeal."
            )
    legal_appeal = next((d for d in deadlines if d.name in APPEAL_CLOCKS), None)
    stated, notice_flag = stated_window_deadline(case, facts, legal_appeal, when)
    if (
        stated is not None
        and unsupported is None
        and (legal_appeal is None or stated.due_day != legal_appeal.due_day)
    ):
        deadlines.append(stated)
        deadlines.sort(key=lambda d: (d.due_day, d.name))
    notice_flags = [notice_flag] if notice_flag else []
    if (
        legal_appeal is not None
        and stated is not None
        and notice_flag is None
        and stated.due_day > legal_appeal.due_day
    ):
        notice_flags.append(
            f"The notice gives until {stated.due_day.isoformat()}, later than the federal minimum "
            f"({legal_appeal.due_day.isoformat()}): the plan is bound by its own terms (verify in the plan document)."
        )
    to_find_out += _missing_dates(case)
    to_find_out += [law.question for law in laws if law.question]
    to_find_out += list(expedited.to_find_out)
    if not ranked:
        to_find_out.append(
            "No path could be read from the notice: copy the denial reason exactly as written and add the codes "
            "(CARC with group code, RARC) from the notice or the remittance."
        )
    parity_may_apply = any(law.law == "mhpaea" and law.applies != "no" for law in laws)
    regulator = escalation(case, ranked[0].path if ranked else None, parity_applies=parity_may_apply)
    flags = parity_flags(case, list(path_ids), laws)
    situation = Situation(
        paths=path_ids,
        laws=frozenset(law.law for law in laws if law.applies != "no"),
        risk=bool(case.clinical.risk),
        expedited=expedited.expedited,
        deemed_exhaustion=any(d.deemed_exhaustion for d in deadlines),
        missed=any(
            d.clock == "file_by" and d.status in (Status.missed, Status.passed_unconfirmed) for d in deadlines
        ),
    )
    actions, letters = plan_actions(situation)
    return Triage(
        as_of=when,
        crisis_banner=crisis_banner_for(case),
        expedited=expedited,
        paths=tuple(ranked),
        coding_findings=tuple(coding),
        applicable_law=tuple(laws),
        deadlines=tuple(deadlines),
        regulator=regulator,
        actions=tuple(actions),
        letters=tuple(letters),
        parity_flags=tuple(flags),
        notice_flags=tuple(notice_flags),
        to_find_out=tuple(dict.fromkeys(to_find_out)),
        unsupported=unsupported,
        case_label=case.display_label,
        synthetic=case.synthetic,
    )


@dataclass
class _Lines:
    out: list[str] = field(default_factory=list)

    def head(self, title: str) -> None:
        self.out += ["", title, "-" * len(title)]

    def add(self, text: str) -> None:
        self.out.append(text)


_STATUS_WORDS = {
    Status.upcoming: "upcoming",
    Status.met: "met",
    Status.missed: "MISSED",
    Status.passed_unconfirmed: "PASSED - no event says it was met",
}


def render_text(t: Triage) -> str:
    """Plain-text triage: crisis lines first, then expedited, paths, deadlines, law, escalation, actions."""
    out = _Lines()
    if t.crisis_banner:
        out.add("*** SAFETY FIRST ***")
        for line in t.crisis_banner:
            out.add(f"  {line}")
    out.add(
        f"Triage of: {t.case_label}{' (synthetic sample)' if t.synthetic else ''}, as of {t.as_of.isoformat()}"
    )
    if t.unsupported:
        out.add(f"! {t.unsupported}")
    out.head(f"Expedited review: {'YES, ask for it' if t.expedited.expedited else 'no'}")
    for basis in t.expedited.basis:
        out.add(f"  - {basis}")
    out.head("What kind of denial")
    if not t.paths:
        out.add("  Could not tell from the notice (see 'To find out').")
    for rank, path in enumerate(t.paths, start=1):
        out.add(f"  {rank}. {path.label} [{path.path}, {path.track} track] - {path.strength}")
        for ev in path.evidence:
            out.add(f"       because {ev.text}")
        out.add(f"       fix: {path.remedy}")
    if t.coding_findings:
        out.head("Coding checks")
        for f in t.coding_findings:
            where = f"line {f.line}: " if f.line else ""
            out.add(f"  - {where}{f.problem} -> {f.fix}")
    out.head("Deadlines")
    if not t.deadlines:
        out.add("  None could be computed from the events recorded.")
    for d in t.deadlines:
        out.add(f"  {d.due.isoformat():25s} {d.name:38s} {_STATUS_WORDS[d.status]}")
        out.add(f"  {'':25s} {d.what}: {d.rule} ({d.citation}); counted from {d.counted_from}")
        for note in d.notes:
            out.add(f"  {'':25s}   note: {note}")
    for notice_flag in t.notice_flags:
        out.add(f"  ! {notice_flag}")
    out.head("Law that applies")
    for law in t.applicable_law:
        out.add(f"  [{law.applies:7s}] {law.name} ({law.citation}): {law.why}")
    out.head("Escalate to")
    out.add(f"  {t.regulator.name} [{t.regulator.primary}]")
    out.add(f"  {t.regulator.why}")
    if t.regulator.secondary:
        out.add(f"  also: {', '.join(t.regulator.secondary)}")
    for route in t.regulator.parallel:
        out.add(f"  in parallel: {route}")
    if t.parity_flags:
        out.head("Parity questions (need explanation, not proof of a violation)")
        for flag in t.parity_flags:
            out.add(f"  - {flag.why} ({flag.citation})")
            for comparator in flag.comparators:
                out.add(f"      compare: {comparator}")
    out.head("Do today")
    for action in t.actions:
        out.add(f"  [ ] {action.text}")
    out.add(f"  Letters to draft: {', '.join(t.letters) if t.letters else 'none'}")
    if t.to_find_out:
        out.head("To find out")
        for question in t.to_find_out:
            out.add(f"  ? {question}")
    out.add("")
    out.add(t.disclaimer)
    return "\n".join(out.out).lstrip("\n") + "\n"
