"""axe-core in the app's pages: inject it, run the WCAG 2.1 A/AA rules, keep the results, name the serious ones.

Used by test_accessibility (each page as it opens) and test_flows (pages after a person's actions:
a triage shown, a letter exported, a call saved, a tracker with a case in it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.app.conftest import SKIP_ENV

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
#: Where the full results go (build/ is not committed).
RESULTS = Path(__file__).parents[2] / "build" / "accessibility"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}

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
