"""Load the reference framework fixture (fixtures/framework/*.yaml).

Loading is idempotent: objects are matched on their natural keys, so loading twice changes
nothing. An edition already in the database is left alone unless --update is given, so that
`make run` never overwrites what an administrator edited; an edition that assessments use is
never updated (--update refuses it), while a plain run leaves it alone and succeeds.

A plain run also compares the edition in the database with the fixture and, when they differ,
says so and how to get the new content (roadmap.fixture_diff): a revised fixture must never
leave the old text in place silently. It warns and still succeeds, so `make run` starts.

Translations are the exception: texts in other languages than English that the fixture has
and the database lacks are filled in, also in a locked edition (they change no question), and
kept in the translation history; one an administrator wrote is never replaced.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction

from roadmap.fixture_diff import describe, fixture_differences, translation_updates
from roadmap.languages import record_translation_changes
from roadmap.models import Edition
from roadmap.search.signals import touch_all_editions

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "framework"
# libyaml's parser is about thirty times faster than the pure-Python one.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def fixture_files() -> list[Path]:
    """Return the framework fixture files in load order (they are numbered)."""
    return sorted(FIXTURE_DIR.glob("*.yaml"))


def fixture_items(files: list[Path]) -> list[dict]:
    """Return every entry of the fixture files, in load order."""
    items = []
    for path in files:
        items += yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader) or []
    return items


LOCKED_DIFFERS = (
    "WARNING: the framework fixture (fixtures/framework/) differs from edition {codes} in this "
    "database ({what}). The database keeps the old text because assessments use this edition: "
    "their answers and reports must keep the questions they were answered against.\n"
    "To get the new content:\n"
    "  - in development: make reset-db (deletes the local database, its demo data and your "
    "local changes, and loads the framework and the demo afresh);\n"
    "  - in production: put the changes into a new edition: clone the published edition in the "
    "admin, edit the draft, publish it; new assessments then start on it and carry answers "
    "forward by indicator code. The old edition and its assessments stay as they are."
)
UNLOCKED_DIFFERS = (
    "WARNING: the framework fixture (fixtures/framework/) differs from edition {codes} in this "
    "database ({what}). To load the new content: manage.py load_framework --update "
    "(overwrites edits made in the admin), or in development make reset-db."
)


class Command(BaseCommand):
    help = "Load the reference framework (editions, instruments, resources) from fixtures/."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Reload an edition that is already in the database (overwrites admin edits).",
        )

    def handle(self, *args, update: bool = False, verbosity: int = 1, **options) -> None:
        say = self.stdout.write if verbosity > 0 else (lambda *a, **k: None)
        files = fixture_files()
        if not files:
            raise CommandError(f"No fixture files in {FIXTURE_DIR}.")
        items = fixture_items(files)
        edition_codes = [str(i["fields"]["code"]) for i in items if i["model"] == "roadmap.edition"]
        existing = list(Edition.objects.filter(code__in=edition_codes))
        if existing and not update:
            # Nothing was asked of an edition that is already here, so whether assessments use
            # it does not matter: `make run` and serve-prod run this on every start.
            codes = ", ".join(e.code for e in existing)
            say(
                f"Framework edition {codes} already loaded; left as it is "
                "(manage.py load_framework --update reloads it)."
            )
            self.add_translations(items, existing, say)
            self.warn_if_different(items, existing)
            return
        for edition in existing:
            if edition.is_locked():
                raise CommandError(
                    f"Edition {edition.code} is used by assessments; it cannot be reloaded."
                )
        call_command("loaddata", *map(str, files), verbosity=0)
        # Instruments and resources are shared: an edition the fixture does not define may
        # search them too, and the raw saves of loaddata renew no version (search/signals.py).
        touch_all_editions()
        say(self.style.SUCCESS(f"Loaded the framework from {len(files)} files."))

    @transaction.atomic
    def add_translations(self, items: list[dict], editions: list[Edition], say) -> None:
        """Fill in the fixture's translations that the database lacks (see the docstring)."""
        updates = translation_updates(items, [e.code for e in editions])
        for update in updates:
            obj = update.model._base_manager.get(pk=update.pk)
            before = {column: getattr(obj, column) for column in update.texts}
            for column, text in update.texts.items():
                setattr(obj, column, text)
            obj.save(update_fields=list(update.texts))
            record_translation_changes(obj, before, update.texts, source="fixture")
        if updates:
            count = sum(len(update.texts) for update in updates)
            touch_all_editions()
            say(f"Added {count} translated texts from the fixture (see the translation history).")

    def warn_if_different(self, items: list[dict], editions: list[Edition]) -> None:
        """Say plainly when the database holds other content than the fixture, and what to do.

        Printed on stderr at any verbosity: this is the one message that must not be missed.
        """
        differences = fixture_differences(items, [e.code for e in editions])
        if not differences:
            return
        template = LOCKED_DIFFERS if any(e.is_locked() for e in editions) else UNLOCKED_DIFFERS
        codes = ", ".join(e.code for e in editions)
        self.stderr.write(template.format(codes=codes, what=describe(differences)))
