"""``mhnotebook cases``: the case log from the terminal (add, list, show, log, deadlines, export, import).

The store is ``MHNOTEBOOK_DB`` (a file or a database URL), else ``cases.sqlite`` in the user data
directory; ``--db`` overrides both. ``--json`` prints JSON only, for other tools.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from mhnotebook.cli.letters import AllowGapsOption, KindArgument, OutputOption, SignerOption

if TYPE_CHECKING:
    from mhnotebook.store import CaseStore

cases_app = typer.Typer(
    help="The case log: every call, letter and deadline of each denial fight, in one local store.",
    no_args_is_help=True,
)

_Db = Annotated[
    str | None,
    typer.Option(
        "--db", help="Store file or database URL (default: MHNOTEBOOK_DB, else the user data folder)."
    ),
]
_Today = Annotated[
    str | None, typer.Option(help="Judge deadlines as of this day (YYYY-MM-DD); default today.")
]
_Json = Annotated[bool, typer.Option("--json", help="Print JSON only.")]


@contextmanager
def _store(db: str | None, today: str | None = None) -> Iterator[CaseStore]:
    """Open the store; any store problem becomes one line on stderr and exit code 1."""
    from mhnotebook.cli import _parse_today
    from mhnotebook.errors import StoreError
    from mhnotebook.store import CaseStore

    try:
        store = CaseStore(db, today=_parse_today(today))
    except StoreError as exc:
        typer.echo(f"case store: {exc}", err=True)
        raise typer.Exit(1) from None
    try:
        yield store
    except StoreError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    finally:
        store.close()


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@cases_app.command("add")
def add(
    case_files: Annotated[
        list[Path], typer.Argument(help="Case files (.yaml or .json).", show_default=False)
    ],
    key: Annotated[
        str | None,
        typer.Option(help="Key for the case (one file only); default: its case_id, else case-NNNN."),
    ] = None,
    db: _Db = None,
) -> None:
    """Add case files to the store; each gets a key you use with show, log and export."""
    from mhnotebook.errors import CaseFileError, StoreError
    from mhnotebook.validation import load_case

    if key and len(case_files) > 1:
        raise typer.BadParameter("--key names one case: give one file with it")
    failed = False
    with _store(db) as store:
        for path in case_files:
            try:
                added = store.add_case(load_case(path), key=key)
            except (CaseFileError, StoreError) as exc:
                typer.echo(f"{path}: {exc}", err=True)
                failed = True
                continue
            typer.echo(f"added {added}  ({path})")
    if failed:
        raise typer.Exit(1)


@cases_app.command("list")
def list_cases(
    as_json: _Json = False,
    all_cases: Annotated[bool, typer.Option("--all", help="Include closed cases.")] = False,
    db: _Db = None,
    today: _Today = None,
) -> None:
    """List the cases with what each waits for (open cases; --all for closed ones too)."""
    with _store(db, today) as store:
        rows = store.list_cases(include_closed=all_cases)
    if as_json:
        _print_json([r.as_dict() for r in rows])
        return
    if not rows:
        typer.echo("No cases yet. Add one with: mhnotebook cases add CASE_FILE")
        return
    width = max(len(r.key) for r in rows)
    for r in rows:
        typer.echo(
            f"{r.key:<{width}}  {r.label}  [{r.insurer}; {r.status}]\n{'':<{width}}  waiting for {r.waiting_for}"
        )


@cases_app.command("show")
def show(
    key: Annotated[str, typer.Argument(help="The case's key (see `cases list`).", show_default=False)],
    as_json: _Json = False,
    db: _Db = None,
    today: _Today = None,
) -> None:
    """Show one case: its timeline, contacts, letters kept and deadlines."""
    with _store(db, today) as store:
        record = store.record(key)
    if as_json:
        _print_json(record.as_dict())
        return
    s = record.summary
    typer.echo(f"{s.key}: {s.label}\n{s.patient_name}; {s.insurer} ({s.plan_type}); {s.service}")
    typer.echo(f"Status: {s.status}{f' ({s.outcome})' if s.outcome else ''}. Waiting for {s.waiting_for}.")
    typer.echo("\nTimeline")
    for logged in record.timeline:
        e = logged.event
        who = ""
        if e.contact is not None:
            parts = [e.contact.name, e.contact.credentials, e.contact.specialty]
            who = ", ".join(p for p in parts if p)
            if e.contact.reference_number:
                who += f" (ref {e.contact.reference_number})"
        line = f"  {e.at.isoformat():<25} {e.kind}"
        line += f" - {who}" if who else ""
        line += f": {e.note}" if e.note else ""
        typer.echo(line)
    if record.letters:
        typer.echo("\nLetters kept")
        for letter in record.letters:
            typer.echo(f"  {letter.drafted_on.isoformat()}  {letter.kind}  {letter.file_name}")
    typer.echo("\nDeadlines")
    for d in record.deadlines:
        typer.echo(
            f"  {d.due_day.isoformat()}  {d.state:<9} {d.what}" + (f" ({d.citation})" if d.citation else "")
        )


@cases_app.command("log")
def log(
    key: Annotated[str, typer.Argument(help="The case's key.", show_default=False)],
    kind: Annotated[
        str,
        typer.Argument(
            help="What happened: phone_call, peer_to_peer, letter_sent, appeal_filed, complaint_filed, "
            "decision_received, reply_due, ...",
            show_default=False,
        ),
    ],
    at: Annotated[
        str | None, typer.Option(help="When: 2026-11-20, or 2026-11-20T14:30:00-05:00 (default: today).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="What was said or done.")] = None,
    name: Annotated[str | None, typer.Option(help="Who you spoke to (representative or reviewer).")] = None,
    role: Annotated[
        str | None,
        typer.Option(help="plan_representative, plan_reviewer, regulator, provider, employer, other."),
    ] = None,
    credentials: Annotated[str | None, typer.Option(help="Reviewer's credentials, e.g. MD.")] = None,
    specialty: Annotated[str | None, typer.Option(help="Reviewer's specialty.")] = None,
    organization: Annotated[str | None, typer.Option(help="Who they work for.")] = None,
    phone: Annotated[str | None, typer.Option(help="Number called.")] = None,
    reference: Annotated[str | None, typer.Option(help="Call or case reference number they gave.")] = None,
    criteria: Annotated[str | None, typer.Option(help="Criteria the reviewer cited.")] = None,
    outcome: Annotated[
        str | None,
        typer.Option(help="approved, partially_approved, upheld, pending, alternative_offered, no_decision."),
    ] = None,
    alternative: Annotated[str | None, typer.Option(help="Alternative the reviewer proposed.")] = None,
    documents: Annotated[str | None, typer.Option(help="Documents the reviewer asked for.")] = None,
    promised_by: Annotated[str | None, typer.Option(help="Date you promised those documents by.")] = None,
    due: Annotated[str | None, typer.Option(help="For reply_due: the day the reply is due.")] = None,
    letter_id: Annotated[int | None, typer.Option(help="For letter_sent: the kept letter's id.")] = None,
    db: _Db = None,
) -> None:
    """Log an event on a case's timeline (a call, a letter sent, a decision); deadlines are recomputed."""
    from pydantic import ValidationError

    from mhnotebook.models import Event

    contact = {
        "role": role,
        "name": name,
        "credentials": credentials,
        "specialty": specialty,
        "organization": organization,
        "phone": phone,
        "reference_number": reference,
    }
    call = {
        "criteria_cited": criteria,
        "outcome": outcome,
        "alternative_proposed": alternative,
        "documents_requested": documents,
        "documents_promised_by": promised_by,
    }
    data: dict[str, Any] = {"kind": kind, "at": at or date.today().isoformat(), "note": note, "due": due}
    if any(v is not None for v in contact.values()):
        data["contact"] = {k: v for k, v in contact.items() if v is not None}
    if any(v is not None for v in call.values()):
        data["call"] = {k: v for k, v in call.items() if v is not None}
    try:
        event = Event.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as exc:
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"])
            typer.echo(f"{field}: {error['msg']}", err=True)
        raise typer.Exit(1) from None
    with _store(db) as store:
        event_id = store.log_event(key, event, letter_id=letter_id)
        waiting = next(s for s in store.list_cases(include_closed=True) if s.key == key).waiting_for
    unknown = (
        "" if event.known_kind else f" (note: {event.kind!r} is not a kind mhnotebook counts deadlines from)"
    )
    typer.echo(f"logged {event.kind} on {key} (event {event_id}){unknown}\nwaiting for {waiting}")


