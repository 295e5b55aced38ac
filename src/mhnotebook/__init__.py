"""mhnotebook: fight mental-health and substance-use insurance denials with cited rules.

The public names load lazily, so ``import mhnotebook`` stays fast for the command line.

>>> from mhnotebook import load_case, sample_case_path
>>> case = load_case(sample_case_path("residential-eating-disorder"))  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module, metadata
from typing import TYPE_CHECKING, Any

try:
    __version__ = metadata.version("mhnotebook")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

_EXPORTS: dict[str, str] = {
    "Case": "mhnotebook.models",
    "load_case": "mhnotebook.validation",
    "save_case": "mhnotebook.validation",
    "dump_case": "mhnotebook.validation",
    "validate_case_file": "mhnotebook.validation",
    "validate_case_data": "mhnotebook.validation",
    "ValidationReport": "mhnotebook.validation",
    "CaseFileError": "mhnotebook.errors",
    "MhnotebookError": "mhnotebook.errors",
    "sample_case_path": "mhnotebook.paths",
    "sample_case_paths": "mhnotebook.paths",
    "user_data_dir": "mhnotebook.paths",
}

__all__ = [
    "Case",
    "CaseFileError",
    "MhnotebookError",
    "ValidationReport",
    "__version__",
    "dump_case",
    "load_case",
    "sample_case_path",
    "sample_case_paths",
    "save_case",
    "user_data_dir",
    "validate_case_data",
    "validate_case_file",
]

if TYPE_CHECKING:
    from mhnotebook.errors import CaseFileError, MhnotebookError
    from mhnotebook.models import Case
    from mhnotebook.paths import sample_case_path, sample_case_paths, user_data_dir
    from mhnotebook.validation import (
        ValidationReport,
        dump_case,
        load_case,
        save_case,
        validate_case_data,
        validate_case_file,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'mhnotebook' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
