"""The practices library's regional map: the committed map data and the SVG drawn from it."""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from django.template.loader import render_to_string

from assessments.practices import regional_map
from assessments.practices.regional_map import MapState, count_class, map_svg

ROOT = Path(__file__).resolve().parents[3]


def fixture_states() -> list[tuple[str, str]]:
    records = yaml.safe_load((ROOT / "fixtures" / "member_states.yaml").read_text("utf-8"))
    return [
        (r["fields"]["code"], r["fields"]["name"])
        for r in records
        if r["model"] == "assessments.memberstate" and not r["fields"]["is_demo"]
    ]


REAL = fixture_states()


def all_states(count=lambda i: i % 8) -> list[MapState]:
    return [
        MapState(code, name, count(i), f"/practices/countries/{code}/")
        for i, (code, name) in enumerate(REAL)
    ]


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def links(svg) -> list[ET.Element]:
    return parse(svg).findall(".//a")


def test_every_real_member_state_has_a_shape_or_a_marker():
    assert len(REAL) >= 40
    shapes = regional_map.map_data()["states"]
    for code, name in REAL:
        assert code in shapes, name
        assert shapes[code]["d"].startswith("M") or "marker" in shapes[code], name


def test_small_island_states_have_markers():
    shapes = regional_map.map_data()["states"]
    for code in ("FJI", "KIR", "MDV", "NRU", "PLW", "SGP", "SLB", "TON", "VUT", "WSM"):
        assert len(shapes[code]["marker"]) == 2, code


def test_each_state_appears_once_as_a_link_named_with_its_count():
    states = all_states()
    found = links(map_svg(states))
    assert len(found) == len(states)
    by_href = {a.get("href"): a for a in found}
    assert len(by_href) == len(states)
    for state in states:
        link = by_href[state.url]
        label = f"{state.name}: {state.count} {'entry' if state.count == 1 else 'entries'}"
        # The link's accessible name (and its tooltip) is its SVG title, not doubled by an
        # aria-label, which browsers would then read as a description too.
        assert link.findtext("title") == label
        assert link.get("aria-label") is None
        # Something to see and to click: a shape, a marker or both.
        assert link.find("path") is not None or link.find("circle") is not None


def test_fiji_reads_as_in_the_brief():
    (fiji,) = links(map_svg([MapState("FJI", "Fiji", 3, "/practices/countries/FJI/")]))
    assert fiji.findtext("title") == "Fiji: 3 entries"
    assert fiji.find("circle[@class='pmap-marker']") is not None


@pytest.mark.parametrize(
    ("count", "css"),
    [(0, "pmap-c0"), (1, "pmap-c1"), (2, "pmap-c1"), (3, "pmap-c2"), (5, "pmap-c2"),
     (6, "pmap-c3"), (40, "pmap-c3")],
)  # fmt: skip
def test_counts_map_to_their_colour_class(count, css):
    assert count_class(count).css == css
    (link,) = links(map_svg([MapState("NPL", "Nepal", count, "/n/")]))
    assert link.get("class").split() == ["pmap-state", css]


def test_the_legend_names_the_same_classes():
    assert [(k.css, k.label) for k in regional_map.legend()] == [
        ("pmap-c0", "No entries"),
        ("pmap-c1", "1 to 2 entries"),
        ("pmap-c2", "3 to 5 entries"),
        ("pmap-c3", "6 or more entries"),
    ]


def test_no_style_attributes_and_no_external_references():
    svg = str(map_svg(all_states()))
    assert "style=" not in svg
    for tag in ("<image", "<use", "<script", "<foreignObject", "<style"):
        assert tag not in svg
    urls = re.findall(r"https?://[^\s\"'<>]+", svg)
    assert urls == []  # not even an xmlns: inline SVG in HTML needs none
    hrefs = re.findall(r'href="([^"]*)"', svg)
    assert sorted(hrefs) == sorted(s.url for s in all_states())


def test_only_the_given_links_are_external():
    states = [MapState("FJI", "Fiji", 1, "https://example.org/fiji")]
    svg = str(map_svg(states))
    assert re.findall(r"https?://[^\s\"'<>]+", svg) == ["https://example.org/fiji"]


