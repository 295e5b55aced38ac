"""``mhnotebook letters`` (the kinds) and ``mhnotebook draft`` (one letter from a case file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

#: Options `mhnotebook draft` and `mhnotebook cases draft` share.
KindArgument = Annotated[
    str, typer.Argument(help="Letter kind (see `mhnotebook letters`).", show_default=False)
]
OutputOption = Annotated[
    Path,
    typer.Option(
        "-o", "--output", help="File to write; the extension picks the format: .md, .html, .docx, .pdf."
    ),
]
SignerOption = Annotated[
    str | None, typer.Option(help="Name or NPI of the provider who signs (default: the attending clinician).")
]
AllowGapsOption = Annotated[
    bool,
    typer.Option("--allow-gaps", help="Export even with required facts missing, as visible fill-in markers."),
]


def letters(
    as_json: Annotated[bool, typer.Option("--json", help="Print the kinds as JSON.")] = False,
) -> None:
    """List the letter kinds mhnotebook drafts, with one-line descriptions."""
    from mhnotebook.rendering.letters import letter_kinds
    from mhnotebook.rules.actions import letter_triggers

    triggers = letter_triggers()
    rows = [
        {
            "kind": k.kind,
            "title": k.title,
            "description": k.description,
            "audience": k.audience,
            "voice": k.voice,
            "suggested_by_triage_when": triggers.get(k.kind, []),
            "builtin": k.builtin,
        }
        for k in letter_kinds()
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max(len(k.kind) for k in letter_kinds())
    for r in rows:
        typer.echo(f"{r['kind']:<{width}}  {r['description']}")
    typer.echo("\nDraft one with: mhnotebook draft KIND CASE_FILE -o letter.docx (or .md, .html, .pdf)")


def draft(
    kind: KindArgument,
    case_file: Annotated[Path, typer.Argument(help="A case file (.yaml or .json).", show_default=False)],
    output: OutputOption,
    signer: SignerOption = None,
    today: Annotated[str | None, typer.Option(help="Date the letter (YYYY-MM-DD); default: today.")] = None,
    allow_gaps: AllowGapsOption = False,
) -> None:
    """Draft a letter from a case file and write it as .md, .html, .docx or .pdf."""
    from mhnotebook.cli.triage import _as_of
    from mhnotebook.errors import CaseFileError, LetterError, LetterNotReady
    from mhnotebook.rendering.letters import draft_letter
    from mhnotebook.validation import load_case

    day = _as_of(today, None)
    try:
        case = load_case(case_file)
        letter = draft_letter(kind, case, signer=signer, today=day)
        export = letter.export(output, allow_gaps=allow_gaps)
    except LetterNotReady as exc:
        typer.echo(f"{case_file}: {exc}", err=True)
        raise typer.Exit(2) from None
    except (CaseFileError, LetterError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    for warning in export.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for label, why in letter.readiness.missing_evidence:
        typer.echo(f"stronger with {label}: {why}", err=True)
    for passed in letter.readiness.deadlines_passed:
        typer.echo(f"deadline passed: {passed}", err=True)
    typer.echo(f"wrote {export.path} ({letter.kind.title})")
