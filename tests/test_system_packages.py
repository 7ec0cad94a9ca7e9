"""The Debian package list (.ci/debian-packages.txt) and its checker (.ci/system-packages).

The checker is run with a list of its own and with fake `id` and `apt-get` commands first in
PATH, so that nothing is installed and root can be played. The last test catches the next
missing package: every shared library of the test process, after it rendered a PDF report, must
come from a package of group run or from one that such a package depends on. (Test packages
are not counted: Chromium pulled in HarfBuzz-Subset and hid that the list lacked it.)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / ".ci" / "debian-packages.txt"
SCRIPT = ROOT / ".ci" / "system-packages"
MISSING = "rsr-no-such-package"

needs_dpkg = pytest.mark.skipif(
    shutil.which("dpkg-query") is None,
    reason="not a Debian-like system: no dpkg-query to ask which packages are installed",
)


def listed(*groups: str) -> list[str]:
    """The package names of the given groups of the list (all groups when none is given)."""
    names = []
    for line in LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, group = line.split()[:2]
            if not groups or group in groups:
                names.append(name)
    return names


def run_checker(tmp_path: Path, lines: str, *groups: str, uid: int) -> tuple[int, str, list[str]]:
    """Run the checker on a list of its own, as the given user id; apt-get only records."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    calls = tmp_path / "apt-calls"
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$*" >> {calls}\n')
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    package_list = tmp_path / "packages.txt"
    package_list.write_text(lines)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "SYSTEM_PACKAGES_LIST": str(package_list),
    }
    result = subprocess.run(
        ["bash", str(SCRIPT), *groups], env=env, capture_output=True, text=True, check=False
    )
    apt_calls = calls.read_text().splitlines() if calls.exists() else []
    return result.returncode, result.stdout + result.stderr, apt_calls


def test_every_line_of_the_list_names_a_package_a_known_group_and_a_use():
    for line in LIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, group, *use = line.split()
            assert re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", name), line
            assert group in {"run", "test", "e2e", "ci"}, line
            assert use, f"say what uses {name}"


def test_the_list_holds_what_weasyprint_and_the_report_need_at_run_time():
    assert {"libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core"} <= (
        set(listed("run"))
    )
    assert "chromium" in listed("e2e")


@needs_dpkg
def test_nothing_is_installed_or_printed_when_every_package_is_there(tmp_path):
    code, output, apt = run_checker(tmp_path, "dpkg run  the package manager\n", uid=0)
    assert (code, output, apt) == (0, "", [])


@needs_dpkg
def test_without_root_it_stops_with_the_one_command_to_run(tmp_path):
    lines = f"dpkg run  x\n{MISSING} run  y\n"
    code, output, apt = run_checker(tmp_path, lines, "run", uid=1000)
    assert code == 1
    assert (
        f"sudo apt-get update && sudo apt-get install -y --no-install-recommends {MISSING}\n"
        in output
    )
    assert apt == []


@needs_dpkg
def test_as_root_it_updates_once_then_installs_only_what_is_missing(tmp_path):
    lines = f"{MISSING} run  x\ndpkg run  y\n{MISSING}-2 test  z\n"
    code, output, apt = run_checker(tmp_path, lines, "run", "test", uid=0)
    assert apt == [
        "update -qq",
        f"install -y -qq --no-install-recommends {MISSING} {MISSING}-2",
    ]
    # The fake apt-get installed nothing, so the checker says so and fails.
    assert code == 1
    assert f"still missing after apt-get install: {MISSING} {MISSING}-2" in output


@needs_dpkg
def test_only_the_groups_asked_for_are_checked(tmp_path):
    lines = f"dpkg run  x\n{MISSING} e2e  y\n"
    assert run_checker(tmp_path, lines, "run", uid=1000)[0] == 0
    assert run_checker(tmp_path, lines, "e2e", uid=1000)[0] == 1
    assert run_checker(tmp_path, lines, uid=1000)[0] == 1  # no group: all of them


def test_an_unknown_group_is_refused(tmp_path):
    code, output, _ = run_checker(tmp_path, "dpkg run  x\n", "tests", uid=1000)
    assert code == 2
    assert "unknown group 'tests'" in output


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    ("goal", "groups"), [("run", "run"), ("test", "run test"), ("e2e", "run e2e")]
)
def test_make_checks_the_packages_of_its_goal_before_anything_else(goal, groups):
    dry_run = subprocess.run(
        ["make", "--dry-run", "--no-print-directory", goal],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("MAKE")},
    )
    first = dry_run.stdout.splitlines()[0]
    assert first == f"bash .ci/system-packages {groups}"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_test_fails_and_says_so_when_pytest_runs_no_test():
    result = subprocess.run(
        ["make", "--no-print-directory", "test", "PYTEST_ARGS=tests/test_health.py -k no_such"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("MAKE")},
    )
    assert result.returncode != 0
    assert "FAILED: pytest ran no test (exit status 5)." in result.stderr


