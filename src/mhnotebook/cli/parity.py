"""``mhnotebook parity``: the MHPAEA quantitative tests and NQTL comparative analyses from files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

parity_app = typer.Typer(
    help="Mental health parity (MHPAEA): QTL tests on a plan's benefits, NQTL comparative analyses.",
    no_args_is_help=True,
)

FileArg = Annotated[
    Path, typer.Argument(help="A plan benefit file (.yaml, .yml, .json or .csv).", show_default=False)
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only.")]


@parity_app.command()
def qtl(file: FileArg, as_json: JsonOpt = False) -> None:
    """Run the substantially-all and predominant tests (29 CFR 2590.712(c)(3)) on a plan file.

    A benefits summary (kind: benefits_summary) gets a sensitivity table instead: which conclusions
    hold across the plausible payment shares and which flip.
    """
    from mhnotebook.errors import ParityInputError
    from mhnotebook.rules.parity.dollar_limits import evaluate_dollar_limit
    from mhnotebook.rules.parity.plan_file import plan_from_data, read_structured, summary_from_data
    from mhnotebook.rules.parity.qtl import evaluate_plan
    from mhnotebook.rules.parity.sensitivity import analyse_summary

    try:
        data = read_structured(file)
        if isinstance(data, dict) and data.get("kind") == "benefits_summary":
            summary, comparisons = summary_from_data(data, str(file))
            analyses = analyse_summary(summary, comparisons)
            if as_json:
                typer.echo(json.dumps([a.as_json() for a in analyses], indent=2))
            else:
                _print_sensitivity(analyses)
            return
        plan = plan_from_data(data, str(file))
        verdict = evaluate_plan(plan.comparisons, [evaluate_dollar_limit(d) for d in plan.dollar_limits])
    except (ParityInputError, ValueError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    if as_json:
        payload = verdict.results[0].as_json() if plan.single else verdict.as_json()
        typer.echo(json.dumps(payload, indent=2))
        return
    if plan.synthetic:
        typer.echo("[SYNTHETIC SAMPLE]")
    for result in verdict.results:
        c = result.comparison
        mark = "permitted" if result.mh_sud_permitted else "NOT PERMITTED"
        typer.echo(f"\n== {c.label or c.where}: {c.type_name} in {c.where}: MH/SUD level {mark}")
        for step in result.explanation:
            typer.echo(f"   {step}")
    for limit in verdict.dollar_limits:
        mark = "permitted" if limit.mh_sud_permitted else "NOT PERMITTED"
        typer.echo(f"\n== {limit.comparison.label or 'dollar limit'} ({limit.comparison.limit_kind}): {mark}")
        for step in limit.explanation:
            typer.echo(f"   {step}")
    typer.echo(f"\n{verdict.summary()}")


def _print_sensitivity(analyses: tuple) -> None:
    for analysis in analyses:
        c = analysis.stated.comparison
        typer.echo(f"\n== {c.label or c.where}: {c.type_name} in {c.where}")
        for step in analysis.stated.explanation:
            typer.echo(f"   {step}")
        typer.echo("   Sensitivity to the stated shares:")
        for name, holds in analysis.robust().items():
            flips = analysis.flips(name)
            typer.echo(
                f"     {name}: " + ("holds in every scenario" if holds else f"FLIPS when {'; '.join(flips)}")
            )


@parity_app.command()
def nqtl(
    file: Annotated[Path, typer.Argument(help="An NQTL workbook (.yaml).", show_default=False)],
    as_json: JsonOpt = False,
    report: Annotated[
        Path | None, typer.Option(help="Write a report with provenance: OUT.html or OUT.pdf.")
    ] = None,
) -> None:
    """Compare an NQTL's MH/SUD and medical/surgical sides, test outcome differences, flag warning signs.

    A flag says a difference NEEDS EXPLANATION; it never declares a violation.
    """
    from mhnotebook.analytics.parity_nqtl import analyse_workbook
    from mhnotebook.errors import ParityInputError

    try:
        analysis = analyse_workbook(file)
    except ParityInputError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    if report is not None:
        from mhnotebook.analytics.parity_report import write_nqtl_report

        try:
            written = write_nqtl_report(analysis, report)
        except ValueError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        if not as_json:
            typer.echo(f"report written: {written}")
    if as_json:
        typer.echo(json.dumps(analysis.as_json(), indent=2))
        return
    typer.echo(analysis.as_text())
