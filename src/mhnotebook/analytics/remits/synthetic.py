"""Synthetic 835 remittances: from the sample cases (shipped) and at scale (benchmarks, tests).

The real X12 files stay test-only, so the notebook's default folder holds 835s written here from the
synthetic sample cases: fictional payer and provider identifiers, the case's own (made-up) codes
and amounts, and an ISA marked as test data (ISA15 = T) sent by ``SYNTHETIC``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from mhnotebook.models.codes import is_remark_code, split_adjustment_code

if TYPE_CHECKING:
    import pandas as pd

    from mhnotebook.models import Case

#: Made-up fees for lines whose case gives no charge (synthetic, not a fee schedule): per unit, and
#: per unit when a line bills many short time units (ABA, 15-minute codes).
SYNTHETIC_FEE_PER_UNIT = 150.0
SYNTHETIC_FEE_PER_TIME_UNIT = 25.0
README_NAME = "README.md"


@dataclass(frozen=True)
class SynthLine:
    """One service line to write: the adjustments take ``charge - paid`` apart between them."""

    code: str
    charge: float
    paid: float
    units: float = 1
    service_date: date | None = None
    adjustments: tuple[tuple[str, str, float], ...] = ()
    """(group, CARC, amount) triples, written as one CAS per group."""
    rarcs: tuple[str, ...] = ()


@dataclass(frozen=True)
class SynthClaim:
    """One claim to write (CLP) with its lines; ``status`` is CLP02 (1 processed, 4 denied, 22 reversal)."""

    account: str
    status: str
    lines: tuple[SynthLine, ...]
    patient_name: tuple[str, str] = ("PATIENT", "SYNTHETIC")
    member_id: str = "SYN0000000"
    payer_claim_number: str = "SYN-CLAIM"
    filing_indicator: str = "CI"
    claim_adjustments: tuple[tuple[str, str, float], ...] = ()

    @property
    def charge(self) -> float:
        return round(sum(line.charge for line in self.lines), 2)

    @property
    def paid(self) -> float:
        return round(sum(line.paid for line in self.lines), 2)

    @property
    def patient_responsibility(self) -> float:
        return round(sum(a[2] for line in self.lines for a in line.adjustments if a[0] == "PR"), 2)


@dataclass(frozen=True)
class SynthRemit:
    """One 835 transaction: a payer pays (or denies) claims for one payee on one date."""

    payer_name: str
    payer_id: str
    payee_name: str
    payee_npi: str
    remit_date: date
    claims: tuple[SynthClaim, ...]
    control_number: int = 1
    notes: tuple[str, ...] = field(default_factory=tuple)


def _money(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _clean(text: str, limit: int = 60) -> str:
    """Text made safe for an X12 element (no separators) and upper-cased like payers send it."""
    for separator in "*:~^\n\r":
        text = text.replace(separator, " ")
    return " ".join(text.split()).upper()[:limit]


def write_835(remit: SynthRemit) -> str:
    """The X12 835 (5010) text of ``remit``, one segment per line, ``*`` ``:`` ``~`` separators."""
    day = remit.remit_date
    control = f"{remit.control_number:09d}"
    total = sum(c.paid for c in remit.claims)
    segments = [
        f"ISA*00*{'':10}*00*{'':10}*ZZ*{'SYNTHETIC':15}*ZZ*{'SYNTHPRACTICE':15}*{day:%y%m%d}*1200*^*00501*{control}*0*T*:",
        f"GS*HP*SYNTHETIC*SYNTHPRACTICE*{day:%Y%m%d}*1200*{remit.control_number}*X*005010X221A1",
        f"ST*835*{remit.control_number:04d}*005010X221A1",
        f"BPR*{'I' if total else 'H'}*{_money(total)}*C*{'CHK' if total else 'NON'}************{day:%Y%m%d}",
        f"TRN*1*SYNTHETIC{remit.control_number:06d}*1999999999",
        f"DTM*405*{day:%Y%m%d}",
        f"N1*PR*{_clean(remit.payer_name)}*XV*{remit.payer_id}",
        f"N1*PE*{_clean(remit.payee_name)}*XX*{remit.payee_npi}",
        "LX*1",
    ]
    for claim in remit.claims:
        segments.append(
            f"CLP*{claim.account}*{claim.status}*{_money(claim.charge)}*{_money(claim.paid)}*"
            f"{_money(claim.patient_responsibility)}*{claim.filing_indicator}*{claim.payer_claim_number}*11"
        )
        segments.extend(_cas(claim.claim_adjustments))
        last, first = claim.patient_name
        segments.append(f"NM1*QC*1*{_clean(last, 35)}*{_clean(first, 25)}****MI*{claim.member_id}")
        for line in claim.lines:
            segments.append(
                f"SVC*HC:{line.code}*{_money(line.charge)}*{_money(line.paid)}**{_money(line.units)}"
            )
            if line.service_date:
                segments.append(f"DTM*472*{line.service_date:%Y%m%d}")
            segments.extend(_cas(line.adjustments))
            segments.extend(f"LQ*HE*{code}" for code in line.rarcs)
    count = len(segments) - 2 + 1  # from ST to SE inclusive
    segments += [f"SE*{count}*{remit.control_number:04d}", f"GE*1*{remit.control_number}", f"IEA*1*{control}"]
    return "".join(f"{s}~\n" for s in segments)


def _cas(adjustments: Sequence[tuple[str, str, float]]) -> list[str]:
    by_group: dict[str, list[str]] = {}
    for group, carc, amount in adjustments:
        by_group.setdefault(group, []).append(f"{carc}*{_money(amount)}")
    out = []
    for group, pairs in by_group.items():
        for start in range(0, len(pairs), 6):  # a CAS holds at most six reasons
            out.append(f"CAS*{group}*" + "**".join(pairs[start : start + 6]))
    return out


# --- from the sample cases -------------------------------------------------------------------------

_FILING = {"medicaid": "MC", "chip": "MC", "medicare": "MB", "medicare_advantage": "16", "part_d": "16"}


def remit_from_case(case: Case, control_number: int) -> SynthRemit | None:
    """A synthetic 835 for a sample case with service lines (None for cases without any)."""
    lines = [line for line in case.service.lines if line.date is not None]
    if not lines:
        return None
    case_codes = [str(c) for c in (case.denial.codes if case.denial else [])]
    written = []
    for line in lines:
        units = line.units or 1
        fee = SYNTHETIC_FEE_PER_UNIT if units <= 40 else SYNTHETIC_FEE_PER_TIME_UNIT
        charge = line.charge if line.charge is not None else fee * units
        codes = [str(c) for c in line.codes] or case_codes
        carcs = [split_adjustment_code(c) for c in codes if not is_remark_code(c)]
        rarcs = tuple(c for c in codes if is_remark_code(c))
        if line.paid is not None:
            paid = line.paid
        elif carcs:
            paid = 0.0
        else:  # a case with no denial codes: paid at a made-up 70% with a contractual write-down
            paid = round(charge * 0.7, 2)
            carcs = [("CO", "45")]
        rest = round(charge - paid, 2)
        share = round(rest / len(carcs), 2) if carcs else 0.0
        amounts = [share] * len(carcs)
        if amounts:
            amounts[-1] = round(rest - share * (len(carcs) - 1), 2)
        written.append(
            SynthLine(
                code=str(line.code),
                charge=round(charge, 2),
                paid=round(paid, 2),
                units=line.units or 1,
                service_date=line.date,
                adjustments=tuple((g or "CO", c, a) for (g, c), a in zip(carcs, amounts, strict=True)),
                rarcs=rarcs,
            )
        )
    status = "4" if all(line.paid == 0 for line in written) else "1"
    names = case.patient.name.split()
    plan = case.plan
    latest = max(line.date for line in lines if line.date is not None)
    claim = SynthClaim(
        account=f"SYN{control_number:04d}",
        status=status,
        lines=tuple(written),
        patient_name=(names[-1], " ".join(names[:-1]) or names[0]),
        member_id=f"SYN{control_number:07d}",
        payer_claim_number=f"SYN-{control_number:04d}-{latest:%y%m%d}",
        filing_indicator=_FILING.get(plan.plan_type.value, "CI"),
    )
    return SynthRemit(
        payer_name=plan.insurer.split(" (")[0],
        payer_id=f"SYNP{control_number:03d}",
        payee_name=(case.service.facility or "Synthetic Example Practice"),
        payee_npi=f"99999{control_number:05d}",
        remit_date=latest + timedelta(days=21),
        claims=(claim,),
        control_number=control_number,
    )


def sample_remits() -> dict[str, str]:
    """File name → 835 text for every sample case that has dated service lines."""
    from mhnotebook.paths import sample_case_paths
    from mhnotebook.validation import load_case

    out = {}
    for number, path in enumerate(sample_case_paths(), start=1):
        remit = remit_from_case(load_case(path), number)
        if remit is not None:
            out[f"{path.stem}.835"] = write_835(remit)
    return out


def write_sample_remits(folder: Path) -> list[Path]:
    """(Re)write the shipped synthetic 835s into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in sample_remits().items():
        target = folder / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


