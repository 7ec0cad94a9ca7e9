"""Build the section page: one answer form per applicable indicator, with what it shows.

A section page has about a hundred form fields. They are shown from plain values (`FieldView`)
by `assessments.answer_widgets`, never through Django's BoundField and widget templates, whose
per-field cost was most of the page's server time; on a GET no form is even built unless
something asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy

from assessments import answer_widgets as widgets
from assessments.answer_widgets import FieldSpec, FieldView, field_specs
from assessments.answering import Conflict
from assessments.evidence.models import EvidenceFile
from assessments.forms import AnswerForm
from assessments.models import Answer, Assessment, fingerprint
from assessments.progress import CategoryProgress, Progress
from assessments.section_content import IndicatorContent
from roadmap.languages import fallbacks_of
from roadmap.models import Section

# The text boxes of an answer; "not_applicable" and its reason sit in a box of their own.
TEXT_FIELDS = ("evidence", "evidence_links", "comment", "na_justification")
NO_ANSWER = gettext_lazy("No answer yet")


class Item:
    """One indicator on the page: its answer, its controls (if editable) and its context.

    `form` is the AnswerForm; on a GET it is built only if something asks for it (tests do):
    the page shows `fields` and `controls`, plain values and the markup made of them.
    """

    def __init__(
        self,
        indicator: IndicatorContent,
        answer: Answer | None,
        applies: bool,
        *,
        specs: dict[str, FieldSpec],
        form: AnswerForm | None = None,
        initial: dict[str, object] | None = None,
        conflict: Conflict | None = None,
        history_url: str = "",
        files: list[EvidenceFile] | None = None,
        files_url: str = "",
    ) -> None:
        self.indicator = indicator
        self.answer = answer
        self.applies = applies
        self.conflict = conflict
        self.history_url = history_url  # the answer's history page
        self.files = files or []  # the evidence files attached to the answer now
        self.files_url = files_url  # the answer's files page (attach, remove, purge)
        self._initial = initial
        self.editable = form is not None or initial is not None
        self.errors: dict[str, list[str]] = {}
        self.fields: dict[str, FieldView] = {}
        if form is not None:
            self.form = form
            self.errors = form.errors
            values = {name: form[name].value() for name in specs}
            self.fields = _field_views(indicator, values, self.errors, specs)
        elif initial is not None:
            self.fields = _field_views(indicator, initial, {}, specs)

    @cached_property
    def form(self) -> AnswerForm | None:
        """The answer form, built on first use for a GET; None when the item is read-only."""
        if self._initial is None:
            return None
        return AnswerForm(indicator=self.indicator, initial=self._initial)

    @property
    def non_field_errors(self) -> list[str]:
        return self.errors.get("__all__", [])

    @cached_property
    def controls(self) -> dict[str, str]:
        """The markup of each control, by field name ("level": every level choice)."""
        fields = self.fields
        controls = {
            "level": widgets.level_choices(fields["level"], self.indicator.choices, str(NO_ANSWER)),
            "hidden": widgets.hidden(fields["version"], fields["loaded"]),
            "not_applicable": widgets.check_box(fields["not_applicable"]),
        }
        for name in TEXT_FIELDS:
            controls[name] = widgets.text_box(fields[name])
        return controls


def _field_views(
    indicator: IndicatorContent,
    values: dict[str, object],
    errors: dict[str, list[str]],
    specs: dict[str, FieldSpec],
) -> dict[str, FieldView]:
    prefix = f"ind-{indicator.pk}-"
    views = {
        name: FieldView(spec, prefix + name, values.get(name), tuple(errors.get(name, ())))
        for name, spec in specs.items()
    }
    level = views["level"]
    views["level"] = FieldView(level.spec, level.name, _level(level.value), level.errors)
    return views


def _level(value: object) -> object:
    """The chosen level as the choices' values (int), whether saved (int) or sent (text)."""
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return value  # matches no choice: none is shown as chosen, as the browser sent it


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary: which indicator, what is wrong, where to fix it."""

    target: str  # the id of the field (or, for errors of the whole answer, of its card)
    indicator: IndicatorContent
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


def answers_for(assessment: Assessment, indicators: list[IndicatorContent]) -> dict[int, Answer]:
    answers = Answer.objects.filter(
        assessment=assessment, indicator_id__in=[i.pk for i in indicators]
    )
    return {a.indicator_id: a for a in answers}


def files_for(
    assessment: Assessment, indicators: list[IndicatorContent]
) -> dict[int, list[EvidenceFile]]:
    """The files attached to the section's answers, by indicator pk (one query)."""
    files: dict[int, list[EvidenceFile]] = {}
    for file in EvidenceFile.objects.attached().filter(
        assessment=assessment, indicator_id__in=[i.pk for i in indicators]
    ):
        files.setdefault(file.indicator_id, []).append(file)
    return files