@cases_app.command("draft")
def draft(
    key: Annotated[str, typer.Argument(help="The case's key.", show_default=False)],
    kind: KindArgument,
    output: OutputOption,
    signer: SignerOption = None,
    allow_gaps: AllowGapsOption = False,
    keep: Annotated[bool, typer.Option(help="Keep the rendered file with the case in the log.")] = True,
    db: _Db = None,
    today: _Today = None,
) -> None:
    """Draft a letter from a case in the log; it is kept with the case (log `letter_sent` when sent).

    A regulator complaint drafted here gets the log's pattern across the insurer's other cases.
    """
    from mhnotebook.errors import LetterError, LetterNotReady
    from mhnotebook.rendering.letters import draft_letter
    from mhnotebook.store.patterns import pattern_summary

    with _store(db, today) as store:
        case = store.case(key)
        patterns = pattern_summary(store, key) if kind == "regulator_complaint" else None
        try:
            letter = draft_letter(kind, case, signer=signer, today=store.today(), patterns=patterns)
            export = letter.export(output, allow_gaps=allow_gaps)
        except LetterNotReady as exc:
            typer.echo(f"{key}: {exc}", err=True)
            raise typer.Exit(2) from None
        except LetterError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        letter_id = (
            store.keep_letter(key, kind, export.path.name, export.path.read_bytes(), drafted_on=store.today())
            if keep
            else None
        )
    for warning in export.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"wrote {export.path} ({letter.kind.title})")
    if letter_id is not None:
        typer.echo(
            f"kept with {key} as letter {letter_id}; when it is sent: "
            f"mhnotebook cases log {key} letter_sent --letter-id {letter_id}"
        )


