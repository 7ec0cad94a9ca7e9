"""Reading answer history (django-simple-history) for display."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Answer, Assessment
from assessments.questionnaires.models import WorkbookImport

SHOWN_FIELDS = {
    "level": gettext_lazy("level"),
    "not_applicable": gettext_lazy("not applicable"),
    "na_justification": gettext_lazy("justification"),
    "evidence": gettext_lazy("evidence"),
    "evidence_links": gettext_lazy("links"),
    "comment": gettext_lazy("comment"),
}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class Change:
    who: str
    when: datetime
    changes: list[FieldChange]
    created: bool
    source: str = ""  # where the change came from, e.g. a workbook upload


def _display(name: str, value: object, labels: dict[int, str]) -> object:
    """Show a level with its label ("2 Developing") and a flag as yes/no."""
    if name == "level" and value is not None:
        return f"{value} {labels.get(value, '')}".strip()
    if name == "not_applicable":
        return _("yes") if value else _("no")
    return value


def answer_changes(answer: Answer) -> list[Change]:
    """Return the answer's changes, newest first, each with old and new value per field."""
    labels = {level.value: level.label for level in answer.indicator.level_descriptors()}
    records = list(answer.history.order_by("history_date"))
    uploads = WorkbookImport.objects.named_by(r.history_change_reason for r in records)
    result = []
    previous = None
    for record in records:
        if previous is None:
            fields = [
                FieldChange(label, None, _display(name, getattr(record, name), labels))
                for name, label in SHOWN_FIELDS.items()
                if getattr(record, name) not in (None, "", False)
            ]
        else:
            delta = record.diff_against(previous, included_fields=list(SHOWN_FIELDS))
            fields = [
                FieldChange(
                    SHOWN_FIELDS[c.field],
                    _display(c.field, c.old, labels),
                    _display(c.field, c.new, labels),
                )
                for c in delta.changes
            ]
        result.append(
            Change(
                who=record.updated_by_name or "—",
                when=record.history_date,
                changes=fields,
                created=previous is None,
                source=_source(uploads.get(record.history_change_reason or "")),
            )
        )
        previous = record
    return list(reversed(result))


def _source(upload: WorkbookImport | None) -> str:
    if upload is None:
        return ""
    return _("from the workbook %(file)s uploaded by %(who)s") % {
        "file": upload.file_name,
        "who": upload.uploaded_by_name or "—",
    }


def recent_changes(assessment: Assessment, limit: int = 8):
    """The latest answer changes of an assessment (who changed which indicator, when)."""
    return (
        Answer.history.filter(assessment_id=assessment.pk)
        .select_related("indicator")
        .order_by("-history_date")[:limit]
    )
