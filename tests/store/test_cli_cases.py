"""`mhnotebook cases ...` as a user and other tools call it: keys, JSON shapes, exit codes, files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from mhnotebook.cli import app
from mhnotebook.paths import sample_case_path
from mhnotebook.validation import load_case

runner = CliRunner()
SAMPLE = sample_case_path("session-limit-therapy")
KEY = load_case(SAMPLE).case_id
TODAY = ["--today", "2026-11-22"]


@pytest.fixture
def db(tmp_path: Path) -> list[str]:
    return ["--db", str(tmp_path / "cli.sqlite")]


def run(*args: str):
    return runner.invoke(app, ["cases", *args])


def test_add_list_show_as_json(db: list[str]) -> None:
    added = run("add", str(SAMPLE), *db)
    assert added.exit_code == 0 and f"added {KEY}" in added.stdout
    listed = json.loads(run("list", "--json", *db, *TODAY).stdout)
    assert [c["key"] for c in listed] == [KEY]
    assert set(listed[0]) >= {
        "key",
        "label",
        "insurer",
        "plan_type",
        "primary_path",
        "status",
        "waiting_for",
        "next_deadline",
    }
    shown = json.loads(run("show", KEY, "--json", *db, *TODAY).stdout)
    assert shown["case"]["patient"]["name"] == load_case(SAMPLE).patient.name
    assert {"timeline", "contacts", "letters", "deadlines"} <= set(shown)


def test_adding_twice_fails_and_says_why(db: list[str]) -> None:
    run("add", str(SAMPLE), *db)
    again = run("add", str(SAMPLE), *db)
    assert again.exit_code == 1 and "already in the store" in again.stderr


def test_log_a_call_and_see_it_on_the_timeline(db: list[str]) -> None:
    run("add", str(SAMPLE), *db)
    logged = run(
        "log",
        KEY,
        "phone_call",
        "--at",
        "2026-11-20T14:30:00-05:00",
        "--name",
        "Jo Rep",
        "--reference",
        "REF-123",
        "--note",
        "Claim under review",
        *db,
    )
    assert logged.exit_code == 0, logged.output
    assert "waiting for" in logged.stdout
    timeline = json.loads(run("show", KEY, "--json", *db).stdout)["timeline"]
    call = timeline[-1]
    assert call["kind"] == "phone_call" and call["contact"] == {
        "role": "plan_representative",
        "name": "Jo Rep",
        "reference_number": "REF-123",
    }


def test_a_bad_log_names_the_field_and_saves_nothing(db: list[str]) -> None:
    run("add", str(SAMPLE), *db)
    bad = run("log", KEY, "peer_to_peer", "--at", "2026-11-20T14:30", "--outcome", "won", *db)
    assert bad.exit_code == 1
    assert "at:" in bad.stderr and "UTC offset" in bad.stderr and "call.outcome:" in bad.stderr
    assert "Traceback" not in bad.output
    assert len(json.loads(run("show", KEY, "--json", *db).stdout)["timeline"]) == len(
        load_case(SAMPLE).events
    )
    missing = run("log", "nope", "phone_call", *db)
    assert missing.exit_code == 1 and "no case 'nope'" in missing.stderr


def test_deadlines_json_is_de_identified_unless_asked(db: list[str], tmp_path: Path) -> None:
    run("add", str(SAMPLE), *db)
    payload = json.loads(run("deadlines", "--json", *db, *TODAY).stdout)
    assert payload["as_of"] == "2026-11-22" and payload["deadlines"]
    name = load_case(SAMPLE).patient.name
    assert name not in json.dumps(payload)
    first = payload["deadlines"][0]
    assert set(first) >= {"case", "label", "what", "due", "state", "days_left", "citation", "clock"}
    named = json.loads(run("deadlines", "--json", "--with-names", *db, *TODAY).stdout)
    assert named["deadlines"][0]["patient"] == name


def test_deadlines_ics_parses_back_owner_only_and_without_names(db: list[str], tmp_path: Path) -> None:
    run("add", str(SAMPLE), *db)
    out = tmp_path / "deadlines.ics"
    result = run("deadlines", "--ics", str(out), *db, *TODAY)
    assert result.exit_code == 0 and "no patient names" in result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    raw = out.read_bytes()
    assert load_case(SAMPLE).patient.name.encode() not in raw
    events = [c for c in Calendar.from_ical(raw).walk("VEVENT")]
    rows = json.loads(run("deadlines", "--json", *db, *TODAY).stdout)["deadlines"]
    assert sorted(str(e["DTSTART"].dt) for e in events) == sorted(r["due"][:10] for r in rows)


def test_export_then_import_into_another_store(db: list[str], tmp_path: Path) -> None:
    run("add", str(SAMPLE), *db)
    exported = run("export", str(tmp_path / "backup"), *db)
    assert exported.exit_code == 0 and "exported 1 case(s)" in exported.stdout
    other = ["--db", str(tmp_path / "other.sqlite")]
    imported = run("import", str(tmp_path / "backup"), *other)
    assert imported.exit_code == 0 and f"added {KEY}" in imported.stdout
    again = run("import", str(tmp_path / "backup"), *other)
    assert again.exit_code == 1 and "already in the store" in again.stderr


def test_close_takes_a_case_off_the_list(db: list[str]) -> None:
    run("add", str(SAMPLE), *db)
    assert run("close", KEY, "--outcome", "won", *db).exit_code == 0
    assert json.loads(run("list", "--json", *db).stdout) == []
    assert [c["status"] for c in json.loads(run("list", "--json", "--all", *db).stdout)] == ["won"]


def test_a_server_url_without_a_password_is_refused_before_connecting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MHNOTEBOOK_DB_PASSWORD", raising=False)
    monkeypatch.delenv("MHNOTEBOOK_DB_PASSWORD_FILE", raising=False)
    result = run("list", "--db", "postgresql://clinic@127.0.0.1:1/cases")
    assert result.exit_code == 1 and "needs password authentication" in result.stderr


def test_draft_from_the_log_writes_the_letter_and_keeps_the_same_bytes(db: list[str], tmp_path: Path) -> None:
    from mhnotebook.store import CaseStore

    run("add", str(SAMPLE), *db)
    out = tmp_path / "appeal.docx"
    result = run("draft", KEY, "internal_appeal", "-o", str(out), *db, *TODAY)
    assert result.exit_code == 0, result.output
    assert f"cases log {KEY} letter_sent --letter-id 1" in result.stdout
    with CaseStore(db[1]) as store:
        kept = store.letters(KEY)
        assert [(k.kind, k.file_name) for k in kept] == [("internal_appeal", "appeal.docx")]
        assert store.letter_content(KEY, kept[0].id) == out.read_bytes()
    sent = run("log", KEY, "letter_sent", "--at", "2026-11-22", "--letter-id", "1", *db)
    assert sent.exit_code == 0, sent.output
    assert json.loads(run("show", KEY, "--json", *db).stdout)["timeline"][-1]["letter_id"] == 1


def test_a_draft_missing_required_facts_exits_2_and_keeps_nothing(
    db: list[str], tmp_path: Path, write_case
) -> None:
    from tests.conftest import MINIMAL_CASE

    run("add", str(write_case(MINIMAL_CASE)), "--key", "thin", *db)
    result = run("draft", "thin", "medical_necessity", "-o", str(tmp_path / "mn.md"), *db, *TODAY)
    assert result.exit_code == 2 and "thin:" in result.stderr
    assert json.loads(run("show", "thin", "--json", *db).stdout)["letters"] == []
    assert not (tmp_path / "mn.md").exists()


def test_a_regulator_complaint_drafted_from_the_log_carries_the_pattern(
    db: list[str], tmp_path: Path
) -> None:
    run("add", str(SAMPLE), *db)
    run("add", str(SAMPLE), "--key", "earlier-same-plan", *db)
    out = tmp_path / "complaint.md"
    assert run("draft", KEY, "regulator_complaint", "-o", str(out), *db, *TODAY).exit_code == 0
    text = out.read_text()
    assert "A pattern, not one case" in text
    assert f"1 other denial by {load_case(SAMPLE).plan.insurer}" in text


def test_keep_a_file_with_the_case(db: list[str], tmp_path: Path) -> None:
    run("add", str(SAMPLE), *db)
    answer = tmp_path / "plan-answer.pdf"
    answer.write_bytes(b"%PDF-1.7 the plan's answer")
    result = run("keep", KEY, str(answer), "--kind", "plan_response", *db)
    assert result.exit_code == 0 and "as letter 1" in result.stdout
    letters = json.loads(run("show", KEY, "--json", *db).stdout)["letters"]
    assert [(x["kind"], x["file_name"], x["size"]) for x in letters] == [
        ("plan_response", "plan-answer.pdf", 26)
    ]
    missing = run("keep", KEY, str(tmp_path / "nope.pdf"), *db)
    assert missing.exit_code == 1 and "nope.pdf" in missing.stderr
