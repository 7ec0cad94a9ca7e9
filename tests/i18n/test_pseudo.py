"""Every user-facing string is marked for translation: every page, form error, message,
document and email, rendered in a pseudo-language whose catalogue alters every message
(tests/i18n/catalogues.py), shows no text in plain ASCII letters but the data's.

A failure lists each text with the first request that showed it. Mark the text for translation
(docs/translation.md, "Pseudo-language test"). A text that is data (a name, a code) comes from
the database, or from the forms the walk sends: both are left out of the check.
"""

from __future__ import annotations

import pytest

from assessments.reports import report
from tests.i18n.pages import (
    ADMIN_ENGLISH,
    World,
    action_visits,
    admin_visits,
    form_visits,
    page_visits,
    third_party_model_names,
)
from tests.i18n.reader import Reader, listing
from tests.i18n.visible import shown_texts
from tests.test_url_access import url_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, pseudo_language, settings):
    settings.REGIONAL_DEMO_DATA = True  # the scenario's member states are fictional
    return Reader(client, World(), pseudo_language)


# The emails each walk sends at least: an invitation, a set-password link, a password reset.
EMAILS = {"page_visits": 0, "form_visits": 1, "action_visits": 3}


@pytest.mark.parametrize(
    "walk", [page_visits, form_visits, action_visits], ids=lambda walk: walk.__name__
)
def test_every_page_shows_only_translated_text(reader, walk):
    for visit in walk(reader.world):
        reader.visit(visit)
    found = reader.untranslated()
    assert not found, listing(found)
    assert reader.emails >= EMAILS[walk.__name__]


def test_the_walk_opens_every_address_of_the_site(reader):
    """A new page is walked as soon as it has a URL name: add it to tests/i18n/pages.py."""
    walked = set()
    for walk in (page_visits, form_visits, action_visits):
        for visit in walk(reader.world):
            walked |= visit.names
    names = {name for name in url_names() if not name.startswith("admin:")}
    assert names - walked == {"health"}  # JSON for the load balancer


def test_the_admin_shows_our_texts_translated(reader):
    reader.data |= third_party_model_names()
    for visit in admin_visits(reader.world):
        reader.visit(visit)
    found = reader.untranslated(allowed=ADMIN_ENGLISH)
    assert not found, listing(found)


def test_documents_show_only_translated_text(reader, monkeypatch):
    """The PDF report, the action plan and the regional brief (their HTML: a PDF's text is
    cut into pieces), the Excel workbooks; made by the worker's own function, in the language
    of the request."""
    monkeypatch.setattr(report, "html_to_pdf", lambda html: html.encode())
    reader.read_documents()
    found = reader.untranslated()
    assert not found, listing(found)


def test_pages_made_outside_the_views_show_only_translated_text(reader, rf):
    """Answers made by middleware and handlers: the database was busy (409), too many
    documents asked for (429), too many failed sign-ins (429), a server error (500)."""
    from django.contrib.auth.models import AnonymousUser
    from django.db import OperationalError
    from django.utils import translation
    from django.views.defaults import server_error

    from assessments.jobs.views import TOO_MANY
    from assessments.lockout import lockout_response
    from assessments.reports.views import try_again
    from roadmap.middleware import DatabaseBusyMiddleware

    request = rf.post("/assessments/1/sections/POL.T/")
    request.user = AnonymousUser()
    busy = DatabaseBusyMiddleware(lambda request: None)
    answers = {
        "database busy": lambda: busy.process_exception(
            request, OperationalError("database is locked")
        ),
        "too many documents": lambda: try_again(request, TOO_MANY, status=429, after=60),
        "locked out": lambda: lockout_response(request),
        "server error": lambda: server_error(request),
    }
    with translation.override(reader.language):
        for name, answer in answers.items():
            reader.pages.append((name, shown_texts(answer().content.decode())))
    found = reader.untranslated()
    assert not found, listing(found)
