"""Right to left: one stylesheet for both directions, and data kept whole in Arabic sentences
(docs/translation.md, "Right to left"; the browser checks are tests/e2e/test_rtl.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from roadmap.templatetags.direction import bdi

# The page's stylesheets. report.css is the PDF's (WeasyPrint), which sets its own direction.
PAGE_CSS = ["site", "plans", "plan-timeline", "practices", "regional", "error"]
# Physical sides that Bootstrap's RTL build cannot mirror in our own rules.
PHYSICAL = re.compile(
    r"(?<![\w-])(margin|padding|border)-(left|right)(-\w+)?\s*:"
    r"|(?<![\w-])(left|right)\s*:"
    r"|\bfloat\s*:\s*(left|right)"
    r"|\btext-align\s*:\s*(left|right)"
    r"|\bclear\s*:\s*(left|right)"
    r"|\bbackground-position(-x)?\s*:[^;]*\b(left|right)\b"
)


@pytest.mark.parametrize("name", PAGE_CSS)
def test_the_page_stylesheets_use_logical_sides_only(name):
    css = (Path(settings.BASE_DIR) / "static" / "css" / f"{name}.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = [m.group(0) for m in PHYSICAL.finditer(css)]
    assert found == [], f"{name}.css: use inline-start/end instead of {found}"


def test_bdi_isolates_a_value_and_escapes_it():
    assert bdi("Dara Focal (demo)") == "<bdi>Dara Focal (demo)</bdi>"
    assert bdi("<b>x</b>@example.org") == "<bdi>&lt;b&gt;x&lt;/b&gt;@example.org</bdi>"
    assert bdi("") == ""
    assert bdi(None) == ""


def test_bdi_leaves_the_sentence_and_its_message_id_alone():
    template = Template(
        "{% load i18n direction %}"
        "{% blocktranslate with who=name|bdi %}Changed by {{ who }}.{% endblocktranslate %}"
    )
    html = template.render(Context({"name": "Kim <K>"}))
    assert html == "Changed by <bdi>Kim &lt;K&gt;</bdi>."
