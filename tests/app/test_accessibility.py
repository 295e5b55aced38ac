"""Every app page, checked by axe-core for the WCAG 2.1 A and AA rules it can test automatically.

axe-core comes from npm, pinned in tests/app/package-lock.json (``make test`` runs ``npm ci --prefix
tests/app``), and is injected into each page by Playwright once the page can be used. A serious or
critical violation fails the test; every result (moderate and minor too, and what axe could not
decide) is written to build/accessibility/<page>.json for docs/accessibility.md. Automated checks
find only part of what matters (no check of reading order, wording or keyboard flow): see the doc.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.app.app_server import AppServer
from tests.app.conftest import SKIP_ENV
from tests.app.pages import open_notebook

pytestmark = pytest.mark.slow

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
#: Where the full results go (build/ is not committed).
RESULTS = Path(__file__).parents[2] / "build" / "accessibility"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}

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
    "08-practice-remittances.ipynb": ".vega-embed >> nth=3",  # three charts and the explorer's
    "09-case-tracker.ipynb": ".vega-embed >> nth=3",  # the tracker's two and two more
}

#: Findings inside markup we do not control, excluded by rule and selector (never a whole rule).
#: Empty: every serious finding so far was fixed at its source (docs/accessibility.md).
EXCLUDED: dict[str, tuple[str, ...]] = {}


def axe_script() -> Path:
    if AXE.is_file():
        return AXE
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"axe-core is not installed and {SKIP_ENV}=1")
    pytest.fail(f"axe-core is missing ({AXE}): run `npm ci --prefix tests/app` (make test does)")


def run_axe(page: Any, name: str) -> dict[str, Any]:
    """Inject axe, let the page's own repairs run (they wait for an animation frame), check, save."""
    page.add_script_tag(path=str(axe_script()))
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    results: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    return results


def serious_violations(results: dict[str, Any]) -> list[str]:
    """One line per serious or critical rule broken: id, help and the first few places."""
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        excluded = EXCLUDED.get(violation["id"], ())
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
        targets = [target for target in targets if target not in excluded]
        if targets:
            found.append(
                f"[{violation['impact']}] {violation['id']}: {violation['help']} "
                f"({len(targets)}: {'; '.join(targets[:3])}) {violation['helpUrl']}"
            )
    return found


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
