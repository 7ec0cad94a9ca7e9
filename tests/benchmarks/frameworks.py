"""The frameworks the benchmark measures on, built from the reference framework (fixtures/).

- `bench_edition`: the reference framework plus one section of 20 real indicators (their
  questions, guidance, level descriptors, legal references and resources copied), published.
  The reference has no section that large; the section page's figures are for this one.
- `enlarged_edition`: the reference framework with every section copied `factor - 1` times, so
  that a report is `factor` times longer (four times: the report size the issue asks about).

Both run inside Django (the in-process figures, and the production profile's seed through
`manage.py shell`).
"""

from __future__ import annotations

from collections.abc import Callable

BENCH_SECTION = "POL.BENCH"
SECTION_SIZE = 20


def copy_indicators(indicators, *, section, code: Callable[[int], str]) -> list:
    """Copy indicators, their levels, legal references and resources into `section`.

    The n-th copy (from 1) gets the code `code(n)` and position n.
    """
    from roadmap.models import IndicatorLevel, LegalReference

    copies = []
    for n, source in enumerate(indicators, start=1):
        levels = list(source.levels.all())
        references = list(source.legal_references.all())
        resources = list(source.resources.all())
        source.pk = source.id = None
        source._state.adding = True
        source.edition_id, source.section = section.edition_id, section
        source.code, source.position = code(n), n
        source.save()
        for row in (*levels, *references):
            row.pk = row.id = None
            row._state.adding = True
            row.indicator = source
        IndicatorLevel.objects.bulk_create(levels)
        LegalReference.objects.bulk_create(references)
        source.resources.set(resources)
        copies.append(source)
    return copies


def bench_edition():
    """Publish the reference framework plus a 20-indicator section; return (edition, section)."""
    from roadmap.models import Category, Edition, Indicator, Section
    from roadmap.publishing import edition_clone, edition_publish

    reference = Edition.objects.current()
    edition = edition_clone(source=reference, code="bench", name="Benchmark edition")
    category = Category.objects.get(edition=edition, code="POL")
    section = Section.objects.create(
        edition=edition,
        category=category,
        code=BENCH_SECTION,
        position=99,
        title="Twenty indicators",
        description="Copies of the framework's first policy indicators, for the benchmark.",
        pillar="protection",
    )
    sources = Indicator.objects.filter(section__category=category).exclude(section=section)
    copy_indicators(
        sources.order_by("section__position", "position")[:SECTION_SIZE],
        section=section,
        code=lambda n: f"{BENCH_SECTION}.{n}",
    )
    return edition_publish(edition=edition), section


def enlarged_edition(source, factor: int):
    """A retired edition with `factor` copies of every section of `source`; return it."""
    from roadmap.models import Edition, Indicator, Section
    from roadmap.publishing import edition_clone

    edition = edition_clone(source=source, code=f"x{factor}", name=f"Reference x {factor}")
    originals = list(Section.objects.filter(edition=edition))
    for copy in range(2, factor + 1):
        for original in originals:
            indicators = list(Indicator.objects.filter(section=original).order_by("position"))
            section = Section.objects.create(
                edition=edition,
                category_id=original.category_id,
                code=f"{original.code}.X{copy}",
                position=original.position + 100 * (copy - 1),
                title=f"{original.title} ({copy})",
                description=original.description,
                pillar=original.pillar,
            )
            copy_indicators(indicators, section=section, code=lambda n, s=section.code: f"{s}.{n}")
    # Assessments on older editions go on; the new one must not replace the published one.
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.RETIRED)
    return edition
