"""The letter kinds: ``templates/letters/manifest.yaml``, validated, plus a practice's own.

Adding a letter is a template plus one manifest entry. The entry says who the letter is for, which
case fields it cannot go out without (``required``), which evidence makes it stronger
(``recommended``), and the elements a recipient must find in it (``elements``; each names the case
fields whose values must appear in the text, and the tests check every one). When triage recommends
a letter is not repeated here: ``rules/tables/actions.yaml`` owns that fact.
"""

from __future__ import annotations

import os
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mhnotebook.errors import LetterError
from mhnotebook.paths import DATA_DIR_ENV, templates_dir, user_data_dir
from mhnotebook.validation.fileformat import CaseFileLoader

#: Evidence checks a manifest may list under ``recommended`` (defined in ``readiness.py``).
EVIDENCE_CHECKS = (
    "functional_impairment",
    "measures",
    "measure_trend",
    "failed_lower_levels",
    "risk_assessment",
    "criteria_named",
    "signer_credentials",
    "level_of_care_rating",
    "treatment_plan_review",
    "provider_search",
    "comparators",
    "denial_quoted",
    "peer_to_peer_logged",
    "phone_call_logged",
    "representative",
    # --- requests ---
    "parity_applies",
    "patterns",
)


class Element(BaseModel):
    """Something the recipient must find in the letter, and the case fields that show it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str
    shows: tuple[str, ...] = Field(
        (), description="Dotted context paths (lists are walked) whose values must appear in the text."
    )


class LetterKind(BaseModel):
    """One kind of letter: its template, audience and what it needs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str
    description: str
    audience: str
    voice: Literal["clinician", "patient"]
    template: str
    required: tuple[str, ...] = ()
    recommended: tuple[str, ...] = ()
    elements: tuple[Element, ...] = ()
    builtin: bool = True

    @field_validator("recommended")
    @classmethod
    def _known_checks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [v for v in value if v not in EVIDENCE_CHECKS]
        if unknown:
            raise ValueError(f"unknown evidence checks {unknown}; known: {', '.join(EVIDENCE_CHECKS)}")
        return value


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fields: dict[str, str] = Field(default_factory=dict, description="Plain labels of required case fields.")
    kinds: tuple[LetterKind, ...]


def builtin_letters_dir() -> Path:
    return templates_dir() / "letters"


def user_letters_dir() -> Path:
    """A practice's own templates, letterhead and manifest entries (override the built-ins)."""
    return _user_letters_dir(os.environ.get(DATA_DIR_ENV))


@lru_cache(maxsize=8)
def _user_letters_dir(configured: str | None) -> Path:
    # Resolving the data directory walks the file system; it changes only with MHNOTEBOOK_DATA_DIR.
    return user_data_dir("templates", "letters", create=False)


def _read_manifest(path: Path, *, builtin: bool) -> Manifest:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=CaseFileLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise LetterError(f"{path}: cannot read the letter manifest: {exc}") from None
    if not isinstance(raw, dict):
        raise LetterError(f"{path}: expected a mapping with 'kinds' (a list of letter kinds)")
    for entry in raw.get("kinds") or []:
        if isinstance(entry, dict):
            entry.setdefault("builtin", builtin)
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
        raise LetterError(f"{path}: {problems}") from None


@cache
def _builtin_manifest() -> Manifest:
    return _read_manifest(builtin_letters_dir() / "manifest.yaml", builtin=True)


def load_manifest() -> Manifest:
    """Built-in kinds, with a practice's ``manifest.yaml`` entries added or replacing by ``kind``.

    Re-read when the practice's file changes (its modification time), so an edit shows at once.
    """
    user_file = user_letters_dir() / "manifest.yaml"
    try:
        stamp = user_file.stat().st_mtime_ns
    except OSError:
        return _builtin_manifest()
    return _merged_manifest(str(user_file), stamp)


@lru_cache(maxsize=4)
def _merged_manifest(user_path: str, stamp: int) -> Manifest:
    base = _builtin_manifest()
    extra = _read_manifest(Path(user_path), builtin=False)
    kinds = {k.kind: k for k in base.kinds}
    kinds.update({k.kind: k for k in extra.kinds})
    return Manifest(fields={**base.fields, **extra.fields}, kinds=tuple(kinds.values()))


def letter_kinds() -> tuple[LetterKind, ...]:
    """Every letter kind mhnotebook can draft, in manifest order."""
    return load_manifest().kinds


def letter_kind(kind: str) -> LetterKind:
    """The kind called ``kind``, or a :class:`LetterError` that lists the known kinds."""
    for entry in letter_kinds():
        if entry.kind == kind:
            return entry
    known = ", ".join(k.kind for k in letter_kinds())
    raise LetterError(f"no letter kind {kind!r}; known kinds: {known}")


def field_label(path: str) -> str:
    """The plain label of a required case field (``denial.reference_number`` -> 'the reference number')."""
    labels = load_manifest().fields
    if path in labels:
        return labels[path]
    return path.rsplit(".", 1)[-1].replace("_", " ")
