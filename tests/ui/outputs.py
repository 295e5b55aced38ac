"""Reading what a widget's Output shows, as a person would: its HTML, and the text of that HTML."""

from __future__ import annotations

import re
from html import unescape
from typing import Any


def output_html(output: Any) -> str:
    """The HTML an ``ipywidgets.Output`` displays (display_data outputs, in order)."""
    return "".join(
        o["data"].get("text/html", "") for o in output.outputs if o.get("output_type") == "display_data"
    )


def visible_text(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded."""
    return unescape(re.sub(r"<[^>]+>", "", html))
