"""The lock files pin, with hashes, what pyproject.toml asks for (`make lock` writes them).

.ci/requirements.lock is what an app server installs; .ci/requirements-dev.lock adds the
development tools and is what `make install` installs. A dependency added to pyproject.toml
without `make lock` fails here, instead of on the next fresh machine.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
RUNTIME_LOCK = ROOT / ".ci" / "requirements.lock"
DEV_LOCK = ROOT / ".ci" / "requirements-dev.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
FIX = "run `make lock` and commit the lock files"


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def requirements(*, dev: bool) -> list[Requirement]:
    data = project()
    names = data["optional-dependencies"]["dev"] if dev else data["dependencies"]
    return [Requirement(name) for name in names]


def pins(lock: Path) -> dict[str, tuple[str, int]]:
    """Package name -> (pinned version, number of hashes), from a pip-compile lock file."""
    found: dict[str, tuple[str, int]] = {}
    current = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            found[current] = (match[2], 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = found[current]
            found[current] = (version, hashes + 1)
        elif not line.startswith(" "):
            current = None
    return found


@pytest.mark.parametrize(("lock", "dev"), [(RUNTIME_LOCK, False), (DEV_LOCK, True)])
def test_every_dependency_is_pinned_within_its_range(lock, dev):
    pinned = pins(lock)
    wanted = requirements(dev=False) + (requirements(dev=True) if dev else [])
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is not in {lock.name}: {FIX}"
        version = pinned[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock.name} pins {requirement.name}=={version}, outside {requirement}: {FIX}"
        )


def test_the_runtime_lock_holds_no_development_tool():
    runtime = pins(RUNTIME_LOCK)
    for requirement in requirements(dev=True):
        assert canonicalize_name(requirement.name) not in runtime, requirement.name


def test_every_pin_has_a_hash_and_both_locks_agree_on_versions():
    runtime, dev = pins(RUNTIME_LOCK), pins(DEV_LOCK)
    for name, (_, hashes) in (runtime | dev).items():
        assert hashes, f"{name} has no hash: {FIX}"
    for name, (version, _) in runtime.items():
        assert dev.get(name, (None,))[0] == version, f"the lock files disagree on {name}: {FIX}"


def test_every_dependency_has_an_upper_bound():
    """A new major release (WeasyPrint publishes several a year) is taken on purpose only."""
    for requirement in requirements(dev=False) + requirements(dev=True):
        operators = {spec.operator for spec in requirement.specifier}
        assert operators & {"<", "<=", "==", "~="}, f"{requirement} has no upper bound"
