"""A download link that carries the file itself, so it works in JupyterLab, Voila and a saved page.

Why a ``data:`` URI: Voila serves no files from the user data directory and a server path would
expose where patient files live. The link holds the bytes (base64) and a ``download`` name, so the
browser saves the file and nothing is fetched from anywhere.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

#: Media types of the formats mhnotebook exports.
MEDIA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".md": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".yaml": "application/yaml",
    ".json": "application/json",
    ".csv": "text/csv",
}

_LINK_STYLE = "color:#0b5cad;text-decoration:underline;margin-right:1.2em;font-weight:600"


def download_link(path: str | Path, *, name: str | None = None, text: str | None = None) -> str:
    """``<a download="NAME" href="data:...;base64,...">TEXT</a>`` for the file at ``path``.

    ``name`` (default: the file's own name) and ``text`` are escaped: a file name is user data.

    >>> download_link("letter.md")  # doctest: +SKIP
    '<a download="letter.md" href="data:text/markdown;base64,..." ...>letter.md</a>'
    """
    path = Path(path)
    shown = name or path.name
    media = MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
    payload = base64.b64encode(path.read_bytes()).decode("ascii")
    return (
        f'<a download="{escape(shown, quote=True)}" href="data:{media};base64,{payload}" '
        f'title="{escape(shown, quote=True)}" style="{_LINK_STYLE}">{escape(text or shown)}</a>'
    )


__all__ = ["MEDIA_TYPES", "download_link"]
