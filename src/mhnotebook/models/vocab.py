"""Controlled vocabularies of the case model.

Each enum value is what a case file stores; each carries a plain-English label so forms and
summaries never show a raw identifier to a clinician. Values are stable: rule tables, letters and
the case store key on them.
"""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members know their human label."""

    @property
    def label(self) -> str:
        return _LABELS.get(self, self.value.replace("_", " "))


class PlanType(LabelledEnum):
    """Which body of law governs the coverage; decides deadlines, regulators and applicable law."""

    erisa_group = "erisa_group"
    aca_individual_marketplace = "aca_individual_marketplace"
    aca_individual_off_exchange = "aca_individual_off_exchange"
    non_federal_governmental = "non_federal_governmental"
    church_plan = "church_plan"
    fehb = "fehb"
    medicaid_managed_care = "medicaid_managed_care"
    medicaid_ffs = "medicaid_ffs"
    chip = "chip"
    medicare_advantage = "medicare_advantage"
    medicare_original = "medicare_original"
    medicare_part_d = "medicare_part_d"
    tricare = "tricare"
    unknown = "unknown"


#: Plan types mhnotebook recognizes but does not analyse (different appeal systems entirely).
OUT_OF_SCOPE_PLAN_TYPES = frozenset({PlanType.tricare})


class Funding(LabelledEnum):
    """Who bears the claims risk: self-funded ERISA plans escape state insurance law."""

    self_funded = "self_funded"
    fully_insured = "fully_insured"
    unknown = "unknown"


class LevelOfCare(LabelledEnum):
    """Setting and intensity of the requested (or prior) treatment."""

    outpatient = "outpatient"
    intensive_outpatient = "intensive_outpatient"
    partial_hospitalization = "partial_hospitalization"
    residential = "residential"
    inpatient = "inpatient"
    withdrawal_management = "withdrawal_management"
    crisis_stabilization = "crisis_stabilization"
    opioid_treatment_program = "opioid_treatment_program"
    home_and_community_based = "home_and_community_based"
    emergency = "emergency"
    other = "other"


class DenialStage(LabelledEnum):
    """When the plan decided, relative to the care: sets which clocks run."""

    pre_service = "pre_service"
    concurrent = "concurrent"
    post_service = "post_service"


class DenialLevel(LabelledEnum):
    """How far through the plan's own review the denial is."""

    initial = "initial"
    internal_appeal = "internal_appeal"
    final_internal = "final_internal"


class Requester(LabelledEnum):
    """Who asked for expedited (urgent) review; some plan types are bound only by a physician."""

    physician = "physician"
    other_clinician = "other_clinician"
    patient = "patient"
    none = "none"


class RiskCategory(LabelledEnum):
    """Safety risks that bring up crisis resources first and default to expedited review."""

    suicidal_ideation = "suicidal_ideation"
    recent_attempt = "recent_attempt"
    overdose = "overdose"
    psychosis_with_danger = "psychosis_with_danger"
    medically_unstable_eating_disorder = "medically_unstable_eating_disorder"
    dangerous_withdrawal = "dangerous_withdrawal"
    other = "other"


class ProviderRole(LabelledEnum):
    """What a member of the care team does for this patient."""

    treating_clinician = "treating_clinician"
    attending_physician = "attending_physician"
    prescriber = "prescriber"
    therapist = "therapist"
    supervisor = "supervisor"
    program = "program"
    facility = "facility"
    care_coordinator = "care_coordinator"
    other = "other"


class Supervision(LabelledEnum):
    """How a service line's rendering clinician was supervised (payers differ on what they pay)."""

    none = "none"
    direct = "direct"
    general = "general"
    personal = "personal"
    incident_to = "incident_to"


class CodeSystem(LabelledEnum):
    """Which code set a service line's code belongs to (inferred from its shape when omitted)."""

    cpt = "cpt"
    hcpcs = "hcpcs"
    revenue = "revenue"


class RatingInstrument(LabelledEnum):
    """Nonprofit level-of-care instruments (domain/criteria.md); store which edition was used."""

    locus = "LOCUS"
    calocus_casii = "CALOCUS-CASII"
    ecsii = "ECSII"
    asam = "ASAM"
    other = "other"


class ImpairmentDomain(LabelledEnum):
    """Areas of life where functional impairment is documented."""

    work = "work"
    school = "school"
    self_care = "self_care"
    relationships = "relationships"
    housing = "housing"
    safety = "safety"
    other = "other"


class EventKind(LabelledEnum):
    """Known kinds of dated events; deadlines are counted from these.

    A case file may use other kinds: they are kept and warned about, never rejected.
    """

    service_date = "service_date"
    claim_submitted = "claim_submitted"
    request_received = "request_received"
    authorization_ends = "authorization_ends"
    denial_dated = "denial_dated"
    denial_received = "denial_received"
    appeal_filed = "appeal_filed"
    appeal_received = "appeal_received"
    grievance_filed = "grievance_filed"
    extension_requested = "extension_requested"
    peer_to_peer = "peer_to_peer"
    final_internal_denial_dated = "final_internal_denial_dated"
    final_internal_denial_received = "final_internal_denial_received"
    external_review_filed = "external_review_filed"
    fair_hearing_requested = "fair_hearing_requested"
    coverage_ended = "coverage_ended"
    decision_received = "decision_received"
    retro_authorization_requested = "retro_authorization_requested"
    corrected_claim_submitted = "corrected_claim_submitted"
    eligibility_determined = "eligibility_determined"
    cobra_notice_received = "cobra_notice_received"
    cobra_elected = "cobra_elected"
    complaint_filed = "complaint_filed"
    letter_sent = "letter_sent"
    phone_call = "phone_call"
    reply_due = "reply_due"


