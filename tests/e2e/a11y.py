"""Accessibility checks with axe-core.

axe.min.js comes inside the axe-playwright-python wheel and is injected into the page: nothing
is downloaded when the tests run. Violations of impact serious or critical fail a test; all of
them are written to artifacts/axe/ for whoever fixes the templates.
"""

from __future__ import annotations

import json

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page

from tests.e2e.helpers import ARTIFACTS, WIDTHS, screenshot

BLOCKING = ("serious", "critical")


def violations(page: Page) -> list[dict]:
    """Return axe-core's violations on the page as it is now, all impacts."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate("() => axe.run({resultTypes: ['violations']})")["violations"]


def describe(violation: dict) -> str:
    """Return `rule (impact): selector, selector`, as a failing assertion prints it."""
    targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
    return f"{violation['id']} ({violation['impact']}): {targets}"


def check_page(page: Page, name: str) -> list[str]:
    """Screenshot the page at each width; return its serious or critical violations there.

    Saves artifacts/screenshots/<name>-<width>.png and artifacts/axe/<name>-<width>.json.
    """
    found = []
    original = page.viewport_size
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        screenshot(page, f"{name}-{width}")
        found_here = violations(page)
        report = ARTIFACTS / "axe" / f"{name}-{width}.json"
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(found_here, indent=1))
        found += [f"{width}: {describe(v)}" for v in found_here if v["impact"] in BLOCKING]
    if original:
        page.set_viewport_size(original)
    return found
