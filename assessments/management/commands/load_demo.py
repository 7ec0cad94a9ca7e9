"""Create the demo accounts used by `make run` (development only).

Demo accounts have well-known passwords, so this command refuses to run when DEBUG is off.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from assessments.models import User

DEMO_ADMIN_EMAIL = "admin@demo.example"
DEMO_ADMIN_PASSWORD = "demo-admin-2026"  # published on purpose: DEBUG only


class Command(BaseCommand):
    help = "Create the demo accounts (refused when DEBUG is off)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to load demo data: DEBUG is off, so this looks like production and "
                "demo accounts have published passwords."
            )
        admin, created = User.objects.get_or_create(
            email=DEMO_ADMIN_EMAIL,
            defaults={"full_name": "Demo Administrator", "is_staff": True, "is_superuser": True},
        )
        # Reset the password every time so that the login printed by `make run` always works.
        admin.set_password(DEMO_ADMIN_PASSWORD)
        admin.save()
        verb = "Created" if created else "Kept"
        self.stdout.write(f"{verb} the demo administrator {DEMO_ADMIN_EMAIL}.")
