"""Privacy by design: user data outside the checkout, owner-only, and nothing sent anywhere."""

from __future__ import annotations

import importlib
import pkgutil
import socket
import stat

import pytest

import mhnotebook
from mhnotebook.errors import DataDirError
from mhnotebook.paths import source_checkout, user_data_dir, write_private_file
from mhnotebook.validation import load_case, save_case


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_dir_is_created_owner_only(private_data_dir):
    path = user_data_dir("cases")
    assert path == private_data_dir / "cases"
    assert _mode(private_data_dir) == 0o700 and _mode(path) == 0o700


def test_a_loose_existing_data_dir_is_tightened(private_data_dir):
    private_data_dir.mkdir(mode=0o755)
    private_data_dir.chmod(0o755)
    user_data_dir()
    assert _mode(private_data_dir) == 0o700


def test_data_dir_inside_the_checkout_is_refused(monkeypatch):
    checkout = source_checkout()
    if checkout is None:
        pytest.skip("not an editable install")
    monkeypatch.setenv("MHNOTEBOOK_DATA_DIR", str(checkout / "my-cases"))
    with pytest.raises(DataDirError, match="outside"):
        user_data_dir()
    assert not (checkout / "my-cases").exists()


def test_default_data_dir_is_the_platform_user_data_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("MHNOTEBOOK_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert user_data_dir(create=False) == (tmp_path / "xdg" / "mhnotebook").resolve()


def test_private_files_are_0600_and_written_whole(tmp_path):
    target = write_private_file(tmp_path / "dir" / "case.yaml", "patient: {name: A}\n")
    assert _mode(target) == 0o600 and _mode(target.parent) == 0o700
    write_private_file(target, "second version\n")
    assert target.read_text() == "second version\n"
    assert [p.name for p in target.parent.iterdir()] == ["case.yaml"]


def test_saved_cases_are_owner_only_and_reload(private_data_dir):
    from mhnotebook.paths import sample_case_path

    case = load_case(sample_case_path("residential-eating-disorder"))
    path = save_case(case, user_data_dir("cases") / "mine.yaml")
    assert _mode(path) == 0o600
    assert load_case(path) == case
    with pytest.raises(ValueError, match="ends in"):
        save_case(case, private_data_dir / "mine.txt")


@pytest.fixture
def no_sockets(monkeypatch):
    """Any attempt to open a connection fails loudly (pytest-socket)."""
    import pytest_socket

    pytest_socket.disable_socket(allow_unix_socket=False)
    yield
    pytest_socket.enable_socket()


@pytest.mark.filterwarnings("ignore:A test tried to use socket.socket")
def test_no_network_access_when_loading_validating_and_showing(no_sockets):
    with pytest.raises(pytest_socket_error()):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    for info in pkgutil.walk_packages(mhnotebook.__path__, "mhnotebook."):
        if not info.name.endswith(".__main__"):  # importing it would run the command
            importlib.import_module(info.name)
    from typer.testing import CliRunner

    from mhnotebook.cli import app
    from mhnotebook.paths import sample_case_paths

    paths = [str(p) for p in sample_case_paths()]
    runner = CliRunner()
    assert runner.invoke(app, ["validate", "--today", "2026-11-22", *paths]).exit_code == 0
    for path in paths:
        assert runner.invoke(app, ["show", path]).exit_code == 0
        load_case(path)._repr_html_()
    assert runner.invoke(app, ["samples"]).exit_code == 0


def pytest_socket_error():
    import pytest_socket

    return pytest_socket.SocketBlockedError
