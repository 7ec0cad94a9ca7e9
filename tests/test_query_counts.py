"""Every page asks a fixed number of queries, whatever the amount of data behind it.

Each page is opened twice: for a small member state in a small region, and for a large member
state (more assessments, answers, answer history, actions with aims and partners, agencies,
team members, invitations, treaty statuses, sharing log entries and library entries) after the
region grew (more member states sharing, treaties, published library entries and indicators).
Both times with an empty cache (what the first visitor pays: the edition's structure, the
regional figures) and again with the cache filled (every visitor after). The counts must be
equal, and the warm count equals the page's budget in BUDGETS: a page that starts asking one
query per row fails here, and so does a page added without a budget.

Not here: the section page (tests/assessments/test_section_page.py holds its own count), the
downloads (PDF, Excel) and the report's preview (the reports', rendered by workers), and what
only redirects or answers POST (tests/test_pages.py's NOT_PAGES).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.jobs.models import DocumentJob
from assessments.link_tokens import token_hash
from assessments.models import (
    Action,
    ActionIndicator,
    Agency,
    Answer,
    Assessment,
    AssessmentEvent,
    CategoryTarget,
    EntryStatus,
    EvidenceFile,
    Invitation,
    LegalStatus,
    PracticeEntry,
    PracticeIndicator,
    Role,
    Share,
    ShareLogEntry,
    User,
    WorkbookImport,
)
from assessments.models.assessments import EMPTY_VALUES
from roadmap.edition_structure import clear_memo
from roadmap.models import Challenge, Edition, Indicator, Instrument, LegalReference
from tests.assessments.conftest import add_section
from tests.conftest import sign_in
from tests.factories import (
    AssessmentFactory,
    ChallengeFactory,
    MemberFactory,
    MemberStateFactory,
    ResourceFactory,
    UserFactory,
    complete_edition,
)
from tests.test_pages import NOT_PAGES
from tests.test_url_access import PROTECTED, PUBLIC, RSO_LIBRARY, RSO_ONLY, RSO_REGION

pytestmark = pytest.mark.django_db

# Covered elsewhere, or not a page (see the module's docstring).
EXCLUDED = {"assessment-section", "regional-assessment-export", "health", "logout", "set-language"}

# Queries per page with a filled cache, signed in as the focal point (RSO staff for their
# pages, nobody for public ones). A signed-in page starts at 7: the session, the user, the
# two-factor middleware's device check, the navbar's member state, and the session's renewal
# (an UPDATE, inside a savepoint in tests). Lower a budget when its page gets cheaper.
BUDGETS = {
    # an assessment of the member state
    "assessment-list": 10,
    "assessment-new": 8,
    "assessment-overview": 12,
    # one more each: the workbook uploads its history names, and every file it has had
    "answer-history": 17,
    "assessment-challenges": 10,
    "assessment-results": 13,
    "assessment-results[submitted]": 13,
    "assessment-targets": 10,
    "assessment-submit": 10,
    "assessment-legal-status": 10,
    "evidence-files": 10,  # an answer's files: the assessment, the indicator, its files
    "evidence-purge": 8,  # the file with its assessment and indicator
    "assessment-sharing": 10,
    "assessment-reopen": 8,
    "assessment-action-new": 13,
    "document-progress": 9,  # a report asked for, being prepared
    "questionnaire": 12,
    "questionnaire-preview": 14,
    # the action plan
    "plan": 14,
    "plan-agencies": 8,
    "plan-agency": 8,
    "plan-action": 19,
    "plan-action-edit": 18,
    # the team and the account
    "team": 9,
    "team-add": 7,
    "team-member": 8,
    "password_change": 7,
    "password_change_done": 7,
    "two-factor-status": 10,
    "two-factor-setup": 10,
    "two-factor-verify": 7,
    "two-factor-recovery-codes": 10,
    # the practices library, for a member state and for RSO staff
    "practices-propose": 7,
    "practices-mine": 9,
    "practices-mine-edit": 11,
    "practices-review": 10,
    "practices-entry-new": 8,
    "practices-entry-edit": 12,
    # RSO staff
    "regional": 9,
    "regional-assessment": 13,
    # public
    "home": 2,
    "framework": 3,
    "framework-search": 1,
    "framework-instruments": 3,
    "framework-resources": 3,
    "framework-print": 9,
    "framework-section": 8,
    "framework-indicator": 7,
    "framework-category": 4,
    "login": 0,
    "password_reset": 0,
    "password_reset_done": 0,
    "password_reset_confirm": 1,
    "password_reset_complete": 0,
    "invitation": 2,
    "practices": 2,
    "practices-country": 5,
    "practices-entry": 4,
}


def pages() -> list[str]:
    """Every page: the URLs tests/test_url_access.py classifies, less those tested elsewhere."""
    names = (set(PROTECTED) - NOT_PAGES | PUBLIC) - EXCLUDED
    # Pages that redirect in tests/test_pages.py's scenario: opened here with chosen gaps, and
    # for a submitted assessment.
    opened = {"assessment-action-new", "assessment-reopen", "assessment-results[submitted]"}
    return sorted(names | opened)


def test_every_page_has_a_query_budget():
    assert sorted(set(pages()) - set(BUDGETS)) == []
    assert sorted(set(BUDGETS) - set(pages())) == []


# --- the data -----------------------------------------------------------------------------------


@dataclass
class Side:
    """One member state's data: what the URLs of its pages point at."""

    state: object
    focal: User
    contributor: User
    draft: Assessment  # answered, with an earlier submitted assessment to compare with
    submitted: Assessment  # shared with the RSO
    indicator: str  # an indicator whose answer has a history
    gaps: list[str]  # gap codes for a new action
    agency: Agency
    action: Action
    entry: PracticeEntry  # proposed by the focal point
    published: PracticeEntry  # in the public library
    invitation_secret: str
    job: DocumentJob  # the draft's report, asked for
    upload: WorkbookImport  # a workbook upload of the draft, waiting for confirmation
    evidence: EvidenceFile  # one of the files on the draft's answer to `indicator`


