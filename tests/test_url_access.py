"""Every URL, walked as an anonymous visitor, as another member state and as a viewer.

A view added later without being classified here makes `test_every_url_is_classified` fail,
so no view can forget its access rules. Protected URLs must send anonymous visitors to sign in,
must not show another member state anything of ours, and must not let anyone without the role
change anything.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.utils import timezone

from assessments.evidence.services import evidence_attach
from assessments.legal_status.models import EMPTY_STATUS, status_fingerprint
from assessments.link_tokens import token_hash
from assessments.models import (
    Action,
    ActionIndicator,
    Agency,
    Answer,
    Assessment,
    CategoryTarget,
    DocumentJob,
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
from roadmap.models import Instrument, Section
from tests.assessments.conftest import add_section
from tests.assessments.helpers import section_post
from tests.conftest import sign_in
from tests.factories import (
    AssessmentFactory,
    MemberFactory,
    MemberStateFactory,
    UserFactory,
    complete_edition,
)

pytestmark = pytest.mark.django_db

EVIDENCE_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
INVITATION_SECRET = "scenario-invitation-secret"
SECRET_TITLE = "Alphaland confidential assessment"
SECRET_EVIDENCE = "ALPHA-SECRET-EVIDENCE-4711"
SECRET_OBJECTIVE = "ALPHA-SECRET-OBJECTIVE-0815"
SECRET_AGENCY = "Alphaland Secret Service"
SECRET_PRACTICE = "ALPHA-PROPOSED-PRACTICE-2718"  # proposed, not published: never public
SECRET_FILE = "ALPHA-SECRET-FILE-1618.pdf"

# Open to everyone (no member state's data).
PUBLIC = {
    "home",
    "health",
    "framework",
    "framework-search",
    "framework-instruments",
    "framework-resources",
    "framework-print",
    "framework-section",
    "framework-indicator",
    "framework-category",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "invitation",  # the secret in the link is the proof; an unknown one shows nothing
    "set-language",  # a visitor picks the language of the sign-in page too (POST, CSRF)
    # The practices library: published entries only (test_unpublished_entries_are_never_public)
    "practices",
    "practices-country",
    "practices-entry",
}

# Need sign-in. Value: how to build the URL's arguments from the scenario `s`.
PROTECTED = {
    "assessment-list": lambda s: [],
    "assessment-new": lambda s: [],
    "assessment-overview": lambda s: [s.assessment.pk],
    "assessment-section": lambda s: [s.assessment.pk, "POL.T"],
    "answer-history": lambda s: [s.assessment.pk, "POL.T.1"],
    "assessment-challenges": lambda s: [s.assessment.pk],
    "assessment-results": lambda s: [s.assessment.pk],
    "assessment-targets": lambda s: [s.assessment.pk],
    "assessment-report": lambda s: [s.assessment.pk],
    "assessment-report-preview": lambda s: [s.assessment.pk],
    "assessment-export": lambda s: [s.assessment.pk],
    "assessment-submit": lambda s: [s.assessment.pk],
    "assessment-reopen": lambda s: [s.assessment.pk],
    "assessment-legal-status": lambda s: [s.assessment.pk],
    "assessment-sharing": lambda s: [s.assessment.pk],  # per assessment: another state gets 404
    # Evidence files: as their answer (another state and RSO staff get 404).
    "evidence-files": lambda s: [s.assessment.pk, "POL.T.1"],
    "evidence-download": lambda s: [s.evidence.public_id],
    "evidence-remove": lambda s: [s.evidence.public_id],
    "evidence-purge": lambda s: [s.evidence.public_id],
    "team": lambda s: [],
    "plan": lambda s: [],
    "plan-agencies": lambda s: [],
    "plan-agency": lambda s: [s.agency.pk],
    "plan-action": lambda s: [s.action.pk],
    "plan-action-edit": lambda s: [s.action.pk],
    "assessment-action-new": lambda s: [s.assessment.pk],
    "plan-export-pdf": lambda s: [],
    "plan-export-xlsx": lambda s: [],
    "team-add": lambda s: [],
    "team-member": lambda s: [s.contributor.pk],
    "team-member-role": lambda s: [s.contributor.pk],
    "team-member-remove": lambda s: [s.contributor.pk],
    "team-member-invite": lambda s: [s.contributor.pk],
    "team-invitation-again": lambda s: [s.invitation.pk],
    "team-invitation-withdraw": lambda s: [s.invitation.pk],
    "password_change": lambda s: [],
    "password_change_done": lambda s: [],
    "two-factor-status": lambda s: [],
    "two-factor-setup": lambda s: [],
    "two-factor-verify": lambda s: [],
    "two-factor-enrol": lambda s: ["a-token-nobody-was-given"],
    "two-factor-recovery-codes": lambda s: [],
    "regional-assessment": lambda s: [s.assessment.pk],
    "regional-assessment-export": lambda s: [s.assessment.pk],
    "regional-brief": lambda s: [],
    "regional-export": lambda s: [],
    "regional": lambda s: [],
    "practices-propose": lambda s: [],
    "practices-mine": lambda s: [],
    "practices-mine-edit": lambda s: [s.entry.pk],  # per entry: another state gets 404
    "practices-review": lambda s: [],
    "practices-entry-new": lambda s: [],
    "practices-entry-edit": lambda s: [s.entry.pk],
    # Working offline with a workbook: the focal point and contributors of the assessment's
    # member state; a preview is its uploader's own.
    "questionnaire": lambda s: [s.assessment.pk],
    "questionnaire-download": lambda s: [s.assessment.pk],
    "questionnaire-preview": lambda s: [s.assessment.pk, s.workbook_import.public_id],
    "questionnaire-cancel": lambda s: [s.assessment.pk, s.workbook_import.public_id],
    # A document prepared by a worker: as its assessment (another state and RSO staff get 404).
    "document-progress": lambda s: [s.job.public_id],
    "document-download": lambda s: [s.job.public_id],
    "document-retry": lambda s: [s.job.public_id],
}

# RSO staff only (assessments.access.require_rso): every member state's user gets 403, RSO
# staff get 404 for an assessment that is not shared (the scenario's is not).
RSO_ONLY = {
    "regional-assessment",
    "regional-assessment-export",
}

# RSO staff only, about the whole region (no assessment in the URL): member states' users get
# 403; RSO staff get 200, showing only what member states shared (the scenario shares nothing).
RSO_REGION = {
    "regional",
}

# RSO staff only, the region's documents prepared by a background worker: member states' users
# get 403; RSO staff are sent to the document's progress page (showing only what was shared).
RSO_REGION_DOCUMENTS = {
    "regional-brief",
    "regional-export",
}

# RSO staff only, the practices library's curation (assessments.access.require_practices_curator):
# member states' users and administrators get 403, RSO staff 200. These pages name member states
# and show proposals (curating them is the RSO's work), never an assessment's data.
RSO_LIBRARY = {
    "practices-review",
    "practices-entry-new",
    "practices-entry-edit",
}

# Pages about the signed-in user's own member state or account: another member state's user
# gets 200 here, but must see nothing of ours.
OWN_SCOPE = {
    "assessment-list",
    "plan",
    "plan-agencies",
    "plan-export-pdf",  # another member state downloads its own plan
    "plan-export-xlsx",
    "assessment-new",
    "team",
    "team-add",
    "password_change",
    "password_change_done",
    "two-factor-status",
    "two-factor-setup",
    "two-factor-verify",
    "two-factor-recovery-codes",
    "practices-propose",  # another state's focal point proposes for their own state
    "practices-mine",
}


def url_names(patterns=None, namespace=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield namespace + pattern.name


class Scenario:
    def __init__(self):
        edition = complete_edition(code="pub", status="published")
        add_section(edition, "POL.T", 2)
        self.state = MemberStateFactory(code="XAA", name="Alphaland")
        self.focal = MemberFactory(Role.FOCAL_POINT, self.state, email="focal@alpha.example")
        self.contributor = MemberFactory(Role.CONTRIBUTOR, self.state, email="c@alpha.example")
        self.viewer = MemberFactory(Role.VIEWER, self.state, email="viewer@alpha.example")
        # A state of its own by code: the factory's sequence of codes comes back to XAA after
        # 676 states, which made the outsider a member of Alphaland in long test runs.
        betaland = MemberStateFactory(code="XBB", name="Betaland")
        self.outsider = MemberFactory(Role.FOCAL_POINT, betaland, email="focal@beta.example")
        self.rso = UserFactory(email="rso@rso.example", role=Role.RSO)
        self.assessment = AssessmentFactory(
            edition=edition, member_state=self.state, title=SECRET_TITLE
        )
        section = Section.objects.get(edition=edition, code="POL.T")
        answer = Answer.objects.create(
            assessment=self.assessment,
            indicator=section.indicators.get(code="POL.T.1"),
            level=2,
            evidence=SECRET_EVIDENCE,
        )
        self.section = section
        self.answer = answer
        self.invitation = Invitation.objects.create(
            member_state=self.state,
            email="invited@alpha.example",
            full_name="Invited Person",
            role=Role.VIEWER,
            sent_at=timezone.now(),
            token_hash=token_hash(INVITATION_SECRET),
        )
        self.treaty = Instrument.objects.create(
            code="test-treaty", name="Test Treaty", kind="treaty", year=2000
        )
        self.agency = Agency.objects.create(member_state=self.state, name=SECRET_AGENCY)
        self.action = Action.objects.create(
            member_state=self.state,
            found_in=self.assessment,
            objective=SECRET_OBJECTIVE,
            lead_agency=self.agency,
            status=Action.Status.PROPOSED,
        )
        ActionIndicator.objects.create(action=self.action, indicator_code="POL.T.1", aimed_level=3)
        self.entry = PracticeEntry.objects.create(
            member_state=self.state,
            kind="practice",
            title=SECRET_PRACTICE,
            year=2020,
            summary="Proposed by Alphaland's focal point, not reviewed yet.",
            pillar="protection",
            category="POL",
            proposed_by=self.focal,
        )
        PracticeIndicator.objects.create(entry=self.entry, indicator_code="POL.T.1")
        self.evidence = evidence_attach(
            assessment=self.assessment,
            indicator=answer.indicator,
            upload=SimpleUploadedFile(SECRET_FILE, EVIDENCE_PDF),
            by=self.contributor,
        )
        self.job = DocumentJob.objects.create(
            kind="report",
            subject=f"assessment:{self.assessment.pk}",
            assessment=self.assessment,
            language="en",
            fingerprint="scenario",
            filename=f"{SECRET_TITLE}.pdf",
        )

        self.workbook_import = WorkbookImport.objects.create(
            assessment=self.assessment,
            file_name=f"{SECRET_TITLE}.xlsx",
            size=1,
            sha256="0" * 64,
            rows=[{"code": "POL.T.1", "row": 2, "values": None, "version": 0, "loaded": ""}],
            uploaded_by=self.focal,
        )

    def post_data(self, name: str) -> dict:
        if name == "assessment-section":
            return section_post(self.assessment, self.section, {"POL.T.1": {"level": 4}})
        if name == "evidence-files":
            return {"file": SimpleUploadedFile("Injected.pdf", EVIDENCE_PDF + b"%injected\n")}
        if name == "assessment-legal-status":
            prefix = f"treaty-{self.treaty.pk}-"
            loaded = status_fingerprint(EMPTY_STATUS)  # as the page sends it: would save
            return {prefix + "status": "party", prefix + "year": "2010", prefix + "loaded": loaded}
        return {
            "role": Role.VIEWER,
            "email": "intruder@example.org",
            "full_name": "Intruder",
            "reason": "Because",
            "title": "Injected",
            "reporting_year": 2026,
            "target_level": 3,
            "profile_origin": "on",
            "challenges": [],
            "category_POL": 4,  # a target change would show in the snapshot
            # an action (new, or an edit of s.action) and an agency
            "objective": "Injected objective",
            "gaps": ["POL.T.1"],
            "aim-POL.T.1": 4,
            "status": "done",
            "version": 1,
            "name": "Injected agency",
            # sharing: the widest level (a withdrawal is tested on its own in tests/assessments/
            # sharing, where the assessment is submitted and shared)
            "level": "answers",
            "include_evidence": "on",
        }

    def snapshot(self) -> tuple:
        """Everything a refused request must leave unchanged."""
        return (
            list(Answer.objects.order_by("pk").values_list("level", "evidence", "version")),
            list(Assessment.objects.order_by("pk").values_list("title", "status", "target_level")),
            list(CategoryTarget.objects.values_list("assessment_id", "category", "level")),
            list(
                User.objects.order_by("pk").values_list(
                    "email", "role", "member_state_id", "is_active"
                )
            ),
            list(self.assessment.challenges.values_list("pk", flat=True)),
            list(Invitation.objects.values_list("email", "role", "token_hash", "sent_at")),
            list(LegalStatus.objects.values_list("assessment_id", "instrument_id", "status")),
            list(Action.objects.order_by("pk").values_list("objective", "status", "version")),
            list(ActionIndicator.objects.values_list("indicator_code", "aimed_level")),
            list(Agency.objects.order_by("pk").values_list("name", flat=True)),
            list(Share.objects.values_list("assessment_id", "level", "include_evidence")),
            list(ShareLogEntry.objects.order_by("pk").values_list("assessment_id", "kind")),
            list(
                PracticeEntry.objects.order_by("pk").values_list(
                    "member_state_id", "title", "summary", "status", "rejection_reason", "version"
                )
            ),
            list(
                PracticeIndicator.objects.order_by("pk").values_list("entry_id", "indicator_code")
            ),
            list(WorkbookImport.objects.order_by("pk").values_list("status", "saved_count")),
            list(
                EvidenceFile.objects.order_by("pk").values_list(
                    "name", "stored_name", "removed_at", "purged_at"
                )
            ),
        )


@pytest.fixture
def s():
    return Scenario()


def test_every_url_is_classified():
    names = {name for name in url_names() if not name.startswith("admin:")}
    unclassified = names - PUBLIC - set(PROTECTED)
    assert unclassified == set(), f"Classify these URLs in {__name__}: {sorted(unclassified)}"


@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_anonymous_visitors_are_sent_to_sign_in(client, s, name):
    url = reverse(name, args=PROTECTED[name](s))
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (name, method)
        assert response["Location"].startswith(reverse("login"))
    assert Assessment.objects.get().title == SECRET_TITLE


@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_another_member_state_sees_and_changes_nothing(client, s, name):
    client.force_login(s.outsider)
    url = reverse(name, args=PROTECTED[name](s))
    before = s.snapshot()
    page = client.get(url)
    if name in OWN_SCOPE:
        assert page.status_code in (200, 302), name
    else:
        assert page.status_code in (403, 404, 405), (name, page.status_code)
    body = page.content.decode(errors="replace")  # the plan's exports are PDF and Excel
    secrets = (SECRET_TITLE, SECRET_EVIDENCE, s.contributor.email, s.invitation.email, SECRET_FILE)
    for secret in (*secrets, SECRET_OBJECTIVE, SECRET_AGENCY, SECRET_PRACTICE, s.state.name):
        assert secret not in body, (name, secret)
    if name not in OWN_SCOPE:
        assert client.post(url, s.post_data(name)).status_code in (403, 404, 405), name
        assert s.snapshot() == before, name


@pytest.mark.parametrize("name", sorted(set(PROTECTED) - {"assessment-new", "team-add"}))
def test_a_viewer_can_change_nothing(client, s, name):
    client.force_login(s.viewer)
    before = s.snapshot()
    client.post(reverse(name, args=PROTECTED[name](s)), s.post_data(name))
    assert s.snapshot() == before, name


@pytest.mark.parametrize("name", ["assessment-new", "team-add"])
def test_a_viewer_cannot_create_anything(client, s, name):
    client.force_login(s.viewer)
    assert client.post(reverse(name), s.post_data(name)).status_code == 403
    assert Assessment.objects.count() == 1
    assert not User.objects.filter(email="intruder@example.org").exists()


@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_rso_staff_see_and_change_no_member_states_data(client, s, name):
    """RSO staff belong to no member state: nothing of ours, unless it is shared with them."""
    sign_in(client, s.rso)
    url = reverse(name, args=PROTECTED[name](s))
    before = s.snapshot()
    page = client.get(url)
    if name in RSO_ONLY:
        assert page.status_code == 404, name  # not shared
    elif name in RSO_REGION | RSO_LIBRARY:
        assert page.status_code == 200, name
    elif name in RSO_REGION_DOCUMENTS:
        assert page.status_code == 302, name
        assert page["Location"].startswith("/documents/"), name
    elif name not in OWN_SCOPE:
        assert page.status_code in (403, 404, 405), (name, page.status_code)
    body = page.content.decode(errors="replace")
    secrets = [SECRET_TITLE, SECRET_EVIDENCE, SECRET_OBJECTIVE, SECRET_AGENCY, SECRET_FILE]
    if name not in RSO_LIBRARY:  # the library's pages list member states and proposals
        secrets += [SECRET_PRACTICE, s.state.name]
    for secret in secrets:
        assert secret not in body, (name, secret)
    client.post(url, s.post_data(name))
    assert s.snapshot() == before, name


@pytest.mark.parametrize("name", sorted(RSO_ONLY | RSO_REGION | RSO_REGION_DOCUMENTS | RSO_LIBRARY))
@pytest.mark.parametrize("who", ["focal", "contributor", "viewer", "outsider"])
def test_member_state_users_cannot_open_rso_pages(client, s, name, who):
    client.force_login(getattr(s, who))
    assert client.get(reverse(name, args=PROTECTED[name](s))).status_code == 403


@pytest.mark.parametrize("name", sorted(RSO_ONLY | RSO_REGION | RSO_REGION_DOCUMENTS | RSO_LIBRARY))
def test_administrators_cannot_open_rso_pages(client, s, name):
    admin = User.objects.create_user(email="root@example.org", is_staff=True, is_superuser=True)
    sign_in(client, admin)
    assert client.get(reverse(name, args=PROTECTED[name](s))).status_code == 403


def test_the_admin_site_is_closed_to_member_state_users(client, s):
    client.force_login(s.focal)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_unpublished_practice_entries_are_never_public(client, s):
    """Every public page without arguments, and the library's own public pages when present."""
    names = set(url_names())
    for name in sorted(PUBLIC & names):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # needs arguments: the library's are walked below
        assert SECRET_PRACTICE not in client.get(url).content.decode(errors="replace"), name
    if "practices-country" in names:
        page = client.get(reverse("practices-country", args=[s.state.code]))
        assert SECRET_PRACTICE not in page.content.decode(), "practices-country"
    if "practices-entry" in names:
        assert client.get(reverse("practices-entry", args=[s.entry.pk])).status_code == 404


