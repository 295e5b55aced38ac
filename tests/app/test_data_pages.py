"""The data pages as a clinician or advocate sees them in the app: no code, no test prints, charts drawn offline.

Each page is loaded once (a kernel runs every kept cell, 10-30 s on a busy machine); the explorers of
06 and 08 are then driven through one control to prove that their charts and tables redraw.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.app.app_server import AppServer
from tests.app.conftest import screenshot
from tests.app.pages import PAGE_TIMEOUT_MS, open_notebook

pytestmark = pytest.mark.slow

#: A chart is drawn when vega-embed has put an svg (or a canvas) inside its widget output.
CHART = ".vega-embed svg, .vega-embed canvas"
#: Tall enough that a whole page is in one screenshot (Voila scrolls inside the page).
TALL = {"width": 1366, "height": 2400}
#: Text that must never reach a reader: Python errors, test markers, code.
LAB_ONLY_TEXT = re.compile(r"Traceback|Error\b|NBVAL|object at 0x|^\s*(from|import) \w", re.MULTILINE)
#: Code editors or code inputs; Voila strips code cells' sources, markdown cells keep an input area.
CODE = ".jp-CodeCell .jp-InputArea, .jp-InputArea-editor, .cm-editor, .CodeMirror"

#: notebook -> (what shows the page is ready, whether it draws charts, screenshot name)
PAGES = {
    "04-parity-qtl.ipynb": (".widget-button", False, "app-parity-qtl"),
    "05-parity-nqtl.ipynb": ("h1:has-text('NQTL comparative analysis')", False, "app-parity-nqtl"),
    "06-marketplace-denials.ipynb": (CHART, True, "app-marketplace-denials"),
    "07-external-review-outcomes.ipynb": (CHART, True, "app-external-review"),
    "08-practice-remittances.ipynb": (CHART, True, "app-practice-remittances"),
}


def chart_texts(page: Any) -> list[str]:
    """Every text mark of the drawn charts (titles, axis labels): what a redraw changes."""
    return list(page.eval_on_selector_all(".vega-embed svg text", "els => els.map(e => e.textContent)"))


def pick_another_claims_year(page: Any) -> None:
    """06: a different claims year redraws the headline table and the issuer chart's title."""
    year = page.locator(".widget-dropdown").filter(has_text="Claims year").locator("select")
    shown = year.locator("option:checked").inner_text().strip()
    other = next(o.strip() for o in year.locator("option").all_inner_texts() if o.strip() != shown)
    assert f"claims year {shown}" in " ".join(chart_texts(page))
    year.select_option(label=other)
    page.get_by_text(f"Claims year {other}", exact=True).wait_for(timeout=PAGE_TIMEOUT_MS)
    page.locator(".vega-embed svg text", has_text=f"claims year {other}").first.wait_for(
        timeout=PAGE_TIMEOUT_MS
    )
    assert f"claims year {shown}" not in " ".join(chart_texts(page))


def pick_one_triage_path(page: Any) -> None:
    """08: one triage path narrows the status line, the chart's bars and the worth-appealing table."""
    paths = page.locator(".widget-select-multiple").filter(has_text="Paths").locator("select")
    # ipywidgets writes option labels with no-break spaces; the chart uses plain ones.
    labels = [label.replace("\xa0", " ") for label in paths.locator("option").all_inner_texts()]
    assert len(labels) > 1
    before_status = page.get_by_text(re.compile(r"denied line\(s\)")).inner_text()
    assert set(labels) <= set(chart_texts(page)), "the path chart has a bar per path"
    chosen = labels[0]
    paths.select_option(index=0)
    status = page.get_by_text(re.compile(r"denied line\(s\).*filters: path in"))
    status.wait_for(timeout=PAGE_TIMEOUT_MS)
    assert status.inner_text() != before_status
    page.locator(".vega-embed svg text", has_text=chosen).first.wait_for(timeout=PAGE_TIMEOUT_MS)
    drawn = chart_texts(page)
    assert chosen in drawn and not (set(labels) - {chosen}) & set(drawn)
    table = page.locator("table", has=page.get_by_role("columnheader", name="Triage path"))
    rows = table.locator("tbody tr").all_inner_texts()
    assert rows and all(chosen in row for row in rows)


DRIVE = {
    "06-marketplace-denials.ipynb": pick_another_claims_year,
    "08-practice-remittances.ipynb": pick_one_triage_path,
}


@pytest.mark.parametrize("notebook", sorted(PAGES))
def test_a_data_page_shows_no_code_and_draws_its_charts_offline(page, app_server: AppServer, notebook: str):
    ready, has_charts, name = PAGES[notebook]
    page.set_viewport_size(TALL)
    open_notebook(page, app_server, notebook, ready=ready)
    text = page.inner_text("body")
    assert not LAB_ONLY_TEXT.search(text), LAB_ONLY_TEXT.search(text)
    assert "Loading widget" not in text
    assert page.locator(CODE).count() == 0
    if has_charts:
        page.locator(CHART).first.wait_for(timeout=PAGE_TIMEOUT_MS)
        assert page.locator(CHART).count() >= 1
    screenshot(page, name)
    if notebook in DRIVE:
        DRIVE[notebook](page)
