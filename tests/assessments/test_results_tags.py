"""Template filters: scores and percentages as whole numbers half up, signed changes."""

from __future__ import annotations

import pytest

from assessments.templatetags.results_tags import percent, shown, signed


@pytest.mark.parametrize(("value", "text"), [(59.5, 60), (0.5, 1), (58.5, 59), (None, "")])
def test_shown_rounds_half_up_and_leaves_no_score_empty(value, text):
    assert shown(value) == text


@pytest.mark.parametrize(("value", "text"), [(0.75, "75%"), (0.125, "13%"), (None, "")])
def test_percent_of_a_value_between_0_and_1(value, text):
    assert percent(value) == text


@pytest.mark.parametrize(("value", "text"), [(15, "+15"), (-3, "-3"), (0, "0"), (None, "")])
def test_signed_change(value, text):
    assert signed(value) == text
