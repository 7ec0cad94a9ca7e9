"""Progress of an assessment: answered / applicable counts per category and section.

Reads in a fixed number of queries whatever the framework size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessments.models import Assessment
from roadmap.models import Category, Section


@dataclass
class Count:
    answered: int = 0
    applicable: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.applicable) if self.applicable else 100

    @property
    def complete(self) -> bool:
        return self.answered >= self.applicable


@dataclass
class SectionProgress(Count):
    section: Section | None = None


@dataclass
class CategoryProgress(Count):
    category: Category | None = None
    sections: list[SectionProgress] = field(default_factory=list)


@dataclass
class Progress(Count):
    categories: list[CategoryProgress] = field(default_factory=list)

    def neighbours(self, section: Section) -> tuple[Section | None, Section | None]:
        """Return the sections before and after this one, in framework order."""
        order = [item.section for group in self.categories for item in group.sections]
        index = next(i for i, s in enumerate(order) if s.pk == section.pk)
        before = order[index - 1] if index > 0 else None
        after = order[index + 1] if index + 1 < len(order) else None
        return before, after

    @property
    def next_section(self) -> Section | None:
        """The first section, in framework order, with an applicable unanswered indicator."""
        for category in self.categories:
            for section in category.sections:
                if not section.complete:
                    return section.section
        return None


def assessment_progress(assessment: Assessment) -> Progress:
    """Count answered and applicable indicators per section and category (3 queries)."""
    applicable = list(assessment.applicable_indicators().values_list("pk", "section_id"))
    answered = set(assessment.answers.complete().values_list("indicator_id", flat=True))
    sections = (
        Section.objects.filter(edition=assessment.edition)
        .select_related("category")
        .order_by("category__position", "position")
    )
    per_section = {s.pk: SectionProgress(section=s) for s in sections}
    for indicator_id, section_id in applicable:
        item = per_section[section_id]
        item.applicable += 1
        item.answered += indicator_id in answered
    progress = Progress()
    by_category: dict[int, CategoryProgress] = {}
    for item in per_section.values():
        category = item.section.category
        if category.pk not in by_category:
            by_category[category.pk] = CategoryProgress(category=category)
            progress.categories.append(by_category[category.pk])
        group = by_category[category.pk]
        group.sections.append(item)
        group.answered += item.answered
        group.applicable += item.applicable
    progress.answered = sum(c.answered for c in progress.categories)
    progress.applicable = sum(c.applicable for c in progress.categories)
    return progress