def _answer_all(assessment: Assessment, codes: list[str], level: int) -> None:
    indicators = Indicator.objects.filter(edition=assessment.edition, code__in=codes)
    Answer.objects.bulk_create(
        Answer(assessment=assessment, indicator=i, level=level, evidence=f"Evidence {i.code}")
        for i in indicators
    )


def _share(assessment: Assessment, by: User, changes: int) -> None:
    Share.objects.create(
        assessment=assessment,
        level="answers",
        include_evidence=True,
        shared_by=by,
        shared_at=timezone.now(),
    )
    for n in range(changes + 1):
        ShareLogEntry.objects.create(
            assessment=assessment,
            kind="shared" if n == 0 else "changed",
            level="answers",
            by=by,
        )


def build_side(edition: Edition, code: str, *, size: int) -> Side:
    """A member state with `size` of everything a page lists (1 for the small one)."""
    state = MemberStateFactory(code=code, name=f"State {code}", is_demo=False)
    focal = MemberFactory(Role.FOCAL_POINT, state, email=f"focal@{code}.example")
    contributor = MemberFactory(Role.CONTRIBUTOR, state, email=f"contributor@{code}.example")
    MemberFactory(Role.VIEWER, state, email=f"viewer@{code}.example")
    for n in range(size - 1):
        MemberFactory(Role.CONTRIBUTOR, state, email=f"member{n}@{code}.example")
    codes = list(
        Indicator.objects.filter(edition=edition).order_by("code").values_list("code", flat=True)
    )
    answered = codes[: max(2, len(codes) * (size > 1))]
    submitted = None
    for year in range(2024 - size, 2025):
        submitted = AssessmentFactory(
            edition=edition,
            member_state=state,
            reporting_year=year,
            status="submitted",
            submitted_at=timezone.now() - timedelta(days=2025 - year),
            created_by=focal,
        )
        _answer_all(submitted, answered, 1)
    _share(submitted, focal, changes=size)
    draft = AssessmentFactory(edition=edition, member_state=state, created_by=focal)
    _answer_all(draft, answered, 2)
    draft.challenges.set(Challenge.objects.filter(edition=edition)[:size])
    for category in ["POL", "PLAN", "PRIN", "PRAC"][:size]:
        CategoryTarget.objects.create(assessment=draft, category=category, level=4)
    for _ in range(size):
        AssessmentEvent.objects.create(assessment=draft, kind="reopened", by=focal, reason="Why")
    upload = WorkbookImport.objects.create(
        assessment=draft,
        file_name=f"{code}.xlsx",
        size=1,
        sha256="0" * 64,
        uploaded_by=focal,
        rows=[
            {"code": c, "row": n + 2, "values": {**EMPTY_VALUES, "level": 3}, "version": 1}
            | {"loaded": "", "errors": []}
            for n, c in enumerate(answered)
        ],
    )
    answer = Answer.objects.get(assessment=draft, indicator__code=answered[0])
    answer._change_reason = upload.history_reason()  # the history names the upload
    for n in range(size):  # history records of one answer, by one member and another
        answer.level, answer.version = n % 5, answer.version + 1
        answer.updated_by = contributor if n % 2 else focal
        answer.updated_by_name = answer.updated_by.full_name
        answer.save()
    for instrument in Instrument.objects.all()[:size]:
        LegalStatus.objects.create(
            assessment=draft, instrument=instrument, status="party", updated_by=focal
        )
    agencies = [
        Agency.objects.create(member_state=state, name=f"Agency {n} of {code}") for n in range(size)
    ]
    actions = []
    for n in range(size):
        action = Action.objects.create(
            member_state=state,
            found_in=draft,
            objective=f"Objective {n} of {code}",
            lead_agency=agencies[0],
            status=Action.Status.PLANNED,
            due_date=timezone.localdate() + timedelta(days=n),
        )
        action.partners.set(agencies)
        for indicator_code in answered[:size]:
            ActionIndicator.objects.create(
                action=action, indicator_code=indicator_code, aimed_level=4
            )
        action.status = Action.Status.IN_PROGRESS
        action.save()  # a second history record
        actions.append(action)
    secret = f"invitation-of-{code}"
    for n in range(size):
        Invitation.objects.create(
            member_state=state,
            email=f"invited{n}@{code}.example",
            full_name=f"Invited {n}",
            role=Role.VIEWER,
            sent_at=timezone.now(),
            token_hash=token_hash(secret if n == 0 else f"{secret}-{n}"),
        )
    entries = []
    for n in range(size + 1):
        entry = PracticeEntry.objects.create(
            member_state=state,
            kind="practice",
            title=f"Practice {n} of {code}",
            year=2020,
            summary="A practice.",
            pillar="protection",
            category="POL",
            proposed_by=focal,
            status=EntryStatus.PROPOSED if n == 0 else EntryStatus.PUBLISHED,
        )
        for indicator_code in answered[:size]:
            PracticeIndicator.objects.create(entry=entry, indicator_code=indicator_code)
        entries.append(entry)
    files = [
        EvidenceFile.objects.create(
            assessment=draft,
            indicator=answer.indicator,
            name=f"File {n} of {code}.pdf",
            content_type="application/pdf",
            size=1000 * (n + 1),
            stored_name=f"{draft.pk}/{code}-{n}.pdf",
            scan=EvidenceFile.Scan.NOT_SCANNED,
            uploaded_by=contributor if n % 2 else focal,
            uploaded_by_name="Uploader",
            removed_at=timezone.now() if n == 1 else None,  # the history lists removed ones
        )
        for n in range(size + 1)
    ]
    job = DocumentJob.objects.create(
        kind="report",
        subject=f"assessment:{draft.pk}",
        assessment=draft,
        language="en",
        fingerprint=code,
        filename=f"{code}.pdf",
    )
    return Side(
        upload=upload,
        job=job,
        evidence=files[0],
        state=state,
        focal=focal,
        contributor=contributor,
        draft=draft,
        submitted=submitted,
        indicator=answered[0],
        gaps=answered[:size],
        agency=agencies[0],
        action=actions[0],
        entry=entries[0],
        published=entries[1],
        invitation_secret=secret,
    )


