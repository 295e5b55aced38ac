"""The public datasets shipped in ``data/samples`` (so notebooks work without ../shared)."""

from __future__ import annotations

from pathlib import Path

from mhnotebook.paths import samples_dir


def sample_puf_paths() -> list[Path]:
    """The four CMS PUF workbooks (claims years 2021-2024), oldest first."""
    return sorted((samples_dir() / "tic-puf").glob("tc-puf-py*.xlsx"))


def sample_imr_path() -> Path:
    """The DMHC IMR 2001-2016 file (modified by a third party; see its PROVENANCE.md)."""
    return samples_dir() / "ca-imr" / "dmhc_imr_2001-2016_no-findings.csv"


def cms_disclaimer() -> str:
    """The CMS PUF data disclaimer text, as shipped beside the workbooks."""
    return (samples_dir() / "tic-puf" / "CMS-DISCLAIMER.txt").read_text(encoding="utf-8")
