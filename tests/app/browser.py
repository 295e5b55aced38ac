"""How the app tests and the app benchmark start Debian's chromium: headless, nothing phoned home.

Playwright drives it through ``executable_path``; ``playwright install`` (which downloads its own
browser) is never needed.
"""

from __future__ import annotations

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: A laptop screen.
VIEWPORT = {"width": 1366, "height": 900}
