"""The offline chart bundle is built once and read back by later kernels (each app page is a new kernel)."""

from __future__ import annotations

import altair as alt
import pytest

from mhnotebook.analytics import theme


@pytest.fixture
def fresh_jupyter_chart(monkeypatch, tmp_path):
    """JupyterChart as in a new kernel (not yet offline), with the cache in a throwaway folder.

    The theme and renderer enable_offline turns on are put back afterwards for the other tests.
    """
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(alt.JupyterChart, "_is_offline", False)
    monkeypatch.setattr(alt.JupyterChart, "_esm", alt.JupyterChart._esm)
    before_theme, before_renderer = alt.theme.active, alt.renderers.active
    yield tmp_path
    alt.theme.enable(before_theme)
    alt.renderers.enable(before_renderer)


def test_the_bundle_is_built_once_then_read_back(fresh_jupyter_chart, monkeypatch):
    built: list[str] = []

    def build(offline: bool = True) -> None:  # stands in for vl-convert's slow bundling
        built.append("built")
        alt.JupyterChart._esm = "// the offline bundle"
        alt.JupyterChart._is_offline = True

    monkeypatch.setattr(alt.JupyterChart, "enable_offline", build)
    theme.enable_offline()
    path = theme.offline_bundle_path()
    assert path is not None and path.is_relative_to(fresh_jupyter_chart)
    assert path.read_text() == "// the offline bundle"

    alt.JupyterChart._is_offline, alt.JupyterChart._esm = False, "online"  # the next kernel
    theme.enable_offline()
    assert built == ["built"]
    assert alt.JupyterChart._is_offline and alt.JupyterChart._esm == "// the offline bundle"


def test_an_empty_cache_file_is_rebuilt_not_used(fresh_jupyter_chart, monkeypatch):
    path = theme.offline_bundle_path()
    assert path is not None
    path.parent.mkdir(parents=True)
    path.write_text("")

    def build(offline: bool = True) -> None:
        alt.JupyterChart._esm = "// rebuilt"
        alt.JupyterChart._is_offline = True

    monkeypatch.setattr(alt.JupyterChart, "enable_offline", build)
    theme.enable_offline()
    assert alt.JupyterChart._esm == "// rebuilt"
    assert path.read_text() == "// rebuilt"


def test_the_cache_file_names_every_version_the_bundle_depends_on(fresh_jupyter_chart):
    from importlib.metadata import version

    path = theme.offline_bundle_path()
    assert path is not None
    assert f"altair-{version('altair')}" in path.name
    assert f"vl-convert-{version('vl-convert-python')}" in path.name
