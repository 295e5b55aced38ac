"""Benchmark: how long the web app takes to start, and how long each page takes to become usable.

Two measures, as medians of several runs, each against a bare-Voila reference measured in the same run
(a one-cell notebook showing one ipywidgets slider):

(a) **start → landing page**: from starting the process until ``GET /voila/tree?token=...`` answers
    200, a cold start each run with a new throwaway data folder, for ``make app`` (with this
    interpreter's venv as ``VENV``), ``mhnotebook app`` directly, and bare ``voila`` serving the
    reference notebook's folder.
(b) **page → interactive**: one running app, Debian's chromium driven by Playwright; for each run a
    new page load of the triage (01), letter (02), call (03) and tracker (09) pages and the reference,
    timed from the request until the page's main control is visible and enabled, until the page has
    finished loading (every cell executed), and, for the triage page, until pressing "Triage this
    denial" shows a fresh triage under the form.

Run from the repository root with the venv's interpreter (its setup stamp must be current: the
benchmark never installs anything):

    /path/to/venv/bin/python benchmarks/app_startup.py [--runs 5] [--skip-start] [--skip-pages]
        [--pages 01-triage-a-denial.ipynb ...] [--preheat]

``--preheat`` also measures the pages on an app with Voila's kernel preheating, for the record only:
the app does not use it (a preheated page ran before the user saved a case, so it shows stale data).
Every process started here runs in its own process group and is stopped with it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the browser settings and process-group stop are the app tests' own
from tests.app.app_server import free_port, stop_process_group  # noqa: E402
from tests.app.browser import CHROMIUM_ARGS, VIEWPORT  # noqa: E402

HOST = "127.0.0.1"
START_TIMEOUT_S = 120
PAGE_TIMEOUT_MS = 180_000
AIM_S = 10.0
REFERENCE_NOTEBOOK = "reference-slider.ipynb"
#: The app pages measured, with the control that makes each usable: (CSS selector, its text).
PAGES: dict[str, tuple[str, str]] = {
    "01-triage-a-denial.ipynb": ("button.widget-button", "Triage this denial"),
    "02-draft-a-letter.ipynb": ("button.widget-button", "Load my case file"),
    "03-peer-to-peer.ipynb": ("button.widget-button", "Save call"),
    "09-case-tracker.ipynb": (".lm-TabBar-tab", "Deadlines"),
}
#: Marks the triage outputs already on the page, so that only a triage drawn after the click counts.
MARK_OLD_OUTPUTS = """() => {
  for (const el of document.querySelectorAll('.widget-output .jp-OutputArea-output')) el.dataset.bench = 'old';
}"""
NEW_TRIAGE_SHOWN = """() => [...document.querySelectorAll('.widget-output .jp-OutputArea-output')]
  .some(el => el.dataset.bench !== 'old' && el.textContent.includes(', as of '))"""


# --- processes ----------------------------------------------------------------------------------


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


class Server:
    """One server process in its own process group: started, timed until it answers, stopped."""

    def __init__(self, command: list[str], port: int, token: str, env: dict[str, str], log: Path) -> None:
        self.command, self.port, self.token, self.env, self.log = command, port, token, env, log
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, path: str = "voila/tree") -> str:
        return f"http://{HOST}:{self.port}/{path.lstrip('/')}?token={self.token}"

    def start(self) -> float:
        """Start it; the seconds until the landing page answered 200."""
        with self.log.open("wb") as log:
            started = time.perf_counter()
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = started + START_TIMEOUT_S
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command} exited with {self.process.returncode}:\n{self.tail()}")
            if answers(self.url()):
                return time.perf_counter() - started
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.command} did not answer within {START_TIMEOUT_S} s:\n{self.tail()}")

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        if self.process is not None:
            stop_process_group(self.process)
            self.process = None


@contextlib.contextmanager
def running(server: Server) -> Iterator[Server]:
    try:
        server.start()
        yield server
    finally:
        server.stop()


def app_env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "MHNOTEBOOK_DATA_DIR": str(data_dir)}
    env.pop("MAKEFLAGS", None)
    return env


def make_app(port: int, token: str, env: dict[str, str], log: Path) -> Server:
    venv = Path(sys.prefix)
    command = [
        "make",
        "--no-print-directory",
        "app",
        f"VENV={venv}",
        f"PORT={port}",
        f"TOKEN={token}",
        "ARGS=--no-browser",
    ]
    return Server(command, port, token, env, log)


def mhnotebook_app(port: int, token: str, env: dict[str, str], log: Path, *extra: str) -> Server:
    mhnotebook = str(Path(sys.executable).parent / "mhnotebook")
    command = [
        mhnotebook,
        "app",
        "--no-browser",
        "--host",
        HOST,
        "--port",
        str(port),
        "--token",
        token,
        *extra,
    ]
    return Server(command, port, token, env, log)


def bare_voila(folder: Path, port: int, token: str, env: dict[str, str], log: Path) -> Server:
    command = [sys.executable, "-m", "voila", str(folder), "--no-browser", f"--Voila.ip={HOST}",
               f"--Voila.port={port}", "--Voila.port_retries=0", f"--Voila.token={token}"]  # fmt: skip
    return Server(command, port, token, env, log)


def write_reference(folder: Path) -> Path:
    """The reference page: one cell, one slider, nothing else."""
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "slider",
                "metadata": {},
                "outputs": [],
                "source": ["import ipywidgets as w\n", 'w.IntSlider(description="Reference")'],
            }
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    target = folder / REFERENCE_NOTEBOOK
    target.write_text(json.dumps(notebook, indent=1))
    return target


def check_setup_stamp() -> None:
    """`make app` must not install anything while being timed: its setup stamp has to be current."""
    stamp = Path(sys.prefix) / ".installed"
    result = subprocess.run(
        ["make", "-q", f"VENV={sys.prefix}", str(stamp)], cwd=ROOT, check=False, capture_output=True
    )
    if result.returncode != 0:
        sys.exit(f"{stamp} is missing or older than pyproject.toml: run `make setup VENV={sys.prefix}` first")


# --- figures ----------------------------------------------------------------------------------


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):6.2f} s  (min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"


def ratio(values: list[float], reference: list[float]) -> str:
    return f"{statistics.median(values) / statistics.median(reference):.1f}x reference"


def aim(values: list[float]) -> str:
    return "met" if statistics.median(values) < AIM_S else "NOT met"


# --- (a) start → landing page -----------------------------------------------------------------


def bench_start(runs: int, work: Path, reference_dir: Path) -> dict[str, list[float]]:
    kinds: dict[str, Callable[[int, str, dict[str, str], Path], Server]] = {
        "make app": make_app,
        "mhnotebook app": mhnotebook_app,
        "bare voila (reference)": lambda port, token, env, log: bare_voila(
            reference_dir, port, token, env, log
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in kinds}
    names = list(kinds)
    for run in range(runs):
        # Rotate the order so that no command always goes first on a warming machine.
        for name in names[run % len(names) :] + names[: run % len(names)]:
            data_dir = Path(tempfile.mkdtemp(dir=work, prefix="data-"))
            server = kinds[name](free_port(), secrets.token_hex(16), app_env(data_dir), work / "start.log")
            try:
                times[name].append(server.start())
            finally:
                server.stop()
            print(f"  run {run + 1} {name:24} {times[name][-1]:6.2f} s", flush=True)
    return times


# --- (b) page → interactive -------------------------------------------------------------------


def control(page: Any, selector: str, text: str) -> Any:
    """The page's main control: ``selector`` whose whole text is ``text`` (any text when empty).

    By text, not by ARIA name: a widget button's accessible name starts with its icon's glyph.
    """
    if not text:
        return page.locator(selector)
    return page.locator(selector, has_text=re.compile(rf"^\s*{re.escape(text)}\s*$"))


def load_page(context: Any, url: str, selector: str, text: str, click_triage: bool) -> dict[str, float]:
    """One page load: seconds until the control is usable, until every cell ran, and (triage) a fresh result."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        loaded: list[float] = []
        started = time.perf_counter()
        page.once("load", lambda: loaded.append(time.perf_counter() - started))
        page.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT_MS)
        target = control(page, selector, text).first
        target.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
        page.wait_for_function(
            "el => !el.disabled && !el.classList.contains('mod-disabled')",
            arg=target.element_handle(),
            timeout=PAGE_TIMEOUT_MS,
        )
        figures = {"usable": time.perf_counter() - started}
        if click_triage:
            page.evaluate(MARK_OLD_OUTPUTS)
            clicked = time.perf_counter()
            target.click(timeout=PAGE_TIMEOUT_MS)
            page.wait_for_function(NEW_TRIAGE_SHOWN, timeout=PAGE_TIMEOUT_MS, polling=50)
            figures["triage shown"] = time.perf_counter() - started
            figures["click → triage"] = time.perf_counter() - clicked
        page.wait_for_selector("#loading", state="detached", timeout=PAGE_TIMEOUT_MS)
        deadline = time.perf_counter() + PAGE_TIMEOUT_MS / 1000
        while not loaded and time.perf_counter() < deadline:
            page.wait_for_timeout(50)
        figures["all cells ran"] = loaded[0] if loaded else float("nan")
        for error in errors:  # reported, not fatal: the benchmark times the page as a person gets it
            print(f"  script error on {url.split('?')[0]}: {error}", flush=True)
        return figures
    finally:
        page.close()