@cases_app.command("keep")
def keep_file(
    key: Annotated[str, typer.Argument(help="The case's key.", show_default=False)],
    file: Annotated[
        Path, typer.Argument(help="A letter or document to keep with the case.", show_default=False)
    ],
    kind: Annotated[
        str, typer.Option(help="What it is: a letter kind, or e.g. 'plan_response'.")
    ] = "document",
    db: _Db = None,
) -> None:
    """Keep a file (a signed letter, the plan's answer) with the case in the log."""
    try:
        content = file.read_bytes()
    except OSError as exc:
        typer.echo(f"{file}: {exc.strerror}", err=True)
        raise typer.Exit(1) from None
    with _store(db) as store:
        letter_id = store.keep_letter(key, kind, file.name, content)
    typer.echo(f"kept {file.name} with {key} as letter {letter_id}")


@cases_app.command("close")
def close(
    key: Annotated[str, typer.Argument(help="The case's key.", show_default=False)],
    outcome: Annotated[str, typer.Option(help="won, lost, withdrawn or closed; 'open' reopens.")] = "closed",
    note: Annotated[str | None, typer.Option(help="What was decided.")] = None,
    db: _Db = None,
) -> None:
    """Close a case (its deadlines leave the dashboard) or reopen it."""
    with _store(db) as store:
        try:
            store.set_status(key, outcome, note)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
    typer.echo(f"{key}: {outcome}")


@cases_app.command("deadlines")
def deadlines(
    as_json: _Json = False,
    ics: Annotated[
        Path | None, typer.Option(help="Also write the deadlines as an iCalendar file (.ics) here.")
    ] = None,
    with_names: Annotated[
        bool,
        typer.Option(
            "--with-names", help="Show patients' names (off by default: calendars sync to the cloud)."
        ),
    ] = False,
    include_met: Annotated[bool, typer.Option("--met", help="Include deadlines already met.")] = False,
    db: _Db = None,
    today: _Today = None,
) -> None:
    """Upcoming and overdue deadlines across all open cases, soonest first."""
    from mhnotebook.paths import write_private_file

    with _store(db, today) as store:
        rows = store.deadlines(include_met=include_met)
        as_of = store.today()
    if ics is not None:
        from mhnotebook.store.calendar import deadlines_ics

        write_private_file(ics, deadlines_ics([r for r in rows if r.state != "met"], with_names=with_names))
    if as_json:
        _print_json(
            {"as_of": as_of.isoformat(), "deadlines": [r.as_dict(with_names=with_names) for r in rows]}
        )
        return
    if not rows:
        typer.echo("No open deadlines.")
    for r in rows:
        who = "you" if r.clock == "file_by" else "plan"
        case = f"{r.case_label} ({r.patient_name})" if with_names else r.case_label
        typer.echo(f"{r.due_day.isoformat()}  {r.state:<9} {who:<4}  {r.what}  [{r.case_key}: {case}]")
    if ics is not None:
        typer.echo(
            f"wrote {ics}" + ("" if with_names else " (case labels only, no patient names)"), err=as_json
        )


@cases_app.command("export")
def export(
    folder: Annotated[
        Path, typer.Argument(help="A new folder to write the export into.", show_default=False)
    ],
    db: _Db = None,
) -> None:
    """Export every case (case files, logs and letters kept) to a new owner-only folder."""
    from mhnotebook.store.archive import export_store

    with _store(db) as store:
        written = export_store(store, folder)
        count = len(store.list_cases(include_closed=True))
    typer.echo(f"exported {count} case(s) to {written} (patient data: keep it private)")


@cases_app.command("import")
def import_(
    paths: Annotated[
        list[Path], typer.Argument(help="Case files, or a folder made by `cases export`.", show_default=False)
    ],
    db: _Db = None,
) -> None:
    """Import case files or an export folder; each case goes in whole or not at all."""
    from mhnotebook.store.archive import import_paths

    with _store(db) as store:
        result = import_paths(store, list(paths))
    for key in result.added:
        typer.echo(f"added {key}")
    for source, why in result.failed:
        typer.echo(f"{source}: {why}", err=True)
    if not result.ok:
        raise typer.Exit(1)
