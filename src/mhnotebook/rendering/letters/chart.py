"""A measure series drawn as a small SVG figure for letters (HTML, PDF, and PNG for Word).

Why not an Altair chart here, as everywhere else: a letter figure is static, and rendering an Altair
spec through vl-convert costs about 60 ms a chart on these machines against well under 1 ms for this
SVG, which matters when a practice drafts letters for hundreds of cases. The figure follows the
project theme (Okabe-Ito colours, system fonts, 12 px text) and escapes every label.
"""

from __future__ import annotations

from datetime import date
from html import escape

from mhnotebook.models import Case
from mhnotebook.rendering.palette import FONT, PALETTE

_W, _H = 300, 120
_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 14, 26, 22
_PER_ROW = 2


def numeric_series(case: Case) -> list[tuple[str, list[tuple[date, float]]]]:
    """Each measure with two or more numeric scores, oldest first (a single score has no trend)."""
    groups: dict[str, list[tuple[date, float]]] = {}
    for m in sorted(case.clinical.measures, key=lambda m: m.date):
        if m.score is not None:
            groups.setdefault(m.instrument, []).append((m.date, m.score))
    return [(name, points) for name, points in groups.items() if len(points) >= 2]


def _panel(name: str, points: list[tuple[date, float]], colour: str, x0: int, y0: int) -> str:
    days = [(d - points[0][0]).days for d, _ in points]
    values = [v for _, v in points]
    span_x = max(days[-1], 1)
    low, high = min(values), max(values)
    if high == low:
        low, high = low - 1, high + 1
    plot_w, plot_h = _W - _LEFT - _RIGHT, _H - _TOP - _BOTTOM

    def xy(day: int, value: float) -> tuple[float, float]:
        return (x0 + _LEFT + plot_w * day / span_x, y0 + _TOP + plot_h * (1 - (value - low) / (high - low)))

    coords = [xy(d, v) for d, v in zip(days, values, strict=True)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{escape(f"{d:%Y-%m-%d}")}: {v:g}</title></circle>'
        f'<text x="{x:.1f}" y="{y - 6:.1f}" text-anchor="middle" font-size="10">{v:g}</text>'
        for (x, y), (d, v) in zip(coords, points, strict=True)
    )
    first, last = points[0][0], points[-1][0]
    axis_y = y0 + _H - _BOTTOM
    return (
        f'<text x="{x0 + 4}" y="{y0 + 14}" font-size="12" font-weight="600">{escape(name)}</text>'
        f'<line x1="{x0 + _LEFT}" y1="{axis_y}" x2="{x0 + _W - _RIGHT}" y2="{axis_y}" stroke="#888"/>'
        f'<text x="{x0 + _LEFT}" y="{y0 + _H - 6}" font-size="10">{first:%b %d, %Y}</text>'
        f'<text x="{x0 + _W - _RIGHT}" y="{y0 + _H - 6}" font-size="10" text-anchor="end">{last:%b %d, %Y}</text>'
        f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>{dots}'
    )


def measures_svg(case: Case) -> str | None:
    """One small panel per measure, two to a row; ``None`` when no measure has two scores."""
    series = numeric_series(case)
    if not series:
        return None
    width = _W * min(len(series), _PER_ROW)
    height = _H * -(-len(series) // _PER_ROW)
    panels = "".join(
        _panel(name, points, PALETTE[i % len(PALETTE)], (i % _PER_ROW) * _W, (i // _PER_ROW) * _H)
        for i, (name, points) in enumerate(series)
    )
    title = "Scores over time: " + ", ".join(name for name, _ in series)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" font-family="{escape(FONT)}" fill="#222">'
        f"<title>{escape(title)}</title>{panels}</svg>"
    )


def measures_png(svg: str) -> bytes:
    """The figure as PNG for Word (python-docx cannot embed SVG). Offline, through vl-convert."""
    import vl_convert

    return vl_convert.svg_to_png(svg, scale=2.0)
