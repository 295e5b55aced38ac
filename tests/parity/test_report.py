"""The NQTL report: provenance, escaping, and an offline PDF."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from mhnotebook.analytics.parity_nqtl import analyse
from mhnotebook.analytics.parity_report import render_nqtl_report, write_nqtl_report
from mhnotebook.paths import samples_dir
from mhnotebook.rendering.pdf import RemoteResourceRefused, html_to_pdf, offline_url_fetcher
from mhnotebook.rules.parity.nqtl_workbook import workbook_from_data

SAMPLE = samples_dir() / "parity" / "nqtl-workbook.yaml"


def test_user_text_is_escaped_and_provenance_recorded():
    raw = yaml.safe_load(SAMPLE.read_text())
    raw["plan_name"] = "<b>Plan & Co</b>"
    analysis = analyse(workbook_from_data(raw), source_name="wb.yaml", sha256="ab" * 32)
    html = render_nqtl_report(analysis, today=date(2026, 11, 22))
    assert "&lt;b&gt;Plan &amp; Co&lt;/b&gt;" in html and "<b>Plan" not in html
    assert "ab" * 32 in html and "2026-11-22" in html and "SYNTHETIC SAMPLE" in html


def test_the_pdf_is_written_offline(tmp_path):
    from mhnotebook.analytics.parity_nqtl import analyse_workbook

    target = write_nqtl_report(analyse_workbook(SAMPLE), tmp_path / "r.pdf", today=date(2026, 11, 22))
    assert target.read_bytes().startswith(b"%PDF")


def test_remote_resources_are_refused_not_fetched(tmp_path):
    with pytest.raises(RemoteResourceRefused):
        offline_url_fetcher().fetch("https://example.org/font.woff")
    with pytest.raises(RemoteResourceRefused):
        offline_url_fetcher().fetch("http://example.org/x.png")
    # A document that asks for a remote image still renders (WeasyPrint skips what the fetcher refuses).
    out = html_to_pdf('<p>hi</p><img src="http://example.org/x.png">', tmp_path / "a" / "b.pdf")
    assert out.read_bytes().startswith(b"%PDF")
