"""Session settings for everything pytest collects, the notebooks included.

nbval's kernels inherit this process's environment, so pointing the user data directory at a
throwaway folder here means no notebook under test reads or writes the real one (a letter form's
autosave, exported letters). ``tests/conftest.py`` still gives each test its own folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_DATA_DIR_ENV = "MHNOTEBOOK_DATA_DIR"
_KEY = pytest.StashKey[tuple[str | None, str]]()


def pytest_configure(config: pytest.Config) -> None:
    folder = tempfile.mkdtemp(prefix="mhnotebook-test-data-")
    config.stash[_KEY] = (os.environ.get(_DATA_DIR_ENV), folder)
    os.environ[_DATA_DIR_ENV] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    if _KEY not in config.stash:
        return
    previous, folder = config.stash[_KEY]
    if previous is None:
        os.environ.pop(_DATA_DIR_ENV, None)
    else:
        os.environ[_DATA_DIR_ENV] = previous
    shutil.rmtree(folder, ignore_errors=True)
