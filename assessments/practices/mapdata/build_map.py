"""Build the practices library's regional map (assessments/practices/mapdata/region.json).

Reads Natural Earth 1:50m admin-0 countries as TopoJSON from the npm package world-atlas 2.0.2
(public domain data; world-atlas is ISC-licensed), keeps the Bali Process member states of
fixtures/member_states.yaml and the neighbouring land, projects, clips, simplifies and writes one
compact JSON file of SVG path strings. Run it once when the source or the member states change;
the application only reads the committed output and never downloads anything.

    python assessments/practices/mapdata/build_map.py              # npm pack world-atlas@2.0.2
    python assessments/practices/mapdata/build_map.py /path/to/world-atlas/package

Plain Python (standard library only), so it needs no new dependency. The output is
deterministic: the same input gives the same bytes.

Projection: equirectangular (plate carrée), longitudes 22°E to 212°E (148°W, across the
antimeridian, so that Samoa, Tonga and Kiribati's Line Islands sit east of Fiji), latitudes 55°N
to 53°S. The United States are drawn in an inset in the empty North Pacific (top right), on
their own scale, with Alaska and Hawaii; they are not repeated in the main frame.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
MEMBER_STATES = ROOT / "fixtures" / "member_states.yaml"
OUTPUT = HERE / "region.json"
PACKAGE = "world-atlas@2.0.2"

# Main frame, in degrees. 8 units a degree: integer coordinates are then 1/8 degree (~14 km),
# finer than the map is ever shown.
SCALE = 8
LON_WEST, LON_EAST = 22.0, 212.0
LAT_NORTH, LAT_SOUTH = 55.0, -53.0
WIDTH = round((LON_EAST - LON_WEST) * SCALE)
HEIGHT = round((LAT_NORTH - LAT_SOUTH) * SCALE)
# Douglas-Peucker tolerance and the smallest ring kept, in map units.
TOLERANCE = 0.4
MIN_RING_AREA = 0.5

# The United States inset: a box in the empty North Pacific, east of 165°E and north of 23°N.
INSET_BOX = (1144, 0, WIDTH - 1144, 256)  # x, y, width, height in map units
INSET_LABEL_HEIGHT = 30
INSET_PAD = 8
INSET_LON_WEST, INSET_LON_EAST = -188.0, -65.0  # the Aleutians cross the antimeridian
INSET_LAT_NORTH, INSET_LAT_SOUTH = 72.0, 18.0
INSET_COS = math.cos(math.radians(40))  # standard parallel 40°N: Alaska not twice as wide
INSET_BACKGROUND = {"124", "484", "643"}  # Canada, Mexico, Russia (Chukotka)

# ISO 3166-1 numeric (as world-atlas ids) to alpha-3, for the member states only.
NUMERIC_TO_ALPHA3 = {
    "004": "AFG", "036": "AUS", "050": "BGD", "064": "BTN", "096": "BRN", "116": "KHM",
    "156": "CHN", "408": "PRK", "242": "FJI", "540": "NCL", "344": "HKG", "356": "IND",
    "360": "IDN", "364": "IRN", "368": "IRQ", "392": "JPN", "400": "JOR", "296": "KIR",
    "418": "LAO", "446": "MAC", "458": "MYS", "462": "MDV", "496": "MNG", "104": "MMR",
    "520": "NRU", "524": "NPL", "554": "NZL", "586": "PAK", "585": "PLW", "598": "PNG",
    "608": "PHL", "410": "KOR", "882": "WSM", "702": "SGP", "090": "SLB", "144": "LKA",
    "760": "SYR", "764": "THA", "626": "TLS", "776": "TON", "792": "TUR", "784": "ARE",
    "840": "USA", "548": "VUT", "704": "VNM",
}  # fmt: skip

# States shown with a circle marker as well as their shape, because at the map's scale the shape
# is a few pixels or less: the small island states, the special administrative regions and
# Brunei. The marker sits on the capital or main island (lon, lat); `offset` moves it (degrees)
# where two markers would overlap, with a leader line back to the place.
MARKERS = {
    "BRN": {"at": (114.9, 4.9)},
    "FJI": {"at": (178.4, -17.8)},
    "HKG": {"at": (114.2, 22.3), "offset": (2.2, -1.6)},
    "KIR": {"at": (173.0, 1.4)},
    "MAC": {"at": (113.55, 22.17), "offset": (-0.9, -2.6)},
    "MDV": {"at": (73.5, 3.2)},
    "NCL": {"at": (165.6, -21.3)},
    "NRU": {"at": (166.93, -0.53)},
    "PLW": {"at": (134.6, 7.5)},
    "SGP": {"at": (103.82, 1.35)},
    "SLB": {"at": (160.0, -9.4)},
    "TLS": {"at": (125.9, -8.8)},
    "TON": {"at": (184.8, -21.2)},
    "VUT": {"at": (167.9, -15.9)},
    "WSM": {"at": (187.8, -13.8)},
}

SOURCE = (
    "Natural Earth 1:50m admin-0 countries (public domain), via the npm package "
    "world-atlas 2.0.2 (ISC licence), countries-50m.json"
)


def member_codes() -> list[str]:
    """The real member states' codes: demo states (fictional, is_demo: true) are not on maps."""
    codes = []
    for line in MEMBER_STATES.read_text(encoding="utf-8").splitlines():
        match = re.search(r"code: ([A-Z]{3}),.*is_demo: (true|false)", line)
        if match and match.group(2) == "false":
            codes.append(match.group(1))
    return codes