def bound_forms(
    assessment: Assessment, indicators: list[IndicatorContent], data: QueryDict
) -> dict[int, AnswerForm]:
    """The answer forms of the applicable indicators, bound to what the user sent."""
    return {
        indicator.pk: AnswerForm(data, indicator=indicator)
        for indicator in indicators
        if assessment.applies(indicator)
    }


def build_items(
    assessment: Assessment,
    indicators: list[IndicatorContent],
    answers: dict[int, Answer],
    *,
    editable: bool,
    forms: dict[int, AnswerForm] | None = None,
    conflicts: dict[int, Conflict] | None = None,
) -> list[Item]:
    """Return the page's items: with `forms` (bound) when given, else filled from saved answers."""
    conflicts = conflicts or {}
    specs = field_specs()
    history = code_urls("answer-history", assessment.pk)
    files_url = code_urls("evidence-files", assessment.pk)
    files = files_for(assessment, indicators)
    items = []
    for indicator in indicators:
        answer = answers.get(indicator.pk)
        applies = assessment.applies(indicator)
        conflict = conflicts.get(indicator.pk)
        kwargs: dict[str, object] = {}
        if editable and applies:
            if conflict is not None:
                kwargs["form"] = _conflict_form(conflict)
            elif forms is not None:
                kwargs["form"] = forms[indicator.pk]
            else:
                kwargs["initial"] = AnswerForm.initial_for(answer)
        items.append(
            Item(
                indicator,
                answer,
                applies,
                specs=specs,
                conflict=conflict,
                history_url=history(indicator.code),
                files=files.get(indicator.pk),
                files_url=files_url(indicator.code),
                **kwargs,
            )
        )
    return items


def _conflict_form(conflict: Conflict) -> AnswerForm:
    """The user's own values, now measured against the newer saved answer."""
    theirs = conflict.theirs
    initial = {**conflict.mine, "version": theirs.version, "loaded": fingerprint(theirs.values())}
    return AnswerForm(indicator=conflict.indicator, initial=initial, conflict=True)


@dataclass(frozen=True)
class MenuLink:
    """One section in the page's section menu."""

    url: str
    title: str
    current: bool
    complete: bool
    status: str  # "✓" when complete, else "answered/total"
    fallbacks: frozenset[str] = frozenset()  # {"title"} when it shows English (framework_text)


def section_menu(
    assessment: Assessment, progress: Progress, current: Section
) -> list[tuple[CategoryProgress, list[MenuLink]]]:
    """Every category with the links to its sections and their counts, ready to show.

    Built here rather than in the template: the reference framework has 50 sections, and
    their links and counts were a third of the page's rendering time.
    """
    url = code_urls("assessment-section", assessment.pk)
    return [
        (
            group,
            [
                MenuLink(
                    url(item.section.code),
                    item.section.title,
                    item.section.pk == current.pk,
                    item.complete,
                    "✓" if item.complete else f"{item.answered}/{item.total}",
                    fallbacks_of(title=(item.section, "title")),
                )
                for item in group.sections
            ],
        )
        for group in progress.categories
    ]


CODE = "CODE"


def code_urls(name: str, pk: int) -> Callable[[str], str]:
    """The addresses of the URL `name` of one assessment for any framework code, reversed once.

    `name` takes the assessment's pk and a code, last. Codes are upper-case letters, digits and
    dots (roadmap's code_validator); quoting keeps anything else from breaking the address.
    """
    before, after = reverse(name, args=[pk, CODE]).rsplit(CODE, 1)
    return lambda code: f"{before}{quote(code, safe='')}{after}"
