"""Build POST data for a section page the way a browser would send it."""

from __future__ import annotations

from assessments.forms import AnswerForm
from assessments.models import Answer, Assessment
from roadmap.models import Section


def section_post(assessment: Assessment, section: Section, changes: dict | None = None) -> dict:
    """POST data for every indicator of the section as currently saved, with `changes` applied.

    changes maps an indicator code to a dict of field values (e.g. {"level": 2}).
    """
    changes = changes or {}
    data: dict[str, object] = {}
    for indicator in section.indicators.all():
        answer = Answer.objects.filter(assessment=assessment, indicator=indicator).first()
        initial = AnswerForm.initial_for(answer)
        values = {**initial, **changes.get(indicator.code, {})}
        prefix = f"ind-{indicator.pk}-"
        for name, value in values.items():
            if name == "not_applicable":
                if value:
                    data[prefix + name] = "on"
            elif value is None:
                data[prefix + name] = ""
            else:
                data[prefix + name] = value
    return data
