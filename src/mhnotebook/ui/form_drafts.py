"""A half-filled form is never lost: it is saved as typed, owner-only, and restored when the form opens.

What is saved is the form itself (every value as typed, even one that is not valid yet), the case
data it was loaded from (so the facts the form does not show come back too) and the letter choices.
The file holds patient information, so it lives in the private data directory (0600 in a 0700
folder) and is written atomically: a crash leaves the previous save, never half a file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from mhnotebook.errors import FormDraftError
from mhnotebook.paths import user_data_dir, write_private_file
from mhnotebook.validation.fileformat import dump_yaml

_FORMAT = "mhnotebook letter form"
_HEADER = (
    "# The letter form as you left it, saved automatically by mhnotebook (owner-only).\n"
    "# It holds patient information: keep it in this private folder. 'Start over' deletes it.\n"
)


@dataclass
class FormDraft:
    """The form as typed, the case data it started from, and the letter choices."""

    values: dict[str, Any]
    base: dict[str, Any]
    kind: str = ""
    signer: str = ""
    source: str = ""
    saved_at: datetime | None = None


def default_draft_path(name: str = "letter-form") -> Path:
    """Where the letter form is saved: ``drafts/letter-form.yaml`` in the private data directory."""
    return user_data_dir("drafts") / f"{name}.yaml"


def save_form_draft(draft: FormDraft, path: Path, *, now: datetime) -> Path:
    """Write the draft owner-only and atomically; returns the path."""
    draft.saved_at = now
    data = {
        "format": _FORMAT,
        "version": 1,
        "saved_at": now.isoformat(timespec="seconds"),
        "kind": draft.kind,
        "signer": draft.signer,
        "source": draft.source,
        "values": draft.values,
        "base": draft.base,
    }
    return write_private_file(path, _HEADER + dump_yaml(data))


def load_form_draft(path: Path) -> FormDraft | None:
    """The saved draft, ``None`` if there is none, or :class:`FormDraftError` naming the file."""
    if not path.is_file():
        return None
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FormDraftError(f"{path}: cannot read the saved form: {exc}") from None
    if not isinstance(raw, dict) or raw.get("format") != _FORMAT:
        raise FormDraftError(f"{path}: not a saved mhnotebook letter form")
    values, base = raw.get("values"), raw.get("base")
    if not isinstance(values, dict) or not isinstance(base, dict):
        raise FormDraftError(f"{path}: the saved form lacks its values or case data")
    saved = raw.get("saved_at")
    try:
        saved_at = datetime.fromisoformat(str(saved)) if saved else None
    except ValueError:
        saved_at = None
    return FormDraft(
        values=values,
        base=base,
        kind=str(raw.get("kind") or ""),
        signer=str(raw.get("signer") or ""),
        source=str(raw.get("source") or ""),
        saved_at=saved_at,
    )


def set_aside(path: Path, suffix: str) -> Path | None:
    """Move a saved draft aside (``letter-form.previous.yaml``) instead of overwriting it."""
    if not path.is_file():
        return None
    target = path.with_name(f"{path.stem}.{suffix}{path.suffix}")
    os.replace(path, target)
    return target


__all__ = [
    "FormDraft",
    "default_draft_path",
    "load_form_draft",
    "save_form_draft",
    "set_aside",
]
