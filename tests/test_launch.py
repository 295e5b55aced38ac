"""`mhnotebook lab`: where it opens, and that it never overwrites a user's notebook."""

from __future__ import annotations

import stat

from mhnotebook import launch


def test_installed_package_copies_notebooks_once_and_keeps_user_edits(monkeypatch, private_data_dir):
    monkeypatch.setattr(launch, "source_checkout", lambda: None)
    workspace = launch.lab_workspace()
    start = workspace / launch.START_NOTEBOOK
    assert workspace == private_data_dir.resolve() / "notebooks"
    assert start.is_file() and stat.S_IMODE(start.stat().st_mode) == 0o600
    start.write_text("my edits")
    launch.lab_workspace()
    assert start.read_text() == "my edits"


def test_checkout_opens_its_own_notebooks(monkeypatch, tmp_path):
    monkeypatch.setattr(launch, "source_checkout", lambda: tmp_path)
    assert launch.lab_workspace() == tmp_path / "notebooks"


def test_lab_command_is_private_and_passes_extra_options(tmp_path):
    command = launch.lab_command(tmp_path, port=9999, open_browser=False, extra=("--foo=1",))
    assert command[1:3] == ["-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={tmp_path}" in command
    assert set(launch.PRIVATE_LAB_SETTINGS) <= set(command)
    assert command[-1] == "--foo=1"


def test_lab_settings_turn_off_news_and_update_checks():
    import json

    overrides = json.loads((launch.lab_settings_dir() / "overrides.json").read_text())
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}
