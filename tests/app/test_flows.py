"""A person's whole path through the app, in a real browser: triage a denial and save it, open it on
the letter page and download the letter as Word and PDF, log the peer-to-peer call, and find the
call on the case's timeline in the tracker. One test, because each step picks up what the last
one stored in the case log (the app's throwaway data folder).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from docx import Document

from tests.app.app_server import AppServer
from tests.app.axe import run_axe, serious_violations
from tests.app.conftest import whole_page_screenshot as _shoot
from tests.app.pages import button, choose, field, open_notebook, page_text, wait_for_text

pytestmark = pytest.mark.slow

#: The sample the triage page opens on, and its key in the case log.
SAMPLE_PATIENT = "Teen residential eating-disorder continued-stay appeal"
PATIENT_NAME = "Avery Sample"
KEY = "sample-01"
#: A day before any day these tests run (a call is logged once it has taken place).
CALL_DAY = "2026-11-20"
REVIEWER = "Dr. Robin Reviewer"


def test_triage_then_letter_then_call_then_tracker(page, app_server: AppServer, tmp_path: Path):
    # 1. Triage: the page opens on a synthetic sample; no tutorial cell of the notebook shows.
    open_notebook(page, app_server, "01-triage-a-denial.ipynb")
    text = page_text(page)
    assert "The clocks as a table" not in text and "NBVAL" not in text and "wizard." not in text
    assert "Save to case log" in text
    _shoot(page, "triage-form")

    # Readable on a small laptop screen: nothing runs off the side.
    page.set_viewport_size({"width": 1280, "height": 720})
    assert page.evaluate("(c => c.scrollWidth <= c.clientWidth)(document.getElementById('rendered_cells'))")
    page.set_viewport_size({"width": 1366, "height": 900})

    # The keyboard moves through the form in the order it reads.
    field(page, "Sample case").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.placeholder") == "path to a .yaml case file"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Load my case file"

    # A bad value is named next to its field, and the form keeps what was typed.
    field(page, "State (2 letters)").fill("Calif")
    button(page, "Triage this denial").click()
    wait_for_text(page, "expected a two-letter US state or territory code")
    assert field(page, "State (2 letters)").input_value() == "Calif"
    field(page, "State (2 letters)").fill("CA")

    # A safety risk puts the crisis resources first in the triage.
    field(page, "Safety risks now").select_option(label="Suicidal ideation")
    button(page, "Triage this denial").click()
    wait_for_text(page, "Triage updated.")
    result = page_text(page).split("Triage updated.", 1)[1]
    assert result.index("988") < result.index("Ask for expedited (urgent) review")
    assert SAMPLE_PATIENT in result

    button(page, "Save to case log").click()
    wait_for_text(page, f"Saved to the case log as {KEY}")
    _shoot(page, "triage-result")
    _accessible(page, "after-triage")

    # 2. Letters: open the same case from the case log, then download Word and PDF.
    open_notebook(page, app_server, "02-draft-a-letter.ipynb")
    choose(page, "Case log", f"({KEY})")
    button(page, "Open from case log").click()
    wait_for_text(page, f"Opened from the case log as {KEY}")
    docx_path = _export(page, "Word (.docx)", tmp_path)
    assert docx_path.suffix == ".docx"
    words = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert PATIENT_NAME in words and "Sincerely" in words
    pdf_path = _export(page, "PDF", tmp_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    pdf_text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert PATIENT_NAME in pdf_text and len(pdf_text.split()) > 100
    _shoot(page, "letter")
    _accessible(page, "after-export")

    # 3. Calls: a save with no date is refused next to the field; then the call is logged.
    open_notebook(page, app_server, "03-peer-to-peer.ipynb")
    choose(page, "Case", f"({KEY})")
    button(page, "Save call").click()
    wait_for_text(page, "Give the date of the call.")
    field(page, "Date of the call").fill(CALL_DAY)
    field(page, "Time").fill("14:15")
    field(page, "Name").fill(REVIEWER)
    button(page, "Save call").click()
    wait_for_text(page, f"on case {KEY}")
    assert "Saved at" in page_text(page)
    _shoot(page, "call")
    _accessible(page, "after-call")

    # 4. Tracker: the call is on the case's timeline.
    open_notebook(page, app_server, "09-case-tracker.ipynb", ready="text=Deadlines as of")
    page.get_by_role("tab", name="One case").click()
    choose(page, "Case", SAMPLE_PATIENT)
    wait_for_text(page, REVIEWER)
    _shoot(page, "tracker")
    _accessible(page, "tracker-with-a-case")


def _export(page, format_button: str, folder: Path) -> Path:
    """Click an export button, then download the file its link carries (a ``data:`` URL)."""
    button(page, format_button).click()
    suffix = ".docx" if "docx" in format_button else ".pdf"
    link = page.locator(f"a[download$='{suffix}']").last
    link.wait_for(timeout=60_000)
    with page.expect_download() as download:
        link.click()
    target = folder / download.value.suggested_filename
    download.value.save_as(target)
    return target


def _accessible(page, name: str) -> None:
    """axe-core on the page as the person's actions left it (results, previews, saved states)."""
    problems = serious_violations(run_axe(page, name))
    assert problems == [], f"axe-core, {name}:\n" + "\n".join(problems)
