"""Demo data for `make run`: the fictional member state Demoland, its team and three assessments
(with its 2025 one shared with the RSO, and fictional neighbours for the regional view), and the
practices library's seed entries, published (assessments/practices/seed.py).

The 2024 and 2025 assessments are submitted; the 2026 draft has every applicable indicator
answered, so that a newcomer can submit it and download its report a moment later.

Deterministic (levels and texts derive from indicator codes) so that screenshots and tests are
stable. Each assessment's dates lie in its own reporting year, as if the team had worked on it
then (assessments.demo_dates), and its answers read like a ministry's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.answering import Submission, section_save
from assessments.demo_dates import DemoCalendar, backdate, demo_calendar
from assessments.evidence.demo import ensure_demo_evidence
from assessments.legal_status.demo import demo_legal_status
from assessments.models import EMPTY_VALUES, Assessment, MemberState, Role, Subregion, User
from assessments.plans.demo import ensure_demo_plan
from assessments.practices.seed import ensure_demo_practices
from assessments.regional.demo import ensure_regional_demo
from assessments.services import assessment_create, assessment_submit, missing_answers
from roadmap.models import Challenge, Edition, Indicator

DEMO_STATE_CODE = "XDL"
DEMO_PASSWORD_SUFFIX = "-2026"
DRAFT_YEAR = 2026
DRAFT_TITLE = f"National self-assessment {DRAFT_YEAR}"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str  # a Role value, or "" for the administrator

    @property
    def password(self) -> str:
        name = self.email.split("@")[0]
        return f"demo-{name}{DEMO_PASSWORD_SUFFIX}"


ADMIN = DemoAccount("admin@demo.example", "Demo Administrator", "")
FOCAL = DemoAccount("focal@demo.example", "Dara Focal (demo)", Role.FOCAL_POINT)
CONTRIBUTOR = DemoAccount("contributor@demo.example", "Kim Contributor (demo)", Role.CONTRIBUTOR)
VIEWER = DemoAccount("viewer@demo.example", "Lee Viewer (demo)", Role.VIEWER)
RSO = DemoAccount("rso@demo.example", "Sam RSO (demo)", Role.RSO)
ACCOUNTS = [ADMIN, FOCAL, CONTRIBUTOR, VIEWER, RSO]


def _score(code: str, salt: str) -> int:
    return hashlib.sha256(f"{salt}:{code}".encode()).digest()[0]


def demo_level(indicator: Indicator, year: int) -> int:
    """A plausible, stable level that mostly improves from one year to the next."""
    base = _score(indicator.code, "base") % 4  # 0..3 in 2025
    if year <= 2024 and _score(indicator.code, "gain") % 2 == 0:
        base -= 1  # a year earlier, half the indicators were a step lower
    if year <= 2024 and _score(indicator.code, "slip") % 11 == 0:
        base += 1  # and a few have slipped since
    if year >= 2026 and _score(indicator.code, "gain") % 3 == 0:
        base += 1
    if indicator.scale.max_value == 1:
        base = 1 if base >= 1 else 0
    return max(0, min(base, indicator.scale.max_value))


def _submitted(demo_state, focal, contributor, year: int, calendar: DemoCalendar) -> Assessment:
    """A fully answered assessment of the given year, submitted in that year."""
    assessment = assessment_create(
        member_state=demo_state,
        by=focal,
        title=f"National self-assessment {year}",
        reporting_year=year,
        profile_origin=True,
        profile_destination=True,
    )
    indicators = list(assessment.applicable_indicators().select_related("scale"))
    _answer(indicators, assessment, contributor, year)
    assessment.challenges.set(Challenge.objects.filter(edition=assessment.edition)[:5])
    demo_legal_status(assessment, focal, year)
    assessment_submit(assessment=assessment, by=focal)
    backdate(assessment, calendar)
    return assessment


def demo_totp_key(email: str) -> str:
    """A fixed, published TOTP key (hex) for a demo account: demo only, like its password."""
    return hashlib.sha1(f"rsr-demo-totp:{email}".encode()).hexdigest()


def ensure_demo_devices(users: dict[str, User]) -> None:
    """Give the demo accounts that require two-factor a device, so `make demo-code` works."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from assessments.two_factor import requires_two_factor

    for email, user in users.items():
        if requires_two_factor(user):
            TOTPDevice.objects.update_or_create(
                user=user,
                name="Demo authenticator",
                defaults={"key": demo_totp_key(email), "confirmed": True},
            )


