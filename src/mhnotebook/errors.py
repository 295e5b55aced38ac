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


class RemittanceError(MhnotebookError, ValueError):
    """An X12 835 remittance file could not be read; names the file and the segment where it broke.

    ``segment`` is the 1-based position of the segment in the file (``None`` when the problem is the
    file as a whole) and ``line`` the 1-based text line, when the file has line breaks.
    """

    def __init__(
        self, source: str, message: str, *, segment: int | None = None, line: int | None = None
    ) -> None:
        self.source = source
        self.message = message
        self.segment = segment
        self.line = line
        where = ""
        if segment is not None:
            where = f", segment {segment}" + (f" (line {line})" if line is not None else "")
        super().__init__(f"{source}{where}: {message}")

    def as_dict(self) -> dict[str, object]:
        return {"file": self.source, "segment": self.segment, "line": self.line, "message": self.message}


class ClaimsCsvError(MhnotebookError, ValueError):
    """A practice's claims export (CSV) could not be read; names the file, line and column."""

    def __init__(self, source: str, message: str, *, line: int | None = None) -> None:
        self.source = source
        self.message = message
        self.line = line
        where = f", line {line}" if line is not None else ""
        super().__init__(f"{source}{where}: {message}")


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


class LetterError(MhnotebookError, ValueError):
    """A letter cannot be drafted: unknown kind, malformed template or manifest, unknown signer."""


class LetterNotReady(LetterError):
    """Export refused: required facts are missing. ``missing`` lists every one, as plain labels."""

    def __init__(self, kind: str, missing: list[str]) -> None:
        self.kind = kind
        self.missing = missing
        super().__init__(
            f"the {kind} letter cannot be exported yet; fill in: {'; '.join(missing)} "
            "(or export with visible fill-in markers)"
        )


class FormDraftError(MhnotebookError, ValueError):
    """A saved (autosaved) form cannot be read back: damaged, or not an mhnotebook form file."""


class StoreError(MhnotebookError, RuntimeError):
    """The case store could not read or save; nothing was half-saved (every write is one transaction).

    The message says what was being done and why it failed, in words; it never carries the SQL
    parameters (patient data) or a database password.
    """


class StoreConfigError(StoreError, ValueError):
    """The case store's location or credentials are unusable (``MHNOTEBOOK_DB``, password file...)."""


class CaseNotFound(StoreError, KeyError):
    """No case with that key in the store; the message lists the keys that are there (a few)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class CaseExists(StoreError):
    """A case with that key is already in the store; nothing was overwritten."""
