"""A validation problem, located by file, line and field path, in a plain sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from mhnotebook.models import Case

Severity = Literal["error", "warning"]
#: A field's position in a case, as pydantic gives it: ``("service", "lines", 0, "code")``.
Loc = tuple[str | int, ...]


def format_loc(loc: Loc) -> str:
    """``("service", "lines", 0, "code")`` -> ``service.lines[0].code``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass(frozen=True)
class Issue:
    """One problem. Errors stop a case from loading; warnings are worth a look but lose nothing."""

    severity: Severity
    message: str
    loc: Loc = ()
    file: str | None = None
    line: int | None = None

    @property
    def field(self) -> str:
        return format_loc(self.loc)

    def located(self, file: str | None, line: int | None) -> Issue:
        return Issue(self.severity, self.message, self.loc, file, line)

    def __str__(self) -> str:
        where = self.file or "<case>"
        if self.line is not None:
            where += f":{self.line}"
        subject = f"{self.field}: " if self.loc else ""
        return f"{where}: {self.severity}: {subject}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "field": self.field or None,
            "message": self.message,
        }


@dataclass(frozen=True)
class ValidationReport:
    """Every problem found in one case file, and the case when it loaded."""

    source: str
    issues: tuple[Issue, ...] = field(default_factory=tuple)
    case: Case | None = None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not self.errors

    def __str__(self) -> str:
        if not self.issues:
            return f"{self.source}: OK"
        head = f"{self.source}: {len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        return "\n".join([head, *(f"  {issue}" for issue in self.issues)])

    def __repr__(self) -> str:
        from pathlib import PurePath

        verdict = "valid" if self.ok else "not valid"
        return (
            f"<ValidationReport {PurePath(self.source).name}: {verdict}, {len(self.errors)} error(s), "
            f"{len(self.warnings)} warning(s)>"
        )

    def _repr_html_(self) -> str:
        import html
        from pathlib import PurePath

        colour = "#166534" if self.ok else "#991b1b"
        verdict = "valid" if self.ok else "not valid"
        # The file's name only: a full path would put the user's folders into saved notebooks.
        name = PurePath(self.source).name or self.source
        items = "".join(
            f"<li><b>{html.escape(i.severity)}</b> {html.escape(i.field or '')}"
            f"{' (line ' + str(i.line) + ')' if i.line else ''}: {html.escape(i.message)}</li>"
            for i in self.issues
        )
        return (
            f'<div><span style="color:{colour};font-weight:bold">{html.escape(name)}: '
            f"{verdict}</span>{'<ul>' + items + '</ul>' if items else ''}</div>"
        )


def sort_issues(issues: Sequence[Issue]) -> tuple[Issue, ...]:
    """Errors first, then in file order."""
    return tuple(sorted(issues, key=lambda i: (i.severity != "error", i.line or 0)))
