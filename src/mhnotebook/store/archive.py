"""Export the whole store to a folder of YAML and letter files, and import cases back.

An export is for backup or handover: each case as an ordinary case file (``case.yaml``, readable by
``mhnotebook triage`` and the letter tools), beside it ``log.yaml`` (status, outcome, the letters kept
and which event sent each) and the rendered letters themselves. Everything is written owner-only,
into a new folder that appears complete or not at all. Import takes case files, or an export folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from mhnotebook.errors import CaseFileError, StoreError
from mhnotebook.paths import ensure_private_dir, write_private_file
from mhnotebook.store.case_store import CaseStore
from mhnotebook.store.records import KeptLetter
from mhnotebook.validation.casefile import CASE_FILE_SUFFIXES, dump_case, load_case
from mhnotebook.validation.fileformat import dump_yaml

#: Marks a folder as an mhnotebook store export; bumped if the layout changes.
EXPORT_FORMAT = "mhnotebook-case-store-export/1"
MANIFEST = "manifest.yaml"
CASE_FILE = "case.yaml"
LOG_FILE = "log.yaml"
_README = """\
This folder is an export of an mhnotebook case store. It holds protected health information:
keep it owner-only, on an encrypted disk, and never in a repository or a synced folder.

Each cases/<key>/ folder has case.yaml (an mhnotebook case file), log.yaml (status, letters kept
and which event sent each) and letters/ (the rendered files). Restore with:

    mhnotebook cases import <this folder>
"""


@dataclass
class ImportResult:
    """What an import did: keys added, and each file that failed with the reason (nothing half-added)."""

    added: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


def export_store(store: CaseStore, folder: str | Path, *, include_closed: bool = True) -> Path:
    """Write every case (closed ones too by default) into the new folder ``folder``; returns it."""
    target = Path(folder).expanduser()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise StoreError(f"{target} already exists and is not empty; export into a new folder")
    ensure_private_dir(target.parent if target.parent != target else target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        os.chmod(staging, 0o700)
        ensure_private_dir(staging / "cases")
        entries = [_export_case(store, key, staging) for key in _keys(store, include_closed)]
        manifest = {
            "format": EXPORT_FORMAT,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "cases": entries,
        }
        write_private_file(staging / MANIFEST, dump_yaml(manifest))
        write_private_file(staging / "README.txt", _README)
        if target.exists():
            target.rmdir()
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _keys(store: CaseStore, include_closed: bool) -> list[str]:
    return [s.key for s in store.list_cases(include_closed=include_closed)]


def _export_case(store: CaseStore, key: str, root: Path) -> dict[str, Any]:
    record = store.record(key)
    folder = ensure_private_dir(root / "cases" / key)
    write_private_file(folder / CASE_FILE, dump_case(record.case))
    letters = []
    names: dict[int, str] = {}
    for letter in record.letters:
        name = f"{letter.id:05d}-{letter.file_name}"
        names[letter.id] = name
        write_private_file(folder / "letters" / name, store.letter_content(key, letter.id))
        letters.append(
            {
                "file": f"letters/{name}",
                "kind": letter.kind,
                "drafted_on": letter.drafted_on.isoformat(),
                "sha256": letter.sha256,
            }
        )
    links = [
        {"event": index, "letter": f"letters/{names[e.letter_id]}"}
        for index, e in enumerate(record.timeline)
        if e.letter_id is not None
    ]
    log: dict[str, Any] = {"key": key, "status": record.summary.status, "outcome": record.summary.outcome}
    log |= {"letters": letters, "sent_by_events": links}
    write_private_file(folder / LOG_FILE, dump_yaml(log))
    return {"key": key, "label": record.summary.label, "status": record.summary.status}


def import_paths(store: CaseStore, paths: list[str | Path]) -> ImportResult:
    """Import case files and export folders; each case goes in whole or not at all."""
    result = ImportResult()
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            case_files = _export_case_files(path, result)
        elif path.suffix.lower() in CASE_FILE_SUFFIXES:
            case_files = [path]
        elif not path.exists():
            result.failed.append((str(path), "no such file or folder"))
            continue
        else:
            result.failed.append((str(path), "expected a case file (.yaml, .yml, .json) or an export folder"))
            continue
        for case_file in case_files:
            try:
                result.added.append(_import_case_file(store, case_file))
            except (CaseFileError, StoreError) as exc:
                result.failed.append((str(case_file), str(exc)))
    return result


def _export_case_files(folder: Path, result: ImportResult) -> list[Path]:
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        result.failed.append(
            (str(folder), f"not an mhnotebook export (no {MANIFEST}); import case files instead")
        )
        return []
    try:
        manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        result.failed.append((str(manifest_path), f"not readable YAML: {exc}"))
        return []
    if not isinstance(manifest, dict) or manifest.get("format") != EXPORT_FORMAT:
        result.failed.append((str(manifest_path), f"expected format: {EXPORT_FORMAT}"))
        return []
    files = []
    for entry in manifest.get("cases") or []:
        key = entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(key, str):
            result.failed.append((str(manifest_path), "a cases entry has no key"))
            continue
        files.append(folder / "cases" / key / CASE_FILE)
    return files


def _import_case_file(store: CaseStore, path: Path) -> str:
    case = load_case(path)
    log_path = path.with_name(LOG_FILE)
    if path.name != CASE_FILE or not log_path.is_file():
        return store.add_case(case)
    log = _read_log(log_path)
    letters: list[KeptLetter] = []
    index: dict[str, int] = {}
    for i, entry in enumerate(log.get("letters") or []):
        letter_path = path.parent / str(entry.get("file", ""))
        try:
            content = letter_path.read_bytes()
            drafted_on = date.fromisoformat(str(entry["drafted_on"]))
            kind = str(entry["kind"])
        except (OSError, KeyError, ValueError) as exc:
            raise StoreError(f"{log_path}: letters[{i}]: {exc}") from None
        if entry.get("sha256") and hashlib.sha256(content).hexdigest() != entry["sha256"]:
            raise StoreError(f"{letter_path}: the file changed since the export (its SHA-256 differs)")
        index[entry.get("file")] = len(letters)
        letters.append(KeptLetter(kind, drafted_on, letter_path.name.split("-", 1)[-1], content))
    links = []
    for link in log.get("sent_by_events") or []:
        if link.get("letter") not in index or not isinstance(link.get("event"), int):
            raise StoreError(f"{log_path}: sent_by_events: {link!r} names no kept letter")
        links.append((link["event"], index[link["letter"]]))
    status = str(log.get("status") or "open")
    return store.restore_case(
        case,
        key=str(log.get("key") or "") or None,
        status=status,
        outcome=log.get("outcome"),
        letters=letters,
        links=links,
    )


def _read_log(path: Path) -> dict[str, Any]:
    try:
        log = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise StoreError(f"{path}: not readable: {exc}") from None
    if not isinstance(log, dict):
        raise StoreError(f"{path}: expected a mapping with key, status, letters")
    return log
