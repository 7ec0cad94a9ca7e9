"""Give an edition a new content version whenever content that search shows changes, or the
framework structure that scoring reads (roadmap.edition_structure: scales and their levels too),
or the level wording that section pages show (indicator levels too).

Admin edits, fixture loading and deletions all go through save() and delete(), which send these
signals. QuerySet.update() and bulk_create() do not: code that changes searched content with
them must call touch_edition() itself (edition_clone needs not: a new edition has a new version).

A fixture load saves "raw", and Django asks receivers not to touch other rows then; nor is there
a need: each edition in the fixture gets a new version from its own save (the fixture leaves the
field out), and load_framework renews every edition once when it is done, where touching on each
of its thousand saves took 40 % of its time.
"""

from __future__ import annotations

import uuid

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from roadmap.models import (
    Category,
    Edition,
    Indicator,
    IndicatorLevel,
    Instrument,
    LegalReference,
    Resource,
    Scale,
    ScaleLevel,
    Section,
)


def touch_edition(edition_id: int) -> None:
    """Mark one edition's content as changed."""
    Edition.objects.filter(pk=edition_id).update(content_version=uuid.uuid4())


def touch_all_editions() -> None:
    """Mark every edition as changed: instruments and guides are shared by all editions."""
    Edition.objects.update(content_version=uuid.uuid4())


@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Section)
@receiver([post_save, post_delete], sender=Indicator)
@receiver([post_save, post_delete], sender=Scale)
def edition_content_changed(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    touch_edition(instance.edition_id)


@receiver([post_save, post_delete], sender=LegalReference)
def reference_changed(sender, instance: LegalReference, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    edition_ids = Indicator.objects.filter(pk=instance.indicator_id).values("edition_id")
    Edition.objects.filter(pk__in=edition_ids).update(content_version=uuid.uuid4())


@receiver([post_save, post_delete], sender=ScaleLevel)
def scale_level_changed(sender, instance: ScaleLevel, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    edition_ids = Scale.objects.filter(pk=instance.scale_id).values("edition_id")
    Edition.objects.filter(pk__in=edition_ids).update(content_version=uuid.uuid4())


@receiver([post_save, post_delete], sender=IndicatorLevel)
def indicator_level_changed(sender, instance: IndicatorLevel, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    edition_ids = Indicator.objects.filter(pk=instance.indicator_id).values("edition_id")
    Edition.objects.filter(pk__in=edition_ids).update(content_version=uuid.uuid4())


@receiver([post_save, post_delete], sender=Instrument)
@receiver([post_save, post_delete], sender=Resource)
def shared_content_changed(sender, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    touch_all_editions()


@receiver(m2m_changed, sender=Indicator.resources.through)
def indicator_resources_changed(sender, instance, action: str, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Indicator):
        touch_edition(instance.edition_id)
    else:
        touch_all_editions()