def fetch_package(tmp: Path) -> Path:
    """npm pack world-atlas into `tmp` and unpack it there; return the package directory."""
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, capture_output=True)
    (tarball,) = tmp.glob("world-atlas-*.tgz")
    with tarfile.open(tarball) as archive:
        archive.extractall(tmp, filter="data")
    return tmp / "package"


# --- TopoJSON -------------------------------------------------------------------------------


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Quantized, delta-encoded arcs to absolute (lon, lat) points."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    """A ring from arc indexes; a negative index ~i is arc i reversed. Shared ends appear once."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict, arcs: list) -> list[list[list[tuple[float, float]]]]:
    """A geometry's polygons, each a list of rings (outer ring first, then holes)."""
    if geometry["type"] == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
    return []


# --- Geometry -------------------------------------------------------------------------------


def clip(points: list, x0: float, y0: float, x1: float, y1: float) -> list:
    """Sutherland-Hodgman clipping of a closed ring to a rectangle."""

    def cut(points, inside, intersect):
        out = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(intersect(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(intersect(previous, current))
        return out

    def at_x(x):
        return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))

    def at_y(y):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)

    for inside, intersect in (
        (lambda p: p[0] >= x0, at_x(x0)),
        (lambda p: p[0] <= x1, at_x(x1)),
        (lambda p: p[1] >= y0, at_y(y0)),
        (lambda p: p[1] <= y1, at_y(y1)),
    ):
        if not points:
            return []
        points = cut(points, inside, intersect)
    return points


def simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker on an open polyline (iterative: long coastlines would recurse deeply)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        worst, worst_at = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > worst:
                worst, worst_at = distance, i
        if worst_at is not None and worst > tolerance:
            keep[worst_at] = True
            stack.extend(((first, worst_at), (worst_at, last)))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(points: list, tolerance: float) -> list:
    """Simplify a closed ring: split it at the point farthest from its start, so both ends stay."""
    if len(points) < 4:
        return points
    start = points[0]
    far = max(range(len(points)), key=lambda i: math.dist(start, points[i]))
    return simplify(points[: far + 1], tolerance)[:-1] + simplify(points[far:], tolerance)[:-1]


def area(points: list) -> float:
    pairs = zip(points, points[1:] + points[:1], strict=True)
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs)) / 2


def rounded(points: list) -> list[tuple[int, int]]:
    """Integer coordinates without repeated points (a closing repeat of the start included)."""
    out: list[tuple[int, int]] = []
    for x, y in points:
        point = (round(x), round(y))
        if not out or point != out[-1]:
            out.append(point)
    while len(out) > 1 and out[-1] == out[0]:
        out.pop()
    return out


def numbers(values: list[int]) -> str:
    """SVG number list: a minus sign separates by itself, otherwise a space."""
    text = ""
    for value in values:
        text += str(value) if value < 0 or not text else f" {value}"
    return text


def path(rings: list[list[tuple[int, int]]]) -> str:
    """Compact SVG path data: absolute moveto, then relative lineto, per ring."""
    parts = []
    for points in rings:
        deltas = []
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            deltas += [x1 - x0, y1 - y0]
        parts.append(f"M{numbers(list(points[0]))}l{numbers(deltas)}z")
    return "".join(parts)


# --- Projections ----------------------------------------------------------------------------


def main_frame(lon: float, lat: float) -> tuple[float, float]:
    return (lon - LON_WEST) * SCALE, (LAT_NORTH - lat) * SCALE


def shift_main(points: list) -> list:
    """Natural Earth splits rings at the antimeridian: move the western-hemisphere Pacific east."""
    if max(lon for lon, _ in points) <= 0:
        return [(lon + 360, lat) for lon, lat in points]
    return points


INSET_K = min(
    (INSET_BOX[2] - 2 * INSET_PAD) / ((INSET_LON_EAST - INSET_LON_WEST) * INSET_COS),
    (INSET_BOX[3] - INSET_LABEL_HEIGHT - 2 * INSET_PAD) / (INSET_LAT_NORTH - INSET_LAT_SOUTH),
)


