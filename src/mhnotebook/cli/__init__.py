"""The ``mhnotebook`` command: thin commands over the package's functions.

Case-file commands live here; each larger area (triage, parity, datasets, remittances) has its own
module in this package and is registered at the bottom with one line. Commands import what they
need inside their function, so ``mhnotebook --help`` stays fast.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="mhnotebook",
    help="Fight mental-health and substance-use insurance denials: case files, triage, letters, parity.\n\n"
    "Not legal advice: mhnotebook states rules with their sources and tells you what to verify.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from mhnotebook import __version__

        typer.echo(f"mhnotebook {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
) -> None:
    """mhnotebook command line."""


def _parse_today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-03-14") from None


@app.command()
def validate(
    case_files: Annotated[
        list[Path], typer.Argument(help="Case files (.yaml, .yml or .json).", show_default=False)
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the reports as JSON.")] = False,
    today: Annotated[
        str | None, typer.Option(help="Judge future dates against this day (YYYY-MM-DD).")
    ] = None,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
) -> None:
    """Check case files and print every problem at once, with file, line and field.

    Exits 1 when any file has an error (or a warning, with --strict).
    """
    from mhnotebook.validation import validate_case_file

    day = _parse_today(today)
    reports = [validate_case_file(path, today=day) for path in case_files]
    if as_json:
        payload = [
            {
                "file": r.source,
                "valid": r.ok,
                "errors": len(r.errors),
                "warnings": len(r.warnings),
                "issues": [i.as_dict() for i in r.issues],
            }
            for r in reports
        ]
        typer.echo(json.dumps(payload, indent=2))
    else:
        for report in reports:
            typer.echo(str(report))
        bad = sum(not r.ok for r in reports)
        warned = sum(bool(r.warnings) for r in reports)
        typer.echo(
            f"\n{len(reports)} file(s): {len(reports) - bad} valid, {bad} with errors, {warned} with warnings"
        )
    failed = any(not r.ok or (strict and r.warnings) for r in reports)
    raise typer.Exit(1 if failed else 0)


@app.command()
def show(
    case_file: Annotated[Path, typer.Argument(help="A case file.", show_default=False)],
) -> None:
    """Print a readable summary of a case."""
    from mhnotebook.errors import CaseFileError
    from mhnotebook.validation import load_case

    try:
        case = load_case(case_file)
    except CaseFileError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(str(case.summary()))


@app.command()
def samples() -> None:
    """List the synthetic sample cases that ship with mhnotebook."""
    from mhnotebook.paths import sample_case_paths
    from mhnotebook.validation import load_case

    for path in sample_case_paths():
        case = load_case(path)
        typer.echo(f"{path.stem:40s} {case.plan.plan_type.value:28s} {case.display_label}")
    typer.echo("\nAll samples are synthetic. Open one with: mhnotebook show <path>")


@app.command()
def new(
    name: Annotated[str, typer.Argument(help="File name for your case, e.g. avery-residential.")],
    from_sample: Annotated[
        str, typer.Option("--from", help="The sample to start from (see `mhnotebook samples`).")
    ],
) -> None:
    """Start a case of your own from a sample, in your private data folder (owner-only)."""
    from mhnotebook.samples import start_case_from_sample

    try:
        path = start_case_from_sample(name, from_sample)
    except (ValueError, FileExistsError, FileNotFoundError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"created {path}\nEdit it (replace every sample fact with yours), then: mhnotebook validate {path}"
    )


@app.command()
def dictionary(
    write: Annotated[
        Path | None, typer.Option(help="Update the generated block in this Markdown file.")
    ] = None,
) -> None:
    """Print the case-file data dictionary (generated from the model)."""
    from mhnotebook.models.dictionary import render_data_dictionary, replace_data_dictionary

    if write is None:
        typer.echo(render_data_dictionary(), nl=False)
        return
    write.write_text(replace_data_dictionary(write.read_text(encoding="utf-8")), encoding="utf-8")
    typer.echo(f"updated {write}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of a case file (for editors that check YAML as you type)."""
    from mhnotebook.models import Case

    typer.echo(json.dumps(Case.model_json_schema(), indent=2))


