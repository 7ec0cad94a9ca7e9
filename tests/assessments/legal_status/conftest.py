"""Two treaties for the legal-status tests (instruments are shared by all editions)."""

from __future__ import annotations

import pytest

from roadmap.models import Instrument


@pytest.fixture
def treaty(db) -> Instrument:
    return Instrument.objects.create(
        code="x-tip",
        name="Trafficking Protocol (full title)",
        short_name="Trafficking Protocol",
        kind="treaty",
        year=2000,
    )


@pytest.fixture
def declaration(db) -> Instrument:
    return Instrument.objects.create(
        code="x-bali", name="Bali Declaration", kind="regional_declaration", year=2016
    )


@pytest.fixture
def convention(db) -> Instrument:
    return Instrument.objects.create(
        code="x-c189",
        name="Domestic Workers Convention",
        short_name="ILO C189",
        kind="treaty",
        year=2011,
    )