class ContactRole(LabelledEnum):
    """Who a logged contact was: the case log groups calls and patterns by these."""

    plan_representative = "plan_representative"
    plan_reviewer = "plan_reviewer"
    regulator = "regulator"
    provider = "provider"
    employer = "employer"
    other = "other"


class CallOutcome(LabelledEnum):
    """What a peer-to-peer or phone call ended with, as the caller understood it."""

    approved = "approved"
    partially_approved = "partially_approved"
    upheld = "upheld"
    pending = "pending"
    alternative_offered = "alternative_offered"
    no_decision = "no_decision"


_LABELS: dict[LabelledEnum, str] = {
    PlanType.erisa_group: "Employer group plan (ERISA)",
    PlanType.aca_individual_marketplace: "Individual plan bought on the Marketplace (ACA)",
    PlanType.aca_individual_off_exchange: "Individual plan bought off the Marketplace (ACA)",
    PlanType.non_federal_governmental: "State or local government employer plan",
    PlanType.church_plan: "Church plan",
    PlanType.fehb: "Federal Employees Health Benefits (FEHB)",
    PlanType.medicaid_managed_care: "Medicaid managed care plan",
    PlanType.medicaid_ffs: "Medicaid fee-for-service",
    PlanType.chip: "Children's Health Insurance Program (CHIP)",
    PlanType.medicare_advantage: "Medicare Advantage (Part C)",
    PlanType.medicare_original: "Original Medicare",
    PlanType.medicare_part_d: "Medicare Part D (drugs)",
    PlanType.tricare: "TRICARE (not covered by mhnotebook)",
    PlanType.unknown: "Not known yet",
    Funding.self_funded: "Self-funded (employer pays claims)",
    Funding.fully_insured: "Fully insured (insurer pays claims)",
    Funding.unknown: "Not known yet",
    LevelOfCare.intensive_outpatient: "Intensive outpatient (IOP)",
    LevelOfCare.partial_hospitalization: "Partial hospitalization (PHP)",
    LevelOfCare.residential: "Residential treatment",
    LevelOfCare.inpatient: "Inpatient hospitalization",
    LevelOfCare.withdrawal_management: "Withdrawal management (detox)",
    LevelOfCare.opioid_treatment_program: "Opioid treatment program (OTP)",
    DenialStage.pre_service: "Before the care (prior authorization)",
    DenialStage.concurrent: "During the care (concurrent review)",
    DenialStage.post_service: "After the care (claim)",
    DenialLevel.initial: "Initial denial",
    DenialLevel.internal_appeal: "Denied on internal appeal",
    DenialLevel.final_internal: "Final internal denial",
    Requester.other_clinician: "Another clinician (not a physician)",
    Requester.none: "Nobody yet",
    RiskCategory.suicidal_ideation: "Suicidal ideation",
    RiskCategory.recent_attempt: "Recent suicide attempt",
    RiskCategory.overdose: "Recent overdose",
    RiskCategory.psychosis_with_danger: "Psychosis with danger to self or others",
    RiskCategory.medically_unstable_eating_disorder: "Medically unstable eating disorder",
    RiskCategory.dangerous_withdrawal: "Dangerous withdrawal",
    CodeSystem.cpt: "CPT",
    CodeSystem.hcpcs: "HCPCS",
    CodeSystem.revenue: "Revenue code (UB-04)",
    EventKind.peer_to_peer: "peer-to-peer call",
    EventKind.reply_due: "reply or documents due",
    ContactRole.plan_representative: "Plan representative (phone, member or provider services)",
    ContactRole.plan_reviewer: "Plan's clinical reviewer",
    CallOutcome.partially_approved: "partially approved",
    CallOutcome.upheld: "denial upheld",
    CallOutcome.alternative_offered: "alternative offered",
    CallOutcome.no_decision: "no decision on the call",
}

#: Words people type for a value, mapped to the value meant: offered as a hint, never accepted silently.
ALIASES: dict[str, LabelledEnum] = {
    "employer": PlanType.erisa_group,
    "erisa": PlanType.erisa_group,
    "group": PlanType.erisa_group,
    "marketplace": PlanType.aca_individual_marketplace,
    "exchange": PlanType.aca_individual_marketplace,
    "individual": PlanType.aca_individual_off_exchange,
    "government": PlanType.non_federal_governmental,
    "medicaid": PlanType.medicaid_managed_care,
    "mco": PlanType.medicaid_managed_care,
    "medicare": PlanType.medicare_original,
    "ma": PlanType.medicare_advantage,
    "part_d": PlanType.medicare_part_d,
    "self_insured": Funding.self_funded,
    "aso": Funding.self_funded,
    "insured": Funding.fully_insured,
    "op": LevelOfCare.outpatient,
    "iop": LevelOfCare.intensive_outpatient,
    "php": LevelOfCare.partial_hospitalization,
    "rtc": LevelOfCare.residential,
    "detox": LevelOfCare.withdrawal_management,
    "otp": LevelOfCare.opioid_treatment_program,
    "prior_authorization": DenialStage.pre_service,
    "pre_service": DenialStage.pre_service,
    "claim": DenialStage.post_service,
    "post": DenialStage.post_service,
    "pre": DenialStage.pre_service,
    "doctor": Requester.physician,
    "md": Requester.physician,
}

#: US states, DC and territories by postal code: plans are regulated per state.
US_STATES: frozenset[str] = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    ]
)
