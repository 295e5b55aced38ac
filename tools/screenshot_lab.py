"""Take the README's picture of JupyterLab showing a notebook (stored outputs, sample data only).

Needs Debian's chromium and `pip install playwright` (never `playwright install`):
    python tools/screenshot_lab.py notebooks/00-start-here.ipynb docs/images/start-here.png [SCROLL_PIXELS]
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the app tests' browser settings and free port
from tests.app.app_server import free_port
from tests.app.browser import CHROMIUM_ARGS


def main(notebook: str, output: str, scroll_pixels: str = "0") -> None:
    port, token = free_port(), secrets.token_hex(16)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mhnotebook.cli",
            "lab",
            "--no-browser",
            "--port",
            str(port),
            f"--IdentityProvider.token={token}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.3)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1360, "height": 980})
            page.goto(f"http://127.0.0.1:{port}/lab/tree/{Path(notebook).name}?token={token}")
            page.wait_for_selector(".jp-Notebook .jp-OutputArea-output >> visible=true", timeout=60_000)
            page.wait_for_timeout(2500)
            if int(scroll_pixels):
                page.mouse.move(700, 500)
                page.mouse.wheel(0, int(scroll_pixels))
                page.wait_for_timeout(1500)
            page.screenshot(path=output)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main(*sys.argv[1:])
