"""Every exception mhnotebook raises, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mhnotebook.validation.issues import ValidationReport


class MhnotebookError(Exception):
    """Base class: catch this to handle any mhnotebook problem."""


class CaseFileError(MhnotebookError, ValueError):
    """A case file could not be loaded; ``report`` lists every problem with file, line and field."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        super().__init__(str(report))


class DataDirError(MhnotebookError, OSError):
    """The user data directory is unsafe or unusable (inside the checkout, shared with others...)."""


class ParityInputError(MhnotebookError, ValueError):
    """A parity input file (plan benefits, benefits summary, NQTL workbook) could not be used.

    ``problems`` lists every problem found, each naming the comparison (index, classification and
    type) and the field, so a researcher can fix the file in one pass.
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s)\n{lines}")


class DatasetError(MhnotebookError, ValueError):
    """A public dataset file could not be read as what it claims to be.

    The message names the file and the place (sheet, row, column or line) and what was expected;
    nothing half-loaded is returned.
    """

    def __init__(self, path: object, place: str, problem: str) -> None:
        self.path = str(path)
        self.place = place
        self.problem = problem
        super().__init__(f"{self.path}: {place}: {problem}" if place else f"{self.path}: {problem}")
