"""A whole-store export restores into an empty store exactly; imports go in whole or not at all."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from mhnotebook.errors import StoreError
from mhnotebook.models import Event
from mhnotebook.paths import sample_case_path, sample_case_paths
from mhnotebook.store import CaseStore
from mhnotebook.store.archive import export_store, import_paths
from mhnotebook.validation import load_case
from tests.conftest import TODAY


@pytest.fixture
def filled(store_url: str):
    with CaseStore(store_url, today=TODAY) as store:
        for path in sample_case_paths()[:4]:
            store.add_case(load_case(path))
        key = store.keys()[0]
        letter = store.keep_letter(key, "peer_to_peer_followup", "follow-up.docx", b"PK\x03\x04 docx bytes")
        store.log_event(
            key,
            Event(
                kind="peer_to_peer",
                at="2026-11-20T10:00:00-05:00",
                contact={
                    "role": "plan_reviewer",
                    "name": "Dr. R",
                    "credentials": "DO",
                    "reference_number": "X-1",
                },
                call={"outcome": "upheld", "documents_promised_by": "2026-11-24"},
            ),
        )
        store.log_event(
            key, Event(kind="letter_sent", at="2026-11-21", note="Follow-up faxed"), letter_id=letter
        )
        store.set_status(store.keys()[1], "lost", "upheld on external review")
        yield store


def _snapshot(store: CaseStore) -> dict:
    out = {}
    for summary in store.list_cases(include_closed=True):
        record = store.record(summary.key)
        letters = {
            letter.file_name: store.letter_content(summary.key, letter.id) for letter in record.letters
        }
        sent = [(e.event.kind, str(e.event.at), e.letter_id is not None) for e in record.timeline]
        out[summary.key] = (
            record.case.model_dump(mode="json"),
            summary.status,
            summary.outcome,
            letters,
            sent,
            [(d.name, d.due, d.status) for d in record.deadlines],
        )
    return out


def test_an_export_restores_into_an_empty_store_exactly(filled: CaseStore, tmp_path: Path) -> None:
    folder = export_store(filled, tmp_path / "backup")
    with CaseStore(tmp_path / "restored.sqlite", today=TODAY) as restored:
        result = import_paths(restored, [folder])
        assert result.ok, result.failed
        assert _snapshot(restored) == _snapshot(filled)


def test_an_export_is_owner_only_and_its_case_files_load_on_their_own(
    filled: CaseStore, tmp_path: Path
) -> None:
    folder = export_store(filled, tmp_path / "backup")
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
    for case_file in folder.glob("cases/*/case.yaml"):
        assert load_case(case_file).patient.name


def test_export_never_writes_into_a_folder_that_has_files(filled: CaseStore, tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "keep.txt").write_text("mine")
    with pytest.raises(StoreError, match="not empty"):
        export_store(filled, tmp_path / "busy")
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["keep.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".busy")], "no staging folder left"


def test_a_changed_letter_stops_that_case_only(filled: CaseStore, tmp_path: Path) -> None:
    folder = export_store(filled, tmp_path / "backup")
    letter = next(folder.glob("cases/*/letters/*"))
    letter.write_bytes(b"tampered")
    with CaseStore(tmp_path / "restored.sqlite", today=TODAY) as restored:
        result = import_paths(restored, [folder])
        assert len(result.failed) == 1 and "SHA-256" in result.failed[0][1]
        broken_key = letter.parent.parent.name
        assert broken_key not in restored.keys() and len(restored.keys()) == 3


def test_import_names_each_bad_file_and_adds_the_good_ones(filled: CaseStore, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\npatient:\n  name: X\nplan:\n  insurer: P\n  plan_type: nonsense\n")
    with CaseStore(tmp_path / "other.sqlite", today=TODAY) as store:
        result = import_paths(
            store, [bad, tmp_path / "missing.yaml", tmp_path, sample_case_path("session-limit-therapy")]
        )
        failed = dict(result.failed)
        assert "bad.yaml:6: error: plan.plan_type" in failed[str(bad)]
        assert "file not found" in failed[str(tmp_path / "missing.yaml")]
        assert "not an mhnotebook export" in failed[str(tmp_path)]
        assert result.added == [load_case(sample_case_path("session-limit-therapy")).case_id]
