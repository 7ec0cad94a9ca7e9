"""Print a two-factor enrolment link for one account: for the first administrator of a new
installation, who has nobody to send them one (docs/security.md)."""

from __future__ import annotations

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from assessments.enrolment import enrolment_link_create
from assessments.models import User


class Command(BaseCommand):
    help = (
        "Print a single-use link with which the account sets up two-factor authentication "
        "(any earlier unused link for it stops working)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="The account's email address.")
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address, e.g. https://rsr.example.org, to print a whole link.",
        )

    def handle(self, *args, email: str, base_url: str, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(
                f"No account with the address {email}. Create it first: "
                "python manage.py createsuperuser"
            )
        if not user.is_active:
            raise CommandError(f"The account {user.email} is not active.")
        path = enrolment_link_create(user=user)
        hours = settings.TWO_FACTOR_ENROLMENT_HOURS
        self.stdout.write(
            f"Two-factor enrolment link for {user.email} (works once, for {hours} hours):"
        )
        if base_url:
            self.stdout.write(f"  {base_url.rstrip('/')}{path}")
        else:
            self.stdout.write(f"  {path}")
            self.stdout.write("Open it on the site's address, e.g. https://rsr.example.org" + path)
        self.stdout.write("Sign in with the account's password, then set up the authenticator app.")
