"""Create the demo data used by `make run` (development only).

Demo accounts have published passwords, so this command refuses to run when DEBUG is off.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError, call_command

from assessments.demo import ACCOUNTS, load_demo

# Kept for older imports: the administrator's login as printed by `make run`.
DEMO_ADMIN_EMAIL = ACCOUNTS[0].email
DEMO_ADMIN_PASSWORD = ACCOUNTS[0].password


class Command(BaseCommand):
    help = "Create Demoland, its demo team and assessments (refused when DEBUG is off)."

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to load demo data: DEBUG is off, so this looks like production and "
                "demo accounts have published passwords."
            )
        call_command("load_member_states", verbosity=0)
        try:
            done = load_demo()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if verbosity > 0:
            for line in done:
                self.stdout.write(f"Demo data: {line}.")
            self.stdout.write("Demo logins (email / password):")
            for account in ACCOUNTS:
                role = account.role or "administrator"
                self.stdout.write(f"  {account.email:<28} {account.password:<28} {role}")