@app.command()
def where() -> None:
    """Show where your data, the samples and the templates live."""
    from mhnotebook.paths import DATA_DIR_ENV, samples_dir, templates_dir, user_data_dir

    typer.echo(f"your data (owner-only): {user_data_dir()}   (move it with {DATA_DIR_ENV})")
    typer.echo(f"samples (synthetic):    {samples_dir()}")
    typer.echo(f"letter templates:       {templates_dir()}")


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def lab(
    ctx: typer.Context,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default: Jupyter's, 8888).")] = None,
    browser: Annotated[bool, typer.Option(help="Open a browser window.")] = True,
    dry_run: Annotated[bool, typer.Option(help="Print the command instead of running it.")] = False,
) -> None:
    """Open JupyterLab on the notebooks, starting at 00-start-here (on 127.0.0.1 only).

    Extra options are passed to JupyterLab.
    """
    from mhnotebook.launch import lab_command, lab_workspace

    command = lab_command(lab_workspace(), port=port, open_browser=browser, extra=tuple(ctx.args))
    if dry_run:
        typer.echo(" ".join(command))
        return
    _require("jupyterlab", "JupyterLab")
    _exec(command)


@app.command(name="app", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def web_app(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(help="Address to listen on: this machine only by default.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8866,
    token: Annotated[
        str | None,
        typer.Option(
            help="Token the address must carry (default: a new random one). An empty token turns it off."
        ),
    ] = None,
    browser: Annotated[bool, typer.Option(help="Open a browser window.")] = True,
    dry_run: Annotated[bool, typer.Option(help="Print the command instead of running it.")] = False,
) -> None:
    """Open the web app: the triage, letter, call, tracker and chart pages, with no code showing.

    It serves the notebooks with Voila on this machine, behind a token; extra options go to Voila.
    """
    from mhnotebook.launch import app_command, app_environment, app_url, is_loopback, lab_workspace, new_token

    token = new_token() if token is None else token
    if not token and not is_loopback(host):
        typer.echo(
            f"Refusing to serve {host} without a token: anyone who can reach it could read your cases.",
            err=True,
        )
        raise typer.Exit(2)
    command = app_command(
        lab_workspace(), host=host, port=port, token=token, open_browser=browser, extra=tuple(ctx.args)
    )
    if dry_run:
        typer.echo(" ".join(command))
        return
    _require("voila", "Voila")
    typer.echo(f"mhnotebook app: open {app_url(host, port, token)}")
    if not token:
        typer.echo("  (no token: anyone with an account on this machine can open it)")
    typer.echo("  Stop it with Control-C.")
    _exec(command, app_environment())


def _require(module: str, name: str) -> None:
    """Stop with the install command when a server the command starts is not installed."""
    try:
        importlib.import_module(module)
    except ImportError:
        typer.echo(f"{name} is not installed: pip install 'mhnotebook[app]'", err=True)
        raise typer.Exit(1) from None


def _exec(command: list[str], env: dict[str, str] | None = None) -> None:
    """Become the server (Control-C then reaches it directly), after printing what was said so far."""
    sys.stdout.flush()
    os.execve(command[0], command, os.environ if env is None else env)


# Command modules register here, one line each (imported last: they use ``app`` and helpers above).
from mhnotebook.cli.cases import cases_app  # noqa: E402
from mhnotebook.cli.denials import denials_app  # noqa: E402
from mhnotebook.cli.letters import draft as _draft  # noqa: E402
from mhnotebook.cli.letters import letters as _letters  # noqa: E402
from mhnotebook.cli.parity import parity_app  # noqa: E402
from mhnotebook.cli.remits import remits as _remits  # noqa: E402
from mhnotebook.cli.triage import triage as _triage  # noqa: E402

app.command()(_triage)
app.add_typer(parity_app, name="parity")
app.add_typer(denials_app, name="denials")
app.command(name="remits")(_remits)
app.command(name="letters")(_letters)
app.command(name="draft")(_draft)
app.add_typer(cases_app, name="cases")


def main() -> None:
    """Entry point of the ``mhnotebook`` script."""
    app()


if __name__ == "__main__":
    main()
