"""Issue 16's goals, each next to its figure, its floor and the ratio: met, or missed by how much.

`goal_rows(figures)` takes what the in-process figures and the load test measured in the same
run (their JSON) and returns the table `make bench` ends with. Pure: no Django, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

PREVIOUS_RPS = 24.5  # section page GET on the production profile before issue 16
AMBITION_RPS = 150
SECTION_FLOOR_RATIO = 2
POST_FLOOR_RATIO = 3
RESULTS_FLOOR_RATIO = 3
WIRE_KB = 60
THROUGHPUT_SHARE = 0.5
P95_MS = 250
REPORT_MS = 200


@dataclass(frozen=True)
class Row:
    figure: str  # what was measured
    value: str  # its value, with the floor and the ratio where there is one
    goal: str
    verdict: str  # "met", "missed by ...", "not measured: ..." or "" (no goal)


def at_most(value: float, limit: float, unit: str) -> str:
    return "met" if value <= limit else f"missed by {value - limit:.1f} {unit}"


def below(value: float, limit: float, unit: str) -> str:
    return "met" if value < limit else f"missed by {value - limit:.1f} {unit}"


def at_least(value: float, limit: float, unit: str) -> str:
    return "met" if value >= limit else f"missed by {limit - value:.1f} {unit}"


def page_row(name: str, page: dict, floor: float, ratio: int) -> Row:
    median = page["median_ms"]
    return Row(
        f"{name} ({page['queries']} queries)",
        f"{median:.1f} ms = {median / floor:.1f} x floor {floor:.1f} ms",
        f"<= {ratio} x floor ({ratio * floor:.1f} ms)",
        at_most(median, ratio * floor, "ms"),
    )


def page_rows(pages: dict) -> list[Row]:
    floor = pages["floor"]["median_ms"]
    section = pages["section_get"]
    wire_kb, raw_kb = section["wire_bytes"] / 1024, section["raw_bytes"] / 1024
    return [
        Row("floor: bare Django (no middleware)", f"{pages['bare']['median_ms']:.1f} ms", "", ""),
        Row(
            f"floor: signed-in trivial page ({pages['floor']['queries']} queries)",
            f"{floor:.1f} ms = {floor / pages['bare']['median_ms']:.1f} x bare Django",
            "",
            "",
        ),
        page_row("section page GET, 20 indicators", section, floor, SECTION_FLOOR_RATIO),
        Row(
            "section page on the wire (gzip accepted)",
            f"{wire_kb:.1f} KB ({raw_kb:.0f} KB uncompressed)",
            f"<= {WIRE_KB} KB",
            at_most(wire_kb, WIRE_KB, "KB"),
        ),
        page_row("section page POST, save", pages["section_post"], floor, POST_FLOOR_RATIO),
        page_row("results page GET", pages["results_get"], floor, RESULTS_FLOOR_RATIO),
    ]


def load_rows(load: dict | None) -> list[Row]:
    name = "production profile, section GET"
    if not load or "skipped" in load:
        reason = (load or {}).get("skipped", "the load test did not run")
        return [Row(name, "", "", f"not measured: {reason}")]
    section, floor = load["section"], load["floor"]
    share = section["rps"] / floor["rps"]
    return [
        Row("production profile, trivial page", f"{floor['rps']:.1f} req/s", "", ""),
        Row(
            f"{name}, {load['users']} clients",
            f"{section['rps']:.1f} req/s = {share:.2f} x trivial page",
            f">= {THROUGHPUT_SHARE} x trivial ({THROUGHPUT_SHARE * floor['rps']:.1f} req/s)",
            at_least(section["rps"], THROUGHPUT_SHARE * floor["rps"], "req/s"),
        ),
        Row(
            f"{name}, p95",
            f"{section['p95_ms']:.0f} ms",
            f"<= {P95_MS} ms",
            at_most(section["p95_ms"], P95_MS, "ms"),
        ),
        Row(
            f"{name}, errors",
            f"{section['errors'] + floor['errors']}",
            "0",
            "met" if section["errors"] + floor["errors"] == 0 else "missed",
        ),
        Row(
            f"{name}, absolute",
            f"{section['rps']:.1f} req/s",
            f"previous {PREVIOUS_RPS}, ambition {AMBITION_RPS} req/s",
            "ambition met"
            if section["rps"] >= AMBITION_RPS
            else f"{AMBITION_RPS - section['rps']:.1f} req/s short of the ambition",
        ),
    ]


def report_rows(reports: dict | None, load: dict | None) -> list[Row]:
    rows = []
    for framework in (reports or {}).get("frameworks", []):
        size = f"{framework['indicators']} indicators"
        for variant in ("summary", "full"):
            rows += variant_rows(f"report, {size}, {variant}", framework[variant])
    rows.append(parallel_row((load or {}).get("report")))
    return rows


def variant_rows(name: str, figures: dict) -> list[Row]:
    ready, queued, cold = figures["ready"], figures["queued"], figures["cold_ms"]
    render = f"{cold / 1000:.1f} s, {figures['pages']} pages"
    if figures.get("weasyprint_ms"):
        weasy = figures["weasyprint_ms"]
        render += f"; WeasyPrint alone {weasy / 1000:.1f} s ({100 * (cold - weasy) / weasy:+.0f} %)"
    return [
        Row(
            f"{name}: download when ready",
            f"median {ready['median_ms']:.0f} ms, max {ready['max_ms']:.0f} ms",
            f"< {REPORT_MS} ms",
            below(ready["max_ms"], REPORT_MS, "ms"),
        ),
        Row(
            f"{name}: not rendered yet (redirect)",
            f"median {queued['median_ms']:.0f} ms, max {queued['max_ms']:.0f} ms",
            f"a redirect, < {REPORT_MS} ms",
            below(queued["max_ms"], REPORT_MS, "ms"),
        ),
        Row(f"{name}: cold render in a worker", render, "", ""),
    ]


def parallel_row(report: dict | None) -> Row:
    name = "4 parallel requests, one report not rendered"
    if not report:
        return Row(name, "", "1 job, 1 render", "not measured: the load test did not run")
    value = f"{report['jobs']} job(s), {report['renders']} render(s); answers {report['statuses']}"
    if report.get("answer_ms"):
        value += f" in {max(report['answer_ms']):.0f} ms at most"
    redirected = set(report["statuses"]) <= {302, 303} and report.get("progress_pages") == 1
    met = report["jobs"] == 1 and report["renders"] == 1 and redirected
    return Row(name, value, "1 job, 1 render, one progress page", "met" if met else "missed")


def goal_rows(figures: dict) -> list[Row]:
    rows = page_rows(figures["pages"]) if "pages" in figures else []
    rows += load_rows(figures.get("load"))
    rows += report_rows(figures.get("reports"), figures.get("load"))
    return rows


def table(rows: list[Row]) -> str:
    rows = [Row("Figure", "Measured", "Goal", "Verdict"), *rows]
    widths = [max(len(getattr(r, f)) for r in rows) for f in ("figure", "value", "goal")]
    lines = []
    for row in rows:
        cells = (row.figure, row.value, row.goal)
        lines.append(
            "  "
            + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))
            + "  "
            + row.verdict
        )
    return "\n".join(line.rstrip() for line in lines)
