"""Scoring benchmarks: the pure function at 100 and 10,000 indicators, and the results page."""

from __future__ import annotations

import random
import time

from assessments.scoring import AnswerInput, IndicatorInput, score

CATEGORIES = ["PLAN", "PRIN", "POL", "PRAC"]
PILLARS = ["prevention", "protection", "prosecution", "partnership"]


def synthetic(n: int, seed: int = 1) -> tuple[list[IndicatorInput], dict[str, AnswerInput]]:
    """n indicators over 4 categories and n/5 sections, about 10% N/A and 10% unanswered."""
    rnd = random.Random(seed)
    indicators, answers = [], {}
    for i in range(n):
        category = CATEGORIES[i % 4]
        max_level = 1 if i % 7 == 0 else 4
        code = f"{category}.S{i // 5}.{i}"
        indicators.append(
            IndicatorInput(
                code,
                f"{category}.S{i // 5}",
                category,
                PILLARS[i % 4],
                rnd.randint(1, 3),
                i % 40 == 0,
                max_level,
            )
        )
        roll = rnd.random()
        if roll < 0.1:
            answers[code] = AnswerInput(not_applicable=True)
        elif roll < 0.9:
            answers[code] = AnswerInput(level=rnd.randint(0, max_level))
    return indicators, answers


def timed(fn, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def bench_scoring(report) -> None:
    for n, rounds in ((100, 200), (10_000, 10)):
        indicators, answers = synthetic(n)
        report(
            f"score {n} indicators (pure function)",
            timed(lambda i=indicators, a=answers: score(i, a), rounds),
        )


def bench_results_page(report, client, assessment) -> None:
    from django.urls import reverse

    url = reverse("assessment-results", args=[assessment.pk])
    client.get(url)
    report("results page GET (full framework)", timed(lambda: client.get(url), 20))
