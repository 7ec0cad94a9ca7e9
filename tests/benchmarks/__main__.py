"""`make bench`: every benchmark figure, then issue 16's goals next to their floors.

1. In-process figures (tests/benchmarks/inprocess.py), in a process of their own with DEBUG off
   and the production settings (tests/benchmarks/environment.py), on a throw-away test database:
   the figures kept from before (fixtures, scoring, plan, regional view), the floors and the
   pages, interleaved (pages.py), and the reports (report_bench.py).
2. The load test of the production profile (load.py): gunicorn, PostgreSQL, Redis, a worker.
3. The goals' table (goals.py): each figure with its floor, the ratio, the goal and "met" or
   "missed by ...", all measured in this run; then how long the whole run took.

docs/performance.md says how to read it. Exits non-zero when a part fails or the load test
counted errors; a missed goal is a figure, not a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks import load
from tests.benchmarks.environment import in_process_environment
from tests.benchmarks.goals import goal_rows, table

ROOT = Path(__file__).resolve().parents[2]


def in_process(figures_file: Path, documents: str) -> int:
    env = {**os.environ, **in_process_environment(documents)}
    command = [sys.executable, "-W", "ignore:No directory at:UserWarning"]
    command += ["-m", "tests.benchmarks.inprocess", "--figures", str(figures_file)]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        figures_file = Path(folder) / "figures.json"
        status = in_process(figures_file, str(Path(folder) / "documents"))
        figures = json.loads(figures_file.read_text()) if figures_file.exists() else {}
    figures["load"], load_status = load.run(
        users=load.USERS, seconds=load.SECONDS, max_requests=load.MAX_REQUESTS
    )
    print("\nIssue 16's goals (every figure and floor measured in this run)")
    print(table(goal_rows(figures)))
    minutes, seconds = divmod(round(time.monotonic() - started), 60)
    print(f"\nmake bench took {minutes} min {seconds:02d} s")
    return status or load_status


if __name__ == "__main__":
    sys.exit(main())
