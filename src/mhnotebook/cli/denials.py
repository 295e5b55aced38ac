"""``mhnotebook denials``: headline figures from public denial datasets (CMS PUF, California IMR)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

denials_app = typer.Typer(
    help="Denial and external-review figures from public datasets, with every filter stated.",
    no_args_is_help=True,
)


def _fail(exc: Exception) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


@denials_app.command("tic-puf")
def tic_puf(
    paths: Annotated[
        list[Path], typer.Argument(help="PUF workbooks (.xlsx) and/or the panel (.csv).", show_default=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only.")] = False,
    state: Annotated[
        list[str] | None, typer.Option(help="Only these states (repeatable), e.g. --state TX.")
    ] = None,
    exclude_anomalies: Annotated[
        bool, typer.Option(help="Leave out issuers whose figures are flagged (denied > received...).")
    ] = False,
) -> None:
    """Denial rates, reasons and internal appeals per claims year from CMS Transparency in Coverage PUFs."""
    from mhnotebook.analytics.denial_metrics import PufFilters, summarize_years
    from mhnotebook.analytics.tic_dataset import load_tic_dataset
    from mhnotebook.errors import DatasetError

    try:
        data = load_tic_dataset(paths, show_progress=None if not as_json else False)
    except DatasetError as exc:
        _fail(exc)
    filters = PufFilters(states=tuple(s.upper() for s in state or ()), exclude_anomalies=exclude_anomalies)
    summary = summarize_years(data.issuers, data.reasons, filters)
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return
    for year in summary:
        typer.echo(
            f"claims year {year['claims_year']}: {year['issuers']} issuers, in-network denial rate "
            f"{_pct(year['in_network_denial_rate'])}, out-of-network {_pct(year['out_of_network_denial_rate'])}, "
            f"internal appeals overturned {_pct(year['internal_appeal_overturn_rate'])}  [{year['source']}]"
        )
    typer.echo("\nfilters:")
    for line in summary[-1]["filters"] if summary else []:
        typer.echo(f"  - {line}")
    typer.echo(f"\n{data.provenance().caveat}")


@denials_app.command("imr")
def imr(
    path: Annotated[
        Path, typer.Argument(help="A DMHC IMR CSV (2016-era ';' file or the current official CSV).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only.")] = False,
    year: Annotated[list[int] | None, typer.Option(help="Only these report years (repeatable).")] = None,
    review_type: Annotated[
        list[str] | None, typer.Option("--type", help="Only these review types, e.g. 'Medical Necessity'.")
    ] = None,
) -> None:
    """California IMR overturn rates: overall and MH/SUD vs other care, with Wilson 95% intervals."""
    from mhnotebook.analytics.imr import describe_grouping, grouping_sentence, load_imr
    from mhnotebook.analytics.imr_metrics import filter_decisions, summarize_imr
    from mhnotebook.errors import DatasetError

    try:
        data = load_imr(path)
    except DatasetError as exc:
        _fail(exc)
    kept, said = filter_decisions(
        data.decisions, years=tuple(year or ()), review_types=tuple(review_type or ())
    )
    provenance = data.provenance(tuple(said))
    summary = summarize_imr(kept, describe_grouping(), [grouping_sentence(), *said])
    summary["citation"] = provenance.citation
    summary["modified"] = provenance.modified
    summary["date_range"] = provenance.date_range
    if as_json:
        typer.echo(json.dumps(summary, indent=2))
        return

    def line(label: str, p: dict) -> str:
        if not p["n"]:
            return f"{label:14s} no decisions"
        return (
            f"{label:14s} {p['overturned']:>6,} of {p['n']:>6,} overturned = {_pct(p['rate'])} "
            f"(95% CI {_pct(p['ci_low'])}–{_pct(p['ci_high'])})"
        )

    typer.echo(line("all IMRs", summary["overall"]))
    typer.echo(line("MH/SUD", summary["mh_sud"]))
    for name, p in summary["mh_sud_subgroups"].items():
        typer.echo(line(f"  {name}", p))
    typer.echo(line("other care", summary["other"]))
    typer.echo(line("autism", summary["autism"]))
    typer.echo(f"\n{provenance}")
