"""Add the member states of fixtures/member_states.yaml that are not in the database yet.

Existing rows are left as they are, so an administrator's corrections survive `make run`.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management import BaseCommand

from assessments.models import MemberState

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "member_states.yaml"


class Command(BaseCommand):
    help = "Add missing member states from fixtures/member_states.yaml (never overwrites)."

    def handle(self, *args, verbosity: int = 1, **options) -> None:
        items = yaml.load(FIXTURE.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        known = set(MemberState.objects.values_list("code", flat=True))
        new = [
            MemberState(**item["fields"]) for item in items if item["fields"]["code"] not in known
        ]
        MemberState.objects.bulk_create(new)
        if verbosity > 0:
            self.stdout.write(f"Member states: {len(new)} added, {len(known)} already present.")
