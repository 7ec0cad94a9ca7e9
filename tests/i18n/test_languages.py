"""Every page renders in each of the five languages: no error from a translation (a
placeholder renamed or dropped, a plural form the language lacks), no missing template; the
page says it is in that language. The same walk as the pseudo-language test
(tests/i18n/pages.py): each page as a visitor, a focal point, a viewer and RSO staff; the
forms sent wrong and right; the documents as their workers make them."""

from __future__ import annotations

import pytest
from django.conf import settings

from assessments.reports import report
from tests.i18n.pages import World, form_visits, page_visits
from tests.i18n.reader import Reader

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_page_and_document_renders_in_each_language(client, settings, language, monkeypatch):
    settings.REGIONAL_DEMO_DATA = True  # the scenario's member states are fictional
    settings.REPORT_RENDER_LIMIT = 100  # the walk asks for every download once already
    monkeypatch.setattr(report, "html_to_pdf", lambda html: html.encode())  # WeasyPrint: slow
    reader = Reader(client, World(), language, read=False)
    for visit in page_visits(reader.world):
        reader.visit(visit)  # status, and Content-Language is `language`
    reader.read_documents()
    for visit in form_visits(reader.world):  # last: they change the data (reopen, withdraw...)
        reader.visit(visit)