def ensure_accounts(demo_state: MemberState) -> dict[str, User]:
    """Create or reset the demo accounts so that the printed passwords always work."""
    users = {}
    for account in ACCOUNTS:
        in_state = account.role in (Role.FOCAL_POINT, Role.CONTRIBUTOR, Role.VIEWER)
        user, _ = User.objects.get_or_create(email=account.email)
        user.full_name = account.full_name
        user.role = account.role
        user.member_state = demo_state if in_state else None
        user.is_active = True
        user.is_staff = user.is_superuser = account is ADMIN
        user.set_password(account.password)
        user.save()
        users[account.email] = user
    return users


# What the demo team wrote as evidence for each level: plain, the way an official would.
EVIDENCE = {
    0: "Not in place yet. The national task force listed it for the next national action plan "
    "({year}).",
    1: "Initial steps only: a concept note by the lead ministry ({year}); no budget or written "
    "procedures yet.",
    2: "Draft procedures circulated to the agencies concerned in {year}; applied in two pilot "
    "provinces so far.",
    3: "In place nationwide: procedures approved in {previous}, training records and the task "
    "force's annual report for {year}.",
    4: "In place and reviewed: an independent review in {year} found it applied consistently; "
    "its recommendations are being followed up.",
}
YES_NO_EVIDENCE = {
    0: "Not adopted yet; a proposal is with the lead ministry ({year}).",
    1: "Adopted and in force; see the national task force's annual report for {year}.",
}
CRITICAL_COMMENT = "Raised with the national task force as a priority for the next action plan."
NA_JUSTIFICATION = (
    "Does not concern Demoland at present: the task force agreed that the country has none of "
    "the arrangements this indicator assesses. To be reviewed at the next assessment."
)


def demo_values(indicator: Indicator, year: int) -> dict[str, object]:
    """The demo team's answer to one indicator in the given year."""
    values = dict(EMPTY_VALUES)
    # A few indicators do not apply; never a critical one (they cannot be marked so).
    if not indicator.critical and _score(indicator.code, "na") % 29 == 0:
        values["not_applicable"] = True
        values["na_justification"] = NA_JUSTIFICATION
        return values
    level = demo_level(indicator, year)
    texts = YES_NO_EVIDENCE if indicator.scale.max_value == 1 else EVIDENCE
    values["level"] = level
    values["evidence"] = texts[level].format(year=year, previous=year - 1)
    if indicator.critical and level <= 1:
        values["comment"] = CRITICAL_COMMENT
    return values


def _answer(indicators, assessment, by, year) -> None:
    submissions = [
        Submission(indicator, demo_values(indicator, year), version=0, loaded="")
        for indicator in indicators
    ]
    section_save(assessment=assessment, by=by, submissions=submissions)


def _draft_indicators(draft: Assessment) -> list[Indicator]:
    return list(draft.applicable_indicators().select_related("scale"))


