"""Member states, accounts, assessments and answers."""

# Registered with the app here: the legal-status profile lives in its own sub-package.
# Registered with the app here: the action plan, the practices library, the shares and the
# background documents live in their own sub-packages (imported last: they build on the above).
from assessments.evidence.models import EvidenceFile
from assessments.jobs.models import DocumentJob
from assessments.legal_status.models import LegalStatus
from assessments.models.accounts import (
    MEMBER_STATE_ROLES,
    Invitation,
    MemberState,
    Role,
    Subregion,
    User,
)
from assessments.models.assessments import (
    EMPTY_VALUES,
    TEXT_MAX_LENGTH,
    Answer,
    Assessment,
    AssessmentEvent,
    CategoryTarget,
    fingerprint,
)
from assessments.models.enrolment import EnrolmentLink
from assessments.plans.models import Action, ActionIndicator, Agency
from assessments.practices.models import (
    EntryKind,
    EntryStatus,
    PracticeEntry,
    PracticeIndicator,
)
from assessments.questionnaires.models import WorkbookImport
from assessments.sharing.models import Share, ShareLevel, ShareLogEntry

__all__ = [
    "EMPTY_VALUES",
    "MEMBER_STATE_ROLES",
    "TEXT_MAX_LENGTH",
    "Action",
    "ActionIndicator",
    "Agency",
    "Answer",
    "Assessment",
    "AssessmentEvent",
    "CategoryTarget",
    "DocumentJob",
    "EnrolmentLink",
    "EntryKind",
    "EntryStatus",
    "EvidenceFile",
    "Invitation",
    "LegalStatus",
    "MemberState",
    "PracticeEntry",
    "PracticeIndicator",
    "Role",
    "Share",
    "ShareLevel",
    "ShareLogEntry",
    "Subregion",
    "User",
    "WorkbookImport",
    "fingerprint",
]
