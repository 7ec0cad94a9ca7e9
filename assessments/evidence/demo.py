"""Demoland's evidence file: one small PDF on one answer of the 2026 draft, so that a new user
sees the feature (`make run`). Added once: a draft that has had any file is left as it is."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from assessments.evidence.models import EvidenceFile
from assessments.evidence.services import evidence_attach
from assessments.models import Assessment, User

DEMO_FILE_NAME = "Demoland National Action Plan 2024-2028 (fictional).pdf"
DEMO_TEXT = "Demoland National Action Plan 2024-2028 (fictional demo document)"


def demo_pdf(text: str = DEMO_TEXT) -> bytes:
    """A one-page PDF showing `text` (ASCII), with a correct cross-reference table."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


def ensure_demo_evidence(draft: Assessment | None, contributor: User) -> str:
    """Attach the demo PDF to the draft's first planning answer, unless it ever had a file."""
    if draft is None or not draft.is_draft:
        return "no demo evidence file: no draft"
    if EvidenceFile.objects.filter(assessment=draft).exists():
        return "the draft's evidence files left as they are"
    indicators = list(draft.applicable_indicators().filter(code__startswith="PLAN"))
    indicator = min(indicators, key=lambda i: i.code, default=None)
    if indicator is None:
        return "no demo evidence file: no planning indicator"
    upload = ContentFile(demo_pdf(), name=DEMO_FILE_NAME)
    try:
        evidence_attach(assessment=draft, indicator=indicator, upload=upload, by=contributor)
    except ValidationError as error:  # a scanner that could not run, say: the demo goes on
        return f"no demo evidence file: {' '.join(error.messages)}"
    return f"an evidence file on {indicator.code} of the draft"
