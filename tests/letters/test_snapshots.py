"""Snapshots: every letter kind for three sample cases (ERISA, Medicaid managed care, Original Medicare).

A change to a template, a macro, the context or a rule table that changes a letter shows here as a
diff to read, the way a recipient would read the letter. Regenerate on purpose with
``MHNOTEBOOK_UPDATE_SNAPSHOTS=1 pytest tests/letters/test_snapshots.py`` and review the diff in git.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from mhnotebook.paths import sample_case_path
from mhnotebook.rendering.letters import draft_letter, letter_kinds
from mhnotebook.validation import load_case
from tests.conftest import TODAY

SNAPSHOTS = Path(__file__).parent / "snapshots"
SAMPLES = ("not-medically-necessary-iop", "out-of-network-network-gap", "missed-deadline-original-medicare")


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("kind", [k.kind for k in letter_kinds() if k.builtin])
def test_the_letter_matches_its_snapshot(kind: str, sample: str) -> None:
    markdown = draft_letter(kind, load_case(sample_case_path(sample)), today=TODAY).markdown
    path = SNAPSHOTS / f"{kind}--{sample}.md"
    if os.environ.get("MHNOTEBOOK_UPDATE_SNAPSHOTS") == "1":
        path.write_text(markdown, encoding="utf-8")
    assert path.is_file(), f"no snapshot {path.name}: run with MHNOTEBOOK_UPDATE_SNAPSHOTS=1 and review it"
    expected = path.read_text(encoding="utf-8")
    if markdown != expected:
        diff = "\n".join(
            difflib.unified_diff(expected.splitlines(), markdown.splitlines(), "snapshot", "now", lineterm="")
        )
        pytest.fail(f"{kind} for {sample} changed:\n{diff[:3000]}")


def test_no_snapshot_is_left_for_a_kind_that_is_gone() -> None:
    kinds = {k.kind for k in letter_kinds() if k.builtin}
    for path in SNAPSHOTS.glob("*.md"):
        assert path.name.split("--")[0] in kinds, f"stale snapshot {path.name}"
