"""The app's frame in a real browser: the landing page, the header's promises, the token, offline."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from mhnotebook.launch import lab_workspace
from tests.app.app_server import AppServer
from tests.app.conftest import screenshot

pytestmark = pytest.mark.slow

#: What the landing page must offer: the pages the issue names, by the notebook each one serves.
LANDING_LINKS = {
    "Triage a denial": "01-triage-a-denial.ipynb",
    "Draft a letter": "02-draft-a-letter.ipynb",
    "Prepare and log a call": "03-peer-to-peer.ipynb",
    "Case tracker": "09-case-tracker.ipynb",
    "Marketplace denial rates": "06-marketplace-denials.ipynb",
    "External review outcomes": "07-external-review-outcomes.ipynb",
    "Your practice's remittances": "08-practice-remittances.ipynb",
}


def test_landing_page_links_every_main_page_under_the_two_promises(page, app_server: AppServer):
    page.goto(app_server.url())
    header = page.get_by_role("banner")
    assert "Your data stays on this machine" in header.inner_text()
    assert "This is not legal advice" in header.inner_text()
    main = page.get_by_role("main")
    assert main.inner_text().lstrip().startswith("In crisis?")
    for name, notebook in LANDING_LINKS.items():
        link = main.get_by_role("link", name=name, exact=True)
        assert link.get_attribute("href").endswith(f"/voila/render/{notebook}")
    screenshot(page, "landing")


def test_the_keyboard_reaches_a_skip_link_first_then_the_pages(page, app_server: AppServer):
    page.goto(app_server.url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to the content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#mhn-content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Triage a denial"


def test_every_link_on_the_landing_page_and_in_the_header_names_a_notebook_that_exists(
    page, app_server: AppServer
):
    page.goto(app_server.url())
    hrefs = page.eval_on_selector_all(
        "a[href*='/voila/render/']", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(hrefs) >= len(LANDING_LINKS)
    served = lab_workspace()
    for href in hrefs:
        assert (served / href.rsplit("/", 1)[-1]).is_file(), href


@pytest.mark.parametrize("path", ["", "voila/tree", "voila/render/01-triage-a-denial.ipynb"])
def test_a_request_without_the_token_is_refused(app_server: AppServer, path: str):
    request = urllib.request.Request(app_server.url(path))
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(request, timeout=30)
    assert refused.value.code in (302, 403)
    if refused.value.code == 302:
        assert "/login" in refused.value.headers["Location"]
    body = refused.value.read().decode(errors="replace")
    assert "Triage a denial" not in body and "mhn-card" not in body


def test_a_wrong_token_is_refused(app_server: AppServer):
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(
            app_server.url("voila/render/01-triage-a-denial.ipynb") + "?token=not-the-token", timeout=30
        )
    assert refused.value.code in (302, 403)


def test_the_app_listens_on_loopback_only(app_server: AppServer):
    log = app_server.log(last=None)  # the start-up lines, however many pages the session opened before
    assert re.search(r"http://127\.0\.0\.1:\d+/", log), log
    assert "0.0.0.0" not in log


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None
