"""System checks say in plain words when this machine cannot make the PDF report."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from roadmap import checks
from tests.test_system_packages import listed


def ids(problems) -> list[str]:
    return [problem.id for problem in problems]


def test_the_report_fonts_are_the_first_family_of_each_declaration_in_its_stylesheet():
    assert checks.report_font_families() == [
        "DejaVu Serif",
        "DejaVu Sans",
        "DejaVu Sans Mono",
        "Noto Naskh Arabic",  # first in an Arabic document
        "Noto Sans Arabic",
    ]
    css = "h1 { font-family: 'Noto Sans Thai', sans-serif } p { font-family:Gentium , serif; }"
    assert checks.report_font_families(css) == ["Noto Sans Thai", "Gentium"]


def test_nothing_is_reported_on_a_machine_with_the_listed_packages():
    assert checks.check_pdf_report() == []
    call_command("check", tags=[checks.TAG])


def test_a_library_weasyprint_cannot_load_is_an_error_with_the_command_that_installs_it(
    monkeypatch,
):
    def missing_pango():
        raise OSError("cannot load library 'libpango-1.0-0': No such file or directory")

    monkeypatch.setattr(checks, "load_weasyprint", missing_pango)
    [problem] = checks.check_pdf_report()
    assert problem.id == "roadmap.E001"
    assert problem.msg.startswith("PDF reports cannot be made")
    assert "cannot load library 'libpango-1.0-0'" in problem.msg
    assert "sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0" in problem.hint
    with pytest.raises(SystemCheckError, match="PDF reports cannot be made"):
        call_command("check")


def test_a_missing_harfbuzz_subset_library_is_a_warning(monkeypatch):
    real = checks.load_weasyprint()
    without_subset = SimpleNamespace(ffi=real.ffi, fontconfig=real.fontconfig, harfbuzz_subset=None)
    monkeypatch.setattr(checks, "load_weasyprint", lambda: without_subset)
    [problem] = checks.check_pdf_report()
    assert problem.id == "roadmap.W002"
    assert "HarfBuzz subset library is missing" in problem.msg
    assert "sudo apt-get install -y libharfbuzz-subset0" in problem.hint


def test_missing_report_fonts_are_named_in_a_warning(monkeypatch):
    scripts = {family.casefold() for family in checks.SCRIPT_FONTS}
    monkeypatch.setattr(checks, "installed_font_families", lambda _: {"liberation serif", *scripts})
    [problem] = checks.check_pdf_report()
    assert problem.id == "roadmap.W003"
    assert "not installed: DejaVu Serif, DejaVu Sans, DejaVu Sans Mono" in problem.msg
    assert "sudo apt-get install -y fonts-dejavu-core" in problem.hint


def test_missing_thai_and_arabic_fonts_are_named_in_a_warning(monkeypatch):
    real = checks.installed_font_families(checks.load_weasyprint())
    without = real - {"noto sans thai", "noto naskh arabic"}
    monkeypatch.setattr(checks, "installed_font_families", lambda _: without)
    [problem] = checks.check_pdf_report()
    assert problem.id == "roadmap.W004"
    assert "Noto Sans Thai, Noto Naskh Arabic" in problem.msg
    assert "sudo apt-get install -y fonts-noto-core" in problem.hint


def test_the_report_stylesheet_names_the_thai_and_arabic_fonts():
    css = (checks.Path(checks.finders.find(checks.REPORT_CSS))).read_text(encoding="utf-8")
    for family in checks.SCRIPT_FONTS:
        assert f'"{family}"' in css


def test_the_installed_fonts_are_read_through_weasyprints_fontconfig():
    families = checks.installed_font_families(checks.load_weasyprint())
    assert "dejavu serif" in families
    assert "no such family" not in families


def test_every_package_a_hint_names_is_in_the_run_group_of_the_package_list():
    packages = [checks.LIBRARY_PACKAGES, checks.FONT_PACKAGES, checks.SCRIPT_FONT_PACKAGES]
    named = " ".join(packages).split()
    assert set(named) <= set(listed("run"))


# --- The queue (a deployment check) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("broker", "eager", "expected"),
    [
        ("redis://queue.internal:6379/0", False, []),
        ("filesystem://", False, ["roadmap.W010"]),
        ("memory://", False, ["roadmap.W011"]),
        ("redis://queue.internal:6379/0", True, ["roadmap.W012"]),
    ],
)
def test_production_queues_documents_on_a_shared_broker_for_a_worker(
    settings, broker, eager, expected
):
    settings.DEBUG = False
    settings.CELERY_BROKER_URL = broker
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    problems = checks.check_queue()
    assert ids(problems) == expected
    assert all("REDIS_URL" in p.hint or "DOCUMENTS_EAGER" in p.hint for p in problems)


def test_development_may_queue_in_a_folder(settings):
    settings.DEBUG = True
    settings.CELERY_BROKER_URL = "filesystem://"
    assert checks.check_queue() == []
