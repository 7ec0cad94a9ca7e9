"""Progress of an assessment: answered indicators per section and category, where to go next.

The counts are `assessments.scoring.Count`, the same definition the scores use: "answered" is a
level or not applicable, out of the indicators that apply to the country profile. Reads one
query (the answers) whatever the framework size, once the edition's structure is cached
(`roadmap.edition_structure`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessments.models import Answer, Assessment
from assessments.scoring import AnswerInput, Count, answer_input
from roadmap.edition_structure import edition_structure
from roadmap.models import Category, Indicator, Section


@dataclass(frozen=True)
class SectionProgress(Count):
    section: Section | None = None


@dataclass(frozen=True)
class CategoryProgress(Count):
    category: Category | None = None
    sections: list[SectionProgress] = field(default_factory=list)


@dataclass(frozen=True)
class Progress(Count):
    categories: list[CategoryProgress] = field(default_factory=list)

    @property
    def sections(self) -> list[Section]:
        """Every section of the edition, in framework order."""
        return [item.section for group in self.categories for item in group.sections]

    def neighbours(self, section: Section) -> tuple[Section | None, Section | None]:
        """The sections before and after this one in framework order (None at either end)."""
        order = self.sections
        index = [s.pk for s in order].index(section.pk)
        before = order[index - 1] if index > 0 else None
        after = order[index + 1] if index + 1 < len(order) else None
        return before, after

    def next_section(self) -> Section | None:
        """The first section, in framework order, with an unanswered indicator.

        A method, not a property, so that mutation testing reaches it (mutmut skips properties);
        templates call it all the same: `progress.next_section.code`.
        """
        for category in self.categories:
            for item in category.sections:
                if not item.complete:
                    return item.section
        return None


def assessment_progress(assessment: Assessment) -> Progress:
    """Count answered indicators per section and category (1 query, and the edition's structure).

    The sections, and which indicators each holds, come from the edition's cached structure
    (`roadmap.edition_structure`: read once per content version for editions in use).
    """
    structure = edition_structure(assessment.edition)
    critical = {indicator.pk: indicator.critical for indicator in structure.indicators}
    answers = {
        pk: answer_input(level, not_applicable, critical=critical.get(pk, False))
        for pk, level, not_applicable in assessment.answers.values_list(
            "indicator_id", "level", "not_applicable"
        )
    }
    members: dict[int, list[AnswerInput | None]] = {s.pk: [] for s in structure.sections}
    for indicator in structure.indicators:
        if assessment.applies(indicator):
            members[indicator.section_id].append(answers.get(indicator.pk))
    grouped: dict[int, list[SectionProgress]] = {}
    for section in structure.sections:
        item = SectionProgress(**Count.of(members[section.pk]).counts(), section=section)
        grouped.setdefault(section.category_id, []).append(item)
    categories = [
        CategoryProgress(
            **Count.sum(items).counts(), category=items[0].section.category, sections=items
        )
        for items in grouped.values()
    ]
    return Progress(**Count.sum(categories).counts(), categories=categories)


def assessments_answered(assessments: list[Assessment]) -> dict[int, Count]:
    """Each assessment's overall count by pk, as `assessment_progress` counts it (the list of
    assessments shows one per row): two queries, whatever the number of assessments."""
    editions = {a.edition_id for a in assessments}
    indicators = list(
        Indicator.objects.filter(edition_id__in=editions).only(
            "edition_id", "applies_to_origin", "applies_to_transit", "applies_to_destination"
        )
    )
    given: dict[int, dict[int, AnswerInput]] = {a.pk: {} for a in assessments}
    for assessment_id, indicator_id, level, not_applicable, critical in Answer.objects.filter(
        assessment__in=[a.pk for a in assessments]
    ).values_list(
        "assessment_id", "indicator_id", "level", "not_applicable", "indicator__critical"
    ):
        given[assessment_id][indicator_id] = answer_input(level, not_applicable, critical=critical)
    return {
        a.pk: Count.of(
            given[a.pk].get(i.pk)
            for i in indicators
            if i.edition_id == a.edition_id and a.applies(i)
        )
        for a in assessments
    }
