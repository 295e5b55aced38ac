"""Starting JupyterLab, or the notebooks as a Voila web app, locally and with nothing phoned home.

Kept apart from the CLI so the exact command lines can be tested without starting a server.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
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


#: The app's defaults: this machine only, Voila's usual port.
APP_HOST = "127.0.0.1"
APP_PORT = 8866
#: The Voila template (``app_templates/voila/templates/mhnotebook``): the mhnotebook frame, the
#: landing page, and no CDN.
APP_TEMPLATE = "mhnotebook"
#: Cells with this tag are tutorial material for JupyterLab (static reports, "the same without the
#: form"); the app removes them before the notebook runs, so it shows the forms only.
LAB_ONLY_TAG = "lab-only"


def new_token() -> str:
    """A fresh random token for one app session, like JupyterLab's."""
    return secrets.token_hex(24)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_url(host: str, port: int, token: str) -> str:
    """The address to open: the landing page, carrying the token when there is one."""
    shown = f"[{host}]" if ":" in host else host
    query = f"?token={token}" if token else ""
    return f"http://{shown}:{port}/voila/tree{query}"


def app_templates_dir() -> Path:
    """The ``share/jupyter``-style folder holding the app's Voila template (found via JUPYTER_PATH)."""
    from importlib import resources

    return Path(str(resources.files("mhnotebook") / "app_templates"))


def app_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for the Voila process: our template first on JUPYTER_PATH."""
    env = dict(os.environ if base is None else base)
    paths = [str(app_templates_dir()), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    # Voila shows its own spinner while every cell runs; a progress bar that closes when the load
    # ends would leave "Loading widget..." on the page instead (PROGRESS_ENV in analytics.progress).
    env.setdefault("MHNOTEBOOK_PROGRESS", "0")
    return env


def app_command(
    workspace: Path,
    *,
    host: str = APP_HOST,
    port: int = APP_PORT,
    token: str,
    open_browser: bool = True,
    extra: tuple[str, ...] = (),
) -> list[str]:
    """The ``voila`` command line serving ``workspace``'s notebooks as the app.

    An empty ``token`` turns authentication off (for tests on a private port); the caller refuses that
    on any address other than loopback.
    """
    return [
        sys.executable,
        "-m",
        "voila",
        str(workspace),
        f"--Voila.ip={host}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        f"--Voila.open_browser={open_browser}",
        f"--Voila.token={token}",
        f"--VoilaConfiguration.template={APP_TEMPLATE}",
        "--VoilaConfiguration.classic_tree=True",
        "--VoilaConfiguration.show_tracebacks=False",
        f"--TagRemovePreprocessor.remove_cell_tags={LAB_ONLY_TAG}",
        *extra,
    ]
