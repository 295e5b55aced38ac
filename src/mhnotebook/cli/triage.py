"""``mhnotebook triage``: what kind of denial, which clocks run, who to escalate to, what to do."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer


def _as_of(today: str | None, as_of: str | None) -> date | datetime | None:
    if today and as_of:
        raise typer.BadParameter("give --today or --as-of, not both")
    if today:
        try:
            return date.fromisoformat(today)
        except ValueError:
            raise typer.BadParameter(f"--today {today!r} is not a date like 2026-03-14") from None
    if as_of:
        try:
            moment = datetime.fromisoformat(as_of.replace("Z", "+00:00"))
        except ValueError:
            raise typer.BadParameter(
                f"--as-of {as_of!r} is not a date-time like 2026-03-14T09:30:00-05:00"
            ) from None
        if moment.tzinfo is None:
            raise typer.BadParameter("--as-of needs a UTC offset, e.g. 2026-03-14T09:30:00-05:00")
        return moment
    return None


def triage(
    case_file: Annotated[Path, typer.Argument(help="A case file (.yaml or .json).", show_default=False)],
    today: Annotated[str | None, typer.Option(help="Judge deadlines as of this day (YYYY-MM-DD).")] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Judge deadlines as of this moment (ISO date-time with offset)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the triage as JSON.")] = False,
) -> None:
    """Triage a denial: crisis resources, expedited review, paths, deadlines, law, escalation, actions."""
    from mhnotebook.errors import CaseFileError
    from mhnotebook.rules.triage import triage_case
    from mhnotebook.validation import load_case

    moment = _as_of(today, as_of)
    try:
        case = load_case(case_file)
    except CaseFileError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    result = triage_case(case, as_of=moment)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
    else:
        typer.echo(result.text(), nl=False)