UNPUBLISHED_TITLES = ("ALPHA-PROPOSED-ENTRY-1234", "ALPHA-REJECTED-ENTRY-5678")


def public_urls(s, entries) -> list[str]:
    """Every public URL, with the arguments that could show the scenario's library entries."""
    with_args = {
        "practices-country": [s.state.code],
        "framework-section": ["POL.T"],
        "framework-indicator": ["POL.T.1"],
        "framework-category": ["policy"],
        "invitation": ["not-a-real-secret"],
        "password_reset_confirm": ["x", "y"],
    }
    urls = [reverse("practices-entry", args=[entry.pk]) for entry in entries]
    for name in sorted(PUBLIC - {"practices-entry", "logout", "set-language"}):
        urls.append(reverse(name, args=with_args.get(name, [])))
    return urls


@pytest.mark.parametrize("who", ["anonymous", "focal", "outsider", "rso"])
def test_unpublished_entries_are_never_public(client, s, settings, who):
    """Proposed and rejected library entries appear on no public page, for anyone: not in
    lists, search results, member states' pages, the indicator panel, nor at their own URL."""
    from assessments.practices.models import EntryStatus, PracticeEntry, PracticeIndicator

    settings.REGIONAL_DEMO_DATA = True  # Alphaland is fictional: public on a demo site only
    entries = []
    for title, status, reason in (
        (UNPUBLISHED_TITLES[0], EntryStatus.PROPOSED, ""),
        (UNPUBLISHED_TITLES[1], EntryStatus.REJECTED, "No public source."),
    ):
        entry = PracticeEntry.objects.create(
            member_state=s.state,
            kind="legislation",
            title=title,
            year=2020,
            summary=f"{title} summary",
            pillar="prosecution",
            category="POL",
            status=status,
            rejection_reason=reason,
            proposed_by=s.focal,
        )
        PracticeIndicator.objects.create(entry=entry, indicator_code="POL.T.1")
        entries.append(entry)
    if who == "rso":
        sign_in(client, s.rso)
    elif who != "anonymous":
        client.force_login(getattr(s, who))
    for url in public_urls(s, entries):
        for query in ({}, {"q": "ALPHA"}, {"q": "entry summary", "country": s.state.code}):
            page = client.get(url, query)
            if url.startswith("/practices/entries/"):
                assert page.status_code == 404, (url, who)
            body = page.content.decode(errors="replace")
            for title in UNPUBLISHED_TITLES:
                assert title not in body, (url, query, who)
