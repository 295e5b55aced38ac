"""Opening app pages the way a person does, and waiting until they can be used."""

from __future__ import annotations

import re
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
    """A widget button by its visible text, whole.

    By text, not by accessible name: Font Awesome's icon glyph (CSS generated content) is part of
    the accessible name ipywidgets buttons get.
    """
    return page.locator("button").filter(has_text=re.compile(rf"^\s*{re.escape(name)}\s*$"))


def field(page: Any, label: str) -> Any:
    """A form control by its label (ipywidgets ties each description to its input with ``for``)."""
    return page.get_by_label(label, exact=True)


def choose(page: Any, label: str, containing: str) -> str:
    """Pick the first option of the dropdown ``label`` whose text contains ``containing``; returns its text."""
    select = field(page, label)
    texts = select.locator("option").all_inner_texts()
    wanted = next((text for text in texts if containing in text.replace("\xa0", " ")), None)
    assert wanted is not None, f"{label}: no option containing {containing!r} in {texts}"
    select.select_option(label=wanted)
    return wanted


def page_text(page: Any) -> str:
    """What a person reads on the page: the rendered cells (header and spinner left out)."""
    return str(page.locator("#rendered_cells").inner_text())


def wait_for_text(page: Any, text: str, timeout_ms: int = 60_000) -> None:
    """Wait until ``text`` shows anywhere in the rendered cells (a widget callback answered)."""
    page.locator("#rendered_cells").get_by_text(text, exact=False).first.wait_for(timeout=timeout_ms)
