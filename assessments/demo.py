"""Demo data for `make run`: the fictional member state Demoland, its team and two assessments.

Deterministic (levels derive from indicator codes) so that screenshots and tests are stable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.answering import Submission, section_save
from assessments.models import EMPTY_VALUES, Assessment, MemberState, Role, User
from assessments.services import assessment_create, assessment_submit
from roadmap.models import Challenge, Edition, Indicator

DEMO_STATE_CODE = "XDL"
DEMO_PASSWORD_SUFFIX = "-2026"


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


def _submitted(demo_state, focal, contributor, year: int) -> Assessment:
    """A fully answered, submitted assessment of the given year."""
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
    assessment_submit(assessment=assessment, by=focal)
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


def _answer(indicators, assessment, by, year, share=1.0) -> None:
    count = round(len(indicators) * share)
    submissions = []
    for indicator in indicators[:count]:
        values = dict(EMPTY_VALUES)
        if _score(indicator.code, "na") % 29 == 0:
            values["not_applicable"] = True
            values["na_justification"] = "Demo: no such institution exists in Demoland."
        else:
            values["level"] = demo_level(indicator, year)
            values["evidence"] = (
                f"Demo evidence ({year}): agency reports and data for {indicator.code}."
            )
        submissions.append(Submission(indicator, values, version=0, loaded=""))
    section_save(assessment=assessment, by=by, submissions=submissions)


@transaction.atomic
def load_demo() -> list[str]:
    """Create the demo member state, accounts and assessments; return what was done."""
    done = []
    demo_state, _ = MemberState.objects.get_or_create(
        code=DEMO_STATE_CODE,
        defaults={"name": "Demoland (fictional)", "is_demo": True, "verified": True},
    )
    users = ensure_accounts(demo_state)
    ensure_demo_devices(users)
    done.append(f"{len(users)} demo accounts ready")
    if Assessment.objects.filter(member_state=demo_state).exists():
        done.append("Demoland's assessments already exist; left as they are")
        return done
    if Edition.objects.current() is None:
        raise ValidationError("Load the framework first (manage.py load_framework).")
    focal, contributor = users[FOCAL.email], users[CONTRIBUTOR.email]

    _submitted(demo_state, focal, contributor, 2024)
    _submitted(demo_state, focal, contributor, 2025)
    done.append("submitted assessments 2024 and 2025, fully answered")

    draft = assessment_create(
        member_state=demo_state,
        by=focal,
        title="National self-assessment 2026",
        reporting_year=2026,
        profile_origin=True,
        profile_destination=True,
    )
    indicators = list(draft.applicable_indicators().select_related("scale"))
    half = len(indicators) // 2
    _answer(indicators[: half // 2], draft, focal, 2026)
    _answer(indicators[half // 2 : half], draft, contributor, 2026)
    done.append(f"draft assessment 2026, {half} of {len(indicators)} indicators answered")
    return done
