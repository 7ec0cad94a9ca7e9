"""Load the reference framework fixture (fixtures/framework/*.yaml).

Loading is idempotent: objects are matched on their natural keys, so loading twice changes
nothing. An edition already in the database is left alone unless --update is given, so that
`make run` never overwrites what an administrator edited; an edition that assessments use is
never updated (--update refuses it), while a plain run leaves it alone and succeeds.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import BaseCommand, CommandError, call_command

from roadmap.models import Edition

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "framework"
# libyaml's parser is about thirty times faster than the pure-Python one.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def fixture_files() -> list[Path]:
    """Return the framework fixture files in load order (they are numbered)."""
    return sorted(FIXTURE_DIR.glob("*.yaml"))


def fixture_edition_codes(files: list[Path]) -> list[str]:
    """Return the codes of the editions the fixture files define."""
    codes = []
    for path in files:
        for item in yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader) or []:
            if item["model"] == "roadmap.edition":
                codes.append(str(item["fields"]["code"]))
    return codes


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
        existing = list(Edition.objects.filter(code__in=fixture_edition_codes(files)))
        if existing and not update:
            # Nothing was asked of an edition that is already here, so whether assessments use
            # it does not matter: `make run` and serve-prod run this on every start.
            codes = ", ".join(e.code for e in existing)
            say(
                f"Framework edition {codes} already loaded; left as it is "
                "(manage.py load_framework --update reloads it)."
            )
            return
        for edition in existing:
            if edition.is_locked():
                raise CommandError(
                    f"Edition {edition.code} is used by assessments; it cannot be reloaded."
                )
        call_command("loaddata", *map(str, files), verbosity=0)
        say(self.style.SUCCESS(f"Loaded the framework from {len(files)} files."))
