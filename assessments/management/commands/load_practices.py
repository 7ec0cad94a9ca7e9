"""Add the seed entries of fixtures/practices.yaml that the practices library does not have yet.

They are added as proposed, for RSO staff to check and publish; `--publish` publishes them at
once (the demo set-up does). Entries already there, in any status, are left as they are.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError

from assessments.practices.seed import load_seed


class Command(BaseCommand):
    help = (
        "Add the missing seed entries of the practices library (fixtures/practices.yaml) as "
        "proposed, for RSO staff to verify; never overwrites."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the added entries at once instead of proposing them.",
        )

    def handle(self, *args, publish: bool = False, verbosity: int = 1, **options) -> None:
        try:
            result = load_seed(publish=publish)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if verbosity > 0:
            status = "published" if publish else "proposed, for RSO staff to verify"
            self.stdout.write(
                f"Practices library: {result.added} seed entries added ({status}), "
                f"{result.present} already present."
            )
