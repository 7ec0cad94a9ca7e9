"""The kinds of document the workers render: a registry filled by the features that own them.

Each feature says how its document is rendered and named (assessments/reports/documents.py,
assessments/regional/documents.py ...); the queue, the progress page and the download know
nothing of reports or briefs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assessments.jobs.models import DocumentJob
    from assessments.models import User

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class DocumentKind:
    name: str  # stored in DocumentJob.kind: never rename one that is in use
    label: Callable[[DocumentJob], str]  # what the progress page calls it
    extension: str
    content_type: str
    render: Callable[[DocumentJob], bytes]  # runs in a worker, in the job's language
    filename: Callable[[DocumentJob], str]  # the download's file name
    # Optional. Who may open a job of this kind (raises Http404 or PermissionDenied), in place
    # of the subject's rule in `views.job_for`: e.g. RSO staff through a share, who are not
    # members of the assessment's member state.
    access: Callable[[User, DocumentJob], None] | None = None
    # Optional. Runs each time the file is served to someone (e.g. the sharing log).
    served: Callable[[DocumentJob, User], None] | None = None
    # Optional. Where the progress page leads back to: (URL, link text).
    back: Callable[[DocumentJob], tuple[str, str]] | None = None


KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    KINDS[kind.name] = kind
    return kind


def kind_of(job: DocumentJob) -> DocumentKind:
    return KINDS[job.kind]