def test_names_and_urls_are_escaped():
    states = [MapState("NPL", 'Nepal <script>"', 1, '/x/?a=1&b="2"')]
    svg = str(map_svg(states))
    assert "<script>" not in svg
    (link,) = links(svg)
    assert link.findtext("title") == 'Nepal <script>": 1 entry'
    assert link.get("href") == '/x/?a=1&b="2"'


def test_states_without_map_data_stay_in_the_list_only():
    states = [*all_states(), MapState("XDL", "Demoland (fictional)", 2, "/practices/xdl/")]
    assert "/practices/xdl/" not in str(map_svg(states))


def test_focus_order_is_alphabetical_shapes_then_markers():
    """Markers come last so that SVG paints them over their neighbours (Brunei on Borneo)."""
    found = links(map_svg(all_states()))
    names = [a.findtext("title").rsplit(":", 1)[0] for a in found]
    has_marker = [a.find("circle") is not None for a in found]
    split = has_marker.index(True)
    assert all(has_marker[split:])
    assert not any(has_marker[:split])
    assert names[:split] == sorted(names[:split], key=str.casefold)
    assert names[split:] == sorted(names[split:], key=str.casefold)
    assert names.index("Brunei Darussalam") > names.index("Malaysia")


def test_the_svg_is_a_labelled_group():
    root = parse(map_svg(all_states()))
    assert root.get("role") == "group"
    assert root.find("title").get("id") == root.get("aria-labelledby")
    assert root.find("desc").get("id") == root.get("aria-describedby")
    assert "list beside the map" in root.findtext("desc")


def test_the_map_file_is_read_once_and_is_small(monkeypatch):
    assert regional_map.MAP_DATA.stat().st_size < regional_map.MAP_DATA_LIMIT
    regional_map.map_data.cache_clear()
    reads = []
    original = Path.read_text

    def counting(self, *args, **kwargs):
        if self == regional_map.MAP_DATA:
            reads.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting)
    map_svg(all_states())
    map_svg(all_states())
    assert len(reads) == 1


def test_the_template_shows_the_map_and_its_legend():
    html = render_to_string("practices/_map.html", regional_map.map_context(all_states()))
    assert '<svg class="pmap"' in html
    for klass in regional_map.legend():
        assert f'class="pmap-swatch {klass.css}"' in html
        assert klass.label in html
    assert "holds the same information" in html
    assert '<a class="visually-hidden-focusable" href="#pmap-after">Skip the map</a>' in html
    assert html.index('href="#pmap-after"') < html.index("<svg") < html.index('id="pmap-after"')
    assert "style=" not in html


# The build script: the TopoJSON decoding and the path encoding it relies on.


def build_script():
    path = ROOT / "assessments" / "practices" / "mapdata" / "build_map.py"
    spec = importlib.util.spec_from_file_location("build_map", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_topojson_arcs_are_delta_decoded_and_reversed():
    build = build_script()
    topology = {
        "transform": {"scale": [0.5, 2], "translate": [10, -10]},
        "arcs": [[[0, 0], [2, 0], [0, 1]], [[2, 1], [-2, -1]]],
    }
    arcs = build.decode_arcs(topology)
    assert arcs == [[(10, -10), (11, -10), (11, -8)], [(11, -8), (10, -10)]]
    # A ring of arc 0 then arc 1; a shared end point appears once. ~0 is arc 0 reversed.
    assert build.ring(arcs, [0, 1]) == [(10, -10), (11, -10), (11, -8), (10, -10)]
    assert build.ring(arcs, [~0]) == [(11, -8), (11, -10), (10, -10)]


def test_paths_are_compact_relative_moves():
    build = build_script()
    assert build.path([[(10, 5), (12, 5), (12, 2)]]) == "M10 5l2 0 0-3z"
    assert build.path([[(0, 0), (-1, -2), (3, 4)], [(7, 7), (8, 8), (7, 9)]]) == (
        "M0 0l-1-2 4 6zM7 7l1 1-1 1z"
    )


def test_the_frame_puts_the_pacific_east_of_the_antimeridian():
    build = build_script()
    (samoa,) = [build.shift_main([(-172.5, -13.8), (-171.5, -14.0), (-172.0, -13.5)])]
    x, _ = build.main_frame(*samoa[0])
    fiji_x, _ = build.main_frame(178.4, -17.8)
    assert fiji_x < x <= build.WIDTH
