"""One accessible Altair look for every mhnotebook chart, and the offline renderer.

Why these choices: the Okabe-Ito palette stays distinguishable for the common forms of colour
blindness; fonts are local system fonts (no web-font download, so charts render offline and in
exported PNGs); text is at least 12 px; every mark shows a tooltip so values can be read without
judging bar lengths.
"""

from __future__ import annotations

import os
from pathlib import Path
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
    _reuse_offline_bundle()
    alt.renderers.enable("jupyter", offline=True, embed_options=EMBED_OPTIONS)


def offline_bundle_path() -> Path | None:
    """Where the offline chart bundle is cached, one file per Altair / vl-convert / Vega-Lite version.

    In the user's cache folder (``$XDG_CACHE_HOME``, else ``~/.cache``): it is library code, not case data.
    """
    try:
        from importlib.metadata import version

        from altair.utils._importers import vl_version_for_vl_convert

        key = f"altair-{version('altair')}-vl-convert-{version('vl-convert-python')}-{vl_version_for_vl_convert()}"
    except Exception:  # no vl-convert, or an Altair without this helper: no cache, charts work as before
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "mhnotebook" / f"jupyterchart-{key}.js"


def _reuse_offline_bundle() -> None:
    """Give Altair the offline JavaScript bundle it built in an earlier kernel, or build it and keep it.

    Building it (``vl_convert.javascript_bundle``) takes 4-8 s on a 2-core machine, and every new
    kernel did it again: every app page with a chart paid for it. The bundle depends only on the
    versions in the file name, so a later kernel reads the same text back in milliseconds.
    """
    from altair import JupyterChart

    path = offline_bundle_path()
    if path is None or getattr(JupyterChart, "_is_offline", True):
        return
    try:
        bundle = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        bundle = ""
    if bundle:
        JupyterChart._esm = bundle
        JupyterChart._is_offline = True
        return
    JupyterChart.enable_offline()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        partial.write_text(str(JupyterChart._esm), encoding="utf-8")
        partial.replace(path)  # whole or not at all: a reader never sees half a bundle
    except OSError:
        pass  # a read-only home: charts still work, the next kernel builds the bundle again
