"""System checks: can this machine make the PDF report, and will a worker get to make it?

Django runs them before `manage.py check`, `migrate` and `runserver`, so `make run` and a deploy
say what is missing when they start instead of a user finding out when they ask for a PDF.
The Debian packages named here are in group run of .ci/debian-packages.txt, which `make run`
checks (and installs, as root) before anything else.

The queue's check is a deployment check (`manage.py check --deploy`): with DEBUG off, a queue
in a folder of one machine, in memory, or rendering on the request is a configuration mistake.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from types import ModuleType

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import Error, Warning, register

TAG = "reports"
REPORT_CSS = "css/report.css"
PACKAGE_LIST = ".ci/debian-packages.txt"
LIBRARY_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
FONT_PACKAGES = "fonts-dejavu-core"
# The fonts for the scripts DejaVu lacks: Thai, and Arabic set in its own fonts (report.css
# names them after DejaVu, and first in an Arabic document).
SCRIPT_FONTS = ("Noto Serif Thai", "Noto Sans Thai", "Noto Naskh Arabic", "Noto Sans Arabic")
SCRIPT_FONT_PACKAGES = "fonts-noto-core"
# The first family of each `font-family` declaration is the font the report is designed in;
# the others are fallbacks for a machine without it.
FIRST_FAMILY = re.compile(r"font-family\s*:\s*(?:\"([^\"]+)\"|'([^']+)'|([^,;\"']+))")


def apt_hint(packages: str) -> str:
    return (
        f"On Debian or Ubuntu: sudo apt-get install -y {packages} "
        f"(every package the project needs is listed in {PACKAGE_LIST}; "
        "`make run` run as root installs them)."
    )


def load_weasyprint() -> ModuleType:
    """Import WeasyPrint's bindings to its C libraries; raises OSError when one is missing."""
    with warnings.catch_warnings():
        # The warning about HarfBuzz-Subset is turned into a check warning below.
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint.text import ffi
    return ffi


def report_font_families(css: str | None = None) -> list[str]:
    """The font families the report is set in, from its stylesheet, in order of appearance."""
    if css is None:
        css = Path(finders.find(REPORT_CSS)).read_text(encoding="utf-8")
    families = []
    for match in FIRST_FAMILY.finditer(css):
        family = next(group for group in match.groups() if group).strip()
        if family not in families:
            families.append(family)
    return families


def installed_font_families(ffi_module: ModuleType) -> set[str]:
    """The font families fontconfig knows, through the same library WeasyPrint uses."""
    ffi, fontconfig = ffi_module.ffi, ffi_module.fontconfig
    config = fontconfig.FcInitLoadConfigAndFonts()
    families: set[str] = set()
    try:
        fonts = fontconfig.FcConfigGetFonts(config, 0)  # FcSetSystem: the installed fonts
        value = ffi.new("FcChar8 **")
        for i in range(fonts.nfont if fonts != ffi.NULL else 0):
            n = 0  # A font may have several family names (localised ones among them).
            while fontconfig.FcPatternGetString(fonts.fonts[i], b"family", n, value) == 0:
                families.add(ffi.string(value[0]).decode("utf-8", "replace").casefold())
                n += 1
    finally:
        fontconfig.FcConfigDestroy(config)
    return families


@register(TAG)
def check_pdf_report(app_configs=None, **kwargs) -> list[Warning | Error]:
    """WeasyPrint loads its libraries, font subsetting works and the report fonts are there."""
    try:
        ffi_module = load_weasyprint()
    except (OSError, ImportError) as error:
        return [
            Error(
                "PDF reports cannot be made: WeasyPrint cannot load the libraries it needs "
                f"(Pango, HarfBuzz, fontconfig). The error was: {error}",
                hint=apt_hint(f"{LIBRARY_PACKAGES} {FONT_PACKAGES}"),
                id="roadmap.E001",
            )
        ]
    problems: list[Warning | Error] = []
    if ffi_module.harfbuzz_subset is None:
        problems.append(
            Warning(
                "The HarfBuzz subset library is missing: PDF reports embed whole fonts (much "
                "larger files), and future WeasyPrint versions will refuse to run without it.",
                hint=apt_hint("libharfbuzz-subset0"),
                id="roadmap.W002",
            )
        )
    installed = installed_font_families(ffi_module)
    design = [f for f in report_font_families() if f not in SCRIPT_FONTS]
    missing = [f for f in design if f.casefold() not in installed]
    if missing:
        problems.append(
            Warning(
                f"The fonts of the PDF report are not installed: {', '.join(missing)}. "
                "Reports would be set in whatever fonts the machine has instead.",
                hint=apt_hint(FONT_PACKAGES),
                id="roadmap.W003",
            )
        )
    missing_scripts = [f for f in SCRIPT_FONTS if f.casefold() not in installed]
    if missing_scripts:
        problems.append(
            Warning(
                f"The fonts for Thai and Arabic documents are not installed: "
                f"{', '.join(missing_scripts)}. Their text would print as empty boxes.",
                hint=apt_hint(SCRIPT_FONT_PACKAGES),
                id="roadmap.W004",
            )
        )
    return problems


QUEUE_HINT = (
    "Set REDIS_URL (or CELERY_BROKER_URL) to the Redis server that every app server and worker "
    "share (docs/deploy.md)."
)


@register(TAG, deploy=True)
def check_queue(app_configs=None, **kwargs) -> list[Warning]:
    """With DEBUG off, documents go through a broker that every machine shares, to a worker."""
    if settings.DEBUG:
        return []
    problems = []
    broker = settings.CELERY_BROKER_URL
    if broker.startswith("filesystem:"):
        problems.append(
            Warning(
                f"Reports are queued in a folder of this machine ({settings.QUEUE_DIR}, the "
                "development default): workers on other machines never see them.",
                hint=QUEUE_HINT,
                id="roadmap.W010",
            )
        )
    elif broker.startswith("memory:"):
        problems.append(
            Warning(
                "Reports are queued in this process's memory (memory://): no worker gets them.",
                hint=QUEUE_HINT,
                id="roadmap.W011",
            )
        )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        problems.append(
            Warning(
                "DOCUMENTS_EAGER is on: reports are rendered on the web request, holding an "
                "app server process for as long as a render takes.",
                hint="Leave DOCUMENTS_EAGER unset in production and run workers.",
                id="roadmap.W012",
            )
        )
    return problems