def bench_pages(
    runs: int, work: Path, reference_dir: Path, *, preheat: bool, only: list[str]
) -> dict[str, dict[str, list[float]]]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("Debian's chromium is needed: tools/system-packages.sh --tests (never `playwright install`)")
    extra = (
        ("--VoilaConfiguration.preheat_kernel=True", "--VoilaConfiguration.default_pool_size=1")
        if preheat
        else ()
    )
    data_dir = Path(tempfile.mkdtemp(dir=work, prefix="data-"))
    app = mhnotebook_app(free_port(), secrets.token_hex(16), app_env(data_dir), work / "app.log", *extra)
    reference = bare_voila(
        reference_dir, free_port(), secrets.token_hex(16), app_env(data_dir), work / "ref.log"
    )
    targets = {REFERENCE_NOTEBOOK: (reference, (".widget-slider", ""))}
    targets.update(
        {notebook: (app, ready) for notebook, ready in PAGES.items() if not only or notebook in only}
    )
    figures: dict[str, dict[str, list[float]]] = {notebook: {} for notebook in targets}
    with running(app), running(reference), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for run in range(runs):
                for notebook, (server, (selector, text)) in targets.items():
                    # A signed-in profile with the static files cached, as after opening the landing page.
                    context = browser.new_context(viewport=VIEWPORT)
                    context.route(
                        "**/*",
                        lambda route: (
                            route.continue_()
                            if route.request.url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:"))
                            else route.abort()
                        ),
                    )
                    try:
                        warm = context.new_page()
                        warm.goto(server.url(), timeout=PAGE_TIMEOUT_MS)
                        warm.close()
                        if preheat:  # give the pool time to pre-render the page again
                            time.sleep(20)
                        got = load_page(context, server.url(f"voila/render/{notebook}"), selector, text,
                                        click_triage=notebook.startswith("01-"))  # fmt: skip
                    finally:
                        context.close()
                    for key, value in got.items():
                        figures[notebook].setdefault(key, []).append(value)
                    shown = ", ".join(f"{k} {v:.2f} s" for k, v in got.items())
                    print(f"  run {run + 1} {notebook:28} {shown}", flush=True)
                    time.sleep(1)  # let Voila shut the closed page's kernel down before the next load
        finally:
            browser.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-start", action="store_true", help="skip (a), the cold starts")
    parser.add_argument("--skip-pages", action="store_true", help="skip (b), the page loads")
    parser.add_argument(
        "--pages", nargs="*", default=[], choices=list(PAGES), help="(b) for these pages only"
    )
    parser.add_argument(
        "--preheat", action="store_true", help="(b) with Voila's kernel preheating, for the record"
    )
    args = parser.parse_args()
    check_setup_stamp()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f} at start")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="app-bench-") as tmp:
        work = Path(tmp)
        reference_dir = work / "reference"
        reference_dir.mkdir()
        write_reference(reference_dir)
        if not args.skip_start:
            print("(a) process start -> landing page (GET /voila/tree answers 200), cold start each run")
            start = bench_start(args.runs, work, reference_dir)
            reference = start["bare voila (reference)"]
            for name, values in start.items():
                print(f"  {name:24} {summary(values)}  {ratio(values, reference)}  aim <10 s: {aim(values)}")
        if not args.skip_pages:
            print(f"(b) page load -> usable{' (PREHEATED kernels, for the record)' if args.preheat else ''}")
            pages = bench_pages(args.runs, work, reference_dir, preheat=args.preheat, only=args.pages)
            reference = pages[REFERENCE_NOTEBOOK]["usable"]
            for notebook, measures in pages.items():
                for key, values in measures.items():
                    shown = f"  {notebook:28} {key:15} {summary(values)}"
                    if key != "click → triage":
                        shown += f"  {ratio(values, reference)}  aim <10 s: {aim(values)}"
                    print(shown)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
