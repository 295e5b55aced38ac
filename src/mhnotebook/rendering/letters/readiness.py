"""Is this letter ready to send? Required facts missing, evidence that would make it stronger, clocks passed.

Reviewers deny thin letters. The readiness report tells the clinician, before sending, which facts
the letter cannot go out without and which evidence a reviewer will look for (functional
impairment, a measure series, failed lower levels, risk, the criteria named, the clinician's
credentials), so the gap is filled from the chart and not discovered in the next denial.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mhnotebook.rendering.letters.manifest import LetterKind, field_label


def lookup(context: dict[str, Any], path: str) -> list[Any]:
    """Values at a dotted context path, walking into every item of a list on the way. Missing -> ``[]``.

    ``clinical.measures.rows.value`` is every score of every measure.
    """
    nodes: list[Any] = [context]
    for key in path.split("."):
        found: list[Any] = []
        for node in nodes:
            value = node.get(key) if isinstance(node, dict) else None
            if isinstance(value, list):
                found.extend(v for v in value if not _empty(v))
            elif not _empty(value):
                found.append(value)
        nodes = found
    return nodes


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict, tuple)) and not value)


def missing_paths(kind: LetterKind, context: dict[str, Any]) -> list[str]:
    """Required paths with no value (``a|b`` is satisfied by either)."""
    return [spec for spec in kind.required if not any(lookup(context, alt) for alt in spec.split("|"))]


@dataclass(frozen=True, slots=True)
class EvidenceCheck:
    label: str
    why: str
    present: Callable[[dict[str, Any]], bool]


def _has(path: str) -> Callable[[dict[str, Any]], bool]:
    return lambda ctx: bool(lookup(ctx, path))


#: What a reviewer looks for, and how to tell it is in the case. Ids are the manifest's ``recommended``.
CHECKS: dict[str, EvidenceCheck] = {
    "functional_impairment": EvidenceCheck(
        "functional impairment",
        "Say what the condition stops the patient doing at work, school, home and in self-care.",
        _has("clinical.impairment"),
    ),
    "measures": EvidenceCheck(
        "standardized measures",
        "Scores on standardized measures (PHQ-9, GAD-7, C-SSRS, COWS, weight...) make severity checkable.",
        _has("clinical.measures"),
    ),
    "measure_trend": EvidenceCheck(
        "a measure over time",
        "Two or more scores on the same measure show progress or deterioration.",
        lambda ctx: any(len(s["rows"]) >= 2 for s in lookup(ctx, "clinical.measures")),
    ),
    "failed_lower_levels": EvidenceCheck(
        "earlier treatment and lower levels tried",
        "Earlier levels of care and how they went answer 'a lower level would do'.",
        _has("clinical.history"),
    ),
    "risk_assessment": EvidenceCheck(
        "a risk assessment",
        "No risk is recorded: if risk was assessed and found low, say so in the letter yourself.",
        _has("clinical.risk"),
    ),
    "criteria_named": EvidenceCheck(
        "the plan's criteria named",
        "Name the criteria set and the criterion the plan says is unmet, so the letter can answer it.",
        _has("denial.criteria.name"),
    ),
    "signer_credentials": EvidenceCheck(
        "the signer's credentials",
        "A reviewer weighs the opinion of a clinician whose licence and specialty are stated.",
        _has("signer.credentials"),
    ),
    "level_of_care_rating": EvidenceCheck(
        "a level-of-care rating",
        "A LOCUS, CALOCUS-CASII, ECSII or ASAM rating, dimension by dimension, answers level-of-care criteria.",
        _has("clinical.ratings"),
    ),
    "treatment_plan_review": EvidenceCheck(
        "a treatment plan with a review date",
        "Goals, expected duration and a review date show the request is bounded.",
        _has("clinical.plan.review_date"),
    ),
    "provider_search": EvidenceCheck(
        "the provider-search log",
        "Each in-network clinician tried (date, result, first appointment) proves the network gap.",
        _has("provider_search"),
    ),
    "comparators": EvidenceCheck(
        "medical/surgical comparisons",
        "How the plan treats comparable medical care makes the parity question concrete.",
        _has("comparators"),
    ),
    "denial_quoted": EvidenceCheck(
        "the denial's own words",
        "Quote the denial reason exactly as the notice states it.",
        _has("denial.text"),
    ),
    "peer_to_peer_logged": EvidenceCheck(
        "the peer-to-peer call",
        "Log the call (date, reviewer, what was said) as a peer_to_peer event.",
        _has("peer_to_peer"),
    ),
    "phone_call_logged": EvidenceCheck(
        "the phone call",
        "Log the call (date, representative's name, reference number) as a phone_call event.",
        _has("phone_calls"),
    ),
    "representative": EvidenceCheck(
        "the representative",
        "Name the person who will act for the patient.",
        _has("representative.name"),
    ),
    # --- requests ---
    "parity_applies": EvidenceCheck(
        "a plan that federal parity law reaches",
        "Federal parity law does not reach this plan (Medicare, Medicaid fee-for-service, small-employer and "
        "retiree-only plans are outside it; triage lists the reason under the laws that do not apply), so this "
        "draft asks for the criteria and the claim file under the plan's own rules, without parity language.",
        lambda ctx: bool(ctx["law"]["parity"]),
    ),
    "patterns": EvidenceCheck(
        "the same conduct in other cases",
        "Accreditors and regulators act on patterns more than on one claim: list other cases with the same "
        "conduct (de-identified), or send this one as a grievance first.",
        _has("patterns"),
    ),
}


@dataclass(frozen=True, slots=True)
class Readiness:
    """What stands between this draft and sending it."""

    kind: str
    missing_required: tuple[str, ...]
    missing_evidence: tuple[tuple[str, str], ...]
    deadlines_passed: tuple[str, ...]

    @property
    def ready(self) -> bool:
        """True when every required fact is filled in (evidence and clocks are advice, not blockers)."""
        return not self.missing_required

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "ready": self.ready,
            "missing_required": list(self.missing_required),
            "missing_evidence": [{"evidence": e, "why": w} for e, w in self.missing_evidence],
            "deadlines_passed": list(self.deadlines_passed),
        }

    def text(self) -> str:
        lines = [f"Ready to export: {'yes' if self.ready else 'no'}"]
        if self.missing_required:
            lines.append("Required, missing (export refuses until filled):")
            lines += [f"  - {label}" for label in self.missing_required]
        if self.missing_evidence:
            lines.append("Evidence a reviewer will look for, not in the case yet:")
            lines += [f"  - {label}: {why}" for label, why in self.missing_evidence]
        if self.deadlines_passed:
            lines.append("Deadlines already passed:")
            lines += [f"  - {d}" for d in self.deadlines_passed]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        e = html.escape
        parts = [
            f'<div style="font-family:system-ui,sans-serif;line-height:1.4"><p><strong>Ready to export: '
            f"{'yes' if self.ready else 'no'}</strong></p>"
        ]

        def block(title: str, colour: str, items: list[str]) -> None:
            if items:
                rows = "".join(f"<li>{item}</li>" for item in items)
                parts.append(
                    f'<div style="border-left:4px solid {colour};padding:.2em .8em;margin:.4em 0">'
                    f"<strong>{e(title)}</strong><ul style='margin:.2em 0'>{rows}</ul></div>"
                )

        block(
            "Required, missing (export refuses until filled)",
            "#D55E00",
            [e(m) for m in self.missing_required],
        )
        block(
            "Evidence a reviewer will look for",
            "#E69F00",
            [f"<strong>{e(label)}</strong>: {e(why)}" for label, why in self.missing_evidence],
        )
        block("Deadlines already passed", "#CC79A7", [e(d) for d in self.deadlines_passed])
        parts.append("</div>")
        return "".join(parts)


def assess(kind: LetterKind, context: dict[str, Any]) -> Readiness:
    """The readiness report for one drafted letter (``context`` before gaps are filled in)."""
    missing = tuple(
        " or ".join(field_label(alt) for alt in spec.split("|")) for spec in missing_paths(kind, context)
    )
    evidence = tuple(
        (CHECKS[check].label, CHECKS[check].why)
        for check in kind.recommended
        if not CHECKS[check].present(context)
    )
    passed = tuple(f"{d['what']}: {d['due']} ({d['citation']})" for d in context["deadlines"]["passed"])
    return Readiness(kind.kind, missing, evidence, passed)
