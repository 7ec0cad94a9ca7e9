"""The plan's timeline as a server-rendered SVG: one bar per action on a grid of quarters.

No script and no inline style (the CSP forbids both): colours come from classes in
static/css/plans.css. The plan page shows a table with the same rows beside it, for screen
readers and for anyone who prefers numbers; the PDF can use the same SVG.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

LABEL_WIDTH = 200  # the action labels on the left
CHART_WIDTH = 560  # the quarters
ROW_HEIGHT = 24
HEAD_HEIGHT = 30  # quarter labels on top
LABEL_CHARS = 30  # labels longer than this are cut with an ellipsis (the table has them whole)
TICK_DAYS = 7  # an action with one date only is drawn as a one-week tick


@dataclass(frozen=True)
class Bar:
    """One action on the timeline."""

    label: str
    start: date | None
    due: date | None
    status: str  # an Action.Status value, for its colour class
    overdue: bool

    @property
    def first(self) -> date | None:
        return self.start or self.due

    @property
    def last(self) -> date | None:
        return self.due or self.start


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def next_quarter(day: date) -> date:
    start = quarter_start(day)
    month = start.month + 3
    return date(start.year + (month > 12), (month - 1) % 12 + 1, 1)


def quarters(first: date, last: date) -> list[date]:
    """The first days of every quarter from the one holding `first` to the one holding `last`."""
    result = [quarter_start(first)]
    while next_quarter(result[-1]) <= last:
        result.append(next_quarter(result[-1]))
    return result


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def timeline_svg(bars: list[Bar], today: date, *, today_label: str | None = None) -> SafeString:
    """The timeline of the dated bars (undated ones are left to the table), with today's line.

    `today_label` names the line when it is not today: a submitted assessment's report shows
    the plan as it stood at submission, with the line at the submission date.
    """
    dated = [b for b in bars if b.first is not None]
    if not dated:
        return mark_safe("")
    grid = quarters(min([b.first for b in dated] + [today]), max([b.last for b in dated] + [today]))
    begin, end = grid[0], next_quarter(grid[-1])
    span = (end - begin).days

    def x(day: date) -> float:
        return LABEL_WIDTH + CHART_WIDTH * (day - begin).days / span

    height = HEAD_HEIGHT + ROW_HEIGHT * len(dated) + 4
    width = LABEL_WIDTH + CHART_WIDTH
    parts = [_grid(grid, x, height)]
    for n, bar in enumerate(dated):
        parts.append(_bar(bar, x, HEAD_HEIGHT + n * ROW_HEIGHT))
    parts.append(
        format_html(
            '<line class="timeline-today" x1="{x}" x2="{x}" y1="{top}" y2="{bottom}"/>'
            '<text class="timeline-today-label" x="{x}" y="{label_y}" text-anchor="middle">'
            "{t}</text>",
            x=f"{x(today):.1f}",
            top=HEAD_HEIGHT - 6,
            bottom=height,
            label_y=HEAD_HEIGHT - 8,
            t=today_label or _("Today"),
        )
    )
    overdue = sum(b.overdue for b in dated)
    return format_html(
        '<svg class="plan-timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
        'width="100%" role="img" aria-labelledby="timeline-title timeline-desc">'
        '<title id="timeline-title">{title}</title><desc id="timeline-desc">{desc}</desc>'
        "{body}</svg>",
        w=width,
        h=height,
        title=_("Action plan timeline"),
        desc=_(
            "%(n)s actions from %(begin)s to %(end)s by quarter; %(overdue)s overdue. The table "
            "beside it lists the same actions with their dates."
        )
        % {"n": len(dated), "begin": begin, "end": end - timedelta(days=1), "overdue": overdue},
        body=mark_safe("".join(parts)),
    )


def _grid(grid: list[date], x, height: int) -> SafeString:
    return format_html_join(
        "",
        '<line class="timeline-grid" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>'
        '<text class="timeline-quarter" x="{3}" y="12" text-anchor="middle">{4}</text>',
        (
            (
                f"{x(q):.1f}",
                HEAD_HEIGHT - 16,
                height,
                f"{(x(q) + x(next_quarter(q))) / 2:.1f}",
                # Translators: a quarter of the year, e.g. "Q4 2026".
                _("Q%(quarter)s %(year)s") % {"quarter": (q.month - 1) // 3 + 1, "year": q.year},
            )
            for q in grid
        ),
    )


def _bar(bar: Bar, x, top: int) -> SafeString:
    first, last = bar.first, bar.last
    if first == last:
        last = first + timedelta(days=TICK_DAYS)
    left, right = x(first), x(last)
    classes = f"timeline-bar status-{bar.status}" + (" overdue" if bar.overdue else "")
    mark = (
        format_html(
            '<text class="timeline-overdue" x="{x}" y="{y}">{t}</text>',
            x=f"{right + 4:.1f}",
            y=top + 16,
            t=_("overdue"),
        )
        if bar.overdue
        else ""
    )
    return format_html(
        '<text class="timeline-label" x="4" y="{ty}">{label}</text>'
        '<rect class="{classes}" x="{x}" y="{y}" width="{w}" height="{h}" rx="3">'
        "<title>{full}</title></rect>{mark}",
        ty=top + 16,
        label=_label(bar.label),
        classes=classes,
        x=f"{left:.1f}",
        y=top + 5,
        w=f"{max(right - left, 2):.1f}",
        h=ROW_HEIGHT - 10,
        full=bar.label,
        mark=mark,
    )
