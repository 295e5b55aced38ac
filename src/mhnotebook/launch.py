"""Starting JupyterLab on the notebooks, locally and with nothing phoned home.

Kept apart from the CLI so the exact command line can be tested without starting a server.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from mhnotebook.paths import notebooks_dir, source_checkout, user_data_dir

START_NOTEBOOK = "00-start-here.ipynb"

#: JupyterLab settings that keep it on this machine: loopback only, no news feed, no update check,
#: no extension manager querying PyPI.
PRIVATE_LAB_SETTINGS = (
    "--ServerApp.ip=127.0.0.1",
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
)


def lab_workspace() -> Path:
    """Where Lab opens: the checkout's ``notebooks/`` in development, else a private copy.

    An installed package copies its notebooks into the user data directory once, and never
    overwrites a notebook the user has since changed.
    """
    checkout = source_checkout()
    if checkout is not None:
        return checkout / "notebooks"
    target = user_data_dir("notebooks")
    for notebook in notebooks_dir().glob("*.ipynb"):
        destination = target / notebook.name
        if not destination.exists():
            shutil.copyfile(notebook, destination)
            destination.chmod(0o600)
    return target


def lab_settings_dir() -> Path:
    """Settings defaults for ``mhnotebook lab``: never fetch Jupyter news, never check for updates."""
    from importlib import resources

    return Path(str(resources.files("mhnotebook") / "lab_settings"))


def lab_command(
    workspace: Path, *, port: int | None = None, open_browser: bool = True, extra: tuple[str, ...] = ()
) -> list[str]:
    """The ``jupyter lab`` command line for ``workspace``, opening the start-here notebook."""
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={workspace}",
        f"--LabApp.default_url=/lab/tree/{START_NOTEBOOK}",
        f"--LabApp.app_settings_dir={lab_settings_dir()}",
        *PRIVATE_LAB_SETTINGS,
    ]
    if port is not None:
        command.append(f"--ServerApp.port={port}")
    if not open_browser:
        command.append("--ServerApp.open_browser=False")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    return [*command, *extra]