def grow_region(edition: Edition, size: int = 4) -> None:
    """More of what every member state sees: member states sharing, treaties, library entries
    (published and proposed), challenges, resources and legal references, and indicators."""
    add_section(edition, "POL.G", size)
    codes = list(Indicator.objects.filter(edition=edition).values_list("code", flat=True))
    indicators = list(Indicator.objects.filter(edition=edition))
    for n in range(size):
        ChallengeFactory(edition=edition)
        instrument = Instrument.objects.create(
            code=f"grown-treaty-{n}", name=f"Grown Treaty {n}", kind="treaty", year=2000 + n
        )
        resource = ResourceFactory()
        for indicator in indicators:
            LegalReference.objects.create(
                indicator=indicator, instrument=instrument, article=f"Art. {n}"
            )
            indicator.resources.add(resource)
    for n in range(size):
        state = MemberStateFactory(code=f"XG{chr(65 + n)}", name=f"Grown {n}", is_demo=False)
        focal = MemberFactory(Role.FOCAL_POINT, state, email=f"focal{n}@grown.example")
        assessment = AssessmentFactory(
            edition=edition,
            member_state=state,
            reporting_year=2024,
            status="submitted",
            submitted_at=timezone.now(),
        )
        _answer_all(assessment, codes, 3)
        _share(assessment, focal, changes=0)
        for status in (EntryStatus.PUBLISHED, EntryStatus.PROPOSED):
            entry = PracticeEntry.objects.create(
                member_state=state,
                kind="legislation",
                title=f"Act {n} ({status})",
                year=2010,
                summary="An act.",
                pillar="prosecution",
                category="POL",
                status=status,
                proposed_by=focal,
            )
            PracticeIndicator.objects.create(entry=entry, indicator_code=codes[n])


