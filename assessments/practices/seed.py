"""The seed entries of the practices library (fixtures/practices.yaml) and the demo's entries.

`load_seed` adds the seed entries that are not in the database yet, through `entry_create`, so
that the seed data passes the same checks as an RSO's form (known indicator codes, no future
year, safe links). It never changes an entry that is there: an entry is "there" when the library
has one with the same member state, type, title and year, whatever its status, so an RSO's
corrections and decisions survive every later run. Seed entries have no proposer and no
reviewer (`by=None`): nobody proposed them, and an empty "reviewed by" shows that no person has
checked them yet. See docs/practices.md "Seed entries".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import MemberState, User
from assessments.practices.models import PracticeEntry
from assessments.practices.services import (
    EntryData,
    entry_create,
    entry_propose,
    entry_reject,
    title_key,
)
from roadmap.models import Edition

SEED_FILE = Path(settings.BASE_DIR) / "fixtures" / "practices.yaml"

NO_FRAMEWORK = "Load the framework first (manage.py load_framework)."
MISSING_STATES = (
    "These member states are not in the database: {codes}. Run manage.py load_member_states first."
)


def seed_items(path: Path = SEED_FILE) -> list[dict]:
    """The entries of the seed file, as written there."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def entry_data(item: dict, member_state: MemberState) -> EntryData:
    return EntryData(
        member_state=member_state,
        kind=item["kind"],
        title=item["title"],
        year=item["year"],
        summary=" ".join(item["summary"].split()),
        pillar=item["pillar"],
        category=item["category"],
        source_url=item.get("source_url") or "",
        indicator_codes=tuple(item.get("indicators") or ()),
    )


def _exists(data: EntryData) -> bool:
    # Titles compared as the duplicate check compares them: an entry whose title the RSO
    # recased is still the seed's entry, not a duplicate that would stop the whole load.
    titles = PracticeEntry.objects.filter(
        member_state=data.member_state, kind=data.kind, year=data.year
    ).values_list("title", flat=True)
    return any(title_key(title) == title_key(data.title) for title in titles)


@dataclass(frozen=True)
class SeedResult:
    added: int
    present: int


@transaction.atomic
def load_seed(*, publish: bool = False, path: Path = SEED_FILE) -> SeedResult:
    """Add the missing seed entries, proposed (or published); all or nothing.

    Raises ValidationError, with a message for the person running it, when the framework or a
    member state is missing or an entry fails the checks.
    """
    if Edition.objects.current() is None:
        raise ValidationError(NO_FRAMEWORK)
    items = seed_items(path)
    states = MemberState.objects.in_bulk(
        {item["member_state"] for item in items}, field_name="code"
    )
    missing = sorted({item["member_state"] for item in items} - set(states))
    if missing:
        raise ValidationError(MISSING_STATES.format(codes=", ".join(missing)))
    added = present = 0
    for item in items:
        data = entry_data(item, states[item["member_state"]])
        if _exists(data):
            present += 1
            continue
        try:
            entry_create(data=data, by=None, publish=publish)
        except ValidationError as error:
            # Name the entry: the messages alone do not say which of the file's entries failed.
            raise ValidationError(
                f"{item['member_state']} {data.title} ({data.year}): {' '.join(error.messages)}"
            ) from error
        added += 1
    return SeedResult(added=added, present=present)


# Demoland's own entries (fictional, like Demoland): one waiting for the RSO's review and one
# that the RSO did not publish, so that each demo role finds something to do or to read.
DEMO_PROPOSED = {
    "kind": "practice",
    "title": "Referral card for front-line officers",
    "year": 2025,
    "pillar": "protection",
    "category": "PRAC",
    "indicators": ["PRAC.NRM.1", "PRAC.ID.1"],
    "source_url": "",
    "summary": (
        "A pocket card, in the three national languages, that tells police, border and labour "
        "officers the signs of trafficking to look for and whom to call when they meet a "
        "possible victim. The national task force handed it out to 1,200 officers in 2025. "
        "(Fictional demo entry.)"
    ),
}
DEMO_REJECTED = {
    "kind": "institution",
    "title": "Demoland Anti-Trafficking Hotline",
    "year": 2024,
    "pillar": "partnership",
    "category": "POL",
    "indicators": ["PRAC.PPP.2"],
    "source_url": "",
    "summary": (
        "A free telephone line for reporting suspected trafficking, run by a civil-society "
        "organisation with funds from the Ministry of Social Welfare. (Fictional demo entry.)"
    ),
}
DEMO_REJECTION_REASON = (
    "Thank you. A hotline is a practice example rather than an institution: please propose it "
    "again as a practice example, with a link to a public page about it and the year it "
    "started taking calls."
)


def ensure_demo_practices(demo_state: MemberState, focal: User, rso: User) -> list[str]:
    """The demo's library: the seed entries published, and Demoland's two entries (once)."""
    result = load_seed(publish=True)
    if result.added:
        done = [f"practices library: {result.added} seed entries published"]
    else:
        done = ["practices library: the seed entries are already there; left as they are"]
    proposed = entry_data(DEMO_PROPOSED, demo_state)
    if not _exists(proposed):
        entry_propose(data=proposed, by=focal)
        done.append("practices library: Demoland's proposed entry, for the RSO to review")
    rejected = entry_data(DEMO_REJECTED, demo_state)
    if not _exists(rejected):
        entry = entry_propose(data=rejected, by=focal)
        entry_reject(entry=entry, by=rso, reason=DEMO_REJECTION_REASON)
        done.append("practices library: Demoland's entry that the RSO did not publish")
    return done
