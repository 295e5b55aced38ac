"""Fixtures for the web app tests: the app on a free local port, and Debian's chromium driven by Playwright.

Nothing may leave the machine: every page runs with a network guard that refuses any request not
addressed to the app (127.0.0.1) and fails the test that made it. The browser is Debian's
``chromium`` (``tools/system-packages.sh`` installs it); ``playwright install`` is never needed.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.app_server import AppServer
from tests.app.browser import CHROMIUM_ARGS, VIEWPORT

#: Set to 1 to skip the browser tests on a machine without chromium (CI installs it, so never there).
SKIP_ENV = "MHNOTEBOOK_SKIP_BROWSER"
#: Where the tests leave their screenshots (the README's come from here): build/ is not committed.
SCREENSHOTS = Path(
    os.environ.get("MHNOTEBOOK_SCREENSHOTS", Path(__file__).parents[2] / "build" / "screenshots")
)
LOCAL_PREFIXES = ("http://127.0.0.1:", "data:", "blob:", "about:")


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"chromium is not installed and {SKIP_ENV}=1")
    pytest.fail(
        "Debian's chromium is needed for the app tests: run tools/system-packages.sh (or apt-get install chromium)"
    )


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """`mhnotebook app` with a token, on a throwaway data folder, for the whole session."""
    chromium_path()  # no app worth starting without a browser to drive it
    root = tmp_path_factory.mktemp("app")
    server = AppServer(root / "data", root / "app.log", token=secrets.token_hex(16)).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def outside_requests() -> list[str]:
    """Every request a page tried to send anywhere but the app; the guard refused each one."""
    return []


@pytest.fixture
def app_context(browser: Any, app_server: AppServer, outside_requests: list[str]) -> Iterator[Any]:
    """A fresh browser profile signed in with the token, that refuses (and records) outside requests."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)

    def guard(route: Any) -> None:
        if route.request.url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    response = page.goto(app_server.url(with_token=True))
    assert response is not None and response.status == 200
    page.close()
    try:
        yield context
    finally:
        context.close()
    assert outside_requests == [], f"the app tried to reach outside this machine: {outside_requests}"


@pytest.fixture
def page(app_context: Any) -> Iterator[Any]:
    opened = app_context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    opened.close()
    assert errors == [], f"script errors on the page: {errors}"


def screenshot(page: Any, name: str) -> Path:
    """Save the whole page as ``build/screenshots/NAME.png`` (Voila scrolls in the body; a tall viewport shows it all)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def whole_page_screenshot(page: Any, name: str) -> Path:
    """The whole page from the top at laptop width.

    A notebook page scrolls inside ``#rendered_cells`` under the fixed header, so the viewport grows
    to the header plus everything the cells hold.
    """
    height = page.evaluate(
        """(() => {
          const cells = document.getElementById('rendered_cells');
          if (!cells) return document.documentElement.scrollHeight;
          cells.scrollTop = 0;
          return cells.getBoundingClientRect().top + cells.scrollHeight;
        })()"""
    )
    page.set_viewport_size(
        {"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], min(int(height), 8000))}
    )
    try:
        return screenshot(page, name)
    finally:
        page.set_viewport_size(VIEWPORT)