def _answer_draft(draft: Assessment, focal: User, contributor: User, start: int = 0) -> None:
    """Answer the draft's applicable indicators from the `start`-th on, in framework order.

    The focal point and the contributor take turns by quarter. Earlier versions of the demo
    answered the first two quarters only; answering from there on gives the same draft as a
    fresh load.
    """
    indicators = _draft_indicators(draft)
    half = len(indicators) // 2
    bounds = [0, half // 2, half, half + (len(indicators) - half) // 2, len(indicators)]
    for (first, end), by in zip(pairwise(bounds), [focal, contributor] * 2, strict=True):
        if max(first, start) < end:
            _answer(indicators[max(first, start) : end], draft, by, DRAFT_YEAR)


def _left_half_answered(draft: Assessment, indicators: list[Indicator]) -> bool:
    """Whether the draft is exactly as an earlier demo left it, which no one has saved since.

    That demo answered the first half of the applicable indicators, in framework order, each
    saved once (version 1); a person's save adds an answer elsewhere or raises a version.
    """
    answers = dict(draft.answers.values_list("indicator_id", "version"))
    first_half = {indicator.pk for indicator in indicators[: len(indicators) // 2]}
    return set(answers) == first_half and set(answers.values()) == {1}


def _demo_draft(state: MemberState) -> Assessment | None:
    return (
        Assessment.objects.drafts()
        .filter(member_state=state, reporting_year=DRAFT_YEAR, title=DRAFT_TITLE)
        .order_by("pk")
        .first()
    )


def ensure_complete_draft(state: MemberState, focal: User, contributor: User) -> str:
    """Answer the rest of an earlier demo's half-answered 2026 draft, unless someone worked on it.

    Added to the demo later: a database from an earlier `make run` gets the complete draft too.
    A draft that a person has saved answers in is theirs: it is left as it is (`make reset-db`
    gives the complete demo).
    """
    draft = _demo_draft(state)
    if draft is None:
        return f"no {DRAFT_YEAR} draft to complete; left as it is"
    indicators = _draft_indicators(draft)
    missing = len(missing_answers(draft))
    if missing == 0:
        return f"the {DRAFT_YEAR} draft is complete; left as it is"
    if not _left_half_answered(draft, indicators):
        return (
            f"the {DRAFT_YEAR} draft has been worked on; left as it is, with {missing} "
            "indicators to answer before it can be submitted (make reset-db: the complete demo)"
        )
    _answer_draft(draft, focal, contributor, start=len(indicators) // 2)
    backdate(draft, demo_calendar(DRAFT_YEAR, submitted=False, now=timezone.now()))
    return f"the {DRAFT_YEAR} draft completed: all {len(indicators)} indicators answered"


@transaction.atomic
def load_demo() -> list[str]:
    """Create the demo member state, accounts and assessments; return what was done."""
    done = []
    demo_state, _ = MemberState.objects.get_or_create(
        code=DEMO_STATE_CODE,
        defaults={
            "name": "Demoland (fictional)",
            "subregion": Subregion.SOUTH_EAST_ASIA,
            "is_demo": True,
            "verified": True,
        },
    )
    users = ensure_accounts(demo_state)
    ensure_demo_devices(users)
    done.append(f"{len(users)} demo accounts ready")
    if Assessment.objects.filter(member_state=demo_state).exists():
        done.append("Demoland's assessments already exist; left as they are")
        focal, contributor = users[FOCAL.email], users[CONTRIBUTOR.email]
        done.append(ensure_complete_draft(demo_state, focal, contributor))
        done.append(ensure_demo_evidence(_demo_draft(demo_state), contributor))
        done.append(ensure_demo_plan(demo_state, focal, contributor))
        # Added to the demo later: a database from an earlier `make run` gets it too.
        done += ensure_regional_demo(demo_state, users[FOCAL.email])
        done += ensure_demo_practices(demo_state, users[FOCAL.email], users[RSO.email])
        return done
    if Edition.objects.current() is None:
        raise ValidationError("Load the framework first (manage.py load_framework).")
    focal, contributor = users[FOCAL.email], users[CONTRIBUTOR.email]
    now = timezone.now()

    for year in (2024, 2025):
        _submitted(
            demo_state, focal, contributor, year, demo_calendar(year, submitted=True, now=now)
        )
    done.append("submitted assessments 2024 and 2025, fully answered")

    draft = assessment_create(
        member_state=demo_state,
        by=focal,
        title=DRAFT_TITLE,
        reporting_year=DRAFT_YEAR,
        profile_origin=True,
        profile_destination=True,
    )
    _answer_draft(draft, focal, contributor)
    demo_legal_status(draft, focal, DRAFT_YEAR)
    backdate(draft, demo_calendar(DRAFT_YEAR, submitted=False, now=now))
    count = draft.applicable_indicators().count()
    done.append(f"draft assessment {DRAFT_YEAR}, all {count} indicators answered, ready to submit")
    done.append(ensure_demo_evidence(draft, contributor))
    done.append(ensure_demo_plan(demo_state, focal, contributor))
    done += ensure_regional_demo(demo_state, focal)
    done += ensure_demo_practices(demo_state, focal, users[RSO.email])
    return done
