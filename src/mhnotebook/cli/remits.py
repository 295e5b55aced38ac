"""``mhnotebook remits``: read 835 remittance files and say where the denials come from."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def remits(
    paths: Annotated[
        list[Path],
        typer.Argument(help="835 files or folders of them (read recursively).", show_default=False),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON only.")] = False,
    show_identifiers: Annotated[
        bool,
        typer.Option("--show-identifiers", help="Show patient names and member IDs (masked by default)."),
    ] = False,
) -> None:
    """Count claims, service lines, adjustments and denied lines in 835 remittances, by CARC and path.

    A file that cannot be read is reported with its segment and skipped; the others are still
    counted. Exits 1 when any file failed.
    """
    from mhnotebook.analytics.remits.denials import find_denied_lines
    from mhnotebook.analytics.remits.metrics import appeal_candidates, denials_by, remits_report
    from mhnotebook.analytics.remits.reader import read_remittances

    batch = read_remittances(paths, unmask=show_identifiers, progress=False if as_json else None)
    denied = find_denied_lines(batch)
    report = remits_report(batch, denied)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
    else:
        typer.echo(
            f"{report['files']} file(s), {report['files_read']} read: {report['claims']} claims, "
            f"{report['service_lines']} service lines, {report['adjustments']} adjustments"
        )
        typer.echo(
            f"{report['denied_lines']} denied line(s), {report['denied_amount']:.2f} denied, "
            f"{report['worth_appealing']} look worth appealing"
        )
        if report["by_path"]:
            typer.echo("\nby path (lines, worth appealing):")
            for row in denials_by(denied, "path").itertuples(index=False):
                typer.echo(f"  {row.denied_lines:6d}  {row.worth_appealing:6d}  {row.path}")
            typer.echo("\nby CARC:")
            for code, count in list(report["by_carc"].items())[:15]:
                typer.echo(f"  {count:6d}  {code}")
        candidates = appeal_candidates(denied)
        if len(candidates):
            typer.echo("\nlargest worth appealing:")
            for row in candidates.head(10).itertuples(index=False):
                typer.echo(
                    f"  {row.denied_amount:10.2f}  {row.payer_name[:30]:30s}  {row.code:8s}  {row.action}"
                )
        for error in batch.errors:
            typer.echo(f"error: {error}", err=True)
        if batch.masked:
            typer.echo("\n(patient names and member IDs masked; --show-identifiers to show them)")
    raise typer.Exit(1 if batch.errors else 0)
