"""Framework data dumps with natural keys and loads back into an empty database unchanged."""

from __future__ import annotations

import io
import json

import pytest
from django.core import serializers
from django.core.management import call_command

from roadmap.models import (
    Category,
    Challenge,
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
from tests.factories import ResourceFactory, complete_edition

pytestmark = pytest.mark.django_db

FRAMEWORK_MODELS = [
    Edition,
    Scale,
    ScaleLevel,
    Category,
    Section,
    Instrument,
    Resource,
    Indicator,
    IndicatorLevel,
    LegalReference,
    Challenge,
]


# Not content: Edition.content_version is a cache key that every load renews on purpose
# (roadmap/search/signals.py), so that no cached search index outlives the content it indexes.
NOT_CONTENT = {"content_version"}


def snapshot() -> dict[str, list]:
    """Return every framework row as natural-key data, independent of primary keys.

    JSON (as in fixtures) rounds datetimes to milliseconds, so both sides go through it.
    """
    return {
        model._meta.label: sorted(
            json.dumps(
                {k: v for k, v in item["fields"].items() if k not in NOT_CONTENT}, sort_keys=True
            )
            for item in json.loads(
                serializers.serialize(
                    "json",
                    model.objects.all(),
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=True,
                )
            )
        )
        for model in FRAMEWORK_MODELS
    }


def test_every_framework_model_has_a_natural_key_that_finds_the_row():
    edition = complete_edition()
    indicator = Indicator.objects.filter(edition=edition).first()
    indicator.resources.add(ResourceFactory())
    IndicatorLevel.objects.create(indicator=indicator, value=0, descriptor="Nothing yet.")
    for model in FRAMEWORK_MODELS:
        row = model.objects.first()
        assert row is not None, model
        assert model.objects.get_by_natural_key(*row.natural_key()) == row


def test_dumpdata_with_natural_keys_round_trips(tmp_path):
    edition = complete_edition(code="rt")
    indicator = Indicator.objects.filter(edition=edition).first()
    indicator.resources.add(ResourceFactory(code="guide"))
    IndicatorLevel.objects.create(indicator=indicator, value=0, descriptor="Nothing yet.")
    before = snapshot()

    out = io.StringIO()
    labels = [m._meta.label_lower for m in FRAMEWORK_MODELS]
    call_command(
        "dumpdata", *labels, natural_foreign=True, natural_primary=True, format="json", stdout=out
    )
    dump = tmp_path / "framework.json"
    dump.write_text(out.getvalue())
    assert '"pk"' not in out.getvalue()  # natural primary keys: no database ids in fixtures

    for model in reversed(FRAMEWORK_MODELS):
        model.objects.all().delete()
    call_command("loaddata", str(dump), verbosity=0)

    assert snapshot() == before
