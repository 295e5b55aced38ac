"""Stored notebook outputs show sample data only: no real case, path, phone, email or identifier."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mhnotebook.paths import samples_dir

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

_PATH = re.compile(r"(?:/home/|/root/|/Users/|/tmp/|/var/folders/|[A-Z]:\\\\)")
_PHONE = re.compile(r"\(?\b\d{3}\)?[ .-]?\d{3}-\d{4}\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IDENTIFIER = re.compile(r"\b[A-Z]{2,5}-?\d{5,}\b")
_FILE = re.compile(r"[\w.-]+\.(?:yaml|yml|json)\b")


def _sample_corpus() -> str:
    """The samples plus the published reference data in the rule tables (helplines, regulators).

    Binary public-data workbooks (data/samples/tic-puf/*.xlsx) hold no text to compare against.
    """
    tables = ROOT / "src" / "mhnotebook" / "rules" / "tables"
    files = [*samples_dir().rglob("*"), *tables.glob("*.yaml")]
    binary = {".xlsx", ".pdf", ".png"}
    return "\n".join(
        p.read_text(encoding="utf-8") for p in files if p.is_file() and p.suffix.lower() not in binary
    )


def _output_texts(notebook: dict) -> list[str]:
    texts = []
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            if "text" in output:
                texts.append("".join(output["text"]))
            for value in output.get("data", {}).values():
                texts.append("".join(value) if isinstance(value, list) else json.dumps(value))
            texts.extend(output.get("traceback", []))
    return texts


def find_non_sample_data(notebook: dict, corpus: str, sample_files: set[str]) -> list[str]:
    """Everything in a notebook's outputs that did not come from the shipped samples."""
    problems = []
    for text in _output_texts(notebook):
        if match := _PATH.search(text):
            problems.append(f"a path from someone's computer: {text[match.start() : match.start() + 60]!r}")
        for pattern, what in ((_PHONE, "phone number"), (_EMAIL, "email"), (_IDENTIFIER, "identifier")):
            problems += [
                f"{what} {m!r} is not in the samples" for m in pattern.findall(text) if m not in corpus
            ]
        problems += [f"file {m!r} is not a sample" for m in _FILE.findall(text) if m not in sample_files]
        if ("mhn-case-summary" in text or "[SYNTHETIC SAMPLE]" in text) is False and "Member ID" in text:
            problems.append("a case summary without the synthetic-sample label")
        if "mhn-case-summary" in text and "synthetic sample" not in text:
            problems.append("a case summary of a case not marked synthetic")
    return problems


@pytest.fixture(scope="module")
def corpus() -> tuple[str, set[str]]:
    return _sample_corpus(), {p.name for p in samples_dir().rglob("*") if p.is_file()}


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_contain_sample_data_only(path, corpus):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert find_non_sample_data(notebook, *corpus) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_notebooks_have_outputs_and_no_widget_state_bloat(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert any(cell.get("outputs") for cell in notebook["cells"]), "execute it with `make notebooks`"
    assert "widgets" not in notebook.get("metadata", {})
    assert path.stat().st_size < 400 * 1024


def test_the_scanner_catches_a_real_looking_case(corpus):
    from mhnotebook.models import Case

    real = Case.model_validate(
        {
            "patient": {
                "name": "Maria Lopez",
                "member_id": "XJH12345678",
                "contact": {"phone": "(312) 867-5309", "email": "maria@gmail.com"},
            },
            "plan": {"insurer": "Real Insurer"},
            "service": {"description": "IOP"},
        }
    )
    notebook = {
        "cells": [
            {
                "outputs": [
                    {"data": {"text/html": real._repr_html_(), "text/plain": repr(real)}},
                    {"text": "saved to /home/clinician/cases/maria.yaml\n"},
                ]
            }
        ]
    }
    problems = " | ".join(find_non_sample_data(notebook, *corpus))
    for expected in (
        "path from someone's computer",
        "phone number '(312) 867-5309'",
        "maria@gmail.com",
        "'XJH12345678'",
        "file 'maria.yaml'",
        "not marked synthetic",
    ):
        assert expected in problems
