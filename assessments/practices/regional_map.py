"""The practices library's regional map: an inline SVG of the member states, each a link.

The shapes come from mapdata/region.json, built once from Natural Earth by mapdata/build_map.py
(see docs/practices.md, "The map"); nothing is downloaded at run time and the SVG refers to
nothing outside the page, so the Content Security Policy stays as it is. Colours are CSS classes
(static/css/practices.css): no style attributes.

Colour never carries the meaning alone: each state's link is named "Fiji: 3 entries", and the
page lists the same counts beside the map.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.country_names import member_state_name

MAP_DATA = Path(__file__).resolve().parent / "mapdata" / "region.json"
MAP_DATA_LIMIT = 300 * 1024  # bytes; tested, so that a rebuild cannot bloat every page

# Marker radius and the (invisible) wider target around it, in map units (the map is 1520 wide).
MARKER_RADIUS = 10
MARKER_TARGET = 18


@dataclass(frozen=True)
class MapState:
    code: str  # ISO alpha-3, as MemberState.code
    name: str
    count: int  # published entries
    url: str

    @property
    def display_name(self) -> str:
        """The member state's name in the active language (assessments.country_names)."""
        return member_state_name(self)


@dataclass(frozen=True)
class CountClass:
    css: str
    low: int
    high: int | None  # None: no upper bound

    @property
    def label(self) -> str:
        """The legend's words for this class."""
        if self.high is None:
            return _("%(low)s or more entries") % {"low": self.low}
        if self.high == 0:
            return _("No entries")
        return _("%(low)s to %(high)s entries") % {"low": self.low, "high": self.high}


# The colour classes, used by the map and its legend alike (one definition).
COUNT_CLASSES = (
    CountClass("pmap-c0", 0, 0),
    CountClass("pmap-c1", 1, 2),
    CountClass("pmap-c2", 3, 5),
    CountClass("pmap-c3", 6, None),
)


def count_class(count: int) -> CountClass:
    for klass in COUNT_CLASSES:
        if count >= klass.low and (klass.high is None or count <= klass.high):
            return klass
    return COUNT_CLASSES[0]  # a negative count cannot happen; show it as none


def legend() -> list[CountClass]:
    return list(COUNT_CLASSES)


def map_context(states: list[MapState]) -> dict:
    """What templates/practices/_map.html needs: the SVG and the legend."""
    return {"map_svg": map_svg(states), "map_legend": legend()}


@cache
def map_data() -> dict:
    """The committed map data, read once per process."""
    return json.loads(MAP_DATA.read_text(encoding="utf-8"))


def accessible_name(state: MapState) -> str:
    return ngettext("%(name)s: %(count)s entry", "%(name)s: %(count)s entries", state.count) % {
        "name": state.display_name,
        "count": state.count,
    }


def _state_link(state: MapState, shape: dict | None) -> SafeString:
    """One member state: a link around its shape and, for small states, a marker. Its SVG
    title is its accessible name and its tooltip; an aria-label as well would be read twice
    (browsers then expose the title as the description)."""
    name = accessible_name(state)
    parts = []
    if shape and shape.get("d"):
        parts.append(format_html('<path class="pmap-shape" d="{}"/>', shape["d"]))
    marker = (shape or {}).get("marker")
    if marker:
        x, y = marker
        anchor = shape.get("anchor")
        if anchor:
            parts.append(
                format_html(
                    '<line class="pmap-leader" x1="{}" y1="{}" x2="{}" y2="{}"/>',
                    anchor[0],
                    anchor[1],
                    x,
                    y,
                )
            )
        parts.append(
            format_html(
                '<circle class="pmap-target" cx="{}" cy="{}" r="{}"/>'
                '<circle class="pmap-marker" cx="{}" cy="{}" r="{}"/>',
                x,
                y,
                MARKER_TARGET,
                x,
                y,
                MARKER_RADIUS,
            )
        )
    return format_html(
        '<a href="{}" class="pmap-state {}" data-code="{}"><title>{}</title>{}</a>',
        state.url,
        count_class(state.count).css,
        state.code,
        name,
        mark_safe("".join(parts)),  # built with format_html above
    )


def map_svg(states: list[MapState], *, id_prefix: str = "pmap") -> SafeString:
    """The map as inline SVG. States without map data (demo states) are left out of the map;
    they remain in the list beside it.

    Focus order: the states drawn as shapes, alphabetically, then the small states shown with a
    marker, alphabetically. SVG paints in document order, so the markers must come last to stay
    on top of their neighbours (Brunei's marker lies on Malaysia's Borneo)."""
    data = map_data()
    shapes = data["states"]
    drawn = [s for s in states if s.code in shapes]
    drawn.sort(key=lambda s: ("marker" in shapes[s.code], s.display_name.casefold()))
    x, y, w, h = data["viewBox"]
    ix, iy, iw, ih = data["inset"]["box"]
    links = format_html_join("", "{}", ((_state_link(s, shapes[s.code]),) for s in drawn))
    return format_html(
        '<svg class="pmap" viewBox="{} {} {} {}" role="group" aria-labelledby="{}-title" '
        'aria-describedby="{}-desc" preserveAspectRatio="xMidYMid meet">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<rect class="pmap-sea" x="{}" y="{}" width="{}" height="{}"/>'
        '<path class="pmap-land" d="{}"/>'
        '<g class="pmap-inset"><rect class="pmap-inset-box" x="{}" y="{}" width="{}" height="{}"/>'
        '<text class="pmap-inset-label" x="{}" y="{}">{}</text>'
        '<path class="pmap-land" d="{}"/></g>'
        '<g class="pmap-states">{}</g></svg>',
        x,
        y,
        w,
        h,
        id_prefix,
        id_prefix,
        id_prefix,
        _("Map of the Bali Process member states"),
        id_prefix,
        _(
            "Each member state is a link to its page, coloured by its number of published "
            "entries; small states are marked with a circle. The United States are shown in "
            "an inset, on their own scale. The list beside the map holds the same information."
        ),
        x,
        y,
        w,
        h,
        data["background"],
        ix,
        iy,
        iw,
        ih,
        ix + 8,
        iy + 5,
        _("United States"),
        data["inset_background"],
        links,
    )
