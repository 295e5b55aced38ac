"""Opening app pages the way a person does, and waiting until they can be used."""

from __future__ import annotations

from typing import Any

from tests.app.app_server import AppServer

#: A page runs every cell in a new kernel first; on a busy 2-core machine that can take a while.
PAGE_TIMEOUT_MS = 120_000


def open_notebook(page: Any, app: AppServer, notebook: str, ready: str = ".widget-button") -> Any:
    """Go to a notebook's app page and wait until its widgets are on screen (``ready`` is visible)."""
    response = page.goto(app.url(f"voila/render/{notebook}"), timeout=PAGE_TIMEOUT_MS)
    assert response is not None and response.status == 200, f"{notebook}: {response and response.status}"
    page.wait_for_selector("#loading", state="detached", timeout=PAGE_TIMEOUT_MS)
    page.wait_for_selector(ready, state="visible", timeout=PAGE_TIMEOUT_MS)
    return page


def button(page: Any, name: str) -> Any:
    """A widget button by its visible name (exact)."""
    return page.get_by_role("button", name=name, exact=True)
