"""The framework data model: editions and their content.

- editions.py: Edition (draft / published / retired) and the base class for edition content.
- structure.py: Category > Section > Indicator and indicator-specific level descriptors.
- scales.py: the maturity and yes/no scales with their levels.
- challenges.py: the planning challenges.
- references.py: legal instruments, legal references and resources.
- translations.py: the history of framework translations (fields: roadmap/translation.py).
"""

from roadmap.models.challenges import Challenge
from roadmap.models.editions import Edition, EditionContent, EditionLockedError
from roadmap.models.references import Instrument, LegalReference, Resource
from roadmap.models.scales import Scale, ScaleLevel
from roadmap.models.structure import (
    Category,
    Indicator,
    IndicatorLevel,
    LevelText,
    Pillar,
    Section,
)
from roadmap.models.translations import TranslationChange

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
    "LevelText",
    "Pillar",
    "Resource",
    "Scale",
    "ScaleLevel",
    "Section",
    "TranslationChange",
]
