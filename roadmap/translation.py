"""The framework texts that are stored per language (django-modeltranslation).

Each field listed here gets a column per language of settings.LANGUAGES (`question_en`,
`question_ind`, `question_th`, ...; Indonesian is `_ind` because `_id` is Django's foreign-key
suffix). Reading `indicator.question` gives the active language's text, or English when that
is empty; templates mark such a fallback with lang="en" (roadmap.templatetags.framework_text).
The fixture carries the translations as `question_ind:` beside `question:` (docs/translation.md).

Codes, numbers, URLs and the official titles of publications stay single-valued. Instrument
names are translatable, but only an instrument's official title in that language belongs there.
"""

from modeltranslation.translator import TranslationOptions, register

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


@register(Edition)
class EditionTranslation(TranslationOptions):
    fields = ("name",)


@register(Scale)
class ScaleTranslation(TranslationOptions):
    fields = ("name",)


@register(ScaleLevel)
class ScaleLevelTranslation(TranslationOptions):
    fields = ("label", "descriptor")


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("question", "guidance", "recommendation")


@register(IndicatorLevel)
class IndicatorLevelTranslation(TranslationOptions):
    fields = ("descriptor",)


@register(Challenge)
class ChallengeTranslation(TranslationOptions):
    fields = ("text",)


@register(Instrument)
class InstrumentTranslation(TranslationOptions):
    fields = ("name", "short_name", "summary")


@register(LegalReference)
class LegalReferenceTranslation(TranslationOptions):
    fields = ("note",)


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("description",)
