"""The changes between two editions, matched by code (roadmap.editions_diff)."""

from __future__ import annotations

import pytest

from roadmap.editions_diff import (
    IndicatorFacts,
    SectionFacts,
    diff_editions,
    edition_diff,
)
from roadmap.models import Edition, Indicator, Section
from roadmap.publishing import edition_clone
from tests.factories import complete_edition

ONE = IndicatorFacts("POL.A.1", "Is there a law?", "Look at the law.", "Adopt a law.", 2, False)
TWO = IndicatorFacts("POL.A.2", "Is it applied?", "Count the cases.", "Apply it.", 1, False)


def changed(facts: IndicatorFacts, **changes) -> IndicatorFacts:
    return IndicatorFacts(**{**facts.__dict__, **changes})


def test_identical_editions_have_no_changes():
    diff = diff_editions([ONE, TWO], [ONE, TWO])
    assert not diff
    assert diff.added == diff.removed == diff.reworded == []


def test_indicators_are_added_and_removed_by_code():
    three = IndicatorFacts("POL.A.3", "Is it funded?")
    diff = diff_editions([ONE, TWO], [ONE, three])
    assert diff.added == [three]
    assert diff.removed == [TWO]
    assert diff.reworded == []
    assert diff


def test_an_indicator_with_a_new_code_counts_as_removed_and_added_not_reworded():
    moved = changed(ONE, code="POL.B.1")
    diff = diff_editions([ONE], [moved])
    assert (diff.added, diff.removed, diff.reworded) == ([moved], [ONE], [])


@pytest.mark.parametrize("field", ["question", "guidance", "recommendation"])
def test_a_changed_text_is_a_rewording_that_names_the_text(field):
    new = changed(ONE, **{field: "New words."})
    diff = diff_editions([ONE, TWO], [new, TWO])
    assert len(diff.reworded) == 1
    reworded = diff.reworded[0]
    assert (reworded.old, reworded.new, reworded.fields) == (ONE, new, (field,))
    assert reworded.field_labels == [field]
    assert diff.weight_changed == diff.critical_changed == diff.added == diff.removed == []


def test_several_texts_changed_are_one_rewording_naming_each():
    new = changed(ONE, question="Q?", recommendation="R.")
    (reworded,) = diff_editions([ONE], [new]).reworded
    assert reworded.fields == ("question", "recommendation")


def test_a_weight_change_gives_old_and_new_weight():
    diff = diff_editions([ONE], [changed(ONE, weight=3)])
    (change,) = diff.weight_changed
    assert (change.new.code, change.old_value, change.new_value) == ("POL.A.1", 2, 3)
    assert diff.reworded == diff.critical_changed == []


def test_a_critical_flag_change_gives_old_and_new_flag():
    diff = diff_editions([ONE, TWO], [ONE, changed(TWO, critical=True)])
    (change,) = diff.critical_changed
    assert (change.new.code, change.old_value, change.new_value) == ("POL.A.2", False, True)
    assert diff.weight_changed == []


def test_a_critical_threshold_change_gives_old_and_new_threshold():
    diff = diff_editions([ONE], [changed(ONE, critical=True, critical_threshold=1)])
    (change,) = diff.threshold_changed
    assert (change.new.code, change.old_value, change.new_value) == ("POL.A.1", 0, 1)
    assert diff
    assert diff.weight_changed == []


def test_one_indicator_can_be_reworded_reweighted_and_flagged_at_once():
    diff = diff_editions([ONE], [changed(ONE, guidance="G.", weight=1, critical=True)])
    assert len(diff.reworded) == len(diff.weight_changed) == len(diff.critical_changed) == 1


def test_sections_are_added_and_removed_by_code():
    old = [SectionFacts("POL.A", "Law"), SectionFacts("POL.B", "Courts")]
    new = [SectionFacts("POL.A", "Law, renamed"), SectionFacts("POL.C", "Police")]
    diff = diff_editions([], [], old, new)
    assert diff.sections_added == [SectionFacts("POL.C", "Police")]
    assert diff.sections_removed == [SectionFacts("POL.B", "Courts")]


def test_lists_keep_the_order_of_the_new_edition():
    a, b, c = (IndicatorFacts(f"POL.A.{n}", "?") for n in (1, 2, 3))
    assert diff_editions([], [c, a, b]).added == [c, a, b]


def test_the_fingerprint_changes_with_the_changes_only():
    same = diff_editions([ONE], [changed(ONE, weight=3)])
    again = diff_editions([ONE], [changed(ONE, weight=3)])
    other = diff_editions([ONE], [changed(ONE, weight=1)])
    assert same.fingerprint() == again.fingerprint()
    assert same.fingerprint() != other.fingerprint()


@pytest.mark.django_db
def test_edition_diff_reads_both_editions_from_the_database():
    published = complete_edition(code="2026", status=Edition.Status.PUBLISHED)
    draft = edition_clone(source=published, code="2027", name="2027 edition")
    Indicator.objects.filter(edition=draft, code="POL.A.1").update(question="Reworded?", weight=3)
    Indicator.objects.filter(edition=draft, code="PRAC.A.1").update(critical=True)
    Indicator.objects.filter(edition=draft, code="PRIN.A.1").update(critical_threshold=1)
    Indicator.objects.filter(edition=draft, code="PLAN.A.1").delete()
    Section.objects.filter(edition=draft, code="PLAN.A").delete()

    diff = edition_diff(published, draft)

    assert [r.new.code for r in diff.reworded] == ["POL.A.1"]
    assert diff.reworded[0].new.question == "Reworded?"
    assert [(c.new.code, c.old_value, c.new_value) for c in diff.weight_changed] == [
        ("POL.A.1", 2, 3)
    ]
    assert [c.new.code for c in diff.critical_changed] == ["PRAC.A.1"]
    assert [(c.new.code, c.old_value, c.new_value) for c in diff.threshold_changed] == [
        ("PRIN.A.1", 0, 1)
    ]
    assert [r.code for r in diff.removed] == ["PLAN.A.1"]
    assert [s.code for s in diff.sections_removed] == ["PLAN.A"]
    assert diff.added == []


@pytest.mark.django_db
def test_against_no_published_edition_every_indicator_is_added():
    draft = complete_edition(code="first")
    diff = edition_diff(None, draft)
    assert [f.code for f in diff.added] == ["PLAN.A.1", "PRIN.A.1", "POL.A.1", "PRAC.A.1"]
    assert len(diff.sections_added) == 4
