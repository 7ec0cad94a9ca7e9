"""The plan in the PDF report and the Excel export, and the plan page's own export.

A submitted assessment's report and workbook show the plan as it stood at submission; the
plan page's export shows it now. Projected scores read the same on the results page, in the
PDF and in Excel (one function: assessments.plans.projected.projected_result).
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.jobs import services
from assessments.jobs.models import DocumentJob
from assessments.models import Assessment
from assessments.plans import export
from assessments.plans.models import Action, ActionIndicator
from assessments.plans.projected import projected_result
from assessments.plans.report_part import printable_timeline
from assessments.plans.snapshot import plan_day
from assessments.reports import documents, exports, report
from tests.assessments.jobs.helpers import fetch_document, job_of
from tests.conftest import sign_in
from tests.factories import ActionFactory, AgencyFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def planned(answered):
    """Four actions: done, in progress and overdue, planned with a budget, proposed undated."""
    state = answered.member_state
    mole = AgencyFactory(member_state=state, name="Ministry of Labour", short_name="MoLE")
    police = AgencyFactory(member_state=state, name="National Police")
    sops = ActionFactory(
        member_state=state,
        found_in=answered,
        objective="Adopt written victim-identification SOPs",
        activities="Draft\nConsult\nAdopt",
        lead_agency=mole,
        start_date=TODAY - timedelta(days=30),
        due_date=TODAY + timedelta(days=300),
        budget_amount=Decimal("25000"),
        budget_currency="USD",
        success_indicator="SOPs in use in every province",
        aims={"POL.T.1": 3, "POL.T.2": 3},
    )
    sops.partners.set([police])
    ActionFactory(
        member_state=state,
        objective="Train front-line officers",
        lead_agency=police,
        status=Action.Status.IN_PROGRESS,
        start_date=TODAY - timedelta(days=200),
        due_date=TODAY - timedelta(days=10),
        budget_note="Within the police budget",
        aims={"POL.A.1": 2},
    )
    ActionFactory(
        member_state=state,
        objective="Publish the annual report",
        lead_agency=police,
        status=Action.Status.DONE,
        start_date=TODAY - timedelta(days=400),
        due_date=TODAY - timedelta(days=250),
        aims={"PLAN.A.1": 4},
    )
    ActionFactory(
        member_state=state,
        objective="A proposal without dates",
        status=Action.Status.PROPOSED,
        aims={"POL.T.1": 4},
    )
    return answered


def pdf_text(content: bytes) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)


def sheet_rows(content: bytes, name: str) -> list[dict[str, object]]:
    values = list(load_workbook(io.BytesIO(content))[name].iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def submit(assessment: Assessment) -> Assessment:
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save()
    return Assessment.objects.get(pk=assessment.pk)


def change_the_plan_after_submission(assessment: Assessment) -> None:
    """Rename the SOP action, mark it done and raise its aim; add an action."""
    action = Action.objects.get(objective__startswith="Adopt written")
    action.objective = "Adopted: victim-identification SOPs in force"
    action.status = Action.Status.DONE
    action.save()
    aim = ActionIndicator.objects.get(action=action, indicator_code="POL.T.1")
    aim.aimed_level = 4
    aim.save()
    ActionFactory(member_state=assessment.member_state, objective="Added after submission")


# --- The report's action-plan part -------------------------------------------------------------


def test_the_report_pdf_has_the_plan_table_the_timeline_and_projected_scores(planned):
    text = pdf_text(report.render_pdf(planned, annex=False))
    projected = projected_result(planned)
    assert f"If the action plan succeeds: {projected.shown_overall} /" in text
    plan = text[text.rindex("\nAction plan\n") :]  # the part, not its line in the contents
    for expected in [
        "Adopt written victim-",  # the objective, wrapped in its column
        "identification SOPs",
        "MoLE",  # the lead agency by its short name
        "Partners: National Police",
        "1 Initial → 3",
        "2 Developing → 3",
        "0 Not in place → 2",
        "25,000 USD",
        "police budget",  # the budget note
        "OVERDUE",  # the table's mark
        "In progress",
        "Proposed",
        "4 actions, by due date.",
        f"Q{(TODAY.month - 1) // 3 + 1} {TODAY.year}",  # the timeline's quarters
        "Train front-line officers overdue",  # its bar and overdue mark
        "Today",
    ]:
        assert expected in plan, expected
    assert "A proposal without dates" in plan  # in the table, though not on the timeline


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_no_plan_part_and_no_projected_column_without_actions(answered, status):
    if status == "submitted":
        submit(answered)
    html = report.report_html(answered)
    assert "Action plan" not in html
    assert "If the plan succeeds" not in html


def test_the_pdf_timeline_carries_its_colours_and_the_preview_links_them(planned):
    pdf_html = report.report_html(planned)
    svg = pdf_html[pdf_html.index('<svg class="plan-timeline"') :]
    svg = svg[: svg.index("</svg>")]
    # WeasyPrint styles an inline SVG from inside it only: the colours travel with it.
    assert "<style>" in svg
    assert ".timeline-bar.overdue" in svg
    assert 'class="timeline-bar status-in_progress overdue"' in svg
    preview = report.report_html(planned, preview=True)
    assert "<style>" not in preview  # the site's CSP refuses inline styles
    assert "css/plan-timeline.css" in preview


def test_an_empty_timeline_stays_empty_when_printed():
    assert printable_timeline("") == ""


def test_a_submitted_report_shows_the_plan_as_it_stood_at_submission(planned):
    submitted = submit(planned)
    before = projected_result(submitted)
    change_the_plan_after_submission(submitted)

    text = pdf_text(report.render_pdf(Assessment.objects.get(pk=submitted.pk), annex=False))
    plan = text[text.rindex("\nAction plan\n") :]
    assert "as it stood when this assessment was" in plan
    assert "Adopt written victim-" in plan
    assert "1 Initial → 3" in plan
    assert "1 Initial → 4" not in plan.split("A proposal")[0]
    assert "Adopted:" not in text
    assert "Added after submission" not in text
    assert "Submitted" in plan  # the timeline's line is the day of submission, not today
    assert "Today" not in plan
    assert f"If the action plan succeeds: {before.shown_overall} /" in text

    current = pdf_text(export.export_pdf(submitted.member_state))
    assert "Adopted: victim-" in current  # wrapped in its column
    assert "Added after submission" in current
    assert "Adopt written victim-" not in current


def test_a_submitted_assessments_workbook_shows_the_plan_at_submission(planned):
    submitted = submit(planned)
    change_the_plan_after_submission(submitted)
    then = sheet_rows(exports.workbook_bytes(submitted), "Actions")
    now = sheet_rows(export.export_xlsx(submitted.member_state), "Actions")
    assert "Adopt written victim-identification SOPs" in [r["Objective"] for r in then]
    assert "Added after submission" not in [r["Objective"] for r in then]
    assert "Adopted: victim-identification SOPs in force" in [r["Objective"] for r in now]
    assert "Added after submission" in [r["Objective"] for r in now]


# --- The fingerprint ---------------------------------------------------------------------------


def set_status(action):
    action.status = Action.Status.DROPPED
    action.save()


def raise_aim(action):
    aim = action.aims.first()
    aim.aimed_level = 4
    aim.save()


def add_partner(action):
    action.partners.add(AgencyFactory(member_state=action.member_state))


def rename_agency(action):
    action.lead_agency.short_name = "Labour"
    action.lead_agency.save()


def delete_action(action):
    action.delete()


@pytest.mark.parametrize(
    "change", [set_status, raise_aim, add_partner, rename_agency, delete_action]
)
def test_the_report_fingerprint_changes_with_the_plan_rows_shown(planned, change):
    before = report.report_fingerprint(planned)
    change(Action.objects.get(objective__startswith="Adopt written"))
    assert report.report_fingerprint(Assessment.objects.get(pk=planned.pk)) != before


def test_a_submitted_reports_fingerprint_ignores_plan_changes_after_submission(planned):
    submitted = submit(planned)
    before = report.report_fingerprint(submitted)
    document = documents.report_document_fingerprint(submitted)
    change_the_plan_after_submission(submitted)
    again = Assessment.objects.get(pk=submitted.pk)
    assert report.report_fingerprint(again) == before
    assert documents.report_document_fingerprint(again) == document


def test_a_drafts_fingerprint_changes_with_the_day_overdue_actions_are_judged_by(
    planned, monkeypatch
):
    before = report.report_fingerprint(planned)
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY + timedelta(days=1))
    assert report.report_fingerprint(planned) != before


# --- Excel -------------------------------------------------------------------------------------


def test_the_actions_sheet_lists_every_action_with_its_details(planned):
    content = exports.workbook_bytes(planned)
    rows = {r["Objective"]: r for r in sheet_rows(content, "Actions")}
    assert list(rows) == [
        "Publish the annual report",
        "Train front-line officers",
        "Adopt written victim-identification SOPs",
        "A proposal without dates",
    ]
    sops = rows["Adopt written victim-identification SOPs"]
    assert sops["Indicators: answer → aimed level"] == (
        "POL.T.1: 1 Initial → 3 Established\nPOL.T.2: 2 Developing → 3 Established"
    )
    assert sops["Lead agency"] == "MoLE"
    assert sops["Partner agencies"] == "National Police"
    assert sops["Start"] == datetime.combine(TODAY - timedelta(days=30), datetime.min.time())
    assert sops["Budget amount"] == 25000
    assert sops["Currency"] == "USD"
    assert sops["Status"] == "Planned"
    assert sops["Activities"] == "Draft\nConsult\nAdopt"
    assert rows["Train front-line officers"]["Overdue"] == "yes"
    assert rows["Train front-line officers"]["Budget note"] == "Within the police budget"
    assert rows["A proposal without dates"]["Due"] is None
    sheet = load_workbook(io.BytesIO(content))["Actions"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M5"
    assert sheet["A1"].font.bold


def test_action_text_that_looks_like_a_formula_stays_text_without_control_characters(answered):
    ActionFactory(
        member_state=answered.member_state,
        objective='=HYPERLINK("http://x","y")',
        activities="Step\x07 one",
    )
    sheet = load_workbook(io.BytesIO(exports.workbook_bytes(answered)))["Actions"]
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == '=HYPERLINK("http://x","y")'
    assert sheet["A2"].quotePrefix
    assert sheet["L2"].value == "Step one"


def test_the_scores_sheet_has_projected_scores_beside_the_current_ones(planned):
    projected = projected_result(planned)
    scores = sheet_rows(exports.workbook_bytes(planned), "Scores")
    overall = scores[0]
    assert overall["Projected score"] == projected.shown_overall
    assert overall["Projected band"] == projected.band.label
    policy = next(r for r in scores if r["Kind"] == "Category" and r["Code"] == "POL")
    assert policy["Projected score"] == projected.categories["POL"].shown
    assert policy["Projected score"] > policy["Score"]


def test_without_a_plan_the_projected_cells_stay_empty(answered):
    scores = sheet_rows(exports.workbook_bytes(answered), "Scores")
    assert {r["Projected score"] for r in scores} == {None}
    assert sheet_rows(exports.workbook_bytes(answered), "Actions") == []


# --- One number, one definition -------------------------------------------------------------


def test_projected_scores_agree_on_the_results_page_the_pdf_and_excel(client, planned, focal):
    """The documents as downloaded: asked for, made by a worker, served."""
    client.force_login(focal)
    page = client.get(reverse("assessment-results", args=[planned.pk])).content.decode()
    on_page = re.search(r"data-projected-overall>(\d+)<", page).group(1)
    _, pdf = fetch_document(client, reverse("assessment-report", args=[planned.pk]))
    text = pdf_text(pdf)
    in_pdf = re.search(r"If the action plan succeeds: (\d+) /", text).group(1)
    _, workbook = fetch_document(client, reverse("assessment-export", args=[planned.pk]))
    scores = sheet_rows(workbook, "Scores")
    in_excel = str(scores[0]["Projected score"])
    assert on_page == in_pdf == in_excel == str(projected_result(planned).shown_overall)
    plan = text[text.rindex("\nAction plan\n") :]
    for row in (r for r in scores if r["Kind"] == "Category" and r["Projected score"]):
        name = re.escape(str(row["Name"]))
        assert re.search(rf"\n{name} \d+ {row['Projected score']}\b", plan), row["Name"]


# --- The plan page's own export -----------------------------------------------------------------


@pytest.fixture
def renders(monkeypatch):
    """Count real renders; a cheap stand-in for WeasyPrint."""
    calls: list[str] = []

    def fake(html: str) -> bytes:
        calls.append(html)
        return b"%PDF-fake " + str(len(calls)).encode()

    monkeypatch.setattr(report, "html_to_pdf", fake)
    return calls


def test_the_plans_pdf_is_tagged_and_titled(planned):
    reader = pypdf.PdfReader(io.BytesIO(export.export_pdf(planned.member_state)))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert reader.metadata.title == f"Alphaland · Action plan, {TODAY.isoformat()}"
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "National action plan" in text
    assert f"Page 1 of {len(reader.pages)}" in text  # the first page keeps its footer


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("plan-export-pdf", "application/pdf"),
        (
            "plan-export-xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_a_viewer_downloads_the_current_plan_under_a_safe_name(
    client, planned, viewer, renders, name, kind
):
    client.force_login(viewer)
    response, _ = fetch_document(client, reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"] == kind
    extension = name.rsplit("-", 1)[1]
    assert (
        f'filename="alphaland-action-plan-{TODAY.isoformat()}.{extension}"'
        in (response["Content-Disposition"])
    )
    assert "no-store" in response["Cache-Control"]


def test_the_plan_html_shows_the_current_plan_with_the_latest_assessments_levels(planned):
    html = export.export_html(planned.member_state)
    assert "Adopt written victim-identification SOPs" in html
    assert "1 Initial" in html
    assert "3 Established" in html
    assert "“National self-assessment (2026)”" in html  # the latest assessment, projected


def test_a_plan_without_an_assessment_exports_its_actions_without_levels(state, renders):
    ActionFactory(member_state=state, objective="Before any assessment", aims={"POL.T.1": 3})
    html = export.export_html(state)
    assert "Before any assessment" in html
    assert "If the plan succeeds" not in html
    rows = sheet_rows(export.export_xlsx(state), "Actions")
    assert rows[0]["Indicators: answer → aimed level"] == "POL.T.1: — → 3"


def test_another_member_state_downloads_only_its_own_plan(client, planned, other_focal):
    client.force_login(other_focal)
    rows = sheet_rows(fetch_document(client, reverse("plan-export-xlsx"))[1], "Actions")
    assert rows == []
    text = pdf_text(fetch_document(client, reverse("plan-export-pdf"))[1])
    assert "Betaland" in text
    assert "Adopt written" not in text
    assert "Alphaland" not in text


@pytest.mark.parametrize("name", ["plan-export-pdf", "plan-export-xlsx"])
def test_users_without_a_member_state_are_refused(client, planned, rso, name, renders):
    sign_in(client, rso)
    assert client.get(reverse(name)).status_code == 403
    assert renders == []


@pytest.mark.parametrize("name", ["plan-export-pdf", "plan-export-xlsx"])
def test_the_exports_answer_get_only(client, planned, focal, name):
    client.force_login(focal)
    assert client.post(reverse(name)).status_code == 405


def test_an_unchanged_plan_is_one_document_and_a_change_asks_for_a_new_one(
    client, planned, viewer, renders
):
    client.force_login(viewer)
    first = job_of(client.get(reverse("plan-export-pdf")))
    assert job_of(client.get(reverse("plan-export-pdf"))) == first
    set_status(Action.objects.get(objective__startswith="Adopt written"))
    assert job_of(client.get(reverse("plan-export-pdf"))) != first
    assert renders == []  # asked for twice, rendered on no request


def test_another_member_state_cannot_open_our_plans_document(
    client, planned, viewer, other_focal, renders
):
    client.force_login(viewer)
    job = job_of(client.get(reverse("plan-export-pdf")))
    assert job.subject == f"plan:{planned.member_state_id}"
    assert job.assessment is None
    client.force_login(other_focal)
    for name in ("document-progress", "document-download"):
        assert client.get(reverse(name, args=[job.public_id])).status_code == 404
    assert job_of(client.get(reverse("plan-export-pdf"))) != job  # their own plan's
    assert DocumentJob.objects.count() == 2


def test_the_plans_progress_page_leads_back_to_the_plan(client, planned, viewer, renders):
    client.force_login(viewer)
    progress = client.get(reverse("plan-export-xlsx"), follow=True).content.decode()
    assert "Action plan (Excel)" in progress
    assert f'href="{reverse("plan")}">Back to the action plan</a>' in progress


def test_the_plan_page_links_to_its_exports(client, planned, viewer):
    client.force_login(viewer)
    page = client.get(reverse("plan")).content.decode()
    assert reverse("plan-export-pdf") in page
    assert reverse("plan-export-xlsx") in page


def test_the_file_name_is_safe_ascii(state):
    state.name = 'Alpha/"land" <x>'
    assert export.download_name(state, date(2026, 12, 1), "pdf") == (
        "alphaland-x-action-plan-2026-12-01.pdf"
    )
    assert plan_day(None) == TODAY


def test_the_plan_comes_in_the_language_asked_for(client, planned, viewer, renders):
    """The plan's downloads share the report's: ?language= picks the job's language."""
    client.force_login(viewer)
    job = job_of(client.get(reverse("plan-export-pdf") + "?language=ar"))
    assert job.language == "ar"
    services.run_job(job.pk, worker="test-worker")
    assert '<html lang="ar" dir="rtl">' in renders[-1]
    page = client.get(reverse("plan")).content.decode()
    assert f'href="{reverse("plan-export-xlsx")}?language=th" hreflang="th"' in page
