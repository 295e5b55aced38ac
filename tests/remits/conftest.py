"""Fixtures for the remittance tests: the real 835 files (test-only) and an independent counter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
REAL_835 = REPO_ROOT.parent / "shared" / "data/real/x12-835"


def real_835_files() -> list[Path]:
    """Every file in the shared real-data folder except its provenance notes."""
    if not REAL_835.is_dir():
        return []
    return sorted(
        p
        for p in REAL_835.rglob("*")
        if p.is_file()
        and p.name not in ("PROVENANCE.md", "SHA256SUMS")
        and not any(part.startswith(".") for part in p.relative_to(REAL_835).parts)
    )


@pytest.fixture
def real_835_dir() -> Path:
    if not REAL_835.is_dir():
        pytest.skip(f"the shared real 835 files are not at {REAL_835}")
    return REAL_835


def independent_counts(path: Path) -> dict[str, int]:
    """CLP, SVC and CAS (group + reason pairs) counted without the reader's separator logic.

    Splits on every character that ends a segment in these files (``~`` and line breaks), takes
    ``*`` as the element separator (true of every real file here), and counts the non-empty reason
    codes at CAS02, 05, 08, 11, 14 and 17.
    """
    text = path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
    counts = {"CLP": 0, "SVC": 0, "CAS": 0}
    for segment in re.split(r"[~\r\n]+", text):
        elements = segment.strip().split("*")
        tag = elements[0]
        if tag in ("CLP", "SVC"):
            counts[tag] += 1
        elif tag == "CAS":
            counts["CAS"] += sum(1 for i in range(2, 19, 3) if i < len(elements) and elements[i].strip())
    return counts
