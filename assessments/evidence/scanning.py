"""The virus scan every evidence upload goes through, before it is stored.

settings.EVIDENCE_SCANNER says which scanner:

- "auto" (the default): ClamAV when it is installed, `clamdscan --fdpass` (the daemon, fast)
  or else `clamscan`; without either the file is stored as "not scanned". ClamAV is optional
  because its signatures must be updated from the internet (freshclam), which not every
  government network allows; docs/evidence.md says how to enable it.
- "off": never scan; files are stored as "not scanned".
- any other value: a command that is given the file's path as its last argument and answers
  like clamscan: exit status 0 clean, 1 infected, anything else (or no answer in time) means
  the file could not be checked, and the upload is refused rather than stored unchecked.
"""

from __future__ import annotations

import logging
import shlex
import shutil
import subprocess
import tempfile
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from assessments.evidence.models import EvidenceFile

logger = logging.getLogger(__name__)

INFECTED = gettext_noop(
    "The virus scanner found something harmful in this file. It was not attached."
)
NOT_CHECKED = gettext_noop(
    "This file could not be checked for viruses, so it was not attached. Try again later; if it "
    "happens again, tell your administrator."
)
TIMEOUT_SECONDS = 120
CLEAN, FOUND = 0, 1


def scanner_command() -> list[str] | None:
    """The command to run (without the file), or None when files are not scanned."""
    setting = settings.EVIDENCE_SCANNER.strip()
    if setting == "off":
        return None
    if setting != "auto":
        return shlex.split(setting)
    if shutil.which("clamdscan"):
        return ["clamdscan", "--fdpass", "--no-summary"]
    if shutil.which("clamscan"):
        return ["clamscan", "--no-summary"]
    return None


def scan(file: IO[bytes]) -> str:
    """Scan the upload: return its EvidenceFile.Scan value, or refuse it with ValidationError."""
    command = scanner_command()
    if command is None:
        return EvidenceFile.Scan.NOT_SCANNED
    # Scanners read a path; an upload may be in memory, so it is copied to a private file.
    with tempfile.NamedTemporaryFile(prefix="evidence-scan-") as copy:
        file.seek(0)
        shutil.copyfileobj(file, copy)
        copy.flush()
        file.seek(0)
        try:
            result = subprocess.run(
                [*command, copy.name], capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            logger.error("evidence scanner %s failed: %s", command[0], error)
            raise ValidationError(_(NOT_CHECKED)) from error
    if result.returncode == CLEAN:
        return EvidenceFile.Scan.CLEAN
    if result.returncode == FOUND:
        logger.warning("evidence scanner refused an upload: %s", result.stdout[-500:])
        raise ValidationError(_(INFECTED))
    logger.error(
        "evidence scanner %s exited %s: %s", command[0], result.returncode, result.stderr[-500:]
    )
    raise ValidationError(_(NOT_CHECKED))
