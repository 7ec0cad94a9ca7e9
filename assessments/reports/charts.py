"""Server-rendered charts: a radar of the four category scores and horizontal bars.

No chart library and nothing from another host. The radar is one SVG for the results page and
the PDF report. Bars come in two forms: `bars` is one SVG for the PDF's fixed A4 width;
`bar_table` is a table of HTML labels and numbers with an SVG bar per row, for the results
page, because an SVG scales its text down with its width and a phone would show the labels of
a 720-unit-wide chart at about 5 px. Every chart has a title, and its numbers are text.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from assessments.scoring import shown

NAVY = "#12355b"
TEAL = "#0f6e6e"
GRID = "#c9d1da"
TEXT = "#1f2d3d"
MUTED = "#5a6572"
TARGET = "#b8860b"
TRACK = "#e9edf1"
NON_SCALING = "non-scaling-stroke"


@dataclass(frozen=True)
class Datum:
    label: str
    value: float | None  # 0..100, None = no score


# DejaVu first, then Noto for the Thai and Arabic glyphs it lacks (static/css/report.css).
FONT = "DejaVu Sans, Noto Sans Thai, Noto Sans Arabic, Arial, sans-serif"


def _fmt(value: float | None) -> str:
    return _("no score") if value is None else str(shown(value))


def _attrs(**attrs: object) -> str:
    return " ".join(f'{k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())


def _text(x: float, y: float, content: str, **attrs: object) -> str:
    """An SVG text element; `content` must already be escaped."""
    return f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" {_attrs(**attrs)}>{content}</text>'


def _line(x1: float, y1: float, x2: float, y2: float, **attrs: object) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {_attrs(**attrs)}/>'


RADAR_FONT = 19  # user units: still >= 12 px when a phone shows the chart ~330 px wide
RADAR_LABEL_ROOM = 130  # user units beside the rings for a label (about 12 characters)


def _label_lines(label: str, width: int = 12) -> list[str]:
    """A category name in short lines, so that the labels left and right of the rings stay
    narrow and the chart need not shrink its text to fit a phone."""
    return textwrap.wrap(label, width=width, break_long_words=False) or [""]


def radar(
    data: list[Datum],
    *,
    title: str,
    target: float | Sequence[float] | None = None,
    radius: int = 105,
) -> SafeString:
    """A radar (spider) chart of 0..100 values, one axis per datum, with an optional target ring.

    Each label sits beyond its axis in lines of about 12 characters, the score in bold below.
    `target` is one value for every axis or one per axis (each category's own target).
    """
    n = len(data)
    line = RADAR_FONT * 1.2
    lines = [_label_lines(d.label) for d in data]
    label_height = line * (max(len(x) for x in lines) + 1)
    width = 2 * (radius + 16 + RADAR_LABEL_ROOM)
    height = 2 * (radius + 14 + label_height)
    cx, cy = width / 2, height / 2
    angles = [-math.pi / 2 + 2 * math.pi * i / n for i in range(n)]

    def point(value: float, angle: float) -> tuple[float, float]:
        r = radius * value / 100
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" '
        'aria-labelledby="radar-title radar-desc" class="chart chart-radar">',
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
    for angle, datum, label in zip(angles, data, lines, strict=True):
        x, y = point(100, angle)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(_radar_label(cx, cy, radius, angle, label, _fmt(datum.value), line))
    if target is not None:
        targets = [target] * n if isinstance(target, int | float) else list(target)
        ring = " ".join(
            f"{x:.1f},{y:.1f}"
            for x, y in (point(t, a) for t, a in zip(targets, angles, strict=True))
        )
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


def _radar_label(
    cx: float, cy: float, radius: int, angle: float, lines: list[str], score: str, line: float
) -> str:
    """The label of one axis: name lines, then the score in bold, placed beyond the axis end."""
    cos, sin = math.cos(angle), math.sin(angle)
    x = cx + (radius + 14) * cos
    anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
    count = len(lines) + 1
    if sin < -0.3:  # above the rings: the last line ends just above the axis
        top = cy + (radius + 10) * sin - line * (count - 1)
    elif sin > 0.3:  # below: the first line starts just below
        top = cy + (radius + 10) * sin + line * 0.8
    else:  # beside: centred on the axis
        top = cy + (radius + 14) * sin - line * (count - 2) / 2
    spans = [
        f'<tspan x="{x:.1f}" y="{top + n * line:.1f}">{escape(text)}</tspan>'
        for n, text in enumerate(lines)
    ]
    spans.append(
        f'<tspan x="{x:.1f}" y="{top + len(lines) * line:.1f}" font-weight="bold">{score}</tspan>'
    )
    return (
        f'<text text-anchor="{anchor}" font-size="{RADAR_FONT}" fill="{TEXT}" '
        f'font-family="{FONT}">{"".join(spans)}</text>'
    )


def bars(
    data: list[Datum],
    *,
    title: str,
    target: float | None = None,
    width: int = 720,
    label_width: int = 300,
    row: int = 26,
    missing: str | None = None,
) -> SafeString:
    """Horizontal bars 0..100 with the number at the end of each bar; `missing` when None
    (the regional brief says why an average is not shown)."""
    missing = _("no score") if missing is None else missing
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
                    escape(missing),
                    font_size=11,
                    fill=MUTED,
                    font_style="italic",
                )
            )
            continue
        w = plot * datum.value / 100
        box = _attrs(x=label_width, y=y + 3, width=f"{w:.1f}", height=row - 10, fill=TEAL, rx=2)
        parts.append(f"<rect {box}/>")
        number = _fmt(datum.value)
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


def _bar(value: float | None, target: float | None) -> str:
    """One row's bar: 0..100 across the cell, stretched to its width (hence the non-scaling
    strokes), hidden from screen readers because the number beside it says the same."""
    parts = [
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" '
        'height="14" aria-hidden="true" focusable="false">',
        f'<rect x="0" y="0" width="100" height="10" fill="{TRACK}"/>',
    ]
    if value is not None:
        parts.append(f'<rect x="0" y="1" width="{value:.1f}" height="8" fill="{TEAL}"/>')
    for tick in (20, 40, 60, 80):
        parts.append(
            _line(tick, 0, tick, 10, stroke="#fff", stroke_width=1, vector_effect=NON_SCALING)
        )
    if target is not None:
        parts.append(
            _line(
                target,
                0,
                target,
                10,
                stroke=TARGET,
                stroke_width=2,
                stroke_dasharray="3 2",
                vector_effect=NON_SCALING,
                class_="bar-target",
            )
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_table(
    data: list[Datum],
    *,
    caption: str,
    label_header: str,
    target: float | None = None,
) -> SafeString:
    """Horizontal bars as a table: label and number in HTML text, the bar as a small SVG.

    The text keeps the page's font size at any width, and the table is the chart's data for
    screen readers. `target` (0..100) draws a dashed line across every bar.
    """
    rows = []
    for datum in data:
        number = (
            f'<span class="text-body-secondary fst-italic">{escape(_("no score"))}</span>'
            if datum.value is None
            else _fmt(datum.value)
        )
        rows.append(
            f'<tr><th scope="row" class="bar-label">{escape(datum.label)}</th>'
            f'<td class="bar-number">{number}</td>'
            f'<td class="bar-cell">{_bar(datum.value, target)}</td></tr>'
        )
    return mark_safe(
        '<table class="table table-sm bar-chart">'
        f'<caption class="small">{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">{escape(label_header)}</th>'
        f'<th scope="col" class="bar-number">{escape(_("Score"))}</th>'
        '<td class="bar-cell" aria-hidden="true"><div class="bar-axis"><span>0</span>'
        "<span>50</span><span>100</span></div></td></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