# --- at scale (benchmarks) -------------------------------------------------------------------------


def synthetic_practice_frames(
    n_lines: int, *, seed: int = 0, lines_per_claim: int = 4
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Claims, service lines and adjustments frames shaped like the reader's, for ``n_lines`` lines.

    Random but reproducible (``seed``): 12 payers, 24 months, one or two adjustments per line
    drawn from contractual, cost-sharing and denial codes; about one claim in twenty denied whole.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    n_claims = max(1, n_lines // lines_per_claim)
    claim_ids = np.arange(n_claims)
    months = pd.date_range("2024-01-01", periods=24, freq="MS")
    payers = np.array([f"Synthetic Payer {i:02d}" for i in range(12)])
    status = np.where(rng.random(n_claims) < 0.05, "4", "1")
    claims = pd.DataFrame(
        {
            "claim_id": claim_ids,
            "file": "synthetic",
            "payer_name": pd.Categorical(payers[rng.integers(0, 12, n_claims)]),
            "payer_id": "SYNP",
            "remit_date": months[rng.integers(0, 24, n_claims)],
            "status": pd.Categorical(status),
            "charge": 0.0,
            "paid": 0.0,
        }
    )
    line_claim = np.repeat(claim_ids, lines_per_claim)[:n_lines]
    charge = np.round(rng.uniform(50, 400, n_lines), 2)
    codes = [("CO", "45"), ("PR", "2"), ("PR", "3"), ("CO", "50"), ("CO", "197"), ("CO", "97"), ("CO", "16"),
             ("CO", "29"), ("PR", "119"), ("CO", "242"), ("CO", "96"), ("OA", "23")]  # fmt: skip
    weights = np.array([40, 15, 10, 5, 4, 6, 5, 2, 3, 2, 3, 5], dtype=float)
    pick = rng.choice(len(codes), size=n_lines, p=weights / weights.sum())
    denied_code = np.isin(pick, [3, 4, 5, 6, 7, 8, 9, 10])
    claim_denied = status[line_claim] == "4"
    paid = np.where(denied_code | claim_denied, 0.0, np.round(charge * 0.7, 2))
    lines = pd.DataFrame(
        {
            "claim_id": line_claim,
            "line_id": np.arange(n_lines),
            "procedure_code": pd.Categorical(
                rng.choice(["90837", "90834", "90791", "H0015", "S9480"], n_lines)
            ),
            "charge": charge,
            "paid": paid,
            "service_date": claims["remit_date"].to_numpy()[line_claim],
            "rarcs": "",
        }
    )
    groups = np.array([c[0] for c in codes])
    carcs = np.array([c[1] for c in codes])
    adjustments = pd.DataFrame(
        {
            "claim_id": line_claim,
            "line_id": pd.array(np.arange(n_lines), dtype="Int64"),
            "level": "line",
            "group": pd.Categorical(groups[pick]),
            "carc": pd.Categorical(carcs[pick]),
            "amount": np.round(charge - paid, 2),
            "quantity": np.nan,
            "rarcs": pd.Categorical(np.where(pick == 6, "N290", "")),
        }
    )
    return claims, lines, adjustments
