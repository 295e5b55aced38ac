"""Where things live: the user's private data directory, and the samples and templates we ship.

User data (cases, drafts, exports, the case store) holds protected health information, so it lives
outside the checkout in a directory only its owner can read (0700, files 0600). Shipped resources
are found through package metadata, never by guessing from ``__file__``.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from mhnotebook.errors import DataDirError

#: Environment variable that moves the user data directory (e.g. to an encrypted volume).
DATA_DIR_ENV = "MHNOTEBOOK_DATA_DIR"
_PRIVATE_DIR = 0o700
_PRIVATE_FILE = 0o600


# --- shipped resources ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def source_checkout() -> Path | None:
    """The project folder when mhnotebook is installed in editable (development) mode, else None.

    An editable install records its folder in ``direct_url.json`` (PEP 610); the samples and
    templates are then read from the checkout so edits show at once.
    """
    try:
        raw = metadata.distribution("mhnotebook").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not raw:
        return None
    info = json.loads(raw)
    if not info.get("dir_info", {}).get("editable") or not info.get("url", "").startswith("file://"):
        return None
    from urllib.parse import unquote, urlparse

    root = Path(unquote(urlparse(info["url"]).path))
    return root if (root / "pyproject.toml").is_file() else None


def _resource_dir(name: str) -> Path:
    checkout = source_checkout()
    top = {
        "samples": Path("data") / "samples",
        "templates": Path("templates"),
        "notebooks": Path("notebooks"),
    }
    if checkout is not None:
        return checkout / top[name]
    return Path(str(resources.files("mhnotebook") / "_data" / name))


def samples_dir() -> Path:
    """The shipped synthetic samples (``data/samples`` in the repository)."""
    return _resource_dir("samples")


def sample_cases_dir() -> Path:
    return samples_dir() / "cases"


def sample_case_paths() -> list[Path]:
    """Every shipped synthetic case file, sorted by name."""
    return sorted(sample_cases_dir().glob("*.yaml"))


def sample_case_path(name: str) -> Path:
    """The sample case called ``name`` (file name with or without ``.yaml``)."""
    path = sample_cases_dir() / (name if name.endswith(".yaml") else f"{name}.yaml")
    if not path.is_file():
        known = ", ".join(p.stem for p in sample_case_paths())
        raise FileNotFoundError(f"no sample case named {name!r}; samples: {known}")
    return path


def templates_dir() -> Path:
    """Built-in letter templates (``templates`` in the repository)."""
    return _resource_dir("templates")


def notebooks_dir() -> Path:
    """The shipped notebooks (``notebooks`` in the repository)."""
    return _resource_dir("notebooks")


# --- the user's private data directory -----------------------------------------------------------


def _default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("mhnotebook", appauthor=False))


def _inside_checkout(path: Path) -> Path | None:
    checkout = source_checkout()
    if checkout is None:
        return None
    root = checkout.resolve()
    return root if path == root or root in path.parents else None


def user_data_dir(*parts: str, create: bool = True) -> Path:
    """The owner-only directory for the user's cases, drafts and exports (``parts`` below it).

    ``MHNOTEBOOK_DATA_DIR`` overrides the platform default (``~/.local/share/mhnotebook`` on Linux).
    Refuses a location inside the source checkout, where a ``git add`` could publish patient data.
    """
    configured = os.environ.get(DATA_DIR_ENV)
    base = Path(configured).expanduser() if configured else _default_data_dir()
    base = base.resolve()
    checkout = _inside_checkout(base)
    if checkout is not None:
        raise DataDirError(
            f"the data directory {base} is inside the mhnotebook checkout {checkout}; patient data must "
            f"live outside it (unset {DATA_DIR_ENV} or point it elsewhere)"
        )
    path = base.joinpath(*parts)
    if create:
        ensure_private_dir(base)
        for depth in range(1, len(parts) + 1):
            ensure_private_dir(base.joinpath(*parts[:depth]))
    return path


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it owner-only (0700)."""
    path.mkdir(mode=_PRIVATE_DIR, parents=True, exist_ok=True)
    if stat.S_IMODE(path.stat().st_mode) != _PRIVATE_DIR:
        try:
            path.chmod(_PRIVATE_DIR)
        except PermissionError as exc:
            raise DataDirError(f"cannot make {path} private (owner-only): {exc}") from exc
    return path


def write_private_file(path: str | Path, content: str | bytes) -> Path:
    """Write atomically to a new owner-only file (0600): a crash never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(mode=_PRIVATE_DIR, parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _PRIVATE_FILE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
