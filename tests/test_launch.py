"""`mhnotebook lab`: where it opens, and that it never overwrites a user's notebook."""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mhnotebook import cli, launch


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


# --- the web app (`mhnotebook app`, `make app`) ---------------------------------------------------


def test_app_command_serves_the_notebooks_on_loopback_with_our_template_and_token(tmp_path):
    command = launch.app_command(tmp_path, port=9100, token="t0ken", open_browser=False, extra=("--x=1",))
    assert command[1:4] == ["-m", "voila", str(tmp_path)]
    assert "--Voila.ip=127.0.0.1" in command and "--Voila.port=9100" in command
    assert "--Voila.port_retries=0" in command  # a busy port is an error, never a surprise port
    assert "--Voila.token=t0ken" in command and "--Voila.open_browser=False" in command
    assert f"--VoilaConfiguration.template={launch.APP_TEMPLATE}" in command
    assert f"--TagRemovePreprocessor.remove_cell_tags={launch.LAB_ONLY_TAG}" in command
    assert command[-1] == "--x=1"


def test_app_environment_puts_our_template_first_and_keeps_the_users_paths():
    env = launch.app_environment({"JUPYTER_PATH": "/elsewhere", "HOME": "/home/x"})
    first, rest = env["JUPYTER_PATH"].split(":", 1)
    assert first == str(launch.app_templates_dir()) and rest == "/elsewhere"
    template = launch.app_templates_dir() / "voila" / "templates" / launch.APP_TEMPLATE
    assert {"conf.json", "index.html.j2", "tree.html", "error.html"} <= {p.name for p in template.iterdir()}


def test_app_templates_fetch_nothing_from_elsewhere():
    template = launch.app_templates_dir() / "voila" / "templates" / launch.APP_TEMPLATE
    for path in template.iterdir():
        text = path.read_text()
        assert "http://" not in text and "https://" not in text, path.name
        assert "@import" not in text and "fonts.googleapis" not in text, path.name


def test_tokens_are_new_each_time_and_long():
    first, second = launch.new_token(), launch.new_token()
    assert first != second and len(first) >= 32


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.0.0.2", True), ("0.0.0.0", False),
     ("192.168.1.5", False), ("example.org", False)],
)  # fmt: skip
def test_is_loopback(host, loopback):
    assert launch.is_loopback(host) is loopback


def test_app_url_carries_the_token_only_when_there_is_one():
    assert launch.app_url("127.0.0.1", 8866, "abc") == "http://127.0.0.1:8866/voila/tree?token=abc"
    assert launch.app_url("::1", 8866, "") == "http://[::1]:8866/voila/tree"


def test_cli_app_dry_run_prints_the_voila_command():
    result = CliRunner().invoke(
        cli.app, ["app", "--dry-run", "--port", "9200", "--token", "abc", "--no-browser"]
    )
    assert result.exit_code == 0, result.output
    assert "-m voila" in result.output and "--Voila.port=9200" in result.output
    assert "--Voila.token=abc" in result.output and "--Voila.ip=127.0.0.1" in result.output


def test_cli_app_refuses_an_open_address_without_a_token():
    result = CliRunner().invoke(cli.app, ["app", "--dry-run", "--host", "0.0.0.0", "--token", ""])
    assert result.exit_code == 2
    assert "without a token" in result.output


def test_cli_app_makes_a_token_when_none_is_given():
    result = CliRunner().invoke(cli.app, ["app", "--dry-run"])
    token = result.output.split("--Voila.token=", 1)[1].split()[0]
    assert len(token) >= 32


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ([], ['--host "127.0.0.1"', '--port "8866"']),
        (["PORT=9300", "HOST=127.0.0.2"], ['--host "127.0.0.2"', '--port "9300"']),
        (["TOKEN="], ['--token ""']),
        (["TOKEN=abc"], ['--token "abc"']),
    ],
)
def test_make_app_passes_port_host_and_token(overrides, expected):
    root = Path(__file__).parents[1]
    dry = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "app", *overrides],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in dry.stdout.splitlines() if "mhnotebook app" in line)
    for part in expected:
        assert part in line
    if not any(o.startswith("TOKEN") for o in overrides):
        assert "--token" not in line  # no TOKEN: the app makes a fresh one
