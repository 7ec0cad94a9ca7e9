"""Member-state names in the reader's language, from pycountry's ISO 3166-1 catalogues."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from assessments.country_names import member_state_name
from tests.factories import MemberStateFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "stored", "language", "expected"),
    [
        ("IDN", "Indonesia", "th", "อินโดนีเซีย"),
        ("THA", "Thailand", "th", "ไทย"),
        ("KHM", "Cambodia", "id", "Kamboja"),
        ("NZL", "New Zealand", "id", "Selandia Baru"),
        ("KOR", "Republic of Korea", "id", "Korea Selatan"),  # ISO's common name, translated
        ("IRN", "Iran", "id", "Iran"),  # translated as itself: still the catalogue's
        ("AUS", "Australia", "ar", "أستراليا"),
        ("NCL", "France (New Caledonia)", "th", "นิวแคลิโดเนีย (ฝรั่งเศส)"),  # with its state
        ("HKG", "Hong Kong SAR (China)", "id", "Hong Kong (Cina)"),
        ("VNM", "Viet Nam", "en", "Viet Nam"),  # English: the stored name
        ("IDN", "Indonesia", "vi", "Indonesia"),  # Vietnamese: stored (docs/translation.md)
        ("XAA", "Alphaland", "th", "Alphaland"),  # a demo X-code: no ISO country
        ("TUR", "Türkiye", "th", "Türkiye"),  # not in the Thai catalogue: stored
    ],
)
def test_a_member_states_name_in_a_language(code, stored, language, expected):
    state = MemberStateFactory.build(code=code, name=stored)
    assert member_state_name(state, language) == expected


def test_the_name_follows_the_active_language_without_a_query():
    state = MemberStateFactory(code="IDN", name="Indonesia")
    with CaptureQueriesContext(connection) as queries, translation.override("th"):
        assert str(state) == state.display_name == "อินโดนีเซีย"
    assert len(queries) == 0
    with translation.override("en"):
        assert str(state) == "Indonesia"
