"""One accessible Altair look for every mhnotebook chart, and the offline renderer.

Why these choices: the Okabe-Ito palette stays distinguishable for the common forms of colour
blindness; fonts are local system fonts (no web-font download, so charts render offline and in
exported PNGs); text is at least 12 px; every mark shows a tooltip so values can be read without
judging bar lengths.
"""

from __future__ import annotations

from typing import Any

from mhnotebook.rendering.palette import FONT, PALETTE, PALETTE_10  # one palette for charts and letters

THEME_NAME = "mhnotebook"
__all__ = [
    "EMBED_OPTIONS",
    "FONT",
    "PALETTE",
    "PALETTE_10",
    "THEME_NAME",
    "enable_offline",
    "enable_theme",
    "theme_config",
]


def theme_config() -> dict[str, Any]:
    """The Vega-Lite ``config`` of the theme (a plain dict, so tests can check it)."""
    text = "#222222"
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"continuousWidth": 420, "continuousHeight": 280, "stroke": None},
            "range": {"category": list(PALETTE)},
            "mark": {"tooltip": True, "color": PALETTE[0]},
            "bar": {"color": PALETTE[0]},
            "line": {"strokeWidth": 2.5, "color": PALETTE[0]},
            "point": {"size": 60, "filled": True},
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "labelColor": text,
                "titleColor": text,
                "gridColor": "#e6e6e6",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 13, "labelColor": text, "titleColor": text},
            "title": {"fontSize": 15, "subtitleFontSize": 12, "anchor": "start", "color": text},
            "header": {"labelFontSize": 12, "titleFontSize": 13},
        }
    }


def enable_theme() -> None:
    """Register (once) and enable the mhnotebook theme for every chart built afterwards."""
    import altair as alt

    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(theme_config)  # type: ignore[arg-type]
    alt.theme.enable(THEME_NAME)


#: vega-embed's chart menu, trimmed and unfolded. Only "Save as SVG/PNG" stay (files saved on this
#: machine): "Open in Vega Editor" would post the chart's data to vega.github.io, and the source views
#: are for developers. ``defaultStyle: False`` shows them as plain named links under the chart instead
#: of vega-embed's "..." menu, whose <summary> has no accessible name (axe-core: summary-name, serious;
#: docs/accessibility.md).
EMBED_OPTIONS: dict[str, Any] = {
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
    "defaultStyle": False,
}


def enable_offline() -> None:
    """Render charts with the bundled Vega (no CDN) in JupyterLab and Voila, with the theme on.

    The ``jupyter`` renderer in offline mode is the one that works in Lab and Voila without a
    network; the ``mimetype`` renderer breaks nbconvert (see STACK.md).
    """
    import altair as alt

    enable_theme()
    alt.renderers.enable("jupyter", offline=True, embed_options=EMBED_OPTIONS)
