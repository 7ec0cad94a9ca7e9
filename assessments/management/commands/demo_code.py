"""Print the current two-factor codes of the demo accounts that need one (development only)."""

from __future__ import annotations

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.demo import ACCOUNTS


class Command(BaseCommand):
    help = "Print the current two-factor codes of the demo administrator and RSO account."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Refusing: demo codes exist only in development (DEBUG is on).")
        emails = [a.email for a in ACCOUNTS]
        devices = TOTPDevice.objects.filter(
            user__email__in=emails, name="Demo authenticator"
        ).select_related("user")
        if not devices:
            raise CommandError("No demo devices: run `make run` (or manage.py load_demo) first.")
        for device in devices:
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
            left = device.step - int(totp.time - device.t0) % device.step
            code = f"{totp.token():0{device.digits}d}"
            self.stdout.write(f"{device.user.email:<24} {code}   (valid for {left} more seconds)")
