"""Build the section page: one answer form per applicable indicator, with what it shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

from assessments.answering import Conflict
from assessments.forms import AnswerForm
from assessments.models import Answer, Assessment, fingerprint
from roadmap.models import Indicator, Section


@dataclass
class Item:
    """One indicator on the page: its form (or, read-only, its answer) and its context."""

    indicator: Indicator
    answer: Answer | None
    form: AnswerForm | None
    applies: bool
    conflict: Conflict | None = None


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary: which indicator, what is wrong, where to fix it."""

    target: str  # the id of the field (or, for errors of the whole answer, of its card)
    indicator: Indicator
    message: str


# Fields the page shows with an id of their own, in the order they appear on a card; errors of
# anything else (the whole answer, hidden fields) link to the indicator's card and come last.
LINKED_FIELDS = (
    "resolution",
    "level",
    "evidence",
    "evidence_links",
    "comment",
    "not_applicable",
    "na_justification",
)


def error_links(items: list[Item]) -> list[ErrorLink]:
    """Every error on the page, in page order, each linked to the field to correct."""
    links = []
    for item in items:
        form = item.form
        if form is None or not form.errors:
            continue
        for name, messages in sorted(form.errors.items(), key=lambda error: _place(error[0])):
            target = form[name].auto_id if name in LINKED_FIELDS else item.indicator.code
            links += [ErrorLink(target, item.indicator, message) for message in messages]
    return links


def _place(name: str) -> int:
    return LINKED_FIELDS.index(name) if name in LINKED_FIELDS else len(LINKED_FIELDS)


def section_indicators(assessment: Assessment, section: Section) -> list[Indicator]:
    return list(section.indicators.with_details().order_by("position"))


def answers_for(assessment: Assessment, indicators: list[Indicator]) -> dict[int, Answer]:
    answers = Answer.objects.filter(
        assessment=assessment, indicator_id__in=[i.pk for i in indicators]
    )
    return {a.indicator_id: a for a in answers}


def build_items(
    assessment: Assessment,
    indicators: list[Indicator],
    answers: dict[int, Answer],
    *,
    editable: bool,
    data: QueryDict | None = None,
    conflicts: dict[int, Conflict] | None = None,
) -> list[Item]:
    """Return the page's items; bound to `data` when given, else filled from saved answers."""
    conflicts = conflicts or {}
    items = []
    for indicator in indicators:
        answer = answers.get(indicator.pk)
        applies = assessment.applies(indicator)
        form = None
        if editable and applies:
            conflict = conflicts.get(indicator.pk)
            if conflict is not None:
                # Show the user's own values, now measured against the newer saved answer.
                theirs = conflict.theirs
                initial = {
                    **conflict.mine,
                    "version": theirs.version,
                    "loaded": fingerprint(theirs.values()),
                }
                form = AnswerForm(indicator=indicator, initial=initial, conflict=True)
            elif data is not None:
                form = AnswerForm(data, indicator=indicator)
            else:
                form = AnswerForm(indicator=indicator, initial=AnswerForm.initial_for(answer))
        items.append(Item(indicator, answer, form, applies, conflicts.get(indicator.pk)))
    return items
