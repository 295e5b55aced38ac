"""Every app page, checked by axe-core for the WCAG 2.1 A and AA rules it can test automatically.

axe-core comes from npm, pinned in tests/app/package-lock.json (``make test`` runs ``npm ci --prefix
tests/app``), and is injected into each page by Playwright once the page can be used. A serious or
critical violation fails the test; every result (moderate and minor too, and what axe could not
decide) is written to build/accessibility/<page>.json for docs/accessibility.md. Automated checks
find only part of what matters (no check of reading order, wording or keyboard flow): see the doc.
"""

from __future__ import annotations

import pytest

from tests.app.app_server import AppServer
from tests.app.axe import run_axe, serious_violations
from tests.app.pages import open_notebook

pytestmark = pytest.mark.slow

#: Every notebook page the landing page links to, and what shows once it is complete: its widgets,
#: and on chart pages the last chart (charts draw after the kernel is done; ``nth`` counts from 0).
PAGES = {
    "01-triage-a-denial.ipynb": ".widget-button",
    "02-draft-a-letter.ipynb": ".widget-button",
    "03-peer-to-peer.ipynb": ".widget-button",
    "04-parity-qtl.ipynb": ".widget-button",
    "05-parity-nqtl.ipynb": ".jp-OutputArea-output",  # a report, no widget
    "06-marketplace-denials.ipynb": ".vega-embed >> nth=4",  # the explorer's five charts
    "07-external-review-outcomes.ipynb": ".vega-embed",
    "08-practice-remittances.ipynb": ".vega-embed",  # the explorer's chart
    # The tracker on the session's case log as this test finds it (test_flows checks it with a case in it).
    "09-case-tracker.ipynb": "text=Deadlines as of",
}


def test_the_landing_page_has_no_serious_accessibility_violation(page, app_server: AppServer):
    page.goto(app_server.url())
    problems = serious_violations(run_axe(page, "landing"))
    assert problems == [], "axe-core, landing page:\n" + "\n".join(problems)


@pytest.mark.parametrize("notebook", list(PAGES))
def test_a_notebook_page_has_no_serious_accessibility_violation(page, app_server: AppServer, notebook: str):
    open_notebook(page, app_server, notebook, ready=PAGES[notebook])
    problems = serious_violations(run_axe(page, notebook.removesuffix(".ipynb")))
    assert problems == [], f"axe-core, {notebook}:\n" + "\n".join(problems)


def test_the_check_covers_every_page_the_landing_page_links(page, app_server: AppServer):
    page.goto(app_server.url())
    hrefs = page.eval_on_selector_all("main a[href*='/voila/render/']", "links => links.map(a => a.href)")
    assert {href.rsplit("/", 1)[-1] for href in hrefs} == set(PAGES)


def test_a_violation_is_reported_with_its_rule_help_and_places():
    results = {
        "violations": [
            {"id": "label", "impact": "critical", "help": "Form elements must have labels",
             "helpUrl": "u", "nodes": [{"target": ["#a"]}, {"target": ["#b"]}]},
            {"id": "region", "impact": "moderate", "help": "h", "helpUrl": "u", "nodes": [{"target": ["#c"]}]},
        ]
    }  # fmt: skip
    assert serious_violations(results) == ["[critical] label: Form elements must have labels (2: #a; #b) u"]
