"""The catalogue of shipped synthetic cases: what each one demonstrates, at a glance."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mhnotebook.paths import sample_case_path, sample_case_paths, user_data_dir
from mhnotebook.validation import load_case, save_case

#: The day the sample cases were written against: notebooks triage samples as of this day so their
#: stored outputs stay the same from one run to the next (your own cases use today).
SAMPLE_AS_OF = date(2026, 11, 22)


@dataclass(frozen=True)
class SampleEntry:
    """One sample case file and the facts that tell samples apart."""

    name: str
    label: str
    plan_type: str
    stage: str
    codes: str
    risk: bool
    path: Path


@dataclass(frozen=True)
class SampleCatalogue:
    """All samples; shows as a table in Jupyter and as text in a terminal."""

    entries: tuple[SampleEntry, ...]

    def __len__(self) -> int:
        return len(self.entries)

    def __str__(self) -> str:
        return "\n".join(f"{e.name:38s} {e.plan_type:45s} {e.label}" for e in self.entries)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(
            f"<th style='text-align:left'>{h}</th>"
            for h in ("Sample", "What it shows", "Plan type", "Stage", "Codes", "Risk recorded")
        )
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td style='text-align:left'>{html.escape(str(v))}</td>"
                for v in (e.name, e.label, e.plan_type, e.stage, e.codes, "yes" if e.risk else "")
            )
            + "</tr>"
            for e in self.entries
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def sample_catalogue() -> SampleCatalogue:
    """Load every shipped sample (all synthetic) and describe it in one row."""
    entries = []
    for path in sample_case_paths():
        case = load_case(path)
        denial = case.denial
        entries.append(
            SampleEntry(
                name=path.stem,
                label=case.display_label,
                plan_type=case.plan.plan_type.label,
                stage=denial.stage.label if denial and denial.stage else "",
                codes=", ".join(denial.codes) if denial else "",
                risk=bool(case.clinical.risk),
                path=path,
            )
        )
    return SampleCatalogue(tuple(entries))


def start_case_from_sample(name: str, sample: str) -> Path:
    """Copy a sample into the private cases folder as the start of a real case; returns its path.

    The copy is marked not synthetic and loses the sample's id, label and notes, so nothing of the
    made-up story is mistaken for the user's. Refuses to overwrite an existing case.
    """
    if not name or Path(name).name != name or name.startswith("."):
        raise ValueError(f"{name!r}: give a plain file name such as 'avery-residential'")
    target = user_data_dir("cases") / (name if name.endswith((".yaml", ".yml")) else f"{name}.yaml")
    if target.exists():
        raise FileExistsError(f"{target} already exists; choose another name")
    case = load_case(sample_case_path(sample))
    fresh = case.model_copy(update={"synthetic": False, "case_id": target.stem, "label": None, "notes": None})
    return save_case(fresh, target)
