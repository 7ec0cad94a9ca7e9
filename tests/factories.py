"""Factories for test data: small frameworks built in code, separate from the reference fixture."""

from __future__ import annotations

import factory

from assessments.models import Action, ActionIndicator, Agency, Assessment, MemberState, Role, User
from roadmap.models import (
    Category,
    Challenge,
    Edition,
    Indicator,
    Instrument,
    LegalReference,
    Resource,
    Scale,
    ScaleLevel,
    Section,
)

MATURITY_LABELS = ["Not in place", "Initial", "Developing", "Established", "Advanced"]


class MemberStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberState
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"X{n % 26 + 65:c}{n // 26 % 26 + 65:c}")
    name = factory.LazyAttribute(lambda o: f"Testland {o.code}")
    is_demo = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    password = factory.django.Password("correct-horse-battery")


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    code = factory.Sequence(lambda n: f"ed{n}")
    name = factory.LazyAttribute(lambda o: f"Edition {o.code}")
    status = Edition.Status.DRAFT


class ScaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scale
        skip_postgeneration_save = True

    edition = factory.SubFactory(EditionFactory)
    code = "maturity"
    name = "Maturity"
    kind = Scale.Kind.MATURITY

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        labels = MATURITY_LABELS if self.kind == Scale.Kind.MATURITY else ["No", "Yes"]
        ScaleLevel.objects.bulk_create(
            ScaleLevel(scale=self, value=v, label=label, descriptor=f"{label} level.")
            for v, label in enumerate(labels)
        )


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["edition", "code"]

    edition = factory.SubFactory(EditionFactory)
    code = Category.Code.POLICY
    position = factory.LazyAttribute(lambda o: Category.POSITIONS[o.code])
    name = factory.LazyAttribute(lambda o: Category.Code(o.code).label)
    description = "What this category evaluates."


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    category = factory.SubFactory(CategoryFactory)
    edition = factory.SelfAttribute("category.edition")
    code = factory.Sequence(lambda n: f"POL.S{n}")
    title = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(lambda n: n + 1)


class InstrumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instrument
        django_get_or_create = ["code"]

    code = "tip-protocol"
    name = "Protocol to Prevent, Suppress and Punish Trafficking in Persons"
    short_name = "Trafficking Protocol"
    kind = Instrument.Kind.TREATY
    year = 2000


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    code = factory.Sequence(lambda n: f"guide-{n}")
    title = factory.Sequence(lambda n: f"Practical guide {n}")
    publisher = "UNODC"
    year = 2008


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    section = factory.SubFactory(SectionFactory)
    edition = factory.SelfAttribute("section.edition")
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.section.code}.{n + 1}")
    position = factory.Sequence(lambda n: n + 1)
    question = "Does the State have written procedures to identify victims?"
    guidance = "Good practice is a written procedure. Evidence is the procedure itself."
    recommendation = "Adopt written procedures and train officers in them."
    scale = factory.LazyAttribute(
        lambda o: (
            Scale.objects.filter(edition=o.section.edition, code="maturity").first()
            or ScaleFactory(edition=o.section.edition)
        )
    )
    weight = 2
    pillar = "protection"


class LegalReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalReference

    indicator = factory.SubFactory(IndicatorFactory)
    instrument = factory.SubFactory(InstrumentFactory)
    article = factory.Sequence(lambda n: f"Art. {n + 1}")


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"CH.{n + 1:02d}")
    kind = Challenge.Kind.STRATEGIC
    text = "Research and data are limited."


def MemberFactory(role: str = Role.FOCAL_POINT, member_state=None, **kwargs) -> User:
    """A user of a member state with the given role."""
    return UserFactory(member_state=member_state or MemberStateFactory(), role=role, **kwargs)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    member_state = factory.SubFactory(MemberStateFactory)
    edition = factory.SubFactory(EditionFactory, status=Edition.Status.PUBLISHED)
    title = "National self-assessment"
    reporting_year = 2026


def complete_edition(**edition_kwargs) -> Edition:
    """Return an edition with four categories, both scales and one indicator per category."""
    edition = EditionFactory(**edition_kwargs)
    maturity = ScaleFactory(edition=edition)
    ScaleFactory(edition=edition, code="yes-no", name="Yes / no", kind=Scale.Kind.YES_NO)
    for code in Category.Code:
        category = CategoryFactory(edition=edition, code=code)
        section = SectionFactory(category=category, code=f"{code}.A")
        indicator = IndicatorFactory(section=section, code=f"{code}.A.1", scale=maturity)
        LegalReferenceFactory(indicator=indicator, article="Art. 3")
    ChallengeFactory(edition=edition)
    return edition


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    member_state = factory.SubFactory(MemberStateFactory)
    name = factory.Sequence(lambda n: f"Ministry {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    """An action of the plan; pass `aims={"POL.T.1": 3}` to link indicators."""

    class Meta:
        model = Action
        skip_postgeneration_save = True

    member_state = factory.SubFactory(MemberStateFactory)
    objective = factory.Sequence(lambda n: f"Objective {n}")
    status = Action.Status.PLANNED

    @factory.post_generation
    def aims(self, create, extracted, **kwargs):
        for code, level in (extracted or {}).items() if create else ():
            ActionIndicator.objects.create(action=self, indicator_code=code, aimed_level=level)


# Bahasa Indonesia for part of a test framework (partly_in_indonesian): what a page shows
# translated; everything else (guidance, recommendations, descriptions, three category names,
# most level descriptors) is left without Indonesian and falls back to English, marked.
QUESTION_IND = "Apakah negara memiliki prosedur tertulis untuk mengidentifikasi korban?"
LABELS_IND = ["Belum ada", "Awal", "Berkembang", "Mapan", "Maju"]
DESCRIPTOR_IND = "Belum ada sama sekali."  # level 0's only


def partly_in_indonesian(edition: Edition) -> Edition:
    """Give the edition Indonesian for some texts and none for others (tests of the markers).

    Translated: every question and section title, the Policy category's name, the maturity
    scale's labels and its level 0 descriptor. Not: guidance, recommendations, the other
    categories' names, descriptions, the other descriptors."""
    Indicator.objects.filter(edition=edition).update(question_ind=QUESTION_IND)
    for section in Section.objects.filter(edition=edition):
        Section.objects.filter(pk=section.pk).update(title_ind=f"Bagian {section.code}")
    Category.objects.filter(edition=edition, code=Category.Code.POLICY).update(name_ind="Kebijakan")
    levels = ScaleLevel.objects.filter(scale__edition=edition, scale__code="maturity")
    for value, label in enumerate(LABELS_IND):
        levels.filter(value=value).update(label_ind=label)
    levels.filter(value=0).update(descriptor_ind=DESCRIPTOR_IND)
    return edition
