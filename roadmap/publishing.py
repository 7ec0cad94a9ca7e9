"""Edition workflow: clone the published edition into a draft, and publish a draft.

Both are multi-model writes, so they are named atomic functions; admin actions call them.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from modeltranslation.utils import build_localized_fieldname

from roadmap.edition_structure import forget
from roadmap.languages import COLUMN_LANGUAGES
from roadmap.models import (
    Category,
    Challenge,
    Edition,
    Indicator,
    IndicatorLevel,
    LegalReference,
    Scale,
    ScaleLevel,
    Section,
)

NOT_A_DRAFT = gettext_noop("Only a draft edition can be published.")
NO_CATEGORIES = gettext_noop(
    "A published edition needs all four categories (Planning, Principles, Policy, Practices)."
)
NO_INDICATORS = gettext_noop("Category “%(category)s” has no indicators.")
INCOMPLETE_SCALE = gettext_noop(
    "Scale “%(scale)s” needs one level for each value from 0 to %(max)d."
)
STILL_NAMED_DRAFT = gettext_noop(
    "Rename the edition before publishing it: “draft” or “copy” is still in %(where)s, and every "
    "public page would show it. Give it its final name and code, e.g. “RSR framework, 2027 "
    "edition” and “2027”."
)
# "draft" or "copy" as a word of their own (case-insensitive): "2026-draft", "(draft copy)",
# "2026draft"; not "copyright" or "drafting".
DRAFT_WORDS = re.compile(r"(?<![a-z])(draft|copy)(?![a-z])", re.IGNORECASE)


def name_columns() -> list[tuple[str, str]]:
    """(language, column) of an edition's name in each language, English first."""
    return [(code, build_localized_fieldname("name", code)) for code in COLUMN_LANGUAGES]


def _free_code(base: str) -> str:
    code, n = base, 1
    while Edition.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def _copy_rows(rows, **changes):
    """Return unsaved copies of model instances with primary key cleared and fields changed."""
    copies = []
    for row in rows:
        row.pk = None
        row.id = None
        row._state.adding = True
        for field, value in changes.items():
            setattr(row, field, value(row) if callable(value) else value)
        copies.append(row)
    return copies


@transaction.atomic
def edition_clone(*, source: Edition, code: str = "", name: str = "") -> Edition:
    """Copy an edition's whole content into a new draft edition and return the draft."""
    # The name in each language it has, marked as a copy; a name typed for the draft is English.
    names = {
        column: f"{getattr(source, column)} (draft copy)"
        for _language, column in name_columns()
        if getattr(source, column)
    }
    draft = Edition.objects.create(
        code=code or _free_code(f"{source.code}-draft"),
        **({name_columns()[0][1]: name} if name else names),
        status=Edition.Status.DRAFT,
        based_on=source,
    )
    new = lambda _row: draft  # noqa: E731  every copied row moves to the draft

    scales = {s.pk: s for s in Scale.objects.filter(edition=source)}
    scale_map = _clone_by_pk(scales, edition=new)
    levels = ScaleLevel.objects.filter(scale__edition=source)
    ScaleLevel.objects.bulk_create(_copy_rows(levels, scale=lambda r: scale_map[r.scale_id]))

    categories = {c.pk: c for c in Category.objects.filter(edition=source)}
    category_map = _clone_by_pk(categories, edition=new)

    sections = {s.pk: s for s in Section.objects.filter(edition=source)}
    section_map = _clone_by_pk(
        sections, edition=new, category=lambda r: category_map[r.category_id]
    )

    indicators = {i.pk: i for i in Indicator.objects.filter(edition=source)}
    resource_links = _resource_ids_by_indicator(source)  # read before the rows are copied
    indicator_map = _clone_by_pk(
        indicators,
        edition=new,
        section=lambda r: section_map[r.section_id],
        scale=lambda r: scale_map[r.scale_id],
    )
    through = Indicator.resources.through
    through.objects.bulk_create(
        through(indicator=indicator_map[old_pk], resource_id=resource_id)
        for old_pk, ids in resource_links.items()
        for resource_id in ids
    )
    IndicatorLevel.objects.bulk_create(
        _copy_rows(
            IndicatorLevel.objects.filter(indicator__edition=source),
            indicator=lambda r: indicator_map[r.indicator_id],
        )
    )
    LegalReference.objects.bulk_create(
        _copy_rows(
            LegalReference.objects.filter(indicator__edition=source),
            indicator=lambda r: indicator_map[r.indicator_id],
        )
    )
    Challenge.objects.bulk_create(_copy_rows(Challenge.objects.filter(edition=source), edition=new))
    return draft


def _clone_by_pk(rows_by_pk: dict, **changes) -> dict:
    """Save a copy of each row (one by one, so each copy gets its key); map old pk to copy."""
    mapping = {}
    for old_pk, row in rows_by_pk.items():
        (copy,) = _copy_rows([row], **changes)
        copy.save()
        mapping[old_pk] = copy
    return mapping


def _resource_ids_by_indicator(edition: Edition) -> dict[int, list[int]]:
    links: dict[int, list[int]] = {}
    through = Indicator.resources.through
    for indicator_id, resource_id in through.objects.filter(indicator__edition=edition).values_list(
        "indicator_id", "resource_id"
    ):
        links.setdefault(indicator_id, []).append(resource_id)
    return links


def draft_word_problems(edition: Edition) -> list[str]:
    """Return a message when the edition's name or code still says draft or copy."""
    # Every language's name: the public pages show each reader theirs.
    named = [(_("name"), getattr(edition, column) or "") for _language, column in name_columns()]
    where = [
        _("its %(field)s “%(value)s”") % {"field": field, "value": value}
        for field, value in [*named, (_("code"), edition.code)]
        if DRAFT_WORDS.search(value)
    ]
    if not where:
        return []
    return [_(STILL_NAMED_DRAFT) % {"where": get_text_list(where, _("and"))}]


def edition_problems(edition: Edition) -> list[str]:
    """Return what prevents publishing the edition (empty when it can be published)."""
    problems = draft_word_problems(edition)
    categories = list(Category.objects.filter(edition=edition))
    if len(categories) != len(Category.Code):
        problems.append(_(NO_CATEGORIES))
    for category in categories:
        if not Indicator.objects.filter(section__category=category).exists():
            problems.append(_(NO_INDICATORS) % {"category": category.name})
    for scale in Scale.objects.filter(edition=edition).prefetch_related("levels"):
        values = sorted(level.value for level in scale.levels.all())
        if values != list(range(scale.max_value + 1)):
            problems.append(_(INCOMPLETE_SCALE) % {"scale": scale.name, "max": scale.max_value})
    return problems


@transaction.atomic
def edition_publish(*, edition: Edition) -> Edition:
    """Publish a complete draft; the edition published before it is retired.

    Retired editions keep their content: assessments pinned to them continue unchanged.
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status != Edition.Status.DRAFT:
        raise ValidationError(_(NOT_A_DRAFT))
    problems = edition_problems(edition)
    if problems:
        raise ValidationError(problems)
    # The retired edition's cached structure is keyed by its old status: unreachable from now
    # on, so drop it (a draft's structure is never cached).
    retiring = list(Edition.objects.published())
    transaction.on_commit(lambda: forget(retiring))
    Edition.objects.published().update(status=Edition.Status.RETIRED)
    edition.status = Edition.Status.PUBLISHED
    edition.published_at = timezone.now()
    edition.save(update_fields=["status", "published_at"])
    return edition