def inset_frame(lon: float, lat: float) -> tuple[float, float]:
    x0 = INSET_BOX[0] + INSET_PAD
    y0 = INSET_BOX[1] + INSET_LABEL_HEIGHT + INSET_PAD
    return (
        x0 + (lon - INSET_LON_WEST) * INSET_COS * INSET_K,
        y0 + (INSET_LAT_NORTH - lat) * INSET_K,
    )


def shift_inset(points: list) -> list:
    """The inset runs from 188°W to 65°W: eastern-hemisphere rings (the far Aleutians) go west."""
    if min(lon for lon, _ in points) >= 100:
        return [(lon - 360, lat) for lon, lat in points]
    return points


def project(rings, shift, frame, box) -> list[list[tuple[int, int]]]:
    """Shift, project, clip to `box`, simplify and round rings; drop the ones too small to see."""
    x0, y0, w, h = box
    out = []
    for points in rings:
        projected = [frame(lon, lat) for lon, lat in shift(points)]
        clipped = clip(projected, x0, y0, x0 + w, y0 + h)
        if len(clipped) < 3:
            continue
        simple = rounded(simplify_ring(clipped, TOLERANCE))
        if len(simple) >= 3 and area(simple) >= MIN_RING_AREA:
            out.append(simple)
    return out


def build(package: Path) -> tuple[dict, list[str], list[str]]:
    topology = json.loads((package / "countries-50m.json").read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    codes = member_codes()
    wanted = {NUMERIC_TO_ALPHA3[n]: n for n in NUMERIC_TO_ALPHA3}
    unknown = sorted(set(codes) - set(wanted))
    if unknown:
        sys.exit(f"No ISO numeric code in build_map.py for: {', '.join(unknown)}")

    main_box = (0, 0, WIDTH, HEIGHT)
    inset_inner = (
        INSET_BOX[0],
        INSET_BOX[1] + INSET_LABEL_HEIGHT,
        INSET_BOX[2],
        INSET_BOX[3] - INSET_LABEL_HEIGHT,
    )
    state_rings: dict[str, list] = {code: [] for code in codes}
    background: list = []
    inset_background: list = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        rings = [r for polygon in polygons(geometry, arcs) for r in polygon]
        code = NUMERIC_TO_ALPHA3.get(numeric)
        if code == "USA":
            state_rings[code] += project(rings, shift_inset, inset_frame, inset_inner)
        elif code in state_rings:
            # Australia's record includes Ashmore and Cartier Islands (same id): kept as AUS.
            state_rings[code] += project(rings, shift_main, main_frame, main_box)
        else:
            background += project(rings, shift_main, main_frame, main_box)
            if numeric in INSET_BACKGROUND:
                inset_background += project(rings, shift_inset, inset_frame, inset_inner)

    found = {
        NUMERIC_TO_ALPHA3.get(g.get("id")) for g in topology["objects"]["countries"]["geometries"]
    }
    missing = [code for code in codes if code not in found]
    too_small = [code for code in codes if code in found and not state_rings[code]]
    states = {}
    for code in codes:
        state: dict = {"d": path(state_rings[code])}
        if code in MARKERS or not state_rings[code]:
            if code not in MARKERS:
                sys.exit(f"{code} has no shape and no marker position in build_map.py")
            lon, lat = MARKERS[code]["at"]
            dx, dy = MARKERS[code].get("offset", (0, 0))
            x, y = main_frame(lon + dx, lat + dy)
            state["marker"] = [round(x), round(y)]
            if dx or dy:
                ax, ay = main_frame(lon, lat)
                state["anchor"] = [round(ax), round(ay)]
        states[code] = state

    data = {
        "source": SOURCE,
        "projection": (
            f"Equirectangular, {LON_WEST:g}°E to {LON_EAST:g}°E (across the antimeridian), "
            f"{LAT_NORTH:g}°N to {-LAT_SOUTH:g}°S, {SCALE} units a degree; the United States in "
            f"an inset (equirectangular, standard parallel 40°N)."
        ),
        "viewBox": [0, 0, WIDTH, HEIGHT],
        "inset": {"box": list(INSET_BOX), "label_height": INSET_LABEL_HEIGHT, "state": "USA"},
        "background": path(background),
        "inset_background": path(inset_background),
        "states": states,
    }
    return data, missing, too_small


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        data, missing, too_small = build(Path(argv[1]))
    else:
        with tempfile.TemporaryDirectory(prefix="world-atlas-") as tmp:
            data, missing, too_small = build(fetch_package(Path(tmp)))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    OUTPUT.write_text(text, encoding="utf-8")
    markers = sorted(code for code, state in data["states"].items() if "marker" in state)
    print(f"Wrote {OUTPUT.relative_to(ROOT)}: {len(text.encode()) / 1024:.0f} KB")
    print(f"Member states: {len(data['states'])}")
    print(f"Missing from the source data (marker only): {', '.join(missing) or 'none'}")
    print(f"Too small to draw at this scale (marker only): {', '.join(too_small) or 'none'}")
    print(f"Shown with a marker: {', '.join(markers)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
