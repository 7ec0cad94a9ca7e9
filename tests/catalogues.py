"""Test message catalogues: a few messages of a language, compiled into a temporary folder that
comes first in LOCALE_PATHS, over the project's catalogues.

Tests that check a translated document or email name the words they expect here, so they do
not depend on the wording of the draft catalogues (which reviewers will change) nor on their
having translated a message added since.
"""

from __future__ import annotations

from pathlib import Path

import polib

PLURALS = {"id": "nplurals=1; plural=0;", "th": "nplurals=1; plural=0;"}


def install(settings, folder: Path, messages: dict[str, dict[str, str]]) -> None:
    """Compile `{language: {msgid: msgstr}}` into `folder` and put it first in LOCALE_PATHS.

    Changing LOCALE_PATHS through pytest-django's `settings` empties Django's translation
    caches (django.test.signals), on the way in and back.
    """
    for language, entries in messages.items():
        catalogue = polib.POFile()
        catalogue.metadata = {
            "Content-Type": "text/plain; charset=UTF-8",
            "Language": language,
            "Plural-Forms": PLURALS.get(language, "nplurals=2; plural=(n != 1);"),
        }
        for msgid, msgstr in entries.items():
            catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
        target = folder / language / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        catalogue.save_as_mofile(str(target / "django.mo"))
    settings.LOCALE_PATHS = [str(folder), *settings.LOCALE_PATHS]
