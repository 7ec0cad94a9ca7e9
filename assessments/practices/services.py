"""Named writes of the practices library: propose, create, update, publish, reject.

Each is atomic and raises ValidationError with a message for the person when a rule is broken
(messages are constants that tests import). The rules that need no database (a safe source
link, a year not in the future, known indicator codes) are in `check_entry`, which the forms
call too, so that a form and a script refuse the same things.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assessments.models import MemberState, User
from assessments.practices.models import EntryStatus, PracticeEntry, PracticeIndicator
from roadmap.models import Edition, Indicator

DUPLICATE = gettext_noop("The library already has this entry for this member state and year.")
FUTURE_YEAR = gettext_noop("The year cannot be later than this year (%(year)s).")
UNSAFE_LINK = gettext_noop(
    "The source link must be a web address starting with https:// or http://."
)
UNKNOWN_CODES = gettext_noop("These indicator codes are not in the framework: %(codes)s.")
OWN_STATE_ONLY = gettext_noop("You can propose entries for your own member state only.")
REASON_REQUIRED = gettext_noop("Say why the entry is not published: the proposer reads it.")
PUBLISHED_BY_RSO = gettext_noop(
    "This entry is published: the Regional Support Office changes it. Write to them to correct it."
)
CHANGED_MEANWHILE = gettext_noop(
    "Someone changed this entry while you were editing it. Their version is shown; your "
    "changes are below it, not saved."
)

_SAFE_URL = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class EntryData:
    """What a person enters for an entry (forms and the seed data build one)."""

    member_state: MemberState
    kind: str
    title: str
    year: int
    summary: str
    pillar: str
    category: str
    source_url: str = ""
    indicator_codes: tuple[str, ...] = ()


def check_entry(data: EntryData) -> dict[str, list[str]]:
    """The field errors of an entry that need no lookup but the framework's codes."""
    errors: dict[str, list[str]] = {}
    this_year = timezone.localdate().year
    if data.year > this_year:
        errors.setdefault("year", []).append(_(FUTURE_YEAR) % {"year": this_year})
    if data.source_url:
        try:
            _SAFE_URL(data.source_url)
        except ValidationError:
            errors.setdefault("source_url", []).append(_(UNSAFE_LINK))
    unknown = unknown_codes(data.indicator_codes)
    if unknown:
        errors.setdefault("indicator_codes", []).append(
            _(UNKNOWN_CODES) % {"codes": ", ".join(unknown)}
        )
    return errors


def unknown_codes(codes) -> list[str]:
    """Codes not in the published edition (entries link indicators by code)."""
    edition = Edition.objects.current()
    if not codes:
        return []
    known = set(
        Indicator.objects.filter(edition=edition, code__in=codes).values_list("code", flat=True)
    )
    return sorted(set(codes) - known)


def title_key(title: str) -> str:
    """A title as duplicates are found: case and runs of spaces do not matter."""
    return " ".join(title.split()).casefold()


def _save(entry: PracticeEntry, data: EntryData) -> PracticeEntry:
    errors = check_entry(data)
    if errors:
        raise ValidationError(errors)
    for name in ("member_state", "kind", "title", "year", "summary", "pillar", "category"):
        setattr(entry, name, getattr(data, name))
    entry.source_url = data.source_url
    # The unique constraint compares titles exactly; "Anti-Trafficking Act" and
    # "anti-trafficking  act" are the same law entered twice, so compare them as people read them.
    same = PracticeEntry.objects.filter(
        member_state=data.member_state, kind=data.kind, year=data.year
    ).exclude(pk=entry.pk)
    if any(
        title_key(title) == title_key(data.title) for title in same.values_list("title", flat=True)
    ):
        raise ValidationError(_(DUPLICATE))
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:
        raise ValidationError(_(DUPLICATE)) from error
    entry.indicators.exclude(indicator_code__in=data.indicator_codes).delete()
    have = set(entry.indicators.values_list("indicator_code", flat=True))
    PracticeIndicator.objects.bulk_create(
        PracticeIndicator(entry=entry, indicator_code=code)
        for code in sorted(set(data.indicator_codes) - have)
    )
    return entry


@transaction.atomic
def entry_propose(*, data: EntryData, by: User) -> PracticeEntry:
    """A focal point proposes an entry for their own member state; RSO staff review it."""
    if by.member_state_id != data.member_state.pk:
        raise ValidationError(_(OWN_STATE_ONLY))
    return _save(PracticeEntry(status=EntryStatus.PROPOSED, proposed_by=by), data)


