"""Real public data from ../shared/data/real beside the checkout (CI has it; skip only if absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "data" / "real"
PUF_FILES = {
    2021: "tc-puf-py2023_claims2021.xlsx",
    2022: "tc-puf-py2024_claims2022.xlsx",
    2023: "tc-puf-py2025_claims2023.xlsx",
    2024: "tc-puf-py2026_claims2024.xlsx",
}


@pytest.fixture(autouse=True)
def _no_progress_bars(monkeypatch):
    monkeypatch.setenv("MHNOTEBOOK_PROGRESS", "0")


@pytest.fixture(scope="session")
def real_dir() -> Path:
    if not REAL.is_dir():
        pytest.skip(f"real data folder {REAL} is absent")
    return REAL


@pytest.fixture(scope="session")
def puf_by_year(real_dir):
    """Every real PUF workbook, loaded once for the session (about 3 s each)."""
    from mhnotebook.analytics.tic_puf import load_tic_puf

    return {year: load_tic_puf(real_dir / "tic-puf" / name) for year, name in PUF_FILES.items()}
