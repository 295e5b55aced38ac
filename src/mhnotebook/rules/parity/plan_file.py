"""Reading a plan benefit file (YAML or CSV) into exact comparisons, reporting every problem at once.

Shape errors come from the pydantic models; rule errors (an unknown classification or type, a level
in the wrong unit, a sub-classification the rules do not permit) are checked here against the cited
tables. Each message names the comparison (number, classification and type) and the field.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from mhnotebook.errors import ParityInputError
from mhnotebook.models.parity import (
    BenefitsSummaryFile,
    DollarLimitInput,
    PlanBenefitFile,
    QtlComparisonInput,
    SummaryComparisonInput,
)
from mhnotebook.models.vocab import PlanType
from mhnotebook.rules.applicability import plan_type_excluded_from
from mhnotebook.rules.gc_pause import cycle_collector_paused
from mhnotebook.rules.parity.classifications import (
    ClassificationRow,
    classifications_for,
    plan_family_of,
    sub_classifications_for,
)
from mhnotebook.rules.parity.dollar_limits import DollarLimitComparison
from mhnotebook.rules.parity.levels import LevelError, parse_level
from mhnotebook.rules.parity.qtl import Comparison
from mhnotebook.rules.parity.requirement_types import RequirementTypeRow, requirement_type, requirement_types
from mhnotebook.validation.fileformat import CaseFileLoader

MAX_PLAN_FILE_BYTES = 20 * 1024 * 1024
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LoadedPlan:
    """A plan file read whole: its comparisons and dollar-limit comparisons, ready to evaluate."""

    source: str
    plan_name: str | None
    plan_type: str
    synthetic: bool
    comparisons: tuple[Comparison, ...]
    dollar_limits: tuple[DollarLimitComparison, ...]
    single: bool
    """True when the file held one bare comparison (the CLI then prints one object, not a list)."""


def read_structured(path: Path) -> Any:
    """YAML or JSON text as plain data (safe loader, YAML 1.2 numbers), or CSV rows as a plan."""
    if not path.is_file():
        raise ParityInputError(str(path), ["file not found"])
    if path.stat().st_size > MAX_PLAN_FILE_BYTES:
        raise ParityInputError(str(path), [f"larger than {MAX_PLAN_FILE_BYTES // 2**20} MB"])
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        return _csv_to_plan(text, str(path))
    try:
        return yaml.load(text, Loader=CaseFileLoader)
    except yaml.YAMLError as exc:
        raise ParityInputError(str(path), [f"not valid YAML: {exc}"]) from None


_CSV_KEY = (
    "classification",
    "sub_classification",
    "network_tier",
    "drug_tier",
    "requirement_type",
    "coverage_unit",
)


def _csv_to_plan(text: str, source: str) -> dict[str, Any]:
    """One CSV row per medical/surgical level; rows with the same comparison key form one comparison."""
    reader = csv.DictReader(io.StringIO(text))
    required = {"classification", "requirement_type", "level", "projected_payments"}
    missing = required - set(reader.fieldnames or ())
    if missing:
        raise ParityInputError(source, [f"CSV header lacks column(s): {', '.join(sorted(missing))}"])
    groups: dict[tuple[str, ...], dict[str, Any]] = {}
    problems = []
    for line, row in enumerate(reader, start=2):
        row = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
        key = (row.get("comparison") or "", *(row.get(k) or "" for k in _CSV_KEY))
        group = groups.setdefault(
            key,
            {k: row.get(k) or None for k in _CSV_KEY if row.get(k)} | {"medical_surgical": [], "_line": line},
        )
        if row.get("comparison"):
            group["label"] = row["comparison"]
        level = row.get("level")
        group["medical_surgical"].append(
            {
                "level": None if level in (None, "") else level,
                "projected_payments": row.get("projected_payments") or None,
            }
        )
        mh = row.get("mh_sud_level")
        if mh not in (None, ""):
            if group.get("mh_sud_level") not in (None, mh):
                problems.append(
                    f"line {line}: mh_sud_level {mh!r} differs from {group['mh_sud_level']!r} given earlier"
                )
            group["mh_sud_level"] = mh
        separate = (row.get("mh_sud_accumulates_separately") or "").lower()
        if separate in ("true", "yes", "1"):
            group["mh_sud_accumulates_separately"] = True
    if problems:
        raise ParityInputError(source, problems)
    comparisons = []
    for group in groups.values():
        group.pop("_line")
        comparisons.append(group)
    return {"comparisons": comparisons}


def load_plan_file(path: Path | str) -> LoadedPlan:
    """Read a plan benefit file: one comparison, a list, or a mapping with ``comparisons``."""
    path = Path(path)
    data = read_structured(path)
    return plan_from_data(data, str(path))


def plan_from_data(data: Any, source: str = "<input>") -> LoadedPlan:
    """Validate and resolve a plan already read into plain data (see ``load_plan_file``)."""
    with cycle_collector_paused():
        return _plan_from_data(data, source)


def _plan_from_data(data: Any, source: str) -> LoadedPlan:
    single = isinstance(data, dict) and "requirement_type" in data
    if single:
        data = {"comparisons": [data]}
    elif isinstance(data, list):
        data = {"comparisons": data}
    if not isinstance(data, dict):
        raise ParityInputError(source, ["expected a comparison, a list of comparisons, or a plan mapping"])
    if data.get("kind") == "benefits_summary":
        raise ParityInputError(source, ["this is a benefits summary: use load_benefits_summary / --summary"])
    problems: list[str] = []
    header = {k: v for k, v in data.items() if k not in ("comparisons", "dollar_limits")}
    plan = _validate(PlanBenefitFile, header, "plan", problems)
    plan_type = plan.plan_type if plan else str(data.get("plan_type", "group"))
    _check_plan_type(plan_type, problems)
    comparisons: list[Comparison] = []
    raw_list = data.get("comparisons") or []
    if not isinstance(raw_list, list):
        problems.append("comparisons: expected a list")
        raw_list = []
    seen: dict[tuple[Any, ...], int] = {}
    for index, raw in enumerate(raw_list, start=1):
        name = _name(index, raw)
        model = _validate(QtlComparisonInput, raw, name, problems)
        if model is None:
            continue
        resolved = resolve_comparison(model, plan_type, name, problems, index=index)
        if resolved is None:
            continue
        key = (resolved.where, resolved.type_name)
        if key in seen:
            problems.append(
                f"{name}: the same classification and type as comparison {seen[key]}; give each once"
            )
        seen[key] = index
        comparisons.append(resolved)
    limits: list[DollarLimitComparison] = []
    for index, raw in enumerate(data.get("dollar_limits") or [], start=1):
        name = f"dollar limit {index}" + (f" ({raw.get('limit_kind')})" if isinstance(raw, dict) else "")
        limit_model = _validate(DollarLimitInput, raw, name, problems)
        if limit_model is None:
            continue
        model_l = limit_model
        limits.append(
            DollarLimitComparison(
                limit_kind=model_l.limit_kind,
                categories=tuple((c.limit, c.projected_payments) for c in model_l.medical_surgical),
                mh_sud_limit=model_l.mh_sud_limit,
                applied_jointly=model_l.applied_jointly,
                unlimited_upper_estimate=model_l.unlimited_upper_estimate,
                label=model_l.label,
                index=index,
            )
        )
        if sum(c.projected_payments for c in model_l.medical_surgical) == 0:
            problems.append(f"{name}: medical_surgical projected_payments add up to zero")
    if not comparisons and not limits and not problems:
        problems.append("no comparisons found")
    if problems:
        raise ParityInputError(source, problems)
    return LoadedPlan(
        source=source,
        plan_name=plan.plan_name if plan else None,
        plan_type=plan_type,
        synthetic=bool(plan and plan.synthetic),
        comparisons=tuple(comparisons),
        dollar_limits=tuple(limits),
        single=single,
    )


def _name(index: int, raw: Any) -> str:
    if isinstance(raw, dict):
        parts = [str(raw.get(k)) for k in ("classification", "requirement_type") if raw.get(k)]
        if parts:
            return f"comparison {index} ({' / '.join(parts)})"
    return f"comparison {index}"


def _validate(model: type[M], raw: Any, name: str, problems: list[str]) -> M | None:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "(whole entry)"
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "missing":
                message = "missing (required)"
            elif err["type"] == "extra_forbidden":
                message = "not a known field"
            problems.append(f"{name}: {where}: {message}")
        return None


def _check_plan_type(plan_type: str, problems: list[str]) -> None:
    if plan_family_of(plan_type) is None:
        known = PlanType._value2member_map_.get(plan_type)
        excluded = plan_type_excluded_from("mhpaea", known) if isinstance(known, PlanType) else None
        if excluded is None and "medicare" in plan_type.lower():
            excluded = plan_type_excluded_from("mhpaea", PlanType.medicare_original)
        if excluded is not None:
            problems.append(f"plan_type: {plan_type!r}: {excluded.why} ({excluded.citation})")
        else:
            problems.append(
                f"plan_type: unknown {plan_type!r}; expected group, individual, medicaid_managed_care or chip"
            )


def resolve_comparison(
    model: QtlComparisonInput | SummaryComparisonInput,
    plan_type: str,
    name: str,
    problems: list[str],
    *,
    index: int | None = None,
    payments: list[Fraction] | None = None,
) -> Comparison | None:
    """Check names and units against the rule tables and turn levels into exact numbers."""
    before = len(problems)
    rtype = requirement_type(model.requirement_type)
    if rtype is None:
        known = ", ".join(r.requirement_type for r in requirement_types())
        problems.append(
            f"{name}: requirement_type: unknown {model.requirement_type!r}; expected one of {known}"
        )
    classes = _classifications_by_name(plan_type)
    row = classes.get(model.classification)
    if row is None and classes:
        problems.append(
            f"{name}: classification: unknown {model.classification!r} for plan type {plan_type}; "
            f"expected one of {', '.join(classes)}"
        )
    subs = sub_classifications_for(plan_type)
    if model.sub_classification is not None:
        allowed = [s.name for s in subs if s.kind == "outpatient_split"]
        if model.sub_classification not in allowed:
            problems.append(
                f"{name}: sub_classification: {model.sub_classification!r} is not permitted; "
                f"only {', '.join(allowed) or 'none for this plan type'}"
            )
        elif row is not None and not row.outpatient:
            problems.append(f"{name}: sub_classification: only outpatient classifications may be split")
    if (
        model.network_tier is not None
        and row is not None
        and (row.network != "in_network" or not any(s.kind == "network_tier" for s in subs))
    ):
        problems.append(f"{name}: network_tier: tiers divide in-network classifications only")
    if model.drug_tier is not None and row is not None and not row.drugs:
        problems.append(f"{name}: drug_tier: only the prescription_drugs classification has drug tiers")
    if rtype is not None:
        if model.unit is not None and model.unit != rtype.unit:
            problems.append(
                f"{name}: unit: a {rtype.label.lower()} is stated in {rtype.unit}, not {model.unit!r}"
            )
        if model.mh_sud_accumulates_separately and not rtype.cumulative:
            problems.append(
                f"{name}: mh_sud_accumulates_separately: only deductibles and out-of-pocket maximums accumulate"
            )
    levels: list[Fraction | None] = []
    mh: Fraction | None = None
    if rtype is not None:
        entries: list[Any] = list(model.medical_surgical)
        for i, entry in enumerate(entries):
            levels.append(_level(entry.level, rtype, f"{name}: medical_surgical[{i}].level", problems))
        mh = _level(model.mh_sud_level, rtype, f"{name}: mh_sud_level", problems)
    if payments is None:
        payments = [e.projected_payments for e in model.medical_surgical]  # type: ignore[union-attr]
        if not any(payments):  # payments are never negative (the model checks), so this is "sum == 0"
            problems.append(
                f"{name}: medical_surgical: projected_payments add up to zero; nothing to measure"
            )
    if len(problems) > before or rtype is None:
        return None
    return Comparison(
        requirement=rtype,
        classification=model.classification,
        rows=tuple(zip(levels, payments, strict=True)),
        mh_sud_level=mh,
        sub_classification=model.sub_classification,
        network_tier=model.network_tier,
        drug_tier=model.drug_tier,
        tiers_set_on_reasonable_factors=getattr(model, "tiers_set_on_reasonable_factors", None),
        coverage_unit=model.coverage_unit,
        mh_sud_accumulates_separately=model.mh_sud_accumulates_separately,
        label=model.label,
        index=index,
    )


@cache
def _classifications_by_name(plan_type: str) -> dict[str, ClassificationRow]:
    """The plan type's classification set indexed once, not per comparison (tables never change)."""
    return {row.classification: row for row in classifications_for(plan_type)}


