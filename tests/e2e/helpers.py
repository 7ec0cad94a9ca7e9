"""What a person does in the browser: sign in and out, move with the keyboard, save a screenshot."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Download,
    Locator,
    Page,
    ViewportSize,
    expect,
)

PASSWORD = "correct-horse-battery"
ARTIFACTS = Path(settings.BASE_DIR) / "artifacts"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
TIMEOUT_MS = 10_000  # a page of this application answers in well under a second
MAX_TABS = 80  # more Tab presses than any page here needs to reach a control
WORKER_PATIENCE = 60_000  # ms: a cold report or brief takes seconds on a busy 2-core machine


def open_context(browser: Browser, base_url: str, viewport: ViewportSize) -> BrowserContext:
    """A new browser context: its own cookies, as if another person on another computer."""
    context = browser.new_context(base_url=base_url, viewport=viewport)
    context.set_default_timeout(TIMEOUT_MS)
    # The site has no favicon; Chromium's request for one would only log a 404.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    return context


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Open the login page, sign in and wait until the site shows who is signed in."""
    page.goto("/accounts/login/")
    fill_login_form(page, email, password)
    expect(navbar(page).get_by_role("button", name="Sign out")).to_be_visible()


def fill_login_form(page: Page, email: str, password: str = PASSWORD) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page: Page) -> None:
    navbar(page).get_by_role("button", name="Sign out").click()
    expect(navbar(page).get_by_role("link", name="Sign in")).to_be_visible()


def navbar(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Main navigation")


def post_status(page: Page, button: Locator) -> int:
    """Click a form's submit button; return the HTTP status that answered the POST."""
    with page.expect_response(lambda r: r.request.method == "POST") as response:
        button.click()
    page.wait_for_load_state()
    return response.value.status


def focused(page: Page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def focus_is_visible(page: Page) -> bool:
    """Whether the focused element shows it: an outline or Bootstrap's focus ring (a shadow)."""
    return page.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
            return outline || style.boxShadow !== "none";
        }"""
    )


def tab_through(page: Page, selectors: list[str]) -> None:
    """Tab to the first control, then press Tab once per control: each is the next stop, in
    this order, and shows that it has the focus."""
    tab_to(page, selectors[0])
    for number, selector in enumerate(selectors):
        if number:
            page.keyboard.press("Tab")
        assert focused(page, selector), f"Tab stop {number + 1} is not {selector}"
        assert focus_is_visible(page), f"{selector} has the focus but does not show it"


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"{MAX_TABS} presses of Tab did not reach {selector}")


def choose_level_with_keys(page: Page, field: str, level: int) -> None:
    """Tab into the radio group `field` and move with the arrow keys until `level` is chosen.

    Tab lands on the group's checked radio ("No answer yet" on a new answer); the arrow keys
    move the choice and wrap around, as in every browser.
    """
    tab_to(page, f'input[name="{field}"]')
    group = page.locator(f'input[name="{field}"]')
    for _ in range(group.count()):
        if page.evaluate("() => document.activeElement.value") == str(level):
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator(f'input[name="{field}"][value="{level}"]')).to_be_checked()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as artifacts/screenshots/<name>.png."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def download_when_ready(page: Page, extension: str) -> Download:
    """On a document's progress page: wait for the worker (the page updates itself), then
    take the download it offers."""
    expect(page).to_have_url(re.compile(r"/documents/[0-9a-f-]+/$"))
    link = page.get_by_role("link", name=re.compile(rf"^Download .+\.{extension}$"))
    expect(link).to_be_visible(timeout=WORKER_PATIENCE)
    with page.expect_download() as download:
        link.click()
    return download.value