def test_ci_installs_every_package_before_its_first_test():
    commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if re.match(r"\s*(make|bash|\.venv/)", line)
    ]
    assert commands[0] == "bash .ci/system-packages"


# --- Every library the PDF report loads comes from the list -------------------------------------


def without_version(name: str) -> str:
    """`libc6 (>= 2.34)` or `python3:any` -> the bare package name."""
    return name.split("(")[0].strip().split(":")[0]


def installed_packages() -> tuple[dict[str, list[list[str]]], dict[str, list[str]]]:
    """Installed packages with their dependencies (alternatives), and who provides what."""
    fields = "${db:Status-Status}\t${Package}\t${Provides}\t${Pre-Depends}, ${Depends}\n"
    output = subprocess.run(
        ["dpkg-query", "-W", "-f", fields], capture_output=True, text=True, check=True
    ).stdout
    depends: dict[str, list[list[str]]] = {}
    providers: dict[str, list[str]] = {}
    for line in output.splitlines():
        status, name, provides, deps = line.split("\t")
        if status != "installed":
            continue
        groups = depends.setdefault(name, [])
        for group in deps.split(","):
            alternatives = [without_version(a) for a in group.split("|") if a.strip()]
            if alternatives:
                groups.append(alternatives)
        for virtual in provides.split(","):
            if virtual.strip():
                providers.setdefault(without_version(virtual), []).append(name)
    return depends, providers


def dependency_closure(roots: Iterable[str]) -> set[str]:
    """The packages given and all they depend on, as installed (Pre-Depends and Depends)."""
    depends, providers = installed_packages()
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for alternatives in depends.get(name, []):
            # The first alternative that is installed, itself or through a package providing it.
            for alternative in alternatives:
                satisfied_by = [alternative] if alternative in depends else []
                satisfied_by = satisfied_by or providers.get(alternative, [])[:1]
                if satisfied_by:
                    todo.extend(satisfied_by)
                    break
    return seen


def loaded_libraries() -> set[str]:
    """The shared libraries mapped into this process."""
    paths = set()
    for line in Path("/proc/self/maps").read_text().splitlines():
        path = line.split(maxsplit=5)[-1] if len(line.split()) == 6 else ""
        if re.search(r"\.so(\.[0-9.]+)?$", path):
            paths.add(path)
    return paths


def owners(paths: Iterable[str]) -> dict[str, str]:
    """Debian package of each library; dpkg knows merged-/usr files under /lib, too."""
    candidates = {}
    for path in paths:
        candidates[path] = path
        if path.startswith("/usr/"):
            candidates[path.removeprefix("/usr")] = path
    output = subprocess.run(
        ["dpkg-query", "-S", *candidates], capture_output=True, text=True, check=False
    ).stdout
    found = {}
    for line in output.splitlines():
        packages, _, file = line.partition(": ")
        if file in candidates and not packages.startswith("diversion"):
            found[candidates[file]] = without_version(packages.split(",")[0])
    return found


def render_a_report() -> None:
    from assessments.reports.report import render_pdf
    from roadmap.models import Edition
    from tests.factories import AssessmentFactory, complete_edition

    edition = complete_edition(code="pub", status=Edition.Status.PUBLISHED)
    assert render_pdf(AssessmentFactory(edition=edition), annex=True).startswith(b"%PDF")


@needs_dpkg
@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="no /proc/self/maps")
@pytest.mark.django_db
def test_every_library_a_pdf_report_loads_comes_from_a_listed_package():
    render_a_report()
    libraries = loaded_libraries()
    assert any("libpango-1.0" in path for path in libraries), "WeasyPrint did not load Pango?"
    python_files = (sys.prefix, sys.base_prefix)  # .venv wheels; a Python built outside dpkg
    packages = owners(libraries)
    allowed = dependency_closure(listed("run"))
    unlisted = sorted(
        f"{package} (for {path})" for path, package in packages.items() if package not in allowed
    )
    assert not unlisted, (
        "Add these to group run of .ci/debian-packages.txt: nothing listed pulls them in: "
        + ", ".join(unlisted)
    )
    stray = sorted(
        path for path in libraries - packages.keys() if not path.startswith(python_files)
    )
    assert not stray, f"libraries from neither a Debian package nor Python: {stray}"
