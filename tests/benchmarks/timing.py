"""Time things and print the figures: shared by every part of `make bench` (no Django here)."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable


def measure(fn: Callable[[], object], rounds: int) -> list[float]:
    """Return the times of fn in milliseconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Run fn once; return its time in milliseconds and its value."""
    start = time.perf_counter()
    value = fn()
    return (time.perf_counter() - start) * 1000, value


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share 0.95 for the 95th)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def report(name: str, times: list[float], note: str = "") -> None:
    """Print one figure: median and 95th percentile of its times."""
    print(
        f"  {name:<50} median {statistics.median(times):8.1f} ms   "
        f"p95 {percentile(times, 0.95):8.1f} ms   n={len(times):<3} {note}",
        flush=True,
    )


def heading(text: str) -> None:
    print(f"\n{text}", flush=True)
