"""`mhnotebook letters` and `mhnotebook draft`: the contracts other tools rely on."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mhnotebook.cli import app
from mhnotebook.paths import sample_case_path
from mhnotebook.rendering.letters import letter_kinds
from tests.conftest import MINIMAL_CASE

runner = CliRunner()


def test_letters_lists_every_kind_with_a_one_line_description() -> None:
    result = runner.invoke(app, ["letters"])
    assert result.exit_code == 0
    for kind in letter_kinds():
        assert f"{kind.kind}  " in result.stdout and kind.description in result.stdout


def test_letters_json_has_the_promised_keys_and_triage_triggers() -> None:
    rows = json.loads(runner.invoke(app, ["letters", "--json"]).stdout)
    assert [r["kind"] for r in rows] == [k.kind for k in letter_kinds()]
    first = next(r for r in rows if r["kind"] == "medical_necessity")
    assert {"kind", "title", "description", "audience", "voice", "suggested_by_triage_when"} <= set(first)
    assert "path B: Not medically necessary" in first["suggested_by_triage_when"]


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx", ".pdf"])
def test_draft_writes_the_format_the_extension_names(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / "out" / f"letter{suffix}"
    case = sample_case_path("not-medically-necessary-iop")
    result = runner.invoke(
        app, ["draft", "medical_necessity", str(case), "-o", str(out), "--today", "2026-11-22"]
    )
    assert result.exit_code == 0, result.output
    assert out.is_file() and stat.S_IMODE(out.stat().st_mode) == 0o600
    assert f"wrote {out}" in result.stdout


def test_draft_refuses_a_case_missing_required_facts_and_names_them(tmp_path: Path, write_case) -> None:
    out = tmp_path / "letter.docx"
    result = runner.invoke(app, ["draft", "medical_necessity", str(write_case(MINIMAL_CASE)), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    for label in ("the member ID", "at least one diagnosis", "the signing clinician"):
        assert label in result.stderr


def test_draft_with_allow_gaps_exports_and_warns(tmp_path: Path, write_case) -> None:
    out = tmp_path / "letter.md"
    result = runner.invoke(
        app, ["draft", "medical_necessity", str(write_case(MINIMAL_CASE)), "-o", str(out), "--allow-gaps"]
    )
    assert result.exit_code == 0 and "warning: fill-in marker left in the letter" in result.stderr
    assert "**\\[fill in: the member ID\\]**" in out.read_text(encoding="utf-8")


def test_draft_explains_an_unknown_kind_format_or_file(tmp_path: Path) -> None:
    case = str(sample_case_path("not-medically-necessary-iop"))
    unknown = runner.invoke(app, ["draft", "nope", case, "-o", str(tmp_path / "a.md")])
    assert unknown.exit_code == 1 and "known kinds" in unknown.stderr
    fmt = runner.invoke(app, ["draft", "medical_necessity", case, "-o", str(tmp_path / "a.rtf")])
    assert fmt.exit_code == 1 and ".docx" in fmt.stderr
    missing = runner.invoke(
        app, ["draft", "medical_necessity", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "a.md")]
    )
    assert missing.exit_code == 1 and "none.yaml" in missing.stderr
