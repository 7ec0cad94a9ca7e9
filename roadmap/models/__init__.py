"""The framework data model: editions and their content.

- editions.py: Edition (draft / published / retired) and the base class for edition content.
- structure.py: Category > Section > Indicator, scales and level descriptors, challenges.
- references.py: legal instruments, legal references and resources.
"""

from roadmap.models.editions import Edition, EditionContent, EditionLockedError
from roadmap.models.references import Instrument, LegalReference, Resource
from roadmap.models.structure import (
    Category,
    Challenge,
    Indicator,
    IndicatorLevel,
    Pillar,
    Scale,
    ScaleLevel,
    Section,
)

__all__ = [
    "Category",
    "Challenge",
    "Edition",
    "EditionContent",
    "EditionLockedError",
    "Indicator",
    "IndicatorLevel",
    "Instrument",
    "LegalReference",
    "Pillar",
    "Resource",
    "Scale",
    "ScaleLevel",
    "Section",
]
