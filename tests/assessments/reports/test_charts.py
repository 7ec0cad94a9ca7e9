"""The charts: bar labels and numbers are page text, the radar's text stays legible on a phone."""

from __future__ import annotations

import math
import re

import pytest

from assessments.reports import charts
from assessments.reports.charts import TARGET, Datum, bar_table, bars, radar

PHONE_CHART_WIDTH = 330  # px: a 390 px wide phone, less the page's and the card's padding
LEGIBLE_PX = 12


def view_box_width(svg: str) -> float:
    return float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))


def test_bar_labels_and_numbers_are_html_text_outside_the_svg():
    html = bar_table(
        [Datum("Victim <identification>", 62.4), Datum("Compensation", 0)],
        caption="Policy: section scores",
        label_header="Section",
    )
    assert '<th scope="row" class="bar-label">Victim &lt;identification&gt;</th>' in html
    assert '<td class="bar-number">62</td>' in html
    assert "<text" not in html  # no SVG text, which would shrink with the chart


def test_each_bar_is_as_long_as_its_score_and_shows_the_target():
    html = bar_table([Datum("A", 62.4), Datum("B", 100)], caption="c", label_header="h", target=75)
    assert re.findall(r'<rect x="0" y="1" width="([\d.]+)"', html) == ["62.4", "100.0"]
    assert html.count('class="bar-target"') == 2
    assert 'x1="75.0"' in html


def test_a_bar_without_score_says_so_and_draws_no_bar():
    html = bar_table([Datum("Unanswered", None)], caption="c", label_header="h")
    assert "no score" in html
    assert 'y="1"' not in html  # no value bar, only the empty track


def test_the_radar_text_stays_legible_at_a_phone_width():
    svg = radar(
        [Datum(n, 50) for n in ["Planning", "Principles", "Policy", "Practices"]],
        title="Category scores",
    )
    font = float(re.search(r'font-size="([\d.]+)"', svg).group(1))
    assert font * PHONE_CHART_WIDTH / view_box_width(svg) >= LEGIBLE_PX


def test_a_long_category_name_is_wrapped_in_short_lines():
    svg = radar(
        [Datum("Policy and legal framework for victims", 40), *[Datum("X", 1)] * 3],
        title="t",
    )
    name_lines = re.findall(r'<tspan x="[\d.]+" y="[\d.]+">([^<]+)</tspan>', svg)
    policy = name_lines[: name_lines.index("X")]
    assert " ".join(policy) == "Policy and legal framework for victims"
    assert len(policy) > 1
    assert all(len(line) <= 12 for line in policy)


@pytest.mark.parametrize("value", [None, 0, 55.5])
def test_the_radar_describes_every_value(value):
    svg = radar([Datum("Planning", value), *[Datum("Other", 10)] * 3], title="t")
    assert f"Planning: {charts._fmt(value)}" in svg


# --- the numbers the charts print, and the radar's target ring ---------------------------------

HALVES = [Datum("Planning", 50), Datum("Principles", 59.5), Datum("Policy", 58.5), Datum("P", 1)]


def target_radii(svg: str) -> list[float]:
    """Distances from the centre of the dashed target ring's corners, one per axis."""
    points = re.search(rf'<polygon points="([^"]+)" fill="none" stroke="{TARGET}"', svg)[1]
    corners = [tuple(map(float, p.split(","))) for p in points.split()]
    width, height = map(float, re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups())
    return [math.dist((x, y), (width / 2, height / 2)) for x, y in corners]


def test_the_radar_target_ring_follows_each_categorys_own_target():
    radii = target_radii(radar(HALVES, title="t", target=[75, 100, 75, 50]))
    assert [round(r / radii[0], 2) for r in radii] == [1.0, 1.33, 1.0, 0.67]


def test_one_target_for_every_axis_gives_a_regular_ring():
    radii = target_radii(radar(HALVES, title="t", target=75))
    assert max(radii) - min(radii) < 0.2


def test_charts_print_the_numbers_the_pages_show_half_up():
    svg = radar(HALVES, title="t")
    assert "Principles: 60; Policy: 59" in svg  # not 58 (Python rounds half to even)
    table = bar_table(HALVES, caption="c", label_header="h")
    assert '<td class="bar-number">59</td>' in table
    assert '<td class="bar-number">58</td>' not in table
    assert ">59</text>" in bars(HALVES, title="t")
