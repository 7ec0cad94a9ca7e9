"""Server-rendered SVG charts: a radar of the four category scores and horizontal bars.

No chart library and nothing from another host; the same SVG goes into the results page and
the PDF report. Every chart carries a <title> and <desc>, and pages show the numbers beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

NAVY = "#12355b"
TEAL = "#0f6e6e"
GRID = "#c9d1da"
TEXT = "#1f2d3d"
MUTED = "#5a6572"
TARGET = "#b8860b"


@dataclass(frozen=True)
class Datum:
    label: str
    value: float | None  # 0..100, None = no score


FONT = "DejaVu Sans, Arial, sans-serif"


def _fmt(value: float | None) -> str:
    return "no score" if value is None else f"{value:.0f}"


def _attrs(**attrs: object) -> str:
    return " ".join(f'{k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())


def _text(x: float, y: float, content: str, **attrs: object) -> str:
    """An SVG text element; `content` must already be escaped."""
    return f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" {_attrs(**attrs)}>{content}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, **attrs: object) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {_attrs(**attrs)}/>'


def radar(
    data: list[Datum], *, title: str, target: float | None = None, size: int = 340
) -> SafeString:
    """A radar (spider) chart of 0..100 values, one axis per datum, with an optional target ring."""
    n = len(data)
    width = size + 140  # room for the labels left and right of the chart
    cx, cy = width / 2, size / 2
    radius = size / 2 - 60
    angles = [-math.pi / 2 + 2 * math.pi * i / n for i in range(n)]

    def point(value: float, angle: float) -> tuple[float, float]:
        r = radius * value / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {size}" width="{width}" '
        f'height="{size}" role="img" aria-labelledby="radar-title radar-desc" class="chart">',
        f'<title id="radar-title">{escape(title)}</title>',
        '<desc id="radar-desc">'
        + escape("; ".join(f"{d.label}: {_fmt(d.value)}" for d in data))
        + "</desc>",
    ]
    for ring in (20, 40, 60, 80, 100):
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(ring, a) for a in angles))
        parts.append(
            f'<polygon points="{ring_points}" fill="none" stroke="{GRID}" stroke-width="1"/>'
        )
    for angle, datum in zip(angles, data, strict=True):
        x, y = point(100, angle)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        lx, ly = point(122, angle)
        anchor = (
            "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        )
        parts.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" font-size="13" '
            f'fill="{TEXT}" font-family="DejaVu Sans, Arial, sans-serif">'
            f'{escape(datum.label)} <tspan font-weight="bold">{_fmt(datum.value)}</tspan></text>'
        )
    if target is not None:
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(target, a) for a in angles))
        parts.append(
            f'<polygon points="{ring}" fill="none" stroke="{TARGET}" stroke-width="2" '
            f'stroke-dasharray="6 4"/>'
        )
    shape = " ".join(
        f"{x:.1f},{y:.1f}"
        for x, y in (point(d.value or 0, a) for a, d in zip(angles, data, strict=True))
    )
    fill = _attrs(fill=TEAL, fill_opacity=0.25, stroke=TEAL, stroke_width=2.5)
    parts.append(f'<polygon points="{shape}" {fill}/>')
    for angle, datum in zip(angles, data, strict=True):
        if datum.value is not None:
            x, y = point(datum.value, angle)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{NAVY}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bars(
    data: list[Datum],
    *,
    title: str,
    target: float | None = None,
    width: int = 720,
    label_width: int = 300,
    row: int = 26,
) -> SafeString:
    """Horizontal bars 0..100 with the number at the end of each bar; "no score" when None."""
    height = row * len(data) + 24
    plot = width - label_width - 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" class="chart chart-bars">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 20, 40, 60, 80, 100):
        x = label_width + plot * tick / 100
        parts.append(_line(x, 0, x, height - 18, stroke=GRID))
        parts.append(
            _text(x, height - 4, str(tick), font_size=10, text_anchor="middle", fill=MUTED)
        )
    for i, datum in enumerate(data):
        y = i * row + 4
        middle = y + row / 2 + 1
        label = datum.label if len(datum.label) <= 42 else datum.label[:40] + "…"
        parts.append(
            _text(
                label_width - 8, middle, escape(label), font_size=12, text_anchor="end", fill=TEXT
            )
        )
        if datum.value is None:
            parts.append(
                _text(
                    label_width + 4,
                    middle,
                    "no score",
                    font_size=11,
                    fill=MUTED,
                    font_style="italic",
                )
            )
            continue
        w = plot * datum.value / 100
        box = _attrs(x=label_width, y=y + 3, width=f"{w:.1f}", height=row - 10, fill=TEAL, rx=2)
        parts.append(f"<rect {box}/>")
        number = f"{datum.value:.0f}"
        parts.append(
            _text(label_width + w + 6, middle, number, font_size=12, font_weight="bold", fill=TEXT)
        )
    if target is not None:
        x = label_width + plot * target / 100
        parts.append(
            _line(x, 0, x, height - 18, stroke=TARGET, stroke_width=2, stroke_dasharray="5 3")
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
