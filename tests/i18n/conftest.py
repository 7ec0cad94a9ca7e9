"""The catalogues of the translation tests, built once per test run (about a second)."""

from __future__ import annotations

import sys

import pytest

from assessments import languages
from tests.i18n.catalogues import (
    PSEUDO_LANGUAGE,
    PSEUDO_NAME,
    django_messages,
    extract_messages,
    write_pseudo_catalogue,
)


@pytest.fixture(scope="session")
def extracted(tmp_path_factory):
    """The messages `make messages` would extract from the sources now."""
    return extract_messages(tmp_path_factory.mktemp("makemessages"))


@pytest.fixture(scope="session")
def pseudo_locale(extracted, tmp_path_factory):
    """A folder with the pseudo-language's compiled catalogue: ours and Django's messages."""
    folder = tmp_path_factory.mktemp("pseudo-locale")
    write_pseudo_catalogue([*extracted, *django_messages()], folder)
    return folder


@pytest.fixture
def pseudo_language(settings, pseudo_locale, monkeypatch):
    """The pseudo-language is one of the site's languages for this test; its catalogue comes
    first. Django's get_language_info finds it as English (the part before the hyphen). The
    codes that assessments.languages took from the setting at start (an account's language,
    an email's, a download's) take it too."""
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO_LANGUAGE, PSEUDO_NAME)]
    settings.LOCALE_PATHS = [str(pseudo_locale), *settings.LOCALE_PATHS]
    codes = languages.LANGUAGE_CODES
    for module in list(sys.modules.values()):
        if getattr(module, "LANGUAGE_CODES", None) is codes:
            monkeypatch.setattr(module, "LANGUAGE_CODES", codes | {PSEUDO_LANGUAGE})
    return PSEUDO_LANGUAGE
