"""HTML to PDF with WeasyPrint, offline: any http(s) resource is refused, never fetched.

Reports and letters render to self-contained HTML first; the PDF is the same document. Refusing
remote URLs keeps a report from leaking that it was opened (and keeps output reproducible).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class RemoteResourceRefused(ValueError):
    """A document asked for a remote resource; mhnotebook never fetches over the network.

    A ValueError so WeasyPrint skips the resource with a warning instead of stopping the document.
    """


_LOCAL_SCHEMES = frozenset({"data", "file"})


def offline_url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves data: and file: URLs and refuses everything else."""
    from weasyprint.urls import URLFetcher

    class OfflineURLFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme not in _LOCAL_SCHEMES:
                raise RemoteResourceRefused(f"refused to fetch {url!r}: mhnotebook works offline")
            return super().fetch(url, headers)

    return OfflineURLFetcher(allowed_protocols=_LOCAL_SCHEMES)


def html_to_pdf_bytes(html: str) -> bytes:
    """The PDF of ``html`` as bytes (so callers can write it owner-only). Needs the ``pdf`` extra."""
    try:
        from weasyprint import HTML
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError("PDF export needs WeasyPrint: pip install 'mhnotebook[pdf]'") from exc
    return HTML(string=html, url_fetcher=offline_url_fetcher(), base_url=None).write_pdf()


def html_to_pdf(html: str, target: Path) -> Path:
    """Write ``html`` as a PDF at ``target`` (parent folders created) and return the path.

    Needs the ``pdf`` extra (WeasyPrint and the system pango libraries).
    """
    try:
        from weasyprint import HTML
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError("PDF export needs WeasyPrint: pip install 'mhnotebook[pdf]'") from exc
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, url_fetcher=offline_url_fetcher(), base_url=None).write_pdf(str(target))
    return target