def _level(raw: Any, rtype: RequirementTypeRow, where: str, problems: list[str]) -> Fraction | None:
    try:
        return parse_level(raw, rtype)
    except (LevelError, ValueError) as exc:
        problems.append(f"{where}: {exc}")
        return None


def load_benefits_summary(path: Path | str) -> tuple[BenefitsSummaryFile, tuple[Comparison, ...]]:
    """Read a benefits summary (levels with stated shares); shares in each comparison must add up to 1."""
    path = Path(path)
    data = read_structured(path)
    return summary_from_data(data, str(path))


def summary_from_data(
    data: Any, source: str = "<input>"
) -> tuple[BenefitsSummaryFile, tuple[Comparison, ...]]:
    problems: list[str] = []
    summary = _validate(BenefitsSummaryFile, data, "summary", problems)
    if summary is None:
        raise ParityInputError(source, problems)
    if summary.kind != "benefits_summary":
        problems.append(f"kind: expected 'benefits_summary', got {summary.kind!r}")
    _check_plan_type(summary.plan_type, problems)
    comparisons = []
    for index, model in enumerate(summary.comparisons, start=1):
        name = f"comparison {index} ({model.classification} / {model.requirement_type})"
        shares = [e.share for e in model.medical_surgical]
        if sum(shares) != 1:
            problems.append(f"{name}: medical_surgical[*].share: the shares add up to {sum(shares)}, not 1")
        resolved = resolve_comparison(model, summary.plan_type, name, problems, index=index, payments=shares)
        if resolved is not None:
            comparisons.append(resolved)
    if problems:
        raise ParityInputError(source, problems)
    return summary, tuple(comparisons)
