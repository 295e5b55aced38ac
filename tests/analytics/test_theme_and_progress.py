"""One accessible theme, an offline renderer, and progress bars that stay out of the way."""

from __future__ import annotations

import altair as alt
import pandas as pd

from mhnotebook.analytics import progress
from mhnotebook.analytics.theme import EMBED_OPTIONS, PALETTE, THEME_NAME, enable_offline, theme_config


def test_theme_uses_the_colour_blind_safe_palette_local_fonts_and_tooltips():
    config = theme_config()["config"]
    assert config["range"]["category"][:3] == ["#0072B2", "#E69F00", "#009E73"]
    assert "http" not in config["font"]
    assert config["mark"]["tooltip"] is True
    assert config["axis"]["labelFontSize"] >= 12


def test_enable_offline_turns_on_theme_and_jupyter_renderer():
    before_theme, before_renderer = alt.theme.active, alt.renderers.active
    try:
        enable_offline()
        assert alt.theme.active == THEME_NAME
        assert alt.renderers.active == "jupyter"
        spec = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x").to_dict()
        assert spec["config"]["range"]["category"] == list(PALETTE)
        assert alt.renderers.options["embed_options"] == EMBED_OPTIONS
    finally:
        alt.theme.enable(before_theme)
        alt.renderers.enable(before_renderer)


def test_the_chart_menu_offers_local_saves_only_as_named_links():
    """Nothing in the menu may send a chart's data away, and no unnamed "..." menu (accessibility)."""
    actions = EMBED_OPTIONS["actions"]
    assert actions["editor"] is False
    assert {key for key, on in actions.items() if on} == {"export"}
    assert EMBED_OPTIONS["defaultStyle"] is False


def test_progress_passes_every_item_through_whether_shown_or_not(monkeypatch):
    assert list(progress.track([1, 2, 3], "x", show=False)) == [1, 2, 3]
    assert list(progress.track(iter([1, 2]), "x", show=True)) == [1, 2]


def test_progress_hidden_for_one_item_and_when_disabled(monkeypatch):
    monkeypatch.delenv(progress.PROGRESS_ENV, raising=False)
    assert progress.progress_enabled(1) is False
    assert progress.progress_enabled(4) is True
    monkeypatch.setenv(progress.PROGRESS_ENV, "0")
    assert progress.progress_enabled(4) is False
    assert progress.progress_enabled(4, show=True) is True