@dataclass
class World:
    edition: Edition
    small: Side
    large: Side
    rso: User


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back at its end; each test's own
    changes (the grown region) are rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        edition = complete_edition(code="counts", status=Edition.Status.PUBLISHED)
        add_section(edition, "POL.T", 8)
        ChallengeFactory(edition=edition)
        Indicator.objects.get(edition=edition, code="POL.T.1").resources.add(ResourceFactory())
        for n in range(2):
            Instrument.objects.create(
                code=f"treaty-{n}", name=f"Treaty {n}", kind="treaty", year=2000
            )
        small = build_side(edition, "XSA", size=1)
        build_side(edition, "XSB", size=1)  # a third state sharing: the region shows figures
        large = build_side(edition, "XLA", size=6)
        rso = UserFactory(email="rso@counts.example", role=Role.RSO)
        yield World(edition, small, large, rso)
        transaction.set_rollback(True)


# --- the pages ----------------------------------------------------------------------------------

RSO_PAGES = RSO_ONLY | RSO_REGION | RSO_LIBRARY
NO_ARGS = {"home", "framework", "framework-instruments", "framework-resources", "framework-print"}
PUBLIC_ARGS = {
    "framework-section": ["POL.T"],
    "framework-indicator": ["POL.T.1"],
    "framework-category": ["policy"],
    "password_reset_confirm": ["MQ", "not-a-token"],
}


def url_of(name: str, side: Side) -> str:
    """The page's URL for the side's objects."""
    by_side = {
        "assessment-overview": [side.draft.pk],
        "assessment-challenges": [side.draft.pk],
        "assessment-results": [side.draft.pk],
        "assessment-targets": [side.draft.pk],
        "assessment-submit": [side.draft.pk],
        "assessment-legal-status": [side.draft.pk],
        "assessment-action-new": [side.draft.pk],
        "answer-history": [side.draft.pk, side.indicator],
        "evidence-files": [side.draft.pk, side.indicator],
        "evidence-purge": [side.evidence.public_id],
        "assessment-sharing": [side.submitted.pk],
        "assessment-reopen": [side.submitted.pk],
        "regional-assessment": [side.submitted.pk],
        "plan-agency": [side.agency.pk],
        "plan-action": [side.action.pk],
        "plan-action-edit": [side.action.pk],
        "team-member": [side.contributor.pk],
        "practices-mine-edit": [side.entry.pk],
        "practices-entry-edit": [side.entry.pk],
        "practices-entry": [side.published.pk],
        "practices-country": [side.state.code],
        "invitation": [side.invitation_secret],
        "document-progress": [side.job.public_id],
        "questionnaire": [side.draft.pk],
        "questionnaire-preview": [side.draft.pk, side.upload.public_id],
    }
    if name == "assessment-results[submitted]":
        return reverse("assessment-results", args=[side.submitted.pk])
    url = reverse(name, args=by_side.get(name) or PUBLIC_ARGS.get(name, []))
    if name == "assessment-action-new":
        url += "?" + urlencode({"gaps": side.gaps}, doseq=True)
    if name == "framework-search":
        url += "?q=victims"
    return url


def client_for(name: str, side: Side, world: World) -> Client:
    """Signed in as the side's focal point, as RSO staff for their pages; nobody for public
    pages."""
    client = Client()
    if name in PUBLIC:
        return client
    if name in RSO_PAGES:
        return sign_in(client, world.rso)
    client.force_login(side.focal)
    if name in ("two-factor-verify", "two-factor-recovery-codes"):
        # Asked of someone with an authenticator app; the codes once its code is entered.
        device = TOTPDevice.objects.create(user=side.focal, name="app", confirmed=True)
        if name == "two-factor-recovery-codes":
            session = client.session
            session["otp_device_id"] = device.persistent_id
            session.save()
    return client


def queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in captured.captured_queries]


def measure(name: str, side: Side, world: World) -> tuple[list[str], list[str]]:
    """The page's queries with an empty cache, then with the cache it filled."""
    client, url = client_for(name, side, world), url_of(name, side)
    cache.clear()
    clear_memo()
    return queries(client, url), queries(client, url)


def differ(few: list[str], many: list[str]) -> str:
    """The queries asked more or less often by one than the other (values masked), to say
    which relation a page reads once per row."""

    def shapes(sql: list[str]) -> Counter:
        return Counter(re.sub(r"'[^']*'|\"s\d+_x\d+\"|\b\d+\b", "?", q)[:240] for q in sql)

    a, b = shapes(few), shapes(many)
    return "\n".join(sorted(f"{a[k]} -> {b[k]}: {k}" for k in a.keys() | b.keys() if a[k] != b[k]))


@pytest.mark.parametrize("name", pages())
def test_the_page_asks_a_fixed_number_of_queries(world, name, settings):
    settings.REGIONAL_DEMO_DATA = False
    small_cold, small_warm = measure(name, world.small, world)
    grow_region(world.edition)
    large_cold, large_warm = measure(name, world.large, world)
    assert len(large_cold) == len(small_cold), differ(small_cold, large_cold)
    assert len(large_warm) == len(small_warm), differ(small_warm, large_warm)
    assert len(large_warm) == BUDGETS[name], "\n".join(q[:240] for q in large_warm)
