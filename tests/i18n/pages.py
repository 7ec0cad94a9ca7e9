"""Every page of the site, as the people who see it: the data, the walk and the texts read.

`World` is tests/test_url_access.py's scenario with more in it, so that each page shows what
it can show: a draft and a submitted assessment, the submitted one shared with the RSO with
three neighbours', an action plan, the practices library's entries in each state, document jobs
in each state, pending invitations. `page_visits`, `form_visits`, `action_visits` and
`admin_visits` list the requests: each URL of the site at least once, as the role that sees
the most of it, with forms sent wrong (their errors) and right (the message on the next page);
`document_requests` the downloads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.enrolment import enrolment_link_create
from assessments.evidence.services import evidence_attach, evidence_purge
from assessments.jobs.services import RENDER_FAILED
from assessments.models import (
    Action,
    ActionIndicator,
    DocumentJob,
    EntryStatus,
    PracticeEntry,
    PracticeIndicator,
    Role,
    ShareLevel,
    User,
)
from roadmap.models import Category, Pillar, Scale, ScaleLevel
from tests.assessments.regional.conftest import shared_assessment
from tests.factories import MemberFactory, MemberStateFactory, UserFactory
from tests.test_url_access import EVIDENCE_PDF, PROTECTED, PUBLIC, Scenario

# Shown as they are in every language: the product's name and its abbreviation in the logo,
# the languages' names (each in its own language, as the language menu shows them).
NOT_TRANSLATED = {settings.SITE_NAME, "RSR", *(name for _code, name in settings.LANGUAGES)}


class World(Scenario):
    def __init__(self) -> None:
        super().__init__()
        edition = self.assessment.edition
        # Framework texts that differ from the interface's words: a category named "Policy"
        # would hide an interface "Policy" left untranslated; "Policy (framework text)" not.
        for item in [*Category.objects.all(), *Scale.objects.all(), *ScaleLevel.objects.all()]:
            for name in ("name", "label"):
                if hasattr(item, name):
                    setattr(item, name, f"{getattr(item, name)} (framework text)")
            item.save()
        self.admin = UserFactory(email="root@admin.example", is_staff=True, is_superuser=True)
        # A member with an authenticator app who has not entered its code yet.
        self.secure = MemberFactory(Role.VIEWER, self.state, email="secure@alpha.example")
        TOTPDevice.objects.create(user=self.secure, name="Alphaland phone", confirmed=True)
        # Added to the team, has not set a password yet: can be sent the link again.
        self.newcomer = MemberFactory(Role.VIEWER, self.state, email="new@alpha.example")
        self.newcomer.set_unusable_password()
        self.newcomer.save()
        # Alphaland's 2025 assessment, submitted and shared with answers; three neighbours share
        # theirs, so that the regional view has enough member states for its figures.
        self.submitted = shared_assessment(
            self.state,
            edition,
            level=2,
            share=ShareLevel.ANSWERS,
            evidence=True,
            by=self.focal,
        )
        for code, name, level in (
            ("XCC", "Gammaland", 1),
            ("XDD", "Deltaland", 3),
            ("XEE", "Epsilonland", 4),
        ):
            state = MemberStateFactory(code=code, name=name, subregion="south_east_asia")
            shared_assessment(state, edition, level=level, share=ShareLevel.SCORES)
        planned = Action.objects.create(
            member_state=self.state,
            found_in=self.submitted,
            objective="Alphaland planned objective",
            lead_agency=self.agency,
            status=Action.Status.PLANNED,
            start_date=timezone.localdate(),
        )
        ActionIndicator.objects.create(action=planned, indicator_code="POL.A.1", aimed_level=4)
        self.published = PracticeEntry.objects.create(
            member_state=self.state,
            kind="legislation",
            title="Alphaland Published Act",
            year=2019,
            summary="Alphaland published summary.",
            pillar="prosecution",
            category="POL",
            status=EntryStatus.PUBLISHED,
        )
        PracticeIndicator.objects.create(entry=self.published, indicator_code="POL.T.1")
        PracticeEntry.objects.create(
            member_state=self.state,
            kind="plan",
            title="Alphaland Rejected Plan",
            year=2018,
            summary="Alphaland rejected summary.",
            pillar="protection",
            category="PLAN",
            status=EntryStatus.REJECTED,
            rejection_reason="Alphaland rejection reason.",
            proposed_by=self.focal,
        )
        # A file purged from the answer's history (shown there without its name).
        purged = evidence_attach(
            assessment=self.assessment,
            indicator=self.answer.indicator,
            upload=SimpleUploadedFile("Purged.pdf", EVIDENCE_PDF + b"%purged\n"),
            by=self.contributor,
        )
        evidence_purge(evidence=purged, by=self.focal, reason="Alphaland purge reason.")
        self.jobs = {
            status: DocumentJob.objects.create(
                kind="workbook",
                subject=f"assessment:{self.assessment.pk}",
                assessment=self.assessment,
                language="en",
                fingerprint=f"world-{status}",
                status=status,
                filename="Alphaland.xlsx",
                # Stored in English, translated when shown (assessments.jobs.views).
                error=RENDER_FAILED if status == "failed" else "",
            )
            for status in ("running", "failed")
        }


@dataclass
class Visit:
    who: str  # "anonymous", or a World attribute holding a user
    url: str
    data: dict | None = None  # POST data; None: GET
    follow: bool = True  # redirects are followed: the page they lead to has the message
    status: int | None = 200  # the final page's, for a GET; None: any but an error 5xx
    names: set[str] = field(default_factory=set)  # the URL names this visit covers


def data_texts(extra=()) -> set[str]:
    """Every text stored in the database (names, answers, framework text in each language,
    codes, emails...) and `extra`: the data a page shows, never interface text."""
    texts = set(NOT_TRANSLATED) | {str(value) for value in extra}
    texts |= {user.get_short_name() for user in User.objects.all()}  # "Welcome, Dara."
    texts |= set(Pillar.values)  # codes, as the workbooks' code columns show them
    skipped = {"sessions.Session"}
    for model in apps.get_models():
        if model._meta.label in skipped:
            continue
        columns = [
            column.attname
            for column in model._meta.concrete_fields
            if isinstance(column, (models.CharField, models.TextField))
        ]
        if columns:
            for row in model._base_manager.values_list(*columns):
                texts.update(value for value in row if value)
    return texts


# Downloads: a GET redirects to the document's progress page (followed); the documents
# themselves are read by test_documents_*. POST only: sent below with their data.
DOWNLOADS = {
    "assessment-report",
    "assessment-export",
    "plan-export-pdf",
    "plan-export-xlsx",
    "regional-brief",
    "regional-export",
    "regional-assessment-export",
    "document-download",
    "questionnaire-download",
    "evidence-download",
}
POST_ONLY = {
    "team-member-role",
    "team-member-remove",
    "team-member-invite",
    "team-invitation-again",
    "team-invitation-withdraw",
    "document-retry",
    "questionnaire-cancel",
    "evidence-remove",
}
RSO_PAGES = {
    "regional",
    "regional-assessment",
    "regional-brief",
    "regional-export",
    "regional-assessment-export",
    "practices-review",
    "practices-entry-new",
    "practices-entry-edit",
}
# Pages with a form, as (URL name, who sends it); the URL's arguments as for a GET.
FORMS = {
    "login": "anonymous",
    "password_reset": "anonymous",
    "assessment-new": "focal",
    "assessment-section": "focal",
    "assessment-challenges": "focal",
    "assessment-targets": "focal",
    "assessment-submit": "focal",
    "assessment-reopen": "focal",
    "assessment-legal-status": "focal",
    "assessment-sharing": "focal",
    "assessment-action-new": "focal",
    "plan-agencies": "focal",
    "plan-agency": "focal",
    "plan-action-edit": "focal",
    "team-add": "focal",
    "password_change": "focal",
    "two-factor-setup": "focal",
    "two-factor-verify": "secure",
    "practices-propose": "focal",
    "practices-mine-edit": "focal",
    "practices-entry-new": "rso",
    "practices-entry-edit": "rso",
    "invitation": "anonymous",
    "questionnaire": "focal",
    "evidence-files": "contributor",
    "evidence-purge": "focal",  # last: it purges the scenario's file
}


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def arguments(w: World) -> dict[str, list]:
    """Each URL name's arguments: the scenario's, with the submitted assessment where a page
    needs one (reopen, the RSO's view of a shared assessment, the sharing page)."""
    args = {name: build(w) for name, build in PROTECTED.items()}
    args |= {
        "assessment-reopen": [w.submitted.pk],
        "assessment-sharing": [w.submitted.pk],
        "regional-assessment": [w.submitted.pk],
        "regional-assessment-export": [w.submitted.pk],
        "practices-country": [w.state.code],
        "practices-entry": [w.published.pk],
        "framework-section": ["POL.T"],
        "framework-indicator": ["POL.T.1"],
        "framework-category": ["policy"],
        "invitation": ["scenario-invitation-secret"],
        "password_reset_confirm": ["MQ", "not-a-token"],
    }
    return args


def page_visits(w: World) -> list[Visit]:
    """Every page by GET: public ones as a visitor, the others as the role that sees the most
    of them, and again as a viewer (read-only wording, refusals)."""
    args = arguments(w)
    visits = [
        Visit("anonymous", url(name, *args.get(name, [])), names={name})
        for name in sorted(PUBLIC - {"health", "logout", "set-language"})
    ]
    for name in sorted(set(PROTECTED) - POST_ONLY - {"two-factor-enrol", "two-factor-verify"}):
        who = "rso" if name in RSO_PAGES else "focal"
        visits.append(Visit(who, url(name, *args[name]), names={name}))
        if who == "focal" and name not in DOWNLOADS:
            visits.append(Visit("viewer", url(name, *args[name]), status=None))
    visits += [
        Visit("focal", url("assessment-overview", w.submitted.pk)),
        Visit("focal", url("assessment-results", w.submitted.pk)),
        Visit("focal", url("assessment-report-preview", w.submitted.pk)),
        Visit("focal", url("assessment-action-new", w.submitted.pk) + "?gaps=POL.T.1&gaps=POL.A.1"),
        Visit("contributor", url("plan")),
        Visit("contributor", url("plan-action-edit", w.action.pk)),
        Visit("secure", url("two-factor-verify"), names={"two-factor-verify"}),
        Visit("focal", url("two-factor-enrol", "a-token-nobody-was-given"), status=404),
        Visit("focal", enrolment_link_create(user=w.focal), names={"two-factor-enrol"}),
        Visit("rso", url("two-factor-status")),
        Visit("rso", url("regional") + "?subregion=pacific"),  # too few states for figures
        Visit("rso", url("practices-review") + "?status=rejected"),
        Visit("anonymous", url("practices") + "?q=nothing-matches-this"),
        Visit("anonymous", url("framework-search") + "?q=procedures"),
        Visit("anonymous", "/no-such-page/", status=404),
        Visit("anonymous", password_reset_link(w.focal)),  # the form to choose a password
        *(Visit("focal", url("document-progress", job.public_id)) for job in w.jobs.values()),
    ]
    return visits


def password_reset_link(user: User) -> str:
    """The link of a password-reset email (it redirects to the form, the token kept aside)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return url("password_reset_confirm", uid, default_token_generator.make_token(user))


def form_visits(w: World) -> list[Visit]:
    """Each form sent empty (its errors), then as tests/test_url_access.py sends it (saved:
    the next page's message; or refused: its reasons)."""
    args = arguments(w)
    visits = []
    for name, who in FORMS.items():
        target = url(name, *args.get(name, []))
        visits.append(Visit(who, target, data={}, names={name}))
    for name, who in FORMS.items():
        target = url(name, *args.get(name, []))
        visits.append(Visit(who, target, data=w.post_data(name)))
    return visits


def action_visits(w: World) -> list[Visit]:
    """The POST-only actions, as the focal point: the message on the page they lead to."""
    member = w.contributor.pk
    return [
        Visit(
            "focal", url("team-member-role", member), {"role": "viewer"}, names={"team-member-role"}
        ),
        Visit("focal", url("team-member-invite", member), {}, names={"team-member-invite"}),
        Visit("focal", url("team-member-invite", w.newcomer.pk), {}),
        Visit(
            "focal",
            url("team-invitation-again", w.invitation.pk),
            {},
            names={"team-invitation-again"},
        ),
        Visit(
            "focal",
            url("team-invitation-withdraw", w.invitation.pk),
            {},
            names={"team-invitation-withdraw"},
        ),
        Visit("focal", url("team-member-remove", member), {}, names={"team-member-remove"}),
        Visit(
            "focal", url("document-retry", w.jobs["failed"].public_id), {}, names={"document-retry"}
        ),
        Visit(
            "focal", url("set-language"), {"language": "xx", "next": "/"}, names={"set-language"}
        ),
        Visit(
            "focal",
            url("questionnaire-cancel", w.assessment.pk, w.workbook_import.public_id),
            {},
            names={"questionnaire-cancel"},
        ),
        Visit(
            "contributor",
            url("evidence-remove", w.evidence.public_id),
            {},
            names={"evidence-remove"},
        ),
        Visit("focal", url("logout"), {}, names={"logout"}),
        Visit("anonymous", url("password_reset"), {"email": w.focal.email}),
    ]


OUR_PACKAGES = ("roadmap.", "assessments.")
# On the admin's pages, Django's own English: the search field's icon (alt="Search") and the
# icons of yes/no values (alt="True") are not marked in Django's templates; permissions are
# named in English by Django, and third-party models (django-otp's, django-axes') have the
# names their packages give them; django-simple-history names its history models "historical
# <name>", untranslated; a password is shown as its hash, masked.
ADMIN_ENGLISH = re.compile(
    r"^(?:Search|True|False|None)$|\| Can (?:add|change|delete|view) |\bhistorical\b|\*{10}"
)


def third_party_model_names() -> set[str]:
    """The names of the models of other packages than ours (the admin's home lists them)."""
    names = set()
    for model in apps.get_models():
        if not model.__module__.startswith(OUR_PACKAGES):
            for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
                names |= {str(name), capfirst(str(name))}
    return names


def admin_visits(w: World) -> list[Visit]:
    """The admin site as an administrator: each model's list, its form to add one and the
    first one's form and history; the framework editions' own pages. Django's own texts come
    with Django's translations; ours (names of models and fields, help texts, actions) must
    be marked."""
    from django.contrib import admin

    from roadmap.models import Edition

    draft = Edition.objects.create(code="next", name="Alphaland draft edition")
    visits = [Visit("admin", reverse("admin:index"))]
    for model in admin.site._registry:
        if not model.__module__.startswith(OUR_PACKAGES):
            continue  # django-otp's, django-axes', auth's groups: their own texts
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        visits.append(Visit("admin", reverse(f"{info}_changelist")))
        visits.append(Visit("admin", reverse(f"{info}_add"), status=None))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            visits.append(Visit("admin", reverse(f"{info}_change", args=[first.pk]), status=None))
            visits.append(Visit("admin", reverse(f"{info}_history", args=[first.pk]), status=None))
    visits += [
        Visit("admin", reverse("admin:roadmap_edition_publish", args=[draft.pk]), status=None),
        Visit("admin", reverse("admin:roadmap_edition_clone", args=[w.assessment.edition.pk])),
        Visit(
            "admin",
            reverse("admin:assessments_user_changelist"),
            {"action": "send_enrolment_link", "_selected_action": [w.rso.pk]},
        ),
    ]
    return visits


def document_requests(w: World) -> list[tuple[str, str]]:
    """The downloads, as (who, URL): the PDFs are read as the HTML they are made from."""
    return [
        ("focal", url("assessment-report", w.assessment.pk)),
        ("focal", url("assessment-report", w.submitted.pk) + "?variant=full"),
        ("focal", url("assessment-export", w.submitted.pk)),
        ("focal", url("questionnaire-download", w.assessment.pk) + "?scope=all"),
        ("focal", url("plan-export-pdf")),
        ("focal", url("plan-export-xlsx")),
        ("rso", url("regional-brief")),
        ("rso", url("regional-export")),
        ("rso", url("regional-assessment-export", w.submitted.pk)),
    ]


def workbook_texts(content: bytes) -> list[str]:
    """The names of the visible sheets and every text cell a reader sees of an Excel workbook."""
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(content))
    texts = []
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue  # the questionnaire's drop-down lists and stamp: no one reads them
        texts.append(sheet.title)
        hidden = {k for k, d in sheet.column_dimensions.items() if d.hidden}  # row stamps
        for row in sheet.iter_rows():
            texts += [
                " ".join(cell.value.split())
                for cell in row
                if isinstance(cell.value, str) and cell.column_letter not in hidden
            ]
    return [text for text in texts if text]
