"""Writing to an ``Output`` the way that works in Lab, Voila and headless tests (see STACK.md)."""

from __future__ import annotations

import html
from typing import Any


def show(out: Any, *items: Any) -> None:
    """Replace ``out``'s content with ``items`` (charts, HTML, tables)."""
    out.outputs = ()
    for item in items:
        out.append_display_data(item)


def html_table(frame: Any, caption: str = "") -> Any:
    """A DataFrame as escaped HTML (issuer names and labels are data, not markup)."""
    from IPython.display import HTML

    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    table = frame.to_html(index=False, escape=True, na_rep="—", border=0)
    return HTML(
        table.replace("<table", "<table style='border-collapse:collapse'", 1).replace(
            "<thead>", cap + "<thead>", 1
        )
    )


def message(text: str) -> Any:
    from IPython.display import HTML

    return HTML(f"<p>{html.escape(text)}</p>")
