"""Generate synthetic shared assessments of fictional member states (development only).

For demonstrating and benchmarking the regional view: 45 states x 5 years by default, on the
published framework. See assessments/regional/synthetic.py and docs/regional.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from assessments.regional import synthetic

REFUSED = (
    "Refusing to generate synthetic data: DEBUG is off, so this looks like production. "
    "regional_demo_data creates fictional member states and assessments for demonstrations "
    "and benchmarks only."
)


class Command(BaseCommand):
    help = (
        "Replace the fictional member states' shared assessments (codes QMA-QZZ) with N states "
        "x N reporting years, for the regional view's demonstrations and benchmarks (refused "
        "when DEBUG is off). Never touches real member states or Demoland."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--states", type=int, default=45, help="fictional member states (default 45)"
        )
        parser.add_argument(
            "--years", type=int, default=5, help="reporting years per state (default 5)"
        )
        parser.add_argument(
            "--last-year",
            type=int,
            default=None,
            help="the latest reporting year (default: last year)",
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help="only delete the fictional states and their assessments; create nothing",
        )

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(REFUSED)
        try:
            if options["clear"]:
                summary = synthetic.clear()
            else:
                summary = synthetic.generate(
                    options["states"],
                    options["years"],
                    last_year=options["last_year"] or timezone.now().year - 1,
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if verbosity > 0:
            for line in summary.lines():
                self.stdout.write(f"Synthetic regional data: {line}.")
