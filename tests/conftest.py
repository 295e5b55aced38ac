"""Shared fixtures: a fixed 'today', a private temporary data directory, case-file helpers."""

from __future__ import annotations

import os
import tempfile
import textwrap
from datetime import date
from pathlib import Path

import pytest

#: Tests never read the wall clock: every date-dependent check is judged against this day.
TODAY = date(2026, 11, 22)

MINIMAL_CASE = """\
schema_version: 1
synthetic: true
patient:
  name: Test Person
plan:
  insurer: Example Plan
  plan_type: erisa_group
service:
  description: outpatient psychotherapy
"""


def pytest_configure(config: pytest.Config) -> None:
    """The whole run, the notebooks' kernels included, uses a throwaway data folder.

    nbval's kernels inherit this process's environment, and notebooks 01, 02, 03 and 09 open the
    case log in the data folder: without this a test run would write into the user's real one.
    """
    os.environ["MHNOTEBOOK_DATA_DIR"] = tempfile.mkdtemp(prefix="mhnotebook-test-data-")


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data directory; nothing touches the real one."""
    target = tmp_path / "user-data"
    monkeypatch.setenv("MHNOTEBOOK_DATA_DIR", str(target))
    return target


@pytest.fixture
def write_case(tmp_path: Path):
    """Write YAML text (dedented) to a case file and return its path."""

    def write(text: str, name: str = "case.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write
