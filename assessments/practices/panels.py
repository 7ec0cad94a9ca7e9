"""The practices library's panel on the framework's indicator pages ("what member states have
done"), registered in AssessmentsConfig.ready() through roadmap.extensions."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from assessments.practices.browse import public_entries


def indicator_panel(indicator, request=None) -> SafeString:
    """The published entries linked to the indicator's code (codes are stable across editions,
    so a preview of another edition shows them too). One query."""
    entries = public_entries().filter(indicators__indicator_code=indicator.code)
    return render_to_string(
        "practices/_indicator_panel.html",
        {"entries": list(entries), "indicator": indicator},
        request=request,
    )
