"""Evidence files: a contributor attaches a PDF, a viewer downloads it, another state cannot."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from assessments.evidence.models import EvidenceFile
from assessments.evidence.services import evidence_attach
from assessments.models import Role
from roadmap.models import Indicator
from tests.e2e.a11y import check_page
from tests.e2e.helpers import sign_in, sign_out
from tests.factories import MemberFactory, MemberStateFactory

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_a_contributor_attaches_a_pdf_a_viewer_downloads_it_another_state_cannot(
    page, new_page, assessment, contributor, viewer
):
    sign_in(page, contributor.email)
    page.goto(f"/assessments/{assessment.pk}/sections/POL.1/")
    card = page.locator('article[id="POL.1.1"]')
    card.get_by_role("link", name="Attach or manage files (0)").click()
    expect(page.get_by_text("One file at a time, up to 20 MB.")).to_be_visible()
    page.get_by_label("File").set_input_files(
        {"name": "Victim identification SOP.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("main").get_by_role("button", name="Attach").click()
    expect(page.get_by_text("“Victim identification SOP.pdf” was attached")).to_be_visible()
    assert check_page(page, "evidence-files") == []
    sign_out(page)

    sign_in(page, viewer.email)
    page.goto(f"/assessments/{assessment.pk}/sections/POL.1/")
    link = card.get_by_role("link", name="Victim identification SOP.pdf")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Victim identification SOP.pdf"
    assert download.value.path().read_bytes() == PDF
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["x-content-type-options"] == "nosniff"

    outsider_state = MemberStateFactory(code="XBB", name="Betaland")
    outsider = MemberFactory(Role.FOCAL_POINT, outsider_state, email="focal@beta.example")
    outsider.set_password("correct-horse-battery")
    outsider.save()
    other = new_page()
    sign_in(other, outsider.email)
    evidence = EvidenceFile.objects.get()
    assert other.goto(f"/evidence/{evidence.public_id}/").status == 404


def test_the_focal_point_purges_a_file_after_confirming_and_the_history_says_why(
    page, assessment, focal, contributor
):
    evidence_attach(
        assessment=assessment,
        indicator=Indicator.objects.get(code="POL.1.1"),
        upload=SimpleUploadedFile("Statement of a victim.pdf", PDF),
        by=contributor,
    )
    sign_in(page, focal.email)
    page.goto(f"/assessments/{assessment.pk}/indicators/POL.1.1/files/")
    page.get_by_role("link", name="Purge Statement of a victim.pdf").click()
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    assert check_page(page, "evidence-purge") == []
    page.get_by_label("Why must this file be purged?").fill("It names a victim.")
    page.locator("main").get_by_role("button", name="Purge for good").click()
    expect(page.get_by_text("deleted for good")).to_be_visible()
    expect(page.get_by_text("No file is attached to this answer.")).to_be_visible()
    page.get_by_role("link", name="History of the answer, with removed files").click()
    expect(page.get_by_text("It names a victim.")).to_be_visible()
    expect(page.get_by_text("Statement of a victim")).to_have_count(0)
