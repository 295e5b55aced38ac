"""Validation at the edge: case files and form data in, every problem out in plain sentences."""

from mhnotebook.validation.casefile import (
    dump_case,
    load_case,
    save_case,
    validate_case_data,
    validate_case_file,
)
from mhnotebook.validation.consistency import check_case
from mhnotebook.validation.issues import Issue, ValidationReport

__all__ = [
    "Issue",
    "ValidationReport",
    "check_case",
    "dump_case",
    "load_case",
    "save_case",
    "validate_case_data",
    "validate_case_file",
]
