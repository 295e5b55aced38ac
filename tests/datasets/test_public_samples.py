"""The public datasets shipped in data/samples are the published files, with provenance beside them."""

from __future__ import annotations

import hashlib

from mhnotebook.analytics.sample_data import cms_disclaimer, sample_imr_path, sample_puf_paths


def _sums(folder) -> dict[str, str]:
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    return {name.strip(): digest for digest, name in (line.split(maxsplit=1) for line in lines)}


def test_shipped_puf_workbooks_are_unchanged_and_carry_provenance_and_the_cms_disclaimer():
    paths = sample_puf_paths()
    assert [p.name[:13] for p in paths] == [
        "tc-puf-py2023",
        "tc-puf-py2024",
        "tc-puf-py2025",
        "tc-puf-py2026",
    ]
    sums = _sums(paths[0].parent)
    for path in paths:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sums[path.name]
    assert "self-reported by QHP issuers" in cms_disclaimer()
    assert "17 U.S.C. 105" in (paths[0].parent / "PROVENANCE.md").read_text()


def test_shipped_imr_file_is_cited_and_labelled_modified():
    path = sample_imr_path()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == _sums(path.parent)[path.name]
    provenance = (path.parent / "PROVENANCE.md").read_text()
    assert "DMHC IMR Data, 2001 - Current" in provenance and "Modified by a third party" in provenance


def test_shipped_files_match_the_shared_real_data(real_dir):
    for path in sample_puf_paths():
        assert path.read_bytes() == (real_dir / "tic-puf" / path.name).read_bytes()
    assert sample_imr_path().read_bytes() == (real_dir / "ca-imr" / sample_imr_path().name).read_bytes()
