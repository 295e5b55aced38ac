"""What the app runs of each notebook it links: cells tagged ``lab-only`` are removed before the kernel runs.

Tagging a cell away must never take with it a name a kept cell still needs (the page would show a
NameError instead of its explorer), nor the widget or report the page exists for. Checked statically
from the stored notebooks with ``ast``, without a kernel or a browser.
"""

from __future__ import annotations

import ast
import builtins
import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"
LAB_ONLY = "lab-only"
WIDGET = "application/vnd.jupyter.widget-view+json"
#: The app's pages and what each must still display: its form, explorer or tracker widget, or the report.
APP_PAGES = {
    "01-triage-a-denial.ipynb": WIDGET,
    "02-draft-a-letter.ipynb": WIDGET,
    "03-peer-to-peer.ipynb": WIDGET,
    "09-case-tracker.ipynb": WIDGET,
    "04-parity-qtl.ipynb": WIDGET,
    "05-parity-nqtl.ipynb": "text/html",
    "06-marketplace-denials.ipynb": WIDGET,
    "07-external-review-outcomes.ipynb": WIDGET,
    "08-practice-remittances.ipynb": WIDGET,
}
KNOWN = set(dir(builtins)) | {"display", "get_ipython"}  # what a Jupyter kernel provides


def app_cells(notebook: dict) -> list[dict]:
    """The cells the app keeps, in order (the same rule as Voila's TagRemovePreprocessor)."""
    return [c for c in notebook["cells"] if LAB_ONLY not in c.get("metadata", {}).get("tags", [])]


def source(cell: dict) -> str:
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def bound_names(tree: ast.AST) -> set[str]:
    """Names a cell binds: assignments, loop and ``with`` targets, imports, function and class names."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def undefined_names(cells: list[dict]) -> list[tuple[int, str]]:
    """``(kept code cell number, name)`` for each name read before any kept cell (or the cell itself) binds it."""
    defined = set(KNOWN)
    missing = []
    code_cells = [c for c in cells if c["cell_type"] == "code"]
    for number, cell in enumerate(code_cells):
        tree = ast.parse(source(cell))
        own = bound_names(tree)
        for node in ast.walk(tree):
            reads = isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
            if reads and node.id not in defined and node.id not in own:
                missing.append((number, node.id))
        defined |= own
    return missing


def shows(cell: dict, mimetype: str) -> bool:
    return any(mimetype in output.get("data", {}) for output in cell.get("outputs", []))


@pytest.mark.parametrize("name", sorted(APP_PAGES))
def test_every_name_a_kept_cell_reads_is_bound_by_a_kept_cell(name: str):
    notebook = json.loads((NOTEBOOKS / name).read_text())
    assert undefined_names(app_cells(notebook)) == []


@pytest.mark.parametrize("name", sorted(APP_PAGES))
def test_the_app_keeps_the_cell_the_page_is_for(name: str):
    notebook = json.loads((NOTEBOOKS / name).read_text())
    kept = app_cells(notebook)
    assert any(c["cell_type"] == "code" and shows(c, APP_PAGES[name]) for c in kept)
    assert kept[0]["cell_type"] == "markdown" and source(kept[0]).startswith("# "), "the title comes first"
    assert len(kept) < len(notebook["cells"]), "the tutorial cells are tagged lab-only"


@pytest.mark.parametrize("name", sorted(APP_PAGES))
def test_no_kept_cell_prints_for_the_test_suite(name: str):
    """An ``NBVAL_CHECK_OUTPUT`` print is for nbval in Lab; a reader of the app should see widgets, not it."""
    notebook = json.loads((NOTEBOOKS / name).read_text())
    checked = [source(c)[:60] for c in app_cells(notebook) if "NBVAL_CHECK_OUTPUT" in source(c)]
    assert checked == []


def _notebook(*cells: tuple[str, str, bool]) -> dict:
    return {
        "cells": [
            {"cell_type": kind, "source": text, "metadata": {"tags": [LAB_ONLY]} if lab else {}}
            for kind, text, lab in cells
        ]
    }


def test_the_check_catches_a_name_whose_cell_was_tagged_away():
    notebook = _notebook(
        ("markdown", "# Title", False),
        ("code", "from x import load\ndata = load()", True),
        ("code", "explorer = Explorer(data)", False),
    )
    assert undefined_names(app_cells(notebook)) == [(0, "Explorer"), (0, "data")]


def test_the_check_accepts_names_bound_in_the_cell_or_earlier_and_builtins():
    notebook = _notebook(
        ("code", "import os\nfrom a import b as c", False),
        ("code", "rows = [len(r) for r in c(os.sep)]\nfor i in rows:\n    print(i)", False),
    )
    assert undefined_names(app_cells(notebook)) == []
