"""Sample cases and their drafted letters, loaded once for every letter test module."""

from __future__ import annotations

from functools import cache

from mhnotebook.models import Case
from mhnotebook.paths import sample_case_path, sample_case_paths
from mhnotebook.rendering.letters import Letter, draft_letter
from mhnotebook.validation import load_case
from tests.conftest import TODAY

SAMPLES = [p.stem for p in sample_case_paths()]


@cache
def case_of(sample: str) -> Case:
    return load_case(sample_case_path(sample))


@cache
def letter_of(kind: str, sample: str) -> Letter:
    """The letter for a sample, drafted on the samples' day (cached: letters are immutable)."""
    return draft_letter(kind, case_of(sample), today=TODAY)


def flat(text: str) -> str:
    """Whitespace collapsed, so facts are found across line wraps."""
    return " ".join(text.split())
