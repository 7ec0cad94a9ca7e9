"""Demoland's legal-status profile: plausible, fictional, and moving a little over the years."""

from __future__ import annotations

from assessments.legal_status.models import LegalStatus
from assessments.legal_status.services import treaties
from assessments.models import Assessment, User

Status = LegalStatus.Status

# Treaty code -> (status, year of the event, note). ILO conventions are ratified, never signed.
DEMOLAND = {
    "untoc": (Status.PARTY, 2004, ""),
    "tip-protocol": (Status.PARTY, 2009, ""),
    "smuggling-protocol": (
        Status.SIGNED,
        2001,
        "Ratification bill drafted by the interior ministry.",
    ),
    "ilo-c29": (Status.PARTY, 1960, ""),
    "ilo-p029": (Status.PARTY, 2025, ""),
    "ilo-c105": (Status.PARTY, 1962, ""),
    "ilo-c182": (Status.PARTY, 2001, ""),
    "crc": (Status.PARTY, 1991, ""),
    "opsc": (Status.PARTY, 2006, ""),
    "cedaw": (Status.PARTY, 1985, "Reservation to article 29(1)."),
    "actip": (Status.PARTY, 2017, ""),
    "uncac": (Status.PARTY, 2011, ""),
    "refugee-convention": (Status.NOT_PARTY, None, ""),
    "icrmw": (Status.SIGNED, 2012, ""),
    "saarc-convention": (Status.NOT_PARTY, None, "Demoland is not a member of SAARC."),
    "ilo-c181": (Status.NOT_PARTY, None, ""),
    "ilo-c188": (Status.NOT_PARTY, None, "Fisheries ministry reviewing the gap analysis."),
    "ilo-c189": (Status.NOT_PARTY, None, "Under review by the labour ministry."),
}
PENDING = "Before parliament; ratification expected in {year}."


def demo_status(code: str, year: int) -> tuple[str, int | None, str] | None:
    """Where Demoland stood on a treaty in the given reporting year (None: not recorded)."""
    if code not in DEMOLAND:
        return None
    status, when, note = DEMOLAND[code]
    if when is not None and when > year:  # not yet: ratified after that assessment
        return Status.NOT_PARTY, None, PENDING.format(year=when)
    return status, when, note


def demo_legal_status(assessment: Assessment, by: User, year: int) -> None:
    """Record Demoland's profile for one assessment (new assessments have none)."""
    rows = []
    for instrument in treaties():
        entry = demo_status(instrument.code, year)
        if entry is not None:
            status, when, note = entry
            rows.append(
                LegalStatus(
                    assessment=assessment,
                    instrument=instrument,
                    status=status,
                    year=when,
                    note=note,
                    updated_by=by,
                )
            )
    LegalStatus.objects.bulk_create(rows)
