"""The SVG timeline: quarters, bars, today's line, overdue marks; without a database."""

from __future__ import annotations

import re
from datetime import date

from assessments.plans.timeline import Bar, quarters, timeline_svg

TODAY = date(2026, 5, 20)


def bar(label="Action", start=None, due=None, status="planned", overdue=False) -> Bar:
    return Bar(label, start, due, status, overdue)


def test_quarters_cover_the_first_to_the_last_date():
    assert quarters(date(2025, 12, 31), date(2026, 4, 1)) == [
        date(2025, 10, 1),
        date(2026, 1, 1),
        date(2026, 4, 1),
    ]


def test_the_grid_is_labelled_by_quarter_and_includes_today():
    svg = timeline_svg([bar(start=date(2027, 1, 10), due=date(2027, 2, 1))], TODAY)
    labels = re.findall(r'class="timeline-quarter"[^>]*>([^<]+)<', svg)
    assert labels == ["Q2 2026", "Q3 2026", "Q4 2026", "Q1 2027"]
    assert 'class="timeline-today"' in svg


def test_a_bar_runs_from_start_to_due_and_overdue_ones_are_marked_in_words():
    svg = timeline_svg(
        [
            bar("On time", date(2026, 4, 1), date(2026, 9, 30)),
            bar("Late", date(2026, 1, 1), date(2026, 3, 31), "in_progress", overdue=True),
        ],
        TODAY,
    )
    rects = re.findall(r'<rect class="([^"]+)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    assert [r[0] for r in rects] == [
        "timeline-bar status-planned",
        "timeline-bar status-in_progress overdue",
    ]
    # Q1 and Q2 2026 share the chart equally; "On time" fills Q2 and Q3 2026: half of it.
    (_c1, x1, w1), (_c2, x2, w2) = rects
    assert float(x2) < float(x1)
    assert float(w1) > float(w2)
    assert svg.count(">overdue</text>") == 1
    assert "1 overdue" in svg  # the description says it too


def test_undated_actions_are_left_to_the_table_and_one_date_is_a_tick():
    svg = timeline_svg([bar("No dates"), bar("Due only", due=date(2026, 8, 1))], TODAY)
    assert "No dates" not in svg
    assert svg.count("<rect") == 1
    assert timeline_svg([bar("No dates")], TODAY) == ""


def test_labels_are_escaped_and_long_ones_cut_with_the_whole_text_in_a_title():
    label = "<script>alert(1)</script> and a very long objective that goes on"
    svg = timeline_svg([bar(label, date(2026, 1, 1), date(2026, 6, 1))], TODAY)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert re.search(r'class="timeline-label"[^>]*>[^<]+…<', svg)
    assert "and a very long objective that goes on</title>" in svg