@transaction.atomic
def entry_create(*, data: EntryData, by: User | None, publish: bool = True) -> PracticeEntry:
    """RSO staff (or the seed data) add an entry, published at once unless told otherwise.

    The seed data passes by=None: nobody proposed or reviewed its entries (assessments/practices/
    seed.py)."""
    entry = PracticeEntry(proposed_by=by, status=EntryStatus.PROPOSED)
    entry = _save(entry, data)
    if publish:
        _review(entry, by, EntryStatus.PUBLISHED)
    return entry


@transaction.atomic
def entry_update(*, entry: PracticeEntry, data: EntryData, version: int) -> PracticeEntry:
    """Change an entry unless someone saved it since `version` was read."""
    entry = PracticeEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.version != version:
        raise ValidationError(_(CHANGED_MEANWHILE), code="conflict")
    entry.version += 1
    return _save(entry, data)


def entry_data_of(entry: PracticeEntry) -> EntryData:
    """The entry as a form would send it: a form equal to this one changes nothing."""
    return EntryData(
        member_state=entry.member_state,
        kind=entry.kind,
        title=entry.title,
        year=entry.year,
        summary=entry.summary,
        pillar=entry.pillar,
        category=entry.category,
        source_url=entry.source_url,
        indicator_codes=tuple(sorted(entry.indicators.values_list("indicator_code", flat=True))),
    )


def identical_entry(data: EntryData, by: User) -> PracticeEntry | None:
    """The entry `by` saved with exactly these values, if any: the same form sent twice (a
    double click) finds the first one's entry instead of a duplicate error."""
    candidates = PracticeEntry.objects.filter(
        member_state=data.member_state, kind=data.kind, year=data.year, proposed_by=by
    ).select_related("member_state")
    return next((entry for entry in candidates if entry_data_of(entry) == data), None)


@transaction.atomic
def entry_resubmit(
    *, entry: PracticeEntry, data: EntryData, version: int, by: User
) -> PracticeEntry:
    """The focal point corrects their state's proposed or rejected entry.

    A rejected entry goes back to review (proposed); its reason is kept so that the reviewer
    sees what was asked for. Published entries are the RSO's to change.
    """
    if by.member_state_id != data.member_state.pk or entry.member_state_id != by.member_state_id:
        raise ValidationError(_(OWN_STATE_ONLY))
    locked = PracticeEntry.objects.select_for_update().get(pk=entry.pk)
    if locked.is_published:
        raise ValidationError(_(PUBLISHED_BY_RSO), code="published")
    entry = entry_update(entry=locked, data=data, version=version)
    if entry.status == EntryStatus.REJECTED:
        entry.status = EntryStatus.PROPOSED
        entry.proposed_by = by
        entry.save(update_fields=["status", "proposed_by", "updated_at"])
    return entry


def _review(entry: PracticeEntry, by: User | None, status: str, reason: str = "") -> PracticeEntry:
    entry.status = status
    entry.rejection_reason = reason
    entry.reviewed_by = by
    entry.reviewed_at = timezone.now()
    entry.version += 1
    entry.save(
        update_fields=[
            "status",
            "rejection_reason",
            "reviewed_by",
            "reviewed_at",
            "version",
            "updated_at",
        ]
    )
    return entry


@transaction.atomic
def entry_publish(*, entry: PracticeEntry, by: User) -> PracticeEntry:
    entry = PracticeEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.is_published:
        return entry  # the same click twice
    return _review(entry, by, EntryStatus.PUBLISHED)


@transaction.atomic
def entry_reject(*, entry: PracticeEntry, by: User, reason: str) -> PracticeEntry:
    if not reason.strip():
        raise ValidationError(_(REASON_REQUIRED))
    entry = PracticeEntry.objects.select_for_update().get(pk=entry.pk)
    return _review(entry, by, EntryStatus.REJECTED, reason.strip())


def library_version() -> str:
    """Changes with every saved, published, rejected or deleted entry: the search index's and
    the map's cache key. One query."""
    version = PracticeEntry.objects.aggregate(
        changed=Max("updated_at"),
        count=Count("id", distinct=True),
        links=Count("indicators", distinct=True),
    )
    changed = version["changed"].isoformat() if version["changed"] else "-"
    return f"{changed}.{version['count']}.{version['links']}"
