"""Give an edition a new content version whenever content that search shows changes.

Admin edits, fixture loading and deletions all go through save() and delete(), which send these
signals. QuerySet.update() and bulk_create() do not: code that changes searched content with
them must call touch_edition() itself (edition_clone needs not: a new edition has a new version).
"""

from __future__ import annotations

import uuid

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from roadmap.models import (
    Category,
    Edition,
    Indicator,
    Instrument,
    LegalReference,
    Resource,
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
def edition_content_changed(sender, instance, **kwargs) -> None:
    touch_edition(instance.edition_id)


@receiver([post_save, post_delete], sender=LegalReference)
def reference_changed(sender, instance: LegalReference, **kwargs) -> None:
    edition_ids = Indicator.objects.filter(pk=instance.indicator_id).values("edition_id")
    Edition.objects.filter(pk__in=edition_ids).update(content_version=uuid.uuid4())


@receiver([post_save, post_delete], sender=Instrument)
@receiver([post_save, post_delete], sender=Resource)
def shared_content_changed(sender, **kwargs) -> None:
    touch_all_editions()


@receiver(m2m_changed, sender=Indicator.resources.through)
def indicator_resources_changed(sender, instance, action: str, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Indicator):
        touch_edition(instance.edition_id)
    else:
        touch_all_editions()
