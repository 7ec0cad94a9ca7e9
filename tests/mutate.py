"""Mutation testing of one module with mutmut: `make mutate MODULE=assessments/progress.py`.

mutmut reads its settings from pyproject.toml ([tool.mutmut]) only; this runner adds the two
that change from one module to the next: which module to mutate, and which tests to run
against it (by default the module's own test file, tests/<app>/test_<module>.py). Every run
starts from an empty mutants/ folder so the figures never mix two runs. Not part of CI: a run
takes minutes. See docs/testing.md.

    python -m tests.mutate assessments/progress.py [tests/assessments/test_x.py ...]
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

MUTANTS = Path("mutants")
USAGE = "usage: make mutate MODULE=assessments/progress.py [TESTS='tests/... tests/...']"


def default_tests(module: Path) -> list[str]:
    """The module's own test file, as the suite mirrors the code."""
    return [str(Path("tests") / module.parent / f"test_{module.name}")]


def summary(module: Path) -> tuple[Counter, list[str]]:
    """Count the mutants of the module by status; list the ones that survived."""
    from mutmut.__main__ import status_by_exit_code

    meta = json.loads((MUTANTS / f"{module}.meta").read_text())
    statuses = {name: status_by_exit_code[code] for name, code in meta["exit_code_by_key"].items()}
    survivors = sorted(name for name, status in statuses.items() if status != "killed")
    return Counter(statuses.values()), survivors


def main(argv: list[str]) -> int:
    if not argv or not argv[0].endswith(".py"):
        print(USAGE)
        return 2
    module = Path(argv[0])
    tests = argv[1:] or default_tests(module)
    for path in [str(module), *tests]:
        if not Path(path.split("::")[0]).exists():
            print(f"{path} does not exist. {USAGE}")
            return 2

    from mutmut import configuration
    from mutmut.__main__ import cli

    config = configuration.config()
    config.only_mutate = [str(module)]
    config.pytest_add_cli_args_test_selection = list(tests)
    shutil.rmtree(MUTANTS, ignore_errors=True)
    children = os.environ.get("MUTATE_JOBS") or str(min(2, os.cpu_count() or 1))
    print(f"Mutating {module}; tests: {' '.join(tests)}")
    try:
        cli(["run", "--max-children", children], standalone_mode=False)
    except SystemExit as stop:
        if stop.code:
            return int(stop.code)

    counts, survivors = summary(module)
    total = sum(counts.values())
    killed = counts["killed"]
    print()
    print(f"{module}: {killed} of {total} mutants killed ({100 * killed / total:.0f}%)")
    print("  " + ", ".join(f"{status} {n}" for status, n in counts.most_common()))
    for name in survivors:
        print(f"  not killed: {name}   (see it: .venv/bin/mutmut show {name})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
