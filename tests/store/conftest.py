"""Store fixtures: a fresh, empty database per test (SQLite here; the PostgreSQL server joins later)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite"], ids=["sqlite"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return str(tmp_path / "cases.sqlite")
