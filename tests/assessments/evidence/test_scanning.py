"""Every upload is scanned when a scanner is set up; a file it cannot check is refused."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from assessments.evidence.models import EvidenceFile
from assessments.evidence.scanning import INFECTED, NOT_CHECKED, scan, scanner_command
from tests.assessments.evidence import samples

# Answers like clamscan: 0 clean, 1 when the file holds the EICAR test string, 2 for "broken".
FAKE_SCANNER = f"""#!{sys.executable}
import sys
content = open(sys.argv[-1], "rb").read()
if b"BROKEN" in content:
    sys.exit(2)
sys.exit(1 if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in content else 0)
"""


@pytest.fixture
def fake_scanner(settings, tmp_path: Path) -> Path:
    script = tmp_path / "fake-clamscan"
    script.write_text(FAKE_SCANNER)
    script.chmod(0o755)
    settings.EVIDENCE_SCANNER = f"{script} --no-summary"
    return script


def test_a_clean_file_is_recorded_as_scanned(fake_scanner):
    assert scan(io.BytesIO(samples.pdf())) == EvidenceFile.Scan.CLEAN


def test_a_file_the_scanner_finds_harmful_is_refused(fake_scanner):
    with pytest.raises(ValidationError) as refused:
        scan(io.BytesIO(samples.pdf() + samples.EICAR))
    assert refused.value.messages == [INFECTED]


def test_a_file_the_scanner_could_not_check_is_refused(fake_scanner):
    with pytest.raises(ValidationError) as refused:
        scan(io.BytesIO(samples.pdf() + b"BROKEN"))
    assert refused.value.messages == [NOT_CHECKED]
    assert "could not be checked" in NOT_CHECKED


def test_a_scanner_that_is_missing_refuses_the_upload_rather_than_store_it_unchecked(settings):
    settings.EVIDENCE_SCANNER = "/nonexistent/clamscan"
    with pytest.raises(ValidationError) as refused:
        scan(io.BytesIO(samples.pdf()))
    assert refused.value.messages == [NOT_CHECKED]


def test_without_clamav_installed_auto_records_not_scanned(settings, monkeypatch, tmp_path):
    settings.EVIDENCE_SCANNER = "auto"
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing installed here
    assert scanner_command() is None
    assert scan(io.BytesIO(samples.pdf())) == EvidenceFile.Scan.NOT_SCANNED


def test_auto_prefers_the_clamav_daemon_when_both_are_installed(settings, monkeypatch, tmp_path):
    for name in ("clamscan", "clamdscan"):
        (tmp_path / name).write_text("#!/bin/sh\nexit 0\n")
        (tmp_path / name).chmod(0o755)
    settings.EVIDENCE_SCANNER = "auto"
    monkeypatch.setenv("PATH", str(tmp_path))
    assert scanner_command() == ["clamdscan", "--fdpass", "--no-summary"]
    (tmp_path / "clamdscan").unlink()
    assert scanner_command() == ["clamscan", "--no-summary"]


def test_off_never_scans(settings):
    settings.EVIDENCE_SCANNER = "off"
    assert scan(io.BytesIO(samples.EICAR)) == EvidenceFile.Scan.NOT_SCANNED
